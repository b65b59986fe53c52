/*  directory_store: the directory's SQL. Subtrees and chains are recursive queries over
    parent_id: an enterprise has thousands of nodes, not millions, and this keeps a move a
    one-row change plus the plant code of the moved subtree.                                 */
#include "directory_store.h"
#include "directory_rules.h"
#include "sf_pb.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NODE_COLUMNS \
    "n.id, n.kind, n.code, n.name_zh, n.name_en, coalesce (p.code, ''), n.plant_code, " \
    "n.employment_type, n.active, n.version"

static Directory__NodeList *s_read_list (sf_rows_t *rows, int depth_column);

static void
s_read_node (sf_rows_t *rows, int row, Directory__Node *node)
{
    node->id = sf_rows_int (rows, row, 0);
    node->kind = (Directory__Kind) sf_rows_int (rows, row, 1);
    sf_pb_set (&node->code, sf_rows_text (rows, row, 2));
    sf_pb_set (&node->name_zh, sf_rows_text (rows, row, 3));
    sf_pb_set (&node->name_en, sf_rows_text (rows, row, 4));
    sf_pb_set (&node->parent_code, sf_rows_text (rows, row, 5));
    sf_pb_set (&node->plant_code, sf_rows_text (rows, row, 6));
    node->employment_type = (Directory__EmploymentType) sf_rows_int (rows, row, 7);
    node->active = sf_rows_bool (rows, row, 8);
    node->version = sf_rows_int (rows, row, 9);
}

int
directory_store_lock_tree (sf_db_t *db, bool exclusive)
{
    //  Its answer says nothing: it goes out with the next statement (the parent's or the
    //  node's lookup), which the backend runs after it, holding it.
    //  Advisory locks are the database's: the schema in the key keeps directories of other
    //  schemas (the tests') out of each other's way.
    return sf_db_defer (db, exclusive
        ? "SELECT pg_advisory_xact_lock (hashtextextended (current_schema () || '/directory.tree', 0))"
        : "SELECT pg_advisory_xact_lock_shared (hashtextextended (current_schema () || '/directory.tree', 0))",
        0, NULL, NULL, NULL);
}

int
directory_store_find (sf_db_t *db, const char *code, directory_lock_t lock, Directory__Node **node)
{
    static const char *sql [] = {
        [DIRECTORY_LOCK_NONE] = "SELECT " NODE_COLUMNS " FROM org_node n "
            "LEFT JOIN org_node p ON p.id = n.parent_id WHERE n.code = $1",
        [DIRECTORY_LOCK_SHARE] = "SELECT " NODE_COLUMNS " FROM org_node n "
            "LEFT JOIN org_node p ON p.id = n.parent_id WHERE n.code = $1 FOR SHARE OF n",
        [DIRECTORY_LOCK_UPDATE] = "SELECT " NODE_COLUMNS " FROM org_node n "
            "LEFT JOIN org_node p ON p.id = n.parent_id WHERE n.code = $1 FOR UPDATE OF n",
    };
    const char *values [] = { code };
    sf_rows_t *rows = sf_db_query (db, sql [lock], 1, values);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows) == 1;
    if (found) {
        *node = sf_pb_new (&directory__node__descriptor);
        s_read_node (rows, 0, *node);
    }
    sf_rows_destroy (&rows);
    return found;
}

static void
s_int_text (char *buffer, size_t size, int64_t value)
{
    snprintf (buffer, size, "%lld", (long long) value);
}

//  Runs a statement whose single-row result is (id, version) and stores them in node.
static int
s_returning (sf_db_t *db, const char *sql, int nparams, const char *const *values, Directory__Node *node)
{
    sf_rows_t *rows = sf_db_query (db, sql, nparams, values);
    if (!rows)
        return -1;
    int rc = sf_rows_count (rows) == 1? 0: -1;
    if (rc == 0) {
        node->id = sf_rows_int (rows, 0, 0);
        node->version = sf_rows_int (rows, 0, 1);
    }
    sf_rows_destroy (&rows);
    return rc;
}

//  An INSERT's answer (RETURNING id, version, plant_code) into node: 0 inserted, 1 not (a
//  conflict), -1 when rows is NULL (a database error). Destroys rows.
static int
s_inserted (sf_rows_t *rows, Directory__Node *node)
{
    if (!rows)
        return -1;
    int rc = 1;
    if (sf_rows_count (rows) == 1) {
        node->id = sf_rows_int (rows, 0, 0);
        node->version = sf_rows_int (rows, 0, 1);
        sf_pb_set (&node->plant_code, sf_rows_text (rows, 0, 2));
        node->active = true;
        rc = 0;
    }
    sf_rows_destroy (&rows);
    return rc;
}

int
directory_store_insert (sf_db_t *db, Directory__Node *node)
{
    char kind [24], employment [24];
    s_int_text (kind, sizeof kind, node->kind);
    s_int_text (employment, sizeof employment, node->employment_type);
    const char *values [] = {
        kind, node->code, node->name_zh, node->name_en, node->parent_code, node->plant_code, employment
    };
    //  A taken code or a second company is a conflict, not an error: the transaction (and
    //  with it a CSV import's list of bad rows) stays usable.
    sf_rows_t *rows = sf_db_query (db,
        "INSERT INTO org_node (kind, code, name_zh, name_en, parent_id, plant_code, employment_type) "
        "VALUES ($1::smallint, $2, $3, $4, (SELECT id FROM org_node WHERE code = $5), $6, $7::smallint) "
        "ON CONFLICT DO NOTHING RETURNING id, version, plant_code", 7, values);
    return s_inserted (rows, node);
}

//  The insert under a parent: $1 kind, $2 code, $3 $4 names, $5 parent's code, $6 the plant
//  kind, $7 employment, $8 the kinds that may hold the node (directory_kind_parents).
#define S_INSERT_UNDER(id_column, id_value) \
    "INSERT INTO org_node (" id_column "kind, code, name_zh, name_en, parent_id, plant_code, employment_type) " \
    "SELECT " id_value "$1::smallint, $2, $3, $4, p.id, " \
    "CASE WHEN $1::smallint = $6::smallint THEN $2 ELSE p.plant_code END, " \
    "$7::smallint FROM (SELECT id, plant_code FROM org_node WHERE code = $5 AND active " \
    "AND kind = ANY ($8::smallint []) FOR SHARE) p "

//  Runs the insert under node's parent: read back into read_back (node itself), or without
//  read_back checked at commit (node's id and plant_code computed ahead).
static int
s_insert_under (sf_db_t *db, const Directory__Node *node, Directory__Node *read_back)
{
    int64_t kinds [DIRECTORY__KIND__KIND_EMPLOYEE];
    size_t count = directory_kind_parents (node->kind, kinds, DIRECTORY__KIND__KIND_EMPLOYEE);
    char *parents = sf_db_int_array_literal (kinds, count);
    char kind [24], employment [24], plant_kind [24], id [24];
    s_int_text (kind, sizeof kind, node->kind);
    s_int_text (employment, sizeof employment, node->employment_type);
    s_int_text (plant_kind, sizeof plant_kind, DIRECTORY__KIND__KIND_PLANT);
    s_int_text (id, sizeof id, node->id);
    const char *values [] = {
        kind, node->code, node->name_zh, node->name_en, node->parent_code, plant_kind, employment, parents,
        id, node->plant_code
    };
    int rc;
    if (!read_back)
        //  No ON CONFLICT: a code taken fails the transaction too.
        rc = sf_db_defer (db, "WITH inserted AS (" S_INSERT_UNDER ("id, ", "$9::bigint, ")
            "RETURNING plant_code, version) SELECT sf_expect ((SELECT count (*) = 1 "
            "AND bool_and (plant_code = $10 AND version = 1) FROM inserted), 'the node as computed ahead')",
            10, values, NULL, NULL);
    else
        rc = s_inserted (sf_db_query (db, S_INSERT_UNDER ("", "")
            "ON CONFLICT DO NOTHING RETURNING id, version, plant_code", 8, values), read_back);
    free (parents);
    return rc;
}

int
directory_store_insert_under (sf_db_t *db, Directory__Node *node)
{
    return s_insert_under (db, node, node);
}

int
directory_store_insert_under_checked (sf_db_t *db, const Directory__Node *node)
{
    return s_insert_under (db, node, NULL);
}

int
directory_store_company_exists (sf_db_t *db)
{
    char company [24];
    s_int_text (company, sizeof company, DIRECTORY__KIND__KIND_COMPANY);
    const char *values [] = { company };
    sf_rows_t *rows = sf_db_query (db, "SELECT 1 FROM org_node WHERE kind = $1::smallint", 1, values);
    if (!rows)
        return -1;
    int exists = sf_rows_count (rows) > 0;
    sf_rows_destroy (&rows);
    return exists;
}

int
directory_store_rename (sf_db_t *db, Directory__Node *node)
{
    char id [24];
    s_int_text (id, sizeof id, node->id);
    const char *values [] = { id, node->name_zh, node->name_en };
    return s_returning (db,
        "UPDATE org_node SET name_zh = $2, name_en = $3, version = version + 1, updated_at = now () "
        "WHERE id = $1::bigint RETURNING id, version", 3, values, node);
}

Directory__NodeList *
directory_store_move (sf_db_t *db, Directory__Node *node)
{
    char id [24];
    s_int_text (id, sizeof id, node->id);
    const char *values [] = { id, node->parent_code, node->plant_code };
    if (s_returning (db,
        "UPDATE org_node SET parent_id = (SELECT id FROM org_node WHERE code = $2), plant_code = $3, "
        "version = version + 1, updated_at = now () WHERE id = $1::bigint RETURNING id, version",
        3, values, node))
        return NULL;
    //  The subtree follows its root into the new plant; each node whose plant changes is a
    //  new version of it (a plant below the moved node keeps its own code).
    char plant [24];
    s_int_text (plant, sizeof plant, DIRECTORY__KIND__KIND_PLANT);
    const char *subtree [] = { id, node->plant_code, plant };
    return s_read_list (sf_db_query (db,
        "WITH RECURSIVE below AS ("
        "  SELECT id FROM org_node WHERE parent_id = $1::bigint AND kind <> $3::smallint"
        "  UNION ALL SELECT c.id FROM org_node c JOIN below b ON c.parent_id = b.id WHERE c.kind <> $3::smallint)"
        "UPDATE org_node n SET plant_code = $2, version = n.version + 1, updated_at = now () "
        "WHERE n.id IN (SELECT id FROM below) AND n.plant_code <> $2 "
        "RETURNING n.id, n.kind, n.code, n.name_zh, n.name_en, "
        "  coalesce ((SELECT p.code FROM org_node p WHERE p.id = n.parent_id), ''), n.plant_code, "
        "  n.employment_type, n.active, n.version", 3, subtree), -1);
}

int
directory_store_deactivate (sf_db_t *db, Directory__Node *node)
{
    char id [24];
    s_int_text (id, sizeof id, node->id);
    const char *values [] = { id };
    node->active = false;
    return s_returning (db,
        "UPDATE org_node SET active = false, version = version + 1, updated_at = now () "
        "WHERE id = $1::bigint RETURNING id, version", 1, values, node);
}

int64_t
directory_store_active_children (sf_db_t *db, int64_t id)
{
    char text [24];
    s_int_text (text, sizeof text, id);
    const char *values [] = { text };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT count(*) FROM org_node WHERE parent_id = $1::bigint AND active", 1, values);
    if (!rows)
        return -1;
    int64_t count = sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    return count;
}

int
directory_store_is_within (sf_db_t *db, int64_t id, int64_t ancestor_id)
{
    char node [24], ancestor [24];
    s_int_text (node, sizeof node, id);
    s_int_text (ancestor, sizeof ancestor, ancestor_id);
    const char *values [] = { node, ancestor };
    sf_rows_t *rows = sf_db_query (db,
        "WITH RECURSIVE up AS ("
        "  SELECT id, parent_id FROM org_node WHERE id = $1::bigint"
        "  UNION ALL SELECT p.id, p.parent_id FROM org_node p JOIN up ON p.id = up.parent_id)"
        "SELECT 1 FROM up WHERE id = $2::bigint", 2, values);
    if (!rows)
        return -1;
    int within = sf_rows_count (rows) > 0;
    sf_rows_destroy (&rows);
    return within;
}

//  The rows as a new list, destroying them; NULL for a failed query (rows NULL).
static Directory__NodeList *
s_read_list (sf_rows_t *rows, int depth_column)
{
    if (!rows)
        return NULL;
    Directory__NodeList *list = sf_pb_new (&directory__node_list__descriptor);
    for (int row = 0; row < sf_rows_count (rows); row++) {
        Directory__Node *node = sf_pb_add (&list->nodes, &list->n_nodes, &directory__node__descriptor);
        s_read_node (rows, row, node);
        if (depth_column >= 0)
            node->depth = (int) sf_rows_int (rows, row, depth_column);
    }
    sf_rows_destroy (&rows);
    return list;
}

//  Keeps the first size nodes of list (read with one more, to tell whether more follow); when
//  it had more, *next is the key of the last node kept, the text in key_column of its row.
static Directory__NodeList *
s_page (sf_rows_t *rows, int depth_column, int key_column, int size, char **next)
{
    *next = NULL;
    if (rows && sf_rows_count (rows) > size) {
        *next = strdup (sf_rows_text (rows, size - 1, key_column));
        assert (*next);
    }
    Directory__NodeList *list = s_read_list (rows, depth_column);
    while (list && list->n_nodes > (size_t) size)
        sf_pb_destroy (&list->nodes [--list->n_nodes]);
    return list;
}

Directory__NodeList *
directory_store_subtree (sf_db_t *db, int64_t root_id, bool include_inactive, int max_depth,
                         const char *after, int size, char **next)
{
    char root [24], depth [16], limit [16];
    s_int_text (root, sizeof root, root_id);
    s_int_text (depth, sizeof depth, max_depth);
    s_int_text (limit, sizeof limit, size + 1);
    const char *values [] = { root, include_inactive? "true": "false", depth, after, limit };
    //  Pre-order is the order of the paths (arrays of codes). A page reads the paths after
    //  $4, and the walk does not go down a branch whose every path sorts before it: the
    //  branch of a child with path P is skipped when P is less than $4 cut to P's length.
    sf_rows_t *rows = sf_db_query (db,
        "WITH RECURSIVE tree AS ("
        "  SELECT id, 0 AS depth, ARRAY[code] AS path FROM org_node WHERE id = $1::bigint"
        "  UNION ALL SELECT c.id, t.depth + 1, t.path || c.code FROM org_node c JOIN tree t ON c.parent_id = t.id"
        "  WHERE ($2::boolean OR c.active) AND ($3::int = 0 OR t.depth < $3::int)"
        "    AND ($4::text IS NULL"
        "         OR t.path || c.code >= (string_to_array ($4::text, '" DIRECTORY_PATH_SEPARATOR "'))[1:t.depth + 2]))"
        "SELECT " NODE_COLUMNS ", t.depth, array_to_string (t.path, '" DIRECTORY_PATH_SEPARATOR "') "
        "FROM tree t JOIN org_node n ON n.id = t.id LEFT JOIN org_node p ON p.id = n.parent_id "
        "WHERE $4::text IS NULL OR t.path > string_to_array ($4::text, '" DIRECTORY_PATH_SEPARATOR "') "
        "ORDER BY t.path LIMIT $5::int", 5, values);
    return s_page (rows, 10, 11, size, next);
}

Directory__NodeList *
directory_store_chain (sf_db_t *db, int64_t id)
{
    char text [24];
    s_int_text (text, sizeof text, id);
    const char *values [] = { text };
    return s_read_list (sf_db_query (db,
        "WITH RECURSIVE up AS ("
        "  SELECT id, parent_id, 0 AS height FROM org_node WHERE id = $1::bigint"
        "  UNION ALL SELECT p.id, p.parent_id, up.height + 1 FROM org_node p JOIN up ON p.id = up.parent_id)"
        "SELECT " NODE_COLUMNS ", (max (up.height) OVER () - up.height) AS depth "
        "FROM up JOIN org_node n ON n.id = up.id LEFT JOIN org_node p ON p.id = n.parent_id "
        "ORDER BY up.height DESC", 1, values), 10);
}

Directory__NodeList *
directory_store_export (sf_db_t *db, int64_t after_id, int size, char **next)
{
    char after [24], limit [16];
    s_int_text (after, sizeof after, after_id);
    s_int_text (limit, sizeof limit, size + 1);
    const char *values [] = { after, limit };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT " NODE_COLUMNS " FROM org_node n LEFT JOIN org_node p ON p.id = n.parent_id "
        "WHERE n.id > $1::bigint ORDER BY n.id LIMIT $2::int", 2, values);
    return s_page (rows, -1, 0, size, next);
}
