/*  directory_account_messages: every text the account commands show a person, in
    Simplified Chinese and English (sf_text_t; both formats take the same arguments, named in
    the comment beside each).                                                               */
#ifndef DIRECTORY_ACCOUNT_MESSAGES_H_INCLUDED
#define DIRECTORY_ACCOUNT_MESSAGES_H_INCLUDED

#include "sf_status.h"

//  (const char *login, int min_chars, int max_chars)
extern const sf_text_t DIRECTORY_MSG_BAD_LOGIN;
//  (const char *login)
extern const sf_text_t DIRECTORY_MSG_ACCOUNT_EXISTS;
//  (const char *login)
extern const sf_text_t DIRECTORY_MSG_ACCOUNT_NOT_FOUND;
//  (const char *login)
extern const sf_text_t DIRECTORY_MSG_ACCOUNT_DISABLED;
//  (const char *employee_code)
extern const sf_text_t DIRECTORY_MSG_EMPLOYEE_UNKNOWN;
//  (const char *employee_code)
extern const sf_text_t DIRECTORY_MSG_EMPLOYEE_INACTIVE;
//  (int min_chars)
extern const sf_text_t DIRECTORY_MSG_PASSWORD_SHORT;
//  (int max_chars)
extern const sf_text_t DIRECTORY_MSG_PASSWORD_LONG;
//  ()
extern const sf_text_t DIRECTORY_MSG_PASSWORD_HAS_LOGIN;
//  ()
extern const sf_text_t DIRECTORY_MSG_PASSWORD_COMMON;
//  ()
extern const sf_text_t DIRECTORY_MSG_PASSWORD_SAME;
//  ()
extern const sf_text_t DIRECTORY_MSG_OLD_PASSWORD_NEEDED;
//  (): the one reason of every failed login or old-password check, whichever part was wrong.
extern const sf_text_t DIRECTORY_MSG_LOGIN_FAILED;
//  (const char *login)
extern const sf_text_t DIRECTORY_MSG_NOT_YOUR_ACCOUNT;
//  (): too many passwords being hashed at once.
extern const sf_text_t DIRECTORY_MSG_HASHING_BUSY;
//  (): libsodium could not hash (out of memory).
extern const sf_text_t DIRECTORY_MSG_HASHING_FAILED;
//  (const char *role)
extern const sf_text_t DIRECTORY_MSG_ROLE_UNKNOWN;
//  (const char *node_code)
extern const sf_text_t DIRECTORY_MSG_GRANT_NODE_UNKNOWN;
//  (const char *node_code)
extern const sf_text_t DIRECTORY_MSG_GRANT_NODE_INACTIVE;
//  (const char *node_code)
extern const sf_text_t DIRECTORY_MSG_GRANT_ON_EMPLOYEE;
//  (const char *login, const char *role, const char *node_code)
extern const sf_text_t DIRECTORY_MSG_GRANT_NOT_FOUND;
//  (const char *role): the daemons' own role, granted to no account.
extern const sf_text_t DIRECTORY_MSG_ROLE_NOT_GRANTABLE;
//  (const char *role): admin, granted or revoked by an actor that is no admin.
extern const sf_text_t DIRECTORY_MSG_ADMIN_GRANT_NEEDS_ADMIN;

#endif
