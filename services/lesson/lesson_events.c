/*  lesson_events: events into the outbox.                                                  */
#include "lesson_events.h"
#include "lesson.h"
#include "sf_outbox.h"
#include "sf_stream.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
lesson_emit (sf_call_t *call, sf_db_t *db, const char *type, const char *aggregate_type, int64_t id,
             int64_t version, const char *plant, const ProtobufCMessage *payload)
{
    char key [24];
    snprintf (key, sizeof key, "%" PRId64, id);
    sf_event_t event = {
        .type = strdup (type), .aggregate_type = strdup (aggregate_type), .aggregate_id = strdup (key),
        .aggregate_version = version, .plant = strdup (plant? plant: "")
    };
    sf_event_set_payload (&event, payload);
    int rc = call? sf_call_emit (call, sf_stream_name (LESSON_TOPIC), &event):
                   sf_outbox_add (db, sf_stream_name (LESSON_TOPIC), &event);
    sf_event_clear (&event);
    return rc < 0? -1: 0;
}

int
lesson_emit_assignment (sf_call_t *call, sf_db_t *db, const char *type, const Lesson__Assignment *assignment)
{
    return lesson_emit (call, db, type, "assignment", assignment->id, assignment->version, assignment->plant_code,
                        &assignment->base);
}
