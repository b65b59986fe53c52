/*  A plant's day with a set clock: calendars and plans (four levels), tasks generated for
    every team's three shifts, checks done on time (some with findings), refused in every
    wrong way, a 三违 record and a shift meeting; then the next morning: every task not done
    is missed with its event, completion rates add up, and every event reached the outbox.  */
#include "inspection_testlib.h"
#include "sf_pb.h"

#include <string.h>
#include <time.h>

static it_stack_t s_stack;
static char s_code [32][64];
static char s_old_item [32];     //  "H<id>" of the team's hazard list before it was imported again

//  Epoch ms of a local date and time in Asia/Shanghai (UTC+8, no daylight saving).
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

//  A unit code of this test's plant, e.g. s_unit ("D1T1").
static const char *
s_unit (const char *suffix)
{
    static int next;
    char *code = s_code [next++ % 32];
    snprintf (code, 64, "%s%s", s_stack.prefix, suffix);
    return code;
}

static int64_t
s_count (const char *sql)
{
    return sf_test_scalar (s_stack.db, sql, NULL);
}

static sf_status_t
s_plan (sf_rpc_client_t *client, const char *code, int level, const char *scope, const char *ends_on, int target_kind)
{
    Inspection__FreeItem first = INSPECTION__FREE_ITEM__INIT, second = INSPECTION__FREE_ITEM__INIT;
    first.text_zh = (char *) "消防通道畅通";
    first.text_en = (char *) "Fire exits clear";
    second.text_zh = (char *) "劳保用品穿戴齐全";
    Inspection__FreeItem *items [] = { &first, &second };
    Inspection__CreatePlan request = INSPECTION__CREATE_PLAN__INIT;
    request.code = (char *) code;
    request.level = (Inspection__PlanLevel) level;
    request.scope_unit = (char *) scope;
    request.title_zh = (char *) "检查计划";
    request.title_en = (char *) "Check plan";
    request.starts_on = (char *) "2026-12-01";
    request.ends_on = (char *) (ends_on? ends_on: "");
    request.target_kind = target_kind;
    request.n_free_items = 2;
    request.free_items = items;
    return dt_ask (client, &request.base, NULL);
}

static void
s_plans (void)
{
    char code [64];
    snprintf (code, sizeof code, "%s-TD", s_stack.prefix);
    SF_CHECK (s_plan (s_stack.admin, code, INSPECTION__PLAN_LEVEL__LEVEL_TEAM_DAILY, s_unit ("P"), NULL, 0) == SF_OK);
    SF_CHECK (s_plan (s_stack.admin, code, INSPECTION__PLAN_LEVEL__LEVEL_TEAM_DAILY, s_unit ("P"), NULL, 0) == SF_ALREADY_EXISTS);
    snprintf (code, sizeof code, "%s-DW", s_stack.prefix);
    SF_CHECK (s_plan (s_stack.admin, code, INSPECTION__PLAN_LEVEL__LEVEL_DEPARTMENT_WEEKLY, s_unit ("P"), NULL, 0) == SF_OK);
    snprintf (code, sizeof code, "%s-CM", s_stack.prefix);
    SF_CHECK (s_plan (s_stack.admin, code, INSPECTION__PLAN_LEVEL__LEVEL_COMPANY_MONTHLY, s_unit ("C"), NULL, 0) == SF_OK);
    //  A department's safety officer plans for that department only.
    sf_rpc_client_t *officer = it_client (&s_stack, "officer1", "safety_officer", s_unit ("D1"));
    snprintf (code, sizeof code, "%s-SP", s_stack.prefix);
    SF_CHECK (s_plan (officer, code, INSPECTION__PLAN_LEVEL__LEVEL_SPECIAL, s_unit ("D2"), "2026-12-03", 4) == SF_PERMISSION_DENIED);
    SF_CHECK (s_plan (officer, code, INSPECTION__PLAN_LEVEL__LEVEL_SPECIAL, s_unit ("D1"), NULL, 4) == SF_INVALID_ARGUMENT);
    SF_CHECK (s_plan (officer, code, INSPECTION__PLAN_LEVEL__LEVEL_SPECIAL, s_unit ("D1"), "2026-12-03", 6) == SF_INVALID_ARGUMENT);
    SF_CHECK (s_plan (officer, code, INSPECTION__PLAN_LEVEL__LEVEL_SPECIAL, s_unit ("D1"), "2026-11-30", 4) == SF_INVALID_ARGUMENT);
    //  A unit no grant covers, known or not: refused before anything is said of it.
    SF_CHECK (s_plan (officer, code, INSPECTION__PLAN_LEVEL__LEVEL_SPECIAL, "nowhere", "2026-12-03", 4) == SF_PERMISSION_DENIED);
    SF_CHECK (s_plan (officer, code, 9, s_unit ("D1"), "2026-12-03", 4) == SF_INVALID_ARGUMENT);
    SF_CHECK (s_plan (officer, code, INSPECTION__PLAN_LEVEL__LEVEL_SPECIAL, s_unit ("D1"), "2026-12-03", 4) == SF_OK);
    sf_rpc_client_destroy (&officer);
    sf_rpc_client_t *worker = it_client (&s_stack, "worker1", "worker", s_unit ("D1T1S"));
    snprintf (code, sizeof code, "%s-X", s_stack.prefix);
    SF_CHECK (s_plan (worker, code, INSPECTION__PLAN_LEVEL__LEVEL_TEAM_DAILY, s_unit ("P"), NULL, 0) == SF_PERMISSION_DENIED);
    sf_rpc_client_destroy (&worker);
    SF_CHECK (s_count ("SELECT count(*) FROM plan") == 4);
}

static void
s_calendar (void)
{
    char *shifts [] = { (char *) "08:00-16:00", (char *) "16:00-24:00", (char *) "00:00-08:00" };
    Inspection__SetPlantCalendar request = INSPECTION__SET_PLANT_CALENDAR__INIT;
    request.plant_code = (char *) s_unit ("P");
    request.time_zone = (char *) "Asia/Shanghai";
    request.n_shifts = 3;
    request.shifts = shifts;
    SF_CHECK (dt_ask (s_stack.admin, &request.base, NULL) == SF_OK);
    request.time_zone = (char *) "Mars/Olympus";
    SF_CHECK (dt_ask (s_stack.admin, &request.base, NULL) == SF_INVALID_ARGUMENT);
    request.time_zone = (char *) "Asia/Shanghai";
    shifts [1] = (char *) "16:00-25:00";
    SF_CHECK (dt_ask (s_stack.admin, &request.base, NULL) == SF_INVALID_ARGUMENT);
    shifts [1] = (char *) "16:00-24:00";
    request.plant_code = (char *) s_unit ("D1");
    SF_CHECK (dt_ask (s_stack.admin, &request.base, NULL) == SF_INVALID_ARGUMENT);
    SF_CHECK (s_count ("SELECT count(*) FROM plant_calendar") == 1);
}

static void
s_generate (void)
{
    //  Creating the plans made their tasks already.
    SF_CHECK (s_count ("SELECT count(*) FROM task WHERE shift_date = '2026-12-01' AND kind IN (2, 3, 4)") == 54);
    Inspection__GenerateTasks request = INSPECTION__GENERATE_TASKS__INIT;
    request.from_date = (char *) "2026-12-01";
    request.to_date = (char *) "2026-12-01";
    SF_CHECK (dt_ask (s_stack.admin, &request.base, NULL) == SF_OK);
    //  Six teams, three shifts, three checks. The production day starts with the first shift:
    //  the night shift of 12-01 runs 12-02 00:00-08:00.
    SF_CHECK (s_count ("SELECT count(*) FROM task WHERE shift_date = '2026-12-01' AND kind IN (2, 3, 4)") == 54);
    int64_t night = it_task_id (&s_stack, s_unit ("D2T3"), INSPECTION__TASK_KIND__TASK_IN_SHIFT, "2026-12-01", 3);
    char night_text [32];
    snprintf (night_text, sizeof night_text, "%lld", (long long) night);
    SF_CHECK (sf_test_scalar (s_stack.db, "SELECT (extract (epoch FROM window_start) * 1000)::bigint FROM task "
                              "WHERE id = $1::bigint", night_text) == s_local_ms ("2026-12-02", 0, 0));
    //  The company checks every department, its own office (no plant) too.
    SF_CHECK (s_count ("SELECT count(*) FROM task t JOIN plan p ON p.id = t.plan_id WHERE p.level = 1") == 3);
    SF_CHECK (sf_test_scalar (s_stack.db, "SELECT count(*) FROM task WHERE target_unit = $1 AND plant_code = ''",
                              s_unit ("HQ")) == 1);
    SF_CHECK (s_count ("SELECT count(*) FROM task t JOIN plan p ON p.id = t.plan_id WHERE p.level = 2 "
                       "AND shift_date = '2026-11-30'") == 2);
    SF_CHECK (s_count ("SELECT count(*) FROM task t JOIN plan p ON p.id = t.plan_id WHERE p.level = 4") == 3);
    //  The company checks its departments; teams and departments check themselves.
    SF_CHECK (sf_test_scalar (s_stack.db, "SELECT count(*) FROM task t JOIN plan p ON p.id = t.plan_id "
                              "WHERE p.level = 1 AND executor_unit = $1", s_unit ("C")) == 3);
    SF_CHECK (s_count ("SELECT count(*) FROM task WHERE kind IN (2, 3, 4) AND executor_unit <> target_unit") == 0);
    //  The day shift's patrol runs 08:00-16:00 Beijing time.
    int64_t id = it_task_id (&s_stack, s_unit ("D1T1"), INSPECTION__TASK_KIND__TASK_IN_SHIFT, "2026-12-01", 1);
    char text [32];
    snprintf (text, sizeof text, "%lld", (long long) id);
    SF_CHECK (sf_test_scalar (s_stack.db, "SELECT (extract (epoch FROM window_start) * 1000)::bigint FROM task "
                              "WHERE id = $1::bigint", text) == s_local_ms ("2026-12-01", 8, 0));
    SF_CHECK (sf_test_scalar (s_stack.db, "SELECT (extract (epoch FROM window_end) * 1000)::bigint FROM task "
                              "WHERE id = $1::bigint", text) == s_local_ms ("2026-12-01", 16, 0));
    //  Again: nothing new.
    int64_t before = s_count ("SELECT count(*) FROM task WHERE shift_date = '2026-12-01'");
    SF_CHECK (dt_ask (s_stack.admin, &request.base, NULL) == SF_OK);
    SF_CHECK (s_count ("SELECT count(*) FROM task WHERE shift_date = '2026-12-01'") == before);
    request.to_date = (char *) "2027-01-15";
    SF_CHECK (dt_ask (s_stack.admin, &request.base, NULL) == SF_INVALID_ARGUMENT);
    request.to_date = (char *) "2026-11-30";
    SF_CHECK (dt_ask (s_stack.admin, &request.base, NULL) == SF_INVALID_ARGUMENT);
    request.to_date = (char *) "2026-02-30";
    SF_CHECK (dt_ask (s_stack.admin, &request.base, NULL) == SF_INVALID_ARGUMENT);
}

//  The team's hazard list makes its checklist, before the plan's free items.
static void
s_hazard_list (void)
{
    char csv [1024];
    snprintf (csv, sizeof csv,
        "unit_code,year,factor,hazard,accident_type,measures,l,e,c\n"
        "%sD1T1,2026,机,车床卡盘无防护罩,机械伤害,加装防护罩并联锁,3,6,15\n"
        "%sD1T1,2026,人,操作时佩戴手套,机械伤害,车床操作严禁戴手套,6,6,7\n", s_stack.prefix, s_stack.prefix);
    Inspection__ImportHazardCsv command = INSPECTION__IMPORT_HAZARD_CSV__INIT;
    command.file_name = (char *) "d1t1.csv";
    command.csv.data = (uint8_t *) csv;
    command.csv.len = strlen (csv);
    SF_CHECK (dt_ask (s_stack.admin, &command.base, NULL) == SF_OK);
    //  L 3, E 6, C 15: D = 270, grade 2; L 6, E 6, C 7: D = 252, grade 2.
    SF_CHECK (s_count ("SELECT count(*) FROM hazard_item WHERE grade = 2") == 2);
    //  A checklist fetched now names these items; the list is then imported again (version 2):
    //  a record naming the old items still counts them.
    snprintf (s_old_item, sizeof s_old_item, "H%lld", (long long) s_count ("SELECT min(id) FROM hazard_item"));
    SF_CHECK (dt_ask (s_stack.admin, &command.base, NULL) == SF_OK);
    SF_CHECK (s_count ("SELECT max(version) FROM hazard_list") == 2);
    int64_t task = it_task_id (&s_stack, s_unit ("D1T1"), INSPECTION__TASK_KIND__TASK_IN_SHIFT, "2026-12-01", 1);
    Inspection__GetChecklist request = INSPECTION__GET_CHECKLIST__INIT;
    request.task_id = task;
    sf_reply_t reply;
    SF_CHECK (dt_ask (s_stack.admin, &request.base, &reply) == SF_OK);
    const char *hazard = "车床卡盘无防护罩", *free_item = "消防通道畅通";
    SF_CHECK (memmem (reply.body, reply.body_size, hazard, strlen (hazard)));
    SF_CHECK (memmem (reply.body, reply.body_size, free_item, strlen (free_item)));
    sf_reply_clear (&reply);
}

//  Records task with the free items (F1 passed unless fail_first) and finding, if any.
static sf_status_t
s_record (sf_rpc_client_t *client, int64_t task, bool fail_first, Inspection__FindingInput *finding)
{
    Inspection__ItemResult first = INSPECTION__ITEM_RESULT__INIT, second = INSPECTION__ITEM_RESULT__INIT,
                           old = INSPECTION__ITEM_RESULT__INIT;
    first.key = (char *) "F1";
    first.passed = !fail_first;
    first.note = (char *) (fail_first? "通道堆放纸箱": "");
    second.key = (char *) "F2";
    second.passed = true;
    old.key = s_old_item;
    old.passed = true;
    Inspection__ItemResult *results [] = { &first, &second, &old };
    //  The team with a hazard list also answers an item of its earlier version.
    bool old_item = *s_old_item
                 && it_task_id (&s_stack, s_unit ("D1T1"), INSPECTION__TASK_KIND__TASK_IN_SHIFT, "2026-12-01", 1) == task;
    Inspection__RecordInspection request = INSPECTION__RECORD_INSPECTION__INIT;
    request.task_id = task;
    request.n_results = old_item? 3: 2;
    request.results = results;
    request.n_findings = finding? 1: 0;
    request.findings = &finding;
    return dt_ask (client, &request.base, NULL);
}

static Inspection__FindingInput
s_finding (const char *unit, int severity)
{
    Inspection__FindingInput finding = INSPECTION__FINDING_INPUT__INIT;
    finding.description = (char *) "消防通道堆放纸箱";
    finding.factor = INSPECTION__FACTOR__FACTOR_ENVIRONMENT;
    finding.location = (char *) "一号车间东侧";
    finding.severity = (Inspection__Severity) severity;
    finding.responsible_unit = (char *) unit;
    finding.hazard_key = (char *) "F1";
    return finding;
}

static void
s_records (void)
{
    it_set_clock (&s_stack, s_local_ms ("2026-12-01", 8, 0));
    //  Pre-shift self-checks of the day shift in department 1.
    const char *teams [] = { "D1T1", "D1T2", "D1T3" };
    for (int index = 0; index < 3; index++) {
        sf_rpc_client_t *leader = it_client (&s_stack, "leader", "team_leader", s_unit (teams [index]));
        int64_t task = it_task_id (&s_stack, s_unit (teams [index]), INSPECTION__TASK_KIND__TASK_PRE_SHIFT, "2026-12-01", 1);
        SF_CHECK (task > 0 && s_record (leader, task, false, NULL) == SF_OK);
        sf_rpc_client_destroy (&leader);
    }
    //  The patrol of team 1 fails an item and finds a general hazard; team 2's a major one.
    sf_rpc_client_t *leader1 = it_client (&s_stack, "leader1", "team_leader", s_unit ("D1T1"));
    sf_rpc_client_t *patrol2 = it_client (&s_stack, "patrol2", "patrol_officer", s_unit ("D1T2S"));
    int64_t patrol_1 = it_task_id (&s_stack, s_unit ("D1T1"), INSPECTION__TASK_KIND__TASK_IN_SHIFT, "2026-12-01", 1);
    int64_t patrol_2 = it_task_id (&s_stack, s_unit ("D1T2"), INSPECTION__TASK_KIND__TASK_IN_SHIFT, "2026-12-01", 1);
    int64_t records = s_count ("SELECT count(*) FROM record");
    int64_t findings = s_count ("SELECT count(*) FROM finding");
    //  Wrong in every way first: nothing may change.
    SF_CHECK (s_record (leader1, patrol_2, false, NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (s_record (leader1, 99999999, false, NULL) == SF_NOT_FOUND);
    sf_rpc_client_t *worker = it_client (&s_stack, "worker1", "worker", s_unit ("D1T1S"));
    char sql [256];
    snprintf (sql, sizeof sql, "SELECT id FROM task t WHERE kind = 1 AND target_unit = '%sD1T1'", s_stack.prefix);
    SF_CHECK (s_record (worker, s_count (sql), false, NULL) == SF_PERMISSION_DENIED);
    sf_rpc_client_destroy (&worker);
    int64_t pre_1 = it_task_id (&s_stack, s_unit ("D1T1"), INSPECTION__TASK_KIND__TASK_PRE_SHIFT, "2026-12-01", 1);
    SF_CHECK (s_record (leader1, pre_1, false, NULL) == SF_FAILED_PRECONDITION);
    int64_t post_1 = it_task_id (&s_stack, s_unit ("D1T1"), INSPECTION__TASK_KIND__TASK_POST_SHIFT, "2026-12-01", 1);
    SF_CHECK (s_record (leader1, post_1, false, NULL) == SF_FAILED_PRECONDITION);
    Inspection__FindingInput bad = s_finding ("", 1);
    SF_CHECK (s_record (leader1, patrol_1, true, &bad) == SF_INVALID_ARGUMENT);
    bad = s_finding ("nowhere", 1);
    SF_CHECK (s_record (leader1, patrol_1, true, &bad) == SF_NOT_FOUND);
    bad = s_finding (s_unit ("D1T1"), 3);
    SF_CHECK (s_record (leader1, patrol_1, true, &bad) == SF_INVALID_ARGUMENT);
    bad = s_finding (s_unit ("D1T1"), 1);
    bad.hazard_key = (char *) "H999";
    SF_CHECK (s_record (leader1, patrol_1, true, &bad) == SF_INVALID_ARGUMENT);
    Inspection__ItemResult unknown = INSPECTION__ITEM_RESULT__INIT;
    unknown.key = (char *) "F9";
    unknown.passed = true;
    Inspection__ItemResult *unknowns [] = { &unknown };
    Inspection__RecordInspection request = INSPECTION__RECORD_INSPECTION__INIT;
    request.task_id = patrol_1;
    request.n_results = 1;
    request.results = unknowns;
    SF_CHECK (dt_ask (leader1, &request.base, NULL) == SF_INVALID_ARGUMENT);
    request.n_results = 0;
    SF_CHECK (dt_ask (leader1, &request.base, NULL) == SF_INVALID_ARGUMENT);
    SF_CHECK (s_count ("SELECT count(*) FROM record") == records);
    SF_CHECK (s_count ("SELECT count(*) FROM finding") == findings);
    SF_CHECK (s_count ("SELECT count(*) FROM task WHERE status = 2") == 3);
    //  Then right.
    Inspection__FindingInput general = s_finding (s_unit ("D1T1"), INSPECTION__SEVERITY__SEVERITY_GENERAL);
    SF_CHECK (s_record (leader1, patrol_1, true, &general) == SF_OK);
    Inspection__FindingInput major = s_finding (s_unit ("D1T2"), INSPECTION__SEVERITY__SEVERITY_MAJOR);
    major.description = (char *) "液氨储罐安全阀失效";
    SF_CHECK (s_record (patrol2, patrol_2, false, &major) == SF_OK);
    SF_CHECK (s_record (patrol2, patrol_2, false, NULL) == SF_FAILED_PRECONDITION);
    SF_CHECK (s_count ("SELECT count(*) FROM record") == records + 2);
    SF_CHECK (s_count ("SELECT count(*) FROM record_item WHERE NOT passed") == 1);
    SF_CHECK (s_count ("SELECT count(*) FROM finding WHERE source = 1 AND task_id IS NOT NULL") == 2);
    SF_CHECK (sf_test_scalar (s_stack.db, "SELECT count(*) FROM finding WHERE number LIKE $1 || '-F2026-%'",
                              s_unit ("P")) == 2);
    sf_rpc_client_destroy (&leader1);
    sf_rpc_client_destroy (&patrol2);
}

static void
s_reports (void)
{
    sf_rpc_client_t *worker = it_client (&s_stack, "worker7", "worker", s_unit ("D2T1S"));
    Inspection__FindingInput finding = s_finding (s_unit ("D2T1"), INSPECTION__SEVERITY__SEVERITY_GENERAL);
    finding.hazard_key = (char *) "";
    Inspection__ReportFinding request = INSPECTION__REPORT_FINDING__INIT;
    request.finding = &finding;
    request.source = INSPECTION__FINDING_SOURCE__SOURCE_REPORT;
    SF_CHECK (dt_ask (worker, &request.base, NULL) == SF_OK);
    request.source = INSPECTION__FINDING_SOURCE__SOURCE_INSPECTION;
    SF_CHECK (dt_ask (worker, &request.base, NULL) == SF_INVALID_ARGUMENT);
    request.source = INSPECTION__FINDING_SOURCE__SOURCE_LESSON;
    SF_CHECK (dt_ask (worker, &request.base, NULL) == SF_INVALID_ARGUMENT);
    finding.factor = INSPECTION__FACTOR__FACTOR_UNSPECIFIED;
    request.source = INSPECTION__FINDING_SOURCE__SOURCE_REPORT;
    SF_CHECK (dt_ask (worker, &request.base, NULL) == SF_INVALID_ARGUMENT);
    sf_rpc_client_destroy (&worker);
    SF_CHECK (s_count ("SELECT count(*) FROM finding") == 3);
}

static void
s_violations_and_meetings (void)
{
    sf_rpc_client_t *leader = it_client (&s_stack, "leader1", "team_leader", s_unit ("D1T1"));
    Inspection__RecordViolation request = INSPECTION__RECORD_VIOLATION__INIT;
    request.type = INSPECTION__VIOLATION_TYPE__VIOLATION_ILLEGAL_OPERATION;
    request.person_code = (char *) s_unit ("D1T1E1");
    request.unit_code = (char *) s_unit ("D1T1");
    request.description = (char *) "未系安全带登高作业";
    request.location = (char *) "二号厂房";
    SF_CHECK (dt_ask (leader, &request.base, NULL) == SF_OK);
    request.unit_code = (char *) s_unit ("D2T1");
    SF_CHECK (dt_ask (leader, &request.base, NULL) == SF_PERMISSION_DENIED);
    request.unit_code = (char *) s_unit ("D1T1");
    request.type = (Inspection__ViolationType) 7;
    SF_CHECK (dt_ask (leader, &request.base, NULL) == SF_INVALID_ARGUMENT);
    request.type = INSPECTION__VIOLATION_TYPE__VIOLATION_DISCIPLINE;
    request.person_code = (char *) s_unit ("D1T1");
    SF_CHECK (dt_ask (leader, &request.base, NULL) == SF_INVALID_ARGUMENT);
    request.person_code = (char *) s_unit ("D1T1E2");
    request.occurred_ms = s_local_ms ("2026-12-02", 8, 0);
    SF_CHECK (dt_ask (leader, &request.base, NULL) == SF_INVALID_ARGUMENT);
    SF_CHECK (s_count ("SELECT count(*) FROM violation") == 1);
    //  The case library finds it by words of what happened.
    Inspection__SearchViolations search = INSPECTION__SEARCH_VIOLATIONS__INIT;
    search.unit_code = (char *) s_unit ("P");
    search.text = (char *) "安全带";
    sf_reply_t reply;
    SF_CHECK (dt_ask (s_stack.admin, &search.base, &reply) == SF_OK);
    SF_CHECK (reply.body_size > 0);
    sf_reply_clear (&reply);

    char *attendees [] = { (char *) s_unit ("D1T1E1"), (char *) s_unit ("D1T1E2") };
    Inspection__RecordMeeting meeting = INSPECTION__RECORD_MEETING__INIT;
    meeting.team_code = (char *) s_unit ("D1T1");
    meeting.shift_date = (char *) "2026-12-01";
    meeting.shift_no = 1;
    meeting.kind = INSPECTION__MEETING_KIND__MEETING_PRE_SHIFT;
    meeting.n_attendees = 2;
    meeting.attendees = attendees;
    meeting.topics = (char *) "交接班，今日吊装作业";
    meeting.risks_briefed = (char *) "起重伤害";
    SF_CHECK (dt_ask (leader, &meeting.base, NULL) == SF_OK);
    SF_CHECK (dt_ask (leader, &meeting.base, NULL) == SF_ALREADY_EXISTS);
    meeting.shift_no = 4;
    SF_CHECK (dt_ask (leader, &meeting.base, NULL) == SF_INVALID_ARGUMENT);
    meeting.shift_no = 1;
    attendees [1] = (char *) "nobody";
    meeting.kind = INSPECTION__MEETING_KIND__MEETING_POST_SHIFT;
    SF_CHECK (dt_ask (leader, &meeting.base, NULL) == SF_NOT_FOUND);
    SF_CHECK (s_count ("SELECT count(*) FROM meeting") == 1);
    sf_rpc_client_destroy (&leader);
}

static void
s_next_morning (void)
{
    it_set_clock (&s_stack, s_local_ms ("2026-12-02", 9, 0));
    //  Every routine task of 12-01 not done is missed: 54 minus the 5 done.
    SF_CHECK (it_wait_count (s_stack.db, "SELECT count(*) FROM task WHERE status = 3 AND shift_date = '2026-12-01'",
                             NULL, 49, 15000));
    SF_CHECK (s_count ("SELECT count(*) FROM task WHERE status = 3 AND shift_date = '2026-12-01'") == 49);
    //  The special check (until 12-03), the weekly and the monthly checks are still open.
    SF_CHECK (s_count ("SELECT count(*) FROM task t JOIN plan p ON p.id = t.plan_id WHERE p.level <> 3 "
                       "AND t.status = 1") == 8);
    SF_CHECK (it_wait_count (s_stack.db, "SELECT count(*) FROM sf_outbox WHERE event_type = 'inspection.task_missed'",
                             NULL, s_count ("SELECT count(*) FROM task WHERE status = 3"), 5000));
    SF_CHECK (s_count ("SELECT count(*) FROM sf_outbox WHERE event_type = 'inspection.task_missed'")
           == s_count ("SELECT count(*) FROM task WHERE status = 3"));
    SF_CHECK (s_count ("SELECT count(*) FROM sf_outbox WHERE event_type = 'inspection.inspection_done'") == 5);
    SF_CHECK (s_count ("SELECT count(*) FROM sf_outbox WHERE event_type = 'inspection.finding_reported'") == 3);
    SF_CHECK (s_count ("SELECT count(*) FROM sf_outbox WHERE event_type = 'inspection.major_hazard_found'") == 1);
    SF_CHECK (s_count ("SELECT count(*) FROM sf_outbox WHERE event_type = 'inspection.violation_recorded'") == 1);
    //  Team 1 of department 1: 9 routine tasks on 12-01, 2 done.
    Inspection__GetCompletion completion = INSPECTION__GET_COMPLETION__INIT;
    completion.unit_code = (char *) s_unit ("D1T1");
    completion.from_date = (char *) "2026-12-01";
    completion.to_date = (char *) "2026-12-01";
    sf_reply_t reply;
    SF_CHECK (dt_ask (s_stack.admin, &completion.base, &reply) == SF_OK);
    sf_reply_clear (&reply);
    SF_CHECK (sf_test_scalar (s_stack.db, "SELECT count(*) FILTER (WHERE status = 2) * 100 / count(*) FROM task "
                              "WHERE executor_unit = $1 AND shift_date = '2026-12-01' AND kind <> 1", s_unit ("D1T1")) == 22);
    //  A missed task cannot be recorded late.
    sf_rpc_client_t *leader = it_client (&s_stack, "leader1", "team_leader", s_unit ("D1T1"));
    int64_t post_1 = it_task_id (&s_stack, s_unit ("D1T1"), INSPECTION__TASK_KIND__TASK_POST_SHIFT, "2026-12-01", 1);
    SF_CHECK (s_record (leader, post_1, false, NULL) == SF_FAILED_PRECONDITION);
    sf_rpc_client_destroy (&leader);
    //  The team's history: its two records with their item results, its finding, its 三违
    //  record, its meeting and its missed tasks.
    Inspection__GetUnitHistory request = INSPECTION__GET_UNIT_HISTORY__INIT;
    request.unit_code = (char *) s_unit ("D1T1");
    SF_CHECK (dt_ask (s_stack.admin, &request.base, &reply) == SF_OK);
    Inspection__UnitHistory *history = dt_body (&reply, &inspection__unit_history__descriptor);
    SF_CHECK (history->n_records == 2 && history->n_findings == 1 && history->n_violations == 1
           && history->n_meetings == 1);
    //  Seven of 12-01, and 12-02's first pre-shift check (07:30-08:30): it is 09:00.
    SF_CHECK (history->n_missed == 8);
    //  Pre-shift: F1, F2; patrol: F1 (failed), F2 and the item of the earlier hazard list.
    size_t results = 0, failed = 0;
    for (size_t index = 0; index < history->n_records; index++) {
        const Inspection__Record *record = history->records [index];
        results += record->n_results;
        for (size_t item = 0; item < record->n_results; item++)
            failed += !record->results [item]->passed;
    }
    SF_CHECK (results == 5 && failed == 1);
    SF_CHECK (sf_test_scalar (s_stack.db, "SELECT count(*) FROM record_item WHERE key = $1 AND text_zh LIKE '车床卡盘%'",
                              s_old_item) == 1);
    sf_pb_destroy (&history);
    sf_reply_clear (&reply);
    SF_CHECK (dt_wait_published (s_stack.db, 10000));
}

int
main (void)
{
    it_stack_start (&s_stack, "itday");
    it_set_clock (&s_stack, s_local_ms ("2026-12-01", 7, 0));
    s_calendar ();
    s_plans ();
    s_generate ();
    s_hazard_list ();
    s_records ();
    s_reports ();
    s_violations_and_meetings ();
    s_next_morning ();
    it_stack_stop (&s_stack);
    printf ("inspection day: ok\n");
    return 0;
}
