/*  notify_send_policy_test: backoff retry_first_seconds * 2^n capped at retry_max_seconds
    (the seeded policy: 5 s, 1 h), and quiet windows, also across midnight.                  */
#include "notify_send.h"
#include "sf_testkit.h"

int
main (void)
{
    SF_CHECK (notify_send_backoff_ms (1, 5, 3600) == 5000);
    SF_CHECK (notify_send_backoff_ms (2, 5, 3600) == 10000);
    SF_CHECK (notify_send_backoff_ms (3, 5, 3600) == 20000);
    SF_CHECK (notify_send_backoff_ms (10, 5, 3600) == 2560000);
    SF_CHECK (notify_send_backoff_ms (11, 5, 3600) == 3600000);
    SF_CHECK (notify_send_backoff_ms (1000, 5, 3600) == 3600000);
    SF_CHECK (notify_send_backoff_ms (0, 5, 3600) == 5000);

    int wait = -1;
    SF_CHECK (notify_send_quiet (23 * 60, "22:00", "07:00", &wait) && wait == 8 * 60);
    SF_CHECK (notify_send_quiet (6 * 60 + 59, "22:00", "07:00", &wait) && wait == 1);
    SF_CHECK (!notify_send_quiet (7 * 60, "22:00", "07:00", &wait));
    SF_CHECK (!notify_send_quiet (12 * 60, "22:00", "07:00", &wait));
    SF_CHECK (notify_send_quiet (12 * 60 + 30, "12:00", "13:00", &wait) && wait == 30);
    SF_CHECK (!notify_send_quiet (13 * 60, "12:00", "13:00", &wait));
    SF_CHECK (!notify_send_quiet (0, "", "", &wait));
    SF_CHECK (!notify_send_quiet (0, "25:00", "07:00", &wait));
    printf ("notify_send_policy_test: ok\n");
    return 0;
}
