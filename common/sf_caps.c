/*  sf_caps: the stream caps against the retentions (see sf_caps.h).                       */
#include "sf_caps.h"

#include <stddef.h>

#define SF_CAPS_DAY_MS (24 * 3600 * 1000LL)

const char *
sf_caps_check (const sf_caps_t *self)
{
    //  A consumer group re-created at the start of a stream must not meet an event older
    //  than its inbox remembers, or it would apply it twice.
    if (self->stream_days >= self->inbox_days)
        return "retention.stream_days must be shorter than retention.inbox_days "
               "(a group re-created at the start of a stream would apply again what its inbox forgot)";
    //  An entry the length cap trimmed before it was read can only be published again while
    //  the producer's outbox still holds its row.
    if (self->outbox_days < self->stream_days)
        return "retention.outbox_days must be at least retention.stream_days "
               "(an entry trimmed unread could no longer be published again from the outbox)";
    //  sf.Republish sends again rows as old as the outbox keeps: every consumer's inbox must
    //  still remember them, or a group that applied them once would apply them twice.
    if (self->outbox_days >= self->inbox_days)
        return "retention.outbox_days must be shorter than retention.inbox_days "
               "(a republished event older than the inbox remembers would be applied twice)";
    if (self->warn_percent <= SF_CAPS_REARM_POINTS || self->warn_percent >= 100)
        return "consumer.cap_warn_percent must lie between 11 and 99 "
               "(the warning must come before the cap and re-arm 10 points below)";
    if (self->stream_maxlen * (100 - self->warn_percent) / 100 < SF_CAPS_HEADROOM_MIN)
        return "redis.stream_maxlen leaves fewer than 1000 entries between the lag warning "
               "(consumer.cap_warn_percent) and the length cap: the warning would come as trimming starts";
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
