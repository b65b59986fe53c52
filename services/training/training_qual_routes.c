/*  training_qual_routes: this area's part of the route table (training_routes.h): courses,
    sessions and attendance, onboarding exams and absences, certificates and the posts that
    require them, the high-risk plants, and who is qualified (README_qual.md, "Who may do
    what"). Every write runs alone: attendance and exams update a person's level row, and
    grouped commands taking two persons' rows in opposite orders would deadlock.          */
#include "training_routes.h"
#include "training_qual.h"
#include "training_qual_messages.h"
#include "training_rules.h"
#include "training_text.h"
#include "sf_clock.h"
#include "sf_org.h"
#include "sf_pb.h"
#include "sf_roles.h"
#include "sf_scope.h"
#include "sf_utf8.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  Who may write what (README_qual.md).
#define QUAL_ROLES_PLANT "admin,ehs,service"
#define QUAL_ROLES_MANAGE "admin,ehs,plant_safety_manager,department_head,safety_officer,service"
#define QUAL_ROLES_TRAIN "admin,ehs,plant_safety_manager,department_head,safety_officer,team_leader,service"

#define S_TITLE_MAX_CHARS 100
#define S_NAME_MAX_CHARS 64
#define S_COURSE_MAX_HOURS 100
//  A list reply holds at most this many rows.
#define S_LIST_MAX 500

//  SQL: the codes of the units above $1 (its ancestors), for courses offered from above.
#define S_ANCESTORS_SQL(param) \
    "WITH RECURSIVE up (code, parent) AS (SELECT code, parent_code FROM sf_org_node WHERE code = " param \
    " UNION SELECT n.code, n.parent_code FROM sf_org_node n JOIN up ON n.code = up.parent)" \
    " SELECT code FROM up"

//  [A-Za-z0-9._-]{1,32} (lower_only: [a-z0-9_]).
static bool
s_code_ok (const char *code, bool lower_only)
{
    size_t length = strlen (code);
    if (length == 0 || length > 32)
        return false;
    for (size_t i = 0; i < length; i++) {
        char c = code [i];
        bool ok = lower_only? (islower ((unsigned char) c) || isdigit ((unsigned char) c) || c == '_'):
                              (isalnum ((unsigned char) c) || c == '.' || c == '_' || c == '-');
        if (!ok)
            return false;
    }
    return true;
}

//  Refuses text when required and blank, or longer than max_chars. 0 or -1 (call failed).
static int
s_text (sf_call_t *call, const char *text, bool required, size_t max_chars, const char *zh, const char *en)
{
    if (required && sf_utf8_blank (text)) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &QUAL_MSG_MISSING, zh, en);
        return -1;
    }
    if (sf_utf8_chars (text, strlen (text)) > max_chars) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &QUAL_MSG_TOO_LONG, zh, en, (int) max_chars);
        return -1;
    }
    return 0;
}

//  Finds code, which must be an active employee. 0, or -1 with the call failed.
static int
s_employee (sf_call_t *call, const char *code, sf_org_node_t *node)
{
    int found = sf_org_find (call->db, code, node);
    if (found < 0)
        sf_call_fail_db (call, "looking up an employee");
    else
    if (!found || node->kind != SF_ORG_EMPLOYEE)
        sf_call_fail (call, SF_NOT_FOUND, &QUAL_MSG_PERSON_UNKNOWN, code);
    else
    if (!node->active)
        sf_call_fail (call, SF_FAILED_PRECONDITION, &QUAL_MSG_PERSON_LEFT, code);
    return found == 1 && node->kind == SF_ORG_EMPLOYEE && node->active? 0: -1;
}

//  Opens employee's levels if they were never opened (the job may not have run yet). 0 or -1.
static int
s_ensure_onboarding (sf_call_t *call, const sf_org_node_t *employee, int64_t now_ms)
{
    if (qual_onboarding_open (call->db, call, employee, TRAINING__ONBOARDING_REASON__ONBOARDING_REASON_NEW, now_ms) < 0) {
        sf_call_fail_db (call, "opening onboarding");
        return -1;
    }
    return 0;
}

//  Bumps the onboarding's version for an event about it; the new version, or -1.
static int64_t
s_onboarding_bump (sf_call_t *call, const char *employee)
{
    const char *values [] = { employee };
    sf_rows_t *rows = sf_db_query (call->db, "UPDATE qual_onboarding SET version = version + 1"
                                             " WHERE employee_code = $1 RETURNING version", 1, values);
    int64_t version = rows && sf_rows_count (rows) == 1? sf_rows_int (rows, 0, 0): -1;
    sf_rows_destroy (&rows);
    if (version < 0)
        sf_call_fail_db (call, "counting an onboarding event");
    return version;
}

//  ---- Courses ------------------------------------------------------------------------------

static Training__Course *
s_course_fill (sf_rows_t *rows, int row)
{
    Training__Course *course = sf_pb_new (&training__course__descriptor);
    sf_pb_set (&course->code, sf_rows_text (rows, row, 0));
    sf_pb_set (&course->title_zh, sf_rows_text (rows, row, 1));
    sf_pb_set (&course->title_en, sf_rows_text (rows, row, 2));
    sf_pb_set (&course->category, sf_rows_text (rows, row, 3));
    course->hours = (int32_t) sf_rows_int (rows, row, 4);
    course->level = (Training__OnboardingLevel) sf_rows_int (rows, row, 5);
    sf_pb_set (&course->unit_code, sf_rows_text (rows, row, 6));
    sf_pb_set (&course->created_by, sf_rows_text (rows, row, 7));
    course->created_ms = sf_rows_int (rows, row, 8);
    return course;
}

#define S_COURSE_SELECT \
    "SELECT code, title_zh, title_en, category, hours, level, unit_code, created_by, created_ms FROM qual_course"

static void
s_course_add (sf_call_t *call)
{
    const Training__CourseAdd *add = SF_CALL_BODY (call, Training__CourseAdd);
    if (!s_code_ok (add->code, false)) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &QUAL_MSG_BAD_CODE, "课程代码", "course code", add->code);
        return;
    }
    if (!s_code_ok (add->category, true)) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &QUAL_MSG_BAD_CODE, "类别代码", "category code", add->category);
        return;
    }
    if (s_text (call, add->title_zh, true, S_TITLE_MAX_CHARS, "课程名称", "course title")
    ||  s_text (call, add->title_en, false, S_TITLE_MAX_CHARS, "英文课程名称", "English course title"))
        return;
    if (add->hours < 1 || add->hours > S_COURSE_MAX_HOURS) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &QUAL_MSG_COURSE_HOURS, (int) add->hours);
        return;
    }
    if (add->level < TRAINING__ONBOARDING_LEVEL__ONBOARDING_LEVEL_COMPANY
    ||  add->level > TRAINING__ONBOARDING_LEVEL__ONBOARDING_LEVEL_MANAGEMENT) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &QUAL_MSG_BAD_LEVEL, (int) add->level);
        return;
    }
    sf_org_node_t unit;
    int found = sf_org_find (call->db, add->unit_code, &unit);
    if (found < 0) {
        sf_call_fail_db (call, "looking up a unit");
        return;
    }
    if (!found || !unit.active) {
        sf_call_fail (call, SF_NOT_FOUND, &QUAL_MSG_UNIT_UNKNOWN, add->unit_code);
        return;
    }
    char hours [24], level [24], now [24];
    training_int_text (hours, sizeof hours, add->hours);
    training_int_text (level, sizeof level, add->level);
    training_int_text (now, sizeof now, sf_clock_now_ms ());
    const char *values [] = { add->code, add->title_zh, add->title_en, add->category, hours, level, add->unit_code,
                              training_actor (call), now };
    sf_rows_t *rows = sf_db_query (call->db,
        "INSERT INTO qual_course (code, title_zh, title_en, category, hours, level, unit_code, created_by, created_ms)"
        " VALUES ($1, $2, $3, $4, $5::integer, $6::smallint, $7, $8, $9::bigint) ON CONFLICT (code) DO NOTHING"
        " RETURNING code, title_zh, title_en, category, hours, level, unit_code, created_by, created_ms", 9, values);
    if (!rows) {
        sf_call_fail_db (call, "adding a course");
        return;
    }
    if (sf_rows_count (rows) == 0)
        sf_call_fail (call, SF_ALREADY_EXISTS, &QUAL_MSG_COURSE_EXISTS, add->code);
    else {
        Training__Course *course = s_course_fill (rows, 0);
        if (qual_emit (call->db, call, "training.course_added", "course", course->code, 1, unit.plant_code,
                       &course->base))
            sf_call_fail_db (call, "writing an event");
        else
            sf_call_reply (call, &course->base);
        sf_pb_destroy (&course);
    }
    sf_rows_destroy (&rows);
}

static void
s_course_list (sf_call_t *call)
{
    const Training__CourseList *list = SF_CALL_BODY (call, Training__CourseList);
    const char *values [] = { list->unit_code };
    sf_rows_t *rows = sf_db_query (call->db,
        S_COURSE_SELECT " WHERE unit_code IN (" SF_ORG_SUBTREE_SQL ("$1") ")"
        " OR unit_code IN (" S_ANCESTORS_SQL ("$1") ") ORDER BY code LIMIT 500", 1, values);
    if (!rows) {
        sf_call_fail_db (call, "listing courses");
        return;
    }
    Training__Courses *courses = sf_pb_new (&training__courses__descriptor);
    for (int i = 0; i < sf_rows_count (rows); i++) {
        Training__Course **grown = realloc (courses->courses, (courses->n_courses + 1) * sizeof *grown);
        if (!grown)
            break;
        courses->courses = grown;
        courses->courses [courses->n_courses++] = s_course_fill (rows, i);
    }
    sf_rows_destroy (&rows);
    sf_call_reply (call, &courses->base);
    sf_pb_destroy (&courses);
}

//  ---- Sessions and attendance ----------------------------------------------------------------

#define S_SESSION_SELECT \
    "SELECT s.id, s.course_code, s.unit_code, s.date_ms, s.trainer, c.hours, c.level, s.plant_code," \
    " (SELECT count (*) FROM qual_attendance a WHERE a.session_id = s.id), s.created_by" \
    " FROM qual_session s JOIN qual_course c ON c.code = s.course_code"

static Training__Session *
s_session_fill (sf_rows_t *rows, int row)
{
    Training__Session *session = sf_pb_new (&training__session__descriptor);
    session->id = sf_rows_int (rows, row, 0);
    sf_pb_set (&session->course_code, sf_rows_text (rows, row, 1));
    sf_pb_set (&session->unit_code, sf_rows_text (rows, row, 2));
    session->date_ms = sf_rows_int (rows, row, 3);
    sf_pb_set (&session->trainer, sf_rows_text (rows, row, 4));
    session->hours = (int32_t) sf_rows_int (rows, row, 5);
    session->level = (Training__OnboardingLevel) sf_rows_int (rows, row, 6);
    sf_pb_set (&session->plant_code, sf_rows_text (rows, row, 7));
    session->attendees = (int32_t) sf_rows_int (rows, row, 8);
    sf_pb_set (&session->created_by, sf_rows_text (rows, row, 9));
    return session;
}

//  The session of id, or NULL (*found 0 when there is none, -1 on a database error).
static Training__Session *
s_session_find (sf_db_t *db, int64_t id, int *found)
{
    char text [24];
    training_int_text (text, sizeof text, id);
    const char *values [] = { text };
    sf_rows_t *rows = sf_db_query (db, S_SESSION_SELECT " WHERE s.id = $1::bigint", 1, values);
    *found = rows? sf_rows_count (rows): -1;
    Training__Session *session = *found == 1? s_session_fill (rows, 0): NULL;
    sf_rows_destroy (&rows);
    return session;
}

static void
s_session_add (sf_call_t *call)
{
    const Training__SessionAdd *add = SF_CALL_BODY (call, Training__SessionAdd);
    if (add->date_ms <= 0) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &QUAL_MSG_NO_DATE);
        return;
    }
    if (s_text (call, add->trainer, true, S_NAME_MAX_CHARS, "授课人", "trainer"))
        return;
    const char *course_values [] = { add->course_code };
    sf_rows_t *rows = sf_db_query (call->db, "SELECT unit_code FROM qual_course WHERE code = $1", 1, course_values);
    if (!rows) {
        sf_call_fail_db (call, "looking up a course");
        return;
    }
    char course_unit [64] = "";
    if (sf_rows_count (rows) == 1)
        snprintf (course_unit, sizeof course_unit, "%s", sf_rows_text (rows, 0, 0));
    sf_rows_destroy (&rows);
    if (!*course_unit) {
        sf_call_fail (call, SF_NOT_FOUND, &QUAL_MSG_COURSE_UNKNOWN, add->course_code);
        return;
    }
    sf_org_node_t unit;
    int found = sf_org_find (call->db, add->unit_code, &unit);
    int within = found == 1? sf_org_within (call->db, add->unit_code, course_unit): found;
    if (within < 0) {
        sf_call_fail_db (call, "looking up a unit");
        return;
    }
    if (!found || !unit.active) {
        sf_call_fail (call, SF_NOT_FOUND, &QUAL_MSG_UNIT_UNKNOWN, add->unit_code);
        return;
    }
    if (!within) {
        sf_call_fail (call, SF_FAILED_PRECONDITION, &QUAL_MSG_COURSE_OUTSIDE, add->course_code, course_unit,
                      add->unit_code);
        return;
    }
    char date [24], now [24];
    training_int_text (date, sizeof date, add->date_ms);
    training_int_text (now, sizeof now, sf_clock_now_ms ());
    const char *values [] = { add->course_code, add->unit_code, unit.plant_code, date, add->trainer, training_actor (call), now };
    rows = sf_db_query (call->db,
        "INSERT INTO qual_session (course_code, unit_code, plant_code, date_ms, trainer, created_by, created_ms)"
        " VALUES ($1, $2, $3, $4::bigint, $5, $6, $7::bigint) RETURNING id", 7, values);
    if (!rows) {
        sf_call_fail_db (call, "adding a session");
        return;
    }
    int64_t id = sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    Training__Session *session = s_session_find (call->db, id, &found);
    char id_text [24];
    training_int_text (id_text, sizeof id_text, id);
    if (!session || qual_emit (call->db, call, "training.session_added", "session", id_text, 1, unit.plant_code,
                               &session->base))
        sf_call_fail_db (call, "writing an event");
    else
        sf_call_reply (call, &session->base);
    sf_pb_destroy (&session);
}

static void
s_session_list (sf_call_t *call)
{
    const Training__SessionList *list = SF_CALL_BODY (call, Training__SessionList);
    const char *values [] = { list->unit_code };
    sf_rows_t *rows = sf_db_query (call->db,
        S_SESSION_SELECT " WHERE s.unit_code IN (" SF_ORG_SUBTREE_SQL ("$1") ") ORDER BY s.date_ms DESC, s.id DESC"
        " LIMIT 500", 1, values);
    if (!rows) {
        sf_call_fail_db (call, "listing sessions");
        return;
    }
    Training__Sessions *sessions = sf_pb_new (&training__sessions__descriptor);
    for (int i = 0; i < sf_rows_count (rows); i++) {
        Training__Session **grown = realloc (sessions->sessions, (sessions->n_sessions + 1) * sizeof *grown);
        if (!grown)
            break;
        sessions->sessions = grown;
        sessions->sessions [sessions->n_sessions++] = s_session_fill (rows, i);
    }
    sf_rows_destroy (&rows);
    sf_call_reply (call, &sessions->base);
    sf_pb_destroy (&sessions);
}

//  A session's unit, for the scope check.
static int
s_session_units (sf_call_t *call, sf_scope_units_t *units)
{
    const Training__SessionAttend *attend = SF_CALL_BODY (call, Training__SessionAttend);
    char id [24];
    training_int_text (id, sizeof id, attend->session_id);
    const char *values [] = { id };
    sf_rows_t *rows = sf_db_query (call->db, "SELECT unit_code FROM qual_session WHERE id = $1::bigint", 1, values);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows) == 1;
    if (found)
        sf_scope_units_add (units, sf_rows_text (rows, 0, 0));
    sf_rows_destroy (&rows);
    return found? 0: 1;
}

static void
s_session_attend (sf_call_t *call)
{
    const Training__SessionAttend *attend = SF_CALL_BODY (call, Training__SessionAttend);
    int found;
    Training__Session *session = s_session_find (call->db, attend->session_id, &found);
    if (found < 0) {
        sf_call_fail_db (call, "looking up a session");
        return;
    }
    if (!session) {
        sf_call_fail (call, SF_NOT_FOUND, &QUAL_MSG_SESSION_UNKNOWN, (long long) attend->session_id);
        return;
    }
    sf_org_node_t employee;
    int within = -2;
    int64_t now_ms = sf_clock_now_ms ();
    int32_t hours = attend->hours? attend->hours: session->hours;
    if (s_employee (call, attend->employee_code, &employee))
        ;
    else
    if ((within = sf_org_within (call->db, attend->employee_code, session->unit_code)) < 0)
        sf_call_fail_db (call, "looking up the session's unit");
    else
    if (!within)
        sf_call_fail (call, SF_FAILED_PRECONDITION, &QUAL_MSG_PERSON_OUTSIDE, attend->employee_code, session->unit_code);
    else
    if (hours < 1 || hours > session->hours)
        sf_call_fail (call, SF_INVALID_ARGUMENT, &QUAL_MSG_HOURS_RANGE, (int) attend->hours, (int) session->hours);
    else
        within = 2;
    if (within != 2) {
        sf_pb_destroy (&session);
        return;
    }
    char id [24], hours_text [24], now [24], level [24];
    training_int_text (id, sizeof id, session->id);
    training_int_text (hours_text, sizeof hours_text, hours);
    training_int_text (now, sizeof now, now_ms);
    training_int_text (level, sizeof level, session->level);
    const char *values [] = { id, attend->employee_code, hours_text, training_actor (call), now };
    int64_t inserted = sf_db_exec (call->db,
        "INSERT INTO qual_attendance (session_id, employee_code, hours, recorded_by, recorded_ms)"
        " VALUES ($1::bigint, $2, $3::integer, $4, $5::bigint) ON CONFLICT DO NOTHING", 5, values);
    Training__SessionAttendance *attendance = sf_pb_new (&training__session_attendance__descriptor);
    attendance->session_id = session->id;
    sf_pb_set (&attendance->employee_code, attend->employee_code);
    attendance->hours = hours;
    attendance->recorded_ms = now_ms;
    sf_pb_set (&attendance->recorded_by, training_actor (call));
    if (inserted < 0)
        sf_call_fail_db (call, "recording attendance");
    else
    if (inserted == 0)
        sf_call_fail (call, SF_ALREADY_EXISTS, &QUAL_MSG_ATTENDANCE_EXISTS, attend->employee_code,
                      (long long) session->id);
    else
    if (session->level <= TRAINING__ONBOARDING_LEVEL__ONBOARDING_LEVEL_TEAM
    &&  s_ensure_onboarding (call, &employee, now_ms))
        ;
    else {
        int rc = 0;
        if (session->level <= TRAINING__ONBOARDING_LEVEL__ONBOARDING_LEVEL_TEAM) {
            const char *credit [] = { attend->employee_code, level, hours_text, id };
            int64_t credited = sf_db_exec (call->db,
                "WITH credited AS (UPDATE qual_level SET hours_credited = hours_credited + $3::integer"
                "   WHERE employee_code = $1 AND level = $2::smallint AND passed_ms IS NULL RETURNING level)"
                " UPDATE qual_attendance SET credited_to = credited.level FROM credited"
                " WHERE session_id = $4::bigint AND employee_code = $1", 4, credit);
            rc = credited < 0? -1: qual_level_check_pass (call->db, attend->employee_code, session->level, now_ms);
            if (credited > 0)
                attendance->credited_to = session->level;
        }
        char aggregate [96];
        snprintf (aggregate, sizeof aggregate, "%s/%s", id, attend->employee_code);
        if (rc < 0)
            sf_call_fail_db (call, "crediting hours");
        else
        if (qual_emit (call->db, call, "training.attendance_recorded", "attendance", aggregate, 1,
                       employee.plant_code, &attendance->base))
            sf_call_fail_db (call, "writing an event");
        else
            sf_call_reply (call, &attendance->base);
    }
    sf_pb_destroy (&attendance);
    sf_pb_destroy (&session);
}

//  ---- Onboarding -----------------------------------------------------------------------------

static void
s_record_exam (sf_call_t *call)
{
    const Training__OnboardingRecordExam *exam = SF_CALL_BODY (call, Training__OnboardingRecordExam);
    if (exam->level < TRAINING__ONBOARDING_LEVEL__ONBOARDING_LEVEL_COMPANY
    ||  exam->level > TRAINING__ONBOARDING_LEVEL__ONBOARDING_LEVEL_TEAM) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &QUAL_MSG_BAD_EXAM_LEVEL, (int) exam->level);
        return;
    }
    if (exam->score < 0 || exam->score > 100) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &QUAL_MSG_SCORE_RANGE, (int) exam->score);
        return;
    }
    sf_org_node_t employee;
    int64_t now_ms = sf_clock_now_ms ();
    if (s_employee (call, exam->employee_code, &employee) || s_ensure_onboarding (call, &employee, now_ms))
        return;
    char level [24], score [24];
    training_int_text (level, sizeof level, exam->level);
    training_int_text (score, sizeof score, exam->score);
    const char *values [] = { exam->employee_code, level, exam->passed? "true": "false", score };
    sf_rows_t *rows = sf_db_query (call->db,
        "SELECT passed_ms FROM qual_level WHERE employee_code = $1 AND level = $2::smallint FOR UPDATE", 2, values);
    if (!rows) {
        sf_call_fail_db (call, "reading a level");
        return;
    }
    int64_t passed_ms = sf_rows_count (rows) == 1 && !sf_rows_is_null (rows, 0, 0)? sf_rows_int (rows, 0, 0): 0;
    sf_rows_destroy (&rows);
    if (passed_ms) {
        char date [16];
        qual_date_text (passed_ms, date, sizeof date);
        const sf_text_t *name = &QUAL_LEVEL_NAMES [exam->level];
        sf_call_fail (call, SF_FAILED_PRECONDITION, &QUAL_MSG_LEVEL_PASSED, name->zh, name->en, date);
        return;
    }
    int64_t version = -1;
    if (sf_db_exec (call->db, "UPDATE qual_level SET exam_passed = $3::boolean, exam_score = $4::integer"
                              " WHERE employee_code = $1 AND level = $2::smallint", 4, values) < 0
    ||  qual_level_check_pass (call->db, exam->employee_code, exam->level, now_ms) < 0) {
        sf_call_fail_db (call, "recording an exam");
        return;
    }
    if ((version = s_onboarding_bump (call, exam->employee_code)) < 0)
        return;
    Training__OnboardingLevelState **levels = NULL;
    size_t count = 0;
    if (qual_levels_read (call->db, exam->employee_code, &levels, &count))
        sf_call_fail_db (call, "reading levels");
    else {
        Training__OnboardingLevelState *state = NULL;
        for (size_t i = 0; i < count; i++)
            if ((int) levels [i]->level == (int) exam->level)
                state = levels [i];
        if (!state)
            sf_call_fail_db (call, "reading a level");
        else
        if (qual_emit (call->db, call, "training.level_exam_recorded", "onboarding", exam->employee_code, version,
                       employee.plant_code, &state->base))
            sf_call_fail_db (call, "writing an event");
        else
            sf_call_reply (call, &state->base);
    }
    for (size_t i = 0; i < count; i++)
        sf_pb_destroy (&levels [i]);
    free (levels);
}

static void
s_record_absence (sf_call_t *call)
{
    const Training__OnboardingRecordAbsence *absence = SF_CALL_BODY (call, Training__OnboardingRecordAbsence);
    sf_org_node_t employee;
    int64_t now_ms = sf_clock_now_ms ();
    qual_rules_t rules;
    const char *missing = NULL;
    int rc = qual_rules_load (call->db, &rules, &missing);
    if (rc) {
        qual_fail_rules (call, rc, missing);
        return;
    }
    if (s_employee (call, absence->employee_code, &employee) || s_ensure_onboarding (call, &employee, now_ms))
        return;
    const char *values [] = { absence->employee_code };
    sf_rows_t *rows = sf_db_query (call->db, "SELECT COALESCE (away_since_ms, 0) FROM qual_onboarding"
                                             " WHERE employee_code = $1 FOR UPDATE", 1, values);
    if (!rows) {
        sf_call_fail_db (call, "reading an onboarding");
        return;
    }
    int64_t away_since = sf_rows_count (rows) == 1? sf_rows_int (rows, 0, 0): 0;
    sf_rows_destroy (&rows);
    int64_t away = absence->away_from_ms? absence->away_from_ms: away_since;
    char date [16], other [16];
    if (!away) {
        if (absence->back_ms)
            sf_call_fail (call, SF_FAILED_PRECONDITION, &QUAL_MSG_NOT_AWAY, absence->employee_code);
        else
            sf_call_fail (call, SF_INVALID_ARGUMENT, &QUAL_MSG_NO_DATE);
        return;
    }
    int64_t latest = absence->back_ms? absence->back_ms: away;
    if (latest > now_ms + QUAL_DAY_MS) {
        qual_date_text (latest, date, sizeof date);
        sf_call_fail (call, SF_INVALID_ARGUMENT, &QUAL_MSG_DATE_FUTURE, date);
        return;
    }
    if (absence->back_ms && absence->back_ms < away) {
        qual_date_text (absence->back_ms, date, sizeof date);
        qual_date_text (away, other, sizeof other);
        sf_call_fail (call, SF_INVALID_ARGUMENT, &QUAL_MSG_BACK_BEFORE_AWAY, date, other);
        return;
    }
    Training__OnboardingAbsence *reply = sf_pb_new (&training__onboarding_absence__descriptor);
    sf_pb_set (&reply->employee_code, absence->employee_code);
    reply->away_from_ms = away;
    reply->back_ms = absence->back_ms;
    char away_text [24];
    training_int_text (away_text, sizeof away_text, away);
    const char *update [] = { absence->employee_code, away_text };
    if (!absence->back_ms)
        rc = sf_db_exec (call->db, "UPDATE qual_onboarding SET away_since_ms = $2::bigint, away_by_org = false"
                                   " WHERE employee_code = $1", 2, update) < 0? -1: 0;
    else
    if (qual_add_months (away, (int) rules.retrain_after_months) <= absence->back_ms) {
        rc = qual_onboarding_open (call->db, call, &employee, TRAINING__ONBOARDING_REASON__ONBOARDING_REASON_RETURN,
                                   now_ms);
        reply->reopened = rc == 0;
    }
    else
        rc = sf_db_exec (call->db, "UPDATE qual_onboarding SET away_since_ms = NULL, away_by_org = false"
                                   " WHERE employee_code = $1", 1, update) < 0? -1: 0;
    int64_t version = rc < 0? -1: s_onboarding_bump (call, absence->employee_code);
    if (rc < 0)
        sf_call_fail_db (call, "recording an absence");
    else
    if (version < 0)
        ;
    else
    if (qual_emit (call->db, call, "training.absence_recorded", "onboarding", absence->employee_code, version,
                   employee.plant_code, &reply->base))
        sf_call_fail_db (call, "writing an event");
    else
        sf_call_reply (call, &reply->base);
    sf_pb_destroy (&reply);
}

//  ---- Certificates -----------------------------------------------------------------------------

//  The years of rule name (a training_rule row), into *years. 0, or -1 with the call failed.
static int
s_rule_years (sf_call_t *call, const char *name, int64_t *years)
{
    int rc = training_rule (call->db, name, years);
    if (rc)
        qual_fail_rules (call, rc, name);
    return rc? -1: 0;
}

static void
s_certificate_add (sf_call_t *call)
{
    const Training__CertificateAdd *add = SF_CALL_BODY (call, Training__CertificateAdd);
    int64_t now_ms = sf_clock_now_ms ();
    sf_org_node_t employee;
    if (s_employee (call, add->employee_code, &employee))
        return;
    if (s_text (call, add->number, true, S_NAME_MAX_CHARS, "证书编号", "certificate number")
    ||  s_text (call, add->authority, true, S_NAME_MAX_CHARS, "发证机关", "issuing authority"))
        return;
    const char *type_values [] = { add->type_code };
    sf_rows_t *rows = sf_db_query (call->db, "SELECT valid_rule, COALESCE (review_rule, '') FROM qual_certificate_type"
                                             " WHERE code = $1", 1, type_values);
    if (!rows) {
        sf_call_fail_db (call, "looking up a certificate type");
        return;
    }
    char valid_rule [64] = "", review_rule [64] = "";
    if (sf_rows_count (rows) == 1) {
        snprintf (valid_rule, sizeof valid_rule, "%s", sf_rows_text (rows, 0, 0));
        snprintf (review_rule, sizeof review_rule, "%s", sf_rows_text (rows, 0, 1));
    }
    sf_rows_destroy (&rows);
    if (!*valid_rule) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &QUAL_MSG_CERT_TYPE_UNKNOWN, add->type_code);
        return;
    }
    int64_t valid_years = 0, review_years = 0;
    if (s_rule_years (call, valid_rule, &valid_years) || (*review_rule && s_rule_years (call, review_rule, &review_years)))
        return;
    char issued [16], expires [16], reviewed [16];
    if (add->issued_ms <= 0) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &QUAL_MSG_NO_DATE);
        return;
    }
    qual_date_text (add->issued_ms, issued, sizeof issued);
    if (add->issued_ms > now_ms) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &QUAL_MSG_DATE_FUTURE, issued);
        return;
    }
    int64_t term_end = qual_add_years (add->issued_ms, (int) valid_years);
    int64_t expires_ms = add->expires_ms? add->expires_ms: term_end;
    qual_date_text (expires_ms, expires, sizeof expires);
    if (expires_ms <= add->issued_ms) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &QUAL_MSG_EXPIRY_BEFORE_ISSUE, expires, issued);
        return;
    }
    //  A day of slack: a card's expiry is printed as a date.
    if (expires_ms > term_end + QUAL_DAY_MS) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &QUAL_MSG_EXPIRY_TOO_LATE, expires, issued, (int) valid_years);
        return;
    }
    if (add->reviewed_ms
    &&  (add->reviewed_ms <= add->issued_ms || add->reviewed_ms >= expires_ms || add->reviewed_ms > now_ms)) {
        qual_date_text (add->reviewed_ms, reviewed, sizeof reviewed);
        sf_call_fail (call, SF_INVALID_ARGUMENT, &QUAL_MSG_REVIEW_OUTSIDE, reviewed);
        return;
    }
    //  The next review: review_years after the last one (or the issue); none when the expiry
    //  comes first.
    int64_t review_due = 0;
    if (review_years > 0) {
        review_due = qual_add_years (add->reviewed_ms? add->reviewed_ms: add->issued_ms, (int) review_years);
        if (review_due >= expires_ms)
            review_due = 0;
    }
    const char *held_values [] = { add->type_code, add->number };
    rows = sf_db_query (call->db, "SELECT id, employee_code FROM qual_certificate WHERE type_code = $1 AND number = $2"
                                  " FOR UPDATE", 2, held_values);
    if (!rows) {
        sf_call_fail_db (call, "looking up a certificate");
        return;
    }
    bool held_by_other = sf_rows_count (rows) == 1 && strcmp (sf_rows_text (rows, 0, 1), add->employee_code) != 0;
    sf_rows_destroy (&rows);
    if (held_by_other) {
        sf_call_fail (call, SF_ALREADY_EXISTS, &QUAL_MSG_CERT_HELD, add->type_code, add->number);
        return;
    }
    char issued_text [24], expires_text [24], reviewed_text [24], due_text [24], now [24];
    training_int_text (issued_text, sizeof issued_text, add->issued_ms);
    training_int_text (expires_text, sizeof expires_text, expires_ms);
    training_int_text (reviewed_text, sizeof reviewed_text, add->reviewed_ms);
    training_int_text (due_text, sizeof due_text, review_due);
    training_int_text (now, sizeof now, now_ms);
    const char *values [] = { add->employee_code, employee.plant_code, add->type_code, add->number, add->authority,
                              issued_text, expires_text, reviewed_text, due_text, training_actor (call), now };
    rows = sf_db_query (call->db,
        "INSERT INTO qual_certificate AS c (employee_code, plant_code, type_code, number, authority, issued_ms,"
        " expires_ms, reviewed_ms, review_due_ms, recorded_by, recorded_ms)"
        " VALUES ($1, $2, $3, $4, $5, $6::bigint, $7::bigint, NULLIF ($8::bigint, 0), NULLIF ($9::bigint, 0), $10,"
        " $11::bigint) ON CONFLICT (type_code, number) DO UPDATE SET plant_code = EXCLUDED.plant_code,"
        " authority = EXCLUDED.authority, issued_ms = EXCLUDED.issued_ms, expires_ms = EXCLUDED.expires_ms,"
        " reviewed_ms = EXCLUDED.reviewed_ms, review_due_ms = EXCLUDED.review_due_ms,"
        " recorded_by = EXCLUDED.recorded_by, recorded_ms = EXCLUDED.recorded_ms, version = c.version + 1"
        " RETURNING id", 11, values);
    if (!rows) {
        sf_call_fail_db (call, "recording a certificate");
        return;
    }
    char id [24];
    snprintf (id, sizeof id, "%s", sf_rows_text (rows, 0, 0));
    sf_rows_destroy (&rows);
    qual_rules_t rules;
    const char *missing = NULL;
    int rc = qual_rules_load (call->db, &rules, &missing);
    const char *read [] = { id };
    rows = rc? NULL: sf_db_query (call->db, QUAL_CERTIFICATE_SELECT " WHERE c.id = $1::bigint", 1, read);
    if (rc) {
        qual_fail_rules (call, rc, missing);
        return;
    }
    if (!rows) {
        sf_call_fail_db (call, "reading a certificate");
        return;
    }
    Training__Certificate *certificate = qual_certificate_fill (rows, 0, now_ms, rules.renew_days);
    sf_rows_destroy (&rows);
    if (qual_emit (call->db, call, "training.certificate_recorded", "certificate", id, certificate->version,
                   employee.plant_code, &certificate->base))
        sf_call_fail_db (call, "writing an event");
    else
        sf_call_reply (call, &certificate->base);
    sf_pb_destroy (&certificate);
}

static void
s_certificate_list (sf_call_t *call)
{
    const Training__CertificateList *list = SF_CALL_BODY (call, Training__CertificateList);
    int64_t now_ms = sf_clock_now_ms ();
    qual_rules_t rules;
    const char *missing = NULL;
    int rc = qual_rules_load (call->db, &rules, &missing);
    if (rc) {
        qual_fail_rules (call, rc, missing);
        return;
    }
    char horizon [24];
    int64_t within_days = list->due_within_days > 0? list->due_within_days: 0;
    training_int_text (horizon, sizeof horizon, within_days? now_ms + within_days * QUAL_DAY_MS: INT64_MAX);
    const char *values [] = { list->unit_code, horizon };
    sf_rows_t *rows = sf_db_query (call->db,
        QUAL_CERTIFICATE_SELECT " WHERE c.employee_code IN (" SF_ORG_SUBTREE_SQL ("$1") ")"
        " AND (c.expires_ms <= $2::bigint OR c.review_due_ms <= $2::bigint OR $2::bigint = 9223372036854775807)"
        " ORDER BY LEAST (c.expires_ms, COALESCE (c.review_due_ms, c.expires_ms)), c.id LIMIT 500", 2, values);
    if (!rows) {
        sf_call_fail_db (call, "listing certificates");
        return;
    }
    Training__Certificates *certificates = sf_pb_new (&training__certificates__descriptor);
    for (int i = 0; i < sf_rows_count (rows); i++) {
        Training__Certificate **grown = realloc (certificates->certificates,
                                                 (certificates->n_certificates + 1) * sizeof *grown);
        if (!grown)
            break;
        certificates->certificates = grown;
        certificates->certificates [certificates->n_certificates++] =
            qual_certificate_fill (rows, i, now_ms, rules.renew_days);
    }
    sf_rows_destroy (&rows);
    sf_call_reply (call, &certificates->base);
    sf_pb_destroy (&certificates);
}

static void
s_post_require (sf_call_t *call)
{
    const Training__CertificatePostRequire *require = SF_CALL_BODY (call, Training__CertificatePostRequire);
    sf_org_node_t post;
    int found = sf_org_find (call->db, require->post_code, &post);
    if (found < 0) {
        sf_call_fail_db (call, "looking up a post");
        return;
    }
    if (!found || post.kind != SF_ORG_POST || !post.active) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &QUAL_MSG_NOT_A_POST, require->post_code);
        return;
    }
    const char *type_values [] = { require->type_code };
    sf_rows_t *rows = sf_db_query (call->db, "SELECT 1 FROM qual_certificate_type WHERE code = $1", 1, type_values);
    if (!rows) {
        sf_call_fail_db (call, "looking up a certificate type");
        return;
    }
    bool known = sf_rows_count (rows) == 1;
    sf_rows_destroy (&rows);
    if (!known) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &QUAL_MSG_CERT_TYPE_UNKNOWN, require->type_code);
        return;
    }
    char now [24];
    training_int_text (now, sizeof now, sf_clock_now_ms ());
    const char *values [] = { require->post_code, require->type_code, training_actor (call), now };
    int64_t changed = require->required?
        sf_db_exec (call->db, "INSERT INTO qual_post_certificate (post_code, type_code, set_by, set_ms)"
                              " VALUES ($1, $2, $3, $4::bigint) ON CONFLICT DO NOTHING", 4, values):
        sf_db_exec (call->db, "DELETE FROM qual_post_certificate WHERE post_code = $1 AND type_code = $2", 2, values);
    rows = changed < 0? NULL: sf_db_query (call->db, "SELECT type_code FROM qual_post_certificate"
                                                     " WHERE post_code = $1 ORDER BY type_code", 1, values);
    if (!rows) {
        sf_call_fail_db (call, "setting a post's certificate");
        return;
    }
    Training__CertificatePostRequirements *reply = sf_pb_new (&training__certificate_post_requirements__descriptor);
    sf_pb_set (&reply->post_code, require->post_code);
    for (int i = 0; i < sf_rows_count (rows); i++)
        sf_pb_add_string (&reply->type_codes, &reply->n_type_codes, sf_rows_text (rows, i, 0));
    sf_rows_destroy (&rows);
    if (qual_emit (call->db, call, "training.post_requirement_set", "post", require->post_code, 1, post.plant_code,
                   &reply->base))
        sf_call_fail_db (call, "writing an event");
    else
        sf_call_reply (call, &reply->base);
    sf_pb_destroy (&reply);
}

//  ---- High-risk plants and qualification ----------------------------------------------------------

static void
s_plant_sector (sf_call_t *call)
{
    const Training__QualificationSetPlantSector *set = SF_CALL_BODY (call, Training__QualificationSetPlantSector);
    sf_org_node_t plant;
    int found = sf_org_find (call->db, set->plant_code, &plant);
    if (found < 0) {
        sf_call_fail_db (call, "looking up a plant");
        return;
    }
    if (!found || plant.kind != SF_ORG_PLANT) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &QUAL_MSG_NOT_A_PLANT, set->plant_code);
        return;
    }
    Training__QualificationPlantSector *reply = sf_pb_new (&training__qualification_plant_sector__descriptor);
    sf_pb_set (&reply->plant_code, set->plant_code);
    char now [24];
    training_int_text (now, sizeof now, sf_clock_now_ms ());
    const char *values [] = { set->plant_code, set->sector_code, training_actor (call), now };
    int rc = 0;
    if (!*set->sector_code)
        rc = sf_db_exec (call->db, "DELETE FROM qual_plant_sector WHERE plant_code = $1", 1, values) < 0? -1: 0;
    else {
        sf_rows_t *rows = sf_db_query (call->db, "SELECT name_zh, name_en FROM qual_sector WHERE code = $1", 1,
                                       values + 1);
        if (!rows)
            rc = -1;
        else
        if (sf_rows_count (rows) == 0)
            rc = 1;
        else {
            sf_pb_set (&reply->sector_code, set->sector_code);
            sf_pb_set (&reply->sector_zh, sf_rows_text (rows, 0, 0));
            sf_pb_set (&reply->sector_en, sf_rows_text (rows, 0, 1));
            reply->high_risk = true;
            rc = sf_db_exec (call->db,
                "INSERT INTO qual_plant_sector (plant_code, sector_code, set_by, set_ms) VALUES ($1, $2, $3, $4::bigint)"
                " ON CONFLICT (plant_code) DO UPDATE SET sector_code = EXCLUDED.sector_code, set_by = EXCLUDED.set_by,"
                " set_ms = EXCLUDED.set_ms", 4, values) < 0? -1: 0;
        }
        sf_rows_destroy (&rows);
    }
    //  The levels of the plant's people not yet passed take the hours of its sector now.
    qual_rules_t rules;
    const char *missing = NULL;
    int rules_rc = rc? 0: qual_rules_load (call->db, &rules, &missing);
    if (rules_rc) {
        qual_fail_rules (call, rules_rc, missing);
        sf_pb_destroy (&reply);
        return;
    }
    if (rc == 0) {
        char total [24];
        training_int_text (total, sizeof total, reply->high_risk? rules.onboarding_hours_high_risk: rules.onboarding_hours);
        const char *levels [] = { set->plant_code, total };
        const char *passing [] = { set->plant_code, now };
        if (sf_db_exec (call->db,
                "UPDATE qual_level l SET hours_required = ceil ($2::numeric * s.parts / t.total)::integer"
                " FROM qual_onboarding o, qual_level_share s, (SELECT sum (parts) AS total FROM qual_level_share) t"
                " WHERE o.employee_code = l.employee_code AND o.plant_code = $1 AND s.level = l.level"
                " AND l.passed_ms IS NULL", 2, levels) < 0
        ||  sf_db_exec (call->db,
                "UPDATE qual_level l SET passed_ms = $2::bigint FROM qual_onboarding o"
                " WHERE o.employee_code = l.employee_code AND o.plant_code = $1 AND l.passed_ms IS NULL"
                " AND l.hours_credited >= l.hours_required AND l.exam_passed", 2, passing) < 0)
            rc = -1;
    }
    if (rc > 0)
        sf_call_fail (call, SF_INVALID_ARGUMENT, &QUAL_MSG_SECTOR_UNKNOWN, set->sector_code);
    else
    if (rc < 0)
        sf_call_fail_db (call, "setting a plant's sector");
    else
    if (qual_emit (call->db, call, "training.plant_sector_set", "plant", set->plant_code, 1, set->plant_code,
                   &reply->base))
        sf_call_fail_db (call, "writing an event");
    else
        sf_call_reply (call, &reply->base);
    sf_pb_destroy (&reply);
}

//  Marks a post as a principal's or safety manager's (manager true) or unmarks it: its holders
//  need the management hours of 3号令 第九条.
static void
s_manager_post (sf_call_t *call)
{
    const Training__QualificationSetManagerPost *set = SF_CALL_BODY (call, Training__QualificationSetManagerPost);
    sf_org_node_t post;
    int found = sf_org_find (call->db, set->post_code, &post);
    if (found < 0) {
        sf_call_fail_db (call, "looking up a post");
        return;
    }
    if (!found || post.kind != SF_ORG_POST || !post.active) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &QUAL_MSG_NOT_A_POST, set->post_code);
        return;
    }
    char now [24];
    training_int_text (now, sizeof now, sf_clock_now_ms ());
    const char *values [] = { set->post_code, training_actor (call), now };
    int64_t rc = set->manager
        ? sf_db_exec (call->db, "INSERT INTO qual_manager_post (post_code, set_by, set_ms) VALUES ($1, $2, $3::bigint)"
                      " ON CONFLICT (post_code) DO UPDATE SET set_by = EXCLUDED.set_by, set_ms = EXCLUDED.set_ms",
                      3, values)
        : sf_db_exec (call->db, "DELETE FROM qual_manager_post WHERE post_code = $1", 1, values);
    Training__QualificationManagerPost *reply = sf_pb_new (&training__qualification_manager_post__descriptor);
    sf_pb_set (&reply->post_code, set->post_code);
    reply->manager = set->manager;
    if (rc < 0)
        sf_call_fail_db (call, "marking a manager's post");
    else
    if (qual_emit (call->db, call, "training.manager_post_set", "post", set->post_code, 1, post.plant_code,
                   &reply->base))
        sf_call_fail_db (call, "writing an event");
    else
        sf_call_reply (call, &reply->base);
    sf_pb_destroy (&reply);
}

static void
s_get_unqualified (sf_call_t *call)
{
    const Training__QualificationGetUnqualified *get = SF_CALL_BODY (call, Training__QualificationGetUnqualified);
    char kind [24];
    training_int_text (kind, sizeof kind, SF_ORG_EMPLOYEE);
    const char *values [] = { get->unit_code, kind };
    sf_rows_t *rows = sf_db_query (call->db,
        "SELECT code FROM sf_org_node WHERE code IN (" SF_ORG_SUBTREE_SQL ("$1") ") AND kind = $2::smallint"
        " AND active ORDER BY code", 2, values);
    if (!rows) {
        sf_call_fail_db (call, "listing employees");
        return;
    }
    int count = sf_rows_count (rows);
    char **codes = calloc ((size_t) count + 1, sizeof *codes);
    for (int i = 0; i < count; i++)
        codes [i] = strdup (sf_rows_text (rows, i, 0));
    sf_rows_destroy (&rows);
    Training__QualificationPerson **people = NULL;
    size_t n_people = 0;
    Training__QualificationUnqualified *reply = sf_pb_new (&training__qualification_unqualified__descriptor);
    sf_pb_set (&reply->unit_code, get->unit_code);
    reply->employees = (int32_t) count;
    if (qual_judge (call->db, codes, (size_t) count, sf_clock_now_ms (), false, &people, &n_people))
        sf_call_fail_db (call, "judging qualifications");
    else {
        for (size_t i = 0; i < n_people; i++) {
            if (people [i]->qualified)
                continue;
            Training__QualificationPerson **grown = realloc (reply->unqualified,
                                                             (reply->n_unqualified + 1) * sizeof *grown);
            if (!grown)
                break;
            reply->unqualified = grown;
            reply->unqualified [reply->n_unqualified++] = people [i];
            people [i] = NULL;
        }
        sf_call_reply (call, &reply->base);
    }
    for (size_t i = 0; i < n_people; i++)
        sf_pb_destroy (&people [i]);
    free (people);
    for (int i = 0; i < count; i++)
        free (codes [i]);
    free (codes);
    sf_pb_destroy (&reply);
}

static void
s_get_person (sf_call_t *call)
{
    const Training__QualificationGetPerson *get = SF_CALL_BODY (call, Training__QualificationGetPerson);
    sf_org_node_t employee;
    if (s_employee (call, get->employee_code, &employee))
        return;
    char *codes [] = { get->employee_code };
    Training__QualificationPerson **people = NULL;
    size_t n_people = 0;
    if (qual_judge (call->db, codes, 1, sf_clock_now_ms (), true, &people, &n_people) || n_people != 1)
        sf_call_fail_db (call, "judging a qualification");
    else
        sf_call_reply (call, &people [0]->base);
    for (size_t i = 0; i < n_people; i++)
        sf_pb_destroy (&people [i]);
    free (people);
}

//  Scope (README_qual.md, "Who may do what"): writes name the unit they act on (the unit of a
//  course or session, the employee, the post, the plant) or reach it through the session
//  (attendance); reads list the subtree of the unit named (the actor's own when none is).
const sf_route_t training_qual_routes [] = {
    { .request = &training__course_add__descriptor, .reply = &training__course__descriptor,
      .handler = s_course_add, .writes = true, .alone = true, .roles = QUAL_ROLES_MANAGE,
      .required = "code,title_zh,unit_code", .scope = "unit_code" },
    { .request = &training__course_list__descriptor, .reply = &training__courses__descriptor,
      .handler = s_course_list, .scope = "unit_code" },
    { .request = &training__session_add__descriptor, .reply = &training__session__descriptor,
      .handler = s_session_add, .writes = true, .alone = true, .roles = QUAL_ROLES_TRAIN,
      .required = "course_code,unit_code,trainer", .scope = "unit_code" },
    { .request = &training__session_list__descriptor, .reply = &training__sessions__descriptor,
      .handler = s_session_list, .scope = "unit_code" },
    { .request = &training__session_attend__descriptor, .reply = &training__session_attendance__descriptor,
      .handler = s_session_attend, .writes = true, .alone = true, .roles = QUAL_ROLES_TRAIN,
      .required = "employee_code", .scope_of = s_session_units },
    { .request = &training__onboarding_record_exam__descriptor, .reply = &training__onboarding_level_state__descriptor,
      .handler = s_record_exam, .writes = true, .alone = true, .roles = QUAL_ROLES_TRAIN,
      .required = "employee_code", .scope = "employee_code" },
    { .request = &training__onboarding_record_absence__descriptor, .reply = &training__onboarding_absence__descriptor,
      .handler = s_record_absence, .writes = true, .alone = true, .roles = QUAL_ROLES_MANAGE,
      .required = "employee_code", .scope = "employee_code" },
    { .request = &training__certificate_add__descriptor, .reply = &training__certificate__descriptor,
      .handler = s_certificate_add, .writes = true, .alone = true, .roles = QUAL_ROLES_MANAGE,
      .required = "employee_code,type_code,number,authority", .scope = "employee_code" },
    { .request = &training__certificate_list__descriptor, .reply = &training__certificates__descriptor,
      .handler = s_certificate_list, .scope = "unit_code" },
    { .request = &training__certificate_post_require__descriptor,
      .reply = &training__certificate_post_requirements__descriptor,
      .handler = s_post_require, .writes = true, .alone = true, .roles = QUAL_ROLES_MANAGE,
      .required = "post_code,type_code", .scope = "post_code" },
    { .request = &training__qualification_set_plant_sector__descriptor,
      .reply = &training__qualification_plant_sector__descriptor,
      .handler = s_plant_sector, .writes = true, .alone = true, .roles = QUAL_ROLES_PLANT,
      .required = "plant_code", .scope = "plant_code" },
    { .request = &training__qualification_set_manager_post__descriptor,
      .reply = &training__qualification_manager_post__descriptor,
      .handler = s_manager_post, .writes = true, .alone = true, .roles = QUAL_ROLES_PLANT,
      .required = "post_code", .scope = "post_code" },
    { .request = &training__course_plan_set__descriptor, .reply = &training__course_plan__descriptor,
      .handler = qual_plan_set, .writes = true, .alone = true, .roles = QUAL_ROLES_MANAGE,
      .required = "unit_code", .scope = "unit_code" },
    { .request = &training__course_plan_get__descriptor, .reply = &training__course_plan__descriptor,
      .handler = qual_plan_get, .required = "unit_code", .scope = "unit_code" },
    { .request = &training__qualification_get_unqualified__descriptor,
      .reply = &training__qualification_unqualified__descriptor,
      .handler = s_get_unqualified, .scope = "unit_code" },
    { .request = &training__qualification_get_person__descriptor, .reply = &training__qualification_person__descriptor,
      .handler = s_get_person, .required = "employee_code", .scope = "employee_code" },
    { 0 }
};
