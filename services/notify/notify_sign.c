/*  notify_sign: the channels' signatures (notify_sign.h).                                   */
#include "notify_sign.h"

#include <inttypes.h>
#include <stdbool.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

//  HMAC-SHA256 of message under key (any length), base64 with padding into signature.
static void
s_hmac_base64 (const void *key, size_t key_size, const void *message, size_t size,
               char signature [NOTIFY_SIGNATURE_SIZE])
{
    crypto_auth_hmacsha256_state state;
    unsigned char mac [crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_init (&state, key, key_size);
    crypto_auth_hmacsha256_update (&state, message, size);
    crypto_auth_hmacsha256_final (&state, mac);
    sodium_bin2base64 (signature, NOTIFY_SIGNATURE_SIZE, mac, sizeof mac, sodium_base64_VARIANT_ORIGINAL);
    sodium_memzero (&state, sizeof state);
}

void
notify_sign_dingtalk (int64_t timestamp_ms, const char *secret, char signature [NOTIFY_SIGNATURE_SIZE])
{
    char message [32 + 256];
    int size = snprintf (message, sizeof message, "%" PRId64 "\n%s", timestamp_ms, secret);
    //  A secret longer than the buffer is not a DingTalk secret (they are 67 characters).
    if (size < 0 || (size_t) size >= sizeof message)
        size = (int) sizeof message - 1;
    s_hmac_base64 (secret, strlen (secret), message, (size_t) size, signature);
    sodium_memzero (message, sizeof message);
}

void
notify_sign_feishu (int64_t timestamp_s, const char *secret, char signature [NOTIFY_SIGNATURE_SIZE])
{
    char key [32 + 256];
    int size = snprintf (key, sizeof key, "%" PRId64 "\n%s", timestamp_s, secret);
    if (size < 0 || (size_t) size >= sizeof key)
        size = (int) sizeof key - 1;
    s_hmac_base64 (key, (size_t) size, "", 0, signature);
    sodium_memzero (key, sizeof key);
}

int
notify_sign_webhook (const char *secret, const char *id, int64_t timestamp_s, const void *body, size_t size,
                     char signature [NOTIFY_SIGNATURE_SIZE])
{
    static const char prefix [] = "whsec_";
    if (strncmp (secret, prefix, sizeof prefix - 1) != 0)
        return -1;
    const char *encoded = secret + sizeof prefix - 1;
    unsigned char key [128];
    size_t key_size = 0;
    if (sodium_base642bin (key, sizeof key, encoded, strlen (encoded), NULL, &key_size, NULL,
                           sodium_base64_VARIANT_ORIGINAL) != 0 || key_size == 0)
        return -1;
    crypto_auth_hmacsha256_state state;
    unsigned char mac [crypto_auth_hmacsha256_BYTES];
    char head [256];
    int head_size = snprintf (head, sizeof head, "%s.%" PRId64 ".", id, timestamp_s);
    if (head_size < 0 || (size_t) head_size >= sizeof head) {
        sodium_memzero (key, sizeof key);
        return -1;
    }
    crypto_auth_hmacsha256_init (&state, key, key_size);
    crypto_auth_hmacsha256_update (&state, (const unsigned char *) head, (size_t) head_size);
    crypto_auth_hmacsha256_update (&state, body, size);
    crypto_auth_hmacsha256_final (&state, mac);
    sodium_bin2base64 (signature, NOTIFY_SIGNATURE_SIZE, mac, sizeof mac, sodium_base64_VARIANT_ORIGINAL);
    sodium_memzero (&state, sizeof state);
    sodium_memzero (key, sizeof key);
    return 0;
}

int
notify_url_encode (const char *text, char *out, size_t size)
{
    static const char hex [] = "0123456789ABCDEF";
    size_t at = 0;
    for (const unsigned char *from = (const unsigned char *) text; *from; from++) {
        unsigned char c = *from;
        bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                  || c == '-' || c == '.' || c == '_' || c == '~';
        if (at + (plain? 1: 3) >= size)
            return -1;
        if (plain)
            out [at++] = (char) c;
        else {
            out [at++] = '%';
            out [at++] = hex [c >> 4];
            out [at++] = hex [c & 15];
        }
    }
    if (at >= size)
        return -1;
    out [at] = 0;
    return (int) at;
}
