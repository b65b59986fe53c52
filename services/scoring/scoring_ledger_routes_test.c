/*  scoring_ledger_routes_test: the ledger area's routes called as the rpc server calls them
    (scope check, then the handler; a write committed when it answers OK, else rolled back)
    on a migrated schema with an org copy written directly and entries written with
    scoring_entry_add: reading entries (a plant, a person, a unit's subtree, joint liability
    only, paged), adjustments (who may, bad points, unknown reference), appeals (the person's
    own entry, another's refused with nothing written, twice, a reversal and an adjustment
    refused), decisions (upheld; reversed with the cascades, netting to zero; twice refused;
    one's own refused; a closed month's entry reversed into the next open month).          */
#include "scoring.h"
#include "scoring_ledger.h"
#include "scoring_store.h"
#include "sf_clock.h"
#include "sf_migrate.h"
#include "sf_pb.h"
#include "sf_rpc_scope.h"
#include "sf_testkit.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const sf_migration_t scoring_migrations [];

static sf_db_t *s_db;
static scoring_state_t s_state = { .time_zone = (char *) "Asia/Shanghai" };

static void
s_exec (const char *sql, int count, const char *const *values)
{
    if (sf_db_exec (s_db, sql, count, values) < 0) {
        fprintf (stderr, "%s: %s\n", sql, sf_db_error (s_db));
        abort ();
    }
}

static int64_t
s_scalar (const char *sql, const char *param)
{
    return sf_test_scalar (s_db, sql, param);
}

static void
s_node (const char *kind, const char *code, const char *parent, const char *plant, const char *name)
{
    const char *values [] = { code, kind, parent, plant, name };
    s_exec ("INSERT INTO sf_org_node (code, kind, parent_code, plant_code, name_zh, name_en, active, version)"
            " VALUES ($1, $2::smallint, nullif ($3, ''), nullif ($4, ''), $5, $5, true, 1)", 5, values);
}

//  An account of the copy: login, its employee, one role on one node.
static void
s_account (const char *login, const char *employee, const char *role, const char *node)
{
    const char *values [] = { login, employee, role, node };
    s_exec ("INSERT INTO sf_org_account (login, employee_code, disabled, version) VALUES ($1, $2, false, 1)",
            2, values);
    const char *grant [] = { login, role, node };
    s_exec ("INSERT INTO sf_org_grant (login, role, node_code) VALUES ($1, $2, $3)", 3, grant);
}

//  Calls the route of body's type as login; the reply is the caller's to clear.
static sf_status_t
s_call (const ProtobufCMessage *body, const char *login, sf_reply_t *reply)
{
    const sf_route_t *route = scoring_ledger_routes;
    while (route->request && route->request != body->descriptor)
        route++;
    SF_CHECK (route->request);
    static int counter;
    char request_id [32];
    snprintf (request_id, sizeof request_id, "req-%d", ++counter);
    sf_request_t request = { .request_id = request_id, .type = (char *) body->descriptor->name };
    request.actor.user_id = strdup (login);
    request.actor.org_node = strdup ("");
    request.actor.plant = strdup ("");
    sf_peer_t peer = { .name = "test", .kind = SF_PEER_KIND_DAEMON, .trusted = true };
    memset (reply, 0, sizeof *reply);
    sf_call_t call = {
        .request = &request, .peer = &peer, .message = body, .route = route, .reply = reply, .db = s_db,
        .state = &s_state
    };
    if (route->writes)
        SF_CHECK (sf_db_begin (s_db) == 0);
    sf_scope_t scope;
    if (sf_rpc_scope_check (&call, &request.actor, &scope))
        route->handler (&call);
    sf_actor_clear (&request.actor);
    SF_CHECK (reply->status != 0);
    if (route->writes) {
        if (reply->status == SF_OK)
            SF_CHECK (sf_db_commit (s_db) == 0);
        else
            sf_db_rollback (s_db);
    }
    return reply->status;
}

//  Calls and expects status; returns the body unpacked as descriptor on OK (else NULL).
static void *
s_expect (const ProtobufCMessage *body, const char *login, sf_status_t status,
          const ProtobufCMessageDescriptor *descriptor)
{
    sf_reply_t reply;
    sf_status_t got = s_call (body, login, &reply);
    if (got != status) {
        fprintf (stderr, "%s as %s: status %d, expected %d: %s / %s\n", body->descriptor->name, login, (int) got,
                 (int) status, reply.reason_zh? reply.reason_zh: "", reply.reason_en? reply.reason_en: "");
        abort ();
    }
    void *message = NULL;
    if (status == SF_OK) {
        message = protobuf_c_message_unpack (descriptor, NULL, reply.body_size, reply.body);
        SF_CHECK (message);
    }
    else
        SF_CHECK (reply.reason_zh && *reply.reason_zh && reply.reason_en && *reply.reason_en);
    sf_reply_clear (&reply);
    return message;
}

//  Writes an entry about code of kind with points; origin event unless parent (a cascade).
static int64_t
s_entry (const char *code, const char *kind, int64_t points, const char *source_key, int64_t parent,
         int64_t occurred_ms)
{
    scoring_subject_t subject;
    SF_CHECK (scoring_subject_find (s_db, code, &subject) == 1);
    const scoring_entry_input_t input = {
        .subject = &subject, .kind = kind, .points = points,
        .origin = parent? SCORING__ENTRY_ORIGIN__ORIGIN_CASCADE: SCORING__ENTRY_ORIGIN__ORIGIN_EVENT,
        .source_key = source_key, .source_event_id = source_key, .rule_version = 1, .parent_entry_id = parent,
        .cascade_level = parent? 1: 0, .factor = parent? 0.5: 0, .reason_zh = "三违", .reason_en = "violation",
        .occurred_ms = occurred_ms, .time_zone = "Asia/Shanghai"
    };
    int64_t id = scoring_entry_add (s_db, &input);
    SF_CHECK (id > 0);
    return id;
}

static int64_t
s_events (const char *type)
{
    return s_scalar ("SELECT count (*) FROM sf_outbox WHERE event_type = $1", type);
}

static Scoring__EntryList *
s_list (const char *plant, const char *month, const char *subject, bool cascade_only, int size, const char *token,
        const char *login)
{
    Scoring__ListEntries request = SCORING__LIST_ENTRIES__INIT;
    request.plant_code = (char *) plant;
    request.month = (char *) month;
    request.subject_code = (char *) subject;
    request.cascade_only = cascade_only;
    request.page_size = size;
    request.page_token = (char *) (token? token: "");
    return s_expect (&request.base, login, SF_OK, &scoring__entry_list__descriptor);
}

static Scoring__Appeal *
s_file (int64_t entry_id, const char *login, sf_status_t status)
{
    Scoring__FileAppeal request = SCORING__FILE_APPEAL__INIT;
    request.entry_id = entry_id;
    request.reason = (char *) "当时已停机挂牌，不属违章";
    return s_expect (&request.base, login, status, &scoring__appeal__descriptor);
}

static Scoring__Appeal *
s_decide (int64_t appeal_id, bool reverse, const char *login, sf_status_t status)
{
    Scoring__DecideAppeal request = SCORING__DECIDE_APPEAL__INIT;
    request.appeal_id = appeal_id;
    request.reverse = reverse;
    request.note = (char *) "现场核实属实";
    return s_expect (&request.base, login, status, &scoring__appeal__descriptor);
}

static Scoring__Entry *
s_adjust (const char *code, int64_t points, int64_t ref, const char *login, sf_status_t status)
{
    Scoring__AddAdjustment request = SCORING__ADD_ADJUSTMENT__INIT;
    request.subject_code = (char *) code;
    request.points = points;
    request.reason_zh = (char *) "补记：协助处置泄漏";
    request.ref_entry_id = ref;
    return s_expect (&request.base, login, status, &scoring__entry__descriptor);
}

static void
s_test_read (int64_t violation, int64_t cascade)
{
    Scoring__EntryList *list = s_list ("P", "2026-11", "", false, 0, NULL, "manager");
    SF_CHECK (list->n_entries == 3 && list->entries [0]->id == violation);
    SF_CHECK_STR (list->entries [0]->subject_name_zh, "工人甲");
    sf_pb_destroy (&list);
    //  A person; a unit's subtree (the team holds the worker and the leader); cascades only.
    list = s_list ("", "2026-11", "E1", false, 0, NULL, "worker");
    SF_CHECK (list->n_entries == 1 && list->entries [0]->id == violation);
    sf_pb_destroy (&list);
    list = s_list ("P", "2026-11", "T", false, 0, NULL, "leader");
    SF_CHECK (list->n_entries == 2);
    sf_pb_destroy (&list);
    list = s_list ("P", "2026-11", "T", true, 0, NULL, "leader");
    SF_CHECK (list->n_entries == 1 && list->entries [0]->id == cascade && list->entries [0]->parent_entry_id == violation);
    sf_pb_destroy (&list);
    //  Page by page, oldest first, each once.
    char *token = NULL;
    int seen = 0;
    do {
        list = s_list ("P", "2026-11", "", false, 1, token, "manager");
        free (token);
        token = *list->next_page_token? strdup (list->next_page_token): NULL;
        seen += (int) list->n_entries;
        sf_pb_destroy (&list);
    } while (token);
    SF_CHECK (seen == 3);
    //  Refusals: another team's worker, a bad month, nothing named, an unknown subject.
    Scoring__ListEntries request = SCORING__LIST_ENTRIES__INIT;
    request.plant_code = (char *) "P";
    request.month = (char *) "2026-11";
    request.subject_code = (char *) "E1";
    s_expect (&request.base, "other", SF_PERMISSION_DENIED, NULL);
    request.month = (char *) "2026-13";
    s_expect (&request.base, "worker", SF_INVALID_ARGUMENT, NULL);
    request.month = (char *) "2026-11";
    request.plant_code = (char *) "";
    request.subject_code = (char *) "";
    s_expect (&request.base, "worker", SF_INVALID_ARGUMENT, NULL);
    request.subject_code = (char *) "NOPE";
    s_expect (&request.base, "manager", SF_NOT_FOUND, NULL);
    //  GetEntry: its unit's people; unknown.
    Scoring__GetEntry get = SCORING__GET_ENTRY__INIT;
    get.entry_id = violation;
    Scoring__Entry *entry = s_expect (&get.base, "worker", SF_OK, &scoring__entry__descriptor);
    SF_CHECK (entry->points == -1000 && entry->origin == SCORING__ENTRY_ORIGIN__ORIGIN_EVENT);
    sf_pb_destroy (&entry);
    s_expect (&get.base, "other", SF_PERMISSION_DENIED, NULL);
    get.entry_id = 999999;
    s_expect (&get.base, "manager", SF_NOT_FOUND, NULL);
}

static void
s_test_adjust (void)
{
    int64_t before = s_scalar ("SELECT count (*) FROM entry", NULL);
    Scoring__Entry *entry = s_adjust ("E1", 500, 0, "officer", SF_OK);
    SF_CHECK (entry->origin == SCORING__ENTRY_ORIGIN__ORIGIN_ADJUSTMENT && entry->points == 500);
    SF_CHECK_STR (entry->kind, "manual.adjustment");
    SF_CHECK_STR (entry->month, "2026-11");
    SF_CHECK_STR (entry->reason_en, "补记：协助处置泄漏");
    SF_CHECK_STR (entry->created_by, "officer");
    SF_CHECK (s_events ("scoring.entry_adjusted") == 1);
    int64_t adjustment = entry->id;
    sf_pb_destroy (&entry);
    entry = s_adjust ("T", -300, adjustment, "manager", SF_OK);
    SF_CHECK (entry->subject_kind == SCORING__SUBJECT_KIND__SUBJECT_UNIT && entry->parent_entry_id == adjustment);
    sf_pb_destroy (&entry);
    //  Refused, nothing written: no safety role, zero, too many, an unknown reference, subject.
    s_adjust ("E1", 500, 0, "worker", SF_PERMISSION_DENIED);
    s_adjust ("E1", 500, 0, "leader", SF_PERMISSION_DENIED);
    s_adjust ("E1", 0, 0, "officer", SF_INVALID_ARGUMENT);
    s_adjust ("E1", 100001, 0, "officer", SF_INVALID_ARGUMENT);
    s_adjust ("E1", 500, 999999, "officer", SF_NOT_FOUND);
    s_adjust ("NOPE", 500, 0, "officer", SF_NOT_FOUND);
    Scoring__AddAdjustment kind = SCORING__ADD_ADJUSTMENT__INIT;
    kind.subject_kind = SCORING__SUBJECT_KIND__SUBJECT_UNIT;
    kind.subject_code = (char *) "E1";
    kind.points = 100;
    kind.reason_zh = (char *) "x";
    s_expect (&kind.base, "officer", SF_INVALID_ARGUMENT, NULL);
    SF_CHECK (s_scalar ("SELECT count (*) FROM entry", NULL) == before + 2);
    //  An adjustment is not appealed.
    s_file (adjustment, "worker", SF_FAILED_PRECONDITION);
}

static void
s_test_appeals (int64_t violation, int64_t cascade)
{
    //  Another's entry: refused, nothing written (a leader over the team is not the person).
    s_file (violation, "other", SF_PERMISSION_DENIED);
    s_file (violation, "leader", SF_PERMISSION_DENIED);
    SF_CHECK (s_scalar ("SELECT count (*) FROM appeal", NULL) == 0);
    SF_CHECK (s_events ("scoring.appeal_filed") == 0);
    //  The worker's own; a second while it is open refused.
    Scoring__Appeal *appeal = s_file (violation, "worker", SF_OK);
    SF_CHECK (appeal->status == SCORING__APPEAL_STATUS__APPEAL_OPEN && appeal->entry_id == violation);
    SF_CHECK_STR (appeal->filed_by, "worker");
    SF_CHECK_STR (appeal->subject_code, "E1");
    SF_CHECK (s_events ("scoring.appeal_filed") == 1);
    int64_t id = appeal->id;
    sf_pb_destroy (&appeal);
    s_file (violation, "worker", SF_FAILED_PRECONDITION);
    //  Deciders: not a worker, not the leader (no safety role), an unknown appeal.
    s_decide (id, true, "worker", SF_PERMISSION_DENIED);
    s_decide (id, true, "leader", SF_PERMISSION_DENIED);
    s_decide (999999, true, "officer", SF_NOT_FOUND);
    //  Reversed: the entry and its cascade, each negated, netting to zero.
    appeal = s_decide (id, true, "officer", SF_OK);
    SF_CHECK (appeal->status == SCORING__APPEAL_STATUS__APPEAL_REVERSED && appeal->n_reversal_entry_ids == 2);
    SF_CHECK_STR (appeal->decided_by, "officer");
    sf_pb_destroy (&appeal);
    char key [48];
    snprintf (key, sizeof key, "{%" PRId64 ",%" PRId64 "}", violation, cascade);
    SF_CHECK (s_scalar ("SELECT sum (points) FROM entry WHERE id = ANY ($1::bigint[])"
                        " OR (origin = 4 AND parent_entry_id = ANY ($1::bigint[]))", key) == 0);
    SF_CHECK (s_scalar ("SELECT count (*) FROM entry WHERE reversed", NULL) == 2);
    SF_CHECK (s_scalar ("SELECT count (*) FROM entry WHERE origin = 4 AND kind = 'violation.command'"
                        " AND reason_zh = '申诉撤销：现场核实属实' AND reason_en = 'Reversed on appeal: 现场核实属实'"
                        " AND created_by = 'officer' AND month = '2026-11'", NULL) == 2);
    snprintf (key, sizeof key, "%" PRId64, cascade);
    SF_CHECK (s_scalar ("SELECT count (*) FROM entry WHERE parent_entry_id = $1::bigint AND origin = 4"
                        " AND subject_code = 'E2' AND points = 500 AND cascade_level = 1", key) == 1);
    SF_CHECK (s_events ("scoring.appeal_decided") == 1);
    //  Twice refused; the reversed entry, a reversal, the cascade reversed with it refused.
    s_decide (id, false, "officer", SF_FAILED_PRECONDITION);
    s_file (violation, "worker", SF_FAILED_PRECONDITION);
    s_file (cascade, "leader", SF_FAILED_PRECONDITION);
    int64_t reversal = s_scalar ("SELECT id FROM entry WHERE origin = 4 AND subject_code = 'E1'", NULL);
    s_file (reversal, "worker", SF_FAILED_PRECONDITION);
    SF_CHECK (s_events ("scoring.appeal_filed") == 1);
}

static void
s_test_upheld_and_closed (void)
{
    //  Upheld: the entry stands. The leader appeals his joint liability; the officer may
    //  not decide an appeal of his own.
    int64_t entry = s_entry ("E1", "violation.operation", -500, "ev-2", 0, 1794700000000);
    int64_t cascade = s_entry ("E2", "violation.operation", -250, "ev-2", entry, 1794700000000);
    Scoring__Appeal *appeal = s_file (cascade, "leader", SF_OK);
    int64_t id = appeal->id;
    sf_pb_destroy (&appeal);
    appeal = s_decide (id, false, "manager", SF_OK);
    SF_CHECK (appeal->status == SCORING__APPEAL_STATUS__APPEAL_UPHELD && appeal->n_reversal_entry_ids == 0);
    sf_pb_destroy (&appeal);
    SF_CHECK (s_scalar ("SELECT count (*) FROM entry WHERE reversed", NULL) == 2);
    //  A unit's entry: appealed by a grant holder over the unit, not by a worker of its post.
    int64_t missed = s_entry ("T", "inspection.task_missed", -300, "ev-4", 0, 1794700000000);
    s_file (missed, "worker", SF_PERMISSION_DENIED);
    appeal = s_file (missed, "leader", SF_OK);
    SF_CHECK_STR (appeal->subject_code, "T");
    sf_pb_destroy (&appeal);
    int64_t own = s_entry ("E3", "violation.discipline", -300, "ev-3", 0, 1794700000000);
    appeal = s_file (own, "officer", SF_OK);
    s_decide (appeal->id, true, "officer", SF_PERMISSION_DENIED);
    sf_pb_destroy (&appeal);

    //  October (Asia/Shanghai) closed: the reversal counts in November, with the reference.
    int64_t october = s_entry ("E1", "violation.command", -1000, "ev-oct", 0, 1760000000000 + 86400000LL * 20);
    s_exec ("INSERT INTO month_state VALUES ('P', '2025-10', 2, 'Asia/Shanghai', 0, 1, 2, 'ehs', 1, 1, 1, 0, 0,"
            " -1000, 'x')", 0, NULL);
    appeal = s_file (october, "worker", SF_OK);
    id = appeal->id;
    sf_pb_destroy (&appeal);
    appeal = s_decide (id, true, "officer", SF_OK);
    SF_CHECK (appeal->n_reversal_entry_ids == 1);
    char key [24];
    snprintf (key, sizeof key, "%" PRId64, appeal->reversal_entry_ids [0]);
    sf_pb_destroy (&appeal);
    SF_CHECK (s_scalar ("SELECT count (*) FROM entry WHERE id = $1::bigint AND month = '2025-11'"
                        " AND occurred_month = '2025-10' AND points = 1000 AND reason_zh LIKE '%2025-10%'", key) == 1);
    snprintf (key, sizeof key, "%" PRId64, october);
    SF_CHECK (s_scalar ("SELECT count (*) FROM entry WHERE id = $1::bigint AND reversed", key) == 1);
}

static void
s_test_list_appeals (void)
{
    Scoring__ListAppeals request = SCORING__LIST_APPEALS__INIT;
    request.plant_code = (char *) "P";
    Scoring__AppealList *list = s_expect (&request.base, "manager", SF_OK, &scoring__appeal_list__descriptor);
    SF_CHECK (list->n_appeals == 5 && list->appeals [0]->id > list->appeals [1]->id);
    sf_pb_destroy (&list);
    request.status = SCORING__APPEAL_STATUS__APPEAL_OPEN;
    list = s_expect (&request.base, "manager", SF_OK, &scoring__appeal_list__descriptor);
    SF_CHECK (list->n_appeals == 2);
    sf_pb_destroy (&list);
    //  A unit lists its subtree's: the team's leader sees the team's open one, not the
    //  other team's; of any state, the team's and its people's.
    request.plant_code = (char *) "T";
    list = s_expect (&request.base, "leader", SF_OK, &scoring__appeal_list__descriptor);
    SF_CHECK (list->n_appeals == 1);
    sf_pb_destroy (&list);
    request.status = 0;
    list = s_expect (&request.base, "leader", SF_OK, &scoring__appeal_list__descriptor);
    SF_CHECK (list->n_appeals == 4);
    request.plant_code = (char *) "P";
    sf_pb_destroy (&list);
    request.status = 0;
    request.page_size = 3;
    list = s_expect (&request.base, "manager", SF_OK, &scoring__appeal_list__descriptor);
    SF_CHECK (list->n_appeals == 3 && *list->next_page_token);
    request.page_token = list->next_page_token;
    Scoring__AppealList *next = s_expect (&request.base, "manager", SF_OK, &scoring__appeal_list__descriptor);
    SF_CHECK (next->n_appeals == 2 && !*next->next_page_token);
    sf_pb_destroy (&next);
    sf_pb_destroy (&list);
    request.page_token = (char *) "";
    request.page_size = 0;
    s_expect (&request.base, "worker", SF_PERMISSION_DENIED, NULL);
    request.status = 9;
    s_expect (&request.base, "manager", SF_INVALID_ARGUMENT, NULL);
}

int
main (void)
{
    char *schema = sf_test_unique ("scoring_ledger");
    s_db = sf_test_db (schema);
    SF_CHECK (sf_migrate (s_db, schema, "common", common_migrations) >= 1);
    SF_CHECK (sf_migrate (s_db, schema, "scoring", scoring_migrations) >= 3);
    //  An open appeal per entry at most: the index's number is the contract's.
    char open [64];
    snprintf (open, sizeof open, "(status = %d)", SCORING__APPEAL_STATUS__APPEAL_OPEN);
    //  The index of this schema by its name (pg_indexes would describe the same-named indexes
    //  of other tests' schemas too, which may be dropped meanwhile: "could not open relation").
    SF_CHECK (s_scalar ("SELECT count (*) FROM (SELECT pg_get_indexdef (to_regclass (quote_ident (current_schema ())"
                        " || '.appeal_open_once')) AS def) x WHERE def LIKE '%' || $1", open) == 1);

    s_node ("1", "C", "", "", "公司");
    s_node ("2", "P", "C", "P", "厂区");
    s_node ("3", "D", "P", "P", "生产部");
    s_node ("4", "T", "D", "P", "一班");
    s_node ("5", "S", "T", "P", "车工岗");
    s_node ("6", "E1", "S", "P", "工人甲");
    s_node ("6", "E2", "S", "P", "班长乙");
    s_node ("4", "T2", "D", "P", "二班");
    s_node ("5", "S2", "T2", "P", "钳工岗");
    s_node ("6", "E3", "S2", "P", "安全员丙");
    s_node ("6", "E4", "S2", "P", "工人丁");
    s_account ("worker", "E1", "worker", "S");
    s_account ("leader", "E2", "team_leader", "T");
    s_account ("officer", "E3", "safety_officer", "D");
    s_account ("other", "E4", "worker", "S2");
    s_account ("manager", "", "plant_safety_manager", "P");

    //  2026-11-15 12:00 UTC.
    sf_clock_set_ms (1794744000000);
    int64_t violation = s_entry ("E1", "violation.command", -1000, "ev-1", 0, 1794700000000);
    int64_t cascade = s_entry ("E2", "violation.command", -500, "ev-1", violation, 1794700000000);
    s_entry ("E4", "hazard.reported", 100, "ev-9", 0, 1794700000001);

    s_test_read (violation, cascade);
    s_test_adjust ();
    s_test_appeals (violation, cascade);
    s_test_upheld_and_closed ();
    s_test_list_appeals ();

    sf_test_drop_schema (s_db, schema);
    sf_db_destroy (&s_db);
    free (schema);
    printf ("scoring_ledger_routes_test: ok\n");
    return 0;
}
