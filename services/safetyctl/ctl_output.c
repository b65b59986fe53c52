/*  ctl_output: texts are formatted in both languages by sf_text_formatv (one place that
    knows how to format a bilingual text) and the other language is dropped.                */
#include "ctl_output.h"
#include "sf_pbjson.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const sf_text_t s_msg_error_line = { "错误 [%s]: %s\n", "error [%s]: %s\n" };
static const sf_text_t s_msg_warning_line = { "警告：%s\n", "warning: %s\n" };
static const sf_text_t s_msg_seconds = { "%lld秒", "%llds" };
static const sf_text_t s_msg_minutes = { "%lld分%lld秒", "%lldm %llds" };
static const sf_text_t s_msg_hours = { "%lld小时%lld分", "%lldh %lldm" };
static const sf_text_t s_msg_days = { "%lld天%lld小时", "%lldd %lldh" };

static bool
s_starts_with (const char *text, const char *prefix)
{
    return text && strncmp (text, prefix, strlen (prefix)) == 0;
}

ctl_lang_t
ctl_lang_default (void)
{
    const char *chosen = getenv ("SF_LANG");
    if (!chosen || !*chosen)
        chosen = getenv ("LANG");
    return s_starts_with (chosen, "en")? CTL_LANG_EN: CTL_LANG_ZH;
}

int
ctl_lang_parse (const char *text, ctl_lang_t *lang)
{
    size_t len = strcspn (text, "_-.@");
    if (len == 2 && strncmp (text, "zh", 2) == 0)
        *lang = CTL_LANG_ZH;
    else
    if (len == 2 && strncmp (text, "en", 2) == 0)
        *lang = CTL_LANG_EN;
    else
        return -1;
    return 0;
}

const char *
ctl_text (const ctl_t *ctl, const sf_text_t *text)
{
    return ctl->lang == CTL_LANG_EN? text->en: text->zh;
}

static char *
s_formatv (const ctl_t *ctl, const sf_text_t *text, va_list args)
{
    char *zh = NULL, *en = NULL;
    sf_text_formatv (text, &zh, &en, args);
    bool english = ctl->lang == CTL_LANG_EN;
    free (english? zh: en);
    char *chosen = english? en: zh;
    return chosen? chosen: strdup ("");
}

char *
ctl_format (const ctl_t *ctl, const sf_text_t *text, ...)
{
    va_list args;
    va_start (args, text);
    char *formatted = s_formatv (ctl, text, args);
    va_end (args);
    return formatted;
}

void
ctl_print (const ctl_t *ctl, FILE *out, const sf_text_t *text, ...)
{
    va_list args;
    va_start (args, text);
    char *formatted = s_formatv (ctl, text, args);
    va_end (args);
    fputs (formatted, out);
    free (formatted);
}

int
ctl_failv (const ctl_t *ctl, sf_status_t status, const sf_text_t *text, va_list args)
{
    char *reason = s_formatv (ctl, text, args);
    ctl_print (ctl, stderr, &s_msg_error_line, sf_status_name (status), reason);
    free (reason);
    return CTL_EXIT_FAILED;
}

int
ctl_fail (const ctl_t *ctl, sf_status_t status, const sf_text_t *text, ...)
{
    va_list args;
    va_start (args, text);
    ctl_failv (ctl, status, text, args);
    va_end (args);
    return CTL_EXIT_FAILED;
}

int
ctl_fail_reply (const ctl_t *ctl, const sf_reply_t *reply)
{
    const char *reason = ctl->lang == CTL_LANG_EN? reply->reason_en: reply->reason_zh;
    if (!reason || !*reason)
        reason = ctl_text (ctl, sf_status_text (reply->status));
    ctl_print (ctl, stderr, &s_msg_error_line, sf_status_name (reply->status), reason);
    return CTL_EXIT_FAILED;
}

void
ctl_warn (const ctl_t *ctl, const sf_text_t *text, ...)
{
    va_list args;
    va_start (args, text);
    char *message = s_formatv (ctl, text, args);
    va_end (args);
    ctl_print (ctl, stderr, &s_msg_warning_line, message);
    free (message);
}

void
ctl_json_print (sf_json_t *json)
{
    fwrite (sf_json_text (json), 1, sf_json_size (json), stdout);
    fputc ('\n', stdout);
    ctl_flush ();
}

void
ctl_json_print_message (const ProtobufCMessage *message)
{
    sf_json_t *json = sf_json_new ();
    sf_pbjson_write (json, message);
    ctl_json_print (json);
    sf_json_destroy (&json);
}

int
ctl_flush (void)
{
    static int write_error;
    if (fflush (stdout) && !write_error)
        write_error = errno? errno: EIO;
    if (ferror (stdout) && !write_error)
        write_error = EIO;
    return write_error;
}

//  True for the code points a terminal shows two columns wide (East Asian Wide and
//  Full-width: CJK ideographs and punctuation, kana, Hangul, full-width forms, emoji).
static bool
s_wide (uint32_t code)
{
    static const uint32_t ranges [][2] = {
        { 0x1100, 0x115f }, { 0x2e80, 0x303e }, { 0x3041, 0x33ff }, { 0x3400, 0x4dbf },
        { 0x4e00, 0x9fff }, { 0xa000, 0xa4cf }, { 0xac00, 0xd7a3 }, { 0xf900, 0xfaff },
        { 0xfe30, 0xfe4f }, { 0xff00, 0xff60 }, { 0xffe0, 0xffe6 }, { 0x1f300, 0x1f64f },
        { 0x1f900, 0x1f9ff }, { 0x20000, 0x3fffd }
    };
    for (size_t i = 0; i < sizeof ranges / sizeof ranges [0]; i++)
        if (code >= ranges [i][0] && code <= ranges [i][1])
            return true;
    return false;
}

int
ctl_width (const char *text)
{
    int width = 0;
    const unsigned char *at = (const unsigned char *) text;
    while (*at) {
        size_t extra = *at >= 0xf0? 3: *at >= 0xe0? 2: *at >= 0xc0? 1: 0;
        uint32_t code = extra == 3? *at & 0x07u: extra == 2? *at & 0x0fu: extra == 1? *at & 0x1fu: *at;
        at++;
        for (size_t i = 0; i < extra && (*at & 0xc0) == 0x80; i++)
            code = (code << 6) | (*at++ & 0x3fu);
        width += s_wide (code)? 2: 1;
    }
    return width;
}

void
ctl_pad (FILE *out, const char *text, int width)
{
    fputs (text, out);
    for (int used = ctl_width (text); used < width; used++)
        fputc (' ', out);
}

void
ctl_duration (const ctl_t *ctl, int64_t ms, char *buffer, size_t size)
{
    long long seconds = (long long) (ms / 1000);
    char *text;
    if (ms < 0)
        text = strdup ("-");
    else
    if (seconds < 60)
        text = ctl_format (ctl, &s_msg_seconds, seconds);
    else
    if (seconds < 3600)
        text = ctl_format (ctl, &s_msg_minutes, seconds / 60, seconds % 60);
    else
    if (seconds < 86400)
        text = ctl_format (ctl, &s_msg_hours, seconds / 3600, seconds % 3600 / 60);
    else
        text = ctl_format (ctl, &s_msg_days, seconds / 86400, seconds % 86400 / 3600);
    snprintf (buffer, size, "%s", text);
    free (text);
}

static void
s_time (int64_t ms, bool utc, char *buffer, size_t size)
{
    time_t seconds = (time_t) (ms / 1000);
    struct tm fields;
    if (!(utc? gmtime_r (&seconds, &fields): localtime_r (&seconds, &fields))) {
        snprintf (buffer, size, "%" PRId64, ms);
        return;
    }
    char text [32];
    strftime (text, sizeof text, utc? "%Y-%m-%dT%H:%M:%S": "%Y-%m-%d %H:%M:%S", &fields);
    snprintf (buffer, size, "%s.%03d%s", text, (int) (ms % 1000), utc? "Z": "");
}

void
ctl_local_time (int64_t ms, char *buffer, size_t size)
{
    s_time (ms, false, buffer, size);
}

void
ctl_utc_time (int64_t ms, char *buffer, size_t size)
{
    s_time (ms, true, buffer, size);
}

void
ctl_beijing_time (int64_t ms, char *buffer, size_t size)
{
    time_t seconds = (time_t) ((ms + 8 * 3600 * 1000LL) / 1000);
    struct tm fields;
    if (!ms || !gmtime_r (&seconds, &fields))
        snprintf (buffer, size, "-");
    else
        strftime (buffer, size, "%Y-%m-%d %H:%M", &fields);
}
