/*  What the lesson daemon asks of inspection, through the contract: the service creates a
    special plan of one unit (scope and target kind the unit's own) and gets exactly one
    task for that unit at once, its checklist the plan's free items; the same command again
    (same idempotency key) answers the same plan and makes nothing new, another key with the
    same code is already_exists. The window runs from starts_on (today, or already past) to
    the end of ends_on (today included); a plan whose days are over makes no task. The record
    of that task names its plan (Record.plan_code) in the reply, in the inspection_done event
    and in the unit's history. GetFinding and GetViolation answer by number: to the people
    whose grants cover the unit and to the service; an unknown number is not_found; a person
    of another team or another plant is refused.                                            */
#include "inspection_testlib.h"
#include "sf_envelope.h"
#include "sf_event_payload.h"
#include "sf_pb.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static it_stack_t s_stack;
static char s_code [32][64];

//  A unit code (or plan code) of this test, e.g. s_unit ("D1T1").
static const char *
s_unit (const char *suffix)
{
    static int next;
    char *code = s_code [next++ % 32];
    snprintf (code, 64, "%s%s", s_stack.prefix, suffix);
    return code;
}

//  Epoch ms of a local time in Asia/Shanghai (UTC+8, the default zone).
static int64_t
s_local_ms (const char *date, int hour, int minute)
{
    struct tm tm = { 0 };
    SF_CHECK (sscanf (date, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) == 3);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    return ((int64_t) timegm (&tm) - 8 * 3600) * 1000;
}

static sf_status_t
s_call (sf_rpc_client_t *client, const ProtobufCMessage *request, const char *key, sf_reply_t *reply)
{
    sf_status_t status = sf_rpc_client_call_message (client, request, key, reply);
    if (status != SF_OK)
        SF_CHECK (reply->reason_zh && *reply->reason_zh && reply->reason_en && *reply->reason_en);
    return status;
}

static int64_t
s_count (const char *sql, const char *param)
{
    return sf_test_scalar (s_stack.db, sql, param);
}

//  A lesson's special plan of one unit, as the lesson daemon sends it.
static Inspection__FreeItem s_items [2] = { INSPECTION__FREE_ITEM__INIT, INSPECTION__FREE_ITEM__INIT };
static Inspection__FreeItem *s_item_list [2] = { &s_items [0], &s_items [1] };

static Inspection__CreatePlan
s_special (const char *code, const char *unit, int kind, const char *starts_on, const char *ends_on)
{
    s_items [0].text_zh = (char *) "吊索具是否定期检查并有记录";
    s_items [0].text_en = (char *) "Slings inspected regularly, with records";
    s_items [1].text_zh = (char *) "吊装作业是否设警戒区";
    s_items [1].text_en = (char *) "Lifting area cordoned off";
    Inspection__CreatePlan plan = INSPECTION__CREATE_PLAN__INIT;
    plan.code = (char *) code;
    plan.level = INSPECTION__PLAN_LEVEL__LEVEL_SPECIAL;
    plan.scope_unit = (char *) unit;
    plan.target_kind = kind;
    plan.title_zh = (char *) "举一反三专项检查：起重伤害";
    plan.title_en = (char *) "Lesson self-check: lifting injury";
    plan.starts_on = (char *) starts_on;
    plan.ends_on = (char *) ends_on;
    plan.n_free_items = 2;
    plan.free_items = s_item_list;
    return plan;
}

//  The plan's one task: for the unit, done by it, from the start of starts_on to the end of
//  ends_on (local). Returns its id.
static int64_t
s_one_task (const char *plan_code, const char *unit, const char *starts_on, const char *day_after_end)
{
    const char *from = "SELECT count (*) FROM task t JOIN plan p ON p.id = t.plan_id WHERE p.code = $1";
    SF_CHECK (s_count (from, plan_code) == 1);
    char sql [512];
    snprintf (sql, sizeof sql, "%s AND t.executor_unit = '%s' AND t.target_unit = '%s' AND t.status = %d "
              "AND t.window_start = '%s 00:00+08' AND t.window_end = '%s 00:00+08'", from, unit, unit,
              INSPECTION__TASK_STATUS__TASK_OPEN, starts_on, day_after_end);
    SF_CHECK (s_count (sql, plan_code) == 1);
    return s_count ("SELECT t.id FROM task t JOIN plan p ON p.id = t.plan_id WHERE p.code = $1", plan_code);
}

static void
s_special_plans (sf_rpc_client_t *service)
{
    //  Starts today, ends today (the deadline is today): one task, open until midnight.
    const char *code = s_unit ("-LS1");
    Inspection__CreatePlan plan = s_special (code, s_unit ("D1T1"), DIRECTORY__KIND__KIND_TEAM, "2026-12-01",
                                             "2026-12-01");
    sf_reply_t reply;
    SF_CHECK (s_call (service, &plan.base, "lesson.check:1", &reply) == SF_OK);
    Inspection__Plan *first = dt_body (&reply, &inspection__plan__descriptor);
    sf_reply_clear (&reply);
    SF_CHECK_STR (first->code, code);
    SF_CHECK (first->level == INSPECTION__PLAN_LEVEL__LEVEL_SPECIAL && first->n_free_items == 2 && first->active);
    int64_t task = s_one_task (code, s_unit ("D1T1"), "2026-12-01", "2026-12-02");

    //  Sent again (the lesson daemon did not hear the answer): the same plan, nothing new.
    SF_CHECK (s_call (service, &plan.base, "lesson.check:1", &reply) == SF_OK);
    Inspection__Plan *again = dt_body (&reply, &inspection__plan__descriptor);
    sf_reply_clear (&reply);
    SF_CHECK (again->id == first->id);
    SF_CHECK_STR (again->code, code);
    sf_pb_destroy (&again);
    sf_pb_destroy (&first);
    SF_CHECK (s_count ("SELECT count (*) FROM plan WHERE code = $1", code) == 1);
    SF_CHECK (s_one_task (code, s_unit ("D1T1"), "2026-12-01", "2026-12-02") == task);
    SF_CHECK (s_count ("SELECT count (*) FROM sf_outbox WHERE event_type = 'inspection.plan_created'", NULL) == 1);
    //  Another key, the same code: refused, nothing new.
    SF_CHECK (s_call (service, &plan.base, "lesson.check:1-other", &reply) == SF_ALREADY_EXISTS);
    sf_reply_clear (&reply);

    //  Its checklist: the plan's free items (the team has no hazard list here).
    Inspection__GetChecklist get = INSPECTION__GET_CHECKLIST__INIT;
    get.task_id = task;
    SF_CHECK (dt_ask (service, &get.base, &reply) == SF_OK);
    Inspection__Checklist *checklist = dt_body (&reply, &inspection__checklist__descriptor);
    sf_reply_clear (&reply);
    SF_CHECK (checklist->n_items == 2);
    SF_CHECK_STR (checklist->items [0]->key, "F1");
    SF_CHECK_STR (checklist->items [0]->text_zh, s_items [0].text_zh);
    SF_CHECK_STR (checklist->items [1]->key, "F2");
    SF_CHECK_STR (checklist->items [1]->text_en, s_items [1].text_en);
    sf_pb_destroy (&checklist);

    //  A post, started days ago and ending in two days: open now.
    code = s_unit ("-LS2");
    plan = s_special (code, s_unit ("D1T2S"), DIRECTORY__KIND__KIND_POST, "2026-11-20", "2026-12-03");
    SF_CHECK (s_call (service, &plan.base, "lesson.check:2", &reply) == SF_OK);
    sf_reply_clear (&reply);
    s_one_task (code, s_unit ("D1T2S"), "2026-11-20", "2026-12-04");

    //  A department: its one task, none for its teams or posts.
    code = s_unit ("-LS3");
    plan = s_special (code, s_unit ("D2"), DIRECTORY__KIND__KIND_DEPARTMENT, "2026-12-01", "2026-12-10");
    SF_CHECK (s_call (service, &plan.base, "lesson.check:3", &reply) == SF_OK);
    sf_reply_clear (&reply);
    s_one_task (code, s_unit ("D2"), "2026-12-01", "2026-12-11");

    //  A deadline already over: the plan is stored, no task (its window has ended).
    code = s_unit ("-LS4");
    plan = s_special (code, s_unit ("D1T3"), DIRECTORY__KIND__KIND_TEAM, "2026-11-20", "2026-11-30");
    SF_CHECK (s_call (service, &plan.base, "lesson.check:4", &reply) == SF_OK);
    sf_reply_clear (&reply);
    SF_CHECK (s_count ("SELECT count (*) FROM task t JOIN plan p ON p.id = t.plan_id WHERE p.code = $1", code) == 0);

    //  A team is a special plan's scope only: a team daily plan of one team is refused.
    plan = s_special (s_unit ("-TD1"), s_unit ("D1T1"), 0, "2026-12-01", "");
    plan.level = INSPECTION__PLAN_LEVEL__LEVEL_TEAM_DAILY;
    SF_CHECK (s_call (service, &plan.base, NULL, &reply) == SF_INVALID_ARGUMENT);
    sf_reply_clear (&reply);
    //  A person still needs a plan role: a team leader may not create one.
    sf_rpc_client_t *leader = it_client (&s_stack, "leader11", "team_leader", s_unit ("D1T1"));
    plan = s_special (s_unit ("-LS5"), s_unit ("D1T1"), DIRECTORY__KIND__KIND_TEAM, "2026-12-01", "2026-12-01");
    SF_CHECK (s_call (leader, &plan.base, NULL, &reply) == SF_PERMISSION_DENIED);
    sf_reply_clear (&reply);
    sf_rpc_client_destroy (&leader);
    SF_CHECK (s_count ("SELECT count (*) FROM plan WHERE code IN ($1 || '-TD1', $1 || '-LS5')", s_stack.prefix)
              == 0);
}

//  The inspection_done event of task: its payload, a Record (the caller destroys it).
static Inspection__Record *
s_done_event (int64_t task)
{
    char id [32];
    snprintf (id, sizeof id, "%lld", (long long) task);
    sf_rows_t *rows = sf_db_query (s_stack.db, "SELECT envelope FROM sf_outbox WHERE event_type = "
                                   "'inspection.inspection_done' ORDER BY id", 0, NULL);
    SF_CHECK (rows);
    Inspection__Record *found = NULL;
    for (int row = 0; row < sf_rows_count (rows); row++) {
        size_t size;
        uint8_t *envelope = sf_rows_bytes (rows, row, 0, &size);
        sf_event_t event;
        SF_CHECK (sf_event_decode (&event, envelope, size) == 0);
        free (envelope);
        //  As a consumer reads it: a Record, checked.
        Inspection__Record *record = sf_event_payload (&event, &inspection__record__descriptor, "plan_code");
        SF_CHECK (record);
        if (strcmp (event.aggregate_id, id) == 0 && !found)
            found = record;
        else
            sf_pb_destroy (&record);
        sf_event_clear (&event);
    }
    sf_rows_destroy (&rows);
    SF_CHECK (found);
    return found;
}

//  The officer records the lesson's check of D1T1: a finding; the record names its plan.
//  Returns the finding's number (the caller frees it).
static char *
s_record_check (sf_rpc_client_t *officer)
{
    const char *code = s_unit ("-LS1");
    int64_t task = s_count ("SELECT t.id FROM task t JOIN plan p ON p.id = t.plan_id WHERE p.code = $1", code);
    Inspection__ItemResult passed = INSPECTION__ITEM_RESULT__INIT, failed = INSPECTION__ITEM_RESULT__INIT;
    passed.key = (char *) "F1";
    passed.passed = true;
    failed.key = (char *) "F2";
    failed.note = (char *) "未设警戒区";
    Inspection__ItemResult *results [] = { &passed, &failed };
    Inspection__FindingInput finding = INSPECTION__FINDING_INPUT__INIT;
    finding.description = (char *) "吊装作业区未设警戒线";
    finding.factor = INSPECTION__FACTOR__FACTOR_ENVIRONMENT;
    finding.severity = INSPECTION__SEVERITY__SEVERITY_GENERAL;
    finding.responsible_unit = (char *) s_unit ("D1T1");
    finding.hazard_key = (char *) "F2";
    Inspection__FindingInput *findings [] = { &finding };
    Inspection__RecordInspection request = INSPECTION__RECORD_INSPECTION__INIT;
    request.task_id = task;
    request.n_results = 2;
    request.results = results;
    request.n_findings = 1;
    request.findings = findings;
    sf_reply_t reply;
    SF_CHECK (dt_ask (officer, &request.base, &reply) == SF_OK);
    Inspection__Record *record = dt_body (&reply, &inspection__record__descriptor);
    sf_reply_clear (&reply);
    SF_CHECK_STR (record->plan_code, code);
    SF_CHECK (record->task_id == task && record->passed == 1 && record->failed == 1 && record->n_findings == 1);
    char *number = strdup (record->findings [0]->number);

    Inspection__Record *event = s_done_event (task);
    SF_CHECK_STR (event->plan_code, code);
    SF_CHECK (event->id == record->id && event->task_id == task && event->passed == 1 && event->failed == 1);
    SF_CHECK (event->n_findings == 1);
    SF_CHECK_STR (event->findings [0]->number, number);
    SF_CHECK (event->findings [0]->record_id == record->id);
    sf_pb_destroy (&event);

    //  The unit's history names the plan of each record.
    Inspection__GetUnitHistory history = INSPECTION__GET_UNIT_HISTORY__INIT;
    history.unit_code = (char *) s_unit ("D1T1");
    history.to_ms = s_local_ms ("2026-12-02", 0, 0);
    SF_CHECK (dt_ask (officer, &history.base, &reply) == SF_OK);
    Inspection__UnitHistory *past = dt_body (&reply, &inspection__unit_history__descriptor);
    sf_reply_clear (&reply);
    SF_CHECK (past->n_records == 1 && past->records [0]->id == record->id);
    SF_CHECK_STR (past->records [0]->plan_code, code);
    sf_pb_destroy (&past);
    sf_pb_destroy (&record);
    return number;
}

static char *
s_record_violation (sf_rpc_client_t *officer)
{
    Inspection__RecordViolation request = INSPECTION__RECORD_VIOLATION__INIT;
    request.type = INSPECTION__VIOLATION_TYPE__VIOLATION_ILLEGAL_OPERATION;
    request.person_code = (char *) s_unit ("D1T1E1");
    request.unit_code = (char *) s_unit ("D1T1");
    request.description = (char *) "吊物下站人";
    sf_reply_t reply;
    SF_CHECK (dt_ask (officer, &request.base, &reply) == SF_OK);
    Inspection__Violation *violation = dt_body (&reply, &inspection__violation__descriptor);
    sf_reply_clear (&reply);
    char *number = strdup (violation->number);
    sf_pb_destroy (&violation);
    return number;
}

//  GetFinding of number as client: its status; when OK, the finding is the one expected.
static sf_status_t
s_get_finding (sf_rpc_client_t *client, const char *number)
{
    Inspection__GetFinding request = INSPECTION__GET_FINDING__INIT;
    request.number = (char *) number;
    sf_reply_t reply;
    sf_status_t status = dt_ask (client, &request.base, &reply);
    if (status == SF_OK) {
        Inspection__Finding *finding = dt_body (&reply, &inspection__finding__descriptor);
        SF_CHECK_STR (finding->number, number);
        SF_CHECK_STR (finding->responsible_unit, s_unit ("D1T1"));
        SF_CHECK_STR (finding->description, "吊装作业区未设警戒线");
        SF_CHECK (finding->source == INSPECTION__FINDING_SOURCE__SOURCE_INSPECTION && finding->task_id > 0);
        SF_CHECK_STR (finding->plant_code, s_unit ("P"));
        sf_pb_destroy (&finding);
    }
    sf_reply_clear (&reply);
    return status;
}

static sf_status_t
s_get_violation (sf_rpc_client_t *client, const char *number)
{
    Inspection__GetViolation request = INSPECTION__GET_VIOLATION__INIT;
    request.number = (char *) number;
    sf_reply_t reply;
    sf_status_t status = dt_ask (client, &request.base, &reply);
    if (status == SF_OK) {
        Inspection__Violation *violation = dt_body (&reply, &inspection__violation__descriptor);
        SF_CHECK_STR (violation->number, number);
        SF_CHECK_STR (violation->unit_code, s_unit ("D1T1"));
        SF_CHECK_STR (violation->person_code, s_unit ("D1T1E1"));
        SF_CHECK (violation->type == INSPECTION__VIOLATION_TYPE__VIOLATION_ILLEGAL_OPERATION);
        sf_pb_destroy (&violation);
    }
    sf_reply_clear (&reply);
    return status;
}

//  Plant B with one team, for a stranger who holds every role there.
static void
s_plant_b (void)
{
    sf_rpc_client_t *org = s_stack.org_admin;
    SF_CHECK (dt_create (org, DIRECTORY__KIND__KIND_PLANT, s_unit ("Q"), s_unit ("C"), "二厂", NULL, NULL) == SF_OK);
    SF_CHECK (dt_create (org, DIRECTORY__KIND__KIND_DEPARTMENT, s_unit ("QD1"), s_unit ("Q"), "二厂生产部", NULL,
                         NULL) == SF_OK);
    it_wait_unit (s_stack.db, s_unit ("QD1"));
}

static void
s_lookups (sf_rpc_client_t *service, sf_rpc_client_t *officer, const char *finding, const char *violation)
{
    //  In scope: the unit's officer, the plant's manager, the service.
    sf_rpc_client_t *manager = it_client (&s_stack, "manager1", "plant_safety_manager", s_unit ("P"));
    SF_CHECK (s_get_finding (officer, finding) == SF_OK);
    SF_CHECK (s_get_finding (manager, finding) == SF_OK);
    SF_CHECK (s_get_finding (service, finding) == SF_OK);
    SF_CHECK (s_get_violation (officer, violation) == SF_OK);
    SF_CHECK (s_get_violation (manager, violation) == SF_OK);
    SF_CHECK (s_get_violation (service, violation) == SF_OK);
    sf_rpc_client_destroy (&manager);

    //  Unknown numbers, and a number that is no text of ours at all.
    char unknown [64];
    snprintf (unknown, sizeof unknown, "%s-F2026-999999", s_unit ("P"));
    SF_CHECK (s_get_finding (officer, unknown) == SF_NOT_FOUND);
    SF_CHECK (s_get_finding (service, unknown) == SF_NOT_FOUND);
    SF_CHECK (s_get_finding (officer, violation) == SF_NOT_FOUND);
    SF_CHECK (s_get_violation (officer, finding) == SF_NOT_FOUND);
    snprintf (unknown, sizeof unknown, "%s-V2026-999999", s_unit ("P"));
    SF_CHECK (s_get_violation (service, unknown) == SF_NOT_FOUND);
    SF_CHECK (s_get_finding (officer, "") == SF_INVALID_ARGUMENT);
    SF_CHECK (s_get_violation (officer, "") == SF_INVALID_ARGUMENT);

    //  Out of scope: another team's leader of the same plant, every role of another plant.
    sf_rpc_client_t *other_team = it_client (&s_stack, "leader21", "team_leader", s_unit ("D2T1"));
    SF_CHECK (s_get_finding (other_team, finding) == SF_PERMISSION_DENIED);
    SF_CHECK (s_get_violation (other_team, violation) == SF_PERMISSION_DENIED);
    sf_rpc_client_destroy (&other_team);
    sf_rpc_client_t *stranger = it_client (&s_stack, "stranger", "admin,ehs,plant_safety_manager,safety_officer,"
                                           "team_leader,worker", s_unit ("Q"));
    SF_CHECK (s_get_finding (stranger, finding) == SF_PERMISSION_DENIED);
    SF_CHECK (s_get_violation (stranger, violation) == SF_PERMISSION_DENIED);
    sf_rpc_client_destroy (&stranger);
}

int
main (void)
{
    it_stack_start (&s_stack, "itself");
    it_set_clock (&s_stack, s_local_ms ("2026-12-01", 9, 30));
    s_plant_b ();
    sf_rpc_client_t *service = dt_client (&s_stack.inspection);
    s_special_plans (service);

    sf_rpc_client_t *officer = it_client (&s_stack, "officer1", "safety_officer", s_unit ("D1T1"));
    char *finding = s_record_check (officer);
    char *violation = s_record_violation (officer);
    s_lookups (service, officer, finding, violation);

    printf ("inspection self-check: special plans of one unit as the service, Record.plan_code, "
            "GetFinding %s and GetViolation %s in and out of scope\n", finding, violation);
    free (finding);
    free (violation);
    sf_rpc_client_destroy (&officer);
    sf_rpc_client_destroy (&service);
    it_stack_stop (&s_stack);
    return 0;
}
