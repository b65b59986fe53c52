/*  The lesson daemon's author area through its contract (services/lesson/README_author.md),
    with a real directory and inspection daemon: the tags; the accident grading of
    国务院令第493号 on and around every boundary; CreateLesson's draft (number, grade,
    deadline) and every bad input refused with its reason and nothing stored; a worker and an
    account of another plant refused; GetLesson and ListLessons within the actor's grants;
    lessons made from a finding and a 三违 record inspection holds, a number not known there,
    the same record twice, and inspection stopped.                                         */
#include "inspection_testlib.h"
#include "lesson.pb-c.h"
#include "sf_pb.h"

#include <signal.h>
#include <string.h>
#include <time.h>

#define LESSON_BINARY "services/lesson/sf-lesson"

static it_stack_t s_stack;
static sf_test_daemon_t s_lesson;
static char s_schema [64];
static sf_db_t *s_db;
//  The business day of the test: 2026-03-10, 10:00 in Beijing.
static int64_t s_now_ms;

//  prefix + suffix, in one of a few rotating buffers (several may be alive in one call).
static const char *
s_code (const char *suffix)
{
    static char buffers [8][96];
    static int next;
    char *buffer = buffers [next++ % 8];
    snprintf (buffer, sizeof buffers [0], "%s%s", s_stack.prefix, suffix);
    return buffer;
}

static int64_t
s_count (const char *sql)
{
    return sf_test_scalar (s_db, sql, NULL);
}

static int64_t
s_utc_ms (int year, int month, int day, int hour)
{
    struct tm tm = { .tm_year = year - 1900, .tm_mon = month - 1, .tm_mday = day, .tm_hour = hour };
    return (int64_t) timegm (&tm) * 1000;
}

//  A client of the lesson daemon acting as account login (grants from sf_test_account).
static sf_rpc_client_t *
s_client (const char *login)
{
    sf_rpc_client_t *client = sf_test_daemon_client (&s_lesson);
    sf_rpc_client_set_actor (client, login, "", "", "");
    return client;
}

//  Sends request; the reply's body as a message of descriptor's type into *out when OK.
static sf_status_t
s_call (sf_rpc_client_t *client, const ProtobufCMessage *request, const ProtobufCMessageDescriptor *descriptor,
        void *out)
{
    sf_reply_t reply = { 0 };
    sf_status_t status = dt_ask (client, request, &reply);
    if (status == SF_OK && descriptor)
        *(void **) out = dt_body (&reply, descriptor);
    sf_reply_clear (&reply);
    return status;
}

//  The request must be refused with expected and an English reason holding words.
static void
s_refused (sf_rpc_client_t *client, const ProtobufCMessage *request, sf_status_t expected, const char *words)
{
    sf_reply_t reply = { 0 };
    sf_status_t status = dt_ask (client, request, &reply);
    if (status != expected || (words && (!reply.reason_en || !strstr (reply.reason_en, words)))) {
        fprintf (stderr, "%s: expected %s with '%s', got %s: %s\n", request->descriptor->name,
                 sf_status_name (expected), words? words: "", sf_status_name (status),
                 reply.reason_en? reply.reason_en: "");
        sf_test_sh ("tail -60 %s >&2", s_lesson.log_path);
        abort ();
    }
    SF_CHECK (reply.reason_zh && *reply.reason_zh);
    sf_reply_clear (&reply);
}

//  ---- Tags and grading ----------------------------------------------------------------

static void
s_tags (sf_rpc_client_t *client)
{
    Lesson__ListTags list = LESSON__LIST_TAGS__INIT;
    Lesson__TagList *tags = NULL;
    SF_CHECK (s_call (client, &list.base, &lesson__tag_list__descriptor, &tags) == SF_OK);
    SF_CHECK (tags->n_tags == (size_t) s_count ("SELECT count(*) FROM lesson_tag"));
    bool lifting = false;
    for (size_t i = 0; i < tags->n_tags; i++)
        if (strcmp (tags->tags [i]->code, "lifting") == 0) {
            lifting = true;
            SF_CHECK_STR (tags->tags [i]->name_zh, "起重吊装");
            SF_CHECK (tags->tags [i]->n_accident_types == 1);
            SF_CHECK_STR (tags->tags [i]->accident_types [0], "lifting_injury");
            SF_CHECK (tags->tags [i]->n_keywords >= 3);
            SF_CHECK (strstr (tags->tags [i]->basis, "TSG 51"));
        }
    SF_CHECK (lifting);
    sf_pb_destroy (&tags);
}

static void
s_grade (sf_rpc_client_t *client, int deaths, int injuries, int64_t loss, Lesson__AccidentGrade expected,
         const char *criterion)
{
    Lesson__GradeAccident request = LESSON__GRADE_ACCIDENT__INIT;
    request.deaths = deaths;
    request.serious_injuries = injuries;
    request.direct_loss_yuan = loss;
    Lesson__Grade *grade = NULL;
    SF_CHECK (s_call (client, &request.base, &lesson__grade__descriptor, &grade) == SF_OK);
    if (grade->grade != expected || strcmp (grade->criterion, criterion) != 0) {
        fprintf (stderr, "%d/%d/%lld: grade %d by '%s', expected %d by '%s'\n", deaths, injuries, (long long) loss,
                 grade->grade, grade->criterion, expected, criterion);
        abort ();
    }
    SF_CHECK (*grade->name_zh && *grade->name_en && strstr (grade->basis, "493"));
    sf_pb_destroy (&grade);
}

static void
s_grading (sf_rpc_client_t *client)
{
    const Lesson__AccidentGrade none = LESSON__ACCIDENT_GRADE__GRADE_NONE,
        general = LESSON__ACCIDENT_GRADE__GRADE_GENERAL, larger = LESSON__ACCIDENT_GRADE__GRADE_LARGER,
        major = LESSON__ACCIDENT_GRADE__GRADE_MAJOR, especially = LESSON__ACCIDENT_GRADE__GRADE_ESPECIALLY_MAJOR;
    s_grade (client, 0, 0, 0, none, "");
    const struct { int value; Lesson__AccidentGrade grade; } deaths [] = {
        { 1, general }, { 2, general }, { 3, larger }, { 9, larger }, { 10, major }, { 29, major }, { 30, especially }
    };
    for (size_t i = 0; i < sizeof deaths / sizeof deaths [0]; i++)
        s_grade (client, deaths [i].value, 0, 0, deaths [i].grade, "deaths");
    const struct { int value; Lesson__AccidentGrade grade; } injuries [] = {
        { 1, general }, { 9, general }, { 10, larger }, { 49, larger }, { 50, major }, { 99, major },
        { 100, especially }
    };
    for (size_t i = 0; i < sizeof injuries / sizeof injuries [0]; i++)
        s_grade (client, 0, injuries [i].value, 0, injuries [i].grade, "serious_injuries");
    const struct { int64_t value; Lesson__AccidentGrade grade; } losses [] = {
        { 1, general }, { 9999999, general }, { 10000000, larger }, { 49999999, larger }, { 50000000, major },
        { 99999999, major }, { 100000000, especially }
    };
    for (size_t i = 0; i < sizeof losses / sizeof losses [0]; i++)
        s_grade (client, 0, 0, losses [i].value, losses [i].grade, "direct_loss_yuan");
    //  Mixed: the highest wins; on a tie the first figure decides.
    s_grade (client, 2, 10, 0, larger, "serious_injuries");
    s_grade (client, 9, 49, 50000000, major, "direct_loss_yuan");
    s_grade (client, 30, 100, 100000000, especially, "deaths");

    Lesson__GradeAccident bad = LESSON__GRADE_ACCIDENT__INIT;
    bad.deaths = -1;
    s_refused (client, &bad.base, SF_INVALID_ARGUMENT, "deaths is -1: figures that cannot be an accident");
    bad.deaths = 0;
    bad.serious_injuries = -2;
    s_refused (client, &bad.base, SF_INVALID_ARGUMENT, "serious_injuries is -2");
    bad.serious_injuries = 0;
    bad.direct_loss_yuan = -100;
    s_refused (client, &bad.base, SF_INVALID_ARGUMENT, "direct_loss_yuan is -100");
}

//  ---- CreateLesson ----------------------------------------------------------------------

static char *s_tag_lifting [] = { (char *) "lifting" };
static char *s_actions [] = { (char *) "检查起重机械限位和制动", (char *) "核查司索指挥人员持证" };
static Inspection__Factor s_factors [] = { INSPECTION__FACTOR__FACTOR_MACHINE, INSPECTION__FACTOR__FACTOR_MAN };

//  A good lesson of the plant, every optional field given but the deadline.
static void
s_input (Lesson__LessonInput *in)
{
    lesson__lesson_input__init (in);
    in->source = LESSON__LESSON_SOURCE__SOURCE_NATIONAL;
    in->source_ref = (char *) "安委办〔2026〕3号";
    in->title_zh = (char *) "某钢厂桥式起重机吊物坠落较大事故";
    in->title_en = (char *) "Load fell from an overhead crane at a steel plant";
    in->summary = (char *) "吊运钢卷时吊索断裂，钢卷坠落致3人死亡。";
    in->occurred_on = (char *) "2026-03-01";
    in->place = (char *) "某钢厂冷轧车间";
    in->deaths = 3;
    in->serious_injuries = 2;
    in->direct_loss_yuan = 5200000;
    in->causes = (char *) "吊索具报废未更换；司索人员无证作业。";
    in->factors = s_factors;
    in->n_factors = 2;
    in->tags = s_tag_lifting;
    in->n_tags = 1;
    in->actions = s_actions;
    in->n_actions = 2;
    in->scope_unit = (char *) s_code ("P");
}

static char *
s_repeat (const char *unit, int times)
{
    size_t size = strlen (unit);
    char *text = calloc (1, size * (size_t) times + 1);
    for (int i = 0; i < times; i++)
        memcpy (text + size * (size_t) i, unit, size);
    return text;
}

//  Every bad input refused, each with its reason, and nothing stored.
static void
s_bad_inputs (sf_rpc_client_t *officer)
{
    Lesson__LessonInput in;
    Lesson__CreateLesson create = LESSON__CREATE_LESSON__INIT;
    create.lesson = &in;
    char *long200 = s_repeat ("字", 201), *long4000 = s_repeat ("a", 4001), *long500 = s_repeat ("措", 501);

    s_input (&in);
    in.source = LESSON__LESSON_SOURCE__LESSON_SOURCE_UNSPECIFIED;
    s_refused (officer, &create.base, SF_INVALID_ARGUMENT, "lesson source 0");
    in.source = 9;
    s_refused (officer, &create.base, SF_INVALID_ARGUMENT, "lesson source 9");
    s_input (&in);
    in.title_zh = (char *) "　 ";
    s_refused (officer, &create.base, SF_INVALID_ARGUMENT, "the title_zh is missing");
    in.title_zh = long200;
    s_refused (officer, &create.base, SF_INVALID_ARGUMENT, "the title_zh has at most 200 characters");
    s_input (&in);
    in.summary = (char *) "";
    s_refused (officer, &create.base, SF_INVALID_ARGUMENT, "the summary is missing");
    in.summary = long4000;
    s_refused (officer, &create.base, SF_INVALID_ARGUMENT, "the summary has at most 4000 characters");
    s_input (&in);
    in.occurred_on = (char *) "2026-02-30";
    s_refused (officer, &create.base, SF_INVALID_ARGUMENT, "the occurred_on '2026-02-30' is not a date");
    in.occurred_on = (char *) "2026-03-11";
    s_refused (officer, &create.base, SF_INVALID_ARGUMENT, "the accident's date 2026-03-11 lies in the future");
    s_input (&in);
    in.place = long200;
    s_refused (officer, &create.base, SF_INVALID_ARGUMENT, "the place has at most 200 characters");
    s_input (&in);
    in.deaths = -1;
    s_refused (officer, &create.base, SF_INVALID_ARGUMENT, "deaths is -1: figures that cannot be an accident");
    s_input (&in);
    in.serious_injuries = -1;
    s_refused (officer, &create.base, SF_INVALID_ARGUMENT, "serious_injuries is -1");
    s_input (&in);
    in.direct_loss_yuan = -5;
    s_refused (officer, &create.base, SF_INVALID_ARGUMENT, "direct_loss_yuan is -5");
    s_input (&in);
    in.causes = long4000;
    s_refused (officer, &create.base, SF_INVALID_ARGUMENT, "the causes has at most 4000 characters");
    s_input (&in);
    Inspection__Factor bad_factors [] = { INSPECTION__FACTOR__FACTOR_MAN, 9 };
    in.factors = bad_factors;
    in.n_factors = 2;
    s_refused (officer, &create.base, SF_INVALID_ARGUMENT, "factor 2 (9) is not one of");
    bad_factors [1] = INSPECTION__FACTOR__FACTOR_UNSPECIFIED;
    s_refused (officer, &create.base, SF_INVALID_ARGUMENT, "factor 2 (0)");
    s_input (&in);
    in.n_tags = 0;
    s_refused (officer, &create.base, SF_INVALID_ARGUMENT, "1 to 10 tags");
    char *eleven [11];
    for (int i = 0; i < 11; i++)
        eleven [i] = (char *) "lifting";
    in.tags = eleven;
    in.n_tags = 11;
    s_refused (officer, &create.base, SF_INVALID_ARGUMENT, "1 to 10 tags");
    char *unknown_tag [] = { (char *) "lifting", (char *) "earthquake" };
    in.tags = unknown_tag;
    in.n_tags = 2;
    s_refused (officer, &create.base, SF_INVALID_ARGUMENT, "unknown tag 'earthquake'");
    s_input (&in);
    in.n_actions = 0;
    s_refused (officer, &create.base, SF_INVALID_ARGUMENT, "1 to 20 required actions");
    char *many [21];
    for (int i = 0; i < 21; i++)
        many [i] = (char *) "检查";
    in.actions = many;
    in.n_actions = 21;
    s_refused (officer, &create.base, SF_INVALID_ARGUMENT, "1 to 20 required actions");
    char *blank [] = { (char *) "检查", (char *) "  " };
    in.actions = blank;
    in.n_actions = 2;
    s_refused (officer, &create.base, SF_INVALID_ARGUMENT, "required action 2 is blank");
    char *long_action [] = { long500 };
    in.actions = long_action;
    in.n_actions = 1;
    s_refused (officer, &create.base, SF_INVALID_ARGUMENT, "required action 1 has at most 500 characters");
    s_input (&in);
    in.deadline_on = (char *) "2026-03-09";
    s_refused (officer, &create.base, SF_INVALID_ARGUMENT, "the deadline 2026-03-09 lies in the past");
    in.deadline_on = (char *) "soon";
    s_refused (officer, &create.base, SF_INVALID_ARGUMENT, "the deadline_on 'soon' is not a date");
    s_input (&in);
    in.scope_unit = (char *) s_code ("D1T1E1");
    s_refused (officer, &create.base, SF_INVALID_ARGUMENT, "is an employee, not a unit");
    in.scope_unit = (char *) "nowhere";
    s_refused (officer, &create.base, SF_PERMISSION_DENIED, NULL);
    free (long200);
    free (long4000);
    free (long500);
    SF_CHECK (s_count ("SELECT count(*) FROM lesson") == 0);
    SF_CHECK (s_count ("SELECT count(*) FROM sf_outbox") == 0);
}

//  A draft lesson of the plant: its number, grade, deadline, event; then the people who may not.
static int64_t
s_create (sf_rpc_client_t *officer, sf_rpc_client_t *worker, sf_rpc_client_t *foreign)
{
    Lesson__LessonInput in;
    s_input (&in);
    Lesson__CreateLesson create = LESSON__CREATE_LESSON__INIT;
    create.lesson = &in;
    s_refused (worker, &create.base, SF_PERMISSION_DENIED, NULL);
    s_refused (foreign, &create.base, SF_PERMISSION_DENIED, NULL);
    SF_CHECK (s_count ("SELECT count(*) FROM lesson") == 0);

    Lesson__Lesson *lesson = NULL;
    SF_CHECK (s_call (officer, &create.base, &lesson__lesson__descriptor, &lesson) == SF_OK);
    SF_CHECK_STR (lesson->number, "L2026-0001");
    SF_CHECK (lesson->status == LESSON__LESSON_STATUS__LESSON_DRAFT);
    SF_CHECK (lesson->grade->grade == LESSON__ACCIDENT_GRADE__GRADE_LARGER);
    SF_CHECK_STR (lesson->grade->criterion, "deaths");
    SF_CHECK_STR (lesson->grade->name_zh, "较大事故");
    SF_CHECK (strstr (lesson->grade->basis, "3人以上10人以下死亡"));
    //  Default deadline: 15 days (lesson_rule), ending at midnight in Beijing.
    SF_CHECK_STR (lesson->input->deadline_on, "2026-03-25");
    SF_CHECK (lesson->deadline_ms == s_utc_ms (2026, 3, 25, 16));
    SF_CHECK_STR (lesson->input->scope_unit, s_code ("P"));
    SF_CHECK_STR (lesson->plant_code, s_code ("P"));
    SF_CHECK_STR (lesson->created_by, "officer");
    SF_CHECK (lesson->created_ms == s_now_ms);
    SF_CHECK (lesson->input->n_factors == 2 && lesson->input->factors [0] == INSPECTION__FACTOR__FACTOR_MACHINE);
    SF_CHECK (lesson->input->n_actions == 2);
    SF_CHECK_STR (lesson->input->actions [1], "核查司索指挥人员持证");
    SF_CHECK_STR (lesson->input->occurred_on, "2026-03-01");
    SF_CHECK (lesson->input->direct_loss_yuan == 5200000);
    int64_t id = lesson->id;
    sf_pb_destroy (&lesson);
    SF_CHECK (s_count ("SELECT count(*) FROM sf_outbox WHERE event_type = 'lesson.lesson_created'") == 1);

    //  No scope: the actor's unit. A deadline given: the end of that day. No accident figures:
    //  a typical problem (none). An account of the other plant writes for its own.
    in.scope_unit = (char *) "";
    in.deadline_on = (char *) "2026-03-10";
    in.deaths = in.serious_injuries = 0;
    in.direct_loss_yuan = 0;
    in.source = LESSON__LESSON_SOURCE__SOURCE_INTERNAL;
    SF_CHECK (s_call (officer, &create.base, &lesson__lesson__descriptor, &lesson) == SF_OK);
    SF_CHECK_STR (lesson->number, "L2026-0002");
    SF_CHECK_STR (lesson->input->scope_unit, s_code ("P"));
    SF_CHECK (lesson->grade->grade == LESSON__ACCIDENT_GRADE__GRADE_NONE);
    SF_CHECK_STR (lesson->grade->criterion, "");
    SF_CHECK (lesson->deadline_ms == s_utc_ms (2026, 3, 10, 16));
    sf_pb_destroy (&lesson);
    SF_CHECK (s_call (foreign, &create.base, &lesson__lesson__descriptor, &lesson) == SF_OK);
    SF_CHECK_STR (lesson->input->scope_unit, s_code ("Q"));
    SF_CHECK_STR (lesson->plant_code, s_code ("Q"));
    sf_pb_destroy (&lesson);
    SF_CHECK (s_count ("SELECT count(*) FROM lesson") == 3);
    return id;
}

//  ---- GetLesson, ListLessons ------------------------------------------------------------

static void
s_read (sf_rpc_client_t *officer, sf_rpc_client_t *worker, sf_rpc_client_t *foreign, int64_t id)
{
    Lesson__GetLesson get = LESSON__GET_LESSON__INIT;
    get.id = id;
    Lesson__Lesson *lesson = NULL;
    SF_CHECK (s_call (worker, &get.base, &lesson__lesson__descriptor, &lesson) == SF_OK);
    SF_CHECK_STR (lesson->number, "L2026-0001");
    SF_CHECK (strstr (lesson->grade->basis, "3人以上10人以下死亡"));
    sf_pb_destroy (&lesson);
    s_refused (foreign, &get.base, SF_PERMISSION_DENIED, NULL);
    get.id = id + 1000;
    s_refused (officer, &get.base, SF_NOT_FOUND, "there is no lesson");

    //  A team sees the plant's lessons (above it), not the other plant's; newest first, paged.
    Lesson__ListLessons list = LESSON__LIST_LESSONS__INIT;
    list.unit_code = (char *) s_code ("D1T1");
    list.page_size = 1;
    Lesson__LessonList *page = NULL;
    SF_CHECK (s_call (officer, &list.base, &lesson__lesson_list__descriptor, &page) == SF_OK);
    SF_CHECK (page->n_lessons == 1 && *page->next_page_token);
    SF_CHECK_STR (page->lessons [0]->number, "L2026-0002");
    list.page_token = strdup (page->next_page_token);
    sf_pb_destroy (&page);
    SF_CHECK (s_call (officer, &list.base, &lesson__lesson_list__descriptor, &page) == SF_OK);
    SF_CHECK (page->n_lessons == 1 && !*page->next_page_token);
    SF_CHECK_STR (page->lessons [0]->number, "L2026-0001");
    SF_CHECK (strstr (page->lessons [0]->grade->basis, "493"));
    sf_pb_destroy (&page);
    free (list.page_token);
    list.page_token = (char *) "";
    //  The company sees the lessons below it; a status filter; the actor's unit by default.
    list.unit_code = (char *) s_code ("C");
    list.page_size = 0;
    sf_test_account (s_schema, "ehs", "ehs", s_code ("C"));
    sf_rpc_client_t *ehs = s_client ("ehs");
    SF_CHECK (s_call (ehs, &list.base, &lesson__lesson_list__descriptor, &page) == SF_OK);
    SF_CHECK (page->n_lessons == 3);
    sf_pb_destroy (&page);
    list.status = LESSON__LESSON_STATUS__LESSON_PUBLISHED;
    SF_CHECK (s_call (ehs, &list.base, &lesson__lesson_list__descriptor, &page) == SF_OK);
    SF_CHECK (page->n_lessons == 0);
    sf_pb_destroy (&page);
    list.status = 7;
    s_refused (ehs, &list.base, SF_INVALID_ARGUMENT, "status 7");
    list.status = 0;
    list.unit_code = (char *) "";
    SF_CHECK (s_call (foreign, &list.base, &lesson__lesson_list__descriptor, &page) == SF_OK);
    SF_CHECK (page->n_lessons == 1);
    SF_CHECK_STR (page->lessons [0]->plant_code, s_code ("Q"));
    sf_pb_destroy (&page);
    list.unit_code = (char *) s_code ("P");
    s_refused (foreign, &list.base, SF_PERMISSION_DENIED, NULL);
    sf_rpc_client_destroy (&ehs);
}

//  ---- CreateLessonFromInspection --------------------------------------------------------

//  A finding reported in inspection on team D1T1; its number.
static char *
s_finding (sf_rpc_client_t *reporter, const char *description, Inspection__Factor factor)
{
    Inspection__FindingInput input = INSPECTION__FINDING_INPUT__INIT;
    input.description = (char *) description;
    input.factor = factor;
    input.location = (char *) "二号厂房行车下方";
    input.severity = INSPECTION__SEVERITY__SEVERITY_GENERAL;
    input.responsible_unit = (char *) s_code ("D1T1");
    Inspection__ReportFinding report = INSPECTION__REPORT_FINDING__INIT;
    report.finding = &input;
    report.source = INSPECTION__FINDING_SOURCE__SOURCE_REPORT;
    Inspection__Finding *finding = NULL;
    SF_CHECK (s_call (reporter, &report.base, &inspection__finding__descriptor, &finding) == SF_OK);
    char *number = strdup (finding->number);
    sf_pb_destroy (&finding);
    return number;
}

static void
s_from_inspection (sf_rpc_client_t *officer, sf_rpc_client_t *worker, sf_rpc_client_t *foreign)
{
    sf_rpc_client_t *reporter = it_client (&s_stack, "reporter", "worker", s_code ("D1T1"));
    sf_rpc_client_t *inspector = it_client (&s_stack, "inspector", "safety_officer", s_code ("P"));
    //  70 characters: the title takes the first 60.
    const char *description = "二号厂房10吨行车主钩钢丝绳断丝超标仍在使用，吊钩防脱装置缺失，司索人员未持证上岗，"
                              "作业区域未设警戒线，存在起重伤害风险，须立即停用整改并排查其他行车";
    char *first = s_finding (reporter, description, INSPECTION__FACTOR__FACTOR_MACHINE);
    char *second = s_finding (reporter, "配电箱门未关闭，漏电保护器未定期试验", INSPECTION__FACTOR__FACTOR_ENVIRONMENT);
    Inspection__RecordViolation record = INSPECTION__RECORD_VIOLATION__INIT;
    record.type = INSPECTION__VIOLATION_TYPE__VIOLATION_ILLEGAL_OPERATION;
    record.person_code = (char *) s_code ("D1T1E1");
    record.unit_code = (char *) s_code ("D1T1");
    record.description = (char *) "未系安全带在行车轨道上行走";
    record.location = (char *) "";
    Inspection__Violation *violation = NULL;
    SF_CHECK (s_call (inspector, &record.base, &inspection__violation__descriptor, &violation) == SF_OK);

    int64_t before = s_count ("SELECT count(*) FROM lesson");
    Lesson__CreateLessonFromInspection from = LESSON__CREATE_LESSON_FROM_INSPECTION__INIT;
    char *tags [] = { (char *) "lifting", (char *) "work_at_height" };
    from.number = first;
    from.tags = tags;
    from.n_tags = 1;
    //  Who may not: a worker; another plant's account (the record's unit is not theirs).
    s_refused (worker, &from.base, SF_PERMISSION_DENIED, NULL);
    s_refused (foreign, &from.base, SF_PERMISSION_DENIED, "lies outside what your grants cover");
    //  Bad numbers and input.
    from.number = (char *) "hello";
    s_refused (officer, &from.base, SF_INVALID_ARGUMENT, "neither a finding number");
    char unknown [96];
    snprintf (unknown, sizeof unknown, "%s-F2026-999999", s_code ("P"));
    from.number = unknown;
    s_refused (officer, &from.base, SF_NOT_FOUND, "inspection holds no");
    from.number = first;
    from.n_tags = 0;
    s_refused (officer, &from.base, SF_INVALID_ARGUMENT, "1 to 10 tags");
    from.n_tags = 1;
    from.deadline_on = (char *) "2026-01-01";
    s_refused (officer, &from.base, SF_INVALID_ARGUMENT, "lies in the past");
    from.deadline_on = (char *) "";
    SF_CHECK (s_count ("SELECT count(*) FROM lesson") == before);

    //  The finding becomes a draft: its facts from inspection.
    Lesson__Lesson *lesson = NULL;
    SF_CHECK (s_call (officer, &from.base, &lesson__lesson__descriptor, &lesson) == SF_OK);
    SF_CHECK_STR (lesson->origin_number, first);
    SF_CHECK_STR (lesson->input->source_ref, first);
    SF_CHECK (lesson->input->source == LESSON__LESSON_SOURCE__SOURCE_INTERNAL);
    SF_CHECK_STR (lesson->input->summary, description);
    SF_CHECK_STR (lesson->input->place, "二号厂房行车下方");
    SF_CHECK_STR (lesson->input->occurred_on, "2026-03-10");
    SF_CHECK (lesson->input->n_factors == 1 && lesson->input->factors [0] == INSPECTION__FACTOR__FACTOR_MACHINE);
    SF_CHECK (lesson->grade->grade == LESSON__ACCIDENT_GRADE__GRADE_NONE);
    SF_CHECK (lesson->input->deaths == 0 && lesson->input->direct_loss_yuan == 0);
    SF_CHECK (lesson->input->n_tags == 1);
    SF_CHECK_STR (lesson->input->tags [0], "lifting");
    SF_CHECK (strlen (lesson->input->title_zh) == 60 * 3 - 2 * 2);  //  two of the 60 are ASCII digits
    SF_CHECK (strncmp (lesson->input->title_zh, description, strlen (lesson->input->title_zh)) == 0);
    SF_CHECK (lesson->input->n_actions == 1);
    SF_CHECK (strstr (lesson->input->actions [0], "针对“二号厂房10吨行车"));
    SF_CHECK (strstr (lesson->input->actions [0], "Self-check for the same problem"));
    SF_CHECK_STR (lesson->input->scope_unit, s_code ("P"));
    SF_CHECK (lesson->status == LESSON__LESSON_STATUS__LESSON_DRAFT);
    char made [32];
    snprintf (made, sizeof made, "%s", lesson->number);
    sf_pb_destroy (&lesson);

    //  Once: the same record again names the lesson it already is.
    char words [128];
    snprintf (words, sizeof words, "is already lesson %s", made);
    s_refused (officer, &from.base, SF_ALREADY_EXISTS, words);

    //  A 三违 record: the man factor, the unit as place, the title and actions given.
    char *actions [] = { (char *) "排查高处作业未系安全带行为" };
    from.number = violation->number;
    from.title_zh = (char *) "行车轨道上行走未系安全带";
    from.tags = tags + 1;
    from.actions = actions;
    from.n_actions = 1;
    from.scope_unit = (char *) s_code ("D1");
    SF_CHECK (s_call (officer, &from.base, &lesson__lesson__descriptor, &lesson) == SF_OK);
    SF_CHECK_STR (lesson->origin_number, violation->number);
    SF_CHECK_STR (lesson->input->title_zh, "行车轨道上行走未系安全带");
    SF_CHECK_STR (lesson->input->place, s_code ("D1T1"));
    SF_CHECK (lesson->input->n_factors == 1 && lesson->input->factors [0] == INSPECTION__FACTOR__FACTOR_MAN);
    SF_CHECK_STR (lesson->input->actions [0], "排查高处作业未系安全带行为");
    SF_CHECK_STR (lesson->input->scope_unit, s_code ("D1"));
    SF_CHECK_STR (lesson->plant_code, s_code ("P"));
    sf_pb_destroy (&lesson);
    SF_CHECK (s_count ("SELECT count(*) FROM lesson") == before + 2);
    SF_CHECK (s_count ("SELECT count(*) FROM sf_outbox WHERE event_type = 'lesson.lesson_created'") == before + 2);

    //  Inspection stopped: unavailable, nothing stored; once it is back, the record is read.
    sf_test_daemon_stop (&s_stack.inspection, SIGKILL);
    Lesson__CreateLessonFromInspection again = LESSON__CREATE_LESSON_FROM_INSPECTION__INIT;
    again.number = second;
    again.tags = tags;
    again.n_tags = 1;
    s_refused (officer, &again.base, SF_UNAVAILABLE, "the inspection daemon does not answer");
    SF_CHECK (s_count ("SELECT count(*) FROM lesson") == before + 2);
    sf_test_daemon_restart (&s_stack.inspection);
    it_set_clock (&s_stack, s_now_ms);
    SF_CHECK (s_call (officer, &again.base, &lesson__lesson__descriptor, &lesson) == SF_OK);
    SF_CHECK_STR (lesson->origin_number, second);
    SF_CHECK (lesson->input->factors [0] == INSPECTION__FACTOR__FACTOR_ENVIRONMENT);
    sf_pb_destroy (&lesson);
    SF_CHECK (s_count ("SELECT count(*) FROM lesson") == before + 3);

    sf_pb_destroy (&violation);
    free (first);
    free (second);
    sf_rpc_client_destroy (&reporter);
    sf_rpc_client_destroy (&inspector);
}

int
main (void)
{
    it_stack_start (&s_stack, "lessonauthor");
    //  A second plant, for an account that must see nothing of the first.
    SF_CHECK (dt_create (s_stack.org_admin, DIRECTORY__KIND__KIND_PLANT, s_code ("Q"), s_code ("C"), "二厂", NULL,
                         NULL) == SF_OK);
    s_now_ms = s_utc_ms (2026, 3, 10, 2);
    it_set_clock (&s_stack, s_now_ms);
    snprintf (s_schema, sizeof s_schema, "%s_lesson", s_stack.prefix);
    char env [512];
    snprintf (env, sizeof env, "SF_REDIS_STREAM_PREFIX=%s SF_TEST_SETTABLE_CLOCK=1 SF_INSPECTION_ENDPOINT=%s",
              s_stack.prefix, s_stack.inspection.endpoint);
    sf_test_daemon_start (&s_lesson, LESSON_BINARY, s_schema, env);
    sf_test_daemon_set_clock (&s_lesson, s_now_ms);
    s_db = sf_test_db_session (s_schema);
    it_wait_unit (s_db, s_code ("D2T3E2"));
    it_wait_unit (s_db, s_code ("Q"));

    sf_test_account (s_schema, "officer", "safety_officer", s_code ("P"));
    sf_test_account (s_schema, "worker", "worker", s_code ("P"));
    sf_test_account (s_schema, "foreign", "admin,ehs,plant_safety_manager,safety_officer,team_leader,worker",
                     s_code ("Q"));
    sf_rpc_client_t *officer = s_client ("officer");
    sf_rpc_client_t *worker = s_client ("worker");
    sf_rpc_client_t *foreign = s_client ("foreign");

    s_tags (worker);
    s_grading (worker);
    s_bad_inputs (officer);
    int64_t id = s_create (officer, worker, foreign);
    s_read (officer, worker, foreign, id);
    s_from_inspection (officer, worker, foreign);

    sf_rpc_client_destroy (&officer);
    sf_rpc_client_destroy (&worker);
    sf_rpc_client_destroy (&foreign);
    sf_db_destroy (&s_db);
    sf_test_daemon_stop (&s_lesson, SIGTERM);
    it_stack_stop (&s_stack);
    printf ("lesson_author_test: ok\n");
    return 0;
}
