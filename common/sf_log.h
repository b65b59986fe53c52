/*  sf_log: one line per event, human-readable or JSON.
    Every line names the daemon; the caller adds the request or event id and the plant
    through sf_log_ctx_t so that a plant's operator can grep one command end to end.    */
#ifndef SF_LOG_H_INCLUDED
#define SF_LOG_H_INCLUDED

#include <stdarg.h>
#include <stdbool.h>

typedef enum { SF_LOG_DEBUG, SF_LOG_INFO, SF_LOG_WARN, SF_LOG_ERROR } sf_log_level_t;
typedef enum { SF_LOG_HUMAN, SF_LOG_JSON } sf_log_format_t;

typedef struct {
    const char *request_id;   //  may be NULL
    const char *event_id;     //  may be NULL
    const char *plant;        //  may be NULL
} sf_log_ctx_t;

//  Sets the process-wide daemon name, format and threshold, and notes whether the output is
//  the journal (JOURNAL_STREAM: lines then begin with their syslog priority). Safe to call
//  again.
void sf_log_init (const char *daemon, sf_log_format_t format, sf_log_level_t threshold);

//  Parses "human"/"json" and "debug"/"info"/"warn"/"error"; returns -1 on an unknown word.
int sf_log_parse_format (const char *text, sf_log_format_t *format);
int sf_log_parse_level (const char *text, sf_log_level_t *level);

//  Redirects output (default stderr) to an already open file descriptor; for tests.
void sf_log_set_fd (int fd);

void sf_log (sf_log_level_t level, const sf_log_ctx_t *ctx, const char *fmt, ...)
    __attribute__ ((format (printf, 3, 4)));
void sf_logv (sf_log_level_t level, const sf_log_ctx_t *ctx, const char *fmt, va_list args);
//  While on, this thread's lines are dropped: lines about work that is about to be undone and
//  run again (sf_rpc_gather's spoiled runs), which would say it failed when it will not.
void sf_log_silence (bool on);

#define sf_debug(...) sf_log (SF_LOG_DEBUG, NULL, __VA_ARGS__)
#define sf_info(...)  sf_log (SF_LOG_INFO, NULL, __VA_ARGS__)
#define sf_warn(...)  sf_log (SF_LOG_WARN, NULL, __VA_ARGS__)
#define sf_error(...) sf_log (SF_LOG_ERROR, NULL, __VA_ARGS__)

#endif
