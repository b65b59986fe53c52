/*  sf_outbox: the write side of the transactional outbox.                                   */
#include "sf_outbox.h"
#include "sf_clock.h"
#include "sf_uuid.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  Gives the event its id and time when it has none.
static void
s_complete (sf_event_t *event)
{
    if (!event->event_id || !*event->event_id) {
        free (event->event_id);
        event->event_id = malloc (SF_UUID_LEN + 1);
        assert (event->event_id);
        sf_uuid_generate (event->event_id);
    }
    if (!event->occurred_ms)
        event->occurred_ms = sf_clock_now_ms ();
}

//  text, or "" for NULL.
static const char *
s_text (const char *text)
{
    return text? text: "";
}

int
sf_outbox_add (sf_db_t *db, const char *stream, sf_event_t *event)
{
    assert (sf_db_in_transaction (db));
    s_complete (event);
    size_t size;
    uint8_t *envelope = sf_event_encode (event, &size);
    char occurred [24];
    snprintf (occurred, sizeof occurred, "%lld", (long long) event->occurred_ms);
    const char *values [] = {
        event->event_id, stream, event->type, event->plant? event->plant: "", (const char *) envelope,
        s_text (event->aggregate_type), s_text (event->aggregate_id), s_text (event->actor.user_id),
        s_text (event->actor.org_node), occurred
    };
    const int lengths [] = { 0, 0, 0, 0, (int) size, 0, 0, 0, 0, 0 };
    const int formats [] = { 0, 0, 0, 0, 1, 0, 0, 0, 0, 0 };
    //  The event, and its line of the audit trail, in one statement, deferred: it goes out
    //  with the transaction's next statement or its COMMIT (sf_db_defer), and a failure
    //  fails that one. Rows of this command alone: side (sf_db_side).
    sf_db_side (db, true);
    int rc = sf_db_defer (db,
        "WITH o AS (INSERT INTO sf_outbox (event_id, stream, event_type, plant, envelope) "
        "VALUES ($1::uuid, $2, $3, $4, $5::bytea)) "
        "INSERT INTO sf_audit (event_id, aggregate_type, aggregate_id, event_type, actor, actor_unit, plant, occurred_at) "
        "VALUES ($1::uuid, $6, $7, $3, $8, $9, $4, to_timestamp ($10::bigint / 1000.0))",
        10, values, lengths, formats);
    sf_db_side (db, false);
    free (envelope);
    return rc;
}

//  A bytea in PostgreSQL's hex text form, "\\x0a1b...".
static char *
s_hex (const uint8_t *data, size_t size)
{
    static const char digits [] = "0123456789abcdef";
    char *text = malloc (2 * size + 3);
    assert (text);
    text [0] = '\\';
    text [1] = 'x';
    for (size_t index = 0; index < size; index++) {
        text [2 + 2 * index] = digits [data [index] >> 4];
        text [3 + 2 * index] = digits [data [index] & 15];
    }
    text [2 + 2 * size] = 0;
    return text;
}

//  The columns of a chunk: the outbox's four, then the audit trail's.
#define S_COLUMNS 9

//  One statement for up to SF_OUTBOX_CHUNK events: the columns unnested in order, into the
//  outbox and the audit trail.
static int
s_add_chunk (sf_db_t *db, const char *stream, sf_event_t *events, size_t count)
{
    char **columns [S_COLUMNS];
    for (int column = 0; column < S_COLUMNS; column++) {
        columns [column] = calloc (count, sizeof (char *));
        assert (columns [column]);
    }
    for (size_t index = 0; index < count; index++) {
        sf_event_t *event = &events [index];
        s_complete (event);
        size_t size;
        uint8_t *envelope = sf_event_encode (event, &size);
        columns [0][index] = strdup (event->event_id);
        columns [1][index] = strdup (event->type? event->type: "");
        columns [2][index] = strdup (event->plant? event->plant: "");
        columns [3][index] = s_hex (envelope, size);
        free (envelope);
        columns [4][index] = strdup (s_text (event->aggregate_type));
        columns [5][index] = strdup (s_text (event->aggregate_id));
        columns [6][index] = strdup (s_text (event->actor.user_id));
        columns [7][index] = strdup (s_text (event->actor.org_node));
        char occurred [24];
        snprintf (occurred, sizeof occurred, "%lld", (long long) event->occurred_ms);
        columns [8][index] = strdup (occurred);
    }
    char *arrays [S_COLUMNS];
    for (int column = 0; column < S_COLUMNS; column++) {
        arrays [column] = sf_db_array_literal (columns [column], count);
        for (size_t index = 0; index < count; index++)
            free (columns [column][index]);
        free (columns [column]);
    }
    const char *values [] = {
        stream, arrays [0], arrays [1], arrays [2], arrays [3], arrays [4], arrays [5], arrays [6], arrays [7],
        arrays [8]
    };
    int64_t added = sf_db_exec (db,
        "WITH e AS (SELECT * FROM unnest ($2::text[], $3::text[], $4::text[], $5::bytea[], $6::text[], $7::text[],"
        " $8::text[], $9::text[], $10::bigint[])"
        " WITH ORDINALITY e (id, type, plant, envelope, aggregate_type, aggregate_id, actor, actor_unit, occurred_ms, n)),"
        " o AS (INSERT INTO sf_outbox (event_id, stream, event_type, plant, envelope)"
        " SELECT e.id::uuid, $1, e.type, e.plant, e.envelope FROM e ORDER BY e.n) "
        "INSERT INTO sf_audit (event_id, aggregate_type, aggregate_id, event_type, actor, actor_unit, plant, occurred_at) "
        "SELECT e.id::uuid, e.aggregate_type, e.aggregate_id, e.type, e.actor, e.actor_unit, e.plant,"
        " to_timestamp (e.occurred_ms / 1000.0) FROM e", 10, values);
    for (int column = 0; column < S_COLUMNS; column++)
        free (arrays [column]);
    return added == (int64_t) count? 0: -1;
}

int
sf_outbox_add_many (sf_db_t *db, const char *stream, sf_event_t *events, size_t count)
{
    assert (sf_db_in_transaction (db));
    for (size_t done = 0; done < count; done += SF_OUTBOX_CHUNK) {
        size_t chunk = count - done < SF_OUTBOX_CHUNK? count - done: SF_OUTBOX_CHUNK;
        if (s_add_chunk (db, stream, events + done, chunk))
            return -1;
    }
    return 0;
}

int64_t
sf_outbox_pending (sf_db_t *db)
{
    sf_rows_t *rows = sf_db_query (db, "SELECT count(*) FROM sf_outbox WHERE published_at IS NULL", 0, NULL);
    if (!rows)
        return -1;
    int64_t pending = sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    return pending;
}
