/*  bench_publish: a stream fed as a relay feeds it (bench_publish.h).                       */
#include "bench_publish.h"
#include "sf_clock.h"
#include "sf_envelope.h"
#include "sf_redis.h"
#include "sf_uuid.h"

#include <assert.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char id [SF_UUID_LEN + 1];
    uint8_t *env;
    const char *argv [11];
    size_t argvlen [11];
} s_xadd_t;

uint8_t *
bench_event_envelope (const char *type, const char *aggregate_type, const char *aggregate_id, const char *plant,
                      int64_t occurred_ms, const ProtobufCMessage *payload, char *id, size_t *size)
{
    sf_uuid_generate (id);
    sf_event_t event = {
        .event_id = id, .type = (char *) type, .aggregate_type = (char *) aggregate_type,
        .aggregate_id = (char *) aggregate_id, .aggregate_version = 1, .plant = (char *) plant,
        .occurred_ms = occurred_ms
    };
    sf_event_set_payload (&event, payload);
    uint8_t *env = sf_event_encode (&event, size);
    free (event.payload);
    free (event.payload_type);
    return env;
}

int
bench_publish (const bench_publish_t *publish)
{
    sf_redis_t *redis = sf_redis_new ("127.0.0.1", publish->redis_port, 10000);
    if (!sf_redis_ensure (redis)) {
        const sf_text_t *refusal = sf_redis_refusal (redis);
        fprintf (stderr, "%s: cannot connect to Redis on port %d: %s\n", publish->who, publish->redis_port,
                 refusal? refusal->en: sf_redis_error (redis));
        sf_redis_destroy (&redis);
        return 1;
    }
    size_t pipeline = publish->pipeline? publish->pipeline: 500;
    s_xadd_t *xadds = calloc (pipeline, sizeof *xadds);
    sf_redis_cmd_t *commands = calloc (pipeline, sizeof *commands);
    redisReply **replies = calloc (pipeline, sizeof *replies);
    assert (xadds && commands && replies);
    int64_t started = sf_clock_mono_us ();
    int64_t written = 0;
    bool ok = true;
    int64_t end = publish->first + publish->count;
    for (int64_t first = publish->first; first < end && ok; first += (int64_t) pipeline) {
        size_t count = (size_t) (end - first < (int64_t) pipeline? end - first: (int64_t) pipeline);
        int64_t occurred_ms = sf_clock_wall_ms ();
        for (size_t c = 0; c < count; c++) {
            s_xadd_t *x = &xadds [c];
            size_t size;
            x->env = publish->event (publish->arg, first + (int64_t) c, occurred_ms, x->id, &size);
            const char *args [10] = { "XADD", publish->stream, "*", "id", x->id, "type", publish->type,
                                      "plant", publish->plant, "env" };
            for (int a = 0; a < 10; a++) {
                x->argv [a] = args [a];
                x->argvlen [a] = strlen (args [a]);
            }
            x->argv [10] = (const char *) x->env;
            x->argvlen [10] = size;
            commands [c] = (sf_redis_cmd_t) { .argc = 11, .argv = x->argv, .argvlen = x->argvlen };
        }
        bool sent = sf_redis_pipeline (redis, count, commands, replies) == 0;
        if (!sent) {
            fprintf (stderr, "%s: XADD to %s failed: %s\n", publish->who, publish->stream, sf_redis_error (redis));
            ok = false;
        }
        for (size_t c = 0; c < count; c++) {
            free (xadds [c].env);
            if (!sent)
                continue;
            if (replies [c]->type == REDIS_REPLY_STRING) {
                written++;
                if (publish->written)
                    fprintf (publish->written, "%s %lld\n", xadds [c].id, (long long) occurred_ms);
            }
            else
            if (ok) {
                fprintf (stderr, "%s: XADD to %s refused: %s\n", publish->who, publish->stream,
                         replies [c]->type == REDIS_REPLY_ERROR? replies [c]->str: "(not an id)");
                ok = false;
            }
            freeReplyObject (replies [c]);
        }
    }
    double seconds = (double) (sf_clock_mono_us () - started) / 1e6;
    if (ok)
        printf ("events=%lld seconds=%.3f events_per_s=%.0f\n", (long long) written, seconds,
                seconds > 0? (double) written / seconds: 0);
    free (xadds);
    free (commands);
    free (replies);
    sf_redis_destroy (&redis);
    return ok? 0: 1;
}
