/*  gateway_session_token: tokens and session ids (gateway_session_token.h).                 */
#include "gateway_session_token.h"

#include <assert.h>
#include <sodium.h>
#include <string.h>

#define S_ID_BYTES 16

void
gw_token_new (char text [GW_TOKEN_TEXT], uint8_t hash [GW_TOKEN_HASH_BYTES])
{
    uint8_t token [GW_TOKEN_BYTES];
    randombytes_buf (token, sizeof token);
    sodium_bin2base64 (text, GW_TOKEN_TEXT, token, sizeof token, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    crypto_hash_sha256 (hash, token, sizeof token);
    sodium_memzero (token, sizeof token);
}

int
gw_token_hash (const char *text, uint8_t hash [GW_TOKEN_HASH_BYTES])
{
    if (!text || strlen (text) != GW_TOKEN_TEXT - 1)
        return -1;
    uint8_t token [GW_TOKEN_BYTES];
    size_t size = 0;
    const char *end = NULL;
    if (sodium_base642bin (token, sizeof token, text, GW_TOKEN_TEXT - 1, NULL, &size, &end,
                           sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0
    ||  size != sizeof token || *end)
        return -1;
    crypto_hash_sha256 (hash, token, sizeof token);
    sodium_memzero (token, sizeof token);
    return 0;
}

void
gw_session_id_new (char id [GW_SESSION_ID_TEXT])
{
    uint8_t bytes [S_ID_BYTES];
    randombytes_buf (bytes, sizeof bytes);
    memcpy (id, "s-", 2);
    sodium_bin2base64 (id + 2, GW_SESSION_ID_TEXT - 2, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    assert (strlen (id) == GW_SESSION_ID_TEXT - 1);
}
