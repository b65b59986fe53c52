/*  lesson_checks: each assignment's special check goes to inspection as a special plan of its
    unit (inspection.CreatePlan, level special, code the assignment's plan_code), from the
    assignment rows publishing wrote (check_sent_ms NULL: an outbox of calls). A periodic job
    (sf_scheduler) sends each as the service with the idempotency key
    lesson.check:<assignment id>, so a call repeated after a lost reply, a crash or a kill -9
    is answered with the same plan, never a second one; a failed call is tried again later,
    backing off, until inspection acknowledges. A refusal no retry will cure (bad input, an
    unknown unit, not allowed, another plan holding the code) is tried all the same, in case
    a person fixes its cause, and each attempt logs a warning with the reason, which
    Assignment.check_error shows (README_publish.md).                                        */
#include "lesson_checks.h"
#include "lesson_store.h"
#include "inspection.pb-c.h"
#include "sf_callout.h"
#include "sf_clock.h"
#include "sf_log.h"
#include "sf_pb.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_INSPECTION_DAEMON "inspection"   //  its public key: <keys dir>/inspection.key

//  inspection's limits on a plan's title and a free item (inspection_rules.h), in characters.
#define S_TITLE_MAX "100"
#define S_ITEM_MAX "200"

//  The due checks, with what the plan is made of: $1 now, $2 batch, $3 the time zone.
static const char *s_due_sql =
    "WITH today AS (SELECT (to_timestamp ($1::bigint / 1000.0) AT TIME ZONE $3)::date AS day)"
    " SELECT a.id, a.plan_code, a.unit_code, a.unit_kind, a.plant_code, a.check_attempts,"
    "   left ('举一反三专项检查：' || l.title_zh, " S_TITLE_MAX "),"
    "   left ('Lesson self-check: ' || CASE WHEN l.title_en <> '' THEN l.title_en ELSE l.number END, " S_TITLE_MAX "),"
    "   (SELECT coalesce (string_agg (left (x.action, " S_ITEM_MAX "), chr (31) ORDER BY x.i), '')"
    "      FROM unnest (l.actions) WITH ORDINALITY AS x (action, i)),"
    "   (SELECT coalesce (string_agg (left (t.check_zh, " S_ITEM_MAX "), chr (31) ORDER BY x.i), '')"
    "      FROM unnest (l.tags) WITH ORDINALITY AS x (tag, i) JOIN lesson_tag t ON t.code = x.tag),"
    "   (SELECT coalesce (string_agg (left (t.check_en, " S_ITEM_MAX "), chr (31) ORDER BY x.i), '')"
    "      FROM unnest (l.tags) WITH ORDINALITY AS x (tag, i) JOIN lesson_tag t ON t.code = x.tag),"
    "   today.day::text, greatest (l.deadline_on, today.day)::text, l.number"
    " FROM assignment a JOIN lesson l ON l.id = a.lesson_id, today"
    " WHERE a.check_sent_ms IS NULL AND a.check_next_try_ms <= $1::bigint"
    " ORDER BY a.id LIMIT $2::integer FOR UPDATE OF a SKIP LOCKED";

typedef struct {
    char *endpoint;
    char *time_zone;
    bool told_no_endpoint;
} s_job_t;

static s_job_t s_job;

//  Appends to plan's free items the items of zh and en (chr (31) between items; en may
//  be NULL: the same text in both).
static void
s_add_items (Inspection__CreatePlan *plan, const char *zh, const char *en)
{
    char **zh_items = NULL, **en_items = NULL;
    size_t zh_count = 0, en_count = 0;
    lesson_split_add (&zh_items, &zh_count, zh, 31);
    lesson_split_add (&en_items, &en_count, en? en: zh, 31);
    for (size_t i = 0; i < zh_count; i++) {
        Inspection__FreeItem *item = sf_pb_add (&plan->free_items, &plan->n_free_items,
                                                &inspection__free_item__descriptor);
        item->text_zh = zh_items [i];
        item->text_en = i < en_count? en_items [i]: strdup ("");
        if (i < en_count)
            en_items [i] = NULL;
    }
    for (size_t i = 0; i < en_count; i++)
        free (en_items [i]);
    free (zh_items);
    free (en_items);
}

//  One assignment's check (row of s_due_sql) to inspection. 1 acknowledged (the row marked
//  sent), 0 not (the row pushed back; *unanswered when inspection did not answer at all), -1
//  on a database error.
static int
s_send_one (sf_db_t *db, sf_rpc_client_t *client, sf_rows_t *rows, int row, int64_t now_ms, bool *unanswered)
{
    const char *id = sf_rows_text (rows, row, 0);
    const char *plan_code = sf_rows_text (rows, row, 1);
    int attempts = (int) sf_rows_int (rows, row, 5);
    Inspection__CreatePlan *plan = sf_pb_new (&inspection__create_plan__descriptor);
    sf_pb_set (&plan->code, plan_code);
    plan->level = INSPECTION__PLAN_LEVEL__LEVEL_SPECIAL;
    sf_pb_set (&plan->scope_unit, sf_rows_text (rows, row, 2));
    plan->target_kind = (int32_t) sf_rows_int (rows, row, 3);
    sf_pb_set (&plan->title_zh, sf_rows_text (rows, row, 6));
    sf_pb_set (&plan->title_en, sf_rows_text (rows, row, 7));
    sf_pb_set (&plan->starts_on, sf_rows_text (rows, row, 11));
    sf_pb_set (&plan->ends_on, sf_rows_text (rows, row, 12));
    s_add_items (plan, sf_rows_text (rows, row, 8), NULL);
    s_add_items (plan, sf_rows_text (rows, row, 9), sf_rows_text (rows, row, 10));

    char key [64];
    snprintf (key, sizeof key, LESSON_CHECKS_KEY_PREFIX "%s", id);
    sf_callout_as_service (client, LESSON_CHECKS_ACTOR, plan->scope_unit, sf_rows_text (rows, row, 4));
    sf_reply_t reply = { 0 };
    sf_status_t status = sf_rpc_client_call_message (client, &plan->base, key, &reply);
    *unanswered = sf_callout_unanswered (status);
    Inspection__Plan *created = status == SF_OK? inspection__plan__unpack (NULL, reply.body_size, reply.body): NULL;
    //  The code LS<id> is this assignment's alone: inspection holding a plan of that code is
    //  the acknowledgement, also once the call's idempotency key has expired there and the
    //  call is answered already_exists instead of with the plan.
    bool held = status == SF_ALREADY_EXISTS;
    char now [24];
    snprintf (now, sizeof now, "%" PRId64, now_ms);
    int rc;
    if (created || held) {
        const char *values [] = { id, now };
        rc = sf_db_exec (db, "UPDATE assignment SET check_sent_ms = $2::bigint, check_attempts = check_attempts + 1,"
                             " check_error = '' WHERE id = $1::bigint", 2, values) == 1? 1: -1;
        if (rc == 1)
            sf_info ("assignment %s (lesson %s): inspection holds special plan %s for %s", id,
                     sf_rows_text (rows, row, 13), plan_code, plan->scope_unit);
        if (created)
            inspection__plan__free_unpacked (created, NULL);
    }
    else {
        char error [512], next [24];
        sf_callout_error (status, &reply, error, sizeof error);
        snprintf (next, sizeof next, "%" PRId64,
                  now_ms + sf_callout_backoff_ms (attempts, LESSON_CHECKS_BACKOFF_MS, LESSON_CHECKS_BACKOFF_MAX_MS));
        const char *values [] = { id, next, error };
        rc = sf_db_exec (db, "UPDATE assignment SET check_attempts = check_attempts + 1, check_next_try_ms = $2::bigint,"
                             " check_error = $3 WHERE id = $1::bigint", 3, values) == 1? 0: -1;
        sf_warn ("assignment %s (lesson %s): special plan %s %s by inspection (attempt %d): %s", id,
                 sf_rows_text (rows, row, 13), plan_code, sf_callout_refused (status)? "refused": "not taken",
                 attempts + 1, error);
    }
    sf_reply_clear (&reply);
    sf_pb_destroy (&plan);
    return rc;
}

int
lesson_checks_send (sf_db_t *db, const char *endpoint, const char *time_zone, int64_t now_ms, int batch)
{
    char now [24], limit [16];
    snprintf (now, sizeof now, "%" PRId64, now_ms);
    snprintf (limit, sizeof limit, "%d", batch);
    const char *values [] = { now, limit, *time_zone? time_zone: "Asia/Shanghai" };
    sf_rows_t *rows = sf_db_query (db, s_due_sql, 3, values);
    if (!rows)
        return -1;
    int sent = 0;
    sf_rpc_client_t *client = sf_rows_count (rows) > 0?
        sf_callout_client (endpoint, S_INSPECTION_DAEMON, LESSON_CHECKS_CALL_MS): NULL;
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
    s_job_t *state = arg;
    if (!*state->endpoint) {
        if (!state->told_no_endpoint)
            sf_warn ("inspection.endpoint is not set: special checks wait until it is");
        state->told_no_endpoint = true;
        return 0;
    }
    return lesson_checks_send (db, state->endpoint, state->time_zone, sf_clock_now_ms (), LESSON_CHECKS_BATCH) < 0?
        -1: 0;
}

void
lesson_checks_register (lesson_state_t *state, sf_scheduler_t *scheduler)
{
    free (s_job.endpoint);
    free (s_job.time_zone);
    s_job.endpoint = strdup (state->inspection_endpoint? state->inspection_endpoint: "");
    s_job.time_zone = strdup (state->time_zone? state->time_zone: "");
    s_job.told_no_endpoint = false;
    sf_scheduler_every (scheduler, LESSON_CHECKS_JOB, LESSON_CHECKS_PERIOD_MS, 0, s_run, &s_job);
}
