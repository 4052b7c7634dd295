/* decode.c — bytes to UTF-8: BOMs, UTF-8, GB18030 (GBK/GB2312 are subsets),
 * UTF-16 with BOM.  Conversion goes through iconv; detection is strict: a
 * file is UTF-8 when every byte sequence is valid UTF-8, else GB18030 when
 * iconv converts all of it without error, else it is skipped. */
#include "decode.h"
#include "segment.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int fail(char *why, size_t n, const char *msg)
{
    snprintf(why, n, "%s", msg);
    return -1;
}

/* Convert with iconv; 0 on a clean and complete conversion. */
static int convert(const char *from, const char *in, size_t inlen,
                   mz_decoded_t *out)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1)
        return -1;
    size_t cap = inlen * 2 + 16;  /* GB18030 2 bytes -> UTF-8 3 bytes */
    char *buf = malloc(cap + 1);
    if (!buf) {
        iconv_close(cd);
        return -1;
    }
    char *ip = (char *)in, *op = buf;
    size_t il = inlen, ol = cap;
    size_t r = iconv(cd, &ip, &il, &op, &ol);
    if (r != (size_t)-1)
        r = iconv(cd, NULL, NULL, &op, &ol);
    iconv_close(cd);
    if (r == (size_t)-1 || il != 0) {
        free(buf);
        return -1;
    }
    out->len = (size_t)(op - buf);
    buf[out->len] = '\0';
    out->text = buf;
    return 0;
}

static int copy_utf8(const char *in, size_t len, mz_decoded_t *out)
{
    out->text = malloc(len + 1);
    if (!out->text)
        return -1;
    if (len)
        memcpy(out->text, in, len);
    out->text[len] = '\0';
    out->len = len;
    return 0;
}

static int is_cjk(uint32_t cp)
{
    return mz_is_han(cp) || (cp >= 0x3000 && cp <= 0x303F) ||
           (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x2010 && cp <= 0x2027);
}

/* Of the non-ASCII characters of UTF-8 text, the share (0..100) that are
 * Chinese characters or punctuation; 100 when there are none. */
static int cjk_share(const char *s, size_t n)
{
    size_t other = 0, cjk = 0;
    for (size_t i = 0, k; i < n; i += k) {
        uint32_t cp;
        k = mz_utf8_decode(s + i, n - i, &cp);
        if (cp < 0x80)
            continue;
        if (is_cjk(cp))
            cjk++;
        else
            other++;
    }
    return cjk + other ? (int)(cjk * 100 / (cjk + other)) : 100;
}

static int has_han(const char *s, size_t n)
{
    for (size_t i = 0, k; i < n; i += k) {
        uint32_t cp;
        k = mz_utf8_decode(s + i, n - i, &cp);
        if (mz_is_han(cp))
            return 1;
    }
    return 0;
}

static int ascii_letter(uint32_t cp)
{
    return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
}

/* Does valid UTF-8 look like text: every non-ASCII character Chinese,
 * punctuation, or an accented Latin letter next to an ASCII letter (café)?
 * GBK bytes read as UTF-8 give lone Cyrillic, Greek or IPA letters. */
static int plausible_utf8(const char *s, size_t n)
{
    uint32_t prev = ' ';
    for (size_t i = 0, k; i < n; i += k) {
        uint32_t cp, next = ' ';
        k = mz_utf8_decode(s + i, n - i, &cp);
        if (i + k < n)
            mz_utf8_decode(s + i + k, n - i - k, &next);
        int ok = cp < 0x80 || is_cjk(cp) || (cp >= 0xA0 && cp <= 0xBF) ||
                 cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x206F) ||
                 (cp >= 0xC0 && cp <= 0x24F &&
                  (ascii_letter(prev) || ascii_letter(next)));
        if (!ok)
            return 0;
        prev = cp;
    }
    return 1;
}

/* Valid UTF-8 that does not look like text may be GBK whose bytes
 * happen to form UTF-8 ("学" is D1 A7 in GBK, "ѧ" in UTF-8): when it
 * converts from GB18030 to text that is nearly all Chinese, it is GBK.
 * On 1 the converted text is in *out. */
static int gb_is_better(const char *buf, size_t len, mz_decoded_t *out)
{
    if (convert("GB18030", buf, len, out) < 0)
        return 0;
    if (cjk_share(out->text, out->len) >= 90)
        return 1;
    mz_decoded_free(out);
    return 0;
}

int mz_decode_bytes(const char *buf, size_t len, mz_decoded_t *out,
                    char *why, size_t whylen)
{
    memset(out, 0, sizeof *out);
    if (len >= 2 && (unsigned char)buf[0] == 0xFF &&
        (unsigned char)buf[1] == 0xFE) {
        out->encoding = "UTF-16LE";
        if (convert("UTF-16LE", buf + 2, len - 2, out) < 0)
            return fail(why, whylen, "invalid UTF-16LE text");
        goto check_nul;
    }
    if (len >= 2 && (unsigned char)buf[0] == 0xFE &&
        (unsigned char)buf[1] == 0xFF) {
        out->encoding = "UTF-16BE";
        if (convert("UTF-16BE", buf + 2, len - 2, out) < 0)
            return fail(why, whylen, "invalid UTF-16BE text");
        goto check_nul;
    }
    if (memchr(buf, '\0', len))
        return fail(why, whylen, "not text (binary data: NUL bytes)");
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
        out->encoding = "UTF-8 (BOM)";
        buf += 3;
        len -= 3;
        if (!mz_utf8_valid(buf, len))
            return fail(why, whylen, "invalid UTF-8 after a UTF-8 BOM");
        return copy_utf8(buf, len, out) < 0
                   ? fail(why, whylen, "out of memory") : 0;
    }
    if (mz_utf8_valid(buf, len) &&
        !(!has_han(buf, len) && !plausible_utf8(buf, len) &&
          gb_is_better(buf, len, out))) {
        out->encoding = "UTF-8";
        return copy_utf8(buf, len, out) < 0
                   ? fail(why, whylen, "out of memory") : 0;
    }
    if (out->text) {
        out->encoding = "GB18030";
        goto check_nul;
    }
    out->encoding = "GB18030";
    if (convert("GB18030", buf, len, out) < 0)
        return fail(why, whylen,
                    "not UTF-8, UTF-16 or GB18030 text (undecodable)");
check_nul:
    if (memchr(out->text, '\0', out->len)) {
        mz_decoded_free(out);
        return fail(why, whylen, "not text (binary data: NUL characters)");
    }
    return 0;
}

int mz_decode_file(const char *path, mz_decoded_t *out, char *why,
                   size_t whylen)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(why, whylen, "cannot read: %s", strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        return fail(why, whylen, "not a regular file");
    }
    if (st.st_size > MZ_FILE_MAX) {
        fclose(f);
        snprintf(why, whylen, "too large (%lld MB; the limit is %d MB)",
                 (long long)(st.st_size >> 20), MZ_FILE_MAX >> 20);
        return -1;
    }
    size_t n = (size_t)st.st_size;
    char *buf = malloc(n + 1);
    if (!buf) {
        fclose(f);
        return fail(why, whylen, "out of memory");
    }
    size_t got = fread(buf, 1, n, f);
    int err = ferror(f) ? errno : 0;
    fclose(f);
    if (err) {
        free(buf);
        snprintf(why, whylen, "cannot read: %s", strerror(err));
        return -1;
    }
    int rc = mz_decode_bytes(buf, got, out, why, whylen);
    free(buf);
    return rc;
}

void mz_decoded_free(mz_decoded_t *d)
{
    free(d->text);
    d->text = NULL;
    d->len = 0;
}
