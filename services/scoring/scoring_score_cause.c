/*  scoring_score_cause: a cause into entries under the current rules.                     */
#include "scoring_score.h"
#include "scoring_cascade.h"
#include "scoring_rules_store.h"
#include "scoring_store.h"
#include "sf_clock.h"
#include "sf_log.h"
#include "sf_org.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
scoring_score_unscored (sf_db_t *db, const char *event_id, const char *event_type, const char *subject,
                        const char *reason)
{
    char at [24];
    snprintf (at, sizeof at, "%" PRId64, sf_clock_now_ms ());
    const char *values [] = { event_id? event_id: "", event_type? event_type: "", subject? subject: "", reason, at };
    sf_warn ("event %s (%s) not scored: %s '%s'", values [0], values [1], reason, values [2]);
    return sf_db_exec (db, "INSERT INTO unscored_event (event_id, event_type, subject, reason, at_ms)"
                           " VALUES ($1, $2, $3, $4, $5::bigint) ON CONFLICT DO NOTHING", 5, values) < 0? -1: 0;
}

int
scoring_score_employee_of (sf_db_t *db, const char *login, char employee [33])
{
    sf_org_account_t account;
    int found = sf_org_account_find (db, login, &account);
    if (found < 0)
        return -1;
    snprintf (employee, 33, "%s", found? account.employee_code: "");
    return found && *employee? 1: 0;
}

//  One side (person or unit) of cause with points. Entries written, or -1.
static int
s_side (sf_db_t *db, const scoring_state_t *state, const scoring_cause_t *cause, const scoring_rule_t *rule,
        const char *code, bool person, int64_t points)
{
    scoring_subject_t subject;
    int found = scoring_subject_find (db, code, &subject);
    if (found < 0)
        return -1;
    if (person && cause->person_optional && (!found || subject.kind != SCORING__SUBJECT_KIND__SUBJECT_PERSON))
        return 0;
    if (!found || (person && subject.kind != SCORING__SUBJECT_KIND__SUBJECT_PERSON)
               || (!person && subject.kind != SCORING__SUBJECT_KIND__SUBJECT_UNIT))
        return scoring_score_unscored (db, cause->event_id, cause->event_type, code,
                                       !found? "not in the org copy": person? "not an employee": "not a unit");
    const char *fallback = state && state->time_zone? state->time_zone: "UTC";
    char zone [64];
    if (scoring_plant_zone (db, subject.plant_code, fallback, zone, sizeof zone))
        return -1;
    const char *ref = cause->source_ref? cause->source_ref: "";
    char *reason_zh = NULL, *reason_en = NULL;
    if (cause->item_no > 0?
            asprintf (&reason_zh, "%s：%s 第%d天", rule->name_zh, ref, cause->item_no) < 0
         || asprintf (&reason_en, "%s: %s day %d", rule->name_en, ref, cause->item_no) < 0:
            asprintf (&reason_zh, "%s：%s", rule->name_zh, ref) < 0
         || asprintf (&reason_en, "%s: %s", rule->name_en, ref) < 0)
        abort ();
    scoring_entry_input_t input = {
        .subject = &subject, .kind = cause->kind, .points = points, .origin = SCORING__ENTRY_ORIGIN__ORIGIN_EVENT,
        .source_key = cause->source_key, .source_event_id = cause->event_id, .source_event_type = cause->event_type,
        .source_ref = ref, .item_no = cause->item_no, .rule_version = rule->version,
        .reason_zh = reason_zh, .reason_en = reason_en, .occurred_ms = cause->occurred_ms, .time_zone = zone
    };
    int64_t id = scoring_entry_add (db, &input);
    int written = id < 0? -1: id > 0? 1: 0;
    if (id > 0) {
        sf_info ("entry %" PRId64 ": %s %s %" PRId64 " centipoints (%s, %s)", id, cause->kind, subject.code, points,
                 cause->event_type? cause->event_type: "", ref);
        if (person && rule->cascade) {
            int cascaded = scoring_cascade_apply (db, id, &input, rule->name_zh, rule->name_en, fallback);
            written = cascaded < 0? -1: written + cascaded;
        }
    }
    free (reason_zh);
    free (reason_en);
    return written;
}

int
scoring_score_cause (sf_db_t *db, const scoring_state_t *state, const scoring_cause_t *cause)
{
    scoring_rule_t rule;
    if (scoring_rule_current (db, cause->kind, &rule) < 0)
        return -1;
    if (rule.version < 1)
        return 0;
    int written = 0;
    if (rule.person_points && cause->person && *cause->person) {
        int rc = s_side (db, state, cause, &rule, cause->person, true, rule.person_points);
        if (rc < 0)
            return -1;
        written += rc;
    }
    if (rule.unit_points && cause->unit && *cause->unit) {
        int rc = s_side (db, state, cause, &rule, cause->unit, false, rule.unit_points);
        if (rc < 0)
            return -1;
        written += rc;
    }
    return written;
}
