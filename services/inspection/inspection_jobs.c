/*  inspection_jobs: task generation and missed tasks on the scheduler.                      */
#include "inspection_jobs.h"
#include "inspection_board_store.h"
#include "inspection_task_store.h"
#include "sf_clock.h"
#include "sf_log.h"
#include "sf_outbox.h"
#include "sf_pb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define GENERATE_PERIOD_MS (15 * 60 * 1000LL)
#define BOARD_ZONE_PERIOD_MS (10 * 60 * 1000LL)
#define MISSED_PERIOD_MS (60 * 1000LL)
#define DAY_MS (24 * 3600 * 1000LL)

//  The UTC date of ms as YYYY-MM-DD.
static void
s_utc_date (int64_t ms, char *text, size_t size)
{
    time_t seconds = (time_t) (ms / 1000);
    struct tm tm;
    gmtime_r (&seconds, &tm);
    strftime (text, size, "%Y-%m-%d", &tm);
}

int
inspection_jobs_generate (sf_db_t *db, const inspection_state_t *state, int64_t now_ms)
{
    //  A day either side of UTC covers today and tomorrow in every time zone; windows that
    //  ended are not created.
    char from [16], to [16];
    s_utc_date (now_ms - DAY_MS, from, sizeof from);
    s_utc_date (now_ms + 2 * DAY_MS, to, sizeof to);
    int created = inspection_store_generate (db, state, from, to, now_ms);
    if (created > 0)
        sf_info ("%d tasks generated for %s..%s", created, from, to);
    return created < 0? -1: 0;
}

int
inspection_jobs_mark_missed (sf_db_t *db, const inspection_state_t *state, int64_t now_ms)
{
    Inspection__TaskList *missed = sf_pb_new (&inspection__task_list__descriptor);
    int count = inspection_store_mark_missed (db, now_ms, missed);
    int rc = count < 0? -1: 0;
    sf_event_t *events = calloc (missed->n_tasks + 1, sizeof *events);
    if (!events)
        abort ();
    for (size_t index = 0; index < missed->n_tasks; index++) {
        const Inspection__Task *task = missed->tasks [index];
        char id [32];
        snprintf (id, sizeof id, "%lld", (long long) task->id);
        sf_event_t *event = &events [index];
        event->type = strdup ("inspection.task_missed");
        event->aggregate_type = strdup ("task");
        event->aggregate_id = strdup (id);
        event->aggregate_version = 1;
        event->plant = strdup (task->plant_code);
        sf_event_set_payload (event, &task->base);
    }
    //  One statement per thousand events, not a round trip each.
    if (rc == 0 && missed->n_tasks)
        rc = sf_outbox_add_many (db, state->stream, events, missed->n_tasks);
    for (size_t index = 0; index < missed->n_tasks; index++)
        sf_event_clear (&events [index]);
    free (events);
    if (rc == 0 && count > 0)
        sf_info ("%d tasks missed their window", count);
    sf_pb_destroy (&missed);
    return rc;
}

static int
s_generate (sf_db_t *db, const char *job, int64_t occurrence_ms, void *arg)
{
    (void) job;
    (void) occurrence_ms;
    return inspection_jobs_generate (db, arg, sf_clock_now_ms ());
}

static int
s_mark_missed (sf_db_t *db, const char *job, int64_t occurrence_ms, void *arg)
{
    (void) job;
    (void) occurrence_ms;
    return inspection_jobs_mark_missed (db, arg, sf_clock_now_ms ());
}

//  The screen board's day rows of plants without a calendar are kept in the default zone the
//  database holds: set it to this daemon's inspection.default_time_zone (a no-op unless it
//  changed; a change rebuilds those plants' day rows from their quarter hours).
static int
s_board_zone (sf_db_t *db, const char *job, int64_t occurrence_ms, void *arg)
{
    (void) job;
    (void) occurrence_ms;
    const inspection_state_t *state = arg;
    return inspection_board_store_default_zone (db, state->default_time_zone);
}

void
inspection_jobs_register (sf_scheduler_t *scheduler, inspection_state_t *state)
{
    sf_scheduler_every (scheduler, "inspection.generate", GENERATE_PERIOD_MS, 0, s_generate, state);
    sf_scheduler_every (scheduler, "inspection.missed", MISSED_PERIOD_MS, 0, s_mark_missed, state);
    sf_scheduler_every (scheduler, "inspection.board_zone", BOARD_ZONE_PERIOD_MS, 0, s_board_zone, state);
}
