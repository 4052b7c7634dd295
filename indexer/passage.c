/* passage.c — cut a decoded document into passages (see passage.h). */
#include "passage.h"
#include "find.h"
#include "segment.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_HEADING_CHARS = 60, AD_LINE_MAX_CHARS = 100, AD_GAP = 4 };

/* Section ranks: smaller is outer.  Markdown levels take 1..6. */
enum {
    RANK_BIAN = 10, RANK_ZHANG, RANK_JIE, RANK_BOLD, RANK_CN = RANK_BOLD,
    RANK_PAREN_CN, RANK_ARABIC, RANK_PAREN_ARABIC
};

typedef struct {
    size_t raw;          /* where the line starts */
    size_t start, end;   /* trimmed content */
    unsigned long no;
    int skip;            /* ad, comment or front matter */
} line_t;

/* ---- small character helpers ------------------------------------------ */

static uint32_t cp_at(const char *s, size_t n, size_t *used)
{
    uint32_t cp;
    *used = mz_utf8_decode(s, n, &cp);
    return cp;
}

static int is_space_cp(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\f' ||
           cp == '\v' || cp == 0xA0 || cp == 0x3000 || cp == 0xFEFF;
}

static int is_cn_digit(uint32_t cp)
{
    return (cp == 0x4E00 || cp == 0x4E8C ||
           cp == 0x4E09 || cp == 0x56DB || cp == 0x4E94 || cp == 0x516D ||
           cp == 0x4E03 || cp == 0x516B || cp == 0x4E5D || cp == 0x5341 ||
           cp == 0x767E || cp == 0x96F6 || cp == 0x3007 || cp == 0x4E24);
}

static int is_sentence_end(uint32_t cp)
{
    return cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0xFF1B ||
           cp == '!' || cp == '?' || cp == ';';
}

/* Any character that is not part of a token: a cut there never splits a
 * Han run or a word. */
static int is_break_cp(uint32_t cp)
{
    uint32_t f = mz_fold(cp);
    if (mz_is_han(cp) || cp == MZ_BAD_CP)
        return 0;
    if ((f >= '0' && f <= '9') || (f >= 'a' && f <= 'z'))
        return 0;
    return f < 0xC0 || (f >= 0x2000 && f <= 0x33FF) ||
           (f >= 0xFE30 && f <= 0xFFEF);
}

static int has_sub(const char *s, size_t n, const char *needle)
{
    return mz_find(s, n, needle, strlen(needle)) != NULL;
}

/* ---- advertising -------------------------------------------------------- */

/* Phrases that only the ad blocks of copied materials use. */
static const char *const ad_markers[] = {
    "仅供学习", "禁止外传", "会员群", "QQ群", "qq群", "ＱＱ群", "邮箱投稿",
    "请勿照搬", "订阅立享", "扫码关注", "关注公众号", "加微信",
    "微信号：", "免费领取", "资料群", "VIP会员", "会员资料", NULL
};

int mz_is_ad_line(const char *line, size_t len)
{
    if (mz_utf8_count_max(line, len, AD_LINE_MAX_CHARS) > AD_LINE_MAX_CHARS)
        return 0;
    for (const char *const *m = ad_markers; *m; m++)
        if (has_sub(line, len, *m))
            return 1;
    return 0;
}

/* A short line with no sentence punctuation: the kind of slogan that sits
 * between ad lines ("自建平台、实时分享"). */
static int is_slogan(const char *s, size_t n)
{
    if (n == 0 || mz_utf8_count_max(s, n, 40) > 40)
        return 0;
    for (size_t i = 0, k; i < n; i += k)
        if (cp_at(s + i, n - i, &k) == 0x3002)
            return 0;
    return 1;
}

static int marker_rank(const char *s, size_t n, size_t *mlen);

static void mark_ads(const char *doc, line_t *ln, size_t nl)
{
    size_t last_ad = (size_t)-1, between = 0;
    for (size_t i = 0; i < nl; i++) {
        const char *s = doc + ln[i].start;
        size_t n = ln[i].end - ln[i].start, mlen;
        if (n == 0)
            continue;
        if (!mz_is_ad_line(s, n)) {
            between++;
            continue;
        }
        ln[i].skip = 1;
        /* Slogans sandwiched between two ad lines close together (a few
         * lines with text between them); never a heading. */
        if (last_ad != (size_t)-1 && between <= AD_GAP)
            for (size_t j = last_ad + 1; j < i; j++) {
                const char *t = doc + ln[j].start;
                size_t k = ln[j].end - ln[j].start;
                if (is_slogan(t, k) && t[0] != '#' &&
                    !marker_rank(t, k, &mlen))
                    ln[j].skip = 1;
            }
        last_ad = i;
        between = 0;
    }
}

/* ---- lines -------------------------------------------------------------- */

static void trim(const char *doc, size_t *start, size_t *end)
{
    size_t s = *start, e = *end, k;
    while (s < e && is_space_cp(cp_at(doc + s, e - s, &k)))
        s += k;
    while (e > s) {
        size_t b = mz_utf8_floor(doc + s, e - s, e - s - 1) + s;
        if (!is_space_cp(cp_at(doc + b, e - b, &k)))
            break;
        e = b;
    }
    *start = s;
    *end = e;
}

static line_t *split_lines(const char *doc, size_t len, size_t *count)
{
    size_t cap = 1;
    for (size_t i = 0; i < len; i++)
        cap += doc[i] == '\n';
    line_t *ln = calloc(cap, sizeof *ln);
    if (!ln)
        return NULL;
    size_t n = 0, s = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && doc[i] != '\n')
            continue;
        ln[n].raw = ln[n].start = s;
        ln[n].end = i;
        ln[n].no = n + 1;
        trim(doc, &ln[n].start, &ln[n].end);
        n++;
        s = i + 1;
        if (i == len)
            break;
    }
    /* A final newline does not start another line. */
    if (n > 1 && len > 0 && doc[len - 1] == '\n')
        n--;
    *count = n;
    return ln;
}

static int line_is(const char *doc, const line_t *l, const char *what)
{
    size_t n = strlen(what);
    return l->end - l->start == n && memcmp(doc + l->start, what, n) == 0;
}

/* Markdown: YAML front matter at the top, and HTML comments. */
static void mark_markdown_noise(const char *doc, line_t *ln, size_t nl)
{
    size_t i = 0;
    if (nl > 0 && line_is(doc, &ln[0], "---")) {
        for (i = 1; i < nl && !line_is(doc, &ln[i], "---"); i++)
            ;
        if (i < nl)
            for (size_t j = 0; j <= i; j++)
                ln[j].skip = 1;
    }
    int in_comment = 0;
    for (i = 0; i < nl; i++) {
        const char *s = doc + ln[i].start;
        size_t n = ln[i].end - ln[i].start;
        if (!in_comment && (n < 4 || memcmp(s, "<!--", 4) != 0))
            continue;
        ln[i].skip = 1;
        in_comment = !(n >= 3 && memcmp(s + n - 3, "-->", 3) == 0);
    }
}

/* ---- headings ----------------------------------------------------------- */

typedef struct {
    int rank;              /* 0: not a heading */
    size_t hstart, hend;   /* the heading's text (a slice of doc) */
    size_t cstart, cend;   /* the passage's text with markup removed */
    int pure;              /* the line is only a heading */
    int md_level;          /* Markdown # level, 0 if none */
} heading_t;

/* Length of a run of Chinese numerals at s, in bytes. */
static size_t cn_number(const char *s, size_t n)
{
    size_t i = 0, k;
    while (i < n && is_cn_digit(cp_at(s + i, n - i, &k)))
        i += k;
    return i;
}

static size_t ascii_number(const char *s, size_t n)
{
    size_t i = 0, k;
    uint32_t cp;
    while (i < n && (cp = mz_fold(cp_at(s + i, n - i, &k))) >= '0' &&
           cp <= '9')
        i += k;
    return i;
}

/* The rank of a numbered heading marker at the start of s, or 0. */
static int marker_rank(const char *s, size_t n, size_t *mlen)
{
    size_t k, d;
    uint32_t cp = cp_at(s, n, &k);
    if (cp == 0x7B2C) { /* 第X编/章/节 */
        d = cn_number(s + k, n - k);
        if (!d)
            d = ascii_number(s + k, n - k);
        if (d && k + d < n) {
            size_t k2;
            uint32_t u = cp_at(s + k + d, n - k - d, &k2);
            *mlen = k + d + k2;
            if (u == 0x7F16) return RANK_BIAN;
            if (u == 0x7AE0) return RANK_ZHANG;
            if (u == 0x8282) return RANK_JIE;
        }
        return 0;
    }
    if (cp == 0xFF08 || cp == '(') { /* （一） （1） */
        int rank = RANK_PAREN_CN;
        d = cn_number(s + k, n - k);
        if (!d) {
            d = ascii_number(s + k, n - k);
            rank = RANK_PAREN_ARABIC;
        }
        if (!d || k + d >= n)
            return 0;
        size_t k2;
        uint32_t c = cp_at(s + k + d, n - k - d, &k2);
        if (c != 0xFF09 && c != ')')
            return 0;
        *mlen = k + d + k2;
        return rank;
    }
    d = cn_number(s, n);
    int rank = RANK_CN;
    if (!d) {
        d = ascii_number(s, n);
        rank = RANK_ARABIC;
    }
    if (!d || d >= n)
        return 0;
    size_t k2;
    uint32_t c = cp_at(s + d, n - d, &k2);
    if (c == 0x3001 || (rank == RANK_ARABIC && (c == '.' || c == 0xFF0E))) {
        /* "1.5" is a number, not a heading */
        if (rank == RANK_ARABIC && d + k2 < n &&
            ascii_number(s + d + k2, n - d - k2))
            return 0;
        *mlen = d + k2;
        return rank;
    }
    return 0;
}

/* End (exclusive) of the first sentence of s[0..n): just before its 。！？
 * or n when there is none. */
static size_t first_sentence(const char *s, size_t n)
{
    for (size_t i = 0, k; i < n; i += k) {
        uint32_t cp = cp_at(s + i, n - i, &k);
        if (cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F)
            return i;
    }
    return n;
}

static heading_t classify(const char *doc, const line_t *l)
{
    heading_t h = {0};
    size_t s = l->start, e = l->end;
    h.cstart = s;
    h.cend = e;
    if (e - s >= 2 && doc[s] == '#') {
        size_t lv = 0;
        while (s + lv < e && doc[s + lv] == '#')
            lv++;
        if (lv <= 6 && s + lv < e && (doc[s + lv] == ' ' || doc[s + lv] == '\t')) {
            size_t cs = s + lv, ce = e;
            trim(doc, &cs, &ce);
            h.rank = h.md_level = (int)lv;
            h.cstart = h.hstart = cs;
            h.cend = h.hend = ce;
            h.pure = 1;
            return h;
        }
    }
    int bold = 0;
    if (e - s > 4 && memcmp(doc + s, "**", 2) == 0 &&
        memcmp(doc + e - 2, "**", 2) == 0 &&
        !memmem(doc + s + 2, e - s - 4, "**", 2)) {
        s += 2;
        e -= 2;
        trim(doc, &s, &e);
        h.cstart = s;
        h.cend = e;
        bold = 1;
    }
    size_t mlen = 0;
    int rank = marker_rank(doc + s, e - s, &mlen);
    if (bold) {
        h.rank = rank ? rank : RANK_BOLD;
        h.hstart = s;
        h.hend = e;
        h.pure = 1;
        return h;
    }
    if (!rank)
        return h;
    size_t sent = first_sentence(doc + s, e - s);
    int short_line = mz_utf8_count_max(doc + s, e - s, MAX_HEADING_CHARS) <=
                     MAX_HEADING_CHARS;
    if (rank == RANK_BIAN || rank == RANK_ZHANG || rank == RANK_JIE ||
        rank == RANK_ARABIC || rank == RANK_PAREN_ARABIC) {
        /* Law chapters and arabic numbering: only short lines that are a
         * single phrase are headings; longer ones are list items. */
        if (!short_line || sent + 3 < e - s)
            return h;
        h.pure = 1;
    } else {
        h.pure = sent + 3 >= e - s && short_line;
    }
    h.rank = rank;
    h.hstart = s;
    h.hend = h.pure ? e : s + sent;
    if (h.hend - h.hstart <= mlen)
        return (heading_t){.cstart = h.cstart, .cend = h.cend};
    return h;
}

/* ---- cutting long paragraphs ------------------------------------------- */

/* Is there an item marker (一是, 二是, （1）, 1., 首先, 其次, 最后) at s? */
static int item_marker_at(const char *s, size_t n)
{
    size_t d = cn_number(s, n), k, mlen;
    if (d && d < n && cp_at(s + d, n - d, &k) == 0x662F) /* 是 */
        return 1;
    int r = marker_rank(s, n, &mlen);
    if (r == RANK_PAREN_ARABIC || r == RANK_ARABIC || r == RANK_PAREN_CN)
        return 1;
    static const char *const words[] = {"首先", "其次", "再次", "最后", NULL};
    for (const char *const *w = words; *w; w++)
        if (n >= strlen(*w) && memcmp(s, *w, strlen(*w)) == 0)
            return 1;
    return 0;
}

typedef struct {
    size_t *at;     /* candidate cut offsets (relative to the paragraph) */
    size_t *chars;  /* characters before each candidate */
    int *strength;  /* 2 item marker, 1 sentence end, 0 other break */
    size_t n;
} cuts_t;

/* A piece with no break in reach is cut anyway at this many characters
 * (only pathological text: a huge run without punctuation).  The piece
 * after such a cut starts this many characters before it, so that a word
 * across the cut (up to one character longer) is whole in one piece, as
 * grep would find it; a word inside the overlap is in both. */
enum { HARD_CUT_CHARS = 2000, HARD_CUT_OVERLAP_CHARS = 32 };

/* Every place the paragraph may be cut: after a break character, before a
 * token, and hard cuts in breakless stretches.  Strength says how good a
 * place it is. */
static int find_cuts(const char *p, size_t n, cuts_t *c)
{
    c->n = 0;
    c->at = malloc((n + 1) * sizeof *c->at);
    c->chars = malloc((n + 1) * sizeof *c->chars);
    c->strength = malloc((n + 1) * sizeof *c->strength);
    if (!c->at || !c->chars || !c->strength)
        return -1;
    uint32_t prev = 0;
    size_t chars = 0, last = 0;
    for (size_t i = 0, k; i < n; i += k, chars++) {
        uint32_t cp = cp_at(p + i, n - i, &k);
        int st = -1;
        if (i > 0 && is_break_cp(prev) && !is_break_cp(cp)) {
            st = is_sentence_end(prev) ? 1 : 0;
            if (item_marker_at(p + i, n - i))
                st = 2;
        } else if (chars - last >= HARD_CUT_CHARS) {
            st = 0;
        }
        if (st >= 0) {
            c->at[c->n] = i;
            c->chars[c->n] = chars;
            c->strength[c->n++] = st;
            last = chars;
        }
        prev = cp;
    }
    return 0;
}

/* Pick the cut for a piece starting at candidate index *fi (or the start
 * when from_chars is 0): the best-strength candidate whose piece length lies
 * in [MIN, MAX] characters, preferring item markers, then sentence ends,
 * then the latest weaker break.  Returns the index of the cut, or c->n for
 * the end of the paragraph. */
static size_t choose_cut(const cuts_t *c, size_t first, size_t from_chars)
{
    size_t best = c->n;
    int best_st = -1;
    for (size_t i = first; i < c->n; i++) {
        size_t chars = c->chars[i] - from_chars;
        if (chars > MZ_PASSAGE_MAX_CHARS)
            break;
        if (chars < MZ_PASSAGE_MIN_CHARS)
            continue;
        if (c->strength[i] == 2)
            return i;   /* the first item after the minimum */
        if (c->strength[i] >= best_st) {
            best = i;
            best_st = c->strength[i];
        }
    }
    if (best < c->n)
        return best;
    /* No break within reach: take the first one after, or the end. */
    for (size_t i = first; i < c->n; i++)
        if (c->chars[i] - from_chars >= MZ_PASSAGE_MIN_CHARS)
            return i;
    return c->n;
}

/* ---- the splitter ------------------------------------------------------- */

typedef struct {
    int rank;
    mz_str_t text;
} sect_t;

typedef struct {
    const char *doc;
    mz_passage_fn fn;
    void *ctx;
    sect_t stack[MZ_SECTION_MAX];
    mz_str_t names[MZ_SECTION_MAX];
    unsigned depth;
    size_t line_raw;     /* where the current line starts */
} splitter_t;

static void push_section(splitter_t *sp, int rank, mz_str_t text)
{
    while (sp->depth > 0 && sp->stack[sp->depth - 1].rank >= rank)
        sp->depth--;
    if (sp->depth == MZ_SECTION_MAX)
        sp->depth--;
    sp->stack[sp->depth].rank = rank;
    sp->stack[sp->depth].text = text;
    sp->depth++;
}

/* column: mz_passage_t's (0 but for a later piece of a cut line) */
static int emit_piece(splitter_t *sp, size_t start, size_t end,
                      unsigned long no, int is_heading, unsigned nsection,
                      unsigned long column)
{
    for (unsigned i = 0; i < nsection; i++)
        sp->names[i] = sp->stack[i].text;
    mz_passage_t p = {
        .text = sp->doc + start, .start = start, .end = end, .line = no,
        .column = column,
        .is_heading = is_heading, .section = sp->names, .nsection = nsection,
    };
    return sp->fn(&p, sp->ctx);
}

static int emit(splitter_t *sp, size_t start, size_t end, unsigned long no,
                int is_heading, unsigned nsection)
{
    return emit_piece(sp, start, end, no, is_heading, nsection, 0);
}

/* Where the piece after a cut at `to` starts: `to` itself, or, when the
 * cut splits a run of characters that are not breaks (a forced cut),
 * HARD_CUT_OVERLAP_CHARS characters before it (never before `from`). */
static size_t next_piece(const char *p, size_t n, size_t from, size_t to)
{
    size_t k, b = mz_utf8_floor(p, n, to - 1);
    if (to >= n || is_break_cp(cp_at(p + b, n - b, &k)) ||
        is_break_cp(cp_at(p + to, n - to, &k)))
        return to;
    for (int i = 0; i < HARD_CUT_OVERLAP_CHARS && to > from; i++)
        to = mz_utf8_floor(p, n, to - 1);
    return to;
}

static int emit_paragraph(splitter_t *sp, size_t start, size_t end,
                          unsigned long no)
{
    const char *p = sp->doc + start;
    size_t n = end - start;
    if (mz_utf8_count_max(p, n, MZ_PASSAGE_MAX_CHARS) <= MZ_PASSAGE_MAX_CHARS)
        return emit(sp, start, end, no, 0, sp->depth);
    cuts_t c;
    int rc = 0;
    if (find_cuts(p, n, &c) < 0) {
        rc = emit(sp, start, end, no, 0, sp->depth);
    } else {
        size_t total = mz_utf8_count(p, n), from = 0, from_chars = 0, fi = 0;
        while (from < n && rc == 0) {
            size_t ci = choose_cut(&c, fi, from_chars);
            size_t to = ci < c.n ? c.at[ci] : n;
            /* A short tail joins the piece before it. */
            if (ci < c.n && total - c.chars[ci] < MZ_PASSAGE_MIN_CHARS)
                ci = c.n, to = n;
            rc = emit_piece(sp, start + from, start + to, no, 0, sp->depth,
                            from ? start + from - sp->line_raw + 1 : 0);
            from = next_piece(p, n, from, to);
            if (ci < c.n) {
                from_chars = c.chars[ci];
                fi = ci + 1;
            }
        }
    }
    free(c.at);
    free(c.chars);
    free(c.strength);
    return rc;
}

/* Does the line's content end with the character cp? */
static int ends_with(const char *doc, const line_t *l, uint32_t cp)
{
    size_t n = l->end - l->start;
    if (n == 0)
        return 0;
    size_t at = mz_utf8_floor(doc + l->start, n, n - 1);
    size_t k;
    return cp_at(doc + l->start + at, n - at, &k) == cp;
}

/* A title-like line: short, no sentence inside, not numbered. */
static int title_like(const char *doc, const line_t *l)
{
    size_t n = l->end - l->start, mlen;
    if (n == 0 || mz_utf8_count_max(doc + l->start, n, MAX_HEADING_CHARS) >
                      MAX_HEADING_CHARS)
        return 0;
    if (first_sentence(doc + l->start, n) + 3 < n)
        return 0;
    return !marker_rank(doc + l->start, n, &mlen);
}

static const char *const title_words[] = {
    "材料", "报告", "提纲", "发言", "讲话", "总结", "方案", "通知", "意见",
    "条例", "办法", "规定", "决定", "法", NULL
};

/* The title: the first Markdown # heading near the top, else among the
 * first few content lines the first title-like one naming a kind of
 * document, else the first title-like line.  Returns the line index or -1. */
static long find_title(const char *doc, const line_t *ln, size_t nl)
{
    long first_like = -1;
    size_t seen = 0;
    for (size_t i = 0; i < nl && seen < 6; i++) {
        if (ln[i].skip || ln[i].end == ln[i].start)
            continue;
        seen++;
        heading_t h = classify(doc, &ln[i]);
        if (h.md_level == 1) /* .txt files use Markdown headings too */
            return (long)i;
        if (h.md_level || h.rank == RANK_BOLD || !title_like(doc, &ln[i]))
            continue;
        for (const char *const *w = title_words; *w; w++)
            if (has_sub(doc + ln[i].start, ln[i].end - ln[i].start, *w))
                return (long)i;
        if (first_like < 0)
            first_like = (long)i;
    }
    return first_like;
}

int mz_split(const char *doc, size_t len, int md, mz_str_t *title,
             mz_passage_fn fn, void *ctx)
{
    size_t nl;
    line_t *ln = split_lines(doc, len, &nl);
    title->p = doc;
    title->n = 0;
    if (!ln)
        return -1;
    if (md)
        mark_markdown_noise(doc, ln, nl);
    mark_ads(doc, ln, nl);
    long t = find_title(doc, ln, nl);
    if (t >= 0) {
        heading_t h = classify(doc, &ln[t]);
        title->p = doc + h.cstart;
        title->n = h.cend - h.cstart;
    }
    splitter_t sp = {.doc = doc, .fn = fn, .ctx = ctx};
    int rc = 0, item_rank = 0;
    for (size_t i = 0; i < nl && rc == 0; i++) {
        if (ln[i].skip || ln[i].end == ln[i].start)
            continue;
        heading_t h = classify(doc, &ln[i]);
        sp.line_raw = ln[i].raw;
        /* A numbered line ending in ； is a list item (as in law articles:
         * "（一）违反…的，责令改正；"), and so is the next line numbered
         * the same way after it; neither opens a section. */
        if (h.rank && !h.md_level && h.rank != RANK_BOLD) {
            int item = ends_with(doc, &ln[i], 0xFF1B) ||
                       ends_with(doc, &ln[i], ';') || h.rank == item_rank;
            item_rank = item && ends_with(doc, &ln[i], 0xFF1B) ? h.rank : 0;
            if (item && (long)i != t)
                h = (heading_t){.cstart = h.cstart, .cend = h.cend};
        } else {
            item_rank = 0;
        }
        if ((long)i == t) {
            /* The title is searchable but opens no section. */
            rc = emit(&sp, h.cstart, h.cend, ln[i].no, 1, 0);
            continue;
        }
        if (!h.rank) {
            rc = emit_paragraph(&sp, h.cstart, h.cend, ln[i].no);
            continue;
        }
        mz_str_t name = {doc + h.hstart, h.hend - h.hstart};
        if (h.pure) {
            /* Its own section is not repeated in its path. */
            push_section(&sp, h.rank, name);
            rc = emit(&sp, h.cstart, h.cend, ln[i].no, 1, sp.depth - 1);
        } else {
            push_section(&sp, h.rank, name);
            rc = emit_paragraph(&sp, h.cstart, h.cend, ln[i].no);
        }
    }
    free(ln);
    return rc;
}
