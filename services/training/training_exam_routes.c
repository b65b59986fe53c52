/*  training_exam_routes: this area's part of the route table (training_routes.h), with where
    each route acts (README_exam.md, "Who may do what") and what the handlers share.         */
#include "training_routes.h"
#include "training_exam.h"
#include "sf_org.h"
#include "sf_outbox.h"
#include "sf_pb.h"
#include "sf_scope.h"
#include "sf_stream.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
exam_actor_employee (sf_call_t *call, char *employee)
{
    employee [0] = 0;
    const char *login = call->request->actor.user_id;
    if (!login || !*login || (call->scope && call->scope->service))
        return 0;
    sf_org_account_t account;
    int found = sf_org_account_find (call->db, login, &account);
    if (found == 1)
        snprintf (employee, 33, "%s", account.employee_code);
    return found < 0? -1: found == 1 && *employee;
}

int
exam_emit (sf_call_t *call, const char *type, const char *aggregate_type, const char *aggregate_id,
           int64_t version, const char *plant, const ProtobufCMessage *payload)
{
    sf_event_t event = {
        .type = strdup (type), .aggregate_type = strdup (aggregate_type), .aggregate_id = strdup (aggregate_id),
        .aggregate_version = version, .plant = strdup (plant? plant: "")
    };
    sf_event_set_payload (&event, payload);
    int rc = sf_call_emit (call, sf_stream_name (EXAM_STREAM_TOPIC), &event);
    sf_event_clear (&event);
    if (rc)
        sf_call_fail_db (call, "writing an event");
    return rc;
}

//  The bank an import fills: the unit it names, else the actor's.
static int
s_import_unit (sf_call_t *call, sf_scope_units_t *units)
{
    const Training__ImportExamQuestions *request = SF_CALL_BODY (call, Training__ImportExamQuestions);
    sf_scope_units_add (units, *request->unit_code? request->unit_code: call->request->actor.org_node);
    return 0;
}

//  The unit of the blueprint a request names by blueprint_code; 1 when there is none.
static int
s_blueprint_unit (sf_call_t *call, sf_scope_units_t *units)
{
    const Training__GetExamQuestionStats *request = SF_CALL_BODY (call, Training__GetExamQuestionStats);
    char unit [sizeof units->codes [0]];
    int found = exam_store_blueprint_unit (call->db, request->blueprint_code, unit, sizeof unit);
    if (found == 1)
        sf_scope_units_add (units, unit);
    return found < 0? -1: found? 0: 1;
}

//  The person an attempt is started for: the one named, else the actor's own; 1 when the
//  copy knows no such person (the handler says so).
static int
s_start_person (sf_call_t *call, sf_scope_units_t *units)
{
    const Training__StartExamAttempt *request = SF_CALL_BODY (call, Training__StartExamAttempt);
    char own [33];
    if (exam_actor_employee (call, own) < 0)
        return -1;
    const char *employee = *request->employee_code? request->employee_code: own;
    int found = *employee? sf_org_find (call->db, employee, NULL): 0;
    if (found == 1)
        sf_scope_units_add (units, employee);
    return found < 0? -1: found? 0: 1;
}

//  The person of the attempt a request names by attempt_id; 1 when there is no such attempt.
static int
s_attempt_person (sf_call_t *call, sf_scope_units_t *units)
{
    const ProtobufCFieldDescriptor *field = sf_pb_field (call->message->descriptor, "attempt_id");
    int64_t id = *(const int64_t *) sf_pb_member (call->message, field);
    char employee [sizeof units->codes [0]];
    int found = exam_store_attempt_employee (call->db, id, employee, sizeof employee);
    if (found == 1)
        sf_scope_units_add (units, employee);
    return found < 0? -1: found? 0: 1;
}

#define S_ROUTE(request_name, reply_name, fn) \
    .request = &training__##request_name##__descriptor, .reply = &training__##reply_name##__descriptor, .handler = fn

//  Writes that lock rows (a question's, a person's attempts, an attempt's) run alone, so that
//  two groups on two workers never wait on each other's locks in opposite orders.
const sf_route_t training_exam_routes [] = {
    { S_ROUTE (import_exam_questions, exam_import_result, exam_import_questions), .writes = true, .alone = true,
      .roles = EXAM_ROLES_ADMIN, .scope_of = s_import_unit },
    { S_ROUTE (create_exam_blueprint, exam_blueprint, exam_create_blueprint), .writes = true,
      .roles = EXAM_ROLES_ADMIN, .scope = "blueprint.unit_code",
      .required = "blueprint,blueprint.code,blueprint.unit_code,blueprint.title" },
    //  Anyone: the handler lets those through whose grants reach the unit or lie below it.
    { S_ROUTE (get_exam_blueprint, exam_blueprint, exam_get_blueprint), .required = "code", .lookup = true },
    { S_ROUTE (get_exam_question_stats, exam_question_stats, exam_get_question_stats),
      .roles = EXAM_ROLES_READER, .required = "blueprint_code", .scope_of = s_blueprint_unit },
    { S_ROUTE (start_exam_attempt, exam_paper, exam_start_attempt), .writes = true, .alone = true,
      .required = "blueprint_code", .scope_of = s_start_person },
    { S_ROUTE (get_exam_paper, exam_paper, exam_get_paper), .scope_of = s_attempt_person, .lookup = true },
    { S_ROUTE (submit_exam_answers, exam_result, exam_submit_answers), .writes = true, .alone = true,
      .scope_of = s_attempt_person },
    { S_ROUTE (get_exam_result, exam_result, exam_get_result), .scope_of = s_attempt_person, .lookup = true },
    { S_ROUTE (list_exam_results, exam_result_list, exam_list_results), .scope = "unit_code" },
    { 0 }
};
