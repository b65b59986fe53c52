/*  notify_http: POSTs one at a time or many at once (notify_http.h).                       */
#include "notify_http.h"

#include <curl/curl.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  One POST: its easy handle, header list and the answer as it comes.
typedef struct {
    CURL *curl;
    struct curl_slist *list;
    notify_http_result_t result;
    size_t size;
    void *tag;
} s_request_t;

struct _notify_http_t {
    CURLM *multi;
    size_t in_flight;
};

static size_t
s_write (char *data, size_t one, size_t count, void *arg)
{
    s_request_t *request = arg;
    size_t size = one * count;
    size_t room = NOTIFY_HTTP_ANSWER_MAX - 1 - request->size;
    size_t take = size < room? size: room;
    memcpy (request->result.answer + request->size, data, take);
    request->size += take;
    request->result.answer [request->size] = 0;
    return size;
}

//  Sets request up for a POST of body to url; copy_body when the body must outlive the
//  caller's buffer. 0, or -1 with result.error set.
static int
s_prepare (s_request_t *request, const char *url, const char *const *headers, const char *body, size_t size,
           int copy_body)
{
    memset (request, 0, sizeof *request);
    request->curl = curl_easy_init ();
    if (!request->curl) {
        snprintf (request->result.error, sizeof request->result.error, "curl_easy_init failed");
        return -1;
    }
    request->list = curl_slist_append (NULL, "Content-Type: application/json; charset=utf-8");
    for (size_t index = 0; headers && headers [index]; index++)
        request->list = curl_slist_append (request->list, headers [index]);
    CURL *curl = request->curl;
    curl_easy_setopt (curl, CURLOPT_URL, url);
    curl_easy_setopt (curl, CURLOPT_HTTPHEADER, request->list);
    curl_easy_setopt (curl, CURLOPT_POSTFIELDSIZE, (long) size);
    curl_easy_setopt (curl, copy_body? CURLOPT_COPYPOSTFIELDS: CURLOPT_POSTFIELDS, body);
    curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, s_write);
    curl_easy_setopt (curl, CURLOPT_WRITEDATA, request);
    curl_easy_setopt (curl, CURLOPT_PRIVATE, request);
    curl_easy_setopt (curl, CURLOPT_TIMEOUT, 5L);
    curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "http,https");
    return 0;
}

//  The outcome of request's transfer into its result: 0 an HTTP answer, -1 a transport error.
static int
s_finish (s_request_t *request, CURLcode code)
{
    if (code == CURLE_OK) {
        curl_easy_getinfo (request->curl, CURLINFO_RESPONSE_CODE, &request->result.status);
        return 0;
    }
    //  curl's own words, never the URL (it may carry a key or a signature).
    snprintf (request->result.error, sizeof request->result.error, "%s", curl_easy_strerror (code));
    return -1;
}

static void
s_release (s_request_t *request)
{
    curl_slist_free_all (request->list);
    curl_easy_cleanup (request->curl);
}

int
notify_http_post (const char *url, const char *const *headers, const char *body, size_t size,
                  notify_http_result_t *result)
{
    s_request_t request;
    int rc = s_prepare (&request, url, headers, body, size, 0);
    if (rc == 0)
        rc = s_finish (&request, curl_easy_perform (request.curl));
    *result = request.result;
    s_release (&request);
    return rc;
}

notify_http_t *
notify_http_new (void)
{
    notify_http_t *self = calloc (1, sizeof *self);
    if (!self)
        abort ();
    self->multi = curl_multi_init ();
    if (!self->multi)
        abort ();
    return self;
}

void
notify_http_destroy (notify_http_t **self_p)
{
    notify_http_t *self = *self_p;
    if (!self)
        return;
    void *tag;
    notify_http_result_t result;
    int rc;
    while (notify_http_next (self, &tag, &result, &rc) == 1)
        ;
    curl_multi_cleanup (self->multi);
    free (self);
    *self_p = NULL;
}

int
notify_http_start (notify_http_t *self, const char *url, const char *const *headers, const char *body,
                   size_t size, void *tag, notify_http_result_t *result)
{
    s_request_t *request = malloc (sizeof *request);
    if (!request)
        abort ();
    if (s_prepare (request, url, headers, body, size, 1) < 0
    ||  curl_multi_add_handle (self->multi, request->curl) != CURLM_OK) {
        if (!*request->result.error)
            snprintf (request->result.error, sizeof request->result.error, "curl_multi_add_handle failed");
        *result = request->result;
        s_release (request);
        free (request);
        return -1;
    }
    request->tag = tag;
    self->in_flight++;
    return 0;
}

int
notify_http_next (notify_http_t *self, void **tag_p, notify_http_result_t *result, int *rc)
{
    while (self->in_flight > 0) {
        int running = 0;
        if (curl_multi_perform (self->multi, &running) != CURLM_OK)
            abort ();
        int left = 0;
        CURLMsg *message;
        while ((message = curl_multi_info_read (self->multi, &left))) {
            if (message->msg != CURLMSG_DONE)
                continue;
            s_request_t *request = NULL;
            curl_easy_getinfo (message->easy_handle, CURLINFO_PRIVATE, (char **) &request);
            CURLcode code = message->data.result;
            curl_multi_remove_handle (self->multi, request->curl);
            *rc = s_finish (request, code);
            *tag_p = request->tag;
            *result = request->result;
            s_release (request);
            free (request);
            self->in_flight--;
            return 1;
        }
        if (curl_multi_poll (self->multi, NULL, 0, 100, NULL) != CURLM_OK)
            abort ();
    }
    return 0;
}

size_t
notify_http_in_flight (notify_http_t *self)
{
    return self->in_flight;
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
