/* unit_passage.c — passages, headings, sections, titles, advertising. */
#include "check.h"
#include "passage.h"
#include "segment.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    char text[64][1024];
    char sect[64][512];
    unsigned long line[64], column[64];
    size_t start[64], end[64];
    int heading[64];
    int n;
} got_t;

static int collect(const mz_passage_t *p, void *vctx)
{
    got_t *g = vctx;
    if (g->n == 64)
        return 1;
    size_t n = p->end - p->start < 1023 ? p->end - p->start : 1023;
    memcpy(g->text[g->n], p->text, n);
    g->text[g->n][n] = '\0';
    g->sect[g->n][0] = '\0';
    for (unsigned i = 0; i < p->nsection; i++) {
        if (i)
            strcat(g->sect[g->n], "|");
        strncat(g->sect[g->n], p->section[i].p,
                p->section[i].n < 200 ? p->section[i].n : 200);
    }
    g->line[g->n] = p->line;
    g->column[g->n] = p->column;
    g->start[g->n] = p->start;
    g->end[g->n] = p->end;
    g->heading[g->n] = p->is_heading;
    g->n++;
    return 0;
}

static int find(const got_t *g, const char *prefix)
{
    for (int i = 0; i < g->n; i++)
        if (strncmp(g->text[i], prefix, strlen(prefix)) == 0)
            return i;
    return -1;
}

static got_t g;

static void split(const char *doc, int md, mz_str_t *title)
{
    memset(&g, 0, sizeof g);
    mz_split(doc, strlen(doc), md, title, collect, &g);
}

int main(void)
{
    mz_str_t title;
    split("仅供学习 禁止外传\n"
          "自建平台、实时分享\n"
          "会员群：        免费QQ群：\n"
          "\n"
          "某局领导班子专题民主生活会对照检查材料\n"
          "按照要求，班子认真查摆问题。\n"
          "一、存在的问题\n"
          "（一）理论学习不深入。主要表现在：学得不透。\n"
          "一是学习不系统。\n"
          "（二)作风建设有差距\n"
          "存在形式主义问题。\n"
          "二、整改措施\n"
          "持续纠治四风。\n", 0, &title);
    CHECK("title found", title.n && strncmp(title.p, "某局领导班子专题",
                                                 strlen("某局领导班子专题")) == 0,
          "title '%.*s'", (int)title.n, title.p);
    CHECK("ad lines dropped", find(&g, "仅供学习") < 0 &&
                                  find(&g, "会员群") < 0,
          "an ad line became a passage");
    CHECK("slogan between ads dropped", find(&g, "自建平台") < 0,
          "slogan kept");
    {
        mz_str_t t2;
        got_t keep = g;
        split("材料\n仅供学习 禁止外传\n一、存在的问题\n"
              "（一）学习不够\n会员群请联系\n", 0, &t2);
        CHECK("heading between ads kept", find(&g, "一、存在的问题") >= 0 &&
                                              find(&g, "（一）学习不够") >= 0,
              "a heading near ads was dropped");
        g = keep;
    }
    int i = find(&g, "一是学习不系统");
    CHECK("section path of an item",
          i >= 0 && strcmp(g.sect[i], "一、存在的问题|（一）理论学习不深入") == 0,
          "got '%s'", i >= 0 ? g.sect[i] : "(none)");
    CHECK("line number", i >= 0 && g.line[i] == 9, "line %lu",
          i >= 0 ? g.line[i] : 0);
    i = find(&g, "（一）理论学习");
    CHECK("heading-led paragraph is a passage in its own section",
          i >= 0 && !g.heading[i] &&
              strcmp(g.sect[i], "一、存在的问题|（一）理论学习不深入") == 0,
          "got '%s'", i >= 0 ? g.sect[i] : "(none)");
    i = find(&g, "存在形式主义");
    CHECK("mixed brackets （二) open a section",
          i >= 0 && strcmp(g.sect[i], "一、存在的问题|（二)作风建设有差距") == 0,
          "got '%s'", i >= 0 ? g.sect[i] : "(none)");
    i = find(&g, "二、整改措施");
    CHECK("pure heading is a passage under its parents only",
          i >= 0 && g.heading[i] && g.sect[i][0] == '\0', "got '%s'",
          i >= 0 ? g.sect[i] : "(none)");
    i = find(&g, "持续纠治");
    CHECK("a new top heading closes the old subsections",
          i >= 0 && strcmp(g.sect[i], "二、整改措施") == 0, "got '%s'",
          i >= 0 ? g.sect[i] : "(none)");

    split("---\nweight: 1\n---\n# 某某同志发言提纲\n\n<!-- note -->\n"
          "## 第一章 总则\n\n**一、学习情况**\n\n本人认真学习。\n", 1, &title);
    CHECK("markdown title", title.n == strlen("某某同志发言提纲"),
          "title '%.*s'", (int)title.n, title.p);
    CHECK("front matter and comments skipped",
          find(&g, "weight") < 0 && find(&g, "<!--") < 0, "noise indexed");
    i = find(&g, "本人认真学习");
    CHECK("markdown and bold headings nest",
          i >= 0 && strcmp(g.sect[i], "第一章 总则|一、学习情况") == 0,
          "got '%s'", i >= 0 ? g.sect[i] : "(none)");
    i = find(&g, "一、学习情况");
    CHECK("bold markup stripped from the passage", i >= 0, "no passage");

    /* A long paragraph with items: cut before 二是/三是, never mid-run. */
    static char doc[16384];
    strcpy(doc, "（三）作风不实。主要表现在：");
    const char *items[] = {"一是", "二是", "三是", "四是"};
    for (int k = 0; k < 4; k++) {
        strcat(doc, items[k]);
        for (int r = 0; r < 12; r++)
            strcat(doc, "调查研究不够深入细致，");
        strcat(doc, "效果不好。");
    }
    strcat(doc, "\n");
    split(doc, 0, &title);
    int ok = g.n >= 3, mid_run = 0;
    for (i = 0; i < g.n; i++) {
        size_t chars = mz_utf8_count(g.text[i], strlen(g.text[i]));
        ok &= chars <= MZ_PASSAGE_MAX_CHARS && g.line[i] == 1;
        if (i > 0)
            ok &= g.start[i] == g.end[i - 1];
        /* the byte before each cut is punctuation, not a Han character */
        if (i > 0) {
            uint32_t cp;
            size_t b = mz_utf8_floor(doc, strlen(doc), g.start[i] - 1);
            mz_utf8_decode(doc + b, strlen(doc) - b, &cp);
            mid_run |= mz_is_han(cp);
        }
    }
    CHECK("long paragraph cut into pieces", ok, "%d pieces", g.n);
    CHECK("cuts fall between runs", !mid_run, "a cut split a Han run");
    CHECK("cuts prefer item markers", g.n > 1 && strncmp(g.text[1], "二是", 6) == 0,
          "second piece starts '%.12s'", g.n > 1 ? g.text[1] : "");
    /* the pieces after the first say where on the line they start */
    int cols = g.n > 1 && g.column[0] == 0;
    for (i = 1; i < g.n; i++)
        cols &= g.column[i] == g.start[i] + 1;
    CHECK("later pieces carry their byte column", cols, "first %lu, second %lu",
          g.column[0], g.n > 1 ? g.column[1] : 0);
    /* a second line: columns count from that line's start */
    size_t tl = strlen("题目\n");
    memmove(doc + tl, doc, strlen(doc) + 1);
    memcpy(doc, "题目\n", tl);
    split(doc, 0, &title);
    i = find(&g, "二是");
    CHECK("column counts from its own line", i > 0 && g.line[i] == 2 &&
          g.column[i] == g.start[i] - tl + 1, "line %lu column %lu start %zu",
          i > 0 ? g.line[i] : 0, i > 0 ? g.column[i] : 0, i > 0 ? g.start[i] : 0);

    CHECK("ad detector leaves content alone",
          !mz_is_ad_line("会员大会是本会的最高权力机构。",
                         strlen("会员大会是本会的最高权力机构。")),
          "content line taken for an ad");
    return check_failures != 0;
}
