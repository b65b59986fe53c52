/*  directory_store: every SQL statement of the org directory, and nothing else. Rows come
    back as directory.Node messages, ready to answer or to send as an event. Functions
    return 1 found / 0 not found for lookups, 0 / -1 for changes (-1: database error, see
    sf_db_error).                                                                          */
#ifndef DIRECTORY_STORE_H_INCLUDED
#define DIRECTORY_STORE_H_INCLUDED

#include "directory.pb-c.h"
#include "sf_db.h"

#define DIRECTORY_PATH_SEPARATOR "/"

typedef enum {
    DIRECTORY_LOCK_NONE,         //  a read
    DIRECTORY_LOCK_SHARE,        //  a parent receiving a child: no one may change it meanwhile,
                                 //  but other children may arrive at the same time
    DIRECTORY_LOCK_UPDATE        //  the node being changed
} directory_lock_t;

//  Serialises changes of the tree's shape: a create takes it shared (creates run side by
//  side), a move or an import exclusive, so a node created while its branch moves to
//  another plant cannot keep the old plant (a move's subtree update would not see it).
//  Held until the transaction ends. Queued (sf_db_defer): taken with the transaction's
//  next statement, whose error is then the lock's. Returns 0 or -1.
int directory_store_lock_tree (sf_db_t *db, bool exclusive);

//  Finds a node by code (with its parent's code), locking its row as asked. When found,
//  *node is a new message the caller destroys (sf_pb_destroy).
int directory_store_find (sf_db_t *db, const char *code, directory_lock_t lock, Directory__Node **node);

//  Inserts node under its parent (node->parent_code) in one statement: the parent's row
//  locked FOR SHARE as DIRECTORY_LOCK_SHARE locks it, and only when it is active and of a
//  kind that may hold the node's (directory_kind_parents).
//  Fills id, version, active and plant_code (the parent's; a plant's own code). Returns 0
//  inserted, 1 not (no such active parent of those kinds, or the code is taken: the caller
//  finds out which), -1 on a database error.
int directory_store_insert_under (sf_db_t *db, Directory__Node *node);

//  The same insert checked at commit (sf_route_t.checked_at_commit): node's id, version (1),
//  active (true) and plant_code are what the caller computed ahead (directory_handlers.c), and
//  the statement is queued, not waited for. It fails the transaction (SF001 from sf_expect,
//  23505 for a code taken) unless it inserted exactly that row. Returns 0 queued, -1 when the
//  transaction was already lost.
int directory_store_insert_under_checked (sf_db_t *db, const Directory__Node *node);

//  Inserts node (kind, code, names, parent_code, plant_code, employment_type); fills id and
//  version. Returns 0, 1 when the code is taken or a second company was refused, -1 on error.
int directory_store_insert (sf_db_t *db, Directory__Node *node);

//  1 when the company exists, 0 when not, -1 on error.
int directory_store_company_exists (sf_db_t *db);

//  Sets the names, bumps the version. Fills node->version.
int directory_store_rename (sf_db_t *db, Directory__Node *node);

//  Sets the parent and the plant of the node, bumps its version, and moves its whole
//  subtree into the new plant: each descendant whose plant changed gets a new version.
//  Returns those descendants, or NULL on error.
Directory__NodeList *directory_store_move (sf_db_t *db, Directory__Node *node);

int directory_store_deactivate (sf_db_t *db, Directory__Node *node);

//  Number of active children of node id, or -1.
int64_t directory_store_active_children (sf_db_t *db, int64_t id);

//  1 when node id is ancestor_id itself or lies under it, 0 otherwise, -1 on error.
int directory_store_is_within (sf_db_t *db, int64_t id, int64_t ancestor_id);

//  Lists: each returns a new list the caller destroys (sf_pb_destroy), or NULL on error.

//  The paged lists return at most size nodes; when more follow, *next is the key of the last
//  node returned, to continue after (the caller frees it), else NULL.

//  Pre-order subtree of root (depth relative to it), max_depth 0 = unlimited: the nodes
//  after the node whose key is after (NULL: from the root). A node's key is its path, the
//  codes from the root down to it joined by DIRECTORY_PATH_SEPARATOR (never in a code).
Directory__NodeList *directory_store_subtree (sf_db_t *db, int64_t root_id, bool include_inactive, int max_depth,
                                              const char *after, int size, char **next);

//  Ancestors of node id from the company down, the node last.
Directory__NodeList *directory_store_chain (sf_db_t *db, int64_t id);

//  Every node, inactive ones too, in id order: those with ids after after_id. A node's key
//  is its id.
Directory__NodeList *directory_store_export (sf_db_t *db, int64_t after_id, int size, char **next);

#endif
