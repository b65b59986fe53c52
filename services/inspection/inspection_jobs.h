/*  inspection_jobs: what the inspection daemon does on its own, through the common
    scheduler (so several instances do each once): generate the tasks of today and
    tomorrow every 15 minutes, and every minute mark missed the open tasks whose window has
    ended, each with an inspection.task_missed event.                                      */
#ifndef INSPECTION_JOBS_H_INCLUDED
#define INSPECTION_JOBS_H_INCLUDED

#include "inspection_state.h"
#include "sf_scheduler.h"

void inspection_jobs_register (sf_scheduler_t *scheduler, inspection_state_t *state);

//  The periodic jobs' work, for tests: both run inside the caller's transaction.
int inspection_jobs_generate (sf_db_t *db, const inspection_state_t *state, int64_t now_ms);
int inspection_jobs_mark_missed (sf_db_t *db, const inspection_state_t *state, int64_t now_ms);

#endif
