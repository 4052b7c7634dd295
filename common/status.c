/* status.c — the public status enum's words, and the versions. */
#include "mzsearch.h"
#include "segment.h"
#include "version.h"

const char *mz_status_str(mz_status_t st)
{
    switch (st) {
    case MZ_STATUS_OK: return "ok";
    case MZ_STATUS_NO_INDEX: return "no index there";
    case MZ_STATUS_LOCKED: return "another mzindex is updating the index";
    case MZ_STATUS_DAMAGED: return "the index is damaged";
    case MZ_STATUS_INDEX_VERSION: return "the index was made by another version";
    case MZ_STATUS_BAD_QUERY: return "the query cannot be run";
    case MZ_STATUS_BAD_ARGUMENT: return "invalid argument";
    case MZ_STATUS_IO: return "input/output error";
    case MZ_STATUS_SHARD_DOWN: return "a shard cannot be reached";
    case MZ_STATUS_INTERRUPTED: return "interrupted";
    case MZ_STATUS_NOMEM: return "out of memory";
    case MZ_STATUS_FILES_GONE: return "most files of a folder are gone at once";
    case MZ_STATUS_EMPTY_QUERY: return "the query is empty";
    case MZ_STATUS_NOTHING_SEARCHABLE: return "the query has nothing to search for";
    case MZ_STATUS_INTERNAL: break;
    }
    return "internal error";
}

const char *mz_version(void)
{
    return MZ_VERSION;
}

const char *mz_segmenter_version(void)
{
    return MZ_SEG_VERSION;
}
