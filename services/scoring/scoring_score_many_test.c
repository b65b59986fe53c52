/*  scoring_score_many_test: the set-based handlers (scoring_score_many.h) write what the
    one-by-one handlers write. The same events go once through the one-by-one handler into one
    schema and once, batch by batch, through the many handler into another; the entry tables
    (every column but id and scored_ms; a parent by its cause, subject and level) and the
    unscored events must be the same, row for row. The events mix every kind of the
    inspection, training and lesson streams: persons with a leader, one who is their own
    leader, one whose leader is not in the copy, one without any (the unit bears it), a
    disabled leader, a company-level unit, a plant with a zone of its own and a cause at its
    month's edge, rewards and penalties, a second rule set with a third level and points that
    round half away from zero, events twice within a batch and across batches, events none
    of their business, a unit in a loop of the copy. Then what the many handler gives back (an
    unknown subject, a closed month, a payload that does not read, a violation without a type,
    a code longer than the one-by-one handler keeps), each applied one by one afterwards in
    both schemas, and the tables compared again.                         */
#include "scoring_score_test_fixture.h"
#include "scoring_score_many.h"
#include "inspection.pb-c.h"
#include "lesson.pb-c.h"
#include "training_exam.pb-c.h"
#include "sf_pb.h"

static sf_db_t *s_one_db, *s_many_db;
static char *s_one_schema, *s_many_schema;

//  The org and rules both schemas get besides the fixture's.
static const char *s_more_sql =
    "INSERT INTO sf_org_node (code, kind, parent_code, plant_code, name_zh, name_en, active, version) VALUES"
    " ('fsQ', 2, 'fsC', 'fsQ', '二厂', 'plant 2', true, 1),"
    " ('fsQD', 3, 'fsQ', 'fsQ', '装配车间', 'assembly', true, 1),"
    " ('fsQT', 4, 'fsQD', 'fsQ', '装配一班', 'assembly team 1', true, 1),"
    " ('fsQE1', 6, 'fsQT', 'fsQ', '钱七', 'Qian Qi', true, 1),"
    " ('fsQE2', 6, 'fsQT', 'fsQ', '孙八', 'Sun Ba', false, 1),"
    " ('fsCD', 3, 'fsC', NULL, '安全部', 'safety office', true, 1),"
    " ('fsCE', 6, 'fsCD', NULL, '周九', 'Zhou Jiu', true, 1),"
    " ('fsLoopA', 4, 'fsLoopB', NULL, '环甲', 'loop A', true, 1),"
    " ('fsLoopB', 3, 'fsLoopA', NULL, '环乙', 'loop B', true, 1),"
    " ('fsE123456789012345678901234567890', 6, 'fsTS', 'fsP', '长码', 'Long code', true, 1);"
    "INSERT INTO plant_zone (plant_code, time_zone) VALUES ('fsQ', 'Europe/Berlin');"
    "INSERT INTO sf_org_account (login, employee_code, disabled, version) VALUES"
    " ('fs.ghost', 'fsGhost', false, 1), ('fs.off', 'fsQE2', true, 1), ('fs.chief', 'fsCE', false, 1),"
    " ('fs.far', 'fsQE1', false, 1);"
    "INSERT INTO sf_org_grant (login, role, node_code) VALUES"
    " ('fs.ghost', 'department_head', 'fsQD'), ('fs.off', 'team_leader', 'fsQT'),"
    " ('fs.chief', 'department_head', 'fsCD'), ('fs.leader', 'department_head', 'fsD'),"
    " ('fs.far', 'department_head', 'fsCD')";

//  A second rule set: odd points that round, a unit side for illegal operation, a failed
//  exam that cascades, a third level.
static const char *s_version_two_sql =
    "INSERT INTO rule_version (version, created_ms, created_by, note) VALUES (2, 1, 'fs.ehs', 'v2');"
    "INSERT INTO rule (version, kind, person_points, unit_points, item_cap, month_cap, month_floor, cascade)"
    " SELECT 2, kind, CASE kind WHEN 'violation.operation' THEN -334 WHEN 'hazard.major_found' THEN 1002"
    "  WHEN 'violation.discipline' THEN 202"
    "  ELSE person_points END, CASE kind WHEN 'violation.operation' THEN -150 ELSE unit_points END,"
    "  item_cap, month_cap, month_floor, cascade OR kind = 'training.exam_failed' FROM rule WHERE version = 1;"
    "INSERT INTO cascade_level (version, level, unit_kind, role, factor) VALUES"
    " (2, 1, 'team', 'team_leader', 0.3333), (2, 2, 'department', 'department_head', 0.25),"
    " (2, 3, 'plant', 'plant_head', 0.1)";

static void
s_use (bool many)
{
    fs_db = many? s_many_db: s_one_db;
    fs_schema = many? s_many_schema: s_one_schema;
}

static void
s_both (const char *sql)
{
    s_use (false);
    fs_exec (sql);
    s_use (true);
    fs_exec (sql);
}

//  An event as the consumer hands it (the fixture's envelope), payload packed.
typedef struct {
    sf_event_t event;
    sf_consumer_fn *one;
} s_event_t;

static s_event_t s_events [64];
static size_t s_count;

static void
s_add (sf_consumer_fn *one, const char *id, const char *type, int64_t occurred_ms, const ProtobufCMessage *payload)
{
    SF_CHECK (s_count < sizeof s_events / sizeof s_events [0]);
    s_event_t *added = &s_events [s_count++];
    added->one = one;
    added->event = (sf_event_t) {
        .event_id = strdup (id), .type = strdup (type), .aggregate_type = (char *) "x",
        .aggregate_id = (char *) "1", .aggregate_version = 1, .plant = (char *) "fsP", .occurred_ms = occurred_ms,
        .trace_id = (char *) "trace-1",
        .actor = { .user_id = (char *) "fs.inspector", .org_node = (char *) "fsT", .plant = (char *) "fsP" }
    };
    sf_event_set_payload (&added->event, payload);
}

static void
s_forget (void)
{
    for (size_t i = 0; i < s_count; i++) {
        free (s_events [i].event.event_id);
        free (s_events [i].event.type);
        free (s_events [i].event.payload);
        free (s_events [i].event.payload_type);
    }
    s_count = 0;
}

static void
s_violation (const char *id, Inspection__ViolationType type, const char *person, const char *unit, int64_t at)
{
    Inspection__Violation violation = INSPECTION__VIOLATION__INIT;
    violation.id = 1;
    violation.number = (char *) id;
    violation.type = type;
    violation.person_code = (char *) person;
    violation.unit_code = (char *) unit;
    violation.plant_code = (char *) "fsP";
    violation.description = (char *) "未系安全带";
    violation.occurred_ms = at;
    violation.recorded_by = (char *) "fs.inspector";
    s_add (scoring_inspection_apply, id, "inspection.violation_recorded", at + 1000, &violation.base);
}

static void
s_finding (const char *id, const char *type, Inspection__FindingSource source, const char *reporter)
{
    Inspection__Finding finding = INSPECTION__FINDING__INIT;
    finding.id = 5;
    finding.number = (char *) id;
    finding.description = (char *) "护栏缺失";
    finding.responsible_unit = (char *) "fsT";
    finding.source = source;
    finding.reporter = (char *) reporter;
    finding.plant_code = (char *) "fsP";
    finding.reported_ms = FS_T0 + 3600000;
    s_add (scoring_inspection_apply, id, type, FS_T0 + 3700000, &finding.base);
}

static void
s_task_missed (const char *id, const char *unit, int64_t task_id)
{
    Inspection__Task task = INSPECTION__TASK__INIT;
    task.id = task_id;
    task.plan_code = (char *) "PL-7";
    task.executor_unit = (char *) unit;
    task.plant_code = (char *) "fsP";
    task.window_end_ms = FS_T0 - 3 * FS_DAY;
    s_add (scoring_inspection_apply, id, "inspection.task_missed", FS_T0, &task.base);
}

static void
s_exam (const char *id, const char *employee, int64_t at)
{
    Training__ExamOutcome outcome = TRAINING__EXAM_OUTCOME__INIT;
    outcome.attempt_id = 12;
    outcome.blueprint_code = (char *) "BP-CRANE";
    outcome.employee_code = (char *) employee;
    outcome.submitted_ms = at;
    s_add (scoring_training_apply, id, "training.exam_failed", at, &outcome.base);
}

static void
s_lesson (const char *id, const char *type, const char *unit)
{
    Lesson__Assignment assignment = LESSON__ASSIGNMENT__INIT;
    assignment.id = 3;
    assignment.lesson_number = (char *) "fsP-L2026-0001";
    assignment.unit_code = (char *) unit;
    assignment.deadline_ms = FS_T0;
    s_add (scoring_lesson_apply, id, type, FS_T0 + FS_DAY, &assignment.base);
}

static sf_consumer_many_fn *
s_many_of (sf_consumer_fn *one)
{
    return one == scoring_inspection_apply? scoring_inspection_apply_many:
           one == scoring_training_apply? scoring_training_apply_many: scoring_lesson_apply_many;
}

//  The events added, one by one into the one schema; then, split by handler into batches in
//  their order, through many into the other. Returns many's first answer that is not 0
//  (its batch rolled back), else 0.
static int
s_apply (void)
{
    s_use (false);
    for (size_t i = 0; i < s_count; i++) {
        SF_CHECK (sf_db_begin (fs_db) == 0);
        SF_CHECK (s_events [i].one (fs_db, &s_events [i].event, &fs_state) == 0);
        SF_CHECK (sf_db_commit (fs_db) == 0);
    }
    s_use (true);
    int answer = 0;
    for (size_t from = 0, to; from < s_count; from = to) {
        const sf_event_t *batch [64];
        for (to = from; to < s_count && s_events [to].one == s_events [from].one; to++)
            batch [to - from] = &s_events [to].event;
        SF_CHECK (sf_db_begin (fs_db) == 0);
        int rc = s_many_of (s_events [from].one) (fs_db, batch, to - from, &fs_state);
        if (rc == 0)
            SF_CHECK (sf_db_commit (fs_db) == 0);
        else
            sf_db_rollback (fs_db);
        answer = answer? answer: rc;
    }
    s_forget ();
    return answer;
}


//  The ledger of the schema in use as one text: every entry without id and scored_ms, a
//  parent by its key, sorted by the entry's key; then the unscored events without at_ms.
static char *
s_ledger (void)
{
    sf_rows_t *rows = sf_db_query (fs_db,
        "SELECT coalesce (string_agg ((to_jsonb (e) - 'id' - 'scored_ms' - 'parent_entry_id'"
        "  || jsonb_build_object ('parent', (SELECT p.source_key || '/' || p.subject_code || '/' || p.cascade_level"
        "   FROM entry p WHERE p.id = e.parent_entry_id)))::text, E'\\n'"
        "  ORDER BY e.source_key, e.kind, e.item_no, e.subject_kind, e.subject_code, e.cascade_level), '')"
        " || E'\\n--\\n' || coalesce ((SELECT string_agg ((to_jsonb (u) - 'at_ms')::text, E'\\n'"
        "  ORDER BY u.event_id, u.subject) FROM unscored_event u), '')"
        " FROM entry e", 0, NULL);
    SF_CHECK (rows && sf_rows_count (rows) == 1);
    char *ledger = strdup (sf_rows_text (rows, 0, 0));
    sf_rows_destroy (&rows);
    return ledger;
}

static int64_t
s_scalar (bool many, const char *sql)
{
    s_use (many);
    return fs_scalar (sql, NULL);
}

//  Both ledgers the same; returns the entries.
static int64_t
s_compare (void)
{
    s_use (false);
    char *one = s_ledger ();
    s_use (true);
    char *many = s_ledger ();
    if (strcmp (one, many)) {
        fprintf (stderr, "one by one:\n%s\n\nmany:\n%s\n", one, many);
        SF_CHECK (false);
    }
    free (one);
    free (many);
    return s_scalar (true, "SELECT count (*) FROM entry");
}

//  The events added as one batch: many gives it back (-1), nothing written; then one by
//  one, as the consumer does, in both schemas (an event the one-by-one handler fails on
//  rolled back in both).
static void
s_given_back (void)
{
    int64_t before = s_scalar (true, "SELECT count (*) FROM entry");
    s_use (true);
    const sf_event_t *batch [64];
    for (size_t i = 0; i < s_count; i++)
        batch [i] = &s_events [i].event;
    SF_CHECK (sf_db_begin (fs_db) == 0);
    SF_CHECK (s_many_of (s_events [0].one) (fs_db, batch, s_count, &fs_state) == -1);
    sf_db_rollback (fs_db);
    SF_CHECK (s_scalar (true, "SELECT count (*) FROM entry") == before);
    for (int many = 0; many < 2; many++) {
        s_use (many);
        for (size_t i = 0; i < s_count; i++) {
            SF_CHECK (sf_db_begin (fs_db) == 0);
            if (s_events [i].one (fs_db, &s_events [i].event, &fs_state) == 0)
                SF_CHECK (sf_db_commit (fs_db) == 0);
            else
                sf_db_rollback (fs_db);
        }
    }
    s_forget ();
}

int
main (void)
{
    (void) fs_apply;            //  the fixture's: events are applied here with their own envelopes
    fs_open ("scm_one");
    s_one_db = fs_db;
    s_one_schema = fs_schema;
    fs_open ("scm_many");
    s_many_db = fs_db;
    s_many_schema = fs_schema;
    s_both (s_more_sql);

    //  Batch 1 under version 1: 三违 of every type, persons with leaders, the leader
    //  themself, one whose department head is not in the copy, a company-level employee; a
    //  person's own report, one by an inspection (not scored), a major hazard, a report by an
    //  account without an employee (unscored); missed tasks; a type none of its business; an
    //  event twice.
    s_violation ("ev-01", INSPECTION__VIOLATION_TYPE__VIOLATION_ILLEGAL_COMMAND, "fsE1", "fsTS", FS_T0);
    s_violation ("ev-02", INSPECTION__VIOLATION_TYPE__VIOLATION_ILLEGAL_OPERATION, "fsE2", "fsTS", FS_T0 + 60000);
    s_violation ("ev-03", INSPECTION__VIOLATION_TYPE__VIOLATION_DISCIPLINE, "fsL", "fsT", FS_T0);
    s_violation ("ev-04", INSPECTION__VIOLATION_TYPE__VIOLATION_ILLEGAL_COMMAND, "fsQE1", "fsQT", FS_T0);
    s_violation ("ev-05", INSPECTION__VIOLATION_TYPE__VIOLATION_ILLEGAL_OPERATION, "fsCE", "fsCD", FS_T0);
    s_violation ("ev-06", INSPECTION__VIOLATION_TYPE__VIOLATION_DISCIPLINE, "fsH", "fsD", FS_T0);
    s_violation ("ev-07", INSPECTION__VIOLATION_TYPE__VIOLATION_ILLEGAL_COMMAND, "fsQE2", "fsQT", 0);
    s_finding ("ev-08", "inspection.finding_reported", INSPECTION__FINDING_SOURCE__SOURCE_REPORT, "fs.worker");
    s_finding ("ev-09", "inspection.finding_reported", INSPECTION__FINDING_SOURCE__SOURCE_INSPECTION, "fs.worker");
    s_violation ("ev-01", INSPECTION__VIOLATION_TYPE__VIOLATION_ILLEGAL_COMMAND, "fsE1", "fsTS", FS_T0);
    s_finding ("ev-10", "inspection.major_hazard_found", INSPECTION__FINDING_SOURCE__SOURCE_INSPECTION, "fs.leader");
    s_finding ("ev-11", "inspection.finding_reported", INSPECTION__FINDING_SOURCE__SOURCE_REPORT, "fs.nobody");
    s_task_missed ("ev-12", "fsT", 77);
    s_task_missed ("ev-13", "fsCD", 78);
    s_finding ("ev-14", "inspection.finding_verified", INSPECTION__FINDING_SOURCE__SOURCE_REPORT, "fs.worker");
    SF_CHECK (s_apply () == 0);
    int64_t entries = s_compare ();
    SF_CHECK (entries >= 20);

    //  The same batch again (a replay across batches): nothing new.
    s_violation ("ev-01", INSPECTION__VIOLATION_TYPE__VIOLATION_ILLEGAL_COMMAND, "fsE1", "fsTS", FS_T0);
    s_violation ("ev-04", INSPECTION__VIOLATION_TYPE__VIOLATION_ILLEGAL_COMMAND, "fsQE1", "fsQT", FS_T0);
    s_task_missed ("ev-12", "fsT", 77);
    s_finding ("ev-10", "inspection.major_hazard_found", INSPECTION__FINDING_SOURCE__SOURCE_INSPECTION, "fs.leader");
    SF_CHECK (s_apply () == 0);
    SF_CHECK (s_compare () == entries);

    //  Version 2: rounding half away from zero both ways, a unit side, a third level whose
    //  role nobody holds, a moment in March in plant 2's zone (Berlin) and in April in the
    //  others' (Shanghai), exams and lessons.
    s_both (s_version_two_sql);
    const int64_t edge = 1774987200000LL;        //  2026-03-31 20:00 UTC
    s_violation ("ev-21", INSPECTION__VIOLATION_TYPE__VIOLATION_ILLEGAL_OPERATION, "fsE1", "fsTS", FS_T0);
    s_violation ("ev-22", INSPECTION__VIOLATION_TYPE__VIOLATION_ILLEGAL_OPERATION, "fsQE1", "fsQT", edge);
    s_violation ("ev-23", INSPECTION__VIOLATION_TYPE__VIOLATION_ILLEGAL_OPERATION, "fsCE", "fsCD", edge - 3600000);
    s_finding ("ev-24", "inspection.major_hazard_found", INSPECTION__FINDING_SOURCE__SOURCE_INSPECTION, "fs.worker");
    s_violation ("ev-25", INSPECTION__VIOLATION_TYPE__VIOLATION_ILLEGAL_COMMAND, "fsL", "fsT", FS_T0);
    s_violation ("ev-32", INSPECTION__VIOLATION_TYPE__VIOLATION_DISCIPLINE, "fsE2", "fsTS", FS_T0);
    s_exam ("ev-26", "fsE2", FS_T0);
    s_exam ("ev-27", "fsQE1", edge);
    s_exam ("ev-26", "fsE2", FS_T0);
    s_lesson ("ev-28", "lesson.assignment_overdue", "fsT");
    s_lesson ("ev-29", "lesson.assignment_not_done", "fsQT");
    s_lesson ("ev-30", "lesson.assignment_acknowledged", "fsQT");
    s_lesson ("ev-31", "lesson.assignment_not_done", "fsCD");
    s_lesson ("ev-33", "lesson.assignment_not_done", "fsLoopA");
    SF_CHECK (s_apply () == 0);
    int64_t more = s_compare ();
    SF_CHECK (more >= entries + 20);
    //  Rounding as scoring_cascade_points: -334 × 0.3333 = -111.32 → -111; × 0.25 = -83.5 → -84;
    //  202 × 0.25 = 50.5 → 51.
    SF_CHECK (s_scalar (true, "SELECT points FROM entry WHERE source_key = 'ev-21' AND cascade_level = 1") == -111);
    SF_CHECK (s_scalar (true, "SELECT points FROM entry WHERE source_key = 'ev-21' AND cascade_level = 2") == -84);
    SF_CHECK (s_scalar (true, "SELECT points FROM entry WHERE source_key = 'ev-32' AND cascade_level = 2") == 51);
    SF_CHECK (s_scalar (true, "SELECT count (*) FROM entry WHERE source_key = 'ev-22' AND month = '2026-03'") >= 1);
    SF_CHECK (s_scalar (true, "SELECT count (*) FROM entry WHERE source_key = 'ev-23' AND month = '2026-04'") >= 1);
    //  fsCE's department head in another plant: its zone's month (Berlin's March).
    SF_CHECK (s_scalar (true, "SELECT count (*) FROM entry WHERE source_key = 'ev-23' AND subject_code = 'fsQE1'"
                              " AND month = '2026-03'") == 1);

    //  Given back: an unknown person, a unit that is a person, a closed month, a payload of
    //  another type, a violation without a type, a person's code of 33 bytes.
    s_violation ("ev-41", INSPECTION__VIOLATION_TYPE__VIOLATION_ILLEGAL_COMMAND, "fsE1", "fsTS", FS_T0);
    s_violation ("ev-42", INSPECTION__VIOLATION_TYPE__VIOLATION_ILLEGAL_COMMAND, "fsNobody", "fsTS", FS_T0);
    s_given_back ();
    s_violation ("ev-43", INSPECTION__VIOLATION_TYPE__VIOLATION_ILLEGAL_OPERATION, "fsE1", "fsE2", FS_T0);
    s_given_back ();
    s_both ("INSERT INTO month_state (plant_code, month, status, time_zone, starts_ms, ends_ms, closed_ms, closed_by,"
            " rule_version, entries, persons, teams, departments, points, checksum) VALUES ('fsP', '2026-02', 2,"
            " 'Asia/Shanghai', 1769875200000, 1772294400000, 1, 'fs.ehs', 1, 0, 0, 0, 0, 0, '')");
    s_violation ("ev-44", INSPECTION__VIOLATION_TYPE__VIOLATION_ILLEGAL_OPERATION, "fsE2", "fsTS", FS_T0 - 10 * FS_DAY);
    s_given_back ();
    s_exam ("ev-45", "fsQE1", FS_T0 - 10 * FS_DAY);
    s_exam ("ev-46", "fsE1", FS_T0 - 10 * FS_DAY);
    s_given_back ();
    Inspection__Task task = INSPECTION__TASK__INIT;
    task.executor_unit = (char *) "fsT";
    s_add (scoring_inspection_apply, "ev-47", "inspection.violation_recorded", FS_T0, &task.base);
    s_given_back ();
    s_violation ("ev-48", INSPECTION__VIOLATION_TYPE__VIOLATION_UNSPECIFIED, "fsE1", "fsTS", FS_T0);
    s_given_back ();
    s_violation ("ev-49", INSPECTION__VIOLATION_TYPE__VIOLATION_DISCIPLINE, "fsE123456789012345678901234567890", "fsTS",
                 FS_T0);
    s_given_back ();
    SF_CHECK (s_compare () > more);
    SF_CHECK (s_scalar (true, "SELECT count (*) FROM entry WHERE source_key = 'ev-44' AND month = '2026-03'"
                              " AND occurred_month = '2026-02'") >= 1);
    SF_CHECK (s_scalar (true, "SELECT count (*) FROM unscored_event") >= 3);

    s_use (false);
    fs_close ();
    s_use (true);
    fs_close ();
    printf ("scoring_score_many_test: ok\n");
    return 0;
}
