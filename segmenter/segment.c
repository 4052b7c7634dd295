/* segment.c — UTF-8 scanning, normalization, tokens and index terms.
 * See segment.h for the rules; this file allocates nothing. */
#include "segment.h"

#include <string.h>

size_t mz_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    uint32_t c = u[0];
    size_t n;
    uint32_t min;

    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    /* the common case, a three-byte character (every Han one) whose lead
     * byte rules out overlong forms (E0) and surrogates (ED) */
    if (c >= 0xE1 && c <= 0xEF && c != 0xED && len >= 3 &&
        (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80) {
        *cp = (c & 0x0F) << 12 | (uint32_t)(u[1] & 0x3F) << 6 | (u[2] & 0x3F);
        return 3;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2; c &= 0x1F; min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3; c &= 0x0F; min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4; c &= 0x07; min = 0x10000;
    } else {
        *cp = MZ_BAD_CP;
        return 1;
    }
    if (len < n) {
        *cp = MZ_BAD_CP;
        return 1;
    }
    for (size_t i = 1; i < n; i++) {
        if ((u[i] & 0xC0) != 0x80) {
            *cp = MZ_BAD_CP;
            return 1;
        }
        c = (c << 6) | (u[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
        *cp = MZ_BAD_CP;
        return 1;
    }
    *cp = c;
    return n;
}

size_t mz_utf8_encode(uint32_t cp, char *buf)
{
    unsigned char *b = (unsigned char *)buf;
    if (cp < 0x80) {
        b[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        b[0] = (unsigned char)(0xC0 | (cp >> 6));
        b[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp >= 0xD800 && cp <= 0xDFFF)
        return 0;
    if (cp < 0x10000) {
        b[0] = (unsigned char)(0xE0 | (cp >> 12));
        b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    if (cp <= 0x10FFFF) {
        b[0] = (unsigned char)(0xF0 | (cp >> 18));
        b[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (unsigned char)(0x80 | (cp & 0x3F));
        return 4;
    }
    return 0;
}

int mz_utf8_valid(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        i += mz_utf8_decode(s + i, len - i, &cp);
        if (cp == MZ_BAD_CP)
            return 0;
    }
    return 1;
}

size_t mz_utf8_floor(const char *s, size_t len, size_t off)
{
    if (off >= len)
        return len;
    /* Step back over at most three continuation bytes to a lead byte whose
     * sequence covers off; otherwise off is itself a boundary. */
    for (size_t back = 1; back <= 3 && back <= off; back++) {
        unsigned char c = (unsigned char)s[off - back];
        if ((c & 0xC0) == 0x80)
            continue;
        uint32_t cp;
        size_t n = mz_utf8_decode(s + off - back, len - (off - back), &cp);
        if (cp != MZ_BAD_CP && n > back)
            return off - back;
        break;
    }
    return off;
}

size_t mz_utf8_count(const char *s, size_t len)
{
    return mz_utf8_count_max(s, len, (size_t)-1);
}

size_t mz_utf8_count_max(const char *s, size_t len, size_t max)
{
    size_t i = 0, n = 0;
    while (i < len && n <= max) {
        uint32_t cp;
        i += (unsigned char)s[i] < 0x80 ? 1 : mz_utf8_decode(s + i, len - i, &cp);
        n++;
    }
    return n;
}

int mz_is_han(uint32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) ||
           (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0x20000 && cp <= 0x2A6DF) ||
           (cp >= 0x2A700 && cp <= 0x2EBEF) ||
           (cp >= 0x2F800 && cp <= 0x2FA1F) ||
           (cp >= 0x30000 && cp <= 0x323AF) ||
           cp == 0x3007;
}

uint32_t mz_fold(uint32_t cp)
{
    if (cp >= 0xFF01 && cp <= 0xFF5E)
        cp -= 0xFF01 - 0x21;
    else if (cp == 0x3000)
        cp = 0x20;
    if (cp >= 'A' && cp <= 'Z')
        cp += 'a' - 'A';
    return cp;
}

int mz_is_word_cp(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
               (cp >= 'A' && cp <= 'Z');
    if (cp >= 0xC0 && cp <= 0x24F)
        return cp != 0xD7 && cp != 0xF7;
    return cp >= 0x370 && cp <= 0x4FF;
}

void mz_seg_init(mz_seg_t *s, const char *text, size_t len)
{
    s->text = text;
    s->len = len;
    s->pos = 0;
    s->run = 0;
    s->prev_han = 0;
}

int mz_seg_next(mz_seg_t *s, mz_token_t *tok)
{
    while (s->pos < s->len) {
        uint32_t cp;
        size_t start = s->pos;
        size_t n = mz_utf8_decode(s->text + start, s->len - start, &cp);
        if (cp != MZ_BAD_CP)
            cp = mz_fold(cp);

        if (cp != MZ_BAD_CP && mz_is_han(cp)) {
            if (!s->prev_han)
                s->run++;
            s->prev_han = 1;
            s->pos += n;
            tok->kind = MZ_TOK_HAN;
            tok->start = start;
            tok->end = s->pos;
            tok->run = s->run;
            memcpy(tok->norm, s->text + start, n);
            tok->len = n;
            tok->norm[n] = '\0';
            return 1;
        }
        if (cp != MZ_BAD_CP && mz_is_word_cp(cp)) {
            size_t out = 0;
            size_t pos = start;
            for (;;) {
                char buf[4];
                size_t k = mz_utf8_encode(cp, buf);
                if (out + k <= MZ_WORD_MAX) {
                    memcpy(tok->norm + out, buf, k);
                    out += k;
                }
                pos += n;
                if (pos >= s->len)
                    break;
                n = mz_utf8_decode(s->text + pos, s->len - pos, &cp);
                if (cp == MZ_BAD_CP)
                    break;
                cp = mz_fold(cp);
                if (!mz_is_word_cp(cp))
                    break;
            }
            s->pos = pos;
            s->run++;
            s->prev_han = 0;
            tok->kind = MZ_TOK_WORD;
            tok->start = start;
            tok->end = pos;
            tok->run = s->run;
            tok->len = out;
            tok->norm[out] = '\0';
            return 1;
        }
        /* A break. */
        s->pos += n;
        s->prev_han = 0;
    }
    return 0;
}

int mz_seg_terms(const char *text, size_t len, mz_term_fn fn, void *ctx)
{
    mz_seg_t s;
    mz_token_t tok, prev;
    int have_prev = 0;
    int rc;

    mz_seg_init(&s, text, len);
    while (mz_seg_next(&s, &tok)) {
        if (have_prev && prev.kind == MZ_TOK_HAN) {
            if (tok.kind == MZ_TOK_HAN && tok.run == prev.run) {
                char bi[8];
                memcpy(bi, prev.norm, prev.len);
                memcpy(bi + prev.len, tok.norm, tok.len);
                if ((rc = fn(bi, prev.len + tok.len, ctx)) != 0)
                    return rc;
            } else if ((rc = fn(prev.norm, prev.len, ctx)) != 0) {
                return rc; /* the run ended: its last character */
            }
        }
        if (tok.kind == MZ_TOK_WORD) {
            if ((rc = fn(tok.norm, tok.len, ctx)) != 0)
                return rc;
        }
        prev = tok;
        have_prev = 1;
    }
    if (have_prev && prev.kind == MZ_TOK_HAN)
        return fn(prev.norm, prev.len, ctx);
    return 0;
}
