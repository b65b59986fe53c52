/*  notify_channel_markup: the little markup the templates write (migration 001: a "**…**"
    line, a "[label]({link})" line, "- …" digest lines) read line by line, and the message
    as plain text or markdown from it (notify_channel.h). Only the message's own link is a
    link: a user's text that looks like one stays text, escaped in markdown.               */
#include "notify_channel.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool
notify_channel_line (const char **cursor, const char *link, notify_line_t *line)
{
    const char *start = *cursor;
    if (!start || !*start)
        return false;
    const char *end = strchr (start, '\n');
    size_t size = end? (size_t) (end - start): strlen (start);
    *cursor = end? end + 1: start + size;
    size_t link_size = link? strlen (link): 0;
    *line = (notify_line_t) { NOTIFY_LINE_TEXT, start, size };
    if (size > 4 && !memcmp (start, "**", 2) && !memcmp (start + size - 2, "**", 2)
    &&  !memchr (start + 2, '*', size - 4))
        *line = (notify_line_t) { NOTIFY_LINE_BOLD, start + 2, size - 4 };
    else
    if (size > 2 && !memcmp (start, "- ", 2))
        *line = (notify_line_t) { NOTIFY_LINE_ITEM, start + 2, size - 2 };
    else
    if (size >= 4 && start [0] == '[' && start [size - 1] == ')') {
        //  "[label](" + exactly the message's link + ")"
        const char *close = memchr (start, ']', size);
        if (close && close [1] == '(' && (size_t) (start + size - 1 - (close + 2)) == link_size
        &&  !memcmp (close + 2, link? link: "", link_size) && !memchr (start + 1, '[', (size_t) (close - start - 1)))
            *line = (notify_line_t) { NOTIFY_LINE_LINK, start + 1, (size_t) (close - start - 1) };
    }
    return true;
}

void
notify_channel_markdown_escape (FILE *stream, const char *words, size_t size)
{
    for (size_t index = 0; index < size; index++) {
        char c = words [index];
        //  Inline markup anywhere; block markers only where a line starts.
        if (strchr ("\\`*_[]<>~|", c) || (index == 0 && strchr ("#+-", c)))
            fputc ('\\', stream);
        fputc (c, stream);
    }
}

//  The link as a markdown destination: no space or parenthesis left raw.
static void
s_destination (FILE *stream, const char *link)
{
    for (const char *c = link; *c; c++)
        if (*c == ' ')
            fputs ("%20", stream);
        else
        if (*c == '(')
            fputs ("%28", stream);
        else
        if (*c == ')')
            fputs ("%29", stream);
        else
            fputc (*c, stream);
}

//  "[label](link)", the label escaped (the link itself when no label).
static void
s_link (FILE *stream, const char *label, size_t size, const char *link)
{
    fputc ('[', stream);
    if (size)
        notify_channel_markdown_escape (stream, label, size);
    else
        notify_channel_markdown_escape (stream, link, strlen (link));
    fputs ("](", stream);
    s_destination (stream, link);
    fputc (')', stream);
}

char *
notify_channel_plain (const notify_message_t *message)
{
    char *out = NULL;
    size_t out_size = 0;
    FILE *stream = open_memstream (&out, &out_size);
    if (!stream)
        abort ();
    const char *cursor = message->text;
    notify_line_t line;
    bool first = true;
    while (notify_channel_line (&cursor, message->link, &line)) {
        //  The link goes on its own line at the end (notify_channel_text).
        if (line.kind == NOTIFY_LINE_LINK)
            continue;
        fputs (first? "": "\n", stream);
        fputs (line.kind == NOTIFY_LINE_ITEM? "- ": "", stream);
        fwrite (line.words, 1, line.size, stream);
        first = false;
    }
    fclose (stream);
    return out;
}

char *
notify_channel_markdown (const notify_message_t *message, const char *title_mark, const char *title_end,
                         const char *separator, bool at_mobiles)
{
    char *out = NULL;
    size_t out_size = 0;
    FILE *stream = open_memstream (&out, &out_size);
    if (!stream)
        abort ();
    const char *link = message->link? message->link: "";
    fprintf (stream, "%s[#%" PRId64 "] ", title_mark, message->id);
    notify_channel_markdown_escape (stream, message->subject, strlen (message->subject));
    fputs (title_end, stream);
    const char *cursor = message->text;
    notify_line_t line;
    bool linked = false;
    while (notify_channel_line (&cursor, link, &line)) {
        if (line.size == 0 || (line.kind == NOTIFY_LINE_LINK && !*link))
            continue;
        fputs (separator, stream);
        if (line.kind == NOTIFY_LINE_LINK) {
            s_link (stream, line.words, line.size, link);
            linked = true;
            continue;
        }
        fputs (line.kind == NOTIFY_LINE_BOLD? "**": line.kind == NOTIFY_LINE_ITEM? "- ": "", stream);
        notify_channel_markdown_escape (stream, line.words, line.size);
        fputs (line.kind == NOTIFY_LINE_BOLD? "**": "", stream);
    }
    if (*link && !linked) {
        fputs (separator, stream);
        s_link (stream, "", 0, link);
    }
    //  DingTalk @s someone only when "@<mobile>" is in the text as well as in atMobiles.
    for (size_t index = 0; at_mobiles && index < message->recipient_count; index++)
        fprintf (stream, "%s@%s", index? " ": separator, message->recipients [index]);
    fclose (stream);
    return out;
}
