/*  Exams end to end against a real training daemon (README_exam.md): a bank imported from
    CSV (a bad file refused whole with every bad line told, a re-import versioned), a
    blueprint with its limits from the rules, papers drawn at random and stored (the same
    after a restart, never with a key), answers scored on the server once and only in time
    (a set clock), answers not on the paper refused, the attempt limit, results per person
    and per unit, the questions most failed, the events the qualification area consumes, and
    who may do what: a person their own exam, a team leader's for their team, an account of
    the other plant nothing of plant P's.                                                   */
#include "training_exam_testlib.h"
#include "sf_clock.h"
#include "sf_pb.h"

#include <signal.h>
#include <string.h>

#define TREE "xq"
#define MINUTE_MS (60 * 1000LL)

static sf_status_t
s_paper (sf_rpc_client_t *client, int64_t id, Training__ExamPaper **paper)
{
    Training__GetExamPaper get = TRAINING__GET_EXAM_PAPER__INIT;
    get.attempt_id = id;
    return ex_call (client, &get.base, NULL, &training__exam_paper__descriptor, paper, NULL);
}

static sf_status_t
s_result (sf_rpc_client_t *client, int64_t id, Training__ExamResult **result)
{
    Training__GetExamResult get = TRAINING__GET_EXAM_RESULT__INIT;
    get.attempt_id = id;
    return ex_call (client, &get.base, NULL, &training__exam_result__descriptor, result, NULL);
}

static sf_status_t
s_list (sf_rpc_client_t *client, const char *unit, int page_size, Training__ExamResultList **list)
{
    Training__ListExamResults query = TRAINING__LIST_EXAM_RESULTS__INIT;
    query.unit_code = (char *) unit;
    query.page_size = page_size;
    return ex_call (client, &query.base, NULL, &training__exam_result_list__descriptor, list, NULL);
}

//  One answer to the attempt.
static sf_status_t
s_answer (sf_rpc_client_t *client, int64_t id, const char *code, const char *choice)
{
    Training__ExamAnswer answer = TRAINING__EXAM_ANSWER__INIT;
    answer.question_code = (char *) code;
    answer.choice = (char *) choice;
    Training__ExamAnswer *answers [] = { &answer };
    Training__SubmitExamAnswers submit = TRAINING__SUBMIT_EXAM_ANSWERS__INIT;
    submit.attempt_id = id;
    submit.answers = answers;
    submit.n_answers = 1;
    return ex_call (client, &submit.base, NULL, NULL, NULL, NULL);
}

static int64_t
s_count (ex_stack_t *stack, const char *sql)
{
    return sf_test_scalar (stack->db, sql, NULL);
}

//  A bad file: every bad line is told, nothing is stored.
static void
s_bad_import (ex_stack_t *stack, sf_rpc_client_t *officer)
{
    const char *bad =
        "编号,类别,题型,题干,英文题干,选项A,选项B,选项C,选项D,选项E,答案,解析\n"
        "B-1,must_know,single,安全色中红色表示？,,禁止,警告,指令,提示,,A,\n"
        "B-2,no_such_category,single,题干,,甲,乙,,,,A,\n"
        "B-3,must_know,essay,题干,,甲,乙,,,,A,\n"
        "B-4,must_know,single,题干,,甲,乙,,,,AB,\n"
        "B-5,must_know,multiple,题干,,甲,乙,丙,,,A,\n"
        "B-6,must_know,true_false,题干,,甲,乙,,,,T,\n"
        "B-1,must_know,single,题干,,甲,乙,,,,A,\n"
        "B 7,must_know,single,题干,,甲,,丙,,,A,\n";
    Training__ExamImportResult *result;
    SF_CHECK (ex_import (officer, ex_code (stack, "P"), bad, &result) == SF_INVALID_ARGUMENT);
    SF_CHECK (result);
    int lines [] = { 3, 4, 5, 6, 7, 8, 9 };
    for (size_t i = 0; i < sizeof lines / sizeof lines [0]; i++) {
        bool told = false;
        for (size_t e = 0; e < result->n_errors; e++)
            told = told || result->errors [e]->line == lines [i];
        if (!told)
            fprintf (stderr, "line %d not told\n", lines [i]);
        SF_CHECK (told);
    }
    for (size_t e = 0; e < result->n_errors; e++)
        SF_CHECK (result->errors [e]->line != 2 && *result->errors [e]->zh && *result->errors [e]->en);
    sf_pb_destroy (&result);
    SF_CHECK (s_count (stack, "SELECT count(*) FROM exam_question") == 0);
    SF_CHECK (ex_count_events (stack, "training.exam_question_imported") == 0);
}

static void
s_bank (ex_stack_t *stack, sf_rpc_client_t *officer, sf_rpc_client_t *worker, sf_rpc_client_t *foreign)
{
    s_bad_import (stack, officer);
    char *csv = ex_bank_csv ("Q");
    //  A worker keeps no bank; the other plant's officer not plant P's.
    SF_CHECK (ex_import (worker, ex_code (stack, "P"), csv, NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (ex_import (foreign, ex_code (stack, "P"), csv, NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (ex_import (officer, ex_code (stack, "S"), csv, NULL) == SF_INVALID_ARGUMENT);
    Training__ExamImportResult *result;
    SF_CHECK (ex_import (officer, ex_code (stack, "P"), csv, &result) == SF_OK);
    SF_CHECK (result->rows == 32 && result->created == 32 && result->revised == 0 && result->n_errors == 0);
    sf_pb_destroy (&result);
    SF_CHECK (ex_import (officer, ex_code (stack, "P"), csv, &result) == SF_OK);
    SF_CHECK (result->unchanged == 32 && result->created == 0);
    sf_pb_destroy (&result);
    //  The other plant's bank may not take a code of plant P's.
    SF_CHECK (ex_import (foreign, ex_code (stack, "P2"), csv, &result) == SF_INVALID_ARGUMENT);
    SF_CHECK (result && result->n_errors == 32);
    sf_pb_destroy (&result);
    //  One question changed: a new version, the old one kept.
    char *changed = strstr (csv, "第 1 题：must_know");
    SF_CHECK (changed);
    memcpy (changed, "第 9 题", strlen ("第 9 题"));
    SF_CHECK (ex_import (officer, ex_code (stack, "P"), csv, &result) == SF_OK);
    SF_CHECK (result->revised == 1 && result->unchanged == 31);
    sf_pb_destroy (&result);
    SF_CHECK (s_count (stack, "SELECT count(*) FROM exam_question_version") == 33);
    SF_CHECK (s_count (stack, "SELECT current_version FROM exam_question WHERE code = 'Q-MK-S1'") == 2);
    SF_CHECK (ex_count_events (stack, "training.exam_question_imported") == 33);
    //  No key travels in an event.
    sf_rows_t *rows = sf_db_query (stack->db, "SELECT envelope FROM sf_outbox WHERE event_type ="
                                              " 'training.exam_question_imported'", 0, NULL);
    for (int row = 0; row < sf_rows_count (rows); row++) {
        Training__Question *q = ex_payload (rows, row, 0, &training__question__descriptor);
        SF_CHECK (*q->code && !*q->answer);
        sf_pb_destroy (&q);
    }
    sf_rows_destroy (&rows);
    free (csv);
}

static void
s_blueprints (ex_stack_t *stack, sf_rpc_client_t *officer, sf_rpc_client_t *worker, sf_rpc_client_t *foreign)
{
    const char *parts = "must_know:single:3;must_know:any:2;emergency:true_false:2;emergency:multiple:1";
    char plant [64];
    snprintf (plant, sizeof plant, "%s", ex_code (stack, "P"));
    SF_CHECK (ex_blueprint (worker, "BP-1", plant, parts, 30, 0, 2, NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (ex_blueprint (foreign, "BP-1", plant, parts, 30, 0, 2, NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (ex_blueprint (officer, "BP-1", plant, "no_such:any:1", 30, 0, 2, NULL) == SF_INVALID_ARGUMENT);
    SF_CHECK (ex_blueprint (officer, "BP-1", plant, "must_know:true_false:5", 30, 0, 2, NULL)
              == SF_FAILED_PRECONDITION);
    SF_CHECK (ex_blueprint (officer, "BP-1", plant, parts, 30, 101, 2, NULL) == SF_INVALID_ARGUMENT);
    SF_CHECK (ex_blueprint (officer, "BP 1", plant, parts, 30, 0, 2, NULL) == SF_INVALID_ARGUMENT);
    //  The other plant's bank is empty: plant P's questions are not its own.
    SF_CHECK (ex_blueprint (foreign, "BP-F", ex_code (stack, "P2"), parts, 30, 0, 2, NULL) == SF_FAILED_PRECONDITION);
    Training__ExamBlueprint *b;
    SF_CHECK (ex_blueprint (officer, "BP-1", plant, parts, 30, 0, 2, &b) == SF_OK);
    SF_CHECK (b->pass_percent == 80 && b->attempt_limit == 2 && b->time_limit_minutes == 30 && b->question_count == 8);
    SF_CHECK_STR (b->plant_code, plant);
    sf_pb_destroy (&b);
    SF_CHECK (ex_blueprint (officer, "BP-1", plant, parts, 30, 0, 2, NULL) == SF_ALREADY_EXISTS);
    SF_CHECK (s_count (stack, "SELECT count(*) FROM exam_blueprint") == 1);
    //  The people of the unit read it; the other plant does not.
    Training__GetExamBlueprint get = TRAINING__GET_EXAM_BLUEPRINT__INIT;
    get.code = (char *) "BP-1";
    SF_CHECK (ex_call (worker, &get.base, NULL, &training__exam_blueprint__descriptor, &b, NULL) == SF_OK);
    SF_CHECK (b->n_parts == 4 && b->question_count == 8);
    sf_pb_destroy (&b);
    SF_CHECK (ex_call (foreign, &get.base, NULL, NULL, NULL, NULL) == SF_PERMISSION_DENIED);
    get.code = (char *) "BP-none";
    SF_CHECK (ex_call (worker, &get.base, NULL, NULL, NULL, NULL) == SF_NOT_FOUND);
}

//  The paper: the parts' categories and types, no code twice, no key anywhere.
static void
s_check_paper (const Training__ExamPaper *paper)
{
    SF_CHECK (paper->n_questions == 8 && paper->pass_percent == 80);
    SF_CHECK (!sf_pb_field (&training__exam_paper_question__descriptor, "answer"));
    SF_CHECK (!sf_pb_field (&training__exam_paper_question__descriptor, "key"));
    for (size_t i = 0; i < paper->n_questions; i++) {
        const Training__ExamPaperQuestion *q = paper->questions [i];
        SF_CHECK (q->seq == (int) i + 1);
        SF_CHECK_STR (q->category, i < 5? "must_know": "emergency");
        if (i < 3)
            SF_CHECK (q->type == TRAINING__QUESTION_TYPE__QUESTION_SINGLE);
        if (i == 5 || i == 6)
            SF_CHECK (q->type == TRAINING__QUESTION_TYPE__QUESTION_TRUE_FALSE && q->n_options == 2);
        if (i == 7)
            SF_CHECK (q->type == TRAINING__QUESTION_TYPE__QUESTION_MULTIPLE);
        for (size_t j = 0; j < i; j++)
            SF_CHECK (strcmp (paper->questions [j]->code, q->code) != 0);
    }
}

static bool
s_same_paper (const Training__ExamPaper *a, const Training__ExamPaper *b)
{
    if (a->attempt_id != b->attempt_id || a->n_questions != b->n_questions || a->deadline_ms != b->deadline_ms)
        return false;
    for (size_t i = 0; i < a->n_questions; i++)
        if (strcmp (a->questions [i]->code, b->questions [i]->code) || a->questions [i]->version != b->questions [i]->version)
            return false;
    return true;
}

int
main (void)
{
    ex_stack_t stack;
    ex_stack_start (&stack, "trex", TREE, NULL);
    int64_t t0 = (sf_clock_wall_ms () / MINUTE_MS) * MINUTE_MS;
    sf_test_daemon_set_clock (&stack.daemon, t0);
    ex_account (&stack, "officer", "E5", "safety_officer", "P");
    ex_account (&stack, "leader", "E6", "team_leader", "T");
    ex_account (&stack, "worker1", "E1", "", "");
    ex_account (&stack, "worker2", "E2", "", "");
    ex_account (&stack, "worker3", "E3", "", "");
    ex_account (&stack, "foreign", "F1", "safety_officer,team_leader,plant_safety_manager", "P2");
    sf_rpc_client_t *officer = ex_client (&stack, "officer");
    sf_rpc_client_t *leader = ex_client (&stack, "leader");
    sf_rpc_client_t *worker1 = ex_client (&stack, "worker1");
    sf_rpc_client_t *worker2 = ex_client (&stack, "worker2");
    sf_rpc_client_t *worker3 = ex_client (&stack, "worker3");
    sf_rpc_client_t *foreign = ex_client (&stack, "foreign");

    s_bank (&stack, officer, worker1, foreign);
    s_blueprints (&stack, officer, worker1, foreign);
    printf ("bank: a bad file refused with every line told; 32 questions, one revised; blueprint BP-1\n");

    //  Who may start whose exam.
    SF_CHECK (ex_start (worker1, "BP-1", ex_code (&stack, "E2"), NULL, NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (ex_start (foreign, "BP-1", ex_code (&stack, "E1"), NULL, NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (ex_start (officer, "BP-1", ex_code (&stack, "E9"), NULL, NULL) == SF_NOT_FOUND);
    SF_CHECK (ex_start (foreign, "BP-1", "", NULL, NULL) == SF_FAILED_PRECONDITION);
    SF_CHECK (ex_start (worker1, "BP-none", "", NULL, NULL) == SF_NOT_FOUND);
    SF_CHECK (s_count (&stack, "SELECT count(*) FROM exam_attempt") == 0);

    Training__ExamPaper *paper;
    SF_CHECK (ex_start (worker1, "BP-1", "", NULL, &paper) == SF_OK);
    s_check_paper (paper);
    SF_CHECK (paper->attempt_number == 1 && paper->attempt_limit == 2 && paper->started_ms == t0
              && paper->deadline_ms == t0 + 30 * MINUTE_MS);
    SF_CHECK (ex_start (worker1, "BP-1", "", NULL, NULL) == SF_FAILED_PRECONDITION);
    //  The stored paper, before and after a restart.
    sf_test_daemon_stop (&stack.daemon, SIGKILL);
    sf_test_daemon_restart (&stack.daemon);
    sf_test_daemon_set_clock (&stack.daemon, t0 + MINUTE_MS);
    Training__ExamPaper *again;
    SF_CHECK (s_paper (worker1, paper->attempt_id, &again) == SF_OK);
    SF_CHECK (s_same_paper (paper, again) && again->status == TRAINING__EXAM_ATTEMPT_STATUS__EXAM_ATTEMPT_OPEN);
    sf_pb_destroy (&again);
    SF_CHECK (s_paper (worker2, paper->attempt_id, NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (s_paper (foreign, paper->attempt_id, NULL) == SF_PERMISSION_DENIED);
    //  While it may be answered the key stays on the server, for the team leader too.
    Training__ExamResult *result;
    SF_CHECK (s_result (leader, paper->attempt_id, &result) == SF_OK);
    for (size_t i = 0; i < result->n_items; i++)
        SF_CHECK (!*result->items [i]->key && !*result->items [i]->explanation);
    sf_pb_destroy (&result);

    //  Bad answers change nothing.
    SF_CHECK (s_answer (worker1, paper->attempt_id, "Q-EM-S9", "A") == SF_INVALID_ARGUMENT);
    SF_CHECK (s_answer (worker1, paper->attempt_id, "nowhere", "A") == SF_INVALID_ARGUMENT);
    SF_CHECK (s_answer (worker1, paper->attempt_id, paper->questions [0]->code, "E") == SF_INVALID_ARGUMENT);
    SF_CHECK (s_answer (worker1, paper->attempt_id, paper->questions [0]->code, "AB") == SF_INVALID_ARGUMENT);
    SF_CHECK (s_answer (worker2, paper->attempt_id, paper->questions [0]->code, "A") == SF_PERMISSION_DENIED);
    SF_CHECK (s_answer (foreign, paper->attempt_id, paper->questions [0]->code, "A") == SF_PERMISSION_DENIED);
    SF_CHECK (s_count (&stack, "SELECT count(*) FROM exam_attempt WHERE status = 1") == 1);
    SF_CHECK (s_count (&stack, "SELECT count(*) FROM exam_attempt_question WHERE given <> ''") == 0);

    //  All right: passed, the key shown now; the same key replays, another submission is refused.
    char key [64];
    snprintf (key, sizeof key, "%s-submit-1", stack.prefix);
    SF_CHECK (ex_submit (worker1, paper, paper->n_questions, key, &result) == SF_OK);
    SF_CHECK (result->passed && result->score_percent == 100 && result->correct == 8 && result->total == 8);
    SF_CHECK (result->status == TRAINING__EXAM_ATTEMPT_STATUS__EXAM_ATTEMPT_SUBMITTED && result->submitted_ms == t0 + MINUTE_MS);
    for (size_t i = 0; i < result->n_items; i++)
        SF_CHECK (*result->items [i]->key && result->items [i]->correct);
    sf_pb_destroy (&result);
    SF_CHECK (ex_submit (worker1, paper, paper->n_questions, key, &result) == SF_OK);
    SF_CHECK (result->passed && result->score_percent == 100);
    sf_pb_destroy (&result);
    SF_CHECK (ex_submit (worker1, paper, 0, key, NULL) == SF_CONFLICT);
    SF_CHECK (ex_submit (worker1, paper, 0, NULL, NULL) == SF_FAILED_PRECONDITION);
    SF_CHECK (ex_count_events (&stack, "training.exam_passed") == 1);
    SF_CHECK (ex_count_events (&stack, "training.exam_started") == 1);
    sf_rows_t *rows = sf_db_query (stack.db, "SELECT envelope FROM sf_outbox WHERE event_type = 'training.exam_passed'",
                                   0, NULL);
    Training__ExamOutcome *outcome = ex_payload (rows, 0, 0, &training__exam_outcome__descriptor);
    SF_CHECK (outcome->attempt_id == paper->attempt_id && outcome->passed && outcome->score_percent == 100);
    SF_CHECK_STR (outcome->employee_code, ex_code (&stack, "E1"));
    SF_CHECK_STR (outcome->purpose, "onboarding.company");
    SF_CHECK_STR (outcome->plant_code, ex_code (&stack, "P"));
    sf_pb_destroy (&outcome);
    sf_rows_destroy (&rows);
    sf_pb_destroy (&paper);

    //  The second attempt runs out of time; there is no third.
    SF_CHECK (ex_start (worker1, "BP-1", "", NULL, &paper) == SF_OK);
    SF_CHECK (paper->attempt_number == 2);
    sf_test_daemon_set_clock (&stack.daemon, t0 + 32 * MINUTE_MS);
    SF_CHECK (ex_submit (worker1, paper, paper->n_questions, NULL, NULL) == SF_FAILED_PRECONDITION);
    SF_CHECK (s_result (worker1, paper->attempt_id, &result) == SF_OK);
    SF_CHECK (result->status == TRAINING__EXAM_ATTEMPT_STATUS__EXAM_ATTEMPT_EXPIRED && !result->passed);
    SF_CHECK (*result->items [0]->key);
    sf_pb_destroy (&result);
    sf_pb_destroy (&paper);
    SF_CHECK (ex_start (worker1, "BP-1", "", NULL, NULL) == SF_FAILED_PRECONDITION);
    SF_CHECK (s_count (&stack, "SELECT count(*) FROM exam_attempt WHERE employee_code = '" TREE "E1'") == 2);

    //  A team leader starts worker2's exam at a terminal and submits it: 5 of 8 is 62 %, failed.
    SF_CHECK (ex_start (leader, "BP-1", ex_code (&stack, "E2"), NULL, &paper) == SF_OK);
    SF_CHECK (ex_submit (leader, paper, 5, NULL, &result) == SF_OK);
    SF_CHECK (!result->passed && result->score_percent == 62 && result->correct == 5);
    sf_pb_destroy (&result);
    sf_pb_destroy (&paper);
    //  worker3 gets all wrong.
    SF_CHECK (ex_start (worker3, "BP-1", "", NULL, &paper) == SF_OK);
    SF_CHECK (ex_submit (worker3, paper, 0, NULL, &result) == SF_OK);
    SF_CHECK (!result->passed && result->score_percent == 0);
    sf_pb_destroy (&result);
    sf_pb_destroy (&paper);
    SF_CHECK (ex_count_events (&stack, "training.exam_failed") == 2);
    printf ("attempts: paper stored across a kill, no key before the end, late and over-limit refused\n");

    //  Results: the team leader sees the team's four attempts a page at a time; a worker only
    //  their own; the other plant nothing of plant P.
    Training__ExamResultList *list;
    SF_CHECK (s_list (leader, ex_code (&stack, "T"), 0, &list) == SF_OK);
    SF_CHECK (list->n_results == 4 && !*list->next_page_token);
    for (size_t i = 1; i < list->n_results; i++)
        SF_CHECK (list->results [i - 1]->started_ms >= list->results [i]->started_ms);
    sf_pb_destroy (&list);
    Training__ListExamResults query = TRAINING__LIST_EXAM_RESULTS__INIT;
    query.unit_code = (char *) ex_code (&stack, "P");
    query.page_size = 3;
    SF_CHECK (ex_call (officer, &query.base, NULL, &training__exam_result_list__descriptor, &list, NULL) == SF_OK);
    SF_CHECK (list->n_results == 3 && *list->next_page_token);
    query.page_token = list->next_page_token;
    Training__ExamResultList *next;
    SF_CHECK (ex_call (officer, &query.base, NULL, &training__exam_result_list__descriptor, &next, NULL) == SF_OK);
    SF_CHECK (next->n_results == 1 && !*next->next_page_token);
    sf_pb_destroy (&next);
    sf_pb_destroy (&list);
    SF_CHECK (s_list (worker1, ex_code (&stack, "T"), 0, &list) == SF_OK);
    SF_CHECK (list->n_results == 2);
    for (size_t i = 0; i < list->n_results; i++)
        SF_CHECK_STR (list->results [i]->employee_code, ex_code (&stack, "E1"));
    sf_pb_destroy (&list);
    SF_CHECK (s_list (foreign, ex_code (&stack, "P"), 0, NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (s_list (foreign, "", 0, &list) == SF_OK);
    SF_CHECK (list->n_results == 0);
    sf_pb_destroy (&list);

    //  The questions most failed first.
    Training__GetExamQuestionStats stats_query = TRAINING__GET_EXAM_QUESTION_STATS__INIT;
    stats_query.blueprint_code = (char *) "BP-1";
    Training__ExamQuestionStats *stats;
    SF_CHECK (ex_call (officer, &stats_query.base, NULL, &training__exam_question_stats__descriptor, &stats, NULL)
              == SF_OK);
    SF_CHECK (stats->attempts == 3 && stats->passed == 1 && stats->n_questions > 0);
    SF_CHECK (stats->questions [0]->wrong_permille > 0);
    for (size_t i = 1; i < stats->n_questions; i++)
        SF_CHECK (stats->questions [i - 1]->wrong_permille >= stats->questions [i]->wrong_permille);
    sf_pb_destroy (&stats);
    SF_CHECK (ex_call (foreign, &stats_query.base, NULL, NULL, NULL, NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (ex_call (worker1, &stats_query.base, NULL, NULL, NULL, NULL) == SF_PERMISSION_DENIED);
    //  A team leader reads the team's results, not the statistics of the plant's blueprint.
    SF_CHECK (ex_call (leader, &stats_query.base, NULL, NULL, NULL, NULL) == SF_PERMISSION_DENIED);
    printf ("results by unit and person, question statistics; the other plant saw and touched nothing\n");

    sf_rpc_client_destroy (&foreign);
    sf_rpc_client_destroy (&worker3);
    sf_rpc_client_destroy (&worker2);
    sf_rpc_client_destroy (&worker1);
    sf_rpc_client_destroy (&leader);
    sf_rpc_client_destroy (&officer);
    sf_db_t *directory_db = sf_test_db_session (stack.directory_schema);
    sf_db_t *db = sf_test_db_session (stack.schema);
    char *schema = strdup (stack.schema), *directory_schema = strdup (stack.directory_schema);
    ex_stack_stop (&stack);
    sf_test_drop_schema (db, schema);
    sf_test_drop_schema (directory_db, directory_schema);
    sf_db_destroy (&db);
    sf_db_destroy (&directory_db);
    free (schema);
    free (directory_schema);
    return 0;
}
