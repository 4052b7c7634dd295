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
 * unless that word is itself two words of two characters or more (实地调查|
 * 研究: 实地 + 调查); so is a hit whose last character begins the next word
 * (中国|人民 for 中国人).  Only when the hit's own cut costs clearly more
 * (MZ_SENSE_MARGIN): a near tie keeps the sense.
 */
#ifndef MZ_SENSE_H
#define MZ_SENSE_H

#include "query.h"

#include <stddef.h>

/* The dictionary the program carries, as recorded in an index built by
 * it (schema.h, MZ_META_SENSE): e.g. "python3-jieba 0.42.1-3"; "" when
 * the compiled list is missing or damaged (every hit then keeps its
 * sense). */
const char *mz_sense_version(void);

/* 1 if text[start..end) (a hit of two Han characters or more, on
 * character boundaries) belongs to another word; *word then holds the
 * byte range of the dictionary word that takes its edge.  0 otherwise. */
int mz_sense_other(const char *text, size_t len, size_t start, size_t end,
                   mz_hit_t *word);

/* 1 if the tree matches text[0..len) only through other words: a word of
 * the tree of two Han characters or more that occurs in the text only
 * inside other words (for an AND, one such word is enough; for an OR,
 * every alternative found must be so).  *word: where the first such
 * occurrence's other word stands. */
int mz_sense_passage(const mz_qnode_t *tree, const char *text, size_t len,
                     mz_hit_t *word);

#endif
