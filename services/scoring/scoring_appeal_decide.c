/*  scoring_appeal_decide: DecideAppeal (README_ledger.md, "Appeals"): open → upheld, or open
    → reversed. A reversal negates the entry and each of its joint-liability entries, each by
    an entry of its own: the same subject where it sat then, the same kind (so a kind's
    monthly cap still nets out), the same cascade level and factor, origin ORIGIN_REVERSAL,
    parent_entry_id the entry reversed, at the original's moment, so that it counts in the
    original's month while that is open and else in the first open month after it, with a
    reference. The originals are flagged reversed (the only change a closed month allows).
    The route runs alone: it locks the appeal, then the entry and its cascades in id order. */
#include "scoring.h"
#include "scoring_appeal_store.h"
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

//  The longest decision note, in characters.
#define S_NOTE_MAX_CHARS 1000

int
scoring_appeal_decide_units (sf_call_t *call, sf_scope_units_t *units)
{
    char key [24];
    snprintf (key, sizeof key, "%" PRId64, SF_CALL_BODY (call, Scoring__DecideAppeal)->appeal_id);
    const char *values [] = { key };
    sf_rows_t *rows = sf_db_query (call->db, "SELECT unit_code FROM appeal WHERE id = $1::bigint", 1, values);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows);
    if (found)
        sf_scope_units_add (units, sf_rows_text (rows, 0, 0));
    sf_rows_destroy (&rows);
    return found? 0: 1;
}

//  The names of an appeal's states (scoring.AppealStatus).
static const sf_text_t s_status_names [] = {
    { "-", "-" }, { "待裁决", "open" }, { "维持", "upheld" }, { "撤销", "reversed" }
};

//  Reads and locks the appeal; NULL with the call failed when it is unknown, decided, or
//  the actor's own.
static Scoring__Appeal *
s_begin (sf_call_t *call, const Scoring__DecideAppeal *request)
{
    if (sf_utf8_blank (request->note) || sf_utf8_chars (request->note, strlen (request->note)) > S_NOTE_MAX_CHARS) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &SCORING_LEDGER_MSG_REASON_LENGTH, S_NOTE_MAX_CHARS);
        return NULL;
    }
    Scoring__Appeal *appeal = NULL;
    int found = scoring_appeal_get (call->db, request->appeal_id, true, &appeal, NULL);
    if (found < 0)
        sf_call_fail_db (call, "reading an appeal");
    else
    if (!found)
        sf_call_fail (call, SF_NOT_FOUND, &SCORING_APPEAL_MSG_UNKNOWN, (long long) request->appeal_id);
    else
    if (appeal->status != SCORING__APPEAL_STATUS__APPEAL_OPEN) {
        const sf_text_t *name = &s_status_names [appeal->status <= SCORING__APPEAL_STATUS__APPEAL_REVERSED?
                                                 appeal->status: 0];
        sf_call_fail (call, SF_FAILED_PRECONDITION, &SCORING_APPEAL_MSG_DECIDED, (long long) appeal->id, name->zh,
                      name->en);
        sf_pb_destroy (&appeal);
    }
    else
    if (strcmp (appeal->filed_by, scoring_ledger_actor (call)) == 0) {
        sf_call_fail (call, SF_PERMISSION_DENIED, &SCORING_APPEAL_MSG_OWN, (long long) appeal->id);
        sf_pb_destroy (&appeal);
    }
    return appeal;
}

//  Writes the reversal of original (not reversed yet) and flags it; the reversal's id, or -1.
static int64_t
s_reverse_one (sf_call_t *call, const Scoring__Entry *original, const char *note)
{
    const scoring_state_t *state = call->state;
    scoring_subject_t subject = { .kind = original->subject_kind, .active = true };
    snprintf (subject.code, sizeof subject.code, "%s", original->subject_code);
    snprintf (subject.unit_code, sizeof subject.unit_code, "%s", original->unit_code);
    snprintf (subject.team_code, sizeof subject.team_code, "%s", original->team_code);
    snprintf (subject.department_code, sizeof subject.department_code, "%s", original->department_code);
    snprintf (subject.plant_code, sizeof subject.plant_code, "%s", original->plant_code);
    char zone [64], source_key [48];
    if (scoring_plant_zone (call->db, original->plant_code, state->time_zone, zone, sizeof zone))
        return -1;
    snprintf (source_key, sizeof source_key, "reversal:%" PRId64, original->id);
    size_t size = strlen (note) + 64;
    char *reason_zh = malloc (size), *reason_en = malloc (size);
    snprintf (reason_zh, size, SCORING_APPEAL_REVERSAL_REASON.zh, note);
    snprintf (reason_en, size, SCORING_APPEAL_REVERSAL_REASON.en, note);
    const scoring_entry_input_t input = {
        .subject = &subject, .kind = original->kind, .points = -original->points,
        .origin = SCORING__ENTRY_ORIGIN__ORIGIN_REVERSAL, .source_key = source_key,
        .source_ref = original->source_ref, .item_no = original->item_no, .rule_version = original->rule_version,
        .parent_entry_id = original->id, .cascade_level = original->cascade_level, .factor = original->factor,
        .reason_zh = reason_zh, .reason_en = reason_en, .created_by = scoring_ledger_actor (call),
        .occurred_ms = original->occurred_ms, .time_zone = zone
    };
    int64_t id = scoring_entry_add (call->db, &input);
    free (reason_zh);
    free (reason_en);
    if (id == 0) {
        //  Written before (not possible while the original is not flagged; kept safe): that one.
        const char *values [] = { source_key, original->kind, original->subject_code };
        sf_rows_t *rows = sf_db_query (call->db, "SELECT id FROM entry WHERE source_key = $1 AND kind = $2"
                                                 " AND subject_code = $3", 3, values);
        id = rows && sf_rows_count (rows)? sf_rows_int (rows, 0, 0): -1;
        sf_rows_destroy (&rows);
    }
    if (id < 0)
        return -1;
    char key [24];
    snprintf (key, sizeof key, "%" PRId64, original->id);
    const char *values [] = { key };
    if (sf_db_exec (call->db, "UPDATE entry SET reversed = true WHERE id = $1::bigint", 1, values) != 1)
        return -1;
    return id;
}

//  Reverses entry_id and its cascades not reversed yet; their reversals' ids into *ids (caller
//  frees). 0, or -1 on a db error.
static int
s_reverse (sf_call_t *call, int64_t entry_id, const char *note, int64_t **ids, size_t *count)
{
    char key [24], cascade [8];
    snprintf (key, sizeof key, "%" PRId64, entry_id);
    snprintf (cascade, sizeof cascade, "%d", SCORING__ENTRY_ORIGIN__ORIGIN_CASCADE);
    const char *values [] = { key, cascade };
    sf_rows_t *rows = sf_db_query (call->db,
        "SELECT " SCORING_ENTRY_COLUMNS " FROM " SCORING_ENTRY_FROM
        " WHERE e.id = $1::bigint OR (e.parent_entry_id = $1::bigint AND e.origin = $2::smallint)"
        " ORDER BY e.id FOR UPDATE OF e", 2, values);
    if (!rows)
        return -1;
    int rc = 0;
    for (int row = 0; row < sf_rows_count (rows) && rc == 0; row++) {
        Scoring__Entry *original = scoring_entry_from_row (rows, row);
        if (!original->reversed) {
            int64_t id = s_reverse_one (call, original, note);
            if (id < 0)
                rc = -1;
            else {
                *ids = realloc (*ids, (*count + 1) * sizeof **ids);
                (*ids) [(*count)++] = id;
            }
        }
        sf_pb_destroy (&original);
    }
    sf_rows_destroy (&rows);
    return rc;
}

void
scoring_appeal_decide (sf_call_t *call)
{
    const Scoring__DecideAppeal *request = SF_CALL_BODY (call, Scoring__DecideAppeal);
    Scoring__Appeal *appeal = s_begin (call, request);
    if (!appeal)
        return;
    int64_t *ids = NULL;
    size_t count = 0;
    if (request->reverse && s_reverse (call, appeal->entry_id, request->note, &ids, &count)) {
        sf_call_fail_db (call, "reversing an entry");
        free (ids);
        sf_pb_destroy (&appeal);
        return;
    }
    char *id_list = sf_db_int_array_literal (ids, count);
    char key [24], status [8], now [24];
    snprintf (key, sizeof key, "%" PRId64, appeal->id);
    snprintf (status, sizeof status, "%d", request->reverse? SCORING__APPEAL_STATUS__APPEAL_REVERSED
                                                           : SCORING__APPEAL_STATUS__APPEAL_UPHELD);
    snprintf (now, sizeof now, "%" PRId64, sf_clock_now_ms ());
    const char *values [] = { key, status, scoring_ledger_actor (call), now, request->note, id_list };
    int64_t changed = sf_db_exec (call->db,
        "UPDATE appeal SET status = $2::smallint, decided_by = $3, decided_ms = $4::bigint, decision_note = $5,"
        " reversal_entry_ids = $6::bigint[], version = version + 1 WHERE id = $1::bigint", 6, values);
    free (id_list);
    free (ids);
    sf_pb_destroy (&appeal);
    if (changed != 1 || scoring_appeal_get (call->db, request->appeal_id, false, &appeal, NULL) != 1
    ||  scoring_emit (call, call->db, "scoring.appeal_decided", "appeal", key, appeal->version, appeal->plant_code,
                      &appeal->base))
        sf_call_fail_db (call, "deciding an appeal");
    else {
        sf_log (SF_LOG_INFO, &call->log, "appeal %" PRId64 " %s by %s (%zu reversal entries)", appeal->id,
                request->reverse? "reversed": "upheld", scoring_ledger_actor (call), appeal->n_reversal_entry_ids);
        sf_call_reply (call, &appeal->base);
    }
    sf_pb_destroy (&appeal);
}
