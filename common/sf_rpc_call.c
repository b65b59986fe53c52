/*  sf_rpc_call: what a handler does with its call: answer, fail, emit events.               */
#include "sf_codec.h"
#include "sf_outbox.h"
#include "sf_rpc_server.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

static const sf_text_t s_msg_deadline_db = {
    "请求的截止时间已到，数据库操作已取消并回滚，未做任何修改；可使用相同的幂等键重试",
    "The request's deadline passed while the database worked: the work was cancelled and rolled back, "
    "nothing changed; retry with the same idempotency key"
};
static const sf_text_t s_msg_reply_too_large = {
    "应答大小 %zu 字节，超过上限 %zu 字节；请缩小查询范围或减小 page_size",
    "The reply would be %zu bytes, more than the limit of %zu bytes; narrow the request or ask for a smaller page_size"
};

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
    if (sf_db_deadline_passed (call->db))
        sf_call_fail (call, SF_DEADLINE_EXCEEDED, &s_msg_deadline_db);
    else
        sf_call_fail (call, transient? SF_UNAVAILABLE: SF_INTERNAL, NULL);
}

void
sf_call_reply (sf_call_t *call, const ProtobufCMessage *reply)
{
    assert (call->route && reply->descriptor == call->route->reply);
    size_t size = protobuf_c_message_get_packed_size (reply);
    if (call->max_reply_bytes && size > call->max_reply_bytes) {
        sf_log (SF_LOG_WARN, &call->log, "reply of %zu bytes refused (rpc.max_reply_bytes %zu)", size,
                call->max_reply_bytes);
        sf_call_fail (call, SF_TOO_LARGE, &s_msg_reply_too_large, size, call->max_reply_bytes);
        return;
    }
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
