/* genre.h — what sort of document a file is, guessed once at indexing
 * (indexer/genre_guess.c) and kept on each of its passages: a filter
 * (mzsearch --genre), a facet, a field of every result, and evidence for
 * ranking.  The codes are short ASCII words, stable in JSON and on the
 * command line:
 *   review   对照检查材料 (民主生活会/组织生活会 materials, 检视剖析 …)
 *   rectify  整改报告, 整改方案, 整改情况
 *   speech   讲话, 发言, 致辞, 党课
 *   report   工作报告, 工作总结, 述职报告
 *   rules    laws, regulations, Party rules (法, 条例, 规定, 办法 … with
 *            第X条 articles)
 *   notice   通知, 通报, 公告
 *   other    anything else
 */
#ifndef MZ_GENRE_H
#define MZ_GENRE_H

#include <stddef.h>

typedef enum {
    MZ_GENRE_OTHER = 0,  /* also: a record written before genres */
    MZ_GENRE_REVIEW,
    MZ_GENRE_RECTIFY,
    MZ_GENRE_SPEECH,
    MZ_GENRE_REPORT,
    MZ_GENRE_RULES,
    MZ_GENRE_NOTICE,
    MZ_NGENRES
} mz_genre_t;

/* The code of a genre ("review" …; "other" for anything out of range). */
const char *mz_genre_name(unsigned long g);
/* The genre of a code, or -1 when name is none of them. */
int mz_genre_parse(const char *name, size_t len);

/* Every passage carries the boolean term MZ_GENRE_PREFIX + its genre's
 * code ("Greview"); its record carries the genre too (record.h). */
enum { MZ_GENRE_TERM_MAX = 16 };
/* The term of genre g in buf (at least MZ_GENRE_TERM_MAX bytes); returns
 * its length. */
size_t mz_genre_term(unsigned long g, char *buf);

#endif
