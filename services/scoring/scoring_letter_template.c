/*  scoring_letter_template: SetLetterTemplate (a year's level: upserted, version + 1, its
    targets replaced, event scoring.letter_template_set) and GetLetterTemplate. Letters
    issued before keep the texts they were issued with (copied, scoring_letter_issue.c).   */
#include "scoring_events.h"
#include "scoring_letter.h"
#include "scoring_letter_messages.h"
#include "sf_clock.h"
#include "sf_pb.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_TARGET_CODE_MAX 32

static bool
s_target_code_ok (const char *code)
{
    size_t length = strlen (code);
    if (length == 0 || length > S_TARGET_CODE_MAX || code [0] < 'a' || code [0] > 'z')
        return false;
    for (size_t i = 1; i < length; i++)
        if (!((code [i] >= 'a' && code [i] <= 'z') || (code [i] >= '0' && code [i] <= '9') || code [i] == '_'))
            return false;
    return true;
}

static bool
s_targets_ok (sf_call_t *call, const Scoring__LetterTemplate *template)
{
    for (size_t i = 0; i < template->n_targets; i++) {
        const Scoring__LetterTarget *target = template->targets [i];
        if (!s_target_code_ok (target->code)) {
            sf_call_fail (call, SF_INVALID_ARGUMENT, &SCORING_LETTER_MSG_TARGET_CODE, (int) i + 1, target->code);
            return false;
        }
        if (!*target->text_zh) {
            sf_call_fail (call, SF_INVALID_ARGUMENT, &SCORING_LETTER_MSG_TARGET_TEXT, (int) i + 1);
            return false;
        }
        for (size_t j = 0; j < i; j++)
            if (strcmp (template->targets [j]->code, target->code) == 0) {
                sf_call_fail (call, SF_INVALID_ARGUMENT, &SCORING_LETTER_MSG_TARGET_TWICE, target->code);
                return false;
            }
    }
    return true;
}

//  The template of (year, level) with its targets: 1 found, 0 none, -1 db error.
static int
s_read (sf_db_t *db, int32_t year, int level, Scoring__LetterTemplate **template)
{
    char year_text [16], level_text [16];
    snprintf (year_text, sizeof year_text, "%d", (int) year);
    snprintf (level_text, sizeof level_text, "%d", level);
    const char *values [] = { year_text, level_text };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT title_zh, title_en, content_zh, content_en, version, updated_by, updated_ms FROM letter_template"
        " WHERE year = $1::int AND level = $2::smallint", 2, values);
    if (!rows)
        return -1;
    if (sf_rows_count (rows) == 0) {
        sf_rows_destroy (&rows);
        return 0;
    }
    Scoring__LetterTemplate *read = sf_pb_new (&scoring__letter_template__descriptor);
    read->year = year;
    read->level = (Scoring__LetterLevel) level;
    sf_pb_set (&read->title_zh, sf_rows_text (rows, 0, 0));
    sf_pb_set (&read->title_en, sf_rows_text (rows, 0, 1));
    sf_pb_set (&read->content_zh, sf_rows_text (rows, 0, 2));
    sf_pb_set (&read->content_en, sf_rows_text (rows, 0, 3));
    read->version = sf_rows_int (rows, 0, 4);
    sf_pb_set (&read->updated_by, sf_rows_text (rows, 0, 5));
    read->updated_ms = sf_rows_int (rows, 0, 6);
    sf_rows_destroy (&rows);
    rows = sf_db_query (db, "SELECT code, text_zh, text_en FROM letter_template_target"
                            " WHERE year = $1::int AND level = $2::smallint ORDER BY position", 2, values);
    if (!rows) {
        sf_pb_destroy (&read);
        return -1;
    }
    for (int r = 0; r < sf_rows_count (rows); r++) {
        Scoring__LetterTarget *target = sf_pb_add (&read->targets, &read->n_targets,
                                                   &scoring__letter_target__descriptor);
        sf_pb_set (&target->code, sf_rows_text (rows, r, 0));
        sf_pb_set (&target->text_zh, sf_rows_text (rows, r, 1));
        sf_pb_set (&target->text_en, sf_rows_text (rows, r, 2));
    }
    sf_rows_destroy (&rows);
    *template = read;
    return 1;
}

//  Replaces the targets of (year, level) by those of template, in one statement.
static int
s_write_targets (sf_db_t *db, const char *year, const char *level, const Scoring__LetterTemplate *template)
{
    const char *values [] = { year, level };
    if (sf_db_exec (db, "DELETE FROM letter_template_target WHERE year = $1::int AND level = $2::smallint",
                    2, values) < 0)
        return -1;
    if (template->n_targets == 0)
        return 0;
    char **codes = calloc (template->n_targets, sizeof *codes);
    char **zh = calloc (template->n_targets, sizeof *zh);
    char **en = calloc (template->n_targets, sizeof *en);
    for (size_t i = 0; i < template->n_targets; i++) {
        codes [i] = template->targets [i]->code;
        zh [i] = template->targets [i]->text_zh;
        en [i] = template->targets [i]->text_en;
    }
    char *code_array = sf_db_array_literal (codes, template->n_targets);
    char *zh_array = sf_db_array_literal (zh, template->n_targets);
    char *en_array = sf_db_array_literal (en, template->n_targets);
    const char *insert [] = { year, level, code_array, zh_array, en_array };
    int64_t rc = sf_db_exec (db,
        "INSERT INTO letter_template_target (year, level, position, code, text_zh, text_en)"
        " SELECT $1::int, $2::smallint, t.position, t.code, t.zh, t.en"
        " FROM unnest ($3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS t (code, zh, en, position)", 5, insert);
    free (code_array);
    free (zh_array);
    free (en_array);
    free (codes);
    free (zh);
    free (en);
    return rc < 0? -1: 0;
}

void
scoring_letter_template_set (sf_call_t *call)
{
    const Scoring__LetterTemplate *given = SF_CALL_BODY (call, Scoring__SetLetterTemplate)->template_;
    if (!scoring_letter_year_ok (call, given->year) || !scoring_letter_level_ok (call, given->level, false)
    ||  !s_targets_ok (call, given))
        return;
    char year [16], level [16], now [24];
    snprintf (year, sizeof year, "%d", (int) given->year);
    snprintf (level, sizeof level, "%d", (int) given->level);
    snprintf (now, sizeof now, "%" PRId64, sf_clock_now_ms ());
    const char *values [] = {
        year, level, given->title_zh, given->title_en, given->content_zh, given->content_en,
        call->request->actor.user_id? call->request->actor.user_id: "", now
    };
    if (sf_db_exec (call->db,
            "INSERT INTO letter_template (year, level, title_zh, title_en, content_zh, content_en, version,"
            " updated_by, updated_ms) VALUES ($1::int, $2::smallint, $3, $4, $5, $6, 1, $7, $8::bigint)"
            " ON CONFLICT (year, level) DO UPDATE SET title_zh = $3, title_en = $4, content_zh = $5,"
            " content_en = $6, version = letter_template.version + 1, updated_by = $7, updated_ms = $8::bigint",
            8, values) != 1
    ||  s_write_targets (call->db, year, level, given)) {
        sf_call_fail_db (call, "writing a letter template");
        return;
    }
    Scoring__LetterTemplate *template = NULL;
    if (s_read (call->db, given->year, given->level, &template) != 1) {
        sf_call_fail_db (call, "reading the letter template back");
        return;
    }
    char key [32];
    snprintf (key, sizeof key, "%d:%d", (int) given->year, (int) given->level);
    if (scoring_emit (call, call->db, "scoring.letter_template_set", "letter_template", key, template->version, "",
                      &template->base))
        sf_call_fail_db (call, "emitting scoring.letter_template_set");
    else
        sf_call_reply (call, &template->base);
    sf_pb_destroy (&template);
}

void
scoring_letter_template_get (sf_call_t *call)
{
    const Scoring__GetLetterTemplate *request = SF_CALL_BODY (call, Scoring__GetLetterTemplate);
    if (!scoring_letter_year_ok (call, request->year) || !scoring_letter_level_ok (call, request->level, false))
        return;
    Scoring__LetterTemplate *template = NULL;
    int found = s_read (call->db, request->year, request->level, &template);
    if (found < 0)
        sf_call_fail_db (call, "reading a letter template");
    else
    if (found == 0)
        sf_call_fail (call, SF_NOT_FOUND, &SCORING_LETTER_MSG_TEMPLATE_UNKNOWN, (int) request->year,
                      (int) request->level);
    else
        sf_call_reply (call, &template->base);
    sf_pb_destroy (&template);
}
