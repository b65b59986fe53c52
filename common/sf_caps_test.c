/*  sf_caps_test: which settings start a daemon, and when a lag is near a cap.              */
#include "sf_caps.h"
#include "sf_testkit.h"

#include <stddef.h>
#include <string.h>
#include <stdio.h>

static const sf_caps_t s_defaults = {
    .stream_maxlen = 1000000, .stream_days = 7, .inbox_days = 30, .outbox_days = 7, .warn_percent = 80
};

static void
test_check (void)
{
    SF_CHECK (sf_caps_check (&s_defaults) == NULL);
    sf_caps_t caps = s_defaults;
    caps.stream_days = 30;
    SF_CHECK (sf_caps_check (&caps) != NULL);
    caps = s_defaults;
    caps.outbox_days = 6;
    SF_CHECK (sf_caps_check (&caps) != NULL);
    caps.outbox_days = 30;               //  republished rows the inbox no longer remembers
    SF_CHECK (sf_caps_check (&caps) != NULL && strstr (sf_caps_check (&caps)->en, "inbox_days") && *sf_caps_check (&caps)->zh);
    caps.outbox_days = 29;
    SF_CHECK (sf_caps_check (&caps) == NULL);
    caps = s_defaults;
    caps.warn_percent = 100;
    SF_CHECK (sf_caps_check (&caps) != NULL);
    caps.warn_percent = 10;
    SF_CHECK (sf_caps_check (&caps) != NULL);
    caps = s_defaults;
    caps.stream_maxlen = 4999;           //  20% of it is under 1000 entries
    SF_CHECK (sf_caps_check (&caps) != NULL);
    caps.stream_maxlen = 5000;
    SF_CHECK (sf_caps_check (&caps) == NULL);
}

static void
test_near_and_clear (void)
{
    sf_caps_t caps = s_defaults;
    caps.stream_maxlen = 10000;
    SF_CHECK (!sf_caps_near (&caps, 8000, 0));
    SF_CHECK (sf_caps_near (&caps, 8001, 0));
    SF_CHECK (!sf_caps_near (&caps, -1, -1));
    int64_t age_cap = sf_caps_max_age_ms (&caps);
    SF_CHECK (age_cap == 7 * 86400000LL);
    SF_CHECK (sf_caps_near (&caps, 0, age_cap / 10 * 8 + 1));
    SF_CHECK (!sf_caps_near (&caps, 0, age_cap / 10 * 8));
    //  Between 70% and 80% a warning already raised stays raised.
    SF_CHECK (!sf_caps_clear (&caps, 7500, 0));
    SF_CHECK (sf_caps_clear (&caps, 7000, 0));
    SF_CHECK (!sf_caps_clear (&caps, 0, age_cap / 10 * 7 + 1));
    //  The largest caps the settings allow do not overflow.
    caps.stream_maxlen = 1000000000;
    caps.stream_days = 3650;
    SF_CHECK (sf_caps_near (&caps, 900000000, 0));
    SF_CHECK (sf_caps_near (&caps, 0, sf_caps_max_age_ms (&caps) - 1));
}

int
main (void)
{
    test_check ();
    test_near_and_clear ();
    printf ("sf_caps_test: OK\n");
    return 0;
}
