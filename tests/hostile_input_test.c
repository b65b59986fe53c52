/*  Hostile input beyond the decoder, against real daemons (a directory and a rectification
    daemon): a NUL inside any string is refused by name (every envelope field, the
    idempotency key, a body string, a repeated string, a nested message's string, an event's
    envelope and payload); text that is only white space is refused where text is required;
    a flood of 100,000 bad frames writes a bounded number of log lines while the daemon
    answers sf.Health throughout.

    A C string cannot hold a NUL, so the strings here carry a DEL (0x7f) where the NUL goes,
    and the packed bytes get it once they are packed (s_nul_at).                              */
#include "fault_testlib.h"
#include "rectification_testlib.h"
#include "sf_clock.h"
#include "sf_codec.h"

#include <string.h>

#define MARK "x\x7fy"                //  a string whose DEL becomes a NUL on the wire
#define FLOOD_FRAMES 100000
//  Frames sent before their replies are read: within the server's send buffer per client
//  (a high-water mark of twice rpc.peer_in_flight_max, 64 by default, of which libzmq sees
//  only the part above its low-water mark free for sure), so that no reply is dropped.
#define FLOOD_BURST 50
#define REPLY_WAIT_MS 5000
//  What the rpc server lets through per peer and window (sf_rpc_server.c): lines about
//  failed requests, then one summary line a window.
#define PEER_LINES_PER_SECOND 5

static rt_stack_t s_stack;

//  Makes the DEL of every MARK in data a NUL.
static void
s_nul_at (uint8_t *data, size_t size)
{
    int found = 0;
    for (uint8_t *at = data; (at = memmem (at, size - (size_t) (at - data), MARK, strlen (MARK))); at++) {
        at [1] = 0;
        found++;
    }
    SF_CHECK (found);
}

//  The reply's reason must name the field in both languages.
static void
s_expect_named (const sf_reply_t *reply, sf_status_t status, const char *path)
{
    if (reply->status != status || !strstr (reply->reason_en, path) || !strstr (reply->reason_zh, path))
        fprintf (stderr, "wanted %s naming %s, got %s: %s / %s\n", sf_status_name (status), path,
                 sf_status_name (reply->status), reply->reason_en, reply->reason_zh);
    SF_CHECK (reply->status == status);
    SF_CHECK (strstr (reply->reason_en, path) && strstr (reply->reason_zh, path));
}

//  Sends a request envelope whose field (one of the names below) is MARK, with the NUL,
//  on a raw socket; the reply must refuse it by name and, unless the NUL is in the request
//  id, answer to the request's id.
static void
s_envelope_nul (zsock_t *dealer, const char *field, const char *path)
{
    Rectification__GetForm get = RECTIFICATION__GET_FORM__INIT;
    get.number = (char *) "P-R2026-000001";
    size_t body_size;
    uint8_t *body = sf_codec_pack (&get.base, &body_size);
    char *request_id = ft_request_id ("nul");
    sf_request_t request = {
        .request_id = request_id, .idempotency_key = (char *) "key-1", .trace_id = (char *) "trace-1",
        .type = (char *) get.base.descriptor->name, .body = body, .body_size = body_size,
        .deadline_ms = sf_clock_wall_ms () + REPLY_WAIT_MS,
        .actor = { .user_id = (char *) "tester", .org_node = (char *) "hiD", .plant = (char *) "hiP",
                   .roles = { (char *) "safety_officer", (char *) "admin" }, .role_count = 2 }
    };
    char **slot = strcmp (field, "request_id") == 0? &request.request_id
                : strcmp (field, "idempotency_key") == 0? &request.idempotency_key
                : strcmp (field, "trace_id") == 0? &request.trace_id
                : strcmp (field, "type") == 0? &request.type
                : strcmp (field, "user_id") == 0? &request.actor.user_id
                : strcmp (field, "org_node") == 0? &request.actor.org_node
                : strcmp (field, "plant") == 0? &request.actor.plant
                : &request.actor.roles [1];
    *slot = (char *) MARK;
    size_t size;
    uint8_t *frame = sf_request_encode (&request, &size);
    s_nul_at (frame, size);
    SF_CHECK (ft_send (dealer, frame, size) == 0);
    sf_reply_t reply;
    const char *answered_id = strcmp (field, "request_id") == 0? "": request_id;
    SF_CHECK (ft_wait_reply (dealer, answered_id, sf_clock_wall_ms () + REPLY_WAIT_MS, &reply, NULL) == 0);
    s_expect_named (&reply, SF_INVALID_ARGUMENT, path);
    SF_CHECK (strstr (reply.reason_en, "NUL"));
    sf_reply_clear (&reply);
    free (frame);
    free (body);
    free (request_id);
}

static void
s_envelope_cases (void)
{
    zsock_t *dealer = ft_dealer (s_stack.daemon.endpoint, 0, 0);
    s_envelope_nul (dealer, "request_id", "request_id");
    s_envelope_nul (dealer, "idempotency_key", "idempotency_key");
    s_envelope_nul (dealer, "trace_id", "trace_id");
    s_envelope_nul (dealer, "type", "type");
    s_envelope_nul (dealer, "user_id", "actor.user_id");
    s_envelope_nul (dealer, "org_node", "actor.org_node");
    s_envelope_nul (dealer, "plant", "actor.plant");
    s_envelope_nul (dealer, "roles", "actor.roles[1]");
    zsock_destroy (&dealer);
}

//  Sends message packed, with its MARKs made NULs, as a request of its type.
static void
s_body_nul (sf_rpc_client_t *client, const ProtobufCMessage *message, const char *path)
{
    size_t size;
    uint8_t *body = sf_codec_pack (message, &size);
    s_nul_at (body, size);
    sf_reply_t reply;
    SF_CHECK (sf_rpc_client_call (client, message->descriptor->name, body, size, NULL, &reply) == 0);
    s_expect_named (&reply, SF_INVALID_ARGUMENT, path);
    SF_CHECK (strstr (reply.reason_en, "NUL"));
    sf_reply_clear (&reply);
    free (body);
}

//  Sends message as it is: its required text is blank.
static void
s_body_blank (sf_rpc_client_t *client, const ProtobufCMessage *message, const char *path)
{
    sf_reply_t reply;
    sf_rpc_client_call_message (client, message, NULL, &reply);
    s_expect_named (&reply, SF_INVALID_ARGUMENT, path);
    SF_CHECK (strstr (reply.reason_en, "blank"));
    sf_reply_clear (&reply);
}

static void
s_body_cases (void)
{
    sf_rpc_client_t *officer = rt_client (&s_stack, "officer", "safety_officer", "hiD");
    Rectification__Form *form = NULL;
    SF_CHECK (rt_issue (officer, "hiT", RECTIFICATION__SEVERITY__SEVERITY_GENERAL, "地面油污", "", 0, &form) == SF_OK);
    sf_rpc_client_t *boss = rt_client (&s_stack, "boss", "admin", "hiC");
    int64_t forms = sf_test_scalar (s_stack.db, "SELECT count(*) FROM form", NULL);
    int64_t history = sf_test_scalar (s_stack.db, "SELECT count(*) FROM sf_outbox", NULL);

    //  A body string, a repeated string, a nested message's string.
    Rectification__IssueForm issue = RECTIFICATION__ISSUE_FORM__INIT;
    issue.responsible_unit = (char *) "hiT";
    issue.description = (char *) "ok";
    issue.requirement = (char *) "ok";
    issue.severity = RECTIFICATION__SEVERITY__SEVERITY_GENERAL;
    issue.responsible_unit = (char *) "hiT" MARK;
    s_body_nul (officer, &issue.base, "responsible_unit");
    issue.responsible_unit = (char *) "hiT";
    char *attachments [] = { (char *) "photo-1.jpg", (char *) "photo-2" MARK };
    issue.attachments = attachments;
    issue.n_attachments = 2;
    s_body_nul (officer, &issue.base, "attachments[1]");
    issue.n_attachments = 0;
    Rectification__Evidence evidence = RECTIFICATION__EVIDENCE__INIT;
    evidence.text = (char *) "已清理" MARK;
    Rectification__SubmitEvidence submit = RECTIFICATION__SUBMIT_EVIDENCE__INIT;
    submit.number = form->number;
    submit.evidence = &evidence;
    s_body_nul (officer, &submit.base, "evidence.text");
    char *evidence_files [] = { (char *) "a", (char *) "b", (char *) MARK };
    evidence.text = (char *) "已清理";
    evidence.attachments = evidence_files;
    evidence.n_attachments = 3;
    s_body_nul (officer, &submit.base, "evidence.attachments[2]");
    evidence.n_attachments = 0;

    //  Only white space where text is required: ASCII, U+3000, U+2003 and a zero-width space.
    const char *blanks [] = { "   ", "\xe3\x80\x80", "\xe3\x80\x80 \xe2\x80\x83\xe2\x80\x8b" };
    for (size_t i = 0; i < sizeof blanks / sizeof blanks [0]; i++) {
        issue.description = (char *) blanks [i];
        s_body_blank (officer, &issue.base, "description");
        evidence.text = (char *) blanks [i];
        s_body_blank (officer, &submit.base, "evidence.text");
        Rectification__RejectForm reject = RECTIFICATION__REJECT_FORM__INIT;
        reject.number = form->number;
        reject.reason = (char *) blanks [i];
        s_body_blank (officer, &reject.base, "reason");
        Rectification__CancelForm cancel = RECTIFICATION__CANCEL_FORM__INIT;
        cancel.number = form->number;
        cancel.reason = (char *) blanks [i];
        s_body_blank (boss, &cancel.base, "reason");
    }
    //  Nothing of it was written.
    SF_CHECK (sf_test_scalar (s_stack.db, "SELECT count(*) FROM form", NULL) == forms);
    SF_CHECK (sf_test_scalar (s_stack.db, "SELECT count(*) FROM sf_outbox", NULL) == history);

    //  The directory: a code with a NUL ("adm\0in" must not act as "adm"), a blank name.
    Directory__CreateNode create = DIRECTORY__CREATE_NODE__INIT;
    create.kind = DIRECTORY__KIND__KIND_TEAM;
    create.code = (char *) "hiT9" MARK;
    create.parent_code = (char *) "hiD";
    create.name_zh = (char *) "九班";
    s_body_nul (s_stack.admin, &create.base, "code");
    create.code = (char *) "hiT9";
    create.name_zh = (char *) "\xe3\x80\x80\xe3\x80\x80";
    s_body_blank (s_stack.admin, &create.base, "name_zh");
    sf_pb_destroy (&form);
    sf_rpc_client_destroy (&boss);
    sf_rpc_client_destroy (&officer);
}

//  Findings fed as the inspection daemon would: one with a NUL in its payload, one with a
//  NUL in its event's envelope, one whose description is blank; then a good one. Only the
//  good one becomes a form, and the daemon goes on.
static void
s_event_cases (void)
{
    Inspection__Finding finding = INSPECTION__FINDING__INIT;
    finding.id = 9001;
    finding.number = (char *) "hiP-F-9001";
    finding.plant_code = (char *) "hiP";
    finding.reporter = (char *) "inspector";
    finding.reporter_unit = (char *) "hiD";
    finding.responsible_unit = (char *) "hiT";
    finding.description = (char *) "安全通道堵塞" MARK;
    finding.reported_ms = sf_clock_wall_ms ();
    finding.severity = INSPECTION__SEVERITY__SEVERITY_GENERAL;
    const char *numbers [] = { "hiP-F-9001", "hiP-F-9002", "hiP-F-9003" };
    int64_t issued = rt_count_events (&s_stack, "rectification.form_issued");

    //  The payload's description holds a NUL.
    sf_event_t event = {
        .event_id = (char *) "00000000-0000-4000-8000-000000009001", .type = (char *) "inspection.finding_reported",
        .aggregate_type = (char *) "finding", .aggregate_id = finding.number, .aggregate_version = 1,
        .plant = finding.plant_code, .occurred_ms = 1, .trace_id = (char *) "",
        .actor = { .user_id = finding.reporter, .org_node = finding.reporter_unit, .plant = finding.plant_code }
    };
    const char *bad_ids [] = { "00000000-0000-4000-8000-000000009001", "00000000-0000-4000-8000-000000009002",
                               "00000000-0000-4000-8000-000000009003" };
    for (int i = 0; i < 3; i++) {
        finding.id = 9001 + i;
        finding.number = (char *) numbers [i];
        event.aggregate_id = finding.number;
        finding.description = (char *) (i == 0? "安全通道堵塞" MARK: i == 1? "安全通道堵塞": "\xe3\x80\x80 ");
        event.plant = (char *) (i == 1? "hiP" MARK: "hiP");
        event.event_id = (char *) bad_ids [i];
        sf_event_set_payload (&event, &finding.base);
        if (i == 0)
            s_nul_at (event.payload, event.payload_size);
        size_t size;
        uint8_t *envelope = sf_event_encode (&event, &size);
        if (i == 1)
            s_nul_at (envelope, size);
        free (event.payload);
        free (event.payload_type);
        event.payload = NULL;
        event.payload_type = NULL;
        char stream [128];
        snprintf (stream, sizeof stream, "%s:events:inspection", s_stack.prefix);
        redisContext *redis = sf_test_redis_connect ();
        SF_CHECK (redis && !redis->err);
        redisReply *reply = redisCommand (redis, "XADD %s * id %s type %s plant %s env %b", stream, bad_ids [i],
                                          event.type, "hiP", envelope, size);
        SF_CHECK (reply && reply->type == REDIS_REPLY_STRING);
        freeReplyObject (reply);
        redisFree (redis);
        free (envelope);
    }
    finding.id = 9004;
    finding.number = (char *) "hiP-F-9004";
    finding.description = (char *) "安全通道堵塞";
    rt_feed_finding (&s_stack, &finding, "00000000-0000-4000-8000-000000009004");
    SF_CHECK (rt_wait_events (&s_stack, "rectification.form_issued", (int) issued + 1, 20000));
    sf_test_sleep_ms (300);
    SF_CHECK (rt_count_events (&s_stack, "rectification.form_issued") == issued + 1);
    SF_CHECK (sf_test_scalar (s_stack.db, "SELECT count(*) FROM form WHERE finding_id BETWEEN 9001 AND 9003", NULL) == 0);
    //  The three bad ones end as dead letters, never applied.
    redisContext *redis = sf_test_redis_connect ();
    SF_CHECK (redis && !redis->err);
    long long dead = 0;
    for (int waited = 0; waited < 20000 && dead < 3; waited += 200) {
        redisReply *reply = redisCommand (redis, "XLEN %s:events:inspection:dead", s_stack.prefix);
        SF_CHECK (reply && reply->type == REDIS_REPLY_INTEGER);
        dead = reply->integer;
        freeReplyObject (reply);
        if (dead < 3)
            sf_test_sleep_ms (200);
    }
    redisFree (redis);
    SF_CHECK (dead == 3);
    SF_CHECK (sf_test_scalar (s_stack.db, "SELECT count(*) FROM form WHERE finding_id BETWEEN 9001 AND 9003", NULL) == 0);
    SF_CHECK (sf_test_daemon_healthy (&s_stack.daemon, 2000));
}

//  Lines of the daemon's log that tell a failed request (or sum up those not told).
static int
s_failed_lines (const char *log_path)
{
    char command [700];
    snprintf (command, sizeof command, "grep -c -e '-> invalid_argument' -e '-> malformed' -e 'failed requests:' '%s'",
              log_path);
    FILE *grep = popen (command, "r");
    SF_CHECK (grep);
    int lines = 0;
    SF_CHECK (fscanf (grep, "%d", &lines) == 1);
    pclose (grep);
    return lines;
}

//  100,000 bad frames, a burst at a time, half not even a request, half with a NUL in the
//  idempotency key; sf.Health asked during each burst must be answered.
static void
s_flood (void)
{
    int before = s_failed_lines (s_stack.daemon.log_path);
    zsock_t *flooder = ft_dealer (s_stack.daemon.endpoint, FLOOD_BURST * 2, FLOOD_BURST * 2);
    zsock_t *watcher = ft_dealer (s_stack.daemon.endpoint, 0, 0);
    const uint8_t garbage [] = { 0xff, 0xff, 0xff, 0xff, 0x0f, 0x12, 0x99 };
    sf_request_t request = {
        .request_id = (char *) "flood", .idempotency_key = (char *) "k" MARK, .type = (char *) "rectification.GetForm",
        .actor = { .user_id = (char *) "tester" }
    };
    size_t nul_size;
    uint8_t *nul_frame = sf_request_encode (&request, &nul_size);
    s_nul_at (nul_frame, nul_size);
    int64_t started = sf_clock_mono_ms ();
    int64_t health_max_ms = 0;
    for (int sent = 0; sent < FLOOD_FRAMES; sent += FLOOD_BURST) {
        for (int i = 0; i < FLOOD_BURST; i++)
            SF_CHECK (i % 2? ft_send (flooder, garbage, sizeof garbage) == 0: ft_send (flooder, nul_frame, nul_size) == 0);
        sf_health_t health;
        int64_t round_trip = ft_health (watcher, REPLY_WAIT_MS, &health);
        SF_CHECK (round_trip >= 0);
        sf_health_clear (&health);
        if (round_trip > health_max_ms)
            health_max_ms = round_trip;
        zpoller_t *poller = zpoller_new (flooder, NULL);
        for (int i = 0; i < FLOOD_BURST; i++) {
            SF_CHECK (zpoller_wait (poller, REPLY_WAIT_MS) == flooder);
            zframe_t *frame = zframe_recv (flooder);
            sf_reply_t reply;
            SF_CHECK (frame && sf_reply_decode (&reply, zframe_data (frame), zframe_size (frame)) == 0);
            SF_CHECK (reply.status == SF_MALFORMED || reply.status == SF_INVALID_ARGUMENT);
            sf_reply_clear (&reply);
            zframe_destroy (&frame);
        }
        zpoller_destroy (&poller);
    }
    int64_t seconds = (sf_clock_mono_ms () - started) / 1000 + 1;
    sf_test_sleep_ms (1500);                     //  the last window's summary
    int lines = s_failed_lines (s_stack.daemon.log_path) - before;
    printf ("measured: %d bad frames in %lld s wrote %d log lines; sf.Health at most %lld ms during the flood\n",
            FLOOD_FRAMES, (long long) seconds, lines, (long long) health_max_ms);
    //  A few lines a window and one summary, for each window the flood lasted (and the one after).
    SF_CHECK (lines <= (int) (seconds + 2) * (PEER_LINES_PER_SECOND + 1));
    SF_CHECK (sf_test_sh ("grep -q 'failed requests: [0-9]* log lines suppressed' '%s'", s_stack.daemon.log_path) == 0);
    SF_CHECK (sf_test_daemon_healthy (&s_stack.daemon, 2000));
    free (nul_frame);
    zsock_destroy (&flooder);
    zsock_destroy (&watcher);
}

int
main (void)
{
    rt_stack_start (&s_stack, "hostile", "hi", NULL);
    s_envelope_cases ();
    s_body_cases ();
    s_event_cases ();
    s_flood ();
    rt_stack_stop (&s_stack);
    printf ("hostile_input_test: OK\n");
    return 0;
}
