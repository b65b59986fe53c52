/*  The SSE stream's pure parts (gateway_sse.h): entry positions, the topics of
    gateway.daemons, cursors (round trip, URL-safe, refusals), filters, events as JSON and
    frames.                                                                                   */
#include "gateway_describe.h"
#include "gateway_sse.h"
#include "sf_envelope.h"
#include "sf_testkit.h"
#include "inspection.pb-c.h"

#include <stdlib.h>
#include <string.h>

static void
s_positions (void)
{
    gw_sse_pos_t pos;
    SF_CHECK (gw_sse_pos_parse ("1733212345678-3", &pos) == 0 && pos.ms == 1733212345678ULL && pos.seq == 3);
    char text [48];
    gw_sse_pos_format (pos, text, sizeof text);
    SF_CHECK_STR (text, "1733212345678-3");
    SF_CHECK (gw_sse_pos_parse ("18446744073709551615-18446744073709551615", &pos) == 0 && pos.ms == UINT64_MAX);
    const char *bad [] = { "", "1", "-1", "1-", "1-x", "a-1", "18446744073709551616-0", "1--2", "1-2-3", NULL };
    for (int i = 0; bad [i]; i++)
        SF_CHECK (gw_sse_pos_parse (bad [i], &pos) == -1);
    gw_sse_pos_t a = { 5, 1 }, b = { 5, 2 }, c = { 6, 0 };
    SF_CHECK (gw_sse_pos_cmp (a, b) < 0 && gw_sse_pos_cmp (b, c) < 0 && gw_sse_pos_cmp (c, a) > 0 && gw_sse_pos_cmp (a, a) == 0);
}

static void
s_note (const char *name, const char *endpoint, void *arg)
{
    char *seen = arg;
    snprintf (seen + strlen (seen), 256 - strlen (seen), "%s=%s;", name, endpoint);
}

static void
s_topics (void)
{
    gw_sse_topics_t topics;
    SF_CHECK (gw_sse_topics_from_daemons (&topics, "directory=tcp://127.0.0.1:1,inspection=tcp://127.0.0.1:2,"
                                          "rectification=tcp://127.0.0.1:3") == 0);
    SF_CHECK (topics.count == 3);
    SF_CHECK_STR (topics.names [0], "org");
    SF_CHECK_STR (topics.names [1], "inspection");
    SF_CHECK_STR (topics.names [2], "rectification");
    SF_CHECK (gw_sse_topics_from_daemons (&topics, "inspection=tcp://a,inspection=tcp://b") == 0 && topics.count == 1);
    SF_CHECK (gw_sse_topics_from_daemons (&topics, "inspection") == -1);
    //  Several instances of a daemon: the entries after name=endpoint without a name.
    SF_CHECK (gw_sse_topics_from_daemons (&topics, "directory=tcp://a:1, tcp://b:2,inspection=tcp://c:3") == 0);
    SF_CHECK (topics.count == 2);
    SF_CHECK (gw_sse_topics_from_daemons (&topics, "tcp://a:1,directory=tcp://b:2") == -1);
    char seen [256] = "";
    SF_CHECK (gw_describe_each_daemon ("directory=tcp://a:1, tcp://b:2 ,inspection=tcp://c:3", s_note, seen) == 0);
    SF_CHECK_STR (seen, "directory=tcp://a:1,tcp://b:2;inspection=tcp://c:3;");
    SF_CHECK (gw_sse_topics_from_daemons (&topics, "Bad-Name=tcp://a") == -1);
}

static void
s_cursors (void)
{
    gw_sse_topics_t topics;
    SF_CHECK (gw_sse_topics_from_daemons (&topics, "directory=a,inspection=b,rectification=c") == 0);
    gw_sse_pos_t positions [GW_SSE_TOPICS_MAX] = { { 1733212345678ULL, 0 }, { 0, 0 }, { UINT64_MAX, 35 } };
    char text [GW_SSE_CURSOR_MAX];
    gw_sse_cursor_encode (&topics, positions, text);
    //  URL-safe (RFC 3986 unreserved), compact, the empty stream left out.
    SF_CHECK (strspn (text, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~") == strlen (text));
    SF_CHECK (strstr (text, "inspection") == NULL);
    SF_CHECK (strlen (text) < 50);
    gw_sse_pos_t back [GW_SSE_TOPICS_MAX];
    SF_CHECK (gw_sse_cursor_decode (&topics, text, back) == 0);
    for (size_t i = 0; i < topics.count; i++)
        SF_CHECK (gw_sse_pos_cmp (back [i], positions [i]) == 0);
    //  Nothing yet anywhere: "0", read back as every stream at its start.
    gw_sse_pos_t zero [GW_SSE_TOPICS_MAX] = { { 0, 0 } };
    gw_sse_cursor_encode (&topics, zero, text);
    SF_CHECK_STR (text, "0");
    SF_CHECK (gw_sse_cursor_decode (&topics, "0", back) == 0 && back [0].ms == 0 && back [2].ms == 0);
    //  A topic no longer followed is passed over; one not named is at its start.
    SF_CHECK (gw_sse_cursor_decode (&topics, "training.a.1~org.z.2", back) == 0);
    SF_CHECK (back [0].ms == 35 && back [0].seq == 2 && back [1].ms == 0 && back [2].ms == 0);
    const char *bad [] = { "", "x", "org", "org.1", "org.1.", "org..1", "ORG.1.1", "org.A.1", "org.1.2~", "~org.1.2",
                           "org.1.2~~org.1.2", "org.zzzzzzzzzzzzzz.0", "org.1.2.3", "org 1 2", NULL };
    for (int i = 0; bad [i]; i++) {
        if (gw_sse_cursor_decode (&topics, bad [i], back) != -1)
            fprintf (stderr, "cursor '%s' was taken\n", bad [i]);
        SF_CHECK (gw_sse_cursor_decode (&topics, bad [i], back) == -1);
    }
    char *huge = malloc (4000);
    memset (huge, 'a', 3999);
    huge [3999] = 0;
    SF_CHECK (gw_sse_cursor_decode (&topics, huge, back) == -1);
    free (huge);
}

static void
s_filters (void)
{
    gw_sse_filter_t filter;
    SF_CHECK (gw_sse_filter_parse (&filter, NULL, NULL) == 0);
    SF_CHECK (gw_sse_filter_match (&filter, "inspection.finding_reported", "P01"));
    SF_CHECK (gw_sse_filter_match (&filter, "org.unit_created", ""));
    gw_sse_filter_clear (&filter);
    SF_CHECK (gw_sse_filter_parse (&filter, "inspection.finding_reported,rectification.*", "P01") == 0);
    SF_CHECK (filter.type_count == 2);
    SF_CHECK (gw_sse_filter_match (&filter, "inspection.finding_reported", "P01"));
    SF_CHECK (gw_sse_filter_match (&filter, "rectification.form_issued", "P01"));
    SF_CHECK (!gw_sse_filter_match (&filter, "inspection.finding_reported_x", "P01"));
    SF_CHECK (!gw_sse_filter_match (&filter, "inspection.task_created", "P01"));
    SF_CHECK (!gw_sse_filter_match (&filter, "rectification.form_issued", "P02"));
    SF_CHECK (!gw_sse_filter_match (&filter, "rectification.form_issued", ""));
    gw_sse_filter_clear (&filter);
    const char *bad_types [] = { ",", "a,", "a b", "a*b", "a,,b", "**", "a\nb", NULL };
    for (int i = 0; bad_types [i]; i++)
        SF_CHECK (gw_sse_filter_parse (&filter, bad_types [i], NULL) == -1);
    SF_CHECK (gw_sse_filter_parse (&filter, NULL, "P 01") == -1);
    SF_CHECK (gw_sse_filter_parse (&filter, NULL, "P01\"") == -1);
    char many [400] = "";
    for (int i = 0; i < GW_SSE_TYPES_MAX + 1; i++)
        strcat (many, i? ",a.b": "a.b");
    SF_CHECK (gw_sse_filter_parse (&filter, many, NULL) == -1);
}

static uint8_t *
s_envelope (const char *type, const char *plant, size_t *size)
{
    Inspection__Finding finding = INSPECTION__FINDING__INIT;
    finding.id = 7;
    finding.number = "P01-F2026-000007";
    finding.description = "line one\nline two \"quoted\"";
    finding.plant_code = (char *) plant;
    sf_event_t event = {
        .event_id = "6f1c1c1e-0000-4000-8000-000000000001", .type = (char *) type, .aggregate_type = "finding",
        .aggregate_id = "7", .aggregate_version = 1, .plant = (char *) plant, .occurred_ms = 1733212345678,
    };
    sf_event_set_payload (&event, &finding.base);
    uint8_t *bytes = sf_event_encode (&event, size);
    free (event.payload);
    free (event.payload_type);
    return bytes;
}

static void
s_events (void)
{
    gw_sse_topics_t topics;
    SF_CHECK (gw_sse_topics_from_daemons (&topics, "directory=a,inspection=b") == 0);
    size_t size;
    uint8_t *bytes = s_envelope ("inspection.finding_reported", "P01", &size);
    gw_sse_pos_t pos = { 1733212345678ULL, 2 };
    gw_sse_event_t *event = gw_sse_event_new (&topics, 1, pos, bytes, size);
    SF_CHECK (event);
    SF_CHECK_STR (event->type, "inspection.finding_reported");
    SF_CHECK_STR (event->plant, "P01");
    SF_CHECK (event->topic == 1 && gw_sse_pos_cmp (event->pos, pos) == 0);
    SF_CHECK (strchr (event->json, '\n') == NULL);
    SF_CHECK (strstr (event->json, "\"topic\":\"inspection\""));
    SF_CHECK (strstr (event->json, "\"entryId\":\"1733212345678-2\""));
    SF_CHECK (strstr (event->json, "\"eventId\":\"6f1c1c1e-0000-4000-8000-000000000001\""));
    SF_CHECK (strstr (event->json, "\"payloadType\":\"inspection.Finding\""));
    SF_CHECK (strstr (event->json, "\"occurredMs\":\"1733212345678\""));
    SF_CHECK (strstr (event->json, "\"payload\":{\"id\":\"7\",\"number\":\"P01-F2026-000007\""));
    SF_CHECK (strstr (event->json, "line one\\nline two \\\"quoted\\\""));
    SF_CHECK (strstr (event->json, "\"plantCode\":\"P01\""));

    gw_sse_frame_t *frame = gw_sse_frame_event ("inspection.xyz.2", event);
    SF_CHECK (frame->refs == 1 && frame->size == strlen (frame->data));
    SF_CHECK (strncmp (frame->data, "id: inspection.xyz.2\nevent: inspection.finding_reported\ndata: {", 63) == 0);
    SF_CHECK (strcmp (frame->data + frame->size - 3, "}\n\n") == 0);
    //  Exactly four lines: id, event, data and the blank one.
    int lines = 0;
    for (const char *c = frame->data; *c; c++)
        lines += *c == '\n';
    SF_CHECK (lines == 4);
    gw_sse_frame_t *shared = gw_sse_frame_ref (frame);
    gw_sse_frame_unref (&frame);
    SF_CHECK (frame == NULL && shared->refs == 1);
    gw_sse_frame_unref (&shared);
    gw_sse_event_destroy (&event);
    SF_CHECK (event == NULL);
    free (bytes);

    //  Not an envelope; a type that would break the framing.
    SF_CHECK (gw_sse_event_new (&topics, 0, pos, (const uint8_t *) "\xff\xff\xff", 3) == NULL);
    bytes = s_envelope ("bad\ntype", "P01", &size);
    SF_CHECK (gw_sse_event_new (&topics, 0, pos, bytes, size) == NULL);
    free (bytes);
    //  An unknown payload type: the envelope, payload null.
    sf_event_t unknown = { .event_id = "e2", .type = "x.y", .plant = "", .payload_type = "no.Such",
                           .payload = (uint8_t *) "\x08\x01", .payload_size = 2 };
    bytes = sf_event_encode (&unknown, &size);
    event = gw_sse_event_new (&topics, 0, pos, bytes, size);
    SF_CHECK (event && strstr (event->json, "\"payload\":null") && strcmp (event->plant, "") == 0);
    gw_sse_event_destroy (&event);
    free (bytes);

    gw_sse_frame_t *text = gw_sse_frame_text (": heartbeat\n\n");
    SF_CHECK (text->size == 13 && strcmp (text->data, ": heartbeat\n\n") == 0);
    gw_sse_frame_unref (&text);
}

int
main (void)
{
    s_positions ();
    s_topics ();
    s_cursors ();
    s_filters ();
    s_events ();
    return 0;
}
