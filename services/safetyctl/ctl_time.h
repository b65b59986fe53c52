/*  ctl_time: reading a time as a person writes it on the command line. One parser for every
    command, so that "--deadline 2026-01-05" means the same instant in every group: the
    plant's wall clock, never the host's (a CI host runs on UTC, a plant on Beijing time).

    Accepted: Unix epoch milliseconds (digits only); a date YYYY-MM-DD (its first
    millisecond, or its last when end_of_day); a date and time "YYYY-MM-DD HH:MM[:SS[.fff]]"
    or with a T, optionally followed by a zone ("Z", "+08:00", "+0800", "-05"). Without a
    zone the time is read in the given zone: an IANA name such as "Asia/Shanghai" (the tz
    database decides the offset on that day, daylight saving included), or NULL for Beijing
    time (Asia/Shanghai, UTC+8 all year), the time every plant in China works by.           */
#ifndef CTL_TIME_H_INCLUDED
#define CTL_TIME_H_INCLUDED

#include <stdbool.h>
#include <stdint.h>

#define CTL_DAY_MS (24 * 3600 * 1000LL)

//  Reads text into *ms. 0, or -1 when text is none of the forms above or zone is unknown.
int ctl_parse_time (const char *text, const char *zone, bool end_of_day, int64_t *ms);

//  The same in Beijing time.
int ctl_parse_beijing_time (const char *text, bool end_of_day, int64_t *ms);

#endif
