/*  What a choice, a type and a question's content mean (training_exam_answer.c): the rules
    the CSV import, the answers and the scoring share.                                      */
#include "training_exam.h"
#include "sf_pb.h"
#include "sf_testkit.h"

#include <string.h>

#define SINGLE TRAINING__QUESTION_TYPE__QUESTION_SINGLE
#define MULTIPLE TRAINING__QUESTION_TYPE__QUESTION_MULTIPLE
#define TRUE_FALSE TRAINING__QUESTION_TYPE__QUESTION_TRUE_FALSE

static void
s_choice (const char *text, Training__QuestionType type, int options, const char *expected)
{
    char key [EXAM_OPTIONS_MAX + 1];
    int rc = exam_choice_parse (text, type, options, key);
    if (!expected)
        SF_CHECK (rc == -1);
    else {
        SF_CHECK (rc == 0);
        SF_CHECK_STR (key, expected);
    }
}

static Training__Question *
s_question (Training__QuestionType type, const char *answer, int options)
{
    static const char *const keys [] = { "A", "B", "C", "D", "E" };
    Training__Question *q = sf_pb_new (&training__question__descriptor);
    sf_pb_set (&q->code, "Q-1");
    sf_pb_set (&q->category, "must_know");
    q->type = type;
    sf_pb_set (&q->text, "灭火器压力表指针在哪个区域表示压力正常？");
    sf_pb_set (&q->answer, answer);
    for (int i = 0; i < options; i++) {
        Training__QuestionOption *option = sf_pb_add (&q->options, &q->n_options, &training__question_option__descriptor);
        sf_pb_set (&option->key, keys [i]);
        sf_pb_set (&option->text, "绿区");
    }
    return q;
}

int
main (void)
{
    SF_CHECK (exam_code_valid ("Q-HC_001.a"));
    SF_CHECK (!exam_code_valid (""));
    SF_CHECK (!exam_code_valid ("题目1"));
    SF_CHECK (!exam_code_valid ("a b"));
    SF_CHECK (!exam_code_valid ("123456789012345678901234567890123"));

    SF_CHECK (exam_type_parse ("single") == SINGLE);
    SF_CHECK (exam_type_parse ("Multiple") == MULTIPLE);
    SF_CHECK (exam_type_parse ("判断") == TRUE_FALSE);
    SF_CHECK (exam_type_parse ("单选题") == SINGLE);
    SF_CHECK (exam_type_parse ("多选题") == MULTIPLE);
    SF_CHECK (exam_type_parse ("essay") == 0);
    SF_CHECK (exam_type_parse ("") == 0);

    //  Letters in any case and order, with commas or spaces, each once; only options that exist.
    s_choice ("b", SINGLE, 4, "B");
    s_choice ("", SINGLE, 4, "");
    s_choice ("E", SINGLE, 4, NULL);
    s_choice ("AB", SINGLE, 4, NULL);
    s_choice ("c,a", MULTIPLE, 4, "AC");
    s_choice ("D A B", MULTIPLE, 4, "ABD");
    s_choice ("AA", MULTIPLE, 4, "A");
    s_choice ("A1", MULTIPLE, 4, NULL);
    s_choice ("对", TRUE_FALSE, 2, "A");
    s_choice ("F", TRUE_FALSE, 2, "B");
    s_choice ("false", TRUE_FALSE, 2, "B");
    s_choice ("C", TRUE_FALSE, 2, NULL);
    s_choice ("AB", TRUE_FALSE, 2, NULL);

    Training__Question *q = s_question (SINGLE, "A", 4);
    const char *arg;
    SF_CHECK (exam_question_check (q, &arg) == NULL);
    Training__Question *same = s_question (SINGLE, "A", 4);
    SF_CHECK (exam_question_same (q, same));
    sf_pb_set (&same->options [3]->text, "红区");
    SF_CHECK (!exam_question_same (q, same));
    sf_pb_destroy (&same);
    sf_pb_set (&q->answer, "AB");
    SF_CHECK (exam_question_check (q, &arg) == &EXAM_MSG_Q_SINGLE_ANSWER);
    sf_pb_set (&q->options [2]->text, "");
    SF_CHECK (exam_question_check (q, &arg) == &EXAM_MSG_Q_OPTION_GAP);
    SF_CHECK_STR (arg, "D");
    sf_pb_destroy (&q);
    q = s_question (MULTIPLE, "A", 4);
    SF_CHECK (exam_question_check (q, &arg) == &EXAM_MSG_Q_MULTIPLE_ANSWER);
    sf_pb_destroy (&q);
    q = s_question (SINGLE, "A", 1);
    SF_CHECK (exam_question_check (q, &arg) == &EXAM_MSG_Q_FEW_OPTIONS);
    sf_pb_set (&q->text, "  ");
    SF_CHECK (exam_question_check (q, &arg) == &EXAM_MSG_Q_NO_TEXT);
    sf_pb_destroy (&q);
    printf ("choices, types and question checks as README_exam.md has them\n");
    return 0;
}
