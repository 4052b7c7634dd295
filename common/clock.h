/* clock.h — the one clock the programs time their work by. */
#ifndef MZ_CLOCK_H
#define MZ_CLOCK_H

/* Seconds on a monotonic clock (not the time of day: only differences
 * mean anything). */
double mz_clock_s(void);

#endif
