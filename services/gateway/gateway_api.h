/*  gateway_api: Connect's unary protocol under /api/v1 (README.md, "The API"). A request's
    route comes from the table of every daemon's sf.Describe; its JSON becomes the route's
    request message through the proto3 JSON mapping (sf_pbjson), travels as an sf.Request
    in the authenticated account's name, and the reply comes back as JSON or as a problem.

    The helpers below read a request's headers and messages; they touch no state and are
    unit-tested on their own (gateway_api_headers_test.c, gateway_api_message_test.c).     */
#ifndef GATEWAY_API_H_INCLUDED
#define GATEWAY_API_H_INCLUDED

#include "gateway_http.h"
#include "sf_envelope.h"

#include <protobuf-c/protobuf-c.h>
#include <stdbool.h>
#include <stddef.h>

//  The longest Idempotency-Key, X-Request-Id and Sf-Org a client may send: the daemons take
//  envelope texts of 128 bytes, and the key travels prefixed with the login (64 at most).
#define GW_API_KEY_MAX 62
#define GW_API_REQUEST_ID_MAX 64
#define GW_API_ORG_MAX 64
//  A forwarded request's id: the client's X-Request-Id, '.', 8 hex digits (or a UUID).
#define GW_API_ID_SIZE (GW_API_REQUEST_ID_MAX + 10)
#define GW_API_TRACE_SIZE 33
//  The longest deadline a client may ask for (Connect-Timeout-Ms).
#define GW_API_TIMEOUT_MAX_MS 600000

//  ------------------------------------------------------------------------------------
//  Headers (gateway_api_headers.c)

//  True when text is 1..max visible ASCII characters (no space, no control, no quote or
//  backslash): what the gateway passes on as a key, an id or a unit code.
bool gw_api_token_ok (const char *text, size_t max);

//  The id of a forwarded request into id (GW_API_ID_SIZE bytes): client's (X-Request-Id,
//  may be NULL) when it is a sane token, with '.' and 8 random hex digits after it, so that
//  two requests in flight never share an id whatever the clients send; else a UUID.
void gw_api_request_id (const char *client, char *id);

//  The trace id of a W3C traceparent header ("00-<32 hex>-<16 hex>-<2 hex>") into trace
//  (GW_API_TRACE_SIZE bytes). 0, or -1 when the header is absent or not one (all-zero ids
//  are not ids).
int gw_api_trace_id (const char *traceparent, char *trace);

//  The deadline a request asks for: Connect-Timeout-Ms (header, may be NULL) when given,
//  else fallback; at most GW_API_TIMEOUT_MAX_MS. 0 with *timeout_ms set, -1 when the header
//  is not a positive integer of at most 10 digits (Connect's rule).
int gw_api_timeout_ms (const char *header, int fallback, int *timeout_ms);

//  True for Content-Type application/json, any case, with parameters or not
//  ("application/json; charset=utf-8").
bool gw_api_json_type (const char *content_type);

//  The idempotency key a write travels with: the login's own space ("<login>/<key>"), so
//  that one account can neither replay nor block another's key. Caller frees.
char *gw_api_scoped_key (const char *login, const char *key);

//  ------------------------------------------------------------------------------------
//  Messages (gateway_api_message.c)

//  The request message of type descriptor from JSON text, or NULL with *zh and *en (the
//  caller frees them) saying what is wrong, as sf_pbjson reports it.
ProtobufCMessage *gw_api_decode (const ProtobufCMessageDescriptor *descriptor, const char *text, size_t size,
                                 char **zh, char **en);

//  The request message of a Connect GET: the query's message (absent: {}), URL-decoded
//  already, base64url when the query says base64=1; encoding, when given, must be json.
//  NULL with *zh, *en set as above; *unsupported set when the encoding is not json (415).
ProtobufCMessage *gw_api_decode_query (const ProtobufCMessageDescriptor *descriptor, const char *message,
                                       const char *encoding, const char *base64, bool *unsupported,
                                       char **zh, char **en);

//  The JSON of an OK reply's body, of the message its type names ("{}" for a reply with
//  neither type nor body); NULL when the type is unknown to the contract or the body does
//  not unpack as it (a bug of a daemon, or a contract newer than the gateway's). Caller frees.
char *gw_api_reply_json (const sf_reply_t *reply);

#endif
