/*  notify_store: delivery and unit_channel rows into the contract's messages, the one
    converter every area uses (README_log.md). Select NOTIFY_DELIVERY_COLUMNS (or
    NOTIFY_CHANNEL_COLUMNS) first in a query on "delivery d" ("unit_channel c"), then hand each
    row to the converter. A channel's secret never leaves the database through here: the
    message gets secret_set and the last 4 characters only.                                  */
#ifndef NOTIFY_STORE_H_INCLUDED
#define NOTIFY_STORE_H_INCLUDED

#include "notify.pb-c.h"
#include "sf_db.h"

//  Recipients travel as one text joined by this separator (never in a login or an address).
#define NOTIFY_STORE_SEP "\x1f"

#define NOTIFY_DELIVERY_COLUMNS \
    "d.id, d.event_id, d.event_type, d.unit_code, d.plant_code, d.channel, COALESCE (d.channel_id, 0)," \
    " array_to_string (d.recipients, E'\\x1f'), d.urgency, d.status, d.subject, d.text, d.link, d.attempts," \
    " d.next_attempt_ms, d.last_error_zh, d.last_error_en, d.created_ms, d.sent_ms, d.acknowledged_ms," \
    " d.acknowledged_by, d.escalation_step, COALESCE (d.parent_id, 0), d.version"
#define NOTIFY_DELIVERY_COLUMN_COUNT 24

#define NOTIFY_CHANNEL_COLUMNS \
    "c.id, c.unit_code, c.channel, c.url, c.secret <> '', right (c.secret, 4)," \
    " array_to_string (c.recipients, E'\\x1f'), c.language, c.quiet_from, c.quiet_to, c.digest_at, c.enabled," \
    " c.version, c.format"
#define NOTIFY_CHANNEL_COLUMN_COUNT 14

//  The delivery of row (columns from column on, as NOTIFY_DELIVERY_COLUMNS). Caller destroys.
Notify__Delivery *notify_delivery_from_row (sf_rows_t *rows, int row, int column);

//  The channel of row (NOTIFY_CHANNEL_COLUMNS from column on), secret left empty.
Notify__UnitChannel *notify_channel_from_row (sf_rows_t *rows, int row, int column);

//  Splits joined (NOTIFY_STORE_SEP) into a repeated string field.
void notify_store_split (const char *joined, char ***array, size_t *count);

#endif
