/*  Targeting and publishing (README_publish.md), through the daemons' contracts: hazard lists
    imported into inspection reach the lesson daemon's copy; a lifting lesson previews exactly
    the units whose lists hold lifting hazards, with the reason for each (a post's item
    reaching its team), narrowed by the lesson's factors, plus the units named; bad units,
    units outside the scope and accounts of another plant are refused with nothing changed;
    publishing makes one assignment per target, the events, and in inspection one special
    plan with one task per assignment holding the lesson's checklist; publishing twice is
    refused.                                                                               */
#include "lesson_testlib.h"
#include "sf_pb.h"

#include <string.h>

static ls_stack_t s;

//  The hazard lists: lifting in team D1T1 (by accident type, machine), in post D1T2S (by
//  accident type, man) and in department D2's team D2T1 (by keyword "天车", environment);
//  team D1T3 only a lathe; plant P2's team lifting too (outside a lesson of P).
static const char *s_lists =
    "{p}D1T1,2026,机,车床卡盘无防护罩,机械伤害,加装防护罩并联锁,3,6,15\n"
    "{p}D1T1,2026,机,桥式起重机吊装作业,起重伤害,持证操作、吊装作业票,3,6,15\n"
    "{p}D1T2S,2026,人,司索工挂钩不规范,起重伤害,司索指挥持证并培训,3,6,7\n"
    "{p}D1T3,2026,机,钻床主轴无防护,机械伤害,加装防护罩,3,6,7\n"
    "{p}D2T1,2026,环,天车下方人员通行,其它伤害,设置警戒区,3,6,7\n"
    "{p}P2D1T1,2026,机,门式起重机吊运钢卷,起重伤害,吊装作业票,3,6,15\n";

static int64_t
s_count (const char *sql, const char *param)
{
    return sf_test_scalar (s.db, sql, param);
}

//  Nothing of lesson id was written by a refused command.
static void
s_unchanged (int64_t id)
{
    char key [24];
    snprintf (key, sizeof key, "%lld", (long long) id);
    SF_CHECK (s_count ("SELECT count(*) FROM lesson_target WHERE lesson_id = $1::bigint", key) == 0);
    SF_CHECK (s_count ("SELECT count(*) FROM assignment WHERE lesson_id = $1::bigint", key) == 0);
    SF_CHECK (s_count ("SELECT count(*) FROM lesson WHERE id = $1::bigint AND status = 1 AND version = 1", key) == 1);
}

//  A preview refused with status, its English reason holding text.
static void
s_refused (sf_rpc_client_t *client, int64_t id, const char *const *units, bool match, sf_status_t status,
           const char *text)
{
    sf_reply_t reply = { 0 };
    SF_CHECK (ls_preview (client, id, units, match, NULL, &reply) == status);
    if (text && !strstr (reply.reason_en, text)) {
        fprintf (stderr, "'%s' not in '%s'\n", text, reply.reason_en);
        abort ();
    }
    SF_CHECK (reply.reason_zh && *reply.reason_zh);
    sf_reply_clear (&reply);
    SF_CHECK (ls_publish (client, id, units, match, NULL, NULL) == status);
    s_unchanged (id);
}

static void
s_check_matching (int64_t lifting)
{
    Lesson__Targets *targets = NULL;
    SF_CHECK (ls_preview (s.manager, lifting, NULL, true, &targets, NULL) == SF_OK);
    SF_CHECK (targets->n_targets == 3);
    SF_CHECK_STR (targets->targets [0]->unit_code, ls_code (&s, "D1T1"));
    SF_CHECK_STR (targets->targets [1]->unit_code, ls_code (&s, "D1T2"));
    SF_CHECK_STR (targets->targets [2]->unit_code, ls_code (&s, "D2T1"));

    const Lesson__Target *team = targets->targets [0];
    SF_CHECK (team->reason_count == 1 && team->n_reasons == 1);
    const Lesson__MatchReason *reason = team->reasons [0];
    SF_CHECK (!reason->explicit_);
    SF_CHECK_STR (reason->hazard_unit, ls_code (&s, "D1T1"));
    SF_CHECK_STR (reason->hazard, "桥式起重机吊装作业");
    SF_CHECK_STR (reason->accident_type, "lifting_injury");
    SF_CHECK_STR (reason->matched_by, "accident_type");
    SF_CHECK_STR (reason->tag, "lifting");
    SF_CHECK (reason->factor == INSPECTION__FACTOR__FACTOR_MACHINE);
    //  The accident type by its names when inspection's event carries them, else by its code.
    SF_CHECK (strncmp (reason->reason_zh, "班组“1部1班”的危险源辨识清单第2项“桥式起重机吊装作业”（",
                       strlen ("班组“1部1班”的危险源辨识清单第2项“桥式起重机吊装作业”（")) == 0);
    SF_CHECK (strstr (reason->reason_zh, "）符合标签“起重吊装”"));
    SF_CHECK (strstr (reason->reason_en, "item 2 of team") && strstr (reason->reason_en, "\"桥式起重机吊装作业\" (")
              && strstr (reason->reason_en, "), matches tag lifting"));

    //  The post's item reaches its team; the reason names the post.
    const Lesson__Target *rolled = targets->targets [1];
    SF_CHECK (rolled->reason_count == 1);
    SF_CHECK_STR (rolled->reasons [0]->hazard_unit, ls_code (&s, "D1T2S"));
    SF_CHECK (strncmp (rolled->reasons [0]->reason_zh, "岗位“操作岗”的危险源辨识清单第1项", strlen ("岗位“操作岗”的危险源辨识清单第1项")) == 0);
    SF_CHECK (!ls_target (targets->targets, targets->n_targets, ls_code (&s, "D1T2S")));

    //  By keyword.
    const Lesson__Target *keyword = targets->targets [2];
    SF_CHECK_STR (keyword->reasons [0]->matched_by, "keyword:天车");
    SF_CHECK (strstr (keyword->reasons [0]->reason_zh, "（关键词“天车”）"));
    SF_CHECK (strstr (keyword->reasons [0]->reason_en, "(keyword \"天车\")"));
    sf_pb_destroy (&targets);

    //  Named units beside the matched: an explicit reason, counted with the others.
    const char *named [] = { ls_code (&s, "D1T3"), ls_code (&s, "D1T1"), NULL };
    SF_CHECK (ls_preview (s.manager, lifting, named, true, &targets, NULL) == SF_OK);
    SF_CHECK (targets->n_targets == 4);
    const Lesson__Target *extra = ls_target (targets->targets, targets->n_targets, ls_code (&s, "D1T3"));
    SF_CHECK (extra && extra->n_reasons == 1 && extra->reasons [0]->explicit_ && extra->reason_count == 1);
    SF_CHECK_STR (extra->reasons [0]->reason_en, "named by the publisher");
    const Lesson__Target *both = ls_target (targets->targets, targets->n_targets, ls_code (&s, "D1T1"));
    SF_CHECK (both->reason_count == 2 && both->reasons [0]->explicit_ && !both->reasons [1]->explicit_);
    sf_pb_destroy (&targets);

    //  Named only, no matching.
    SF_CHECK (ls_preview (s.manager, lifting, named, false, &targets, NULL) == SF_OK);
    SF_CHECK (targets->n_targets == 2);
    sf_pb_destroy (&targets);
}

int
main (void)
{
    ls_stack_start (&s, "lspub");
    ls_import_hazards (&s, s_lists);
    SF_CHECK (s_count ("SELECT count(*) FROM unit_hazard", NULL) == 6);
    SF_CHECK (s_count ("SELECT count(*) FROM unit_hazard WHERE accident_type = 'lifting_injury'", NULL) == 3);

    ls_lesson_t input = { .title_zh = "某公司桥式起重机吊物坠落事故", .title_en = "Falling load from an overhead crane",
                          .tags = "lifting", .factors = "", .actions = "检查吊索具磨损|核查司索指挥持证",
                          .scope = "P" };
    int64_t lifting = ls_create_lesson (&s, &input);
    s_check_matching (lifting);

    //  Narrowed to the lesson's factors: machine only.
    input.factors = "2";
    int64_t machine = ls_create_lesson (&s, &input);
    Lesson__Targets *targets = NULL;
    SF_CHECK (ls_preview (s.ehs, machine, NULL, true, &targets, NULL) == SF_OK);
    SF_CHECK (targets->n_targets == 1);
    SF_CHECK_STR (targets->targets [0]->unit_code, ls_code (&s, "D1T1"));
    sf_pb_destroy (&targets);

    //  Bad units, nothing changed.
    const char *unknown [] = { ls_code (&s, "D1T1"), ls_code (&s, "NOPE"), NULL };
    s_refused (s.manager, lifting, unknown, true, SF_NOT_FOUND, "unknown unit");
    const char *outside [] = { ls_code (&s, "P2D1T1"), NULL };
    s_refused (s.manager, lifting, outside, true, SF_INVALID_ARGUMENT, "outside the lesson's scope");
    const char *employee [] = { ls_code (&s, "D1T1E1"), NULL };
    s_refused (s.manager, lifting, employee, false, SF_INVALID_ARGUMENT, "not a department, team or post");
    //  Nothing matches a confined-space lesson, and nothing was named.
    input.tags = "confined_space";
    input.factors = "";
    int64_t confined = ls_create_lesson (&s, &input);
    s_refused (s.manager, confined, NULL, true, SF_FAILED_PRECONDITION, "no unit is targeted");
    //  Another plant's manager, a worker: refused before anything is looked at.
    s_refused (s.manager2, lifting, NULL, true, SF_PERMISSION_DENIED, NULL);
    s_refused (s.worker, lifting, NULL, true, SF_PERMISSION_DENIED, NULL);
    SF_CHECK (ls_preview (s.manager, 999999, NULL, true, NULL, NULL) == SF_NOT_FOUND);

    //  Publish: one assignment per target, the events, the special checks in inspection.
    Lesson__Publication *publication = NULL;
    SF_CHECK (ls_publish (s.manager, lifting, NULL, true, &publication, NULL) == SF_OK);
    SF_CHECK (publication->lesson->status == LESSON__LESSON_STATUS__LESSON_PUBLISHED);
    SF_CHECK (publication->lesson->version == 2);
    SF_CHECK_STR (publication->lesson->published_by, "manager");
    SF_CHECK (publication->n_targets == 3 && publication->n_assignments == 3);
    char number [32];
    snprintf (number, sizeof number, "%s", publication->lesson->number);
    for (size_t i = 0; i < 3; i++) {
        const Lesson__Assignment *assignment = publication->assignments [i];
        char plan [32];
        snprintf (plan, sizeof plan, "LS%lld", (long long) assignment->id);
        SF_CHECK_STR (assignment->plan_code, plan);
        SF_CHECK_STR (assignment->unit_code, publication->targets [i]->unit_code);
        SF_CHECK (assignment->status == LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_ASSIGNED);
        SF_CHECK (assignment->deadline_ms == publication->lesson->deadline_ms);
        SF_CHECK (assignment->check_request == LESSON__CHECK_REQUEST__CHECK_PENDING);
    }
    sf_pb_destroy (&publication);
    SF_CHECK (s_count ("SELECT count(*) FROM lesson_target WHERE reason_count = 1 AND length (reasons) > 0", NULL) == 3);
    SF_CHECK (s_count ("SELECT count(*) FROM assignment WHERE next_escalation_ms = deadline_ms", NULL) == 3);
    SF_CHECK (s_count ("SELECT count(*) FROM assignment WHERE unit_kind = 4", NULL) == 3);
    SF_CHECK (s_count ("SELECT count(*) FROM sf_outbox WHERE event_type = 'lesson.lesson_published'", NULL) == 1);
    SF_CHECK (s_count ("SELECT count(*) FROM sf_outbox WHERE event_type = 'lesson.assignment_created'", NULL) == 3);

    //  Publishing twice.
    sf_reply_t reply = { 0 };
    SF_CHECK (ls_publish (s.manager, lifting, NULL, true, NULL, &reply) == SF_FAILED_PRECONDITION);
    char expected [96];
    snprintf (expected, sizeof expected, "lesson %s is already published", number);
    SF_CHECK_STR (reply.reason_en, expected);
    sf_reply_clear (&reply);
    SF_CHECK (ls_preview (s.manager, lifting, NULL, true, NULL, NULL) == SF_FAILED_PRECONDITION);
    SF_CHECK (s_count ("SELECT count(*) FROM assignment", NULL) == 3);

    //  Inspection holds one special plan and one task per assignment, with the checklist.
    ls_wait (s.db, "SELECT count(*) FROM assignment WHERE check_sent_ms IS NOT NULL AND check_error = ''", NULL, 3,
             20000);
    char sql [512];
    snprintf (sql, sizeof sql, "SELECT count(*) FROM %s_insp.plan p JOIN assignment a ON a.plan_code = p.code"
              " WHERE p.level = 4 AND p.scope_unit = a.unit_code AND p.title_zh = '举一反三专项检查：某公司桥式起重机吊物坠落事故'",
              s.base.prefix);
    SF_CHECK (s_count (sql, NULL) == 3);
    snprintf (sql, sizeof sql, "SELECT count(*) FROM %s_insp.task t JOIN %s_insp.plan p ON p.id = t.plan_id"
              " JOIN assignment a ON a.plan_code = p.code AND a.unit_code = t.target_unit", s.base.prefix, s.base.prefix);
    SF_CHECK (s_count (sql, NULL) == 3);
    snprintf (sql, sizeof sql, "SELECT min (t.id) FROM %s_insp.task t JOIN %s_insp.plan p ON p.id = t.plan_id"
              " WHERE p.code LIKE 'LS%%' AND t.target_unit = $1", s.base.prefix, s.base.prefix);
    Inspection__GetChecklist get = INSPECTION__GET_CHECKLIST__INIT;
    get.task_id = s_count (sql, ls_code (&s, "D1T1"));
    get.page_size = 100;
    SF_CHECK (dt_ask (s.base.admin, &get.base, &reply) == SF_OK);
    Inspection__Checklist *checklist = dt_body (&reply, &inspection__checklist__descriptor);
    sf_reply_clear (&reply);
    //  The team's two hazard items, then the lesson's two actions and the lifting tag's check.
    size_t free_items = 0;
    for (size_t i = 0; i < checklist->n_items; i++)
        if (checklist->items [i]->key [0] == 'F') {
            const char *expected_zh [] = { "检查吊索具磨损", "核查司索指挥持证",
                                           "起重机械定期检验合格并在有效期内；吊索具、限位和制动完好；司机和司索指挥持证；吊装作业票审批和警戒落实" };
            SF_CHECK (free_items < 3);
            SF_CHECK_STR (checklist->items [i]->text_zh, expected_zh [free_items]);
            free_items++;
        }
    SF_CHECK (free_items == 3);
    sf_pb_destroy (&checklist);

    ls_stack_stop (&s);
    printf ("lesson_publish_test: ok\n");
    return 0;
}
