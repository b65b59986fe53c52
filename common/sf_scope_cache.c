/*  sf_scope_cache: copies of sf_scope's reads, kept once per process for one org generation
    and used by each thread only for the generation that thread checked.                    */
#include "sf_scope_cache.h"
#include "sf_unit_plant.h"

#include <assert.h>
#include <czmq.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

//  Entries kept at most: beyond, everything is forgotten and kept afresh (a daemon serving
//  more accounts than this in one generation reads some of them again).
#define S_ENTRIES_MAX 20000
//  Codes above a unit kept at most (sf_scope walks 32: the org has six levels).
#define S_DEPTH_MAX 32

typedef struct {
    int rc;
    sf_org_account_t account;
    sf_scope_t scope;
} s_account_t;

typedef struct {
    int count;
    sf_scope_code_t plant;
    sf_scope_code_t up [S_DEPTH_MAX];
} s_ancestors_t;

//  What this thread checked: the cache is on for it, and for that place and generation only.
typedef struct {
    bool on;
    bool known;                  //  generation read at least once
    uint64_t place;              //  sf_db_place of the session checked
    int64_t generation;
    //  A deferred check's answer (1: still generation); NULL: checked at once. Until it says
    //  1 this thread keeps nothing for the others: what it reads may be of a newer copy.
    const int64_t *same;
} s_cache_t;

static __thread s_cache_t s_cache;

//  What the process keeps, for one place (database and schema: a process normally has one)
//  and generation, the last any thread has checked. Under the mutex (zhash_lookup
//  writes to the table, so even lookups take it; each holds it for a copy).
typedef struct {
    pthread_mutex_t lock;
    bool known;
    uint64_t place;
    int64_t generation;
    zhash_t *accounts;           //  login -> s_account_t
    zhash_t *ancestors;          //  unit code -> s_ancestors_t
    zhash_t *nodes;              //  code -> sf_org_node_t
} s_store_t;

static s_store_t s_store = { .lock = PTHREAD_MUTEX_INITIALIZER };

//  The store moves on to the place and generation a check read when they differ from what it
//  holds. A check reads the generation as it is when it runs, so the last is the newest but
//  for a moment at a change (two checks racing; lookups want an exact match). Not "greater":
//  a restored database may go back, and a store kept for the number it comes back to would
//  hold what was there before the restore. A thread behind keeps nothing and finds nothing
//  until it checks again. What the process noted of units' plants (sf_unit_plant) goes with
//  the store, once per generation (sf_org_find notes a unit again as it finds it).
static void
s_store_advance (uint64_t place, int64_t generation)
{
    pthread_mutex_lock (&s_store.lock);
    if (!s_store.known || place != s_store.place || generation != s_store.generation) {
        sf_unit_plant_forget ();
        zhash_destroy (&s_store.accounts);
        zhash_destroy (&s_store.ancestors);
        zhash_destroy (&s_store.nodes);
        s_store.place = place;
        s_store.generation = generation;
        s_store.known = true;
    }
    pthread_mutex_unlock (&s_store.lock);
}

//  Takes the store's lock when this thread's cache is on and the store holds its generation:
//  true, and the caller unlocks.
static bool
s_store_enter (void)
{
    if (!s_cache.on)
        return false;
    pthread_mutex_lock (&s_store.lock);
    if (s_store.known && s_store.generation == s_cache.generation && s_store.place == s_cache.place)
        return true;
    pthread_mutex_unlock (&s_store.lock);
    return false;
}

static void
s_store_leave (void)
{
    pthread_mutex_unlock (&s_store.lock);
}

//  Keeps item (malloc'd, taken) under key in one of the store's tables, when the store holds
//  this thread's generation (else frees it): the table is made on first use, emptied when full.
static void
s_store_keep (zhash_t **table, const char *key, void *item)
{
    if ((s_cache.same && *s_cache.same != 1) || !s_store_enter ()) {
        free (item);
        return;
    }
    if (*table && zhash_size (*table) >= S_ENTRIES_MAX)
        zhash_destroy (table);
    if (!*table) {
        *table = zhash_new ();
        assert (*table);
    }
    zhash_delete (*table, key);
    zhash_insert (*table, key, item);
    zhash_freefn (*table, key, free);
    s_store_leave ();
}

int
sf_scope_cache_check (sf_db_t *db)
{
    sf_scope_cache_off ();
    sf_rows_t *rows = sf_db_query (db, "SELECT gen FROM sf_org_generation", 0, NULL);
    if (!rows)
        return -1;
    bool found = sf_rows_count (rows) == 1;
    int64_t generation = found? sf_rows_int (rows, 0, 0): 0;
    sf_rows_destroy (&rows);
    if (!found)
        return -1;
    s_cache.place = sf_db_place (db);
    s_store_advance (s_cache.place, generation);
    s_cache.generation = generation;
    s_cache.known = true;
    s_cache.on = true;
    return 0;
}

int
sf_scope_cache_check_deferred (sf_db_t *db, bool failing, int64_t *same)
{
    if (!s_cache.known || s_cache.place != sf_db_place (db)) {
        int rc = sf_scope_cache_check (db);
        *same = rc == 0? 1: -1;
        return rc;
    }
    sf_scope_cache_off ();
    char generation [24];
    snprintf (generation, sizeof generation, "%lld", (long long) s_cache.generation);
    if (sf_db_defer_counted (db, failing
                             ? "SELECT sf_expect (gen = $1::bigint, 'the org generation admitted with') FROM sf_org_generation"
                             : "SELECT 1 FROM sf_org_generation WHERE gen = $1::bigint", 1,
                             (const char *const []) { generation }, NULL, NULL, same))
        return -1;
    s_cache.same = same;
    s_cache.on = true;
    return 0;
}

void
sf_scope_cache_off (void)
{
    s_cache.on = false;
    s_cache.same = NULL;
}

void
sf_scope_cache_clear (void)
{
    sf_scope_cache_off ();
    s_cache.known = false;
}

bool
sf_scope_cache_account (const char *login, int *rc, sf_org_account_t *account, sf_scope_t *scope)
{
    if (!s_store_enter ())
        return false;
    const s_account_t *kept = s_store.accounts? (const s_account_t *) zhash_lookup (s_store.accounts, login): NULL;
    if (kept) {
        *rc = kept->rc;
        *account = kept->account;
        scope->count = kept->scope.count;
        memcpy (scope->grants, kept->scope.grants, sizeof scope->grants [0] * (size_t) kept->scope.count);
    }
    s_store_leave ();
    return kept != NULL;
}

void
sf_scope_cache_account_keep (const char *login, int rc, const sf_org_account_t *account, const sf_scope_t *scope)
{
    if (!s_cache.on)
        return;
    s_account_t *kept = calloc (1, sizeof *kept);
    assert (kept);
    kept->rc = rc;
    if (rc > 0) {
        kept->account = *account;
        kept->scope.count = scope->count;
        memcpy (kept->scope.grants, scope->grants, sizeof scope->grants [0] * (size_t) scope->count);
    }
    s_store_keep (&s_store.accounts, login, kept);
}

bool
sf_scope_cache_ancestors (const char *unit, int max, sf_scope_code_t *up, int *count, sf_scope_code_t *plant)
{
    if (!s_store_enter ())
        return false;
    const s_ancestors_t *kept = s_store.ancestors? (const s_ancestors_t *) zhash_lookup (s_store.ancestors, unit): NULL;
    if (kept) {
        *count = kept->count < max? kept->count: max;
        memcpy (up, kept->up, sizeof up [0] * (size_t) *count);
        if (plant)
            memcpy (*plant, kept->plant, sizeof *plant);
    }
    s_store_leave ();
    return kept != NULL;
}

void
sf_scope_cache_ancestors_keep (const char *unit, const sf_scope_code_t *up, int count, const sf_scope_code_t *plant)
{
    if (!s_cache.on || count > S_DEPTH_MAX)
        return;
    s_ancestors_t *kept = calloc (1, sizeof *kept);
    assert (kept);
    kept->count = count;
    memcpy (kept->plant, *plant, sizeof kept->plant);
    memcpy (kept->up, up, sizeof up [0] * (size_t) count);
    s_store_keep (&s_store.ancestors, unit, kept);
}

bool
sf_scope_cache_active (void)
{
    return s_cache.on;
}

bool
sf_scope_cache_node (const char *code, sf_org_node_t *node)
{
    if (!s_store_enter ())
        return false;
    const sf_org_node_t *kept = s_store.nodes? (const sf_org_node_t *) zhash_lookup (s_store.nodes, code): NULL;
    if (kept)
        *node = *kept;
    s_store_leave ();
    return kept != NULL;
}

void
sf_scope_cache_node_keep (const sf_org_node_t *node)
{
    if (!s_cache.on)
        return;
    sf_org_node_t *kept = malloc (sizeof *kept);
    assert (kept);
    *kept = *node;
    s_store_keep (&s_store.nodes, node->code, kept);
}
