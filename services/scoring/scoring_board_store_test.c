/*  scoring_board_store_test: the ranking board's running totals (migration 040) against real
    PostgreSQL, written through scoring_entry_add as the consumers write them. The worked
    month of scoring_month_close_test: the migration's backfill of entries written before it,
    then entries added after it (the trigger), capped and floored kinds exceeded, cascades to
    units; after each step every department's and the plant's running points equal the close's
    own computation (SCORING_MONTH_TOTALS_SQL without the clean-month entries). A new rule
    version re-clips at its commit; four writers at once on one capped part lose nothing; a
    closed month shows its frozen totals, ranks and tiers; the enterprise ranks its plants; a
    long list keeps its best and worst 25.                                                   */
#include "scoring_board.h"
#include "scoring_month_close.h"
#include "scoring_store.h"
#include "sf_migrate.h"
#include "sf_pb.h"
#include "sf_testkit.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const sf_migration_t scoring_migrations [];

#define S_ZONE "Asia/Shanghai"
#define S_MONTH "2026-10"

static char *s_schema;

typedef struct {
    const char *subject;
    const char *kind;
    int64_t points;
    Scoring__EntryOrigin origin;
    int level;
    const char *key;
    int count;
} s_entry_t;

#define S_EV SCORING__ENTRY_ORIGIN__ORIGIN_EVENT
#define S_CA SCORING__ENTRY_ORIGIN__ORIGIN_CASCADE

//  Before the board's migration (its backfill counts them).
static const s_entry_t s_before [] = {
    { "E2", "violation.operation", -500, S_EV, 0, "op", 5 },        //  floor -2000
    { "E1", "violation.operation", -250, S_CA, 1, "op", 5 },
    { "D1", "violation.operation", -100, S_CA, 2, "op", 5 },
    { "E3", "hazard.reported", 100, S_EV, 0, "hz", 6 },             //  cap 1000: not yet
};

//  After it (the trigger counts them).
static const s_entry_t s_after [] = {
    { "E3", "hazard.reported", 100, S_EV, 0, "hz2", 6 },            //  past the cap now
    { "E5", "violation.operation", -500, S_EV, 0, "op5", 1 },
    { "E4", "violation.operation", -250, S_CA, 1, "op5", 1 },
    { "D1", "violation.operation", -100, S_CA, 2, "op5", 1 },
    { "E6", "hazard.major_found", 2000, S_EV, 0, "mj", 1 },
    { "T3", "hazard.major_found", 1000, S_CA, 1, "mj", 1 },
    { "E8", "hazard.major_found", 400, S_CA, 2, "mj", 1 },
    { "T2", "inspection.task_missed", -300, S_EV, 0, "tm", 1 },
    { "D2", "form.closed", 100, S_EV, 0, "fc", 1 },
    { "E8", "training.exam_failed", -200, S_EV, 0, "ex", 1 },
    { "P1", "form.closed", 100, S_EV, 0, "fp", 1 },
    { "E99", "violation.operation", -500, S_EV, 0, "o99", 1 },
};

#define S_COUNT(array) ((int) (sizeof (array) / sizeof ((array) [0])))

static void
s_add (sf_db_t *db, const s_entry_t *spec, int copy_from)
{
    int64_t starts_ms, ends_ms;
    SF_CHECK (scoring_month_bounds (db, S_MONTH, S_ZONE, &starts_ms, &ends_ms) == 0);
    scoring_subject_t subject;
    SF_CHECK (scoring_subject_find (db, spec->subject, &subject) == 1);
    for (int copy = 0; copy < spec->count; copy++) {
        char key [48];
        snprintf (key, sizeof key, "%s-%d", spec->key, copy_from + copy);
        scoring_entry_input_t input = {
            .subject = &subject, .kind = spec->kind, .points = spec->points, .origin = spec->origin,
            .source_key = key, .rule_version = 1, .cascade_level = spec->level,
            .factor = spec->level == 1? 0.5: spec->level == 2? 0.2: 0, .reason_zh = "测试", .reason_en = "test",
            .occurred_ms = starts_ms + 3600000, .time_zone = S_ZONE
        };
        int64_t id = scoring_entry_add (db, &input);
        if (id <= 0)
            fprintf (stderr, "%s %s: %s\n", spec->subject, key, sf_db_error (db));
        SF_CHECK (id > 0);
    }
}

//  The running points of every department and plant with entries equal the close's own
//  computation under version (clean-month entries left out).
static void
s_check_close (sf_db_t *db, const char *plant, const char *version)
{
    char *sql = scoring_month_totals_wrap (
        "SELECT count (*) FROM (SELECT t.code, t.points FROM",
        "WHERE t.subject IN ('department', 'plant') AND t.entries > 0) w"
        " FULL JOIN (SELECT code, direct + cascade AS points FROM board_month_unit"
        "            WHERE plant_code = $1 AND month = $2 AND entries > 0) b ON b.code = w.code"
        " WHERE w.points IS DISTINCT FROM b.points");
    const char *values [] = { plant, S_MONTH, version, "false" };
    sf_rows_t *rows = sf_db_query (db, sql, 4, values);
    if (!rows)
        fprintf (stderr, "%s\n", sf_db_error (db));
    SF_CHECK (rows);
    SF_CHECK (sf_rows_int (rows, 0, 0) == 0);
    sf_rows_destroy (&rows);
    free (sql);
}

static Scoring__RankingBoard *
s_board (sf_db_t *db, const char *plant, const char *month, int64_t now_ms)
{
    Scoring__RankingBoard *board = sf_pb_new (&scoring__ranking_board__descriptor);
    SF_CHECK (scoring_board_store_read (db, plant, month, S_ZONE, now_ms, board) == 0);
    return board;
}

static const Scoring__RankingBoardRow *
s_row (const Scoring__RankingBoard *board, const char *code)
{
    for (size_t index = 0; index < board->n_rows; index++)
        if (strcmp (board->rows [index]->unit_code, code) == 0)
            return board->rows [index];
    SF_CHECK (!"row missing");
    return NULL;
}

//  Four writers at once, each in its own session: hazards reported by E7 (one capped part).
static void *
s_writer (void *arg)
{
    int id = (int) (intptr_t) arg;
    sf_db_t *db = sf_test_db_session (s_schema);
    for (int i = 0; i < 5; i++) {
        char key [24];
        snprintf (key, sizeof key, "w%d", id);
        s_entry_t spec = { "E7", "hazard.reported", 100, S_EV, 0, key, 1 };
        SF_CHECK (sf_db_begin (db) == 0);
        s_add (db, &spec, i);
        SF_CHECK (sf_db_commit (db) == 0);
    }
    sf_db_destroy (&db);
    return NULL;
}

int
main (void)
{
    s_schema = sf_test_unique ("scoring_board");
    sf_db_t *db = sf_test_db (s_schema);
    SF_CHECK (sf_migrate (db, s_schema, "common", common_migrations) >= 1);
    sf_migration_t before [32] = { { 0 } };
    const sf_migration_t *board_migration = NULL;
    for (int i = 0, n = 0; scoring_migrations [i].version; i++)
        if (strstr (scoring_migrations [i].name, "040_screen_board"))
            board_migration = &scoring_migrations [i];
        else
            before [n++] = scoring_migrations [i];
    SF_CHECK (board_migration);
    SF_CHECK (sf_migrate (db, s_schema, "scoring", before) >= 2);
    SF_CHECK (sf_db_exec_script (db,
        "INSERT INTO sf_org_node (code, kind, parent_code, plant_code, name_zh, name_en, active, version) VALUES"
        " ('C', 1, NULL, NULL, '公司', 'Company', true, 1), ('P1', 2, 'C', 'P1', '一厂', 'Plant 1', true, 1),"
        " ('P2', 2, 'C', 'P2', '二厂', 'Plant 2', true, 1), ('D9', 3, 'P2', 'P2', '他部', 'Other', true, 1),"
        " ('E99', 6, 'D9', 'P2', '他人', 'Other person', true, 1),"
        " ('D1', 3, 'P1', 'P1', '一部', 'Dept 1', true, 1), ('D2', 3, 'P1', 'P1', '二部', 'Dept 2', true, 1),"
        " ('D3', 3, 'P1', 'P1', '三部', 'Dept 3', true, 1),"
        " ('T1', 4, 'D1', 'P1', '一班', 'Team 1', true, 1), ('T2', 4, 'D1', 'P1', '二班', 'Team 2', true, 1),"
        " ('T3', 4, 'D2', 'P1', '三班', 'Team 3', true, 1),"
        " ('E1', 6, 'T1', 'P1', '甲', 'E one', true, 1), ('E2', 6, 'T1', 'P1', '乙', 'E two', true, 1),"
        " ('E3', 6, 'T1', 'P1', '丙', 'E three', true, 1), ('E4', 6, 'T2', 'P1', '丁', 'E four', true, 1),"
        " ('E5', 6, 'T2', 'P1', '戊', 'E five', true, 1), ('E10', 6, 'T2', 'P1', '癸', 'E ten', true, 1),"
        " ('E6', 6, 'T3', 'P1', '己', 'E six', true, 1), ('E7', 6, 'T3', 'P1', '庚', 'E seven', true, 1),"
        " ('E8', 6, 'D2', 'P1', '壬', 'E eight', true, 1)") == 0);
    for (int i = 0; i < S_COUNT (s_before); i++)
        s_add (db, &s_before [i], 0);
    sf_migration_t only [2] = { *board_migration, { 0 } };
    SF_CHECK (sf_migrate (db, s_schema, "scoring", only) >= 1);
    int64_t starts_ms, ends_ms;
    SF_CHECK (scoring_month_bounds (db, S_MONTH, S_ZONE, &starts_ms, &ends_ms) == 0);
    int64_t during = starts_ms + 86400000LL;

    //  The backfill: D1 has E2's floored -2000 and the cascade -500 to itself; E3 +600.
    s_check_close (db, "P1", "1");
    Scoring__RankingBoard *board = s_board (db, "P1", "", during);
    SF_CHECK_STR (board->month, S_MONTH);
    SF_CHECK_STR (board->time_zone, S_ZONE);
    SF_CHECK (!board->closed && board->rank_of == 3 && board->n_rows == 3 && board->omitted == 0);
    SF_CHECK (s_row (board, "D1")->points == -2000 + -500 + 600 && s_row (board, "D1")->rank == 3);
    SF_CHECK (s_row (board, "D2")->points == 0 && s_row (board, "D2")->rank == 1);
    SF_CHECK (s_row (board, "D3")->points == 0 && s_row (board, "D3")->rank == 1);
    SF_CHECK_STR (board->rows [0]->unit_code, "D2");
    SF_CHECK_STR (s_row (board, "D1")->unit_name_zh, "一部");
    SF_CHECK_STR (s_row (board, "D1")->tier_code, "penalty");
    SF_CHECK_STR (s_row (board, "D1")->tier_name_en, "Penalised");
    sf_pb_destroy (&board);

    //  The trigger: the cap reached, cascades to units and the plant, another plant's entry.
    for (int i = 0; i < S_COUNT (s_after); i++)
        s_add (db, &s_after [i], 0);
    s_check_close (db, "P1", "1");
    s_check_close (db, "P2", "1");
    board = s_board (db, "P1", S_MONTH, during);
    SF_CHECK (s_row (board, "D1")->points == -2000 + -600 + 1000 + -500 + -300);
    SF_CHECK (s_row (board, "D2")->points == 2000 + 100 - 200 && s_row (board, "D2")->rank == 1);
    SF_CHECK (s_row (board, "D3")->rank == 2 && s_row (board, "D1")->rank == 3);
    sf_pb_destroy (&board);

    //  Four writers at once on one capped part.
    pthread_t threads [4];
    for (int id = 0; id < 4; id++)
        SF_CHECK (pthread_create (&threads [id], NULL, s_writer, (void *) (intptr_t) id) == 0);
    for (int id = 0; id < 4; id++)
        pthread_join (threads [id], NULL);
    s_check_close (db, "P1", "1");

    //  A new rule version (hazards capped at 5 points) re-clips at its commit.
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (sf_db_exec_script (db,
        "INSERT INTO rule_version (version, created_ms, created_by, note) VALUES (2, 1, 'ehs', 'v2');"
        "INSERT INTO rule (version, kind, person_points, unit_points, item_cap, month_cap, month_floor, cascade,"
        " note_zh, note_en) SELECT 2, kind, person_points, unit_points, item_cap,"
        " CASE WHEN kind = 'hazard.reported' THEN 500 ELSE month_cap END, month_floor, cascade, note_zh, note_en"
        " FROM rule WHERE version = 1;"
        "INSERT INTO tier (version, subject, code, min_points, name_zh, name_en, amount_yuan)"
        " SELECT 2, subject, code, min_points, name_zh, name_en, amount_yuan FROM tier WHERE version = 1;") == 0);
    SF_CHECK (sf_db_commit (db) == 0);
    s_check_close (db, "P1", "2");
    board = s_board (db, "P1", S_MONTH, during);
    SF_CHECK (s_row (board, "D1")->points == -2000 + -600 + 500 + -500 + -300);
    sf_pb_destroy (&board);

    //  The enterprise: the plants ranked by their running totals.
    board = s_board (db, "", "", during);
    SF_CHECK (board->rank_of == 2 && board->n_rows == 2);
    SF_CHECK_STR (board->rows [0]->unit_code, "P1");
    SF_CHECK_STR (board->rows [1]->unit_code, "P2");
    SF_CHECK (board->rows [1]->points == -500 && board->rows [1]->rank == 2);
    SF_CHECK_STR (board->rows [1]->month, S_MONTH);
    SF_CHECK_STR (board->rows [0]->unit_name_zh, "一厂");
    sf_pb_destroy (&board);

    //  Closed: the frozen totals, ranks and tiers of month_total.
    Scoring__MonthResult *result = NULL;
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (scoring_month_close (db, "P1", S_MONTH, S_ZONE, "ehs", ends_ms, &result) == SCORING_MONTH_CLOSED_NOW);
    SF_CHECK (sf_db_commit (db) == 0);
    sf_pb_destroy (&result);
    board = s_board (db, "P1", S_MONTH, ends_ms + 1);
    SF_CHECK (board->closed && board->rank_of == 3);
    SF_CHECK (sf_test_scalar (db,
        "SELECT count (*) FROM month_total WHERE plant_code = 'P1' AND month = '" S_MONTH "' AND subject = 'department'",
        NULL) == 3);
    for (size_t i = 0; i < board->n_rows; i++) {
        char sql [256];
        snprintf (sql, sizeof sql,
                  "SELECT points * 1000 + rank FROM month_total WHERE plant_code = 'P1' AND month = '" S_MONTH "'"
                  " AND subject = 'department' AND code = $1");
        SF_CHECK (sf_test_scalar (db, sql, board->rows [i]->unit_code)
                  == board->rows [i]->points * 1000 + board->rows [i]->rank);
        SF_CHECK (board->rows [i]->closed);
    }
    sf_pb_destroy (&board);
    //  The current month of the plant, after the close: open and empty, its departments at 0.
    board = s_board (db, "P1", "", ends_ms + 1);
    SF_CHECK_STR (board->month, "2026-11");
    SF_CHECK (!board->closed && board->rank_of == 3 && board->rows [0]->points == 0);
    sf_pb_destroy (&board);
    //  The enterprise, that month given: P1 frozen, P2 running.
    board = s_board (db, "", S_MONTH, ends_ms + 1);
    SF_CHECK (board->rows [0]->closed && !board->rows [1]->closed);
    SF_CHECK (board->rows [0]->points == sf_test_scalar (db,
        "SELECT points FROM month_total WHERE plant_code = 'P1' AND month = '" S_MONTH "' AND subject = 'plant'", NULL));
    sf_pb_destroy (&board);

    //  A long list: 60 departments in P2, the best and worst 25.
    for (int i = 0; i < 59; i++) {
        char code [16];
        snprintf (code, sizeof code, "D9-%02d", i);
        const char *values [] = { code };
        SF_CHECK (sf_db_exec (db, "INSERT INTO sf_org_node (code, kind, parent_code, plant_code, name_zh, name_en,"
                                  " active, version) VALUES ($1, 3, 'P2', 'P2', $1, $1, true, 1)", 1, values) == 1);
    }
    board = s_board (db, "P2", S_MONTH, during);
    SF_CHECK (board->rank_of == 60 && board->n_rows == 50 && board->omitted == 10);
    SF_CHECK (board->rows [0]->rank == 1 && board->rows [49]->rank == 60);
    SF_CHECK_STR (board->rows [49]->unit_code, "D9");
    sf_pb_destroy (&board);

    sf_test_drop_schema (db, s_schema);
    sf_db_destroy (&db);
    free (s_schema);
    printf ("scoring_board_store_test: OK\n");
    return 0;
}
