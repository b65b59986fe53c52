/*  notify_channel_text: a delivery as one text for the robots (notify_channel.h).           */
#include "notify_channel.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *
notify_channel_text (const notify_message_t *message, size_t max_bytes)
{
    const char *link = message->link? message->link: "";
    char *plain = notify_channel_plain (message);
    int size = snprintf (NULL, 0, "[#%" PRId64 "] %s\n%s%s%s", message->id, message->subject, plain,
                         *link? "\n": "", link);
    char *text = size < 0? NULL: malloc ((size_t) size + 1);
    if (!text) {
        free (plain);
        return NULL;
    }
    snprintf (text, (size_t) size + 1, "[#%" PRId64 "] %s\n%s%s%s", message->id, message->subject, plain,
              *link? "\n": "", link);
    free (plain);
    notify_channel_cut (text, max_bytes);
    return text;
}

void
notify_channel_cut (char *s, size_t max_bytes)
{
    if (!s || max_bytes == 0 || strlen (s) <= max_bytes)
        return;
    size_t cut = max_bytes;
    //  Back to the start of a UTF-8 character (never cut inside one).
    while (cut > 0 && ((unsigned char) s [cut] & 0xC0) == 0x80)
        cut--;
    s [cut] = 0;
}
