/* safetext.c — see safetext.h. */
#include "safetext.h"
#include "segment.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int unsafe(uint32_t cp)
{
    return cp == MZ_BAD_CP || cp < 0x20 || (cp >= 0x7F && cp < 0xA0) ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
           cp == 0x2028 || cp == 0x2029 || cp == 0x200E || cp == 0x200F;
}

char *mz_safe_text(const char *s, size_t n, size_t *outlen)
{
    char *o = malloc(n * 3 + 1), *p = o;  /* a bad byte grows to 3 bytes */
    if (!o)
        return NULL;
    for (size_t i = 0, k; i < n; i += k) {
        uint32_t cp;
        const unsigned char *u = (const unsigned char *)s + i;
        if (n - i >= 3 && u[0] >= 0xE3 && u[0] <= 0xE9 &&
            (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80) {
            /* U+3000..U+9FFF, most of a passage: all safe */
            memcpy(p, u, 3);
            p += 3;
            k = 3;
            continue;
        }
        /* ASCII inline: most of a path, a tenth of a passage */
        if ((unsigned char)s[i] < 0x80) {
            cp = (unsigned char)s[i];
            k = 1;
        } else {
            k = mz_utf8_decode(s + i, n - i, &cp);
        }
        if (cp == '\t') {
            *p++ = ' ';
        } else if (unsafe(cp)) {
            memcpy(p, "\xEF\xBF\xBD", 3);
            p += 3;
        } else {
            memcpy(p, s + i, k);
            p += k;
        }
    }
    *p = '\0';
    if (outlen)
        *outlen = (size_t)(p - o);
    return o;
}
