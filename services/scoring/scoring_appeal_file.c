/*  scoring_appeal_file: FileAppeal (README_ledger.md, "Appeals"). The person an entry is
    about appeals it (a leader his joint liability too: a cascade entry is about him), or for
    a unit's entry anyone whose grants cover that unit. A reversal or an adjustment is not
    appealed (an adjustment is corrected by another), nor an entry reversed already or one
    with an appeal still open. The entry is locked first: two appeals on one entry one after
    the other see each other (and the route runs alone, so no group holds two such locks).   */
#include "scoring_appeal_store.h"
#include "scoring_events.h"
#include "scoring_ledger.h"
#include "scoring_ledger_messages.h"
#include "scoring_store.h"
#include "sf_clock.h"
#include "sf_org.h"
#include "sf_pb.h"
#include "sf_scope.h"
#include "sf_utf8.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  The longest reason, in characters.
#define S_REASON_MAX_CHARS 1000

int
scoring_appeal_file_units (sf_call_t *call, sf_scope_units_t *units)
{
    char key [24];
    snprintf (key, sizeof key, "%" PRId64, SF_CALL_BODY (call, Scoring__FileAppeal)->entry_id);
    const char *values [] = { key };
    sf_rows_t *rows = sf_db_query (call->db, "SELECT unit_code, subject_code FROM entry WHERE id = $1::bigint",
                                   1, values);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows);
    if (found) {
        sf_scope_units_add (units, sf_rows_text (rows, 0, 0));
        sf_scope_units_add (units, sf_rows_text (rows, 0, 1));
    }
    sf_rows_destroy (&rows);
    return found? 0: 1;
}

//  1 when the actor may appeal entry (it is about them, or about a unit their grants
//  cover), 0 when not, -1 on a db error.
static int
s_may_appeal (sf_call_t *call, const Scoring__Entry *entry)
{
    if (entry->subject_kind == SCORING__SUBJECT_KIND__SUBJECT_PERSON) {
        sf_org_account_t account;
        int found = sf_org_account_find (call->db, scoring_ledger_actor (call), &account);
        if (found <= 0)
            return found;
        return strcmp (account.employee_code, entry->subject_code) == 0;
    }
    if (!call->scope)
        return 0;
    return sf_scope_covers (call->db, call->scope, NULL, SF_REACH_GRANT, entry->unit_code);
}

//  The names of an entry's origin (scoring.EntryOrigin).
static const sf_text_t s_origin_names [] = {
    { "-", "-" }, { "事件", "an event" }, { "连带", "a joint-liability" }, { "三零", "a clean-month" },
    { "申诉撤销", "a reversal" }, { "人工调整", "an adjustment" }
};

//  Refuses an entry that may not be appealed (now); 0 when it may.
static int
s_check (sf_call_t *call, const Scoring__Entry *entry)
{
    int may = s_may_appeal (call, entry);
    if (may < 0) {
        sf_call_fail_db (call, "checking who may appeal");
        return -1;
    }
    if (!may) {
        sf_call_fail (call, SF_PERMISSION_DENIED, &SCORING_APPEAL_MSG_NOT_YOURS, (long long) entry->id);
        return -1;
    }
    if (entry->origin == SCORING__ENTRY_ORIGIN__ORIGIN_REVERSAL || entry->origin == SCORING__ENTRY_ORIGIN__ORIGIN_ADJUSTMENT) {
        const sf_text_t *name = &s_origin_names [entry->origin];
        sf_call_fail (call, SF_FAILED_PRECONDITION, &SCORING_APPEAL_MSG_ORIGIN, (long long) entry->id, name->zh,
                      name->en);
        return -1;
    }
    if (entry->reversed) {
        sf_call_fail (call, SF_FAILED_PRECONDITION, &SCORING_APPEAL_MSG_REVERSED, (long long) entry->id);
        return -1;
    }
    char key [24], open [8];
    snprintf (key, sizeof key, "%" PRId64, entry->id);
    snprintf (open, sizeof open, "%d", SCORING__APPEAL_STATUS__APPEAL_OPEN);
    const char *values [] = { key, open };
    sf_rows_t *rows = sf_db_query (call->db, "SELECT id FROM appeal WHERE entry_id = $1::bigint"
                                             " AND status = $2::smallint", 2, values);
    if (!rows) {
        sf_call_fail_db (call, "looking for an open appeal");
        return -1;
    }
    int64_t pending = sf_rows_count (rows)? sf_rows_int (rows, 0, 0): 0;
    sf_rows_destroy (&rows);
    if (pending) {
        sf_call_fail (call, SF_FAILED_PRECONDITION, &SCORING_APPEAL_MSG_OPEN, (long long) entry->id, (long long) pending);
        return -1;
    }
    return 0;
}

void
scoring_appeal_file (sf_call_t *call)
{
    const Scoring__FileAppeal *request = SF_CALL_BODY (call, Scoring__FileAppeal);
    if (sf_utf8_blank (request->reason) || sf_utf8_chars (request->reason, strlen (request->reason)) > S_REASON_MAX_CHARS) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &SCORING_LEDGER_MSG_REASON_LENGTH, S_REASON_MAX_CHARS);
        return;
    }
    Scoring__Entry *entry = NULL;
    int found = scoring_entry_get (call->db, request->entry_id, true, &entry);
    if (found < 0) {
        sf_call_fail_db (call, "reading an entry");
        return;
    }
    if (!found) {
        sf_call_fail (call, SF_NOT_FOUND, &SCORING_LEDGER_MSG_ENTRY_UNKNOWN, (long long) request->entry_id);
        return;
    }
    if (s_check (call, entry)) {
        sf_pb_destroy (&entry);
        return;
    }
    char entry_id [24], open [8], now [24];
    snprintf (entry_id, sizeof entry_id, "%" PRId64, entry->id);
    snprintf (open, sizeof open, "%d", SCORING__APPEAL_STATUS__APPEAL_OPEN);
    snprintf (now, sizeof now, "%" PRId64, sf_clock_now_ms ());
    const char *values [] = {
        entry_id, entry->plant_code, entry->subject_code, entry->unit_code, request->reason,
        scoring_ledger_actor (call), now, open
    };
    sf_rows_t *rows = sf_db_query (call->db,
        "INSERT INTO appeal (entry_id, plant_code, subject_code, unit_code, reason, filed_by, filed_ms, status)"
        " VALUES ($1::bigint, $2, $3, $4, $5, $6, $7::bigint, $8::smallint) RETURNING id", 8, values);
    int64_t id = rows && sf_rows_count (rows)? sf_rows_int (rows, 0, 0): 0;
    sf_rows_destroy (&rows);
    Scoring__Appeal *appeal = NULL;
    char key [24];
    snprintf (key, sizeof key, "%" PRId64, id);
    if (id <= 0 || scoring_appeal_get (call->db, id, false, &appeal, NULL) != 1
    ||  scoring_emit (call, call->db, "scoring.appeal_filed", "appeal", key, appeal->version, appeal->plant_code,
                      &appeal->base))
        sf_call_fail_db (call, "filing an appeal");
    else {
        sf_log (SF_LOG_INFO, &call->log, "appeal %" PRId64 " filed on entry %" PRId64 " by %s", id, entry->id,
                scoring_ledger_actor (call));
        sf_call_reply (call, &appeal->base);
    }
    sf_pb_destroy (&appeal);
    sf_pb_destroy (&entry);
}
