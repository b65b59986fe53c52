/*  training_exam: the exams of the training daemon (README_exam.md): the question bank
    (training_exam_bank.c), blueprints and question statistics (training_exam_blueprint.c),
    attempts, papers and results (training_exam_attempt.c), what a person's answer and a
    question's row mean (training_exam_answer.c), the SQL (training_exam_store.c) and the
    texts (training_exam_messages.c). The route table is training_exam_routes.c.           */
#ifndef TRAINING_EXAM_H_INCLUDED
#define TRAINING_EXAM_H_INCLUDED

#include "sf_db.h"
#include "sf_rpc_server.h"
#include "sf_status.h"
#include "training_exam.pb-c.h"

#include <stdbool.h>
#include <stdint.h>

//  Who keeps the bank and the blueprints, within their grants.
#define EXAM_ROLES_ADMIN "admin,ehs,plant_safety_manager,safety_officer"
//  Who reads the results of the people of a unit, and may start an attempt for one of them (a
//  paper taken at a terminal under supervision).
#define EXAM_ROLES_READER "admin,ehs,plant_safety_manager,department_head,safety_officer,team_leader"

#define EXAM_STREAM_TOPIC "training"

//  Bounds of what a person types or imports.
#define EXAM_CODE_MAX_CHARS 32
#define EXAM_TEXT_MAX_CHARS 1000
#define EXAM_OPTION_MAX_CHARS 300
#define EXAM_OPTIONS_MAX 5
#define EXAM_PARTS_MAX 20
#define EXAM_QUESTIONS_MAX 200
#define EXAM_IMPORT_MAX_BYTES (4 * 1024 * 1024)
#define EXAM_IMPORT_MAX_ROWS 5000

//  The true/false options every true/false question gets.
#define EXAM_TRUE_TEXT "正确 / True"
#define EXAM_FALSE_TEXT "错误 / False"

//  --------------------------------------------------------------------------------------
//  Answers and rows (training_exam_answer.c): pure functions, no database.

//  A code of the bank or of a blueprint: 1..EXAM_CODE_MAX_CHARS of [A-Za-z0-9._-].
bool exam_code_valid (const char *code);

//  The type a CSV cell names: single/单选, multiple/多选, true_false/判断 (any case for the
//  English). QUESTION_TYPE_UNSPECIFIED when none.
Training__QuestionType exam_type_parse (const char *text);
const char *exam_type_name (Training__QuestionType type);
const char *exam_type_name_zh (Training__QuestionType type);

//  Reads a choice of a question of type with option_count options into key (at least
//  EXAM_OPTIONS_MAX + 1 bytes): the option keys upper-cased, in order, once each. Letters may be
//  separated by commas or spaces; a true/false question also takes T/F, true/false, 对/错,
//  正确/错误. An empty choice is "". Returns 0, or -1 when a letter names no option, a single or
//  true/false choice names more than one, or the text is something else.
int exam_choice_parse (const char *text, Training__QuestionType type, int option_count, char *key);

//  Checks a question about to be stored (its options filled, true/false ones too) and says
//  what is wrong with it: NULL when nothing, else a text with the arguments it takes in *arg
//  (one %s, or none).
const sf_text_t *exam_question_check (const Training__Question *question, const char **arg);

//  True when the two versions of a question say the same (category, type, texts, options,
//  answer, explanation).
bool exam_question_same (const Training__Question *a, const Training__Question *b);

//  --------------------------------------------------------------------------------------
//  Store (training_exam_store.c). Functions return 0 or 1 as they say, -1 on a database error.

//  1 when code is a category of exam_category.
int exam_store_category_known (sf_db_t *db, const char *code);

//  The current version of question code into *question (sf_pb_new'd, the caller destroys),
//  answer included: 1 found, 0 none.
int exam_store_question (sf_db_t *db, const char *code, bool lock, Training__Question **question);

//  Stores question as a new version (question->version: 1 makes the code) by actor at now_ms.
int exam_store_question_write (sf_db_t *db, const Training__Question *question, const char *actor, int64_t now_ms);

//  The blueprint code into *blueprint (sf_pb_new'd): 1 found, 0 none.
int exam_store_blueprint (sf_db_t *db, const char *code, Training__ExamBlueprint **blueprint);
int exam_store_blueprint_unit (sf_db_t *db, const char *code, char *unit, size_t size);
int exam_store_blueprint_write (sf_db_t *db, const Training__ExamBlueprint *blueprint);

//  Draws count questions of category and type (0: any) at random from the banks of unit and the
//  units above it, none of the codes in taken (count_taken of them); appends their codes and
//  versions. Returns how many it found (fewer than count when the bank holds too few).
int exam_store_draw (sf_db_t *db, const char *unit, const char *category, int type, int count,
                     char ***codes, int **versions, int *taken);

//  Serialises the starts of one person's attempts at one blueprint (a transaction lock).
int exam_store_lock_person (sf_db_t *db, const char *blueprint_code, const char *employee_code);

//  The highest attempt number of employee at blueprint (0: none) and whether the attempt with
//  it is open and not past now_ms.
int exam_store_last_attempt (sf_db_t *db, const char *blueprint_code, const char *employee_code, int64_t now_ms,
                             int *number, bool *open);

//  Inserts the attempt described by paper (its questions in order) with the result's unit and
//  plant; sets paper->attempt_id.
int exam_store_attempt_insert (sf_db_t *db, Training__ExamPaper *paper, const char *unit_code, const char *plant_code,
                               const char *started_by);

//  The attempt id with its items (keys and explanations filled) into *result (sf_pb_new'd): 1
//  found, 0 none. lock takes the attempt's row FOR UPDATE. status is as stored (open or
//  submitted); the caller tells an expired one.
int exam_store_result (sf_db_t *db, int64_t id, bool lock, Training__ExamResult **result);

//  The attempt's employee: 1 found, 0 none.
int exam_store_attempt_employee (sf_db_t *db, int64_t id, char *employee, size_t size);

//  The paper of attempt id (no key) into *paper (sf_pb_new'd): 1 found, 0 none.
int exam_store_paper (sf_db_t *db, int64_t id, Training__ExamPaper **paper);

//  Writes the scored result (status submitted, items' given and correct).
int exam_store_result_write (sf_db_t *db, const Training__ExamResult *result);

//  Results (no items) of the people at or below unit (employee "" all, blueprint "" all; own
//  non-empty: only that employee's) newest first, after the keys (started_ms, id) when after is
//  not NULL, at most limit of them, appended to the list.
int exam_store_results (sf_db_t *db, const char *unit, const char *employee, const char *blueprint, const char *own,
                        const int64_t *after, int limit, Training__ExamResultList *list);

//  The question statistics of blueprint: attempts and passes, then questions after (permille,
//  code) when after_code is not NULL, at most limit, appended.
int exam_store_stats (sf_db_t *db, const char *blueprint, int after_permille, const char *after_code, int limit,
                      Training__ExamQuestionStats *stats);

//  --------------------------------------------------------------------------------------
//  Shared by the handlers

//  The employee of the actor's account into employee (33 bytes): 1, 0 when the actor has no
//  account (the service) or the account names none, -1 on a database error.
int exam_actor_employee (sf_call_t *call, char *employee);

//  Adds an event about aggregate to the outbox of the call. 0, or -1 with the call failed.
int exam_emit (sf_call_t *call, const char *type, const char *aggregate_type, const char *aggregate_id,
               int64_t version, const char *plant, const ProtobufCMessage *payload);

//  Draws the paper of blueprint b (training_exam_blueprint.c): each part's questions in turn,
//  appended to codes and versions (taken of them). 0, or -1 with the call failed
//  (failed_precondition when the banks hold too few).
int exam_draw (sf_call_t *call, const Training__ExamBlueprint *b, char ***codes, int **versions, int *taken);

//  The handlers.
void exam_import_questions (sf_call_t *call);
void exam_create_blueprint (sf_call_t *call);
void exam_get_blueprint (sf_call_t *call);
void exam_get_question_stats (sf_call_t *call);
void exam_start_attempt (sf_call_t *call);
void exam_get_paper (sf_call_t *call);
void exam_submit_answers (sf_call_t *call);
void exam_get_result (sf_call_t *call);
void exam_list_results (sf_call_t *call);

//  --------------------------------------------------------------------------------------
//  Texts (training_exam_messages.c); the comment gives each one's arguments.

extern const sf_text_t EXAM_MSG_UNIT_UNKNOWN;          //  (const char *code)
extern const sf_text_t EXAM_MSG_UNIT_INACTIVE;         //  (const char *code)
extern const sf_text_t EXAM_MSG_UNIT_KIND;             //  (const char *code)
extern const sf_text_t EXAM_MSG_CSV_BAD_CODE;          //  (const char *code)
extern const sf_text_t EXAM_MSG_CSV_DUPLICATE;         //  (const char *code, int first_line)
extern const sf_text_t EXAM_MSG_CSV_BAD_CATEGORY;      //  (const char *category)
extern const sf_text_t EXAM_MSG_CSV_BAD_TYPE;          //  (const char *type)
extern const sf_text_t EXAM_MSG_CSV_BAD_ANSWER;        //  (const char *answer)
extern const sf_text_t EXAM_MSG_CSV_TAKEN;             //  (const char *code)
extern const sf_text_t EXAM_MSG_Q_NO_TEXT;             //  ()
extern const sf_text_t EXAM_MSG_Q_TEXT_LONG;           //  ()
extern const sf_text_t EXAM_MSG_Q_OPTION_LONG;         //  (const char *key)
extern const sf_text_t EXAM_MSG_Q_FEW_OPTIONS;         //  ()
extern const sf_text_t EXAM_MSG_Q_OPTION_GAP;          //  (const char *key)
extern const sf_text_t EXAM_MSG_Q_TF_OPTIONS;          //  ()
extern const sf_text_t EXAM_MSG_Q_SINGLE_ANSWER;       //  ()
extern const sf_text_t EXAM_MSG_Q_MULTIPLE_ANSWER;     //  ()
extern const sf_text_t EXAM_MSG_Q_NO_ANSWER;           //  ()
extern const sf_text_t EXAM_MSG_IMPORT_FAILED;         //  (const char *file_name, int errors)
extern const sf_text_t EXAM_MSG_BAD_CODE;              //  (const char *what_zh, const char *what_en, const char *code)
extern const sf_text_t EXAM_MSG_BLUEPRINT_EXISTS;      //  (const char *code)
extern const sf_text_t EXAM_MSG_BLUEPRINT_UNKNOWN;     //  (const char *code)
extern const sf_text_t EXAM_MSG_NO_PARTS;              //  ()
extern const sf_text_t EXAM_MSG_TOO_MANY_PARTS;        //  (int max)
extern const sf_text_t EXAM_MSG_PART_CATEGORY;         //  (int part, const char *category)
extern const sf_text_t EXAM_MSG_PART_TYPE;             //  (int part, int type)
extern const sf_text_t EXAM_MSG_PART_COUNT;            //  (int part, int count)
extern const sf_text_t EXAM_MSG_TOO_MANY_QUESTIONS;    //  (int count, int max)
extern const sf_text_t EXAM_MSG_BAD_LIMIT;             //  (const char *what_zh, const char *what_en, int value, int min, int max)
extern const sf_text_t EXAM_MSG_BANK_SHORT;            //  (const char *category, const char *type_zh, const char *type_en, int found, int count, const char *unit)
extern const sf_text_t EXAM_MSG_TEXT_LONG;             //  (const char *what_zh, const char *what_en, int max)
extern const sf_text_t EXAM_MSG_NO_PERSON;             //  ()
extern const sf_text_t EXAM_MSG_PERSON_UNKNOWN;        //  (const char *code)
extern const sf_text_t EXAM_MSG_PERSON_LEFT;           //  (const char *code)
extern const sf_text_t EXAM_MSG_NOT_YOUR_PERSON;       //  (const char *code)
extern const sf_text_t EXAM_MSG_NOT_FOR_PERSON;        //  (const char *blueprint, const char *unit, const char *person)
extern const sf_text_t EXAM_MSG_LIMIT_REACHED;         //  (const char *person, const char *blueprint, int limit)
extern const sf_text_t EXAM_MSG_STILL_OPEN;            //  (const char *person, const char *blueprint, int number)
extern const sf_text_t EXAM_MSG_ATTEMPT_UNKNOWN;       //  (long long id)
extern const sf_text_t EXAM_MSG_NOT_YOUR_ATTEMPT;      //  (long long id)
extern const sf_text_t EXAM_MSG_ALREADY_SUBMITTED;     //  (long long id)
extern const sf_text_t EXAM_MSG_TIME_UP;               //  (long long id, const char *deadline, const char *now)
extern const sf_text_t EXAM_MSG_NOT_ON_PAPER;          //  (const char *code, long long id)
extern const sf_text_t EXAM_MSG_ANSWERED_TWICE;        //  (const char *code)
extern const sf_text_t EXAM_MSG_BAD_CHOICE;            //  (const char *choice, const char *code)
extern const sf_text_t EXAM_MSG_NO_READ;               //  (long long id)

//  Beijing time of ms, "2026-12-02 14:05 (UTC+8)", into buffer.
void exam_time_text (int64_t ms, char *buffer, size_t size);

#endif
