/*  lesson_testlib: helpers of the black-box lesson tests (lesson_testlib.h).               */
#include "lesson_testlib.h"
#include "sf_pb.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *
ls_code (const ls_stack_t *stack, const char *suffix)
{
    static char buffers [8][96];
    static int next;
    char *buffer = buffers [next++ % 8];
    snprintf (buffer, sizeof buffers [0], "%s%s", stack->base.prefix, suffix);
    return buffer;
}

//  The second plant, through the directory.
static void
s_build_second_plant (ls_stack_t *stack)
{
    sf_rpc_client_t *admin = stack->base.org_admin;
    SF_CHECK (dt_create (admin, DIRECTORY__KIND__KIND_PLANT, ls_code (stack, "P2"), ls_code (stack, "C"), "二厂",
                         NULL, NULL) == SF_OK);
    SF_CHECK (dt_create (admin, DIRECTORY__KIND__KIND_DEPARTMENT, ls_code (stack, "P2D1"), ls_code (stack, "P2"),
                         "二厂生产部", NULL, NULL) == SF_OK);
    SF_CHECK (dt_create (admin, DIRECTORY__KIND__KIND_TEAM, ls_code (stack, "P2D1T1"), ls_code (stack, "P2D1"),
                         "二厂一班", NULL, NULL) == SF_OK);
    SF_CHECK (dt_create (admin, DIRECTORY__KIND__KIND_POST, ls_code (stack, "P2D1T1S"), ls_code (stack, "P2D1T1"),
                         "二厂操作岗", NULL, NULL) == SF_OK);
}

static sf_rpc_client_t *
s_client (ls_stack_t *stack, const char *login, const char *roles, const char *unit)
{
    sf_test_account (stack->schema, login, roles, ls_code (stack, unit));
    sf_rpc_client_t *client = sf_test_daemon_client (&stack->lesson);
    sf_rpc_client_set_actor (client, login, "", "", "");
    return client;
}

void
ls_stack_start (ls_stack_t *stack, const char *name)
{
    memset (stack, 0, sizeof *stack);
    it_stack_start (&stack->base, name);
    s_build_second_plant (stack);
    it_wait_unit (stack->base.db, ls_code (stack, "P2D1T1S"));
    snprintf (stack->schema, sizeof stack->schema, "%s_lesson", stack->base.prefix);
    char env [512];
    snprintf (env, sizeof env, "SF_REDIS_STREAM_PREFIX=%s SF_TEST_SETTABLE_CLOCK=1 SF_CONSUMER_CLAIM_IDLE_MS=1000"
              " SF_INSPECTION_ENDPOINT=%s", stack->base.prefix,
              stack->base.inspection.endpoint);
    sf_test_daemon_start (&stack->lesson, LESSON_BINARY, stack->schema, env);
    stack->db = sf_test_db_session (stack->schema);
    it_wait_unit (stack->db, ls_code (stack, "D2T3E2"));
    it_wait_unit (stack->db, ls_code (stack, "P2D1T1S"));
    stack->ehs = s_client (stack, "ehs", "ehs", "C");
    stack->manager = s_client (stack, "manager", "plant_safety_manager", "P");
    stack->manager2 = s_client (stack, "manager2", "plant_safety_manager", "P2");
    stack->officer = s_client (stack, "officer", "safety_officer", "D1T1");
    stack->worker = s_client (stack, "worker", "worker", "D1T1");
}

void
ls_stack_stop (ls_stack_t *stack)
{
    sf_rpc_client_destroy (&stack->ehs);
    sf_rpc_client_destroy (&stack->manager);
    sf_rpc_client_destroy (&stack->manager2);
    sf_rpc_client_destroy (&stack->officer);
    sf_rpc_client_destroy (&stack->worker);
    sf_db_destroy (&stack->db);
    sf_test_daemon_stop (&stack->lesson, SIGTERM);
    it_stack_stop (&stack->base);
}

//  text with every "{p}" replaced by prefix (caller frees).
static char *
s_expand (const char *text, const char *prefix)
{
    size_t size = strlen (text) * (strlen (prefix) + 1) + 1;
    char *out = calloc (1, size), *at = out;
    for (const char *from = text; *from;)
        if (strncmp (from, "{p}", 3) == 0) {
            at += sprintf (at, "%s", prefix);
            from += 3;
        }
        else
            *at++ = *from++;
    return out;
}

void
ls_import_hazards (ls_stack_t *stack, const char *rows)
{
    char *body = s_expand (rows, stack->base.prefix), *csv = NULL;
    SF_CHECK (asprintf (&csv, "unit_code,year,factor,hazard,accident_type,measures,l,e,c\n%s", body) > 0);
    Inspection__ImportHazardCsv command = INSPECTION__IMPORT_HAZARD_CSV__INIT;
    command.file_name = (char *) "hazards.csv";
    command.csv.data = (uint8_t *) csv;
    command.csv.len = strlen (csv);
    sf_reply_t reply = { 0 };
    SF_CHECK (dt_ask (stack->base.admin, &command.base, &reply) == SF_OK);
    Inspection__ImportResult *result = dt_body (&reply, &inspection__import_result__descriptor);
    if (result->n_errors)
        fprintf (stderr, "import refused, line %d: %s\n", result->errors [0]->line, result->errors [0]->en);
    SF_CHECK (result->n_errors == 0);
    sf_pb_destroy (&result);
    sf_reply_clear (&reply);
    free (csv);
    free (body);
    char sql [512];
    snprintf (sql, sizeof sql, "SELECT count(*) FROM %s_insp.hazard_list h WHERE NOT EXISTS (SELECT 1 FROM"
              " unit_hazard_list l WHERE l.unit_code = h.unit_code AND l.year = h.year AND l.version = h.version)",
              stack->base.prefix);
    ls_wait (stack->db, sql, NULL, 0, 15000);
}

//  Appends the items of text separated by sep to a repeated string field.
static void
s_split (char ***array, size_t *count, const char *text, char sep)
{
    char *copy = strdup (text? text: "");
    for (char *item = copy, *next; item && *item; item = next) {
        next = strchr (item, sep);
        if (next)
            *next++ = 0;
        sf_pb_add_string (array, count, item);
    }
    free (copy);
}

int64_t
ls_create_lesson (ls_stack_t *stack, const ls_lesson_t *lesson)
{
    Lesson__LessonInput *in = sf_pb_new (&lesson__lesson_input__descriptor);
    in->source = LESSON__LESSON_SOURCE__SOURCE_NATIONAL;
    sf_pb_set (&in->title_zh, lesson->title_zh);
    sf_pb_set (&in->title_en, lesson->title_en);
    sf_pb_set (&in->summary, "某公司桥式起重机吊装作业时吊物坠落，致1人死亡");
    char day [16];
    time_t then = time (NULL) - 3 * 24 * 3600;
    struct tm tm;
    gmtime_r (&then, &tm);
    strftime (day, sizeof day, "%Y-%m-%d", &tm);
    sf_pb_set (&in->occurred_on, day);
    in->deaths = 1;
    s_split (&in->tags, &in->n_tags, lesson->tags, ',');
    for (const char *at = lesson->factors? lesson->factors: ""; *at; at++)
        if (*at >= '1' && *at <= '5') {
            in->factors = realloc (in->factors, (in->n_factors + 1) * sizeof *in->factors);
            in->factors [in->n_factors++] = (Inspection__Factor) (*at - '0');
        }
    s_split (&in->actions, &in->n_actions, lesson->actions, '|');
    sf_pb_set (&in->deadline_on, lesson->deadline_on);
    sf_pb_set (&in->scope_unit, ls_code (stack, lesson->scope));
    Lesson__CreateLesson request = LESSON__CREATE_LESSON__INIT;
    request.lesson = in;
    sf_reply_t reply = { 0 };
    SF_CHECK (dt_ask (stack->ehs, &request.base, &reply) == SF_OK);
    Lesson__Lesson *created = dt_body (&reply, &lesson__lesson__descriptor);
    int64_t id = created->id;
    SF_CHECK (created->status == LESSON__LESSON_STATUS__LESSON_DRAFT);
    sf_pb_destroy (&created);
    sf_pb_destroy (&in);
    sf_reply_clear (&reply);
    return id;
}

static sf_status_t
s_send (sf_rpc_client_t *client, const ProtobufCMessage *request, const ProtobufCMessageDescriptor *type,
        void **result, sf_reply_t *reply)
{
    sf_reply_t own = { 0 };
    sf_reply_t *answer = reply? reply: &own;
    sf_status_t status = dt_ask (client, request, answer);
    if (result)
        *result = status == SF_OK? dt_body (answer, type): NULL;
    if (!reply)
        sf_reply_clear (&own);
    return status;
}

static size_t
s_count (const char *const *units)
{
    size_t count = 0;
    while (units && units [count])
        count++;
    return count;
}

sf_status_t
ls_preview (sf_rpc_client_t *client, int64_t lesson_id, const char *const *units, bool match,
            Lesson__Targets **result, sf_reply_t *reply)
{
    Lesson__PreviewTargets request = LESSON__PREVIEW_TARGETS__INIT;
    request.lesson_id = lesson_id;
    request.units = (char **) units;
    request.n_units = s_count (units);
    request.match = match;
    return s_send (client, &request.base, &lesson__targets__descriptor, (void **) result, reply);
}

sf_status_t
ls_publish (sf_rpc_client_t *client, int64_t lesson_id, const char *const *units, bool match,
            Lesson__Publication **result, sf_reply_t *reply)
{
    Lesson__PublishLesson request = LESSON__PUBLISH_LESSON__INIT;
    request.lesson_id = lesson_id;
    request.units = (char **) units;
    request.n_units = s_count (units);
    request.match = match;
    return s_send (client, &request.base, &lesson__publication__descriptor, (void **) result, reply);
}

const Lesson__Target *
ls_target (Lesson__Target *const *targets, size_t count, const char *unit)
{
    for (size_t i = 0; i < count; i++)
        if (strcmp (targets [i]->unit_code, unit) == 0)
            return targets [i];
    return NULL;
}

void
ls_wait (sf_db_t *db, const char *sql, const char *param, int64_t count, int timeout_ms)
{
    int64_t last = -1;
    for (int waited = 0; waited <= timeout_ms; waited += 100) {
        last = sf_test_scalar (db, sql, param);
        if (last == count)
            return;
        sf_test_sleep_ms (100);
    }
    fprintf (stderr, "never %lld (last %lld): %s\n", (long long) count, (long long) last, sql);
    abort ();
}
