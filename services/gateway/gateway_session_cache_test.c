/*  gateway_session_cache: a hit within the cache age, none after it; never an entry past the
    session's end or idle end; the oldest evicted when full; drops by hash, session and login
    (a dropped login stays out for its block); a read taken before a drop is not stored; the
    last use noted once per touch time; many threads at once.                               */
#include "gateway_session_cache.h"
#include "sf_testkit.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_IDLE_MS 120000
#define S_T0 1000000000000LL

static void
s_hash (uint8_t hash [GW_TOKEN_HASH_BYTES], int seed)
{
    for (int i = 0; i < GW_TOKEN_HASH_BYTES; i++)
        hash [i] = (uint8_t) (seed * 131 + i * 7);
}

//  A session of login with id s-<seed>, ending at expires_ms, roles worker, plant P1.
static void
s_who (gw_who_t *who, const char *login, int seed, int64_t expires_ms)
{
    memset (who, 0, sizeof *who);
    snprintf (who->login, sizeof who->login, "%s", login);
    snprintf (who->session_id, sizeof who->session_id, "s-%d", seed);
    who->expires_ms = expires_ms;
    who->roles = calloc (1, sizeof *who->roles);
    who->roles [0] = strdup ("worker");
    who->role_count = 1;
    who->plants = calloc (1, sizeof *who->plants);
    who->plants [0] = strdup ("P1");
    who->plant_count = 1;
}

static void
s_put (gw_session_cache_t *cache, int seed, const char *login, int64_t expires_ms, int64_t last_used_ms, int64_t now)
{
    uint8_t hash [GW_TOKEN_HASH_BYTES];
    s_hash (hash, seed);
    gw_who_t who;
    s_who (&who, login, seed, expires_ms);
    gw_session_cache_put (cache, hash, &who, last_used_ms, now, gw_session_cache_generation (cache));
    gw_who_clear (&who);
}

static bool
s_hit (gw_session_cache_t *cache, int seed, int64_t now)
{
    uint8_t hash [GW_TOKEN_HASH_BYTES];
    s_hash (hash, seed);
    gw_who_t who = { 0 };
    int64_t last_used = 0;
    int found = gw_session_cache_find (cache, hash, now, S_IDLE_MS, &who, &last_used);
    gw_who_clear (&who);
    return found == 1;
}

static void
s_hit_and_age (void)
{
    gw_session_cache_t *cache = gw_session_cache_new (8, GW_SESSION_CACHE_MS);
    SF_CHECK (cache);
    SF_CHECK (!s_hit (cache, 1, S_T0));
    s_put (cache, 1, "worker", S_T0 + 3600000, S_T0 - 5000, S_T0);
    uint8_t hash [GW_TOKEN_HASH_BYTES];
    s_hash (hash, 1);
    gw_who_t who = { 0 };
    int64_t last_used = 0;
    SF_CHECK (gw_session_cache_find (cache, hash, S_T0 + 999, S_IDLE_MS, &who, &last_used) == 1);
    SF_CHECK_STR (who.login, "worker");
    SF_CHECK_STR (who.session_id, "s-1");
    SF_CHECK (who.expires_ms == S_T0 + 3600000 && last_used == S_T0 - 5000);
    SF_CHECK (who.role_count == 1 && strcmp (who.roles [0], "worker") == 0);
    SF_CHECK (who.plant_count == 1 && strcmp (who.plants [0], "P1") == 0 && !who.company);
    gw_who_clear (&who);
    //  Another token's hash is not this one.
    SF_CHECK (!s_hit (cache, 2, S_T0 + 1));
    //  Aged out: asked again from the store (and the entry is gone).
    SF_CHECK (!s_hit (cache, 1, S_T0 + GW_SESSION_CACHE_MS));
    SF_CHECK (gw_session_cache_count (cache) == 0);
    //  A clock set back does not make an entry younger.
    s_put (cache, 1, "worker", S_T0 + 3600000, S_T0, S_T0);
    SF_CHECK (!s_hit (cache, 1, S_T0 - 1));
    gw_session_cache_destroy (&cache);
    gw_session_cache_destroy (&cache);
    SF_CHECK (cache == NULL);
}

static void
s_never_past_the_end (void)
{
    gw_session_cache_t *cache = gw_session_cache_new (8, GW_SESSION_CACHE_MS);
    //  Expires 500 ms after it was read: a hit before, none at expires_ms.
    s_put (cache, 1, "worker", S_T0 + 500, S_T0, S_T0);
    SF_CHECK (s_hit (cache, 1, S_T0 + 499));
    SF_CHECK (!s_hit (cache, 1, S_T0 + 500));
    //  Last used idle - 300 ms before the read: a hit until the idle end, none at it.
    s_put (cache, 2, "worker", S_T0 + 3600000, S_T0 - S_IDLE_MS + 300, S_T0);
    SF_CHECK (s_hit (cache, 2, S_T0 + 299));
    SF_CHECK (!s_hit (cache, 2, S_T0 + 300));
    gw_session_cache_destroy (&cache);
}

static void
s_eviction (void)
{
    gw_session_cache_t *cache = gw_session_cache_new (4, GW_SESSION_CACHE_MS);
    for (int seed = 1; seed <= 4; seed++)
        s_put (cache, seed, "worker", S_T0 + 3600000, S_T0, S_T0 + seed);
    SF_CHECK (gw_session_cache_count (cache) == 4);
    s_put (cache, 5, "worker", S_T0 + 3600000, S_T0, S_T0 + 5);
    SF_CHECK (gw_session_cache_count (cache) == 4);
    SF_CHECK (!s_hit (cache, 1, S_T0 + 10));
    for (int seed = 2; seed <= 5; seed++)
        SF_CHECK (s_hit (cache, seed, S_T0 + 10));
    //  The same hash again replaces its entry.
    s_put (cache, 5, "worker", S_T0 + 3600000, S_T0, S_T0 + 20);
    SF_CHECK (gw_session_cache_count (cache) == 4);
    SF_CHECK (s_hit (cache, 2, S_T0 + 20));
    gw_session_cache_destroy (&cache);
}

static void
s_drops (void)
{
    gw_session_cache_t *cache = gw_session_cache_new (16, GW_SESSION_CACHE_MS);
    s_put (cache, 1, "worker", S_T0 + 3600000, S_T0, S_T0);
    s_put (cache, 2, "worker", S_T0 + 3600000, S_T0, S_T0);
    s_put (cache, 3, "manager", S_T0 + 3600000, S_T0, S_T0);
    s_put (cache, 4, "manager", S_T0 + 3600000, S_T0, S_T0);
    uint8_t hash [GW_TOKEN_HASH_BYTES];
    s_hash (hash, 4);
    gw_session_cache_drop_hash (cache, hash);
    SF_CHECK (!s_hit (cache, 4, S_T0 + 1) && s_hit (cache, 3, S_T0 + 1));
    //  Logout, RevokeSession, the streams' check: by session id.
    gw_session_cache_drop_session (cache, "s-3");
    SF_CHECK (!s_hit (cache, 3, S_T0 + 1));
    SF_CHECK (s_hit (cache, 1, S_T0 + 1) && s_hit (cache, 2, S_T0 + 1));
    //  The directory's event: every session of the login, and none stored during the block.
    gw_session_cache_drop_login (cache, "worker", S_T0 + 2);
    SF_CHECK (!s_hit (cache, 1, S_T0 + 3) && !s_hit (cache, 2, S_T0 + 3));
    SF_CHECK (gw_session_cache_count (cache) == 0);
    s_put (cache, 1, "worker", S_T0 + 3600000, S_T0, S_T0 + 3);
    SF_CHECK (!s_hit (cache, 1, S_T0 + 4));
    s_put (cache, 3, "manager", S_T0 + 3600000, S_T0, S_T0 + 3);
    SF_CHECK (s_hit (cache, 3, S_T0 + 4));
    int64_t after = S_T0 + 2 + GW_SESSION_CACHE_BLOCK_MS;
    s_put (cache, 1, "worker", S_T0 + 3600000, after, after);
    SF_CHECK (s_hit (cache, 1, after + 1));
    //  A read taken before a drop is not stored (it may predate the end).
    uint64_t generation = gw_session_cache_generation (cache);
    gw_session_cache_drop_session (cache, "s-none");
    gw_who_t who;
    s_who (&who, "leader", 7, S_T0 + 3600000);
    s_hash (hash, 7);
    gw_session_cache_put (cache, hash, &who, after, after, generation);
    SF_CHECK (!s_hit (cache, 7, after + 1));
    gw_session_cache_put (cache, hash, &who, after, after, gw_session_cache_generation (cache));
    SF_CHECK (s_hit (cache, 7, after + 1));
    gw_who_clear (&who);
    //  More logins blocked at once than it keeps apart: none is stored until the last block ends.
    char login [32];
    for (int i = 0; i < 100; i++) {
        snprintf (login, sizeof login, "user%d", i);
        gw_session_cache_drop_login (cache, login, after);
    }
    s_put (cache, 8, "nobody", S_T0 + 3600000, after, after + 1);
    SF_CHECK (!s_hit (cache, 8, after + 2));
    gw_session_cache_destroy (&cache);
}

static void
s_touch (void)
{
    gw_session_cache_t *cache = gw_session_cache_new (8, GW_SESSION_CACHE_MS);
    uint8_t hash [GW_TOKEN_HASH_BYTES];
    s_hash (hash, 1);
    //  Without an entry: as the store answered.
    SF_CHECK (gw_session_cache_touch_due (cache, hash, S_T0 - 60000, S_T0, 60000));
    SF_CHECK (!gw_session_cache_touch_due (cache, hash, S_T0 - 59999, S_T0, 60000));
    //  With one: due once, then the entry holds the new last use.
    s_put (cache, 1, "worker", S_T0 + 3600000, S_T0 - 60000, S_T0);
    SF_CHECK (gw_session_cache_touch_due (cache, hash, S_T0 - 60000, S_T0 + 10, 60000));
    SF_CHECK (!gw_session_cache_touch_due (cache, hash, S_T0 - 60000, S_T0 + 20, 60000));
    gw_who_t who = { 0 };
    int64_t last_used = 0;
    SF_CHECK (gw_session_cache_find (cache, hash, S_T0 + 30, S_IDLE_MS, &who, &last_used) == 1);
    SF_CHECK (last_used == S_T0 + 10);
    gw_who_clear (&who);
    gw_session_cache_destroy (&cache);
}

#define S_THREADS 4
#define S_ROUNDS 20000

static void *
s_worker (void *arg)
{
    gw_session_cache_t *cache = arg;
    for (int i = 0; i < S_ROUNDS; i++) {
        int seed = rand () % 64;
        int64_t now = S_T0 + i / 100;
        switch (i % 5) {
            case 0: s_put (cache, seed, seed % 2? "worker": "manager", S_T0 + 3600000, now, now); break;
            case 1: {
                char id [16];
                snprintf (id, sizeof id, "s-%d", seed);
                gw_session_cache_drop_session (cache, id);
                break;
            }
            case 2: {
                uint8_t hash [GW_TOKEN_HASH_BYTES];
                s_hash (hash, seed);
                gw_session_cache_touch_due (cache, hash, now, now, 10);
                break;
            }
            default: s_hit (cache, seed, now);
        }
    }
    return NULL;
}

static void
s_threads (void)
{
    gw_session_cache_t *cache = gw_session_cache_new (32, GW_SESSION_CACHE_MS);
    pthread_t threads [S_THREADS];
    for (int i = 0; i < S_THREADS; i++)
        SF_CHECK (pthread_create (&threads [i], NULL, s_worker, cache) == 0);
    for (int i = 0; i < S_THREADS; i++)
        pthread_join (threads [i], NULL);
    SF_CHECK (gw_session_cache_count (cache) <= 32);
    gw_session_cache_destroy (&cache);
}

int
main (void)
{
    s_hit_and_age ();
    s_never_past_the_end ();
    s_eviction ();
    s_drops ();
    s_touch ();
    s_threads ();
    printf ("gateway_session_cache: ok\n");
    return 0;
}
