/*  ctl_daemon: a new line in ctl_daemons is all a new daemon needs to be reachable. A reply
    is read by the descriptor the command names, or by the contract's for the type the reply
    names, and must be of the type expected: a daemon that answers otherwise has a bug.    */
#include "ctl_daemon.h"
#include "ctl_output.h"
#include "sf_endpoints.h"
#include "sf_contract.h"
#include "sf_pb.h"

#include <assert.h>
#include <czmq.h>
#include <stdlib.h>
#include <string.h>

#define CTL_ATTEMPTS        4
#define CTL_ATTEMPT_MS      1500

static const sf_text_t s_msg_unknown_reply = {
    "回复类型 %s 不在本客户端的协议中（客户端比服务旧？）",
    "the reply type %s is not in this client's contract (is the client older than the daemon?)"
};
static const sf_text_t s_msg_other_reply = { "回复类型为 %s，应为 %s", "the reply is a %s where a %s was expected" };
static const sf_text_t s_msg_bad_reply = { "回复内容不是有效的 %s 消息", "the reply body is not a valid %s message" };

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
    if (ctl && ctl->endpoint)
        return ctl->endpoint;
    const char *value = getenv (daemon->env);
    return value && *value? value: daemon->endpoint;
}

sf_rpc_client_t *
ctl_daemon_client (const ctl_t *ctl, const char *name, const char *endpoint)
{
    //  czmq traps SIGINT and SIGTERM when it starts; a command-line client should stop on
    //  Ctrl-C at once, not after its retries.
    zsys_init ();
    zsys_handler_set (NULL);
    sf_rpc_client_t *client = sf_rpc_client_new (endpoint);
    for (const ctl_daemon_t *daemon = ctl_daemons; !name && daemon->name; daemon++)
        if (sf_endpoints_contains (ctl_daemon_endpoint (NULL, daemon), endpoint))
            name = daemon->name;
    if (name)
        sf_rpc_client_set_server (client, name);
    sf_rpc_client_set_actor (client, ctl->user, ctl->roles, ctl->org, ctl->plant);
    sf_rpc_client_set_retry (client, ctl->timeout_ms? ctl->timeout_ms: CTL_ATTEMPT_MS, CTL_ATTEMPTS);
    return client;
}

const ctl_daemon_t *
ctl_daemon_find (const char *name)
{
    for (const ctl_daemon_t *daemon = ctl_daemons; daemon->name; daemon++)
        if (strcmp (daemon->name, name) == 0)
            return daemon;
    return NULL;
}

int
ctl_daemon_call (const ctl_t *ctl, const char *name, const ProtobufCMessage *request,
                 const char *idempotency_key, sf_reply_t *reply)
{
    const ctl_daemon_t *daemon = ctl_daemon_find (name);
    assert (daemon);
    sf_rpc_client_t *client = ctl_daemon_client (ctl, daemon->name, ctl_daemon_endpoint (ctl, daemon));
    sf_status_t status = sf_rpc_client_call_message (client, request, idempotency_key, reply);
    sf_rpc_client_destroy (&client);
    return status == SF_OK? 0: -1;
}

ProtobufCMessage *
ctl_daemon_unpack (const ctl_t *ctl, const sf_reply_t *reply, const ProtobufCMessageDescriptor *reply_type)
{
    const char *type = reply->type? reply->type: "";
    const ProtobufCMessageDescriptor *descriptor = reply_type? reply_type: sf_contract_find (type);
    ProtobufCMessage *message = NULL;
    if (!descriptor)
        ctl_fail (ctl, SF_INTERNAL, &s_msg_unknown_reply, type);
    else
    if (strcmp (type, descriptor->name) != 0)
        ctl_fail (ctl, SF_INTERNAL, &s_msg_other_reply, type, descriptor->name);
    else
    if (!(message = protobuf_c_message_unpack (descriptor, NULL, reply->body_size, reply->body)))
        ctl_fail (ctl, SF_MALFORMED, &s_msg_bad_reply, type);
    return message;
}

int
ctl_daemon_request (const ctl_t *ctl, const char *name, const ProtobufCMessage *request,
                    const char *idempotency_key, const ProtobufCMessageDescriptor *reply_type, void *reply_p)
{
    ProtobufCMessage **message = reply_p;
    sf_reply_t reply;
    *message = NULL;
    if (ctl_daemon_call (ctl, name, request, idempotency_key, &reply))
        ctl_fail_reply (ctl, &reply);
    else
        *message = ctl_daemon_unpack (ctl, &reply, reply_type);
    sf_reply_clear (&reply);
    return *message? CTL_EXIT_OK: CTL_EXIT_FAILED;
}

int
ctl_daemon_show (const ctl_t *ctl, const char *name, const ProtobufCMessage *request,
                 const char *idempotency_key, const ProtobufCMessageDescriptor *reply_type, void *reply_p)
{
    ProtobufCMessage **message = reply_p;
    int rc = ctl_daemon_request (ctl, name, request, idempotency_key, reply_type, message);
    if (*message && ctl->json) {
        ctl_json_print_message (*message);
        sf_pb_destroy (message);
    }
    return rc;
}
