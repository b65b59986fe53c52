/*  training_board_store_test: the training panel's summary rows (migration 040) against real
    PostgreSQL. Judgements, certificates and the org copy are written as their stores write
    them (plain SQL on the tables): required and qualified people per department (the plant's
    own row for people above every department), certificates expiring within 30/60/90 days and
    the next to expire; a renewal takes its old card out, a departure takes its holder out, a
    team moved to another department carries its people and cards, a late parent places the
    people already below it, a judgement that does not flip moves nothing; four writers at
    once lose no count; after the run every summary equals a recount from scratch and a
    backfill (the migration's statement on cleared summaries) gives the same rows. The org
    kinds the triggers hold are checked against SF_ORG_*.                                    */
#include "training_board_store.h"
#include "sf_migrate.h"
#include "sf_org.h"
#include "sf_pb.h"
#include "sf_testkit.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const sf_migration_t training_migrations [];

#define NOW_MS 1772409600000LL          //  2026-03-02 08:00 Beijing time
#define MIDNIGHT_MS 1772380800000LL     //  2026-03-02 00:00 Beijing time
#define DAY_MS 86400000LL

static char *s_schema;
static sf_db_t *s_db;

static void
s_exec (sf_db_t *db, const char *sql, int count, const char *const *values)
{
    if (sf_db_exec (db, sql, count, values) < 0) {
        fprintf (stderr, "%s: %s\n", sql, sf_db_error (db));
        abort ();
    }
}

//  A node of the org copy, as sf_org_apply writes it (a higher version replaces the row).
static void
s_node (const char *code, int kind, const char *parent, const char *plant, bool active)
{
    char kind_text [24];
    snprintf (kind_text, sizeof kind_text, "%d", kind);
    const char *values [] = { code, kind_text, parent, plant, active? "true": "false" };
    s_exec (s_db, "INSERT INTO sf_org_node (code, kind, parent_code, plant_code, name_zh, name_en, active, version)"
            " VALUES ($1, $2::smallint, NULLIF ($3, ''), NULLIF ($4, ''), '名' || $1, 'Name ' || $1, $5::boolean, 1)"
            " ON CONFLICT (code) DO UPDATE SET parent_code = EXCLUDED.parent_code, plant_code = EXCLUDED.plant_code,"
            " active = EXCLUDED.active, name_zh = EXCLUDED.name_zh, version = sf_org_node.version + 1", 5, values);
}

//  The judgement of employee, as the job writes it (checked_ms moves every time).
static void
s_judged (sf_db_t *db, const char *employee, bool qualified)
{
    const char *values [] = { employee, qualified? "true": "false" };
    s_exec (db, "INSERT INTO qual_status AS s (employee_code, qualified, reasons, changed_ms, checked_ms)"
            " VALUES ($1, $2::boolean, '', 1, 1) ON CONFLICT (employee_code) DO UPDATE SET"
            " qualified = EXCLUDED.qualified, checked_ms = s.checked_ms + 1", 2, values);
}

//  A certificate of employee of type, number, expiring days after today's midnight.
static void
s_certificate (sf_db_t *db, const char *employee, const char *plant, const char *type, const char *number, int days)
{
    char expires [24];
    snprintf (expires, sizeof expires, "%lld", (long long) (MIDNIGHT_MS + days * DAY_MS));
    const char *values [] = { employee, plant, type, number, expires };
    s_exec (db, "INSERT INTO qual_certificate (employee_code, plant_code, type_code, number, authority, issued_ms,"
            " expires_ms, recorded_by, recorded_ms) VALUES ($1, $2, $3, $4, '应急管理局', 1, $5::bigint, 'test', 1)"
            " ON CONFLICT (type_code, number) DO UPDATE SET expires_ms = EXCLUDED.expires_ms,"
            " version = qual_certificate.version + 1", 5, values);
}

static Training__TrainingBoard *
s_board (const char *plant)
{
    Training__TrainingBoard *board = sf_pb_new (&training__training_board__descriptor);
    SF_CHECK (training_board_store_read (s_db, plant, NOW_MS, board) == 0);
    return board;
}

static const Training__TrainingBoardUnit *
s_unit (const Training__TrainingBoard *board, const char *code)
{
    static const Training__TrainingBoardUnit none = TRAINING__TRAINING_BOARD_UNIT__INIT;
    for (size_t index = 0; index < board->n_units; index++)
        if (strcmp (board->units [index]->unit_code, code) == 0)
            return board->units [index];
    return &none;
}

//  The summaries equal a recount from scratch.
static void
s_check_recount (void)
{
    SF_CHECK (sf_test_scalar (s_db,
        "WITH p AS (SELECT e.code, x.plant_code, x.unit_code, coalesce (s.qualified, false) AS q"
        "           FROM sf_org_node e CROSS JOIN LATERAL board_qual_place (e.parent_code) x"
        "           LEFT JOIN qual_status s ON s.employee_code = e.code WHERE e.kind = 6 AND e.active),"
        " u AS (SELECT plant_code, unit_code, count (*) AS required, count (*) FILTER (WHERE q) AS qualified"
        "       FROM p GROUP BY 1, 2),"
        " b AS (SELECT plant_code, unit_code, required, qualified FROM board_qual_unit"
        "       WHERE required <> 0 OR qualified <> 0)"
        " SELECT count (*) FROM ((SELECT * FROM u EXCEPT SELECT * FROM b) UNION ALL (SELECT * FROM b EXCEPT SELECT * FROM u)) d",
        NULL) == 0);
    SF_CHECK (sf_test_scalar (s_db,
        "WITH p AS (SELECT e.code, x.plant_code, x.unit_code"
        "           FROM sf_org_node e CROSS JOIN LATERAL board_qual_place (e.parent_code) x"
        "           WHERE e.kind = 6 AND e.active),"
        " c AS (SELECT DISTINCT ON (c.employee_code, c.type_code) p.plant_code, board_qual_day (c.expires_ms) AS day,"
        "       p.unit_code FROM qual_certificate c JOIN p ON p.code = c.employee_code"
        "       ORDER BY c.employee_code, c.type_code, c.expires_ms DESC, c.id DESC),"
        " u AS (SELECT plant_code, day, unit_code, count (*) AS n FROM c GROUP BY 1, 2, 3),"
        " b AS (SELECT plant_code, expires_on, unit_code, n FROM board_cert_day WHERE n <> 0)"
        " SELECT count (*) FROM ((SELECT * FROM u EXCEPT SELECT * FROM b) UNION ALL (SELECT * FROM b EXCEPT SELECT * FROM u)) d",
        NULL) == 0);
}

//  Four writers at once, each its own session: judgements and certificates of different
//  people of one unit.
static void *
s_writer (void *arg)
{
    int id = (int) (intptr_t) arg;
    sf_db_t *db = sf_test_db_session (s_schema);
    for (int i = 0; i < 10; i++) {
        char employee [32], number [32];
        snprintf (employee, sizeof employee, "W%d-%d", id, i);
        snprintf (number, sizeof number, "N%d-%d", id, i);
        SF_CHECK (sf_db_begin (db) == 0);
        s_judged (db, employee, true);
        s_certificate (db, employee, "P1", "electrician", number, 5 + i);
        SF_CHECK (sf_db_commit (db) == 0);
    }
    sf_db_destroy (&db);
    return NULL;
}

int
main (void)
{
    SF_CHECK (SF_ORG_COMPANY == 1 && SF_ORG_PLANT == 2 && SF_ORG_DEPARTMENT == 3 && SF_ORG_EMPLOYEE == 6);
    s_schema = sf_test_unique ("training_board");
    s_db = sf_test_db (s_schema);
    SF_CHECK (sf_migrate (s_db, s_schema, "common", common_migrations) >= 1);
    //  Everything before the board, some people, then the board's migration: its backfill.
    sf_migration_t before [64] = { { 0 } };
    const sf_migration_t *board_migration = NULL;
    for (int i = 0, n = 0; training_migrations [i].version; i++)
        if (strstr (training_migrations [i].name, "040_screen_board"))
            board_migration = &training_migrations [i];
        else
            before [n++] = training_migrations [i];
    SF_CHECK (board_migration);
    SF_CHECK (sf_migrate (s_db, s_schema, "training", before) >= 1);
    s_node ("C1", SF_ORG_COMPANY, "", "", true);
    s_node ("P1", SF_ORG_PLANT, "C1", "P1", true);
    s_node ("P1-D1", SF_ORG_DEPARTMENT, "P1", "P1", true);
    s_node ("P1-D1-T1", SF_ORG_TEAM, "P1-D1", "P1", true);
    s_node ("P1-D1-T1-S1", SF_ORG_POST, "P1-D1-T1", "P1", true);
    s_node ("E1", SF_ORG_EMPLOYEE, "P1-D1-T1-S1", "P1", true);
    s_node ("E2", SF_ORG_EMPLOYEE, "P1-D1-T1-S1", "P1", true);
    s_judged (s_db, "E1", true);
    s_certificate (s_db, "E1", "P1", "electrician", "OLD1", 10);
    sf_migration_t only [2] = { *board_migration, { 0 } };
    SF_CHECK (sf_migrate (s_db, s_schema, "training", only) >= 1);
    Training__TrainingBoard *board = s_board ("P1");
    SF_CHECK (streq (board->today, "2026-03-02") && streq (board->time_zone, "Asia/Shanghai"));
    SF_CHECK (board->required == 2 && board->qualified == 1 && board->percent == 50);
    SF_CHECK (s_unit (board, "P1-D1")->required == 2 && s_unit (board, "P1-D1")->expiring_30 == 1);
    sf_pb_destroy (&board);

    //  More of the org: a second department, a plant without departments.
    s_node ("P1-D2", SF_ORG_DEPARTMENT, "P1", "P1", true);
    s_node ("P1-D2-S1", SF_ORG_POST, "P1-D2", "P1", true);
    s_node ("P2", SF_ORG_PLANT, "C1", "P2", true);
    s_node ("P2-S1", SF_ORG_POST, "P2", "P2", true);
    s_node ("E3", SF_ORG_EMPLOYEE, "P1-D1-T1-S1", "P1", true);
    s_node ("E4", SF_ORG_EMPLOYEE, "P1-D1-T1-S1", "P1", true);
    s_node ("E5", SF_ORG_EMPLOYEE, "P1-D2-S1", "P1", true);
    s_node ("E6", SF_ORG_EMPLOYEE, "P2-S1", "P2", true);
    //  A person whose post arrives after them: placed once it does.
    s_node ("E7", SF_ORG_EMPLOYEE, "P1-D2-S2", "P1", true);
    SF_CHECK (sf_test_scalar (s_db, "SELECT count (*) FROM board_qual_person WHERE employee_code = 'E7'"
                                    " AND unit_code = 'P1-D2'", NULL) == 0);
    s_node ("P1-D2-S2", SF_ORG_POST, "P1-D2", "P1", true);
    SF_CHECK (sf_test_scalar (s_db, "SELECT count (*) FROM board_qual_person WHERE employee_code = 'E7'"
                                    " AND unit_code = 'P1-D2'", NULL) == 1);
    s_judged (s_db, "E2", true);
    s_judged (s_db, "E6", true);
    s_certificate (s_db, "E2", "P1", "welding", "W2", 45);
    s_certificate (s_db, "E3", "P1", "height", "H3", 80);
    s_certificate (s_db, "E4", "P1", "hoisting", "K4", 200);
    s_certificate (s_db, "E5", "P1", "electrician", "L5", 0);
    s_certificate (s_db, "E6", "P2", "welding", "W6", 3);
    s_certificate (s_db, "E5", "P1", "welding", "X5", -1);      //  expired yesterday: not counted
    board = s_board ("P1");
    SF_CHECK (board->required == 6 && board->qualified == 2 && board->percent == 33);
    SF_CHECK (s_unit (board, "P1-D1")->required == 4 && s_unit (board, "P1-D1")->qualified == 2);
    SF_CHECK (s_unit (board, "P1-D2")->required == 2 && s_unit (board, "P1-D2")->qualified == 0);
    SF_CHECK (streq (s_unit (board, "P1-D1")->unit_name_zh, "名P1-D1"));
    SF_CHECK (s_unit (board, "P1-D1")->expiring_30 == 1 && s_unit (board, "P1-D1")->expiring_60 == 2
              && s_unit (board, "P1-D1")->expiring_90 == 3);
    SF_CHECK (s_unit (board, "P1-D2")->expiring_30 == 1 && s_unit (board, "P1-D2")->expiring_90 == 1);
    SF_CHECK (board->expiring_30 == 2 && board->expiring_60 == 3 && board->expiring_90 == 4);
    SF_CHECK (board->n_next_expiring == 4);
    SF_CHECK (streq (board->next_expiring [0]->employee_code, "E5") && board->next_expiring [0]->days_left == 0
              && streq (board->next_expiring [0]->expires_on, "2026-03-02"));
    SF_CHECK (streq (board->next_expiring [1]->employee_code, "E1") && streq (board->next_expiring [1]->number, "OLD1")
              && streq (board->next_expiring [1]->type_name_zh, "电工作业")
              && streq (board->next_expiring [1]->type_name_en, "Electrical work")
              && streq (board->next_expiring [1]->person_name_zh, "名E1")
              && streq (board->next_expiring [1]->unit_code, "P1-D1") && board->next_expiring [1]->days_left == 10);
    SF_CHECK (streq (board->next_expiring [3]->employee_code, "E3") && board->next_expiring [3]->days_left == 80);
    sf_pb_destroy (&board);

    //  P2: people above every department count in the plant's row.
    board = s_board ("P2");
    SF_CHECK (board->n_units == 1 && streq (board->units [0]->unit_code, "P2") && board->units [0]->required == 1
              && board->units [0]->qualified == 1 && board->units [0]->percent == 100 && board->expiring_30 == 1);
    sf_pb_destroy (&board);

    //  The enterprise: a row per plant, the sums.
    board = s_board ("");
    SF_CHECK (board->n_units == 2 && streq (board->units [0]->unit_code, "P1") && streq (board->units [1]->unit_code, "P2"));
    SF_CHECK (board->units [0]->required == 6 && board->units [0]->expiring_90 == 4 && board->units [1]->expiring_30 == 1);
    SF_CHECK (streq (board->units [0]->unit_name_en, "Name P1"));
    SF_CHECK (board->required == 7 && board->qualified == 3 && board->expiring_30 == 3 && board->n_next_expiring == 5);
    SF_CHECK (streq (board->next_expiring [0]->employee_code, "E5") && streq (board->next_expiring [1]->employee_code, "E6"));
    sf_pb_destroy (&board);

    //  A judgement that does not flip moves nothing; one that flips does.
    s_judged (s_db, "E1", true);
    s_judged (s_db, "E1", false);
    board = s_board ("P1");
    SF_CHECK (board->qualified == 1 && s_unit (board, "P1-D1")->qualified == 1);
    sf_pb_destroy (&board);

    //  A renewal: the old card no longer counts; the same card's new expiry moves it.
    s_certificate (s_db, "E1", "P1", "electrician", "NEW1", 6 * 365);
    s_certificate (s_db, "E2", "P1", "welding", "W2", 20);
    board = s_board ("P1");
    SF_CHECK (s_unit (board, "P1-D1")->expiring_30 == 1 && s_unit (board, "P1-D1")->expiring_60 == 1
              && s_unit (board, "P1-D1")->expiring_90 == 2);
    for (size_t i = 0; i < board->n_next_expiring; i++)
        SF_CHECK (!streq (board->next_expiring [i]->number, "OLD1"));
    sf_pb_destroy (&board);

    //  A departure takes the person and their card out; a team moved carries its people.
    s_node ("E3", SF_ORG_EMPLOYEE, "P1-D1-T1-S1", "P1", false);
    s_node ("P1-D1-T1", SF_ORG_TEAM, "P1-D2", "P1", true);
    board = s_board ("P1");
    SF_CHECK (board->required == 5 && s_unit (board, "P1-D1")->required == 0);
    SF_CHECK (s_unit (board, "P1-D2")->required == 5 && s_unit (board, "P1-D2")->qualified == 1
              && s_unit (board, "P1-D2")->expiring_90 == 2 && s_unit (board, "P1-D2")->expiring_30 == 2);
    sf_pb_destroy (&board);
    //  A team moved to another plant: its people count there.
    s_node ("P1-D1-T1", SF_ORG_TEAM, "P2", "P2", true);
    board = s_board ("P2");
    SF_CHECK (board->required == 4 && s_unit (board, "P2")->required == 4);
    sf_pb_destroy (&board);
    s_node ("P1-D1-T1", SF_ORG_TEAM, "P1-D1", "P1", true);
    s_check_recount ();

    //  Four writers at once on one unit.
    char code [32];
    for (int id = 0; id < 4; id++)
        for (int i = 0; i < 10; i++) {
            snprintf (code, sizeof code, "W%d-%d", id, i);
            s_node (code, SF_ORG_EMPLOYEE, "P1-D1-T1-S1", "P1", true);
        }
    pthread_t threads [4];
    for (int id = 0; id < 4; id++)
        SF_CHECK (pthread_create (&threads [id], NULL, s_writer, (void *) (intptr_t) id) == 0);
    for (int id = 0; id < 4; id++)
        pthread_join (threads [id], NULL);
    board = s_board ("P1");
    SF_CHECK (s_unit (board, "P1-D1")->required == 43 && s_unit (board, "P1-D1")->qualified == 41);
    SF_CHECK (s_unit (board, "P1-D1")->expiring_30 == 41);
    SF_CHECK (board->n_next_expiring == TRAINING_BOARD_NEXT);
    sf_pb_destroy (&board);
    s_check_recount ();

    //  A backfill on cleared summaries gives the same rows.
    sf_test_script (s_db, "CREATE TABLE keep_unit AS SELECT * FROM board_qual_unit WHERE required <> 0 OR qualified <> 0;"
              "CREATE TABLE keep_day AS SELECT * FROM board_cert_day WHERE n <> 0;"
              "DELETE FROM board_qual_unit; DELETE FROM board_cert_day; DELETE FROM board_qual_person;"
              "DELETE FROM board_qual_cert;"
              "SELECT board_qual_refresh (ARRAY (SELECT code FROM sf_org_node WHERE kind = 6));");
    SF_CHECK (sf_test_scalar (s_db,
        "SELECT count (*) FROM ((SELECT * FROM keep_unit EXCEPT SELECT * FROM board_qual_unit)"
        " UNION ALL (SELECT * FROM board_qual_unit EXCEPT SELECT * FROM keep_unit)) d", NULL) == 0);
    SF_CHECK (sf_test_scalar (s_db,
        "SELECT count (*) FROM ((SELECT * FROM keep_day EXCEPT SELECT * FROM board_cert_day)"
        " UNION ALL (SELECT * FROM board_cert_day EXCEPT SELECT * FROM keep_day)) d", NULL) == 0);
    s_check_recount ();

    sf_test_drop_schema (s_db, s_schema);
    sf_db_destroy (&s_db);
    free (s_schema);
    printf ("training_board_store_test: OK\n");
    return 0;
}
