/*  notify: the daemon's parts and how main.c wires them (README.md, "Inside the daemon").
    Areas, each in files of its own:
    - routing (notify_route_*.c, notify_event_*.c, notify_render*.c): the versioned routing
      rules, the consumers reading every stream's events into deliveries (recipients from the
      org copy and the grants, the unit's channels, the template in the channel's language);
    - sending (notify_send*.c, notify_channel_*.c, notify_sign.c, notify_mail*.c): the job that
      sends due deliveries over each platform's API with its signature, per-robot rate limits,
      retries with backoff, giving up;
    - log (notify_log_*.c, notify_unit_*.c, notify_escalate*.c, notify_digest*.c): the units'
      channels, the delivery log, acknowledgements, quiet hours and digests, escalation of
      urgent messages not acknowledged in time.
    The shared pieces: notify_store.h (delivery rows to messages), notify_events.h (outbox).   */
#ifndef NOTIFY_H_INCLUDED
#define NOTIFY_H_INCLUDED

#include "sf_config.h"
#include "sf_consumer.h"
#include "sf_rpc_server.h"
#include "sf_scheduler.h"

#define NOTIFY_TOPIC "notify"

//  The service state every handler, consumer and job gets (call->state, the consumers' arg).
typedef struct {
    char *time_zone;             //  notify.time_zone: quiet hours and digests
    char *link_base;             //  notify.link_base: messages link to link_base + the object's path
    char *mail_from;             //  notify.mail_from
    //  The sender's own database session (it commits its leases and outcomes itself, apart
    //  from the scheduler's transaction): the daemon's database and schema.
    sf_db_options_t sender_db;
} notify_state_t;

//  The route table's parts, each ending with { 0 } (notify_routes.c joins them).
extern const sf_route_t notify_route_routes [];
extern const sf_route_t notify_log_routes [];

//  The consumer of every stream it routes (notify_event_apply.c): an event a rule names
//  becomes delivery rows, in the consumer's transaction. 0 applied or not its business, -1 on
//  a database error or an unreadable payload.
sf_consumer_fn notify_event_apply;

//  The jobs: sending due deliveries (notify_send.c), and escalating unacknowledged urgent
//  ones and releasing digests and quiet-hour holds (notify_escalate.c).
void notify_send_register (notify_state_t *state, sf_scheduler_t *scheduler);
void notify_escalate_register (notify_state_t *state, sf_scheduler_t *scheduler);

#endif
