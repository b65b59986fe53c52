/*  training_board_store: GetTrainingBoard's reads, each on a summary table's key or index
    (migrations/040_screen_board.sql): required and qualified people per unit
    (board_qual_unit), certificates per expiry day in the next 90 days (board_cert_day, one
    range of days per plant), the next 20 to expire (board_qual_cert by expiry). A plant's
    board has a row per unit; the enterprise's a row per plant, each plant's days read as its
    own range.                                                                               */
#include "training_board_store.h"
#include "sf_pb.h"

#include <stdio.h>
#include <string.h>

//  Today's Beijing date and the millisecond of its midnight.
static int
s_today (sf_db_t *db, int64_t now_ms, Training__TrainingBoard *board, char *midnight, size_t size)
{
    char now [24];
    snprintf (now, sizeof now, "%lld", (long long) now_ms);
    const char *values [] = { now };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT board_qual_day ($1::bigint)::text, "
        "       ((board_qual_day ($1::bigint) - date '1970-01-01')::bigint * 86400000 - 28800000)::text",
        1, values);
    if (!rows)
        return -1;
    sf_pb_set (&board->today, sf_rows_text (rows, 0, 0));
    snprintf (midnight, size, "%s", sf_rows_text (rows, 0, 1));
    sf_rows_destroy (&rows);
    return 0;
}

static Training__TrainingBoardUnit *
s_unit (Training__TrainingBoard *board, const char *plant, const char *unit)
{
    for (size_t index = 0; index < board->n_units; index++)
        if (strcmp (board->units [index]->plant_code, plant) == 0 && strcmp (board->units [index]->unit_code, unit) == 0)
            return board->units [index];
    Training__TrainingBoardUnit *row = sf_pb_add (&board->units, &board->n_units, &training__training_board_unit__descriptor);
    sf_pb_set (&row->plant_code, plant);
    sf_pb_set (&row->unit_code, unit);
    return row;
}

static int32_t
s_percent (int64_t qualified, int64_t required)
{
    return required > 0? (int32_t) (qualified * 100 / required): 100;
}

//  People per unit (a plant) or per plant (the enterprise), with the unit's names.
static int
s_people (sf_db_t *db, const char *plant, Training__TrainingBoard *board)
{
    const char *values [] = { plant };
    sf_rows_t *rows = sf_db_query (db,
        "WITH u AS (SELECT CASE WHEN $1 = '' THEN plant_code ELSE unit_code END AS code, "
        "                  sum (required) AS required, sum (qualified) AS qualified "
        "           FROM board_qual_unit WHERE ($1 = '' OR plant_code = $1) AND plant_code <> '' AND required <> 0 GROUP BY 1) "
        "SELECT u.code, coalesce (n.name_zh, ''), coalesce (n.name_en, ''), u.required, u.qualified "
        "FROM u LEFT JOIN sf_org_node n ON n.code = u.code ORDER BY u.code", 1, values);
    if (!rows)
        return -1;
    for (int row = 0; row < sf_rows_count (rows); row++) {
        const char *code = sf_rows_text (rows, row, 0);
        Training__TrainingBoardUnit *unit = s_unit (board, *plant? plant: code, code);
        sf_pb_set (&unit->unit_name_zh, sf_rows_text (rows, row, 1));
        sf_pb_set (&unit->unit_name_en, sf_rows_text (rows, row, 2));
        unit->required = sf_rows_int (rows, row, 3);
        unit->qualified = sf_rows_int (rows, row, 4);
        board->required += unit->required;
        board->qualified += unit->qualified;
    }
    sf_rows_destroy (&rows);
    return 0;
}

//  Certificates expiring within 30, 60 and 90 days: per plant one range of days of
//  board_cert_day's key (the enterprise: each plant of board_qual_unit in turn).
static int
s_expiring (sf_db_t *db, const char *plant, Training__TrainingBoard *board)
{
    const char *values [] = { plant, board->today };
    sf_rows_t *rows = sf_db_query (db,
        "WITH p AS (SELECT $1 AS plant_code WHERE $1 <> '' "
        "           UNION ALL SELECT DISTINCT plant_code FROM board_qual_unit WHERE $1 = '' AND plant_code <> ''), "
        "d AS (SELECT c.plant_code, CASE WHEN $1 = '' THEN c.plant_code ELSE c.unit_code END AS code, "
        "             c.expires_on - $2::date AS days, c.n "
        "      FROM p JOIN board_cert_day c ON c.plant_code = p.plant_code "
        "       AND c.expires_on BETWEEN $2::date AND $2::date + 90 AND c.n <> 0) "
        "SELECT d.plant_code, d.code, coalesce (n.name_zh, ''), coalesce (n.name_en, ''), "
        "       sum (d.n) FILTER (WHERE d.days <= 30), sum (d.n) FILTER (WHERE d.days <= 60), sum (d.n) "
        "FROM d LEFT JOIN sf_org_node n ON n.code = d.code GROUP BY 1, 2, 3, 4 ORDER BY 2", 2, values);
    if (!rows)
        return -1;
    for (int row = 0; row < sf_rows_count (rows); row++) {
        Training__TrainingBoardUnit *unit = s_unit (board, sf_rows_text (rows, row, 0), sf_rows_text (rows, row, 1));
        if (!*unit->unit_name_zh)
            sf_pb_set (&unit->unit_name_zh, sf_rows_text (rows, row, 2));
        if (!*unit->unit_name_en)
            sf_pb_set (&unit->unit_name_en, sf_rows_text (rows, row, 3));
        unit->expiring_30 = sf_rows_is_null (rows, row, 4)? 0: sf_rows_int (rows, row, 4);
        unit->expiring_60 = sf_rows_is_null (rows, row, 5)? 0: sf_rows_int (rows, row, 5);
        unit->expiring_90 = sf_rows_int (rows, row, 6);
        board->expiring_30 += unit->expiring_30;
        board->expiring_60 += unit->expiring_60;
        board->expiring_90 += unit->expiring_90;
    }
    sf_rows_destroy (&rows);
    return 0;
}

//  The next certificates to expire from today's midnight, within 90 days.
static int
s_next (sf_db_t *db, const char *plant, const char *midnight, Training__TrainingBoard *board)
{
    char limit [16], horizon [16];
    snprintf (limit, sizeof limit, "%d", TRAINING_BOARD_NEXT);
    snprintf (horizon, sizeof horizon, "%d", TRAINING_BOARD_HORIZON_DAYS);
    const char *values [] = { plant, midnight, limit, board->today, horizon };
    sf_rows_t *rows = sf_db_query (db,
        "WITH c AS (SELECT * FROM board_qual_cert WHERE $1 <> '' AND plant_code = $1 AND expires_ms >= $2::bigint "
        "           AND expires_on <= $4::date + $5::int ORDER BY expires_ms, certificate_id LIMIT $3::int), "
        "e AS (SELECT * FROM board_qual_cert WHERE $1 = '' AND plant_code <> '' AND expires_ms >= $2::bigint "
        "      AND expires_on <= $4::date + $5::int ORDER BY expires_ms, certificate_id LIMIT $3::int) "
        "SELECT b.plant_code, b.unit_code, b.employee_code, coalesce (n.name_zh, ''), coalesce (n.name_en, ''), "
        "       q.type_code, t.name_zh, t.name_en, q.number, b.expires_on::text, b.expires_on - $4::date "
        "FROM (SELECT * FROM c UNION ALL SELECT * FROM e) b "
        "JOIN qual_certificate q ON q.id = b.certificate_id JOIN qual_certificate_type t ON t.code = q.type_code "
        "LEFT JOIN sf_org_node n ON n.code = b.employee_code ORDER BY b.expires_ms, b.certificate_id",
        5, values);
    if (!rows)
        return -1;
    for (int row = 0; row < sf_rows_count (rows); row++) {
        Training__TrainingBoardCertificate *certificate = sf_pb_add (&board->next_expiring, &board->n_next_expiring,
                                                                     &training__training_board_certificate__descriptor);
        sf_pb_set (&certificate->plant_code, sf_rows_text (rows, row, 0));
        sf_pb_set (&certificate->unit_code, sf_rows_text (rows, row, 1));
        sf_pb_set (&certificate->employee_code, sf_rows_text (rows, row, 2));
        sf_pb_set (&certificate->person_name_zh, sf_rows_text (rows, row, 3));
        sf_pb_set (&certificate->person_name_en, sf_rows_text (rows, row, 4));
        sf_pb_set (&certificate->type_code, sf_rows_text (rows, row, 5));
        sf_pb_set (&certificate->type_name_zh, sf_rows_text (rows, row, 6));
        sf_pb_set (&certificate->type_name_en, sf_rows_text (rows, row, 7));
        sf_pb_set (&certificate->number, sf_rows_text (rows, row, 8));
        sf_pb_set (&certificate->expires_on, sf_rows_text (rows, row, 9));
        certificate->days_left = (int32_t) sf_rows_int (rows, row, 10);
    }
    sf_rows_destroy (&rows);
    return 0;
}

int
training_board_store_read (sf_db_t *db, const char *plant, int64_t now_ms, Training__TrainingBoard *board)
{
    char midnight [24];
    sf_pb_set (&board->plant_code, plant);
    sf_pb_set (&board->time_zone, TRAINING_BOARD_ZONE);
    int rc = s_today (db, now_ms, board, midnight, sizeof midnight);
    if (rc == 0)
        rc = s_people (db, plant, board);
    if (rc == 0)
        rc = s_expiring (db, plant, board);
    if (rc == 0)
        rc = s_next (db, plant, midnight, board);
    for (size_t index = 0; rc == 0 && index < board->n_units; index++)
        board->units [index]->percent = s_percent (board->units [index]->qualified, board->units [index]->required);
    board->percent = s_percent (board->qualified, board->required);
    return rc;
}
