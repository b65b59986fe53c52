/*  notify_http: HTTPS/HTTP POSTs of JSON bodies with libcurl (5 s timeout, no signals),
    keeping the status and the start of the answer. One at a time (notify_http_post), or many
    at once on a libcurl multi handle (notify_http_t) whose connection cache outlives each
    request, so a robot or webhook that keeps connections alive is not reconnected for every
    message. The URL may be signed: it is never put into an error or a log.                  */
#ifndef NOTIFY_HTTP_H_INCLUDED
#define NOTIFY_HTTP_H_INCLUDED

#include <stddef.h>
#include <stdint.h>

#define NOTIFY_HTTP_ANSWER_MAX 1024

typedef struct {
    long status;                           //  HTTP status, 0 when none came
    char answer [NOTIFY_HTTP_ANSWER_MAX];  //  the body's start, NUL-terminated
    char error [256];                      //  transport error ("" when a status came)
} notify_http_result_t;

//  POSTs body (size bytes, application/json) to url with the extra header lines ("Name:
//  value", NULL-terminated list; NULL none). 0 when an HTTP answer came (any status), -1 on a
//  transport error.
int notify_http_post (const char *url, const char *const *headers, const char *body, size_t size,
                      notify_http_result_t *result);

//  Concurrent POSTs (libcurl multi). Not thread-safe: one per thread.
typedef struct _notify_http_t notify_http_t;

notify_http_t *notify_http_new (void);
void notify_http_destroy (notify_http_t **self_p);

//  Starts a POST like notify_http_post's (url, headers and body are copied); tag comes back
//  with its result from notify_http_next. 0, or -1 when it could not start (result->error
//  says why; nothing is in flight for tag).
int notify_http_start (notify_http_t *self, const char *url, const char *const *headers, const char *body,
                       size_t size, void *tag, notify_http_result_t *result);

//  Waits until a started POST ends (each within the 5 s timeout) and gives its tag and result:
//  1, with *rc 0 when an HTTP answer came and -1 on a transport error; 0 when none is in flight.
int notify_http_next (notify_http_t *self, void **tag_p, notify_http_result_t *result, int *rc);

//  POSTs in flight.
size_t notify_http_in_flight (notify_http_t *self);

//  The integer member key at the top of a JSON answer ("errcode", "code"), or fallback when
//  absent or not a number.
int64_t notify_http_json_int (const char *answer, const char *key, int64_t fallback);

#endif
