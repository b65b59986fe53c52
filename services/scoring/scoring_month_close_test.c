/*  scoring_month_close_test: a small month computed by hand (README_months.md, "The worked
    month"). Plant P1 of company C: departments D1 (teams T1, T2) and D2 (team T3, and E8 its
    head with no team); E1 leads T1, E4 leads T2, T3 has no leader, D1 no head. Entries of
    2026-10 (Asia/Shanghai) written with scoring_entry_add: direct ones about persons and units,
    their cascades (to leaders, or to the unit when nobody holds the role), a floored kind
    exceeded (E2), a capped reward exceeded (E3). The close is compared row by row with the
    table below; the same data in another schema inserted backwards gives the same checksum;
    preview equals close; a closed month refuses a second close and sends a late entry to
    the next month.                                                                       */
#include "scoring_month_close.h"
#include "scoring_store.h"
#include "sf_migrate.h"
#include "sf_pb.h"
#include "sf_testkit.h"

#include <inttypes.h>
#include <string.h>

extern const sf_migration_t scoring_migrations [];

#define S_ZONE "Asia/Shanghai"
#define S_MONTH "2026-10"

//  One ledger entry of the worked month: subject, kind, points, origin, cascade level;
//  count copies with keys "<key>-<n>".
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

static const s_entry_t s_entries [] = {
    //  E2: five illegal operations (-500 each, floor -2000), each to E1 (×0.5) and D1 (×0.2: no head)
    { "E2", "violation.operation", -500, S_EV, 0, "op", 5 },
    { "E1", "violation.operation", -250, S_CA, 1, "op", 5 },
    { "D1", "violation.operation", -100, S_CA, 2, "op", 5 },
    //  E3: twelve hazards reported (+100 each, cap 1000)
    { "E3", "hazard.reported", 100, S_EV, 0, "hz", 12 },
    //  E5: one illegal operation, to E4 and D1
    { "E5", "violation.operation", -500, S_EV, 0, "op5", 1 },
    { "E4", "violation.operation", -250, S_CA, 1, "op5", 1 },
    { "D1", "violation.operation", -100, S_CA, 2, "op5", 1 },
    //  E6: a major hazard (+2000), to T3 itself (no leader) and E8 (D2's head)
    { "E6", "hazard.major_found", 2000, S_EV, 0, "mj", 1 },
    { "T3", "hazard.major_found", 1000, S_CA, 1, "mj", 1 },
    { "E8", "hazard.major_found", 400, S_CA, 2, "mj", 1 },
    //  units: T2 missed an inspection, D2 closed a form by its deadline; E8 failed an exam
    { "T2", "inspection.task_missed", -300, S_EV, 0, "tm", 1 },
    { "D2", "form.closed", 100, S_EV, 0, "fc", 1 },
    { "E8", "training.exam_failed", -200, S_EV, 0, "ex", 1 },
};

//  The totals by hand (README_months.md, "The worked month").
typedef struct {
    const char *subject, *code, *parent;
    int64_t points, direct, cascade, rewards, penalties;
    int entries, rank, rank_of;
    const char *tier;
    int64_t amount;
} s_total_t;

static const s_total_t s_expected [] = {
    //                                     points  direct cascade rewards penalties n rank of tier  yuan
    { "department", "D1", "P1",            -1800,  -1200,  -600,  1800,  -3900, 27, 2, 2, "penalty", -3000 },
    { "department", "D2", "P1",             3500,   3500,     0,  3700,   -200,  6, 1, 2, "commend", 5000 },
    { "person", "E1", "T1",                -1250,      0, -1250,     0,  -1250,  5, 8, 9, "penalty", -200 },
    { "person", "E10", "T2",                 300,    300,     0,   300,      0,  1, 3, 9, "pass", 0 },
    { "person", "E2", "T1",                -2000,  -2000,     0,     0,  -2500,  5, 9, 9, "penalty", -200 },
    { "person", "E3", "T1",                 1300,   1300,     0,  1500,      0, 13, 2, 9, "commend", 300 },
    { "person", "E4", "T2",                 -250,      0,  -250,     0,   -250,  1, 6, 9, "warn", -50 },
    { "person", "E5", "T2",                 -500,   -500,     0,     0,   -500,  1, 7, 9, "warn", -50 },
    { "person", "E6", "T3",                 2300,   2300,     0,  2300,      0,  2, 1, 9, "commend", 300 },
    { "person", "E7", "T3",                  300,    300,     0,   300,      0,  1, 3, 9, "pass", 0 },
    { "person", "E8", "D2",                  200,   -200,   400,   400,   -200,  2, 5, 9, "pass", 0 },
    { "plant", "P1", "",                    2300,   2300,     0,  5500,  -3500, 27, 1, 1, "pass", 0 },
    { "team", "T1", "D1",                   -700,   -700,     0,  1500,  -2500, 18, 3, 3, "penalty", -1000 },
    { "team", "T2", "D1",                   -500,   -500,     0,   300,   -800,  3, 2, 3, "penalty", -1000 },
    { "team", "T3", "D2",                   4600,   3600,  1000,  4600,      0,  5, 1, 3, "commend", 2000 },
};

#define S_COUNT(array) ((int) (sizeof (array) / sizeof ((array) [0])))

static sf_db_t *
s_schema (const char *schema)
{
    sf_db_t *db = sf_test_db (schema);
    SF_CHECK (sf_migrate (db, schema, "common", common_migrations) >= 1);
    SF_CHECK (sf_migrate (db, schema, "scoring", scoring_migrations) >= 2);
    //  The org copy as the directory would have sent it (kinds: directory.Kind). E9 has left.
    SF_CHECK (sf_db_exec_script (db,
        "INSERT INTO sf_org_node (code, kind, parent_code, plant_code, name_zh, name_en, active, version) VALUES"
        " ('C', 1, NULL, NULL, '公司', 'Company', true, 1), ('P1', 2, 'C', 'P1', '一厂', 'Plant 1', true, 1),"
        " ('P2', 2, 'C', 'P2', '二厂', 'Plant 2', true, 1), ('D9', 3, 'P2', 'P2', '他部', 'Other', true, 1),"
        " ('E99', 6, 'D9', 'P2', '他人', 'Other person', true, 1),"
        " ('D1', 3, 'P1', 'P1', '一部', 'Dept 1', true, 1), ('D2', 3, 'P1', 'P1', '二部', 'Dept 2', true, 1),"
        " ('T1', 4, 'D1', 'P1', '一班', 'Team 1', true, 1), ('T2', 4, 'D1', 'P1', '二班', 'Team 2', true, 1),"
        " ('T3', 4, 'D2', 'P1', '三班', 'Team 3', true, 1),"
        " ('E1', 6, 'T1', 'P1', '甲', 'E one', true, 1), ('E2', 6, 'T1', 'P1', '乙', 'E two', true, 1),"
        " ('E3', 6, 'T1', 'P1', '丙', 'E three', true, 1), ('E4', 6, 'T2', 'P1', '丁', 'E four', true, 1),"
        " ('E5', 6, 'T2', 'P1', '戊', 'E five', true, 1), ('E10', 6, 'T2', 'P1', '癸', 'E ten', true, 1),"
        " ('E6', 6, 'T3', 'P1', '己', 'E six', true, 1), ('E7', 6, 'T3', 'P1', '庚', 'E seven', true, 1),"
        " ('E9', 6, 'T3', 'P1', '辛', 'E nine', false, 1), ('E8', 6, 'D2', 'P1', '壬', 'E eight', true, 1)") == 0);
    return db;
}

//  Writes the worked month's entries, forwards or backwards, within the month.
static void
s_fill (sf_db_t *db, bool backwards)
{
    int64_t starts_ms, ends_ms;
    SF_CHECK (scoring_month_bounds (db, S_MONTH, S_ZONE, &starts_ms, &ends_ms) == 0);
    int n = S_COUNT (s_entries);
    for (int i = 0; i < n; i++) {
        const s_entry_t *spec = &s_entries [backwards? n - 1 - i: i];
        scoring_subject_t subject;
        SF_CHECK (scoring_subject_find (db, spec->subject, &subject) == 1);
        SF_CHECK_STR (subject.plant_code, "P1");
        for (int copy = 0; copy < spec->count; copy++) {
            char key [32];
            snprintf (key, sizeof key, "%s-%d", spec->key, backwards? spec->count - 1 - copy: copy);
            scoring_entry_input_t input = {
                .subject = &subject, .kind = spec->kind, .points = spec->points, .origin = spec->origin,
                .source_key = key, .rule_version = 1, .cascade_level = spec->level,
                .factor = spec->level == 1? 0.5: spec->level == 2? 0.2: 0, .reason_zh = "测试", .reason_en = "test",
                .occurred_ms = starts_ms + 3600000 * (int64_t) (i + 1), .time_zone = S_ZONE
            };
            SF_CHECK (scoring_entry_add (db, &input) > 0);
        }
    }
}

static void
s_check_totals (sf_db_t *db)
{
    sf_rows_t *rows = sf_db_query (db,
        "SELECT subject, code, parent_code, points, direct_points, cascade_points, rewards, penalties, entries, rank,"
        " rank_of, tier_code, amount_yuan FROM month_total WHERE plant_code = 'P1' AND month = '" S_MONTH "'"
        " ORDER BY subject COLLATE \"C\", code COLLATE \"C\"", 0, NULL);
    SF_CHECK (rows);
    SF_CHECK (sf_rows_count (rows) == S_COUNT (s_expected));
    for (int row = 0; row < S_COUNT (s_expected); row++) {
        const s_total_t *want = &s_expected [row];
        char got [256], expected [256];
        snprintf (got, sizeof got, "%s %s %s %" PRId64 " %" PRId64 " %" PRId64 " %" PRId64 " %" PRId64 " %d %d %d %s %" PRId64,
                  sf_rows_text (rows, row, 0), sf_rows_text (rows, row, 1), sf_rows_text (rows, row, 2),
                  sf_rows_int (rows, row, 3), sf_rows_int (rows, row, 4), sf_rows_int (rows, row, 5),
                  sf_rows_int (rows, row, 6), sf_rows_int (rows, row, 7), (int) sf_rows_int (rows, row, 8),
                  (int) sf_rows_int (rows, row, 9), (int) sf_rows_int (rows, row, 10), sf_rows_text (rows, row, 11),
                  sf_rows_int (rows, row, 12));
        snprintf (expected, sizeof expected,
                  "%s %s %s %" PRId64 " %" PRId64 " %" PRId64 " %" PRId64 " %" PRId64 " %d %d %d %s %" PRId64,
                  want->subject, want->code, want->parent, want->points, want->direct, want->cascade, want->rewards,
                  want->penalties, want->entries, want->rank, want->rank_of, want->tier, want->amount);
        SF_CHECK_STR (got, expected);
    }
    sf_rows_destroy (&rows);
}

int
main (void)
{
    char *schema = sf_test_unique ("scoring_month_close");
    sf_db_t *db = s_schema (schema);
    s_fill (db, false);
    int64_t starts_ms, ends_ms;
    SF_CHECK (scoring_month_bounds (db, S_MONTH, S_ZONE, &starts_ms, &ends_ms) == 0);
    SF_CHECK (starts_ms == 1790784000000LL);       //  2026-10-01 00:00 in Shanghai = 09-30 16:00 UTC
    Scoring__MonthResult *result = NULL;

    //  Before the end of the month in the plant's zone: refused, nothing written.
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (scoring_month_close (db, "P1", S_MONTH, S_ZONE, "ehs", ends_ms - 1, &result) == SCORING_MONTH_NOT_ENDED);
    sf_db_rollback (db);

    //  The preview of the open month: what the close will store, clean entries included.
    Scoring__MonthResult *preview = NULL;
    SF_CHECK (scoring_month_preview (db, "P1", S_MONTH, S_ZONE, &preview) == 0);
    SF_CHECK (preview->status == SCORING__MONTH_STATUS__MONTH_OPEN);
    SF_CHECK (preview->entries == 41);
    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM entry WHERE origin = 3", NULL) == 0);

    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (scoring_month_close (db, "P1", S_MONTH, S_ZONE, "ehs", ends_ms, &result) == SCORING_MONTH_CLOSED_NOW);
    SF_CHECK (sf_db_commit (db) == 0);
    SF_CHECK (result->status == SCORING__MONTH_STATUS__MONTH_CLOSED);
    SF_CHECK (result->entries == 41 && result->persons == 9 && result->teams == 3 && result->departments == 2);
    SF_CHECK (result->points == 2300 && result->rule_version == 1 && result->ends_ms == ends_ms);
    SF_CHECK (strlen (result->checksum) == 64);
    SF_CHECK_STR (result->checksum, preview->checksum);
    SF_CHECK (preview->points == result->points && preview->persons == result->persons);
    printf ("checksum %s\n", result->checksum);
    s_check_totals (db);

    //  The clean-month entries: E3, E6, E7, E10 (E1, E4 got cascaded penalties; E8 failed an
    //  exam; E9 has left) and team T3, at the month's last instant.
    sf_rows_t *rows = sf_db_query (db,
        "SELECT string_agg (subject_code || ':' || points, ',' ORDER BY subject_code COLLATE \"C\"),"
        " bool_and (occurred_ms = (SELECT ends_ms - 1 FROM month_state)), bool_and (source_key = 'clean:" S_MONTH "')"
        " FROM entry WHERE origin = 3", 0, NULL);
    SF_CHECK (rows);
    SF_CHECK_STR (sf_rows_text (rows, 0, 0), "E10:300,E3:300,E6:300,E7:300,T3:1000");
    SF_CHECK (sf_rows_bool (rows, 0, 1) && sf_rows_bool (rows, 0, 2));
    sf_rows_destroy (&rows);

    //  The closed month recomputed gives the stored checksum.
    Scoring__MonthResult *again = NULL;
    SF_CHECK (scoring_month_preview (db, "P1", S_MONTH, S_ZONE, &again) == 0);
    SF_CHECK (again->status == SCORING__MONTH_STATUS__MONTH_CLOSED);
    SF_CHECK_STR (again->checksum, result->checksum);
    SF_CHECK (again->entries == 41);
    sf_pb_destroy (&again);

    //  Never twice; a late entry of October counts in November with a reference.
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (scoring_month_close (db, "P1", S_MONTH, S_ZONE, "ehs", ends_ms + 1000, &again) == SCORING_MONTH_WAS_CLOSED);
    sf_db_rollback (db);
    scoring_subject_t e7;
    SF_CHECK (scoring_subject_find (db, "E7", &e7) == 1);
    scoring_entry_input_t late = {
        .subject = &e7, .kind = "training.exam_failed", .points = -200, .origin = S_EV, .source_key = "late",
        .rule_version = 1, .reason_zh = "迟到", .reason_en = "late", .occurred_ms = starts_ms + 1000, .time_zone = S_ZONE
    };
    SF_CHECK (scoring_entry_add (db, &late) > 0);
    rows = sf_db_query (db, "SELECT month, occurred_month FROM entry WHERE source_key = 'late'", 0, NULL);
    SF_CHECK (rows && sf_rows_count (rows) == 1);
    SF_CHECK_STR (sf_rows_text (rows, 0, 0), "2026-11");
    SF_CHECK_STR (sf_rows_text (rows, 0, 1), S_MONTH);
    sf_rows_destroy (&rows);
    s_check_totals (db);
    SF_CHECK (scoring_month_preview (db, "P1", S_MONTH, S_ZONE, &again) == 0);
    SF_CHECK_STR (again->checksum, result->checksum);
    sf_pb_destroy (&again);

    //  The stored result reads back; P2's month is open and holds nothing of P1.
    SF_CHECK (scoring_month_get (db, "P1", S_MONTH, S_ZONE, &again) == 0);
    SF_CHECK_STR (again->checksum, result->checksum);
    SF_CHECK_STR (again->closed_by, "ehs");
    sf_pb_destroy (&again);
    SF_CHECK (scoring_month_get (db, "P2", S_MONTH, S_ZONE, &again) == 0);
    SF_CHECK (again->status == SCORING__MONTH_STATUS__MONTH_OPEN && again->starts_ms == starts_ms);
    sf_pb_destroy (&again);

    //  Determinism: the same data in another schema, written backwards (other ids, other
    //  insertion order), closes to the same totals and checksum.
    char *other = sf_test_unique ("scoring_month_close_b");
    sf_db_t *db2 = s_schema (other);
    s_fill (db2, true);
    Scoring__MonthResult *result2 = NULL;
    SF_CHECK (sf_db_begin (db2) == 0);
    SF_CHECK (scoring_month_close (db2, "P1", S_MONTH, S_ZONE, "manager", ends_ms + 86400000, &result2)
              == SCORING_MONTH_CLOSED_NOW);
    SF_CHECK (sf_db_commit (db2) == 0);
    SF_CHECK_STR (result2->checksum, result->checksum);
    s_check_totals (db2);

    //  Caps per team: E99 of plant P2 had four illegal commands (-10 each, floor -30), three
    //  scored while in team TA and one after moving to TB: -30 + -10 (README_months.md, "Caps").
    SF_CHECK (sf_db_exec_script (db,
        "INSERT INTO entry (plant_code, month, occurred_month, subject_kind, subject_code, unit_code, team_code,"
        " department_code, kind, points, origin, source_key, rule_version, reason_zh, reason_en, occurred_ms,"
        " scored_ms) SELECT 'P2', '" S_MONTH "', '" S_MONTH "', 1, 'E99', t, t, 'D9', 'violation.command', -1000, 1,"
        " 'mv' || i, 1, 'z', 'e', 1790784000000 + i, 1 FROM generate_series (1, 4) i,"
        " LATERAL (SELECT CASE WHEN i < 4 THEN 'TA' ELSE 'TB' END AS t) x") == 0);
    Scoring__MonthResult *moved = NULL;
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (scoring_month_close (db, "P2", S_MONTH, S_ZONE, "ehs", ends_ms, &moved) == SCORING_MONTH_CLOSED_NOW);
    SF_CHECK (sf_db_commit (db) == 0);
    SF_CHECK (moved->points == -4000 && moved->persons == 1 && moved->teams == 2 && moved->departments == 1);
    SF_CHECK (sf_test_scalar (db, "SELECT direct_points FROM month_total WHERE plant_code = 'P2' AND code = 'E99'",
                              NULL) == -4000);
    SF_CHECK (sf_test_scalar (db, "SELECT points FROM month_total WHERE plant_code = 'P2' AND code = 'TA'", NULL) == -3000);
    SF_CHECK (sf_test_scalar (db, "SELECT points FROM month_total WHERE plant_code = 'P2' AND code = 'D9'", NULL) == -4000);
    sf_pb_destroy (&moved);

    sf_pb_destroy (&result2);
    sf_test_drop_schema (db2, other);
    sf_db_destroy (&db2);
    free (other);
    sf_pb_destroy (&preview);
    sf_pb_destroy (&result);
    sf_test_drop_schema (db, schema);
    sf_db_destroy (&db);
    free (schema);
    printf ("scoring_month_close_test: ok\n");
    return 0;
}
