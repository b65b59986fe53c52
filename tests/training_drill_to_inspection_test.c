/*  From a drill's evaluation to inspection's findings, through inspection's contract
    (README_drill.md): the findings a drill raises are written with the evaluation and sent by
    the training daemon's job (inspection.ReportFinding, as the service, keyed by the drill
    finding's id) until inspection acknowledges; each arrives once — also when inspection was
    down when the drill was evaluated, and when an acknowledgement was lost and the finding
    was sent again.                                                                        */
#include "inspection_testlib.h"
#include "training_drill.pb-c.h"
#include "sf_clock.h"
#include "sf_pb.h"

#include <signal.h>
#include <string.h>

#define TRAINING_DAEMON "services/training/sf-training"

static it_stack_t s_stack;
static sf_db_t *s_training_db;

static const char *
s_code (const char *suffix, char *buffer, size_t size)
{
    snprintf (buffer, size, "%s%s", s_stack.prefix, suffix);
    return buffer;
}

//  Waits (20 s at most) until sql counts count on db.
static void
s_wait (sf_db_t *db, const char *sql, int64_t count)
{
    for (int waited = 0; waited < 20000; waited += 100) {
        if (sf_test_scalar (db, sql, NULL) == count)
            return;
        sf_test_sleep_ms (100);
    }
    fprintf (stderr, "never %lld: %s (is %lld)\n", (long long) count, sql, (long long) sf_test_scalar (db, sql, NULL));
    abort ();
}

//  Plans, holds and evaluates a drill of unit D1 raising findings (descriptions, each on
//  team D1T1). Returns its id.
static int64_t
s_drill (sf_rpc_client_t *officer, const char *const *descriptions, size_t count)
{
    char unit [96], organiser [96], team [96];
    Training__DrillPlan plan = TRAINING__DRILL_PLAN__INIT;
    plan.unit_code = (char *) s_code ("D1", unit, sizeof unit);
    plan.kind_code = (char *) "confined_space";
    plan.scenario = (char *) "污水池清淤作业人员晕倒，现场救援";
    plan.planned_ms = sf_clock_now_ms ();
    plan.organiser = (char *) s_code ("D1T1E1", organiser, sizeof organiser);
    sf_reply_t reply = { 0 };
    SF_CHECK (dt_ask (officer, &plan.base, &reply) == SF_OK);
    Training__Drill *drill = dt_body (&reply, &training__drill__descriptor);
    sf_reply_clear (&reply);
    int64_t id = drill->id;
    sf_pb_destroy (&drill);

    Training__DrillHold hold = TRAINING__DRILL_HOLD__INIT;
    hold.drill_id = id;
    hold.held_ms = sf_clock_now_ms () - 60000;
    hold.duration_minutes = 45;
    SF_CHECK (dt_ask (officer, &hold.base, NULL) == SF_OK);

    Training__DrillFindingInput inputs [4];
    Training__DrillFindingInput *findings [4];
    for (size_t i = 0; i < count; i++) {
        training__drill_finding_input__init (&inputs [i]);
        inputs [i].description = (char *) descriptions [i];
        inputs [i].severity = TRAINING__DRILL_FINDING_SEVERITY__DRILL_FINDING_GENERAL;
        inputs [i].responsible_unit = (char *) s_code ("D1T1", team, sizeof team);
        findings [i] = &inputs [i];
    }
    Training__DrillEvaluate evaluate = TRAINING__DRILL_EVALUATE__INIT;
    evaluate.drill_id = id;
    evaluate.grade = TRAINING__DRILL_GRADE__DRILL_GRADE_PASS;
    evaluate.findings = findings;
    evaluate.n_findings = count;
    SF_CHECK (dt_ask (officer, &evaluate.base, NULL) == SF_OK);
    return id;
}

int
main (void)
{
    it_stack_start (&s_stack, "drillinsp");
    char schema [64], env [512];
    snprintf (schema, sizeof schema, "%s_train", s_stack.prefix);
    snprintf (env, sizeof env, "SF_REDIS_STREAM_PREFIX=%s SF_INSPECTION_ENDPOINT=%s", s_stack.prefix,
              s_stack.inspection.endpoint);
    sf_test_daemon_t training;
    sf_test_daemon_start (&training, TRAINING_DAEMON, schema, env);
    s_training_db = sf_test_db_session (schema);
    char code [96];
    it_wait_unit (s_training_db, s_code ("D1T1E1", code, sizeof code));
    it_wait_unit (s_training_db, s_code ("D1T1", code, sizeof code));

    sf_test_account (schema, "officer", "safety_officer", s_code ("P", code, sizeof code));
    sf_rpc_client_t *officer = sf_test_daemon_client (&training);
    sf_rpc_client_set_actor (officer, "officer", "", "", "");

    //  Inspection up: the two findings arrive, each once, with inspection's numbers.
    const char *first [] = { "正压式空气呼吸器气瓶压力不足", "救援三脚架未按期检验" };
    s_drill (officer, first, 2);
    s_wait (s_training_db, "SELECT count(*) FROM drill_finding WHERE sent_ms IS NOT NULL"
                           " AND inspection_number LIKE '%-F%'", 2);
    const char *in_inspection = "SELECT count(*) FROM finding WHERE description LIKE '应急演练发现%'";
    SF_CHECK (sf_test_scalar (s_stack.db, in_inspection, NULL) == 2);
    SF_CHECK (sf_test_scalar (s_stack.db, "SELECT count(*) FROM finding f WHERE description LIKE '%呼吸器%'"
                                          " AND source = 2 AND reporter = 'sf-training' AND factor = 4"
                                          " AND responsible_unit LIKE '%D1T1'", NULL) == 1);
    //  The numbers the training schema keeps are inspection's.
    SF_CHECK (sf_test_scalar (s_training_db, "SELECT count(*) FROM drill_finding", NULL) == 2);

    //  Inspection down while a drill is evaluated: the finding waits, tried again, and
    //  arrives once inspection is back.
    sf_test_daemon_stop (&s_stack.inspection, SIGKILL);
    const char *second [] = { "有限空间气体检测仪未校准" };
    s_drill (officer, second, 1);
    s_wait (s_training_db, "SELECT count(*) FROM drill_finding WHERE sent_ms IS NULL AND attempts >= 1"
                           " AND last_error <> ''", 1);
    sf_test_daemon_restart (&s_stack.inspection);
    s_wait (s_training_db, "SELECT count(*) FROM drill_finding WHERE sent_ms IS NULL", 0);
    s_wait (s_stack.db, in_inspection, 3);

    //  An acknowledgement lost (as if the training daemon died after inspection stored the
    //  finding, before its own commit): sent again with the same key, the same finding answers.
    sf_db_t *db = s_training_db;
    char number [64];
    sf_rows_t *rows = sf_db_query (db, "SELECT inspection_number FROM drill_finding ORDER BY id LIMIT 1", 0, NULL);
    SF_CHECK (rows && sf_rows_count (rows) == 1);
    snprintf (number, sizeof number, "%s", sf_rows_text (rows, 0, 0));
    sf_rows_destroy (&rows);
    SF_CHECK (sf_db_exec (db, "UPDATE drill_finding SET sent_ms = NULL, inspection_number = NULL"
                              " WHERE id = (SELECT min (id) FROM drill_finding)", 0, NULL) == 1);
    s_wait (db, "SELECT count(*) FROM drill_finding WHERE sent_ms IS NULL", 0);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM drill_finding WHERE inspection_number = $1", number) == 1);
    sf_test_sleep_ms (500);
    SF_CHECK (sf_test_scalar (s_stack.db, in_inspection, NULL) == 3);
    SF_CHECK (sf_test_scalar (s_stack.db, "SELECT count(DISTINCT number) FROM finding"
                                          " WHERE description LIKE '应急演练发现%'", NULL) == 3);

    sf_rpc_client_destroy (&officer);
    sf_db_destroy (&s_training_db);
    sf_test_daemon_stop (&training, SIGTERM);
    it_stack_stop (&s_stack);
    return 0;
}
