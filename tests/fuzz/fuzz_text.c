/* fuzz_text.c — bytes of a file through the decoder, the passage splitter
 * and the segmenter: must never crash, hang or read out of bounds. */
#include "decode.h"
#include "passage.h"
#include "segment.h"

#include <stddef.h>
#include <stdint.h>

static int on_term(const char *t, size_t n, void *ctx)
{
    (void)t;
    (void)n;
    ++*(size_t *)ctx;
    return 0;
}

static int on_passage(const mz_passage_t *p, void *ctx)
{
    size_t n = 0;
    mz_seg_terms(p->text, p->end - p->start, on_term, &n);
    *(size_t *)ctx += n;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mz_decoded_t d;
    char why[256];
    size_t n = 0;
    mz_seg_terms((const char *)data, size, on_term, &n);
    if (mz_decode_bytes((const char *)data, size, &d, why, sizeof why) == 0) {
        mz_str_t title;
        mz_split(d.text, d.len, size & 1, &title, on_passage, &n);
        mz_decoded_free(&d);
    }
    return 0;
}
