/* fuzz_record.c — the stored records (common/record.h) on any bytes: the
 * decoders never read outside the buffer, and what they accept encodes
 * back to a record that decodes to the same fields. */
#include "record.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int same(mz_str_t a, mz_str_t b)
{
    return a.n == b.n && (a.n == 0 || memcmp(a.p, b.p, a.n) == 0);
}

static void round_trip(const mz_record_t *r)
{
    char *buf;
    size_t len;
    mz_record_t back;
    if (mz_record_encode(r, &buf, &len) < 0)
        return;
    if (mz_record_decode(buf, len, &back) < 0 || !same(r->file, back.file) ||
        !same(r->text, back.text) || back.nsection != r->nsection ||
        back.line_start != r->line_start || back.byte_end != r->byte_end ||
        back.year != r->year || back.type != r->type ||
        back.column != r->column ||
        (r->file.n ? back.nth != r->nth
                   : !same(r->path, back.path) || !same(r->title, back.title)))
        abort();
    for (unsigned i = 0; i < r->nsection; i++)
        if (!same(r->section[i], back.section[i]))
            abort();
    free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    mz_record_t r;
    if (mz_record_decode(s, size, &r) == 0) {
        round_trip(&r);
        r.file = (mz_str_t){0};  /* the copy a result holds: path inline */
        round_trip(&r);
    }
    mz_str_t key, path, title;
    if (mz_file_record_decode(s, size, &key, &path, &title) == 0) {
        char *buf;
        size_t len;
        mz_str_t k2, p2, t2;
        if (mz_file_record_encode(key, path, title, &buf, &len) == 0) {
            if (mz_file_record_decode(buf, len, &k2, &p2, &t2) < 0 ||
                !same(key, k2) || !same(path, p2) || !same(title, t2))
                abort();
            free(buf);
        }
    }
    return 0;
}
