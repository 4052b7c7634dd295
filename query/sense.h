/* sense.h — is a literal hit the query's own word, or part of another?
 *
 * 八项规定 (the eight-point rules) also stands in 违反第四项至第八项规定的
 * ("breaks items four to eight"), where its characters belong to 第八项
 * and 规定.  The test cuts the Han run around a hit as the likeliest
 * sequence of dictionary words (a word frequency list compiled into the
 * program: query/sense_compile.py) and asks whether the hit begins and ends
 * where words do.  A hit that is the tail of a longer word (高风险 for 风险,
 * 党风廉政 for 廉政) or that ends inside a longer word (形式主义者 for
 * 形式主义) keeps its sense: those words are kinds of it.  A hit whose first
 * character is taken by the word before it (第八项|规定) is another word,
 * unless that word keeps two characters or more before the hit and two
 * or more from it on, and either part is a word (实地调查|研究: 实地 + 调查;
 * 党的纪律|规矩: 党的 + 纪律; 中央纪律检查委员会 for 纪律: 中央 + …), or the
 * hit is one of the parts of a word it stands inside (总政治部: 总|政治部;
 * not so 殖民主义 for 民主: 殖民|主义); so is a hit whose last character
 * begins the next word (中国|人民 for 中国人), or, a word of the list,
 * whose last characters begin a word that runs two or more past it
 * (组织|生活必需品 for 组织生活).  Only when the hit's own cut costs clearly more
 * (MZ_SENSE_MARGIN): a near tie keeps the sense.
 */
#ifndef MZ_SENSE_H
#define MZ_SENSE_H

#include "mzsearch.h"
#include "query.h"

#include <stddef.h>

/* Room for a word of the list, as UTF-8 with its NUL (sense.c looks up
 * words of up to 16 characters). */
enum { MZ_SENSE_WORD_MAX = 16 * 4 + 1 };

/* mz_sense_version() (mzsearch.h) names the dictionary, as recorded in
 * an index (schema.h, MZ_META_SENSE); without it every hit keeps its
 * sense. */

/* 1 if text[start..end) (a hit of two Han characters or more, on
 * character boundaries) belongs to another word; *word then holds the
 * byte range of the dictionary word that takes its edge.  0 otherwise. */
int mz_sense_other(const char *text, size_t len, size_t start, size_t end,
                   mz_hit_t *word);

/* 1 if text[start..end) (Han characters, on character boundaries) stands
 * as whole words: the likeliest cut with a word edge at start and at end
 * is not clearly (MZ_SENSE_MARGIN) dearer than the likeliest cut (政治纪律
 * in 严守政治纪律, 政治|纪律; not 委要求 in 按照区委要求, 区委|要求).  1
 * when it cannot be told (no dictionary, no Han neighbour). */
int mz_sense_whole(const char *text, size_t len, size_t start, size_t end);

/* The words a word is made of: word[0..len) (Han characters only, four
 * to MZ_SENSE_PARTS_MAX) cut as the likeliest sequence of shorter words
 * of the list (理论学习: 理论|学习; 批评与自我批评: 批评|与|自我批评), and
 * its pieces of two characters or more (the joining 与 left out) as byte
 * ranges in parts[0..max).  Returns how many, or 0 when fewer than two or
 * when a character of its own is more than one joint between two pieces
 * (民主|生活|会), or a piece counts (第一|议题, 八项|规定; no dictionary:
 * 0). */
enum { MZ_SENSE_PARTS_MAX = 12 };
size_t mz_sense_parts(const char *word, size_t len, mz_hit_t *parts,
                      size_t max);

/* 1 if the tree matches text[0..len) only through other words: a word of
 * the tree of two Han characters or more that occurs in the text only
 * inside other words (for an AND, one such word is enough; for an OR,
 * every alternative found must be so).  hits: where mz_query_eval found
 * the tree's words in the text (only there are they looked for), or NULL
 * (everywhere).  *word: where the first such occurrence's other word
 * stands. */
int mz_sense_passage(const mz_qnode_t *tree, const char *text, size_t len,
                     const mz_hits_t *hits, mz_hit_t *word);

/* 1 if the words of the tree (the words apart, mz_query_apart) stand in
 * text[0..len) in their own sense, the parts of each word near one another
 * and in its order in one sentence (within some 32 characters: 好人 … 主义 not in a clause
 * that speaks of 身边好人 and, far on, of 社会主义; not in 好人。人主动。
 * 主义多).  hits as for mz_sense_passage. */
int mz_sense_apart(const mz_qnode_t *tree, const char *text, size_t len,
                   const mz_hits_t *hits);

/* What the phase of a tree's own sense found to be other words' only
 * (a passage, by document id, and the other word), so that the phase of
 * other senses does not judge it again. */
typedef struct mz_sense_memo mz_sense_memo_t;
mz_sense_memo_t *mz_sense_memo_new(void);  /* NULL when out of memory */
void mz_sense_memo_free(mz_sense_memo_t *m);
/* -1 when out of memory (the passage is then judged again, no harm). */
int mz_sense_memo_add(mz_sense_memo_t *m, unsigned did, const char *word);
/* 1 and the word copied to word (MZ_SENSE_WORD_MAX bytes) when did was
 * added; 0 otherwise. */
int mz_sense_memo_find(const mz_sense_memo_t *m, unsigned did, char *word);

#endif
