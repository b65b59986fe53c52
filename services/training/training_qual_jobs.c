/*  training_qual_jobs: onboarding reconciliation, certificate reminders and qualification
    changes, as one periodic job (training_qual_jobs.h).                                   */
#include "training_qual_jobs.h"
#include "training_qual.h"
#include "sf_clock.h"
#include "sf_log.h"
#include "sf_pb.h"

#include <czmq.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    int batch;
} s_state_t;

static s_state_t s_state = { QUAL_JOB_BATCH };

//  Opens the levels for reason of each employee whose code is column 0 of rows. The count
//  opened, or -1.
static int
s_open_each (sf_db_t *db, sf_rows_t *rows, Training__OnboardingReason reason, int64_t now_ms)
{
    int opened = 0;
    for (int i = 0; i < sf_rows_count (rows); i++) {
        sf_org_node_t employee;
        int found = sf_org_find (db, sf_rows_text (rows, i, 0), &employee);
        if (found < 0)
            return -1;
        if (!found)
            continue;
        int rc = qual_onboarding_open (db, NULL, &employee, reason, now_ms);
        if (rc < 0)
            return -1;
        if (rc == 0) {
            sf_info ("onboarding of %s opened (%s), post %s, plant %s", employee.code,
                     reason == TRAINING__ONBOARDING_REASON__ONBOARDING_REASON_NEW? "new":
                     reason == TRAINING__ONBOARDING_REASON__ONBOARDING_REASON_JOB_CHANGE? "job change": "return",
                     employee.parent_code, employee.plant_code);
            opened++;
        }
    }
    return opened;
}

int
training_qual_reconcile (sf_db_t *db, int64_t now_ms, int batch)
{
    qual_rules_t rules;
    if (qual_rules_load (db, &rules, NULL))
        return -1;
    char kind [8], limit [16], now [24];
    snprintf (kind, sizeof kind, "%d", SF_ORG_EMPLOYEE);
    snprintf (limit, sizeof limit, "%d", batch);
    snprintf (now, sizeof now, "%lld", (long long) now_ms);
    const char *values [] = { kind, limit };
    int total = 0;

    //  New employees: active in the copy, never opened.
    sf_rows_t *rows = sf_db_query (db,
        "SELECT n.code FROM sf_org_node n WHERE n.kind = $1::smallint AND n.active"
        " AND NOT EXISTS (SELECT 1 FROM qual_onboarding o WHERE o.employee_code = n.code)"
        " ORDER BY n.code LIMIT $2::integer", 2, values);
    int opened = rows? s_open_each (db, rows, TRAINING__ONBOARDING_REASON__ONBOARDING_REASON_NEW, now_ms): -1;
    sf_rows_destroy (&rows);
    if (opened < 0)
        return -1;
    total += opened;

    //  A job change: the current post is not the one the levels were opened for.
    rows = sf_db_query (db,
        "SELECT n.code FROM sf_org_node n JOIN qual_onboarding o ON o.employee_code = n.code"
        " WHERE n.kind = $1::smallint AND n.active AND o.post_code <> COALESCE (n.parent_code, '')"
        " ORDER BY n.code LIMIT $2::integer", 2, values);
    opened = rows? s_open_each (db, rows, TRAINING__ONBOARDING_REASON__ONBOARDING_REASON_JOB_CHANGE, now_ms): -1;
    sf_rows_destroy (&rows);
    if (opened < 0)
        return -1;
    total += opened;

    //  Gone from the org (inactive): away from now on, unless an absence is already recorded.
    const char *away_values [] = { now };
    if (sf_db_exec (db,
            "UPDATE qual_onboarding o SET away_since_ms = $1::bigint, away_by_org = true FROM sf_org_node n"
            " WHERE n.code = o.employee_code AND NOT n.active AND o.away_since_ms IS NULL", 1, away_values) < 0)
        return -1;

    //  Active again after an absence the org told: levels again when it lasted long enough.
    rows = sf_db_query (db,
        "SELECT n.code, o.away_since_ms FROM sf_org_node n JOIN qual_onboarding o ON o.employee_code = n.code"
        " WHERE n.kind = $1::smallint AND n.active AND o.away_by_org ORDER BY n.code LIMIT $2::integer", 2, values);
    if (!rows)
        return -1;
    for (int i = 0; i < sf_rows_count (rows) && opened >= 0; i++) {
        const char *code = sf_rows_text (rows, i, 0);
        if (qual_add_months (sf_rows_int (rows, i, 1), (int) rules.retrain_after_months) <= now_ms) {
            sf_org_node_t employee;
            int found = sf_org_find (db, code, &employee);
            int rc = found == 1? qual_onboarding_open (db, NULL, &employee,
                                                       TRAINING__ONBOARDING_REASON__ONBOARDING_REASON_RETURN, now_ms):
                     found;
            if (rc < 0)
                opened = -1;
            else
            if (rc == 0) {
                sf_info ("onboarding of %s opened again: back after %lld months or more", code,
                         (long long) rules.retrain_after_months);
                total++;
            }
        }
        else {
            const char *back [] = { code };
            if (sf_db_exec (db, "UPDATE qual_onboarding SET away_since_ms = NULL, away_by_org = false"
                                " WHERE employee_code = $1", 1, back) < 0)
                opened = -1;
        }
    }
    sf_rows_destroy (&rows);
    return opened < 0? -1: total;
}

int
training_qual_remind (sf_db_t *db, int64_t now_ms, int batch)
{
    qual_rules_t rules;
    if (qual_rules_load (db, &rules, NULL))
        return -1;
    char now [24], horizon [24], limit [16];
    snprintf (now, sizeof now, "%lld", (long long) now_ms);
    snprintf (horizon, sizeof horizon, "%lld", (long long) (now_ms + rules.renew_days * QUAL_DAY_MS));
    snprintf (limit, sizeof limit, "%d", batch);
    const char *values [] = { now, horizon, limit };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT c.id, k.kind, k.due_ms FROM qual_certificate c"
        " JOIN sf_org_node n ON n.code = c.employee_code AND n.active"
        " CROSS JOIN LATERAL (VALUES (1, c.expires_ms), (2, c.review_due_ms)) k (kind, due_ms)"
        " WHERE k.due_ms > $1::bigint AND k.due_ms <= $2::bigint"
        " AND NOT EXISTS (SELECT 1 FROM qual_certificate_reminder r"
        "   WHERE r.certificate_id = c.id AND r.kind = k.kind AND r.due_ms = k.due_ms)"
        " ORDER BY k.due_ms, c.id LIMIT $3::integer", 3, values);
    if (!rows)
        return -1;
    int sent = 0;
    for (int i = 0; i < sf_rows_count (rows) && sent >= 0; i++) {
        const char *id = sf_rows_text (rows, i, 0), *kind = sf_rows_text (rows, i, 1), *due = sf_rows_text (rows, i, 2);
        const char *insert [] = { id, kind, due, now };
        const char *read [] = { id };
        sf_rows_t *found = NULL;
        if (sf_db_exec (db, "INSERT INTO qual_certificate_reminder (certificate_id, kind, due_ms, sent_ms)"
                            " VALUES ($1::bigint, $2::smallint, $3::bigint, $4::bigint)", 4, insert) < 0
        ||  !(found = sf_db_query (db, QUAL_CERTIFICATE_SELECT " WHERE c.id = $1::bigint", 1, read))) {
            sent = -1;
            break;
        }
        Training__CertificateDue *due_event = sf_pb_new (&training__certificate_due__descriptor);
        due_event->certificate = qual_certificate_fill (found, 0, now_ms, rules.renew_days);
        due_event->kind = (Training__CertificateDueKind) sf_rows_int (rows, i, 1);
        due_event->due_ms = sf_rows_int (rows, i, 2);
        sf_rows_destroy (&found);
        if (qual_emit (db, NULL, "training.certificate_due", "certificate", id, due_event->certificate->version,
                       due_event->certificate->plant_code, &due_event->base))
            sent = -1;
        else {
            sf_info ("certificate %s of %s: %s due on %s", id, due_event->certificate->employee_code,
                     due_event->kind == TRAINING__CERTIFICATE_DUE_KIND__CERTIFICATE_DUE_EXPIRY? "expiry": "review", due);
            sent++;
        }
        sf_pb_destroy (&due_event);
    }
    sf_rows_destroy (&rows);
    return sent;
}

//  Stores person's judgement; emits when it changed (or is the first, and unqualified).
//  1 when an event was emitted, 0 when not, -1 on a database error.
static int
s_store_judgement (sf_db_t *db, Training__QualificationPerson *person, int previous, int64_t now_ms)
{
    char *kinds = qual_reason_kinds (person);
    char now [24];
    snprintf (now, sizeof now, "%lld", (long long) now_ms);
    const char *values [] = { person->employee_code, person->qualified? "true": "false", kinds? kinds: "", now };
    sf_rows_t *rows = sf_db_query (db,
        "INSERT INTO qual_status AS s (employee_code, qualified, reasons, changed_ms, checked_ms)"
        " VALUES ($1, $2::boolean, $3, $4::bigint, $4::bigint) ON CONFLICT (employee_code) DO UPDATE SET"
        " qualified = EXCLUDED.qualified, reasons = EXCLUDED.reasons, checked_ms = EXCLUDED.checked_ms,"
        " changed_ms = CASE WHEN s.qualified <> EXCLUDED.qualified THEN EXCLUDED.changed_ms ELSE s.changed_ms END,"
        " version = s.version + CASE WHEN s.qualified <> EXCLUDED.qualified THEN 1 ELSE 0 END"
        " RETURNING version", 4, values);
    free (kinds);
    if (!rows)
        return -1;
    int64_t version = sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    bool changed = previous < 0? !person->qualified: previous != (int) person->qualified;
    if (!changed)
        return 0;
    const char *type = person->qualified? "training.person_qualified": "training.person_unqualified";
    if (qual_emit (db, NULL, type, "qualification", person->employee_code, version, person->plant_code, &person->base))
        return -1;
    sf_info ("%s is %s (post %s, %zu reasons)", person->employee_code, person->qualified? "qualified": "unqualified",
             person->post_code, person->n_reasons);
    return 1;
}

int
training_qual_judge (sf_db_t *db, int64_t now_ms, int batch)
{
    char kind [8], limit [16];
    snprintf (kind, sizeof kind, "%d", SF_ORG_EMPLOYEE);
    snprintf (limit, sizeof limit, "%d", batch);
    const char *values [] = { kind, limit };
    //  The employees judged longest ago (never first), a batch a run.
    sf_rows_t *rows = sf_db_query (db,
        "SELECT n.code, s.qualified FROM sf_org_node n LEFT JOIN qual_status s ON s.employee_code = n.code"
        " WHERE n.kind = $1::smallint AND n.active ORDER BY s.checked_ms NULLS FIRST, n.code LIMIT $2::integer",
        2, values);
    if (!rows)
        return -1;
    int count = sf_rows_count (rows);
    char **codes = calloc ((size_t) count + 1, sizeof *codes);
    zhashx_t *previous = zhashx_new ();
    for (int i = 0; i < count; i++) {
        codes [i] = strdup (sf_rows_text (rows, i, 0));
        if (!sf_rows_is_null (rows, i, 1))
            zhashx_insert (previous, codes [i], sf_rows_bool (rows, i, 1)? (void *) "1": (void *) "0");
    }
    sf_rows_destroy (&rows);
    Training__QualificationPerson **people = NULL;
    size_t n_people = 0;
    int changes = qual_judge (db, codes, (size_t) count, now_ms, false, &people, &n_people);
    for (size_t i = 0; i < n_people; i++) {
        if (changes >= 0) {
            const char *was = zhashx_lookup (previous, people [i]->employee_code);
            int rc = s_store_judgement (db, people [i], was? *was == '1': -1, now_ms);
            changes = rc < 0? -1: changes + rc;
        }
        sf_pb_destroy (&people [i]);
    }
    free (people);
    zhashx_destroy (&previous);
    for (int i = 0; i < count; i++)
        free (codes [i]);
    free (codes);
    return changes;
}

static int
s_run (sf_db_t *db, const char *job, int64_t occurrence_ms, void *arg)
{
    (void) job;
    (void) occurrence_ms;
    const s_state_t *state = (const s_state_t *) arg;
    int64_t now_ms = sf_clock_now_ms ();
    int opened = training_qual_reconcile (db, now_ms, state->batch);
    int reminded = opened < 0? -1: training_qual_remind (db, now_ms, state->batch);
    int judged = reminded < 0? -1: training_qual_judge (db, now_ms, state->batch);
    if (judged < 0) {
        sf_warn ("training.qual job failed (%s): %s; retried later", sf_db_sqlstate (db), sf_db_error (db));
        return -1;
    }
    return 0;
}

void *
training_qual_start (sf_config_t *config, sf_scheduler_t *scheduler)
{
    (void) config;
    sf_scheduler_every (scheduler, QUAL_JOB, QUAL_JOB_PERIOD_MS, 0, s_run, &s_state);
    return &s_state;
}
