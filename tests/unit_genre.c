/* unit_genre.c — the genre and the material type guessed from a document's
 * title and text (indexer/genre_guess.c), on short originals in each genre.
 * Given files (unit_genre FILE...), it prints each one's guess instead:
 * "genre type path", for judging it on a corpus. */
#include "check.h"
#include "genre_guess.h"
#include "passage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int stop_at_once(const mz_passage_t *p, void *ctx)
{
    return 1;
}

/* The guesses for text as mzindex makes them: the title found by the
 * splitter, then the genre, then the type. */
static void guess(const char *text, mz_genre_t *g, unsigned long *type)
{
    mz_str_t title = {0};
    mz_split(text, strlen(text), 0, &title, stop_at_once, NULL);
    mz_str_t t = {text, strlen(text)};
    *g = mz_genre_guess(title, t);
    *type = mz_speaker_type(title, t, *g);
}

static const struct {
    const char *name, *genre, *type, *text;
} cases[] = {
    {"review-title", "review", "group",
     "某县税务局领导班子2023年度民主生活会对照检查材料\n"
     "按照县委部署，局领导班子认真学习，广泛征求意见，现将对照检查情况"
     "报告如下。\n一、存在的问题\n（一）理论学习不够深入。\n"},
    {"review-personal-benren", "review", "personal",
     "# 落实巡察整改专题民主生活会对照检查材料\n\n"
     "按照区委通知要求，本人认真查摆问题，剖析根源，明确方向。\n"
     "一、存在的问题\n一是学习不够系统。党组中心组学习中，本人带头"
     "发言不够。\n二、原因分析\n放松了自我要求。\n"},
    {"review-ad-lines-first", "review", "group",
     "仅供学习 禁止外传\n会员群：\n县文旅局党组\n"
     "主题教育专题民主生活会检视剖析材料\n"
     "县文旅局党组以主题教育为主线召开这次专题民主生活会，会前，党组"
     "班子成员逐一谈心谈话，梳理出四个方面问题。\n"},
    {"review-fayan-tigang", "review", "personal",
     "组织生活会个人发言提纲\n我认真对照党章党规，查找了以下问题。\n"},
    {"review-tigang-headings", "review", "personal",
     "# 个人发言提纲\n## 一、对照检查的主要问题\n我学习不够系统。\n"
     "## 二、问题产生的原因\n放松了学习。\n"},
    {"rectify-report", "rectify", "group",
     "中共某市文化馆支部委员会关于巡察整改情况的报告\n"
     "根据市委巡察组反馈意见，支部委员会逐条研究，现将整改情况报告"
     "如下。\n一、整改工作开展情况\n"},
    {"speech", "speech", "unknown",
     "在全县作风建设推进会上的讲话\n同志们：\n今天召开这次会议，主要任务"
     "是总结经验，部署下一阶段工作。\n谢谢大家！\n"},
    {"speech-structure", "speech", "unknown",
     "年终座谈\n同志们：\n一年来，大家辛苦了。\n"},
    {"work-report", "report", "unknown",
     "2022年乡政府工作报告\n各位代表：\n过去一年，全乡上下攻坚克难，"
     "经济社会保持平稳发展。\n"},
    {"rules-title", "rules", "unknown",
     "# 某市机关事务管理办法\n\n第一条 为了规范机关事务管理，制定本办法。\n"
     "第二条 本办法适用于本市各级机关。\n"},
    {"rules-law-benren", "rules", "unknown",
     "# 中华人民共和国某某法\n\n第一条 为保障公民权益，制定本法。\n"
     "第二条 经本人同意，可以查阅其档案；本人要求更正的，应当更正。\n"
     "第三条 我国公民依法享有上述权利。\n"},
    {"rules-structure", "rules", "unknown",
     "总则\n第一条 单位职工应当遵守本守则。\n第二条 按时上下班。\n"
     "第三条 爱护公物。\n第四条 本守则自发布之日起施行。\n"},
    {"constitution-not-personal", "rules", "unknown",
     "# 中华人民共和国宪法\n\n序言\n\n中国是世界上历史最悠久的国家之一。"
     "我国各族人民共同创造了光辉灿烂的文化。\n第一条 中华人民共和国是"
     "人民民主专政的社会主义国家。\n第二条 一切权力属于人民。\n"
     "第三条 国家机构实行民主集中制的原则。\n"},
    {"notice", "notice", "unknown",
     "关于印发《机关作风整改方案》的通知\n各科室：\n"
     "现将方案印发给你们，请认真贯彻执行。\n特此通知。\n"},
    {"notice-structure", "notice", "unknown",
     "各镇街：\n为做好防汛工作，有关事项通知如下。\n一、加强值班。\n"},
    {"other-case", "other", "unknown",
     "# 加班费如何认定\n\n## 基本案情\n\n王某于2019年入职某公司，"
     "离职后申请仲裁。\n"},
    {"personal-wo-speaker", "review", "personal",
     "对照检查材料\n按照要求，我认真查摆，好人主义在我身上也有。\n"
     "一、存在的问题\n二、原因剖析\n"},
    {"group-women", "review", "group",
     "专题民主生活会对照检查材料\n会前，我们广泛征求意见。我们认为，"
     "班子在担当作为上还有差距。\n"},
    {"ziwo-not-speaker", "other", "unknown",
     "学习体会\n坚持自我革命，做到自我净化、自我完善；把“要我学”变为"
     "“我要学”的风气在全市形成。\n"},
};

static void run_cases(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        mz_genre_t g;
        unsigned long type;
        guess(cases[i].text, &g, &type);
        char name[96];
        snprintf(name, sizeof name, "genre-%s", cases[i].name);
        CHECK(name, strcmp(mz_genre_name(g), cases[i].genre) == 0,
              "got %s, want %s", mz_genre_name(g), cases[i].genre);
        snprintf(name, sizeof name, "type-%s", cases[i].name);
        CHECK(name, strcmp(mz_doc_type_name(type), cases[i].type) == 0,
              "got %s, want %s", mz_doc_type_name(type), cases[i].type);
    }
    CHECK("genre-names-round-trip",
          mz_genre_parse("rules", 5) == MZ_GENRE_RULES &&
              mz_genre_parse("rule", 4) == -1 &&
              strcmp(mz_genre_name(99), "other") == 0,
          "parse/name disagree");
    char term[MZ_GENRE_TERM_MAX];
    size_t n = mz_genre_term(MZ_GENRE_REVIEW, term);
    CHECK("genre-term", n == 7 && memcmp(term, "Greview", 7) == 0,
          "term %.*s", (int)n, term);
}

/* unit_genre FILE...: each file's guess (UTF-8 text files). */
static int print_guesses(int n, char **files)
{
    for (int i = 0; i < n; i++) {
        FILE *f = fopen(files[i], "rb");
        if (!f) {
            perror(files[i]);
            continue;
        }
        char *buf = malloc(1 << 22);
        size_t len = buf ? fread(buf, 1, (1 << 22) - 1, f) : 0;
        fclose(f);
        if (!buf)
            return 1;
        buf[len] = '\0';
        mz_genre_t g;
        unsigned long type;
        guess(buf, &g, &type);
        printf("%s %s %s\n", mz_genre_name(g), mz_doc_type_name(type),
               files[i]);
        free(buf);
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1)
        return print_guesses(argc - 1, argv + 1);
    run_cases();
    return check_failures ? 1 : 0;
}
