/*  directory_password: Argon2id through libsodium, and a bound on how many hashes run at once. */
#include "directory_password.h"
#include "sf_utf8.h"

#include <assert.h>
#include <strings.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t s_sodium_once = PTHREAD_ONCE_INIT;
static atomic_int s_hashing;

static void
s_sodium_init (void)
{
    //  sodium_init fails only when the system has no source of randomness: then no salt can
    //  be made, and no password may be stored.
    int rc = sodium_init ();
    assert (rc >= 0);
    (void) rc;
}

//  True when needle occurs in haystack, ASCII letters compared without case.
static bool
s_contains_nocase (const char *haystack, const char *needle)
{
    size_t size = strlen (needle), length = strlen (haystack);
    for (size_t start = 0; size && start + size <= length; start++)
        if (strncasecmp (haystack + start, needle, size) == 0)
            return true;
    return false;
}

directory_password_verdict_t
directory_password_check (const directory_password_policy_t *policy, const char *login, const char *password)
{
    size_t chars = sf_utf8_chars (password, strlen (password));
    if (chars < (size_t) policy->min_chars)
        return DIRECTORY_PASSWORD_SHORT;
    if (chars > (size_t) policy->max_chars)
        return DIRECTORY_PASSWORD_LONG;
    if (s_contains_nocase (password, login))
        return DIRECTORY_PASSWORD_HAS_LOGIN;
    return DIRECTORY_PASSWORD_OK;
}

bool
directory_password_enter (void)
{
    pthread_once (&s_sodium_once, s_sodium_init);
    int running = atomic_fetch_add (&s_hashing, 1);
    if (running < DIRECTORY_PASSWORD_HASHES_AT_ONCE)
        return true;
    atomic_fetch_sub (&s_hashing, 1);
    return false;
}

void
directory_password_leave (void)
{
    int running = atomic_fetch_sub (&s_hashing, 1);
    assert (running > 0);
    (void) running;
}

char *
directory_password_hash (const directory_password_policy_t *policy, const char *password)
{
    char *hash = malloc (crypto_pwhash_STRBYTES);
    if (hash && crypto_pwhash_str_alg (hash, password, strlen (password), policy->hash_ops,
                                       policy->hash_mem_bytes, crypto_pwhash_ALG_ARGON2ID13) != 0) {
        free (hash);
        hash = NULL;
    }
    return hash;
}

bool
directory_password_verify (const char *hash, const char *password)
{
    return crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
}

bool
directory_password_needs_rehash (const directory_password_policy_t *policy, const char *hash)
{
    //  -1 (not an Argon2id string at all) also asks for a new hash.
    return crypto_pwhash_str_needs_rehash (hash, policy->hash_ops, policy->hash_mem_bytes) != 0;
}

void
directory_password_burn (const directory_password_policy_t *policy, const char *password)
{
    char *hash = directory_password_hash (policy, password);
    free (hash);
}
