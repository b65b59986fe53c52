/*  sf_audit: one object's lines of the audit trail.                                        */
#include "sf_audit.h"
#include "sf_page.h"
#include "sf_pb.h"
#include "sf_scope.h"
#include "sf_admin.pb-c.h"

#include <stdio.h>
#include <stdlib.h>

int
sf_audit_history_units (sf_call_t *call, sf_scope_units_t *units)
{
    const Sf__History *request = SF_CALL_BODY (call, Sf__History);
    const char *values [] = { request->aggregate_type, request->aggregate_id };
    //  The plants the object's lines name; "" (a company-level object) stands for the roots.
    sf_rows_t *rows = sf_db_query (call->db,
        "WITH p AS (SELECT DISTINCT plant FROM sf_audit WHERE aggregate_type = $1 AND aggregate_id = $2) "
        "SELECT plant FROM p WHERE plant <> '' "
        "UNION SELECT code FROM sf_org_node WHERE coalesce (parent_code, '') = '' AND EXISTS "
        "(SELECT 1 FROM p WHERE plant = '') ORDER BY 1 LIMIT 4", 2, values);
    if (!rows)
        return -1;
    int count = sf_rows_count (rows);
    for (int i = 0; i < count; i++)
        sf_scope_units_add (units, sf_rows_text (rows, i, 0));
    sf_rows_destroy (&rows);
    return count? 0: 1;
}

void
sf_audit_history_handle (sf_call_t *call)
{
    const Sf__History *request = SF_CALL_BODY (call, Sf__History);
    sf_page_t page;
    if (sf_page_open (call, request->page_size, request->page_token, 2, &page))
        return;
    char size [16];
    snprintf (size, sizeof size, "%d", page.size + 1);
    const char *values [] = {
        request->aggregate_type, request->aggregate_id, size,
        page.after? page.after [0]: "", page.after? page.after [1]: ""
    };
    //  Keys: the time in microseconds, then the event id.
    sf_rows_t *rows = sf_db_query (call->db,
        "SELECT event_id::text, event_type, actor, actor_unit, plant,"
        " (extract (epoch FROM occurred_at) * 1000)::bigint,"
        " (extract (epoch FROM occurred_at) * 1000000)::bigint::text "
        "FROM sf_audit WHERE aggregate_type = $1 AND aggregate_id = $2"
        " AND ($4 = '' OR (occurred_at, event_id) > (timestamptz 'epoch' + nullif ($4, '')::bigint * interval '1 microsecond', nullif ($5, '')::uuid)) "
        "ORDER BY occurred_at, event_id LIMIT $3::int", 5, values);
    if (!rows) {
        sf_page_close (&page);
        sf_call_fail_db (call, "reading the audit trail");
        return;
    }
    Sf__HistoryReply *reply = sf_pb_new (&sf__history_reply__descriptor);
    int count = sf_rows_count (rows);
    int shown = count > page.size? page.size: count;
    if (count == 0)
        sf_call_fail (call, SF_NOT_FOUND, NULL);
    for (int i = 0; i < shown; i++) {
        Sf__HistoryEntry *entry = sf_pb_add (&reply->entries, &reply->n_entries, &sf__history_entry__descriptor);
        sf_pb_set (&entry->event_id, sf_rows_text (rows, i, 0));
        sf_pb_set (&entry->event_type, sf_rows_text (rows, i, 1));
        sf_pb_set (&entry->actor, sf_rows_text (rows, i, 2));
        sf_pb_set (&entry->actor_unit, sf_rows_text (rows, i, 3));
        sf_pb_set (&entry->plant, sf_rows_text (rows, i, 4));
        entry->occurred_ms = sf_rows_int (rows, i, 5);
    }
    if (count > page.size) {
        const char *keys [] = { sf_rows_text (rows, shown - 1, 6), sf_rows_text (rows, shown - 1, 0) };
        char *token = sf_page_token (call, keys, 2);
        sf_pb_set (&reply->next_page_token, token);
        free (token);
    }
    if (count)
        sf_call_reply (call, &reply->base);
    sf_rows_destroy (&rows);
    sf_pb_destroy (&reply);
    sf_page_close (&page);
}
