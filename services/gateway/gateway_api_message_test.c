/*  gateway_api_message: Connect's JSON forms of a request (POST body, GET query, base64url)
    into the message, and an OK reply's body back to JSON, through sf_pbjson.              */
#include "gateway_api.h"
#include "inspection.pb-c.h"
#include "sf_codec.h"
#include "sf_testkit.h"

#include <string.h>

static void
s_body (void)
{
    char *zh = NULL, *en = NULL;
    const char *json = "{\"number\":\"P-F2026-000001\"}";
    ProtobufCMessage *message = gw_api_decode (&inspection__get_finding__descriptor, json, strlen (json), &zh, &en);
    SF_CHECK (message && !zh && !en);
    SF_CHECK_STR (((Inspection__GetFinding *) message)->number, "P-F2026-000001");
    protobuf_c_message_free_unpacked (message, NULL);
    //  Not JSON, an unknown field, a wrong type: refused, saying what as sf_pbjson does.
    message = gw_api_decode (&inspection__get_finding__descriptor, "{\"number\":", 10, &zh, &en);
    SF_CHECK (!message && zh && en && strstr (en, "JSON"));
    free (zh);
    free (en);
    message = gw_api_decode (&inspection__get_finding__descriptor, "{\"nmber\":\"x\"}", 13, &zh, &en);
    SF_CHECK (!message && strstr (en, "nmber"));
    free (zh);
    free (en);
    message = gw_api_decode (&inspection__get_finding__descriptor, "{\"number\":5}", 12, &zh, &en);
    SF_CHECK (!message && strstr (en, "number"));
    free (zh);
    free (en);
}

static void
s_query (void)
{
    char *zh = NULL, *en = NULL;
    bool unsupported = true;
    //  No message: {}.
    ProtobufCMessage *message = gw_api_decode_query (&inspection__get_finding__descriptor, NULL, "json", NULL,
                                                     &unsupported, &zh, &en);
    SF_CHECK (message && !unsupported);
    SF_CHECK_STR (((Inspection__GetFinding *) message)->number, "");
    protobuf_c_message_free_unpacked (message, NULL);
    message = gw_api_decode_query (&inspection__get_finding__descriptor, "{\"number\":\"N1\"}", NULL, NULL,
                                   &unsupported, &zh, &en);
    SF_CHECK (message);
    SF_CHECK_STR (((Inspection__GetFinding *) message)->number, "N1");
    protobuf_c_message_free_unpacked (message, NULL);
    //  base64url of {"number":"N1"}, unpadded and padded.
    message = gw_api_decode_query (&inspection__get_finding__descriptor, "eyJudW1iZXIiOiJOMSJ9", "json", "1",
                                   &unsupported, &zh, &en);
    SF_CHECK (message);
    SF_CHECK_STR (((Inspection__GetFinding *) message)->number, "N1");
    protobuf_c_message_free_unpacked (message, NULL);
    message = gw_api_decode_query (&inspection__get_finding__descriptor, "eyJudW1iZXIiOiJOIn0", "json", "1",
                                   &unsupported, &zh, &en);
    SF_CHECK (message);
    SF_CHECK_STR (((Inspection__GetFinding *) message)->number, "N");
    protobuf_c_message_free_unpacked (message, NULL);
    message = gw_api_decode_query (&inspection__get_finding__descriptor, "eyJudW1iZXIiOiJOIn0=", "json", "1",
                                   &unsupported, &zh, &en);
    SF_CHECK (message);
    SF_CHECK_STR (((Inspection__GetFinding *) message)->number, "N");
    protobuf_c_message_free_unpacked (message, NULL);
    message = gw_api_decode_query (&inspection__get_finding__descriptor, "e30=", "json", "1", &unsupported, &zh, &en);
    SF_CHECK (message);
    protobuf_c_message_free_unpacked (message, NULL);
    message = gw_api_decode_query (&inspection__get_finding__descriptor, "!!!", "json", "1", &unsupported, &zh, &en);
    SF_CHECK (!message && !unsupported && strstr (en, "base64"));
    free (zh);
    free (en);
    message = gw_api_decode_query (&inspection__get_finding__descriptor, "{}", "proto", NULL, &unsupported, &zh, &en);
    SF_CHECK (!message && unsupported && strstr (en, "proto"));
    free (zh);
    free (en);
    message = gw_api_decode_query (&inspection__get_finding__descriptor, "{", "json", NULL, &unsupported, &zh, &en);
    SF_CHECK (!message && !unsupported && zh && en);
    free (zh);
    free (en);
}

static void
s_reply (void)
{
    Inspection__Finding finding = INSPECTION__FINDING__INIT;
    finding.id = 42;
    finding.number = "P-F2026-000042";
    finding.description = "消防通道堵塞";
    sf_reply_t reply = { 0 };
    reply.status = SF_OK;
    reply.type = strdup ("inspection.Finding");
    reply.body = sf_codec_pack (&finding.base, &reply.body_size);
    char *json = gw_api_reply_json (&reply);
    SF_CHECK_STR (json, "{\"id\":\"42\",\"number\":\"P-F2026-000042\",\"description\":\"消防通道堵塞\"}");
    free (json);
    free (reply.type);
    reply.type = strdup ("inspection.NoSuchMessage");
    SF_CHECK (gw_api_reply_json (&reply) == NULL);
    free (reply.type);
    reply.type = NULL;
    SF_CHECK (gw_api_reply_json (&reply) == NULL);     //  a body of no type
    sf_reply_clear (&reply);
    reply.status = SF_OK;
    json = gw_api_reply_json (&reply);                   //  nothing to say
    SF_CHECK_STR (json, "{}");
    free (json);
}

int
main (void)
{
    s_body ();
    s_query ();
    s_reply ();
    return 0;
}
