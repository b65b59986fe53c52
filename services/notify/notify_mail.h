/*  notify_mail: one delivery as an email over SMTP with libcurl's MIME API: multipart/
    alternative with a text and an HTML part, the subject RFC 2047 encoded (UTF-8, "B"), Date
    and Message-ID headers (libcurl adds neither).                                            */
#ifndef NOTIFY_MAIL_H_INCLUDED
#define NOTIFY_MAIL_H_INCLUDED

#include "notify_channel.h"

#include <stddef.h>
#include <stdint.h>

//  subject as a header value: ASCII printable as it is; otherwise encoded-words
//  "=?UTF-8?B?...?=" of at most 75 characters each, split on character boundaries, joined by
//  CRLF and a space. Fresh string.
char *notify_mail_subject (const char *subject);

//  The Date header value for now_ms (RFC 5322, UTC: "Thu, 03 Dec 2026 06:00:00 +0000").
void notify_mail_date (int64_t now_ms, char out [80]);

//  text with &, <, >, " escaped for HTML. Fresh string.
char *notify_mail_html_escape (const char *text);

//  Sends message to its recipients through url ("smtp://host:port"), from mail_from, with
//  password (the unit channel's secret; "" none, the user being mail_from). 0 accepted;
//  otherwise -1 with the reason (no secret in it) in error.
int notify_mail_send (const char *url, const char *password, const char *mail_from, const notify_message_t *message,
                      int64_t now_ms, char *error, size_t error_size);

#endif
