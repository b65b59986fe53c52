/*  lesson_escalation: the job lesson.escalation, every minute, one instance at a time.     */
#include "lesson.h"
#include "lesson_escalation.h"
#include "lesson_events.h"
#include "lesson_store.h"
#include "sf_clock.h"
#include "sf_log.h"
#include "sf_pb.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_PERIOD_MS (60 * 1000)
#define S_HOUR_MS ((int64_t) 3600 * 1000)
#define S_DAY_MS (24 * S_HOUR_MS)
//  next_escalation_ms once the top is reached: never due again.
#define S_NEVER INT64_MAX

//  A rule of lesson_rule into *value: 0, or -1 (a missing rule logged as an error).
static int
s_rule (sf_db_t *db, const char *name, int64_t *value)
{
    const char *values [] = { name };
    sf_rows_t *rows = sf_db_query (db, "SELECT value FROM lesson_rule WHERE name = $1", 1, values);
    int found = rows? sf_rows_count (rows): -1;
    if (found == 1)
        *value = sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    if (found == 0)
        sf_error ("lesson_rule %s is missing: the job lesson.escalation cannot run", name);
    return found == 1? 0: -1;
}

//  Appends the ids rows returned (column 0) to *ids.
static void
s_collect (sf_rows_t *rows, int64_t **ids, size_t *count)
{
    int n = sf_rows_count (rows);
    *ids = realloc (*ids, (*count + (size_t) n + 1) * sizeof **ids);
    if (!*ids)
        abort ();
    for (int row = 0; row < n; row++)
        (*ids) [(*count)++] = sf_rows_int (rows, row, 0);
}

//  lesson.assignment_overdue for each of ids, read back in one query. 0 or -1.
static int
s_notify (sf_db_t *db, const int64_t *ids, size_t count)
{
    if (!count)
        return 0;
    char *array = sf_db_int_array_literal (ids, count);
    const char *values [] = { array };
    sf_rows_t *rows = sf_db_query (db, "SELECT " LESSON_ASSIGNMENT_COLUMNS " FROM " LESSON_ASSIGNMENT_FROM
                                       " WHERE a.id = ANY ($1::bigint[]) ORDER BY a.id", 1, values);
    free (array);
    int rc = rows? 0: -1;
    for (int row = 0; rows && rc == 0 && row < sf_rows_count (rows); row++) {
        Lesson__Assignment *assignment = lesson_assignment_from_row (rows, row);
        rc = lesson_emit_assignment (NULL, db, "lesson.assignment_overdue", assignment);
        sf_pb_destroy (&assignment);
    }
    sf_rows_destroy (&rows);
    return rc;
}

int
lesson_escalation_pass (sf_db_t *db, int64_t now_ms)
{
    int64_t hours;
    if (s_rule (db, "escalation_hours", &hours))
        return -1;
    char now [24], interval [24], batch [16], reported [8], never [24];
    snprintf (now, sizeof now, "%" PRId64, now_ms);
    snprintf (interval, sizeof interval, "%" PRId64, hours * S_HOUR_MS);
    snprintf (batch, sizeof batch, "%d", LESSON_ESCALATION_BATCH);
    snprintf (reported, sizeof reported, "%d", LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_REPORTED);
    snprintf (never, sizeof never, "%" PRId64, (int64_t) S_NEVER);
    const char *values [] = { now, interval, batch, reported };
    int64_t *ids = NULL;
    size_t count = 0;
    //  Late already: one level up, where the chain goes on. Rows a report holds are left for
    //  the next pass (SKIP LOCKED), which will find them reported.
    sf_rows_t *rows = sf_db_query (db,
        "WITH due AS (SELECT id FROM assignment"
        "              WHERE status < $4::smallint AND late AND next_escalation_ms <= $1::bigint"
        "              ORDER BY next_escalation_ms, id LIMIT $3::int FOR UPDATE SKIP LOCKED)"
        " UPDATE assignment a SET escalation_step = a.escalation_step + 1, escalated_to = n.parent_code,"
        "        next_escalation_ms = a.next_escalation_ms + $2::bigint, version = a.version + 1"
        "   FROM due, sf_org_node n"
        "  WHERE a.id = due.id AND n.code = a.escalated_to AND coalesce (n.parent_code, '') <> ''"
        " RETURNING a.id", 4, values);
    if (rows)
        s_collect (rows, &ids, &count);
    bool ok = rows != NULL;
    sf_rows_destroy (&rows);
    //  At the top (or a unit the copy does not know): no further step.
    const char *stop_values [] = { now, never, reported };
    ok = ok && sf_db_exec (db,
        "UPDATE assignment a SET next_escalation_ms = $2::bigint"
        " WHERE a.status < $3::smallint AND a.late AND a.next_escalation_ms <= $1::bigint"
        "   AND NOT EXISTS (SELECT 1 FROM sf_org_node n WHERE n.code = a.escalated_to"
        "                    AND coalesce (n.parent_code, '') <> '')", 3, stop_values) >= 0;
    //  Newly overdue: late, and the unit itself hears first.
    rows = ok? sf_db_query (db,
        "WITH due AS (SELECT id FROM assignment"
        "              WHERE status < $4::smallint AND NOT late AND next_escalation_ms <= $1::bigint"
        "              ORDER BY next_escalation_ms, id LIMIT $3::int FOR UPDATE SKIP LOCKED)"
        " UPDATE assignment a SET late = true, escalation_step = 0, escalated_to = a.unit_code,"
        "        next_escalation_ms = a.next_escalation_ms + $2::bigint, version = a.version + 1"
        "   FROM due WHERE a.id = due.id"
        " RETURNING a.id", 4, values): NULL;
    if (rows)
        s_collect (rows, &ids, &count);
    ok = rows != NULL && s_notify (db, ids, count) == 0;
    sf_rows_destroy (&rows);
    free (ids);
    if (ok && count)
        sf_info ("%zu overdue notices on assignments", count);
    return ok? (int) count: -1;
}

int64_t
lesson_escalation_prune (sf_db_t *db, int64_t now_ms)
{
    int64_t days;
    if (s_rule (db, "outcome_days", &days))
        return -1;
    char before [24], batch [16];
    snprintf (before, sizeof before, "%" PRId64, now_ms - days * S_DAY_MS);
    snprintf (batch, sizeof batch, "%d", 10 * LESSON_ESCALATION_BATCH);
    const char *values [] = { before, batch };
    int64_t deleted = sf_db_exec (db,
        "DELETE FROM finding_outcome WHERE finding_id IN ("
        "  SELECT o.finding_id FROM finding_outcome o WHERE o.at_ms < $1::bigint"
        "     AND NOT EXISTS (SELECT 1 FROM assignment_finding f WHERE f.finding_id = o.finding_id)"
        "   LIMIT $2::int)", 2, values);
    if (deleted > 0)
        sf_info ("%" PRId64 " findings' outcomes older than %" PRId64 " days deleted", deleted, days);
    return deleted;
}

//  The job (the scheduler runs it on one instance at a time).
static int
s_job (sf_db_t *db, const char *job, int64_t occurrence_ms, void *arg)
{
    (void) job, (void) occurrence_ms, (void) arg;
    int64_t now_ms = sf_clock_now_ms ();
    return lesson_escalation_pass (db, now_ms) < 0 || lesson_escalation_prune (db, now_ms) < 0? -1: 0;
}

void
lesson_escalation_register (lesson_state_t *state, sf_scheduler_t *scheduler)
{
    sf_scheduler_every (scheduler, "lesson.escalation", S_PERIOD_MS, 0, s_job, state);
}
