/* schema.c — what is counted by the schema's terms (schema.h). */
#include "schema.h"
#include "mzx.h"

#include <string.h>

unsigned mz_passages(mzx_db_t *db)
{
    static const mzx_layout_t layout = MZ_READ_LAYOUT;
    unsigned all = 0, n = 0;
    if (mzx_db_doccount(db, &all) != MZX_OK || all == 0)
        return 0;
    /* every document, less the tombstones and the files' own documents;
     * the search leaves out what the tombstones bury */
    mzx_query_t *q[3] = {
        mzx_query_all(),
        mzx_query_term(MZ_TOMBSTONE_TERM, strlen(MZ_TOMBSTONE_TERM)),
        mzx_query_term(MZ_SHARED_TERM, strlen(MZ_SHARED_TERM)),
    };
    mzx_query_t *live = q[0] && q[1] && q[2]
                            ? mzx_query_combine(MZX_OP_AND_NOT, q, 3)
                            : NULL;
    mzx_mset_t *m = NULL;
    if (live && mzx_db_search(db, &layout, live, NULL, 0, 0, all, &m) ==
                    MZX_OK)
        n = mzx_mset_estimate(m);
    mzx_mset_destroy(m);
    mzx_query_free(live);
    for (int i = 0; i < 3; i++)
        mzx_query_free(q[i]);
    return n;
}
