/*  scoring_letter_sign: SignLetter. issued → partly signed (one side) → signed (both, either
    order); who may sign a side is letter_level's (scoring_letter_may_sign): a signature is
    personal, so for a person's letter side B is that employee's own account and nobody
    else's, admin included. Each signature keeps who and when (the business clock); event
    scoring.letter_signed.                                                                 */
#include "scoring_events.h"
#include "scoring_letter.h"
#include "scoring_letter_messages.h"
#include "sf_clock.h"
#include "sf_org.h"
#include "sf_pb.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
scoring_letter_may_sign (sf_db_t *db, const sf_scope_t *scope, const Scoring__Letter *letter,
                         Scoring__LetterSide side, const sf_text_t **why, char *roles, size_t size)
{
    char level [16];
    snprintf (level, sizeof level, "%d", (int) letter->level);
    const char *values [] = { level };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT array_to_string (a_roles, ','), array_to_string (b_roles, ','), b_person FROM letter_level"
        " WHERE level = $1::smallint", 1, values);
    if (!rows)
        return -1;
    if (sf_rows_count (rows) != 1) {
        sf_rows_destroy (&rows);
        return -1;
    }
    bool a_side = side == SCORING__LETTER_SIDE__SIDE_A;
    bool person = sf_rows_bool (rows, 0, 2);
    snprintf (roles, size, "%s", sf_rows_text (rows, 0, a_side? 0: 1));
    sf_rows_destroy (&rows);
    int may;
    if (a_side || !person) {
        may = sf_scope_covers (db, scope, roles, SF_REACH_GRANT, a_side? letter->party_a: letter->party_b);
        *why = a_side? &SCORING_LETTER_MSG_SIGN_A: &SCORING_LETTER_MSG_SIGN_B_UNIT;
    }
    else {
        sf_org_account_t account;
        int found = scope->service || !*scope->login? 0: sf_org_account_find (db, scope->login, &account);
        may = found < 0? -1: found && !account.disabled && strcmp (account.employee_code, letter->party_b) == 0;
        *why = &SCORING_LETTER_MSG_SIGN_B_PERSON;
        snprintf (roles, size, "%s", "");
    }
    return may;
}

void
scoring_letter_sign (sf_call_t *call)
{
    const Scoring__SignLetter *request = SF_CALL_BODY (call, Scoring__SignLetter);
    if (request->side != SCORING__LETTER_SIDE__SIDE_A && request->side != SCORING__LETTER_SIDE__SIDE_B) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &SCORING_LETTER_MSG_SIDE, (int) request->side);
        return;
    }
    char id [24];
    snprintf (id, sizeof id, "%" PRId64, request->letter_id);
    Scoring__Letter *letter = NULL;
    int found = request->letter_id > 0? scoring_letter_find (call->db, request->letter_id, NULL, true, &letter): 0;
    if (found <= 0) {
        if (found < 0)
            sf_call_fail_db (call, "reading the letter");
        else
            sf_call_fail (call, SF_NOT_FOUND, &SCORING_LETTER_MSG_UNKNOWN, id);
        return;
    }
    bool a_side = request->side == SCORING__LETTER_SIDE__SIDE_A;
    const sf_text_t *why = NULL;
    char roles [256];
    int may = scoring_letter_may_sign (call->db, call->scope, letter, request->side, &why, roles, sizeof roles);
    const char *signed_by = a_side? letter->signed_a_by: letter->signed_b_by;
    if (may < 0)
        sf_call_fail_db (call, "checking who may sign");
    else
    if (may == 0)
        sf_call_fail (call, SF_PERMISSION_DENIED, why, letter->number,
                      a_side? letter->party_a: letter->party_b, roles);
    else
    if (letter->status == SCORING__LETTER_STATUS__LETTER_VOIDED)
        sf_call_fail (call, SF_FAILED_PRECONDITION, &SCORING_LETTER_MSG_VOIDED, letter->number);
    else
    if (*signed_by)
        sf_call_fail (call, SF_FAILED_PRECONDITION,
                      a_side? &SCORING_LETTER_MSG_SIGNED_A_ALREADY: &SCORING_LETTER_MSG_SIGNED_B_ALREADY,
                      letter->number, signed_by);
    if (may != 1 || letter->status == SCORING__LETTER_STATUS__LETTER_VOIDED || *signed_by) {
        sf_pb_destroy (&letter);
        return;
    }
    char now [24], partly [8], both [8];
    snprintf (now, sizeof now, "%" PRId64, sf_clock_now_ms ());
    snprintf (partly, sizeof partly, "%d", SCORING__LETTER_STATUS__LETTER_PARTLY_SIGNED);
    snprintf (both, sizeof both, "%d", SCORING__LETTER_STATUS__LETTER_SIGNED);
    const char *values [] = {
        id, call->request->actor.user_id? call->request->actor.user_id: "", now, partly, both
    };
    int64_t updated = sf_db_exec (call->db, a_side?
        "UPDATE letter SET signed_a_by = $2, signed_a_ms = $3::bigint, version = version + 1,"
        " status = CASE WHEN signed_b_by <> '' THEN $5::smallint ELSE $4::smallint END WHERE id = $1::bigint":
        "UPDATE letter SET signed_b_by = $2, signed_b_ms = $3::bigint, version = version + 1,"
        " status = CASE WHEN signed_a_by <> '' THEN $5::smallint ELSE $4::smallint END WHERE id = $1::bigint",
        5, values);
    sf_pb_destroy (&letter);
    if (updated != 1 || scoring_letter_find (call->db, request->letter_id, NULL, false, &letter) != 1) {
        sf_call_fail_db (call, "signing the letter");
        return;
    }
    if (scoring_emit (call, call->db, "scoring.letter_signed", "letter", id, letter->version, letter->plant_code,
                      &letter->base))
        sf_call_fail_db (call, "emitting scoring.letter_signed");
    else {
        sf_log (SF_LOG_INFO, &call->log, "letter %s side %s signed by %s", letter->number, a_side? "A": "B",
                a_side? letter->signed_a_by: letter->signed_b_by);
        sf_call_reply (call, &letter->base);
    }
    sf_pb_destroy (&letter);
}
