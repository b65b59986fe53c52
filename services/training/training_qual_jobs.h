/*  training_qual_jobs: the qual area's scheduled job (sf_scheduler), every minute on one
    instance: open the levels of employees the org copy holds without them (new, moved to
    another post, back from a long absence), remind of certificates coming due, and judge who
    is qualified, each in bounded batches, with an event for each change (README_qual.md).
    Onboarding is a reconciliation and not a second consumer of topic "org": the org copy's
    consumer (sf_org.c) is the daemon's only reader of that stream, and the reconciliation
    also covers employees created while the daemon was down.                              */
#ifndef TRAINING_QUAL_JOBS_H_INCLUDED
#define TRAINING_QUAL_JOBS_H_INCLUDED

#include "sf_config.h"
#include "sf_db.h"
#include "sf_scheduler.h"

#include <stdint.h>

#define QUAL_JOB "training.qual"
#define QUAL_JOB_PERIOD_MS 60000
//  Rows each part of the job handles per run: a big org is worked through over a few runs.
#define QUAL_JOB_BATCH 500

//  spec.start of the daemon: registers the job. Returns the area's state (never NULL).
void *training_qual_start (sf_config_t *config, sf_scheduler_t *scheduler);

//  The parts of the job, each in the caller's transaction, at now_ms, at most batch rows.
//  Each returns how many it changed (levels opened, reminders sent, qualifications changed),
//  or -1 on a database error.
int training_qual_reconcile (sf_db_t *db, int64_t now_ms, int batch);
int training_qual_remind (sf_db_t *db, int64_t now_ms, int batch);
int training_qual_judge (sf_db_t *db, int64_t now_ms, int batch);

#endif
