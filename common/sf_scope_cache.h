/*  sf_scope_cache: what sf_scope and sf_org_find read of the org copy (an account with its
    grants, the codes above a unit, a node by its code), kept while the copy's generation
    (sf_org_generation, moved by a trigger in every transaction that changes the copy,
    migration 010) stays the same.

    An rpc worker checks the generation once per job of requests (sf_scope_cache_check, one
    statement, in the group's transaction: it goes out with BEGIN; for a group of writes,
    sf_scope_cache_check_deferred, with the group's first statement) and then admits every
    request of the job from memory: the three or four statements sf_scope would run for each
    become none. What a job admits may then rest on the copy as it stood when the job began,
    a few milliseconds earlier; the copy itself follows the directory by the stream's delay,
    so that adds nothing anyone could rely on. Outside a checked job (sf_scope_cache_off, and
    in any other thread) sf_scope and sf_org_find read the tables every time.

    What is kept is kept once for the process, under a mutex, for one place (sf_db_place:
    database and schema; a process normally has one) and the generation its threads last
    checked there: what one worker read, the others find (a node is read once
    per process and generation, not once per worker). A thread uses it only while the place
    and generation it checked are those: a thread behind reads its session. A thread whose
    deferred check has not been answered "still that generation" keeps nothing (what it reads
    may be of a newer copy than the generation it names).                                  */
#ifndef SF_SCOPE_CACHE_H_INCLUDED
#define SF_SCOPE_CACHE_H_INCLUDED

#include "sf_db.h"
#include "sf_scope.h"

#include <stdbool.h>

//  Reads the generation on db; when it differs from what the process keeps, forgets that.
//  Turns the cache on for this thread, for that generation. 0, or -1 on a database error
//  (the cache then stays off).
int sf_scope_cache_check (sf_db_t *db);

//  The same check without a round trip of its own, for a job that can run again: when this
//  thread knows a generation, the cache is on at once and a statement asking whether the
//  generation is still that one is queued (sf_db_defer_counted, in the open transaction:
//  it goes out with the job's first statement that has an answer). *same is then 1 when it
//  was, 0 when the copy moved on (the job, which may have admitted on the old copy, runs
//  again after a sf_scope_cache_check, which moves to the new generation), -1 until the answer
//  came. A thread that knows no generation yet checks at once (*same 1, or -1 when that
//  failed). 0, or -1 on a database error (the cache then stays off). failing: a generation
//  that moved fails the statement, and the transaction, instead (sf_expect, SQLSTATE SF001,
//  *same -2), so that the caller need not wait for the answer before COMMIT.
int sf_scope_cache_check_deferred (sf_db_t *db, bool failing, int64_t *same);
//  Turns the cache off for this thread (what was kept stays for the next check).
void sf_scope_cache_off (void);

//  Forgets which generation this thread checked and turns its cache off (the thread is
//  ending). What the process keeps stays for its other threads.
void sf_scope_cache_clear (void);

//  For sf_scope. An account's load (s_load_account's answer: rc, account, grants): true
//  when kept, copied out.
bool sf_scope_cache_account (const char *login, int *rc, sf_org_account_t *account, sf_scope_t *scope);
void sf_scope_cache_account_keep (const char *login, int rc, const sf_org_account_t *account,
                                  const sf_scope_t *scope);

//  The codes at and above a unit, nearest first, and its plant (s_ancestors' answer).
typedef char sf_scope_code_t [sizeof (((sf_org_node_t *) 0)->code)];
bool sf_scope_cache_ancestors (const char *unit, int max, sf_scope_code_t *up, int *count, sf_scope_code_t *plant);
void sf_scope_cache_ancestors_keep (const char *unit, const sf_scope_code_t *up, int count,
                                    const sf_scope_code_t *plant);

//  Whether this thread admits from what it kept (the org tables are a copy no command writes):
//  then reads of them are side (sf_db_side) in a gathered group.
bool sf_scope_cache_active (void);

//  For sf_org_find. A node found by code: true when kept, copied out.
bool sf_scope_cache_node (const char *code, sf_org_node_t *node);
void sf_scope_cache_node_keep (const sf_org_node_t *node);

#endif
