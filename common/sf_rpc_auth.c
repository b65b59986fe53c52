/*  sf_rpc_auth: CURVE server, ZAP handler and the per-request key check.                    */
#include "sf_rpc_auth.h"
#include "sf_clock.h"
#include "sf_keys.h"
#include "sf_status.h"
#include "sf_log.h"

#include <assert.h>
#include <dirent.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

//  A key the handshake accepted but our view lacks (filed a moment ago) makes us read the
//  folder again, at most this often (a revoked key's flood must not make us read it per frame).
#define SF_RPC_AUTH_MISS_RELOAD_MS 50
//  Refusals are summed up in the log at most this often.
#define SF_RPC_AUTH_LOG_MS 1000
//  The ZAP domain of our servers' sockets (any name: the handler serves the whole process).
#define SF_RPC_AUTH_DOMAIN "sf"

struct _sf_rpc_auth_t {
    char *clients_dir;
    zhashx_t *known;                 //  public key (Z85) -> key name, as last read
    int64_t read_ms;                 //  when clients_dir was last read
    int64_t missed_ms;               //  when it was last read for a key we lacked
    uint64_t refused_handshakes;
    uint64_t refused_requests;
    uint64_t logged;                 //  refusals at the last summary
    int64_t logged_ms;
};

//  czmq's ZAP handler binds one endpoint per process (per ZeroMQ context): the servers of
//  a process share it, and so they share one clients folder.
static pthread_mutex_t s_zauth_lock = PTHREAD_MUTEX_INITIALIZER;
static zactor_t *s_zauth;
static char *s_zauth_dir;
static int s_zauth_users;

static const sf_text_t s_msg_other_dir = {
    "同一进程中的 rpc 服务必须使用同一个客户端密钥目录（已有 %s，又要求 %s）",
    "The rpc servers of one process must share one clients folder (%s already, %s asked)"
};

static void
s_log_text (const char *zh, const char *en)
{
    sf_error ("%s", zh);
    sf_error ("%s", en);
}

static int
s_zauth_start (const char *clients_dir)
{
    pthread_mutex_lock (&s_zauth_lock);
    int rc = 0;
    if (s_zauth && strcmp (s_zauth_dir, clients_dir) != 0) {
        char *zh, *en;
        sf_text_format (&s_msg_other_dir, &zh, &en, s_zauth_dir, clients_dir);
        s_log_text (zh, en);
        free (zh);
        free (en);
        rc = -1;
    }
    else
    if (!s_zauth) {
        s_zauth = zactor_new (zauth, NULL);
        assert (s_zauth);
        zstr_sendx (s_zauth, "CURVE", clients_dir, NULL);
        zsock_wait (s_zauth);
        s_zauth_dir = strdup (clients_dir);
    }
    if (rc == 0)
        s_zauth_users++;
    pthread_mutex_unlock (&s_zauth_lock);
    return rc;
}

static void
s_zauth_stop (void)
{
    pthread_mutex_lock (&s_zauth_lock);
    if (--s_zauth_users == 0) {
        zactor_destroy (&s_zauth);
        free (s_zauth_dir);
        s_zauth_dir = NULL;
    }
    pthread_mutex_unlock (&s_zauth_lock);
}

//  Reads the public keys filed in clients_dir, as zauth's cert store does.
static void
s_read_known (sf_rpc_auth_t *self)
{
    zhashx_purge (self->known);
    DIR *dir = opendir (self->clients_dir);
    for (struct dirent *entry = dir? readdir (dir): NULL; entry; entry = readdir (dir)) {
        if (entry->d_name [0] == '.')
            continue;
        char *path = zsys_sprintf ("%s/%s", self->clients_dir, entry->d_name);
        zconfig_t *root = zconfig_load (path);
        const char *key = root? zconfig_get (root, "/curve/public-key", NULL): NULL;
        if (key && strlen (key) == SF_PEER_KEY_TEXT)
            zhashx_update (self->known, key, zconfig_get (root, "/metadata/name", ""));
        zconfig_destroy (&root);
        zstr_free (&path);
    }
    if (dir)
        closedir (dir);
    self->read_ms = sf_clock_mono_ms ();
}

sf_rpc_auth_t *
sf_rpc_auth_new (zsock_t *socket, const char *secret_file, const char *clients_dir)
{
    char *zh = NULL, *en = NULL;
    zcert_t *cert = sf_keys_load_secret (secret_file, &zh, &en);
    if (!cert || !sf_keys_clients_dir_ok (clients_dir, &zh, &en)) {
        s_log_text (zh, en);
        free (zh);
        free (en);
        zcert_destroy (&cert);
        return NULL;
    }
    if (s_zauth_start (clients_dir)) {
        zcert_destroy (&cert);
        return NULL;
    }
    zcert_apply (cert, socket);
    zcert_destroy (&cert);
    zsock_set_curve_server (socket, 1);
    zsock_set_zap_domain (socket, SF_RPC_AUTH_DOMAIN);
    sf_rpc_auth_t *self = calloc (1, sizeof *self);
    assert (self);
    self->clients_dir = strdup (clients_dir);
    self->known = zhashx_new ();
    assert (self->known);
    zhashx_set_destructor (self->known, (zhashx_destructor_fn *) zstr_free);
    zhashx_set_duplicator (self->known, (zhashx_duplicator_fn *) strdup);
    s_read_known (self);
    sf_info ("rpc clients authenticate with CURVE: %zu keys accepted from %s",
             zhashx_size (self->known), clients_dir);
    return self;
}

void
sf_rpc_auth_destroy (sf_rpc_auth_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    sf_rpc_auth_t *self = *self_p;
    zhashx_destroy (&self->known);
    free (self->clients_dir);
    free (self);
    s_zauth_stop ();
    *self_p = NULL;
}

bool
sf_rpc_auth_peer (sf_rpc_auth_t *self, zmq_msg_t *msg, sf_peer_t *peer)
{
    if (!self) {
        //  No CURVE (a development server, warned at start): nobody can be told apart, so
        //  the request's actor is believed, as from a daemon (sf_scope.h).
        sf_peer_set_unknown (peer);
        peer->trusted = true;
        return true;
    }
    int64_t age_ms = sf_clock_mono_ms () - self->read_ms;
    if (age_ms >= SF_RPC_AUTH_RELOAD_MS)
        s_read_known (self);
    bool identified = sf_peer_from_msg (peer, msg) == 0;
    //  A key zauth let in that we do not know yet was filed since our last look.
    if (identified && !zhashx_lookup (self->known, peer->key) && age_ms < SF_RPC_AUTH_RELOAD_MS
    &&  sf_clock_mono_ms () - self->missed_ms >= SF_RPC_AUTH_MISS_RELOAD_MS) {
        self->missed_ms = sf_clock_mono_ms ();
        s_read_known (self);
    }
    if (!identified || !zhashx_lookup (self->known, peer->key)) {
        self->refused_requests++;
        return false;
    }
    return true;
}

void
sf_rpc_auth_handshake_failed (sf_rpc_auth_t *self, int event)
{
    (void) event;
    if (self)
        self->refused_handshakes++;
}

void
sf_rpc_auth_log (sf_rpc_auth_t *self)
{
    if (!self)
        return;
    uint64_t total = self->refused_handshakes + self->refused_requests;
    int64_t now = sf_clock_mono_ms ();
    if (total == self->logged || now - self->logged_ms < SF_RPC_AUTH_LOG_MS)
        return;
    sf_warn ("refused since start: %llu connections that failed the CURVE handshake (no key, an unknown "
             "key, a wrong server key), %llu requests of revoked keys (%llu in all)",
             (unsigned long long) self->refused_handshakes, (unsigned long long) self->refused_requests,
             (unsigned long long) total);
    self->logged = total;
    self->logged_ms = now;
}

uint64_t
sf_rpc_auth_refused (sf_rpc_auth_t *self)
{
    return self? self->refused_handshakes + self->refused_requests: 0;
}
