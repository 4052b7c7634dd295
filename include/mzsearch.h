/* mzsearch.h — libmzsearch, the engine under mzindex and mzsearch.
 *
 * Index an archive of Chinese meeting materials and search it by topic.
 * The library never prints and never exits: every function returns a
 * status, and a message for a failure is kept on the handle it concerns
 * (or returned through an out-parameter where there is no handle).
 * Progress and warnings reach the caller through callbacks.
 *
 * Ownership, in general: who opens closes; every *_free / *_close accepts
 * NULL; a returned const char * belongs to the handle it came from and
 * lives as long as it; whatever the caller must free says so, and came
 * from malloc.  Handles are not thread-safe: use one per thread. */
#ifndef MZSEARCH_H
#define MZSEARCH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define MZ_PUBLIC __attribute__((visibility("default")))
#else
#define MZ_PUBLIC
#endif

/* One status for every call of the library. */
typedef enum {
    MZ_STATUS_OK = 0,
    MZ_STATUS_NO_INDEX,      /* no index at that path */
    MZ_STATUS_LOCKED,        /* another writer is updating the index */
    MZ_STATUS_DAMAGED,       /* the index is damaged: rebuild it */
    MZ_STATUS_INDEX_VERSION, /* cut by another segmenter or a newer layout */
    MZ_STATUS_BAD_QUERY,     /* the query cannot be run (too long, not UTF-8) */
    MZ_STATUS_BAD_ARGUMENT,  /* an invalid argument */
    MZ_STATUS_IO,            /* disk full, permission denied, ... */
    MZ_STATUS_SHARD_DOWN,    /* a remote shard cannot be reached */
    MZ_STATUS_INTERRUPTED,   /* the caller's stop flag was set */
    MZ_STATUS_NOMEM,         /* out of memory */
    MZ_STATUS_INTERNAL       /* anything else */
} mz_status_t;

/* A short English phrase for a status ("the index is damaged"); static. */
MZ_PUBLIC const char *mz_status_str(mz_status_t st);

/* The library's version ("0.1.0") and its segmenter's ("mzseg-1"); static. */
MZ_PUBLIC const char *mz_version(void);
MZ_PUBLIC const char *mz_segmenter_version(void);

/* ---- Indexing (mzindex) -------------------------------------------------- */

/* ---- Searching (mzsearch) ------------------------------------------------ */

#ifdef __cplusplus
}
#endif

#endif
