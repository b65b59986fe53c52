/*  sf_org: a service's own copy of the org directory, kept by applying the directory's
    events (stream sf_stream_name (SF_ORG_TOPIC)) through sf_consumer, so a service checks
    units and walks the chain of command in its own schema, in its own transaction, while
    the directory may be down. The copy lives in sf_org_node (common migration 006); a
    node's row is replaced only by a higher version of the node (directory.Node.version,
    which the directory also sends as aggregate_version), so duplicates and late events are
    harmless. Events applied out of order can still leave, for a moment, a tree the
    directory never had, even a loop (a node moved under its former child before the
    child's own move arrives): the walks below end there all the same. The copy lags the
    directory by the relay's delay: a unit created a moment ago may not be known yet
    (callers say so in their error).
    The directory's accounts and their role grants are copied the same way (common migration
    008: sf_org_account, sf_org_grant), from the directory.account_* and directory.grant_*
    events, each carrying the whole account with its grants; an account's row and its set of
    grants are replaced together, only by a higher version. No password hash is ever copied.  */
#ifndef SF_ORG_H_INCLUDED
#define SF_ORG_H_INCLUDED

#include "sf_consumer.h"
#include "sf_db.h"
#include "directory.pb-c.h"

#include <stdbool.h>

#define SF_ORG_TOPIC "org"              //  the directory publishes on sf_stream_name (SF_ORG_TOPIC)

//  directory.Kind, by the generated values: the copy stores and compares what the directory
//  sends, so the two can never drift.
typedef enum {
    SF_ORG_COMPANY = DIRECTORY__KIND__KIND_COMPANY,
    SF_ORG_PLANT = DIRECTORY__KIND__KIND_PLANT,
    SF_ORG_DEPARTMENT = DIRECTORY__KIND__KIND_DEPARTMENT,
    SF_ORG_TEAM = DIRECTORY__KIND__KIND_TEAM,
    SF_ORG_POST = DIRECTORY__KIND__KIND_POST,
    SF_ORG_EMPLOYEE = DIRECTORY__KIND__KIND_EMPLOYEE
} sf_org_kind_t;

typedef struct {
    char code [33];
    int kind;                    //  sf_org_kind_t
    char parent_code [33];       //  empty for the company
    char plant_code [33];        //  empty at company level
    char name_zh [260];          //  64 characters of up to 4 bytes
    char name_en [260];
    bool active;
    int64_t version;
} sf_org_node_t;

typedef struct {
    char login [65];             //  [a-z0-9._-]{3,64}
    char employee_code [33];
    bool disabled;
    int64_t version;
} sf_org_account_t;

typedef struct {
    char role [33];              //  a code of the role catalogue (sf_roles.h)
    char node_code [33];         //  the grant covers this node and everything below it
} sf_org_grant_t;

//  The consumer handler that applies org.unit_* and org.employee_* events to sf_org_node,
//  and directory.account_* and directory.grant_* events to sf_org_account and sf_org_grant
//  (arg unused). Other event types are skipped (0); an event whose payload is not a
//  readable, storable directory.Node or directory.Account fails (-1), so the consumer
//  dead-letters it. All nodes are kept, inactive ones too (active false), and all accounts,
//  disabled ones too.
sf_consumer_fn sf_org_apply;

//  Reads the whole org from the directory at directory_endpoint (directory.ExportNodes, then
//  the accounts with directory.ListAccounts, a page at a time, each applied in a transaction
//  of its own like events: version-checked),
//  so a copy is complete even when the stream no longer holds the org's history (trimmed by
//  age, or lost by Redis). db must not be in a transaction. Returns the number of nodes
//  read, or -1 when the directory did not answer or the database failed (logged); the copy
//  then keeps what it had and the stream goes on.
int64_t sf_org_sync (sf_db_t *db, const char *directory_endpoint, int timeout_ms);

//  Finds code. Returns 1 found, 0 not known, -1 on a database error. node may be NULL. In
//  an rpc worker's checked job, a node found before in the same org generation is answered
//  from the thread's memory (sf_scope_cache.h).
int sf_org_find (sf_db_t *db, const char *code, sf_org_node_t *node);

//  Finds login in the copy of the accounts. Returns 1 found, 0 not known, -1 on a database
//  error. account may be NULL.
int sf_org_account_find (sf_db_t *db, const char *login, sf_org_account_t *account);

//  The grants of login that count: at most max of them into grants, in (node_code, role)
//  order. Returns how many the account holds (more than max when grants was too small), 0
//  for an account unknown to the copy or disabled (it may do nothing), -1 on a database error.
int sf_org_account_grants (sf_db_t *db, const char *login, sf_org_grant_t *grants, int max);

//  1 when code is ancestor or lies below it, 0 when not (or either is unknown), -1 on error.
int sf_org_within (sf_db_t *db, const char *code, const char *ancestor);

//  The nearest node of kind at or above code (its department, its plant, the company).
//  Returns 1 found, 0 none, -1 on a database error. node may be NULL.
int sf_org_ancestor_of_kind (sf_db_t *db, const char *code, int kind, sf_org_node_t *node);

//  SQL for the codes of a subtree, for use inside a service's own queries:
//  "code IN (" SF_ORG_SUBTREE_SQL ("$1") ")" selects every node at or below $1 (none when
//  $1 is unknown). UNION, not UNION ALL: a loop in the copy yields codes already seen,
//  which ends the walk instead of running until statement_timeout.
#define SF_ORG_SUBTREE_SQL(param) \
    "WITH RECURSIVE sf_sub (code) AS (SELECT code FROM sf_org_node WHERE code = " param \
    " UNION SELECT n.code FROM sf_org_node n JOIN sf_sub s ON n.parent_code = s.code)" \
    " SELECT code FROM sf_sub"

#endif
