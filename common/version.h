/* version.h — the release version both programs print. */
#ifndef MZ_VERSION_H
#define MZ_VERSION_H
#define MZ_VERSION "0.1.0"
#endif
