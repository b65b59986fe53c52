/*  Redis down for a while: commands still succeed (PostgreSQL is the truth), their events
    wait in the outbox and arrive once Redis is back. Redis restarted without persistence
    (its streams gone): the relay notices and publishes again what Redis lost.
    The daemon and the test use a Redis of the test's own, so others are not disturbed.     */
#include "directory_testlib.h"

#include <signal.h>
#include <string.h>

#define OUTAGE_COMMANDS 50

//  True when every event of the outbox is in the stream.
static bool
s_all_in_stream (sf_db_t *db)
{
    zhashx_t *stream = dt_stream_ids ();
    sf_rows_t *rows = sf_db_query (db, "SELECT event_id FROM sf_outbox", 0, NULL);
    SF_CHECK (rows);
    bool all = true;
    for (int i = 0; i < sf_rows_count (rows); i++)
        if (!zhashx_lookup (stream, sf_rows_text (rows, i, 0)))
            all = false;
    sf_rows_destroy (&rows);
    zhashx_destroy (&stream);
    return all;
}

static bool
s_wait_all_in_stream (sf_db_t *db, int timeout_ms)
{
    for (int waited = 0; waited < timeout_ms; waited += 200) {
        if (s_all_in_stream (db))
            return true;
        sf_test_sleep_ms (200);
    }
    return false;
}

int
main (void)
{
    char *schema = sf_test_unique ("outage");
    char port [16];
    snprintf (port, sizeof port, "%d", sf_test_private_redis_start ("aof"));
    setenv ("SF_REDIS_PORT", port, 1);       //  for the daemon and for dt_stream_ids
    sf_db_t *db = sf_test_db (schema);
    sf_test_daemon_t daemon;
    sf_test_daemon_start (&daemon, DIRECTORY_BINARY, schema, NULL);
    sf_rpc_client_t *client = dt_client (&daemon);
    dt_build_tree (client, "ou");
    SF_CHECK (dt_wait_published (db, 10000));

    SF_CHECK (sf_test_private_redis_ctl ("stop", "aof") == 0);
    for (int i = 0; i < OUTAGE_COMMANDS; i++) {
        char code [32];
        snprintf (code, sizeof code, "ouE%02d", i);
        SF_CHECK (dt_create (client, DIRECTORY__KIND__KIND_EMPLOYEE, code, "ouS", "孙丽", NULL, NULL) == SF_OK);
    }
    sf_test_sleep_ms (500);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM sf_outbox WHERE published_at IS NULL", NULL) == OUTAGE_COMMANDS);
    SF_CHECK (sf_test_private_redis_ctl ("start", "aof") == 0);
    SF_CHECK (dt_wait_published (db, 20000));
    SF_CHECK (s_wait_all_in_stream (db, 5000));
    printf ("%d events held during the outage arrived\n", OUTAGE_COMMANDS);

    //  Data loss: Redis comes back empty.
    SF_CHECK (sf_test_private_redis_ctl ("restart", "none") == 0);
    SF_CHECK (s_wait_all_in_stream (db, 20000));
    printf ("events lost by Redis were published again\n");
    SF_CHECK (sf_test_private_redis_ctl ("restart", "aof") == 0);

    //  And the daemon served throughout.
    SF_CHECK (dt_create (client, DIRECTORY__KIND__KIND_EMPLOYEE, "ouE99", "ouS", "周强", NULL, NULL) == SF_OK);
    SF_CHECK (s_wait_all_in_stream (db, 10000));
    sf_rpc_client_destroy (&client);
    sf_test_daemon_stop (&daemon, SIGTERM);
    sf_db_destroy (&db);
    free (schema);
    return 0;
}
