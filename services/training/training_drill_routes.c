/*  training_drill_routes: this area's part of the route table (training_routes.h): emergency
    drills (planned → held → evaluated, or cancelled) with participants, evaluation and the
    findings they raise, and safety campaigns grouping the qual area's sessions, with their
    completion per unit (README_drill.md, "Who may do what"). Every write runs alone: each
    locks its drill or campaign row, and commands of a group locking two in opposite orders
    would deadlock.                                                                        */
#include "training_text.h"
#include "training_routes.h"
#include "training_drill.h"
#include "training_drill_messages.h"
#include "sf_clock.h"
#include "sf_org.h"
#include "sf_pb.h"
#include "sf_scope.h"
#include "sf_stream.h"
#include "sf_utf8.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  Who may write what (README_drill.md).
#define DRILL_ROLES_MANAGE "admin,ehs,plant_safety_manager,department_head,safety_officer,service"
#define CAMPAIGN_ROLES_MANAGE "admin,ehs,plant_safety_manager,safety_officer,service"

#define S_TEXT_MAX_CHARS 500
#define S_TITLE_MAX_CHARS 100
#define S_PARTICIPANTS_MAX 500
#define S_FINDINGS_MAX 50
#define S_DURATION_MAX_MINUTES 1440
#define S_CAMPAIGN_MAX_DAYS 366
#define S_CAMPAIGN_UNITS_MAX 200
#define S_DAY_MS (24 * 3600 * 1000LL)
//  A list reply holds at most this many rows.
#define S_LIST_MAX "500"

typedef struct {
    char text [24];
} s_int_t;

static s_int_t
s_int (long long value)
{
    s_int_t number;
    snprintf (number.text, sizeof number.text, "%lld", value);
    return number;
}

//  Refuses text when required and blank, or longer than max_chars. 0 or -1 (call failed).
static int
s_text (sf_call_t *call, const char *text, bool required, size_t max_chars, const char *zh, const char *en)
{
    if (required && sf_utf8_blank (text)) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &DRILL_MSG_MISSING, zh, en);
        return -1;
    }
    if (sf_utf8_chars (text, strlen (text)) > max_chars) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &DRILL_MSG_TOO_LONG, zh, en, (int) max_chars);
        return -1;
    }
    return 0;
}

//  [A-Za-z0-9._-]{1,32}
static bool
s_code_ok (const char *code)
{
    size_t length = strlen (code);
    if (length == 0 || length > 32)
        return false;
    for (size_t i = 0; i < length; i++)
        if (!isalnum ((unsigned char) code [i]) && code [i] != '.' && code [i] != '_' && code [i] != '-')
            return false;
    return true;
}

//  Finds code, an active unit. 0, or -1 with the call failed.
static int
s_unit (sf_call_t *call, const char *code, sf_org_node_t *node)
{
    int found = sf_org_find (call->db, code, node);
    if (found < 0)
        sf_call_fail_db (call, "looking up a unit");
    else
    if (!found || !node->active || node->kind == SF_ORG_EMPLOYEE)
        sf_call_fail (call, SF_NOT_FOUND, &DRILL_MSG_UNIT_UNKNOWN, code);
    return found == 1 && node->active && node->kind != SF_ORG_EMPLOYEE? 0: -1;
}

//  code must be an active employee at or below unit. 0, or -1 with the call failed.
static int
s_employee_within (sf_call_t *call, const char *code, const char *unit)
{
    sf_org_node_t node;
    int found = sf_org_find (call->db, code, &node);
    int within = found == 1 && node.kind == SF_ORG_EMPLOYEE && node.active? sf_org_within (call->db, code, unit): 0;
    if (found < 0 || within < 0)
        sf_call_fail_db (call, "looking up an employee");
    else
    if (!found || node.kind != SF_ORG_EMPLOYEE)
        sf_call_fail (call, SF_NOT_FOUND, &DRILL_MSG_PERSON_UNKNOWN, code);
    else
    if (!node.active)
        sf_call_fail (call, SF_FAILED_PRECONDITION, &DRILL_MSG_PERSON_LEFT, code);
    else
    if (!within)
        sf_call_fail (call, SF_FAILED_PRECONDITION, &DRILL_MSG_PERSON_OUTSIDE, code, unit);
    return within == 1? 0: -1;
}

//  Adds event type of aggregate to the outbox of stream "training", through the call.
static int
s_emit (sf_call_t *call, const char *type, const char *aggregate_type, const char *aggregate_id, int64_t version,
        const char *plant, const ProtobufCMessage *payload)
{
    sf_event_t event = {
        .type = strdup (type), .aggregate_type = strdup (aggregate_type), .aggregate_id = strdup (aggregate_id),
        .aggregate_version = version, .plant = strdup (plant? plant: "")
    };
    sf_event_set_payload (&event, payload);
    int rc = sf_call_emit (call, sf_stream_name (DRILL_TOPIC), &event);
    sf_event_clear (&event);
    return rc;
}

//  ---- Drills: reading ----------------------------------------------------------------------

#define S_DRILL_SELECT \
    "SELECT d.id, d.unit_code, d.plant_code, d.kind_code, k.name_zh, k.name_en, d.scenario, d.planned_ms," \
    " d.organiser, d.state, d.held_ms, d.duration_minutes, COALESCE (d.score, 0), d.score IS NOT NULL, d.grade," \
    " d.strengths, d.problems, d.cancel_reason, d.created_by, d.created_ms, d.evaluated_ms, d.version" \
    " FROM drill d JOIN drill_kind k ON k.code = d.kind_code"

static Training__Drill *
s_drill_fill (sf_rows_t *rows, int row)
{
    Training__Drill *drill = sf_pb_new (&training__drill__descriptor);
    drill->id = sf_rows_int (rows, row, 0);
    sf_pb_set (&drill->unit_code, sf_rows_text (rows, row, 1));
    sf_pb_set (&drill->plant_code, sf_rows_text (rows, row, 2));
    sf_pb_set (&drill->kind_code, sf_rows_text (rows, row, 3));
    sf_pb_set (&drill->kind_zh, sf_rows_text (rows, row, 4));
    sf_pb_set (&drill->kind_en, sf_rows_text (rows, row, 5));
    sf_pb_set (&drill->scenario, sf_rows_text (rows, row, 6));
    drill->planned_ms = sf_rows_int (rows, row, 7);
    sf_pb_set (&drill->organiser, sf_rows_text (rows, row, 8));
    drill->state = (Training__DrillState) sf_rows_int (rows, row, 9);
    drill->held_ms = sf_rows_int (rows, row, 10);
    drill->duration_minutes = (int32_t) sf_rows_int (rows, row, 11);
    drill->score = (int32_t) sf_rows_int (rows, row, 12);
    drill->has_score = sf_rows_bool (rows, row, 13);
    drill->grade = (Training__DrillGrade) sf_rows_int (rows, row, 14);
    sf_pb_set (&drill->strengths, sf_rows_text (rows, row, 15));
    sf_pb_set (&drill->problems, sf_rows_text (rows, row, 16));
    sf_pb_set (&drill->cancel_reason, sf_rows_text (rows, row, 17));
    sf_pb_set (&drill->created_by, sf_rows_text (rows, row, 18));
    drill->created_ms = sf_rows_int (rows, row, 19);
    drill->evaluated_ms = sf_rows_int (rows, row, 20);
    drill->version = sf_rows_int (rows, row, 21);
    return drill;
}

//  The drill of id with its participants and findings; lock takes its row FOR UPDATE. NULL
//  with *found 0 when there is none, -1 on a database error.
static Training__Drill *
s_drill_read (sf_db_t *db, int64_t id, bool lock, int *found)
{
    s_int_t key = s_int (id);
    const char *values [] = { key.text };
    sf_rows_t *rows = sf_db_query (db, lock? S_DRILL_SELECT " WHERE d.id = $1::bigint FOR UPDATE OF d":
                                             S_DRILL_SELECT " WHERE d.id = $1::bigint", 1, values);
    *found = rows? sf_rows_count (rows): -1;
    Training__Drill *drill = *found == 1? s_drill_fill (rows, 0): NULL;
    sf_rows_destroy (&rows);
    if (!drill)
        return NULL;
    rows = sf_db_query (db, "SELECT employee_code FROM drill_participant WHERE drill_id = $1::bigint"
                            " ORDER BY employee_code", 1, values);
    for (int i = 0; rows && i < sf_rows_count (rows); i++)
        sf_pb_add_string (&drill->participants, &drill->n_participants, sf_rows_text (rows, i, 0));
    bool ok = rows != NULL;
    sf_rows_destroy (&rows);
    rows = ok? sf_db_query (db,
        "SELECT id, description, severity, responsible_unit, COALESCE (inspection_number, ''),"
        " COALESCE (sent_ms, 0), attempts, last_error FROM drill_finding WHERE drill_id = $1::bigint ORDER BY id",
        1, values): NULL;
    for (int i = 0; rows && i < sf_rows_count (rows); i++) {
        Training__DrillFinding *finding = sf_pb_add (&drill->findings, &drill->n_findings,
                                                     &training__drill_finding__descriptor);
        finding->id = sf_rows_int (rows, i, 0);
        sf_pb_set (&finding->description, sf_rows_text (rows, i, 1));
        finding->severity = (Training__DrillFindingSeverity) sf_rows_int (rows, i, 2);
        sf_pb_set (&finding->responsible_unit, sf_rows_text (rows, i, 3));
        sf_pb_set (&finding->inspection_number, sf_rows_text (rows, i, 4));
        finding->sent_ms = sf_rows_int (rows, i, 5);
        finding->attempts = (int32_t) sf_rows_int (rows, i, 6);
        sf_pb_set (&finding->last_error, sf_rows_text (rows, i, 7));
    }
    ok = rows != NULL;
    sf_rows_destroy (&rows);
    if (!ok) {
        *found = -1;
        sf_pb_destroy (&drill);
    }
    return drill;
}

//  The drill's unit, for the scope check of the routes naming a drill_id (field 1 of each).
static int
s_drill_units (sf_call_t *call, sf_scope_units_t *units)
{
    const ProtobufCFieldDescriptor *field = sf_pb_field (call->message->descriptor, "drill_id");
    int64_t id = field? *(const int64_t *) sf_pb_member (call->message, field): 0;
    s_int_t key = s_int (id);
    const char *values [] = { key.text };
    sf_rows_t *rows = sf_db_query (call->db, "SELECT unit_code FROM drill WHERE id = $1::bigint", 1, values);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows) == 1;
    if (found)
        sf_scope_units_add (units, sf_rows_text (rows, 0, 0));
    sf_rows_destroy (&rows);
    return found? 0: 1;
}

//  ---- Drills: the state machine --------------------------------------------------------------

typedef enum { S_PARTICIPANTS, S_HOLD, S_EVALUATE, S_CANCEL } s_action_t;

#define S_FROM(state) (1u << TRAINING__DRILL_STATE__##state)

//  Which action may start from which states, where it leads (0: the state stays) and the
//  event it sends (NULL: none). README_drill.md draws the same table.
static const struct {
    s_action_t action;
    unsigned from;
    Training__DrillState to;
    const char *event;
    sf_text_t name;
} s_transitions [] = {
    { S_PARTICIPANTS, S_FROM (DRILL_PLANNED) | S_FROM (DRILL_HELD), 0, NULL, { "添加参演人员", "given participants" } },
    { S_HOLD, S_FROM (DRILL_PLANNED), TRAINING__DRILL_STATE__DRILL_HELD, "training.drill_held",
      { "登记为已实施", "held" } },
    { S_EVALUATE, S_FROM (DRILL_HELD), TRAINING__DRILL_STATE__DRILL_EVALUATED, "training.drill_evaluated",
      { "评估", "evaluated" } },
    { S_CANCEL, S_FROM (DRILL_PLANNED) | S_FROM (DRILL_HELD), TRAINING__DRILL_STATE__DRILL_CANCELLED,
      "training.drill_cancelled", { "取消", "cancelled" } },
};

//  Reads and locks the drill of id for action. The drill, or NULL with the call failed
//  (unknown, or in a state the action does not start from).
static Training__Drill *
s_drill_begin (sf_call_t *call, int64_t id, s_action_t action)
{
    int found;
    Training__Drill *drill = s_drill_read (call->db, id, true, &found);
    if (found < 0) {
        sf_call_fail_db (call, "reading a drill");
        return NULL;
    }
    if (!drill) {
        sf_call_fail (call, SF_NOT_FOUND, &DRILL_MSG_UNKNOWN, (long long) id);
        return NULL;
    }
    if (!(s_transitions [action].from & (1u << drill->state))) {
        const sf_text_t *state = &DRILL_STATE_NAMES [drill->state >= 0 && drill->state <= 4? drill->state: 0];
        sf_call_fail (call, SF_FAILED_PRECONDITION, &DRILL_MSG_TRANSITION, (long long) id, state->zh,
                      s_transitions [action].name.zh, state->en, s_transitions [action].name.en);
        sf_pb_destroy (&drill);
    }
    return drill;
}

//  Ends action on the drill of id: moves it to the action's state, bumps its version, reads it
//  back, sends the action's event and replies with it.
static void
s_drill_finish (sf_call_t *call, int64_t id, s_action_t action)
{
    s_int_t key = s_int (id);
    s_int_t to = s_int (s_transitions [action].to);
    const char *values [] = { key.text, to.text };
    if (sf_db_exec (call->db, "UPDATE drill SET version = version + 1,"
                              " state = CASE WHEN $2::smallint = 0 THEN state ELSE $2::smallint END"
                              " WHERE id = $1::bigint", 2, values) != 1) {
        sf_call_fail_db (call, "changing a drill");
        return;
    }
    int found;
    Training__Drill *drill = s_drill_read (call->db, id, false, &found);
    if (!drill)
        sf_call_fail_db (call, "reading a drill back");
    else
    if (s_transitions [action].event
    &&  s_emit (call, s_transitions [action].event, "drill", key.text, drill->version, drill->plant_code,
                &drill->base))
        sf_call_fail_db (call, "writing an event");
    else
        sf_call_reply (call, &drill->base);
    sf_pb_destroy (&drill);
}

//  ---- Drills: the routes ---------------------------------------------------------------------

static void
s_kind_list (sf_call_t *call)
{
    sf_rows_t *rows = sf_db_query (call->db, "SELECT code, name_zh, name_en FROM drill_kind ORDER BY position, code",
                                   0, NULL);
    if (!rows) {
        sf_call_fail_db (call, "listing drill kinds");
        return;
    }
    Training__DrillKinds *kinds = sf_pb_new (&training__drill_kinds__descriptor);
    for (int i = 0; i < sf_rows_count (rows); i++) {
        Training__DrillKind *kind = sf_pb_add (&kinds->kinds, &kinds->n_kinds, &training__drill_kind__descriptor);
        sf_pb_set (&kind->code, sf_rows_text (rows, i, 0));
        sf_pb_set (&kind->name_zh, sf_rows_text (rows, i, 1));
        sf_pb_set (&kind->name_en, sf_rows_text (rows, i, 2));
    }
    sf_rows_destroy (&rows);
    sf_call_reply (call, &kinds->base);
    sf_pb_destroy (&kinds);
}

static void
s_drill_plan (sf_call_t *call)
{
    const Training__DrillPlan *plan = SF_CALL_BODY (call, Training__DrillPlan);
    sf_org_node_t unit;
    if (s_unit (call, plan->unit_code, &unit)
    ||  s_text (call, plan->scenario, true, S_TEXT_MAX_CHARS, "演练情景", "scenario"))
        return;
    if (plan->planned_ms <= 0) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &DRILL_MSG_NO_DATE, "计划日期", "planned date");
        return;
    }
    const char *kind_values [] = { plan->kind_code };
    sf_rows_t *rows = sf_db_query (call->db, "SELECT 1 FROM drill_kind WHERE code = $1", 1, kind_values);
    int kinds = rows? sf_rows_count (rows): -1;
    sf_rows_destroy (&rows);
    if (kinds < 0) {
        sf_call_fail_db (call, "looking up a drill kind");
        return;
    }
    if (kinds == 0) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &DRILL_MSG_KIND_UNKNOWN, plan->kind_code);
        return;
    }
    if (s_employee_within (call, plan->organiser, plan->unit_code))
        return;
    s_int_t planned = s_int (plan->planned_ms), now = s_int (sf_clock_now_ms ());
    const char *values [] = { plan->unit_code, unit.plant_code, plan->kind_code, plan->scenario, planned.text,
                              plan->organiser, training_actor (call), now.text };
    rows = sf_db_query (call->db,
        "INSERT INTO drill (unit_code, plant_code, kind_code, scenario, planned_ms, organiser, created_by, created_ms)"
        " VALUES ($1, $2, $3, $4, $5::bigint, $6, $7, $8::bigint) RETURNING id", 8, values);
    if (!rows || sf_rows_count (rows) != 1) {
        sf_rows_destroy (&rows);
        sf_call_fail_db (call, "planning a drill");
        return;
    }
    int64_t id = sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    int found;
    Training__Drill *drill = s_drill_read (call->db, id, false, &found);
    s_int_t key = s_int (id);
    if (!drill || s_emit (call, "training.drill_planned", "drill", key.text, 1, drill->plant_code, &drill->base))
        sf_call_fail_db (call, "writing an event");
    else
        sf_call_reply (call, &drill->base);
    sf_pb_destroy (&drill);
}

static void
s_participants_add (sf_call_t *call)
{
    const Training__DrillParticipantsAdd *add = SF_CALL_BODY (call, Training__DrillParticipantsAdd);
    Training__Drill *drill = s_drill_begin (call, add->drill_id, S_PARTICIPANTS);
    if (!drill)
        return;
    int rc = 0;
    if (add->n_employee_codes == 0 || add->n_employee_codes > S_PARTICIPANTS_MAX) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &DRILL_MSG_PARTICIPANTS_COUNT, S_PARTICIPANTS_MAX);
        rc = -1;
    }
    s_int_t key = s_int (drill->id), now = s_int (sf_clock_now_ms ());
    for (size_t i = 0; rc == 0 && i < add->n_employee_codes; i++) {
        rc = s_employee_within (call, add->employee_codes [i], drill->unit_code);
        const char *values [] = { key.text, add->employee_codes [i], training_actor (call), now.text };
        if (rc == 0
        &&  sf_db_exec (call->db, "INSERT INTO drill_participant (drill_id, employee_code, added_by, added_ms)"
                                  " VALUES ($1::bigint, $2, $3, $4::bigint) ON CONFLICT DO NOTHING", 4, values) < 0) {
            sf_call_fail_db (call, "adding a participant");
            rc = -1;
        }
    }
    if (rc == 0)
        s_drill_finish (call, drill->id, S_PARTICIPANTS);
    sf_pb_destroy (&drill);
}

static void
s_drill_hold (sf_call_t *call)
{
    const Training__DrillHold *hold = SF_CALL_BODY (call, Training__DrillHold);
    Training__Drill *drill = s_drill_begin (call, hold->drill_id, S_HOLD);
    if (!drill)
        return;
    if (hold->held_ms <= 0)
        sf_call_fail (call, SF_INVALID_ARGUMENT, &DRILL_MSG_NO_DATE, "实施日期", "date held");
    else
    if (hold->held_ms > sf_clock_now_ms ())
        sf_call_fail (call, SF_INVALID_ARGUMENT, &DRILL_MSG_IN_FUTURE);
    else
    if (hold->duration_minutes < 1 || hold->duration_minutes > S_DURATION_MAX_MINUTES)
        sf_call_fail (call, SF_INVALID_ARGUMENT, &DRILL_MSG_DURATION, (int) hold->duration_minutes,
                      S_DURATION_MAX_MINUTES);
    else {
        s_int_t key = s_int (drill->id), held = s_int (hold->held_ms), minutes = s_int (hold->duration_minutes);
        const char *values [] = { key.text, held.text, minutes.text };
        if (sf_db_exec (call->db, "UPDATE drill SET held_ms = $2::bigint, duration_minutes = $3::integer"
                                  " WHERE id = $1::bigint", 3, values) != 1)
            sf_call_fail_db (call, "holding a drill");
        else
            s_drill_finish (call, drill->id, S_HOLD);
    }
    sf_pb_destroy (&drill);
}

//  Checks the findings of an evaluation of drill. 0, or -1 with the call failed. plants [i]
//  gets the plant of finding i's responsible unit.
static int
s_findings_check (sf_call_t *call, const Training__DrillEvaluate *evaluate, const Training__Drill *drill,
                  char (*plants) [33])
{
    if (evaluate->n_findings > S_FINDINGS_MAX) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &DRILL_MSG_FINDINGS_COUNT, S_FINDINGS_MAX);
        return -1;
    }
    for (size_t i = 0; i < evaluate->n_findings; i++) {
        const Training__DrillFindingInput *finding = evaluate->findings [i];
        int number = (int) i + 1;
        if (s_text (call, finding->description, true, S_TEXT_MAX_CHARS, "问题描述", "finding's description"))
            return -1;
        if (finding->severity != TRAINING__DRILL_FINDING_SEVERITY__DRILL_FINDING_GENERAL
        &&  finding->severity != TRAINING__DRILL_FINDING_SEVERITY__DRILL_FINDING_MAJOR) {
            sf_call_fail (call, SF_INVALID_ARGUMENT, &DRILL_MSG_FINDING_SEVERITY, number, (int) finding->severity);
            return -1;
        }
        sf_org_node_t unit;
        int found = sf_org_find (call->db, finding->responsible_unit, &unit);
        int within = found == 1? sf_org_within (call->db, finding->responsible_unit, drill->unit_code): found;
        if (within < 0) {
            sf_call_fail_db (call, "looking up a responsible unit");
            return -1;
        }
        if (!found || !unit.active) {
            sf_call_fail (call, SF_NOT_FOUND, &DRILL_MSG_FINDING_UNIT, number, finding->responsible_unit);
            return -1;
        }
        if (unit.kind != SF_ORG_PLANT && unit.kind != SF_ORG_DEPARTMENT && unit.kind != SF_ORG_TEAM
        &&  unit.kind != SF_ORG_POST) {
            sf_call_fail (call, SF_INVALID_ARGUMENT, &DRILL_MSG_FINDING_UNIT_KIND, number, finding->responsible_unit);
            return -1;
        }
        //  Within the drill's unit, or anywhere in the drill's plant (the unit that keeps the
        //  equipment a plant's drill found wanting).
        if (!within && !(*drill->plant_code && strcmp (unit.plant_code, drill->plant_code) == 0)) {
            sf_call_fail (call, SF_FAILED_PRECONDITION, &DRILL_MSG_FINDING_UNIT_OUTSIDE, number,
                          finding->responsible_unit, drill->unit_code);
            return -1;
        }
        snprintf (plants [i], sizeof plants [i], "%s", unit.plant_code);
    }
    return 0;
}

static void
s_drill_evaluate (sf_call_t *call)
{
    const Training__DrillEvaluate *evaluate = SF_CALL_BODY (call, Training__DrillEvaluate);
    Training__Drill *drill = s_drill_begin (call, evaluate->drill_id, S_EVALUATE);
    if (!drill)
        return;
    char (*plants) [33] = calloc (evaluate->n_findings + 1, sizeof *plants);
    int rc = -1;
    if (!plants)
        sf_call_fail_db (call, "out of memory");
    else
    if (!evaluate->has_score && !evaluate->grade)
        sf_call_fail (call, SF_INVALID_ARGUMENT, &DRILL_MSG_NO_RESULT);
    else
    if (evaluate->has_score && (evaluate->score < 0 || evaluate->score > 100))
        sf_call_fail (call, SF_INVALID_ARGUMENT, &DRILL_MSG_SCORE, (int) evaluate->score);
    else
    if (evaluate->grade < 0 || evaluate->grade > TRAINING__DRILL_GRADE__DRILL_GRADE_FAIL)
        sf_call_fail (call, SF_INVALID_ARGUMENT, &DRILL_MSG_GRADE, (int) evaluate->grade);
    else
    if (s_text (call, evaluate->strengths, false, S_TEXT_MAX_CHARS * 4, "亮点", "strengths") == 0
    &&  s_text (call, evaluate->problems, false, S_TEXT_MAX_CHARS * 4, "存在问题", "problems") == 0
    &&  s_findings_check (call, evaluate, drill, plants) == 0)
        rc = 0;
    s_int_t key = s_int (drill->id), now = s_int (sf_clock_now_ms ());
    s_int_t score = s_int (evaluate->score), grade = s_int (evaluate->grade);
    const char *values [] = { key.text, evaluate->has_score? score.text: NULL, grade.text, evaluate->strengths,
                              evaluate->problems, now.text };
    if (rc == 0
    &&  sf_db_exec (call->db, "UPDATE drill SET score = $2::integer, grade = $3::smallint, strengths = $4,"
                              " problems = $5, evaluated_ms = $6::bigint WHERE id = $1::bigint", 6, values) != 1) {
        sf_call_fail_db (call, "evaluating a drill");
        rc = -1;
    }
    //  The findings, and with them what the job sends to inspection: one transaction.
    for (size_t i = 0; rc == 0 && i < evaluate->n_findings; i++) {
        const Training__DrillFindingInput *finding = evaluate->findings [i];
        s_int_t severity = s_int (finding->severity);
        const char *insert [] = { key.text, finding->description, severity.text, finding->responsible_unit,
                                  plants [i], now.text };
        if (sf_db_exec (call->db,
                "INSERT INTO drill_finding (drill_id, description, severity, responsible_unit, plant_code, created_ms)"
                " VALUES ($1::bigint, $2, $3::smallint, $4, $5, $6::bigint)", 6, insert) != 1) {
            sf_call_fail_db (call, "storing a drill's finding");
            rc = -1;
        }
    }
    if (rc == 0)
        s_drill_finish (call, drill->id, S_EVALUATE);
    free (plants);
    sf_pb_destroy (&drill);
}

static void
s_drill_cancel (sf_call_t *call)
{
    const Training__DrillCancel *cancel = SF_CALL_BODY (call, Training__DrillCancel);
    Training__Drill *drill = s_drill_begin (call, cancel->drill_id, S_CANCEL);
    if (!drill)
        return;
    if (s_text (call, cancel->reason, true, S_TEXT_MAX_CHARS, "取消原因", "reason") == 0) {
        s_int_t key = s_int (drill->id);
        const char *values [] = { key.text, cancel->reason };
        if (sf_db_exec (call->db, "UPDATE drill SET cancel_reason = $2 WHERE id = $1::bigint", 2, values) != 1)
            sf_call_fail_db (call, "cancelling a drill");
        else
            s_drill_finish (call, drill->id, S_CANCEL);
    }
    sf_pb_destroy (&drill);
}

static void
s_drill_get (sf_call_t *call)
{
    const Training__DrillGet *get = SF_CALL_BODY (call, Training__DrillGet);
    int found;
    Training__Drill *drill = s_drill_read (call->db, get->drill_id, false, &found);
    if (found < 0)
        sf_call_fail_db (call, "reading a drill");
    else
    if (!drill)
        sf_call_fail (call, SF_NOT_FOUND, &DRILL_MSG_UNKNOWN, (long long) get->drill_id);
    else
        sf_call_reply (call, &drill->base);
    sf_pb_destroy (&drill);
}

static void
s_drill_list (sf_call_t *call)
{
    const Training__DrillList *list = SF_CALL_BODY (call, Training__DrillList);
    s_int_t state = s_int (list->state);
    const char *values [] = { list->unit_code, state.text };
    sf_rows_t *rows = sf_db_query (call->db,
        S_DRILL_SELECT " WHERE d.unit_code IN (" SF_ORG_SUBTREE_SQL ("$1") ")"
        " AND ($2::smallint = 0 OR d.state = $2::smallint) ORDER BY d.planned_ms DESC, d.id DESC LIMIT " S_LIST_MAX,
        2, values);
    if (!rows) {
        sf_call_fail_db (call, "listing drills");
        return;
    }
    Training__Drills *drills = sf_pb_new (&training__drills__descriptor);
    for (int i = 0; i < sf_rows_count (rows); i++) {
        Training__Drill **grown = realloc (drills->drills, (drills->n_drills + 1) * sizeof *grown);
        if (!grown)
            break;
        drills->drills = grown;
        drills->drills [drills->n_drills++] = s_drill_fill (rows, i);
    }
    sf_rows_destroy (&rows);
    sf_call_reply (call, &drills->base);
    sf_pb_destroy (&drills);
}

//  ---- Campaigns ------------------------------------------------------------------------------

#define S_CAMPAIGN_SELECT \
    "SELECT code, title_zh, title_en, owner_unit, starts_ms, ends_ms, created_by, created_ms, plant_code FROM campaign"

//  The campaign of code with its units and sessions. NULL with *found 0 when there is none,
//  -1 on a database error.
static Training__Campaign *
s_campaign_read (sf_db_t *db, const char *code, bool lock, int *found)
{
    const char *values [] = { code };
    sf_rows_t *rows = sf_db_query (db, lock? S_CAMPAIGN_SELECT " WHERE code = $1 FOR UPDATE":
                                             S_CAMPAIGN_SELECT " WHERE code = $1", 1, values);
    *found = rows? sf_rows_count (rows): -1;
    if (*found != 1) {
        sf_rows_destroy (&rows);
        return NULL;
    }
    Training__Campaign *campaign = sf_pb_new (&training__campaign__descriptor);
    sf_pb_set (&campaign->code, sf_rows_text (rows, 0, 0));
    sf_pb_set (&campaign->title_zh, sf_rows_text (rows, 0, 1));
    sf_pb_set (&campaign->title_en, sf_rows_text (rows, 0, 2));
    sf_pb_set (&campaign->owner_unit, sf_rows_text (rows, 0, 3));
    campaign->starts_ms = sf_rows_int (rows, 0, 4);
    campaign->ends_ms = sf_rows_int (rows, 0, 5);
    sf_pb_set (&campaign->created_by, sf_rows_text (rows, 0, 6));
    campaign->created_ms = sf_rows_int (rows, 0, 7);
    sf_rows_destroy (&rows);
    rows = sf_db_query (db, "SELECT unit_code FROM campaign_unit WHERE campaign_code = $1 ORDER BY unit_code",
                        1, values);
    for (int i = 0; rows && i < sf_rows_count (rows); i++)
        sf_pb_add_string (&campaign->unit_codes, &campaign->n_unit_codes, sf_rows_text (rows, i, 0));
    bool ok = rows != NULL;
    sf_rows_destroy (&rows);
    rows = ok? sf_db_query (db, "SELECT session_id FROM campaign_session WHERE campaign_code = $1 ORDER BY session_id",
                            1, values): NULL;
    if (rows && sf_rows_count (rows)) {
        campaign->session_ids = calloc ((size_t) sf_rows_count (rows), sizeof *campaign->session_ids);
        for (int i = 0; campaign->session_ids && i < sf_rows_count (rows); i++)
            campaign->session_ids [campaign->n_session_ids++] = sf_rows_int (rows, i, 0);
    }
    ok = rows != NULL;
    sf_rows_destroy (&rows);
    if (!ok) {
        *found = -1;
        sf_pb_destroy (&campaign);
    }
    return campaign;
}

static void
s_campaign_create (sf_call_t *call)
{
    const Training__CampaignCreate *create = SF_CALL_BODY (call, Training__CampaignCreate);
    sf_org_node_t owner;
    if (!s_code_ok (create->code)) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &DRILL_MSG_BAD_CODE, "活动代码", "campaign code", create->code);
        return;
    }
    if (s_text (call, create->title_zh, true, S_TITLE_MAX_CHARS, "活动名称", "campaign title")
    ||  s_text (call, create->title_en, false, S_TITLE_MAX_CHARS, "英文活动名称", "English campaign title")
    ||  s_unit (call, create->owner_unit, &owner))
        return;
    if (create->starts_ms <= 0 || create->ends_ms <= create->starts_ms
    ||  create->ends_ms - create->starts_ms > S_CAMPAIGN_MAX_DAYS * S_DAY_MS) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &DRILL_MSG_CAMPAIGN_PERIOD, S_CAMPAIGN_MAX_DAYS);
        return;
    }
    if (create->n_unit_codes == 0 || create->n_unit_codes > S_CAMPAIGN_UNITS_MAX) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &DRILL_MSG_CAMPAIGN_UNITS, S_CAMPAIGN_UNITS_MAX);
        return;
    }
    for (size_t i = 0; i < create->n_unit_codes; i++) {
        sf_org_node_t unit;
        if (s_unit (call, create->unit_codes [i], &unit))
            return;
        int within = sf_org_within (call->db, unit.code, owner.code);
        if (within < 0) {
            sf_call_fail_db (call, "looking up a unit");
            return;
        }
        if (!within) {
            sf_call_fail (call, SF_FAILED_PRECONDITION, &DRILL_MSG_CAMPAIGN_UNIT_OUTSIDE, unit.code, owner.code);
            return;
        }
    }
    s_int_t starts = s_int (create->starts_ms), ends = s_int (create->ends_ms), now = s_int (sf_clock_now_ms ());
    const char *values [] = { create->code, create->title_zh, create->title_en, owner.code, owner.plant_code,
                              starts.text, ends.text, training_actor (call), now.text };
    int64_t inserted = sf_db_exec (call->db,
        "INSERT INTO campaign (code, title_zh, title_en, owner_unit, plant_code, starts_ms, ends_ms, created_by,"
        " created_ms) VALUES ($1, $2, $3, $4, $5, $6::bigint, $7::bigint, $8, $9::bigint)"
        " ON CONFLICT (code) DO NOTHING", 9, values);
    if (inserted < 0) {
        sf_call_fail_db (call, "creating a campaign");
        return;
    }
    if (inserted == 0) {
        sf_call_fail (call, SF_ALREADY_EXISTS, &DRILL_MSG_CAMPAIGN_EXISTS, create->code);
        return;
    }
    for (size_t i = 0; i < create->n_unit_codes; i++) {
        const char *unit_values [] = { create->code, create->unit_codes [i] };
        if (sf_db_exec (call->db, "INSERT INTO campaign_unit (campaign_code, unit_code) VALUES ($1, $2)"
                                  " ON CONFLICT DO NOTHING", 2, unit_values) < 0) {
            sf_call_fail_db (call, "adding a campaign's unit");
            return;
        }
    }
    int found;
    Training__Campaign *campaign = s_campaign_read (call->db, create->code, false, &found);
    if (!campaign || s_emit (call, "training.campaign_created", "campaign", campaign->code, 1, owner.plant_code,
                             &campaign->base))
        sf_call_fail_db (call, "writing an event");
    else
        sf_call_reply (call, &campaign->base);
    sf_pb_destroy (&campaign);
}

//  The campaign's organising unit, for the scope check of CampaignAddSession.
static int
s_campaign_units (sf_call_t *call, sf_scope_units_t *units)
{
    const Training__CampaignAddSession *add = SF_CALL_BODY (call, Training__CampaignAddSession);
    const char *values [] = { add->campaign_code };
    sf_rows_t *rows = sf_db_query (call->db, "SELECT owner_unit FROM campaign WHERE code = $1", 1, values);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows) == 1;
    if (found)
        sf_scope_units_add (units, sf_rows_text (rows, 0, 0));
    sf_rows_destroy (&rows);
    return found? 0: 1;
}

static void
s_campaign_add_session (sf_call_t *call)
{
    const Training__CampaignAddSession *add = SF_CALL_BODY (call, Training__CampaignAddSession);
    int found;
    Training__Campaign *campaign = s_campaign_read (call->db, add->campaign_code, true, &found);
    if (found < 0) {
        sf_call_fail_db (call, "reading a campaign");
        return;
    }
    if (!campaign) {
        sf_call_fail (call, SF_NOT_FOUND, &DRILL_MSG_CAMPAIGN_UNKNOWN, add->campaign_code);
        return;
    }
    s_int_t id = s_int (add->session_id);
    const char *values [] = { id.text, campaign->code };
    sf_rows_t *rows = sf_db_query (call->db,
        "SELECT s.unit_code, s.date_ms, EXISTS (SELECT 1 FROM campaign_unit u WHERE u.campaign_code = $2"
        "   AND s.unit_code IN (" SF_ORG_SUBTREE_SQL ("u.unit_code") "))"
        " FROM qual_session s WHERE s.id = $1::bigint", 2, values);
    if (!rows)
        sf_call_fail_db (call, "looking up a session");
    else
    if (sf_rows_count (rows) != 1)
        sf_call_fail (call, SF_NOT_FOUND, &DRILL_MSG_SESSION_UNKNOWN, (long long) add->session_id);
    else
    if (sf_rows_int (rows, 0, 1) < campaign->starts_ms || sf_rows_int (rows, 0, 1) >= campaign->ends_ms)
        sf_call_fail (call, SF_FAILED_PRECONDITION, &DRILL_MSG_SESSION_OUTSIDE_PERIOD, (long long) add->session_id,
                      campaign->code);
    else
    if (!sf_rows_bool (rows, 0, 2))
        sf_call_fail (call, SF_FAILED_PRECONDITION, &DRILL_MSG_SESSION_OUTSIDE_UNITS, (long long) add->session_id,
                      sf_rows_text (rows, 0, 0), campaign->code);
    else {
        s_int_t now = s_int (sf_clock_now_ms ());
        const char *insert [] = { campaign->code, id.text, training_actor (call), now.text };
        if (sf_db_exec (call->db, "INSERT INTO campaign_session (campaign_code, session_id, added_by, added_ms)"
                                  " VALUES ($1, $2::bigint, $3, $4::bigint) ON CONFLICT DO NOTHING", 4, insert) < 0
        ||  sf_db_exec (call->db, "UPDATE campaign SET version = version + 1 WHERE code = $1", 1, insert) != 1)
            sf_call_fail_db (call, "adding a session to a campaign");
        else {
            sf_pb_destroy (&campaign);
            campaign = s_campaign_read (call->db, add->campaign_code, false, &found);
            if (campaign)
                sf_call_reply (call, &campaign->base);
            else
                sf_call_fail_db (call, "reading a campaign back");
        }
    }
    sf_rows_destroy (&rows);
    sf_pb_destroy (&campaign);
}

//  True when the campaign concerns the subtree of unit: run there, or one of its units there.
static int
s_campaign_visible (sf_db_t *db, const char *campaign, const char *unit)
{
    const char *values [] = { campaign, unit };
    sf_rows_t *rows = sf_db_query (db,
        "WITH sub AS (" SF_ORG_SUBTREE_SQL ("$2") ")"
        " SELECT 1 FROM campaign c WHERE c.code = $1 AND (c.owner_unit IN (SELECT code FROM sub)"
        " OR EXISTS (SELECT 1 FROM campaign_unit u WHERE u.campaign_code = c.code AND u.unit_code IN"
        "   (SELECT code FROM sub)))", 2, values);
    int visible = rows? sf_rows_count (rows) > 0: -1;
    sf_rows_destroy (&rows);
    return visible;
}

static int32_t
s_percent (int64_t part, int64_t whole)
{
    return whole > 0? (int32_t) (part * 100 / whole): 0;
}

static void
s_campaign_completion (sf_call_t *call)
{
    const Training__CampaignCompletion *ask = SF_CALL_BODY (call, Training__CampaignCompletion);
    int visible = s_campaign_visible (call->db, ask->campaign_code, ask->unit_code);
    int found = 0;
    Training__Campaign *campaign = visible == 1? s_campaign_read (call->db, ask->campaign_code, false, &found): NULL;
    if (visible < 0 || found < 0) {
        sf_call_fail_db (call, "reading a campaign");
        return;
    }
    if (!campaign) {
        sf_call_fail (call, SF_NOT_FOUND, &DRILL_MSG_CAMPAIGN_UNKNOWN, ask->campaign_code);
        return;
    }
    //  Per campaign unit within the asked subtree: its active employees, and those of them who
    //  attended one of the campaign's sessions; then the same over all of them, once each.
    char kind [8];
    snprintf (kind, sizeof kind, "%d", SF_ORG_EMPLOYEE);
    const char *values [] = { campaign->code, ask->unit_code, kind };
    sf_rows_t *rows = sf_db_query (call->db,
        "WITH asked AS (" SF_ORG_SUBTREE_SQL ("$2") "),"
        " units AS (SELECT u.unit_code FROM campaign_unit u WHERE u.campaign_code = $1"
        "   AND u.unit_code IN (SELECT code FROM asked)),"
        " members AS (SELECT u.unit_code, e.code, EXISTS (SELECT 1 FROM qual_attendance a"
        "     JOIN campaign_session cs ON cs.session_id = a.session_id AND cs.campaign_code = $1"
        "     WHERE a.employee_code = e.code) AS attended"
        "   FROM units u JOIN sf_org_node e ON e.kind = $3::smallint AND e.active"
        "   AND e.code IN (" SF_ORG_SUBTREE_SQL ("u.unit_code") "))"
        " SELECT u.unit_code, COALESCE (n.name_zh, ''), COALESCE (n.name_en, ''),"
        "   (SELECT count (*) FROM members m WHERE m.unit_code = u.unit_code),"
        "   (SELECT count (*) FROM members m WHERE m.unit_code = u.unit_code AND m.attended),"
        "   (SELECT count (DISTINCT code) FROM members), (SELECT count (DISTINCT code) FROM members WHERE attended)"
        " FROM units u LEFT JOIN sf_org_node n ON n.code = u.unit_code ORDER BY u.unit_code", 3, values);
    if (!rows) {
        sf_call_fail_db (call, "counting a campaign's completion");
        sf_pb_destroy (&campaign);
        return;
    }
    Training__CampaignCompletionReport *report = sf_pb_new (&training__campaign_completion_report__descriptor);
    for (int i = 0; i < sf_rows_count (rows); i++) {
        Training__CampaignUnitCompletion *unit = sf_pb_add (&report->units, &report->n_units,
                                                            &training__campaign_unit_completion__descriptor);
        sf_pb_set (&unit->unit_code, sf_rows_text (rows, i, 0));
        sf_pb_set (&unit->name_zh, sf_rows_text (rows, i, 1));
        sf_pb_set (&unit->name_en, sf_rows_text (rows, i, 2));
        unit->employees = (int32_t) sf_rows_int (rows, i, 3);
        unit->attended = (int32_t) sf_rows_int (rows, i, 4);
        unit->percent = s_percent (unit->attended, unit->employees);
        report->employees = (int32_t) sf_rows_int (rows, i, 5);
        report->attended = (int32_t) sf_rows_int (rows, i, 6);
    }
    sf_rows_destroy (&rows);
    report->percent = s_percent (report->attended, report->employees);
    report->campaign = campaign;
    sf_call_reply (call, &report->base);
    sf_pb_destroy (&report);
}

static void
s_campaign_list (sf_call_t *call)
{
    const Training__CampaignList *list = SF_CALL_BODY (call, Training__CampaignList);
    const char *values [] = { list->unit_code };
    sf_rows_t *rows = sf_db_query (call->db,
        "WITH sub AS (" SF_ORG_SUBTREE_SQL ("$1") ")"
        " SELECT c.code FROM campaign c WHERE c.owner_unit IN (SELECT code FROM sub)"
        " OR EXISTS (SELECT 1 FROM campaign_unit u WHERE u.campaign_code = c.code AND u.unit_code IN"
        "   (SELECT code FROM sub)) ORDER BY c.starts_ms DESC, c.code LIMIT " S_LIST_MAX, 1, values);
    if (!rows) {
        sf_call_fail_db (call, "listing campaigns");
        return;
    }
    Training__Campaigns *campaigns = sf_pb_new (&training__campaigns__descriptor);
    int found = 0;
    for (int i = 0; i < sf_rows_count (rows) && found >= 0; i++) {
        Training__Campaign *campaign = s_campaign_read (call->db, sf_rows_text (rows, i, 0), false, &found);
        Training__Campaign **grown = campaign? realloc (campaigns->campaigns,
                                                        (campaigns->n_campaigns + 1) * sizeof *grown): NULL;
        if (grown) {
            campaigns->campaigns = grown;
            campaigns->campaigns [campaigns->n_campaigns++] = campaign;
        }
        else
            sf_pb_destroy (&campaign);
    }
    sf_rows_destroy (&rows);
    if (found < 0)
        sf_call_fail_db (call, "reading a campaign");
    else
        sf_call_reply (call, &campaigns->base);
    sf_pb_destroy (&campaigns);
}

#define S_ROUTE(name, reply_name, fn) \
    .request = &training__##name##__descriptor, .reply = &training__##reply_name##__descriptor, .handler = fn

const sf_route_t training_drill_routes [] = {
    { S_ROUTE (drill_kind_list, drill_kinds, s_kind_list) },
    { S_ROUTE (drill_plan, drill, s_drill_plan), .writes = true, .alone = true, .roles = DRILL_ROLES_MANAGE,
      .required = "unit_code,kind_code,scenario,organiser", .scope = "unit_code" },
    { S_ROUTE (drill_participants_add, drill, s_participants_add), .writes = true, .alone = true,
      .roles = DRILL_ROLES_MANAGE, .scope_of = s_drill_units },
    { S_ROUTE (drill_hold, drill, s_drill_hold), .writes = true, .alone = true, .roles = DRILL_ROLES_MANAGE,
      .scope_of = s_drill_units },
    { S_ROUTE (drill_evaluate, drill, s_drill_evaluate), .writes = true, .alone = true, .roles = DRILL_ROLES_MANAGE,
      .scope_of = s_drill_units },
    { S_ROUTE (drill_cancel, drill, s_drill_cancel), .writes = true, .alone = true, .roles = DRILL_ROLES_MANAGE,
      .required = "reason", .scope_of = s_drill_units },
    { S_ROUTE (drill_get, drill, s_drill_get), .scope_of = s_drill_units },
    { S_ROUTE (drill_list, drills, s_drill_list), .scope = "unit_code" },
    { S_ROUTE (campaign_create, campaign, s_campaign_create), .writes = true, .alone = true,
      .roles = CAMPAIGN_ROLES_MANAGE, .required = "code,title_zh,owner_unit", .scope = "owner_unit" },
    { S_ROUTE (campaign_add_session, campaign, s_campaign_add_session), .writes = true, .alone = true,
      .roles = CAMPAIGN_ROLES_MANAGE, .required = "campaign_code", .scope_of = s_campaign_units },
    { S_ROUTE (campaign_completion, campaign_completion_report, s_campaign_completion),
      .required = "campaign_code", .scope = "unit_code" },
    { S_ROUTE (campaign_list, campaigns, s_campaign_list), .scope = "unit_code" },
    { 0 }
};
