/*  notify_unit_check: whether a unit channel a person sets is well formed, before anything is
    written (README_log.md, "Channels"): the channel kind; the URL (http or https for robots
    and webhooks, smtp:// for email); the secret's format (DingTalk's starts "SEC", a
    webhook's is "whsec_" and base64); recipients (email addresses for EMAIL, mobile numbers
    for the robots); the language; quiet hours and the digest time as HH:MM. Pure: no
    database, so the unit tests cover every rule.                                          */
#ifndef NOTIFY_UNIT_CHECK_H_INCLUDED
#define NOTIFY_UNIT_CHECK_H_INCLUDED

#include "notify.pb-c.h"
#include "sf_status.h"

#include <stdbool.h>

#define NOTIFY_URL_MAX 2000
#define NOTIFY_SECRET_MAX 256
#define NOTIFY_RECIPIENTS_MAX 50

//  NULL when channel is well formed, else why not (zh, en; no format arguments). The secret
//  is checked only when not empty (empty keeps the stored one); it never appears in a text.
const sf_text_t *notify_unit_check (const Notify__UnitChannel *channel);

//  "HH:MM", 00:00 to 23:59.
bool notify_unit_hhmm (const char *text);

#endif
