/*  notify_event_apply: the consumer. Being built.                                           */
#include "notify.h"

int
notify_event_apply (sf_db_t *db, const sf_event_t *event, void *arg)
{
    (void) db;
    (void) event;
    (void) arg;
    return 0;
}
