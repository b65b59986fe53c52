/*  stream_testlib: events appended to a stream as a producer would (stream_testlib.h).      */
#include "stream_testlib.h"
#include "sf_envelope.h"
#include "sf_testkit.h"
#include "sf_uuid.h"

#include <hiredis/hiredis.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *
st_publish (const char *prefix, const char *topic, const char *event_id, const char *type,
            const char *aggregate_type, const char *aggregate_id, const char *plant, int64_t occurred_ms,
            const ProtobufCMessage *payload)
{
    static char id [SF_UUID_LEN + 1];
    if (event_id)
        snprintf (id, sizeof id, "%s", event_id);
    else
        sf_uuid_generate (id);
    sf_event_t event = {
        .event_id = strdup (id), .type = strdup (type), .aggregate_type = strdup (aggregate_type),
        .aggregate_id = strdup (aggregate_id), .aggregate_version = 1, .plant = strdup (plant? plant: ""),
        .occurred_ms = occurred_ms
    };
    sf_event_set_payload (&event, payload);
    size_t size;
    uint8_t *env = sf_event_encode (&event, &size);
    char stream [160];
    snprintf (stream, sizeof stream, "%s:events:%s", prefix, topic);
    const char *argv [] = {
        "XADD", stream, "*", "id", event.event_id, "type", event.type, "plant", event.plant, "env", (const char *) env
    };
    size_t argvlen [11];
    for (int i = 0; i < 10; i++)
        argvlen [i] = strlen (argv [i]);
    argvlen [10] = size;
    redisContext *redis = sf_test_redis_connect ();
    redisReply *reply = redisCommandArgv (redis, 11, argv, argvlen);
    SF_CHECK (reply && reply->type == REDIS_REPLY_STRING);
    freeReplyObject (reply);
    redisFree (redis);
    free (env);
    sf_event_clear (&event);
    return id;
}
