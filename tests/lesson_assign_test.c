/*  An assignment from publishing to its close (README_assign.md), through the daemons'
    contracts: a lesson published to two teams; one team acknowledges (twice is refused,
    another unit's person is refused), its report before the self-check is refused with
    nothing changed; it records the special check in inspection with two findings, reports,
    and waits while rectification's forms of the findings are open; one form verified and
    closed, the other cancelled, and the assignment closes. The other team's check is recorded
    without acknowledging and its report, with no finding, closes it at once, and the lesson
    with it. GetProgress counts each stage; ListAssignments lists a lesson's assignments and a
    unit's lesson history page by page, newest first.                                       */
#include "lesson_testlib.h"
#include "rectification_testlib.h"
#include "sf_pb.h"

#include <string.h>

static ls_stack_t s;
static sf_db_t *s_rect_db;

static int64_t
s_count (const char *sql, const char *param)
{
    return sf_test_scalar (s.db, sql, param);
}

//  Sends request to the lesson daemon as client; *assignment (may be NULL) gets an OK reply.
//  A refusal must explain itself in both languages, its English reason holding text when given.
static sf_status_t
s_ask (sf_rpc_client_t *client, const ProtobufCMessage *request, const ProtobufCMessageDescriptor *type,
       void **body, const char *text)
{
    sf_reply_t reply = { 0 };
    sf_status_t status = dt_ask (client, request, &reply);
    if (status == SF_OK && body)
        *body = dt_body (&reply, type);
    if (status != SF_OK) {
        SF_CHECK (reply.reason_zh && *reply.reason_zh && reply.reason_en && *reply.reason_en);
        if (text && !strstr (reply.reason_en, text)) {
            fprintf (stderr, "'%s' not in '%s'\n", text, reply.reason_en);
            abort ();
        }
    }
    sf_reply_clear (&reply);
    return status;
}

static sf_status_t
s_acknowledge (sf_rpc_client_t *client, int64_t id, Lesson__Assignment **assignment, const char *text)
{
    Lesson__AcknowledgeAssignment request = LESSON__ACKNOWLEDGE_ASSIGNMENT__INIT;
    request.assignment_id = id;
    return s_ask (client, &request.base, &lesson__assignment__descriptor, (void **) assignment, text);
}

static sf_status_t
s_report (sf_rpc_client_t *client, int64_t id, const char *report, Lesson__Assignment **assignment, const char *text)
{
    Lesson__ReportAssignment request = LESSON__REPORT_ASSIGNMENT__INIT;
    request.assignment_id = id;
    request.report = (char *) report;
    return s_ask (client, &request.base, &lesson__assignment__descriptor, (void **) assignment, text);
}

static Lesson__Assignment *
s_get (sf_rpc_client_t *client, int64_t id)
{
    Lesson__GetAssignment request = LESSON__GET_ASSIGNMENT__INIT;
    request.assignment_id = id;
    Lesson__Assignment *assignment = NULL;
    SF_CHECK (s_ask (client, &request.base, &lesson__assignment__descriptor, (void **) &assignment, NULL) == SF_OK);
    return assignment;
}

static Lesson__Progress *
s_progress (sf_rpc_client_t *client, int64_t lesson, sf_status_t expected)
{
    Lesson__GetProgress request = LESSON__GET_PROGRESS__INIT;
    request.lesson_id = lesson;
    Lesson__Progress *progress = NULL;
    SF_CHECK (s_ask (client, &request.base, &lesson__progress__descriptor, (void **) &progress, NULL) == expected);
    return progress;
}

static void
s_check_progress (int64_t lesson, int acknowledged, int self_checked, int reported, int closed, int findings,
                  int open)
{
    Lesson__Progress *progress = s_progress (s.manager, lesson, SF_OK);
    SF_CHECK (progress->lesson_id == lesson && progress->targets == 2);
    SF_CHECK (progress->acknowledged == acknowledged && progress->self_checked == self_checked);
    SF_CHECK (progress->reported == reported && progress->closed == closed);
    SF_CHECK (progress->late == 0 && progress->not_done == 0 && progress->checks_pending == 0);
    SF_CHECK (progress->findings == findings && progress->findings_open == open);
    SF_CHECK (progress->status == (closed == 2? LESSON__LESSON_STATUS__LESSON_CLOSED:
                                                LESSON__LESSON_STATUS__LESSON_PUBLISHED));
    sf_pb_destroy (&progress);
}

//  The task of the special check of assignment id in inspection.
static int64_t
s_task (int64_t id)
{
    char sql [256], plan [32];
    snprintf (sql, sizeof sql, "SELECT t.id FROM %s_insp.task t JOIN %s_insp.plan p ON p.id = t.plan_id"
              " WHERE p.code = $1", s.base.prefix, s.base.prefix);
    snprintf (plan, sizeof plan, "LS%lld", (long long) id);
    return s_count (sql, plan);
}

//  Records the special check of assignment id as inspector: item F1 passed, F2 failed, and
//  one finding per description (NULL-terminated) of unit. The finding numbers go to numbers.
static void
s_record (sf_rpc_client_t *inspector, int64_t id, const char *unit, const char *const *descriptions,
          char numbers [][64])
{
    Inspection__ItemResult passed = INSPECTION__ITEM_RESULT__INIT, failed = INSPECTION__ITEM_RESULT__INIT;
    passed.key = (char *) "F1";
    passed.passed = true;
    failed.key = (char *) "F2";
    failed.note = (char *) "吊索具无检查记录";
    Inspection__ItemResult *results [] = { &passed, &failed };
    Inspection__FindingInput inputs [4], *findings [4];
    size_t count = 0;
    for (; descriptions && descriptions [count]; count++) {
        inspection__finding_input__init (&inputs [count]);
        inputs [count].description = (char *) descriptions [count];
        inputs [count].factor = INSPECTION__FACTOR__FACTOR_MACHINE;
        inputs [count].severity = INSPECTION__SEVERITY__SEVERITY_GENERAL;
        inputs [count].responsible_unit = (char *) unit;
        inputs [count].hazard_key = (char *) "F2";
        findings [count] = &inputs [count];
    }
    Inspection__RecordInspection request = INSPECTION__RECORD_INSPECTION__INIT;
    request.task_id = s_task (id);
    request.n_results = 2;
    request.results = results;
    request.n_findings = count;
    request.findings = findings;
    sf_reply_t reply;
    SF_CHECK (dt_ask (inspector, &request.base, &reply) == SF_OK);
    Inspection__Record *record = dt_body (&reply, &inspection__record__descriptor);
    sf_reply_clear (&reply);
    SF_CHECK (record->n_findings == count);
    for (size_t i = 0; i < count; i++)
        snprintf (numbers [i], 64, "%s", record->findings [i]->number);
    sf_pb_destroy (&record);
}

//  The form rectification issued from finding number (waits for it).
static void
s_form (const char *finding, char *number, size_t size)
{
    SF_CHECK (it_wait_count (s_rect_db, "SELECT count(*) FROM form WHERE finding_number = $1", finding, 1, 20000));
    const char *values [] = { finding };
    sf_rows_t *rows = sf_db_query (s_rect_db, "SELECT number FROM form WHERE finding_number = $1", 1, values);
    SF_CHECK (rows && sf_rows_count (rows) == 1);
    snprintf (number, size, "%s", sf_rows_text (rows, 0, 0));
    sf_rows_destroy (&rows);
}

static void
s_wait_status (int64_t id, int status)
{
    char sql [128];
    snprintf (sql, sizeof sql, "SELECT count(*) FROM assignment WHERE id = $1::bigint AND status = %d", status);
    char key [24];
    snprintf (key, sizeof key, "%lld", (long long) id);
    ls_wait (s.db, sql, key, 1, 20000);
}

//  ListAssignments as client: the ids of every page of page_size (into ids, count back).
static size_t
s_list (sf_rpc_client_t *client, int64_t lesson, const char *unit, int page_size, int64_t *ids, size_t max,
        int *pages)
{
    Lesson__ListAssignments request = LESSON__LIST_ASSIGNMENTS__INIT;
    request.lesson_id = lesson;
    request.unit_code = (char *) (unit? unit: "");
    request.page_size = page_size;
    size_t count = 0;
    char *token = NULL;
    *pages = 0;
    do {
        request.page_token = token? token: (char *) "";
        Lesson__AssignmentList *list = NULL;
        SF_CHECK (s_ask (client, &request.base, &lesson__assignment_list__descriptor, (void **) &list, NULL) == SF_OK);
        free (token);
        token = *list->next_page_token? strdup (list->next_page_token): NULL;
        SF_CHECK ((int) list->n_assignments <= page_size);
        for (size_t i = 0; i < list->n_assignments && count < max; i++)
            ids [count++] = list->assignments [i]->id;
        (*pages)++;
        sf_pb_destroy (&list);
    } while (token);
    return count;
}

//  Publishes a lifting lesson of plant P to the units named (suffixes, NULL-terminated) as
//  the manager; the assignments' ids in order into ids.
static int64_t
s_publish (const char *title, const char *const *suffixes, int64_t *ids)
{
    ls_lesson_t input = { .title_zh = title, .title_en = "Falling load", .tags = "lifting", .factors = "",
                          .actions = "检查吊索具磨损|核查司索指挥持证", .scope = "P" };
    int64_t lesson = ls_create_lesson (&s, &input);
    const char *units [4] = { NULL };
    size_t count = 0;
    for (; suffixes [count]; count++)
        units [count] = strdup (ls_code (&s, suffixes [count]));
    Lesson__Publication *publication = NULL;
    SF_CHECK (ls_publish (s.manager, lesson, units, false, &publication, NULL) == SF_OK);
    SF_CHECK (publication->n_assignments == count);
    for (size_t i = 0; i < count; i++) {
        for (size_t j = 0; j < publication->n_assignments; j++)
            if (strcmp (publication->assignments [j]->unit_code, units [i]) == 0)
                ids [i] = publication->assignments [j]->id;
        free ((char *) units [i]);
    }
    sf_pb_destroy (&publication);
    return lesson;
}

int
main (void)
{
    ls_stack_start (&s, "lsasg");
    it_rectification_start (&s.base);
    s_rect_db = sf_test_db_session (s.base.rectification_schema);
    it_wait_unit (s_rect_db, ls_code (&s, "D2T3E2"));
    sf_test_account (s.base.rectification_schema, "rleader", "team_leader", ls_code (&s, "D1T1"));
    sf_test_account (s.base.rectification_schema, "rehs", "ehs", ls_code (&s, "C"));
    sf_rpc_client_t *rleader = sf_test_daemon_client (&s.base.rectification);
    sf_rpc_client_set_actor (rleader, "rleader", "", ls_code (&s, "D1T1"), "");
    sf_rpc_client_t *rehs = sf_test_daemon_client (&s.base.rectification);
    sf_rpc_client_set_actor (rehs, "rehs", "", ls_code (&s, "C"), "");
    sf_rpc_client_t *inspector1 = it_client (&s.base, "insp1", "safety_officer", ls_code (&s, "D1T1"));
    sf_rpc_client_t *inspector2 = it_client (&s.base, "insp2", "safety_officer", ls_code (&s, "D1T2"));
    sf_test_account (s.schema, "leader2", "team_leader", ls_code (&s, "D1T2"));
    sf_rpc_client_t *leader2 = sf_test_daemon_client (&s.lesson);
    sf_rpc_client_set_actor (leader2, "leader2", "", "", "");

    int64_t ids [2];
    const char *teams [] = { "D1T1", "D1T2", NULL };
    int64_t lesson = s_publish ("某公司桥式起重机吊物坠落事故", teams, ids);
    int64_t first = ids [0], second = ids [1];
    ls_wait (s.db, "SELECT count(*) FROM assignment WHERE check_sent_ms IS NOT NULL", NULL, 2, 30000);

    //  Acknowledged by the team's officer; a second time refused; another unit's people refused.
    Lesson__Assignment *assignment = NULL;
    SF_CHECK (s_acknowledge (s.officer, first, &assignment, NULL) == SF_OK);
    SF_CHECK (assignment->status == LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_ACKNOWLEDGED);
    SF_CHECK_STR (assignment->acknowledged_by, "officer");
    SF_CHECK (assignment->acknowledged_ms > 0 && assignment->version == 2);
    sf_pb_destroy (&assignment);
    char expected [128];
    snprintf (expected, sizeof expected, "assignment %lld is acknowledged: it cannot be acknowledged",
              (long long) first);
    SF_CHECK (s_acknowledge (s.officer, first, NULL, expected) == SF_FAILED_PRECONDITION);
    SF_CHECK (s_acknowledge (s.manager2, second, NULL, NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (s_acknowledge (s.worker, second, NULL, NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (s_acknowledge (s.officer, 99999999, NULL, NULL) == SF_NOT_FOUND);
    SF_CHECK (s_count ("SELECT count(*) FROM sf_outbox WHERE event_type = 'lesson.assignment_acknowledged'", NULL)
              == 1);

    //  A report before the self-check, an empty one, one too long: refused, nothing changed.
    SF_CHECK (s_report (s.officer, first, "已自查", NULL, "a report before the self-check") == SF_FAILED_PRECONDITION);
    SF_CHECK (s_report (s.officer, first, "", NULL, NULL) == SF_INVALID_ARGUMENT);
    char *long_report = malloc (2002);
    memset (long_report, 'x', 2001);
    long_report [2001] = 0;
    SF_CHECK (s_report (s.officer, first, long_report, NULL, "1 to 2000 characters") == SF_INVALID_ARGUMENT);
    free (long_report);
    SF_CHECK (s_report (s.manager2, first, "已自查", NULL, NULL) == SF_PERMISSION_DENIED);
    assignment = s_get (s.officer, first);
    SF_CHECK (assignment->version == 2 && !*assignment->report);
    sf_pb_destroy (&assignment);

    //  The special check recorded in inspection, with two findings.
    char numbers [4][64];
    const char *found [] = { "吊索具磨损超标仍在使用", "司索工未持证指挥", NULL };
    s_record (inspector1, first, ls_code (&s, "D1T1"), found, numbers);
    s_wait_status (first, LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_SELF_CHECKED);
    assignment = s_get (s.officer, first);
    SF_CHECK (assignment->items_passed == 1 && assignment->items_failed == 1 && assignment->task_id == s_task (first));
    SF_CHECK (assignment->n_finding_numbers == 2 && assignment->findings_open == 2);
    sf_pb_destroy (&assignment);

    //  Reported: it waits for the findings' forms.
    SF_CHECK (s_report (s.officer, first, "已按清单自查，发现2项隐患并已下发整改", &assignment, NULL) == SF_OK);
    SF_CHECK (assignment->status == LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_REPORTED);
    SF_CHECK_STR (assignment->reported_by, "officer");
    sf_pb_destroy (&assignment);
    s_check_progress (lesson, 1, 1, 1, 0, 2, 2);
    SF_CHECK (s_progress (s.manager2, lesson, SF_PERMISSION_DENIED) == NULL);
    SF_CHECK (s_progress (s.manager, 99999999, SF_NOT_FOUND) == NULL);

    //  The forms: one rectified and verified, the other cancelled; then the assignment closes.
    char form [64];
    s_form (numbers [0], form, sizeof form);
    SF_CHECK (rt_move (rleader, &rectification__acknowledge_form__descriptor, form, "收到", NULL) == SF_OK);
    SF_CHECK (rt_move (rleader, &rectification__start_rectification__descriptor, form, NULL, NULL) == SF_OK);
    SF_CHECK (rt_submit (rleader, form, "已更换吊索具") == SF_OK);
    SF_CHECK (rt_move (rehs, &rectification__verify_form__descriptor, form, "验证合格", NULL) == SF_OK);
    ls_wait (s.db, "SELECT count(*) FROM finding_outcome WHERE outcome = 'closed' AND form_number = $1", form, 1,
             20000);
    assignment = s_get (s.officer, first);
    SF_CHECK (assignment->status == LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_REPORTED && assignment->findings_open == 1);
    sf_pb_destroy (&assignment);
    s_form (numbers [1], form, sizeof form);
    SF_CHECK (rt_move (rehs, &rectification__cancel_form__descriptor, form, "重复登记", NULL) == SF_OK);
    s_wait_status (first, LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_CLOSED);
    s_check_progress (lesson, 1, 1, 1, 1, 2, 0);

    //  The other team: its check recorded without acknowledging, nothing found; its report
    //  closes it at once, and the lesson with it.
    s_record (inspector2, second, ls_code (&s, "D1T2"), NULL, numbers);
    s_wait_status (second, LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_SELF_CHECKED);
    SF_CHECK (s_acknowledge (leader2, second, NULL, "is self-checked: it cannot be acknowledged")
              == SF_FAILED_PRECONDITION);
    SF_CHECK (s_report (leader2, second, "已自查，未发现同类隐患", &assignment, NULL) == SF_OK);
    SF_CHECK (assignment->status == LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_CLOSED && assignment->acknowledged_ms > 0);
    SF_CHECK (assignment->closed_ms > 0 && assignment->version == 4);
    sf_pb_destroy (&assignment);
    SF_CHECK (s_report (leader2, second, "再报一次", NULL, "is closed: it cannot be reported") == SF_FAILED_PRECONDITION);
    s_check_progress (lesson, 2, 2, 2, 2, 2, 0);
    SF_CHECK (s_count ("SELECT count(*) FROM sf_outbox WHERE event_type = 'lesson.lesson_closed'", NULL) == 1);
    SF_CHECK (s_count ("SELECT count(*) FROM sf_outbox WHERE event_type = 'lesson.assignment_closed'", NULL) == 2);
    SF_CHECK (s_count ("SELECT count(*) FROM sf_outbox WHERE event_type = 'lesson.assignment_self_checked'", NULL)
              == 2);
    SF_CHECK (s_count ("SELECT count(*) FROM sf_outbox WHERE event_type = 'lesson.assignment_reported'", NULL) == 2);

    //  A unit's history: three more lessons reach D1T1; D1's history, two at a time, newest first.
    int64_t more [3];
    const char *one [] = { "D1T1", NULL };
    for (int i = 0; i < 3; i++) {
        char title [64];
        snprintf (title, sizeof title, "起重伤害事故 %d", i + 1);
        s_publish (title, one, &more [i]);
    }
    int64_t listed [16];
    int pages;
    SF_CHECK (s_list (s.manager, 0, ls_code (&s, "D1"), 2, listed, 16, &pages) == 5 && pages == 3);
    const int64_t newest [] = { more [2], more [1], more [0], second, first };
    for (int i = 0; i < 5; i++)
        SF_CHECK (listed [i] == newest [i]);
    SF_CHECK (s_list (s.officer, 0, ls_code (&s, "D1T1"), 100, listed, 16, &pages) == 4 && pages == 1);
    SF_CHECK (s_list (s.manager, lesson, NULL, 1, listed, 16, &pages) == 2 && pages == 2);
    SF_CHECK (listed [0] == second && listed [1] == first);
    //  Filters: closed ones, late ones.
    Lesson__ListAssignments request = LESSON__LIST_ASSIGNMENTS__INIT;
    request.unit_code = (char *) ls_code (&s, "D1");
    request.status = LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_CLOSED;
    Lesson__AssignmentList *list = NULL;
    SF_CHECK (s_ask (s.manager, &request.base, &lesson__assignment_list__descriptor, (void **) &list, NULL) == SF_OK);
    SF_CHECK (list->n_assignments == 2 && !*list->next_page_token);
    sf_pb_destroy (&list);
    request.status = 0;
    request.late_only = true;
    SF_CHECK (s_ask (s.manager, &request.base, &lesson__assignment_list__descriptor, (void **) &list, NULL) == SF_OK);
    SF_CHECK (list->n_assignments == 0);
    sf_pb_destroy (&list);
    //  Refused: another plant's manager, a team's officer on the department, both or neither
    //  of lesson and unit, an unknown unit.
    request.late_only = false;
    SF_CHECK (s_ask (s.manager2, &request.base, &lesson__assignment_list__descriptor, NULL, NULL)
              == SF_PERMISSION_DENIED);
    SF_CHECK (s_ask (s.officer, &request.base, &lesson__assignment_list__descriptor, NULL, NULL)
              == SF_PERMISSION_DENIED);
    request.lesson_id = lesson;
    SF_CHECK (s_ask (s.manager, &request.base, &lesson__assignment_list__descriptor, NULL, "exactly one")
              == SF_INVALID_ARGUMENT);
    request.lesson_id = 0;
    request.unit_code = (char *) "";
    SF_CHECK (s_ask (s.manager, &request.base, &lesson__assignment_list__descriptor, NULL, "exactly one")
              == SF_INVALID_ARGUMENT);
    request.page_token = (char *) "not-a-token";
    request.unit_code = (char *) ls_code (&s, "D1");
    SF_CHECK (s_ask (s.manager, &request.base, &lesson__assignment_list__descriptor, NULL, "page_token")
              == SF_INVALID_ARGUMENT);

    sf_rpc_client_destroy (&rleader);
    sf_rpc_client_destroy (&rehs);
    sf_rpc_client_destroy (&inspector1);
    sf_rpc_client_destroy (&inspector2);
    sf_rpc_client_destroy (&leader2);
    sf_db_destroy (&s_rect_db);
    ls_stack_stop (&s);
    printf ("lesson_assign_test: ok\n");
    return 0;
}
