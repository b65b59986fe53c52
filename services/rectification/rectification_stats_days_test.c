/*  rectification_stats_days_test: the company's statistics from the day rows (migration 006)
    against the same statistics read live from the forms, on real PostgreSQL. Forms are
    written as plain SQL on the table: the migration's backfill counts those already there;
    forms over forty days with every status, closings, deadlines either side of the ends,
    marks and recurrences; then closes, cancels, moved deadlines, marks, deletes, many forms
    in one statement, several statements in one transaction (added as it commits) or rolled
    back, and four writers at once. After each step the day rows equal a full
    recount, and for periods with whole and part days, within one day, ending now, in the
    past and in the future, the company's total and its pages of units are the live
    answer's, field for field. The enum numbers the functions hold are the generated ones. */
#include "rectification_stats_store.h"
#include "sf_migrate.h"
#include "sf_pb.h"
#include "sf_testkit.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

extern const sf_migration_t rectification_migrations [];

#define NOW_MS 1796176800000LL       //  2026-12-02T10:00:00+08:00 (02:00 UTC)
#define DAY_MS 86400000LL
#define HOUR_MS 3600000LL

#define SUBMITTED RECTIFICATION__FORM_STATUS__FORM_SUBMITTED
#define CLOSED RECTIFICATION__FORM_STATUS__FORM_CLOSED
#define CANCELLED RECTIFICATION__FORM_STATUS__FORM_CANCELLED

static char *s_schema;
static sf_db_t *s_db;

//  count forms numbered prefix-first.. issued over forty days before and after NOW_MS - 20
//  days, every status, deadlines up to eleven days after the issue (some before it),
//  closings up to nine days after, a ninth marked overdue, a thirteenth recurrences of the
//  form before; units over the whole tree.
static void
s_forms (sf_db_t *db, const char *prefix, int first, int count)
{
    char sql [2048];
    snprintf (sql, sizeof sql,
        "INSERT INTO form (number, status, severity, description, responsible_unit, issuer_unit, plant_code,"
        " requirement, deadline_ms, pdca, issued_ms, submitted_ms, evidence_text, closed_ms, verified_by, submitted_by,"
        " overdue, recurrence_of)"
        " SELECT '%s-' || i, st, 1, 'd', (ARRAY ['C01', 'P01', 'P01-D01', 'P01-D02', 'P02', 'P02-D01']) [1 + i %% 6],"
        "        'P01', 'P01', 'r', issued + (i * 17 %% 12 - 1) * %lld::bigint + i %% 5 * 1000, 1, issued, 1, 'e',"
        "        CASE WHEN st = %d THEN issued + (i * 31 %% 10) * %lld::bigint + i %% 7 * 60000 + 1 ELSE 0 END, 'v', 's',"
        "        i %% 9 = 0,"
        "        CASE WHEN i %% 13 = 0 THEN (SELECT max (id) FROM form) END"
        "   FROM (SELECT i, 1 + i * 7919 %% 6 AS st,"
        "                %lld - 40 * %lld::bigint + (i::bigint * 104729 %% (40 * %lld::bigint)) AS issued"
        "           FROM generate_series (%d, %d) i) g",
        prefix, DAY_MS, CLOSED, DAY_MS / 2, NOW_MS, DAY_MS, DAY_MS, first, first + count - 1);
    sf_test_script (db, sql);
}

//  The day rows equal a recount of every form.
static void
s_check_recount (void)
{
    const char *recount =
        "(SELECT r.measure, r.issue_day, r.other_day, sum (r.n) AS n, sum (r.on_time) AS on_time,"
        "        sum (r.close_ms) AS close_ms, sum (r.recurrences) AS recurrences"
        "   FROM form f CROSS JOIN LATERAL stats_form_rows (f.status, f.issued_ms, f.deadline_ms, f.closed_ms,"
        "        f.overdue, f.recurrence_of, 1) r GROUP BY 1, 2, 3)";
    const char *rows =
        "(SELECT measure, issue_day, other_day, n, on_time, close_ms, recurrences FROM stats_form_day"
        "  WHERE n <> 0 OR on_time <> 0 OR close_ms <> 0 OR recurrences <> 0)";
    char sql [1024];
    snprintf (sql, sizeof sql, "SELECT count (*) FROM ((%s EXCEPT %s) UNION ALL (%s EXCEPT %s)) x",
              recount, rows, rows, recount);
    SF_CHECK (sf_test_scalar (s_db, sql, NULL) == 0);
    //  Every transaction's deltas were added as it committed (or went with its rollback).
    SF_CHECK (sf_test_scalar (s_db, "SELECT count (*) FROM stats_form_pending", NULL) == 0);
}

static void
s_check_same_unit (const Rectification__UnitStats *days, const Rectification__UnitStats *live)
{
    SF_CHECK_STR (days->unit_code, live->unit_code);
    SF_CHECK_STR (days->unit_name_zh, live->unit_name_zh);
    SF_CHECK_STR (days->unit_name_en, live->unit_name_en);
    if (days->issued != live->issued || days->closed != live->closed || days->closed_on_time != live->closed_on_time
    ||  days->overdue != live->overdue || days->recurrences != live->recurrences || days->open != live->open
    ||  days->mean_hours_to_close != live->mean_hours_to_close)
        fprintf (stderr, "%s: issued %d/%d closed %d/%d on time %d/%d overdue %d/%d recurrences %d/%d"
                 " open %d/%d hours %.3f/%.3f (day rows/live)\n", live->unit_code, days->issued, live->issued,
                 days->closed, live->closed, days->closed_on_time, live->closed_on_time, days->overdue, live->overdue,
                 days->recurrences, live->recurrences, days->open, live->open, days->mean_hours_to_close,
                 live->mean_hours_to_close);
    SF_CHECK (days->issued == live->issued && days->closed == live->closed);
    SF_CHECK (days->closed_on_time == live->closed_on_time && days->overdue == live->overdue);
    SF_CHECK (days->recurrences == live->recurrences && days->open == live->open);
    SF_CHECK (days->mean_hours_to_close == live->mean_hours_to_close);
    SF_CHECK (days->closure_rate == live->closure_rate && days->on_time_rate == live->on_time_rate);
}

//  The company's statistics of [from_ms, to_ms) at end_ms both ways, the units two a page.
static void
s_check_period (int64_t from_ms, int64_t to_ms, int64_t end_ms)
{
    const char *after = NULL;
    char last [64] = "";
    int pages = 0;
    do {
        Rectification__Stats *days = sf_pb_new (&rectification__stats__descriptor);
        Rectification__Stats *live = sf_pb_new (&rectification__stats__descriptor);
        days->from_ms = live->from_ms = from_ms;
        days->to_ms = live->to_ms = to_ms;
        SF_CHECK (rect_store_stats (s_db, "C01", true, end_ms, after, 3, days) == 0);
        SF_CHECK (rect_store_stats (s_db, "C01", false, end_ms, after, 3, live) == 0);
        s_check_same_unit (days->total, live->total);
        SF_CHECK (days->n_units == live->n_units);
        for (size_t index = 0; index < live->n_units; index++)
            s_check_same_unit (days->units [index], live->units [index]);
        after = NULL;
        if (live->n_units == 3) {
            snprintf (last, sizeof last, "%s", live->units [2]->unit_code);
            after = last;
        }
        sf_pb_destroy (&days);
        sf_pb_destroy (&live);
        pages++;
    } while (after);
    SF_CHECK (pages >= 1);
}

//  Periods with whole and part days, within one day, of whole days, ending now, in the past
//  (closings and deadlines after their end), starting or ending in the future, empty.
static void
s_check_periods (void)
{
    int64_t midnight = NOW_MS / DAY_MS * DAY_MS;
    struct { int64_t from, to, end; } periods [] = {
        { NOW_MS - 30 * DAY_MS, NOW_MS, NOW_MS },                                 //  the last 30 days
        { midnight - 30 * DAY_MS, midnight, midnight },                           //  whole days
        { NOW_MS - 30 * DAY_MS + 7 * HOUR_MS, NOW_MS - 3 * HOUR_MS, NOW_MS - 3 * HOUR_MS },
        { NOW_MS - 12 * DAY_MS - 5 * HOUR_MS, NOW_MS - 12 * DAY_MS - HOUR_MS, NOW_MS - 12 * DAY_MS - HOUR_MS },
        { midnight - 20 * DAY_MS + HOUR_MS, midnight - 19 * DAY_MS + 2 * HOUR_MS, midnight - 19 * DAY_MS + 2 * HOUR_MS },
        { NOW_MS - 40 * DAY_MS, NOW_MS - 25 * DAY_MS, NOW_MS - 25 * DAY_MS },    //  closed and due after the end
        { midnight - 10 * DAY_MS, midnight + 20 * DAY_MS, NOW_MS },               //  ends in the future: at now
        { 0, NOW_MS + 30 * DAY_MS, NOW_MS },                                      //  everything
        { NOW_MS + DAY_MS, NOW_MS + 9 * DAY_MS, NOW_MS },                         //  after every form
        { NOW_MS - 50 * DAY_MS, NOW_MS - 45 * DAY_MS, NOW_MS - 45 * DAY_MS },    //  before every form
    };
    for (size_t index = 0; index < sizeof periods / sizeof periods [0]; index++)
        s_check_period (periods [index].from, periods [index].to, periods [index].end);
    //  Ends at every hour of one day: the end's own day read live, the days before summed.
    for (int hour = 0; hour < 24; hour += 5)
        s_check_period (midnight - 30 * DAY_MS, midnight - 2 * DAY_MS + hour * HOUR_MS,
                        midnight - 2 * DAY_MS + hour * HOUR_MS);
}

static void
s_check_all (void)
{
    s_check_recount ();
    s_check_periods ();
}

//  The schema up to migration 005, forms, then 006: its backfill counts them.
static void
s_setup (void)
{
    s_schema = sf_test_unique ("rect_stats_days");
    s_db = sf_test_db (s_schema);
    SF_CHECK (sf_migrate (s_db, s_schema, "common", common_migrations) >= 6);
    sf_migration_t before [8] = { { 0 } };
    for (int index = 0; rectification_migrations [index].version && rectification_migrations [index].version < 6; index++)
        before [index] = rectification_migrations [index];
    SF_CHECK (sf_migrate (s_db, s_schema, "rectification", before) == 5);
    sf_test_script (s_db,
        "INSERT INTO sf_org_node (code, kind, parent_code, plant_code, name_zh, name_en, active, version) VALUES "
        "('C01', 1, NULL, NULL, '公司', 'Company', true, 1), ('P01', 2, 'C01', 'P01', '一厂', 'Plant 1', true, 1), "
        "('P01-D01', 3, 'P01', 'P01', '生产部', 'Production', true, 1), "
        "('P01-D02', 3, 'P01', 'P01', '设备部', 'Equipment', true, 1), "
        "('P02', 2, 'C01', 'P02', '二厂', 'Plant 2', true, 1), "
        "('P02-D01', 3, 'P02', 'P02', '生产部', 'Production', true, 1), "
        "('P02-D02', 3, 'P02', 'P02', '安全部', 'Safety', true, 1);");
    s_forms (s_db, "A", 1, 600);
    SF_CHECK (sf_migrate (s_db, s_schema, "rectification", rectification_migrations) >= 1);
    SF_CHECK (sf_test_scalar (s_db, "SELECT count (*) FROM stats_form_day", NULL) > 0);
    s_check_all ();
}

//  The numbers the functions hold are the generated enum's: a cancelled form counts nowhere,
//  a closed one is closed, a submitted one (unmarked) is not overdue once due.
static void
s_test_enums (void)
{
    char sql [256];
    for (int status = 1; status <= 6; status++) {
        snprintf (sql, sizeof sql,
                  "SELECT coalesce (sum (measure), 0) FROM stats_form_rows (%d::smallint, 0, 0, 1, false, NULL, 1)",
                  status);
        int64_t expected = status == CANCELLED? 0: status == CLOSED? 1 + 2: status == SUBMITTED? 1: 1 + 3;
        SF_CHECK (sf_test_scalar (s_db, sql, NULL) == expected);
    }
}

//  Changes one statement at a time and many at once; the answers follow.
static void
s_test_changes (void)
{
    s_forms (s_db, "B", 601, 900);
    s_check_all ();
    //  Close some open forms today (on the end's own day of the periods ending now).
    char sql [512];
    snprintf (sql, sizeof sql,
        "UPDATE form SET status = %d, submitted_ms = 1, closed_ms = %lld - id %% 5 * 3600000, version = version + 1"
        " WHERE status NOT IN (%d, %d) AND id %% 4 = 0",
        CLOSED, NOW_MS, CLOSED, CANCELLED);
    sf_test_script (s_db, sql);
    s_check_all ();
    //  Cancel some, mark some overdue, move some deadlines to today, bump versions only.
    snprintf (sql, sizeof sql, "UPDATE form SET status = %d, version = version + 1 WHERE id %% 11 = 3", CANCELLED);
    sf_test_script (s_db, sql);
    sf_test_script (s_db, "UPDATE form SET overdue = true WHERE id % 17 = 5");
    snprintf (sql, sizeof sql, "UPDATE form SET deadline_ms = %lld - id %% 7 * 1800000 WHERE id %% 10 = 7", NOW_MS);
    sf_test_script (s_db, sql);
    sf_test_script (s_db, "UPDATE form SET version = version + 1");
    s_check_all ();
    //  Several statements in one transaction, added as it commits; a rolled back one adds nothing.
    sf_test_script (s_db, "BEGIN");
    s_forms (s_db, "T", 2001, 100);
    sf_test_script (s_db, "UPDATE form SET overdue = NOT overdue WHERE number LIKE 'T-%' AND id % 3 = 0");
    snprintf (sql, sizeof sql, "UPDATE form SET status = %d WHERE number LIKE 'T-%%' AND id %% 5 = 1", CANCELLED);
    sf_test_script (s_db, sql);
    SF_CHECK (sf_test_scalar (s_db, "SELECT count (*) FROM stats_form_pending", NULL) == 3);
    sf_test_script (s_db, "COMMIT");
    s_check_all ();
    sf_test_script (s_db, "BEGIN");
    s_forms (s_db, "R", 3001, 100);
    sf_test_script (s_db, "ROLLBACK");
    s_check_all ();
    //  Delete some (those nothing refers to).
    sf_test_script (s_db, "DELETE FROM form f WHERE f.id % 19 = 2"
                          " AND NOT EXISTS (SELECT 1 FROM form r WHERE r.recurrence_of = f.id)");
    s_check_all ();
}

//  A writer: forms of its own, then closes and cancels among them.
static void *
s_writer (void *arg)
{
    int index = (int) (intptr_t) arg;
    sf_db_t *db = sf_test_db_session (s_schema);
    SF_CHECK (db);
    char prefix [8], sql [512];
    snprintf (prefix, sizeof prefix, "W%d", index);
    for (int round = 0; round < 10; round++) {
        s_forms (db, prefix, 10000 * (index + 1) + round * 50, 50);
        snprintf (sql, sizeof sql,
            "UPDATE form SET status = %d, submitted_ms = 1, closed_ms = issued_ms + 7200000 WHERE number LIKE '%s-%%'"
            " AND status NOT IN (%d, %d) AND id %% 3 = %d",
            CLOSED, prefix, CLOSED, CANCELLED, round % 3);
        sf_test_script (db, sql);
    }
    sf_db_destroy (&db);
    return NULL;
}

static void
s_test_concurrent (void)
{
    pthread_t threads [4];
    for (int index = 0; index < 4; index++)
        SF_CHECK (pthread_create (&threads [index], NULL, s_writer, (void *) (intptr_t) index) == 0);
    for (int index = 0; index < 4; index++)
        pthread_join (threads [index], NULL);
    s_check_all ();
}

int
main (void)
{
    s_setup ();
    s_test_enums ();
    s_test_changes ();
    s_test_concurrent ();
    sf_test_drop_schema (s_db, s_schema);
    sf_db_destroy (&s_db);
    free (s_schema);
    printf ("rectification stats days: the company's statistics from day rows equal the live count"
            " (backfill, changes, four writers)\n");
    return 0;
}
