/*  sf_envelope_test: every envelope survives a round trip field by field (roles, binary
    bodies with zero bytes, empty strings); bad bytes are refused, and so is a NUL inside any
    string of any envelope (the path of the field named); statuses on the wire.             */
#include "sf_codec.h"
#include "sf_envelope.h"
#include "sf_testkit.h"

#include <string.h>

static const uint8_t s_binary [] = { 0, 1, 2, 0, 0xff, 0xfe, '\n', 0, 0x80, 0 };

static void
s_check_bytes (const uint8_t *actual, size_t actual_size, const uint8_t *expected, size_t expected_size)
{
    SF_CHECK (actual_size == expected_size);
    SF_CHECK (actual);                 //  never NULL, even when empty
    SF_CHECK (expected_size == 0 || memcmp (actual, expected, expected_size) == 0);
}

static void
s_check_actor (const sf_actor_t *actual, const sf_actor_t *expected)
{
    SF_CHECK_STR (actual->user_id, expected->user_id? expected->user_id: "");
    SF_CHECK_STR (actual->org_node, expected->org_node? expected->org_node: "");
    SF_CHECK_STR (actual->plant, expected->plant? expected->plant: "");
    SF_CHECK (actual->role_count == expected->role_count);
    for (size_t i = 0; i < expected->role_count; i++)
        SF_CHECK_STR (actual->roles [i], expected->roles [i]);
}

static sf_actor_t
s_actor (void)
{
    sf_actor_t actor = { .user_id = "u-100", .org_node = "DEPT-7", .plant = "P01", .role_count = 3 };
    actor.roles [0] = "safety_officer";
    actor.roles [1] = "";                  //  an empty role survives as one
    actor.roles [2] = "安全员";
    return actor;
}

static void
test_request_round_trip (void)
{
    sf_request_t request = {
        .request_id = "req-1", .idempotency_key = "idem-1", .actor = s_actor (),
        .trace_id = "trace-1", .deadline_ms = 1700000000123LL * 1000, .type = "directory.CreateNode",
        .body = (uint8_t *) s_binary, .body_size = sizeof s_binary, .unordered = true
    };
    size_t size = 0;
    uint8_t *bytes = sf_request_encode (&request, &size);
    SF_CHECK (bytes && size > sizeof s_binary);
    sf_request_t decoded;
    SF_CHECK (sf_request_decode (&decoded, bytes, size) == 0);
    SF_CHECK_STR (decoded.request_id, "req-1");
    SF_CHECK_STR (decoded.idempotency_key, "idem-1");
    s_check_actor (&decoded.actor, &request.actor);
    SF_CHECK_STR (decoded.trace_id, "trace-1");
    SF_CHECK (decoded.deadline_ms == 1700000000123LL * 1000);
    SF_CHECK_STR (decoded.type, "directory.CreateNode");
    s_check_bytes (decoded.body, decoded.body_size, s_binary, sizeof s_binary);
    SF_CHECK (decoded.unordered);

    //  Encoding what was decoded gives the same bytes.
    size_t again_size = 0;
    uint8_t *again = sf_request_encode (&decoded, &again_size);
    SF_CHECK (again_size == size && memcmp (again, bytes, size) == 0);
    free (again);
    sf_request_clear (&decoded);
    SF_CHECK (decoded.request_id == NULL && decoded.body == NULL && decoded.actor.role_count == 0);
    sf_request_clear (&decoded);
    free (bytes);
}

static void
test_request_empty (void)
{
    //  Every string NULL, no body: decodes to empty strings and an empty (non-NULL) body.
    sf_request_t request;
    memset (&request, 0, sizeof request);
    size_t size = 99;
    uint8_t *bytes = sf_request_encode (&request, &size);
    SF_CHECK (bytes);
    sf_request_t decoded;
    SF_CHECK (sf_request_decode (&decoded, bytes, size) == 0);
    SF_CHECK_STR (decoded.request_id, "");
    SF_CHECK_STR (decoded.idempotency_key, "");
    SF_CHECK_STR (decoded.trace_id, "");
    SF_CHECK_STR (decoded.type, "");
    SF_CHECK_STR (decoded.actor.user_id, "");
    SF_CHECK_STR (decoded.actor.plant, "");
    SF_CHECK (decoded.actor.role_count == 0);
    SF_CHECK (decoded.deadline_ms == 0);
    SF_CHECK (!decoded.unordered);
    s_check_bytes (decoded.body, decoded.body_size, NULL, 0);
    sf_request_clear (&decoded);
    free (bytes);

    //  Empty strings given explicitly, and zero bytes.
    sf_request_t empties = { .request_id = "", .type = "", .body = (uint8_t *) "", .body_size = 0 };
    bytes = sf_request_encode (&empties, &size);
    SF_CHECK (sf_request_decode (&decoded, bytes, size) == 0);
    SF_CHECK_STR (decoded.request_id, "");
    s_check_bytes (decoded.body, decoded.body_size, NULL, 0);
    sf_request_clear (&decoded);
    free (bytes);

    //  Zero bytes are a valid (empty) message.
    SF_CHECK (sf_request_decode (&decoded, (const uint8_t *) "", 0) == 0);
    SF_CHECK_STR (decoded.type, "");
    SF_CHECK_STR (decoded.actor.user_id, "");
    sf_request_clear (&decoded);
}

static void
test_request_all_roles (void)
{
    sf_request_t request;
    memset (&request, 0, sizeof request);
    char names [SF_MAX_ROLES][16];
    for (int i = 0; i < SF_MAX_ROLES; i++) {
        snprintf (names [i], sizeof names [i], "role-%d", i);
        request.actor.roles [i] = names [i];
    }
    request.actor.role_count = SF_MAX_ROLES;
    size_t size;
    uint8_t *bytes = sf_request_encode (&request, &size);
    sf_request_t decoded;
    SF_CHECK (sf_request_decode (&decoded, bytes, size) == 0);
    s_check_actor (&decoded.actor, &request.actor);

    //  sf_actor_copy gives an independent deep copy.
    sf_actor_t copy;
    sf_actor_copy (&copy, &decoded.actor);
    sf_request_clear (&decoded);
    s_check_actor (&copy, &request.actor);
    sf_actor_clear (&copy);
    SF_CHECK (copy.role_count == 0 && copy.user_id == NULL);
    free (bytes);

    //  A large body (1 MiB with zero bytes throughout).
    size_t big = 1 << 20;
    uint8_t *body = malloc (big);
    SF_CHECK (body);
    for (size_t i = 0; i < big; i++)
        body [i] = (uint8_t) (i * 7);
    request.body = body;
    request.body_size = big;
    request.actor.role_count = 0;
    bytes = sf_request_encode (&request, &size);
    SF_CHECK (sf_request_decode (&decoded, bytes, size) == 0);
    s_check_bytes (decoded.body, decoded.body_size, body, big);
    sf_request_clear (&decoded);
    free (bytes);
    free (body);
}

static void
test_reply_round_trip (void)
{
    sf_reply_t reply = {
        .request_id = "req-2", .status = SF_FAILED_PRECONDITION,
        .reason_zh = "状态不允许", .reason_en = "state does not allow it",
        .type = "directory.Node", .body = (uint8_t *) s_binary, .body_size = sizeof s_binary
    };
    size_t size;
    uint8_t *bytes = sf_reply_encode (&reply, &size);
    sf_reply_t decoded;
    SF_CHECK (sf_reply_decode (&decoded, bytes, size) == 0);
    SF_CHECK_STR (decoded.request_id, "req-2");
    SF_CHECK (decoded.status == SF_FAILED_PRECONDITION);
    SF_CHECK_STR (decoded.reason_zh, "状态不允许");
    SF_CHECK_STR (decoded.reason_en, "state does not allow it");
    SF_CHECK_STR (decoded.type, "directory.Node");
    s_check_bytes (decoded.body, decoded.body_size, s_binary, sizeof s_binary);
    sf_reply_clear (&decoded);
    free (bytes);

    //  No reasons: both decode as empty strings.
    sf_reply_t ok = { .request_id = "req-3", .status = SF_OK };
    bytes = sf_reply_encode (&ok, &size);
    SF_CHECK (sf_reply_decode (&decoded, bytes, size) == 0);
    SF_CHECK (decoded.status == SF_OK);
    SF_CHECK_STR (decoded.reason_zh, "");
    SF_CHECK_STR (decoded.reason_en, "");
    SF_CHECK_STR (decoded.type, "");
    s_check_bytes (decoded.body, decoded.body_size, NULL, 0);
    sf_reply_clear (&decoded);
    free (bytes);

    //  One language only.
    sf_reply_t english = { .status = SF_NOT_FOUND, .reason_en = "no such unit" };
    bytes = sf_reply_encode (&english, &size);
    SF_CHECK (sf_reply_decode (&decoded, bytes, size) == 0);
    SF_CHECK_STR (decoded.reason_zh, "");
    SF_CHECK_STR (decoded.reason_en, "no such unit");
    sf_reply_clear (&decoded);
    free (bytes);

    //  Every status survives the wire.
    for (int status = SF_OK; status <= SF_CONFLICT; status++) {
        sf_reply_t each = { .status = (sf_status_t) status };
        bytes = sf_reply_encode (&each, &size);
        SF_CHECK (sf_reply_decode (&decoded, bytes, size) == 0);
        SF_CHECK ((int) decoded.status == status);
        sf_reply_clear (&decoded);
        free (bytes);
    }
}

static void
test_reply_unknown_status_is_internal (void)
{
    const int unknown [] = { 0, 14, 99, 100000, -3 };
    for (size_t i = 0; i < sizeof unknown / sizeof unknown [0]; i++) {
        sf_reply_t reply = { .request_id = "r", .status = (sf_status_t) unknown [i] };
        size_t size;
        uint8_t *bytes = sf_reply_encode (&reply, &size);
        sf_reply_t decoded;
        SF_CHECK (sf_reply_decode (&decoded, bytes, size) == 0);
        SF_CHECK (decoded.status == SF_INTERNAL);
        SF_CHECK_STR (decoded.request_id, "r");
        sf_reply_clear (&decoded);
        free (bytes);
    }
    //  Hand-made: field 2 (status) = 57 as a varint.
    const uint8_t wire [] = { 0x0a, 0x01, 'x', 0x10, 57 };
    sf_reply_t decoded;
    SF_CHECK (sf_reply_decode (&decoded, wire, sizeof wire) == 0);
    SF_CHECK (decoded.status == SF_INTERNAL);
    SF_CHECK_STR (decoded.request_id, "x");
    sf_reply_clear (&decoded);
}

static void
test_reply_set_status_and_body (void)
{
    sf_reply_t reply;
    memset (&reply, 0, sizeof reply);
    const sf_text_t text = { "节点 %1$s 不在 %2$s 之下", "Node %1$s is not under %2$s" };
    sf_reply_set_status (&reply, SF_FAILED_PRECONDITION, &text, "T-1", "P01");
    SF_CHECK (reply.status == SF_FAILED_PRECONDITION);
    SF_CHECK_STR (reply.reason_zh, "节点 T-1 不在 P01 之下");
    SF_CHECK_STR (reply.reason_en, "Node T-1 is not under P01");

    //  Arguments in a different order per language.
    const sf_text_t swapped = { "%2$s 的 %1$s", "%1$s of %2$s" };
    sf_reply_set_status (&reply, SF_NOT_FOUND, &swapped, "team", "plant");
    SF_CHECK_STR (reply.reason_zh, "plant 的 team");
    SF_CHECK_STR (reply.reason_en, "team of plant");

    //  No text: the status's generic one.
    sf_reply_set_status (&reply, SF_UNAVAILABLE, NULL);
    SF_CHECK (reply.status == SF_UNAVAILABLE);
    SF_CHECK_STR (reply.reason_zh, sf_status_text (SF_UNAVAILABLE)->zh);
    SF_CHECK_STR (reply.reason_en, sf_status_text (SF_UNAVAILABLE)->en);

    //  OK without text clears the reasons.
    sf_reply_set_status (&reply, SF_OK, NULL);
    SF_CHECK (reply.status == SF_OK);
    SF_CHECK (reply.reason_zh == NULL && reply.reason_en == NULL);

    //  OK with a text keeps it.
    const sf_text_t done = { "已导入 %d 行", "%d rows imported" };
    sf_reply_set_status (&reply, SF_OK, &done, 12);
    SF_CHECK_STR (reply.reason_zh, "已导入 12 行");
    SF_CHECK_STR (reply.reason_en, "12 rows imported");

    //  Bodies are copied; setting again replaces (no leak); an empty body is not NULL.
    uint8_t body [sizeof s_binary];
    memcpy (body, s_binary, sizeof body);
    sf_reply_set_body (&reply, "directory.Node", body, sizeof body);
    memset (body, 0x55, sizeof body);
    s_check_bytes (reply.body, reply.body_size, s_binary, sizeof s_binary);
    SF_CHECK_STR (reply.type, "directory.Node");
    sf_reply_set_body (&reply, NULL, NULL, 0);
    SF_CHECK_STR (reply.type, "");
    s_check_bytes (reply.body, reply.body_size, NULL, 0);

    //  What was set goes over the wire.
    sf_reply_set_status (&reply, SF_CONFLICT, NULL);
    sf_reply_set_body (&reply, "x.Y", s_binary, sizeof s_binary);
    size_t size;
    uint8_t *bytes = sf_reply_encode (&reply, &size);
    sf_reply_t decoded;
    SF_CHECK (sf_reply_decode (&decoded, bytes, size) == 0);
    SF_CHECK (decoded.status == SF_CONFLICT);
    SF_CHECK_STR (decoded.reason_en, sf_status_text (SF_CONFLICT)->en);
    SF_CHECK_STR (decoded.reason_zh, sf_status_text (SF_CONFLICT)->zh);
    s_check_bytes (decoded.body, decoded.body_size, s_binary, sizeof s_binary);
    sf_reply_clear (&decoded);
    free (bytes);
    sf_reply_clear (&reply);
    SF_CHECK (reply.reason_zh == NULL && reply.body == NULL && reply.type == NULL);
}

static void
test_event_round_trip (void)
{
    sf_event_t event = {
        .event_id = "1b4e28ba-2fa1-41d2-883f-0016d3cca427", .type = "org.unit_created",
        .aggregate_type = "org_unit", .aggregate_id = "T-01", .aggregate_version = 1LL << 40,
        .plant = "P01", .occurred_ms = 1700000000999, .actor = s_actor (), .trace_id = "t",
        .payload_type = "directory.Node", .payload = (uint8_t *) s_binary, .payload_size = sizeof s_binary
    };
    size_t size;
    uint8_t *bytes = sf_event_encode (&event, &size);
    sf_event_t decoded;
    SF_CHECK (sf_event_decode (&decoded, bytes, size) == 0);
    SF_CHECK_STR (decoded.event_id, event.event_id);
    SF_CHECK_STR (decoded.type, "org.unit_created");
    SF_CHECK_STR (decoded.aggregate_type, "org_unit");
    SF_CHECK_STR (decoded.aggregate_id, "T-01");
    SF_CHECK (decoded.aggregate_version == 1LL << 40);
    SF_CHECK_STR (decoded.plant, "P01");
    SF_CHECK (decoded.occurred_ms == 1700000000999);
    s_check_actor (&decoded.actor, &event.actor);
    SF_CHECK_STR (decoded.trace_id, "t");
    SF_CHECK_STR (decoded.payload_type, "directory.Node");
    s_check_bytes (decoded.payload, decoded.payload_size, s_binary, sizeof s_binary);
    sf_event_clear (&decoded);
    sf_event_clear (&decoded);
    free (bytes);

    //  Empty event; negative numbers.
    sf_event_t empty;
    memset (&empty, 0, sizeof empty);
    empty.aggregate_version = -1;
    empty.occurred_ms = -5;
    bytes = sf_event_encode (&empty, &size);
    SF_CHECK (sf_event_decode (&decoded, bytes, size) == 0);
    SF_CHECK_STR (decoded.event_id, "");
    SF_CHECK_STR (decoded.plant, "");
    SF_CHECK (decoded.aggregate_version == -1 && decoded.occurred_ms == -5);
    SF_CHECK (decoded.actor.role_count == 0);
    s_check_bytes (decoded.payload, decoded.payload_size, NULL, 0);
    sf_event_clear (&decoded);
    free (bytes);
}

static void
test_health_round_trip (void)
{
    sf_health_t health = {
        .daemon = "sf-directory", .version = "0.1.0", .db_ok = true, .redis_ok = false,
        .uptime_ms = 123456789012, .outbox_pending = 42, .endpoint = "tcp://127.0.0.1:7101"
    };
    size_t size;
    uint8_t *bytes = sf_health_encode (&health, &size);
    sf_health_t decoded;
    SF_CHECK (sf_health_decode (&decoded, bytes, size) == 0);
    SF_CHECK_STR (decoded.daemon, "sf-directory");
    SF_CHECK_STR (decoded.version, "0.1.0");
    SF_CHECK (decoded.db_ok && !decoded.redis_ok);
    SF_CHECK (decoded.uptime_ms == 123456789012 && decoded.outbox_pending == 42);
    SF_CHECK_STR (decoded.endpoint, "tcp://127.0.0.1:7101");
    sf_health_clear (&decoded);
    free (bytes);

    health.db_ok = false;
    health.redis_ok = true;
    health.daemon = NULL;
    health.endpoint = "";
    bytes = sf_health_encode (&health, &size);
    SF_CHECK (sf_health_decode (&decoded, bytes, size) == 0);
    SF_CHECK (!decoded.db_ok && decoded.redis_ok);
    SF_CHECK_STR (decoded.daemon, "");
    SF_CHECK_STR (decoded.endpoint, "");
    sf_health_clear (&decoded);
    free (bytes);

    //  The consumer groups' figures travel as generated messages the decoded struct owns.
    Sf__GroupHealth group = SF__GROUP_HEALTH__INIT;
    group.stream = "sf:events:inspection";
    group.group = "rectification";
    group.lag = 756;
    group.pending = 3;
    group.oldest_unapplied_ms_ago = 61000;
    group.dead_letters = 2;
    group.near_cap = true;
    group.stream_length = 800;
    Sf__GroupHealth *groups [] = { &group };
    health.groups = groups;
    health.group_count = 1;
    health.backlog_checked_ms_ago = 400;
    health.outbox_oldest_ms_ago = 1500;
    health.stream_maxlen = 1000;
    health.stream_max_age_ms = 7 * 86400000LL;
    bytes = sf_health_encode (&health, &size);
    SF_CHECK (sf_health_decode (&decoded, bytes, size) == 0);
    SF_CHECK (decoded.group_count == 1);
    SF_CHECK_STR (decoded.groups [0]->stream, "sf:events:inspection");
    SF_CHECK_STR (decoded.groups [0]->group, "rectification");
    SF_CHECK (decoded.groups [0]->lag == 756 && decoded.groups [0]->pending == 3);
    SF_CHECK (decoded.groups [0]->oldest_unapplied_ms_ago == 61000 && decoded.groups [0]->dead_letters == 2);
    SF_CHECK (decoded.groups [0]->near_cap && decoded.groups [0]->stream_length == 800);
    SF_CHECK (decoded.backlog_checked_ms_ago == 400 && decoded.outbox_oldest_ms_ago == 1500);
    SF_CHECK (decoded.stream_maxlen == 1000 && decoded.stream_max_age_ms == 7 * 86400000LL);
    sf_health_clear (&decoded);
    SF_CHECK (decoded.groups == NULL && decoded.group_count == 0);
    free (bytes);
}

//  Runs every decoder on data; returns how many accepted it (clearing what they decoded).
static int
s_decoders_accepting (const uint8_t *data, size_t size)
{
    int accepted = 0;
    sf_request_t request;
    if (sf_request_decode (&request, data, size) == 0) {
        sf_request_clear (&request);
        accepted++;
    }
    sf_reply_t reply;
    if (sf_reply_decode (&reply, data, size) == 0) {
        sf_reply_clear (&reply);
        accepted++;
    }
    sf_event_t event;
    if (sf_event_decode (&event, data, size) == 0) {
        sf_event_clear (&event);
        accepted++;
    }
    sf_health_t health;
    if (sf_health_decode (&health, data, size) == 0) {
        sf_health_clear (&health);
        accepted++;
    }
    return accepted;
}

static void
test_garbage_is_refused (void)
{
    //  An invalid wire type (7), a varint that never ends, a length past the end,
    //  a length-delimited field that claims 2 GiB, and a field number 0.
    const uint8_t wire_type [] = { 0x0f, 0x00 };
    const uint8_t endless [] = { 0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    const uint8_t short_length [] = { 0x0a, 0x05, 'a', 'b' };
    const uint8_t huge_length [] = { 0x0a, 0xff, 0xff, 0xff, 0xff, 0x07, 'a' };
    const uint8_t field_zero [] = { 0x02, 0x01, 'a' };
    SF_CHECK (s_decoders_accepting (wire_type, sizeof wire_type) == 0);
    SF_CHECK (s_decoders_accepting (endless, sizeof endless) == 0);
    SF_CHECK (s_decoders_accepting (short_length, sizeof short_length) == 0);
    SF_CHECK (s_decoders_accepting (huge_length, sizeof huge_length) == 0);
    SF_CHECK (s_decoders_accepting (field_zero, sizeof field_zero) == 0);

    //  A decoder that refuses leaves the struct as it was ("nothing to clear then").
    sf_request_t request;
    memset (&request, 0xab, sizeof request);
    SF_CHECK (sf_request_decode (&request, short_length, sizeof short_length) == -1);
    for (size_t i = 0; i < sizeof request; i++)
        SF_CHECK (((uint8_t *) &request) [i] == 0xab);

    //  Pseudo-random garbage must never crash, and whatever decodes must clear cleanly.
    uint32_t seed = 12345;
    uint8_t noise [256];
    for (int round = 0; round < 2000; round++) {
        size_t size = (size_t) (round % (int) sizeof noise);
        for (size_t i = 0; i < size; i++) {
            seed = seed * 1103515245 + 12345;
            noise [i] = (uint8_t) (seed >> 16);
        }
        s_decoders_accepting (noise, size);
    }
}

static void
test_truncated_is_refused (void)
{
    uint8_t body [300];
    for (size_t i = 0; i < sizeof body; i++)
        body [i] = (uint8_t) i;
    sf_event_t event = {
        .event_id = "e", .type = "org.unit_created", .actor = s_actor (),
        .payload_type = "directory.Node", .payload = body, .payload_size = sizeof body
    };
    size_t size;
    uint8_t *bytes = sf_event_encode (&event, &size);
    //  The payload is the last field: cutting anywhere inside it is always an error.
    for (size_t cut = size - sizeof body; cut < size; cut++) {
        sf_event_t decoded;
        SF_CHECK (sf_event_decode (&decoded, bytes, cut) == -1);
    }
    //  Cuts elsewhere may land on a field boundary (valid, shorter message) or not.
    int refused = 0;
    for (size_t cut = 1; cut < size - sizeof body; cut++) {
        sf_event_t decoded;
        if (sf_event_decode (&decoded, bytes, cut) == 0)
            sf_event_clear (&decoded);
        else
            refused++;
    }
    SF_CHECK (refused > 0);
    free (bytes);

    sf_request_t request = { .request_id = "req", .type = "t", .actor = s_actor (),
                             .body = body, .body_size = sizeof body };
    bytes = sf_request_encode (&request, &size);
    for (size_t cut = size - sizeof body; cut < size; cut++) {
        sf_request_t decoded;
        SF_CHECK (sf_request_decode (&decoded, bytes, cut) == -1);
    }
    free (bytes);

    sf_reply_t reply = { .request_id = "req", .status = SF_OK, .body = body, .body_size = sizeof body };
    bytes = sf_reply_encode (&reply, &size);
    for (size_t cut = size - sizeof body; cut < size; cut++) {
        sf_reply_t decoded;
        SF_CHECK (sf_reply_decode (&decoded, bytes, cut) == -1);
    }
    free (bytes);

    sf_health_t health = { .daemon = "sf-directory-with-a-long-name", .endpoint = "tcp://x" };
    bytes = sf_health_encode (&health, &size);
    sf_health_t decoded_health;
    SF_CHECK (sf_health_decode (&decoded_health, bytes, 5) == -1);
    free (bytes);
}

//  More roles on the wire than SF_MAX_ROLES: the first ones are kept, nothing overflows.
static void
test_too_many_roles (void)
{
    enum { ROLES = SF_MAX_ROLES + 4 };
    uint8_t actor [ROLES * 4];
    for (int i = 0; i < ROLES; i++) {
        actor [4 * i] = 0x12;                //  field 2 (roles), length-delimited
        actor [4 * i + 1] = 2;
        actor [4 * i + 2] = 'r';
        actor [4 * i + 3] = (uint8_t) ('a' + i);
    }
    uint8_t wire [2 + sizeof actor];
    wire [0] = 0x1a;                         //  field 3 (actor) of Request, field 8 of Event
    wire [1] = (uint8_t) sizeof actor;
    memcpy (wire + 2, actor, sizeof actor);
    sf_request_t request;
    SF_CHECK (sf_request_decode (&request, wire, sizeof wire) == 0);
    SF_CHECK (request.actor.role_count == SF_MAX_ROLES);
    SF_CHECK_STR (request.actor.roles [0], "ra");
    SF_CHECK_STR (request.actor.roles [SF_MAX_ROLES - 1], "rp");
    sf_request_clear (&request);
    wire [0] = 0x42;
    sf_event_t event;
    SF_CHECK (sf_event_decode (&event, wire, sizeof wire) == 0);
    SF_CHECK (event.actor.role_count == SF_MAX_ROLES);
    sf_event_clear (&event);
}

//  Turns the DEL in the packed string marked into a NUL: the strings of these tests carry a
//  DEL where the NUL goes (a C string cannot hold one), found by their whole text.
static void
s_nul_at_mark (uint8_t *bytes, size_t size, const char *marked)
{
    uint8_t *at = memmem (bytes, size, marked, strlen (marked));
    SF_CHECK (at);
    uint8_t *del = memchr (at, 0x7f, strlen (marked));
    SF_CHECK (del);
    *del = 0;
}

//  A request whose field is "x\x7fy" packed with that DEL made a NUL: refused, the field
//  named; the refusal can still answer to the request id unless the NUL is in it.
static void
s_request_nul (const char *field, const char *path)
{
    sf_actor_t actor = s_actor ();
    sf_request_t request = {
        .request_id = "req-1", .idempotency_key = "idem-1", .actor = actor,
        .trace_id = "trace-1", .type = "directory.CreateNode", .body = (uint8_t *) s_binary,
        .body_size = sizeof s_binary
    };
    char **slot = strcmp (field, "request_id") == 0? &request.request_id
                : strcmp (field, "idempotency_key") == 0? &request.idempotency_key
                : strcmp (field, "trace_id") == 0? &request.trace_id
                : strcmp (field, "type") == 0? &request.type
                : strcmp (field, "user_id") == 0? &request.actor.user_id
                : strcmp (field, "org_node") == 0? &request.actor.org_node
                : strcmp (field, "plant") == 0? &request.actor.plant
                : &request.actor.roles [2];
    *slot = "x\x7fy";
    size_t size;
    uint8_t *bytes = sf_request_encode (&request, &size);
    s_nul_at_mark (bytes, size, "x\x7fy");
    sf_request_t decoded;
    sf_pb_fault_t fault;
    SF_CHECK (sf_request_decode_checked (&decoded, bytes, size, &fault) == -1);
    SF_CHECK (fault.text);
    SF_CHECK_STR (fault.path, path);
    SF_CHECK_STR (decoded.request_id, strcmp (field, "request_id") == 0? "x": "req-1");
    SF_CHECK (decoded.body_size == sizeof s_binary);
    sf_request_clear (&decoded);
    SF_CHECK (sf_request_decode (&decoded, bytes, size) == -1);
    free (bytes);
}

static void
test_nul_is_refused (void)
{
    s_request_nul ("request_id", "request_id");
    s_request_nul ("idempotency_key", "idempotency_key");
    s_request_nul ("trace_id", "trace_id");
    s_request_nul ("type", "type");
    s_request_nul ("user_id", "actor.user_id");
    s_request_nul ("org_node", "actor.org_node");
    s_request_nul ("plant", "actor.plant");
    s_request_nul ("roles", "actor.roles[2]");

    //  NUL bytes in the body are data: the route's type walks the body (sf_pb_unpack_checked).
    sf_request_t request = { .request_id = "r", .body = (uint8_t *) s_binary, .body_size = sizeof s_binary };
    size_t size;
    uint8_t *bytes = sf_request_encode (&request, &size);
    sf_request_t decoded;
    sf_pb_fault_t fault;
    SF_CHECK (sf_request_decode_checked (&decoded, bytes, size, &fault) == 0 && !fault.text);
    sf_request_clear (&decoded);
    free (bytes);
    //  Not a request at all: nothing decoded, no fault to name.
    const uint8_t garbage [] = { 0x0a, 0x05, 'a' };
    SF_CHECK (sf_request_decode_checked (&decoded, garbage, sizeof garbage, &fault) == -1 && !fault.text);

    //  An event with a NUL in its envelope or its actor does not decode; in its payload it does.
    const char *event_marks [] = { "event_id", "type", "aggregate_id", "plant", "role", "payload_type" };
    for (size_t i = 0; i < sizeof event_marks / sizeof event_marks [0]; i++) {
        sf_event_t event = {
            .event_id = "e-1", .type = "directory.node_created", .aggregate_type = "node",
            .aggregate_id = "n-1", .plant = "P01", .actor = s_actor (), .trace_id = "t-1",
            .payload_type = "directory.Node", .payload = (uint8_t *) s_binary, .payload_size = sizeof s_binary
        };
        char **slot = i == 0? &event.event_id: i == 1? &event.type: i == 2? &event.aggregate_id
                    : i == 3? &event.plant: i == 4? &event.actor.roles [0]: &event.payload_type;
        *slot = "x\x7fy";
        bytes = sf_event_encode (&event, &size);
        sf_event_t back;
        SF_CHECK (sf_event_decode (&back, bytes, size) == 0);
        sf_event_clear (&back);
        s_nul_at_mark (bytes, size, "x\x7fy");
        SF_CHECK (sf_event_decode (&back, bytes, size) == -1);
        free (bytes);
    }

    //  A reply with a NUL in its reason (a nested message) or its request id.
    sf_reply_t reply = { .request_id = "r-1", .status = SF_INVALID_ARGUMENT, .reason_zh = "原因", .reason_en = "x\x7fy" };
    bytes = sf_reply_encode (&reply, &size);
    s_nul_at_mark (bytes, size, "x\x7fy");
    sf_reply_t back;
    SF_CHECK (sf_reply_decode (&back, bytes, size) == -1);
    free (bytes);
    reply.reason_en = "because";
    reply.request_id = "x\x7fy";
    bytes = sf_reply_encode (&reply, &size);
    s_nul_at_mark (bytes, size, "x\x7fy");
    SF_CHECK (sf_reply_decode (&back, bytes, size) == -1);
    free (bytes);
}

static void
test_bytes_dup (void)
{
    uint8_t *copy = sf_codec_bytes (s_binary, sizeof s_binary);
    SF_CHECK (memcmp (copy, s_binary, sizeof s_binary) == 0);
    free (copy);
    copy = sf_codec_bytes (NULL, 0);
    SF_CHECK (copy);
    free (copy);
}

int
main (void)
{
    test_request_round_trip ();
    test_request_empty ();
    test_request_all_roles ();
    test_reply_round_trip ();
    test_reply_unknown_status_is_internal ();
    test_reply_set_status_and_body ();
    test_event_round_trip ();
    test_health_round_trip ();
    test_garbage_is_refused ();
    test_truncated_is_refused ();
    test_too_many_roles ();
    test_nul_is_refused ();
    test_bytes_dup ();
    printf ("sf_envelope_test: OK\n");
    return 0;
}
