/*  directory_account_store: every SQL statement about accounts, their grants, the role
    catalogue and the password policy. Accounts come back as directory.Account messages with
    their grants, ready to answer or to send as an event; the password hash only ever leaves
    through the separate out parameter of find. Lookups return 1 found / 0 not found, changes
    0 / -1 (-1: database error, see sf_db_error).                                          */
#ifndef DIRECTORY_ACCOUNT_STORE_H_INCLUDED
#define DIRECTORY_ACCOUNT_STORE_H_INCLUDED

#include "directory.pb-c.h"
#include "directory_password.h"
#include "sf_db.h"

//  Reads table password_policy. Returns 0, or -1 (also when a value is missing).
int directory_account_store_policy (sf_db_t *db, directory_password_policy_t *policy);

//  1 when password, lower-cased, is in table password_denied; 0 when not; -1 on error.
int directory_account_store_password_denied (sf_db_t *db, const char *password);

//  1 when role is a code of the catalogue (table role), 0 when not, -1 on error.
int directory_account_store_role_known (sf_db_t *db, const char *role);

//  Finds login, its row locked FOR UPDATE when lock. When found, *account is a new message
//  with its grants (sf_pb_destroy); *hash (unless hash is NULL) the stored password hash and
//  *plant (unless NULL) the plant of its employee, both for the caller to free.
int directory_account_store_find (sf_db_t *db, const char *login, bool lock, Directory__Account **account,
                                  char **hash, char **plant);

//  Inserts account (login, employee_code) with hash; fills version. Returns 0, 1 when the
//  login is taken, -1 on error.
int directory_account_store_insert (sf_db_t *db, Directory__Account *account, const char *hash);

//  Stores a new hash. With new_version the account's version grows by one (a password
//  changed), without (the same password rehashed at a new cost) it stays. Fills version.
int directory_account_store_set_hash (sf_db_t *db, Directory__Account *account, const char *hash, bool new_version);

//  Sets account->disabled, version + 1.
int directory_account_store_set_disabled (sf_db_t *db, Directory__Account *account);

//  Adds or removes a grant of account (whose row the caller locked). Returns 1 when it
//  changed something (then version + 1 and account->grants read again), 0 when the grant was
//  already there (add) or not there (remove), -1 on error.
int directory_account_store_grant (sf_db_t *db, Directory__Account *account, const char *role,
                                   const char *node_code, const char *granted_by);
int directory_account_store_revoke (sf_db_t *db, Directory__Account *account, const char *role,
                                    const char *node_code);

//  Every account in login order: at most size after after_login (NULL: from the first); when
//  more follow, *next is the last login returned (the caller frees it), else NULL. within
//  (unless NULL) keeps only the accounts whose employees lie at or below one of its
//  within_count node codes. A new list (sf_pb_destroy), or NULL on error.
Directory__AccountList *directory_account_store_list (sf_db_t *db, const char *after_login, int size,
                                                      char *const *within, size_t within_count, char **next);

#endif
