/*  ctl_daemon: the daemons safetyctl talks to, one line each in a table (name, the
    environment variable that overrides the endpoint, the endpoint otherwise), and the one
    way a command calls them: a generated request sent as the actor of the global options,
    tried up to four times with the same idempotency key, each attempt waiting --timeout-ms,
    and the reply read as the generated type the command expects.                           */
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

//  Where the daemon answers: --endpoint (ctl may be NULL: never), else its variable, else its default.
const char *ctl_daemon_endpoint (const ctl_t *ctl, const ctl_daemon_t *daemon);

//  The daemon called name; NULL when there is none.
const ctl_daemon_t *ctl_daemon_find (const char *name);

//  A client for endpoint acting as the actor of ctl, with the retries of a command. With a key
//  (--key, SF_KEY) its calls are CURVE-authenticated to the daemon called name (NULL: the one
//  whose endpoint is endpoint), whose public key is in --keys-dir (SF_KEYS_DIR).
sf_rpc_client_t *ctl_daemon_client (const ctl_t *ctl, const char *name, const char *endpoint);

//  --key: the idempotency key a write is sent with, for the option table of a write.
#define CTL_OPTION_KEY { "key", CTL_TEXT, "KEY", false, { \
    "幂等键：重试同一命令时给出相同的值，命令最多生效一次（默认每次新生成）", \
    "idempotency key: give the same value when retrying a command and it takes effect at most once " \
    "(default: a fresh one each time)" } }

//  Sends request to the daemon called name (the request type is the request message's full
//  name) and fills reply (the caller clears it). idempotency_key may be NULL for a fresh
//  one. Returns 0 when the reply is OK, else -1 with the status and reason in reply
//  (unavailable when the daemon did not answer).
int ctl_daemon_call (const ctl_t *ctl, const char *name, const ProtobufCMessage *request,
                     const char *idempotency_key, sf_reply_t *reply);

//  The body of reply as a reply_type message (NULL: the type the reply names, looked up in
//  the contract), or NULL after printing why it cannot be read: another type, a type this
//  client does not know, or bytes that do not decode. The caller destroys it.
ProtobufCMessage *ctl_daemon_unpack (const ctl_t *ctl, const sf_reply_t *reply,
                                     const ProtobufCMessageDescriptor *reply_type);

//  The one request path of a command: ctl_daemon_call, then the OK reply unpacked as
//  reply_type (as ctl_daemon_unpack) into *reply_p, the address of a pointer to the
//  generated type (the caller destroys it with sf_pb_destroy). Returns CTL_EXIT_OK, or
//  CTL_EXIT_FAILED after printing why (the daemon's status and reason, or a reply that
//  cannot be read) with *reply_p NULL.
int ctl_daemon_request (const ctl_t *ctl, const char *name, const ProtobufCMessage *request,
                        const char *idempotency_key, const ProtobufCMessageDescriptor *reply_type,
                        void *reply_p);

//  The same for a command that shows its reply: under --json the reply is printed here, as
//  the proto3 JSON mapping has it, and *reply_p stays NULL, so that a command prints its
//  text only when it is given a message.
int ctl_daemon_show (const ctl_t *ctl, const char *name, const ProtobufCMessage *request,
                     const char *idempotency_key, const ProtobufCMessageDescriptor *reply_type,
                     void *reply_p);

#endif
