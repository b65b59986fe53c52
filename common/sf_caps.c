/*  sf_caps: the stream caps against the retentions (see sf_caps.h).                       */
#include "sf_caps.h"

#include <stddef.h>

#define SF_CAPS_DAY_MS (24 * 3600 * 1000LL)

static const sf_text_t s_msg_stream_days = {
    "retention.stream_days 必须短于 retention.inbox_days（在流开头重建的消费组会再次应用收件箱已忘记的事件）",
    "retention.stream_days must be shorter than retention.inbox_days (a group re-created at the start of a stream would apply again what its inbox forgot)"
};
static const sf_text_t s_msg_outbox_short = {
    "retention.outbox_days 必须不短于 retention.stream_days（未读即被裁剪的条目将无法从发件箱重新发布）",
    "retention.outbox_days must be at least retention.stream_days (an entry trimmed unread could no longer be published again from the outbox)"
};
static const sf_text_t s_msg_outbox_long = {
    "retention.outbox_days 必须短于 retention.inbox_days（重新发布的事件若早于收件箱的记忆会被应用两次）",
    "retention.outbox_days must be shorter than retention.inbox_days (a republished event older than the inbox remembers would be applied twice)"
};
static const sf_text_t s_msg_warn_percent = {
    "consumer.cap_warn_percent 必须在 11 到 99 之间（警告须在上限之前发出，并在低 10 个百分点处重新启用）",
    "consumer.cap_warn_percent must lie between 11 and 99 (the warning must come before the cap and re-arm 10 points below)"
};
static const sf_text_t s_msg_headroom = {
    "redis.stream_maxlen 在积压警告（consumer.cap_warn_percent）与长度上限之间留下的条目少于 1000 条：警告会在裁剪开始时才出现",
    "redis.stream_maxlen leaves fewer than 1000 entries between the lag warning (consumer.cap_warn_percent) and the length cap: the warning would come as trimming starts"
};

const sf_text_t *
sf_caps_check (const sf_caps_t *self)
{
    //  A consumer group re-created at the start of a stream must not meet an event older
    //  than its inbox remembers, or it would apply it twice.
    if (self->stream_days >= self->inbox_days)
        return &s_msg_stream_days;
    //  An entry the length cap trimmed before it was read can only be published again while
    //  the producer's outbox still holds its row.
    if (self->outbox_days < self->stream_days)
        return &s_msg_outbox_short;
    //  sf.Republish sends again rows as old as the outbox keeps: every consumer's inbox must
    //  still remember them, or a group that applied them once would apply them twice.
    if (self->outbox_days >= self->inbox_days)
        return &s_msg_outbox_long;
    if (self->warn_percent <= SF_CAPS_REARM_POINTS || self->warn_percent >= 100)
        return &s_msg_warn_percent;
    if (self->stream_maxlen * (100 - self->warn_percent) / 100 < SF_CAPS_HEADROOM_MIN)
        return &s_msg_headroom;
    return NULL;
}

int64_t
sf_caps_max_age_ms (const sf_caps_t *self)
{
    return self->stream_days * SF_CAPS_DAY_MS;
}

//  value past percent of cap, without overflow for any cap a setting allows.
static bool
s_past (int64_t value, int64_t cap, int percent)
{
    return value >= 0 && cap > 0 && value > cap / 100 * percent + cap % 100 * percent / 100;
}

bool
sf_caps_near (const sf_caps_t *self, int64_t lag, int64_t oldest_ms)
{
    return s_past (lag, self->stream_maxlen, self->warn_percent)
        || s_past (oldest_ms, sf_caps_max_age_ms (self), self->warn_percent);
}

bool
sf_caps_clear (const sf_caps_t *self, int64_t lag, int64_t oldest_ms)
{
    int rearm = self->warn_percent - SF_CAPS_REARM_POINTS;
    return !s_past (lag, self->stream_maxlen, rearm)
        && !s_past (oldest_ms, sf_caps_max_age_ms (self), rearm);
}
