/*  scoring_score_apply_test: the consumers (scoring_score_apply.c, _rectification.c) on the
    real schema, fed crafted events as the consumer would: each event kind becomes its entries
    (三违 by type with its cascades, a person's own report and a major hazard to the reporter's
    employee, a missed task to the executor unit, a failed exam, a late or skipped lesson
    self-check); the month is the plant's zone's; an event twice writes once; an unknown subject is put aside, not retried; a
    cause of a closed month counts in the next open one with a reference; a new rule set
    scores what comes next, old entries keep their version; SetRules' checks.               */
#include "scoring_score_test_fixture.h"
#include "scoring_rules_messages.h"
#include "scoring_rules_store.h"
#include "inspection.pb-c.h"
#include "lesson.pb-c.h"
#include "training_exam.pb-c.h"
#include "sf_pb.h"

static int
s_violation (const char *id, const char *number, Inspection__ViolationType type, const char *person, int64_t at)
{
    Inspection__Violation violation = INSPECTION__VIOLATION__INIT;
    violation.id = 1;
    violation.number = (char *) number;
    violation.type = type;
    violation.person_code = (char *) person;
    violation.unit_code = (char *) "fsTS";
    violation.plant_code = (char *) "fsP";
    violation.description = (char *) "未系安全带";
    violation.occurred_ms = at;
    violation.recorded_by = (char *) "fs.inspector";
    return fs_apply (scoring_inspection_apply, id, "inspection.violation_recorded", at + 1000, &violation.base);
}

static int
s_finding (const char *type, Inspection__FindingSource source, const char *reporter, const char *number)
{
    Inspection__Finding finding = INSPECTION__FINDING__INIT;
    finding.id = 5;
    finding.number = (char *) number;
    finding.description = (char *) "护栏缺失";
    finding.responsible_unit = (char *) "fsT";
    finding.source = source;
    finding.reporter = (char *) reporter;
    finding.plant_code = (char *) "fsP";
    finding.reported_ms = FS_T0 + 3600000;
    return fs_apply (scoring_inspection_apply, NULL, type, FS_T0 + 3700000, &finding.base);
}

//  The rules of version 1 read back, with violation.command at person_points and the cascade
//  cut to its first level, written as the next version.
static int64_t
s_new_version (int64_t person_points)
{
    Scoring__RuleSet *set = NULL;
    SF_CHECK (scoring_rules_read (fs_db, 1, &set) == 1);
    for (size_t i = 0; i < set->n_rules; i++)
        if (strcmp (set->rules [i]->kind, "violation.command") == 0)
            set->rules [i]->person_points = person_points;
    set->n_cascade = 1;   //  the second level stays allocated: sf_pb_destroy frees by n_cascade
    const sf_text_t *why = NULL;
    char what [160];
    SF_CHECK (scoring_rules_check (fs_db, set, &why, what, sizeof what) == 0);
    int64_t version = 0;
    SF_CHECK (sf_db_begin (fs_db) == 0);
    SF_CHECK (scoring_rules_write (fs_db, set, "fs.ehs", FS_T0, &version) == 0);
    SF_CHECK (sf_db_commit (fs_db) == 0);
    set->n_cascade = 2;
    sf_pb_destroy (&set);
    return version;
}

//  scoring_rules_check's answer on version 1 changed by change; why's English into what.
static int
s_check (void (*change) (Scoring__RuleSet *set), const sf_text_t *expected, const char *what_expected)
{
    Scoring__RuleSet *set = NULL;
    SF_CHECK (scoring_rules_read (fs_db, 1, &set) == 1);
    size_t rules = set->n_rules, cascade = set->n_cascade, tiers = set->n_tiers;
    change (set);
    const sf_text_t *why = NULL;
    char what [160] = "";
    int rc = scoring_rules_check (fs_db, set, &why, what, sizeof what);
    printf ("check: %d %s (%s)\n", rc, why? why->en: "-", what);
    SF_CHECK (why == expected);
    if (what_expected)
        SF_CHECK_STR (what, what_expected);
    set->n_rules = rules, set->n_cascade = cascade, set->n_tiers = tiers;
    sf_pb_destroy (&set);
    return rc;
}

static void s_unknown_kind (Scoring__RuleSet *set) { sf_pb_set (&set->rules [0]->kind, "violation.nope"); }
static void s_kind_twice (Scoring__RuleSet *set) { sf_pb_set (&set->rules [1]->kind, set->rules [0]->kind); }
static void s_factor_high (Scoring__RuleSet *set) { set->cascade [0]->factor = 1.5; }
static void s_factor_fine (Scoring__RuleSet *set) { set->cascade [1]->factor = 0.12345; }
static void s_levels (Scoring__RuleSet *set) { set->cascade [1]->level = 3; }
static void s_role (Scoring__RuleSet *set) { sf_pb_set (&set->cascade [0]->role, "captain"); }
static void s_unit_kind (Scoring__RuleSet *set) { sf_pb_set (&set->cascade [0]->unit_kind, "post"); }
static void s_month_cap (Scoring__RuleSet *set) { set->rules [0]->month_cap = -1; }
static void s_month_floor (Scoring__RuleSet *set) { set->rules [0]->month_floor = 1; }
static void s_item_cap (Scoring__RuleSet *set) { set->rules [0]->item_cap = -1; }
static void s_tier_subject (Scoring__RuleSet *set) { sf_pb_set (&set->tiers [0]->subject, "shift"); }
static void s_tier_code (Scoring__RuleSet *set) { sf_pb_set (&set->tiers [0]->code, "Bad Code"); }
static void s_tier_min_twice (Scoring__RuleSet *set) { set->tiers [1]->min_points = set->tiers [0]->min_points; }
static void s_tier_code_twice (Scoring__RuleSet *set) { sf_pb_set (&set->tiers [1]->code, set->tiers [0]->code); }
static void s_tier_name (Scoring__RuleSet *set) { sf_pb_set (&set->tiers [2]->name_en, " "); }
static void s_fewer (Scoring__RuleSet *set) { set->n_rules = 3; set->n_cascade = 0; }

int
main (void)
{
    fs_open ("scoring_score_apply");

    //  三违: an illegal command of fsE1: the person -10, the team leader -5, the head -2.
    SF_CHECK (s_violation ("ev-v1", "fsP-V2026-000001", INSPECTION__VIOLATION_TYPE__VIOLATION_ILLEGAL_COMMAND, "fsE1",
                           FS_T0) == 0);
    SF_CHECK (fs_points ("fsE1") == -1000 && fs_points ("fsL") == -500 && fs_points ("fsH") == -200);
    SF_CHECK (fs_scalar ("SELECT count (*) FROM entry WHERE source_key = $1", "ev-v1") == 3);
    char text [400];
    fs_text ("SELECT month || ' ' || occurred_month || ' ' || source_ref || ' ' || rule_version || ' ' || origin"
             " || ' ' || unit_code || ' ' || team_code || ' ' || department_code || ' ' || plant_code"
             " FROM entry WHERE subject_code = $1", "fsE1", text, sizeof text);
    SF_CHECK_STR (text, "2026-03 2026-03 fsP-V2026-000001 1 1 fsTS fsT fsD fsP");
    //  The same event again: nothing more.
    SF_CHECK (s_violation ("ev-v1", "fsP-V2026-000001", INSPECTION__VIOLATION_TYPE__VIOLATION_ILLEGAL_COMMAND, "fsE1",
                           FS_T0) == 0);
    SF_CHECK (fs_scalar ("SELECT count (*) FROM entry", NULL) == 3);
    //  Operation and discipline read their own kinds.
    SF_CHECK (s_violation (NULL, "fsP-V2026-000002", INSPECTION__VIOLATION_TYPE__VIOLATION_ILLEGAL_OPERATION, "fsE2",
                           FS_T0) == 0);
    SF_CHECK (s_violation (NULL, "fsP-V2026-000003", INSPECTION__VIOLATION_TYPE__VIOLATION_DISCIPLINE, "fsE2",
                           FS_T0) == 0);
    SF_CHECK (fs_entries ("fsE2", "violation.operation") == 1 && fs_entries ("fsE2", "violation.discipline") == 1);
    SF_CHECK (fs_points ("fsE2") == -800);

    //  An unknown person: put aside once, the event acknowledged.
    SF_CHECK (s_violation ("ev-v4", "fsP-V2026-000004", INSPECTION__VIOLATION_TYPE__VIOLATION_DISCIPLINE, "fsX9",
                           FS_T0) == 0);
    SF_CHECK (s_violation ("ev-v4", "fsP-V2026-000004", INSPECTION__VIOLATION_TYPE__VIOLATION_DISCIPLINE, "fsX9",
                           FS_T0) == 0);
    SF_CHECK (fs_scalar ("SELECT count (*) FROM unscored_event WHERE event_id = $1", "ev-v4") == 1);
    SF_CHECK (fs_entries ("fsX9", NULL) == 0);

    //  A person's own report: +1 to the reporter's employee, no cascade; an inspection's
    //  finding: nothing; a reporter without an employee: put aside.
    SF_CHECK (s_finding ("inspection.finding_reported", INSPECTION__FINDING_SOURCE__SOURCE_REPORT, "fs.worker",
                         "fsP-F2026-000001") == 0);
    SF_CHECK (s_finding ("inspection.finding_reported", INSPECTION__FINDING_SOURCE__SOURCE_INSPECTION, "fs.worker",
                         "fsP-F2026-000002") == 0);
    SF_CHECK (fs_entries ("fsE1", "hazard.reported") == 1);
    SF_CHECK (fs_scalar ("SELECT count (*) FROM entry WHERE kind = $1", "hazard.reported") == 1);
    SF_CHECK (s_finding ("inspection.finding_reported", INSPECTION__FINDING_SOURCE__SOURCE_REPORT, "fs.nobody",
                         "fsP-F2026-000003") == 0);
    SF_CHECK (fs_scalar ("SELECT count (*) FROM unscored_event WHERE subject = $1", "fs.nobody") == 1);
    //  A major hazard: +20 to the reporter, and the reward cascades: +10 and +4.
    SF_CHECK (s_finding ("inspection.major_hazard_found", INSPECTION__FINDING_SOURCE__SOURCE_INSPECTION, "fs.worker",
                         "fsP-F2026-000004") == 0);
    SF_CHECK (fs_scalar ("SELECT sum (points) FROM entry WHERE kind = $1", "hazard.major_found") == 3400);
    SF_CHECK (fs_scalar ("SELECT points FROM entry WHERE kind = 'hazard.major_found' AND cascade_level = 1"
                         " AND subject_code = $1", "fsL") == 1000);

    //  A missed inspection: the executor unit -3, at the window's end.
    Inspection__Task task = INSPECTION__TASK__INIT;
    task.id = 77;
    task.plan_code = (char *) "PL-7";
    task.executor_unit = (char *) "fsT";
    task.plant_code = (char *) "fsP";
    task.window_end_ms = FS_T0 - 30 * FS_DAY;
    SF_CHECK (fs_apply (scoring_inspection_apply, NULL, "inspection.task_missed", FS_T0, &task.base) == 0);
    fs_text ("SELECT points || ' ' || month || ' ' || source_ref || ' ' || subject_kind FROM entry"
             " WHERE kind = $1", "inspection.task_missed", text, sizeof text);
    SF_CHECK_STR (text, "-300 2026-02 PL-7/77 2");

    //  A failed exam.
    Training__ExamOutcome outcome = TRAINING__EXAM_OUTCOME__INIT;
    outcome.attempt_id = 12;
    outcome.blueprint_code = (char *) "BP-CRANE";
    outcome.employee_code = (char *) "fsE2";
    outcome.submitted_ms = FS_T0;
    SF_CHECK (fs_apply (scoring_training_apply, NULL, "training.exam_failed", FS_T0, &outcome.base) == 0);
    SF_CHECK (fs_apply (scoring_training_apply, NULL, "training.exam_passed", FS_T0, &outcome.base) == 0);
    fs_text ("SELECT points || ' ' || source_ref FROM entry WHERE kind = $1", "training.exam_failed", text, sizeof text);
    SF_CHECK_STR (text, "-200 BP-CRANE/12");

    //  Lesson self-checks: late at the deadline, not done at the event's moment.
    Lesson__Assignment assignment = LESSON__ASSIGNMENT__INIT;
    assignment.id = 3;
    assignment.lesson_number = (char *) "fsP-L2026-0001";
    assignment.unit_code = (char *) "fsT";
    assignment.deadline_ms = FS_T0;
    SF_CHECK (fs_apply (scoring_lesson_apply, NULL, "lesson.assignment_overdue", FS_T0 + FS_DAY, &assignment.base) == 0);
    SF_CHECK (fs_apply (scoring_lesson_apply, NULL, "lesson.assignment_not_done", FS_T0 + 2 * FS_DAY,
                        &assignment.base) == 0);
    SF_CHECK (fs_apply (scoring_lesson_apply, NULL, "lesson.assignment_acknowledged", FS_T0, &assignment.base) == 0);
    SF_CHECK (fs_scalar ("SELECT points FROM entry WHERE kind = $1", "lesson.selfcheck_late") == -500);
    SF_CHECK (fs_scalar ("SELECT occurred_ms - 1772676000000 FROM entry WHERE kind = $1", "lesson.selfcheck_not_done")
              == 2 * FS_DAY);
    //  A payload of another type fails (the consumer dead-letters it).
    SF_CHECK (fs_apply (scoring_lesson_apply, NULL, "lesson.assignment_overdue", FS_T0, &task.base) == -1);

    //  A cause of a closed month counts in the next open one, with a reference.
    fs_exec ("INSERT INTO month_state VALUES ('fsP', '2026-01', 2, 'Asia/Shanghai', 0, 1, 2, 'ehs', 1, 0, 0, 0, 0, 0, 'x')");
    SF_CHECK (s_violation ("ev-v5", "fsP-V2026-000005", INSPECTION__VIOLATION_TYPE__VIOLATION_DISCIPLINE, "fsE1",
                           FS_T0 - 40 * FS_DAY) == 0);
    fs_text ("SELECT month || ' ' || occurred_month || ' ' || reason_en FROM entry WHERE source_key = 'ev-v5'"
             " AND subject_code = $1", "fsE1", text, sizeof text);
    printf ("late: %s\n", text);
    SF_CHECK (strncmp (text, "2026-02 2026-01 ", 16) == 0 && strstr (text, "2026-01, which was closed"));
    SF_CHECK (fs_scalar ("SELECT count (*) FROM entry WHERE source_key = $1 AND month = '2026-02'", "ev-v5") == 3);

    //  The month is the plant's: 2026-02-28 17:00 UTC is 1 March in Beijing (scoring.time_zone);
    //  with the plant's zone set to UTC, February.
    SF_CHECK (s_violation ("ev-z1", "fsP-V2026-000007", INSPECTION__VIOLATION_TYPE__VIOLATION_DISCIPLINE, "fsE2",
                           1772298000000LL) == 0);
    fs_text ("SELECT month FROM entry WHERE source_key = 'ev-z1' AND subject_code = $1", "fsE2", text, sizeof text);
    SF_CHECK_STR (text, "2026-03");
    fs_exec ("INSERT INTO plant_zone VALUES ('fsP', 'UTC')");
    SF_CHECK (s_violation ("ev-z2", "fsP-V2026-000008", INSPECTION__VIOLATION_TYPE__VIOLATION_DISCIPLINE, "fsE2",
                           1772298000000LL) == 0);
    fs_text ("SELECT month FROM entry WHERE source_key = 'ev-z2' AND subject_code = $1", "fsE2", text, sizeof text);
    SF_CHECK_STR (text, "2026-02");
    fs_exec ("DELETE FROM plant_zone");

    //  Version 2: an illegal command costs 15 and cascades one level only; the old entries
    //  keep version 1.
    SF_CHECK (s_new_version (-1500) == 2);
    SF_CHECK (scoring_rules_version (fs_db) == 2);
    SF_CHECK (s_violation ("ev-v6", "fsP-V2026-000006", INSPECTION__VIOLATION_TYPE__VIOLATION_ILLEGAL_COMMAND, "fsE2",
                           FS_T0) == 0);
    fs_text ("SELECT string_agg (subject_code || ':' || points || ':v' || rule_version, ',' ORDER BY cascade_level)"
             " FROM entry WHERE source_key = $1", "ev-v6", text, sizeof text);
    SF_CHECK_STR (text, "fsE2:-1500:v2,fsL:-750:v2");
    SF_CHECK (fs_scalar ("SELECT count (*) FROM entry WHERE source_key = $1 AND rule_version = 1", "ev-v1") == 3);
    Scoring__RuleSet *set = NULL;
    SF_CHECK (scoring_rules_read (fs_db, 0, &set) == 1 && set->version == 2 && set->n_cascade == 1);
    SF_CHECK_STR (set->created_by, "fs.ehs");
    sf_pb_destroy (&set);
    SF_CHECK (scoring_rules_read (fs_db, 1, &set) == 1 && set->n_cascade == 2 && set->cascade [1]->factor == 0.2);
    sf_pb_destroy (&set);
    SF_CHECK (scoring_rules_read (fs_db, 9, &set) == 0 && !set);

    //  SetRules' checks.
    SF_CHECK (s_check (s_unknown_kind, &SCORING_RULES_MSG_KIND_UNKNOWN, "violation.nope") == 1);
    SF_CHECK (s_check (s_kind_twice, &SCORING_RULES_MSG_KIND_TWICE, NULL) == 1);
    SF_CHECK (s_check (s_factor_high, &SCORING_RULES_MSG_FACTOR, "1") == 1);
    SF_CHECK (s_check (s_factor_fine, &SCORING_RULES_MSG_FACTOR, "2") == 1);
    SF_CHECK (s_check (s_levels, &SCORING_RULES_MSG_LEVELS, "1,3") == 1);
    SF_CHECK (s_check (s_role, &SCORING_RULES_MSG_ROLE, "captain") == 1);
    SF_CHECK (s_check (s_unit_kind, &SCORING_RULES_MSG_UNIT_KIND, "post") == 1);
    SF_CHECK (s_check (s_month_cap, &SCORING_RULES_MSG_MONTH_CAP, NULL) == 1);
    SF_CHECK (s_check (s_month_floor, &SCORING_RULES_MSG_MONTH_FLOOR, NULL) == 1);
    SF_CHECK (s_check (s_item_cap, &SCORING_RULES_MSG_ITEM_CAP, NULL) == 1);
    SF_CHECK (s_check (s_tier_subject, &SCORING_RULES_MSG_TIER_SUBJECT, "shift") == 1);
    SF_CHECK (s_check (s_tier_code, &SCORING_RULES_MSG_TIER_CODE, "Bad Code") == 1);
    SF_CHECK (s_check (s_tier_min_twice, &SCORING_RULES_MSG_TIER_MIN_TWICE, NULL) == 1);
    SF_CHECK (s_check (s_tier_code_twice, &SCORING_RULES_MSG_TIER_CODE_TWICE, NULL) == 1);
    SF_CHECK (s_check (s_tier_name, &SCORING_RULES_MSG_TIER_NAME, "department:commend") == 1);
    SF_CHECK (s_check (s_fewer, NULL, NULL) == 0);
    SF_CHECK (scoring_rules_version (fs_db) == 2);

    fs_close ();
    printf ("scoring_score_apply_test: ok\n");
    return 0;
}
