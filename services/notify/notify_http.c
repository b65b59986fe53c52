/*  notify_http: one POST (notify_http.h).                                                   */
#include "notify_http.h"

#include <curl/curl.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    notify_http_result_t *result;
    size_t size;
} s_sink_t;

static size_t
s_write (char *data, size_t one, size_t count, void *arg)
{
    s_sink_t *sink = arg;
    size_t size = one * count;
    size_t room = NOTIFY_HTTP_ANSWER_MAX - 1 - sink->size;
    size_t take = size < room? size: room;
    memcpy (sink->result->answer + sink->size, data, take);
    sink->size += take;
    sink->result->answer [sink->size] = 0;
    return size;
}

int
notify_http_post (const char *url, const char *const *headers, const char *body, size_t size,
                  notify_http_result_t *result)
{
    memset (result, 0, sizeof *result);
    CURL *curl = curl_easy_init ();
    if (!curl) {
        snprintf (result->error, sizeof result->error, "curl_easy_init failed");
        return -1;
    }
    struct curl_slist *list = curl_slist_append (NULL, "Content-Type: application/json; charset=utf-8");
    for (size_t index = 0; headers && headers [index]; index++)
        list = curl_slist_append (list, headers [index]);
    s_sink_t sink = { result, 0 };
    curl_easy_setopt (curl, CURLOPT_URL, url);
    curl_easy_setopt (curl, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt (curl, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt (curl, CURLOPT_POSTFIELDSIZE, (long) size);
    curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, s_write);
    curl_easy_setopt (curl, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt (curl, CURLOPT_TIMEOUT, 5L);
    curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "http,https");
    CURLcode code = curl_easy_perform (curl);
    int rc = 0;
    if (code == CURLE_OK)
        curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &result->status);
    else {
        //  curl's own words, never the URL (it may carry a key or a signature).
        snprintf (result->error, sizeof result->error, "%s", curl_easy_strerror (code));
        rc = -1;
    }
    curl_slist_free_all (list);
    curl_easy_cleanup (curl);
    return rc;
}

int64_t
notify_http_json_int (const char *answer, const char *key, int64_t fallback)
{
    char quoted [64];
    snprintf (quoted, sizeof quoted, "\"%s\"", key);
    const char *at = strstr (answer, quoted);
    if (!at)
        return fallback;
    at += strlen (quoted);
    while (isspace ((unsigned char) *at))
        at++;
    if (*at++ != ':')
        return fallback;
    while (isspace ((unsigned char) *at))
        at++;
    char *end;
    long long value = strtoll (at, &end, 10);
    return end == at? fallback: (int64_t) value;
}
