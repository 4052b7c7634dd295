/* fuzz_query.c — "query\ntext": the query parser, the exact matcher (and
 * its check of excluded words), the sense test and the snippet cutter on
 * any bytes; and mz_find against memmem (the query as the word). */
#include "find.h"
#include "query.h"
#include "sense.h"
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
    const char *text = nl ? nl + 1 : "";
    size_t tlen = nl ? size - qlen - 1 : 0;
    if (mz_find(text, tlen, q, qlen) != memmem(text, tlen, q, qlen))
        abort();
    mz_qnode_t *tree = NULL;
    if (mz_query_parse(q, &tree) == MZ_PARSE_OK) {
        mz_hits_t hits = {0};
        mz_hit_t word;
        (void)mz_query_excluded(tree, text, tlen);
        (void)mz_sense_passage(tree, text, tlen, NULL, &word);
        if (mz_query_eval(tree, text, tlen, &hits)) {
            (void)mz_sense_passage(tree, text, tlen, &hits, &word);
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
