/*  ctl_time: the date arithmetic is done on civil days (Howard Hinnant's days_from_civil),
    so no step depends on the host's time zone; only a named zone asks the tz database.    */
#include "ctl_time.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define S_BEIJING_OFFSET_MS (8 * 3600 * 1000LL)

static bool
s_digits (const char *text, size_t count)
{
    for (size_t index = 0; index < count; index++)
        if (text [index] < '0' || text [index] > '9')
            return false;
    return true;
}

static int
s_number (const char *text, size_t count)
{
    int value = 0;
    for (size_t index = 0; index < count; index++)
        value = value * 10 + text [index] - '0';
    return value;
}

//  Days from 1970-01-01 to a date of the proleptic Gregorian calendar.
static int64_t
s_days_from_civil (int64_t year, int month, int day)
{
    year -= month <= 2;
    int64_t era = (year >= 0? year: year - 399) / 400;
    int64_t year_of_era = year - era * 400;
    int64_t day_of_year = (153 * (month + (month > 2? -3: 9)) + 2) / 5 + day - 1;
    int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

static int
s_days_in_month (int year, int month)
{
    static const int days [] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap? 29: days [month - 1];
}

//  Reads "[T| ]HH:MM[:SS[.fff]]" into milliseconds of the day; the bytes read, or -1.
static int
s_parse_clock (const char *text, int64_t *ms)
{
    if ((text [0] != 'T' && text [0] != ' ') || !s_digits (text + 1, 2) || text [3] != ':' || !s_digits (text + 4, 2))
        return -1;
    int hour = s_number (text + 1, 2), minute = s_number (text + 4, 2), second = 0, milli = 0;
    int at = 6;
    if (text [at] == ':' && s_digits (text + at + 1, 2)) {
        second = s_number (text + at + 1, 2);
        at += 3;
        if (text [at] == '.' && s_digits (text + at + 1, 1)) {
            at++;
            for (int place = 100; text [at] >= '0' && text [at] <= '9'; at++, place /= 10)
                milli += place * (text [at] - '0');
        }
    }
    if (hour > 23 || minute > 59 || second > 59)
        return -1;
    *ms = ((hour * 60 + minute) * 60 + second) * 1000LL + milli;
    return at;
}

//  Reads a whole "Z", "+HH:MM", "+HHMM" or "+HH" (or "-") into the offset from UTC; 0 or -1.
static int
s_parse_zone (const char *text, int64_t *offset_ms)
{
    if (strcmp (text, "Z") == 0 || strcmp (text, "z") == 0) {
        *offset_ms = 0;
        return 0;
    }
    if ((text [0] != '+' && text [0] != '-') || !s_digits (text + 1, 2))
        return -1;
    const char *minutes = text [3] == ':'? text + 4: text + 3;
    int minute = 0;
    if (*minutes) {
        if (!s_digits (minutes, 2) || minutes [2])
            return -1;
        minute = s_number (minutes, 2);
    }
    else
    if (text [3])
        return -1;
    int hour = s_number (text + 1, 2);
    if (hour > 14 || minute > 59)
        return -1;
    *offset_ms = (text [0] == '-'? -1: 1) * (hour * 60 + minute) * 60 * 1000LL;
    return 0;
}

//  The instant of a wall-clock time (civil ms since 1970-01-01 00:00) in zone; 0 or -1.
//  The tz database answers through mktime with TZ set for the call (safetyctl has one
//  thread), and TZ is put back as it was.
static int
s_in_zone (int64_t civil_ms, const char *zone, int64_t *ms)
{
    if (!zone) {
        *ms = civil_ms - S_BEIJING_OFFSET_MS;
        return 0;
    }
    char path [256];
    snprintf (path, sizeof path, "/usr/share/zoneinfo/%s", zone);
    if (!*zone || strstr (zone, "..") || access (path, R_OK) != 0)
        return -1;
    const char *previous = getenv ("TZ");
    char *saved = previous? strdup (previous): NULL;
    setenv ("TZ", zone, 1);
    tzset ();
    int64_t days = civil_ms >= 0? civil_ms / CTL_DAY_MS: -((-civil_ms + CTL_DAY_MS - 1) / CTL_DAY_MS);
    int64_t of_day = civil_ms - days * CTL_DAY_MS;
    struct tm fields = {
        .tm_year = 70, .tm_mday = 1 + (int) days, .tm_sec = (int) (of_day / 1000), .tm_isdst = -1
    };
    time_t seconds = mktime (&fields);
    if (saved)
        setenv ("TZ", saved, 1);
    else
        unsetenv ("TZ");
    tzset ();
    free (saved);
    if (seconds == (time_t) -1)
        return -1;
    *ms = (int64_t) seconds * 1000 + of_day % 1000;
    return 0;
}

int
ctl_parse_time (const char *text, const char *zone, bool end_of_day, int64_t *ms)
{
    size_t length = strlen (text);
    if (length && length <= 15 && s_digits (text, length)) {
        *ms = strtoll (text, NULL, 10);
        return 0;
    }
    if (length < 10 || !s_digits (text, 4) || text [4] != '-' || !s_digits (text + 5, 2) || text [7] != '-'
    ||  !s_digits (text + 8, 2))
        return -1;
    int year = s_number (text, 4), month = s_number (text + 5, 2), day = s_number (text + 8, 2);
    if (month < 1 || month > 12 || day < 1 || day > s_days_in_month (year, month))
        return -1;
    int64_t midnight_ms = s_days_from_civil (year, month, day) * CTL_DAY_MS;
    if (length == 10) {
        //  The day's last millisecond is the next midnight's instant less one: right on
        //  days that daylight saving makes 23 or 25 hours long.
        if (!end_of_day)
            return s_in_zone (midnight_ms, zone, ms);
        if (s_in_zone (midnight_ms + CTL_DAY_MS, zone, ms))
            return -1;
        *ms -= 1;
        return 0;
    }
    int64_t clock_ms, offset_ms;
    int read = s_parse_clock (text + 10, &clock_ms);
    if (read < 0)
        return -1;
    if (!text [10 + read])
        return s_in_zone (midnight_ms + clock_ms, zone, ms);
    if (s_parse_zone (text + 10 + read, &offset_ms))
        return -1;
    *ms = midnight_ms + clock_ms - offset_ms;
    return 0;
}

int
ctl_parse_beijing_time (const char *text, bool end_of_day, int64_t *ms)
{
    return ctl_parse_time (text, NULL, end_of_day, ms);
}
