/*  sf_id_block_test: ids taken ahead, against real sequences in PostgreSQL. Two threads and
    a plain INSERT share a table without ever meeting on an id; a block taken in a transaction
    that rolls back is never handed out again; two tables and two schemas keep blocks apart.  */
#include "sf_id_block.h"
#include "sf_testkit.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_PER_THREAD 200        //  more than three blocks each

typedef struct {
    const char *schema;
    int64_t ids [S_PER_THREAD];
} s_taker_t;

//  Inserts S_PER_THREAD rows of table "a", each with an id taken ahead.
static void *
s_taker (void *arg)
{
    s_taker_t *taker = (s_taker_t *) arg;
    sf_db_t *db = sf_test_db_session (taker->schema);
    for (int i = 0; i < S_PER_THREAD; i++) {
        SF_CHECK (sf_id_block_next (db, "a", &taker->ids [i]) == 0);
        char id [24];
        snprintf (id, sizeof id, "%lld", (long long) taker->ids [i]);
        sf_rows_t *rows = sf_db_query (db, "INSERT INTO a (id, what) VALUES ($1::bigint, 'ahead') RETURNING id",
                                       1, (const char *const []) { id });
        SF_CHECK (rows && sf_rows_count (rows) == 1);
        sf_rows_destroy (&rows);
    }
    sf_db_destroy (&db);
    return NULL;
}

//  Two threads taking ahead and plain INSERTs by the column's default, side by side.
static void
s_shared (sf_db_t *db, const char *schema)
{
    s_taker_t takers [2] = { { .schema = schema }, { .schema = schema } };
    pthread_t threads [2];
    for (int t = 0; t < 2; t++)
        SF_CHECK (pthread_create (&threads [t], NULL, s_taker, &takers [t]) == 0);
    for (int i = 0; i < 50; i++)
        sf_test_script (db, "INSERT INTO a (what) VALUES ('default')");
    for (int t = 0; t < 2; t++)
        pthread_join (threads [t], NULL);
    //  Within a thread the ids only grow; every row went in, none on another's id.
    for (int t = 0; t < 2; t++)
        for (int i = 1; i < S_PER_THREAD; i++)
            SF_CHECK (takers [t].ids [i] > takers [t].ids [i - 1]);
    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM a", NULL) == 2 * S_PER_THREAD + 50);
    SF_CHECK (sf_test_scalar (db, "SELECT count (DISTINCT id) FROM a", NULL) == 2 * S_PER_THREAD + 50);
}

//  A block taken inside a transaction that rolls back stays taken.
static void
s_rolled_back (sf_db_t *db)
{
    SF_CHECK (sf_db_begin (db) == 0);
    int64_t first;
    SF_CHECK (sf_id_block_next (db, "b", &first) == 0);
    sf_db_rollback (db);
    int64_t plain = sf_test_scalar (db, "INSERT INTO b (what) VALUES ('default') RETURNING id", NULL);
    SF_CHECK (plain > first);
    int64_t next;
    SF_CHECK (sf_id_block_next (db, "b", &next) == 0);
    SF_CHECK (next == first + 1);
    //  The default's value is past the block: both go in.
    char id [24];
    snprintf (id, sizeof id, "%lld", (long long) next);
    sf_rows_t *rows = sf_db_query (db, "INSERT INTO b (id, what) VALUES ($1::bigint, 'ahead') RETURNING id",
                                   1, (const char *const []) { id });
    SF_CHECK (rows && sf_rows_count (rows) == 1);
    sf_rows_destroy (&rows);
}

//  The same table name in another schema is another sequence: its block is its own.
static void
s_places (sf_db_t *db, sf_db_t *other)
{
    int64_t here, there, here_again;
    SF_CHECK (sf_id_block_next (db, "c", &here) == 0);
    SF_CHECK (sf_id_block_next (other, "c", &there) == 0);
    SF_CHECK (sf_id_block_next (db, "c", &here_again) == 0);
    SF_CHECK (here == 1 && there == 1 && here_again == 2);
    SF_CHECK (sf_test_scalar (other, "SELECT last_value FROM c_id_seq", NULL) == 64);
}

int
main (void)
{
    const char *tables =
        "CREATE TABLE a (id bigserial PRIMARY KEY, what text NOT NULL);"
        "CREATE TABLE b (id bigserial PRIMARY KEY, what text NOT NULL);"
        "CREATE TABLE c (id bigserial PRIMARY KEY)";
    char *schema = sf_test_unique ("sfidblock");
    char *schema2 = sf_test_unique ("sfidblock");
    sf_db_t *db = sf_test_db (schema);
    sf_db_t *other = sf_test_db (schema2);
    sf_test_script (db, tables);
    sf_test_script (other, tables);

    s_shared (db, schema);
    s_rolled_back (db);
    s_places (db, other);

    sf_test_drop_schema (other, schema2);
    sf_test_drop_schema (db, schema);
    sf_db_destroy (&other);
    sf_db_destroy (&db);
    free (schema2);
    free (schema);
    printf ("sf_id_block_test: OK\n");
    return 0;
}
