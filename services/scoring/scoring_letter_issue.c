/*  scoring_letter_issue: IssueLetters. From the year's templates, a letter for every expected
    pair of the plant (SCORING_LETTER_PAIRS_CTE) without a non-voided letter this year, in
    (level, party B, party A) order, numbered from the plant's sequence row (locked first:
    the route runs alone and two issues of one plant wait for each other), the texts and
    targets copied, one event scoring.letter_issued each. A level asked for without a
    template: failed_precondition, nothing written. Every level asked for (unspecified): the
    levels without a template are skipped (logged; README_letters.md), none at all is
    failed_precondition.                                                                   */
#include "scoring_events.h"
#include "scoring_letter.h"
#include "scoring_letter_messages.h"
#include "sf_clock.h"
#include "sf_pb.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_NUMBERS_MAX 1000

//  The template levels of year (as 0/1 flags by level). 0 or -1.
static int
s_template_levels (sf_db_t *db, const char *year, bool has [6])
{
    const char *values [] = { year };
    sf_rows_t *rows = sf_db_query (db, "SELECT level FROM letter_template WHERE year = $1::int", 1, values);
    if (!rows)
        return -1;
    memset (has, 0, 6 * sizeof has [0]);
    for (int r = 0; r < sf_rows_count (rows); r++) {
        int64_t level = sf_rows_int (rows, r, 0);
        if (level >= 1 && level <= 5)
            has [level] = true;
    }
    sf_rows_destroy (&rows);
    return 0;
}

//  The plant's last number of year, its row made and locked. -1 on a db error.
static int64_t
s_sequence_lock (sf_db_t *db, const char *plant, const char *year)
{
    const char *values [] = { plant, year };
    if (sf_db_exec (db, "INSERT INTO letter_sequence (plant_code, year, last) VALUES ($1, $2::int, 0)"
                        " ON CONFLICT DO NOTHING", 2, values) < 0)
        return -1;
    sf_rows_t *rows = sf_db_query (db, "SELECT last FROM letter_sequence WHERE plant_code = $1 AND year = $2::int"
                                       " FOR UPDATE", 2, values);
    if (!rows)
        return -1;
    int64_t last = sf_rows_count (rows) == 1? sf_rows_int (rows, 0, 0): -1;
    sf_rows_destroy (&rows);
    return last;
}

//  Pairs of the plant at the levels asked for that hold a non-voided letter already. -1 on error.
static int64_t
s_existing (sf_db_t *db, const char *plant, const char *year, const char *level)
{
    const char *values [] = { plant, scoring_letter_kinds (), year, level };
    sf_rows_t *rows = sf_db_query (db,
        SCORING_LETTER_PAIRS_CTE
        " SELECT count (*) FROM pairs p WHERE ($4::smallint = 0 OR p.level = $4::smallint) AND EXISTS"
        " (SELECT 1 FROM letter l WHERE l.year = $3::int AND l.level = p.level AND l.party_a = p.party_a"
        "  AND l.party_b = p.party_b AND l.status <> " "4" ")", 4, values);
    if (!rows)
        return -1;
    int64_t count = sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    return count;
}

//  Writes the letters; their ids into *ids (caller frees), their count returned, -1 on error.
static int
s_insert (sf_call_t *call, const char *plant, const char *year, const char *level, int64_t base, int64_t **ids)
{
    char base_text [24], now [24], status [8];
    snprintf (base_text, sizeof base_text, "%" PRId64, base);
    snprintf (now, sizeof now, "%" PRId64, sf_clock_now_ms ());
    snprintf (status, sizeof status, "%d", SCORING__LETTER_STATUS__LETTER_ISSUED);
    const char *values [] = {
        plant, scoring_letter_kinds (), year, level, base_text, now,
        call->request->actor.user_id? call->request->actor.user_id: "", status
    };
    sf_rows_t *rows = sf_db_query (call->db,
        SCORING_LETTER_PAIRS_CTE ","
        " missing AS (SELECT p.*, t.title_zh, t.title_en, t.content_zh, t.content_en, t.version,"
        "  row_number () OVER (ORDER BY p.level, p.party_b, p.party_a) AS n"
        "  FROM pairs p JOIN letter_template t ON t.year = $3::int AND t.level = p.level"
        "  WHERE ($4::smallint = 0 OR p.level = $4::smallint) AND NOT EXISTS (SELECT 1 FROM letter l"
        "   WHERE l.year = $3::int AND l.level = p.level AND l.party_a = p.party_a AND l.party_b = p.party_b"
        "   AND l.status <> 4))"
        " INSERT INTO letter (number, year, level, party_a, party_b, plant_code, status, title_zh, title_en,"
        "  content_zh, content_en, template_version, issued_by, issued_ms, version)"
        " SELECT $1 || '-L' || $3 || '-' || lpad (($5::bigint + n)::text, 6, '0'), $3::int, level, party_a, party_b,"
        "  $1, $8::smallint, title_zh, title_en, content_zh, content_en, version, $7, $6::bigint, 1 FROM missing"
        " ORDER BY n RETURNING id", 8, values);
    if (!rows)
        return -1;
    int count = sf_rows_count (rows);
    *ids = calloc ((size_t) count + 1, sizeof **ids);
    for (int r = 0; r < count; r++)
        (*ids) [r] = sf_rows_int (rows, r, 0);
    sf_rows_destroy (&rows);
    if (count == 0)
        return 0;
    char *array = sf_db_int_array_literal (*ids, (size_t) count);
    const char *copy [] = { array };
    int64_t copied = sf_db_exec (call->db,
        "INSERT INTO letter_target (letter_id, position, code, text_zh, text_en)"
        " SELECT l.id, t.position, t.code, t.text_zh, t.text_en FROM letter l"
        " JOIN letter_template_target t ON t.year = l.year AND t.level = l.level"
        " WHERE l.id = ANY ($1::bigint[])", 1, copy);
    free (array);
    if (copied < 0)
        return -1;
    char last [24];
    snprintf (last, sizeof last, "%" PRId64, base + count);
    const char *sequence [] = { plant, year, last };
    if (sf_db_exec (call->db, "UPDATE letter_sequence SET last = $3::bigint WHERE plant_code = $1 AND year = $2::int",
                    3, sequence) != 1)
        return -1;
    return count;
}

void
scoring_letter_issue (sf_call_t *call)
{
    const Scoring__IssueLetters *request = SF_CALL_BODY (call, Scoring__IssueLetters);
    if (!scoring_letter_year_ok (call, request->year) || !scoring_letter_level_ok (call, request->level, true)
    ||  !scoring_letter_plant_ok (call, request->plant_code))
        return;
    char year [16], level [16];
    snprintf (year, sizeof year, "%d", (int) request->year);
    snprintf (level, sizeof level, "%d", (int) request->level);
    bool has [6];
    if (s_template_levels (call->db, year, has)) {
        sf_call_fail_db (call, "reading the letter templates");
        return;
    }
    int level_asked = (int) request->level;
    if (level_asked && !has [level_asked]) {
        sf_call_fail (call, SF_FAILED_PRECONDITION, &SCORING_LETTER_MSG_NO_TEMPLATE, (int) request->year, level_asked);
        return;
    }
    if (!level_asked) {
        bool any = false;
        for (int l = 1; l <= 5; l++) {
            any = any || has [l];
            if (!has [l])
                sf_log (SF_LOG_INFO, &call->log, "IssueLetters %s %d: level %d has no template, skipped",
                             request->plant_code, (int) request->year, l);
        }
        if (!any) {
            sf_call_fail (call, SF_FAILED_PRECONDITION, &SCORING_LETTER_MSG_NO_TEMPLATES, (int) request->year);
            return;
        }
    }
    int64_t base = s_sequence_lock (call->db, request->plant_code, year);
    int64_t existing = base < 0? -1: s_existing (call->db, request->plant_code, year, level);
    int64_t *ids = NULL;
    int issued = existing < 0? -1: s_insert (call, request->plant_code, year, level, base, &ids);
    if (issued < 0) {
        free (ids);
        sf_call_fail_db (call, "issuing letters");
        return;
    }
    Scoring__IssueLettersReply reply = SCORING__ISSUE_LETTERS_REPLY__INIT;
    reply.issued = issued;
    reply.existing = (int32_t) existing;
    reply.numbers = calloc ((size_t) issued + 1, sizeof *reply.numbers);
    bool failed = false;
    for (int i = 0; i < issued && !failed; i++) {
        Scoring__Letter *letter = NULL;
        char key [24];
        snprintf (key, sizeof key, "%" PRId64, ids [i]);
        failed = scoring_letter_find (call->db, ids [i], NULL, false, &letter) != 1
              || scoring_emit (call, call->db, "scoring.letter_issued", "letter", key, letter->version,
                               letter->plant_code, &letter->base);
        if (!failed && reply.n_numbers < S_NUMBERS_MAX)
            reply.numbers [reply.n_numbers++] = strdup (letter->number);
        sf_pb_destroy (&letter);
    }
    free (ids);
    if (failed)
        sf_call_fail_db (call, "emitting scoring.letter_issued");
    else {
        sf_log (SF_LOG_INFO, &call->log, "IssueLetters %s %d level %d: %d issued, %d existing", request->plant_code,
                     (int) request->year, level_asked, issued, (int) existing);
        sf_call_reply (call, &reply.base);
    }
    for (size_t i = 0; i < reply.n_numbers; i++)
        free (reply.numbers [i]);
    free (reply.numbers);
}
