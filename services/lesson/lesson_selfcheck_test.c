/*  lesson_selfcheck_test: the self-check consumers (lesson_selfcheck.c) on the real schema,
    fed crafted events as the consumer would: inspection's record of a lesson's plan makes the
    assignment self-checked with its counts and findings (from assigned or acknowledged), once
    however often it comes; a record of another plan, or of none, changes nothing; a form's
    outcome read before the record still counts (the assignment closes at once when
    reported); the last open finding's form closes a reported assignment and the last
    assignment closes the lesson; a missed special check is said once; a direct form, other
    event types and payloads of the wrong type.                                             */
#include "lesson.h"
#include "lesson_assign_machine.h"
#include "lesson_assign_test_fixture.h"
#include "inspection.pb-c.h"
#include "rectification.pb-c.h"

//  2026-03-05 10:00 Beijing time.
#define S_T0 1772676000000LL

//  Applies an event of type with payload in a transaction of its own, as the consumer does.
static int
s_apply (sf_consumer_fn *apply, const char *type, const ProtobufCMessage *payload)
{
    static int count;
    char id [64];
    snprintf (id, sizeof id, "00000000-0000-4000-8000-%012d", ++count);
    sf_event_t event = {
        .event_id = id, .type = (char *) type, .aggregate_type = (char *) "x", .aggregate_id = (char *) "1",
        .aggregate_version = 1, .plant = (char *) "faP", .occurred_ms = S_T0, .trace_id = (char *) "trace-1",
        .actor = { .user_id = (char *) "fa.inspector", .org_node = (char *) "faT", .plant = (char *) "faP" }
    };
    sf_event_set_payload (&event, payload);
    SF_CHECK (sf_db_begin (fx_db) == 0);
    int rc = apply (fx_db, &event, NULL);
    if (rc == 0)
        SF_CHECK (sf_db_commit (fx_db) == 0);
    else
        sf_db_rollback (fx_db);
    free (event.payload);
    free (event.payload_type);
    return rc;
}

//  inspection.inspection_done of plan with passed/failed and the findings ids[i] ("F<id>").
static int
s_record (const char *plan, int64_t record_id, int passed, int failed, const int64_t *ids, size_t count)
{
    Inspection__Record record = INSPECTION__RECORD__INIT;
    record.id = record_id;
    record.task_id = record_id + 1000;
    record.inspector = (char *) "fa.inspector";
    record.target_unit = (char *) "faT";
    record.recorded_ms = S_T0 + record_id;
    record.passed = passed;
    record.failed = failed;
    record.plan_code = (char *) plan;
    Inspection__Finding findings [8], *pointers [8];
    char numbers [8][32];
    SF_CHECK (count <= 8);
    for (size_t i = 0; i < count; i++) {
        inspection__finding__init (&findings [i]);
        findings [i].id = ids [i];
        snprintf (numbers [i], sizeof numbers [i], "faP-F2026-%06" PRId64, ids [i]);
        findings [i].number = numbers [i];
        pointers [i] = &findings [i];
    }
    record.findings = pointers;
    record.n_findings = count;
    return s_apply (lesson_selfcheck_apply, "inspection.inspection_done", &record.base);
}

//  rectification.form_closed / form_cancelled (type) of the form of finding.
static int
s_form (const char *type, int64_t finding)
{
    Rectification__Form form = RECTIFICATION__FORM__INIT;
    char number [32];
    snprintf (number, sizeof number, "faP-R2026-%06" PRId64, finding);
    form.id = finding + 5000;
    form.number = number;
    form.finding_id = finding;
    form.closed_ms = S_T0 + 100;
    return s_apply (lesson_outcome_apply, type, &form.base);
}

static int
s_missed (const char *plan)
{
    Inspection__Task task = INSPECTION__TASK__INIT;
    task.id = 77;
    task.plan_code = (char *) plan;
    task.plant_code = (char *) "faP";
    return s_apply (lesson_selfcheck_apply, "inspection.task_missed", &task.base);
}

static void
s_status (int64_t id, int status)
{
    char expected [8];
    snprintf (expected, sizeof expected, "%d", status);
    FX_CHECK_COLUMN (id, "status", expected);
}

//  What the report route does to the row, then its close (lesson_assign_routes.c).
static int
s_report (int64_t id)
{
    char key [24];
    snprintf (key, sizeof key, "%" PRId64, id);
    const char *values [] = { key };
    SF_CHECK (sf_db_begin (fx_db) == 0);
    fx_exec ("UPDATE assignment SET status = 4, report = '已自查', reported_by = 'fa.leader', reported_ms = 1,"
             " version = version + 1 WHERE id = $1::bigint AND status = 3", 1, values);
    int closed = lesson_assign_close (NULL, fx_db, id, 0, S_T0 + 500);
    SF_CHECK (closed >= 0);
    SF_CHECK (sf_db_commit (fx_db) == 0);
    return closed;
}

int
main (void)
{
    fx_open ("lesson_selfcheck");
    fx_lesson (1, S_T0 + 86400000LL);
    fx_assignment (11, 1, "faT", LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_ASSIGNED);
    fx_assignment (12, 1, "faT2", LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_ACKNOWLEDGED);
    fx_exec ("UPDATE assignment SET acknowledged_ms = 42, acknowledged_by = 'fa.leader2' WHERE id = 12", 0, NULL);
    fx_lesson (2, S_T0 + 86400000LL);
    fx_assignment (21, 2, "faD", LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_ASSIGNED);

    //  The table: who may start where.
    SF_CHECK (lesson_assign_may (LESSON_ASSIGN_ACKNOWLEDGE, LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_ASSIGNED));
    SF_CHECK (!lesson_assign_may (LESSON_ASSIGN_ACKNOWLEDGE, LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_ACKNOWLEDGED));
    SF_CHECK (!lesson_assign_may (LESSON_ASSIGN_REPORT, LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_ACKNOWLEDGED));
    SF_CHECK (!lesson_assign_may (LESSON_ASSIGN_REPORT, 0) && !lesson_assign_may (LESSON_ASSIGN_REPORT, 99));
    char from [64];
    lesson_assign_from_sql (LESSON_ASSIGN_SELF_CHECK, from, sizeof from);
    SF_CHECK_STR (from, "{1,2}");
    SF_CHECK_STR (lesson_assign_state_name (4)->en, "reported");
    SF_CHECK_STR (lesson_assign_state_name (-3)->en, "-");

    //  A record of a plan that is not a lesson's, and one of no plan: nothing.
    int64_t first [] = { 101, 102 };
    SF_CHECK (s_record ("ROUTINE-7", 1, 5, 2, first, 2) == 0);
    SF_CHECK (s_record ("", 2, 5, 2, first, 2) == 0);
    SF_CHECK (s_record ("LS999", 3, 5, 2, first, 2) == 0);
    SF_CHECK (fx_scalar ("SELECT count(*) FROM assignment_finding", NULL) == 0);
    SF_CHECK (fx_scalar ("SELECT count(*) FROM sf_outbox", NULL) == 0);

    //  The self-check of 11 (from assigned): counts, findings, acknowledged at the same time.
    SF_CHECK (s_record ("LS11", 10, 8, 2, first, 2) == 0);
    s_status (11, LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_SELF_CHECKED);
    FX_CHECK_COLUMN (11, "self_checked_ms", "1772676000010");
    FX_CHECK_COLUMN (11, "acknowledged_ms", "1772676000010");
    FX_CHECK_COLUMN (11, "acknowledged_by", "fa.inspector");
    FX_CHECK_COLUMN (11, "task_id", "1010");
    FX_CHECK_COLUMN (11, "record_id", "10");
    FX_CHECK_COLUMN (11, "items_passed", "8");
    FX_CHECK_COLUMN (11, "items_failed", "2");
    FX_CHECK_COLUMN (11, "version", "2");
    SF_CHECK (fx_events ("lesson.assignment_self_checked") == 1);
    char actor [64];
    Lesson__Assignment *event = fx_last_assignment ("lesson.assignment_self_checked", actor, sizeof actor);
    SF_CHECK (event && event->id == 11 && event->n_finding_numbers == 2 && event->findings_open == 2);
    SF_CHECK_STR (event->finding_numbers [0], "faP-F2026-000101");
    SF_CHECK (event->version == 2 && event->items_failed == 2);
    SF_CHECK_STR (actor, "");
    sf_pb_destroy (&event);

    //  Delivered again (or another record of the same plan): nothing changes, nothing is sent.
    SF_CHECK (s_record ("LS11", 10, 8, 2, first, 2) == 0);
    int64_t other [] = { 103 };
    SF_CHECK (s_record ("LS11", 11, 1, 1, other, 1) == 0);
    FX_CHECK_COLUMN (11, "version", "2");
    FX_CHECK_COLUMN (11, "record_id", "10");
    SF_CHECK (fx_scalar ("SELECT count(*) FROM assignment_finding WHERE assignment_id = 11", NULL) == 2);
    SF_CHECK (fx_events ("lesson.assignment_self_checked") == 1);

    //  The form of 201 is read before inspection's record of 12's check: kept, nothing else.
    SF_CHECK (s_form ("rectification.form_closed", 201) == 0);
    SF_CHECK (fx_scalar ("SELECT count(*) FROM finding_outcome WHERE finding_id = 201 AND outcome = 'closed'"
                         " AND form_number = 'faP-R2026-000201'", NULL) == 1);
    SF_CHECK (fx_scalar ("SELECT count(*) FROM sf_outbox", NULL) == 1);
    //  Then the record (from acknowledged: who acknowledged stays): its only finding is done.
    int64_t second [] = { 201 };
    SF_CHECK (s_record ("LS12", 20, 9, 1, second, 1) == 0);
    s_status (12, LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_SELF_CHECKED);
    FX_CHECK_COLUMN (12, "acknowledged_ms", "42");
    FX_CHECK_COLUMN (12, "acknowledged_by", "fa.leader2");
    event = fx_last_assignment ("lesson.assignment_self_checked", NULL, 0);
    SF_CHECK (event && event->id == 12 && event->n_finding_numbers == 1 && event->findings_open == 0);
    sf_pb_destroy (&event);
    //  Reported: closed at once; the lesson stays open (11 is not closed).
    SF_CHECK (s_report (12) == 1);
    s_status (12, LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_CLOSED);
    FX_CHECK_COLUMN (12, "closed_ms", "1772676000500");
    SF_CHECK (fx_events ("lesson.assignment_closed") == 1);
    SF_CHECK (fx_events ("lesson.lesson_closed") == 0);
    SF_CHECK (fx_scalar ("SELECT status FROM lesson WHERE id = 1", NULL) == LESSON__LESSON_STATUS__LESSON_PUBLISHED);

    //  11 reported with both findings open: it waits.
    SF_CHECK (s_report (11) == 0);
    s_status (11, LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_REPORTED);
    //  One form closed: one finding still open. A direct form (no finding): nothing.
    SF_CHECK (s_form ("rectification.form_closed", 101) == 0);
    SF_CHECK (s_form ("rectification.form_closed", 0) == 0);
    SF_CHECK (fx_scalar ("SELECT count(*) FROM finding_outcome WHERE finding_id = 0", NULL) == 0);
    s_status (11, LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_REPORTED);
    SF_CHECK (fx_events ("lesson.assignment_closed") == 1);
    //  The other cancelled: closed, and the lesson with it.
    SF_CHECK (s_form ("rectification.form_cancelled", 102) == 0);
    s_status (11, LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_CLOSED);
    SF_CHECK (fx_scalar ("SELECT count(*) FROM finding_outcome WHERE finding_id = 102 AND outcome = 'cancelled'",
                         NULL) == 1);
    SF_CHECK (fx_events ("lesson.assignment_closed") == 2);
    event = fx_last_assignment ("lesson.assignment_closed", NULL, 0);
    SF_CHECK (event && event->id == 11 && event->findings_open == 0 && event->closed_ms > 0);
    sf_pb_destroy (&event);
    SF_CHECK (fx_events ("lesson.lesson_closed") == 1);
    SF_CHECK (fx_scalar ("SELECT status FROM lesson WHERE id = 1", NULL) == LESSON__LESSON_STATUS__LESSON_CLOSED);
    SF_CHECK (fx_scalar ("SELECT version FROM lesson WHERE id = 1", NULL) == 2);
    SF_CHECK (fx_scalar ("SELECT count(*) FROM lesson WHERE id = 1 AND closed_ms > 0", NULL) == 1);
    //  The same form events again: nothing more.
    SF_CHECK (s_form ("rectification.form_cancelled", 102) == 0);
    SF_CHECK (s_form ("rectification.form_closed", 101) == 0);
    SF_CHECK (fx_events ("lesson.assignment_closed") == 2);
    SF_CHECK (fx_events ("lesson.lesson_closed") == 1);
    FX_CHECK_COLUMN (11, "version", "4");

    //  A missed special check: said once; a check missed after being recorded is not.
    SF_CHECK (s_missed ("LS21") == 0);
    SF_CHECK (s_missed ("LS21") == 0);
    SF_CHECK (s_missed ("ROUTINE-7") == 0);
    SF_CHECK (s_missed ("LS11") == 0);
    FX_CHECK_COLUMN (21, "check_missed", "true");
    FX_CHECK_COLUMN (11, "check_missed", "false");
    SF_CHECK (fx_events ("lesson.assignment_not_done") == 1);
    event = fx_last_assignment ("lesson.assignment_not_done", NULL, 0);
    SF_CHECK (event && event->id == 21 && event->check_missed && event->version == 2);
    sf_pb_destroy (&event);
    //  A late record of a missed check still counts.
    SF_CHECK (s_record ("LS21", 30, 3, 0, NULL, 0) == 0);
    s_status (21, LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_SELF_CHECKED);

    //  Other types: nothing; a payload that is not what the type says: a failure.
    Inspection__Task task = INSPECTION__TASK__INIT;
    task.plan_code = (char *) "LS21";
    SF_CHECK (s_apply (lesson_selfcheck_apply, "inspection.task_created", &task.base) == 0);
    SF_CHECK (s_apply (lesson_outcome_apply, "rectification.form_issued", &task.base) == 0);
    SF_CHECK (s_apply (lesson_selfcheck_apply, "inspection.inspection_done", &task.base) == -1);
    SF_CHECK (s_apply (lesson_outcome_apply, "rectification.form_closed", &task.base) == -1);

    fx_close ();
    printf ("lesson_selfcheck_test: ok\n");
    return 0;
}
