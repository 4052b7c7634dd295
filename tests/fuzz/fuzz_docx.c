/* fuzz_docx.c — .docx bytes through libarchive and libxml2 and on into the
 * splitter. */
#include "extract.h"
#include "passage.h"

#include <stddef.h>
#include <stdint.h>

static int on_passage(const mz_passage_t *p, void *ctx)
{
    (void)p;
    ++*(size_t *)ctx;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mz_decoded_t d;
    char why[256];
    size_t n = 0;
    if (mz_extract_docx((const char *)data, size, &d, why, sizeof why) == 0) {
        mz_str_t title;
        mz_split(d.text, d.len, 1, &title, on_passage, &n);
        mz_decoded_free(&d);
    }
    return 0;
}
