/*  ctl_time: the same text is the same instant whatever the host's zone; named zones follow
    the tz database, daylight saving included; bad text is refused.                          */
#include "ctl_time.h"
#include "sf_testkit.h"

#include <stdlib.h>
#include <string.h>

static int64_t
s_parse (const char *text, const char *zone, bool end_of_day)
{
    int64_t ms = -42;
    SF_CHECK (ctl_parse_time (text, zone, end_of_day, &ms) == 0);
    return ms;
}

static void
s_beijing (void)
{
    //  2026-01-05 00:00 in Beijing is 2026-01-04T16:00Z = 1767542400000.
    SF_CHECK (s_parse ("2026-01-05", NULL, false) == 1767542400000LL);
    SF_CHECK (s_parse ("2026-01-05", NULL, true) == 1767542400000LL + CTL_DAY_MS - 1);
    SF_CHECK (s_parse ("2026-01-05 10:00", NULL, false) == 1767542400000LL + 10 * 3600 * 1000LL);
    SF_CHECK (s_parse ("2026-01-05T10:00:30.5", NULL, false) == 1767542400000LL + 10 * 3600 * 1000LL + 30500);
    SF_CHECK (s_parse ("2026-01-05T02:00Z", NULL, false) == 1767542400000LL + 10 * 3600 * 1000LL);
    SF_CHECK (s_parse ("2026-01-05 10:00+08:00", NULL, false) == 1767542400000LL + 10 * 3600 * 1000LL);
    SF_CHECK (s_parse ("1767542400000", NULL, false) == 1767542400000LL);
    int64_t ms;
    SF_CHECK (ctl_parse_beijing_time ("2026-01-05", false, &ms) == 0 && ms == 1767542400000LL);
}

static void
s_named_zones (void)
{
    SF_CHECK (s_parse ("2026-01-05", "Asia/Shanghai", false) == 1767542400000LL);
    //  New York: UTC-5 in winter, UTC-4 in summer; 2026-03-08 has 23 hours.
    SF_CHECK (s_parse ("2026-01-05 00:00", "America/New_York", false) == 1767589200000LL);
    SF_CHECK (s_parse ("2026-07-05 00:00", "America/New_York", false) == 1783224000000LL);
    int64_t start = s_parse ("2026-03-08", "America/New_York", false);
    int64_t end = s_parse ("2026-03-08", "America/New_York", true);
    SF_CHECK (end - start + 1 == 23 * 3600 * 1000LL);
    int64_t ms;
    SF_CHECK (ctl_parse_time ("2026-01-05", "Nowhere/Atlantis", false, &ms) == -1);
    SF_CHECK (ctl_parse_time ("2026-01-05", "../../etc/passwd", false, &ms) == -1);
}

//  The host's zone changes nothing, and is left as it was.
static void
s_host_zone (void)
{
    setenv ("TZ", "America/Los_Angeles", 1);
    SF_CHECK (s_parse ("2026-01-05", NULL, false) == 1767542400000LL);
    SF_CHECK (s_parse ("2026-01-05 00:00", "America/New_York", false) == 1767589200000LL);
    SF_CHECK (strcmp (getenv ("TZ"), "America/Los_Angeles") == 0);
    setenv ("TZ", "UTC", 1);
    SF_CHECK (s_parse ("2026-01-05", NULL, false) == 1767542400000LL);
    unsetenv ("TZ");
    SF_CHECK (s_parse ("2026-01-05 00:00", "America/New_York", false) == 1767589200000LL);
    SF_CHECK (getenv ("TZ") == NULL);
}

static void
s_refused (void)
{
    const char *bad [] = {
        "", "2026-1-5", "2026-13-01", "2026-02-29", "2026-02-30 10:00", "2026-01-05 24:00", "2026-01-05 10:60",
        "2026-01-05 10:00+15:00", "2026-01-05 10:00 junk", "2026/01/05", "yesterday", "1234567890123456"
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad [0]; i++) {
        int64_t ms;
        if (ctl_parse_time (bad [i], NULL, false, &ms) != -1) {
            fprintf (stderr, "accepted: \"%s\"\n", bad [i]);
            SF_CHECK (false);
        }
    }
    SF_CHECK (s_parse ("2028-02-29", NULL, false) > 0);
}

int
main (void)
{
    s_beijing ();
    s_named_zones ();
    s_host_zone ();
    s_refused ();
    printf ("ctl_time_test: OK\n");
    return 0;
}
