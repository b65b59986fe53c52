/*  gateway_sse_frame: a client's filter, an event of a stream as JSON, and the SSE frames
    (gateway_sse.h).                                                                         */
#include "gateway_sse.h"
#include "sf_contract.h"
#include "sf_envelope.h"
#include "sf_event_payload.h"
#include "sf_json.h"
#include "sf_log.h"
#include "sf_pb.h"
#include "sf_pbjson.h"
#include "envelope.pb-c.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_NAME_MAX 128                   //  a type name's or a plant code's bytes

static bool
s_name_ok (const char *name, size_t length, bool star)
{
    if (length == 0 || length >= S_NAME_MAX)
        return false;
    for (size_t i = 0; i < length; i++) {
        char c = name [i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
               || c == '-' || (star && c == '*' && i == length - 1);
        if (!ok)
            return false;
    }
    return true;
}

int
gw_sse_filter_parse (gw_sse_filter_t *filter, const char *types, const char *plant)
{
    memset (filter, 0, sizeof *filter);
    if (plant && *plant) {
        if (!s_name_ok (plant, strlen (plant), false))
            return -1;
        filter->plant = strdup (plant);
    }
    const char *item = types && *types? types: NULL;
    while (item) {
        const char *end = strchr (item, ',');
        size_t length = end? (size_t) (end - item): strlen (item);
        if (filter->type_count == GW_SSE_TYPES_MAX || !s_name_ok (item, length, true)) {
            gw_sse_filter_clear (filter);
            return -1;
        }
        filter->types [filter->type_count++] = strndup (item, length);
        item = end? end + 1: NULL;
    }
    return 0;
}

bool
gw_sse_filter_match (const gw_sse_filter_t *filter, const char *type, const char *plant)
{
    if (filter->plant && strcmp (filter->plant, plant) != 0)
        return false;
    if (filter->type_count == 0)
        return true;
    for (size_t i = 0; i < filter->type_count; i++) {
        const char *wanted = filter->types [i];
        size_t length = strlen (wanted);
        if (wanted [length - 1] == '*'? strncmp (wanted, type, length - 1) == 0: strcmp (wanted, type) == 0)
            return true;
    }
    return false;
}

void
gw_sse_filter_clear (gw_sse_filter_t *filter)
{
    for (size_t i = 0; i < filter->type_count; i++)
        free (filter->types [i]);
    free (filter->plant);
    memset (filter, 0, sizeof *filter);
}

//  ------------------------------------------------------------------------------------

gw_sse_event_t *
gw_sse_event_new (const gw_sse_topics_t *topics, size_t topic, gw_sse_pos_t pos, const uint8_t *envelope, size_t size)
{
    assert (topic < topics->count);
    char entry_id [48];
    gw_sse_pos_format (pos, entry_id, sizeof entry_id);
    //  sf_event_decode refuses a NUL inside any of the envelope's strings; the generated
    //  message is what the JSON mapping walks.
    sf_event_t decoded = { 0 };
    if (sf_event_decode (&decoded, envelope, size)) {
        sf_warn ("gateway: entry %s of topic %s holds no event; not streamed", entry_id, topics->names [topic]);
        return NULL;
    }
    for (const char *c = decoded.type; *c; c++)
        if ((unsigned char) *c < 0x20 || *c == 0x7f) {
            sf_warn ("gateway: entry %s of topic %s has a control character in its type; not streamed", entry_id,
                     topics->names [topic]);
            sf_event_clear (&decoded);
            return NULL;
        }
    Sf__Event *message = sf__event__unpack (NULL, size, envelope);
    assert (message);                    //  sf_event_decode unpacked the same bytes
    const ProtobufCMessageDescriptor *descriptor = sf_contract_find (decoded.payload_type);
    ProtobufCMessage *payload = descriptor? sf_event_payload (&decoded, descriptor, NULL): NULL;

    sf_json_t *json = sf_json_new ();
    sf_json_object_begin (json);
    sf_json_key_string (json, "topic", topics->names [topic]);
    sf_json_key_string (json, "entryId", entry_id);
    sf_json_key (json, "event");
    message->payload.len = 0;            //  the payload is shown decoded, below
    sf_pbjson_write (json, &message->base);
    sf_json_key (json, "payload");
    if (payload)
        sf_pbjson_write (json, payload);
    else
        sf_json_null (json);
    sf_json_object_end (json);

    gw_sse_event_t *self = calloc (1, sizeof *self);
    assert (self);
    self->topic = topic;
    self->pos = pos;
    self->type = strdup (decoded.type);
    self->plant = strdup (decoded.plant? decoded.plant: "");
    self->json = strdup (sf_json_text (json));
    assert (self->type && self->plant && self->json);
    sf_json_destroy (&json);
    sf_pb_destroy (&payload);
    sf__event__free_unpacked (message, NULL);
    sf_event_clear (&decoded);
    return self;
}

void
gw_sse_event_destroy (gw_sse_event_t **self_p)
{
    gw_sse_event_t *self = *self_p;
    if (!self)
        return;
    free (self->type);
    free (self->plant);
    free (self->json);
    free (self);
    *self_p = NULL;
}

//  ------------------------------------------------------------------------------------

static gw_sse_frame_t *
s_frame_new (size_t size)
{
    gw_sse_frame_t *self = malloc (sizeof *self + size + 1);
    assert (self);
    self->refs = 1;
    self->size = size;
    return self;
}

gw_sse_frame_t *
gw_sse_frame_event (const char *cursor, const gw_sse_event_t *event)
{
    //  The type holds no control character (gw_sse_event_new), the JSON is compact with its
    //  control characters escaped: the frame's lines are the four written here.
    int size = snprintf (NULL, 0, "id: %s\nevent: %s\ndata: %s\n\n", cursor, event->type, event->json);
    gw_sse_frame_t *self = s_frame_new ((size_t) size);
    snprintf (self->data, (size_t) size + 1, "id: %s\nevent: %s\ndata: %s\n\n", cursor, event->type, event->json);
    return self;
}

gw_sse_frame_t *
gw_sse_frame_text (const char *text)
{
    size_t size = strlen (text);
    gw_sse_frame_t *self = s_frame_new (size);
    memcpy (self->data, text, size + 1);
    return self;
}

gw_sse_frame_t *
gw_sse_frame_ref (gw_sse_frame_t *frame)
{
    __atomic_add_fetch (&frame->refs, 1, __ATOMIC_RELAXED);
    return frame;
}

void
gw_sse_frame_unref (gw_sse_frame_t **frame_p)
{
    gw_sse_frame_t *frame = *frame_p;
    if (!frame)
        return;
    *frame_p = NULL;
    if (__atomic_sub_fetch (&frame->refs, 1, __ATOMIC_ACQ_REL) == 0)
        free (frame);
}
