/*  training_drill: what the drill area's routes and its scheduled job share: its stream, the
    sending of drill findings to inspection (README_drill.md).                            */
#ifndef TRAINING_DRILL_H_INCLUDED
#define TRAINING_DRILL_H_INCLUDED

#include "training_drill.pb-c.h"
#include "sf_config.h"
#include "sf_db.h"
#include "sf_scheduler.h"

#include <stdint.h>

#define DRILL_TOPIC "training"              //  events go to sf_stream_name (DRILL_TOPIC)

//  The job that sends drill findings to inspection, its period, how many it sends per run,
//  and how long it waits for each answer (well below db.idle_tx_timeout_ms: the row stays
//  locked meanwhile).
#define DRILL_SEND_JOB "training.drill_findings"
#define DRILL_SEND_PERIOD_MS 3000
#define DRILL_SEND_BATCH 20
#define DRILL_SEND_CALL_MS 2000
//  After a failed call a finding waits this long, doubling per attempt, at most the cap.
#define DRILL_SEND_BACKOFF_MS 3000
#define DRILL_SEND_BACKOFF_MAX_MS (10 * 60 * 1000)

//  The idempotency key of a finding's report, from its id: "training.drill_finding:<id>".
#define DRILL_FINDING_KEY_PREFIX "training.drill_finding:"

//  Registers the sending job with scheduler; findings go to the inspection daemon at
//  config's inspection.endpoint (empty: they wait, and the job says so once per run).
//  Call from the daemon's spec.start.
void training_drill_register (sf_config_t *config, sf_scheduler_t *scheduler);

//  One run of the job, in the caller's transaction, at now_ms: sends at most batch findings
//  due to endpoint (as sf-training, role service, with the inspection daemon's key), marks
//  each acknowledged one sent with inspection's number and pushes the others back. Returns
//  how many were acknowledged, or -1 on a database error.
int training_drill_send (sf_db_t *db, const char *endpoint, int64_t now_ms, int batch);

#endif
