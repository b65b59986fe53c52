/*  sf_rpc_gather_test: against the PostgreSQL in SF_DB_URL. Tasks that each need one answer
    share one round trip and see each other's rows as one after the other would; a read aside
    first moves a task after the others unless they are its own client's (tasks in no order
    are nobody's); a task that needs a second answer, a savepoint or a script spoils the run
    before anything more is sent; a failed statement fails the round; every task finishes in
    every case.                                                                             */
#include "sf_rpc_gather.h"
#include "sf_testkit.h"

#include <stdio.h>
#include <string.h>

typedef struct {
    sf_db_t *db;
    int64_t seen [8];            //  what each task read
    int finished [8];
    const char *mode;            //  what task 1 does besides its insert
} s_run_t;

//  Task index inserts its number, deferred, then asks how many rows there are (its one
//  answer); task 1 may do more (s_run_t.mode).
static void
s_task (int index, void *arg)
{
    s_run_t *run = (s_run_t *) arg;
    if (index == 0 && strcmp (run->mode, "side") == 0) {
        //  A read whose order does not matter first (an org node not kept yet, say).
        sf_db_side (run->db, true);
        sf_rows_t *rows = sf_db_query (run->db, "SELECT 1", 0, NULL);
        sf_db_side (run->db, false);
        SF_CHECK (rows);
        sf_rows_destroy (&rows);
    }
    char number [16];
    snprintf (number, sizeof number, "%d", index);
    const char *values [] = { number };
    SF_CHECK (sf_db_defer (run->db, "INSERT INTO g (n) VALUES ($1::int)", 1, values, NULL, NULL) == 0);
    sf_rows_t *rows = sf_db_query (run->db, "SELECT count (*) FROM g", 0, NULL);
    run->seen [index] = rows? sf_rows_int (rows, 0, 0): -1;
    sf_rows_destroy (&rows);
    if (index == 1 && strcmp (run->mode, "second") == 0) {
        rows = sf_db_query (run->db, "SELECT 1", 0, NULL);
        SF_CHECK (!rows);
    }
    if (index == 1 && strcmp (run->mode, "savepoint") == 0)
        SF_CHECK (sf_db_savepoint (run->db, "mine") == -1);
    if (index == 1 && strcmp (run->mode, "fail") == 0)
        SF_CHECK (sf_db_defer (run->db, "INSERT INTO g (n) VALUES (1)", 0, NULL, NULL, NULL) == 0);
    run->finished [index] = 1;
}

static int
s_run_ordered (sf_rpc_gather_t *gather, sf_db_t *db, const char *mode, int count, s_run_t *run,
               const void *const *orders, int *spoiler)
{
    memset (run, 0, sizeof *run);
    run->db = db;
    run->mode = mode;
    SF_CHECK (sf_db_begin (db) == 0);
    int rc = sf_rpc_gather_run (gather, db, count, s_task, run, orders, spoiler);
    for (int i = 0; i < count; i++)
        SF_CHECK (run->finished [i]);
    return rc;
}

static int
s_run (sf_rpc_gather_t *gather, sf_db_t *db, const char *mode, int count, s_run_t *run, int *spoiler)
{
    return s_run_ordered (gather, db, mode, count, run, NULL, spoiler);
}

int
main (void)
{
    sf_test_env ("SF_DB_URL");
    char *schema = sf_test_unique ("sfgather");
    sf_db_t *db = sf_test_db (schema);
    SF_CHECK (sf_db_exec_script (db, "CREATE TABLE g (n int PRIMARY KEY)") == 0);
    //  Prepared once, so that the round trips below count rounds only.
    SF_CHECK (sf_db_exec (db, "SELECT count (*) FROM g", 0, NULL) == 1);
    sf_rpc_gather_t *gather = sf_rpc_gather_new (8);
    s_run_t run;
    int spoiler;

    //  Five tasks, one round: each sees its own row and the rows of those before it.
    uint64_t before = sf_db_round_trips (db);
    SF_CHECK (s_run (gather, db, "", 5, &run, &spoiler) == 0 && spoiler == -1);
    SF_CHECK (sf_db_round_trips (db) - before <= 2);   //  the round (the insert's prepare with it)
    for (int i = 0; i < 5; i++)
        SF_CHECK (run.seen [i] == i + 1);
    SF_CHECK (sf_db_commit (db) == 0);
    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM g", NULL) == 5);
    before = sf_db_round_trips (db);
    SF_CHECK (sf_db_exec_script (db, "TRUNCATE g") == 0);
    SF_CHECK (s_run (gather, db, "", 8, &run, &spoiler) == 0);
    SF_CHECK (sf_db_round_trips (db) - before == 2);    //  the script, then the one round
    sf_db_rollback (db);

    //  Task 1 asks a second question: spoiled, and that question never went out (one round
    //  only); task 0 had its answer, task 2 resumed after the spoil gets none.
    before = sf_db_round_trips (db);
    SF_CHECK (s_run (gather, db, "second", 3, &run, &spoiler) == 1 && spoiler == 1);
    SF_CHECK (sf_db_round_trips (db) - before == 1);
    SF_CHECK (sf_db_gather_spoiled (db));
    SF_CHECK (run.seen [0] == 1 && run.seen [1] == 2 && run.seen [2] == -1);
    sf_db_rollback (db);

    //  Task 0 reads aside first: its insert goes in the second round, after the others', as
    //  if it had come last; unless the others are its own client's later commands.
    SF_CHECK (s_run (gather, db, "side", 3, &run, &spoiler) == 0 && spoiler == -1);
    SF_CHECK (run.seen [1] == 1 && run.seen [2] == 2 && run.seen [0] == 3);
    sf_db_rollback (db);
    int client = 0;
    const void *one_client [] = { &client, &client, &client };
    SF_CHECK (s_run_ordered (gather, db, "side", 3, &run, one_client, &spoiler) == 1 && spoiler == 0);
    sf_db_rollback (db);
    //  Tasks in no order (sf.Request.unordered) beside a client's: no order to keep between
    //  them, whichever of them reads aside.
    const void *first_unordered [] = { NULL, &client, &client };
    SF_CHECK (s_run_ordered (gather, db, "side", 3, &run, first_unordered, &spoiler) == 0 && spoiler == -1);
    SF_CHECK (run.seen [1] == 1 && run.seen [2] == 2 && run.seen [0] == 3);
    sf_db_rollback (db);
    const void *rest_unordered [] = { &client, NULL, NULL };
    SF_CHECK (s_run_ordered (gather, db, "side", 3, &run, rest_unordered, &spoiler) == 0 && spoiler == -1);
    SF_CHECK (run.seen [1] == 1 && run.seen [2] == 2 && run.seen [0] == 3);
    sf_db_rollback (db);

    //  A savepoint spoils the run too.
    SF_CHECK (s_run (gather, db, "savepoint", 3, &run, &spoiler) == 1 && spoiler == 1);
    sf_db_rollback (db);

    //  A write deferred after the answer would go out after the later tasks' statements:
    //  spoiled as well.
    SF_CHECK (s_run (gather, db, "fail", 3, &run, &spoiler) == 1 && spoiler == 1);
    sf_db_rollback (db);

    //  A statement that fails in the round: -1, every task finished.
    SF_CHECK (sf_db_exec_script (db, "INSERT INTO g VALUES (0)") == 0);
    SF_CHECK (s_run (gather, db, "", 3, &run, &spoiler) == -1 && spoiler == -1);
    SF_CHECK (run.seen [0] == -1 && run.seen [1] == -1 && run.seen [2] == -1);
    SF_CHECK (strstr (sf_db_error (db), "duplicate key"));
    sf_db_rollback (db);

    //  The session is fine afterwards.
    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM g", NULL) == 1);
    sf_rpc_gather_destroy (&gather);
    sf_test_drop_schema (db, schema);
    sf_db_destroy (&db);
    free (schema);
    printf ("sf_rpc_gather: one round for every task's answer, spoiled runs, failed rounds\n");
    return 0;
}
