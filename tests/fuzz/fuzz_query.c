/* fuzz_query.c — "query\ntext": the query parser, the exact matcher (and
 * its check of excluded words) and the snippet cutter on any bytes. */
#include "query.h"
#include "snippet.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    const char *nl = memchr(s, '\n', size);
    size_t qlen = nl ? (size_t)(nl - s) : size;
    char *q = malloc(qlen + 1);
    if (!q)
        return 0;
    memcpy(q, s, qlen);
    q[qlen] = '\0';
    mz_qnode_t *tree = NULL;
    if (mz_query_parse(q, &tree) == MZ_PARSE_OK) {
        const char *text = nl ? nl + 1 : "";
        size_t tlen = nl ? size - qlen - 1 : 0;
        mz_hits_t hits = {0};
        (void)mz_query_excluded(tree, text, tlen);
        if (mz_query_eval(tree, text, tlen, &hits)) {
            mz_snippet_t sn;
            if (mz_snippet_make(text, tlen, &hits, &sn) == 0)
                mz_snippet_free(&sn);
        }
        mz_hits_free(&hits);
        mz_qnode_free(tree);
    }
    free(q);
    return 0;
}
