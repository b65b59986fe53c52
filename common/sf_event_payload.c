/*  sf_event_payload: one check of every payload a consumer reads.                          */
#include "sf_event_payload.h"
#include "sf_log.h"
#include "sf_pb.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void *
sf_event_payload (const sf_event_t *event, const ProtobufCMessageDescriptor *descriptor, const char *required)
{
    assert (event && descriptor);
    sf_log_ctx_t ctx = { .event_id = event->event_id, .plant = event->plant };
    const char *type = event->type && *event->type? event->type: "?";
    if (!event->payload_type || strcmp (event->payload_type, descriptor->name) != 0) {
        sf_log (SF_LOG_WARN, &ctx, "%s carries %s, not %s", type,
                event->payload_type && *event->payload_type? event->payload_type: "nothing", descriptor->name);
        return NULL;
    }
    sf_pb_fault_t fault;
    ProtobufCMessage *message = sf_pb_unpack_checked (descriptor, event->payload, event->payload_size, SIZE_MAX,
                                                      required, &fault);
    if (!message && fault.text) {
        char *zh, *en;
        sf_text_format (fault.text, &zh, &en, fault.path, fault.limit);
        sf_log (SF_LOG_WARN, &ctx, "%s: its %s refused: %s", type, descriptor->name, en);
        free (zh);
        free (en);
    }
    else
    if (!message)
        sf_log (SF_LOG_WARN, &ctx, "%s: its %s does not decode", type, descriptor->name);
    return message;
}
