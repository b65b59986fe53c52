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
    int size = snprintf (NULL, 0, "[#%" PRId64 "] %s\n%s%s%s", message->id, message->subject, message->text,
                         *link? "\n": "", link);
    if (size < 0)
        return NULL;
    char *text = malloc ((size_t) size + 1);
    if (!text)
        return NULL;
    snprintf (text, (size_t) size + 1, "[#%" PRId64 "] %s\n%s%s%s", message->id, message->subject, message->text,
              *link? "\n": "", link);
    if (max_bytes > 0 && (size_t) size > max_bytes) {
        size_t cut = max_bytes;
        //  Back to the start of a UTF-8 character (never cut inside one).
        while (cut > 0 && ((unsigned char) text [cut] & 0xC0) == 0x80)
            cut--;
        text [cut] = 0;
    }
    return text;
}
