/* genre_guess.c — a document's genre and material type from its title and
 * text (see genre_guess.h). */
#include "genre_guess.h"
#include "passage.h"

#include <string.h>

/* The opening lines read for the words that name a document: at most
 * HEAD_LINES non-empty lines, up to the first longer than HEAD_MAX_BYTES
 * (a paragraph: the material has begun).  The structure is read in the
 * first SCAN_BYTES of the text. */
enum { HEAD_LINES = 16, HEAD_MAX_BYTES = 50 * 3, SCAN_BYTES = 1 << 20,
       MIN_ARTICLES = 3, MAX_QUOTE = 2000 };

/* The words that name a kind of document, as a title ends with them. */
static const struct {
    const char *word;
    mz_genre_t genre;
} cues[] = {
    {"对照检查", MZ_GENRE_REVIEW}, {"检视剖析", MZ_GENRE_REVIEW},
    {"剖析材料", MZ_GENRE_REVIEW}, {"党性分析", MZ_GENRE_REVIEW},
    {"检视材料", MZ_GENRE_REVIEW}, {"查摆材料", MZ_GENRE_REVIEW},
    {"对照材料", MZ_GENRE_REVIEW}, {"检视问题清单", MZ_GENRE_REVIEW},
    {"整改报告", MZ_GENRE_RECTIFY}, {"整改方案", MZ_GENRE_RECTIFY},
    {"整改情况", MZ_GENRE_RECTIFY}, {"整改清单", MZ_GENRE_RECTIFY},
    {"整改落实", MZ_GENRE_RECTIFY}, {"整改工作", MZ_GENRE_RECTIFY},
    {"讲话", MZ_GENRE_SPEECH}, {"发言", MZ_GENRE_SPEECH},
    {"发言提纲", MZ_GENRE_SPEECH}, {"致辞", MZ_GENRE_SPEECH},
    {"讲稿", MZ_GENRE_SPEECH}, {"党课", MZ_GENRE_SPEECH},
    {"演讲", MZ_GENRE_SPEECH}, {"主持词", MZ_GENRE_SPEECH},
    {"工作报告", MZ_GENRE_REPORT}, {"报告", MZ_GENRE_REPORT},
    {"工作总结", MZ_GENRE_REPORT}, {"总结", MZ_GENRE_REPORT},
    {"述职", MZ_GENRE_REPORT}, {"述责述廉", MZ_GENRE_REPORT},
    {"条例", MZ_GENRE_RULES}, {"规定", MZ_GENRE_RULES},
    {"办法", MZ_GENRE_RULES}, {"细则", MZ_GENRE_RULES},
    {"规则", MZ_GENRE_RULES}, {"准则", MZ_GENRE_RULES},
    {"章程", MZ_GENRE_RULES}, {"守则", MZ_GENRE_RULES},
    {"规范", MZ_GENRE_RULES}, {"制度", MZ_GENRE_RULES},
    {"解释", MZ_GENRE_RULES}, {"决定", MZ_GENRE_RULES},
    {"标准", MZ_GENRE_RULES}, {"法", MZ_GENRE_RULES},
    {"修正案", MZ_GENRE_RULES}, {"批复", MZ_GENRE_RULES},
    {"决议", MZ_GENRE_RULES}, {"解答", MZ_GENRE_RULES},
    {"通知", MZ_GENRE_NOTICE}, {"通报", MZ_GENRE_NOTICE},
    {"公告", MZ_GENRE_NOTICE}, {"通告", MZ_GENRE_NOTICE},
};

/* Words ending in 法 that name no law. */
static const char *const not_law[] = {"方法", "做法", "想法", "看法", "说法",
                                      "手法", "写法", "用法", "算法", NULL};

static int has(const char *s, size_t n, const char *w)
{
    return memmem(s, n, w, strlen(w)) != NULL;
}

static int starts(const char *s, size_t n, const char *w)
{
    size_t k = strlen(w);
    return n >= k && memcmp(s, w, k) == 0;
}

/* ---- lines ---------------------------------------------------------------- */

/* The next line of text from *at, trimmed of white space (full-width too)
 * and of Markdown's # and ** marks; 0 at the end. */
static int next_line(mz_str_t text, size_t *at, mz_str_t *line)
{
    if (*at >= text.n)
        return 0;
    const char *s = text.p + *at, *nl = memchr(s, '\n', text.n - *at);
    size_t n = nl ? (size_t)(nl - s) : text.n - *at;
    *at += n + (nl != NULL);
    for (;;) {
        if (n && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '#' ||
                  *s == '*' || *s == '>'))
            s++, n--;
        else if (starts(s, n, "\xe3\x80\x80"))  /* ideographic space */
            s += 3, n -= 3;
        else
            break;
    }
    for (;;) {
        if (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
                  s[n - 1] == '*'))
            n--;
        else if (n >= 3 && memcmp(s + n - 3, "\xe3\x80\x80", 3) == 0)
            n -= 3;
        else
            break;
    }
    *line = (mz_str_t){s, n};
    return 1;
}

/* A line that names a document, not a sentence: no sentence or clause
 * mark in it, and it does not end with a colon (各科室：). */
static int title_like(mz_str_t l)
{
    static const char *const marks[] = {"。", "，", "；", "！", "？", NULL};
    for (const char *const *m = marks; *m; m++)
        if (has(l.p, l.n, *m))
            return 0;
    return !(l.n >= 3 && memcmp(l.p + l.n - 3, "：", 3) == 0) &&
           !(l.n && l.p[l.n - 1] == ':');
}

/* Calls fn on the title and on the opening title-like lines of the text
 * (see HEAD_LINES) until it returns nonzero, which is returned. */
typedef int (*head_fn)(mz_str_t line, void *ctx);

static int each_head_line(mz_str_t title, mz_str_t text, head_fn fn,
                          void *ctx)
{
    int r = title.n ? fn(title, ctx) : 0;
    size_t at = 0, seen = 0;
    mz_str_t l;
    while (!r && seen < HEAD_LINES && next_line(text, &at, &l)) {
        if (l.n == 0 || mz_is_ad_line(l.p, l.n))
            continue;
        if (l.n > HEAD_MAX_BYTES)
            break;
        seen++;
        if (title_like(l))
            r = fn(l, ctx);
    }
    return r;
}

/* ---- the words of a title ------------------------------------------------ */

static int is_law_end(mz_str_t l, size_t at)
{
    /* 法 ends the name: the line's end, or a date or note in brackets */
    size_t end = at + 3;
    if (end < l.n && l.p[end] != '(' && !starts(l.p + end, l.n - end, "（"))
        return 0;
    for (const char *const *w = not_law; *w; w++)
        if (at >= 3 && memcmp(l.p + at - 3, *w, 6) == 0)
            return 0;
    return 1;
}

/* The genre the line names (its last naming word outside 《》), or -1. */
static int line_genre(mz_str_t l)
{
    int depth = 0, best = -1;
    size_t best_end = 0, best_len = 0;
    for (size_t i = 0; i < l.n; i++) {
        if (starts(l.p + i, l.n - i, "《"))
            depth++;
        else if (starts(l.p + i, l.n - i, "》") && depth > 0)
            depth--;
        if (depth)
            continue;
        for (size_t c = 0; c < sizeof cues / sizeof *cues; c++) {
            size_t k = strlen(cues[c].word), end = i + k;
            if (!starts(l.p + i, l.n - i, cues[c].word) ||
                (cues[c].genre == MZ_GENRE_RULES && k == 3 &&
                 !is_law_end(l, i)))
                continue;
            if (end > best_end || (end == best_end && k > best_len)) {
                best = (int)c;
                best_end = end;
                best_len = k;
            }
        }
    }
    if (best < 0)
        return -1;
    mz_genre_t g = cues[best].genre;
    /* a speech at a 民主生活会 is a member's review of himself, unless a
     * leader addressed it (讲话); a report (or a 通报) on 整改 is a
     * rectify report */
    if (g == MZ_GENRE_SPEECH && has(l.p, l.n, "生活会") &&
        strcmp(cues[best].word, "讲话") != 0)
        return MZ_GENRE_REVIEW;
    if ((g == MZ_GENRE_REPORT || strcmp(cues[best].word, "通报") == 0) &&
        has(l.p, l.n, "整改"))
        return MZ_GENRE_RECTIFY;  /* 整改情况的通报: made public */
    return (int)g;
}

static int named_genre(mz_str_t line, void *ctx)
{
    int g = line_genre(line);
    if (g >= 0)
        *(int *)ctx = g;
    return g >= 0;
}

/* ---- the structure -------------------------------------------------------- */

static int is_cn_digit3(const char *s)
{
    static const char *const digits[] = {"一", "二", "三", "四", "五", "六",
                                         "七", "八", "九", "十", "百", "千",
                                         "零", "〇", "两", NULL};
    for (const char *const *d = digits; *d; d++)
        if (memcmp(s, *d, 3) == 0)
            return 1;
    return 0;
}

/* The line opens an article: 第 + a number + 条. */
static int is_article(mz_str_t l)
{
    if (!starts(l.p, l.n, "第"))
        return 0;
    size_t i = 3, digits = 0;
    while (i < l.n && digits < 8) {
        if (l.p[i] >= '0' && l.p[i] <= '9')
            i++;
        else if (i + 3 <= l.n && is_cn_digit3(l.p + i))
            i += 3;
        else
            break;
        digits++;
    }
    return digits && starts(l.p + i, l.n - i, "条");
}

/* A top heading (一、… ) naming the problems, or their causes (or the
 * review itself: 对照检查, 检视). */
static void heading_parts(mz_str_t l, int *problems, int *causes)
{
    if (l.n < 6 || !is_cn_digit3(l.p) || !starts(l.p + 3, l.n - 3, "、") ||
        l.n > HEAD_MAX_BYTES)
        return;
    int review = has(l.p, l.n, "对照检查") || has(l.p, l.n, "检视");
    *problems |= review || has(l.p, l.n, "问题") || has(l.p, l.n, "差距");
    *causes |= review || has(l.p, l.n, "原因") || has(l.p, l.n, "根源") ||
               has(l.p, l.n, "剖析");
}

/* The headings of a review: the problems and their causes. */
static int review_headings(mz_str_t scan)
{
    size_t at = 0;
    int problems = 0, causes = 0;
    mz_str_t l;
    while (next_line(scan, &at, &l) && !(problems && causes))
        heading_parts(l, &problems, &causes);
    return problems && causes;
}

static size_t count_articles(mz_str_t scan)
{
    size_t at = 0, articles = 0;
    mz_str_t l;
    while (next_line(scan, &at, &l) && articles < MIN_ARTICLES)
        articles += is_article(l);
    return articles;
}

static mz_genre_t structure_genre(mz_str_t scan)
{
    mz_str_t head = {scan.p, scan.n < 3000 ? scan.n : 3000}, l;
    size_t at = 0;
    int problems = 0, causes = 0;
    while (next_line(scan, &at, &l)) {
        heading_parts(l, &problems, &causes);
        if (starts(l.p, l.n, "同志们"))
            return MZ_GENRE_SPEECH;
    }
    if (has(scan.p, scan.n, "特此通知") || has(head.p, head.n, "通知如下"))
        return MZ_GENRE_NOTICE;
    if (has(head.p, head.n, "报告如下"))
        return has(head.p, head.n, "整改") ? MZ_GENRE_RECTIFY
                                           : MZ_GENRE_REPORT;
    if (problems && causes)
        return MZ_GENRE_REVIEW;
    if (has(scan.p, scan.n, "谢谢大家"))
        return MZ_GENRE_SPEECH;
    return MZ_GENRE_OTHER;
}

/* The title's word first; then articles (a law's opening lines name who
 * passed or announced it: 公告, 决定); then the opening lines' words; then
 * the rest of the structure. */
mz_genre_t mz_genre_guess(mz_str_t title, mz_str_t text)
{
    int g = title.n ? line_genre(title) : -1;
    mz_str_t scan = {text.p, text.n < SCAN_BYTES ? text.n : SCAN_BYTES};
    /* a member's 发言提纲 that reviews himself is a review */
    if (g == MZ_GENRE_SPEECH && !has(title.p, title.n, "讲话") &&
        review_headings(scan))
        return MZ_GENRE_REVIEW;
    if (g >= 0)
        return (mz_genre_t)g;
    if (count_articles(scan) >= MIN_ARTICLES)
        return MZ_GENRE_RULES;
    if (each_head_line((mz_str_t){0}, text, named_genre, &g))
        return (mz_genre_t)g;
    return structure_genre(scan);
}

/* ---- who speaks ------------------------------------------------------------ */

/* What may follow 我 when it is not the speaker: 我们, 我国, 我省 … */
static const char *const not_me[] = {
    "们", "国", "省", "市", "区", "县", "党", "军", "院", "局", "委", "部",
    "厅", "校", "司", "乡", "镇", "村", "州", "所", "队", "处", "科", "会",
    "社", "方", "行", "公", "厂", "单", "团", "馆", "站", "台", NULL};
/* What opens a clause. */
static const char *const clause_marks[] = {"，", "。", "；", "：", "！", "？",
                                           "、", NULL};
static const char *const group_words[] = {"领导班子", "班子", "党组", "党委", "支部",
                                          "党总支", NULL};

static int opens_clause(const char *text, size_t at)
{
    if (at == 0 || text[at - 1] == '\n' || text[at - 1] == ' ')
        return 1;
    for (const char *const *m = clause_marks; *m; m++)
        if (at >= 3 && memcmp(text + at - 3, *m, 3) == 0)
            return 1;
    return 0;
}

static int is_speaker_me(mz_str_t t, size_t at)
{
    if (!opens_clause(t.p, at))
        return 0;
    for (const char *const *w = not_me; *w; w++)
        if (starts(t.p + at + 3, t.n - at - 3, *w))
            return 0;
    return 1;
}

static int head_type(mz_str_t line, void *ctx)
{
    unsigned long *type = ctx;
    if (has(line.p, line.n, "个人"))
        *type = MZ_TYPE_PERSONAL;
    for (const char *const *g = group_words; !*type && *g; g++)
        if (has(line.p, line.n, *g))
            *type = MZ_TYPE_GROUP;
    return *type != MZ_TYPE_UNKNOWN;
}

/* A group word opening a clause as its subject: not 班子成员 (members,
 * whom a member writes of too) nor 党组织 (any Party organisation). */
static int group_subject(mz_str_t t, size_t at)
{
    /* the word first: a clause opening is dearer to test */
    for (const char *const *w = group_words; *w; w++) {
        size_t k = strlen(*w);
        if (starts(t.p + at, t.n - at, *w))
            return opens_clause(t.p, at) &&
                   !starts(t.p + at + k, t.n - at - k, "成员") &&
                   !starts(t.p + at + k, t.n - at - k, "织");
    }
    return 0;
}

unsigned long mz_speaker_type(mz_str_t title, mz_str_t text, mz_genre_t g)
{
    unsigned long type = MZ_TYPE_UNKNOWN;
    if (g == MZ_GENRE_RULES || g == MZ_GENRE_NOTICE ||
        each_head_line(title, text, head_type, &type))
        return type;
    /* a speaker addresses the room as 我们: no evidence of a group */
    if (g == MZ_GENRE_SPEECH)
        return MZ_TYPE_UNKNOWN;
    /* 本人 opening a clause is a person writing of himself (a group never
     * calls itself so): it weighs as much as three 我.  Words in quotation
     * marks are someone else's (a slogan, a witness). */
    size_t me = 0, we = 0, n = text.n < SCAN_BYTES ? text.n : SCAN_BYTES;
    mz_str_t t = {text.p, n};
    size_t quoted = 0;  /* where a quotation opened, plus one */
    for (size_t i = 0; i + 3 <= n; i++) {
        if (starts(t.p + i, n - i, "“") || starts(t.p + i, n - i, "「"))
            quoted = i + 1;
        else if (starts(t.p + i, n - i, "”") ||
                 starts(t.p + i, n - i, "」") || i >= quoted + MAX_QUOTE)
            quoted = 0;  /* closed, or never closed */
        if (quoted)
            continue;
        if (starts(t.p + i, n - i, "本人") && opens_clause(t.p, i))
            me += 3;
        else if (starts(t.p + i, n - i, "自己") && opens_clause(t.p, i))
            me++;
        else if (starts(t.p + i, n - i, "我们"))
            we++;
        else if (starts(t.p + i, n - i, "我") && is_speaker_me(t, i))
            me++;
        else
            we += group_subject(t, i);
    }
    return me > we ? MZ_TYPE_PERSONAL
           : we > me ? MZ_TYPE_GROUP : MZ_TYPE_UNKNOWN;
}
