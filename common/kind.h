/* kind.h — what part of a material a passage belongs to, from its section
 * path: the problems found, their causes, the measures planned, the progress
 * reported, or other.  Both programs use it (mzsearch --kind, JSON "kind"). */
#ifndef MZ_KIND_H
#define MZ_KIND_H

#include "record.h"

/* "problems", "causes", "measures", "progress" or "other": the kind named
 * by the outermost heading that names one. */
const char *mz_section_kind(const mz_str_t *section, unsigned n);

/* The kind a query names by one of its words ("整改措施" -> "measures"),
 * or NULL. */
const char *mz_query_kind(const char *query);

/* 1 if name is one of the kinds above. */
int mz_kind_valid(const char *name);

#endif
