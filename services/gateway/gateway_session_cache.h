/*  gateway_session_cache: a short cache of authenticated sessions in this gateway process,
    so a request of a session used within the last second does not read PostgreSQL again
    (README.md, "Sessions"). Keyed by the token's SHA-256 (never the token); an entry holds
    what the store answered (gw_who_t, the last use noted) and when it was read. It only ever
    answers "open": anything it cannot vouch for (too old, past the session's end or idle end,
    dropped) goes to the store. Thread-safe (one mutex: every operation is a short scan or a
    copy). Times are the caller's, so the tests can drive them.                              */
#ifndef GATEWAY_SESSION_CACHE_H_INCLUDED
#define GATEWAY_SESSION_CACHE_H_INCLUDED

#include "gateway_session.h"
#include "gateway_session_token.h"

#include <stdint.h>

//  How long a session read from the store is believed without asking again: the longest a
//  session ended by ANOTHER gateway process (or by the directory's event before its consumer
//  committed) can still be used here. A second is below what a person notices between ending
//  a session and trying it, and enough to spare the store all but one read a second of a busy
//  client.
#define GW_SESSION_CACHE_MS 1000
//  Entries at most (the oldest read goes first): one per session used in the last second.
#define GW_SESSION_CACHE_SIZE 4096
//  After the directory's event ends a login's sessions, no session of that login is cached
//  for this long: the consumer commits the revocation after the event is applied, and a read
//  in between would still find the sessions open.
#define GW_SESSION_CACHE_BLOCK_MS 10000

typedef struct _gw_session_cache_t gw_session_cache_t;

//  A cache of at most size entries, each believed for max_age_ms. NULL without memory.
gw_session_cache_t *gw_session_cache_new (size_t size, int64_t max_age_ms);
void gw_session_cache_destroy (gw_session_cache_t **self_p);

//  The session of hash at now if an entry read less than max_age_ms ago says it is open
//  (before its expires_ms, last used within idle_ms): 1 with who filled (a copy: who is
//  cleared first) and *last_used_ms; otherwise 0 and the store must be asked.
int gw_session_cache_find (gw_session_cache_t *self, const uint8_t hash [GW_TOKEN_HASH_BYTES], int64_t now_ms,
                           int64_t idle_ms, gw_who_t *who, int64_t *last_used_ms);

//  Taken before reading the store; gw_session_cache_put stores nothing if anything was
//  dropped since (the read may have come before the end it was dropped for).
uint64_t gw_session_cache_generation (gw_session_cache_t *self);

//  Keeps what the store answered at now_ms for hash (a copy of who), unless the generation
//  moved since it was taken or who's login is blocked. Replaces an entry of the same hash.
void gw_session_cache_put (gw_session_cache_t *self, const uint8_t hash [GW_TOKEN_HASH_BYTES], const gw_who_t *who,
                           int64_t last_used_ms, int64_t now_ms, uint64_t generation);

//  Whether the session's use is to be written to the store at now_ms: its last use (the
//  entry's if there is one, else last_used_ms as the store answered) touch_ms ago or longer.
//  Then an entry's last use becomes now_ms, so concurrent requests write it once; the caller
//  writes it (or drops the entry if that fails).
bool gw_session_cache_touch_due (gw_session_cache_t *self, const uint8_t hash [GW_TOKEN_HASH_BYTES],
                                 int64_t last_used_ms, int64_t now_ms, int64_t touch_ms);

//  Drop entries: of a token's hash, of a session, of every session of login. Dropping a
//  login also keeps its sessions out of the cache until now_ms + GW_SESSION_CACHE_BLOCK_MS.
void gw_session_cache_drop_hash (gw_session_cache_t *self, const uint8_t hash [GW_TOKEN_HASH_BYTES]);
void gw_session_cache_drop_session (gw_session_cache_t *self, const char *session_id);
void gw_session_cache_drop_login (gw_session_cache_t *self, const char *login, int64_t now_ms);

//  Entries held now (tests).
size_t gw_session_cache_count (gw_session_cache_t *self);

#endif
