/*  notify_sign: how each channel proves a message is ours, exactly as each platform documents
    it (services/notify/README.md, "Channels"). All signatures are HMAC-SHA256 (libsodium),
    base64 in the standard alphabet with padding; they differ in what is signed and with which
    key:
    - DingTalk custom robot: key = the robot's secret, message = "<timestamp ms>\n<secret>";
      sent as the query parameters timestamp and sign (the signature URL-encoded).
    - Feishu custom bot: key = "<timestamp s>\n<secret>", message = empty; sent in the JSON
      body as "timestamp" (seconds, a string) and "sign".
    - Standard Webhooks: key = the base64 after "whsec_", message = "<id>.<timestamp s>.<body>";
      sent as the header webhook-signature "v1,<signature>" beside webhook-id and
      webhook-timestamp.                                                                     */
#ifndef NOTIFY_SIGN_H_INCLUDED
#define NOTIFY_SIGN_H_INCLUDED

#include <stddef.h>
#include <stdint.h>

//  Base64 of a SHA-256 HMAC: 44 characters and the NUL.
#define NOTIFY_SIGNATURE_SIZE 45

//  DingTalk: the sign parameter for timestamp_ms and secret, base64 (not yet URL-encoded).
void notify_sign_dingtalk (int64_t timestamp_ms, const char *secret, char signature [NOTIFY_SIGNATURE_SIZE]);

//  Feishu: the sign field for timestamp_s and secret.
void notify_sign_feishu (int64_t timestamp_s, const char *secret, char signature [NOTIFY_SIGNATURE_SIZE]);

//  Standard Webhooks: the signature (without "v1,") of body (size bytes) with message id and
//  timestamp_s under secret ("whsec_<base64>"). 0, or -1 when the secret is not of that form.
int notify_sign_webhook (const char *secret, const char *id, int64_t timestamp_s, const void *body, size_t size,
                         char signature [NOTIFY_SIGNATURE_SIZE]);

//  text percent-encoded for a URL query value (RFC 3986 unreserved kept), into out of size
//  bytes. Returns the length, or -1 when out is too small.
int notify_url_encode (const char *text, char *out, size_t size);

#endif
