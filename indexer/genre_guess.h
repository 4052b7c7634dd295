/* genre_guess.h — a document's genre (common/genre.h) and material type
 * (group or personal, record.h), guessed from its title and its text.
 * Pure functions: they read the text and allocate nothing. */
#ifndef MZ_GENRE_GUESS_H
#define MZ_GENRE_GUESS_H

#include "genre.h"
#include "record.h"

/* The genre: the word that names the document in its title, or in one of
 * the short lines that open the text ("…对照检查材料", "…的通知", "…条例":
 * the last such word of a line wins, words inside 《》 do not count); when
 * none names it, its structure: articles (第X条 lines) make rules, an
 * address to the audience (同志们) a speech, 特此通知 a notice, 报告如下
 * a report. */
mz_genre_t mz_genre_guess(mz_str_t title, mz_str_t text);

/* The material type (mz_doc_type_t): personal when the opening lines say
 * 个人, group when they name the group (班子, 党组, 党委, 支部) as the
 * author; else, for materials (not rules or notices, whose 本人 is a third
 * party), from who speaks: 本人 or 我 opening a clause (not 我们, 我国,
 * 我省, 我市 …, nor 自我) against 我们 and the group opening one. */
unsigned long mz_speaker_type(mz_str_t title, mz_str_t text, mz_genre_t g);

#endif
