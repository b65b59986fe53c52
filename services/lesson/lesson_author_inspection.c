/*  lesson_author_inspection: CreateLessonFromInspection. A finding ("…-F…") or a 三违 record
    ("…-V…") a safety officer marks as typical becomes a draft lesson, its facts read from
    inspection (GetFinding, GetViolation) as the service rather than typed again
    (README_author.md, "From an inspection record"). The actor must be allowed to see the
    record; a record becomes one lesson, once: the commands on one number are serialised by an
    advisory lock held to the end of the transaction. Inspection down: unavailable, nothing
    stored (the person tries again).                                                        */
#include "lesson.h"
#include "lesson_author.h"
#include "lesson_author_messages.h"
#include "inspection.pb-c.h"
#include "sf_pb.h"
#include "sf_rpc_client.h"
#include "sf_scope.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_ACTOR "sf-lesson"
#define S_INSPECTION_DAEMON "inspection"   //  its public key: <keys dir>/inspection.key
//  One attempt, well within a client's own attempt (1.5 s by default): a person waits.
#define S_CALL_MS 1000
//  A title made from the description: its first characters.
#define S_TITLE_CHARS 60
//  The description quoted in the action made from it, in characters.
#define S_ACTION_QUOTE_CHARS 150

typedef enum { S_FINDING, S_VIOLATION } s_kind_t;

//  What the lesson takes from the record.
typedef struct {
    char *number;
    char *description;
    char *place;
    char *unit;
    int64_t at_ms;
    Inspection__Factor factor;
} s_record_t;

static void
s_record_clear (s_record_t *record)
{
    free (record->number);
    free (record->description);
    free (record->place);
    free (record->unit);
    memset (record, 0, sizeof *record);
}

//  <plant>-F<year>-<seq> or <plant>-V<year>-<seq>: the letter after the next-to-last dash.
static int
s_kind (const char *number, s_kind_t *kind)
{
    const char *last = strrchr (number, '-');
    if (!last || last == number)
        return -1;
    const char *before = last - 1;
    while (before > number && *before != '-')
        before--;
    if (*before != '-' || before + 1 == last)
        return -1;
    if (before [1] == 'F')
        *kind = S_FINDING;
    else
    if (before [1] == 'V')
        *kind = S_VIOLATION;
    else
        return -1;
    return 0;
}

//  The first chars characters of text, a copy (UTF-8, which the server checked).
static char *
s_prefix (const char *text, size_t chars)
{
    size_t at = 0;
    for (size_t count = 0; text [at] && count <= chars; at++)
        if (((unsigned char) text [at] & 0xC0) != 0x80 && ++count > chars)
            break;
    return strndup (text, at);
}

//  Asks inspection for the record. 0 with record filled, or -1 with the call failed.
static int
s_fetch (sf_call_t *call, const char *number, s_kind_t kind, s_record_t *record)
{
    const lesson_state_t *state = call->state;
    if (!state->inspection_endpoint || !*state->inspection_endpoint) {
        sf_call_fail (call, SF_UNAVAILABLE, &LESSON_AUTHOR_MSG_INSPECTION_NOT_SET, number);
        return -1;
    }
    sf_rpc_client_t *client = sf_rpc_client_new (state->inspection_endpoint);
    sf_rpc_client_set_server (client, S_INSPECTION_DAEMON);
    sf_rpc_client_set_actor (client, S_ACTOR, "service", "", "");
    sf_rpc_client_set_retry (client, S_CALL_MS, 1);
    Inspection__GetFinding get_finding = INSPECTION__GET_FINDING__INIT;
    Inspection__GetViolation get_violation = INSPECTION__GET_VIOLATION__INIT;
    get_finding.number = get_violation.number = (char *) number;
    sf_reply_t reply = { 0 };
    sf_status_t status = sf_rpc_client_call_message (client, kind == S_FINDING? &get_finding.base: &get_violation.base,
                                                     NULL, &reply);
    sf_rpc_client_destroy (&client);
    int rc = -1;
    if (status == SF_OK && kind == S_FINDING) {
        Inspection__Finding *finding = inspection__finding__unpack (NULL, reply.body_size, reply.body);
        if (finding) {
            record->number = strdup (finding->number);
            record->description = strdup (finding->description);
            record->place = strdup (finding->location);
            record->unit = strdup (finding->responsible_unit);
            record->at_ms = finding->reported_ms;
            record->factor = finding->factor;
            inspection__finding__free_unpacked (finding, NULL);
            rc = 0;
        }
    }
    else
    if (status == SF_OK) {
        Inspection__Violation *violation = inspection__violation__unpack (NULL, reply.body_size, reply.body);
        if (violation) {
            record->number = strdup (violation->number);
            record->description = strdup (violation->description);
            record->place = strdup (*violation->location? violation->location: violation->unit_code);
            record->unit = strdup (violation->unit_code);
            record->at_ms = violation->occurred_ms;
            record->factor = INSPECTION__FACTOR__FACTOR_MAN;
            inspection__violation__free_unpacked (violation, NULL);
            rc = 0;
        }
    }
    if (rc == 0)
        sf_log (SF_LOG_DEBUG, &call->log, "inspection gave %s", number);
    else
    if (status == SF_OK) {
        sf_call_fail (call, SF_INTERNAL, sf_status_text (SF_INTERNAL));
        sf_log (SF_LOG_ERROR, &call->log, "inspection's reply for %s does not decode", number);
    }
    else
    if (status == SF_NOT_FOUND)
        sf_call_fail (call, SF_NOT_FOUND, &LESSON_AUTHOR_MSG_ORIGIN_UNKNOWN, number);
    else
    if (status == SF_UNAVAILABLE || status == SF_DEADLINE_EXCEEDED) {
        sf_call_fail (call, SF_UNAVAILABLE, &LESSON_AUTHOR_MSG_INSPECTION_DOWN, number);
        sf_log (SF_LOG_WARN, &call->log, "inspection at %s did not answer for %s", state->inspection_endpoint, number);
    }
    else
        sf_call_fail (call, SF_FAILED_PRECONDITION, &LESSON_AUTHOR_MSG_INSPECTION_REFUSED, number,
                      reply.reason_zh? reply.reason_zh: "", reply.reason_en? reply.reason_en: "");
    sf_reply_clear (&reply);
    return rc;
}

//  Serialises the commands on number and refuses it when a lesson was made from it.
//  0, or -1 with the call failed.
static int
s_once (sf_call_t *call, const char *number)
{
    const char *values [] = { number };
    sf_rows_t *rows = sf_db_query (call->db, "SELECT pg_advisory_xact_lock (hashtextextended (current_schema () || '/lesson.origin/' || $1, 0))",
                                   1, values);
    sf_rows_destroy (&rows);
    rows = sf_db_query (call->db, "SELECT number FROM lesson WHERE origin_number = $1 AND origin_number <> ''"
                                  " ORDER BY id LIMIT 1", 1, values);
    if (!rows) {
        sf_call_fail_db (call, "looking for a lesson made from the record");
        return -1;
    }
    int found = sf_rows_count (rows);
    if (found)
        sf_call_fail (call, SF_ALREADY_EXISTS, &LESSON_AUTHOR_MSG_ORIGIN_TWICE, number, sf_rows_text (rows, 0, 0));
    sf_rows_destroy (&rows);
    return found? -1: 0;
}

//  The record's day in lesson.time_zone into day. 0 or -1 with the call failed.
static int
s_day (sf_call_t *call, int64_t at_ms, char *day, size_t size)
{
    const lesson_state_t *state = call->state;
    char at [24];
    snprintf (at, sizeof at, "%" PRId64, at_ms);
    const char *values [] = { at, state->time_zone };
    sf_rows_t *rows = sf_db_query (call->db, "SELECT (to_timestamp ($1::bigint / 1000.0) AT TIME ZONE $2)::date::text",
                                   2, values);
    if (!rows) {
        sf_call_fail_db (call, "reading the record's day");
        return -1;
    }
    snprintf (day, size, "%s", sf_rows_text (rows, 0, 0));
    sf_rows_destroy (&rows);
    return 0;
}

void
lesson_author_from_inspection (sf_call_t *call)
{
    const Lesson__CreateLessonFromInspection *request = SF_CALL_BODY (call, Lesson__CreateLessonFromInspection);
    s_kind_t kind;
    if (s_kind (request->number, &kind)) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &LESSON_AUTHOR_MSG_ORIGIN_NUMBER, request->number);
        return;
    }
    s_record_t record = { 0 };
    char day [16];
    if (s_fetch (call, request->number, kind, &record))
        goto done;
    int covers = sf_scope_covers (call->db, call->scope, NULL, SF_REACH_GRANT, record.unit);
    if (covers < 0) {
        sf_call_fail_db (call, "the reach of the actor's grants");
        goto done;
    }
    if (!covers) {
        sf_call_fail (call, SF_PERMISSION_DENIED, &LESSON_AUTHOR_MSG_ORIGIN_OUT_OF_SCOPE, request->number);
        goto done;
    }
    if (s_once (call, record.number) || s_day (call, record.at_ms, day, sizeof day))
        goto done;

    Lesson__LessonInput in = LESSON__LESSON_INPUT__INIT;
    in.source = LESSON__LESSON_SOURCE__SOURCE_INTERNAL;
    in.source_ref = record.number;
    char *title = *request->title_zh? strdup (request->title_zh): s_prefix (record.description, S_TITLE_CHARS);
    in.title_zh = title;
    in.title_en = request->title_en;
    in.summary = record.description;
    in.occurred_on = day;
    in.place = record.place;
    Inspection__Factor factors [] = { record.factor };
    in.factors = factors;
    in.n_factors = record.factor != INSPECTION__FACTOR__FACTOR_UNSPECIFIED? 1: 0;
    in.tags = request->tags;
    in.n_tags = request->n_tags;
    char *made = NULL;
    char *made_actions [1];
    if (request->n_actions) {
        in.actions = request->actions;
        in.n_actions = request->n_actions;
    }
    else {
        char *quote = s_prefix (record.description, S_ACTION_QUOTE_CHARS), *zh, *en;
        sf_text_format (&LESSON_AUTHOR_MSG_ACTION_FROM_RECORD, &zh, &en, quote, quote);
        size_t size = strlen (zh) + strlen (en) + 4;
        made = malloc (size);
        snprintf (made, size, "%s / %s", zh, en);
        free (zh);
        free (en);
        free (quote);
        made_actions [0] = made;
        in.actions = made_actions;
        in.n_actions = 1;
    }
    in.deadline_on = request->deadline_on;
    in.scope_unit = request->scope_unit;
    lesson_author_store (call, &in, record.number);
    free (made);
    free (title);
done:
    s_record_clear (&record);
}
