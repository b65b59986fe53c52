/*  directory_store_checked_test: a node inserted with its id and plant code computed ahead, against
    real PostgreSQL. The checked insert is only queued (no round trip before COMMIT) and the
    COMMIT stores the node exactly as the caller built it. A guessed plant code that no longer
    holds (the parent moved), a parent gone inactive or of the wrong kind, a code already taken:
    each fails the COMMIT (SF001, or 23505 for the code) and nothing of it stays.            */
#include "directory_rules.h"
#include "directory_store.h"
#include "sf_id_block.h"
#include "sf_migrate.h"
#include "sf_pb.h"
#include "sf_testkit.h"

#include <stdlib.h>
#include <string.h>

extern const sf_migration_t directory_migrations [];

static sf_db_t *
s_schema_db (char **schema)
{
    *schema = sf_test_unique ("directory_checked");
    sf_db_t *db = sf_test_db (*schema);
    SF_CHECK (sf_migrate (db, *schema, "common", common_migrations) >= 12);
    SF_CHECK (sf_migrate (db, *schema, "directory", directory_migrations) >= 4);
    //  C ── P1 ── D1 ── T1,  C ── P2,  D0 (inactive, under P1)
    sf_test_script (db,
        "INSERT INTO org_node (kind, code, name_zh, parent_id, plant_code) VALUES (1, 'C', 'C', NULL, '');"
        "INSERT INTO org_node (kind, code, name_zh, parent_id, plant_code) "
        "  SELECT 2, 'P1', 'P1', id, 'P1' FROM org_node WHERE code = 'C';"
        "INSERT INTO org_node (kind, code, name_zh, parent_id, plant_code) "
        "  SELECT 2, 'P2', 'P2', id, 'P2' FROM org_node WHERE code = 'C';"
        "INSERT INTO org_node (kind, code, name_zh, parent_id, plant_code) "
        "  SELECT 3, 'D1', 'D1', id, 'P1' FROM org_node WHERE code = 'P1';"
        "INSERT INTO org_node (kind, code, name_zh, parent_id, plant_code, active) "
        "  SELECT 3, 'D0', 'D0', id, 'P1', false FROM org_node WHERE code = 'P1';");
    return db;
}

//  A node of kind code under parent as CreateNode builds it ahead: id taken, plant guessed.
static Directory__Node *
s_node (sf_db_t *db, int kind, const char *code, const char *parent, const char *plant)
{
    Directory__Node *node = sf_pb_new (&directory__node__descriptor);
    node->kind = kind;
    sf_pb_set (&node->code, code);
    sf_pb_set (&node->name_zh, "班组");
    sf_pb_set (&node->name_en, "Team");
    sf_pb_set (&node->parent_code, parent);
    sf_pb_set (&node->plant_code, plant);
    SF_CHECK (sf_id_block_next (db, "org_node", &node->id) == 0);
    node->version = 1;
    node->active = true;
    return node;
}

//  Inserts the node checked at commit in a transaction of its own: "" when it committed (and
//  the row read back is the node), else the COMMIT's SQLSTATE (the row then absent).
static const char *
s_insert (sf_db_t *db, int kind, const char *code, const char *parent, const char *plant)
{
    static char state [8];
    Directory__Node *node = s_node (db, kind, code, parent, plant);
    SF_CHECK (sf_db_begin (db) == 0);
    uint64_t trips = sf_db_round_trips (db);
    SF_CHECK (directory_store_insert_under_checked (db, node) == 0);
    SF_CHECK (sf_db_round_trips (db) == trips);
    int committed = sf_db_commit (db);
    snprintf (state, sizeof state, "%s", committed? sf_db_sqlstate (db): "");
    Directory__Node *read = NULL;
    int found = directory_store_find (db, code, DIRECTORY_LOCK_NONE, &read);
    if (committed == 0) {
        SF_CHECK (found == 1 && sf_test_same_message (&node->base, &read->base));
        sf_pb_destroy (&read);
    }
    else
    if (found == 1) {
        //  A code already taken: the row there is the other one.
        SF_CHECK (read->id != node->id);
        sf_pb_destroy (&read);
    }
    sf_pb_destroy (&node);
    return state;
}

int
main (void)
{
    char *schema;
    sf_db_t *db = s_schema_db (&schema);

    //  Guessed right: stored as built (a team in the department's plant, a plant its own).
    SF_CHECK_STR (s_insert (db, DIRECTORY__KIND__KIND_TEAM, "T1", "D1", "P1"), "");
    SF_CHECK_STR (s_insert (db, DIRECTORY__KIND__KIND_PLANT, "P3", "C", "P3"), "");
    //  Guessed wrong: the department is in P1, not P2.
    SF_CHECK_STR (s_insert (db, DIRECTORY__KIND__KIND_TEAM, "T2", "D1", "P2"), "SF001");
    //  The parent moved to another plant after the guess.
    sf_test_script (db, "UPDATE org_node SET plant_code = 'P2' WHERE code = 'D1'");
    SF_CHECK_STR (s_insert (db, DIRECTORY__KIND__KIND_TEAM, "T3", "D1", "P1"), "SF001");
    SF_CHECK_STR (s_insert (db, DIRECTORY__KIND__KIND_TEAM, "T3", "D1", "P2"), "");
    //  An inactive parent, a missing one, one of a kind that cannot hold a team.
    SF_CHECK_STR (s_insert (db, DIRECTORY__KIND__KIND_TEAM, "T4", "D0", "P1"), "SF001");
    SF_CHECK_STR (s_insert (db, DIRECTORY__KIND__KIND_TEAM, "T4", "D-none", "P1"), "SF001");
    SF_CHECK_STR (s_insert (db, DIRECTORY__KIND__KIND_TEAM, "T4", "C", ""), "SF001");
    //  A code taken.
    SF_CHECK_STR (s_insert (db, DIRECTORY__KIND__KIND_TEAM, "T1", "D1", "P2"), "23505");
    //  What failed left nothing: C, P1, P2, P3, D1, D0, T1, T3.
    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM org_node", NULL) == 8);
    SF_CHECK (sf_test_scalar (db, "SELECT count (*) FROM org_node WHERE code IN ('T2', 'T4')", NULL) == 0);

    sf_test_drop_schema (db, schema);
    sf_db_destroy (&db);
    free (schema);
    printf ("directory_store_checked_test: OK\n");
    return 0;
}
