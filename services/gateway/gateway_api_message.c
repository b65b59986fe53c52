/*  gateway_api_message: JSON to a request message and a reply's message to JSON, through
    the proto3 JSON mapping (common/sf_pbjson.h) and nothing else (gateway_api.h).          */
#include "gateway_api.h"
#include "sf_contract.h"
#include "sf_pbjson.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const sf_text_t s_msg_base64 = {
    "查询参数 message 不是 base64url 编码", "The query's message is not base64url-encoded"
};
static const sf_text_t s_msg_encoding = {
    "不支持编码 %s，只支持 json", "The encoding %s is not supported; only json is"
};

ProtobufCMessage *
gw_api_decode (const ProtobufCMessageDescriptor *descriptor, const char *text, size_t size, char **zh, char **en)
{
    sf_pbjson_error_t error;
    ProtobufCMessage *message = sf_pbjson_decode (descriptor, text, size, &error);
    if (!message)
        sf_pbjson_error_format (&error, zh, en);
    return message;
}

ProtobufCMessage *
gw_api_decode_query (const ProtobufCMessageDescriptor *descriptor, const char *message, const char *encoding,
                     const char *base64, bool *unsupported, char **zh, char **en)
{
    *unsupported = false;
    if (encoding && strcasecmp (encoding, "json") != 0) {
        *unsupported = true;
        sf_text_format (&s_msg_encoding, zh, en, encoding);
        return NULL;
    }
    if (!message)
        return gw_api_decode (descriptor, "{}", 2, zh, en);
    if (!base64 || strcmp (base64, "1") != 0)
        return gw_api_decode (descriptor, message, strlen (message), zh, en);
    size_t length = strlen (message);
    unsigned char *decoded = malloc (length + 1);
    size_t size = 0;
    if (!decoded
    ||  (sodium_base642bin (decoded, length + 1, message, length, NULL, &size, NULL,
                            sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0
     &&  sodium_base642bin (decoded, length + 1, message, length, NULL, &size, NULL,
                            sodium_base64_VARIANT_URLSAFE) != 0)) {
        free (decoded);
        sf_text_format (&s_msg_base64, zh, en);
        return NULL;
    }
    ProtobufCMessage *result = gw_api_decode (descriptor, (const char *) decoded, size, zh, en);
    free (decoded);
    return result;
}

char *
gw_api_reply_json (const sf_reply_t *reply)
{
    if ((!reply->type || !*reply->type) && !reply->body_size)
        return strdup ("{}");        //  a reply with nothing to say
    const ProtobufCMessageDescriptor *descriptor = reply->type? sf_contract_find (reply->type): NULL;
    if (!descriptor)
        return NULL;
    ProtobufCMessage *message = protobuf_c_message_unpack (descriptor, NULL, reply->body_size, reply->body);
    if (!message)
        return NULL;
    char *json = sf_pbjson_encode (message);
    protobuf_c_message_free_unpacked (message, NULL);
    return json;
}
