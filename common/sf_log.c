/*  sf_log: each line is assembled in one buffer and written with one write(2), so lines from
    several threads never interleave. When the output is systemd's journal (JOURNAL_STREAM
    names its device and inode), each line starts with the syslog priority of its level,
    "<3>" for an error ... "<7>" for debug (sd-daemon(3)), which journald strips and keeps as
    the entry's PRIORITY, so `journalctl -p warning` finds warnings.                        */
#include "sf_log.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define SF_LOG_LINE_MAX 4096

static char s_daemon [64] = "safety";
static sf_log_format_t s_format = SF_LOG_HUMAN;
static sf_log_level_t s_threshold = SF_LOG_INFO;
static int s_fd = STDERR_FILENO;
static bool s_journal;                //  s_fd is the journal's stream: lines carry "<N>"

static const char *s_priorities [] = { "<7>", "<6>", "<4>", "<3>" };

static const char *s_level_names [] = { "DEBUG", "INFO", "WARN", "ERROR" };

void
sf_log_init (const char *daemon, sf_log_format_t format, sf_log_level_t threshold)
{
    snprintf (s_daemon, sizeof s_daemon, "%s", daemon? daemon: "safety");
    s_format = format;
    s_threshold = threshold;
    s_journal = false;
    const char *stream = getenv ("JOURNAL_STREAM");
    unsigned long long device, inode;
    struct stat st;
    if (stream && sscanf (stream, "%llu:%llu", &device, &inode) == 2 && fstat (s_fd, &st) == 0)
        s_journal = (unsigned long long) st.st_dev == device && (unsigned long long) st.st_ino == inode;
}

int
sf_log_parse_format (const char *text, sf_log_format_t *format)
{
    if (strcasecmp (text, "human") == 0)
        *format = SF_LOG_HUMAN;
    else
    if (strcasecmp (text, "json") == 0)
        *format = SF_LOG_JSON;
    else
        return -1;
    return 0;
}

int
sf_log_parse_level (const char *text, sf_log_level_t *level)
{
    for (int i = 0; i < 4; i++)
        if (strcasecmp (text, s_level_names [i]) == 0) {
            *level = (sf_log_level_t) i;
            return 0;
        }
    return -1;
}

void
sf_log_set_fd (int fd)
{
    s_fd = fd;
}

//  Room kept at the end of a line for the longest escape, the JSON closing '"}' and '\n'.
#define SF_LOG_RESERVE 16

static size_t
s_utf8_length (unsigned char lead)
{
    return lead >= 0xf0? 4: lead >= 0xe0? 3: lead >= 0xc0? 2: 1;
}

//  Appends text to buf at *len, never overflowing. Control characters become JSON escapes
//  in JSON lines and spaces in human lines, so one event is always one line. A character
//  that does not fit whole is left out with the rest, so a cut line stays valid UTF-8.
static void
s_append (char *buf, size_t *len, const char *text, bool json)
{
    for (const char *p = text; *p; p++) {
        unsigned char c = (unsigned char) *p;
        //  Stop before a character that does not fit whole.
        if (*len + (c >= 0xc0? s_utf8_length (c): 1) > SF_LOG_LINE_MAX - SF_LOG_RESERVE)
            break;
        if (c < 0x20) {
            if (json)
                *len += (size_t) snprintf (buf + *len, SF_LOG_LINE_MAX - *len, "\\u%04x", c);
            else
                buf [(*len)++] = ' ';
        }
        else {
            if (json && (c == '"' || c == '\\'))
                buf [(*len)++] = '\\';
            buf [(*len)++] = (char) c;
        }
    }
}

static void
s_appendf (char *buf, size_t *len, const char *fmt, const char *value)
{
    //  One byte stays free for the newline.
    int n = snprintf (buf + *len, SF_LOG_LINE_MAX - 1 - *len, fmt, value);
    if (n > 0)
        *len = *len + (size_t) n < SF_LOG_LINE_MAX - 2? *len + (size_t) n: SF_LOG_LINE_MAX - 2;
}

//  sf_log_silence: this thread's lines are dropped while set.
static __thread bool s_silent;

void
sf_log_silence (bool on)
{
    s_silent = on;
}

void
sf_logv (sf_log_level_t level, const sf_log_ctx_t *ctx, const char *fmt, va_list args)
{
    if (level < s_threshold || s_silent)
        return;
    char message [SF_LOG_LINE_MAX];
    vsnprintf (message, sizeof message, fmt, args);

    struct timeval tv;
    gettimeofday (&tv, NULL);
    struct tm tm;
    gmtime_r (&tv.tv_sec, &tm);
    char stamp [40];
    size_t n = strftime (stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf (stamp + n, sizeof stamp - n, ".%03dZ", (int) (tv.tv_usec / 1000));

    char line [SF_LOG_LINE_MAX];
    size_t len = 0;
    bool json = s_format == SF_LOG_JSON;
    const char *request_id = ctx? ctx->request_id: NULL;
    const char *event_id = ctx? ctx->event_id: NULL;
    const char *plant = ctx? ctx->plant: NULL;
    if (s_journal)
        s_appendf (line, &len, "%s", s_priorities [level]);
    if (json) {
        s_appendf (line, &len, "{\"ts\":\"%s\"", stamp);
        s_appendf (line, &len, ",\"level\":\"%s\"", s_level_names [level]);
        s_appendf (line, &len, ",\"daemon\":\"%s\"", s_daemon);
        if (request_id && *request_id) {
            s_appendf (line, &len, "%s", ",\"request_id\":\"");
            s_append (line, &len, request_id, true);
            s_appendf (line, &len, "%s", "\"");
        }
        if (event_id && *event_id) {
            s_appendf (line, &len, "%s", ",\"event_id\":\"");
            s_append (line, &len, event_id, true);
            s_appendf (line, &len, "%s", "\"");
        }
        if (plant && *plant) {
            s_appendf (line, &len, "%s", ",\"plant\":\"");
            s_append (line, &len, plant, true);
            s_appendf (line, &len, "%s", "\"");
        }
        s_appendf (line, &len, "%s", ",\"msg\":\"");
        s_append (line, &len, message, true);
        s_appendf (line, &len, "%s", "\"}");
    }
    else {
        s_appendf (line, &len, "%s ", stamp);
        s_appendf (line, &len, "%-5s ", s_level_names [level]);
        s_appendf (line, &len, "%s", s_daemon);
        if (request_id && *request_id) {
            s_appendf (line, &len, "%s", " req=");
            s_append (line, &len, request_id, false);
        }
        if (event_id && *event_id) {
            s_appendf (line, &len, "%s", " event=");
            s_append (line, &len, event_id, false);
        }
        if (plant && *plant) {
            s_appendf (line, &len, "%s", " plant=");
            s_append (line, &len, plant, false);
        }
        s_appendf (line, &len, "%s", " ");
        s_append (line, &len, message, false);
    }
    line [len++] = '\n';
    ssize_t rc = write (s_fd, line, len);
    (void) rc;
}

void
sf_log (sf_log_level_t level, const sf_log_ctx_t *ctx, const char *fmt, ...)
{
    va_list args;
    va_start (args, fmt);
    sf_logv (level, ctx, fmt, args);
    va_end (args);
}
