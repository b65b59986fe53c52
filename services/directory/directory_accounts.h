/*  directory_accounts: the account request types (people who log in, their passwords and
    their role grants); their rows in the route table of directory_handlers.c. Rules in
    services/directory/README.md, "Accounts".                                                */
#ifndef DIRECTORY_ACCOUNTS_H_INCLUDED
#define DIRECTORY_ACCOUNTS_H_INCLUDED

#include "sf_rpc_server.h"

//  Who may reset another's password without the old one.
#define DIRECTORY_PASSWORD_RESET_ROLES "admin,org_admin,service"

//  The units of the account a request names in its field "login" (sf_scope_of_fn): its
//  employee's node; 1 when there is no such account (the handler says not_found).
int directory_account_units (sf_call_t *call, sf_scope_units_t *units);
//  The same, but one's own account is within one's own unit, whatever one's roles: anyone may
//  read their account and change their password.
int directory_own_account_units (sf_call_t *call, sf_scope_units_t *units);

void directory_create_account (sf_call_t *call);
void directory_set_password (sf_call_t *call);
void directory_disable_account (sf_call_t *call);
void directory_enable_account (sf_call_t *call);
void directory_grant_role (sf_call_t *call);
void directory_revoke_role (sf_call_t *call);
void directory_get_account (sf_call_t *call);
void directory_list_accounts (sf_call_t *call);
void directory_login (sf_call_t *call);

#endif
