/*  sf_event_payload: a payload of the type named and fit passes; another type, bytes that
    do not decode, a NUL inside a nested or repeated string and blank required text do not. */
#include "sf_codec.h"
#include "sf_event_payload.h"
#include "sf_log.h"
#include "sf_pb.h"
#include "sf_testkit.h"

#include <string.h>

//  An event carrying health, packed, with the DEL of every "x\x7fy" made a NUL when nul.
static sf_event_t
s_event (Sf__HealthInfo *health, bool nul)
{
    sf_event_t event = { .event_id = "e-1", .type = "sf.test_happened", .plant = "P01" };
    sf_event_set_payload (&event, &health->base);
    for (uint8_t *at = event.payload; nul && at < event.payload + event.payload_size; at++)
        if (*at == 0x7f)
            *at = 0;
    return event;
}

static void
s_clear (sf_event_t *event)
{
    free (event->payload);
    free (event->payload_type);
}

int
main (void)
{
    sf_log_init ("test", SF_LOG_HUMAN, SF_LOG_ERROR);   //  the refusals' warnings are expected
    Sf__HealthInfo health = SF__HEALTH_INFO__INIT;
    Sf__GroupHealth group = SF__GROUP_HEALTH__INIT;
    Sf__GroupHealth *groups [] = { &group };
    health.daemon = (char *) "inspection";
    health.groups = groups;
    health.n_groups = 1;
    group.stream = (char *) "sf:events:x";

    sf_event_t event = s_event (&health, false);
    Sf__HealthInfo *back = sf_event_payload (&event, &sf__health_info__descriptor, "daemon");
    SF_CHECK (back && strcmp (back->daemon, "inspection") == 0 && back->n_groups == 1);
    sf_pb_destroy (&back);
    //  Another type than the one the event names.
    SF_CHECK (!sf_event_payload (&event, &sf__actor__descriptor, NULL));
    //  Not a message at all.
    event.payload [0] = 0xff;
    SF_CHECK (!sf_event_payload (&event, &sf__health_info__descriptor, NULL));
    s_clear (&event);
    //  A NUL in a string of a repeated, nested message.
    group.stream = (char *) "sf:events:x\x7fy";
    event = s_event (&health, true);
    SF_CHECK (!sf_event_payload (&event, &sf__health_info__descriptor, NULL));
    s_clear (&event);
    //  Required text that is only a full-width space.
    group.stream = (char *) "s";
    health.daemon = (char *) "\xe3\x80\x80";
    event = s_event (&health, false);
    SF_CHECK (!sf_event_payload (&event, &sf__health_info__descriptor, "daemon"));
    SF_CHECK ((back = sf_event_payload (&event, &sf__health_info__descriptor, NULL)));
    sf_pb_destroy (&back);
    s_clear (&event);
    return 0;
}
