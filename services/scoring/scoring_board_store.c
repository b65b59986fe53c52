/*  scoring_board_store: GetRankingBoard's reads. A plant: its zone and month, then either the
    month's frozen department totals (month_total, closed) or the running ones
    (board_month_unit, plus the plant's active departments with nothing yet), ranked and
    tiered by the current rule version. The enterprise: one row per plant of the company root,
    each in its own zone and month, frozen or running. Index lookups on small tables only.    */
#include "scoring_board.h"
#include "scoring_store.h"
#include "sf_pb.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

//  Columns: code, name_zh, name_en, points, rank, rank_of, tier code, names, plant, month, closed.
static int
s_rows (sf_rows_t *rows, Scoring__RankingBoard *board)
{
    int count = sf_rows_count (rows);
    board->rank_of = count? (int32_t) sf_rows_int (rows, 0, 5): 0;
    for (int row = 0; row < count; row++) {
        bool shown = count <= SCORING_BOARD_ALL_MAX || row < SCORING_BOARD_ALL_MAX / 2
                  || row >= count - SCORING_BOARD_ALL_MAX / 2;
        if (!shown)
            continue;
        Scoring__RankingBoardRow *line = sf_pb_add (&board->rows, &board->n_rows, &scoring__ranking_board_row__descriptor);
        sf_pb_set (&line->unit_code, sf_rows_text (rows, row, 0));
        sf_pb_set (&line->unit_name_zh, sf_rows_text (rows, row, 1));
        sf_pb_set (&line->unit_name_en, sf_rows_text (rows, row, 2));
        line->points = sf_rows_int (rows, row, 3);
        line->rank = (int32_t) sf_rows_int (rows, row, 4);
        sf_pb_set (&line->tier_code, sf_rows_text (rows, row, 6));
        sf_pb_set (&line->tier_name_zh, sf_rows_text (rows, row, 7));
        sf_pb_set (&line->tier_name_en, sf_rows_text (rows, row, 8));
        sf_pb_set (&line->plant_code, sf_rows_text (rows, row, 9));
        sf_pb_set (&line->month, sf_rows_text (rows, row, 10));
        line->closed = sf_rows_bool (rows, row, 11);
    }
    board->omitted = board->rank_of - (int32_t) board->n_rows;
    return 0;
}

//  A closed month of a plant: its departments' frozen totals, tiers of the version it closed with.
#define S_CLOSED_SQL \
    "SELECT t.code, coalesce (n.name_zh, ''), coalesce (n.name_en, ''), t.points, t.rank, " \
    "       count (*) OVER (), t.tier_code, coalesce (tr.name_zh, ''), coalesce (tr.name_en, ''), " \
    "       t.plant_code, t.month, true " \
    "FROM month_total t JOIN month_state s ON s.plant_code = t.plant_code AND s.month = t.month " \
    "LEFT JOIN tier tr ON tr.version = s.rule_version AND tr.subject = t.subject AND tr.code = t.tier_code " \
    "LEFT JOIN sf_org_node n ON n.code = t.code " \
    "WHERE t.plant_code = $1 AND t.month = $2 AND t.subject = 'department' ORDER BY t.rank, t.code"

//  An open month of a plant: the running totals of its departments, and its active
//  departments without an entry yet (0), ranked; tiers by the current version.
#define S_OPEN_SQL \
    "WITH u AS (SELECT code, direct + cascade AS points FROM board_month_unit " \
    "           WHERE plant_code = $1 AND month = $2 AND code <> $1 " \
    "           UNION ALL SELECT d.code, 0 FROM sf_org_node d WHERE d.parent_code = $1 AND d.kind = 3 AND d.active " \
    "           AND NOT EXISTS (SELECT 1 FROM board_month_unit b WHERE b.plant_code = $1 AND b.month = $2 " \
    "                           AND b.code = d.code)), " \
    "r AS (SELECT code, points, rank () OVER (ORDER BY points DESC) AS rank, count (*) OVER () AS rank_of FROM u) " \
    "SELECT r.code, coalesce (n.name_zh, ''), coalesce (n.name_en, ''), r.points, r.rank, r.rank_of, " \
    "       coalesce (tr.code, ''), coalesce (tr.name_zh, ''), coalesce (tr.name_en, ''), $1, $2, false " \
    "FROM r LEFT JOIN LATERAL (SELECT code, name_zh, name_en FROM tier " \
    "     WHERE version = (SELECT max (version) FROM rule_version) AND subject = 'department' " \
    "     AND min_points <= r.points ORDER BY min_points DESC LIMIT 1) tr ON true " \
    "LEFT JOIN sf_org_node n ON n.code = r.code ORDER BY r.rank, r.code"

//  The plants of the company root, each in its zone and month ($1 or the current one at $2),
//  frozen (month_total's plant row) or running (board_month_unit's), ranked.
#define S_ENTERPRISE_SQL \
    "WITH p AS (SELECT n.code, n.name_zh, n.name_en, coalesce (z.time_zone, $3) AS zone " \
    "           FROM sf_org_node n LEFT JOIN plant_zone z ON z.plant_code = n.code " \
    "           WHERE n.parent_code IN (SELECT code FROM sf_org_node WHERE parent_code IS NULL AND kind = 1) " \
    "           AND n.kind = 2 AND n.active), " \
    "m AS (SELECT p.*, CASE WHEN $1 = '' THEN to_char (to_timestamp ($2::bigint / 1000.0) AT TIME ZONE p.zone, 'YYYY-MM') " \
    "                  ELSE $1 END AS month FROM p), " \
    "s AS (SELECT m.*, st.rule_version, st.plant_code IS NOT NULL AS closed FROM m " \
    "      LEFT JOIN month_state st ON st.plant_code = m.code AND st.month = m.month AND st.status = 2), " \
    "t AS (SELECT s.*, CASE WHEN s.closed THEN coalesce (f.points, 0) ELSE coalesce (b.direct + b.cascade, 0) END AS points, " \
    "             f.tier_code AS frozen_tier FROM s " \
    "      LEFT JOIN month_total f ON s.closed AND f.plant_code = s.code AND f.month = s.month " \
    "                             AND f.subject = 'plant' AND f.code = s.code " \
    "      LEFT JOIN board_month_unit b ON NOT s.closed AND b.plant_code = s.code AND b.month = s.month AND b.code = s.code), " \
    "r AS (SELECT t.*, rank () OVER (ORDER BY points DESC) AS rank, count (*) OVER () AS rank_of FROM t) " \
    "SELECT r.code, r.name_zh, r.name_en, r.points, r.rank, r.rank_of, coalesce (tr.code, ''), " \
    "       coalesce (tr.name_zh, ''), coalesce (tr.name_en, ''), r.code, r.month, r.closed " \
    "FROM r LEFT JOIN LATERAL (SELECT code, name_zh, name_en, min_points FROM tier WHERE subject = 'plant' " \
    "     AND ((r.closed AND version = r.rule_version AND code = r.frozen_tier) " \
    "       OR (NOT r.closed AND version = (SELECT max (version) FROM rule_version) AND min_points <= r.points)) " \
    "     ORDER BY min_points DESC LIMIT 1) tr ON true " \
    "ORDER BY r.rank, r.code"

int
scoring_board_store_read (sf_db_t *db, const char *plant, const char *month, const char *fallback_zone,
                          int64_t now_ms, Scoring__RankingBoard *board)
{
    sf_pb_set (&board->plant_code, plant);
    sf_rows_t *rows = NULL;
    if (!*plant) {
        char now [24];
        snprintf (now, sizeof now, "%" PRId64, now_ms);
        const char *values [] = { month, now, fallback_zone };
        sf_pb_set (&board->month, month);
        rows = sf_db_query (db, S_ENTERPRISE_SQL, 3, values);
    }
    else {
        char zone [64], current [8];
        if (scoring_plant_zone (db, plant, fallback_zone, zone, sizeof zone))
            return -1;
        if (!*month && scoring_month_of (db, now_ms, zone, current))
            return -1;
        const char *shown = *month? month: current;
        int closed = scoring_month_closed (db, plant, shown);
        if (closed < 0)
            return -1;
        sf_pb_set (&board->time_zone, zone);
        sf_pb_set (&board->month, shown);
        board->closed = closed;
        const char *values [] = { plant, shown };
        rows = sf_db_query (db, closed? S_CLOSED_SQL: S_OPEN_SQL, 2, values);
    }
    if (!rows)
        return -1;
    s_rows (rows, board);
    sf_rows_destroy (&rows);
    return 0;
}
