/*  sf_idempotency: a command's key is claimed in the command's own transaction, before the
    handler runs; the reply is stored in that same transaction. A retry with the same key
    finds the committed reply and gets it back without running anything. Two attempts racing
    with the same key serialise on the key's row: the second waits for the first to commit
    (and then replays) or to roll back (and then runs).                                       */
#ifndef SF_IDEMPOTENCY_H_INCLUDED
#define SF_IDEMPOTENCY_H_INCLUDED

#include "sf_db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    SF_IDEM_NEW,        //  key claimed: run the command, then sf_idempotency_store
    SF_IDEM_REPLAY,     //  the command ran before: *reply holds the stored reply
    SF_IDEM_CONFLICT,   //  the key was used for a different request
    SF_IDEM_ERROR       //  database error; see sf_db_error
} sf_idem_result_t;

//  Fingerprint of what a key promises: the request type and body.
uint64_t sf_idempotency_fingerprint (const char *type, const uint8_t *body, size_t size);

//  Inside a transaction. On SF_IDEM_REPLAY the caller frees *reply.
sf_idem_result_t sf_idempotency_claim (sf_db_t *db, const char *key, const char *type,
                                       uint64_t fingerprint, uint8_t **reply, size_t *reply_size);

//  The claim's INSERT alone, deferred (sf_db_defer_counted): it goes out with the
//  transaction's next statement, and *claimed is then 1 (the key is this command's, as
//  SF_IDEM_NEW) or 0 (the key was there: roll back, and claim again with
//  sf_idempotency_claim to learn whether it replays or conflicts); -1 until it went out or
//  when its pipeline failed. A round trip saved on the common case. 0, or -1 when the
//  transaction was already lost. failing: a key already there fails the statement, and the
//  transaction, instead (SQLSTATE 23505, *claimed -2), so that the caller need not wait for
//  the count before COMMIT (a command sent in one round trip).
int sf_idempotency_claim_deferred (sf_db_t *db, const char *key, const char *type, uint64_t fingerprint,
                                   bool failing, int64_t *claimed);

//  Stores the encoded reply for a claimed key, deferred (sf_db_defer): it goes out with the
//  transaction's next statement or its COMMIT. Returns 0, or -1 when the transaction was
//  already lost.
int sf_idempotency_store (sf_db_t *db, const char *key, const uint8_t *reply, size_t size);

#endif
