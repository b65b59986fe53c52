/*  gateway_sse_cursor: stream entry positions, the topics followed and the cursor over them
    (gateway_sse.h).                                                                         */
#include "gateway_sse.h"
#include "gateway_describe.h"

#include <stdio.h>
#include <string.h>

#define S_BASE36_MAX 13                  //  digits of 2^64 - 1 in base 36

static int
s_digits (const char *text, size_t length, int base, uint64_t *value)
{
    if (length == 0 || length > 20)
        return -1;
    uint64_t result = 0;
    for (size_t i = 0; i < length; i++) {
        int digit;
        char c = text [i];
        if (c >= '0' && c <= '9')
            digit = c - '0';
        else
        if (base == 36 && c >= 'a' && c <= 'z')
            digit = c - 'a' + 10;
        else
            return -1;
        if (digit >= base || result > (UINT64_MAX - (uint64_t) digit) / (uint64_t) base)
            return -1;
        result = result * (uint64_t) base + (uint64_t) digit;
    }
    *value = result;
    return 0;
}

int
gw_sse_pos_parse (const char *text, gw_sse_pos_t *pos)
{
    const char *dash = strchr (text, '-');
    if (!dash)
        return -1;
    gw_sse_pos_t parsed;
    if (s_digits (text, (size_t) (dash - text), 10, &parsed.ms) || s_digits (dash + 1, strlen (dash + 1), 10, &parsed.seq))
        return -1;
    *pos = parsed;
    return 0;
}

void
gw_sse_pos_format (gw_sse_pos_t pos, char *text, size_t size)
{
    snprintf (text, size, "%llu-%llu", (unsigned long long) pos.ms, (unsigned long long) pos.seq);
}

int
gw_sse_pos_cmp (gw_sse_pos_t a, gw_sse_pos_t b)
{
    if (a.ms != b.ms)
        return a.ms < b.ms? -1: 1;
    if (a.seq != b.seq)
        return a.seq < b.seq? -1: 1;
    return 0;
}

//  ------------------------------------------------------------------------------------

static bool
s_topic_ok (const char *name, size_t length)
{
    if (length == 0 || length >= GW_SSE_TOPIC_MAX)
        return false;
    for (size_t i = 0; i < length; i++)
        if (!((name [i] >= 'a' && name [i] <= 'z') || (name [i] >= '0' && name [i] <= '9') || name [i] == '_'))
            return false;
    return true;
}

typedef struct {
    gw_sse_topics_t *topics;
    bool failed;
} s_collect_t;

static void
s_add_daemon (const char *name, const char *endpoint, void *arg)
{
    (void) endpoint;
    s_collect_t *collect = arg;
    //  The directory publishes the org's events (every daemon's org copy follows "org").
    const char *topic = strcmp (name, "directory") == 0? "org": name;
    gw_sse_topics_t *topics = collect->topics;
    for (size_t i = 0; i < topics->count; i++)
        if (strcmp (topics->names [i], topic) == 0)
            return;
    if (topics->count == GW_SSE_TOPICS_MAX || !s_topic_ok (topic, strlen (topic))) {
        collect->failed = true;
        return;
    }
    snprintf (topics->names [topics->count++], GW_SSE_TOPIC_MAX, "%s", topic);
}

int
gw_sse_topics_from_daemons (gw_sse_topics_t *topics, const char *daemons)
{
    memset (topics, 0, sizeof *topics);
    s_collect_t collect = { .topics = topics };
    if (gw_describe_each_daemon (daemons, s_add_daemon, &collect) < 0 || collect.failed)
        return -1;
    return 0;
}

//  ------------------------------------------------------------------------------------

static size_t
s_base36 (uint64_t value, char *text)
{
    char digits [S_BASE36_MAX + 1];
    size_t length = 0;
    do {
        unsigned digit = (unsigned) (value % 36);
        digits [length++] = (char) (digit < 10? '0' + digit: 'a' + digit - 10);
        value /= 36;
    } while (value);
    for (size_t i = 0; i < length; i++)
        text [i] = digits [length - 1 - i];
    text [length] = 0;
    return length;
}

void
gw_sse_cursor_encode (const gw_sse_topics_t *topics, const gw_sse_pos_t *positions, char *text)
{
    size_t used = 0;
    for (size_t i = 0; i < topics->count; i++) {
        if (positions [i].ms == 0 && positions [i].seq == 0)
            continue;
        char ms [S_BASE36_MAX + 1], seq [S_BASE36_MAX + 1];
        s_base36 (positions [i].ms, ms);
        s_base36 (positions [i].seq, seq);
        used += (size_t) snprintf (text + used, GW_SSE_CURSOR_MAX - used, "%s%s.%s.%s", used? "~": "",
                                   topics->names [i], ms, seq);
    }
    if (!used)
        snprintf (text, GW_SSE_CURSOR_MAX, "0");
}

int
gw_sse_cursor_decode (const gw_sse_topics_t *topics, const char *text, gw_sse_pos_t *positions)
{
    memset (positions, 0, topics->count * sizeof *positions);
    if (strcmp (text, "0") == 0)
        return 0;
    if (!*text || strlen (text) >= GW_SSE_CURSOR_MAX)
        return -1;
    const char *item = text;
    while (true) {
        const char *end = strchr (item, '~');
        if (!end)
            end = item + strlen (item);
        const char *dot1 = memchr (item, '.', (size_t) (end - item));
        const char *dot2 = dot1? memchr (dot1 + 1, '.', (size_t) (end - dot1 - 1)): NULL;
        if (!dot2 || !s_topic_ok (item, (size_t) (dot1 - item)))
            return -1;
        gw_sse_pos_t pos;
        if (s_digits (dot1 + 1, (size_t) (dot2 - dot1 - 1), 36, &pos.ms) || (size_t) (dot2 - dot1 - 1) > S_BASE36_MAX
        ||  s_digits (dot2 + 1, (size_t) (end - dot2 - 1), 36, &pos.seq) || (size_t) (end - dot2 - 1) > S_BASE36_MAX)
            return -1;
        for (size_t i = 0; i < topics->count; i++)
            if (strlen (topics->names [i]) == (size_t) (dot1 - item) && memcmp (topics->names [i], item, (size_t) (dot1 - item)) == 0)
                positions [i] = pos;
        if (!*end)
            return 0;
        item = end + 1;
    }
}
