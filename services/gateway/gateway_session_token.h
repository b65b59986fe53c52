/*  gateway_session_token: the secrets of a session. A token is 32 random bytes (libsodium),
    given to the client once as base64url without padding (43 characters); the gateway keeps
    only its SHA-256. A session id is the public handle of a session (logs, ListSessions,
    RevokeSession): random too, so that knowing one's own tells nothing of another's.       */
#ifndef GATEWAY_SESSION_TOKEN_H_INCLUDED
#define GATEWAY_SESSION_TOKEN_H_INCLUDED

#include <stdint.h>

#define GW_TOKEN_BYTES 32
#define GW_TOKEN_TEXT 44                 //  43 characters and the NUL
#define GW_TOKEN_HASH_BYTES 32
#define GW_SESSION_ID_TEXT 25            //  "s-", 16 random bytes in base64url (22), the NUL

//  A new token as text, and its hash.
void gw_token_new (char text [GW_TOKEN_TEXT], uint8_t hash [GW_TOKEN_HASH_BYTES]);

//  The hash of a token a client sent: 0, or -1 when text is not a token's form (no need to
//  ask the store).
int gw_token_hash (const char *text, uint8_t hash [GW_TOKEN_HASH_BYTES]);

//  A new session id.
void gw_session_id_new (char id [GW_SESSION_ID_TEXT]);

#endif
