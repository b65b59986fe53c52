/*  notify_mail_send: one email over SMTP with libcurl's MIME API (notify_mail.h).          */
#include "notify_mail.h"

#include <curl/curl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  "<address>" for the envelope. Fresh string.
static char *
s_angle (const char *address)
{
    size_t size = strlen (address) + 3;
    char *out = malloc (size);
    if (out)
        snprintf (out, size, "<%s>", address);
    return out;
}

//  "Name: value" appended to list.
static struct curl_slist *
s_header (struct curl_slist *list, const char *name, const char *value)
{
    size_t size = strlen (name) + strlen (value) + 3;
    char *line = malloc (size);
    if (!line)
        return list;
    snprintf (line, size, "%s: %s", name, value);
    struct curl_slist *next = curl_slist_append (list, line);
    free (line);
    return next? next: list;
}

int
notify_mail_send (const char *url, const char *password, const char *mail_from, const notify_message_t *message,
                  int64_t now_ms, char *error, size_t error_size)
{
    snprintf (error, error_size, "%s", "");
    if (message->recipient_count == 0) {
        snprintf (error, error_size, "no recipients");
        return -1;
    }
    CURL *curl = curl_easy_init ();
    if (!curl) {
        snprintf (error, error_size, "curl_easy_init failed");
        return -1;
    }
    char *from = s_angle (mail_from);
    struct curl_slist *rcpt = NULL;
    size_t to_size = 1;
    for (size_t index = 0; index < message->recipient_count; index++) {
        char *to = s_angle (message->recipients [index]);
        if (to)
            rcpt = curl_slist_append (rcpt, to);
        free (to);
        to_size += strlen (message->recipients [index]) + 2;
    }
    char *to_line = calloc (1, to_size);
    for (size_t index = 0; to_line && index < message->recipient_count; index++) {
        if (index > 0)
            strcat (to_line, ", ");
        strcat (to_line, message->recipients [index]);
    }
    char date [80];
    notify_mail_date (now_ms, date);
    char message_id [128];
    const char *domain = strchr (mail_from, '@');
    snprintf (message_id, sizeof message_id, "<dlv_%" PRId64 ".%" PRId64 "@%s>", message->id, now_ms,
              domain? domain + 1: "sf-notify.local");
    char *subject = notify_mail_subject (message->subject);
    struct curl_slist *headers = NULL;
    headers = s_header (headers, "Date", date);
    headers = s_header (headers, "From", mail_from);
    headers = s_header (headers, "To", to_line? to_line: "");
    headers = s_header (headers, "Subject", subject? subject: "");
    headers = s_header (headers, "Message-ID", message_id);

    //  The text part, and the HTML part with the same words.
    char *text = notify_channel_text (message, 0);
    char *escaped = notify_mail_html_escape (text? text: "");
    size_t html_size = (escaped? strlen (escaped): 0) + 64;
    char *html = malloc (html_size);
    if (html)
        snprintf (html, html_size, "<html><body><pre>%s</pre></body></html>", escaped? escaped: "");

    curl_mime *mime = curl_mime_init (curl);
    curl_mime *alternative = curl_mime_init (curl);
    curl_mimepart *part = curl_mime_addpart (alternative);
    curl_mime_data (part, text? text: "", CURL_ZERO_TERMINATED);
    curl_mime_type (part, "text/plain; charset=utf-8");
    curl_mime_encoder (part, "base64");
    part = curl_mime_addpart (alternative);
    curl_mime_data (part, html? html: "", CURL_ZERO_TERMINATED);
    curl_mime_type (part, "text/html; charset=utf-8");
    curl_mime_encoder (part, "base64");
    part = curl_mime_addpart (mime);
    curl_mime_subparts (part, alternative);
    curl_mime_type (part, "multipart/alternative");
    curl_mime_headers (part, curl_slist_append (NULL, "Content-Disposition: inline"), 1);

    curl_easy_setopt (curl, CURLOPT_URL, url);
    curl_easy_setopt (curl, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt (curl, CURLOPT_MAIL_RCPT, rcpt);
    if (password && *password) {
        curl_easy_setopt (curl, CURLOPT_USERNAME, mail_from);
        curl_easy_setopt (curl, CURLOPT_PASSWORD, password);
    }
    curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt (curl, CURLOPT_MIMEPOST, mime);
    curl_easy_setopt (curl, CURLOPT_TIMEOUT, 5L);
    curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
    CURLcode code = curl_easy_perform (curl);
    int rc = 0;
    if (code != CURLE_OK) {
        //  curl's own words name the step, never the password.
        snprintf (error, error_size, "smtp: %s", curl_easy_strerror (code));
        rc = -1;
    }
    curl_mime_free (mime);
    curl_slist_free_all (headers);
    curl_slist_free_all (rcpt);
    curl_easy_cleanup (curl);
    free (html);
    free (escaped);
    free (text);
    free (subject);
    free (to_line);
    free (from);
    return rc;
}
