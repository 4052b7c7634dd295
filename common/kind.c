/* kind.c — section kinds from heading words (see kind.h). */
#include "kind.h"
#include "find.h"

#include <stdio.h>
#include <string.h>

/* Checked in this order: "整改措施落实情况" is progress, not measures, and
 * "产生问题的原因" is causes, not problems. */
static const struct {
    const char *kind;
    const char *words[10];
} rules[] = {
    {"progress", {"落实情况", "整改情况", "进展", "成效", "完成情况",
                  "工作情况", NULL}},
    {"causes", {"原因", "根源", "剖析", "根子", NULL}},
    {"measures", {"措施", "整改", "方向", "努力", "打算", "下一步", "今后",
                  NULL}},
    {"problems", {"问题", "查摆", "差距", "不足", "表现", NULL}},
};

const char *const mz_kinds_termed[] = {"progress", "causes", "measures",
                                       "problems", NULL};

size_t mz_kind_term(const char *kind, char *buf)
{
    int n = snprintf(buf, MZ_KIND_TERM_MAX, "%s%s", MZ_KIND_PREFIX, kind);
    return n < MZ_KIND_TERM_MAX ? (size_t)n : MZ_KIND_TERM_MAX - 1;
}

static int has(const mz_str_t *s, const char *w)
{
    return mz_find(s->p, s->n, w, strlen(w)) != NULL;
}

const char *mz_section_kind(const mz_str_t *section, unsigned n)
{
    for (unsigned h = 0; h < n; h++)
        for (size_t r = 0; r < sizeof rules / sizeof *rules; r++)
            for (const char *const *w = rules[r].words; *w; w++)
                if (has(&section[h], *w))
                    return rules[r].kind;
    return "other";
}

const char *mz_query_kind(const char *query)
{
    mz_str_t q = {query, strlen(query)};
    const char *k = mz_section_kind(&q, 1);
    return strcmp(k, "other") == 0 ? NULL : k;
}

int mz_kind_valid(const char *name)
{
    if (strcmp(name, "other") == 0)
        return 1;
    for (size_t r = 0; r < sizeof rules / sizeof *rules; r++)
        if (strcmp(name, rules[r].kind) == 0)
            return 1;
    return 0;
}
