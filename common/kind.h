/* kind.h — what part of a material a passage belongs to, from its section
 * path: the problems found, their causes, the measures planned, the progress
 * reported, or other.  Both programs use it (mzsearch --kind, JSON "kind"). */
#ifndef MZ_KIND_H
#define MZ_KIND_H

#include "record.h"
#include "schema.h"

/* "problems", "causes", "measures", "progress" or "other": the kind named
 * by the outermost heading that names one. */
const char *mz_section_kind(const mz_str_t *section, unsigned n);

/* The kind a query names by one of its words ("整改措施" -> "measures"),
 * or NULL. */
const char *mz_query_kind(const char *query);

/* 1 if name is one of the kinds above. */
int mz_kind_valid(const char *name);

/* Every passage of a kind other than "other" carries the boolean term
 * MZ_KIND_PREFIX + its kind ("Kproblems"), so that a search can keep to a
 * kind, or leave one out, inside the index.  Indexes whose metadata has
 * MZ_META_KINDS = "1" were built with them (older ones were not); both
 * names are in schema.h. */

/* The kinds that have a term, NULL-terminated. */
extern const char *const mz_kinds_termed[];

enum { MZ_KIND_TERM_MAX = 16 };
/* The term of a kind in buf (at least MZ_KIND_TERM_MAX bytes); returns its
 * length. */
size_t mz_kind_term(const char *kind, char *buf);

#endif
