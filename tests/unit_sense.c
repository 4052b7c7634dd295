/* unit_sense.c — the sense test (query/sense.h) on sentences of the genre:
 * a hit whose characters belong to other words, and hits in their own
 * sense that must not be marked (a false mark is worse than a miss). */
#include "check.h"
#include "query.h"
#include "sense.h"

#include <string.h>

typedef struct {
    const char *text, *word;
    int other;          /* 1: another word's characters */
    const char *taken;  /* the word that takes the hit's edge, if other */
} case_t;

static const case_t cases[] = {
    /* another word */
    {"违反第四项至第八项规定的，由主管部门责令改正", "八项规定", 1, "第八项"},
    {"有前款第八项规定情形的", "八项规定", 1, "第八项"},
    {"为航运营商环境建设提供便利", "营商环境", 1, "运营商"},
    {"明确街道办事处的职责任务", "责任", 1, "职责"},
    {"全中国人民的共同义务", "中国人", 1, "人民"},
    /* the word's own sense */
    {"严格落实中央八项规定精神，持之以恒纠治四风", "八项规定", 0, NULL},
    {"深入贯彻八项规定", "八项规定", 0, NULL},
    {"坚决反对四风，力戒形式主义", "四风", 0, NULL},
    {"警惕形式主义者的表面文章", "形式主义", 0, NULL},
    {"起草部门应当深入调查研究", "调查研究", 0, NULL},
    {"深入基层进行实地调查研究", "调查研究", 0, NULL},
    {"加强党风廉政建设工作", "廉政", 0, NULL},
    {"防范化解高风险领域", "风险", 0, NULL},
    {"完善营商环境监测评价制度", "营商环境", 0, NULL},
    {"参加脱产学习的时间", "学习", 0, NULL},
    {"同违背党章、违反党的纪律规矩的现象亮剑", "纪律规矩", 0, NULL},
    {"报中央纪律检查委员会备案", "纪律", 0, NULL},
    {"村民主动参与社区治理", "民主", 1, "村民"},
    {"反对帝国主义、殖民主义", "民主", 1, "殖民主义"},
    {"新民主主义革命时期的革命前辈", "民主", 0, NULL},
    {"总政治部主任", "政治", 0, NULL},
    {"加入中国共产主义青年团", "主义", 0, NULL},
    {"违反业主义务的", "主义", 1, "业主"},
    {"“八项规定”", "八项规定", 0, NULL},
};

static void check_case(const case_t *c)
{
    char name[256];
    const char *at = strstr(c->text, c->word);
    size_t s = (size_t)(at - c->text), e = s + strlen(c->word);
    mz_hit_t w = {0, 0};
    int got = mz_sense_other(c->text, strlen(c->text), s, e, &w);
    snprintf(name, sizeof name, "sense %s in %s is %s", c->word, c->text,
             c->other ? "another word's" : "its own");
    CHECK(name, got == c->other, "got %s", got ? "other" : "own");
    if (got && c->other && c->taken) {
        snprintf(name, sizeof name, "sense %s in %s: taken by %s", c->word,
                 c->text, c->taken);
        CHECK(name, w.end - w.start == strlen(c->taken) &&
                        memcmp(c->text + w.start, c->taken, w.end - w.start)
                            == 0,
              "got '%.*s'", (int)(w.end - w.start), c->text + w.start);
    }
}

/* A passage is another word's only when the word occurs in it only so. */
static void check_passage(void)
{
    mz_qnode_t *t = NULL;
    const char *both = "违反第八项规定的，以及违反中央八项规定精神的";
    const char *only = "违反第八项规定的";
    mz_hit_t w;
    CHECK("sense passage: the query parses",
          mz_query_parse("八项规定", &t) == MZ_PARSE_OK, "parse failed");
    CHECK("sense passage: other when every occurrence is another word's",
          mz_sense_passage(t, only, strlen(only), &w) == 1, "own");
    CHECK("sense passage: own when one occurrence is its own",
          mz_sense_passage(t, both, strlen(both), &w) == 0, "other");
    mz_qnode_free(t);
    t = NULL;
    CHECK("sense passage: an AND parses",
          mz_query_parse("八项规定 违反", &t) == MZ_PARSE_OK, "parse failed");
    CHECK("sense passage: an AND is other when one of its words is",
          mz_sense_passage(t, only, strlen(only), &w) == 1, "own");
    mz_qnode_free(t);
    t = NULL;
    CHECK("sense passage: a one-character word is not judged",
          mz_query_parse("风", &t) == MZ_PARSE_OK &&
              mz_sense_passage(t, "作风建设", strlen("作风建设"), &w) == 0,
          "other");
    mz_qnode_free(t);
}

int main(void)
{
    CHECK("sense: the word list is linked, with its version",
          mz_sense_version()[0] != '\0', "no version");
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        check_case(&cases[i]);
    check_passage();
    return check_failures ? 1 : 0;
}
