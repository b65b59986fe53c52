/*  training_exam_testlib: helpers of the exam black-box tests.                            */
#include "training_exam_testlib.h"
#include "sf_envelope.h"
#include "sf_pb.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

const char *
ex_code (ex_stack_t *stack, const char *suffix)
{
    static __thread char code [64];
    snprintf (code, sizeof code, "%s%s", stack->tree, suffix);
    return code;
}

static void
s_create (ex_stack_t *stack, int kind, const char *code, const char *parent, const char *name)
{
    char full [64], parent_full [64];
    snprintf (full, sizeof full, "%s%s", stack->tree, code);
    snprintf (parent_full, sizeof parent_full, "%s%s", stack->tree, parent);
    SF_CHECK (dt_create (stack->service, kind, full, parent_full, name, NULL, NULL) == SF_OK);
}

static void
s_wait_unit (ex_stack_t *stack, const char *code)
{
    if (dt_wait_copy (stack->db, code, 20000))
        return;
    fprintf (stderr, "unit %s never reached the training schema\n", code);
    abort ();
}

void
ex_stack_start (ex_stack_t *stack, const char *name, const char *tree, const char *extra_env)
{
    memset (stack, 0, sizeof *stack);
    stack->prefix = sf_test_unique (name);
    stack->tree = strdup (tree);
    stack->directory_schema = dt_directory_start (&stack->directory, stack->prefix);
    char schema [64], env [512];
    snprintf (schema, sizeof schema, "%s_train", stack->prefix);
    stack->schema = strdup (schema);
    stack->db = sf_test_db (stack->schema);
    snprintf (env, sizeof env, "SF_REDIS_STREAM_PREFIX=%s SF_TEST_SETTABLE_CLOCK=1%s%s", stack->prefix,
              extra_env? " ": "", extra_env? extra_env: "");
    sf_test_daemon_start (&stack->daemon, TRAINING_BINARY, stack->schema, env);
    stack->service = dt_client (&stack->directory);
    dt_build_tree (stack->service, tree);
    char person [16];
    for (int i = 1; i <= 6; i++) {
        snprintf (person, sizeof person, "E%d", i);
        s_create (stack, DIRECTORY__KIND__KIND_EMPLOYEE, person, "S", "张三");
    }
    s_create (stack, DIRECTORY__KIND__KIND_PLANT, "P2", "C", "第二厂区");
    s_create (stack, DIRECTORY__KIND__KIND_DEPARTMENT, "D2", "P2", "生产部");
    s_create (stack, DIRECTORY__KIND__KIND_TEAM, "T2", "D2", "装配班");
    s_create (stack, DIRECTORY__KIND__KIND_POST, "S2", "T2", "装配岗");
    s_create (stack, DIRECTORY__KIND__KIND_EMPLOYEE, "F1", "S2", "李四");
    s_wait_unit (stack, ex_code (stack, "E6"));
    s_wait_unit (stack, ex_code (stack, "F1"));
}

void
ex_stack_stop (ex_stack_t *stack)
{
    sf_rpc_client_destroy (&stack->service);
    sf_test_daemon_stop (&stack->daemon, SIGTERM);
    sf_test_daemon_stop (&stack->directory, SIGTERM);
    sf_db_destroy (&stack->db);
    free (stack->prefix);
    free (stack->tree);
    free (stack->directory_schema);
    free (stack->schema);
}

void
ex_account (ex_stack_t *stack, const char *login, const char *employee, const char *roles, const char *unit)
{
    char employee_code [64], unit_code [64];
    snprintf (employee_code, sizeof employee_code, "%s%s", stack->tree, employee);
    snprintf (unit_code, sizeof unit_code, "%s%s", stack->tree, unit);
    sf_test_employee_account (stack->schema, login, employee_code, roles, unit_code);
}

sf_rpc_client_t *
ex_client (ex_stack_t *stack, const char *login)
{
    sf_rpc_client_t *client = sf_test_daemon_client (&stack->daemon);
    sf_rpc_client_set_actor (client, login, "", "", "");
    return client;
}

sf_status_t
ex_call (sf_rpc_client_t *client, const ProtobufCMessage *request, const char *key,
         const ProtobufCMessageDescriptor *reply_type, void *body, sf_reply_t *reply)
{
    sf_reply_t own;
    sf_reply_t *answer = reply? reply: &own;
    sf_status_t status = sf_rpc_client_call_message (client, request, key, answer);
    if (status != SF_OK) {
        SF_CHECK (answer->reason_zh && *answer->reason_zh && answer->reason_en && *answer->reason_en);
        fprintf (stderr, "  %s refused, %s: %s\n", request->descriptor->name, sf_status_name (status),
                 answer->reason_en);
    }
    if (body && status == SF_OK) {
        SF_CHECK_STR (answer->type, reply_type->name);
        *(void **) body = dt_body (answer, reply_type);
    }
    if (!reply)
        sf_reply_clear (&own);
    return status;
}

//  The right key of a question of ex_bank_csv by its kind letter and number.
static const char *
s_key (char kind, int n)
{
    static const char *const single [] = { "A", "B", "C", "D" };
    if (kind == 'S')
        return single [n % 4];
    if (kind == 'M')
        return n % 2? "AC": "BD";
    return n % 2? "T": "F";
}

char *
ex_bank_csv (const char *stem)
{
    size_t size = 64 * 1024;
    char *csv = malloc (size);
    SF_CHECK (csv);
    size_t at = (size_t) snprintf (csv, size,
        "code,category,type,question,question_en,option_a,option_b,option_c,option_d,option_e,answer,explanation\n");
    static const char *const categories [] = { "must_know", "emergency" };
    static const char *const abbreviations [] = { "MK", "EM" };
    for (int c = 0; c < 2; c++)
        for (int i = 1; i <= 16; i++) {
            char kind = i <= 8? 'S': i <= 12? 'M': 'J';
            int n = i <= 8? i: i <= 12? i - 8: i - 12;
            const char *type = kind == 'S'? "single": kind == 'M'? "multiple": "true_false";
            const char *options = kind == 'J'? ",,,,": "甲,乙,丙,丁,";
            at += (size_t) snprintf (csv + at, size - at, "%s-%s-%c%d,%s,%s,第 %d 题：%s？,Question %d,%s,%s,解析 %d\n",
                                     stem, abbreviations [c], kind, n, categories [c], type, i, categories [c], i,
                                     options, s_key (kind, n), i);
            SF_CHECK (at < size);
        }
    return csv;
}

const char *
ex_key (const char *code)
{
    const char *last = strrchr (code, '-');
    SF_CHECK (last && last [1]);
    return s_key (last [1], atoi (last + 2));
}

const char *
ex_wrong (const char *code)
{
    const char *key = ex_key (code);
    if (strcmp (key, "T") == 0)
        return "F";
    if (strcmp (key, "F") == 0)
        return "T";
    if (strlen (key) == 2)
        return "AB";
    return strcmp (key, "A") == 0? "B": "A";
}

sf_status_t
ex_import (sf_rpc_client_t *client, const char *unit, const char *csv, Training__ExamImportResult **result)
{
    Training__ImportExamQuestions import = TRAINING__IMPORT_EXAM_QUESTIONS__INIT;
    import.file_name = (char *) "bank.csv";
    import.unit_code = (char *) unit;
    import.csv.data = (uint8_t *) csv;
    import.csv.len = strlen (csv);
    sf_reply_t reply;
    sf_status_t status = ex_call (client, &import.base, NULL, NULL, NULL, &reply);
    if (result) {
        *result = NULL;
        if (reply.type && strcmp (reply.type, training__exam_import_result__descriptor.name) == 0 && reply.body_size)
            *result = dt_body (&reply, &training__exam_import_result__descriptor);
    }
    sf_reply_clear (&reply);
    return status;
}

sf_status_t
ex_blueprint (sf_rpc_client_t *client, const char *code, const char *unit, const char *parts,
              int minutes, int pass_percent, int attempts, Training__ExamBlueprint **blueprint)
{
    Training__ExamBlueprint *b = sf_pb_new (&training__exam_blueprint__descriptor);
    sf_pb_set (&b->code, code);
    sf_pb_set (&b->unit_code, unit);
    sf_pb_set (&b->title, "新员工公司级安全教育考试");
    sf_pb_set (&b->title_en, "Company-level onboarding exam");
    sf_pb_set (&b->purpose, "onboarding.company");
    b->time_limit_minutes = minutes;
    b->pass_percent = pass_percent;
    b->attempt_limit = attempts;
    char *spec = strdup (parts);
    char *save = NULL;
    for (char *part = strtok_r (spec, ";", &save); part; part = strtok_r (NULL, ";", &save)) {
        char category [64], type [32];
        int count;
        SF_CHECK (sscanf (part, "%63[^:]:%31[^:]:%d", category, type, &count) == 3);
        Training__ExamBlueprintPart *p = sf_pb_add (&b->parts, &b->n_parts, &training__exam_blueprint_part__descriptor);
        sf_pb_set (&p->category, category);
        p->type = strcmp (type, "single") == 0? TRAINING__QUESTION_TYPE__QUESTION_SINGLE
                : strcmp (type, "multiple") == 0? TRAINING__QUESTION_TYPE__QUESTION_MULTIPLE
                : strcmp (type, "true_false") == 0? TRAINING__QUESTION_TYPE__QUESTION_TRUE_FALSE
                : TRAINING__QUESTION_TYPE__QUESTION_TYPE_UNSPECIFIED;
        p->count = count;
    }
    free (spec);
    Training__CreateExamBlueprint create = TRAINING__CREATE_EXAM_BLUEPRINT__INIT;
    create.blueprint = b;
    sf_status_t status = ex_call (client, &create.base, NULL, &training__exam_blueprint__descriptor, blueprint, NULL);
    sf_pb_destroy (&b);
    return status;
}

sf_status_t
ex_start (sf_rpc_client_t *client, const char *blueprint, const char *employee, const char *key,
          Training__ExamPaper **paper)
{
    Training__StartExamAttempt start = TRAINING__START_EXAM_ATTEMPT__INIT;
    start.blueprint_code = (char *) blueprint;
    start.employee_code = (char *) employee;
    return ex_call (client, &start.base, key, &training__exam_paper__descriptor, paper, NULL);
}

sf_status_t
ex_submit (sf_rpc_client_t *client, const Training__ExamPaper *paper, size_t right, const char *key,
           Training__ExamResult **result)
{
    Training__SubmitExamAnswers submit = TRAINING__SUBMIT_EXAM_ANSWERS__INIT;
    submit.attempt_id = paper->attempt_id;
    Training__ExamAnswer *answers = calloc (paper->n_questions + 1, sizeof *answers);
    Training__ExamAnswer **list = calloc (paper->n_questions + 1, sizeof *list);
    for (size_t i = 0; i < paper->n_questions; i++) {
        training__exam_answer__init (&answers [i]);
        answers [i].question_code = paper->questions [i]->code;
        answers [i].choice = (char *) (i < right? ex_key (paper->questions [i]->code)
                                                : ex_wrong (paper->questions [i]->code));
        list [i] = &answers [i];
    }
    submit.answers = list;
    submit.n_answers = paper->n_questions;
    sf_status_t status = ex_call (client, &submit.base, key, &training__exam_result__descriptor, result, NULL);
    free (list);
    free (answers);
    return status;
}

int64_t
ex_count_events (ex_stack_t *stack, const char *type)
{
    return sf_test_scalar (stack->db, "SELECT count(*) FROM sf_outbox WHERE event_type = $1", type);
}

void *
ex_payload (sf_rows_t *rows, int row, int column, const ProtobufCMessageDescriptor *type)
{
    size_t size;
    uint8_t *envelope = sf_rows_bytes (rows, row, column, &size);
    sf_event_t event;
    SF_CHECK (sf_event_decode (&event, envelope, size) == 0);
    free (envelope);
    SF_CHECK_STR (event.payload_type, type->name);
    ProtobufCMessage *payload = protobuf_c_message_unpack (type, NULL, event.payload_size, event.payload);
    SF_CHECK (payload);
    sf_event_clear (&event);
    return payload;
}
