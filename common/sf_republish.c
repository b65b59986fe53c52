/*  sf_republish: checks the range, looks whether retention reached it, queues its rows again. */
#include "sf_republish.h"
#include "sf_admin.pb-c.h"

#include <inttypes.h>
#include <stdio.h>

static const sf_text_t s_msg_bad_id = {
    "sf.Republish 的 %s 不是流条目编号（形如 1700000000000-0）：%s",
    "%s of sf.Republish is not a stream entry id (like 1700000000000-0): %s"
};
static const sf_text_t s_msg_empty_range = {
    "sf.Republish 的 before_id 必须在 after_id 之后", "before_id of sf.Republish must come after after_id"
};

//  Parses "ms-seq" into two decimal texts for SQL. 0 or -1.
static int
s_position (const char *id, char ms [24], char seq [24], int64_t *ms_value, int64_t *seq_value)
{
    int end = 0;
    if (sscanf (id, "%" SCNd64 "-%" SCNd64 "%n", ms_value, seq_value, &end) != 2 || id [end]
    ||  *ms_value < 0 || *seq_value < 0)
        return -1;
    snprintf (ms, 24, "%" PRId64, *ms_value);
    snprintf (seq, 24, "%" PRId64, *seq_value);
    return 0;
}

void
sf_republish_handle (sf_call_t *call)
{
    const Sf__Republish *request = SF_CALL_BODY (call, Sf__Republish);
    char after_ms [24], after_seq [24], before_ms [24], before_seq [24], chunk [24];
    int64_t a_ms, a_seq, b_ms, b_seq;
    if (s_position (request->after_id, after_ms, after_seq, &a_ms, &a_seq)) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &s_msg_bad_id, "after_id", request->after_id);
        return;
    }
    if (s_position (request->before_id, before_ms, before_seq, &b_ms, &b_seq)) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &s_msg_bad_id, "before_id", request->before_id);
        return;
    }
    if (b_ms < a_ms || (b_ms == a_ms && b_seq <= a_seq)) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &s_msg_empty_range);
        return;
    }
    snprintf (chunk, sizeof chunk, "%d", SF_REPUBLISH_CHUNK);
    const char *values [] = { request->stream, after_ms, after_seq, before_ms, before_seq, chunk };
    sf_rows_t *rows = sf_db_query (call->db,
        "SELECT EXISTS (SELECT 1 FROM sf_outbox WHERE stream = $1 AND published_at IS NOT NULL "
        "AND (stream_ms, stream_seq) <= ($2::bigint, $3::bigint))", 3, values);
    if (!rows) {
        sf_call_fail_db (call, "looking at the outbox's reach");
        return;
    }
    bool held = sf_rows_bool (rows, 0, 0);
    sf_rows_destroy (&rows);
    int64_t queued = sf_db_exec (call->db,
        "UPDATE sf_outbox SET published_at = NULL, stream_ms = NULL, stream_seq = NULL "
        "WHERE id IN (SELECT id FROM sf_outbox WHERE stream = $1 AND published_at IS NOT NULL "
        "AND (stream_ms, stream_seq) > ($2::bigint, $3::bigint) "
        "AND (stream_ms, stream_seq) < ($4::bigint, $5::bigint) ORDER BY id LIMIT $6::int)", 6, values);
    if (queued < 0) {
        sf_call_fail_db (call, "queueing events again");
        return;
    }
    //  Counted as events, so the relay is woken at the commit.
    call->events += (int) queued;
    sf_log (SF_LOG_WARN, &call->log, "%s asked for the events of %s after %s and before %s again: "
            "%" PRId64 " queued%s", call->request->actor.user_id, request->stream, request->after_id,
            request->before_id, queued, held? "": " (the outbox no longer reaches back to the range)");
    Sf__RepublishReply reply = SF__REPUBLISH_REPLY__INIT;
    reply.republished = queued;
    reply.more = queued == SF_REPUBLISH_CHUNK;
    reply.held = held;
    sf_call_reply (call, &reply.base);
}
