/*  gateway_describe: the route table kept up to date from the daemons (gateway_describe.h). */
#include "gateway_describe.h"
#include "gateway_ticker.h"
#include "sf_clock.h"
#include "sf_log.h"
#include "sf_rpc_client.h"

#include <assert.h>
#include <czmq.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define GW_DESCRIBE_DAEMONS_MAX 16
#define GW_DESCRIBE_RETRY_MS 1000
#define GW_DESCRIBE_ATTEMPT_MS 1000

typedef struct {
    char *name;
    char *endpoint;
    sf_rpc_client_t *client;
    Sf__Description *last;           //  its last answer; NULL before the first
    uint8_t *last_body;              //  ... as it came
    size_t last_size;
    bool warned;
} s_daemon_t;

struct _gw_describe_t {
    gw_state_t *state;
    gw_local_routes_fn *local;
    s_daemon_t daemons [GW_DESCRIBE_DAEMONS_MAX];
    int daemon_count;
    int refresh_s;
    gw_ticker_t *ticker;
};

sf_rpc_client_t *
gw_daemon_client (const char *name, const char *endpoint, int attempt_ms)
{
    sf_rpc_client_t *client = sf_rpc_client_new (endpoint);
    sf_rpc_client_set_server (client, name);
    sf_rpc_client_set_retry (client, attempt_ms, 1);
    sf_rpc_client_set_actor (client, "gateway", "service", "", "");
    return client;
}

//  Hands one daemon of gw_describe_each_daemon's list to fn; -1 when it has no endpoint.
static int
s_each_flush (char *name, char *endpoints, void (*fn) (const char *name, const char *endpoint, void *arg),
              void *arg)
{
    if (!*endpoints)
        return -1;
    if (fn)
        fn (name, endpoints, arg);
    return 0;
}

int
gw_describe_each_daemon (const char *daemons, void (*fn) (const char *name, const char *endpoint, void *arg),
                         void *arg)
{
    char *copy = strdup (daemons? daemons: "");
    size_t room = strlen (copy) + 1;
    char *endpoints = calloc (1, room);
    assert (copy && endpoints);
    int rc = 0;
    char *name = NULL, *save = NULL;
    for (char *entry = strtok_r (copy, ",", &save); entry && rc == 0; entry = strtok_r (NULL, ",", &save)) {
        while (*entry == ' ')
            entry++;
        char *end = entry + strlen (entry);
        while (end > entry && end [-1] == ' ')
            *--end = 0;
        char *equals = strchr (entry, '=');
        if (!equals) {
            //  Another instance of the daemon named before (sf_endpoints.h).
            if (!name || !*entry)
                rc = -1;
            else {
                strcat (endpoints, ",");
                strcat (endpoints, entry);
            }
            continue;
        }
        if (equals == entry || !equals [1] || (name && s_each_flush (name, endpoints, fn, arg) < 0)) {
            rc = -1;
            break;
        }
        *equals = 0;
        name = entry;
        snprintf (endpoints, room, "%s", equals + 1);
    }
    if (rc == 0 && name)
        rc = s_each_flush (name, endpoints, fn, arg);
    free (endpoints);
    free (copy);
    return rc;
}

static void
s_add (const char *name, const char *endpoint, void *arg)
{
    gw_describe_t *self = arg;
    if (self->daemon_count == GW_DESCRIBE_DAEMONS_MAX)
        return;
    s_daemon_t *daemon = &self->daemons [self->daemon_count++];
    daemon->name = strdup (name);
    daemon->endpoint = strdup (endpoint);
}

gw_describe_t *
gw_describe_new (gw_state_t *state, const char *daemons, int refresh_s, gw_local_routes_fn *local)
{
    if (gw_describe_each_daemon (daemons, NULL, NULL) < 0) {
        sf_error ("gateway: gateway.daemons '%s' is not name=endpoint,...", daemons);
        return NULL;
    }
    gw_describe_t *self = calloc (1, sizeof *self);
    assert (self);
    self->state = state;
    self->local = local;
    self->refresh_s = refresh_s;
    gw_describe_each_daemon (daemons, s_add, self);
    for (int i = 0; i < self->daemon_count; i++)
        self->daemons [i].client = gw_daemon_client (self->daemons [i].name, self->daemons [i].endpoint,
                                                     GW_DESCRIBE_ATTEMPT_MS);
    return self;
}

//  Asks each daemon; true when any answer differs from the one before (or came first).
static bool
s_ask_all (gw_describe_t *self)
{
    bool changed = false;
    for (int i = 0; i < self->daemon_count; i++) {
        s_daemon_t *daemon = &self->daemons [i];
        sf_reply_t reply = { 0 };
        int rc = sf_rpc_client_call (daemon->client, "sf.Describe", NULL, 0, NULL, &reply);
        if (rc == 0 && reply.status == SF_OK) {
            //  The same bytes as last time: nothing to unpack or publish.
            bool same = daemon->last && daemon->last_size == reply.body_size
                     && memcmp (daemon->last_body, reply.body, reply.body_size) == 0;
            Sf__Description *description = same? NULL: sf__description__unpack (NULL, reply.body_size, reply.body);
            if (description) {
                if (daemon->last)
                    protobuf_c_message_free_unpacked (&daemon->last->base, NULL);
                daemon->last = description;
                free (daemon->last_body);
                daemon->last_body = malloc (reply.body_size? reply.body_size: 1);
                assert (daemon->last_body);
                memcpy (daemon->last_body, reply.body, reply.body_size);
                daemon->last_size = reply.body_size;
                changed = true;
                sf_info ("gateway: %s answers %zu request types", daemon->name, description->n_methods);
            }
            if (same || description)
                daemon->warned = false;
        }
        else
        if (!daemon->warned) {
            sf_warn ("gateway: %s at %s does not answer sf.Describe (%s)%s", daemon->name, daemon->endpoint,
                     reply.reason_en? reply.reason_en: "no answer",
                     daemon->last? ": its routes of the last answer stay": ": its paths are 404 until it does");
            daemon->warned = true;
        }
        sf_reply_clear (&reply);
    }
    return changed;
}

static void
s_publish (gw_describe_t *self)
{
    gw_routes_t *table = gw_routes_new ();
    if (self->local)
        self->local (table);
    for (int i = 0; i < self->daemon_count; i++)
        if (self->daemons [i].last)
            gw_routes_add_description (table, self->daemons [i].last);
    gw_routes_holder_set (self->state->routes, table);
}

static bool
s_all_answered (gw_describe_t *self)
{
    for (int i = 0; i < self->daemon_count; i++)
        if (!self->daemons [i].last)
            return false;
    return true;
}

//  The ticker's call: ask every daemon, publish what changed; again after the refresh
//  period, or a second while a daemon has never answered.
static int
s_tick (void *arg)
{
    gw_describe_t *self = arg;
    if (s_ask_all (self))
        s_publish (self);
    return s_all_answered (self)? self->refresh_s * 1000: GW_DESCRIBE_RETRY_MS;
}

int
gw_describe_start (gw_describe_t *self, int wait_ms)
{
    int64_t until = sf_clock_mono_ms () + wait_ms;
    s_ask_all (self);
    while (!s_all_answered (self) && sf_clock_mono_ms () < until && !zsys_interrupted)
        s_ask_all (self);
    s_publish (self);
    self->ticker = gw_ticker_start ("describe", s_tick, self,
                                    s_all_answered (self)? self->refresh_s * 1000: GW_DESCRIBE_RETRY_MS);
    return self->ticker? 0: -1;
}

void
gw_describe_poke (gw_describe_t *self)
{
    if (self->ticker)
        gw_ticker_poke (self->ticker);
}

void
gw_describe_destroy (gw_describe_t **self_p)
{
    gw_describe_t *self = *self_p;
    if (!self)
        return;
    gw_ticker_stop (&self->ticker);
    for (int i = 0; i < self->daemon_count; i++) {
        s_daemon_t *daemon = &self->daemons [i];
        free (daemon->name);
        free (daemon->endpoint);
        sf_rpc_client_destroy (&daemon->client);
        if (daemon->last)
            protobuf_c_message_free_unpacked (&daemon->last->base, NULL);
        free (daemon->last_body);
    }
    free (self);
    *self_p = NULL;
}
