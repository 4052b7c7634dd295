/* schema.c — what is counted by the schema's terms (schema.h). */
#include "schema.h"
#include "mzx.h"

#include <string.h>

unsigned mz_passages(mzx_db_t *db)
{
    static const mzx_layout_t layout = MZ_READ_LAYOUT;
    unsigned all = 0, stones = 0, shared = 0, buried = 0;
    if (mzx_db_doccount(db, &all) != MZX_OK || all == 0 ||
        mzx_db_termfreq(db, MZ_TOMBSTONE_TERM, strlen(MZ_TOMBSTONE_TERM),
                        &stones) != MZX_OK ||
        mzx_db_termfreq(db, MZ_SHARED_TERM, strlen(MZ_SHARED_TERM),
                        &shared) != MZX_OK)
        return 0;
    /* the base passages the tombstones bury (their files' own documents
     * are counted with the shared ones), counted by a search that leaves
     * nothing out */
    mzx_query_t *q[2] = {
        mzx_db_excluded(db, &layout),
        mzx_query_term(MZ_SHARED_TERM, strlen(MZ_SHARED_TERM)),
    };
    mzx_query_t *dead = q[0] && q[1] ? mzx_query_combine(MZX_OP_AND_NOT, q, 2)
                                     : NULL;
    mzx_mset_t *m = NULL;
    int ok = dead && mzx_db_search(db, NULL, dead, NULL, 0, 0, all, &m) ==
                         MZX_OK;
    if (ok)
        buried = mzx_mset_estimate(m);
    mzx_mset_destroy(m);
    mzx_query_free(dead);
    mzx_query_free(q[0]);
    mzx_query_free(q[1]);
    if (!ok || stones + shared + buried > all)
        return 0;
    return all - stones - shared - buried;
}
