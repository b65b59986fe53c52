/*  sf_rpc_call: what a handler does with its call: answer, fail, emit events.               */
#include "sf_codec.h"
#include "sf_outbox.h"
#include "sf_rpc_server.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

void
sf_call_fail (sf_call_t *call, sf_status_t status, const sf_text_t *text, ...)
{
    assert (status != SF_OK);
    va_list args;
    va_start (args, text);
    char *zh = NULL, *en = NULL;
    sf_text_formatv (text? text: sf_status_text (status), &zh, &en, args);
    va_end (args);
    sf_reply_set_status (call->reply, status, NULL);
    free (call->reply->reason_zh);
    free (call->reply->reason_en);
    call->reply->reason_zh = zh;
    call->reply->reason_en = en;
}

void
sf_call_fail_db (sf_call_t *call, const char *what)
{
    bool transient = sf_db_error_transient (call->db);
    sf_log (transient? SF_LOG_WARN: SF_LOG_ERROR, &call->log, "%s: database error %s: %s",
            what, sf_db_sqlstate (call->db), sf_db_error (call->db));
    sf_call_fail (call, transient? SF_UNAVAILABLE: SF_INTERNAL, NULL);
}

void
sf_call_reply (sf_call_t *call, const ProtobufCMessage *reply)
{
    assert (call->route && reply->descriptor == call->route->reply);
    sf_reply_set_status (call->reply, SF_OK, NULL);
    free (call->reply->type);
    free (call->reply->body);
    call->reply->type = strdup (reply->descriptor->name);
    call->reply->body = sf_codec_pack (reply, &call->reply->body_size);
    assert (call->reply->type);
}

int
sf_call_emit (sf_call_t *call, const char *stream, sf_event_t *event)
{
    sf_actor_clear (&event->actor);
    sf_actor_copy (&event->actor, &call->request->actor);
    free (event->trace_id);
    event->trace_id = strdup (call->request->trace_id? call->request->trace_id: "");
    if (sf_outbox_add (call->db, stream, event))
        return -1;
    call->events++;
    return 0;
}
