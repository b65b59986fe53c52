/*  gateway_session_cache: the short cache of authenticated sessions
    (gateway_session_cache.h). A fixed array of entries chained into buckets by the hash's
    first bytes (a SHA-256 spreads evenly); a free entry is one not in use. Evicting the
    oldest scans the array: only when it is full, at most once per store read.              */
#include "gateway_session_cache.h"

#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  Logins kept out of the cache at once; past that the whole cache takes no new entries
//  until the latest block ends.
#define S_BLOCKS 64

typedef struct {
    bool used;
    uint8_t hash [GW_TOKEN_HASH_BYTES];
    gw_who_t who;
    int64_t last_used_ms;
    int64_t read_ms;
    int32_t next;                        //  in its bucket, -1 at the end
} s_entry_t;

typedef struct {
    char login [sizeof ((gw_who_t *) 0)->login];
    int64_t until_ms;
} s_block_t;

struct _gw_session_cache_t {
    pthread_mutex_t mutex;
    s_entry_t *entries;
    size_t size;
    size_t count;
    int32_t *buckets;                    //  first entry of each, -1 none
    size_t bucket_mask;
    int64_t max_age_ms;
    uint64_t generation;
    s_block_t blocks [S_BLOCKS];
    int64_t all_blocked_until_ms;
};

gw_session_cache_t *
gw_session_cache_new (size_t size, int64_t max_age_ms)
{
    assert (size > 0 && size < INT32_MAX / 4);
    gw_session_cache_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    size_t buckets = 1;
    while (buckets < 2 * size)
        buckets *= 2;
    self->entries = calloc (size, sizeof *self->entries);
    self->buckets = malloc (buckets * sizeof *self->buckets);
    if (!self->entries || !self->buckets) {
        free (self->entries);
        free (self->buckets);
        free (self);
        return NULL;
    }
    for (size_t i = 0; i < buckets; i++)
        self->buckets [i] = -1;
    self->size = size;
    self->bucket_mask = buckets - 1;
    self->max_age_ms = max_age_ms;
    pthread_mutex_init (&self->mutex, NULL);
    return self;
}

void
gw_session_cache_destroy (gw_session_cache_t **self_p)
{
    gw_session_cache_t *self = *self_p;
    if (!self)
        return;
    for (size_t i = 0; i < self->size; i++)
        gw_who_clear (&self->entries [i].who);
    free (self->entries);
    free (self->buckets);
    pthread_mutex_destroy (&self->mutex);
    free (self);
    *self_p = NULL;
}

static char **
s_strings_copy (char *const *strings, size_t count)
{
    if (!count)
        return NULL;
    char **copy = calloc (count, sizeof *copy);
    assert (copy);
    for (size_t i = 0; i < count; i++) {
        copy [i] = strdup (strings [i]);
        assert (copy [i]);
    }
    return copy;
}

static void
s_who_copy (gw_who_t *to, const gw_who_t *from)
{
    gw_who_clear (to);
    memcpy (to->login, from->login, sizeof to->login);
    memcpy (to->session_id, from->session_id, sizeof to->session_id);
    to->expires_ms = from->expires_ms;
    to->roles = s_strings_copy (from->roles, from->role_count);
    to->role_count = from->role_count;
    to->plants = s_strings_copy (from->plants, from->plant_count);
    to->plant_count = from->plant_count;
    to->company = from->company;
}

static size_t
s_bucket (gw_session_cache_t *self, const uint8_t hash [GW_TOKEN_HASH_BYTES])
{
    uint64_t bits;
    memcpy (&bits, hash, sizeof bits);
    return (size_t) bits & self->bucket_mask;
}

//  The entry of hash, or -1.
static int32_t
s_lookup (gw_session_cache_t *self, const uint8_t hash [GW_TOKEN_HASH_BYTES])
{
    for (int32_t at = self->buckets [s_bucket (self, hash)]; at >= 0; at = self->entries [at].next)
        if (memcmp (self->entries [at].hash, hash, GW_TOKEN_HASH_BYTES) == 0)
            return at;
    return -1;
}

static void
s_remove (gw_session_cache_t *self, int32_t index)
{
    s_entry_t *entry = &self->entries [index];
    int32_t *link = &self->buckets [s_bucket (self, entry->hash)];
    while (*link != index)
        link = &self->entries [*link].next;
    *link = entry->next;
    gw_who_clear (&entry->who);
    entry->used = false;
    self->count--;
}

//  A free entry: an unused one, else the oldest read (removed).
static int32_t
s_take (gw_session_cache_t *self)
{
    int32_t oldest = -1;
    for (size_t i = 0; i < self->size; i++) {
        s_entry_t *entry = &self->entries [i];
        if (!entry->used)
            return (int32_t) i;
        if (oldest < 0 || entry->read_ms < self->entries [oldest].read_ms)
            oldest = (int32_t) i;
    }
    s_remove (self, oldest);
    return oldest;
}

//  True when the entry may answer at now: read recently, the session before its end and its
//  idle end (the store's own conditions).
static bool
s_fresh (gw_session_cache_t *self, const s_entry_t *entry, int64_t now_ms, int64_t idle_ms)
{
    return now_ms - entry->read_ms < self->max_age_ms && now_ms >= entry->read_ms
        && entry->who.expires_ms > now_ms && entry->last_used_ms > now_ms - idle_ms;
}

int
gw_session_cache_find (gw_session_cache_t *self, const uint8_t hash [GW_TOKEN_HASH_BYTES], int64_t now_ms,
                       int64_t idle_ms, gw_who_t *who, int64_t *last_used_ms)
{
    gw_who_clear (who);
    pthread_mutex_lock (&self->mutex);
    int32_t index = s_lookup (self, hash);
    int found = 0;
    if (index >= 0) {
        s_entry_t *entry = &self->entries [index];
        if (s_fresh (self, entry, now_ms, idle_ms)) {
            s_who_copy (who, &entry->who);
            *last_used_ms = entry->last_used_ms;
            found = 1;
        }
        else
            s_remove (self, index);
    }
    pthread_mutex_unlock (&self->mutex);
    return found;
}

uint64_t
gw_session_cache_generation (gw_session_cache_t *self)
{
    pthread_mutex_lock (&self->mutex);
    uint64_t generation = self->generation;
    pthread_mutex_unlock (&self->mutex);
    return generation;
}

static bool
s_blocked (gw_session_cache_t *self, const char *login, int64_t now_ms)
{
    if (now_ms < self->all_blocked_until_ms)
        return true;
    for (size_t i = 0; i < S_BLOCKS; i++)
        if (now_ms < self->blocks [i].until_ms && strcmp (self->blocks [i].login, login) == 0)
            return true;
    return false;
}

void
gw_session_cache_put (gw_session_cache_t *self, const uint8_t hash [GW_TOKEN_HASH_BYTES], const gw_who_t *who,
                      int64_t last_used_ms, int64_t now_ms, uint64_t generation)
{
    pthread_mutex_lock (&self->mutex);
    if (generation == self->generation && !s_blocked (self, who->login, now_ms)) {
        int32_t index = s_lookup (self, hash);
        if (index >= 0)
            s_remove (self, index);
        index = s_take (self);
        s_entry_t *entry = &self->entries [index];
        entry->used = true;
        memcpy (entry->hash, hash, GW_TOKEN_HASH_BYTES);
        s_who_copy (&entry->who, who);
        entry->last_used_ms = last_used_ms;
        entry->read_ms = now_ms;
        size_t bucket = s_bucket (self, hash);
        entry->next = self->buckets [bucket];
        self->buckets [bucket] = index;
        self->count++;
    }
    pthread_mutex_unlock (&self->mutex);
}

bool
gw_session_cache_touch_due (gw_session_cache_t *self, const uint8_t hash [GW_TOKEN_HASH_BYTES],
                            int64_t last_used_ms, int64_t now_ms, int64_t touch_ms)
{
    pthread_mutex_lock (&self->mutex);
    int32_t index = s_lookup (self, hash);
    bool due;
    if (index >= 0) {
        s_entry_t *entry = &self->entries [index];
        due = now_ms - entry->last_used_ms >= touch_ms;
        if (due)
            entry->last_used_ms = now_ms;
    }
    else
        due = now_ms - last_used_ms >= touch_ms;
    pthread_mutex_unlock (&self->mutex);
    return due;
}

void
gw_session_cache_drop_hash (gw_session_cache_t *self, const uint8_t hash [GW_TOKEN_HASH_BYTES])
{
    pthread_mutex_lock (&self->mutex);
    self->generation++;
    int32_t index = s_lookup (self, hash);
    if (index >= 0)
        s_remove (self, index);
    pthread_mutex_unlock (&self->mutex);
}

void
gw_session_cache_drop_session (gw_session_cache_t *self, const char *session_id)
{
    pthread_mutex_lock (&self->mutex);
    self->generation++;
    for (size_t i = 0; i < self->size; i++)
        if (self->entries [i].used && strcmp (self->entries [i].who.session_id, session_id) == 0)
            s_remove (self, (int32_t) i);
    pthread_mutex_unlock (&self->mutex);
}

void
gw_session_cache_drop_login (gw_session_cache_t *self, const char *login, int64_t now_ms)
{
    pthread_mutex_lock (&self->mutex);
    self->generation++;
    for (size_t i = 0; i < self->size; i++)
        if (self->entries [i].used && strcmp (self->entries [i].who.login, login) == 0)
            s_remove (self, (int32_t) i);
    //  The same login's block, else a block that has ended, else every login is blocked.
    int64_t until = now_ms + GW_SESSION_CACHE_BLOCK_MS;
    s_block_t *block = NULL;
    for (size_t i = 0; i < S_BLOCKS && !block; i++)
        if (strcmp (self->blocks [i].login, login) == 0)
            block = &self->blocks [i];
    for (size_t i = 0; i < S_BLOCKS && !block; i++)
        if (self->blocks [i].until_ms <= now_ms)
            block = &self->blocks [i];
    if (block) {
        snprintf (block->login, sizeof block->login, "%s", login);
        block->until_ms = until;
    }
    else
        self->all_blocked_until_ms = until;
    pthread_mutex_unlock (&self->mutex);
}

size_t
gw_session_cache_count (gw_session_cache_t *self)
{
    pthread_mutex_lock (&self->mutex);
    size_t count = self->count;
    pthread_mutex_unlock (&self->mutex);
    return count;
}
