/*  notify_send_policy_test: backoff retry_first_seconds * 2^n capped at retry_max_seconds
    (the seeded policy: 5 s, 1 h); each platform's answers (DingTalk's 130101 blocks the robot
    for dingtalk_block_seconds, 600, then the retry waits for the block's end; being too fast
    never gives up); quiet windows, also across midnight.                                    */
#include "notify.pb-c.h"
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

    //  The answers, as the channels note gives them.
    enum { DINGTALK = NOTIFY__CHANNEL__CHANNEL_DINGTALK, WECOM = NOTIFY__CHANNEL__CHANNEL_WECOM,
           FEISHU = NOTIFY__CHANNEL__CHANNEL_FEISHU, WEBHOOK = NOTIFY__CHANNEL__CHANNEL_WEBHOOK };
    const char *too_fast = "{\"errcode\":130101,\"errmsg\":\"send too fast, exceed 20 times per minute\"}";
    SF_CHECK (notify_send_answer (DINGTALK, 200, "{\"errcode\":0,\"errmsg\":\"ok\"}") == NOTIFY_ANSWER_ACCEPTED);
    SF_CHECK (notify_send_answer (DINGTALK, 200, too_fast) == NOTIFY_ANSWER_BLOCKED);
    SF_CHECK (notify_send_answer (DINGTALK, 200, "{\"errcode\":310000,\"errmsg\":\"sign not match\"}")
              == NOTIFY_ANSWER_FAILED);
    SF_CHECK (notify_send_answer (DINGTALK, 200, "not json") == NOTIFY_ANSWER_FAILED);
    SF_CHECK (notify_send_answer (DINGTALK, 500, "") == NOTIFY_ANSWER_FAILED);
    //  WeCom's too fast is only a refusal: no block is documented; 130101 means nothing there.
    SF_CHECK (notify_send_answer (WECOM, 200, "{\"errcode\":45009,\"errmsg\":\"api freq out of limit\"}")
              == NOTIFY_ANSWER_RATE_LIMITED);
    SF_CHECK (notify_send_answer (WECOM, 200, too_fast) == NOTIFY_ANSWER_FAILED);
    SF_CHECK (notify_send_answer (FEISHU, 200, "{\"code\":0,\"msg\":\"success\",\"data\":{}}") == NOTIFY_ANSWER_ACCEPTED);
    SF_CHECK (notify_send_answer (FEISHU, 200, "{\"code\":11232,\"msg\":\"frequency limited\"}")
              == NOTIFY_ANSWER_RATE_LIMITED);
    SF_CHECK (notify_send_answer (FEISHU, 200, "{\"code\":19021,\"msg\":\"sign match fail\"}") == NOTIFY_ANSWER_FAILED);
    SF_CHECK (notify_send_answer (WEBHOOK, 204, "") == NOTIFY_ANSWER_ACCEPTED);
    SF_CHECK (notify_send_answer (WEBHOOK, 429, "") == NOTIFY_ANSWER_RATE_LIMITED);
    SF_CHECK (notify_send_answer (WEBHOOK, 400, "") == NOTIFY_ANSWER_FAILED);

    //  After 130101 the retry waits for the block's end (600 s), longer than the backoff; a
    //  backoff already longer stays.
    SF_CHECK (notify_send_retry_at (NOTIFY_ANSWER_BLOCKED, 1, 1000, 5, 3600, 600) == 1000 + 600000);
    SF_CHECK (notify_send_retry_at (NOTIFY_ANSWER_BLOCKED, 11, 1000, 5, 3600, 600) == 1000 + 3600000);
    SF_CHECK (notify_send_retry_at (NOTIFY_ANSWER_RATE_LIMITED, 1, 1000, 5, 3600, 600) == 1000 + 5000);
    SF_CHECK (notify_send_retry_at (NOTIFY_ANSWER_FAILED, 2, 1000, 5, 3600, 600) == 1000 + 10000);
    //  Too fast never gives up (queued, never dropped); other failures at the last attempt.
    SF_CHECK (!notify_send_gives_up (NOTIFY_ANSWER_BLOCKED, 12, 12));
    SF_CHECK (!notify_send_gives_up (NOTIFY_ANSWER_RATE_LIMITED, 100, 12));
    SF_CHECK (notify_send_gives_up (NOTIFY_ANSWER_FAILED, 12, 12));
    SF_CHECK (!notify_send_gives_up (NOTIFY_ANSWER_FAILED, 11, 12));

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
