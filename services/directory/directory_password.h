/*  directory_password: what a password must be and how it is kept. The policy is data (table
    password_policy, each value with its source; directory_account_store reads it); the hash
    is Argon2id through libsodium (crypto_pwhash_str_alg, ALG_ARGON2ID13) at the policy's cost,
    and a stored hash made at another cost is replaced at its owner's next login.

    Hashing is slow on purpose (some 50 ms and 19 MiB at the policy's cost), and it runs on the
    rpc worker thread that runs the command: the worker's database session waits meanwhile, the
    other workers go on. So that logins cannot take every worker, at most
    DIRECTORY_PASSWORD_HASHES_AT_ONCE hashes run at a time in the daemon; a command that finds
    them all busy is refused unavailable (retryable) rather than waiting on a worker. No SQL
    here: the store reads the policy and the list of refused passwords.                      */
#ifndef DIRECTORY_PASSWORD_H_INCLUDED
#define DIRECTORY_PASSWORD_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>

//  Half the rpc workers a daemon has by default (rpc.workers = 4): the other half always
//  serve the org's reads and writes, and memory stays bounded (2 x hash_mem_kib).
#define DIRECTORY_PASSWORD_HASHES_AT_ONCE 2

typedef struct {
    int min_chars;                      //  Unicode code points
    int max_chars;
    unsigned long long hash_ops;        //  Argon2id passes (t)
    size_t hash_mem_bytes;              //  Argon2id memory (m)
} directory_password_policy_t;

typedef enum {
    DIRECTORY_PASSWORD_OK,
    DIRECTORY_PASSWORD_SHORT,
    DIRECTORY_PASSWORD_LONG,
    DIRECTORY_PASSWORD_HAS_LOGIN,       //  the login inside it, in any letter case
} directory_password_verdict_t;

//  Checks a new password's length and that it does not hold the login (the list of common
//  passwords is the store's: directory_account_store_password_denied).
directory_password_verdict_t directory_password_check (const directory_password_policy_t *policy,
                                                       const char *login, const char *password);

//  Takes one of the DIRECTORY_PASSWORD_HASHES_AT_ONCE places: true, or false when all are
//  taken. Every hash, verify and burn below runs between enter and leave.
bool directory_password_enter (void);
void directory_password_leave (void);

//  The Argon2id hash of password at the policy's cost, as libsodium's string ($argon2id$...);
//  the caller frees it. NULL when libsodium failed (out of memory).
char *directory_password_hash (const directory_password_policy_t *policy, const char *password);

//  True when password matches hash (in the time libsodium's verify takes, whatever the answer).
bool directory_password_verify (const char *hash, const char *password);

//  True when hash was made at another cost than the policy's, or with another algorithm.
bool directory_password_needs_rehash (const directory_password_policy_t *policy, const char *hash);

//  The work of a verify at the policy's cost, for a login that does not exist, so that an
//  unknown login takes as long to refuse as a wrong password.
void directory_password_burn (const directory_password_policy_t *policy, const char *password);

#endif
