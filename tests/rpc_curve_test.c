/*  rpc_curve_test: a real sf-directory behind CURVE (issue 10, authenticated transport).
    Gets nothing through, never a reply: a plain TCP client, the NULL mechanism, an unknown
    key, a wrong server key; a key revoked while its connection is up is refused within two
    seconds, without a restart, and so is a new connection with it. The daemon keeps serving
    legitimate clients throughout and counts the refusals in its log.                       */
#include "sf_keys.h"
#include "sf_testkit.h"
#include "sf_clock.h"

#include <arpa/inet.h>
#include <czmq.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

//  How long a refused call waits for the reply that must not come.
#define S_NO_ANSWER_MS 1000
//  How soon a revoked key must be refused (SF_RPC_AUTH_RELOAD_MS is 500).
#define S_REVOKED_WITHIN_MS 2000
//  The ZMTP greeting is 64 bytes; a plain TCP client may read that, never more.
#define S_GREETING_BYTES 64

static bool
s_answers (sf_rpc_client_t *client)
{
    sf_rpc_client_set_retry (client, S_NO_ANSWER_MS, 1);
    sf_reply_t reply;
    int rc = sf_rpc_client_call (client, "sf.Health", NULL, 0, NULL, &reply);
    bool ok = rc == 0 && reply.status == SF_OK;
    sf_reply_clear (&reply);
    return ok;
}

static void
s_legitimate_still_served (sf_test_daemon_t *daemon)
{
    sf_rpc_client_t *client = sf_test_daemon_client (daemon);
    SF_CHECK (s_answers (client));
    sf_rpc_client_destroy (&client);
}

//  A TCP client that speaks no ZMTP: sends a request's bytes anyway, gets at most the greeting.
static void
s_plain_tcp (sf_test_daemon_t *daemon)
{
    int port = atoi (strrchr (daemon->endpoint, ':') + 1);
    int fd = socket (AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons ((uint16_t) port) };
    address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    SF_CHECK (connect (fd, (struct sockaddr *) &address, sizeof address) == 0);
    sf_request_t request = { .request_id = "plain", .idempotency_key = "", .type = "sf.Health", .trace_id = "",
                             .actor = { .user_id = "admin", .org_node = "", .plant = "" } };
    size_t size;
    uint8_t *bytes = sf_request_encode (&request, &size);
    SF_CHECK (write (fd, bytes, size) == (ssize_t) size);
    free (bytes);
    size_t total = 0;
    int64_t until = sf_clock_mono_ms () + S_NO_ANSWER_MS;
    struct pollfd poller = { .fd = fd, .events = POLLIN };
    while (sf_clock_mono_ms () < until && poll (&poller, 1, 100) >= 0) {
        uint8_t buffer [256];
        if (!(poller.revents & POLLIN))
            continue;
        ssize_t got = read (fd, buffer, sizeof buffer);
        if (got <= 0)
            break;                  //  the daemon hung up on it
        total += (size_t) got;
    }
    close (fd);
    SF_CHECK (total <= S_GREETING_BYTES);
}

//  A client with no key at all (the NULL mechanism).
static void
s_null_mechanism (sf_test_daemon_t *daemon)
{
    sf_rpc_client_t *client = sf_rpc_client_new (daemon->endpoint);
    SF_CHECK (!s_answers (client));
    sf_rpc_client_destroy (&client);
}

static char *
s_public_of (const char *name)
{
    char *zh = NULL, *en = NULL;
    char *text = sf_keys_server_public (sf_test_env ("SF_KEYS_DIR"), name, &zh, &en);
    SF_CHECK (text);
    return text;
}

//  A key pair nobody filed, with the daemon's right public key.
static void
s_unknown_key (sf_test_daemon_t *daemon)
{
    zcert_t *stranger = zcert_new ();
    char *server = s_public_of ("directory");
    sf_rpc_client_t *client = sf_rpc_client_new (daemon->endpoint);
    sf_rpc_client_set_curve (client, stranger, server);
    SF_CHECK (!s_answers (client));
    sf_rpc_client_destroy (&client);
    free (server);
    zcert_destroy (&stranger);
}

//  An accepted key pair that takes another key for the daemon's (a man in the middle's, say).
static void
s_wrong_server_key (sf_test_daemon_t *daemon)
{
    zcert_t *impostor = zcert_new ();
    sf_rpc_client_t *client = sf_rpc_client_new (daemon->endpoint);
    sf_rpc_client_set_curve (client, sf_keys_identity (), zcert_public_txt (impostor));
    SF_CHECK (!s_answers (client));
    sf_rpc_client_destroy (&client);
    zcert_destroy (&impostor);
}

//  A key filed for this test, answered; revoked while connected: refused within
//  S_REVOKED_WITHIN_MS on the open connection and on a new one. No restart.
static void
s_revocation (sf_test_daemon_t *daemon)
{
    const char *keys = sf_test_env ("SF_KEYS_DIR");
    char *name = sf_test_unique ("curve");
    for (char *at = name; *at; at++)
        if (*at == '_')
            *at = '-';
    char *zh = NULL, *en = NULL;
    SF_CHECK (sf_keys_make (keys, name, "operator", "admin", true, &zh, &en) == 0);
    char path [1024];
    snprintf (path, sizeof path, "%s/%s.key_secret", keys, name);
    zcert_t *own = sf_keys_load_secret (path, &zh, &en);
    SF_CHECK (own);
    char *server = s_public_of ("directory");
    sf_rpc_client_t *client = sf_rpc_client_new (daemon->endpoint);
    sf_rpc_client_set_curve (client, own, server);
    //  Accepted at once: the daemon reads its folder again when it meets a key it lacks.
    SF_CHECK (s_answers (client));

    SF_CHECK (sf_keys_revoke (keys, name) == 0);
    int64_t revoked_ms = sf_clock_mono_ms ();
    //  The same socket: its connection stays up, its requests must stop being answered.
    bool refused = false;
    while (!refused && sf_clock_mono_ms () - revoked_ms < S_REVOKED_WITHIN_MS + S_NO_ANSWER_MS) {
        sf_reply_t reply;
        sf_rpc_client_set_retry (client, 200, 1);
        refused = sf_rpc_client_call (client, "sf.Health", NULL, 0, NULL, &reply) != 0;
        sf_reply_clear (&reply);
    }
    int64_t took_ms = sf_clock_mono_ms () - revoked_ms;
    printf ("measured: revoked key refused %lld ms after its file went\n", (long long) took_ms);
    SF_CHECK (refused && took_ms <= S_REVOKED_WITHIN_MS);
    //  And it stays refused, on this connection and on a new one.
    SF_CHECK (!s_answers (client));
    sf_rpc_client_destroy (&client);
    client = sf_rpc_client_new (daemon->endpoint);
    sf_rpc_client_set_curve (client, own, server);
    SF_CHECK (!s_answers (client));
    sf_rpc_client_destroy (&client);
    free (server);
    zcert_destroy (&own);
    free (name);
}

int
main (void)
{
    zsys_init ();
    zsys_set_logstream (NULL);
    char *schema = sf_test_unique ("curve");
    sf_db_t *db = sf_test_db (schema);
    sf_test_daemon_t daemon;
    sf_test_daemon_start (&daemon, "services/directory/sf-directory", schema, NULL);
    SF_CHECK (sf_test_sh ("grep -q 'authenticate with CURVE' '%s'", daemon.log_path) == 0);
    s_legitimate_still_served (&daemon);

    s_plain_tcp (&daemon);
    s_legitimate_still_served (&daemon);
    s_null_mechanism (&daemon);
    s_legitimate_still_served (&daemon);
    s_unknown_key (&daemon);
    s_legitimate_still_served (&daemon);
    s_wrong_server_key (&daemon);
    s_legitimate_still_served (&daemon);
    s_revocation (&daemon);
    s_legitimate_still_served (&daemon);

    //  The refusals are counted, in one summary line at most a second, not a line each.
    sf_test_sleep_ms (1200);
    SF_CHECK (sf_test_sh ("grep -q 'connections that failed the CURVE handshake' '%s'", daemon.log_path) == 0);
    SF_CHECK (sf_test_sh ("test $(grep -c 'refused since start' '%s') -le 8", daemon.log_path) == 0);

    sf_test_daemon_stop (&daemon, SIGTERM);
    sf_test_drop_schema (db, schema);
    sf_db_destroy (&db);
    free (schema);
    printf ("rpc_curve: OK\n");
    return 0;
}
