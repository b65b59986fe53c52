/*  Reach (issue 10): an account of another plant, holding every business role there,
    walks every inspection request against plant A's data, reads and writes. Each is
    refused permission_denied before anything is said of A (a read naming no unit lists the
    account's own plant: empty), and nothing of A's changes: its tables read the same
    before and after, and the outbox and the idempotency store hold no row more. Then the
    other side of the line: the stranger acts in its own plant, and a worker of plant A
    reports a hazard in another team of A (the plant's reach) but not in the other plant;
    a record's findings are charged the same way.                                         */
#include "inspection_testlib.h"
#include "sf_pb.h"

#include <string.h>
#include <time.h>

//  Every request type of the daemon (inspection_routes.c): the walk must meet each.
static const char *const s_types [] = {
    "inspection.ImportHazardCsv", "inspection.AssessRisk", "inspection.GetHazardList", "inspection.GetRiskRegister",
    "inspection.CreatePlan", "inspection.SetPlantCalendar", "inspection.GenerateTasks", "inspection.ListTasks",
    "inspection.GetChecklist", "inspection.RecordInspection", "inspection.ReportFinding", "inspection.ListFindings",
    "inspection.GetFinding", "inspection.RecordViolation", "inspection.SearchViolations",
    "inspection.GetViolation", "inspection.RecordMeeting",
    "inspection.GetCompletion", "inspection.GetUnitHistory", NULL
};
#define TYPES (sizeof s_types / sizeof s_types [0] - 1)
static bool s_walked [TYPES];

//  Plant A's tables, read whole before and after the walk.
static const char *const s_tables [] = {
    "hazard_list", "hazard_item", "plant_calendar", "plan", "plan_free_item", "task", "number_seq", "record",
    "record_item", "finding", "violation", "meeting", NULL
};

//  Every role of the catalogue a person may hold (service is a daemon's).
#define S_EVERY_ROLE "admin,ehs,org_admin,plant_safety_manager,department_head,safety_officer,team_leader," \
                     "inspector,patrol_officer,worker,screen"

static it_stack_t s_stack;
static char s_code [32][64];

//  A unit code of this test's org, e.g. s_unit ("D1T1").
static const char *
s_unit (const char *suffix)
{
    static int next;
    char *code = s_code [next++ % 32];
    snprintf (code, 64, "%s%s", s_stack.prefix, suffix);
    return code;
}

//  Epoch ms of a local time in Asia/Shanghai (UTC+8).
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

static void
s_mark (const ProtobufCMessage *request)
{
    for (size_t index = 0; index < TYPES; index++)
        if (strcmp (s_types [index], request->descriptor->name) == 0)
            s_walked [index] = true;
}

//  request is answered status (its reasons in both languages when refused).
static void
s_expect (sf_rpc_client_t *client, const ProtobufCMessage *request, sf_status_t status, sf_reply_t *reply)
{
    sf_reply_t own;
    sf_reply_t *answer = reply? reply: &own;
    sf_status_t got = dt_ask (client, request, answer);
    if (got != status)
        fprintf (stderr, "%s: status %d, expected %d (%s)\n", request->descriptor->name, got, status,
                 answer->reason_en? answer->reason_en: "");
    SF_CHECK (got == status);
    if (!reply)
        sf_reply_clear (&own);
}

static void
s_refused (sf_rpc_client_t *client, const ProtobufCMessage *request)
{
    s_mark (request);
    s_expect (client, request, SF_PERMISSION_DENIED, NULL);
}

//  The whole of A's tables, the outbox's and the idempotency store's row counts. Caller frees.
static char *
s_snapshot (void)
{
    char *snapshot = strdup ("");
    for (int table = 0; s_tables [table]; table++) {
        char sql [256];
        snprintf (sql, sizeof sql, "SELECT count (*) || ' ' || md5 (coalesce (string_agg (x::text, ',' "
                  "ORDER BY x::text), '')) FROM %s x", s_tables [table]);
        sf_rows_t *rows = sf_db_query (s_stack.db, sql, 0, NULL);
        SF_CHECK (rows && sf_rows_count (rows) == 1);
        char *next = zsys_sprintf ("%s%s %s\n", snapshot, s_tables [table], sf_rows_text (rows, 0, 0));
        sf_rows_destroy (&rows);
        free (snapshot);
        snapshot = next;
    }
    char *next = zsys_sprintf ("%soutbox %lld, idempotency %lld\n", snapshot,
                               (long long) sf_test_scalar (s_stack.db, "SELECT count (*) FROM sf_outbox", NULL),
                               (long long) sf_test_scalar (s_stack.db, "SELECT count (*) FROM sf_idempotency", NULL));
    free (snapshot);
    return next;
}

static int64_t
s_task (const char *team, Inspection__TaskKind kind)
{
    int64_t task = it_task_id (&s_stack, s_unit (team), kind, "2026-12-01", 1);
    SF_CHECK (task > 0);
    return task;
}

//  Plant B: <p>Q, a department, a team, its post and an employee.
static void
s_plant_b (void)
{
    sf_rpc_client_t *org = s_stack.org_admin;
    SF_CHECK (dt_create (org, DIRECTORY__KIND__KIND_PLANT, s_unit ("Q"), s_unit ("C"), "二厂", NULL, NULL) == SF_OK);
    SF_CHECK (dt_create (org, DIRECTORY__KIND__KIND_DEPARTMENT, s_unit ("QD1"), s_unit ("Q"), "二厂生产部", NULL,
                         NULL) == SF_OK);
    SF_CHECK (dt_create (org, DIRECTORY__KIND__KIND_TEAM, s_unit ("QD1T1"), s_unit ("QD1"), "二厂1班", NULL,
                         NULL) == SF_OK);
    SF_CHECK (dt_create (org, DIRECTORY__KIND__KIND_POST, s_unit ("QD1T1S"), s_unit ("QD1T1"), "操作岗", NULL,
                         NULL) == SF_OK);
    SF_CHECK (dt_create (org, DIRECTORY__KIND__KIND_EMPLOYEE, s_unit ("QD1T1E1"), s_unit ("QD1T1S"), "员工", NULL,
                         NULL) == SF_OK);
    it_wait_unit (s_stack.db, s_unit ("QD1T1E1"));
}

static void
s_import (sf_rpc_client_t *client, const char *units_csv, sf_status_t status)
{
    Inspection__ImportHazardCsv command = INSPECTION__IMPORT_HAZARD_CSV__INIT;
    command.file_name = (char *) "list.csv";
    command.csv.data = (uint8_t *) units_csv;
    command.csv.len = strlen (units_csv);
    s_mark (&command.base);
    sf_reply_t reply;
    s_expect (client, &command.base, status, &reply);
    if (status != SF_OK) {
        //  A refused file still tells every line.
        Inspection__ImportResult *result = dt_body (&reply, &inspection__import_result__descriptor);
        SF_CHECK (result->n_errors > 0);
        sf_pb_destroy (&result);
    }
    sf_reply_clear (&reply);
}

//  A hazard list of the team, one line.
static char *
s_list_csv (const char *team)
{
    return zsys_sprintf ("unit_code,year,factor,hazard,accident_type,measures,l,e,c\n"
                         "%s,2026,机,车床卡盘无防护罩,机械伤害,加装防护罩并联锁,3,6,15\n", s_unit (team));
}

static Inspection__FindingInput
s_finding (const char *team)
{
    Inspection__FindingInput finding = INSPECTION__FINDING_INPUT__INIT;
    finding.description = (char *) "消防通道堆放纸箱";
    finding.factor = INSPECTION__FACTOR__FACTOR_ENVIRONMENT;
    finding.location = (char *) "一号车间东侧";
    finding.severity = INSPECTION__SEVERITY__SEVERITY_GENERAL;
    finding.responsible_unit = (char *) s_unit (team);
    return finding;
}

static sf_status_t
s_report (sf_rpc_client_t *client, const char *team)
{
    Inspection__FindingInput finding = s_finding (team);
    Inspection__ReportFinding request = INSPECTION__REPORT_FINDING__INIT;
    request.finding = &finding;
    request.source = INSPECTION__FINDING_SOURCE__SOURCE_REPORT;
    s_mark (&request.base);
    return dt_ask (client, &request.base, NULL);
}

static Inspection__RecordInspection
s_record_request (int64_t task, Inspection__ItemResult **results, Inspection__FindingInput **findings)
{
    Inspection__RecordInspection request = INSPECTION__RECORD_INSPECTION__INIT;
    request.task_id = task;
    request.n_results = 1;
    request.results = results;
    request.n_findings = findings? 1: 0;
    request.findings = findings;
    return request;
}

static Inspection__RecordViolation
s_violation (const char *team)
{
    Inspection__RecordViolation request = INSPECTION__RECORD_VIOLATION__INIT;
    request.type = INSPECTION__VIOLATION_TYPE__VIOLATION_ILLEGAL_OPERATION;
    request.person_code = (char *) s_unit ("D1T1E1");
    request.unit_code = (char *) s_unit (team);
    request.description = (char *) "未系安全带登高作业";
    return request;
}

static char *s_attendees [1];

static Inspection__RecordMeeting
s_meeting (const char *team, int shift_no)
{
    s_attendees [0] = (char *) s_unit ("D1T1E1");
    Inspection__RecordMeeting request = INSPECTION__RECORD_MEETING__INIT;
    request.team_code = (char *) s_unit (team);
    request.shift_date = (char *) "2026-12-01";
    request.shift_no = shift_no;
    request.kind = INSPECTION__MEETING_KIND__MEETING_PRE_SHIFT;
    request.n_attendees = 1;
    request.attendees = s_attendees;
    request.topics = (char *) "交接班";
    return request;
}

//  Plant A's day so far, made by its own people: a calendar, a plan with its tasks, a hazard
//  list, a record with a finding, a reported finding, a 三违 record and a meeting.
static void
s_plant_a (void)
{
    sf_rpc_client_t *admin = s_stack.admin;
    char *shifts [] = { (char *) "08:00-16:00", (char *) "16:00-24:00", (char *) "00:00-08:00" };
    Inspection__SetPlantCalendar calendar = INSPECTION__SET_PLANT_CALENDAR__INIT;
    calendar.plant_code = (char *) s_unit ("P");
    calendar.time_zone = (char *) "Asia/Shanghai";
    calendar.n_shifts = 3;
    calendar.shifts = shifts;
    SF_CHECK (dt_ask (admin, &calendar.base, NULL) == SF_OK);
    Inspection__FreeItem item = INSPECTION__FREE_ITEM__INIT;
    item.text_zh = (char *) "消防通道畅通";
    Inspection__FreeItem *items [] = { &item };
    Inspection__CreatePlan plan = INSPECTION__CREATE_PLAN__INIT;
    plan.code = (char *) s_unit ("-TD");
    plan.level = INSPECTION__PLAN_LEVEL__LEVEL_TEAM_DAILY;
    plan.scope_unit = (char *) s_unit ("P");
    plan.title_zh = (char *) "班组日查";
    plan.starts_on = (char *) "2026-12-01";
    plan.n_free_items = 1;
    plan.free_items = items;
    SF_CHECK (dt_ask (admin, &plan.base, NULL) == SF_OK);
    char *csv = s_list_csv ("D1T1");
    s_import (admin, csv, SF_OK);
    free (csv);

    sf_rpc_client_t *leader = it_client (&s_stack, "leader1", "team_leader", s_unit ("D1T1"));
    Inspection__ItemResult result = INSPECTION__ITEM_RESULT__INIT;
    result.key = (char *) "F1";
    result.passed = true;
    Inspection__ItemResult *results [] = { &result };
    Inspection__FindingInput finding = s_finding ("D1T1");
    Inspection__FindingInput *findings [] = { &finding };
    Inspection__RecordInspection record = s_record_request (s_task ("D1T1", INSPECTION__TASK_KIND__TASK_PRE_SHIFT),
                                                            results, findings);
    SF_CHECK (dt_ask (leader, &record.base, NULL) == SF_OK);
    SF_CHECK (s_report (leader, "D1T1") == SF_OK);
    Inspection__RecordViolation violation = s_violation ("D1T1");
    SF_CHECK (dt_ask (leader, &violation.base, NULL) == SF_OK);
    Inspection__RecordMeeting meeting = s_meeting ("D1T1", 1);
    SF_CHECK (dt_ask (leader, &meeting.base, NULL) == SF_OK);
    sf_rpc_client_destroy (&leader);
    SF_CHECK (dt_wait_published (s_stack.db, 10000));
}

//  Every write of the stranger's, each one that A's own people could have made.
static void
s_writes (sf_rpc_client_t *stranger)
{
    char *csv = s_list_csv ("D1T2");
    s_import (stranger, csv, SF_PERMISSION_DENIED);
    free (csv);
    //  A file of both plants: nothing of it, not even its own plant's lines.
    csv = zsys_sprintf ("unit_code,year,factor,hazard,accident_type,measures,l,e,c\n"
                        "%s,2026,机,车床卡盘无防护罩,机械伤害,加装防护罩并联锁,3,6,15\n"
                        "%s,2026,机,车床卡盘无防护罩,机械伤害,加装防护罩并联锁,3,6,15\n",
                        s_unit ("QD1T1"), s_unit ("D1T2"));
    s_import (stranger, csv, SF_PERMISSION_DENIED);
    free (csv);

    Inspection__CreatePlan plan = INSPECTION__CREATE_PLAN__INIT;
    plan.code = (char *) s_unit ("-X");
    plan.level = INSPECTION__PLAN_LEVEL__LEVEL_DEPARTMENT_WEEKLY;
    plan.scope_unit = (char *) s_unit ("P");
    plan.title_zh = (char *) "部门周查";
    plan.starts_on = (char *) "2026-12-01";
    s_refused (stranger, &plan.base);
    plan.scope_unit = (char *) s_unit ("C");
    s_refused (stranger, &plan.base);

    char *shifts [] = { (char *) "06:00-18:00", (char *) "18:00-06:00" };
    Inspection__SetPlantCalendar calendar = INSPECTION__SET_PLANT_CALENDAR__INIT;
    calendar.plant_code = (char *) s_unit ("P");
    calendar.n_shifts = 2;
    calendar.shifts = shifts;
    s_refused (stranger, &calendar.base);

    //  Company-wide: its admin and EHS roles are the plant's, not the company's.
    Inspection__GenerateTasks generate = INSPECTION__GENERATE_TASKS__INIT;
    generate.from_date = (char *) "2026-12-02";
    generate.to_date = (char *) "2026-12-08";
    s_refused (stranger, &generate.base);

    Inspection__ItemResult result = INSPECTION__ITEM_RESULT__INIT;
    result.key = (char *) "F1";
    result.passed = true;
    Inspection__ItemResult *results [] = { &result };
    Inspection__FindingInput finding = s_finding ("QD1T1");
    Inspection__FindingInput *findings [] = { &finding };
    Inspection__RecordInspection record = s_record_request (s_task ("D1T1", INSPECTION__TASK_KIND__TASK_IN_SHIFT),
                                                            results, findings);
    s_refused (stranger, &record.base);
    record = s_record_request (s_task ("D1T2", INSPECTION__TASK_KIND__TASK_PRE_SHIFT), results, NULL);
    s_refused (stranger, &record.base);

    SF_CHECK (s_report (stranger, "D1T2") == SF_PERMISSION_DENIED);
    SF_CHECK (s_report (stranger, "P") == SF_PERMISSION_DENIED);
    Inspection__RecordViolation violation = s_violation ("D1T2");
    s_refused (stranger, &violation.base);
    Inspection__RecordMeeting meeting = s_meeting ("D1T2", 1);
    s_refused (stranger, &meeting.base);
}

//  Every read of the stranger's about A; naming no unit, it reads its own plant: empty.
static void
s_reads (sf_rpc_client_t *stranger)
{
    Inspection__GetHazardList list = INSPECTION__GET_HAZARD_LIST__INIT;
    list.unit_code = (char *) s_unit ("D1T1");
    s_refused (stranger, &list.base);
    Inspection__GetRiskRegister reg = INSPECTION__GET_RISK_REGISTER__INIT;
    reg.unit_code = (char *) s_unit ("P");
    s_refused (stranger, &reg.base);
    reg.unit_code = (char *) s_unit ("C");
    s_refused (stranger, &reg.base);
    reg.unit_code = (char *) "";
    sf_reply_t reply;
    s_expect (stranger, &reg.base, SF_OK, &reply);
    Inspection__RiskRegister *risks = dt_body (&reply, &inspection__risk_register__descriptor);
    SF_CHECK (risks->n_units == 0 && risks->n_major_items == 0);
    sf_pb_destroy (&risks);
    sf_reply_clear (&reply);

    Inspection__ListTasks tasks = INSPECTION__LIST_TASKS__INIT;
    tasks.unit_code = (char *) s_unit ("P");
    tasks.from_date = (char *) "2026-12-01";
    tasks.to_date = (char *) "2026-12-02";
    s_refused (stranger, &tasks.base);
    tasks.unit_code = (char *) s_unit ("Q");
    s_expect (stranger, &tasks.base, SF_OK, &reply);
    Inspection__TaskList *task_list = dt_body (&reply, &inspection__task_list__descriptor);
    SF_CHECK (task_list->n_tasks == 0);
    sf_pb_destroy (&task_list);
    sf_reply_clear (&reply);

    Inspection__GetChecklist checklist = INSPECTION__GET_CHECKLIST__INIT;
    checklist.task_id = s_task ("D1T1", INSPECTION__TASK_KIND__TASK_IN_SHIFT);
    s_refused (stranger, &checklist.base);

    Inspection__ListFindings findings = INSPECTION__LIST_FINDINGS__INIT;
    findings.unit_code = (char *) s_unit ("D1T1");
    s_refused (stranger, &findings.base);
    findings.unit_code = (char *) s_unit ("C");
    s_refused (stranger, &findings.base);
    findings.unit_code = (char *) s_unit ("Q");
    s_expect (stranger, &findings.base, SF_OK, &reply);
    Inspection__FindingList *finding_list = dt_body (&reply, &inspection__finding_list__descriptor);
    SF_CHECK (finding_list->n_findings == 0);
    sf_pb_destroy (&finding_list);
    sf_reply_clear (&reply);

    //  A finding and a 三违 record of A by their numbers: refused, as the lists are.
    sf_rows_t *numbers = sf_db_query (s_stack.db, "SELECT (SELECT min (number) FROM finding WHERE plant_code = $1), "
                                      "(SELECT min (number) FROM violation WHERE plant_code = $1)", 1,
                                      (const char *[]) { s_unit ("P") });
    SF_CHECK (numbers && sf_rows_count (numbers) == 1);
    Inspection__GetFinding finding = INSPECTION__GET_FINDING__INIT;
    finding.number = (char *) sf_rows_text (numbers, 0, 0);
    SF_CHECK (*finding.number);
    s_refused (stranger, &finding.base);
    Inspection__GetViolation violation = INSPECTION__GET_VIOLATION__INIT;
    violation.number = (char *) sf_rows_text (numbers, 0, 1);
    SF_CHECK (*violation.number);
    s_refused (stranger, &violation.base);
    sf_rows_destroy (&numbers);

    Inspection__SearchViolations search = INSPECTION__SEARCH_VIOLATIONS__INIT;
    search.unit_code = (char *) s_unit ("P");
    s_refused (stranger, &search.base);
    search.unit_code = (char *) "";
    s_expect (stranger, &search.base, SF_OK, &reply);
    Inspection__ViolationList *violations = dt_body (&reply, &inspection__violation_list__descriptor);
    SF_CHECK (violations->n_violations == 0);
    sf_pb_destroy (&violations);
    sf_reply_clear (&reply);

    Inspection__GetCompletion completion = INSPECTION__GET_COMPLETION__INIT;
    completion.unit_code = (char *) s_unit ("D1");
    completion.from_date = (char *) "2026-12-01";
    completion.to_date = (char *) "2026-12-01";
    s_refused (stranger, &completion.base);
    Inspection__GetUnitHistory history = INSPECTION__GET_UNIT_HISTORY__INIT;
    history.unit_code = (char *) s_unit ("D1T1");
    s_refused (stranger, &history.base);

    //  The one read about no unit: it computes from the published LEC tables, nobody's data.
    Inspection__AssessRisk risk = INSPECTION__ASSESS_RISK__INIT;
    risk.l = (char *) "3";
    risk.e = (char *) "6";
    risk.c = (char *) "15";
    s_mark (&risk.base);
    s_expect (stranger, &risk.base, SF_OK, NULL);
}

int
main (void)
{
    it_stack_start (&s_stack, "itscope");
    it_set_clock (&s_stack, s_local_ms ("2026-12-01", 8, 10));
    s_plant_b ();
    s_plant_a ();

    sf_rpc_client_t *stranger = it_client (&s_stack, "stranger", S_EVERY_ROLE, s_unit ("Q"));
    char *before = s_snapshot ();
    s_writes (stranger);
    s_reads (stranger);
    char *after = s_snapshot ();
    SF_CHECK_STR (after, before);
    for (size_t index = 0; index < TYPES; index++) {
        if (!s_walked [index])
            fprintf (stderr, "not walked: %s\n", s_types [index]);
        SF_CHECK (s_walked [index]);
    }

    //  The line is the plant's: the stranger acts in its own, and a worker of A reports a
    //  hazard in another team of A, never in the other plant (nor lists another team's).
    SF_CHECK (s_report (stranger, "QD1T1") == SF_OK);
    sf_rpc_client_t *worker = it_client (&s_stack, "worker1", "worker", s_unit ("D1T1S"));
    SF_CHECK (s_report (worker, "D2T1") == SF_OK);
    SF_CHECK (s_report (worker, "QD1T1") == SF_PERMISSION_DENIED);
    Inspection__ListFindings findings = INSPECTION__LIST_FINDINGS__INIT;
    findings.unit_code = (char *) s_unit ("D2T1");
    SF_CHECK (dt_ask (worker, &findings.base, NULL) == SF_PERMISSION_DENIED);
    sf_rpc_client_destroy (&worker);
    SF_CHECK (sf_test_scalar (s_stack.db, "SELECT count (*) FROM finding WHERE plant_code = $1", s_unit ("Q")) == 1);
    //  A grant withdrawn from the org copy holds from the next command on, though the workers
    //  admitted the account from memory until then (sf_scope_cache): the copy's generation
    //  moved, and the job that admitted on the old copy runs again, admitted afresh. An
    //  officer of plant A granted the other plant reports there; withdrawn, no more.
    char schema [64];
    snprintf (schema, sizeof schema, "%s_insp", s_stack.prefix);
    sf_test_employee_account (schema, "officer9", s_unit ("D1T1S"), "safety_officer", s_unit ("Q"));
    sf_rpc_client_t *officer = sf_test_daemon_client (&s_stack.inspection);
    sf_rpc_client_set_actor (officer, "officer9", "safety_officer", s_unit ("Q"), "");
    for (int round = 0; round < 6; round++)
        SF_CHECK (s_report (officer, "QD1T1") == SF_OK);
    SF_CHECK (sf_db_exec (s_stack.db, "DELETE FROM sf_org_grant WHERE login = 'officer9'", 0, NULL) == 1);
    for (int round = 0; round < 6; round++)
        SF_CHECK (s_report (officer, "QD1T1") == SF_PERMISSION_DENIED);
    sf_rpc_client_destroy (&officer);
    //  So are the findings of a record: its team's leader charges one to another team of the
    //  plant, never to the other plant.
    sf_rpc_client_t *leader = it_client (&s_stack, "leader1", "team_leader", s_unit ("D1T1"));
    Inspection__ItemResult result = INSPECTION__ITEM_RESULT__INIT;
    result.key = (char *) "F1";
    result.passed = true;
    Inspection__ItemResult *results [] = { &result };
    Inspection__FindingInput finding = s_finding ("QD1T1");
    Inspection__FindingInput *record_findings [] = { &finding };
    Inspection__RecordInspection record = s_record_request (s_task ("D1T1", INSPECTION__TASK_KIND__TASK_IN_SHIFT),
                                                            results, record_findings);
    SF_CHECK (dt_ask (leader, &record.base, NULL) == SF_PERMISSION_DENIED);
    finding.responsible_unit = (char *) s_unit ("D2T1");
    SF_CHECK (dt_ask (leader, &record.base, NULL) == SF_OK);
    sf_rpc_client_destroy (&leader);

    printf ("inspection scope: %zu request types walked from another plant, nothing seen or changed\n", TYPES);
    free (before);
    free (after);
    sf_rpc_client_destroy (&stranger);
    it_stack_stop (&s_stack);
    return 0;
}
