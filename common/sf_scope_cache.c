/*  sf_scope_cache: per-thread copies of sf_scope's reads, valid for one org generation.    */
#include "sf_scope_cache.h"
#include "sf_unit_plant.h"

#include <assert.h>
#include <czmq.h>
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

typedef struct {
    bool on;
    bool known;                  //  generation read at least once
    int64_t generation;
    zhash_t *accounts;           //  login -> s_account_t
    zhash_t *ancestors;          //  unit code -> s_ancestors_t
    zhash_t *nodes;              //  code -> sf_org_node_t
} s_cache_t;

static __thread s_cache_t s_cache;

//  Also what the process noted of units' plants (sf_unit_plant): the copy moved on.
static void
s_forget (void)
{
    sf_unit_plant_forget ();
    zhash_destroy (&s_cache.accounts);
    zhash_destroy (&s_cache.ancestors);
    zhash_destroy (&s_cache.nodes);
}

//  The table of kind for keeping: made on first use, emptied when full.
static zhash_t *
s_table (zhash_t **table)
{
    if (*table && zhash_size (*table) >= S_ENTRIES_MAX)
        zhash_destroy (table);
    if (!*table) {
        *table = zhash_new ();
        assert (*table);
    }
    return *table;
}

int
sf_scope_cache_check (sf_db_t *db)
{
    s_cache.on = false;
    sf_rows_t *rows = sf_db_query (db, "SELECT gen FROM sf_org_generation", 0, NULL);
    if (!rows)
        return -1;
    bool found = sf_rows_count (rows) == 1;
    int64_t generation = found? sf_rows_int (rows, 0, 0): 0;
    sf_rows_destroy (&rows);
    if (!found)
        return -1;
    if (!s_cache.known || generation != s_cache.generation)
        s_forget ();
    s_cache.generation = generation;
    s_cache.known = true;
    s_cache.on = true;
    return 0;
}

int
sf_scope_cache_check_deferred (sf_db_t *db, int64_t *same)
{
    if (!s_cache.known) {
        int rc = sf_scope_cache_check (db);
        *same = rc == 0? 1: -1;
        return rc;
    }
    s_cache.on = false;
    char generation [24];
    snprintf (generation, sizeof generation, "%lld", (long long) s_cache.generation);
    if (sf_db_defer_counted (db, "SELECT 1 FROM sf_org_generation WHERE gen = $1::bigint", 1,
                             (const char *const []) { generation }, NULL, NULL, same))
        return -1;
    s_cache.on = true;
    return 0;
}

void
sf_scope_cache_off (void)
{
    s_cache.on = false;
}

void
sf_scope_cache_clear (void)
{
    s_forget ();
    s_cache.on = false;
    s_cache.known = false;
}

bool
sf_scope_cache_account (const char *login, int *rc, sf_org_account_t *account, sf_scope_t *scope)
{
    if (!s_cache.on || !s_cache.accounts)
        return false;
    const s_account_t *kept = (const s_account_t *) zhash_lookup (s_cache.accounts, login);
    if (!kept)
        return false;
    *rc = kept->rc;
    *account = kept->account;
    scope->count = kept->scope.count;
    memcpy (scope->grants, kept->scope.grants, sizeof scope->grants [0] * (size_t) kept->scope.count);
    return true;
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
    zhash_t *table = s_table (&s_cache.accounts);
    zhash_delete (table, login);
    zhash_insert (table, login, kept);
    zhash_freefn (table, login, free);
}

bool
sf_scope_cache_ancestors (const char *unit, int max, sf_scope_code_t *up, int *count, sf_scope_code_t *plant)
{
    if (!s_cache.on || !s_cache.ancestors)
        return false;
    const s_ancestors_t *kept = (const s_ancestors_t *) zhash_lookup (s_cache.ancestors, unit);
    if (!kept)
        return false;
    *count = kept->count < max? kept->count: max;
    memcpy (up, kept->up, sizeof up [0] * (size_t) *count);
    if (plant)
        memcpy (*plant, kept->plant, sizeof *plant);
    return true;
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
    zhash_t *table = s_table (&s_cache.ancestors);
    zhash_delete (table, unit);
    zhash_insert (table, unit, kept);
    zhash_freefn (table, unit, free);
}

bool
sf_scope_cache_active (void)
{
    return s_cache.on;
}

bool
sf_scope_cache_node (const char *code, sf_org_node_t *node)
{
    if (!s_cache.on || !s_cache.nodes)
        return false;
    const sf_org_node_t *kept = (const sf_org_node_t *) zhash_lookup (s_cache.nodes, code);
    if (!kept)
        return false;
    *node = *kept;
    return true;
}

void
sf_scope_cache_node_keep (const sf_org_node_t *node)
{
    if (!s_cache.on)
        return;
    sf_org_node_t *kept = malloc (sizeof *kept);
    assert (kept);
    *kept = *node;
    zhash_t *table = s_table (&s_cache.nodes);
    zhash_delete (table, node->code);
    zhash_insert (table, node->code, kept);
    zhash_freefn (table, node->code, free);
}
