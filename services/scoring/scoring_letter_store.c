/*  scoring_letter_store: a letter's row as its message, its targets, finding one, and the
    checks every letter request shares (year, level, plant).                               */
#include "scoring_letter.h"
#include "scoring_letter_messages.h"
#include "sf_org.h"
#include "sf_pb.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *
scoring_letter_kinds (void)
{
    static char kinds [48];
    if (!*kinds)
        snprintf (kinds, sizeof kinds, "%d,%d,%d,%d,%d", SF_ORG_COMPANY, SF_ORG_PLANT, SF_ORG_DEPARTMENT,
                  SF_ORG_TEAM, SF_ORG_EMPLOYEE);
    return kinds;
}

Scoring__Letter *
scoring_letter_from_row (sf_rows_t *rows, int row)
{
    Scoring__Letter *letter = sf_pb_new (&scoring__letter__descriptor);
    int c = 0;
    letter->id = sf_rows_int (rows, row, c++);
    sf_pb_set (&letter->number, sf_rows_text (rows, row, c++));
    letter->year = (int32_t) sf_rows_int (rows, row, c++);
    letter->level = (Scoring__LetterLevel) sf_rows_int (rows, row, c++);
    sf_pb_set (&letter->party_a, sf_rows_text (rows, row, c++));
    sf_pb_set (&letter->party_a_name_zh, sf_rows_text (rows, row, c++));
    sf_pb_set (&letter->party_a_name_en, sf_rows_text (rows, row, c++));
    sf_pb_set (&letter->party_b, sf_rows_text (rows, row, c++));
    sf_pb_set (&letter->party_b_name_zh, sf_rows_text (rows, row, c++));
    sf_pb_set (&letter->party_b_name_en, sf_rows_text (rows, row, c++));
    sf_pb_set (&letter->plant_code, sf_rows_text (rows, row, c++));
    letter->status = (Scoring__LetterStatus) sf_rows_int (rows, row, c++);
    sf_pb_set (&letter->title_zh, sf_rows_text (rows, row, c++));
    sf_pb_set (&letter->title_en, sf_rows_text (rows, row, c++));
    sf_pb_set (&letter->content_zh, sf_rows_text (rows, row, c++));
    sf_pb_set (&letter->content_en, sf_rows_text (rows, row, c++));
    letter->template_version = sf_rows_int (rows, row, c++);
    sf_pb_set (&letter->signed_a_by, sf_rows_text (rows, row, c++));
    letter->signed_a_ms = sf_rows_int (rows, row, c++);
    sf_pb_set (&letter->signed_b_by, sf_rows_text (rows, row, c++));
    letter->signed_b_ms = sf_rows_int (rows, row, c++);
    sf_pb_set (&letter->issued_by, sf_rows_text (rows, row, c++));
    letter->issued_ms = sf_rows_int (rows, row, c++);
    letter->version = sf_rows_int (rows, row, c++);
    return letter;
}

int
scoring_letter_add_targets (sf_db_t *db, Scoring__Letter **letters, size_t count)
{
    if (count == 0)
        return 0;
    int64_t *ids = malloc (count * sizeof *ids);
    for (size_t i = 0; i < count; i++)
        ids [i] = letters [i]->id;
    char *array = sf_db_int_array_literal (ids, count);
    free (ids);
    const char *values [] = { array };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT letter_id, code, text_zh, text_en FROM letter_target WHERE letter_id = ANY ($1::bigint[])"
        " ORDER BY letter_id, position", 1, values);
    free (array);
    if (!rows)
        return -1;
    for (int r = 0; r < sf_rows_count (rows); r++) {
        int64_t id = sf_rows_int (rows, r, 0);
        for (size_t i = 0; i < count; i++)
            if (letters [i]->id == id) {
                Scoring__LetterTarget *target = sf_pb_add (&letters [i]->targets, &letters [i]->n_targets,
                                                           &scoring__letter_target__descriptor);
                sf_pb_set (&target->code, sf_rows_text (rows, r, 1));
                sf_pb_set (&target->text_zh, sf_rows_text (rows, r, 2));
                sf_pb_set (&target->text_en, sf_rows_text (rows, r, 3));
                break;
            }
    }
    sf_rows_destroy (&rows);
    return 0;
}

int
scoring_letter_find (sf_db_t *db, int64_t id, const char *number, bool lock, Scoring__Letter **letter)
{
    char key [24];
    snprintf (key, sizeof key, "%" PRId64, id);
    const char *values [] = { key, number? number: "" };
    sf_rows_t *rows = sf_db_query (db, lock?
        "SELECT " SCORING_LETTER_COLUMNS " FROM " SCORING_LETTER_FROM
        " WHERE CASE WHEN $1::bigint > 0 THEN l.id = $1::bigint ELSE l.number = $2 END FOR UPDATE OF l":
        "SELECT " SCORING_LETTER_COLUMNS " FROM " SCORING_LETTER_FROM
        " WHERE CASE WHEN $1::bigint > 0 THEN l.id = $1::bigint ELSE l.number = $2 END", 2, values);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows) > 0;
    Scoring__Letter *read = found? scoring_letter_from_row (rows, 0): NULL;
    sf_rows_destroy (&rows);
    if (read && scoring_letter_add_targets (db, &read, 1)) {
        sf_pb_destroy (&read);
        return -1;
    }
    if (letter)
        *letter = read;
    else
        sf_pb_destroy (&read);
    return found;
}

bool
scoring_letter_year_ok (sf_call_t *call, int32_t year)
{
    if (year >= SCORING_LETTER_YEAR_MIN && year <= SCORING_LETTER_YEAR_MAX)
        return true;
    sf_call_fail (call, SF_INVALID_ARGUMENT, &SCORING_LETTER_MSG_YEAR, (int) year, SCORING_LETTER_YEAR_MIN,
                  SCORING_LETTER_YEAR_MAX);
    return false;
}

bool
scoring_letter_level_ok (sf_call_t *call, int level, bool allow_any)
{
    bool unspecified = level == SCORING__LETTER_LEVEL__LETTER_LEVEL_UNSPECIFIED;
    if (unspecified? allow_any: protobuf_c_enum_descriptor_get_value (&scoring__letter_level__descriptor, level) != NULL)
        return true;
    sf_call_fail (call, SF_INVALID_ARGUMENT, &SCORING_LETTER_MSG_LEVEL, level);
    return false;
}

bool
scoring_letter_plant_ok (sf_call_t *call, const char *code)
{
    sf_org_node_t node;
    int found = sf_org_find (call->db, code, &node);
    if (found < 0)
        sf_call_fail_db (call, "reading the plant");
    else
    if (found == 0 || !node.active)
        sf_call_fail (call, SF_NOT_FOUND, &SCORING_LETTER_MSG_PLANT_UNKNOWN, code);
    else
    if (node.kind != SF_ORG_PLANT && node.kind != SF_ORG_COMPANY)
        sf_call_fail (call, SF_INVALID_ARGUMENT, &SCORING_LETTER_MSG_NOT_PLANT, code);
    else
        return true;
    return false;
}
