/*  notify_send: the sending job's parts (README_sending.md): the retry policy's arithmetic,
    quiet hours, and the job itself (notify_send_register in notify.h).                     */
#ifndef NOTIFY_SEND_H_INCLUDED
#define NOTIFY_SEND_H_INCLUDED

#include <stdbool.h>
#include <stdint.h>

//  How long a claimed delivery is ours: next_attempt_ms = now + this, committed before the
//  network call, so a crash resends at most once per lease.
#define NOTIFY_SEND_LEASE_MS 60000
#define NOTIFY_SEND_PERIOD_MS 1000
#define NOTIFY_SEND_BATCH 50
#define NOTIFY_SEND_TIMEOUT_S 5L
#define NOTIFY_SEND_JOB "notify.send"

//  The wait before the retry after failed attempt number attempts (1 = the first failure):
//  first_s * 2^(attempts-1) seconds, at most max_s, in ms.
int64_t notify_send_backoff_ms (int attempts, int64_t first_s, int64_t max_s);

//  Whether local minute of day (0..1439) lies in the quiet window from..to ("HH:MM", "" none;
//  a window may cross midnight). When it does, *wait_min is the minutes until it ends.
bool notify_send_quiet (int minute_of_day, const char *from, const char *to, int *wait_min);

#endif
