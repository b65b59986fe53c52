/*  scoring_ledger_adjust: AddAdjustment (README_ledger.md, "Adjustments"): a safety officer's
    correction, or a reward or penalty no event carries, written as an entry of kind
    manual.adjustment with its reason, at the moment it is made (so in the plant's first open
    month), once per request (source_key "adjust:<request id>").                         */
#include "scoring.h"
#include "scoring_events.h"
#include "scoring_ledger.h"
#include "scoring_ledger_messages.h"
#include "scoring_store.h"
#include "sf_clock.h"
#include "sf_pb.h"
#include "sf_scope.h"
#include "sf_utf8.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  The largest adjustment either way, in centipoints (1000 points): a bound on typing
//  mistakes, not a policy figure (the rules' points are in the rule tables).
#define S_POINTS_MAX 100000
//  The longest reason, in characters.
#define S_REASON_MAX_CHARS 500

#define S_KIND "manual.adjustment"

int
scoring_ledger_adjust_units (sf_call_t *call, sf_scope_units_t *units)
{
    const char *code = SF_CALL_BODY (call, Scoring__AddAdjustment)->subject_code;
    if (strlen (code) >= sizeof units->codes [0])
        return 1;
    scoring_subject_t subject;
    int found = scoring_subject_find (call->db, code, &subject);
    if (found < 0)
        return -1;
    if (!found)
        return 1;
    sf_scope_units_add (units, subject.unit_code);
    return 0;
}

static bool
s_reason_ok (const char *text, bool required)
{
    if (sf_utf8_blank (text))
        return !required && !*text;
    return sf_utf8_chars (text, strlen (text)) <= S_REASON_MAX_CHARS;
}

//  Refuses what the request may not ask; 0 when it may be written, with the subject.
static int
s_check (sf_call_t *call, const Scoring__AddAdjustment *request, scoring_subject_t *subject)
{
    int found = strlen (request->subject_code) < sizeof subject->code?
                scoring_subject_find (call->db, request->subject_code, subject): 0;
    if (found < 0) {
        sf_call_fail_db (call, "finding the subject");
        return -1;
    }
    if (!found) {
        sf_call_fail (call, SF_NOT_FOUND, &SCORING_LEDGER_MSG_SUBJECT_UNKNOWN, request->subject_code);
        return -1;
    }
    if (request->subject_kind != SCORING__SUBJECT_KIND__SUBJECT_KIND_UNSPECIFIED && request->subject_kind != subject->kind) {
        bool person = subject->kind == SCORING__SUBJECT_KIND__SUBJECT_PERSON;
        sf_call_fail (call, SF_INVALID_ARGUMENT, &SCORING_LEDGER_MSG_SUBJECT_KIND, subject->code,
                      person? "个人": "单位", person? "person": "unit");
        return -1;
    }
    if (request->points == 0 || request->points > S_POINTS_MAX || request->points < -S_POINTS_MAX) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &SCORING_LEDGER_MSG_POINTS, (long long) S_POINTS_MAX);
        return -1;
    }
    if (!s_reason_ok (request->reason_zh, true) || !s_reason_ok (request->reason_en, false)) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &SCORING_LEDGER_MSG_REASON_LENGTH, S_REASON_MAX_CHARS);
        return -1;
    }
    if (request->ref_entry_id) {
        found = scoring_entry_get (call->db, request->ref_entry_id, false, NULL);
        if (found < 0) {
            sf_call_fail_db (call, "reading the entry corrected");
            return -1;
        }
        if (!found) {
            sf_call_fail (call, SF_NOT_FOUND, &SCORING_LEDGER_MSG_REF_UNKNOWN, (long long) request->ref_entry_id);
            return -1;
        }
    }
    return 0;
}

//  The id of the entry source_key wrote for subject (a request id seen before): >0, 0 none, -1.
static int64_t
s_existing (sf_db_t *db, const char *source_key, const scoring_subject_t *subject)
{
    const char *values [] = { source_key, S_KIND, subject->code };
    sf_rows_t *rows = sf_db_query (db, "SELECT id FROM entry WHERE source_key = $1 AND kind = $2 AND subject_code = $3",
                                   3, values);
    if (!rows)
        return -1;
    int64_t id = sf_rows_count (rows)? sf_rows_int (rows, 0, 0): 0;
    sf_rows_destroy (&rows);
    return id;
}

void
scoring_ledger_adjust (sf_call_t *call)
{
    const Scoring__AddAdjustment *request = SF_CALL_BODY (call, Scoring__AddAdjustment);
    const scoring_state_t *state = call->state;
    scoring_subject_t subject;
    if (s_check (call, request, &subject))
        return;
    int64_t version;
    char zone [64], source_key [128];
    if (scoring_ledger_rule_version (call->db, &version)
    ||  scoring_plant_zone (call->db, subject.plant_code, state->time_zone, zone, sizeof zone)) {
        sf_call_fail_db (call, "reading the rules and the plant's zone");
        return;
    }
    snprintf (source_key, sizeof source_key, "adjust:%s", call->request->request_id? call->request->request_id: "");
    const scoring_entry_input_t input = {
        .subject = &subject, .kind = S_KIND, .points = request->points,
        .origin = SCORING__ENTRY_ORIGIN__ORIGIN_ADJUSTMENT, .source_key = source_key,
        .rule_version = version, .parent_entry_id = request->ref_entry_id, .reason_zh = request->reason_zh,
        .reason_en = *request->reason_en? request->reason_en: request->reason_zh,
        .created_by = scoring_ledger_actor (call), .occurred_ms = sf_clock_now_ms (), .time_zone = zone
    };
    int64_t id = scoring_entry_add (call->db, &input);
    if (id == 0)
        id = s_existing (call->db, source_key, &subject);
    Scoring__Entry *entry = NULL;
    char key [24];
    snprintf (key, sizeof key, "%" PRId64, id);
    if (id <= 0 || scoring_entry_get (call->db, id, false, &entry) != 1
    ||  scoring_emit (call, call->db, "scoring.entry_adjusted", "entry", key, 1, entry->plant_code, &entry->base)) {
        sf_call_fail_db (call, "writing an adjustment");
        sf_pb_destroy (&entry);
        return;
    }
    sf_log (SF_LOG_INFO, &call->log, "entry %" PRId64 " adjusts %s by %" PRId64 " (%s)", id, subject.code,
            request->points, scoring_ledger_actor (call));
    sf_call_reply (call, &entry->base);
    sf_pb_destroy (&entry);
}
