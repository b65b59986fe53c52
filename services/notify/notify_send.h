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
//  At most this many deliveries are leased and unrecorded at any time (a kill -9 resends at
//  most these): a run claims a batch, sends it, records it, then claims the next.
#define NOTIFY_SEND_BATCH 50
//  A run claims again while it finds deliveries due, for at most this long: the scheduler's
//  other jobs (escalation, digests, retention) run in the same tick each second.
#define NOTIFY_SEND_RUN_MS 800
#define NOTIFY_SEND_TIMEOUT_S 5L
#define NOTIFY_SEND_JOB "notify.send"

//  The wait before the retry after failed attempt number attempts (1 = the first failure):
//  first_s * 2^(attempts-1) seconds, at most max_s, in ms.
int64_t notify_send_backoff_ms (int attempts, int64_t first_s, int64_t max_s);

//  What a platform's answer means for the delivery (the channels note, README_sending.md).
typedef enum {
    NOTIFY_ANSWER_ACCEPTED,
    NOTIFY_ANSWER_FAILED,           //  any other refusal or error: retried with backoff
    NOTIFY_ANSWER_RATE_LIMITED,     //  too fast (WeCom 45009, Feishu 11232 / 99991400, HTTP 429)
    NOTIFY_ANSWER_BLOCKED           //  too fast and the robot is blocked for a while (DingTalk 130101)
} notify_answer_t;

//  The answer of channel (notify.Channel) with HTTP status and body answer.
notify_answer_t notify_send_answer (int channel, long status, const char *answer);

//  When a delivery whose attempt number attempts got answer may be tried again: now plus the
//  backoff; after BLOCKED not before now + block_s, when the platform lets the robot send again.
int64_t notify_send_retry_at (notify_answer_t answer, int attempts, int64_t now_ms, int64_t first_s,
                              int64_t max_s, int64_t block_s);

//  Whether the delivery gives up after attempt number attempts got answer: at max_attempts,
//  but never for being too fast (a platform's limit queues a message, it never drops it).
bool notify_send_gives_up (notify_answer_t answer, int attempts, int64_t max_attempts);

//  Whether local minute of day (0..1439) lies in the quiet window from..to ("HH:MM", "" none;
//  a window may cross midnight). When it does, *wait_min is the minutes until it ends.
bool notify_send_quiet (int minute_of_day, const char *from, const char *to, int *wait_min);



//  The sender: claims due deliveries (a lease committed in a transaction of their own), then
//  sends them outside any transaction, concurrently, and records the outcomes in a second
//  transaction. The job runs notify_sender_run each second; tests also call the parts.
#include "sf_db.h"

typedef struct _notify_sender_t notify_sender_t;

notify_sender_t *notify_sender_new (const char *time_zone, const char *mail_from);
void notify_sender_destroy (notify_sender_t **self_p);

//  Claims up to NOTIFY_SEND_BATCH due deliveries (QUEUED or RETRYING, next_attempt_ms <= now)
//  in db's open transaction: those in quiet hours or over their robot's rate limit are pushed
//  to when they may go; the others take a rate slot and a lease. Returns how many were
//  claimed, or -1 on a database error (the caller rolls back and forgets the claims with
//  notify_sender_forget). The caller commits before notify_sender_send.
int notify_sender_claim (notify_sender_t *self, sf_db_t *db, int64_t now_ms);

//  Sends the claimed deliveries still leased to us (db not in a transaction): HTTP channels
//  concurrently, at most notify_setting send_concurrency in flight and one at a time per
//  channel, emails one by one; then records each outcome in a transaction of its own, and
//  forgets the claims. Returns how many were accepted, or -1 on a database error (the
//  outcomes are lost; the leases run out and the deliveries go once more).
int notify_sender_send (notify_sender_t *self, sf_db_t *db, int64_t now_ms);

//  One run of the job (db not in a transaction; the clock is sf_clock's): claim, commit,
//  send, record; again until a claim finds nothing due, for at most NOTIFY_SEND_RUN_MS. Returns
//  how many were accepted, or -1 on a database error.
int notify_sender_run (notify_sender_t *self, sf_db_t *db);

//  Drops the claims (their leases run out and they are claimed again).
void notify_sender_forget (notify_sender_t *self);

//  Claims pending (for the job's logging and tests).
size_t notify_sender_pending (notify_sender_t *self);
#endif
