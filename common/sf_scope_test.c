/*  sf_scope_test: who acts and what they reach, against a real org copy in PostgreSQL.
    The copy is written straight into its tables (sf_org_node, sf_org_account, sf_org_grant)
    as sf_org_apply would leave them:

        C (company)
        ├── P1 (plant) ── P1D (department) ── P1T (team) ── E1 (employee)
        └── P2 (plant) ── P2D (department) ── P2T (team)                                   */
#include "sf_migrate.h"
#include "sf_roles.h"
#include "sf_scope.h"
#include "sf_scope_cache.h"
#include "sf_testkit.h"
#include "sf_unit_plant.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static const char *s_org_sql =
    "INSERT INTO sf_org_node (code, kind, parent_code, plant_code, name_zh, name_en, active, version) VALUES"
    " ('C', 1, NULL, NULL, 'C', 'C', true, 1),"
    " ('P1', 2, 'C', 'P1', 'P1', 'P1', true, 1), ('P1D', 3, 'P1', 'P1', 'x', 'x', true, 1),"
    " ('P1T', 4, 'P1D', 'P1', 'x', 'x', true, 1), ('E1', 6, 'P1T', 'P1', 'x', 'x', true, 1),"
    " ('P2', 2, 'C', 'P2', 'P2', 'P2', true, 1), ('P2D', 3, 'P2', 'P2', 'x', 'x', true, 1),"
    " ('P2T', 4, 'P2D', 'P2', 'x', 'x', true, 1), ('E2', 6, 'P2T', 'P2', 'x', 'x', false, 2);"
    "INSERT INTO sf_org_account (login, employee_code, disabled, version) VALUES"
    " ('boss', 'E1', false, 1), ('mgr1', 'E1', false, 1), ('worker1', 'E1', false, 1), ('gone', 'E1', true, 1),"
    " ('left', 'E2', false, 1);"
    "INSERT INTO sf_org_grant (login, role, node_code) VALUES"
    " ('boss', 'admin', 'C'), ('mgr1', 'plant_safety_manager', 'P1'), ('gone', 'admin', 'C'), ('left', 'admin', 'C');";

static sf_peer_t
s_peer (const char *kind, const char *name, const char *account)
{
    sf_peer_t peer;
    memset (&peer, 0, sizeof peer);
    snprintf (peer.kind, sizeof peer.kind, "%s", kind);
    snprintf (peer.name, sizeof peer.name, "%s", name);
    snprintf (peer.account, sizeof peer.account, "%s", account);
    peer.trusted = sf_peer_kind_trusted (kind);
    return peer;
}

//  An actor as a request claims it: user, one claimed role, unit.
static void
s_actor (sf_actor_t *actor, const char *user, const char *role, const char *unit)
{
    memset (actor, 0, sizeof *actor);
    actor->user_id = strdup (user);
    if (role) {
        actor->roles [0] = strdup (role);
        actor->role_count = 1;
    }
    actor->org_node = strdup (unit);
    actor->plant = strdup ("");
}

static sf_status_t
s_resolve (sf_db_t *db, const sf_peer_t *peer, sf_actor_t *actor, sf_scope_t *scope)
{
    const sf_text_t *why;
    const char *subject;
    sf_status_t status = sf_scope_resolve (db, peer, actor, scope, &why, &subject);
    SF_CHECK ((status == SF_OK) == (why == NULL));
    if (why) {
        char *zh, *en;
        sf_text_format (why, &zh, &en, subject);
        SF_CHECK (*zh && *en && strstr (en, subject));
        free (zh);
        free (en);
    }
    return status;
}

//  Resolves login acting for unit and checks that unit_to_reach is covered as expected; the
//  statements it took.
static uint64_t
s_admit (sf_db_t *db, const sf_peer_t *peer, const char *login, const char *unit, const char *reach,
         int covered)
{
    uint64_t before = sf_db_statements (db);
    sf_scope_t scope;
    sf_actor_t actor;
    s_actor (&actor, login, NULL, unit);
    SF_CHECK (s_resolve (db, peer, &actor, &scope) == SF_OK);
    SF_CHECK (sf_scope_covers (db, &scope, NULL, SF_REACH_GRANT, reach) == covered);
    sf_actor_clear (&actor);
    return sf_db_statements (db) - before;
}

//  With the cache checked, a second admission of the same account reads nothing; a change of
//  the copy (a grant revoked, by any session) moves the generation, and the next check sees
//  it; off, every admission reads the tables again.
static void
s_cache (sf_db_t *db, sf_db_t *other)
{
    sf_peer_t front = s_peer (SF_PEER_KIND_FRONT, "gateway", "");
    SF_CHECK (sf_scope_cache_check (db) == 0);
    SF_CHECK (s_admit (db, &front, "mgr1", "P1T", "P1D", 1) > 0);
    SF_CHECK (s_admit (db, &front, "mgr1", "P1T", "P1D", 1) == 0);
    SF_CHECK (s_admit (db, &front, "mgr1", "P1T", "P1T", 1) == 0);
    //  A node found once is answered from memory; one not found is asked again.
    sf_org_node_t node;
    uint64_t before_find = sf_db_statements (db);
    SF_CHECK (sf_org_find (db, "P1T", &node) == 1 && strcmp (node.code, "P1T") == 0);
    SF_CHECK (sf_org_find (db, "P1T", &node) == 1 && strcmp (node.code, "P1T") == 0);
    SF_CHECK (sf_org_find (db, "NOPE", &node) == 0 && sf_org_find (db, "NOPE", NULL) == 0);
    SF_CHECK (sf_db_statements (db) - before_find == 3);
    //  The same generation, checked again: still kept (one statement: the check's).
    uint64_t before = sf_db_statements (db);
    SF_CHECK (sf_scope_cache_check (db) == 0);
    SF_CHECK (s_admit (db, &front, "mgr1", "P1T", "P1D", 1) == 0);
    SF_CHECK (sf_db_statements (db) - before == 1);
    //  Revoked in another session: until the next check the job goes on as it began; after
    //  it, mgr1 has no grant (worker on its employee's team, P1T, which does not reach P1D).
    SF_CHECK (sf_db_exec (other, "DELETE FROM sf_org_grant WHERE login = 'mgr1'", 0, NULL) == 1);
    SF_CHECK (s_admit (db, &front, "mgr1", "P1T", "P1D", 1) == 0);
    SF_CHECK (sf_scope_cache_check (db) == 0);
    SF_CHECK (s_admit (db, &front, "mgr1", "P1T", "P1D", 0) > 0);
    SF_CHECK (s_admit (db, &front, "mgr1", "P1T", "P1D", 0) == 0);
    //  A node moved elsewhere changes what lies above it.
    SF_CHECK (sf_db_exec (other, "UPDATE sf_org_grant SET node_code = 'P1D' WHERE login = 'boss'", 0, NULL) == 1);
    SF_CHECK (sf_scope_cache_check (db) == 0);
    SF_CHECK (s_admit (db, &front, "boss", "", "P1T", 1) > 0);
    SF_CHECK (s_admit (db, &front, "boss", "", "P2T", 0) == 1);       //  P2T not read before
    //  A node renamed by another session: as it was until the next check, then as it is.
    SF_CHECK (sf_org_find (db, "P1T", &node) == 1);
    SF_CHECK (sf_db_exec (other, "UPDATE sf_org_node SET name_en = 'Renamed' WHERE code = 'P1T'", 0, NULL) == 1);
    SF_CHECK (sf_org_find (db, "P1T", &node) == 1 && strcmp (node.name_en, "Renamed") != 0);
    SF_CHECK (sf_scope_cache_check (db) == 0);
    SF_CHECK (sf_org_find (db, "P1T", &node) == 1 && strcmp (node.name_en, "Renamed") == 0);
    SF_CHECK (s_admit (db, &front, "boss", "", "P1T", 1) > 0);        //  kept again, for below
    //  The deferred check: the cache on at once, the question answered with the next statement.
    int64_t same = 5;
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (sf_scope_cache_check_deferred (db, false, &same) == 0 && same == -1);
    SF_CHECK (s_admit (db, &front, "boss", "", "P1T", 1) == 0);       //  from memory: nothing sent
    SF_CHECK (same == -1);
    SF_CHECK (sf_db_flush (db) == 0 && same == 1);
    sf_db_rollback (db);
    //  Changed by another session (the same grant written again moves the generation too): the
    //  answer says so, and the job would run again after a check.
    SF_CHECK (sf_db_exec (other, "UPDATE sf_org_grant SET node_code = 'P1D' WHERE login = 'boss'", 0, NULL) == 1);
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (sf_scope_cache_check_deferred (db, false, &same) == 0 && same == -1);
    SF_CHECK (sf_db_flush (db) == 0 && same == 0);
    sf_scope_cache_clear ();
    sf_db_rollback (db);
    //  Knowing nothing, the deferred check asks at once.
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (sf_scope_cache_check_deferred (db, false, &same) == 0 && same == 1);
    SF_CHECK (s_admit (db, &front, "boss", "", "P1T", 1) > 0);
    SF_CHECK (s_admit (db, &front, "boss", "", "P1T", 1) == 0);
    sf_db_rollback (db);
    //  Failing rather than counting (a command sent in one round trip): the same generation
    //  answers 1; one that moved fails the statement and the transaction (SF001), -2.
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (sf_scope_cache_check_deferred (db, true, &same) == 0 && same == -1);
    SF_CHECK (sf_db_flush (db) == 0 && same == 1);
    sf_db_rollback (db);
    SF_CHECK (sf_db_exec (other, "UPDATE sf_org_grant SET node_code = 'P1D' WHERE login = 'boss'", 0, NULL) == 1);
    SF_CHECK (sf_db_begin (db) == 0);
    SF_CHECK (sf_scope_cache_check_deferred (db, true, &same) == 0 && same == -1);
    SF_CHECK (sf_db_commit (db) == -1 && same == -2);
    SF_CHECK_STR (sf_db_sqlstate (db), "SF001");
    SF_CHECK (!sf_db_in_transaction (db));
    SF_CHECK (sf_scope_cache_check (db) == 0);
    //  Off: read every time.
    sf_scope_cache_off ();
    before_find = sf_db_statements (db);
    SF_CHECK (sf_org_find (db, "P1T", &node) == 1 && sf_org_find (db, "P1T", &node) == 1);
    SF_CHECK (sf_db_statements (db) - before_find == 2);
    SF_CHECK (s_admit (db, &front, "boss", "", "P1T", 1) > 0);
    SF_CHECK (s_admit (db, &front, "boss", "", "P1T", 1) > 0);
    sf_scope_cache_clear ();
}

//  Another worker thread of the process: checks the generation on its own session, finds a
//  node, and tells the statements that took (the check's not counted) and the node's name.
typedef struct {
    sf_db_t *db;
    const char *code;
    int found;
    uint64_t statements;
    char name_en [sizeof (((sf_org_node_t *) 0)->name_en)];
} s_finder_t;

static void *
s_finder (void *arg)
{
    s_finder_t *finder = (s_finder_t *) arg;
    SF_CHECK (sf_scope_cache_check (finder->db) == 0);
    uint64_t before = sf_db_statements (finder->db);
    sf_org_node_t node;
    finder->found = sf_org_find (finder->db, finder->code, &node);
    finder->statements = sf_db_statements (finder->db) - before;
    if (finder->found == 1)
        snprintf (finder->name_en, sizeof finder->name_en, "%s", node.name_en);
    sf_scope_cache_clear ();
    return NULL;
}

static s_finder_t
s_find_on_thread (sf_db_t *db, const char *code)
{
    s_finder_t finder = { .db = db, .code = code };
    pthread_t thread;
    SF_CHECK (pthread_create (&thread, NULL, s_finder, &finder) == 0);
    SF_CHECK (pthread_join (thread, NULL) == 0);
    return finder;
}

//  What one thread read for a generation, the others of the process find in memory; a thread
//  still on an older generation neither finds nor keeps what a newer one kept; a thread whose
//  deferred check is not answered "still that generation" keeps nothing for the others.
static void
s_cache_shared (sf_db_t *db, sf_db_t *other)
{
    sf_org_node_t node;
    //  A generation nothing was kept for yet (the same name written again moves it too).
    SF_CHECK (sf_db_exec (other, "UPDATE sf_org_node SET name_en = name_en WHERE code = 'P2T'", 0, NULL) == 1);
    SF_CHECK (sf_scope_cache_check (db) == 0);
    uint64_t before = sf_db_statements (db);
    SF_CHECK (sf_org_find (db, "P2T", &node) == 1);
    SF_CHECK (sf_db_statements (db) - before == 1);
    s_finder_t finder = s_find_on_thread (other, "P2T");
    SF_CHECK (finder.found == 1 && finder.statements == 0);
    //  The copy moves on; a thread that checked reads the node anew, for the new generation.
    SF_CHECK (sf_db_exec (other, "UPDATE sf_org_node SET name_en = 'Moved on' WHERE code = 'P2T'", 0, NULL) == 1);
    finder = s_find_on_thread (other, "P2T");
    SF_CHECK (finder.found == 1 && finder.statements == 1 && strcmp (finder.name_en, "Moved on") == 0);
    //  This thread, still on the generation before, reads it from its session every time.
    before = sf_db_statements (db);
    SF_CHECK (sf_org_find (db, "P2T", &node) == 1 && sf_org_find (db, "P2T", &node) == 1);
    SF_CHECK (sf_db_statements (db) - before == 2 && strcmp (node.name_en, "Moved on") == 0);
    //  Checked again, it finds what the other thread kept.
    SF_CHECK (sf_scope_cache_check (db) == 0);
    before = sf_db_statements (db);
    SF_CHECK (sf_org_find (db, "P2T", &node) == 1 && strcmp (node.name_en, "Moved on") == 0);
    SF_CHECK (sf_db_statements (db) - before == 0);
    //  A node found in memory is noted with its plant for the server's keys, also after the
    //  process's notes were emptied.
    sf_unit_plant_forget ();
    char plant [16];
    SF_CHECK (sf_org_find (db, "P2T", &node) == 1 && sf_db_statements (db) - before == 0);
    SF_CHECK (sf_unit_plant_find ("P2T", plant, sizeof plant) && strcmp (plant, "P2") == 0);
    //  The copy moves on again while a job runs on a deferred check: the node it reads (of the
    //  newer copy) is not kept for the generation it believed in; its next run reads it again.
    SF_CHECK (sf_db_exec (other, "UPDATE sf_org_node SET name_en = 'Again' WHERE code = 'P1D'", 0, NULL) == 1);
    for (int run = 0; run < 2; run++) {
        int64_t same = 5;
        SF_CHECK (sf_db_begin (db) == 0);
        before = sf_db_statements (db);
        SF_CHECK (sf_scope_cache_check_deferred (db, false, &same) == 0);
        SF_CHECK (sf_org_find (db, "P1D", &node) == 1 && strcmp (node.name_en, "Again") == 0);
        SF_CHECK (same == 0 && sf_db_statements (db) - before == 2);
        sf_db_rollback (db);
        sf_scope_cache_off ();
    }
    //  A database restored to an older generation that then comes back to the number kept:
    //  what was kept before is not found.
    SF_CHECK (sf_scope_cache_check (db) == 0);
    SF_CHECK (sf_org_find (db, "P2T", &node) == 1 && strcmp (node.name_en, "Moved on") == 0);
    SF_CHECK (sf_db_exec (other, "UPDATE sf_org_generation SET gen = gen - 1", 0, NULL) == 1);
    finder = s_find_on_thread (other, "P2T");
    SF_CHECK (finder.found == 1 && finder.statements == 1);
    SF_CHECK (sf_db_exec (other, "UPDATE sf_org_node SET name_en = 'Restored' WHERE code = 'P2T'", 0, NULL) == 1);
    SF_CHECK (sf_scope_cache_check (db) == 0);
    SF_CHECK (sf_org_find (db, "P2T", &node) == 1 && strcmp (node.name_en, "Restored") == 0);
    sf_scope_cache_clear ();
}

//  Two places (schemas) with the same generation: what was kept for one is not found for the
//  other, and each thread reads its own.
static void
s_cache_places (sf_db_t *db)
{
    sf_rows_t *rows = sf_db_query (db, "SELECT gen::text FROM sf_org_generation", 0, NULL);
    SF_CHECK (rows && sf_rows_count (rows) == 1);
    char generation [32];
    snprintf (generation, sizeof generation, "%s", sf_rows_text (rows, 0, 0));
    sf_rows_destroy (&rows);
    char *schema = sf_test_unique ("scope2");
    sf_db_t *second = sf_test_db (schema);
    SF_CHECK (sf_migrate (second, schema, "common", common_migrations) >= 10);
    SF_CHECK (sf_db_exec_script (second, s_org_sql) == 0);
    SF_CHECK (sf_db_exec (second, "UPDATE sf_org_node SET name_en = 'Second place' WHERE code = 'P2T'", 0, NULL) == 1);
    SF_CHECK (sf_db_exec (second, "UPDATE sf_org_generation SET gen = $1::bigint", 1,
                          (const char *const []) { generation }) == 1);

    sf_org_node_t node;
    SF_CHECK (sf_scope_cache_check (db) == 0);
    SF_CHECK (sf_org_find (db, "P2T", &node) == 1 && strcmp (node.name_en, "Second place") != 0);
    s_finder_t finder = s_find_on_thread (second, "P2T");
    SF_CHECK (finder.found == 1 && finder.statements == 1 && strcmp (finder.name_en, "Second place") == 0);
    SF_CHECK (sf_scope_cache_check (db) == 0);
    uint64_t before = sf_db_statements (db);
    SF_CHECK (sf_org_find (db, "P2T", &node) == 1 && strcmp (node.name_en, "Second place") != 0);
    SF_CHECK (sf_db_statements (db) - before == 1);
    sf_scope_cache_clear ();
    sf_test_drop_schema (second, schema);
    sf_db_destroy (&second);
    free (schema);
}

int
main (void)
{
    char *schema = sf_test_unique ("scope");
    sf_db_t *db = sf_test_db (schema);
    SF_CHECK (sf_migrate (db, schema, "common", common_migrations) >= 10);
    SF_CHECK (sf_db_exec_script (db, s_org_sql) == 0);
    sf_peer_t front = s_peer (SF_PEER_KIND_FRONT, "gateway", "");
    sf_scope_t scope;
    sf_actor_t actor;

    //  The gateway names mgr1, who claims admin on the company: a plant manager of P1 acts
    //  for P1, with the role the grant gives.
    s_actor (&actor, "mgr1", "admin", "C");
    SF_CHECK (s_resolve (db, &front, &actor, &scope) == SF_OK);
    SF_CHECK_STR (actor.org_node, "P1");
    SF_CHECK_STR (actor.plant, "P1");
    SF_CHECK (actor.role_count == 1);
    SF_CHECK_STR (actor.roles [0], SF_ROLE_PLANT_SAFETY_MANAGER);
    SF_CHECK (!sf_actor_has_role (&actor, "admin"));
    SF_CHECK (sf_scope_covers (db, &scope, NULL, SF_REACH_GRANT, "P1T") == 1);
    SF_CHECK (sf_scope_covers (db, &scope, "plant_safety_manager", SF_REACH_GRANT, "P1D") == 1);
    SF_CHECK (sf_scope_covers (db, &scope, "admin,ehs", SF_REACH_GRANT, "P1T") == 0);
    SF_CHECK (sf_scope_covers (db, &scope, NULL, SF_REACH_GRANT, "P2T") == 0);
    SF_CHECK (sf_scope_covers (db, &scope, NULL, SF_REACH_PLANT, "P2T") == 0);
    SF_CHECK (sf_scope_covers (db, &scope, NULL, SF_REACH_GRANT, "C") == 0);
    SF_CHECK (sf_scope_covers (db, &scope, NULL, SF_REACH_GRANT, "nowhere") == 0);
    sf_actor_clear (&actor);

    //  Acting for a team below the grant keeps that team.
    s_actor (&actor, "mgr1", NULL, "P1T");
    SF_CHECK (s_resolve (db, &front, &actor, &scope) == SF_OK);
    SF_CHECK_STR (actor.org_node, "P1T");
    SF_CHECK (sf_actor_has_role (&actor, SF_ROLE_PLANT_SAFETY_MANAGER));
    sf_actor_clear (&actor);

    //  The company admin reaches both plants.
    s_actor (&actor, "boss", NULL, "");
    SF_CHECK (s_resolve (db, &front, &actor, &scope) == SF_OK);
    SF_CHECK_STR (actor.org_node, "C");
    SF_CHECK (sf_scope_covers (db, &scope, "admin", SF_REACH_GRANT, "P2T") == 1);
    SF_CHECK (sf_scope_covers (db, &scope, "admin", SF_REACH_GRANT, "P1T") == 1);
    sf_actor_clear (&actor);

    //  No grants: worker on the employee's team; reaches its plant only where a route allows.
    s_actor (&actor, "worker1", "admin", "P2");
    SF_CHECK (s_resolve (db, &front, &actor, &scope) == SF_OK);
    SF_CHECK_STR (actor.org_node, "P1T");
    SF_CHECK (actor.role_count == 1);
    SF_CHECK_STR (actor.roles [0], SF_ROLE_WORKER);
    SF_CHECK (sf_scope_covers (db, &scope, NULL, SF_REACH_GRANT, "P1T") == 1);
    SF_CHECK (sf_scope_covers (db, &scope, NULL, SF_REACH_GRANT, "P1D") == 0);
    SF_CHECK (sf_scope_covers (db, &scope, NULL, SF_REACH_PLANT, "P1D") == 1);
    SF_CHECK (sf_scope_covers (db, &scope, NULL, SF_REACH_PLANT, "P2T") == 0);
    sf_actor_clear (&actor);

    //  Unknown and disabled accounts act for nothing; a trusted key must name one.
    s_actor (&actor, "nobody", NULL, "");
    SF_CHECK (s_resolve (db, &front, &actor, &scope) == SF_PERMISSION_DENIED);
    sf_actor_clear (&actor);
    s_actor (&actor, "", NULL, "");
    const sf_text_t *why;
    const char *subject;
    SF_CHECK (sf_scope_resolve (db, &front, &actor, &scope, &why, &subject) == SF_PERMISSION_DENIED);
    SF_CHECK (why == &SF_SCOPE_MSG_NAME_NEEDED && strcmp (subject, front.name) == 0);
    sf_actor_clear (&actor);
    s_actor (&actor, "gone", NULL, "");
    SF_CHECK (s_resolve (db, &front, &actor, &scope) == SF_PERMISSION_DENIED);
    sf_actor_clear (&actor);
    //  Nor does the account of an employee who has left (the node deactivated), grants or not.
    s_actor (&actor, "left", NULL, "");
    SF_CHECK (s_resolve (db, &front, &actor, &scope) == SF_PERMISSION_DENIED);
    sf_actor_clear (&actor);

    //  An operator key acts as its account only: the name in the request is not believed.
    sf_peer_t operator = s_peer (SF_PEER_KIND_OPERATOR, "ops-1", "mgr1");
    s_actor (&actor, "boss", "admin", "C");
    SF_CHECK (s_resolve (db, &operator, &actor, &scope) == SF_PERMISSION_DENIED);
    sf_actor_clear (&actor);
    s_actor (&actor, "", "admin", "C");
    SF_CHECK (s_resolve (db, &operator, &actor, &scope) == SF_OK);
    SF_CHECK_STR (actor.user_id, "mgr1");
    SF_CHECK (!sf_actor_has_role (&actor, "admin"));
    sf_actor_clear (&actor);
    sf_peer_t unbound = s_peer (SF_PEER_KIND_OPERATOR, "ops-2", "");
    s_actor (&actor, "boss", NULL, "");
    SF_CHECK (s_resolve (db, &unbound, &actor, &scope) == SF_PERMISSION_DENIED);
    sf_actor_clear (&actor);

    //  A daemon on its own jobs is the service, everywhere, for routes open to services.
    sf_peer_t daemon = s_peer (SF_PEER_KIND_DAEMON, "rectification", "");
    s_actor (&actor, "sf-rectification", SF_ROLE_SERVICE, "");
    SF_CHECK (s_resolve (db, &daemon, &actor, &scope) == SF_OK);
    SF_CHECK (scope.service);
    SF_CHECK (sf_scope_covers (db, &scope, "service,admin", SF_REACH_GRANT, "P2T") == 1);
    SF_CHECK (sf_scope_covers (db, &scope, "admin", SF_REACH_GRANT, "P2T") == 0);
    sf_actor_clear (&actor);
    //  ... but the gateway cannot claim to be one.
    s_actor (&actor, "sf-rectification", SF_ROLE_SERVICE, "");
    SF_CHECK (s_resolve (db, &front, &actor, &scope) == SF_PERMISSION_DENIED);
    sf_actor_clear (&actor);

    sf_db_options_t options;
    sf_test_db_options (schema, &options);
    sf_db_t *other = sf_db_new (&options);
    s_cache (db, other);
    s_cache_shared (db, other);
    s_cache_places (db);
    sf_db_destroy (&other);

    char script [256];
    snprintf (script, sizeof script, "DROP SCHEMA %s CASCADE", schema);
    SF_CHECK (sf_db_exec_script (db, script) == 0);
    sf_db_destroy (&db);
    free (schema);
    printf ("sf_scope_test: OK\n");
    return 0;
}
