/* segment.h — the one segmenter and normalizer, shared by mzindex and
 * mzsearch so that what is indexed and what is asked are cut the same way.
 *
 * Text is UTF-8 passed as (pointer, length); it need not be NUL-terminated
 * and may contain invalid bytes, which act as a break and never stop or
 * stall the scan.  All offsets are bytes into the original text.
 *
 * Normalization (applied to every character before it is classified):
 *   full-width ASCII U+FF01..U+FF5E -> U+0021..U+007E, U+3000 -> space,
 *   ASCII A-Z -> a-z.
 * Tokens:
 *   - a Han character (CJK Unified Ideographs, extensions A-H, compatibility
 *     ideographs, and U+3007 〇) is one token; consecutive Han characters
 *     form a run and share a run number;
 *   - a word: a maximal sequence of ASCII letters/digits (after folding) and
 *     Latin-1/Latin Extended/Greek/Cyrillic letters; lowercased (ASCII
 *     only); at most MZ_WORD_MAX bytes are kept of a longer word;
 *   - everything else (punctuation, spaces, symbols, invalid bytes) is a
 *     break.  A word is a run of its own, so a script change ends a run.
 * Index terms (mz_seg_terms): each run of n >= 2 Han characters gives its
 * n-1 overlapping bigrams plus its last character as a unigram; a run of 1
 * gives that character; each word gives itself.  So a character c occurs in
 * a text exactly when some term starts with c: this makes single-character
 * queries exact.
 */
#ifndef MZ_SEGMENT_H
#define MZ_SEGMENT_H

#include <stddef.h>
#include <stdint.h>

/* Bump whenever the tokens or terms produced for some text change: an index
 * made with another version must be rebuilt. */
#define MZ_SEG_VERSION "mzseg-1"

enum { MZ_WORD_MAX = 64 };

typedef enum { MZ_TOK_HAN = 1, MZ_TOK_WORD = 2 } mz_tok_kind_t;

typedef struct {
    mz_tok_kind_t kind;
    size_t start, end;  /* byte range of the token in the original text */
    unsigned run;       /* same number <=> same Han run (adjacent tokens) */
    size_t len;         /* bytes in norm */
    char norm[MZ_WORD_MAX + 1]; /* normalized form, NUL-terminated */
} mz_token_t;

typedef struct {
    const char *text;
    size_t len, pos;
    unsigned run;
    int prev_han;       /* the previous token was Han and nothing broke since */
} mz_seg_t;

/* Start scanning text[0..len). */
void mz_seg_init(mz_seg_t *s, const char *text, size_t len);
/* Store the next token in *tok and return 1, or return 0 at the end. */
int mz_seg_next(mz_seg_t *s, mz_token_t *tok);

/* Call fn for every index term of text, in text order (see above).  Stops
 * and returns fn's value when it is nonzero; returns 0 otherwise. */
typedef int (*mz_term_fn)(const char *term, size_t len, void *ctx);
int mz_seg_terms(const char *text, size_t len, mz_term_fn fn, void *ctx);

/* ---- UTF-8 and characters ---------------------------------------------- */

/* Decode one character at s[0..len) (len >= 1).  Returns the bytes consumed
 * (1..4) and stores the code point in *cp; an invalid or truncated sequence
 * (overlong, surrogate, > U+10FFFF) consumes 1 byte and gives *cp =
 * MZ_BAD_CP. */
#define MZ_BAD_CP 0xFFFFFFFFu
size_t mz_utf8_decode(const char *s, size_t len, uint32_t *cp);
/* 1 if u[0..left) starts with a character of U+3000..U+9FFF (lead byte
 * E3..E9, two continuation bytes): most of a Chinese passage, three bytes
 * and never a surrogate or an overlong form, so a scan may step over it
 * without decoding. */
static inline int mz_utf8_cjk3(const unsigned char *u, size_t left)
{
    return left >= 3 && u[0] >= 0xE3 && u[0] <= 0xE9 &&
           (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80;
}
/* Encode cp into buf (>= 4 bytes); returns bytes written (0 if invalid). */
size_t mz_utf8_encode(uint32_t cp, char *buf);
/* 1 if s[0..len) is entirely valid UTF-8. */
int mz_utf8_valid(const char *s, size_t len);
/* Largest offset <= off that starts a character (never splits a valid
 * sequence); off itself when it is a boundary or len. */
size_t mz_utf8_floor(const char *s, size_t len, size_t off);
/* Number of characters (invalid bytes count one each). */
size_t mz_utf8_count(const char *s, size_t len);
/* The same, but stops counting past max: min(count, max + 1), so that
 * "more than max characters" is told without reading a long text. */
size_t mz_utf8_count_max(const char *s, size_t len, size_t max);

int mz_is_han(uint32_t cp);
/* 1 if cp (already folded) belongs in a word: ASCII letters and digits,
 * Latin-1/Latin Extended, Greek, Cyrillic letters. */
int mz_is_word_cp(uint32_t cp);
/* The normalized form of cp (full-width fold, U+3000 -> space, A-Z -> a-z). */
uint32_t mz_fold(uint32_t cp);

#endif
