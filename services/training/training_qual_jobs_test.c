/*  training_qual_jobs_test: the qual area's scheduled job on a real schema, with the clock
    given: employees the org copy holds without onboarding (as after a time the daemon was
    down) get their three levels, with the high-risk hours in a high-risk plant; a job change
    and a return after a year open department and team again, a short absence does not;
    certificates remind once per due date, and their review and expiry make their holder
    unqualified for the post that requires them; the yearly refresher in a high-risk plant;
    qualification events once per change; principals' and safety managers' own hours. And the
    Beijing calendar the terms are counted in. */
#include "training_qual.h"
#include "training_qual_jobs.h"
#include "sf_migrate.h"
#include "sf_pb.h"
#include "sf_testkit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const sf_migration_t training_migrations [];

//  2026-03-02 08:00 Beijing time.
#define S_T0 1772409600000LL

static sf_db_t *s_db;

static void
s_exec (const char *sql, int count, const char *const *values)
{
    if (sf_db_exec (s_db, sql, count, values) < 0) {
        fprintf (stderr, "%s: %s\n", sql, sf_db_error (s_db));
        abort ();
    }
}

//  A node of the org copy, as sf_org_apply would write it.
static void
s_node (const char *code, int kind, const char *parent, const char *plant, bool active)
{
    char kind_text [24];
    snprintf (kind_text, sizeof kind_text, "%d", kind);
    const char *values [] = { code, kind_text, parent, plant, active? "true": "false" };
    s_exec ("INSERT INTO sf_org_node (code, kind, parent_code, plant_code, name_zh, name_en, active, version)"
            " VALUES ($1, $2::smallint, NULLIF ($3, ''), NULLIF ($4, ''), $1, $1, $5::boolean, 1)"
            " ON CONFLICT (code) DO UPDATE SET parent_code = EXCLUDED.parent_code, active = EXCLUDED.active,"
            " version = sf_org_node.version + 1", 5, values);
}

static int64_t
s_scalar (const char *sql, const char *param)
{
    return sf_test_scalar (s_db, sql, param);
}

static int64_t
s_events (const char *type)
{
    return s_scalar ("SELECT count(*) FROM sf_outbox WHERE event_type = $1", type);
}

//  Runs the three parts of the job in one transaction, as the scheduler does.
static void
s_run (int64_t now_ms, int *opened, int *reminded, int *changed)
{
    SF_CHECK (sf_db_begin (s_db) == 0);
    *opened = training_qual_reconcile (s_db, now_ms, 500);
    *reminded = training_qual_remind (s_db, now_ms, 500);
    *changed = training_qual_judge (s_db, now_ms, 500);
    SF_CHECK (*opened >= 0 && *reminded >= 0 && *changed >= 0);
    SF_CHECK (sf_db_commit (s_db) == 0);
}

//  Level level of employee passed: its hours credited and an exam passed at when.
static void
s_pass (const char *employee, int level, int64_t when)
{
    char level_text [24], when_text [24];
    snprintf (level_text, sizeof level_text, "%d", level);
    snprintf (when_text, sizeof when_text, "%lld", (long long) when);
    const char *values [] = { employee, level_text, when_text };
    s_exec ("UPDATE qual_level SET hours_credited = hours_required, exam_passed = true, exam_score = 90,"
            " passed_ms = $3::bigint WHERE employee_code = $1 AND level = $2::smallint", 3, values);
}

//  The reason kinds the judge gives employee at now_ms, as qual_reason_kinds writes them.
static char *
s_reasons (const char *employee, int64_t now_ms)
{
    char *codes [] = { (char *) employee };
    Training__QualificationPerson **people = NULL;
    size_t count = 0;
    SF_CHECK (qual_judge (s_db, codes, 1, now_ms, true, &people, &count) == 0 && count == 1);
    char *kinds = qual_reason_kinds (people [0]);
    sf_pb_destroy (&people [0]);
    free (people);
    return kinds;
}

//  The person employee as the judge gives it at now_ms, with its details.
static Training__QualificationPerson *
s_person (const char *employee, int64_t now_ms)
{
    char *codes [] = { (char *) employee };
    Training__QualificationPerson **people = NULL;
    size_t count = 0;
    SF_CHECK (qual_judge (s_db, codes, 1, now_ms, true, &people, &count) == 0 && count == 1);
    Training__QualificationPerson *person = people [0];
    free (people);
    return person;
}

//  Attendance of employee at a new session id of course, days before now_ms.
static void
s_attend (const char *id, const char *course, const char *employee, int hours, int64_t now_ms, int days)
{
    char date [24], hours_text [24];
    snprintf (date, sizeof date, "%lld", (long long) (now_ms - days * QUAL_DAY_MS));
    snprintf (hours_text, sizeof hours_text, "%d", hours);
    const char *session [] = { id, course, date };
    s_exec ("INSERT INTO qual_session (id, course_code, unit_code, plant_code, date_ms, trainer, created_by, created_ms)"
            " VALUES ($1::bigint, $2, 'qP', 'qP', $3::bigint, '王老师', 'test', 1)", 3, session);
    const char *attendance [] = { id, employee, hours_text };
    s_exec ("INSERT INTO qual_attendance (session_id, employee_code, hours, recorded_by, recorded_ms)"
            " VALUES ($1::bigint, $2, $3::integer, 'test', 1)", 3, attendance);
}

//  Principals and safety managers (3号令 第九条): the holders of a post marked manager need
//  32 initial hours of management courses and then 12 a year (48 and 16 in a high-risk
//  plant); the yearly hours are due once the initial ones were reached a year ago, and
//  refresher courses count for them.
static void
s_managers (int64_t now_ms)
{
    SF_CHECK (s_scalar ("SELECT value FROM training_rule WHERE name = $1", "manager_initial_hours") == 32);
    SF_CHECK (s_scalar ("SELECT value FROM training_rule WHERE name = $1", "manager_yearly_hours_high_risk") == 16);
    SF_CHECK (s_scalar ("SELECT count(*) FROM training_rule WHERE name LIKE 'manager_%' AND source LIKE $1",
                        "%国家安监总局令第3号%第九条%") == 4);
    s_node ("mS", SF_ORG_POST, "qT", "qP", true);
    s_node ("mE", SF_ORG_EMPLOYEE, "mS", "qP", true);
    s_node ("mhS", SF_ORG_POST, "hP", "hP", true);
    s_node ("mhE", SF_ORG_EMPLOYEE, "mhS", "hP", true);
    char now [24];
    snprintf (now, sizeof now, "%lld", (long long) now_ms);
    const char *values [] = { now };
    s_exec ("INSERT INTO qual_onboarding (employee_code, post_code, plant_code, opened_ms)"
            " VALUES ('mE', 'mS', 'qP', $1::bigint), ('mhE', 'mhS', 'hP', $1::bigint)", 1, values);
    s_exec ("INSERT INTO qual_level (employee_code, level, hours_required, hours_credited, exam_passed, exam_score,"
            " opened_ms, passed_ms) SELECT e, l, 8, 8, true, 90, $1::bigint, $1::bigint"
            " FROM unnest (ARRAY['mE', 'mhE']) e, generate_series (1, 3) l", 1, values);
    //  Not a manager's post yet: qualified.
    char *kinds = s_reasons ("mE", now_ms);
    SF_CHECK_STR (kinds, "");
    free (kinds);
    s_exec ("INSERT INTO qual_manager_post (post_code, set_by, set_ms) VALUES ('mS', 'test', 1), ('mhS', 'test', 1)",
            0, NULL);
    Training__QualificationPerson *person = s_person ("mE", now_ms);
    SF_CHECK (person->manager && !person->qualified && person->n_reasons == 1);
    SF_CHECK (person->reasons [0]->kind == TRAINING__QUALIFICATION_REASON_KIND__QUALIFICATION_MANAGER_INITIAL_SHORT);
    SF_CHECK (person->reasons [0]->hours_done == 0 && person->reasons [0]->hours_required == 32);
    SF_CHECK (strstr (person->reasons [0]->zh, "管理人员初次培训学时不足") && strstr (person->reasons [0]->en, "0 of 32"));
    sf_pb_destroy (&person);
    //  32 management hours 400 and 390 days ago: the initial hours were reached over a year
    //  ago, none since: the yearly retraining is short.
    s_exec ("INSERT INTO qual_course (code, title_zh, title_en, category, hours, level, unit_code, created_by, created_ms)"
            " VALUES ('M16', '主要负责人安全培训', 'Managers'' safety training', 'management', 16, 5, 'qP', 'test', 1)",
            0, NULL);
    s_attend ("101", "M16", "mE", 16, now_ms, 400);
    s_attend ("102", "M16", "mE", 16, now_ms, 390);
    s_attend ("103", "M16", "mhE", 16, now_ms, 400);
    s_attend ("104", "M16", "mhE", 16, now_ms, 390);
    person = s_person ("mE", now_ms);
    SF_CHECK (person->n_reasons == 1 && person->manager_initial_hours == 32 && person->manager_yearly_required == 12);
    SF_CHECK (person->reasons [0]->kind == TRAINING__QUALIFICATION_REASON_KIND__QUALIFICATION_MANAGER_YEARLY_SHORT);
    SF_CHECK (person->reasons [0]->hours_done == 0 && person->reasons [0]->hours_required == 12);
    SF_CHECK (strstr (person->reasons [0]->zh, "管理人员再培训学时不足"));
    sf_pb_destroy (&person);
    //  The high-risk plant needs 48: 32 is short.
    person = s_person ("mhE", now_ms);
    SF_CHECK (person->n_reasons == 1 && person->reasons [0]->hours_done == 32
              && person->reasons [0]->hours_required == 48);
    SF_CHECK (person->reasons [0]->kind == TRAINING__QUALIFICATION_REASON_KIND__QUALIFICATION_MANAGER_INITIAL_SHORT);
    sf_pb_destroy (&person);
    //  26 days earlier the 32 hours were not yet a year old: no yearly hours were due.
    kinds = s_reasons ("mE", now_ms - 26 * QUAL_DAY_MS);
    SF_CHECK_STR (kinds, "");
    free (kinds);
    //  12 refresher hours 10 days ago: qualified.
    s_attend ("105", "R20", "mE", 12, now_ms, 10);
    kinds = s_reasons ("mE", now_ms);
    SF_CHECK_STR (kinds, "");
    free (kinds);
    //  Unmarked: mhE is no manager any more.
    s_exec ("DELETE FROM qual_manager_post WHERE post_code = 'mhS'", 0, NULL);
    kinds = s_reasons ("mhE", now_ms);
    SF_CHECK_STR (kinds, "");
    free (kinds);
}

static void
s_calendar (void)
{
    char text [16];
    //  2024-02-29 00:00 Beijing + 1 year: 2025-03-01.
    int64_t leap = 1709136000000LL;
    qual_date_text (leap, text, sizeof text);
    SF_CHECK_STR (text, "2024-02-29");
    qual_date_text (qual_add_years (leap, 1), text, sizeof text);
    SF_CHECK_STR (text, "2025-03-01");
    qual_date_text (qual_add_months (S_T0, 12), text, sizeof text);
    SF_CHECK_STR (text, "2027-03-02");
    qual_date_text (qual_add_months (S_T0, -3), text, sizeof text);
    SF_CHECK_STR (text, "2025-12-02");
    SF_CHECK (qual_add_years (S_T0, 6) - S_T0 == (365 * 6 + 2) * QUAL_DAY_MS);
}

int
main (void)
{
    s_calendar ();
    char *schema = sf_test_unique ("qual_jobs");
    s_db = sf_test_db (schema);
    SF_CHECK (sf_migrate (s_db, schema, "common", common_migrations) >= 1);
    SF_CHECK (sf_migrate (s_db, schema, "training", training_migrations) >= 2);

    //  The org copy as the daemon finds it after a time down: two plants, the second in a
    //  high-risk sector, and their employees, none onboarded.
    s_node ("qC", SF_ORG_COMPANY, "", "", true);
    s_node ("qP", SF_ORG_PLANT, "qC", "qP", true);
    s_node ("qD", SF_ORG_DEPARTMENT, "qP", "qP", true);
    s_node ("qT", SF_ORG_TEAM, "qD", "qP", true);
    s_node ("qS", SF_ORG_POST, "qT", "qP", true);
    s_node ("qS2", SF_ORG_POST, "qT", "qP", true);
    s_node ("qE1", SF_ORG_EMPLOYEE, "qS", "qP", true);
    s_node ("qE2", SF_ORG_EMPLOYEE, "qS", "qP", true);
    s_node ("qGone", SF_ORG_EMPLOYEE, "qS", "qP", false);
    s_node ("hP", SF_ORG_PLANT, "qC", "hP", true);
    s_node ("hS", SF_ORG_POST, "hP", "hP", true);
    s_node ("hE", SF_ORG_EMPLOYEE, "hS", "hP", true);
    const char *sector [] = { "hP" };
    s_exec ("INSERT INTO qual_plant_sector (plant_code, sector_code, set_by, set_ms)"
            " VALUES ($1, 'hazardous_chemicals', 'test', 1)", 1, sector);

    int opened, reminded, changed;
    s_run (S_T0, &opened, &reminded, &changed);
    SF_CHECK (opened == 3);
    SF_CHECK (s_events ("training.onboarding_opened") == 3);
    SF_CHECK (s_scalar ("SELECT count(*) FROM qual_level WHERE employee_code = $1", "qGone") == 0);
    //  24 hours in three levels of 8; 72 in the high-risk plant.
    SF_CHECK (s_scalar ("SELECT sum (hours_required) FROM qual_level WHERE employee_code = $1", "qE1") == 24);
    SF_CHECK (s_scalar ("SELECT min (hours_required) FROM qual_level WHERE employee_code = $1", "qE1") == 8);
    SF_CHECK (s_scalar ("SELECT sum (hours_required) FROM qual_level WHERE employee_code = $1", "hE") == 72);
    //  Nobody has passed anything: three unqualified, once.
    SF_CHECK (changed == 3 && s_events ("training.person_unqualified") == 3);
    char *kinds = s_reasons ("qE1", S_T0);
    SF_CHECK (strstr (kinds, "QUALIFICATION_LEVEL_HOURS_SHORT") && strstr (kinds, "QUALIFICATION_EXAM_ABSENT"));
    free (kinds);
    s_run (S_T0 + 60000, &opened, &reminded, &changed);
    SF_CHECK (opened == 0 && reminded == 0 && changed == 0);
    SF_CHECK (s_events ("training.person_unqualified") == 3);

    //  qE1 passes the three levels: qualified, one event.
    for (int level = 1; level <= 3; level++) {
        s_pass ("qE1", level, S_T0);
        s_pass ("hE", level, S_T0);
    }
    s_run (S_T0 + 120000, &opened, &reminded, &changed);
    SF_CHECK (changed == 2 && s_events ("training.person_qualified") == 2);

    //  The post requires an electrician's certificate: missing, then recorded. Issued six years
    //  less 30 days ago, reviewed once: the next review falls in 20 days, the expiry in 30.
    const char *require [] = { "qS" };
    s_exec ("INSERT INTO qual_post_certificate (post_code, type_code, set_by, set_ms)"
            " VALUES ($1, 'electrician', 'test', 1)", 1, require);
    s_run (S_T0 + 180000, &opened, &reminded, &changed);
    SF_CHECK (changed == 1 && s_events ("training.person_unqualified") == 4);
    kinds = s_reasons ("qE1", S_T0);
    SF_CHECK_STR (kinds, "QUALIFICATION_CERT_MISSING");
    free (kinds);
    int64_t expires = S_T0 + 30 * QUAL_DAY_MS, issued = qual_add_years (expires, -6);
    int64_t review_due = S_T0 + 20 * QUAL_DAY_MS, reviewed = qual_add_years (review_due, -3);
    char issued_text [24], expires_text [24], reviewed_text [24], due_text [24];
    snprintf (issued_text, sizeof issued_text, "%lld", (long long) issued);
    snprintf (expires_text, sizeof expires_text, "%lld", (long long) expires);
    snprintf (reviewed_text, sizeof reviewed_text, "%lld", (long long) reviewed);
    snprintf (due_text, sizeof due_text, "%lld", (long long) review_due);
    const char *certificate [] = { issued_text, expires_text, reviewed_text, due_text };
    s_exec ("INSERT INTO qual_certificate (employee_code, plant_code, type_code, number, authority, issued_ms,"
            " expires_ms, reviewed_ms, review_due_ms, recorded_by, recorded_ms) VALUES ('qE1', 'qP', 'electrician',"
            " 'T110101199001011234', '北京市应急管理局', $1::bigint, $2::bigint, $3::bigint, $4::bigint, 'test', 1)",
            4, certificate);
    //  Both dates within special_certificate_renew_days: a reminder each, once.
    s_run (S_T0 + 240000, &opened, &reminded, &changed);
    SF_CHECK (reminded == 2 && s_events ("training.certificate_due") == 2);
    SF_CHECK (changed == 1 && s_events ("training.person_qualified") == 3);
    s_run (S_T0 + 300000, &opened, &reminded, &changed);
    SF_CHECK (reminded == 0 && changed == 0);

    //  The review date passes unreviewed: unqualified; then it expires: still unqualified, no
    //  second event.
    s_run (review_due + 1000, &opened, &reminded, &changed);
    SF_CHECK (changed == 1 && s_events ("training.person_unqualified") == 5);
    kinds = s_reasons ("qE1", review_due + 1000);
    SF_CHECK_STR (kinds, "QUALIFICATION_CERT_UNREVIEWED");
    free (kinds);
    s_run (expires + 1000, &opened, &reminded, &changed);
    SF_CHECK (changed == 0 && reminded == 0);
    kinds = s_reasons ("qE1", expires + 1000);
    SF_CHECK_STR (kinds, "QUALIFICATION_CERT_EXPIRED");
    free (kinds);
    //  A renewed certificate: qualified again.
    const char *renew [] = { expires_text };
    s_exec ("UPDATE qual_certificate SET issued_ms = $1::bigint, expires_ms = $1::bigint + 6 * 366 * 86400000::bigint,"
            " reviewed_ms = NULL, review_due_ms = $1::bigint + 3 * 365 * 86400000::bigint", 1, renew);
    s_run (expires + 2000, &opened, &reminded, &changed);
    SF_CHECK (changed == 1 && s_events ("training.person_qualified") == 4);

    //  The high-risk plant: a year after onboarding the refresher is due.
    int64_t later = S_T0 + 400 * QUAL_DAY_MS;
    kinds = s_reasons ("hE", later);
    SF_CHECK_STR (kinds, "QUALIFICATION_REFRESHER_SHORT");
    free (kinds);
    kinds = s_reasons ("qE1", later);
    SF_CHECK_STR (kinds, "");
    free (kinds);
    char session_date [24];
    snprintf (session_date, sizeof session_date, "%lld", (long long) (later - 10 * QUAL_DAY_MS));
    const char *refresher [] = { session_date };
    s_exec ("INSERT INTO qual_course (code, title_zh, title_en, category, hours, level, unit_code, created_by, created_ms)"
            " VALUES ('R20', '危化品年度再培训', 'Refresher', 'hazardous_chemicals', 20, 4, 'hP', 'test', 1)", 0, NULL);
    s_exec ("INSERT INTO qual_session (id, course_code, unit_code, plant_code, date_ms, trainer, created_by, created_ms)"
            " VALUES (1, 'R20', 'hP', 'hP', $1::bigint, '李老师', 'test', 1)", 1, refresher);
    s_exec ("INSERT INTO qual_attendance (session_id, employee_code, hours, recorded_by, recorded_ms)"
            " VALUES (1, 'hE', 20, 'test', 1)", 0, NULL);
    kinds = s_reasons ("hE", later);
    SF_CHECK_STR (kinds, "");
    free (kinds);

    //  A job change: qE2 moves to post qS2; department and team open again, the company
    //  level stays passed.
    s_pass ("qE2", 1, S_T0);
    s_node ("qE2", SF_ORG_EMPLOYEE, "qS2", "qP", true);
    int64_t moved = expires + 60000;
    s_run (moved, &opened, &reminded, &changed);
    SF_CHECK (opened == 1);
    SF_CHECK (s_scalar ("SELECT round FROM qual_onboarding WHERE employee_code = $1", "qE2") == 2);
    SF_CHECK (s_scalar ("SELECT count(*) FROM qual_level WHERE employee_code = $1 AND passed_ms IS NOT NULL", "qE2") == 1);
    SF_CHECK (s_scalar ("SELECT count(*) FROM qual_level WHERE employee_code = $1 AND opened_ms = "
                        "(SELECT max (opened_ms) FROM qual_level)", "qE2") == 2);
    SF_CHECK (s_events ("training.onboarding_opened") == 4);

    //  qE1 leaves the org (inactive) and comes back 13 months later: department and team
    //  again. hE is away two months only: nothing to repeat.
    s_node ("qE1", SF_ORG_EMPLOYEE, "qS", "qP", false);
    s_node ("hE", SF_ORG_EMPLOYEE, "hS", "hP", false);
    int64_t left = moved + 60000;
    s_run (left, &opened, &reminded, &changed);
    SF_CHECK (s_scalar ("SELECT count(*) FROM qual_onboarding WHERE away_since_ms IS NOT NULL AND away_by_org"
                        " AND employee_code = ANY ($1::text[])", "{qE1,hE}") == 2);
    s_node ("hE", SF_ORG_EMPLOYEE, "hS", "hP", true);
    s_run (qual_add_months (left, 2), &opened, &reminded, &changed);
    SF_CHECK (opened == 0);
    SF_CHECK (s_scalar ("SELECT count(*) FROM qual_onboarding WHERE away_since_ms IS NULL AND employee_code = $1", "hE") == 1);
    SF_CHECK (s_scalar ("SELECT round FROM qual_onboarding WHERE employee_code = $1", "hE") == 1);
    s_node ("qE1", SF_ORG_EMPLOYEE, "qS", "qP", true);
    int64_t back = qual_add_months (left, 13);
    s_run (back, &opened, &reminded, &changed);
    SF_CHECK (opened == 1);
    SF_CHECK (s_scalar ("SELECT round FROM qual_onboarding WHERE employee_code = $1", "qE1") == 2);
    SF_CHECK (s_scalar ("SELECT count(*) FROM qual_level WHERE employee_code = $1 AND passed_ms IS NULL", "qE1") == 2);
    kinds = s_reasons ("qE1", back);
    SF_CHECK (strstr (kinds, "QUALIFICATION_EXAM_ABSENT") && !strstr (kinds, "CERT"));
    free (kinds);
    SF_CHECK (s_events ("training.onboarding_opened") == 5);
    //  Each event's envelope names its aggregate.
    SF_CHECK (s_scalar ("SELECT count(DISTINCT event_type) FROM sf_outbox WHERE stream LIKE $1", "%:events:training")
              == 4);
    s_managers (back + 30 * QUAL_DAY_MS);

    sf_test_drop_schema (s_db, schema);
    sf_db_destroy (&s_db);
    free (schema);
    printf ("training_qual_jobs_test: ok\n");
    return 0;
}
