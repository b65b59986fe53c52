/*  notify_render: a message's text from its template (table template, per code and language)
    with the {placeholders} filled from the event (migration 001: {unit} {number} {text}
    {deadline} {days} {step} {link}), the link to the object on the gateway, and a time as
    the plants' local date-time (notify.time_zone).                                          */
#ifndef NOTIFY_RENDER_H_INCLUDED
#define NOTIFY_RENDER_H_INCLUDED

#include "sf_db.h"

#include <stdint.h>

//  What the placeholders take; NULL fills as "".
typedef struct {
    const char *unit;            //  the unit's name in the message's language
    const char *number;          //  the object's number
    const char *text;            //  its description or title
    const char *deadline;        //  a local date-time
    const char *days;            //  days left or overdue
    const char *step;            //  the escalation step
    const char *link;            //  back to the object on the gateway
} notify_render_values_t;

//  text with every known {placeholder} replaced by its value; an unknown one ("{x}") and a
//  lone brace stay as they are. The caller frees.
char *notify_render_fill (const char *text, const notify_render_values_t *values);

//  link_base followed by link_path with {id} and {number} replaced. The caller frees.
char *notify_render_link (const char *link_base, const char *link_path, const char *id, const char *number);

//  The template code in language ("zh" or "en"), filled: *subject and *body (the caller
//  frees). 1 rendered, 0 no such template (nothing set), -1 on a database error (logged).
int notify_render (sf_db_t *db, const char *code, const char *language, const notify_render_values_t *values,
                   char **subject, char **body);

//  ms as "YYYY-MM-DD HH:MM" in time_zone (an IANA name, e.g. "Asia/Shanghai"), into buffer;
//  "" for 0. 0, or -1 on a database error or an unknown zone (logged, buffer "").
int notify_render_local_time (sf_db_t *db, int64_t ms, const char *time_zone, char *buffer, size_t size);

#endif
