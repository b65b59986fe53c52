/*  notify_http: one HTTPS/HTTP POST of a JSON body with libcurl (5 s timeout, no signals),
    keeping the status and the start of the answer. The URL may be signed: it is never put
    into an error or a log.                                                                  */
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

//  The integer member key at the top of a JSON answer ("errcode", "code"), or fallback when
//  absent or not a number.
int64_t notify_http_json_int (const char *answer, const char *key, int64_t fallback);

#endif
