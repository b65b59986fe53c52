/*  sf_log_test: the exact shape of human and JSON lines, escaping, thresholds, truncation
    of long messages to one line, and whole lines from several threads.                     */
#include "sf_log.h"
#include "sf_testkit.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define LINE_MAX_BYTES 4096

static int s_pipe [2];

static void
s_capture_start (void)
{
    SF_CHECK (pipe (s_pipe) == 0);
    SF_CHECK (fcntl (s_pipe [0], F_SETFL, O_NONBLOCK) == 0);
    sf_log_set_fd (s_pipe [1]);
}

//  Everything logged since the last call (at most 64 KiB, the pipe's capacity).
static char *
s_captured (size_t *size)
{
    size_t capacity = 65536 + 1;
    char *text = malloc (capacity);
    SF_CHECK (text);
    size_t n = 0;
    ssize_t got;
    while ((got = read (s_pipe [0], text + n, capacity - 1 - n)) > 0)
        n += (size_t) got;
    text [n] = 0;
    if (size)
        *size = n;
    return text;
}

static void
s_capture_stop (void)
{
    sf_log_set_fd (STDERR_FILENO);
    close (s_pipe [0]);
    close (s_pipe [1]);
}

static int
s_count_lines (const char *text, size_t size)
{
    int lines = 0;
    for (size_t i = 0; i < size; i++)
        lines += text [i] == '\n';
    return lines;
}

//  "2024-05-01T08:09:10.123Z": UTC with milliseconds.
static void
s_check_stamp (const char *stamp)
{
    const char *pattern = "dddd-dd-ddTdd:dd:dd.dddZ";
    for (size_t i = 0; pattern [i]; i++)
        if (pattern [i] == 'd')
            SF_CHECK (stamp [i] >= '0' && stamp [i] <= '9');
        else
            SF_CHECK (stamp [i] == pattern [i]);
}

//  ---------------------------------------------------------------------------------------
//  A strict reader of the one kind of JSON sf_log writes: a flat object of string values.
//  It rejects raw control characters, unknown escapes and invalid UTF-8 (RFC 8259).

typedef struct {
    char key [32];
    char *value;              //  decoded
} s_field_t;

typedef struct {
    s_field_t fields [16];
    int count;
} s_object_t;

static void
s_object_clear (s_object_t *object)
{
    for (int i = 0; i < object->count; i++)
        free (object->fields [i].value);
    object->count = 0;
}

static const char *
s_object_get (s_object_t *object, const char *key)
{
    for (int i = 0; i < object->count; i++)
        if (strcmp (object->fields [i].key, key) == 0)
            return object->fields [i].value;
    return NULL;
}

static int
s_hex (char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

//  Length of the valid UTF-8 sequence at p (at most end), 0 when invalid.
static size_t
s_utf8_length (const unsigned char *p, const unsigned char *end)
{
    size_t length;
    uint32_t code;
    if (*p < 0x80)
        return 1;
    else
    if ((*p & 0xe0) == 0xc0) {
        length = 2;
        code = *p & 0x1f;
    }
    else
    if ((*p & 0xf0) == 0xe0) {
        length = 3;
        code = *p & 0x0f;
    }
    else
    if ((*p & 0xf8) == 0xf0) {
        length = 4;
        code = *p & 0x07;
    }
    else
        return 0;
    if ((size_t) (end - p) < length)
        return 0;
    for (size_t i = 1; i < length; i++) {
        if ((p [i] & 0xc0) != 0x80)
            return 0;
        code = (code << 6) | (p [i] & 0x3f);
    }
    static const uint32_t minimum [] = { 0, 0, 0x80, 0x800, 0x10000 };
    if (code < minimum [length] || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
        return 0;
    return length;
}

//  Parses a JSON string at *p (on the opening quote); returns the decoded text or NULL.
static char *
s_json_string (const char **p, const char *end)
{
    if (*p >= end || **p != '"')
        return NULL;
    (*p)++;
    char *out = malloc ((size_t) (end - *p) * 3 + 1);
    SF_CHECK (out);
    size_t n = 0;
    while (*p < end && **p != '"') {
        unsigned char c = (unsigned char) **p;
        if (c < 0x20)
            goto invalid;
        if (c == '\\') {
            if (end - *p < 2)
                goto invalid;
            char e = (*p) [1];
            *p += 2;
            switch (e) {
                case '"': out [n++] = '"'; break;
                case '\\': out [n++] = '\\'; break;
                case '/': out [n++] = '/'; break;
                case 'b': out [n++] = '\b'; break;
                case 'f': out [n++] = '\f'; break;
                case 'n': out [n++] = '\n'; break;
                case 'r': out [n++] = '\r'; break;
                case 't': out [n++] = '\t'; break;
                case 'u': {
                    if (end - *p < 4)
                        goto invalid;
                    int code = 0;
                    for (int i = 0; i < 4; i++) {
                        int digit = s_hex ((*p) [i]);
                        if (digit < 0)
                            goto invalid;
                        code = code * 16 + digit;
                    }
                    *p += 4;
                    //  sf_log only escapes control characters; wider codes are not expected.
                    if (code >= 0x80)
                        goto invalid;
                    out [n++] = (char) code;
                    break;
                }
                default:
                    goto invalid;
            }
        }
        else {
            size_t length = s_utf8_length ((const unsigned char *) *p, (const unsigned char *) end);
            if (length == 0)
                goto invalid;
            memcpy (out + n, *p, length);
            n += length;
            *p += length;
        }
    }
    if (*p >= end)
        goto invalid;
    (*p)++;
    out [n] = 0;
    return out;
invalid:
    free (out);
    return NULL;
}

//  Parses one line (without its newline) into object; returns 0, or -1 if it is not valid.
static int
s_json_parse (const char *line, size_t size, s_object_t *object)
{
    memset (object, 0, sizeof *object);
    const char *p = line, *end = line + size;
    if (p >= end || *p++ != '{')
        return -1;
    if (p < end && *p == '}')
        return p + 1 == end? 0: -1;
    while (true) {
        char *key = s_json_string (&p, end);
        if (!key)
            goto invalid;
        if (strlen (key) >= sizeof object->fields [0].key || object->count == 16 || s_object_get (object, key)) {
            free (key);
            goto invalid;
        }
        s_field_t *field = &object->fields [object->count];
        snprintf (field->key, sizeof field->key, "%s", key);
        free (key);
        if (p >= end || *p++ != ':')
            goto invalid;
        field->value = s_json_string (&p, end);
        if (!field->value)
            goto invalid;
        object->count++;
        if (p < end && *p == ',') {
            p++;
            continue;
        }
        if (p < end && *p == '}' && p + 1 == end)
            return 0;
        goto invalid;
    }
invalid:
    s_object_clear (object);
    return -1;
}

//  Checks that text is exactly one valid JSON line and parses it.
static void
s_json_line (const char *text, size_t size, s_object_t *object)
{
    SF_CHECK (size >= 2 && text [size - 1] == '\n');
    SF_CHECK (s_count_lines (text, size) == 1);
    SF_CHECK (size <= LINE_MAX_BYTES);
    if (s_json_parse (text, size - 1, object) != 0) {
        fprintf (stderr, "not valid JSON (%zu bytes): ...%s\n", size,
                 size > 120? text + size - 120: text);
        SF_CHECK (!"valid JSON");
    }
}

//  ---------------------------------------------------------------------------------------

static void
test_human_line (void)
{
    s_capture_start ();
    sf_log_init ("sf-test", SF_LOG_HUMAN, SF_LOG_INFO);
    sf_log_ctx_t ctx = { "req-1", "ev-2", "P01" };
    sf_log (SF_LOG_INFO, &ctx, "hello %d %s", 42, "world");
    size_t size;
    char *text = s_captured (&size);
    SF_CHECK (s_count_lines (text, size) == 1);
    s_check_stamp (text);
    SF_CHECK_STR (text + 24, " INFO  sf-test req=req-1 event=ev-2 plant=P01 hello 42 world\n");
    free (text);

    //  Without context, and with only some fields (empty ones are left out).
    sf_warn ("no context");
    text = s_captured (&size);
    SF_CHECK_STR (text + 24, " WARN  sf-test no context\n");
    free (text);
    sf_log_ctx_t partial = { NULL, "", "P02" };
    sf_log (SF_LOG_ERROR, &partial, "partial");
    text = s_captured (&size);
    SF_CHECK_STR (text + 24, " ERROR sf-test plant=P02 partial\n");
    free (text);

    //  Control characters never split a line, in the message or the context.
    sf_log_ctx_t nasty = { "r\n1", NULL, "P\r0" };
    sf_log (SF_LOG_INFO, &nasty, "a\nb\tc\r\nd%c", 1);
    text = s_captured (&size);
    SF_CHECK_STR (text + 24, " INFO  sf-test req=r 1 plant=P 0 a b c  d \n");
    free (text);

    //  Chinese text passes through untouched.
    sf_info ("整改通知 %s", "已关闭");
    text = s_captured (&size);
    SF_CHECK_STR (text + 24, " INFO  sf-test 整改通知 已关闭\n");
    free (text);

    //  A second init renames the daemon; NULL restores the default name.
    sf_log_init (NULL, SF_LOG_HUMAN, SF_LOG_INFO);
    sf_info ("x");
    text = s_captured (&size);
    SF_CHECK_STR (text + 24, " INFO  safety x\n");
    free (text);
    s_capture_stop ();
}

static void
test_json_line (void)
{
    s_capture_start ();
    sf_log_init ("sf-json", SF_LOG_JSON, SF_LOG_DEBUG);
    sf_log_ctx_t ctx = { "req-9", "0b7c-ev", "P03" };
    sf_log (SF_LOG_DEBUG, &ctx, "plain %s", "text");
    size_t size;
    char *text = s_captured (&size);
    s_object_t object;
    s_json_line (text, size, &object);
    SF_CHECK (object.count == 7);
    SF_CHECK_STR (object.fields [0].key, "ts");
    s_check_stamp (object.fields [0].value);
    SF_CHECK (strlen (object.fields [0].value) == 24);
    SF_CHECK_STR (s_object_get (&object, "level"), "DEBUG");
    SF_CHECK_STR (s_object_get (&object, "daemon"), "sf-json");
    SF_CHECK_STR (s_object_get (&object, "request_id"), "req-9");
    SF_CHECK_STR (s_object_get (&object, "event_id"), "0b7c-ev");
    SF_CHECK_STR (s_object_get (&object, "plant"), "P03");
    SF_CHECK_STR (s_object_get (&object, "msg"), "plain text");
    s_object_clear (&object);
    //  The exact text after the timestamp.
    SF_CHECK_STR (text + 31, "\",\"level\":\"DEBUG\",\"daemon\":\"sf-json\",\"request_id\":\"req-9\","
                             "\"event_id\":\"0b7c-ev\",\"plant\":\"P03\",\"msg\":\"plain text\"}\n");
    free (text);

    //  Without context the optional fields are absent.
    sf_error ("bare");
    text = s_captured (&size);
    s_json_line (text, size, &object);
    SF_CHECK (object.count == 4);
    SF_CHECK_STR (s_object_get (&object, "level"), "ERROR");
    SF_CHECK (s_object_get (&object, "request_id") == NULL);
    SF_CHECK (s_object_get (&object, "plant") == NULL);
    s_object_clear (&object);
    free (text);
    s_capture_stop ();
}

static void
test_json_escaping (void)
{
    s_capture_start ();
    sf_log_init ("sf-json", SF_LOG_JSON, SF_LOG_INFO);
    const char message [] = "say \"hi\" \\ C:\\path\nnext\tline\r\x01\x1f\x7f /slash 安全";
    sf_log_ctx_t ctx = { "r\"1\\", "e\n2", "P\"\x02" };
    sf_log (SF_LOG_WARN, &ctx, "%s", message);
    size_t size;
    char *text = s_captured (&size);
    s_object_t object;
    s_json_line (text, size, &object);
    SF_CHECK_STR (s_object_get (&object, "msg"), message);
    SF_CHECK_STR (s_object_get (&object, "request_id"), "r\"1\\");
    SF_CHECK_STR (s_object_get (&object, "event_id"), "e\n2");
    SF_CHECK_STR (s_object_get (&object, "plant"), "P\"\x02");
    s_object_clear (&object);
    SF_CHECK (strstr (text, ",\"msg\":\"say \\\"hi\\\" \\\\ C:\\\\path\\u000anext\\u0009line\\u000d"
                            "\\u0001\\u001f\x7f /slash 安全\"}\n"));
    free (text);

    //  Every control character, one by one.
    for (int c = 1; c < 0x20; c++) {
        sf_log (SF_LOG_INFO, NULL, "<%c>", c);
        text = s_captured (&size);
        s_json_line (text, size, &object);
        char expected [4] = { '<', (char) c, '>', 0 };
        SF_CHECK_STR (s_object_get (&object, "msg"), expected);
        s_object_clear (&object);
        free (text);
    }
    s_capture_stop ();
}

static void
test_threshold (void)
{
    s_capture_start ();
    sf_log_init ("sf-test", SF_LOG_HUMAN, SF_LOG_WARN);
    sf_debug ("no");
    sf_info ("no");
    sf_warn ("yes 1");
    sf_error ("yes 2");
    size_t size;
    char *text = s_captured (&size);
    SF_CHECK (s_count_lines (text, size) == 2);
    SF_CHECK (strstr (text, "WARN  sf-test yes 1\n"));
    SF_CHECK (strstr (text, "ERROR sf-test yes 2\n"));
    SF_CHECK (!strstr (text, "no"));
    free (text);

    sf_log_init ("sf-test", SF_LOG_HUMAN, SF_LOG_ERROR);
    sf_warn ("no");
    sf_error ("only");
    text = s_captured (&size);
    SF_CHECK (s_count_lines (text, size) == 1 && strstr (text, "only"));
    free (text);

    sf_log_init ("sf-test", SF_LOG_JSON, SF_LOG_DEBUG);
    sf_debug ("d");
    sf_info ("i");
    sf_warn ("w");
    sf_error ("e");
    text = s_captured (&size);
    SF_CHECK (s_count_lines (text, size) == 4);
    free (text);

    //  Output to the journal (JOURNAL_STREAM names the pipe): each line starts with its
    //  syslog priority; to anything else, not.
    struct stat st;
    SF_CHECK (fstat (s_pipe [1], &st) == 0);
    char stream [64];
    snprintf (stream, sizeof stream, "%llu:%llu", (unsigned long long) st.st_dev, (unsigned long long) st.st_ino);
    setenv ("JOURNAL_STREAM", stream, 1);
    sf_log_init ("sf-test", SF_LOG_HUMAN, SF_LOG_DEBUG);
    sf_debug ("d");
    sf_warn ("w");
    sf_error ("e");
    text = s_captured (&size);
    SF_CHECK (strncmp (text, "<7>20", 5) == 0 && strstr (text, "\n<4>20") && strstr (text, "\n<3>20"));
    free (text);
    setenv ("JOURNAL_STREAM", "1:2", 1);
    sf_log_init ("sf-test", SF_LOG_HUMAN, SF_LOG_DEBUG);
    sf_info ("i");
    text = s_captured (&size);
    SF_CHECK (strncmp (text, "20", 2) == 0);
    free (text);
    unsetenv ("JOURNAL_STREAM");
    sf_log_init ("sf-test", SF_LOG_HUMAN, SF_LOG_INFO);
    s_capture_stop ();
}

//  Logs message and checks that it came out as one line that is valid in its format.
static void
s_check_long (sf_log_format_t format, const sf_log_ctx_t *ctx, const char *message)
{
    sf_log_init ("sf-long", format, SF_LOG_INFO);
    sf_log (SF_LOG_INFO, ctx, "%s", message);
    size_t size;
    char *text = s_captured (&size);
    SF_CHECK (size > 1000 && size <= LINE_MAX_BYTES);
    SF_CHECK (s_count_lines (text, size) == 1 && text [size - 1] == '\n');
    if (format == SF_LOG_JSON) {
        s_object_t object;
        s_json_line (text, size, &object);
        const char *logged = s_object_get (&object, "msg");
        SF_CHECK (logged && strlen (logged) > 500);
        SF_CHECK (strncmp (logged, message, strlen (logged)) == 0);
        s_object_clear (&object);
    }
    free (text);
}

static void
test_long_messages_stay_one_line (void)
{
    s_capture_start ();
    enum { LONG = 10000 };
    char *message = malloc (LONG + 1);
    SF_CHECK (message);
    sf_log_ctx_t ctx = { "req", "ev", "P01" };

    memset (message, 'x', LONG);
    message [LONG] = 0;
    s_check_long (SF_LOG_HUMAN, &ctx, message);

    for (int i = 0; i < LONG; i++)
        message [i] = "ab\ncd\"ef\\\x01"[i % 10];
    s_check_long (SF_LOG_HUMAN, &ctx, message);

    //  JSON: truncated, but still one complete object.
    memset (message, 'x', LONG);
    s_check_long (SF_LOG_JSON, &ctx, message);
    memset (message, '"', LONG);
    s_check_long (SF_LOG_JSON, &ctx, message);
    memset (message, '\n', LONG);
    s_check_long (SF_LOG_JSON, &ctx, message);
    for (int i = 0; i < LONG; i++)
        message [i] = "ab\ncd\"ef\\\x01"[i % 10];
    s_check_long (SF_LOG_JSON, &ctx, message);
    free (message);
    s_capture_stop ();
}

//  Chinese text is three bytes a character: truncation must not cut one in half, whatever
//  the length of what precedes the message.
static void
test_long_chinese_message_stays_valid_utf8 (void)
{
    s_capture_start ();
    char message [3 * 3000 + 1] = "";
    for (int i = 0; i < 3000; i++)
        memcpy (message + 3 * i, "安", 3);
    message [3 * 3000] = 0;
    const char *plants [] = { "P", "P1", "P12" };
    for (int i = 0; i < 3; i++) {
        sf_log_ctx_t ctx = { "req", NULL, plants [i] };
        s_check_long (SF_LOG_JSON, &ctx, message);
    }
    s_capture_stop ();
}

static void
test_parse (void)
{
    sf_log_format_t format = SF_LOG_JSON;
    SF_CHECK (sf_log_parse_format ("human", &format) == 0 && format == SF_LOG_HUMAN);
    SF_CHECK (sf_log_parse_format ("JSON", &format) == 0 && format == SF_LOG_JSON);
    SF_CHECK (sf_log_parse_format ("Human", &format) == 0 && format == SF_LOG_HUMAN);
    SF_CHECK (sf_log_parse_format ("json", &format) == 0 && format == SF_LOG_JSON);
    const char *bad_formats [] = { "", "xml", "jsonl", "human ", " json", NULL };
    for (const char **word = bad_formats; *word; word++) {
        format = SF_LOG_JSON;
        SF_CHECK (sf_log_parse_format (*word, &format) == -1);
        SF_CHECK (format == SF_LOG_JSON);
    }

    sf_log_level_t level = SF_LOG_ERROR;
    SF_CHECK (sf_log_parse_level ("debug", &level) == 0 && level == SF_LOG_DEBUG);
    SF_CHECK (sf_log_parse_level ("INFO", &level) == 0 && level == SF_LOG_INFO);
    SF_CHECK (sf_log_parse_level ("Warn", &level) == 0 && level == SF_LOG_WARN);
    SF_CHECK (sf_log_parse_level ("error", &level) == 0 && level == SF_LOG_ERROR);
    const char *bad_levels [] = { "", "warning", "fatal", "trace", "info ", "err", NULL };
    for (const char **word = bad_levels; *word; word++) {
        level = SF_LOG_INFO;
        SF_CHECK (sf_log_parse_level (*word, &level) == -1);
        SF_CHECK (level == SF_LOG_INFO);
    }
}

enum { THREADS = 4, LINES = 500 };

static void *
s_writer (void *arg)
{
    int id = (int) (intptr_t) arg;
    char filler [1500];
    memset (filler, 'a' + id, sizeof filler - 1);
    filler [sizeof filler - 1] = 0;
    for (int i = 0; i < LINES; i++)
        sf_log (SF_LOG_INFO, NULL, "thread %d line %d %s", id, i, filler);
    return NULL;
}

//  Lines written by several threads at once arrive whole.
static void
test_threads_never_interleave (void)
{
    char *path = NULL;
    const char *dir = getenv ("SF_STATE_DIR")? getenv ("SF_STATE_DIR"): "/tmp";
    SF_CHECK (asprintf (&path, "%s/sf_log_test_XXXXXX", dir) > 0);
    int fd = mkstemp (path);
    SF_CHECK (fd >= 0);
    SF_CHECK (fcntl (fd, F_SETFL, O_APPEND) == 0);
    sf_log_set_fd (fd);
    sf_log_init ("sf-threads", SF_LOG_HUMAN, SF_LOG_INFO);
    pthread_t threads [THREADS];
    for (int i = 0; i < THREADS; i++)
        SF_CHECK (pthread_create (&threads [i], NULL, s_writer, (void *) (intptr_t) i) == 0);
    for (int i = 0; i < THREADS; i++)
        pthread_join (threads [i], NULL);
    sf_log_set_fd (STDERR_FILENO);

    FILE *file = fdopen (fd, "r");
    SF_CHECK (file);
    rewind (file);
    int seen [THREADS] = { 0 };
    char *line = NULL;
    size_t capacity = 0;
    ssize_t length;
    while ((length = getline (&line, &capacity, file)) > 0) {
        int id = -1, number = -1;
        SF_CHECK (sscanf (line + 24, " INFO  sf-threads thread %d line %d", &id, &number) == 2);
        SF_CHECK (id >= 0 && id < THREADS && number == seen [id]);
        seen [id]++;
        const char *filler = strrchr (line, ' ') + 1;
        SF_CHECK (strspn (filler, (char []) { (char) ('a' + id), 0 }) == 1499);
        SF_CHECK (filler [1499] == '\n');
    }
    for (int i = 0; i < THREADS; i++)
        SF_CHECK (seen [i] == LINES);
    free (line);
    fclose (file);
    unlink (path);
    free (path);
}

int
main (void)
{
    test_parse ();
    test_human_line ();
    test_json_line ();
    test_json_escaping ();
    test_threshold ();
    test_threads_never_interleave ();
    test_long_messages_stay_one_line ();
    test_long_chinese_message_stays_valid_utf8 ();
    printf ("sf_log_test: OK\n");
    return 0;
}
