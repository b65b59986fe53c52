/*  kill9_testlib: kills at points of progress, and the stream check.                        */
#include "kill9_testlib.h"

#include <hiredis/hiredis.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define STREAM_ENTRIES_MAX 4    //  entry times kept per event id
#define REDIS_LAG_MS 50         //  an XADD sent just before a kill may reach Redis' clock after it

typedef struct {
    int count;
    int64_t ms [STREAM_ENTRIES_MAX];
} s_entries_t;

void *
k9_send (sf_rpc_client_t *rpc, const ProtobufCMessage *request, const char *key,
         const ProtobufCMessageDescriptor *reply_type, int give_up_ms, bool *resent)
{
    ProtobufCMessage *answer = NULL;
    int64_t give_up = zclock_mono () + give_up_ms;
    int attempts = 0;
    while (!answer && zclock_mono () < give_up) {
        sf_reply_t reply;
        sf_status_t status = sf_rpc_client_call_message (rpc, request, key, &reply);
        attempts += sf_rpc_client_last_attempts (rpc);
        if (status == SF_OK) {
            answer = protobuf_c_message_unpack (reply_type, NULL, reply.body_size, reply.body);
            SF_CHECK (answer);
        }
        else
        if (!sf_status_retryable (status)) {
            fprintf (stderr, "%s: %s %s\n", key, sf_status_name (status), reply.reason_en? reply.reason_en: "");
            SF_CHECK (false);
        }
        sf_reply_clear (&reply);
    }
    *resent = attempts > 1;
    return answer;
}

void
k9_kill_three_times (sf_test_daemon_t *daemon, atomic_int *done, int total, int give_up_ms, k9_kills_t *kills)
{
    for (int kill = 0; kill < K9_KILLS; kill++) {
        int at = total * (kill + 1) / (K9_KILLS + 1);
        int64_t give_up = zclock_mono () + give_up_ms;
        while (atomic_load (done) < at) {
            SF_CHECK (zclock_mono () < give_up);
            zclock_sleep (2);
        }
        zclock_sleep ((getpid () + kill * 7) % 5);
        kills->kill_ms [kill] = zclock_time ();
        sf_test_daemon_stop (daemon, SIGKILL);
        kills->dead_ms [kill] = zclock_time ();
        int64_t down = zclock_mono ();
        sf_test_daemon_restart (daemon);
        printf ("kill -9 after %d commands answered; back in %lld ms\n", atomic_load (done),
                (long long) (zclock_mono () - down));
    }
}

//  Event id -> its entries in stream (count and entry times), read with XRANGE in pages.
static zhashx_t *
s_stream_entries (const char *stream)
{
    zhashx_t *entries = zhashx_new ();
    zhashx_set_destructor (entries, (zhashx_destructor_fn *) zstr_free);
    redisContext *redis = sf_test_redis_connect ();
    SF_CHECK (redis && !redis->err);
    char start [64] = "-";
    size_t page = 1000;
    while (page == 1000) {
        redisReply *reply = (redisReply *) redisCommand (redis, "XRANGE %s %s + COUNT 1000", stream, start);
        SF_CHECK (reply && reply->type == REDIS_REPLY_ARRAY);
        page = reply->elements;
        for (size_t i = 0; i < page; i++) {
            redisReply *entry = reply->element [i];
            redisReply *fields = entry->element [1];
            for (size_t f = 0; f + 1 < fields->elements; f += 2)
                if (strcmp (fields->element [f]->str, "id") == 0) {
                    const char *id = fields->element [f + 1]->str;
                    s_entries_t *known = (s_entries_t *) zhashx_lookup (entries, id);
                    if (!known) {
                        known = (s_entries_t *) calloc (1, sizeof *known);
                        zhashx_insert (entries, id, known);
                    }
                    if (known->count < STREAM_ENTRIES_MAX)
                        known->ms [known->count] = strtoll (entry->element [0]->str, NULL, 10);
                    known->count++;
                }
            snprintf (start, sizeof start, "(%s", entry->element [0]->str);
        }
        freeReplyObject (reply);
    }
    redisFree (redis);
    return entries;
}

int
k9_check_stream (const char *stream, zlistx_t *events, const k9_kills_t *kills)
{
    zhashx_t *entries = s_stream_entries (stream);
    int duplicates = 0;
    for (char *id = (char *) zlistx_first (events); id; id = (char *) zlistx_next (events)) {
        s_entries_t *found = (s_entries_t *) zhashx_lookup (entries, id);
        if (!found)
            fprintf (stderr, "event %s not in %s\n", id, stream);
        SF_CHECK (found);
        SF_CHECK (found->count <= STREAM_ENTRIES_MAX);
        for (int later = 1; later < found->count; later++) {
            bool across_a_kill = false;
            for (int kill = 0; kill < K9_KILLS; kill++)
                across_a_kill = across_a_kill
                    || (found->ms [later - 1] <= kills->dead_ms [kill] + REDIS_LAG_MS
                        && kills->kill_ms [kill] <= found->ms [later]);
            if (!across_a_kill)
                fprintf (stderr, "event %s published twice without a kill between (%lld, %lld)\n", id,
                         (long long) found->ms [later - 1], (long long) found->ms [later]);
            SF_CHECK (across_a_kill);
            duplicates++;
        }
    }
    zhashx_destroy (&entries);
    return duplicates;
}
