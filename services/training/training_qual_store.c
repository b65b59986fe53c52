/*  training_qual_store: the rules, dates, events, onboarding levels, certificates and the
    judgement of a person's qualification (training_qual.h).                             */
#include "training_qual.h"
#include "training_qual_messages.h"
#include "training_rules.h"
#include "sf_log.h"
#include "sf_outbox.h"
#include "sf_pb.h"
#include "sf_stream.h"

#include <czmq.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define S_BEIJING_OFFSET_MS (8 * 3600 * 1000LL)

static const sf_actor_t s_job_actor = { .user_id = (char *) "sf-training", .org_node = (char *) "" };

int
qual_rules_load (sf_db_t *db, qual_rules_t *rules, const char **missing)
{
    struct { const char *name; int64_t *value; } wanted [] = {
        { TRAINING_RULE_ONBOARDING_HOURS, &rules->onboarding_hours },
        { TRAINING_RULE_ONBOARDING_HOURS_HIGH_RISK, &rules->onboarding_hours_high_risk },
        { TRAINING_RULE_REFRESHER_HOURS_HIGH_RISK, &rules->refresher_hours_high_risk },
        { TRAINING_RULE_RETRAIN_AFTER_MONTHS, &rules->retrain_after_months },
        { TRAINING_RULE_CERT_RENEW_DAYS, &rules->renew_days },
        { QUAL_RULE_MANAGER_INITIAL_HOURS, &rules->manager_initial_hours },
        { QUAL_RULE_MANAGER_YEARLY_HOURS, &rules->manager_yearly_hours },
        { QUAL_RULE_MANAGER_INITIAL_HOURS_HIGH_RISK, &rules->manager_initial_hours_high_risk },
        { QUAL_RULE_MANAGER_YEARLY_HOURS_HIGH_RISK, &rules->manager_yearly_hours_high_risk },
    };
    for (size_t i = 0; i < sizeof wanted / sizeof wanted [0]; i++) {
        int rc = training_rule (db, wanted [i].name, wanted [i].value);
        if (rc) {
            if (missing)
                *missing = wanted [i].name;
            return rc;
        }
    }
    return 0;
}

void
qual_fail_rules (sf_call_t *call, int rc, const char *missing)
{
    if (rc < 0)
        sf_call_fail_db (call, "reading the training rules");
    else {
        sf_log (SF_LOG_ERROR, &call->log, "training rule %s is missing", missing);
        sf_call_fail (call, SF_INTERNAL, &QUAL_MSG_RULE_MISSING, missing);
    }
}

static int64_t
s_calendar_add (int64_t ms, int years, int months)
{
    int64_t local = ms + S_BEIJING_OFFSET_MS;
    int64_t seconds = local >= 0? local / 1000: (local - 999) / 1000;
    int64_t rest = local - seconds * 1000;
    time_t when = (time_t) seconds;
    struct tm tm;
    gmtime_r (&when, &tm);
    int64_t month = (int64_t) tm.tm_mon + months;
    tm.tm_year += years + (int) (month >= 0? month / 12: (month - 11) / 12);
    tm.tm_mon = (int) (((month % 12) + 12) % 12);
    return (int64_t) timegm (&tm) * 1000 + rest - S_BEIJING_OFFSET_MS;
}

int64_t
qual_add_years (int64_t ms, int years)
{
    return s_calendar_add (ms, years, 0);
}

int64_t
qual_add_months (int64_t ms, int months)
{
    return s_calendar_add (ms, 0, months);
}

void
qual_date_text (int64_t ms, char *text, size_t size)
{
    time_t seconds = (time_t) ((ms + S_BEIJING_OFFSET_MS) / 1000);
    struct tm tm;
    gmtime_r (&seconds, &tm);
    strftime (text, size, "%Y-%m-%d", &tm);
}

int
qual_emit (sf_db_t *db, sf_call_t *call, const char *type, const char *aggregate_type, const char *aggregate_id,
           int64_t version, const char *plant, const ProtobufCMessage *payload)
{
    sf_event_t event = {
        .type = strdup (type), .aggregate_type = strdup (aggregate_type), .aggregate_id = strdup (aggregate_id),
        .aggregate_version = version, .plant = strdup (plant? plant: "")
    };
    sf_event_set_payload (&event, payload);
    int rc;
    if (call)
        rc = sf_call_emit (call, sf_stream_name (QUAL_TOPIC), &event);
    else {
        sf_actor_copy (&event.actor, &s_job_actor);
        event.trace_id = strdup ("");
        rc = sf_outbox_add (db, sf_stream_name (QUAL_TOPIC), &event);
    }
    sf_event_clear (&event);
    return rc;
}

int
qual_levels_read (sf_db_t *db, const char *employee, Training__OnboardingLevelState ***levels, size_t *count)
{
    const char *values [] = { employee };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT level, hours_required, hours_credited, exam_passed IS NOT NULL, COALESCE (exam_passed, false),"
        " COALESCE (exam_score, 0), opened_ms, COALESCE (passed_ms, 0)"
        " FROM qual_level WHERE employee_code = $1 ORDER BY level", 1, values);
    if (!rows)
        return -1;
    for (int i = 0; i < sf_rows_count (rows); i++) {
        Training__OnboardingLevelState *state = sf_pb_add (levels, count, &training__onboarding_level_state__descriptor);
        state->level = (Training__OnboardingLevel) sf_rows_int (rows, i, 0);
        state->hours_required = (int32_t) sf_rows_int (rows, i, 1);
        state->hours_credited = (int32_t) sf_rows_int (rows, i, 2);
        state->exam_recorded = sf_rows_bool (rows, i, 3);
        state->exam_passed = sf_rows_bool (rows, i, 4);
        state->exam_score = (int32_t) sf_rows_int (rows, i, 5);
        state->opened_ms = sf_rows_int (rows, i, 6);
        state->passed_ms = sf_rows_int (rows, i, 7);
    }
    sf_rows_destroy (&rows);
    return 0;
}

int
qual_level_check_pass (sf_db_t *db, const char *employee, int level, int64_t now_ms)
{
    char level_text [8], now [24];
    snprintf (level_text, sizeof level_text, "%d", level);
    snprintf (now, sizeof now, "%lld", (long long) now_ms);
    const char *values [] = { employee, level_text, now };
    int64_t passed = sf_db_exec (db,
        "UPDATE qual_level SET passed_ms = $3::bigint WHERE employee_code = $1 AND level = $2::smallint"
        " AND passed_ms IS NULL AND hours_credited >= hours_required AND exam_passed", 3, values);
    return passed < 0? -1: passed > 0;
}

int
qual_level_exam_from_attempt (sf_db_t *db, const char *employee, const char *purpose, bool passed, int score,
                              int64_t now_ms)
{
    static const char *const purposes [] = { NULL, "onboarding.company", "onboarding.department", "onboarding.team" };
    int level = 0;
    for (int i = 1; i <= 3 && !level; i++)
        if (purpose && strcmp (purpose, purposes [i]) == 0)
            level = i;
    if (!level)
        return 0;
    char level_text [8], score_text [16];
    snprintf (level_text, sizeof level_text, "%d", level);
    snprintf (score_text, sizeof score_text, "%d", score);
    const char *values [] = { employee, level_text, passed? "true": "false", score_text };
    //  A later failure does not undo an earlier pass of the same level.
    int64_t updated = sf_db_exec (db,
        "UPDATE qual_level SET exam_passed = $3::boolean, exam_score = $4::integer"
        " WHERE employee_code = $1 AND level = $2::smallint AND passed_ms IS NULL"
        " AND (exam_passed IS NOT TRUE OR $3::boolean)", 4, values);
    if (updated < 0 || (updated > 0 && qual_level_check_pass (db, employee, level, now_ms) < 0))
        return -1;
    return updated > 0;
}

//  The levels to open for reason, as a smallint[] literal.
static const char *
s_levels_of (Training__OnboardingReason reason)
{
    return reason == TRAINING__ONBOARDING_REASON__ONBOARDING_REASON_NEW? "{1,2,3}": "{2,3}";
}

int
qual_onboarding_open (sf_db_t *db, sf_call_t *call, const sf_org_node_t *employee,
                      Training__OnboardingReason reason, int64_t now_ms)
{
    qual_rules_t rules;
    const char *missing = NULL;
    int rc = qual_rules_load (db, &rules, &missing);
    if (rc) {
        if (rc > 0)
            sf_error ("training rule %s is missing", missing);
        return -1;
    }
    const char *values_plant [] = { employee->plant_code };
    sf_rows_t *rows = sf_db_query (db, "SELECT count(*) FROM qual_plant_sector WHERE plant_code = $1", 1, values_plant);
    if (!rows)
        return -1;
    bool high_risk = sf_rows_int (rows, 0, 0) > 0;
    sf_rows_destroy (&rows);
    int64_t total = high_risk? rules.onboarding_hours_high_risk: rules.onboarding_hours;

    char now [24], total_text [24];
    snprintf (now, sizeof now, "%lld", (long long) now_ms);
    snprintf (total_text, sizeof total_text, "%lld", (long long) total);
    const char *values [] = { employee->code, employee->parent_code, employee->plant_code, now };
    if (reason == TRAINING__ONBOARDING_REASON__ONBOARDING_REASON_NEW)
        rows = sf_db_query (db,
            "INSERT INTO qual_onboarding (employee_code, post_code, plant_code, opened_ms)"
            " VALUES ($1, $2, $3, $4::bigint) ON CONFLICT (employee_code) DO NOTHING RETURNING version", 4, values);
    else
        rows = sf_db_query (db,
            "UPDATE qual_onboarding SET post_code = $2, plant_code = $3, round = round + 1, away_since_ms = NULL,"
            " away_by_org = false,"
            " version = version + 1 WHERE employee_code = $1 RETURNING version", 3, values);
    if (!rows)
        return -1;
    if (sf_rows_count (rows) == 0) {
        sf_rows_destroy (&rows);
        return 1;
    }
    int64_t version = sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    const char *level_values [] = { employee->code, total_text, now, s_levels_of (reason) };
    if (sf_db_exec (db,
            "INSERT INTO qual_level (employee_code, level, hours_required, opened_ms)"
            " SELECT $1, s.level, ceil ($2::numeric * s.parts / t.total)::integer, $3::bigint"
            " FROM qual_level_share s, (SELECT sum (parts) AS total FROM qual_level_share) t"
            " WHERE s.level = ANY ($4::smallint[])"
            " ON CONFLICT (employee_code, level) DO UPDATE SET hours_required = EXCLUDED.hours_required,"
            " hours_credited = 0, exam_passed = NULL, exam_score = NULL, opened_ms = EXCLUDED.opened_ms,"
            " passed_ms = NULL", 4, level_values) < 0)
        return -1;

    Training__OnboardingOpened *opened = sf_pb_new (&training__onboarding_opened__descriptor);
    sf_pb_set (&opened->employee_code, employee->code);
    sf_pb_set (&opened->post_code, employee->parent_code);
    sf_pb_set (&opened->plant_code, employee->plant_code);
    opened->reason = reason;
    opened->high_risk = high_risk;
    rc = qual_levels_read (db, employee->code, &opened->levels, &opened->n_levels);
    if (rc == 0)
        rc = qual_emit (db, call, "training.onboarding_opened", "onboarding", employee->code, version,
                        employee->plant_code, &opened->base);
    sf_pb_destroy (&opened);
    return rc;
}

Training__Certificate *
qual_certificate_fill (sf_rows_t *rows, int row, int64_t now_ms, int64_t renew_days)
{
    Training__Certificate *certificate = sf_pb_new (&training__certificate__descriptor);
    certificate->id = sf_rows_int (rows, row, 0);
    sf_pb_set (&certificate->employee_code, sf_rows_text (rows, row, 1));
    sf_pb_set (&certificate->type_code, sf_rows_text (rows, row, 2));
    sf_pb_set (&certificate->type_zh, sf_rows_text (rows, row, 3));
    sf_pb_set (&certificate->type_en, sf_rows_text (rows, row, 4));
    sf_pb_set (&certificate->number, sf_rows_text (rows, row, 5));
    sf_pb_set (&certificate->authority, sf_rows_text (rows, row, 6));
    certificate->issued_ms = sf_rows_int (rows, row, 7);
    certificate->expires_ms = sf_rows_int (rows, row, 8);
    certificate->reviewed_ms = sf_rows_int (rows, row, 9);
    certificate->review_due_ms = sf_rows_int (rows, row, 10);
    sf_pb_set (&certificate->plant_code, sf_rows_text (rows, row, 11));
    certificate->version = sf_rows_int (rows, row, 12);
    int64_t window = renew_days * QUAL_DAY_MS;
    if (certificate->expires_ms <= now_ms)
        certificate->state = TRAINING__CERTIFICATE_STATE__CERTIFICATE_EXPIRED;
    else
    if (certificate->review_due_ms && certificate->review_due_ms <= now_ms)
        certificate->state = TRAINING__CERTIFICATE_STATE__CERTIFICATE_REVIEW_OVERDUE;
    else
    if (certificate->expires_ms - window <= now_ms
    ||  (certificate->review_due_ms && certificate->review_due_ms - window <= now_ms))
        certificate->state = TRAINING__CERTIFICATE_STATE__CERTIFICATE_DUE;
    else
        certificate->state = TRAINING__CERTIFICATE_STATE__CERTIFICATE_VALID;
    return certificate;
}

static Training__QualificationReason *
s_reason (Training__QualificationPerson *person, Training__QualificationReasonKind kind, const sf_text_t *text, ...)
{
    Training__QualificationReason *reason = sf_pb_add (&person->reasons, &person->n_reasons,
                                                       &training__qualification_reason__descriptor);
    reason->kind = kind;
    va_list args;
    va_start (args, text);
    char *zh, *en;
    sf_text_formatv (text, &zh, &en, args);
    va_end (args);
    sf_pb_set (&reason->zh, zh);
    sf_pb_set (&reason->en, en);
    free (zh);
    free (en);
    return reason;
}

//  The reasons of one level.
static void
s_judge_level (Training__QualificationPerson *person, sf_rows_t *rows, int row)
{
    int level = (int) sf_rows_int (rows, row, 1);
    if (level < 1 || level > 3 || !sf_rows_is_null (rows, row, 7))
        return;
    const sf_text_t *name = &QUAL_LEVEL_NAMES [level];
    int required = (int) sf_rows_int (rows, row, 2), done = (int) sf_rows_int (rows, row, 3);
    if (done < required) {
        Training__QualificationReason *reason = s_reason (person,
            TRAINING__QUALIFICATION_REASON_KIND__QUALIFICATION_LEVEL_HOURS_SHORT, &QUAL_MSG_WHY_HOURS,
            name->zh, name->en, done, required);
        reason->level = (Training__OnboardingLevel) level;
        reason->hours_done = done;
        reason->hours_required = required;
    }
    Training__QualificationReason *reason = NULL;
    if (sf_rows_is_null (rows, row, 4))
        reason = s_reason (person, TRAINING__QUALIFICATION_REASON_KIND__QUALIFICATION_EXAM_ABSENT,
                           &QUAL_MSG_WHY_EXAM_ABSENT, name->zh, name->en);
    else
    if (!sf_rows_bool (rows, row, 4))
        reason = s_reason (person, TRAINING__QUALIFICATION_REASON_KIND__QUALIFICATION_EXAM_FAILED,
                           &QUAL_MSG_WHY_EXAM_FAILED, name->zh, name->en, (int) sf_rows_int (rows, row, 5));
    if (reason)
        reason->level = (Training__OnboardingLevel) level;
}

//  The reason of one certificate the post requires, if any.
static void
s_judge_certificate (Training__QualificationPerson *person, sf_rows_t *rows, int row, int64_t now_ms)
{
    const char *type = sf_rows_text (rows, row, 1), *zh = sf_rows_text (rows, row, 2), *en = sf_rows_text (rows, row, 3);
    int64_t expires = sf_rows_int (rows, row, 5), review_due = sf_rows_int (rows, row, 6);
    char date [16];
    Training__QualificationReason *reason = NULL;
    if (!sf_rows_bool (rows, row, 4))
        reason = s_reason (person, TRAINING__QUALIFICATION_REASON_KIND__QUALIFICATION_CERT_MISSING,
                           &QUAL_MSG_WHY_CERT_MISSING, zh, en);
    else
    if (expires <= now_ms) {
        qual_date_text (expires, date, sizeof date);
        reason = s_reason (person, TRAINING__QUALIFICATION_REASON_KIND__QUALIFICATION_CERT_EXPIRED,
                           &QUAL_MSG_WHY_CERT_EXPIRED, zh, en, date);
        reason->due_ms = expires;
    }
    else
    if (review_due && review_due <= now_ms) {
        qual_date_text (review_due, date, sizeof date);
        reason = s_reason (person, TRAINING__QUALIFICATION_REASON_KIND__QUALIFICATION_CERT_UNREVIEWED,
                           &QUAL_MSG_WHY_CERT_UNREVIEWED, zh, en, date);
        reason->due_ms = review_due;
    }
    if (reason)
        sf_pb_set (&reason->certificate_type, type);
}

//  The person at index of people whose code is column 0 of rows' row, or NULL.
static Training__QualificationPerson *
s_person_of (zhashx_t *index, sf_rows_t *rows, int row)
{
    return (Training__QualificationPerson *) zhashx_lookup (index, sf_rows_text (rows, row, 0));
}

int
qual_judge (sf_db_t *db, char *const *codes, size_t count, int64_t now_ms, bool detail,
            Training__QualificationPerson ***people, size_t *n_people)
{
    *people = NULL;
    *n_people = 0;
    if (count == 0)
        return 0;
    qual_rules_t rules;
    const char *missing = NULL;
    int rc = qual_rules_load (db, &rules, &missing);
    if (rc) {
        if (rc > 0)
            sf_error ("training rule %s is missing", missing);
        return -1;
    }
    char *codes_literal = sf_db_array_literal (codes, count);
    char now [24], year_ago [24], kind [8];
    snprintf (now, sizeof now, "%lld", (long long) now_ms);
    snprintf (year_ago, sizeof year_ago, "%lld", (long long) (now_ms - QUAL_YEAR_DAYS * QUAL_DAY_MS));
    snprintf (kind, sizeof kind, "%d", SF_ORG_EMPLOYEE);
    const char *values [] = { codes_literal, now, year_ago, kind };
    zhashx_t *index = zhashx_new ();
    sf_rows_t *rows = sf_db_query (db,
        "SELECT n.code, n.name_zh, n.name_en, COALESCE (n.parent_code, ''), COALESCE (n.plant_code, ''),"
        " o.employee_code IS NOT NULL, COALESCE (o.away_since_ms, 0), ps.plant_code IS NOT NULL,"
        " (SELECT COALESCE (sum (a.hours), 0) FROM qual_attendance a JOIN qual_session s ON s.id = a.session_id"
        "   JOIN qual_course c ON c.code = s.course_code WHERE a.employee_code = n.code AND c.level = 4"
        "   AND s.date_ms > $3::bigint AND s.date_ms <= $2::bigint),"
        " (SELECT CASE WHEN count (passed_ms) = 3 THEN max (passed_ms) END FROM qual_level l"
        "   WHERE l.employee_code = n.code),"
        //  A manager's post: management hours ever, those a year ago, and management and
        //  refresher hours in the last 365 days (columns 10..13).
        " mp.post_code IS NOT NULL,"
        " (SELECT COALESCE (sum (a.hours), 0) FROM qual_attendance a JOIN qual_session s ON s.id = a.session_id"
        "   JOIN qual_course c ON c.code = s.course_code WHERE a.employee_code = n.code AND c.level = 5"
        "   AND s.date_ms <= $2::bigint),"
        " (SELECT COALESCE (sum (a.hours), 0) FROM qual_attendance a JOIN qual_session s ON s.id = a.session_id"
        "   JOIN qual_course c ON c.code = s.course_code WHERE a.employee_code = n.code AND c.level = 5"
        "   AND s.date_ms <= $3::bigint),"
        " (SELECT COALESCE (sum (a.hours), 0) FROM qual_attendance a JOIN qual_session s ON s.id = a.session_id"
        "   JOIN qual_course c ON c.code = s.course_code WHERE a.employee_code = n.code AND c.level IN (4, 5)"
        "   AND s.date_ms > $3::bigint AND s.date_ms <= $2::bigint)"
        " FROM sf_org_node n LEFT JOIN qual_onboarding o ON o.employee_code = n.code"
        " LEFT JOIN qual_plant_sector ps ON ps.plant_code = n.plant_code"
        " LEFT JOIN qual_manager_post mp ON mp.post_code = n.parent_code"
        " WHERE n.code = ANY ($1::text[]) AND n.kind = $4::smallint AND n.active AND $2::bigint > 0"
        " ORDER BY n.code", 4, values);
    rc = rows? 0: -1;
    for (int i = 0; rows && i < sf_rows_count (rows); i++) {
        Training__QualificationPerson *person = sf_pb_add (people, n_people,
                                                           &training__qualification_person__descriptor);
        sf_pb_set (&person->employee_code, sf_rows_text (rows, i, 0));
        sf_pb_set (&person->name_zh, sf_rows_text (rows, i, 1));
        sf_pb_set (&person->name_en, sf_rows_text (rows, i, 2));
        sf_pb_set (&person->post_code, sf_rows_text (rows, i, 3));
        sf_pb_set (&person->plant_code, sf_rows_text (rows, i, 4));
        person->away_since_ms = sf_rows_int (rows, i, 6);
        person->high_risk = sf_rows_bool (rows, i, 7);
        person->refresher_hours = (int32_t) sf_rows_int (rows, i, 8);
        if (!sf_rows_bool (rows, i, 5))
            s_reason (person, TRAINING__QUALIFICATION_REASON_KIND__QUALIFICATION_NOT_ONBOARDED,
                      &QUAL_MSG_WHY_NOT_ONBOARDED);
        //  The refresher is due a year after the three levels were passed, in a high-risk plant.
        bool onboarded = !sf_rows_is_null (rows, i, 9);
        if (person->high_risk && onboarded
        &&  sf_rows_int (rows, i, 9) <= now_ms - QUAL_YEAR_DAYS * QUAL_DAY_MS)
            person->refresher_required = (int32_t) rules.refresher_hours_high_risk;
        //  A principal or safety manager: the initial hours, then, once they were reached a
        //  year ago, the yearly hours (3号令 第九条; 48 and 16 in a high-risk plant).
        person->manager = sf_rows_bool (rows, i, 10);
        if (person->manager) {
            person->manager_initial_hours = (int32_t) sf_rows_int (rows, i, 11);
            person->manager_initial_required = (int32_t) (person->high_risk? rules.manager_initial_hours_high_risk
                                                                            : rules.manager_initial_hours);
            person->manager_yearly_hours = (int32_t) sf_rows_int (rows, i, 13);
            if (sf_rows_int (rows, i, 12) >= person->manager_initial_required)
                person->manager_yearly_required = (int32_t) (person->high_risk? rules.manager_yearly_hours_high_risk
                                                                              : rules.manager_yearly_hours);
        }
        zhashx_insert (index, person->employee_code, person);
    }
    sf_rows_destroy (&rows);

    if (rc == 0) {
        rows = sf_db_query (db,
            "SELECT employee_code, level, hours_required, hours_credited, exam_passed, COALESCE (exam_score, 0),"
            " opened_ms, passed_ms FROM qual_level WHERE employee_code = ANY ($1::text[])"
            " ORDER BY employee_code, level", 1, values);
        rc = rows? 0: -1;
        for (int i = 0; rows && i < sf_rows_count (rows); i++) {
            Training__QualificationPerson *person = s_person_of (index, rows, i);
            if (!person)
                continue;
            s_judge_level (person, rows, i);
            if (detail) {
                Training__OnboardingLevelState *state = sf_pb_add (&person->levels, &person->n_levels,
                                                                   &training__onboarding_level_state__descriptor);
                state->level = (Training__OnboardingLevel) sf_rows_int (rows, i, 1);
                state->hours_required = (int32_t) sf_rows_int (rows, i, 2);
                state->hours_credited = (int32_t) sf_rows_int (rows, i, 3);
                state->exam_recorded = !sf_rows_is_null (rows, i, 4);
                state->exam_passed = state->exam_recorded && sf_rows_bool (rows, i, 4);
                state->exam_score = (int32_t) sf_rows_int (rows, i, 5);
                state->opened_ms = sf_rows_int (rows, i, 6);
                state->passed_ms = sf_rows_is_null (rows, i, 7)? 0: sf_rows_int (rows, i, 7);
            }
        }
        sf_rows_destroy (&rows);
    }
    if (rc == 0) {
        //  Each certificate type the current post requires, with the person's latest one.
        rows = sf_db_query (db,
            "SELECT n.code, r.type_code, t.name_zh, t.name_en, c.id IS NOT NULL, COALESCE (c.expires_ms, 0),"
            " COALESCE (c.review_due_ms, 0)"
            " FROM sf_org_node n JOIN qual_post_certificate r ON r.post_code = n.parent_code"
            " JOIN qual_certificate_type t ON t.code = r.type_code"
            " LEFT JOIN LATERAL (SELECT id, expires_ms, review_due_ms FROM qual_certificate q"
            "   WHERE q.employee_code = n.code AND q.type_code = r.type_code"
            "   ORDER BY q.expires_ms DESC, q.id DESC LIMIT 1) c ON true"
            " WHERE n.code = ANY ($1::text[]) ORDER BY n.code, r.type_code", 1, values);
        rc = rows? 0: -1;
        for (int i = 0; rows && i < sf_rows_count (rows); i++) {
            Training__QualificationPerson *person = s_person_of (index, rows, i);
            if (!person)
                continue;
            s_judge_certificate (person, rows, i, now_ms);
            if (detail)
                sf_pb_add_string (&person->required_certificates, &person->n_required_certificates,
                                  sf_rows_text (rows, i, 1));
        }
        sf_rows_destroy (&rows);
    }
    if (rc == 0 && detail) {
        rows = sf_db_query (db, QUAL_CERTIFICATE_SELECT " WHERE c.employee_code = ANY ($1::text[])"
                            " ORDER BY c.employee_code, c.type_code, c.expires_ms DESC", 1, values);
        rc = rows? 0: -1;
        for (int i = 0; rows && i < sf_rows_count (rows); i++) {
            Training__QualificationPerson *person = zhashx_lookup (index, sf_rows_text (rows, i, 1));
            if (!person)
                continue;
            Training__Certificate **grown = realloc (person->certificates,
                                                     (person->n_certificates + 1) * sizeof *grown);
            if (!grown)
                continue;
            person->certificates = grown;
            person->certificates [person->n_certificates++] = qual_certificate_fill (rows, i, now_ms, rules.renew_days);
        }
        sf_rows_destroy (&rows);
    }
    for (size_t i = 0; rc == 0 && i < *n_people; i++) {
        Training__QualificationPerson *person = (*people) [i];
        if (person->refresher_hours < person->refresher_required)
            s_reason (person, TRAINING__QUALIFICATION_REASON_KIND__QUALIFICATION_REFRESHER_SHORT,
                      &QUAL_MSG_WHY_REFRESHER, (int) person->refresher_hours, (int) person->refresher_required);
        Training__QualificationReason *short_of = NULL;
        if (person->manager && person->manager_initial_hours < person->manager_initial_required)
            short_of = s_reason (person, TRAINING__QUALIFICATION_REASON_KIND__QUALIFICATION_MANAGER_INITIAL_SHORT,
                      &QUAL_MSG_WHY_MANAGER_INITIAL, (int) person->manager_initial_hours,
                      (int) person->manager_initial_required);
        else
        if (person->manager && person->manager_yearly_hours < person->manager_yearly_required)
            short_of = s_reason (person, TRAINING__QUALIFICATION_REASON_KIND__QUALIFICATION_MANAGER_YEARLY_SHORT,
                      &QUAL_MSG_WHY_MANAGER_YEARLY, (int) person->manager_yearly_hours,
                      (int) person->manager_yearly_required);
        if (short_of) {
            bool initial = short_of->kind == TRAINING__QUALIFICATION_REASON_KIND__QUALIFICATION_MANAGER_INITIAL_SHORT;
            short_of->level = TRAINING__ONBOARDING_LEVEL__ONBOARDING_LEVEL_MANAGEMENT;
            short_of->hours_done = initial? person->manager_initial_hours: person->manager_yearly_hours;
            short_of->hours_required = initial? person->manager_initial_required: person->manager_yearly_required;
        }
        person->qualified = person->n_reasons == 0;
    }
    zhashx_destroy (&index);
    free (codes_literal);
    if (rc) {
        for (size_t i = 0; i < *n_people; i++)
            sf_pb_destroy (&(*people) [i]);
        free (*people);
        *people = NULL;
        *n_people = 0;
    }
    return rc;
}

char *
qual_reason_kinds (const Training__QualificationPerson *person)
{
    size_t size = 1;
    for (size_t i = 0; i < person->n_reasons; i++) {
        const ProtobufCEnumValue *value = protobuf_c_enum_descriptor_get_value (
            &training__qualification_reason_kind__descriptor, person->reasons [i]->kind);
        size += (value? strlen (value->name): 8) + 1;
    }
    char *text = calloc (1, size);
    for (size_t i = 0; text && i < person->n_reasons; i++) {
        const ProtobufCEnumValue *value = protobuf_c_enum_descriptor_get_value (
            &training__qualification_reason_kind__descriptor, person->reasons [i]->kind);
        if (i)
            strcat (text, ",");
        strcat (text, value? value->name: "unknown");
    }
    return text;
}
