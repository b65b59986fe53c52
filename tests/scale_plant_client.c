/*  scale_plant_client: the C side of tests.scale_plant_partition
    (tests/scale_plant_partition_test.sh), which starts it inside the plant's network
    namespace (ip netns exec) or on the centre's side, once per step:

      prepare DIRECTORY PREFIX SCHEMA   builds the plant's org at the centre's directory (a small
                                        tree, dt_build_tree), waits until the plant's copy in
                                        SCHEMA holds it, files the reporting account in the copy
      unit DIRECTORY PREFIX CODE        one more team under the plant's department: an org change
                                        made at the centre while the plant is cut off
      load INSPECTION PREFIX DIR RATE   ReportFinding at RATE commands/s from two clients, each
                                        command with its own idempotency key, resent under the same
                                        key until acknowledged, until DIR/stop appears; DIR/acked
                                        holds the number acknowledged so far (rewritten every
                                        100 ms), DIR/acked.final the total at the end
      verify PREFIX SCHEMA ACKED        every acknowledged finding stored once at the plant, its
                                        outbox drained, each finding event in the centre's stream
                                        (Redis of SF_REDIS_HOST / SF_REDIS_PORT) at least once;
                                        prints the entries that repeat an event id

    The plant's database is SF_DB_URL; the keys are the suite's (SF_KEY, SF_KEYS_DIR).        */
#include "inspection_testlib.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CLIENTS 2
#define ACK_GIVE_UP_MS 60000        //  one command unacknowledged this long fails the test
#define COPY_WAIT_MS 60000

typedef struct {
    int index;
    const char *prefix;
    const char *stop_path;
    sf_rpc_client_t *client;        //  made on the main thread: czmq's setup is not for threads side by side
    double interval_ms;             //  between two commands of this client
    int sent;                       //  commands acknowledged (each sent until it was)
    int resent;                     //  commands that needed more than one call
    int64_t slowest_ms;
} s_client_t;

static atomic_int s_acked;

static sf_test_daemon_t
s_target (const char *binary, const char *endpoint)
{
    sf_test_daemon_t daemon = { 0 };
    snprintf (daemon.binary, sizeof daemon.binary, "%s", binary);
    snprintf (daemon.endpoint, sizeof daemon.endpoint, "%s", endpoint);
    return daemon;
}

static bool
s_exists (const char *path)
{
    struct stat info;
    return stat (path, &info) == 0;
}

static void
s_write_count (const char *dir, const char *name, int count)
{
    char path [512], temporary [520];
    snprintf (path, sizeof path, "%s/%s", dir, name);
    snprintf (temporary, sizeof temporary, "%s.tmp", path);
    FILE *file = fopen (temporary, "w");
    SF_CHECK (file);
    fprintf (file, "%d\n", count);
    SF_CHECK (fclose (file) == 0);
    SF_CHECK (rename (temporary, path) == 0);
}

static void *
s_client_run (void *arg)
{
    s_client_t *self = arg;
    sf_rpc_client_t *client = self->client;
    char unit [96];
    snprintf (unit, sizeof unit, "%sT", self->prefix);
    int64_t started = zclock_mono ();
    while (!s_exists (self->stop_path)) {
        int64_t due = started + (int64_t) (self->sent * self->interval_ms);
        int64_t now = zclock_mono ();
        if (due > now)
            sf_test_sleep_ms ((int) (due - now));
        char key [128], description [160];
        snprintf (key, sizeof key, "%s-%d-%d", self->prefix, self->index, self->sent);
        snprintf (description, sizeof description, "%s 第%d-%d处：消防通道堵塞", self->prefix, self->index, self->sent);
        Inspection__FindingInput finding = INSPECTION__FINDING_INPUT__INIT;
        finding.description = description;
        finding.factor = INSPECTION__FACTOR__FACTOR_ENVIRONMENT;
        finding.location = (char *) "仓库";
        finding.severity = INSPECTION__SEVERITY__SEVERITY_GENERAL;
        finding.responsible_unit = unit;
        Inspection__ReportFinding request = INSPECTION__REPORT_FINDING__INIT;
        request.finding = &finding;
        request.source = INSPECTION__FINDING_SOURCE__SOURCE_REPORT;
        int64_t sent_at = zclock_mono ();
        int calls = 0;
        while (true) {
            sf_reply_t reply;
            sf_status_t status = sf_rpc_client_call_message (client, &request.base, key, &reply);
            calls++;
            if (status != SF_OK && (!sf_status_retryable (status) || zclock_mono () - sent_at > ACK_GIVE_UP_MS)) {
                fprintf (stderr, "client %d command %d (key %s): %s %s\n", self->index, self->sent, key,
                         sf_status_name (status), reply.reason_en? reply.reason_en: "");
                SF_CHECK (false);
            }
            sf_reply_clear (&reply);
            if (status == SF_OK)
                break;
        }
        int64_t waited = zclock_mono () - sent_at;
        if (waited > self->slowest_ms)
            self->slowest_ms = waited;
        if (calls > 1 || sf_rpc_client_last_attempts (client) > 1)
            self->resent++;
        self->sent++;
        atomic_fetch_add (&s_acked, 1);
    }
    return NULL;
}

static int
s_load (const char *endpoint, const char *prefix, const char *dir, double rate)
{
    SF_CHECK (rate > 0);
    char stop_path [512];
    snprintf (stop_path, sizeof stop_path, "%s/stop", dir);
    s_client_t clients [CLIENTS];
    pthread_t threads [CLIENTS];
    s_write_count (dir, "acked", 0);
    for (int i = 0; i < CLIENTS; i++) {
        clients [i] = (s_client_t) { .index = i, .prefix = prefix, .stop_path = stop_path,
                                     .interval_ms = 1000.0 * CLIENTS / rate };
        sf_test_daemon_t target = s_target (INSPECTION_BINARY, endpoint);
        clients [i].client = sf_test_daemon_client (&target);
        sf_rpc_client_set_actor (clients [i].client, "officer", "safety_officer", "", "");
        sf_rpc_client_set_retry (clients [i].client, 5000, 2);
    }
    for (int i = 0; i < CLIENTS; i++)
        SF_CHECK (pthread_create (&threads [i], NULL, s_client_run, &clients [i]) == 0);
    while (!s_exists (stop_path)) {
        s_write_count (dir, "acked", atomic_load (&s_acked));
        sf_test_sleep_ms (100);
    }
    int64_t slowest = 0;
    int resent = 0;
    for (int i = 0; i < CLIENTS; i++) {
        pthread_join (threads [i], NULL);
        slowest = clients [i].slowest_ms > slowest? clients [i].slowest_ms: slowest;
        resent += clients [i].resent;
        sf_rpc_client_destroy (&clients [i].client);
    }
    s_write_count (dir, "acked", atomic_load (&s_acked));
    s_write_count (dir, "acked.final", atomic_load (&s_acked));
    printf ("measured: plant load: %d ReportFinding acknowledged by the plant at %.0f/s from %d clients; "
            "slowest acknowledgement %lld ms; %d commands needed a resend\n",
            atomic_load (&s_acked), rate, CLIENTS, (long long) slowest, resent);
    return 0;
}

static int
s_prepare (const char *directory_endpoint, const char *prefix, const char *schema)
{
    sf_test_daemon_t directory = s_target (DIRECTORY_BINARY, directory_endpoint);
    sf_rpc_client_t *client = dt_client (&directory);
    dt_build_tree (client, prefix);
    sf_rpc_client_destroy (&client);
    sf_db_t *db = sf_test_db_session (schema);
    char code [96];
    snprintf (code, sizeof code, "%sS", prefix);
    SF_CHECK (dt_wait_copy (db, code, COPY_WAIT_MS));
    sf_db_destroy (&db);
    sf_test_account (schema, "officer", "safety_officer", "");
    return 0;
}

static int
s_unit (const char *directory_endpoint, const char *prefix, const char *code)
{
    sf_test_daemon_t directory = s_target (DIRECTORY_BINARY, directory_endpoint);
    sf_rpc_client_t *client = dt_client (&directory);
    char parent [96];
    snprintf (parent, sizeof parent, "%sD", prefix);
    SF_CHECK (dt_create (client, DIRECTORY__KIND__KIND_TEAM, code, parent, "断网期间新建班组", NULL, NULL) == SF_OK);
    sf_rpc_client_destroy (&client);
    return 0;
}

static int
s_verify (const char *prefix, const char *schema, int acked)
{
    sf_db_t *db = sf_test_db_session (schema);
    char pattern [128];
    snprintf (pattern, sizeof pattern, "%s %%", prefix);
    int64_t stored = sf_test_scalar (db, "SELECT count(*) FROM finding WHERE description LIKE $1", pattern);
    int64_t distinct = sf_test_scalar (db, "SELECT count(DISTINCT description) FROM finding WHERE description LIKE $1",
                                       pattern);
    printf ("plant: %d acknowledged, %lld findings stored, %lld distinct\n", acked, (long long) stored,
            (long long) distinct);
    SF_CHECK (stored == acked && distinct == acked);
    SF_CHECK (dt_wait_published (db, 30000));
    sf_rows_t *rows = sf_db_query (db, "SELECT event_id FROM sf_outbox WHERE event_type = 'inspection.finding_reported'",
                                   0, NULL);
    SF_CHECK (rows);
    int events = (int) sf_rows_count (rows);
    printf ("plant: %d finding events in the outbox, none unpublished\n", events);
    SF_CHECK (events == acked);

    char stream [128];
    snprintf (stream, sizeof stream, "%s:events:inspection", prefix);
    int64_t entries = 0;
    zhashx_t *ids = dt_stream_ids_of (stream, &entries);
    int missing = 0, duplicates = 0, repeated = 0;
    for (int i = 0; i < events; i++) {
        const char *event_id = sf_rows_text (rows, i, 0);
        intptr_t count = (intptr_t) zhashx_lookup (ids, event_id);
        if (count == 0) {
            if (missing < 10)
                fprintf (stderr, "event %s is not in the centre's stream %s\n", event_id, stream);
            missing++;
        }
        else
        if (count > 1) {
            if (repeated < 10)
                printf ("event %s is %d times in the centre's stream\n", event_id, (int) count);
            repeated++;
            duplicates += (int) count - 1;
        }
    }
    printf ("measured: centre stream %s: %lld entries; %d finding events of the plant, %d missing, %d events "
            "repeated, %d duplicate entries (same event id: the relay's allowed resend, dropped by consumers' inbox)\n",
            stream, (long long) entries, events, missing, repeated, duplicates);
    SF_CHECK (missing == 0);
    zhashx_destroy (&ids);
    sf_rows_destroy (&rows);
    sf_db_destroy (&db);
    return 0;
}

int
main (int argc, char *argv [])
{
    if (argc == 5 && strcmp (argv [1], "prepare") == 0)
        return s_prepare (argv [2], argv [3], argv [4]);
    if (argc == 5 && strcmp (argv [1], "unit") == 0)
        return s_unit (argv [2], argv [3], argv [4]);
    if (argc == 6 && strcmp (argv [1], "load") == 0)
        return s_load (argv [2], argv [3], argv [4], atof (argv [5]));
    if (argc == 5 && strcmp (argv [1], "verify") == 0)
        return s_verify (argv [2], argv [3], atoi (argv [4]));
    fprintf (stderr, "usage: %s prepare DIRECTORY PREFIX SCHEMA | unit DIRECTORY PREFIX CODE |"
                     " load INSPECTION PREFIX DIR RATE | verify PREFIX SCHEMA ACKED\n", argv [0]);
    return 2;
}
