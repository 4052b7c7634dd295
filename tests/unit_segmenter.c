/* unit_segmenter.c — the shared segmenter: UTF-8, normalization, tokens,
 * index terms, and garbage that must never stall or crash it. */
#include "check.h"
#include "segment.h"

#include <stdlib.h>
#include <string.h>

/* The terms of text joined with '|'. */
typedef struct {
    char buf[2048];
} joined_t;

static int join_term(const char *t, size_t n, void *ctx)
{
    joined_t *j = ctx;
    size_t have = strlen(j->buf);
    if (have + n + 2 >= sizeof j->buf)
        return 1;
    if (have)
        j->buf[have++] = '|';
    memcpy(j->buf + have, t, n);
    j->buf[have + n] = '\0';
    return 0;
}

static const char *terms(const char *text)
{
    static joined_t j;
    j.buf[0] = '\0';
    mz_seg_terms(text, strlen(text), join_term, &j);
    return j.buf;
}

static void test_utf8(void)
{
    uint32_t cp;
    CHECK("decode-ascii", mz_utf8_decode("A", 1, &cp) == 1 && cp == 'A',
          "cp=%x", cp);
    CHECK("decode-2", mz_utf8_decode("\xC3\xA9", 2, &cp) == 2 && cp == 0xE9,
          "cp=%x", cp);
    CHECK("decode-3", mz_utf8_decode("风", 3, &cp) == 3 && cp == 0x98CE,
          "cp=%x", cp);
    CHECK("decode-4", mz_utf8_decode("\xF0\xA0\x80\x80", 4, &cp) == 4 &&
                          cp == 0x20000, "cp=%x", cp);
    static const struct { const char *s; size_t n; const char *name; } bad[] = {
        {"\x80", 1, "decode-lone-continuation"},
        {"\xC0\xAF", 2, "decode-overlong"},
        {"\xE0\x80\xAF", 3, "decode-overlong-3"},
        {"\xED\xA0\x80", 3, "decode-surrogate"},
        {"\xE9\xA3", 2, "decode-truncated"},
        {"\xF4\x90\x80\x80", 4, "decode-above-max"},
        {"\xFF", 1, "decode-ff"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        size_t k = mz_utf8_decode(bad[i].s, bad[i].n, &cp);
        CHECK(bad[i].name, k == 1 && cp == MZ_BAD_CP, "k=%zu cp=%x", k, cp);
    }
    char buf[4];
    int round = 1;
    for (uint32_t c = 1; c < 0x110000; c += 97) {
        if (c >= 0xD800 && c <= 0xDFFF)
            continue;
        size_t n = mz_utf8_encode(c, buf);
        if (!n || mz_utf8_decode(buf, n, &cp) != n || cp != c)
            round = 0;
    }
    CHECK("encode-decode-round-trip", round, "mismatch");
    CHECK("encode-surrogate-refused", mz_utf8_encode(0xD800, buf) == 0, "failed");
    CHECK("valid", mz_utf8_valid("好人 ok", strlen("好人 ok")), "failed");
    CHECK("invalid", !mz_utf8_valid("好\xFF", 4), "failed");
    const char *s = "a风b";
    CHECK("floor-inside", mz_utf8_floor(s, 5, 2) == 1 &&
                              mz_utf8_floor(s, 5, 3) == 1, "failed");
    CHECK("floor-boundary", mz_utf8_floor(s, 5, 4) == 4 &&
                                mz_utf8_floor(s, 5, 9) == 5, "failed");
    CHECK("count", mz_utf8_count("好人\xFFz", 8) == 4, "%zu",
          mz_utf8_count("好人\xFFz", 8));
}

static void test_chars(void)
{
    CHECK("han-basic", mz_is_han(0x4E00) && mz_is_han(0x9FA5), "failed");
    CHECK("han-ext-a-b", mz_is_han(0x3400) && mz_is_han(0x20000), "failed");
    CHECK("han-ling", mz_is_han(0x3007), "failed");
    CHECK("not-han", !mz_is_han(0x3042) && !mz_is_han(0xAC00) &&
                         !mz_is_han(0x3002) && !mz_is_han(0xFF0C) &&
                         !mz_is_han('a'), "failed");
    CHECK("fold-fullwidth", mz_fold(0xFF21) == 'a' && mz_fold(0xFF10) == '0',
          "%x %x", mz_fold(0xFF21), mz_fold(0xFF10));
    CHECK("fold-space", mz_fold(0x3000) == ' ', "failed");
    CHECK("fold-case", mz_fold('Q') == 'q' && mz_fold(0x98CE) == 0x98CE, "failed");
}

static void test_tokens(void)
{
    const char *t = "APP学习强国，ＸＪＰ讲话2021年";
    mz_seg_t s;
    mz_token_t tok[32];
    int n = 0;
    mz_seg_init(&s, t, strlen(t));
    while (n < 32 && mz_seg_next(&s, &tok[n]))
        n++;
    /* app 学 习 强 国 xjp 讲 话 2021 年 */
    CHECK("tokens-count", n == 10, "n=%d", n);
    if (n != 10)
        return;
    CHECK("tokens-word-lowercased", tok[0].kind == MZ_TOK_WORD &&
                                        strcmp(tok[0].norm, "app") == 0, "failed");
    CHECK("tokens-han-offsets", tok[1].kind == MZ_TOK_HAN &&
                                    tok[1].start == 3 && tok[1].end == 6 &&
                                    memcmp(t + tok[1].start, "学", 3) == 0,
          "%zu-%zu", tok[1].start, tok[1].end);
    CHECK("tokens-run-shared", tok[1].run == tok[4].run, "failed");
    CHECK("tokens-word-own-run", tok[0].run != tok[1].run, "failed");
    CHECK("tokens-fullwidth-folded", strcmp(tok[5].norm, "xjp") == 0 &&
                                         tok[5].end - tok[5].start == 9,
          "%s", tok[5].norm);
    CHECK("tokens-punct-breaks-run", tok[6].run != tok[4].run, "failed");
    CHECK("tokens-digits", strcmp(tok[8].norm, "2021") == 0 &&
                               tok[9].run != tok[7].run, "failed");
}

static void test_terms(void)
{
    CHECK("terms-bigrams", strcmp(terms("好人主义"), "好人|人主|主义|义") == 0,
          "%s", terms("好人主义"));
    CHECK("terms-no-bigram-across-punct",
          strcmp(terms("好人。人主动。主义多"), "好人|人|人主|主动|动|主义|义多|多") == 0,
          "%s", terms("好人。人主动。主义多"));
    CHECK("terms-single", strcmp(terms("风"), "风") == 0, "%s", terms("风"));
    CHECK("terms-mixed", strcmp(terms("ＡＰＰ学习 v2"), "app|学习|习|v2") == 0,
          "%s", terms("ＡＰＰ学习 v2"));
    char longw[200];
    memset(longw, 'a', sizeof longw - 1);
    longw[sizeof longw - 1] = '\0';
    CHECK("terms-long-word-capped", strlen(terms(longw)) == MZ_WORD_MAX,
          "%zu", strlen(terms(longw)));
    /* every character of a text starts some term: single characters are
     * exact */
    const char *p = "在抵制“四风”反弹上还有差距";
    const char *ts = terms(p);
    int all = 1;
    for (size_t i = 0, k; p[i]; i += k) {
        uint32_t cp;
        k = mz_utf8_decode(p + i, strlen(p + i), &cp);
        if (!mz_is_han(cp))
            continue;
        char c[5] = {0};
        memcpy(c, p + i, k);
        int found = strncmp(ts, c, k) == 0;
        for (const char *q = ts; !found && (q = strchr(q, '|')); q++)
            found = strncmp(q + 1, c, k) == 0;
        all &= found;
    }
    CHECK("terms-every-char-starts-a-term", all, "%s", ts);
}

static int count_term(const char *t, size_t n, void *ctx)
{
    (void)t;
    (void)n;
    ++*(int *)ctx;
    return 0;
}

static void test_garbage(void)
{
    unsigned long x = 12345;
    int ok = 1;
    for (int round = 0; round < 5000 && ok; round++) {
        unsigned char buf[64];
        size_t len = round % 65;
        for (size_t i = 0; i < len; i++) {
            x = x * 6364136223846793005UL + 1442695040888963407UL;
            /* bias towards UTF-8 lead and continuation bytes */
            unsigned v = (unsigned)(x >> 33);
            buf[i] = (unsigned char)(v % 3 == 0 ? 0x80 + v % 64
                                     : v % 3 == 1 ? 0xE0 + v % 21 : v);
        }
        mz_seg_t s;
        mz_token_t tok;
        size_t last = 0;
        int n = 0;
        mz_seg_init(&s, (const char *)buf, len);
        while (mz_seg_next(&s, &tok)) {
            if (tok.start < last || tok.start >= tok.end || tok.end > len ||
                ++n > 64)
                ok = 0;
            last = tok.end;
        }
        int terms_n = 0;
        mz_seg_terms((const char *)buf, len, count_term, &terms_n);
        if (terms_n > 2 * 64)
            ok = 0;
    }
    CHECK("garbage-terminates-with-sane-offsets", ok, "round failed");
}

int main(void)
{
    test_utf8();
    test_chars();
    test_tokens();
    test_terms();
    test_garbage();
    return check_failures ? 1 : 0;
}
