/*  sf_idempotency: claim with INSERT .. ON CONFLICT DO NOTHING, so the unique index does the
    waiting between racing attempts; the reply is filled in before commit.                   */
#include "sf_idempotency.h"

#include <assert.h>
#include <string.h>

//  FNV-1a, 64 bits: a request fingerprint, not a security measure.
static uint64_t
s_fnv (uint64_t hash, const uint8_t *data, size_t size)
{
    for (size_t i = 0; i < size; i++) {
        hash ^= data [i];
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

uint64_t
sf_idempotency_fingerprint (const char *type, const uint8_t *body, size_t size)
{
    uint64_t hash = s_fnv (0xcbf29ce484222325ULL, (const uint8_t *) type, strlen (type) + 1);
    return s_fnv (hash, body, size);
}

static void
s_fingerprint_bytes (uint64_t fingerprint, uint8_t bytes [8])
{
    for (int i = 0; i < 8; i++)
        bytes [i] = (uint8_t) (fingerprint >> (56 - 8 * i));
}

//  The claim: key and type as text, the fingerprint's 8 bytes binary.
static const char *s_claim_sql =
    "INSERT INTO sf_idempotency (key, request_type, request_hash) VALUES ($1, $2, $3) "
    "ON CONFLICT (key) DO NOTHING";
static const char *s_claim_failing_sql =
    "INSERT INTO sf_idempotency (key, request_type, request_hash) VALUES ($1, $2, $3)";
static const int s_claim_lengths [] = { 0, 0, 8 };
static const int s_claim_formats [] = { 0, 0, 1 };

int
sf_idempotency_claim_deferred (sf_db_t *db, const char *key, const char *type, uint64_t fingerprint,
                               bool failing, int64_t *claimed)
{
    uint8_t hash [8];
    s_fingerprint_bytes (fingerprint, hash);
    const char *values [] = { key, type, (const char *) hash };
    //  The key's own row: side (sf_db_side). Two commands of one key in a gathered group: the
    //  later claim counts 0 whichever goes first, and the group runs again.
    sf_db_side (db, true);
    int rc = sf_db_defer_counted (db, failing? s_claim_failing_sql: s_claim_sql, 3, values, s_claim_lengths,
                                  s_claim_formats, claimed);
    sf_db_side (db, false);
    return rc;
}

sf_idem_result_t
sf_idempotency_claim (sf_db_t *db, const char *key, const char *type, uint64_t fingerprint,
                      uint8_t **reply, size_t *reply_size)
{
    assert (sf_db_in_transaction (db));
    uint8_t hash [8];
    s_fingerprint_bytes (fingerprint, hash);
    const char *values [] = { key, type, (const char *) hash };
    sf_rows_t *rows = sf_db_query_ex (db, s_claim_sql, 3, values, s_claim_lengths, s_claim_formats);
    if (!rows)
        return SF_IDEM_ERROR;
    int64_t inserted = sf_rows_affected (rows);
    sf_rows_destroy (&rows);
    if (inserted == 1)
        return SF_IDEM_NEW;

    rows = sf_db_query_ex (db,
        "SELECT request_hash = $2, reply FROM sf_idempotency WHERE key = $1",
        2, (const char *const []) { key, (const char *) hash }, (const int []) { 0, 8 },
        (const int []) { 0, 1 });
    if (!rows)
        return SF_IDEM_ERROR;
    sf_idem_result_t result = SF_IDEM_CONFLICT;
    if (sf_rows_count (rows) == 1 && sf_rows_bool (rows, 0, 0) && !sf_rows_is_null (rows, 0, 1)) {
        *reply = sf_rows_bytes (rows, 0, 1, reply_size);
        result = SF_IDEM_REPLAY;
    }
    sf_rows_destroy (&rows);
    return result;
}

int
sf_idempotency_store (sf_db_t *db, const char *key, const uint8_t *reply, size_t size)
{
    const char *values [] = { key, (const char *) reply };
    const int lengths [] = { 0, (int) size };
    const int formats [] = { 0, 1 };
    //  Deferred: it goes out with COMMIT (or the next command's first statement). Its own row:
    //  side (sf_db_side).
    sf_db_side (db, true);
    int rc = sf_db_defer (db, "UPDATE sf_idempotency SET reply = $2 WHERE key = $1", 2, values, lengths, formats);
    sf_db_side (db, false);
    return rc;
}
