/* fuzz_html.c — HTML bytes through libxml2's HTML parser. */
#include "extract.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mz_decoded_t d;
    char why[256];
    if (mz_extract_html((const char *)data, size, &d, why, sizeof why) == 0)
        mz_decoded_free(&d);
    return 0;
}
