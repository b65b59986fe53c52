/*  sf_callout: calls from an outbox of calls (sf_callout.h).                              */
#include "sf_callout.h"

#include <stdio.h>

sf_rpc_client_t *
sf_callout_client (const char *endpoint, const char *server, int call_ms)
{
    sf_rpc_client_t *client = sf_rpc_client_new (endpoint);
    sf_rpc_client_set_server (client, server);
    sf_rpc_client_set_retry (client, call_ms, 1);
    return client;
}

void
sf_callout_as_service (sf_rpc_client_t *client, const char *actor, const char *org_node, const char *plant)
{
    sf_rpc_client_set_actor (client, actor, "service", org_node, plant);
}

int64_t
sf_callout_backoff_ms (int attempts, int64_t base_ms, int64_t max_ms)
{
    int64_t backoff = base_ms;
    for (int i = 0; i < attempts && backoff < max_ms; i++)
        backoff *= 2;
    return backoff > max_ms? max_ms: backoff;
}

bool
sf_callout_unanswered (sf_status_t status)
{
    return status == SF_UNAVAILABLE || status == SF_DEADLINE_EXCEEDED;
}

bool
sf_callout_refused (sf_status_t status)
{
    return status == SF_INVALID_ARGUMENT || status == SF_NOT_FOUND || status == SF_PERMISSION_DENIED
        || status == SF_ALREADY_EXISTS || status == SF_FAILED_PRECONDITION || status == SF_MALFORMED
        || status == SF_UNKNOWN_TYPE || status == SF_TOO_LARGE;
}

void
sf_callout_error (sf_status_t status, const sf_reply_t *reply, char *buffer, size_t size)
{
    snprintf (buffer, size, "%s: %s", sf_status_name (status),
              status == SF_OK? "the reply does not decode": reply->reason_en? reply->reason_en: "");
}
