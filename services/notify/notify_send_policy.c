/*  notify_send_policy: backoff and quiet-hour arithmetic (notify_send.h).                   */
#include "notify_send.h"

#include <stdio.h>

int64_t
notify_send_backoff_ms (int attempts, int64_t first_s, int64_t max_s)
{
    if (attempts < 1)
        attempts = 1;
    int64_t wait_s = first_s;
    for (int step = 1; step < attempts && wait_s < max_s; step++)
        wait_s *= 2;
    if (wait_s > max_s)
        wait_s = max_s;
    return wait_s * 1000;
}

//  "HH:MM" as minutes, or -1.
static int
s_minutes (const char *text)
{
    int hours, minutes;
    if (!text || sscanf (text, "%2d:%2d", &hours, &minutes) != 2 || hours < 0 || hours > 23 || minutes < 0
        || minutes > 59)
        return -1;
    return hours * 60 + minutes;
}

bool
notify_send_quiet (int minute_of_day, const char *from, const char *to, int *wait_min)
{
    int start = s_minutes (from), end = s_minutes (to);
    if (start < 0 || end < 0 || start == end)
        return false;
    bool inside = start < end? minute_of_day >= start && minute_of_day < end
                             : minute_of_day >= start || minute_of_day < end;
    if (inside && wait_min)
        *wait_min = (end - minute_of_day + 1440) % 1440;
    return inside;
}
