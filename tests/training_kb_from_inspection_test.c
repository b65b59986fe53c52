/*  From inspection to the knowledge base, through the stream: a 三违 record written in the
    inspection daemon becomes a case article of the training daemon's knowledge base
    (training_kb_inspection.h), once, not retyped; also when the training daemon was down
    while it was recorded.                                                                  */
#include "inspection_testlib.h"

#include <signal.h>
#include <string.h>

#define TRAINING_DAEMON "services/training/sf-training"

//  Waits (15 s at most) until the training schema holds count case articles from inspection.
static void
s_wait_cases (sf_db_t *db, int64_t count)
{
    for (int waited = 0; waited < 15000; waited += 100) {
        if (sf_test_scalar (db, "SELECT count(*) FROM kb_article WHERE source LIKE 'inspection.violation:%'", NULL)
            == count)
            return;
        sf_test_sleep_ms (100);
    }
    fprintf (stderr, "the knowledge base never held %lld cases from inspection\n", (long long) count);
    abort ();
}

static void
s_record (sf_rpc_client_t *leader, it_stack_t *stack, const char *what)
{
    char person [96], unit [96];
    snprintf (person, sizeof person, "%sD1T1E1", stack->prefix);
    snprintf (unit, sizeof unit, "%sD1T1", stack->prefix);
    Inspection__RecordViolation request = INSPECTION__RECORD_VIOLATION__INIT;
    request.type = INSPECTION__VIOLATION_TYPE__VIOLATION_ILLEGAL_OPERATION;
    request.person_code = person;
    request.unit_code = unit;
    request.description = (char *) what;
    request.location = (char *) "二号厂房";
    SF_CHECK (dt_ask (leader, &request.base, NULL) == SF_OK);
}

int
main (void)
{
    it_stack_t stack;
    it_stack_start (&stack, "kbinsp");
    char schema [64], env [256];
    snprintf (schema, sizeof schema, "%s_train", stack.prefix);
    snprintf (env, sizeof env, "SF_REDIS_STREAM_PREFIX=%s", stack.prefix);
    sf_test_daemon_t training;
    sf_test_daemon_start (&training, TRAINING_DAEMON, schema, env);
    sf_db_t *db = sf_test_db_session (schema);

    char unit [96];
    snprintf (unit, sizeof unit, "%sD1T1", stack.prefix);
    sf_rpc_client_t *leader = it_client (&stack, "leader1", "team_leader", unit);
    s_record (leader, &stack, "未系安全带登高作业");
    s_wait_cases (db, 1);
    //  Its text is the record's, the person's name left out.
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM kb_article_version v JOIN kb_article a ON a.id = v.article_id"
                                  " WHERE a.source LIKE 'inspection.violation:%' AND v.body LIKE '%未系安全带登高作业%'",
                              NULL) == 1);

    //  Recorded while the training daemon is down: applied when it is back, once.
    sf_test_daemon_stop (&training, SIGKILL);
    s_record (leader, &stack, "动火作业未办理作业票");
    sf_test_daemon_restart (&training);
    s_wait_cases (db, 2);
    sf_test_sleep_ms (500);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM kb_article WHERE source LIKE 'inspection.violation:%'", NULL)
              == 2);

    sf_rpc_client_destroy (&leader);
    sf_db_destroy (&db);
    sf_test_daemon_stop (&training, SIGTERM);
    it_stack_stop (&stack);
    return 0;
}
