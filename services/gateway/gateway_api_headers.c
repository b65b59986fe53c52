/*  gateway_api_headers: what a Connect request's headers say (gateway_api.h).             */
#include "gateway_api.h"
#include "sf_uuid.h"

#include <assert.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

bool
gw_api_token_ok (const char *text, size_t max)
{
    if (!text || !*text)
        return false;
    size_t length = 0;
    for (const char *c = text; *c; c++, length++) {
        unsigned char byte = (unsigned char) *c;
        if (length == max || byte <= 0x20 || byte >= 0x7f || byte == '"' || byte == '\\')
            return false;
    }
    return true;
}

void
gw_api_request_id (const char *client, char *id)
{
    if (!gw_api_token_ok (client, GW_API_REQUEST_ID_MAX)) {
        sf_uuid_generate (id);
        return;
    }
    uint32_t random = 0;
    if (getrandom (&random, sizeof random, 0) != (ssize_t) sizeof random) {
        sf_uuid_generate (id);
        return;
    }
    snprintf (id, GW_API_ID_SIZE, "%s.%08x", client, random);
}

static bool
s_hex (const char *text, size_t length)
{
    bool zero = true;
    for (size_t i = 0; i < length; i++) {
        if (!isxdigit ((unsigned char) text [i]) || isupper ((unsigned char) text [i]))
            return false;
        zero = zero && text [i] == '0';
    }
    return !zero;
}

int
gw_api_trace_id (const char *traceparent, char *trace)
{
    //  version "-" trace-id "-" parent-id "-" flags: 2 + 1 + 32 + 1 + 16 + 1 + 2 = 55.
    if (!traceparent || strlen (traceparent) < 55 || traceparent [2] != '-' || traceparent [35] != '-'
    ||  traceparent [52] != '-' || !isxdigit ((unsigned char) traceparent [0])
    ||  !isxdigit ((unsigned char) traceparent [1]) || strncmp (traceparent, "ff", 2) == 0
    ||  !s_hex (traceparent + 3, 32) || !s_hex (traceparent + 36, 16))
        return -1;
    memcpy (trace, traceparent + 3, 32);
    trace [32] = 0;
    return 0;
}

int
gw_api_timeout_ms (const char *header, int fallback, int *timeout_ms)
{
    long long value = fallback;
    if (header) {
        size_t length = strlen (header);
        if (length == 0 || length > 10)
            return -1;
        for (size_t i = 0; i < length; i++)
            if (!isdigit ((unsigned char) header [i]))
                return -1;
        value = strtoll (header, NULL, 10);
        if (value <= 0)
            return -1;
    }
    *timeout_ms = (int) (value > GW_API_TIMEOUT_MAX_MS? GW_API_TIMEOUT_MAX_MS: value);
    return 0;
}

bool
gw_api_json_type (const char *content_type)
{
    static const char json [] = "application/json";
    if (!content_type || strncasecmp (content_type, json, sizeof json - 1) != 0)
        return false;
    char next = content_type [sizeof json - 1];
    return next == 0 || next == ';' || next == ' ' || next == '\t';
}

char *
gw_api_scoped_key (const char *login, const char *key)
{
    size_t size = strlen (login) + strlen (key) + 2;
    char *scoped = malloc (size);
    assert (scoped);
    snprintf (scoped, size, "%s/%s", login, key);
    return scoped;
}
