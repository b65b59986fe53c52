/*  scoring_score_rectification: the consumer of rectification's stream (scoring.h).
    form_overdue (an Alert with its form, or the Form itself) starts counting the form per day
    in overdue_form (scoring_overdue.c writes the days); form_closed and form_cancelled stop
    it at closed_ms, and a form closed by its deadline that was never overdue earns its
    responsible unit and person form.closed. Safe to run twice: tracking starts once, stops
    once, and the reward is an entry written once.                                         */
#include "scoring_score.h"
#include "rectification.pb-c.h"
#include "sf_clock.h"
#include "sf_event_payload.h"
#include "sf_log.h"
#include "sf_pb.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

//  Starts counting form's days overdue (once).
static int
s_track (sf_db_t *db, const sf_event_t *event, const Rectification__Form *form)
{
    char id [24], deadline [24], now [24];
    snprintf (id, sizeof id, "%" PRId64, form->id);
    snprintf (deadline, sizeof deadline, "%" PRId64, form->deadline_ms);
    snprintf (now, sizeof now, "%" PRId64, sf_clock_now_ms ());
    const char *values [] = { id, form->number, form->plant_code, form->responsible_unit,
                              form->responsible_person, deadline, event->event_id, now };
    int64_t added = sf_db_exec (db,
        "INSERT INTO overdue_form (form_id, number, plant_code, responsible_unit, responsible_person, deadline_ms,"
        " source_event_id, tracked_ms) VALUES ($1::bigint, $2, $3, $4, $5, $6::bigint, $7, $8::bigint)"
        " ON CONFLICT (form_id) DO NOTHING", 8, values);
    if (added > 0)
        sf_info ("form %s overdue since %s: counted per day", form->number, deadline);
    return added < 0? -1: 0;
}

static int
s_overdue (sf_db_t *db, const sf_event_t *event)
{
    int rc;
    if (event->payload_type && strcmp (event->payload_type, "rectification.Alert") == 0) {
        Rectification__Alert *alert = sf_event_payload (event, &rectification__alert__descriptor, "form.number");
        if (!alert)
            return -1;
        rc = s_track (db, event, alert->form);
        sf_pb_destroy (&alert);
    }
    else {
        Rectification__Form *form = sf_event_payload (event, &rectification__form__descriptor, "number");
        if (!form)
            return -1;
        rc = s_track (db, event, form);
        sf_pb_destroy (&form);
    }
    return rc;
}

//  form_closed / form_cancelled: tracking stops; closed in time: the reward.
static int
s_end (sf_db_t *db, const sf_event_t *event, void *arg, bool closed)
{
    Rectification__Form *form = sf_event_payload (event, &rectification__form__descriptor, "number");
    if (!form)
        return -1;
    char id [24], at [24];
    int64_t closed_ms = form->closed_ms > 0? form->closed_ms: event->occurred_ms;
    snprintf (id, sizeof id, "%" PRId64, form->id);
    snprintf (at, sizeof at, "%" PRId64, closed_ms);
    const char *values [] = { id, at };
    sf_rows_t *rows = sf_db_query (db,
        "WITH s AS (UPDATE overdue_form SET closed_ms = $2::bigint WHERE form_id = $1::bigint AND closed_ms IS NULL)"
        " SELECT EXISTS (SELECT 1 FROM overdue_form WHERE form_id = $1::bigint)", 2, values);
    if (!rows) {
        sf_pb_destroy (&form);
        return -1;
    }
    bool tracked = sf_rows_bool (rows, 0, 0);
    sf_rows_destroy (&rows);
    int rc = 0;
    if (closed && !tracked && !form->overdue && form->deadline_ms > 0 && closed_ms <= form->deadline_ms) {
        scoring_cause_t cause = {
            .kind = "form.closed", .person = form->responsible_person, .unit = form->responsible_unit,
            .occurred_ms = closed_ms, .source_key = event->event_id, .event_id = event->event_id,
            .event_type = event->type, .source_ref = form->number, .person_optional = true
        };
        rc = scoring_score_cause (db, arg, &cause) < 0? -1: 0;
    }
    sf_pb_destroy (&form);
    return rc;
}

int
scoring_rectification_apply (sf_db_t *db, const sf_event_t *event, void *arg)
{
    if (strcmp (event->type, "rectification.form_overdue") == 0)
        return s_overdue (db, event);
    if (strcmp (event->type, "rectification.form_closed") == 0)
        return s_end (db, event, arg, true);
    if (strcmp (event->type, "rectification.form_cancelled") == 0)
        return s_end (db, event, arg, false);
    return 0;
}
