/*  sf_caps: the two caps Redis streams are trimmed at, and the settings they must fit.
    sf_relay trims every stream it writes by length (MAXLEN ~ redis.stream_maxlen on each
    XADD) and by age (retention.stream_days). Trimming deletes entries whether a consumer
    group has read them or not, so a cap that bites unseen loses events. Two guards:
    - at start-up, sf_caps_check refuses combinations that cannot work (the daemon stops
      with the sentence it returns);
    - while running, sf_caps_near tells when a group's lag or its oldest unapplied entry
      has passed warn_percent of a cap (sf_backlog then raises a warning, once per crossing),
      and sf_caps_clear when it is back below the re-arm mark.
    Every daemon reads the same settings (deploy/conf templates share them): a consumer
    measures its streams against the caps their producer trims at.                         */
#ifndef SF_CAPS_H_INCLUDED
#define SF_CAPS_H_INCLUDED

#include "sf_status.h"

#include <stdbool.h>
#include <stdint.h>

//  The warning re-arms only this many percentage points below warn_percent, so that a lag
//  hovering at the mark does not raise it on every look.
#define SF_CAPS_REARM_POINTS 10

//  Entries between the warning and the length cap: at the relays' peak (a few thousand
//  events a second) about a second to react; less would warn as the trimming starts.
#define SF_CAPS_HEADROOM_MIN 1000

typedef struct {
    int64_t stream_maxlen;      //  redis.stream_maxlen
    int64_t stream_days;        //  retention.stream_days
    int64_t inbox_days;         //  retention.inbox_days
    int64_t outbox_days;        //  retention.outbox_days
    int warn_percent;           //  consumer.cap_warn_percent
} sf_caps_t;

//  NULL when the settings fit together; else one sentence, in both languages, naming the
//  keys and saying what is wrong and why.
const sf_text_t *sf_caps_check (const sf_caps_t *self);

//  The age cap in milliseconds.
int64_t sf_caps_max_age_ms (const sf_caps_t *self);

//  True when lag (entries, < 0 unknown) or oldest_ms (age of the oldest unapplied entry,
//  < 0 unknown) has passed warn_percent of its cap.
bool sf_caps_near (const sf_caps_t *self, int64_t lag, int64_t oldest_ms);

//  True when both are below the re-arm mark (warn_percent - SF_CAPS_REARM_POINTS).
bool sf_caps_clear (const sf_caps_t *self, int64_t lag, int64_t oldest_ms);

#endif
