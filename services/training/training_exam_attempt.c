/*  training_exam_attempt: a person's attempt at a blueprint (README_exam.md, "An attempt").
    StartExamAttempt draws the paper on the server and stores it, question by question and in
    its order, with the attempt: every later read shows the same paper, a restart too.
    SubmitExamAnswers scores on the server, once: the attempt's row is locked, a second
    submission is refused, one after the deadline (sf_clock, which tests may set) too. The
    key of a paper is shown only once its attempt is over.                                  */
#include "training_exam.h"
#include "training_qual.h"
#include "sf_clock.h"
#include "sf_org.h"
#include "sf_page.h"
#include "sf_pb.h"
#include "sf_scope.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  The outcome an attempt's event carries (sf_pb_destroy).
static Training__ExamOutcome *
s_outcome (const Training__ExamResult *result, const Training__ExamBlueprint *blueprint)
{
    Training__ExamOutcome *outcome = sf_pb_new (&training__exam_outcome__descriptor);
    outcome->attempt_id = result->attempt_id;
    sf_pb_set (&outcome->blueprint_code, result->blueprint_code);
    sf_pb_set (&outcome->purpose, blueprint->purpose);
    sf_pb_set (&outcome->employee_code, result->employee_code);
    sf_pb_set (&outcome->unit_code, result->unit_code);
    sf_pb_set (&outcome->plant_code, result->plant_code);
    outcome->attempt_number = result->attempt_number;
    outcome->attempt_limit = blueprint->attempt_limit;
    outcome->score_percent = result->score_percent;
    outcome->pass_percent = result->pass_percent;
    outcome->passed = result->passed;
    outcome->started_ms = result->started_ms;
    outcome->submitted_ms = result->submitted_ms;
    sf_pb_set (&outcome->started_by, result->started_by);
    return outcome;
}

//  Emits type about the attempt of result at version. 0, or -1 with the call failed.
static int
s_emit_attempt (sf_call_t *call, const char *type, int version, const Training__ExamResult *result,
                const Training__ExamBlueprint *blueprint)
{
    Training__ExamOutcome *outcome = s_outcome (result, blueprint);
    char id [24];
    snprintf (id, sizeof id, "%lld", (long long) result->attempt_id);
    int rc = exam_emit (call, type, "exam_attempt", id, version, result->plant_code, &outcome->base);
    sf_pb_destroy (&outcome);
    return rc;
}

//  An open attempt past its deadline reads as expired.
static void
s_status_now (Training__ExamAttemptStatus *status, int64_t deadline_ms)
{
    if (*status == TRAINING__EXAM_ATTEMPT_STATUS__EXAM_ATTEMPT_OPEN && sf_clock_now_ms () > deadline_ms)
        *status = TRAINING__EXAM_ATTEMPT_STATUS__EXAM_ATTEMPT_EXPIRED;
}

//  The person an attempt is started for, checked: known, at work, the actor's own or one a
//  reading role of the actor's covers. 0 with node filled, or -1 with the call failed.
static int
s_person (sf_call_t *call, const char *employee, const char *own, sf_org_node_t *node)
{
    if (!*employee) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &EXAM_MSG_NO_PERSON);
        return -1;
    }
    int found = sf_org_find (call->db, employee, node);
    if (found < 0) {
        sf_call_fail_db (call, "looking up a person");
        return -1;
    }
    if (!found || node->kind != SF_ORG_EMPLOYEE) {
        sf_call_fail (call, SF_NOT_FOUND, &EXAM_MSG_PERSON_UNKNOWN, employee);
        return -1;
    }
    if (!node->active) {
        sf_call_fail (call, SF_FAILED_PRECONDITION, &EXAM_MSG_PERSON_LEFT, employee);
        return -1;
    }
    if (strcmp (employee, own) == 0)
        return 0;
    int covers = sf_scope_covers (call->db, call->scope, EXAM_ROLES_READER, SF_REACH_GRANT, employee);
    if (covers < 0)
        sf_call_fail_db (call, "checking the reach of the actor");
    else
    if (!covers)
        sf_call_fail (call, SF_PERMISSION_DENIED, &EXAM_MSG_NOT_YOUR_PERSON, employee);
    return covers == 1? 0: -1;
}

//  The number the next attempt takes, after the limit and an open attempt were checked. 0, or
//  -1 with the call failed.
static int
s_next_number (sf_call_t *call, const Training__ExamBlueprint *b, const char *employee, int64_t now, int *number)
{
    bool open;
    if (exam_store_lock_person (call->db, b->code, employee)
     || exam_store_last_attempt (call->db, b->code, employee, now, number, &open)) {
        sf_call_fail_db (call, "counting the attempts of a person");
        return -1;
    }
    if (open) {
        sf_call_fail (call, SF_FAILED_PRECONDITION, &EXAM_MSG_STILL_OPEN, employee, b->code, *number);
        return -1;
    }
    if (*number >= b->attempt_limit) {
        sf_call_fail (call, SF_FAILED_PRECONDITION, &EXAM_MSG_LIMIT_REACHED, employee, b->code, *number);
        return -1;
    }
    (*number)++;
    return 0;
}

//  Draws and stores the paper of attempt number; replies with it. 0, or -1 with the call failed.
static int
s_start (sf_call_t *call, const Training__ExamBlueprint *b, const sf_org_node_t *person, int number, int64_t now)
{
    char **codes = NULL;
    int *versions = NULL, taken = 0;
    int rc = exam_draw (call, b, &codes, &versions, &taken);
    Training__ExamPaper *paper = sf_pb_new (&training__exam_paper__descriptor);
    sf_pb_set (&paper->blueprint_code, b->code);
    sf_pb_set (&paper->employee_code, person->code);
    paper->attempt_number = number;
    paper->pass_percent = b->pass_percent;
    paper->started_ms = now;
    paper->deadline_ms = now + b->time_limit_minutes * 60000LL;
    for (int i = 0; rc == 0 && i < taken; i++) {
        Training__ExamPaperQuestion *q = sf_pb_add (&paper->questions, &paper->n_questions,
                                                    &training__exam_paper_question__descriptor);
        q->seq = i + 1;
        sf_pb_set (&q->code, codes [i]);
        q->version = versions [i];
    }
    if (rc == 0 && exam_store_attempt_insert (call->db, paper, person->parent_code, person->plant_code,
                                              call->request->actor.user_id)) {
        sf_call_fail_db (call, "storing an attempt");
        rc = -1;
    }
    Training__ExamResult *result = NULL;
    Training__ExamPaper *stored = NULL;
    if (rc == 0 && (exam_store_result (call->db, paper->attempt_id, false, &result) != 1
                 || exam_store_paper (call->db, paper->attempt_id, &stored) != 1)) {
        sf_call_fail_db (call, "reading the attempt back");
        rc = -1;
    }
    if (rc == 0)
        rc = s_emit_attempt (call, "training.exam_started", 1, result, b);
    if (rc == 0) {
        sf_call_reply (call, &stored->base);
        sf_log (SF_LOG_INFO, &call->log, "attempt %lld of %s at %s started: %d questions", (long long) stored->attempt_id,
                person->code, b->code, (int) stored->n_questions);
    }
    sf_pb_destroy (&stored);
    sf_pb_destroy (&result);
    sf_pb_destroy (&paper);
    for (int i = 0; i < taken; i++)
        free (codes [i]);
    free (codes);
    free (versions);
    return rc;
}

void
exam_start_attempt (sf_call_t *call)
{
    const Training__StartExamAttempt *request = SF_CALL_BODY (call, Training__StartExamAttempt);
    char own [33] = "";
    if (exam_actor_employee (call, own) < 0) {
        sf_call_fail_db (call, "looking up the actor's account");
        return;
    }
    const char *employee = *request->employee_code? request->employee_code: own;
    sf_org_node_t person;
    if (s_person (call, employee, own, &person))
        return;
    Training__ExamBlueprint *b = NULL;
    int found = exam_store_blueprint (call->db, request->blueprint_code, &b);
    int within = found == 1? sf_org_within (call->db, employee, b->unit_code): 0;
    int64_t now = sf_clock_now_ms ();
    int number;
    if (found < 0 || within < 0)
        sf_call_fail_db (call, "looking up a blueprint");
    else
    if (!found)
        sf_call_fail (call, SF_NOT_FOUND, &EXAM_MSG_BLUEPRINT_UNKNOWN, request->blueprint_code);
    else
    if (!within)
        sf_call_fail (call, SF_FAILED_PRECONDITION, &EXAM_MSG_NOT_FOR_PERSON, b->code, b->unit_code, employee);
    else
    if (s_next_number (call, b, employee, now, &number) == 0)
        s_start (call, b, &person, number, now);
    sf_pb_destroy (&b);
}

//  Whether the actor may see the attempt of result: the account that started it, the person
//  whose it is, or (when readers) a reading role over the person. 1, 0, -1 (call failed).
static int
s_may_see (sf_call_t *call, const char *employee, const char *started_by, bool readers)
{
    char own [33] = "";
    if (exam_actor_employee (call, own) < 0) {
        sf_call_fail_db (call, "looking up the actor's account");
        return -1;
    }
    const char *actor = call->request->actor.user_id;
    if ((actor && strcmp (actor, started_by) == 0) || strcmp (own, employee) == 0)
        return 1;
    if (!readers)
        return 0;
    int covers = sf_scope_covers (call->db, call->scope, EXAM_ROLES_READER, SF_REACH_GRANT, employee);
    if (covers < 0)
        sf_call_fail_db (call, "checking the reach of the actor");
    return covers;
}

void
exam_get_paper (sf_call_t *call)
{
    const Training__GetExamPaper *request = SF_CALL_BODY (call, Training__GetExamPaper);
    Training__ExamResult *result = NULL;
    Training__ExamPaper *paper = NULL;
    int found = exam_store_result (call->db, request->attempt_id, false, &result);
    if (found == 1)
        found = exam_store_paper (call->db, request->attempt_id, &paper);
    if (found < 0)
        sf_call_fail_db (call, "reading an attempt");
    else
    if (!found)
        sf_call_fail (call, SF_NOT_FOUND, &EXAM_MSG_ATTEMPT_UNKNOWN, (long long) request->attempt_id);
    else {
        int may = s_may_see (call, result->employee_code, result->started_by, false);
        if (may == 0)
            sf_call_fail (call, SF_PERMISSION_DENIED, &EXAM_MSG_NO_READ, (long long) request->attempt_id);
        else
        if (may == 1) {
            s_status_now (&paper->status, paper->deadline_ms);
            sf_call_reply (call, &paper->base);
        }
    }
    sf_pb_destroy (&paper);
    sf_pb_destroy (&result);
}

//  Reads the answers against the paper into the items' given keys. 0, or -1 with the call failed.
static int
s_answers (sf_call_t *call, const Training__SubmitExamAnswers *submit, const Training__ExamPaper *paper,
           Training__ExamResult *result)
{
    bool *seen = calloc (paper->n_questions + 1, sizeof *seen);
    int rc = 0;
    for (size_t a = 0; rc == 0 && a < submit->n_answers; a++) {
        const Training__ExamAnswer *answer = submit->answers [a];
        size_t q = 0;
        while (q < paper->n_questions && strcmp (paper->questions [q]->code, answer->question_code) != 0)
            q++;
        char key [EXAM_OPTIONS_MAX + 1];
        if (q == paper->n_questions) {
            sf_call_fail (call, SF_INVALID_ARGUMENT, &EXAM_MSG_NOT_ON_PAPER, answer->question_code,
                          (long long) submit->attempt_id);
            rc = -1;
        }
        else
        if (seen [q]) {
            sf_call_fail (call, SF_INVALID_ARGUMENT, &EXAM_MSG_ANSWERED_TWICE, answer->question_code);
            rc = -1;
        }
        else
        if (exam_choice_parse (answer->choice, paper->questions [q]->type, (int) paper->questions [q]->n_options,
                               key)) {
            sf_call_fail (call, SF_INVALID_ARGUMENT, &EXAM_MSG_BAD_CHOICE, answer->choice, answer->question_code);
            rc = -1;
        }
        else {
            seen [q] = true;
            //  The paper and the items are both in seq order.
            sf_pb_set (&result->items [q]->given, key);
        }
    }
    free (seen);
    return rc;
}

//  Scores the result from its items' given and key.
static void
s_score (Training__ExamResult *result, int64_t now)
{
    result->correct = 0;
    for (size_t i = 0; i < result->n_items; i++) {
        Training__ExamResultItem *item = result->items [i];
        item->correct = *item->given && strcmp (item->given, item->key) == 0;
        result->correct += item->correct;
    }
    result->total = (int32_t) result->n_items;
    result->score_percent = result->total? result->correct * 100 / result->total: 0;
    result->passed = result->score_percent >= result->pass_percent;
    result->status = TRAINING__EXAM_ATTEMPT_STATUS__EXAM_ATTEMPT_SUBMITTED;
    result->submitted_ms = now;
}

void
exam_submit_answers (sf_call_t *call)
{
    const Training__SubmitExamAnswers *submit = SF_CALL_BODY (call, Training__SubmitExamAnswers);
    Training__ExamResult *result = NULL;
    Training__ExamPaper *paper = NULL;
    Training__ExamBlueprint *b = NULL;
    int found = exam_store_result (call->db, submit->attempt_id, true, &result);
    if (found == 1)
        found = exam_store_paper (call->db, submit->attempt_id, &paper);
    if (found == 1)
        found = exam_store_blueprint (call->db, result->blueprint_code, &b);
    const char *actor = call->request->actor.user_id;
    int64_t now = sf_clock_now_ms ();
    char deadline [48], at [48];
    if (found < 0)
        sf_call_fail_db (call, "reading an attempt");
    else
    if (!found)
        sf_call_fail (call, SF_NOT_FOUND, &EXAM_MSG_ATTEMPT_UNKNOWN, (long long) submit->attempt_id);
    else
    if (!actor || strcmp (actor, result->started_by) != 0)
        sf_call_fail (call, SF_PERMISSION_DENIED, &EXAM_MSG_NOT_YOUR_ATTEMPT, (long long) submit->attempt_id);
    else
    if (result->status != TRAINING__EXAM_ATTEMPT_STATUS__EXAM_ATTEMPT_OPEN)
        sf_call_fail (call, SF_FAILED_PRECONDITION, &EXAM_MSG_ALREADY_SUBMITTED, (long long) submit->attempt_id);
    else
    if (now > result->deadline_ms) {
        exam_time_text (result->deadline_ms, deadline, sizeof deadline);
        exam_time_text (now, at, sizeof at);
        sf_call_fail (call, SF_FAILED_PRECONDITION, &EXAM_MSG_TIME_UP, (long long) submit->attempt_id, deadline, at);
    }
    else
    if (s_answers (call, submit, paper, result) == 0) {
        s_score (result, now);
        if (exam_store_result_write (call->db, result))
            sf_call_fail_db (call, "storing a result");
        else
        //  An onboarding exam counts for its level at once (training_qual.h), in this transaction.
        if (qual_level_exam_from_attempt (call->db, result->employee_code, b->purpose, result->passed,
                                          result->score_percent, now) < 0)
            sf_call_fail_db (call, "recording the onboarding level's exam");
        else
        if (s_emit_attempt (call, result->passed? "training.exam_passed": "training.exam_failed", 2, result, b) == 0) {
            sf_call_reply (call, &result->base);
            sf_log (SF_LOG_INFO, &call->log, "attempt %lld of %s at %s: %d%% (%s)", (long long) result->attempt_id,
                    result->employee_code, result->blueprint_code, result->score_percent,
                    result->passed? "passed": "failed");
        }
    }
    sf_pb_destroy (&b);
    sf_pb_destroy (&paper);
    sf_pb_destroy (&result);
}

void
exam_get_result (sf_call_t *call)
{
    const Training__GetExamResult *request = SF_CALL_BODY (call, Training__GetExamResult);
    Training__ExamResult *result = NULL;
    int found = exam_store_result (call->db, request->attempt_id, false, &result);
    int may = found == 1? s_may_see (call, result->employee_code, result->started_by, true): 0;
    if (found < 0)
        sf_call_fail_db (call, "reading an attempt");
    else
    if (!found)
        sf_call_fail (call, SF_NOT_FOUND, &EXAM_MSG_ATTEMPT_UNKNOWN, (long long) request->attempt_id);
    else
    if (may == 0)
        sf_call_fail (call, SF_PERMISSION_DENIED, &EXAM_MSG_NO_READ, (long long) request->attempt_id);
    else
    if (may == 1) {
        s_status_now (&result->status, result->deadline_ms);
        //  While the attempt may still be answered, its key stays on the server.
        if (result->status == TRAINING__EXAM_ATTEMPT_STATUS__EXAM_ATTEMPT_OPEN)
            for (size_t i = 0; i < result->n_items; i++) {
                sf_pb_set (&result->items [i]->key, "");
                sf_pb_set (&result->items [i]->explanation, "");
            }
        sf_call_reply (call, &result->base);
    }
    sf_pb_destroy (&result);
}

void
exam_list_results (sf_call_t *call)
{
    const Training__ListExamResults *request = SF_CALL_BODY (call, Training__ListExamResults);
    sf_page_t page;
    if (sf_page_open (call, request->page_size, request->page_token, 2, &page))
        return;
    int64_t after [2];
    if (page.after && (sf_page_after_int (call, &page, 0, &after [0]) || sf_page_after_int (call, &page, 1, &after [1]))) {
        sf_page_close (&page);
        return;
    }
    //  A reading role over the unit lists its people; anyone else only their own attempts.
    char own [33] = "";
    int reader = sf_scope_covers (call->db, call->scope, EXAM_ROLES_READER, SF_REACH_GRANT, request->unit_code);
    int mine = reader == 0? exam_actor_employee (call, own): 0;
    Training__ExamResultList *list = sf_pb_new (&training__exam_result_list__descriptor);
    if (reader < 0 || mine < 0)
        sf_call_fail_db (call, "checking the reach of the actor");
    else
    if (reader == 0 && mine == 0)
        sf_call_reply (call, &list->base);
    else
    if (exam_store_results (call->db, request->unit_code, request->employee_code, request->blueprint_code,
                            reader? "": own, page.after? after: NULL, page.size + 1, list))
        sf_call_fail_db (call, "listing results");
    else {
        if (list->n_results > (size_t) page.size) {
            const Training__ExamResult *last = list->results [page.size - 1];
            char started [24], id [24];
            snprintf (started, sizeof started, "%lld", (long long) last->started_ms);
            snprintf (id, sizeof id, "%lld", (long long) last->attempt_id);
            const char *keys [] = { started, id };
            list->next_page_token = sf_page_token (call, keys, 2);
            while (list->n_results > (size_t) page.size)
                sf_pb_destroy (&list->results [--list->n_results]);
        }
        for (size_t i = 0; i < list->n_results; i++)
            s_status_now (&list->results [i]->status, list->results [i]->deadline_ms);
        sf_call_reply (call, &list->base);
    }
    sf_pb_destroy (&list);
    sf_page_close (&page);
}
