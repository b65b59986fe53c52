/*  training_drill_jobs: the findings of evaluated drills go to inspection as its findings
    (inspection.ReportFinding, source REPORT), from the table they were written to in the
    evaluation's transaction (drill_finding, sent_ms NULL: an outbox of findings to send).
    A periodic job (sf_scheduler) sends each through an rpc client as the service, with an
    idempotency key made of the finding's id, so that a call repeated after a lost reply or a
    crash is answered with the same inspection finding; a failed call is tried again later,
    backing off, until inspection acknowledges. Then the row is marked sent with the number
    inspection gave (README_drill.md).                                                     */
#include "training_drill.h"
#include "inspection.pb-c.h"
#include "sf_callout.h"
#include "sf_clock.h"
#include "sf_log.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_ACTOR "sf-training"
#define S_INSPECTION_DAEMON "inspection"   //  its public key: <keys dir>/inspection.key

typedef struct {
    char *endpoint;
    bool told_no_endpoint;
} s_state_t;

static s_state_t s_state;

//  What inspection is asked to record for a finding of a drill.
static const char *s_prefix_zh = "应急演练发现";

//  One finding (row of the select in training_drill_send) to inspection. 1 acknowledged (the
//  row marked sent), 0 not (the row pushed back; *unanswered when inspection did not answer
//  at all), -1 on a database error.
static int
s_send_one (sf_db_t *db, sf_rpc_client_t *client, sf_rows_t *rows, int row, int64_t now_ms, bool *unanswered)
{
    const char *id = sf_rows_text (rows, row, 0);
    int64_t drill_id = sf_rows_int (rows, row, 1);
    int attempts = (int) sf_rows_int (rows, row, 7);
    char description [2400];
    snprintf (description, sizeof description, "%s（%s，演练 %" PRId64 "）：%s", s_prefix_zh,
              sf_rows_text (rows, row, 5), drill_id, sf_rows_text (rows, row, 2));
    Inspection__FindingInput input = INSPECTION__FINDING_INPUT__INIT;
    input.description = description;
    //  A drill tests the emergency procedures: 法 unless a person says otherwise (README_drill.md).
    input.factor = INSPECTION__FACTOR__FACTOR_METHOD;
    input.severity = sf_rows_int (rows, row, 3) == 2? INSPECTION__SEVERITY__SEVERITY_MAJOR:
                                                      INSPECTION__SEVERITY__SEVERITY_GENERAL;
    input.responsible_unit = (char *) sf_rows_text (rows, row, 4);
    input.location = (char *) sf_rows_text (rows, row, 6);
    Inspection__ReportFinding request = INSPECTION__REPORT_FINDING__INIT;
    request.finding = &input;
    request.source = INSPECTION__FINDING_SOURCE__SOURCE_REPORT;
    char key [64];
    snprintf (key, sizeof key, DRILL_FINDING_KEY_PREFIX "%s", id);
    sf_callout_as_service (client, S_ACTOR, sf_rows_text (rows, row, 6), sf_rows_text (rows, row, 8));
    sf_reply_t reply = { 0 };
    sf_status_t status = sf_rpc_client_call_message (client, &request.base, key, &reply);
    *unanswered = sf_callout_unanswered (status);
    Inspection__Finding *finding = status == SF_OK?
        inspection__finding__unpack (NULL, reply.body_size, reply.body): NULL;
    char now [24], error [512];
    snprintf (now, sizeof now, "%" PRId64, now_ms);
    int rc;
    if (finding) {
        const char *values [] = { id, now, finding->number };
        rc = sf_db_exec (db, "UPDATE drill_finding SET sent_ms = $2::bigint, inspection_number = $3,"
                             " attempts = attempts + 1, last_error = '' WHERE id = $1::bigint", 3, values) == 1? 1: -1;
        if (rc == 1)
            sf_info ("drill finding %s (drill %" PRId64 ") is inspection's finding %s", id, drill_id, finding->number);
        inspection__finding__free_unpacked (finding, NULL);
    }
    else {
        sf_callout_error (status, &reply, error, sizeof error);
        char next [24];
        snprintf (next, sizeof next, "%" PRId64,
                  now_ms + sf_callout_backoff_ms (attempts, DRILL_SEND_BACKOFF_MS, DRILL_SEND_BACKOFF_MAX_MS));
        const char *values [] = { id, next, error };
        rc = sf_db_exec (db, "UPDATE drill_finding SET attempts = attempts + 1, next_try_ms = $2::bigint,"
                             " last_error = $3 WHERE id = $1::bigint", 3, values) == 1? 0: -1;
        sf_warn ("drill finding %s (drill %" PRId64 ") not taken by inspection (attempt %d): %s", id, drill_id,
                 attempts + 1, error);
    }
    sf_reply_clear (&reply);
    return rc;
}

int
training_drill_send (sf_db_t *db, const char *endpoint, int64_t now_ms, int batch)
{
    char now [24], limit [16];
    snprintf (now, sizeof now, "%" PRId64, now_ms);
    snprintf (limit, sizeof limit, "%d", batch);
    const char *values [] = { now, limit };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT f.id, f.drill_id, f.description, f.severity, f.responsible_unit, k.name_zh, d.unit_code,"
        " f.attempts, d.plant_code FROM drill_finding f JOIN drill d ON d.id = f.drill_id"
        " JOIN drill_kind k ON k.code = d.kind_code"
        " WHERE f.sent_ms IS NULL AND f.next_try_ms <= $1::bigint ORDER BY f.id LIMIT $2::integer"
        " FOR UPDATE OF f SKIP LOCKED", 2, values);
    if (!rows)
        return -1;
    int sent = 0;
    sf_rpc_client_t *client = NULL;
    if (sf_rows_count (rows) > 0)
        client = sf_callout_client (endpoint, S_INSPECTION_DAEMON, DRILL_SEND_CALL_MS);
    for (int i = 0; i < sf_rows_count (rows); i++) {
        bool unanswered = false;
        int rc = s_send_one (db, client, rows, i, now_ms, &unanswered);
        if (rc < 0) {
            sent = -1;
            break;
        }
        sent += rc;
        //  Inspection does not answer: the others wait for a later run, not a call each.
        if (unanswered)
            break;
    }
    sf_rpc_client_destroy (&client);
    sf_rows_destroy (&rows);
    return sent;
}

static int
s_run (sf_db_t *db, const char *job, int64_t occurrence_ms, void *arg)
{
    (void) job;
    (void) occurrence_ms;
    s_state_t *state = arg;
    if (!*state->endpoint) {
        if (!state->told_no_endpoint)
            sf_warn ("inspection.endpoint is not set: drill findings wait until it is");
        state->told_no_endpoint = true;
        return 0;
    }
    return training_drill_send (db, state->endpoint, sf_clock_now_ms (), DRILL_SEND_BATCH) < 0? -1: 0;
}

void
training_drill_register (sf_config_t *config, sf_scheduler_t *scheduler)
{
    free (s_state.endpoint);
    s_state.endpoint = strdup (sf_config_str (config, "inspection.endpoint"));
    s_state.told_no_endpoint = false;
    sf_scheduler_every (scheduler, DRILL_SEND_JOB, DRILL_SEND_PERIOD_MS, 0, s_run, &s_state);
}
