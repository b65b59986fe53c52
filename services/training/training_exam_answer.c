/*  training_exam_answer: what a choice, a question type and a question's content mean, with
    no database: the same rules for a CSV row, an answer and the scoring.                   */
#include "training_exam.h"
#include "sf_utf8.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

bool
exam_code_valid (const char *code)
{
    size_t size = strlen (code);
    if (size == 0 || size > EXAM_CODE_MAX_CHARS)
        return false;
    for (const char *at = code; *at; at++)
        if (!isalnum ((unsigned char) *at) && *at != '.' && *at != '_' && *at != '-')
            return false;
    return true;
}

static const struct {
    Training__QuestionType type;
    const char *name;
    const char *name_zh;
} s_types [] = {
    { TRAINING__QUESTION_TYPE__QUESTION_SINGLE, "single", "单选" },
    { TRAINING__QUESTION_TYPE__QUESTION_MULTIPLE, "multiple", "多选" },
    { TRAINING__QUESTION_TYPE__QUESTION_TRUE_FALSE, "true_false", "判断" }
};
#define S_TYPES (sizeof s_types / sizeof s_types [0])

Training__QuestionType
exam_type_parse (const char *text)
{
    for (size_t i = 0; i < S_TYPES; i++)
        if (strcasecmp (text, s_types [i].name) == 0 || strcmp (text, s_types [i].name_zh) == 0)
            return s_types [i].type;
    //  Also the Chinese with 题 (单选题) as people write it.
    for (size_t i = 0; i < S_TYPES; i++) {
        size_t size = strlen (s_types [i].name_zh);
        if (strncmp (text, s_types [i].name_zh, size) == 0 && strcmp (text + size, "题") == 0)
            return s_types [i].type;
    }
    return TRAINING__QUESTION_TYPE__QUESTION_TYPE_UNSPECIFIED;
}

const char *
exam_type_name (Training__QuestionType type)
{
    for (size_t i = 0; i < S_TYPES; i++)
        if (s_types [i].type == type)
            return s_types [i].name;
    return "any";
}

const char *
exam_type_name_zh (Training__QuestionType type)
{
    for (size_t i = 0; i < S_TYPES; i++)
        if (s_types [i].type == type)
            return s_types [i].name_zh;
    return "各题型";
}

//  The words a true/false choice may be given in, and the key each means.
static const struct {
    const char *word;
    char key;
} s_true_false [] = {
    { "T", 'A' }, { "TRUE", 'A' }, { "对", 'A' }, { "正确", 'A' }, { "√", 'A' },
    { "F", 'B' }, { "FALSE", 'B' }, { "错", 'B' }, { "错误", 'B' }, { "×", 'B' }
};

int
exam_choice_parse (const char *text, Training__QuestionType type, int option_count, char *key)
{
    key [0] = 0;
    if (type == TRAINING__QUESTION_TYPE__QUESTION_TRUE_FALSE)
        for (size_t i = 0; i < sizeof s_true_false / sizeof s_true_false [0]; i++)
            if (strcasecmp (text, s_true_false [i].word) == 0) {
                key [0] = s_true_false [i].key;
                key [1] = 0;
                return 0;
            }
    bool chosen [EXAM_OPTIONS_MAX] = { false };
    int count = 0;
    for (const char *at = text; *at; at++) {
        if (*at == ',' || *at == ' ' || *at == '\t')
            continue;
        int letter = toupper ((unsigned char) *at);
        if (letter < 'A' || letter >= 'A' + option_count || letter >= 'A' + EXAM_OPTIONS_MAX)
            return -1;
        if (!chosen [letter - 'A'])
            count++;
        chosen [letter - 'A'] = true;
    }
    if (count > 1 && type != TRAINING__QUESTION_TYPE__QUESTION_MULTIPLE)
        return -1;
    int at = 0;
    for (int i = 0; i < EXAM_OPTIONS_MAX; i++)
        if (chosen [i])
            key [at++] = (char) ('A' + i);
    key [at] = 0;
    return 0;
}

const sf_text_t *
exam_question_check (const Training__Question *question, const char **arg)
{
    static const char *const keys [EXAM_OPTIONS_MAX] = { "A", "B", "C", "D", "E" };
    *arg = NULL;
    if (sf_utf8_blank (question->text))
        return &EXAM_MSG_Q_NO_TEXT;
    if (sf_utf8_chars (question->text, strlen (question->text)) > EXAM_TEXT_MAX_CHARS
     || sf_utf8_chars (question->text_en, strlen (question->text_en)) > EXAM_TEXT_MAX_CHARS
     || sf_utf8_chars (question->explanation, strlen (question->explanation)) > EXAM_TEXT_MAX_CHARS)
        return &EXAM_MSG_Q_TEXT_LONG;
    for (size_t i = 0; i < question->n_options; i++) {
        const char *text = question->options [i]->text;
        if (sf_utf8_chars (text, strlen (text)) > EXAM_OPTION_MAX_CHARS) {
            *arg = keys [i];
            return &EXAM_MSG_Q_OPTION_LONG;
        }
        if (!*text) {
            *arg = keys [i + 1 < EXAM_OPTIONS_MAX? i + 1: i];
            return &EXAM_MSG_Q_OPTION_GAP;
        }
    }
    if (question->n_options < 2)
        return &EXAM_MSG_Q_FEW_OPTIONS;
    size_t right = strlen (question->answer);
    if (right == 0)
        return &EXAM_MSG_Q_NO_ANSWER;
    if (right > 1 && question->type != TRAINING__QUESTION_TYPE__QUESTION_MULTIPLE)
        return &EXAM_MSG_Q_SINGLE_ANSWER;
    if (right < 2 && question->type == TRAINING__QUESTION_TYPE__QUESTION_MULTIPLE)
        return &EXAM_MSG_Q_MULTIPLE_ANSWER;
    return NULL;
}

bool
exam_question_same (const Training__Question *a, const Training__Question *b)
{
    if (strcmp (a->category, b->category) || a->type != b->type || strcmp (a->text, b->text)
     || strcmp (a->text_en, b->text_en) || strcmp (a->answer, b->answer) || strcmp (a->explanation, b->explanation)
     || a->n_options != b->n_options)
        return false;
    for (size_t i = 0; i < a->n_options; i++)
        if (strcmp (a->options [i]->text, b->options [i]->text))
            return false;
    return true;
}
