/*  ctl_daemon: a new line in ctl_daemons is all a new daemon needs to be reachable.        */
#include "ctl_daemon.h"

#include <assert.h>
#include <czmq.h>
#include <stdlib.h>
#include <string.h>

#define CTL_ATTEMPTS        4
#define CTL_ATTEMPT_MS      1500

const ctl_daemon_t ctl_daemons [] = {
    { "gateway", "SF_GATEWAY_ENDPOINT", "tcp://127.0.0.1:7100", false },
    { "directory", "SF_DIRECTORY_ENDPOINT", "tcp://127.0.0.1:7101", true },
    { "inspection", "SF_INSPECTION_ENDPOINT", "tcp://127.0.0.1:7102", true },
    { "rectification", "SF_RECTIFICATION_ENDPOINT", "tcp://127.0.0.1:7103", true },
    { "training", "SF_TRAINING_ENDPOINT", "tcp://127.0.0.1:7104", false },
    { "lesson", "SF_LESSON_ENDPOINT", "tcp://127.0.0.1:7105", false },
    { "scoring", "SF_SCORING_ENDPOINT", "tcp://127.0.0.1:7106", false },
    { "notify", "SF_NOTIFY_ENDPOINT", "tcp://127.0.0.1:7107", false },
    { NULL, NULL, NULL, false }
};

bool
ctl_daemon_listed (const ctl_daemon_t *daemon)
{
    //  "off" says the daemon is not deployed here.
    const char *value = getenv (daemon->env);
    if (value && strcmp (value, "off") == 0)
        return false;
    return daemon->always_listed || (value && *value);
}

const char *
ctl_daemon_endpoint (const ctl_t *ctl, const ctl_daemon_t *daemon)
{
    if (ctl->endpoint)
        return ctl->endpoint;
    const char *value = getenv (daemon->env);
    return value && *value? value: daemon->endpoint;
}

sf_rpc_client_t *
ctl_daemon_client (const ctl_t *ctl, const char *endpoint)
{
    //  czmq traps SIGINT and SIGTERM when it starts; a command-line client should stop on
    //  Ctrl-C at once, not after its retries.
    zsys_init ();
    zsys_handler_set (NULL);
    sf_rpc_client_t *client = sf_rpc_client_new (endpoint);
    sf_rpc_client_set_actor (client, ctl->user, ctl->roles, ctl->org, ctl->plant);
    sf_rpc_client_set_retry (client, ctl->timeout_ms? ctl->timeout_ms: CTL_ATTEMPT_MS, CTL_ATTEMPTS);
    return client;
}

int
ctl_daemon_call (const ctl_t *ctl, const char *name, const char *type, const uint8_t *body,
                 size_t size, const char *idempotency_key, sf_reply_t *reply)
{
    const ctl_daemon_t *daemon = ctl_daemons;
    while (daemon->name && strcmp (daemon->name, name) != 0)
        daemon++;
    assert (daemon->name);
    sf_rpc_client_t *client = ctl_daemon_client (ctl, ctl_daemon_endpoint (ctl, daemon));
    sf_rpc_client_call (client, type, body, size, idempotency_key, reply);
    sf_rpc_client_destroy (&client);
    return reply->status == SF_OK? 0: -1;
}
