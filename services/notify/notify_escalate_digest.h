/*  notify_escalate_digest: the channels' daily digests (README_log.md, "Digests"). A
    delivery of digest urgency to a channel with digest_at waits HELD; once digest_at has
    passed today in notify.time_zone, the held ones of that channel become one QUEUED digest
    delivery listing their subjects and links, in the channel's language (event_id
    "digest:<channel id>:<local date>", event_type "notify.digest"), and each held one is
    marked SENT with digest_id the digest's id. One digest per channel and day (the delivery
    key): what is held after today's digest waits for tomorrow's.                          */
#ifndef NOTIFY_ESCALATE_DIGEST_H_INCLUDED
#define NOTIFY_ESCALATE_DIGEST_H_INCLUDED

#include "sf_db.h"

#include <stdint.h>

//  Makes the digests due at now_ms in time_zone, inside the caller's transaction. Returns the
//  number of digests made, or -1 on a database error.
int notify_escalate_digest (sf_db_t *db, int64_t now_ms, const char *time_zone);

#endif
