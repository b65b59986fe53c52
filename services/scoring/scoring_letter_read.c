/*  scoring_letter_read: GetLetter (by id or number, to anyone whose grants cover either
    party: scoring_letter_parties names both to the scope check) and ListLetters (a year's
    letters whose party B lies at or below a unit, by number, paged).                     */
#include "scoring_letter.h"
#include "scoring_letter_messages.h"
#include "sf_org.h"
#include "sf_page.h"
#include "sf_pb.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  The letter a request names: (letter_id, number) of SignLetter or GetLetter.
static void
s_named (sf_call_t *call, int64_t *id, const char **number)
{
    if (call->message->descriptor == &scoring__sign_letter__descriptor) {
        *id = SF_CALL_BODY (call, Scoring__SignLetter)->letter_id;
        *number = "";
    }
    else {
        const Scoring__GetLetter *request = SF_CALL_BODY (call, Scoring__GetLetter);
        *id = request->letter_id;
        *number = request->number;
    }
}

int
scoring_letter_parties (sf_call_t *call, sf_scope_units_t *units)
{
    int64_t id;
    const char *number;
    s_named (call, &id, &number);
    if (id <= 0 && !*number)
        return 1;
    char key [24];
    snprintf (key, sizeof key, "%" PRId64, id);
    const char *values [] = { key, number };
    sf_rows_t *rows = sf_db_query (call->db,
        "SELECT party_a, party_b FROM letter WHERE CASE WHEN $1::bigint > 0 THEN id = $1::bigint ELSE number = $2 END",
        2, values);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows) > 0;
    if (found) {
        sf_scope_units_add (units, sf_rows_text (rows, 0, 0));
        sf_scope_units_add (units, sf_rows_text (rows, 0, 1));
    }
    sf_rows_destroy (&rows);
    return found? 0: 1;
}

void
scoring_letter_get (sf_call_t *call)
{
    int64_t id;
    const char *number;
    s_named (call, &id, &number);
    if (id <= 0 && !*number) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &SCORING_LETTER_MSG_WHICH);
        return;
    }
    Scoring__Letter *letter = NULL;
    int found = scoring_letter_find (call->db, id, number, false, &letter);
    char key [24];
    snprintf (key, sizeof key, "%" PRId64, id);
    if (found < 0)
        sf_call_fail_db (call, "reading the letter");
    else
    if (found == 0)
        sf_call_fail (call, SF_NOT_FOUND, &SCORING_LETTER_MSG_UNKNOWN, id > 0? key: number);
    else
        sf_call_reply (call, &letter->base);
    sf_pb_destroy (&letter);
}

void
scoring_letter_list (sf_call_t *call)
{
    const Scoring__ListLetters *request = SF_CALL_BODY (call, Scoring__ListLetters);
    if (!scoring_letter_year_ok (call, request->year) || !scoring_letter_level_ok (call, request->level, true))
        return;
    if (request->status != SCORING__LETTER_STATUS__LETTER_STATUS_UNSPECIFIED
    &&  !protobuf_c_enum_descriptor_get_value (&scoring__letter_status__descriptor, request->status)) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &SCORING_LETTER_MSG_STATUS, (int) request->status);
        return;
    }
    sf_page_t page;
    if (sf_page_open (call, request->page_size, request->page_token, 1, &page))
        return;
    char year [16], status [16], level [16], limit [16];
    snprintf (year, sizeof year, "%d", (int) request->year);
    snprintf (status, sizeof status, "%d", (int) request->status);
    snprintf (level, sizeof level, "%d", (int) request->level);
    snprintf (limit, sizeof limit, "%d", page.size + 1);
    const char *values [] = { request->unit_code, year, status, level, page.after? page.after [0]: NULL, limit };
    sf_rows_t *rows = sf_db_query (call->db,
        "SELECT " SCORING_LETTER_COLUMNS " FROM " SCORING_LETTER_FROM
        " WHERE l.year = $2::int AND l.party_b IN (" SF_ORG_SUBTREE_SQL ("$1") ")"
        " AND ($3::smallint = 0 OR l.status = $3::smallint) AND ($4::smallint = 0 OR l.level = $4::smallint)"
        " AND ($5::text IS NULL OR l.number > $5) ORDER BY l.number LIMIT $6::int", 6, values);
    if (!rows) {
        sf_page_close (&page);
        sf_call_fail_db (call, "listing letters");
        return;
    }
    Scoring__LetterList *list = sf_pb_new (&scoring__letter_list__descriptor);
    int count = sf_rows_count (rows);
    for (int r = 0; r < count && r < page.size; r++) {
        Scoring__Letter *letter = scoring_letter_from_row (rows, r);
        list->letters = realloc (list->letters, (list->n_letters + 1) * sizeof *list->letters);
        list->letters [list->n_letters++] = letter;
    }
    if (count > page.size) {
        const char *keys [] = { list->letters [list->n_letters - 1]->number };
        list->next_page_token = sf_page_token (call, keys, 1);
    }
    sf_rows_destroy (&rows);
    sf_page_close (&page);
    if (scoring_letter_add_targets (call->db, list->letters, list->n_letters))
        sf_call_fail_db (call, "reading the letters' targets");
    else
        sf_call_reply (call, &list->base);
    sf_pb_destroy (&list);
}
