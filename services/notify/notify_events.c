/*  notify_events: events into the outbox.                                                 */
#include "notify_events.h"
#include "notify.h"
#include "sf_outbox.h"
#include "sf_stream.h"

#include <stdlib.h>
#include <string.h>

int
notify_emit (sf_call_t *call, sf_db_t *db, const char *type, const char *aggregate_type, const char *key,
              int64_t version, const char *plant, const ProtobufCMessage *payload)
{
    sf_event_t event = {
        .type = strdup (type), .aggregate_type = strdup (aggregate_type), .aggregate_id = strdup (key),
        .aggregate_version = version, .plant = strdup (plant? plant: "")
    };
    sf_event_set_payload (&event, payload);
    int rc = call? sf_call_emit (call, sf_stream_name (NOTIFY_TOPIC), &event):
                   sf_outbox_add (db, sf_stream_name (NOTIFY_TOPIC), &event);
    sf_event_clear (&event);
    return rc < 0? -1: 0;
}
