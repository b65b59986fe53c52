/*  notify_send_policy: what an answer means, backoff, blocks and quiet-hour arithmetic
    (notify_send.h).                                                                         */
#include "notify.pb-c.h"
#include "notify_http.h"
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

//  DingTalk's "send too fast": the robot is refused everything for 10 minutes.
#define S_DINGTALK_TOO_FAST 130101
#define S_WECOM_TOO_FAST 45009
#define S_FEISHU_TOO_FAST 11232
#define S_FEISHU_API_TOO_FAST 99991400

notify_answer_t
notify_send_answer (int channel, long status, const char *answer)
{
    if (status == 429)
        return NOTIFY_ANSWER_RATE_LIMITED;
    if (status < 200 || status > 299)
        return NOTIFY_ANSWER_FAILED;
    if (channel == NOTIFY__CHANNEL__CHANNEL_DINGTALK || channel == NOTIFY__CHANNEL__CHANNEL_WECOM) {
        int64_t code = notify_http_json_int (answer, "errcode", -1);
        return code == 0? NOTIFY_ANSWER_ACCEPTED
             : code == S_DINGTALK_TOO_FAST && channel == NOTIFY__CHANNEL__CHANNEL_DINGTALK? NOTIFY_ANSWER_BLOCKED
             : code == S_WECOM_TOO_FAST && channel == NOTIFY__CHANNEL__CHANNEL_WECOM? NOTIFY_ANSWER_RATE_LIMITED
             : NOTIFY_ANSWER_FAILED;
    }
    if (channel == NOTIFY__CHANNEL__CHANNEL_FEISHU) {
        int64_t code = notify_http_json_int (answer, "code", -1);
        return code == 0? NOTIFY_ANSWER_ACCEPTED
             : code == S_FEISHU_TOO_FAST || code == S_FEISHU_API_TOO_FAST? NOTIFY_ANSWER_RATE_LIMITED
             : NOTIFY_ANSWER_FAILED;
    }
    return NOTIFY_ANSWER_ACCEPTED;
}

int64_t
notify_send_retry_at (notify_answer_t answer, int attempts, int64_t now_ms, int64_t first_s, int64_t max_s,
                      int64_t block_s)
{
    int64_t at = now_ms + notify_send_backoff_ms (attempts, first_s, max_s);
    if (answer == NOTIFY_ANSWER_BLOCKED && now_ms + block_s * 1000 > at)
        at = now_ms + block_s * 1000;
    return at;
}

bool
notify_send_gives_up (notify_answer_t answer, int attempts, int64_t max_attempts)
{
    if (answer == NOTIFY_ANSWER_RATE_LIMITED || answer == NOTIFY_ANSWER_BLOCKED)
        return false;
    return attempts >= max_attempts;
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
