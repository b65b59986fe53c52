/*  scoring_overdue: the per-day overdue job.                                               */
#include "scoring_overdue.h"
#include "scoring_rules_store.h"
#include "scoring_score.h"
#include "sf_clock.h"
#include "sf_log.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_PERIOD_MS 60000
#define S_DAY_MS 86400000LL
//  Forms a pass looks at, at most; the next pass goes on.
#define S_BATCH "500"

int
scoring_overdue_pass (sf_db_t *db, const scoring_state_t *state, int64_t now_ms)
{
    scoring_rule_t rule;
    if (scoring_rule_current (db, "form.overdue_day", &rule) < 0)
        return -1;
    char now [24], cap [16];
    snprintf (now, sizeof now, "%" PRId64, now_ms);
    snprintf (cap, sizeof cap, "%d", rule.item_cap);
    const char *values [] = { now, cap };
    //  The forms with a day to score: whole days past the deadline up to now or the close,
    //  capped, beyond days_scored.
    sf_rows_t *rows = sf_db_query (db,
        "SELECT form_id, number, responsible_unit, responsible_person, deadline_ms, days_scored, source_event_id, d.days"
        " FROM overdue_form,"
        " LATERAL (SELECT CASE WHEN $2::int > 0 THEN least (x.days, $2::int) ELSE x.days END AS days FROM"
        "  (SELECT greatest (0, floor ((least ($1::bigint, coalesce (closed_ms, $1::bigint)) - deadline_ms)"
        "   / 86400000.0))::int AS days) x) d"
        " WHERE d.days > days_scored ORDER BY form_id LIMIT " S_BATCH " FOR UPDATE OF overdue_form", 2, values);
    if (!rows)
        return -1;
    int scored = 0;
    for (int row = 0; row < sf_rows_count (rows) && scored >= 0; row++) {
        const char *id = sf_rows_text (rows, row, 0);
        int64_t deadline = sf_rows_int (rows, row, 4);
        int from = (int) sf_rows_int (rows, row, 5), days = (int) sf_rows_int (rows, row, 7);
        char key [48];
        snprintf (key, sizeof key, "overdue:%s", id);
        for (int n = from + 1; n <= days && scored >= 0; n++) {
            scoring_cause_t cause = {
                .kind = "form.overdue_day", .person = sf_rows_text (rows, row, 3),
                .unit = sf_rows_text (rows, row, 2), .occurred_ms = deadline + n * S_DAY_MS, .source_key = key,
                .event_id = sf_rows_text (rows, row, 6), .event_type = "rectification.form_overdue",
                .source_ref = sf_rows_text (rows, row, 1), .item_no = n, .person_optional = true
            };
            if (scoring_score_cause (db, state, &cause) < 0)
                scored = -1;
            else
                scored++;
        }
        char count [16];
        snprintf (count, sizeof count, "%d", days);
        const char *update [] = { id, count };
        if (scored >= 0 && sf_db_exec (db, "UPDATE overdue_form SET days_scored = $2::int WHERE form_id = $1::bigint",
                                       2, update) < 0)
            scored = -1;
        if (scored >= 0)
            sf_info ("form %s: %d days overdue scored", sf_rows_text (rows, row, 1), days);
    }
    sf_rows_destroy (&rows);
    return scored;
}

//  The job (the scheduler runs it on one instance at a time).
static int
s_job (sf_db_t *db, const char *job, int64_t occurrence_ms, void *arg)
{
    (void) job, (void) occurrence_ms;
    return scoring_overdue_pass (db, arg, sf_clock_now_ms ()) < 0? -1: 0;
}

void
scoring_overdue_register (scoring_state_t *state, sf_scheduler_t *scheduler)
{
    sf_scheduler_every (scheduler, "scoring.overdue", S_PERIOD_MS, 0, s_job, state);
}
