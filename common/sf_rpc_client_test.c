/*  sf_rpc_client: a call to nobody ends in time with a clear bilingual error; a late reply
    to an earlier attempt is dropped; a server that answers `unavailable` is retried with
    the same request id and idempotency key; a message goes as its full name and its packed
    bytes.                                                                                   */
#include "sf_rpc_client.h"
#include "sf_testkit.h"
#include "envelope.pb-c.h"

#include <czmq.h>
#include <string.h>

static char s_endpoint [64];

//  Answers the first attempt late and `unavailable`, the second `ok`, each with the request's
//  type and body; records the keys.
static void
s_flaky_server (zsock_t *pipe, void *arg)
{
    char *keys = (char *) arg;
    zsock_t *router = zsock_new (ZMQ_ROUTER);
    SF_CHECK (zsock_bind (router, "%s", s_endpoint) == 0);
    zsock_signal (pipe, 0);
    for (int attempt = 0; attempt < 2; attempt++) {
        zmsg_t *message = zmsg_recv (router);
        SF_CHECK (message);
        zframe_t *identity = zmsg_pop (message);
        zframe_t *body = zmsg_pop (message);
        sf_request_t request;
        SF_CHECK (sf_request_decode (&request, zframe_data (body), zframe_size (body)) == 0);
        strcat (keys, request.idempotency_key);
        strcat (keys, ";");
        sf_reply_t reply = { .request_id = request.request_id,
                             .status = attempt == 0? SF_UNAVAILABLE: SF_OK,
                             .type = request.type, .body = request.body, .body_size = request.body_size };
        size_t size;
        uint8_t *data = sf_reply_encode (&reply, &size);
        zframe_send (&identity, router, ZFRAME_MORE);
        zmq_send (zsock_resolve (router), data, size, 0);
        free (data);
        sf_request_clear (&request);
        zframe_destroy (&body);
        zmsg_destroy (&message);
    }
    zsock_wait (pipe);
    zsock_destroy (&router);
}

int
main (void)
{
    //  Nobody listens.
    sf_rpc_client_t *client = sf_rpc_client_new ("tcp://127.0.0.1:1");
    sf_rpc_client_set_retry (client, 200, 3);
    sf_reply_t reply;
    int64_t started = zclock_mono ();
    SF_CHECK (sf_rpc_client_call (client, "t.Any", NULL, 0, NULL, &reply) == -1);
    int64_t took = zclock_mono () - started;
    SF_CHECK (took >= 550 && took < 3000);
    SF_CHECK (reply.status == SF_UNAVAILABLE && strstr (reply.reason_en, "3 attempts") && *reply.reason_zh);
    SF_CHECK (sf_rpc_client_last_attempts (client) == 3);
    sf_reply_clear (&reply);
    sf_rpc_client_destroy (&client);

    //  Retry on `unavailable` keeps the key.
    char *name = sf_test_unique ("rpccli");
    snprintf (s_endpoint, sizeof s_endpoint, "ipc:///tmp/%s.ipc", name);
    char keys [256] = "";
    zactor_t *server = zactor_new (s_flaky_server, keys);
    client = sf_rpc_client_new (s_endpoint);
    sf_rpc_client_set_retry (client, 1000, 3);
    SF_CHECK (sf_rpc_client_call (client, "t.Any", NULL, 0, "the-key", &reply) == 0);
    SF_CHECK (reply.status == SF_OK);
    SF_CHECK (sf_rpc_client_last_attempts (client) == 2);
    SF_CHECK_STR (keys, "the-key;the-key;");
    sf_reply_clear (&reply);
    zsock_signal (server, 0);
    sf_rpc_client_destroy (&client);
    zactor_destroy (&server);

    //  A message: the type is its full name, the body its bytes, retried like any call.
    keys [0] = 0;
    server = zactor_new (s_flaky_server, keys);
    client = sf_rpc_client_new (s_endpoint);
    sf_rpc_client_set_retry (client, 1000, 3);
    Sf__SetClock clock = SF__SET_CLOCK__INIT;
    clock.now_ms = 1767225600123;
    SF_CHECK (sf_rpc_client_call_message (client, &clock.base, "clock-key", &reply) == SF_OK);
    SF_CHECK_STR (reply.type, "sf.SetClock");
    Sf__SetClock *echoed = sf__set_clock__unpack (NULL, reply.body_size, reply.body);
    SF_CHECK (echoed && echoed->now_ms == 1767225600123);
    sf__set_clock__free_unpacked (echoed, NULL);
    SF_CHECK_STR (keys, "clock-key;clock-key;");
    sf_reply_clear (&reply);
    zsock_signal (server, 0);
    sf_rpc_client_destroy (&client);
    zactor_destroy (&server);
    free (name);
    return 0;
}
