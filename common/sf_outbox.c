/*  sf_outbox: the write side of the transactional outbox.                                   */
#include "sf_outbox.h"
#include "sf_clock.h"
#include "sf_uuid.h"

#include <assert.h>
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

int
sf_outbox_add (sf_db_t *db, const char *stream, sf_event_t *event)
{
    assert (sf_db_in_transaction (db));
    s_complete (event);
    size_t size;
    uint8_t *envelope = sf_event_encode (event, &size);
    const char *values [] = {
        event->event_id, stream, event->type, event->plant? event->plant: "", (const char *) envelope
    };
    const int lengths [] = { 0, 0, 0, 0, (int) size };
    const int formats [] = { 0, 0, 0, 0, 1 };
    sf_rows_t *rows = sf_db_query_ex (db,
        "INSERT INTO sf_outbox (event_id, stream, event_type, plant, envelope) "
        "VALUES ($1::uuid, $2, $3, $4, $5::bytea)", 5, values, lengths, formats);
    free (envelope);
    if (!rows)
        return -1;
    sf_rows_destroy (&rows);
    return 0;
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

//  One statement for up to SF_OUTBOX_CHUNK events: four arrays unnested in order.
static int
s_add_chunk (sf_db_t *db, const char *stream, sf_event_t *events, size_t count)
{
    char **columns [4];
    for (int column = 0; column < 4; column++) {
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
    }
    char *arrays [4];
    for (int column = 0; column < 4; column++) {
        arrays [column] = sf_db_array_literal (columns [column], count);
        for (size_t index = 0; index < count; index++)
            free (columns [column][index]);
        free (columns [column]);
    }
    const char *values [] = { stream, arrays [0], arrays [1], arrays [2], arrays [3] };
    int64_t added = sf_db_exec (db,
        "INSERT INTO sf_outbox (event_id, stream, event_type, plant, envelope) "
        "SELECT e.id::uuid, $1, e.type, e.plant, e.envelope "
        "FROM unnest ($2::text[], $3::text[], $4::text[], $5::bytea[]) WITH ORDINALITY e (id, type, plant, envelope, n) "
        "ORDER BY e.n", 5, values);
    for (int column = 0; column < 4; column++)
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
