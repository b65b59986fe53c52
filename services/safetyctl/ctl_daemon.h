/*  ctl_daemon: the daemons safetyctl talks to, one line each in a table (name, the
    environment variable that overrides the endpoint, the endpoint otherwise), and the one
    way a command calls them: as the actor of the global options, tried up to four times
    with the same idempotency key, each attempt waiting --timeout-ms.                       */
#ifndef CTL_DAEMON_H_INCLUDED
#define CTL_DAEMON_H_INCLUDED

#include "ctl.h"
#include "sf_rpc_client.h"

typedef struct {
    const char *name;
    const char *env;            //  SF_<NAME>_ENDPOINT
    const char *endpoint;       //  the port deploy/up binds it to
    bool always_listed;         //  status lists it even when env is not set
} ctl_daemon_t;

//  Every daemon; ends with a NULL name.
extern const ctl_daemon_t ctl_daemons [];

//  True when status lists the daemon: always, or when its variable is set.
bool ctl_daemon_listed (const ctl_daemon_t *daemon);

//  Where the daemon answers: --endpoint, else its variable, else its default.
const char *ctl_daemon_endpoint (const ctl_t *ctl, const ctl_daemon_t *daemon);

//  A client for endpoint acting as the actor of ctl, with the retries of a command.
sf_rpc_client_t *ctl_daemon_client (const ctl_t *ctl, const char *endpoint);

//  Sends one request to the daemon called name and fills reply (the caller clears it).
//  idempotency_key may be NULL for a fresh one. Returns 0 when the reply is OK, else -1
//  with the status and reason in reply (unavailable when the daemon did not answer).
int ctl_daemon_call (const ctl_t *ctl, const char *name, const char *type, const uint8_t *body,
                     size_t size, const char *idempotency_key, sf_reply_t *reply);

#endif
