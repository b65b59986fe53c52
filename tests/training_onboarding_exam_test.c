/*  An onboarding exam taken in the exam area counts for its level of the person's three-level
    onboarding at once, in the same transaction as its score (training_qual.h,
    qual_level_exam_from_attempt): a pass at a blueprint whose purpose is onboarding.company
    records the company level's exam; a later failure does not undo it; an exam of no
    onboarding purpose records nothing.                                                     */
#include "training_exam_testlib.h"
#include "training_qual.pb-c.h"
#include "sf_pb.h"

#include <string.h>

//  The company level of employee: "passed/score" as the table holds it ("-" for no exam).
static void
s_level (ex_stack_t *stack, const char *employee, char *text, size_t size)
{
    const char *values [] = { employee };
    sf_rows_t *rows = sf_db_query (stack->db,
        "SELECT coalesce (exam_passed::text, '-') || '/' || coalesce (exam_score::text, '-') FROM qual_level"
        " WHERE employee_code = $1 AND level = 1", 1, values);
    SF_CHECK (rows && sf_rows_count (rows) == 1);
    snprintf (text, size, "%s", sf_rows_text (rows, 0, 0));
    sf_rows_destroy (&rows);
}

int
main (void)
{
    ex_stack_t stack;
    ex_stack_start (&stack, "onbexam", "ob", NULL);
    ex_account (&stack, "ob.officer", "E6", "safety_officer", "P");
    ex_account (&stack, "ob.worker", "E1", "", "");
    sf_rpc_client_t *officer = ex_client (&stack, "ob.officer");
    sf_rpc_client_t *worker = ex_client (&stack, "ob.worker");
    char *csv = ex_bank_csv ("OB");
    SF_CHECK (ex_import (officer, ex_code (&stack, "P"), csv, NULL) == SF_OK);
    free (csv);
    //  ex_blueprint's blueprints are company onboarding exams; two attempts each.
    SF_CHECK (ex_blueprint (officer, "OB-1", ex_code (&stack, "P"), "must_know:any:4", 30, 0, 2, NULL) == SF_OK);

    //  The person's onboarding is open (the team level's exam recorded by hand opens it).
    char employee [64];
    snprintf (employee, sizeof employee, "%s", ex_code (&stack, "E1"));
    Training__OnboardingRecordExam record = TRAINING__ONBOARDING_RECORD_EXAM__INIT;
    record.employee_code = employee;
    record.level = TRAINING__ONBOARDING_LEVEL__ONBOARDING_LEVEL_TEAM;
    record.passed = false;
    record.score = 40;
    SF_CHECK (ex_call (officer, &record.base, NULL, NULL, NULL, NULL) == SF_OK);
    char level [32];
    s_level (&stack, employee, level, sizeof level);
    SF_CHECK_STR (level, "-/-");

    //  Passed at the company exam: the company level has it, with its score.
    Training__ExamPaper *paper = NULL;
    Training__ExamResult *result = NULL;
    SF_CHECK (ex_start (worker, "OB-1", "", NULL, &paper) == SF_OK);
    SF_CHECK (ex_submit (worker, paper, paper->n_questions, NULL, &result) == SF_OK && result->passed);
    sf_pb_destroy (&result);
    sf_pb_destroy (&paper);
    s_level (&stack, employee, level, sizeof level);
    SF_CHECK_STR (level, "true/100");

    //  A failed second attempt leaves the pass as it was.
    SF_CHECK (ex_start (worker, "OB-1", "", NULL, &paper) == SF_OK);
    SF_CHECK (ex_submit (worker, paper, 0, NULL, &result) == SF_OK && !result->passed);
    sf_pb_destroy (&result);
    sf_pb_destroy (&paper);
    s_level (&stack, employee, level, sizeof level);
    SF_CHECK_STR (level, "true/100");

    sf_rpc_client_destroy (&worker);
    sf_rpc_client_destroy (&officer);
    ex_stack_stop (&stack);
    return 0;
}
