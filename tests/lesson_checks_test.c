/*  The special checks reach inspection once each, whatever happens on the way
    (README_publish.md, "The check job"): inspection is down while a lesson is published, so
    the assignments wait with their checks pending, tried again with backoff and the reason
    kept; once inspection is back every check becomes one plan with one task. The lesson
    daemon killed (-9) after some were sent, and an acknowledgement lost (a check inspection
    holds marked unsent again, as if the daemon died before its own commit), still leave one
    plan per assignment: the resent call carries the same idempotency key.                 */
#include "lesson_testlib.h"
#include "sf_pb.h"

#include <signal.h>
#include <string.h>

static ls_stack_t s;

int
main (void)
{
    ls_stack_start (&s, "lschecks");
    ls_import_hazards (&s,
        "{p}D1T1,2026,机,桥式起重机吊装作业,起重伤害,持证操作、吊装作业票,3,6,15\n"
        "{p}D1T2,2026,机,电动葫芦吊运模具,起重伤害,吊具检查,3,6,7\n"
        "{p}D2T1,2026,环,天车下方人员通行,其它伤害,设置警戒区,3,6,7\n"
        "{p}D2T2,2026,机,行车吊钩防脱装置缺失,起重伤害,加装防脱钩,3,6,7\n");
    ls_lesson_t input = { .title_zh = "吊物坠落事故", .tags = "lifting", .factors = "",
                          .actions = "检查吊索具磨损", .scope = "P" };
    int64_t lesson = ls_create_lesson (&s, &input);

    //  Inspection down while publishing: the publication is acknowledged, its checks pending.
    sf_test_daemon_stop (&s.base.inspection, SIGKILL);
    Lesson__Publication *publication = NULL;
    sf_reply_t reply = { 0 };
    if (ls_publish (s.ehs, lesson, NULL, true, &publication, &reply) != SF_OK) {
        fprintf (stderr, "publish: %s\n", reply.reason_en);
        sf_test_sh ("tail -n 40 '%s' >&2", s.lesson.log_path);
        abort ();
    }
    sf_reply_clear (&reply);
    SF_CHECK (publication->n_assignments == 4);
    for (size_t i = 0; i < publication->n_assignments; i++)
        SF_CHECK (publication->assignments [i]->check_request == LESSON__CHECK_REQUEST__CHECK_PENDING);
    sf_pb_destroy (&publication);
    //  Tried, backing off, the reason kept.
    ls_wait (s.db, "SELECT count(*) FROM assignment WHERE id = (SELECT min (id) FROM assignment)"
                   " AND check_sent_ms IS NULL AND check_attempts >= 2 AND check_error LIKE 'unavailable%'"
                   " AND check_next_try_ms > 0", NULL, 1, 30000);
    SF_CHECK (sf_test_scalar (s.db, "SELECT count(*) FROM assignment WHERE check_sent_ms IS NULL", NULL) == 4);

    //  Inspection back: each check arrives; the lesson daemon killed after the first ones.
    sf_test_daemon_restart (&s.base.inspection);
    ls_wait (s.db, "SELECT least (count(*), 1) FROM assignment WHERE check_sent_ms IS NOT NULL", NULL, 1, 40000);
    sf_test_daemon_stop (&s.lesson, SIGKILL);
    //  An acknowledgement lost: inspection holds the plan, the row says unsent.
    SF_CHECK (sf_db_exec (s.db, "UPDATE assignment SET check_sent_ms = NULL, check_next_try_ms = 0"
                                " WHERE id = (SELECT min (id) FROM assignment WHERE check_sent_ms IS NOT NULL)",
                          0, NULL) == 1);
    sf_test_daemon_restart (&s.lesson);
    ls_wait (s.db, "SELECT count(*) FROM assignment WHERE check_sent_ms IS NOT NULL AND check_error = ''", NULL, 4,
             60000);

    char sql [512];
    snprintf (sql, sizeof sql, "SELECT count(*) FROM %s_insp.plan p JOIN assignment a ON a.plan_code = p.code"
              " WHERE p.level = 4 AND p.scope_unit = a.unit_code", s.base.prefix);
    SF_CHECK (sf_test_scalar (s.db, sql, NULL) == 4);
    snprintf (sql, sizeof sql, "SELECT count(*) FROM %s_insp.plan WHERE code LIKE 'LS%%'", s.base.prefix);
    SF_CHECK (sf_test_scalar (s.db, sql, NULL) == 4);
    snprintf (sql, sizeof sql, "SELECT count(*) FROM %s_insp.task t JOIN %s_insp.plan p ON p.id = t.plan_id"
              " WHERE p.code LIKE 'LS%%'", s.base.prefix, s.base.prefix);
    SF_CHECK (sf_test_scalar (s.db, sql, NULL) == 4);
    snprintf (sql, sizeof sql, "SELECT count(*) FROM %s_insp.plan WHERE code LIKE 'LS%%'"
              " AND title_en = 'Lesson self-check: ' || (SELECT number FROM lesson LIMIT 1)", s.base.prefix);
    SF_CHECK (sf_test_scalar (s.db, sql, NULL) == 4);

    ls_stack_stop (&s);
    printf ("lesson_checks_test: ok\n");
    return 0;
}
