/*  directory_account_store: the SQL of accounts, grants, roles and the password policy.
    Grants are read for a whole page of accounts in one query (login = ANY of the page).     */
#include "directory_account_store.h"
#include "sf_pb.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_KIB 1024

#define S_ACCOUNT_COLUMNS "a.login, a.employee_code, a.disabled, a.version"

static void
s_read_account (sf_rows_t *rows, int row, Directory__Account *account)
{
    sf_pb_set (&account->login, sf_rows_text (rows, row, 0));
    sf_pb_set (&account->employee_code, sf_rows_text (rows, row, 1));
    account->disabled = sf_rows_bool (rows, row, 2);
    account->version = sf_rows_int (rows, row, 3);
}

//  Reads the grants of accounts [0, count) in one query, in (node_code, role) order each.
//  Logins are [a-z0-9._-] (directory_login_valid), so the array literal needs no quoting.
static int
s_read_grants (sf_db_t *db, Directory__Account **accounts, size_t count)
{
    if (count == 0)
        return 0;
    size_t size = 3;
    for (size_t i = 0; i < count; i++)
        size += strlen (accounts [i]->login) + 1;
    char *logins = malloc (size);
    assert (logins);
    char *at = logins;
    *at++ = '{';
    for (size_t i = 0; i < count; i++)
        at += sprintf (at, "%s%s", i? ",": "", accounts [i]->login);
    strcpy (at, "}");
    for (size_t i = 0; i < count; i++)
        while (accounts [i]->n_grants)
            sf_pb_destroy (&accounts [i]->grants [--accounts [i]->n_grants]);
    const char *values [] = { logins };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT login, role, node_code, granted_by, (extract (epoch FROM granted_at) * 1000)::bigint "
        "FROM account_grant WHERE login = ANY ($1::text[]) ORDER BY login, node_code, role", 1, values);
    free (logins);
    if (!rows)
        return -1;
    size_t owner = 0;
    for (int row = 0; row < sf_rows_count (rows); row++) {
        const char *login = sf_rows_text (rows, row, 0);
        while (owner < count && strcmp (accounts [owner]->login, login) != 0)
            owner++;
        if (owner == count)
            break;          //  not in login order: cannot be, the accounts are read in order too
        Directory__Account *account = accounts [owner];
        Directory__Grant *grant = sf_pb_add (&account->grants, &account->n_grants, &directory__grant__descriptor);
        sf_pb_set (&grant->role, sf_rows_text (rows, row, 1));
        sf_pb_set (&grant->node_code, sf_rows_text (rows, row, 2));
        sf_pb_set (&grant->granted_by, sf_rows_text (rows, row, 3));
        grant->granted_ms = sf_rows_int (rows, row, 4);
    }
    sf_rows_destroy (&rows);
    return 0;
}

int
directory_account_store_policy (sf_db_t *db, directory_password_policy_t *policy)
{
    sf_rows_t *rows = sf_db_query (db,
        "SELECT (SELECT value FROM password_policy WHERE name = 'min_chars'),"
        " (SELECT value FROM password_policy WHERE name = 'max_chars'),"
        " (SELECT value FROM password_policy WHERE name = 'hash_ops'),"
        " (SELECT value FROM password_policy WHERE name = 'hash_mem_kib')", 0, NULL);
    if (!rows)
        return -1;
    int rc = 0;
    for (int column = 0; column < 4; column++)
        if (sf_rows_is_null (rows, 0, column))
            rc = -1;
    if (rc == 0) {
        policy->min_chars = (int) sf_rows_int (rows, 0, 0);
        policy->max_chars = (int) sf_rows_int (rows, 0, 1);
        policy->hash_ops = (unsigned long long) sf_rows_int (rows, 0, 2);
        policy->hash_mem_bytes = (size_t) sf_rows_int (rows, 0, 3) * S_KIB;
    }
    sf_rows_destroy (&rows);
    return rc;
}

//  Runs a query with one parameter; 1 when it answers a row, 0 when none, -1 on error.
static int
s_exists (sf_db_t *db, const char *sql, const char *value)
{
    const char *values [] = { value };
    sf_rows_t *rows = sf_db_query (db, sql, 1, values);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows) > 0;
    sf_rows_destroy (&rows);
    return found;
}

int
directory_account_store_password_denied (sf_db_t *db, const char *password)
{
    return s_exists (db, "SELECT 1 FROM password_denied WHERE password = lower ($1)", password);
}

int
directory_account_store_role_known (sf_db_t *db, const char *role)
{
    return s_exists (db, "SELECT 1 FROM role WHERE code = $1", role);
}

static char *
s_copy (const char *text)
{
    char *copy = strdup (text);
    assert (copy);
    return copy;
}

int
directory_account_store_find (sf_db_t *db, const char *login, bool lock, Directory__Account **account,
                              char **hash, char **plant)
{
    const char *values [] = { login };
    sf_rows_t *rows = sf_db_query (db, lock
        ? "SELECT " S_ACCOUNT_COLUMNS ", a.password_hash, n.plant_code FROM account a "
          "JOIN org_node n ON n.code = a.employee_code WHERE a.login = $1 FOR UPDATE OF a"
        : "SELECT " S_ACCOUNT_COLUMNS ", a.password_hash, n.plant_code FROM account a "
          "JOIN org_node n ON n.code = a.employee_code WHERE a.login = $1", 1, values);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows) == 1;
    if (found) {
        *account = sf_pb_new (&directory__account__descriptor);
        s_read_account (rows, 0, *account);
        if (hash)
            *hash = s_copy (sf_rows_text (rows, 0, 4));
        if (plant)
            *plant = s_copy (sf_rows_text (rows, 0, 5));
    }
    sf_rows_destroy (&rows);
    if (found && s_read_grants (db, account, 1)) {
        sf_pb_destroy (account);
        if (hash) {
            free (*hash);
            *hash = NULL;
        }
        if (plant) {
            free (*plant);
            *plant = NULL;
        }
        return -1;
    }
    return found;
}

//  Runs a statement whose result is the account's new version, at most one row. Returns 1
//  when it answered one (version filled), 0 when none, -1 on error.
static int
s_versioned (sf_db_t *db, const char *sql, int nparams, const char *const *values, Directory__Account *account)
{
    sf_rows_t *rows = sf_db_query (db, sql, nparams, values);
    if (!rows)
        return -1;
    int changed = sf_rows_count (rows) == 1;
    if (changed)
        account->version = sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    return changed;
}

int
directory_account_store_insert (sf_db_t *db, Directory__Account *account, const char *hash)
{
    const char *values [] = { account->login, account->employee_code, hash };
    //  A taken login is a refusal, not an error: the transaction stays usable.
    int inserted = s_versioned (db,
        "INSERT INTO account (login, employee_code, password_hash) VALUES ($1, $2, $3) "
        "ON CONFLICT DO NOTHING RETURNING version", 3, values, account);
    return inserted < 0? -1: inserted? 0: 1;
}

int
directory_account_store_set_hash (sf_db_t *db, Directory__Account *account, const char *hash, bool new_version)
{
    const char *values [] = { account->login, hash, new_version? "1": "0" };
    return s_versioned (db,
        "UPDATE account SET password_hash = $2, version = version + $3::int, updated_at = now () "
        "WHERE login = $1 RETURNING version", 3, values, account) == 1? 0: -1;
}

int
directory_account_store_set_disabled (sf_db_t *db, Directory__Account *account)
{
    const char *values [] = { account->login, account->disabled? "true": "false" };
    return s_versioned (db,
        "UPDATE account SET disabled = $2::boolean, version = version + 1, updated_at = now () "
        "WHERE login = $1 RETURNING version", 2, values, account) == 1? 0: -1;
}

//  After a grant changed: version + 1 and the grants read again. 1, or -1.
static int
s_grants_changed (sf_db_t *db, Directory__Account *account)
{
    const char *values [] = { account->login };
    if (s_versioned (db, "UPDATE account SET version = version + 1, updated_at = now () "
                         "WHERE login = $1 RETURNING version", 1, values, account) != 1)
        return -1;
    Directory__Account *accounts [] = { account };
    return s_read_grants (db, accounts, 1) == 0? 1: -1;
}

int
directory_account_store_grant (sf_db_t *db, Directory__Account *account, const char *role,
                               const char *node_code, const char *granted_by)
{
    const char *values [] = { account->login, role, node_code, granted_by };
    int64_t added = sf_db_exec (db,
        "INSERT INTO account_grant (login, role, node_code, granted_by) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT DO NOTHING", 4, values);
    if (added < 0)
        return -1;
    return added? s_grants_changed (db, account): 0;
}

int
directory_account_store_revoke (sf_db_t *db, Directory__Account *account, const char *role, const char *node_code)
{
    const char *values [] = { account->login, role, node_code };
    int64_t removed = sf_db_exec (db,
        "DELETE FROM account_grant WHERE login = $1 AND role = $2 AND node_code = $3", 3, values);
    if (removed < 0)
        return -1;
    return removed? s_grants_changed (db, account): 0;
}

Directory__AccountList *
directory_account_store_list (sf_db_t *db, const char *after_login, int size,
                              char *const *within, size_t within_count, char **next)
{
    char limit [16];
    snprintf (limit, sizeof limit, "%d", size + 1);
    char *roots = within? sf_db_array_literal (within, within_count): NULL;
    const char *values [] = { after_login, limit, roots };
    sf_rows_t *rows = sf_db_query (db,
        "WITH RECURSIVE below (id, code) AS ("
        " SELECT id, code FROM org_node WHERE code = ANY ($3::text[])"
        " UNION SELECT n.id, n.code FROM org_node n JOIN below b ON n.parent_id = b.id)"
        " SELECT " S_ACCOUNT_COLUMNS " FROM account a WHERE ($1::text IS NULL OR a.login > $1)"
        " AND ($3::text[] IS NULL OR a.employee_code IN (SELECT code FROM below))"
        " ORDER BY a.login LIMIT $2::int", 3, values);
    free (roots);
    *next = NULL;
    if (!rows)
        return NULL;
    Directory__AccountList *list = sf_pb_new (&directory__account_list__descriptor);
    int count = sf_rows_count (rows);
    for (int row = 0; row < count && row < size; row++)
        s_read_account (rows, row, sf_pb_add (&list->accounts, &list->n_accounts, &directory__account__descriptor));
    if (count > size)
        *next = s_copy (sf_rows_text (rows, size - 1, 0));
    sf_rows_destroy (&rows);
    if (s_read_grants (db, list->accounts, list->n_accounts)) {
        sf_pb_destroy (&list);
        free (*next);
        *next = NULL;
    }
    return list;
}
