/*  sf_outbox: the write side of the transactional outbox.                                   */
#include "sf_outbox.h"
#include "sf_clock.h"
#include "sf_uuid.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

int
sf_outbox_add (sf_db_t *db, const char *stream, sf_event_t *event)
{
    assert (sf_db_in_transaction (db));
    if (!event->event_id || !*event->event_id) {
        free (event->event_id);
        event->event_id = malloc (SF_UUID_LEN + 1);
        assert (event->event_id);
        sf_uuid_generate (event->event_id);
    }
    if (!event->occurred_ms)
        event->occurred_ms = sf_clock_now_ms ();
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
