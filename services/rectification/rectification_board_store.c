/*  rectification_board_store: GetFormBoard's reads (migrations/004_screen_board.sql). The
    plant's day and week in the board's zone, then one query: the open forms of each unit by
    stage (board_form_open), the forms still being worked on that are due from today on
    (board_form_due, an index range from today), so overdue = being worked on less due from
    today, and due this week = due from today up to Sunday. The enterprise board does the
    same per plant (the days from today on of every plant: a range of board_form_due_by_day).                                    */
#include "rectification_board_store.h"
#include "sf_pb.h"

#include <inttypes.h>
#include <stdio.h>

//  The per-unit figures from the two CTEs o (code, status, n) and d (code, due_day, n), $1
//  today, $2 the week's Sunday, $3..$6 the statuses issued, acknowledged, in rectification,
//  submitted. Units with open forms, most overdue first.
#define S_TAIL \
    ", u AS (SELECT code, sum (n) AS open," \
    "               coalesce (sum (n) FILTER (WHERE status = $3::smallint), 0) AS issued," \
    "               coalesce (sum (n) FILTER (WHERE status = $4::smallint), 0) AS acknowledged," \
    "               coalesce (sum (n) FILTER (WHERE status = $5::smallint), 0) AS working," \
    "               coalesce (sum (n) FILTER (WHERE status = $6::smallint), 0) AS submitted" \
    "        FROM o GROUP BY code)," \
    " w AS (SELECT code, sum (n) AS ahead, coalesce (sum (n) FILTER (WHERE due_day <= $2::date), 0) AS week" \
    "       FROM d GROUP BY code)" \
    " SELECT u.code, coalesce (nd.name_zh, ''), coalesce (nd.name_en, ''), u.open," \
    "        u.open - u.submitted - coalesce (w.ahead, 0) AS overdue, coalesce (w.week, 0) AS week," \
    "        u.issued, u.acknowledged, u.working, u.submitted" \
    " FROM u LEFT JOIN w USING (code) LEFT JOIN sf_org_node nd ON nd.code = u.code" \
    " WHERE u.open > 0 ORDER BY 5 DESC, 6 DESC, 4 DESC, 1"

//  One plant: its units ($7 the plant).
static const char *s_plant_sql =
    "WITH o AS (SELECT unit_code AS code, status, n FROM board_form_open WHERE plant_code = $7 AND n <> 0),"
    " d AS (SELECT unit_code AS code, due_day, n FROM board_form_due"
    "       WHERE plant_code = $7 AND due_day >= $1::date AND status <> $6::smallint AND n <> 0)"
    S_TAIL;

//  The enterprise: a row per plant, the days due of every plant one range of the index by day.
static const char *s_enterprise_sql =
    "WITH o AS (SELECT plant_code AS code, status, n FROM board_form_open WHERE n <> 0),"
    " d AS (SELECT plant_code AS code, due_day, n FROM board_form_due"
    "       WHERE due_day >= $1::date AND status <> $6::smallint AND n <> 0)"
    S_TAIL;

//  The zone, today in it and the Sunday ending its ISO week.
static int
s_day (sf_db_t *db, int64_t now_ms, Rectification__FormBoard *board)
{
    char now [24];
    snprintf (now, sizeof now, "%" PRId64, now_ms);
    const char *values [] = { now };
    sf_rows_t *rows = sf_db_query (db,
        "WITH l AS (SELECT (to_timestamp ($1::bigint / 1000.0) AT TIME ZONE board_time_zone ())::date AS today)"
        " SELECT board_time_zone (), today::text, (today + (7 - extract (isodow FROM today)::int))::text FROM l",
        1, values);
    if (!rows)
        return -1;
    sf_pb_set (&board->time_zone, sf_rows_text (rows, 0, 0));
    sf_pb_set (&board->today, sf_rows_text (rows, 0, 1));
    sf_pb_set (&board->week_ends, sf_rows_text (rows, 0, 2));
    sf_rows_destroy (&rows);
    return 0;
}

int
rect_board_store_read (sf_db_t *db, const char *plant, int64_t now_ms, Rectification__FormBoard *board)
{
    if (s_day (db, now_ms, board))
        return -1;
    char status [4][8];
    snprintf (status [0], sizeof status [0], "%d", RECTIFICATION__FORM_STATUS__FORM_ISSUED);
    snprintf (status [1], sizeof status [1], "%d", RECTIFICATION__FORM_STATUS__FORM_ACKNOWLEDGED);
    snprintf (status [2], sizeof status [2], "%d", RECTIFICATION__FORM_STATUS__FORM_IN_RECTIFICATION);
    snprintf (status [3], sizeof status [3], "%d", RECTIFICATION__FORM_STATUS__FORM_SUBMITTED);
    const char *values [] = { board->today, board->week_ends, status [0], status [1], status [2], status [3], plant };
    sf_rows_t *rows = *plant? sf_db_query (db, s_plant_sql, 7, values): sf_db_query (db, s_enterprise_sql, 6, values);
    if (!rows)
        return -1;
    for (int row = 0; row < sf_rows_count (rows); row++) {
        Rectification__FormBoardUnit *unit = sf_pb_add (&board->units, &board->n_units,
                                                        &rectification__form_board_unit__descriptor);
        sf_pb_set (&unit->unit_code, sf_rows_text (rows, row, 0));
        sf_pb_set (&unit->unit_name_zh, sf_rows_text (rows, row, 1));
        sf_pb_set (&unit->unit_name_en, sf_rows_text (rows, row, 2));
        unit->open = sf_rows_int (rows, row, 3);
        unit->overdue = sf_rows_int (rows, row, 4);
        unit->due_this_week = sf_rows_int (rows, row, 5);
        unit->issued = sf_rows_int (rows, row, 6);
        unit->acknowledged = sf_rows_int (rows, row, 7);
        unit->in_rectification = sf_rows_int (rows, row, 8);
        unit->submitted = sf_rows_int (rows, row, 9);
        board->open_total += unit->open;
        board->overdue_total += unit->overdue;
        board->due_this_week_total += unit->due_this_week;
    }
    sf_rows_destroy (&rows);
    return 0;
}
