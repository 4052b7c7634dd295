/* random_text.h — random text for the unit tests' property checks: pieces
 * that meet at every kind of boundary the segmenter knows.  Include once,
 * in a test program (it defines static functions). */
#ifndef MZ_TEST_RANDOM_TEXT_H
#define MZ_TEST_RANDOM_TEXT_H

#include <stdlib.h>
#include <string.h>

/* Pieces that meet at every kind of boundary: Han (BMP and beyond), words
 * in both widths and cases, Latin letters, breaks, and broken UTF-8. */
static const char *const pieces[] = {
    "四", "风", "形式主义", "〇", "𠀀", "\xEF\xA4\x80" /* U+F900 */, "a", "Z",
    "ａ", "Ｚ", "１", "é", "Ω", "ж", " ", "，", "。", "\xE3\x80\x80",
    "\xE4", "\xB8", "\xE4\xB8", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80",
    "\xE0\x80\x80", "×", "-", "_", "\n"};
enum { NPIECES = sizeof pieces / sizeof *pieces };

static size_t random_text(char *buf, size_t cap, unsigned *seed)
{
    size_t len = 0;
    int k = (int)(rand_r(seed) % 40);
    for (int j = 0; j < k; j++) {
        const char *p = pieces[rand_r(seed) % NPIECES];
        size_t n = strlen(p);
        if (len + n > cap)
            break;
        memcpy(buf + len, p, n);
        len += n;
    }
    return len;
}

#endif
