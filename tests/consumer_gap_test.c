/*  Entries trimmed before their consumer read them are not lost silently (issue 19). With the
    rectification daemon stopped, findings reported to inspection wait in the stream, and
    the stream is trimmed (XTRIM, as the length or age cap would) past most of them. Back
    up, rectification finds the gap, asks inspection (inspection.endpoint) to publish the
    range again, and every finding becomes exactly one form. Then the same with inspection's
    outbox rows gone too (deleted, as retention would): the loss is an ERROR in the log and an
    sf.consumer_gap alert event naming the stream, the group and the range. sf.Republish itself
    refuses a bad range with a reason and a caller without role service or admin.          */
#include "inspection_testlib.h"
#include "sf_admin.pb-c.h"
#include "sf_pb.h"

#include <hiredis/hiredis.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#define FIRST 10            //  applied before the pause
#define TRIMMED_RUN 30      //  reported during the first pause
#define LOST_RUN 12         //  reported during the second pause
#define KEPT 4              //  stream entries left by each trim
#define WAIT_MS 40000

static it_stack_t s_stack;

static void
s_report (sf_rpc_client_t *client, const char *unit, int index)
{
    char description [128];
    snprintf (description, sizeof description, "第 %d 处：消防通道堵塞", index);
    Inspection__FindingInput finding = INSPECTION__FINDING_INPUT__INIT;
    finding.description = description;
    finding.factor = INSPECTION__FACTOR__FACTOR_ENVIRONMENT;
    finding.location = (char *) "仓库";
    finding.severity = INSPECTION__SEVERITY__SEVERITY_GENERAL;
    finding.responsible_unit = (char *) unit;
    Inspection__ReportFinding request = INSPECTION__REPORT_FINDING__INIT;
    request.finding = &finding;
    request.source = INSPECTION__FINDING_SOURCE__SOURCE_REPORT;
    SF_CHECK (dt_ask (client, &request.base, NULL) == SF_OK);
}

static void
s_trim (const char *stream, int keep)
{
    redisContext *redis = sf_test_redis_connect ();
    SF_CHECK (redis && !redis->err);
    redisReply *reply = redisCommand (redis, "XTRIM %s MAXLEN %d", stream, keep);
    SF_CHECK (reply && reply->type == REDIS_REPLY_INTEGER && reply->integer > 0);
    freeReplyObject (reply);
    redisFree (redis);
}

static bool
s_log_has (const char *path, const char *text)
{
    return sf_test_sh ("grep -q '%s' '%s'", text, path) == 0;
}

//  Bad ranges are refused with a reason; a business role may not ask.
static void
s_bad_requests (const char *stream)
{
    sf_rpc_client_t *service = it_client (&s_stack, "sf-test", "service", "");
    Sf__Republish request = SF__REPUBLISH__INIT;
    request.stream = (char *) stream;
    request.after_id = (char *) "12-x";
    request.before_id = (char *) "20-0";
    sf_reply_t reply = { 0 };
    SF_CHECK (sf_rpc_client_call_message (service, &request.base, NULL, &reply) == SF_INVALID_ARGUMENT);
    SF_CHECK (reply.reason_en && strstr (reply.reason_en, "after_id") && reply.reason_zh && *reply.reason_zh);
    sf_reply_clear (&reply);
    request.after_id = (char *) "20-0";
    SF_CHECK (sf_rpc_client_call_message (service, &request.base, NULL, &reply) == SF_INVALID_ARGUMENT);
    sf_reply_clear (&reply);
    sf_rpc_client_t *officer = it_client (&s_stack, "officer", "safety_officer", "");
    request.after_id = (char *) "0-0";
    SF_CHECK (sf_rpc_client_call_message (officer, &request.base, NULL, &reply) == SF_PERMISSION_DENIED);
    sf_reply_clear (&reply);
    sf_rpc_client_destroy (&officer);
    sf_rpc_client_destroy (&service);
}

int
main (void)
{
    it_stack_start (&s_stack, "cgap");
    char unit [96], reporter [96], stream [128];
    snprintf (unit, sizeof unit, "%sD1T1", s_stack.prefix);
    snprintf (reporter, sizeof reporter, "%sD1", s_stack.prefix);
    snprintf (stream, sizeof stream, "%s:events:inspection", s_stack.prefix);
    sf_rpc_client_t *officer = it_client (&s_stack, "officer", "safety_officer", reporter);
    s_bad_requests (stream);
    //  Rectification learns where inspection answers from its settings, as deploy/up renders them.
    setenv ("SF_INSPECTION_ENDPOINT", s_stack.inspection.endpoint, 1);
    it_rectification_start (&s_stack);
    sf_db_t *rect = sf_test_db_session (s_stack.rectification_schema);
    const char *forms = "SELECT count (*) FROM form";
    int reported = 0;
    for (; reported < FIRST; reported++)
        s_report (officer, unit, reported + 1);
    SF_CHECK (it_wait_count (rect, forms, NULL, FIRST, WAIT_MS));

    //  Paused, the stream trimmed past what it never read; the outbox still holds it all.
    sf_test_daemon_stop (&s_stack.rectification, SIGTERM);
    for (; reported < FIRST + TRIMMED_RUN; reported++)
        s_report (officer, unit, reported + 1);
    SF_CHECK (dt_wait_published (s_stack.db, 10000));
    s_trim (stream, KEPT);
    it_rectification_start (&s_stack);
    SF_CHECK (it_wait_count (rect, "SELECT count (*) FROM sf_consumer_gap WHERE outcome = 'recovered'",
                             NULL, 1, WAIT_MS));
    SF_CHECK (it_wait_count (rect, forms, NULL, reported, WAIT_MS));
    sf_test_sleep_ms (1000);
    //  Every finding once: republished entries that were applied already are dropped.
    SF_CHECK (sf_test_scalar (rect, forms, NULL) == reported);
    SF_CHECK (sf_test_scalar (rect, "SELECT count (DISTINCT finding_id) FROM form", NULL) == reported);
    SF_CHECK (sf_test_scalar (rect, "SELECT count (*) FROM sf_consumer_gap WHERE missing > 0 "
                                    "AND republished >= missing", NULL) == 1);
    SF_CHECK (s_log_has (s_stack.rectification.log_path, "were trimmed from the stream before this group read them"));
    SF_CHECK (sf_test_scalar (rect, "SELECT count (*) FROM sf_outbox WHERE event_type = 'sf.consumer_gap'", NULL) == 0);

    //  Paused again; this time the outbox rows are gone as well: nothing can bring them back.
    sf_test_daemon_stop (&s_stack.rectification, SIGTERM);
    for (; reported < FIRST + TRIMMED_RUN + LOST_RUN; reported++)
        s_report (officer, unit, reported + 1);
    SF_CHECK (dt_wait_published (s_stack.db, 10000));
    SF_CHECK (sf_db_exec (s_stack.db, "DELETE FROM sf_outbox", 0, NULL) > 0);
    s_trim (stream, KEPT);
    it_rectification_start (&s_stack);
    SF_CHECK (it_wait_count (rect, "SELECT count (*) FROM sf_consumer_gap WHERE outcome = 'lost'",
                             NULL, 1, WAIT_MS));
    SF_CHECK (it_wait_count (rect, "SELECT count (*) FROM sf_outbox WHERE event_type = 'sf.consumer_gap'",
                             NULL, 1, WAIT_MS));
    SF_CHECK (s_log_has (s_stack.rectification.log_path, "are lost for this group"));
    //  The alert names the stream, the group and the range, with what is known of the count.
    sf_rows_t *rows = sf_db_query (rect,
        "SELECT o.envelope, g.after_id, g.before_id, g.missing FROM sf_outbox o, sf_consumer_gap g "
        "WHERE o.event_type = 'sf.consumer_gap' AND g.outcome = 'lost'", 0, NULL);
    SF_CHECK (rows && sf_rows_count (rows) == 1);
    size_t size;
    uint8_t *bytes = sf_rows_bytes (rows, 0, 0, &size);
    sf_event_t event;
    SF_CHECK (sf_event_decode (&event, bytes, size) == 0);
    SF_CHECK_STR (event.payload_type, "sf.ConsumerGap");
    Sf__ConsumerGap *gap = sf__consumer_gap__unpack (NULL, event.payload_size, event.payload);
    SF_CHECK (gap);
    SF_CHECK_STR (gap->stream, stream);
    SF_CHECK_STR (gap->group, s_stack.rectification_schema);
    SF_CHECK_STR (gap->after_id, sf_rows_text (rows, 0, 1));
    SF_CHECK_STR (gap->before_id, sf_rows_text (rows, 0, 2));
    SF_CHECK (gap->missing == sf_rows_int (rows, 0, 3) && gap->missing > 0);
    SF_CHECK (gap->republished == 0);
    SF_CHECK (gap->reason && strstr (gap->reason->en, "outbox"));
    sf__consumer_gap__free_unpacked (gap, NULL);
    sf_event_clear (&event);
    free (bytes);
    sf_rows_destroy (&rows);
    //  What the trim left is applied; what it took is not, and said so.
    SF_CHECK (sf_test_scalar (rect, forms, NULL) < reported);
    SF_CHECK (sf_test_scalar (rect, "SELECT count (DISTINCT finding_id) FROM form", NULL)
              == sf_test_scalar (rect, forms, NULL));

    sf_db_destroy (&rect);
    sf_rpc_client_destroy (&officer);
    it_stack_stop (&s_stack);
    printf ("consumer_gap: ok\n");
    return 0;
}
