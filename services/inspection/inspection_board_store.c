/*  inspection_board_store: GetHazardBoard's reads. Six queries, each on a summary table's
    primary key or index (migrations/007_screen_board.sql): the plant's day, open findings by
    severity and grade, the trend (30 day rows of the plant, migration 008; the quarter hours
    of a plant whose day rows are kept in another zone than the board's), today's tasks by
    shift and status, the newest hazard list's top grade per unit. The enterprise's board
    reads the same rows for every plant of the company at once (plant_code = ANY), each
    plant's tasks on its own production day: seven or eight queries whatever the number of
    plants.                                                                                  */
#include "inspection_board_store.h"
#include "inspection_task_store.h"
#include "sf_org.h"
#include "sf_pb.h"

#include <stdlib.h>
#include <string.h>

int
inspection_board_store_is_plant (sf_db_t *db, const char *code)
{
    const char *values [] = { code, INSPECTION_SQL_INT (SF_ORG_PLANT) };
    sf_rows_t *rows = sf_db_query (db, "SELECT 1 FROM sf_org_node WHERE code = $1 AND kind = $2::int", 2, values);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows) > 0;
    sf_rows_destroy (&rows);
    return found;
}

//  The plant's zone, its local date now, its production day (the local time less the first
//  shift's start) and the local year: board's time_zone and today, *date and *year; *by_day
//  whether its day rows are kept in that zone (migration 008: its calendar's, else the
//  default the migration holds).
static int
s_day (sf_db_t *db, const inspection_state_t *state, const char *plant, int64_t now_ms,
       Inspection__HazardBoard *board, char **date, int *year, bool *by_day)
{
    const char *first = state->default_shift_count? state->default_shifts [0]: "00:00-24:00";
    const char *values [] = { plant, state->default_time_zone, first, INSPECTION_SQL_INT (now_ms) };
    sf_rows_t *rows = sf_db_query (db,
        "WITH c AS (SELECT coalesce ((SELECT time_zone FROM plant_calendar WHERE plant_code = $1), $2) AS tz, "
        "                  coalesce ((SELECT shifts [1] FROM plant_calendar WHERE plant_code = $1), $3) AS shift), "
        "l AS (SELECT tz, shift, to_timestamp ($4::bigint / 1000.0) AT TIME ZONE tz AS now FROM c) "
        "SELECT tz, (now - split_part (shift, '-', 1)::interval)::date::text, now::date::text, "
        "       extract (year FROM now)::int, board_day_zone ($1) = tz FROM l", 4, values);
    if (!rows)
        return -1;
    sf_pb_set (&board->time_zone, sf_rows_text (rows, 0, 0));
    sf_pb_set (&board->today, sf_rows_text (rows, 0, 1));
    *date = strdup (sf_rows_text (rows, 0, 2));
    *year = (int) sf_rows_int (rows, 0, 3);
    *by_day = sf_rows_bool (rows, 0, 4);
    sf_rows_destroy (&rows);
    return *date? 0: -1;
}

//  The summary rows of one plant ($1 its code) or of the enterprise's ($1 an array of codes).
#define S_PLANTS(enterprise) ((enterprise)? "plant_code = ANY ($1::text[])": "plant_code = $1")

//  The enterprise board's row of plant code (board->plants, in code order), NULL if none.
static Inspection__BoardPlant *
s_plant (Inspection__HazardBoard *board, const char *code)
{
    size_t low = 0, high = board->n_plants;
    while (low < high) {
        size_t middle = (low + high) / 2;
        int order = strcmp (board->plants [middle]->plant_code, code);
        if (order == 0)
            return board->plants [middle];
        if (order < 0)
            low = middle + 1;
        else
            high = middle;
    }
    return NULL;
}

//  Open findings by severity and colour: grades sharing a colour are summed; on the
//  enterprise's board also each plant's open and open major findings.
static int
s_open (sf_db_t *db, const inspection_state_t *state, const char *plants, bool enterprise,
        Inspection__HazardBoard *board)
{
    const char *values [] = { plants };
    char sql [256];
    snprintf (sql, sizeof sql, "SELECT severity, grade, n, plant_code FROM board_finding_open WHERE %s AND n <> 0 "
              "ORDER BY severity DESC, grade", S_PLANTS (enterprise));
    sf_rows_t *rows = sf_db_query (db, sql, 1, values);
    if (!rows)
        return -1;
    for (int row = 0; row < sf_rows_count (rows); row++) {
        int severity = (int) sf_rows_int (rows, row, 0);
        int grade = (int) sf_rows_int (rows, row, 1);
        Inspection__BoardPlant *plant = enterprise? s_plant (board, sf_rows_text (rows, row, 3)): NULL;
        if (plant) {
            plant->open_total += sf_rows_int (rows, row, 2);
            if (severity == INSPECTION__SEVERITY__SEVERITY_MAJOR)
                plant->open_major += sf_rows_int (rows, row, 2);
        }
        int colour = grade >= 1 && grade <= 5? state->colour_by_grade [grade]: INSPECTION__COLOUR__COLOUR_UNSPECIFIED;
        Inspection__BoardFindingCount *count = NULL;
        for (size_t index = 0; index < board->n_open_findings && !count; index++)
            if ((int) board->open_findings [index]->severity == severity
            &&  (int) board->open_findings [index]->colour == colour)
                count = board->open_findings [index];
        if (!count) {
            count = sf_pb_add (&board->open_findings, &board->n_open_findings,
                               &inspection__board_finding_count__descriptor);
            count->severity = (Inspection__Severity) severity;
            count->colour = (Inspection__Colour) colour;
        }
        count->open += sf_rows_int (rows, row, 2);
        board->open_total += sf_rows_int (rows, row, 2);
    }
    sf_rows_destroy (&rows);
    return 0;
}

//  The first quarter hour of each of the last 30 local days up to date and of the day after
//  (a zone's offset is a multiple of 15 minutes): the days into board->trend, the 31 bounds
//  into *bounds as a bigint[] literal.
static int
s_trend_days (sf_db_t *db, const char *date, Inspection__HazardBoard *board, char **bounds)
{
    const char *values [] = { date, board->time_zone, INSPECTION_SQL_INT (INSPECTION_BOARD_TREND_DAYS) };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT day::date::text, (extract (epoch FROM day::date::timestamp AT TIME ZONE $2) * 1000)::bigint / 900000 "
        "FROM generate_series ($1::date - ($3::int - 1), $1::date + 1, interval '1 day') day ORDER BY day", 3, values);
    if (!rows)
        return -1;
    int count = sf_rows_count (rows);
    int64_t quarters [INSPECTION_BOARD_TREND_DAYS + 1];
    for (int row = 0; row < count && row <= INSPECTION_BOARD_TREND_DAYS; row++) {
        quarters [row] = sf_rows_int (rows, row, 1);
        if (row == INSPECTION_BOARD_TREND_DAYS)
            break;
        Inspection__BoardDay *day = sf_pb_add (&board->trend, &board->n_trend, &inspection__board_day__descriptor);
        sf_pb_set (&day->day, sf_rows_text (rows, row, 0));
    }
    sf_rows_destroy (&rows);
    if (count != INSPECTION_BOARD_TREND_DAYS + 1)
        return -1;
    *bounds = sf_db_int_array_literal (quarters, INSPECTION_BOARD_TREND_DAYS + 1);
    return *bounds? 0: -1;
}

//  Each row of one query into the trend: (bucket 1..30, opened, closed) added to its day.
static int
s_trend_add (sf_db_t *db, const char *sql, int count, const char **values, Inspection__HazardBoard *board)
{
    sf_rows_t *rows = sf_db_query (db, sql, count, values);
    if (!rows)
        return -1;
    for (int row = 0; row < sf_rows_count (rows); row++) {
        int64_t bucket = sf_rows_int (rows, row, 0);
        if (bucket < 1 || bucket > (int64_t) board->n_trend)
            continue;
        board->trend [bucket - 1]->opened += sf_rows_int (rows, row, 1);
        board->trend [bucket - 1]->closed += sf_rows_int (rows, row, 2);
    }
    sf_rows_destroy (&rows);
    return 0;
}

//  Opened and closed per local day, the last 30 up to date, of the plants by_day (a text[]
//  literal, NULL for none) from their day rows, 30 each (migration 008), and of the plants
//  by_quarter (the few whose day rows are kept in another zone than the board's) from their
//  quarter hours: one range read once, each row put in its day by width_bucket over the days'
//  bounds (a sum per day over the plants was planned as 30 lateral ranges, estimated high
//  enough for JIT). The same figures either way.
static int
s_trend (sf_db_t *db, const char *by_day, const char *by_quarter, const char *date, Inspection__HazardBoard *board)
{
    char *bounds = NULL;
    if (s_trend_days (db, date, board, &bounds))
        return -1;
    int rc = 0;
    if (by_day) {
        const char *values [] = { by_day, date, INSPECTION_SQL_INT (INSPECTION_BOARD_TREND_DAYS) };
        rc = s_trend_add (db,
            "SELECT $3::int - ($2::date - day), sum (opened), sum (closed) FROM board_finding_day "
            "WHERE plant_code = ANY ($1::text[]) AND day > $2::date - $3::int AND day <= $2::date GROUP BY day",
            3, values, board);
    }
    if (rc == 0 && by_quarter) {
        const char *values [] = { by_quarter, bounds };
        char sql [512];
        snprintf (sql, sizeof sql,
            "SELECT width_bucket (quarter, $2::bigint[]), coalesce (sum (opened), 0), coalesce (sum (closed), 0) "
            "FROM board_finding_quarter WHERE plant_code = ANY ($1::text[]) "
            "AND quarter >= ($2::bigint[]) [1] AND quarter < ($2::bigint[]) [%d] GROUP BY 1",
            INSPECTION_BOARD_TREND_DAYS + 1);
        rc = s_trend_add (db, sql, 2, values, board);
    }
    free (bounds);
    return rc;
}

//  Today's tasks (the production day) by shift and status; missed ones of every kind. The
//  enterprise's: each plant's own production day ($1 the codes, $2 their days), summed by
//  shift number, and each plant's missed, due and done.
static int
s_shifts (sf_db_t *db, const char *plants, const char *days, Inspection__HazardBoard *board)
{
    const char *values [] = { plants, days? days: board->today };
    sf_rows_t *rows = sf_db_query (db, days?
        "SELECT b.shift_no, b.status, b.n, b.plant_code "
        "FROM unnest ($1::text[], $2::date[]) p (code, day) "
        "JOIN board_task b ON b.plant_code = p.code AND b.shift_date = p.day WHERE b.n <> 0 "
        "ORDER BY b.shift_no, b.status":
        "SELECT shift_no, status, n, plant_code FROM board_task WHERE plant_code = $1 AND shift_date = $2::date "
        "AND n <> 0 ORDER BY shift_no, status", 2, values);
    if (!rows)
        return -1;
    for (int row = 0; row < sf_rows_count (rows); row++) {
        int shift_no = (int) sf_rows_int (rows, row, 0);
        int status = (int) sf_rows_int (rows, row, 1);
        int64_t n = sf_rows_int (rows, row, 2);
        Inspection__BoardPlant *plant = days? s_plant (board, sf_rows_text (rows, row, 3)): NULL;
        if (status == INSPECTION__TASK_STATUS__TASK_MISSED) {
            board->missed_today += n;
            if (plant)
                plant->missed_today += n;
        }
        if (shift_no <= 0)
            continue;
        if (plant) {
            plant->due_today += n;
            if (status == INSPECTION__TASK_STATUS__TASK_DONE)
                plant->done_today += n;
        }
        Inspection__BoardShift *shift = board->n_shifts? board->shifts [board->n_shifts - 1]: NULL;
        if (!shift || shift->shift_no != shift_no) {
            shift = sf_pb_add (&board->shifts, &board->n_shifts, &inspection__board_shift__descriptor);
            shift->shift_no = shift_no;
        }
        shift->due += n;
        if (status == INSPECTION__TASK_STATUS__TASK_DONE)
            shift->done += n;
        else
        if (status == INSPECTION__TASK_STATUS__TASK_MISSED)
            shift->missed += n;
        else
        if (status == INSPECTION__TASK_STATUS__TASK_OPEN)
            shift->open += n;
    }
    sf_rows_destroy (&rows);
    return 0;
}

//  Per unit of the plant, its newest hazard list up to year: the top grade and its colour.
static int
s_risk_map (sf_db_t *db, const inspection_state_t *state, const char *plant, int year,
            Inspection__HazardBoard *board)
{
    const char *values [] = { plant, INSPECTION_SQL_INT (year) };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT DISTINCT ON (r.unit_code) r.unit_code, coalesce (n.name_zh, ''), coalesce (n.name_en, ''), "
        "       r.year, r.top_grade "
        "FROM board_unit_risk r LEFT JOIN sf_org_node n ON n.code = r.unit_code "
        "WHERE r.plant_code = $1 AND r.year <= $2::int ORDER BY r.unit_code, r.year DESC", 2, values);
    if (!rows)
        return -1;
    for (int row = 0; row < sf_rows_count (rows); row++) {
        Inspection__BoardUnitRisk *unit = sf_pb_add (&board->risk_map, &board->n_risk_map,
                                                     &inspection__board_unit_risk__descriptor);
        sf_pb_set (&unit->unit_code, sf_rows_text (rows, row, 0));
        sf_pb_set (&unit->unit_name_zh, sf_rows_text (rows, row, 1));
        sf_pb_set (&unit->unit_name_en, sf_rows_text (rows, row, 2));
        unit->year = (int32_t) sf_rows_int (rows, row, 3);
        unit->grade = (int32_t) sf_rows_int (rows, row, 4);
        unit->colour = unit->grade >= 1 && unit->grade <= 5? (Inspection__Colour) state->colour_by_grade [unit->grade]
                                                           : INSPECTION__COLOUR__COLOUR_UNSPECIFIED;
    }
    sf_rows_destroy (&rows);
    return 0;
}

int
inspection_board_store_read (sf_db_t *db, const inspection_state_t *state, const char *plant, int64_t now_ms,
                             Inspection__HazardBoard *board)
{
    char *date = NULL;
    int year = 0;
    bool by_day = false;
    int rc = s_day (db, state, plant, now_ms, board, &date, &year, &by_day);
    char *codes = rc == 0? sf_db_array_literal ((char *const []) { (char *) plant }, 1): NULL;
    if (rc == 0 && !codes)
        rc = -1;
    if (rc == 0)
        rc = s_open (db, state, plant, false, board);
    if (rc == 0)
        rc = s_trend (db, by_day? codes: NULL, by_day? NULL: codes, date, board);
    if (rc == 0)
        rc = s_shifts (db, plant, NULL, board);
    if (rc == 0)
        rc = s_risk_map (db, state, plant, year, board);
    free (date);
    free (codes);
    return rc;
}

//  The active plants of company, by code, each with its production day now and local year
//  (its calendar's zone and first shift, else the state's defaults): board->plants, and the
//  array literals of their codes, days and years for the reads that follow, and of the codes
//  whose day rows are kept in the default zone (the trend's, *by_day) and of the others
//  (*by_quarter), each NULL if none.
static int
s_plants (sf_db_t *db, const inspection_state_t *state, const char *company, int64_t now_ms,
          Inspection__HazardBoard *board, char **codes, char **days, char **years,
          char **by_day, char **by_quarter)
{
    const char *first = state->default_shift_count? state->default_shifts [0]: "00:00-24:00";
    const char *values [] = { company, INSPECTION_SQL_INT (SF_ORG_PLANT), state->default_time_zone, first,
                              INSPECTION_SQL_INT (now_ms) };
    sf_rows_t *rows = sf_db_query (db,
        "WITH RECURSIVE up (plant, code, depth) AS ("
        "    SELECT code, parent_code, 0 FROM sf_org_node WHERE kind = $2::int AND active "
        "    UNION SELECT up.plant, n.parent_code, up.depth + 1 FROM up JOIN sf_org_node n ON n.code = up.code "
        "    WHERE up.depth < 64), "
        "p AS (SELECT n.code, coalesce (n.name_zh, '') AS name_zh, coalesce (n.name_en, '') AS name_en, "
        "             coalesce (c.time_zone, $3) AS tz, coalesce (c.shifts [1], $4) AS shift, "
        "             coalesce (c.time_zone, (SELECT time_zone FROM board_day_default)) = $3 AS by_day "
        "      FROM up JOIN sf_org_node n ON n.code = up.plant LEFT JOIN plant_calendar c ON c.plant_code = n.code "
        "      WHERE up.code = $1), "
        "l AS (SELECT p.*, to_timestamp ($5::bigint / 1000.0) AT TIME ZONE tz AS now FROM p) "
        "SELECT code, name_zh, name_en, (now - split_part (shift, '-', 1)::interval)::date::text, "
        "       extract (year FROM now)::int::text, by_day FROM l ORDER BY code COLLATE \"C\"", 5, values);
    if (!rows)
        return -1;
    int count = sf_rows_count (rows);
    char **columns [5] = { calloc (count + 1, sizeof (char *)), calloc (count + 1, sizeof (char *)),
                           calloc (count + 1, sizeof (char *)), calloc (count + 1, sizeof (char *)),
                           calloc (count + 1, sizeof (char *)) };
    size_t day_count = 0, quarter_count = 0;
    for (int row = 0; row < count; row++) {
        Inspection__BoardPlant *plant = sf_pb_add (&board->plants, &board->n_plants,
                                                   &inspection__board_plant__descriptor);
        sf_pb_set (&plant->plant_code, sf_rows_text (rows, row, 0));
        sf_pb_set (&plant->name_zh, sf_rows_text (rows, row, 1));
        sf_pb_set (&plant->name_en, sf_rows_text (rows, row, 2));
        sf_pb_set (&plant->today, sf_rows_text (rows, row, 3));
        columns [0][row] = plant->plant_code;
        columns [1][row] = plant->today;
        columns [2][row] = (char *) sf_rows_text (rows, row, 4);
        if (sf_rows_bool (rows, row, 5))
            columns [3][day_count++] = plant->plant_code;
        else
            columns [4][quarter_count++] = plant->plant_code;
    }
    *codes = sf_db_array_literal (columns [0], count);
    *days = sf_db_array_literal (columns [1], count);
    *years = sf_db_array_literal (columns [2], count);
    *by_day = day_count? sf_db_array_literal (columns [3], day_count): NULL;
    *by_quarter = quarter_count? sf_db_array_literal (columns [4], quarter_count): NULL;
    for (int column = 0; column < 5; column++)
        free (columns [column]);
    sf_rows_destroy (&rows);
    return *codes && *days && *years && (*by_day || !day_count) && (*by_quarter || !quarter_count)? 0: -1;
}

//  Each plant's worst grade on its risk map: per unit its newest list up to the plant's year.
static int
s_worst (sf_db_t *db, const inspection_state_t *state, const char *codes, const char *years,
         Inspection__HazardBoard *board)
{
    const char *values [] = { codes, years };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT plant_code, min (top_grade) FROM ("
        "  SELECT DISTINCT ON (r.unit_code) r.plant_code, r.top_grade "
        "  FROM unnest ($1::text[], $2::int[]) p (code, year) "
        "  JOIN board_unit_risk r ON r.plant_code = p.code AND r.year <= p.year "
        "  ORDER BY r.unit_code, r.year DESC) u GROUP BY plant_code", 2, values);
    if (!rows)
        return -1;
    for (int row = 0; row < sf_rows_count (rows); row++) {
        Inspection__BoardPlant *plant = s_plant (board, sf_rows_text (rows, row, 0));
        int grade = (int) sf_rows_int (rows, row, 1);
        if (!plant || grade < 1 || grade > 5)
            continue;
        plant->worst_grade = grade;
        plant->worst_colour = (Inspection__Colour) state->colour_by_grade [grade];
    }
    sf_rows_destroy (&rows);
    return 0;
}

int
inspection_board_store_read_all (sf_db_t *db, const inspection_state_t *state, const char *company,
                                 int64_t now_ms, Inspection__HazardBoard *board)
{
    char *date = NULL, *codes = NULL, *days = NULL, *years = NULL, *by_day = NULL, *by_quarter = NULL;
    int year = 0;
    bool unused = false;               //  each plant's: s_plants
    int rc = s_day (db, state, "", now_ms, board, &date, &year, &unused);
    if (rc == 0)
        rc = s_plants (db, state, company, now_ms, board, &codes, &days, &years, &by_day, &by_quarter);
    if (rc == 0)
        rc = s_open (db, state, codes, true, board);
    if (rc == 0)
        rc = s_trend (db, by_day, by_quarter, date, board);
    if (rc == 0)
        rc = s_shifts (db, codes, days, board);
    if (rc == 0)
        rc = s_worst (db, state, codes, years, board);
    free (date);
    free (codes);
    free (days);
    free (years);
    free (by_day);
    free (by_quarter);
    return rc;
}

int
inspection_board_store_default_zone (sf_db_t *db, const char *zone)
{
    const char *values [] = { zone };
    sf_rows_t *rows = sf_db_query (db, "SELECT board_day_set_default ($1)", 1, values);
    if (!rows)
        return -1;
    sf_rows_destroy (&rows);
    return 0;
}
