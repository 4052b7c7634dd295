/* jsontext.h — a cJSON tree as text in one pass: byte for byte what
 * cJSON_Print (pretty) or cJSON_PrintUnformatted writes, at a fraction of
 * the cost (cJSON reads every string twice, byte by byte, and grows its
 * buffer a piece at a time). */
#ifndef MZ_JSONTEXT_H
#define MZ_JSONTEXT_H

#include <cJSON.h>

/* The text of o (pretty: cJSON_Print's tabs and newlines), for the caller
 * to free; NULL when out of memory, or where cJSON_Print would give NULL
 * (a raw item without text). */
char *mz_json_text(const cJSON *o, int pretty);

#endif
