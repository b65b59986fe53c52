/*  inspection_board_store_test: the screen board's summary rows (migration 007) against real
    PostgreSQL. Findings, tasks and hazard items are written as the stores write them (plain
    SQL on the tables): the board counts open findings by severity and colour, opened and
    closed per local day, today's tasks per shift and the missed ones, the risk map; closes,
    cancels and reopenings move the counts; the enterprise's board sums its company's active
    plants with a row each; four writers at once lose no count; after a
    mixed run every summary equals a full scan (count(*) ... GROUP BY); a backfill (the
    migration's statements run again on a cleared summary) gives the same rows. The enum
    numbers the triggers hold are checked against the generated constants. The day rows
    (migration 008) equal the quarter rows summed per local day after reports, closes and
    deletes, after a plant's zone changes (rebuilt) and after the default zone changes, and
    their backfill gives the same rows; a finding the store inserts adds itself to the board
    (migration 012) once, at once, and not when rolled back, beside findings inserted plainly
    in the same transaction and by concurrent writers; each board's trend, read from day rows or (a plant
    kept in another zone than the board's) from quarter rows, equals the quarter rows summed
    over the board's local days.                                                             */
#include "inspection_board_store.h"
#include "inspection_colour.h"
#include "inspection_store.h"
#include "sf_migrate.h"
#include "sf_pb.h"
#include "sf_testkit.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

extern const sf_migration_t inspection_migrations [];

#define NOW_MS 1796084400000LL       //  2026-12-01T08:20:00+08:00 (00:20 UTC)
#define DAY_MS 86400000LL

static char *s_schema;
static sf_db_t *s_db;
static inspection_state_t s_state;
static char *s_shifts [] = { "08:00-16:00", "16:00-24:00", "00:00-08:00" };

static int s_number;

//  A finding of plant, severity, hazard key, status, reported at ms: its id.
static int64_t
s_finding (sf_db_t *db, const char *plant, int severity, const char *hazard_key, int64_t ms)
{
    char number [32], sev [8], when [24], status [8];
    snprintf (number, sizeof number, "%s-F2026-%d", plant, __atomic_add_fetch (&s_number, 1, __ATOMIC_SEQ_CST));
    snprintf (sev, sizeof sev, "%d", severity);
    snprintf (when, sizeof when, "%lld", (long long) ms);
    snprintf (status, sizeof status, "%d", INSPECTION__FINDING_STATUS__FINDING_OPEN);
    const char *values [] = { number, sev, plant, hazard_key, when, status };
    sf_rows_t *rows = sf_db_query (db,
        "INSERT INTO finding (number, description, factor, severity, responsible_unit, source, reporter, "
        "plant_code, reported_ms, hazard_key, status) "
        "VALUES ($1, 'x', 1, $2::smallint, $3 || '-D01', 2, 'u', $3, $5::bigint, $4, $6::smallint) RETURNING id",
        6, values);
    if (!rows)
        fprintf (stderr, "%s\n", sf_db_error (db));
    SF_CHECK (rows);
    int64_t id = sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    return id;
}

//  Sets the status of finding id, in db's transaction if one is open.
static void
s_finding_status (sf_db_t *db, int64_t id, int status)
{
    char sid [24], sst [8];
    snprintf (sid, sizeof sid, "%lld", (long long) id);
    snprintf (sst, sizeof sst, "%d", status);
    const char *values [] = { sid, sst };
    SF_CHECK (sf_db_exec (db, "UPDATE finding SET status = $2::smallint WHERE id = $1::bigint", 2, values) == 1);
}

//  A task of plant on date, shift, status: its id.
static int64_t
s_task (const char *plant, const char *date, int shift_no, int status, const char *unit)
{
    char shift [8], sst [8];
    snprintf (shift, sizeof shift, "%d", shift_no);
    snprintf (sst, sizeof sst, "%d", status);
    const char *values [] = { plant, date, shift, sst, unit };
    sf_rows_t *rows = sf_db_query (s_db,
        "INSERT INTO task (plan_id, kind, executor_unit, target_unit, plant_code, shift_date, shift_no, "
        "window_start, window_end, status) "
        "SELECT id, 2, $5, $5, $1, $2::date, $3::smallint, now (), now (), $4::smallint FROM plan WHERE code = 'PL' "
        "RETURNING id", 5, values);
    SF_CHECK (rows && sf_rows_count (rows) == 1);
    int64_t id = sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    return id;
}

static void
s_task_status (int64_t id, int status)
{
    char sid [24], sst [8];
    snprintf (sid, sizeof sid, "%lld", (long long) id);
    snprintf (sst, sizeof sst, "%d", status);
    const char *values [] = { sid, sst };
    SF_CHECK (sf_db_exec (s_db, "UPDATE task SET status = $2::smallint, closed_ms = 1 WHERE id = $1::bigint",
                          2, values) == 1);
}

static Inspection__HazardBoard *
s_board (const char *plant, int64_t now_ms)
{
    Inspection__HazardBoard *board = sf_pb_new (&inspection__hazard_board__descriptor);
    SF_CHECK (inspection_board_store_read (s_db, &s_state, plant, now_ms, board) == 0);
    return board;
}

static int64_t
s_open (const Inspection__HazardBoard *board, int severity, int colour)
{
    for (size_t index = 0; index < board->n_open_findings; index++)
        if ((int) board->open_findings [index]->severity == severity && (int) board->open_findings [index]->colour == colour)
            return board->open_findings [index]->open;
    return 0;
}

//  The day rows equal the quarter rows summed per local day of each plant's zone.
static void
s_check_days (void)
{
    SF_CHECK (sf_test_scalar (s_db, 
        "WITH q AS (SELECT plant_code, board_day_of (quarter, board_day_zone (plant_code)) AS day, "
        "                  sum (opened) AS opened, sum (closed) AS closed FROM board_finding_quarter GROUP BY 1, 2 "
        "           HAVING sum (opened) <> 0 OR sum (closed) <> 0), "
        "d AS (SELECT plant_code, day, opened, closed FROM board_finding_day WHERE opened <> 0 OR closed <> 0) "
        "SELECT count (*) FROM ((TABLE q EXCEPT TABLE d) UNION ALL (TABLE d EXCEPT TABLE q)) x", NULL) == 0);
}

//  Each of the board's 30 days equals the quarter rows of plants (a text[] literal) summed
//  from the floor of the day's local midnight (board's zone) to the next's, as the board was
//  read before migration 008.
static void
s_check_trend (const Inspection__HazardBoard *board, const char *plants)
{
    SF_CHECK (board->n_trend == INSPECTION_BOARD_TREND_DAYS);
    for (size_t index = 0; index < board->n_trend; index++) {
        const char *values [] = { plants, board->trend [index]->day, board->time_zone };
        sf_rows_t *rows = sf_db_query (s_db,
            "WITH b AS (SELECT (extract (epoch FROM $2::date::timestamp AT TIME ZONE $3) * 1000)::bigint / 900000 AS lo, "
            "                  (extract (epoch FROM ($2::date + 1)::timestamp AT TIME ZONE $3) * 1000)::bigint / 900000 AS hi) "
            "SELECT coalesce (sum (opened), 0), coalesce (sum (closed), 0) FROM board_finding_quarter, b "
            "WHERE plant_code = ANY ($1::text[]) AND quarter >= lo AND quarter < hi", 3, values);
        SF_CHECK (rows);
        if (sf_rows_int (rows, 0, 0) != board->trend [index]->opened
        ||  sf_rows_int (rows, 0, 1) != board->trend [index]->closed)
            fprintf (stderr, "%s %s: %lld/%lld, quarters %lld/%lld\n", plants, board->trend [index]->day,
                     (long long) board->trend [index]->opened, (long long) board->trend [index]->closed,
                     (long long) sf_rows_int (rows, 0, 0), (long long) sf_rows_int (rows, 0, 1));
        SF_CHECK (sf_rows_int (rows, 0, 0) == board->trend [index]->opened);
        SF_CHECK (sf_rows_int (rows, 0, 1) == board->trend [index]->closed);
        sf_rows_destroy (&rows);
    }
}

//  P01's and the enterprise's trends against the quarter rows, the day rows against a scan.
static void
s_check_boards (int64_t now_ms)
{
    s_check_days ();
    Inspection__HazardBoard *board = s_board ("P01", now_ms);
    s_check_trend (board, "{P01}");
    sf_pb_destroy (&board);
    board = sf_pb_new (&inspection__hazard_board__descriptor);
    SF_CHECK (inspection_board_store_read_all (s_db, &s_state, "C01", now_ms, board) == 0);
    s_check_trend (board, "{P01,P02}");
    sf_pb_destroy (&board);
}

static void
s_setup (void)
{
    s_schema = sf_test_unique ("inspect_board");
    s_db = sf_test_db (s_schema);
    SF_CHECK (sf_migrate (s_db, s_schema, "common", common_migrations) >= 6);
    SF_CHECK (sf_migrate (s_db, s_schema, "inspection", inspection_migrations) >= 8);
    SF_CHECK (inspection_colour_parse (INSPECTION_COLOUR_DEFAULT, s_state.colour_by_grade) == 0);
    s_state.default_time_zone = "Asia/Shanghai";
    s_state.default_shifts = s_shifts;
    s_state.default_shift_count = 3;
    sf_test_script (s_db,
        "INSERT INTO sf_org_node (code, kind, parent_code, plant_code, name_zh, name_en, active, version) VALUES "
        "('C01', 1, NULL, NULL, '公司', 'Company', true, 1), ('P01', 2, 'C01', 'P01', '一厂', 'Plant 1', true, 1), "
        "('P01-D01', 3, 'P01', 'P01', '生产部', 'Production', true, 1), "
        "('P01-D02', 3, 'P01', 'P01', '设备部', 'Equipment', true, 1), "
        "('P02', 2, 'C01', 'P02', '二厂', 'Plant 2', true, 1);"
        "INSERT INTO plan (code, level, scope_unit, title_zh, starts_on, created_by, created_ms) "
        "VALUES ('PL', 3, 'P01', '日查', '2026-01-01', 'u', 0);"
        "INSERT INTO hazard_list VALUES ('P01-D01', 2026, 1, 2, 'u', 0), ('P01-D02', 2026, 1, 1, 'u', 0);"
        "INSERT INTO hazard_item (unit_code, year, version, seq, factor, hazard, accident_type, measures, l, e, c, d, grade) "
        "VALUES ('P01-D01', 2026, 1, 1, 1, 'h', 'fire', 'm', 1, 1, 1, 1, 4), "
        "       ('P01-D01', 2026, 1, 2, 1, 'h', 'fire', 'm', 10, 6, 7, 420, 1), "
        "       ('P01-D02', 2026, 1, 1, 1, 'h', 'fire', 'm', 3, 6, 7, 126, 3);");
}

//  The numbers the triggers hold are the generated enums': every status of the contract but
//  the unspecified one (never stored), so that a status added to proto/inspection.proto fails
//  here until these functions (and the open findings' index of migration 014, which takes
//  board_finding_open: REINDEX it after a change) say where it belongs. Open is what
//  ListFindings' open_only lists: open or in rectification.
static void
s_test_enums (void)
{
    char sql [256];
    const ProtobufCEnumDescriptor *statuses = &inspection__finding_status__descriptor;
    for (unsigned i = 0; i < statuses->n_values; i++) {
        int status = statuses->values [i].value;
        if (status == INSPECTION__FINDING_STATUS__FINDING_STATUS_UNSPECIFIED)
            continue;
        snprintf (sql, sizeof sql, "SELECT board_finding_open (%d::smallint)::int * 10 + board_finding_closed (%d::smallint)::int",
                  status, status);
        int64_t got = sf_test_scalar (s_db, sql, NULL);
        bool open = status == INSPECTION__FINDING_STATUS__FINDING_OPEN
                 || status == INSPECTION__FINDING_STATUS__FINDING_IN_RECTIFICATION;
        bool closed = status == INSPECTION__FINDING_STATUS__FINDING_CLOSED;
        SF_CHECK (got == (open? 10: 0) + (closed? 1: 0));
    }
}

static void
s_test_counts (void)
{
    //  Risk map: D01's top grade 1 (red), D02's 3 (yellow); a new version of D01 (grade 4 only)
    //  makes it blue.
    Inspection__HazardBoard *board = s_board ("P01", NOW_MS);
    SF_CHECK_STR (board->today, "2026-12-01");
    SF_CHECK_STR (board->time_zone, "Asia/Shanghai");
    SF_CHECK (board->n_risk_map == 2);
    SF_CHECK_STR (board->risk_map [0]->unit_code, "P01-D01");
    SF_CHECK_STR (board->risk_map [0]->unit_name_en, "Production");
    SF_CHECK (board->risk_map [0]->colour == INSPECTION__COLOUR__COLOUR_RED);
    SF_CHECK (board->risk_map [1]->colour == INSPECTION__COLOUR__COLOUR_YELLOW);
    SF_CHECK (board->n_trend == INSPECTION_BOARD_TREND_DAYS);
    SF_CHECK_STR (board->trend [29]->day, "2026-12-01");
    SF_CHECK_STR (board->trend [0]->day, "2026-11-02");
    SF_CHECK (board->open_total == 0 && board->n_shifts == 0 && board->missed_today == 0);
    sf_pb_destroy (&board);
    sf_test_script (s_db,
        "UPDATE hazard_list SET version = 2 WHERE unit_code = 'P01-D01';"
        "INSERT INTO hazard_item (unit_code, year, version, seq, factor, hazard, accident_type, measures, l, e, c, d, grade) "
        "VALUES ('P01-D01', 2026, 2, 1, 1, 'h', 'fire', 'm', 1, 1, 1, 1, 5)");

    //  Findings: two general red (item H of grade 1), one major without an item, one of
    //  yesterday local (2026-11-30 23:20 +08) naming no known item, one of P02.
    char red [24];
    snprintf (red, sizeof red, "H%lld", (long long) sf_test_scalar (s_db, 
        "SELECT id FROM hazard_item WHERE unit_code = 'P01-D01' AND grade = 1", NULL));
    int64_t f1 = s_finding (s_db, "P01", 1, red, NOW_MS);
    int64_t f2 = s_finding (s_db, "P01", 1, red, NOW_MS);
    int64_t f3 = s_finding (s_db, "P01", 2, "", NOW_MS);
    s_finding (s_db, "P01", 1, "H999999999", NOW_MS - 9 * 3600000LL);
    s_finding (s_db, "P02", 2, "", NOW_MS);
    //  The grade of a key (migration 011's PL/pgSQL): the item's, else 0 for no key, a key of
    //  no item, a malformed key and one too long for an id.
    SF_CHECK (sf_test_scalar (s_db, "SELECT board_finding_grade ($1)", red) == 1);
    SF_CHECK (sf_test_scalar (s_db,
        "SELECT count (*) FROM unnest (ARRAY [NULL, '', 'H999999999', 'Hx', 'H1x', 'h1', 'H1234567890123456789']) k "
        "WHERE board_finding_grade (k) = 0", NULL) == 7);
    //  Tasks today (production day 2026-12-01): shift 1 done, open, missed; shift 2 open; a
    //  check (shift 0) missed; yesterday's shift 3 missed (not today).
    int64_t t1 = s_task ("P01", "2026-12-01", 1, INSPECTION__TASK_STATUS__TASK_OPEN, "P01-D01");
    s_task ("P01", "2026-12-01", 1, INSPECTION__TASK_STATUS__TASK_OPEN, "P01-D02");
    int64_t t3 = s_task ("P01", "2026-12-01", 1, INSPECTION__TASK_STATUS__TASK_OPEN, "P01-D01-x");
    s_task ("P01", "2026-12-01", 2, INSPECTION__TASK_STATUS__TASK_OPEN, "P01-D01");
    int64_t t5 = s_task ("P01", "2026-12-01", 0, INSPECTION__TASK_STATUS__TASK_OPEN, "P01-D02");
    int64_t t6 = s_task ("P01", "2026-11-30", 3, INSPECTION__TASK_STATUS__TASK_OPEN, "P01-D02");
    s_task_status (t1, INSPECTION__TASK_STATUS__TASK_DONE);
    s_task_status (t3, INSPECTION__TASK_STATUS__TASK_MISSED);
    s_task_status (t5, INSPECTION__TASK_STATUS__TASK_MISSED);
    s_task_status (t6, INSPECTION__TASK_STATUS__TASK_MISSED);

    board = s_board ("P01", NOW_MS);
    SF_CHECK (board->open_total == 4);
    SF_CHECK (s_open (board, INSPECTION__SEVERITY__SEVERITY_GENERAL, INSPECTION__COLOUR__COLOUR_RED) == 2);
    SF_CHECK (s_open (board, INSPECTION__SEVERITY__SEVERITY_GENERAL, INSPECTION__COLOUR__COLOUR_UNSPECIFIED) == 1);
    SF_CHECK (s_open (board, INSPECTION__SEVERITY__SEVERITY_MAJOR, INSPECTION__COLOUR__COLOUR_UNSPECIFIED) == 1);
    SF_CHECK (board->trend [29]->opened == 3 && board->trend [28]->opened == 1);
    SF_CHECK (board->n_shifts == 2);
    SF_CHECK (board->shifts [0]->shift_no == 1 && board->shifts [0]->due == 3 && board->shifts [0]->done == 1
           && board->shifts [0]->missed == 1 && board->shifts [0]->open == 1);
    SF_CHECK (board->shifts [1]->shift_no == 2 && board->shifts [1]->due == 1 && board->shifts [1]->open == 1);
    SF_CHECK (board->missed_today == 2);
    SF_CHECK (board->risk_map [0]->colour == INSPECTION__COLOUR__COLOUR_BLUE && board->risk_map [0]->grade == 5);
    sf_pb_destroy (&board);

    //  Into rectification (still open), closed, cancelled; a close on the real clock's day.
    s_finding_status (s_db, f1, INSPECTION__FINDING_STATUS__FINDING_IN_RECTIFICATION);
    s_finding_status (s_db, f2, INSPECTION__FINDING_STATUS__FINDING_IN_RECTIFICATION);
    s_finding_status (s_db, f2, INSPECTION__FINDING_STATUS__FINDING_CLOSED);
    s_finding_status (s_db, f3, INSPECTION__FINDING_STATUS__FINDING_CANCELLED);
    int64_t real_now = sf_test_scalar (s_db, "SELECT (extract (epoch FROM now ()) * 1000)::bigint", NULL);
    board = s_board ("P01", real_now);
    SF_CHECK (board->open_total == 2);
    SF_CHECK (s_open (board, INSPECTION__SEVERITY__SEVERITY_GENERAL, INSPECTION__COLOUR__COLOUR_RED) == 1);
    SF_CHECK (s_open (board, INSPECTION__SEVERITY__SEVERITY_MAJOR, INSPECTION__COLOUR__COLOUR_UNSPECIFIED) == 0);
    SF_CHECK (board->trend [29]->closed == 1);
    sf_pb_destroy (&board);
    board = s_board ("P02", NOW_MS);
    SF_CHECK (board->open_total == 1 && board->n_risk_map == 0 && board->trend [29]->opened == 1);
    sf_pb_destroy (&board);
}

static const Inspection__BoardPlant *
s_plant_row (const Inspection__HazardBoard *board, size_t index, const char *code)
{
    SF_CHECK (index < board->n_plants);
    SF_CHECK_STR (board->plants [index]->plant_code, code);
    return board->plants [index];
}

//  The enterprise of C01 (plants P01 and P02, as s_test_counts left them): the same figures
//  summed, one row per plant; a plant of another company (C02) and an inactive plant of C01
//  count nowhere.
static void
s_test_enterprise (void)
{
    sf_test_script (s_db,
        "INSERT INTO sf_org_node (code, kind, parent_code, plant_code, name_zh, name_en, active, version) VALUES "
        "('C02', 1, NULL, NULL, '别家', 'Other', true, 1), ('P09', 2, 'C02', 'P09', '九厂', 'Plant 9', true, 1), "
        "('P08', 2, 'C01', 'P08', '八厂', 'Plant 8', false, 1)");
    s_finding (s_db, "P09", 2, "", NOW_MS);
    s_finding (s_db, "P08", 2, "", NOW_MS);
    Inspection__HazardBoard *board = sf_pb_new (&inspection__hazard_board__descriptor);
    SF_CHECK (inspection_board_store_read_all (s_db, &s_state, "C01", NOW_MS, board) == 0);
    SF_CHECK_STR (board->plant_code, "");
    SF_CHECK_STR (board->time_zone, "Asia/Shanghai");
    SF_CHECK_STR (board->today, "2026-12-01");
    SF_CHECK (board->n_plants == 2 && board->n_risk_map == 0);
    //  P01: f1 (general, red item) and yesterday's (general, no known item) open.
    const Inspection__BoardPlant *p01 = s_plant_row (board, 0, "P01");
    SF_CHECK_STR (p01->name_en, "Plant 1");
    SF_CHECK_STR (p01->today, "2026-12-01");
    SF_CHECK (p01->open_total == 2 && p01->open_major == 0);
    SF_CHECK (p01->missed_today == 2 && p01->due_today == 4 && p01->done_today == 1);
    SF_CHECK (p01->worst_grade == 3 && p01->worst_colour == INSPECTION__COLOUR__COLOUR_YELLOW);
    const Inspection__BoardPlant *p02 = s_plant_row (board, 1, "P02");
    SF_CHECK (p02->open_total == 1 && p02->open_major == 1 && p02->due_today == 0 && p02->missed_today == 0);
    SF_CHECK (p02->worst_grade == 0 && p02->worst_colour == INSPECTION__COLOUR__COLOUR_UNSPECIFIED);
    SF_CHECK (board->open_total == 3);
    SF_CHECK (s_open (board, INSPECTION__SEVERITY__SEVERITY_GENERAL, INSPECTION__COLOUR__COLOUR_RED) == 1);
    SF_CHECK (s_open (board, INSPECTION__SEVERITY__SEVERITY_GENERAL, INSPECTION__COLOUR__COLOUR_UNSPECIFIED) == 1);
    SF_CHECK (s_open (board, INSPECTION__SEVERITY__SEVERITY_MAJOR, INSPECTION__COLOUR__COLOUR_UNSPECIFIED) == 1);
    SF_CHECK (board->n_trend == INSPECTION_BOARD_TREND_DAYS);
    SF_CHECK (board->trend [29]->opened == 4 && board->trend [28]->opened == 1);
    SF_CHECK (board->missed_today == 2 && board->n_shifts == 2);
    SF_CHECK (board->shifts [0]->shift_no == 1 && board->shifts [0]->due == 3 && board->shifts [0]->done == 1);
    sf_pb_destroy (&board);
    //  A company with no active plant: an empty board.
    board = sf_pb_new (&inspection__hazard_board__descriptor);
    SF_CHECK (inspection_board_store_read_all (s_db, &s_state, "nowhere", NOW_MS, board) == 0);
    SF_CHECK (board->n_plants == 0 && board->open_total == 0 && board->n_trend == INSPECTION_BOARD_TREND_DAYS);
    sf_pb_destroy (&board);
}

//  Day rows through deletes, a plant's zone changes (rebuilt in the calendar's transaction) and
//  the default zone's; the boards' trends stay the quarter rows' summed per the board's day.
static void
s_test_days (void)
{
    int64_t real_now = sf_test_scalar (s_db, "SELECT (extract (epoch FROM now ()) * 1000)::bigint", NULL);
    s_check_boards (NOW_MS);
    s_check_boards (real_now);
    //  Reported around local midnights of both zones, closed, reopened, deleted (a closed
    //  finding is never deleted: its close stays counted on its day, as in the quarter rows).
    int64_t ids [8];
    for (int index = 0; index < 8; index++)
        ids [index] = s_finding (s_db, index % 2? "P01": "P02", 1, "", NOW_MS - 20 * 60000LL - index * 3 * 3600000LL);
    s_finding_status (s_db, ids [0], INSPECTION__FINDING_STATUS__FINDING_CLOSED);
    s_finding_status (s_db, ids [1], INSPECTION__FINDING_STATUS__FINDING_CLOSED);
    s_finding_status (s_db, ids [1], INSPECTION__FINDING_STATUS__FINDING_IN_RECTIFICATION);
    s_check_boards (NOW_MS);
    char sql [128];
    snprintf (sql, sizeof sql, "DELETE FROM finding WHERE id IN (%lld, %lld, %lld)",
              (long long) ids [1], (long long) ids [2], (long long) ids [3]);
    sf_test_script (s_db, sql);
    s_check_boards (NOW_MS);
    s_check_boards (real_now);

    //  P01 moves to New York: its day rows rebuilt in the calendar's transaction; its board's
    //  days are New York's, the enterprise's stay Shanghai's (P01 from its quarter rows).
    SF_CHECK (sf_db_begin (s_db) == 0);
    sf_test_script (s_db, "INSERT INTO plant_calendar (plant_code, time_zone, shifts, updated_by, updated_ms) "
                  "VALUES ('P01', 'America/New_York', '{08:00-16:00}', 'u', 0)");
    s_check_days ();
    SF_CHECK (sf_db_commit (s_db) == 0);
    SF_CHECK (sf_test_scalar (s_db, "SELECT count (*) FROM board_finding_day WHERE plant_code = 'P01' "
                       "AND day = '2026-11-30' AND opened > 0", NULL) == 1);
    Inspection__HazardBoard *board = s_board ("P01", NOW_MS);
    SF_CHECK_STR (board->time_zone, "America/New_York");
    SF_CHECK_STR (board->trend [29]->day, "2026-11-30");
    sf_pb_destroy (&board);
    s_check_boards (NOW_MS);
    for (int index = 0; index < 4; index++)
        s_finding_status (s_db, s_finding (s_db, "P01", 2, "", NOW_MS - index * 5 * 3600000LL),
                          INSPECTION__FINDING_STATUS__FINDING_CLOSED);
    s_check_boards (NOW_MS);
    s_check_boards (real_now);
    //  Back to Shanghai, then no calendar (the default zone).
    sf_test_script (s_db, "UPDATE plant_calendar SET time_zone = 'Asia/Shanghai' WHERE plant_code = 'P01'");
    s_check_boards (NOW_MS);
    sf_test_script (s_db, "UPDATE plant_calendar SET time_zone = 'Asia/Kathmandu' WHERE plant_code = 'P01'");
    s_check_boards (NOW_MS);
    sf_test_script (s_db, "DELETE FROM plant_calendar WHERE plant_code = 'P01'");
    s_check_boards (NOW_MS);
    s_check_boards (real_now);

    //  Another default zone: the plants without a calendar rebuilt in it; the daemon's default
    //  still Shanghai, both boards read them from their quarter rows, the same figures.
    SF_CHECK (inspection_board_store_default_zone (s_db, "Europe/London") == 0);
    SF_CHECK (sf_test_scalar (s_db, "SELECT count (*) FROM board_day_default WHERE time_zone = 'Europe/London'", NULL) == 1);
    s_check_boards (NOW_MS);
    s_state.default_time_zone = "Europe/London";
    s_check_boards (NOW_MS);
    s_state.default_time_zone = "Asia/Shanghai";
    SF_CHECK (inspection_board_store_default_zone (s_db, "Asia/Shanghai") == 0);
    SF_CHECK (inspection_board_store_default_zone (s_db, "Asia/Shanghai") == 0);
    s_check_boards (NOW_MS);
    //  A truncate of the quarter rows empties the day rows (their backfill follows).
    SF_CHECK (sf_db_begin (s_db) == 0);
    sf_test_script (s_db, "TRUNCATE board_finding_quarter");
    SF_CHECK (sf_test_scalar (s_db, "SELECT count (*) FROM board_finding_day", NULL) == 0);
    sf_db_rollback (s_db);
    s_check_days ();
}

//  Four writers at once, each reporting and closing in its own transactions.
static void *
s_writer (void *arg)
{
    sf_db_t *db = sf_test_db_session (s_schema);
    int seed = (int) (intptr_t) arg;
    for (int index = 0; index < 50; index++) {
        SF_CHECK (sf_db_begin (db) == 0);
        int64_t id = s_finding (db, (index + seed) % 2? "P01": "P02", 1 + index % 2, "", NOW_MS + index * 60000LL);
        if (index % 3 == 0)
            s_finding_status (db, id, index % 2? INSPECTION__FINDING_STATUS__FINDING_CLOSED
                                               : INSPECTION__FINDING_STATUS__FINDING_CANCELLED);
        SF_CHECK (sf_db_commit (db) == 0);
    }
    sf_db_destroy (&db);
    return NULL;
}

//  Four threads run writer at once, each with its index as its seed, and are waited for.
static void
s_run_writers (void *(*writer) (void *))
{
    pthread_t threads [4];
    for (int index = 0; index < 4; index++)
        SF_CHECK (pthread_create (&threads [index], NULL, writer, (void *) (intptr_t) index) == 0);
    for (int index = 0; index < 4; index++)
        pthread_join (threads [index], NULL);
}

//  Every summary equals a full scan of its table.
static void
s_check_scan (void)
{
    SF_CHECK (sf_test_scalar (s_db, 
        "SELECT count (*) FROM ("
        "  (SELECT plant_code, severity, board_finding_grade (hazard_key) AS grade, count (*) AS n FROM finding "
        "   WHERE board_finding_open (status) GROUP BY 1, 2, 3) "
        "  EXCEPT (SELECT plant_code, severity, grade, n FROM board_finding_open WHERE n <> 0)) x", NULL) == 0);
    SF_CHECK (sf_test_scalar (s_db, 
        "SELECT count (*) FROM ("
        "  (SELECT plant_code, severity, grade, n FROM board_finding_open WHERE n <> 0) EXCEPT "
        "  (SELECT plant_code, severity, board_finding_grade (hazard_key) AS grade, count (*) AS n FROM finding "
        "   WHERE board_finding_open (status) GROUP BY 1, 2, 3)) x", NULL) == 0);
    SF_CHECK (sf_test_scalar (s_db, 
        "SELECT count (*) FROM ("
        "  (SELECT plant_code, reported_ms / 900000, count (*) FROM finding GROUP BY 1, 2) "
        "  EXCEPT (SELECT plant_code, quarter, opened FROM board_finding_quarter WHERE opened <> 0)) x", NULL) == 0);
    SF_CHECK (sf_test_scalar (s_db, "SELECT (SELECT count (*) FROM finding WHERE board_finding_closed (status)) "
                       "     - (SELECT sum (closed) FROM board_finding_quarter)", NULL) == 0);
    s_check_days ();
    SF_CHECK (sf_test_scalar (s_db, 
        "SELECT count (*) FROM ("
        "  ((SELECT plant_code, shift_date, shift_no, status, count (*) FROM task GROUP BY 1, 2, 3, 4) "
        "   EXCEPT (SELECT plant_code, shift_date, shift_no, status, n FROM board_task WHERE n <> 0)) UNION ALL "
        "  ((SELECT plant_code, shift_date, shift_no, status, n FROM board_task WHERE n <> 0) "
        "   EXCEPT (SELECT plant_code, shift_date, shift_no, status, count (*) FROM task GROUP BY 1, 2, 3, 4))) x", NULL) == 0);
}

static void
s_test_concurrent (void)
{
    s_run_writers (s_writer);
    SF_CHECK (sf_test_scalar (s_db, "SELECT count (*) FROM finding", NULL) == 207 + 8 - 3 + 4);
    s_check_scan ();
    //  The backfill gives the same rows as the triggers kept.
    sf_test_script (s_db,
        "CREATE TEMP TABLE kept AS SELECT plant_code, severity, grade, n FROM board_finding_open WHERE n <> 0;"
        "CREATE TEMP TABLE kept_task AS SELECT * FROM board_task WHERE n <> 0;"
        "CREATE TEMP TABLE kept_risk AS SELECT * FROM board_unit_risk;"
        "TRUNCATE board_finding_open, board_task, board_unit_risk;"
        "INSERT INTO board_finding_open SELECT plant_code, severity, board_finding_grade (hazard_key), count (*) "
        "FROM finding WHERE board_finding_open (status) GROUP BY 1, 2, 3;"
        "INSERT INTO board_task SELECT plant_code, shift_date, shift_no, status, count (*) FROM task GROUP BY 1, 2, 3, 4;"
        "INSERT INTO board_unit_risk "
        "SELECT DISTINCT ON (i.unit_code, i.year) i.unit_code, i.year, "
        "       coalesce ((SELECT coalesce (n.plant_code, '') FROM sf_org_node n WHERE n.code = i.unit_code), ''), "
        "       i.version, min (i.grade) OVER (PARTITION BY i.unit_code, i.year, i.version) "
        "FROM hazard_item i ORDER BY i.unit_code, i.year, i.version DESC;");
    SF_CHECK (sf_test_scalar (s_db, "SELECT count (*) FROM ((TABLE kept EXCEPT TABLE board_finding_open) UNION ALL "
                       "(TABLE board_finding_open EXCEPT TABLE kept)) x", NULL) == 0);
    SF_CHECK (sf_test_scalar (s_db, "SELECT count (*) FROM ((TABLE kept_task EXCEPT TABLE board_task) UNION ALL "
                       "(TABLE board_task EXCEPT TABLE kept_task)) x", NULL) == 0);
    SF_CHECK (sf_test_scalar (s_db, "SELECT count (*) FROM ((TABLE kept_risk EXCEPT TABLE board_unit_risk) UNION ALL "
                       "(TABLE board_unit_risk EXCEPT TABLE kept_risk)) x", NULL) == 0);
    //  Migration 008's backfill (its own statements) gives the day rows the triggers kept.
    sf_test_script (s_db, "CREATE TEMP TABLE kept_day AS SELECT * FROM board_finding_day WHERE opened <> 0 OR closed <> 0;"
                  "DELETE FROM board_finding_day;");
    const char *backfill = NULL;
    for (const sf_migration_t *migration = inspection_migrations; migration->version; migration++)
        if (migration->version == 8)
            backfill = strstr (migration->sql, "-- Backfill.");
    SF_CHECK (backfill);
    sf_test_script (s_db, backfill);
    SF_CHECK (sf_test_scalar (s_db, "SELECT count (*) FROM board_finding_day WHERE opened <> 0 OR closed <> 0", NULL) > 0);
    SF_CHECK (sf_test_scalar (s_db, "SELECT count (*) FROM ((TABLE kept_day EXCEPT SELECT * FROM board_finding_day "
                       "WHERE opened <> 0 OR closed <> 0) UNION ALL (SELECT * FROM board_finding_day "
                       "WHERE opened <> 0 OR closed <> 0 EXCEPT TABLE kept_day)) x", NULL) == 0);
    s_check_boards (NOW_MS);
    //  The quarter rows cleared and rebuilt by migration 007's backfill (as ./deploy/bench screen
    //  does after its bulk insert): the day rows follow them.
    const char *quarters = NULL;
    for (const sf_migration_t *migration = inspection_migrations; migration->version; migration++)
        if (migration->version == 7)
            quarters = strstr (strstr (migration->sql, "-- Backfill."), "INSERT INTO board_finding_quarter");
    SF_CHECK (quarters && strstr (quarters, "INSERT INTO board_task"));
    char *statements = strndup (quarters, (size_t) (strstr (quarters, "INSERT INTO board_task") - quarters));
    sf_test_script (s_db, "TRUNCATE board_finding_quarter");
    SF_CHECK (sf_test_scalar (s_db, "SELECT count (*) FROM board_finding_day", NULL) == 0);
    sf_test_script (s_db, statements);
    free (statements);
    SF_CHECK (sf_test_scalar (s_db, "SELECT count (*) FROM board_finding_day WHERE opened <> 0", NULL) > 0);
    s_check_scan ();
    s_check_boards (NOW_MS);
    SF_CHECK (inspection_board_store_is_plant (s_db, "P01") == 1);
    SF_CHECK (inspection_board_store_is_plant (s_db, "P01-D01") == 0);
    SF_CHECK (inspection_board_store_is_plant (s_db, "nowhere") == 0);
}

//  Migration 010: the deltas wait for COMMIT and are added once; a savepoint rolled back takes
//  its deltas with it; a bulk statement folds as it goes; every summary still equals a scan.
static void
s_test_fold (void)
{
    const char *open_sum = "SELECT coalesce (sum (n), 0) FROM board_finding_open";
    int64_t open_before = sf_test_scalar (s_db, open_sum, NULL);
    SF_CHECK (sf_db_begin (s_db) == 0);
    int64_t first = s_finding (s_db, "P01", 1, "", NOW_MS);
    s_finding (s_db, "P01", 2, "", NOW_MS + 1000);
    s_finding (s_db, "P02", 1, "", NOW_MS + 2000);
    SF_CHECK (sf_test_scalar (s_db, open_sum, NULL) == open_before);     //  not before COMMIT
    SF_CHECK (sf_db_savepoint (s_db, "s") == 0);
    s_finding (s_db, "P02", 2, "", NOW_MS + 3000);
    s_finding_status (s_db, first, INSPECTION__FINDING_STATUS__FINDING_CLOSED);
    SF_CHECK (sf_db_rollback_to_savepoint (s_db, "s") == 0);
    s_finding (s_db, "P01", 1, "", NOW_MS - 86400000LL);
    s_finding_status (s_db, first, INSPECTION__FINDING_STATUS__FINDING_CANCELLED);
    SF_CHECK (sf_db_commit (s_db) == 0);
    SF_CHECK (sf_test_scalar (s_db, open_sum, NULL) == open_before + 3);
    s_check_scan ();
    //  Three thousand findings in one statement (about 90,000 characters of deltas), changed,
    //  half deleted and the rest closed, each in one statement.
    char sql [640];
    snprintf (sql, sizeof sql,
        "INSERT INTO finding (number, description, factor, severity, responsible_unit, source, reporter, "
        "                     plant_code, reported_ms, hazard_key, status) "
        "SELECT 'BULK-' || g, 'x', 1, 1 + g %% 2, CASE WHEN g %% 3 = 0 THEN 'P02' ELSE 'P01' END || '-D01', 2, 'u', "
        "       CASE WHEN g %% 3 = 0 THEN 'P02' ELSE 'P01' END, %lld + g * 600000, '', %d "
        "FROM generate_series (1, 3000) g", (long long) NOW_MS - 20 * 86400000LL, INSPECTION__FINDING_STATUS__FINDING_OPEN);
    sf_test_script (s_db, sql);
    s_check_scan ();
    sf_test_script (s_db, "UPDATE finding SET severity = 3 - severity WHERE number LIKE 'BULK-%'");
    s_check_scan ();
    //  (A close stays counted on its day when its finding is deleted: deleted while open.)
    sf_test_script (s_db, "DELETE FROM finding WHERE number LIKE 'BULK-%' AND substr (number, 6)::int % 2 = 0");
    s_check_scan ();
    snprintf (sql, sizeof sql, "UPDATE finding SET status = %d WHERE number LIKE 'BULK-%%'",
              INSPECTION__FINDING_STATUS__FINDING_CLOSED);
    sf_test_script (s_db, sql);
    s_check_scan ();
    SF_CHECK (sf_test_scalar (s_db, open_sum, NULL) == open_before + 3);
    s_check_boards (NOW_MS);
}

//  A finding as the daemon stores it (inspection_store_finding_insert, migration 012): its id.
static int64_t
s_finding_stored (sf_db_t *db, const char *plant, int severity, const char *hazard_key, int64_t ms)
{
    char unit [32];
    snprintf (unit, sizeof unit, "%s-D01", plant);
    Inspection__Finding finding = INSPECTION__FINDING__INIT;
    finding.description = "x";
    finding.factor = 1;
    finding.location = "";
    finding.severity = severity;
    finding.responsible_unit = unit;
    finding.responsible_person = "";
    finding.source = INSPECTION__FINDING_SOURCE__SOURCE_REPORT;
    finding.lesson_ref = "";
    finding.reporter = "u";
    finding.reporter_unit = unit;
    finding.plant_code = (char *) plant;
    finding.reported_ms = ms;
    finding.hazard_key = (char *) hazard_key;
    Inspection__Finding *stored = inspection_store_finding_insert (db, &finding, plant, "Asia/Shanghai", true, false);
    if (!stored)
        fprintf (stderr, "%s\n", sf_db_error (db));
    SF_CHECK (stored);
    int64_t id = stored->id;
    sf_pb_destroy (&stored);
    return id;
}

//  Four writers at once, each storing as ReportFinding does, inserting plainly and closing, one
//  plant a transaction (inspection_store_finding_insert).
static void *
s_writer_stored (void *arg)
{
    sf_db_t *db = sf_test_db_session (s_schema);
    int seed = (int) (intptr_t) arg;
    for (int index = 0; index < 40; index++) {
        SF_CHECK (sf_db_begin (db) == 0);
        int64_t id = s_finding_stored (db, (index + seed) % 2? "P01": "P02", 1 + index % 2, index % 5? "": "H2",
                                       NOW_MS + index * 60000LL);
        if (index % 4 == 0)
            s_finding (db, (index + seed) % 2? "P01": "P02", 1, "", NOW_MS + index * 60000LL);
        if (index % 3 == 0)
            s_finding_status (db, id, INSPECTION__FINDING_STATUS__FINDING_CLOSED);
        SF_CHECK (sf_db_commit (db) == 0);
    }
    sf_db_destroy (&db);
    return NULL;
}

//  Migration 012: a finding the store inserts is on the board at once (before COMMIT), counted
//  once; one inserted plainly beside it in the same transaction still is, at COMMIT; a stored
//  finding rolled back with its savepoint takes its counts with it; concurrent writers storing,
//  inserting plainly and closing leave every summary equal to a scan.
static void
s_test_direct (void)
{
    const char *open_sum = "SELECT coalesce (sum (n), 0) FROM board_finding_open";
    const char *graded = "SELECT coalesce (sum (n), 0) FROM board_finding_open WHERE plant_code = 'P01' AND grade = 1";
    int64_t open_before = sf_test_scalar (s_db, open_sum, NULL);
    int64_t graded_before = sf_test_scalar (s_db, graded, NULL);
    int64_t item = sf_test_scalar (s_db, "SELECT id FROM hazard_item WHERE grade = 1", NULL);
    char hazard_key [32];
    snprintf (hazard_key, sizeof hazard_key, "H%lld", (long long) item);
    SF_CHECK (sf_db_begin (s_db) == 0);
    s_finding_stored (s_db, "P01", 2, hazard_key, NOW_MS);
    SF_CHECK (sf_test_scalar (s_db, open_sum, NULL) == open_before + 1);      //  at once
    SF_CHECK (sf_test_scalar (s_db, graded, NULL) == graded_before + 1);
    s_finding (s_db, "P01", 1, "", NOW_MS + 1000);
    SF_CHECK (sf_test_scalar (s_db, open_sum, NULL) == open_before + 1);      //  the plain one at COMMIT
    SF_CHECK (sf_db_savepoint (s_db, "s") == 0);
    s_finding_stored (s_db, "P02", 1, "", NOW_MS + 2000);
    s_finding (s_db, "P02", 2, "", NOW_MS + 3000);
    SF_CHECK (sf_test_scalar (s_db, open_sum, NULL) == open_before + 2);
    SF_CHECK (sf_db_rollback_to_savepoint (s_db, "s") == 0);
    SF_CHECK (sf_test_scalar (s_db, open_sum, NULL) == open_before + 1);
    s_finding_stored (s_db, "P02", 1, "", NOW_MS - DAY_MS);
    SF_CHECK (sf_db_commit (s_db) == 0);
    SF_CHECK (sf_test_scalar (s_db, open_sum, NULL) == open_before + 3);
    SF_CHECK (sf_test_scalar (s_db, graded, NULL) == graded_before + 1);
    s_check_scan ();
    //  A stored finding whose transaction rolls back leaves nothing.
    SF_CHECK (sf_db_begin (s_db) == 0);
    s_finding_stored (s_db, "P01", 1, "", NOW_MS);
    sf_db_rollback (s_db);
    SF_CHECK (sf_test_scalar (s_db, open_sum, NULL) == open_before + 3);
    s_run_writers (s_writer_stored);
    s_check_scan ();
    s_check_boards (NOW_MS);
}

int
main (void)
{
    s_setup ();
    s_test_enums ();
    s_test_counts ();
    s_test_enterprise ();
    s_test_days ();
    s_test_concurrent ();
    s_test_fold ();
    s_test_direct ();
    char script [128];
    snprintf (script, sizeof script, "DROP SCHEMA %s CASCADE", s_schema);
    SF_CHECK (sf_db_exec_script (s_db, script) == 0);
    sf_db_destroy (&s_db);
    free (s_schema);
    printf ("inspection board store: counts, closes, concurrent writers, day rows through zone changes and the "
            "backfills, deltas folded at commit (savepoints, bulk statements), findings stored adding themselves "
            "agree with a full scan\n");
    return 0;
}
