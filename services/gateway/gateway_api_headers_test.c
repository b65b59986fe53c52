/*  gateway_api_headers: what the gateway reads from a Connect request's headers.          */
#include "gateway_api.h"
#include "sf_testkit.h"

#include <string.h>

static void
s_tokens (void)
{
    SF_CHECK (gw_api_token_ok ("abc-123_X.y:z", 64));
    SF_CHECK (gw_api_token_ok ("f47ac10b-58cc-4372-a567-0e02b2c3d479", 62));
    SF_CHECK (!gw_api_token_ok (NULL, 64));
    SF_CHECK (!gw_api_token_ok ("", 64));
    SF_CHECK (!gw_api_token_ok ("a b", 64));
    SF_CHECK (!gw_api_token_ok ("a\tb", 64));
    SF_CHECK (!gw_api_token_ok ("a\"b", 64));
    SF_CHECK (!gw_api_token_ok ("a\\b", 64));
    SF_CHECK (!gw_api_token_ok ("键", 64));
    SF_CHECK (gw_api_token_ok ("abcd", 4));
    SF_CHECK (!gw_api_token_ok ("abcde", 4));
}

static void
s_request_ids (void)
{
    char a [GW_API_ID_SIZE], b [GW_API_ID_SIZE];
    gw_api_request_id ("client-7", a);
    gw_api_request_id ("client-7", b);
    SF_CHECK (strncmp (a, "client-7.", 9) == 0 && strlen (a) == 17);
    SF_CHECK (strcmp (a, b) != 0);       //  two in flight never share an id
    gw_api_request_id (NULL, a);
    SF_CHECK (strlen (a) == 36 && a [8] == '-');
    gw_api_request_id ("bad id with spaces", a);
    SF_CHECK (strlen (a) == 36);
    char longest [GW_API_REQUEST_ID_MAX + 2];
    memset (longest, 'r', sizeof longest - 1);
    longest [sizeof longest - 1] = 0;
    gw_api_request_id (longest, a);      //  one byte too long: a UUID
    SF_CHECK (strlen (a) == 36);
    longest [GW_API_REQUEST_ID_MAX] = 0;
    gw_api_request_id (longest, a);
    SF_CHECK (strlen (a) == GW_API_REQUEST_ID_MAX + 9);
}

static void
s_trace (void)
{
    char trace [GW_API_TRACE_SIZE];
    SF_CHECK (gw_api_trace_id ("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", trace) == 0);
    SF_CHECK_STR (trace, "4bf92f3577b34da6a3ce929d0e0e4736");
    SF_CHECK (gw_api_trace_id (NULL, trace) < 0);
    SF_CHECK (gw_api_trace_id ("00-00000000000000000000000000000000-00f067aa0ba902b7-01", trace) < 0);
    SF_CHECK (gw_api_trace_id ("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", trace) < 0);
    SF_CHECK (gw_api_trace_id ("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", trace) < 0);
    SF_CHECK (gw_api_trace_id ("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", trace) < 0);
    SF_CHECK (gw_api_trace_id ("00-4bf92f3577b34da6a3ce929d0e0e47-00f067aa0ba902b7-01", trace) < 0);
    SF_CHECK (gw_api_trace_id ("garbage", trace) < 0);
}

static void
s_timeouts (void)
{
    int timeout = 0;
    SF_CHECK (gw_api_timeout_ms (NULL, 15000, &timeout) == 0 && timeout == 15000);
    SF_CHECK (gw_api_timeout_ms ("250", 15000, &timeout) == 0 && timeout == 250);
    SF_CHECK (gw_api_timeout_ms ("9999999999", 15000, &timeout) == 0 && timeout == GW_API_TIMEOUT_MAX_MS);
    SF_CHECK (gw_api_timeout_ms ("99999999999", 15000, &timeout) < 0);
    SF_CHECK (gw_api_timeout_ms ("0", 15000, &timeout) < 0);
    SF_CHECK (gw_api_timeout_ms ("-5", 15000, &timeout) < 0);
    SF_CHECK (gw_api_timeout_ms ("1e3", 15000, &timeout) < 0);
    SF_CHECK (gw_api_timeout_ms ("", 15000, &timeout) < 0);
}

static void
s_content_types (void)
{
    SF_CHECK (gw_api_json_type ("application/json"));
    SF_CHECK (gw_api_json_type ("Application/JSON; charset=utf-8"));
    SF_CHECK (gw_api_json_type ("application/json;charset=UTF-8"));
    SF_CHECK (!gw_api_json_type (NULL));
    SF_CHECK (!gw_api_json_type ("application/jsonp"));
    SF_CHECK (!gw_api_json_type ("application/x-www-form-urlencoded"));
    SF_CHECK (!gw_api_json_type ("text/plain"));
    SF_CHECK (!gw_api_json_type ("application/proto"));
}

static void
s_keys (void)
{
    char *key = gw_api_scoped_key ("manager", "k-1");
    SF_CHECK_STR (key, "manager/k-1");
    free (key);
}

int
main (void)
{
    s_tokens ();
    s_request_ids ();
    s_trace ();
    s_timeouts ();
    s_content_types ();
    s_keys ();
    return 0;
}
