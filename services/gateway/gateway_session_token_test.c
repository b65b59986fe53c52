/*  gateway_session_token: a token read back gives the hash it was made with; anything not a
    token's form is refused before the store is asked; tokens and session ids do not repeat. */
#include "gateway_session_token.h"
#include "sf_testkit.h"

#include <sodium.h>
#include <string.h>

static void
s_round_trip (void)
{
    char text [GW_TOKEN_TEXT], other [GW_TOKEN_TEXT];
    uint8_t made [GW_TOKEN_HASH_BYTES], read [GW_TOKEN_HASH_BYTES], second [GW_TOKEN_HASH_BYTES];
    gw_token_new (text, made);
    SF_CHECK (strlen (text) == 43);
    SF_CHECK (strspn (text, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == 43);
    SF_CHECK (gw_token_hash (text, read) == 0 && memcmp (made, read, sizeof made) == 0);
    //  The hash is SHA-256 of the 32 bytes, not of the text.
    uint8_t bytes [GW_TOKEN_BYTES], expected [GW_TOKEN_HASH_BYTES];
    size_t size;
    SF_CHECK (sodium_base642bin (bytes, sizeof bytes, text, 43, NULL, &size, NULL,
                                 sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0 && size == 32);
    crypto_hash_sha256 (expected, bytes, sizeof bytes);
    SF_CHECK (memcmp (expected, made, sizeof made) == 0);
    gw_token_new (other, second);
    SF_CHECK (strcmp (text, other) != 0 && memcmp (made, second, sizeof made) != 0);
}

static void
s_refused (void)
{
    uint8_t hash [GW_TOKEN_HASH_BYTES];
    char text [GW_TOKEN_TEXT];
    gw_token_new (text, hash);
    char copy [GW_TOKEN_TEXT + 8];
    SF_CHECK (gw_token_hash (NULL, hash) < 0);
    SF_CHECK (gw_token_hash ("", hash) < 0);
    SF_CHECK (gw_token_hash ("garbage", hash) < 0);
    snprintf (copy, sizeof copy, "%s=", text);          //  padded: another form
    SF_CHECK (gw_token_hash (copy, hash) < 0);
    snprintf (copy, sizeof copy, "%.42s", text);         //  one short
    SF_CHECK (gw_token_hash (copy, hash) < 0);
    snprintf (copy, sizeof copy, "%s", text);
    copy [10] = '+';                                     //  standard base64, not URL-safe
    SF_CHECK (gw_token_hash (copy, hash) < 0);
    copy [10] = ' ';
    SF_CHECK (gw_token_hash (copy, hash) < 0);
}

static void
s_session_ids (void)
{
    char a [GW_SESSION_ID_TEXT], b [GW_SESSION_ID_TEXT];
    gw_session_id_new (a);
    gw_session_id_new (b);
    SF_CHECK (strncmp (a, "s-", 2) == 0 && strlen (a) == GW_SESSION_ID_TEXT - 1);
    SF_CHECK (strcmp (a, b) != 0);
}

int
main (void)
{
    SF_CHECK (sodium_init () >= 0);
    s_round_trip ();
    s_refused ();
    s_session_ids ();
    return 0;
}
