/*  notify_store: rows into messages.                                                     */
#include "notify_store.h"
#include "sf_pb.h"

#include <stdlib.h>
#include <string.h>

void
notify_store_split (const char *joined, char ***array, size_t *count)
{
    const char *start = joined;
    while (start && *start) {
        const char *end = strstr (start, NOTIFY_STORE_SEP);
        size_t length = end? (size_t) (end - start): strlen (start);
        char *item = strndup (start, length);
        if (item && *item)
            sf_pb_add_string (array, count, item);
        free (item);
        start = end? end + 1: NULL;
    }
}

Notify__Delivery *
notify_delivery_from_row (sf_rows_t *rows, int row, int column)
{
    Notify__Delivery *delivery = sf_pb_new (&notify__delivery__descriptor);
    int c = column;
    delivery->id = sf_rows_int (rows, row, c++);
    sf_pb_set (&delivery->event_id, sf_rows_text (rows, row, c++));
    sf_pb_set (&delivery->event_type, sf_rows_text (rows, row, c++));
    sf_pb_set (&delivery->unit_code, sf_rows_text (rows, row, c++));
    sf_pb_set (&delivery->plant_code, sf_rows_text (rows, row, c++));
    delivery->channel = (Notify__Channel) sf_rows_int (rows, row, c++);
    delivery->channel_id = sf_rows_int (rows, row, c++);
    notify_store_split (sf_rows_text (rows, row, c++), &delivery->recipients, &delivery->n_recipients);
    delivery->urgency = (Notify__Urgency) sf_rows_int (rows, row, c++);
    delivery->status = (Notify__DeliveryStatus) sf_rows_int (rows, row, c++);
    sf_pb_set (&delivery->subject, sf_rows_text (rows, row, c++));
    sf_pb_set (&delivery->text, sf_rows_text (rows, row, c++));
    sf_pb_set (&delivery->link, sf_rows_text (rows, row, c++));
    delivery->attempts = (int32_t) sf_rows_int (rows, row, c++);
    delivery->next_attempt_ms = sf_rows_int (rows, row, c++);
    sf_pb_set (&delivery->last_error_zh, sf_rows_text (rows, row, c++));
    sf_pb_set (&delivery->last_error_en, sf_rows_text (rows, row, c++));
    delivery->created_ms = sf_rows_int (rows, row, c++);
    delivery->sent_ms = sf_rows_int (rows, row, c++);
    delivery->acknowledged_ms = sf_rows_int (rows, row, c++);
    sf_pb_set (&delivery->acknowledged_by, sf_rows_text (rows, row, c++));
    delivery->escalation_step = (int32_t) sf_rows_int (rows, row, c++);
    delivery->parent_id = sf_rows_int (rows, row, c++);
    delivery->version = sf_rows_int (rows, row, c++);
    return delivery;
}

Notify__UnitChannel *
notify_channel_from_row (sf_rows_t *rows, int row, int column)
{
    Notify__UnitChannel *channel = sf_pb_new (&notify__unit_channel__descriptor);
    int c = column;
    channel->id = sf_rows_int (rows, row, c++);
    sf_pb_set (&channel->unit_code, sf_rows_text (rows, row, c++));
    channel->channel = (Notify__Channel) sf_rows_int (rows, row, c++);
    sf_pb_set (&channel->url, sf_rows_text (rows, row, c++));
    channel->secret_set = sf_rows_bool (rows, row, c++);
    const char *hint = sf_rows_text (rows, row, c++);
    sf_pb_set (&channel->secret_hint, channel->secret_set? hint: "");
    notify_store_split (sf_rows_text (rows, row, c++), &channel->recipients, &channel->n_recipients);
    sf_pb_set (&channel->language, sf_rows_text (rows, row, c++));
    sf_pb_set (&channel->quiet_from, sf_rows_text (rows, row, c++));
    sf_pb_set (&channel->quiet_to, sf_rows_text (rows, row, c++));
    sf_pb_set (&channel->digest_at, sf_rows_text (rows, row, c++));
    channel->enabled = sf_rows_bool (rows, row, c++);
    channel->version = sf_rows_int (rows, row, c++);
    channel->format = (Notify__MessageFormat) sf_rows_int (rows, row, c++);
    return channel;
}
