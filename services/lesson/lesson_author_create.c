/*  lesson_author_create: CreateLesson, and the draft every way of writing a lesson stores
    (README_author.md, "Checks"): each check refuses with its reason before anything is
    written; then one INSERT takes the number, the grade and the deadline, and the event
    lesson.lesson_created goes into the outbox in the same transaction.                    */
#include "lesson.h"
#include "lesson_author.h"
#include "lesson_author_messages.h"
#include "lesson_events.h"
#include "lesson_grade.h"
#include "lesson_store.h"
#include "lesson_tags.h"
#include "sf_clock.h"
#include "sf_org.h"
#include "sf_pb.h"
#include "sf_utf8.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  The contract's bounds (proto/lesson.proto, LessonInput).
#define S_TITLE_MAX_CHARS 200
#define S_SUMMARY_MAX_CHARS 4000
#define S_PLACE_MAX_CHARS 200
#define S_CAUSES_MAX_CHARS 4000
#define S_TAGS_MAX 10
#define S_ACTIONS_MAX 20
#define S_ACTION_MAX_CHARS 500

//  What the checks found, for the INSERT.
typedef struct {
    char today [16];
    char deadline_on [16];
    sf_org_node_t unit;
    char **tags;                 //  distinct, in the order given
    size_t tag_count;
    int64_t factors [8];         //  distinct, in the order given
    size_t factor_count;
} s_draft_t;

const char *
lesson_author_unit (const sf_call_t *call, const char *named)
{
    if (named && *named)
        return named;
    const char *own = call->request->actor.org_node;
    return own? own: "";
}

//  Refuses text when required and blank, or longer than max_chars. 0 or -1 (call failed).
static int
s_text (sf_call_t *call, const char *text, bool required, size_t max_chars, const char *zh, const char *en)
{
    if (required && sf_utf8_blank (text)) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &LESSON_AUTHOR_MSG_MISSING, zh, en);
        return -1;
    }
    if (sf_utf8_chars (text, strlen (text)) > max_chars) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &LESSON_AUTHOR_MSG_TOO_LONG, zh, en, (int) max_chars);
        return -1;
    }
    return 0;
}

static bool
s_leap (int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

//  "YYYY-MM-DD", a day of the calendar from the year 1900 on.
static bool
s_date_valid (const char *text)
{
    if (strlen (text) != 10 || text [4] != '-' || text [7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit ((unsigned char) text [i]))
            return false;
    int year = atoi (text), month = atoi (text + 5), day = atoi (text + 8);
    static const int days [] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (year < 1900 || month < 1 || month > 12 || day < 1)
        return false;
    return day <= days [month - 1] + (month == 2 && s_leap (year)? 1: 0);
}

//  The checks that need no database: the texts, the figures, the factors, the counts.
static int
s_check_input (sf_call_t *call, const Lesson__LessonInput *in, s_draft_t *draft)
{
    const ProtobufCEnumValue *source = protobuf_c_enum_descriptor_get_value (&lesson__lesson_source__descriptor,
                                                                              in->source);
    if (!source || in->source == LESSON__LESSON_SOURCE__LESSON_SOURCE_UNSPECIFIED) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &LESSON_AUTHOR_MSG_SOURCE, (int) in->source);
        return -1;
    }
    if (s_text (call, in->title_zh, true, S_TITLE_MAX_CHARS, "中文标题", "title_zh")
    ||  s_text (call, in->title_en, false, S_TITLE_MAX_CHARS, "英文标题", "title_en")
    ||  s_text (call, in->summary, true, S_SUMMARY_MAX_CHARS, "事故经过", "summary")
    ||  s_text (call, in->place, false, S_PLACE_MAX_CHARS, "事故地点", "place")
    ||  s_text (call, in->causes, false, S_CAUSES_MAX_CHARS, "原因分析", "causes"))
        return -1;
    if (*in->occurred_on && !s_date_valid (in->occurred_on)) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &LESSON_AUTHOR_MSG_DATE, "事故日期", "occurred_on", in->occurred_on);
        return -1;
    }
    if (*in->deadline_on && !s_date_valid (in->deadline_on)) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &LESSON_AUTHOR_MSG_DATE, "完成期限", "deadline_on", in->deadline_on);
        return -1;
    }
    const struct { const char *zh, *en; int64_t value; } figures [] = {
        { "死亡人数", "deaths", in->deaths },
        { "重伤人数", "serious_injuries", in->serious_injuries },
        { "直接经济损失", "direct_loss_yuan", in->direct_loss_yuan }
    };
    for (size_t i = 0; i < sizeof figures / sizeof figures [0]; i++)
        if (figures [i].value < 0) {
            sf_call_fail (call, SF_INVALID_ARGUMENT, &LESSON_AUTHOR_MSG_NEGATIVE, figures [i].zh, figures [i].en,
                          (long long) figures [i].value);
            return -1;
        }
    for (size_t i = 0; i < in->n_factors; i++) {
        int factor = (int) in->factors [i];
        if (factor == INSPECTION__FACTOR__FACTOR_UNSPECIFIED
        ||  !protobuf_c_enum_descriptor_get_value (&inspection__factor__descriptor, factor)) {
            sf_call_fail (call, SF_INVALID_ARGUMENT, &LESSON_AUTHOR_MSG_FACTOR, (int) i + 1, factor);
            return -1;
        }
        bool seen = false;
        for (size_t j = 0; j < draft->factor_count; j++)
            seen = seen || draft->factors [j] == factor;
        if (!seen && draft->factor_count < sizeof draft->factors / sizeof draft->factors [0])
            draft->factors [draft->factor_count++] = factor;
    }
    if (in->n_tags < 1 || in->n_tags > S_TAGS_MAX) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &LESSON_AUTHOR_MSG_TAG_COUNT, S_TAGS_MAX);
        return -1;
    }
    draft->tags = calloc (in->n_tags, sizeof *draft->tags);
    for (size_t i = 0; i < in->n_tags; i++) {
        bool seen = false;
        for (size_t j = 0; j < draft->tag_count; j++)
            seen = seen || strcmp (draft->tags [j], in->tags [i]) == 0;
        if (!seen)
            draft->tags [draft->tag_count++] = in->tags [i];
    }
    if (in->n_actions < 1 || in->n_actions > S_ACTIONS_MAX) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &LESSON_AUTHOR_MSG_ACTION_COUNT, S_ACTIONS_MAX);
        return -1;
    }
    for (size_t i = 0; i < in->n_actions; i++) {
        if (sf_utf8_blank (in->actions [i])) {
            sf_call_fail (call, SF_INVALID_ARGUMENT, &LESSON_AUTHOR_MSG_ACTION_BLANK, (int) i + 1);
            return -1;
        }
        if (sf_utf8_chars (in->actions [i], strlen (in->actions [i])) > S_ACTION_MAX_CHARS) {
            sf_call_fail (call, SF_INVALID_ARGUMENT, &LESSON_AUTHOR_MSG_ACTION_TOO_LONG, (int) i + 1, S_ACTION_MAX_CHARS);
            return -1;
        }
    }
    return 0;
}

//  The checks against the tables: the tags, the dates against today in lesson.time_zone,
//  the scope unit in the org copy.
static int
s_check_stored (sf_call_t *call, const Lesson__LessonInput *in, s_draft_t *draft)
{
    const lesson_state_t *state = call->state;
    int unknown = lesson_tags_first_unknown (call->db, draft->tags, draft->tag_count);
    if (unknown < 0) {
        sf_call_fail_db (call, "checking a lesson's tags");
        return -1;
    }
    if ((size_t) unknown < draft->tag_count) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &LESSON_AUTHOR_MSG_TAG_UNKNOWN, draft->tags [unknown]);
        return -1;
    }
    char now [24];
    snprintf (now, sizeof now, "%" PRId64, sf_clock_now_ms ());
    const char *values [] = { now, state->time_zone };
    sf_rows_t *rows = sf_db_query (call->db,
        "SELECT d::text, coalesce ((d + (SELECT value FROM lesson_rule WHERE name = 'default_deadline_days')::int)::text, '')"
        " FROM (SELECT (to_timestamp ($1::bigint / 1000.0) AT TIME ZONE $2)::date AS d) t", 2, values);
    if (!rows) {
        sf_call_fail_db (call, "reading today's date");
        return -1;
    }
    snprintf (draft->today, sizeof draft->today, "%s", sf_rows_text (rows, 0, 0));
    snprintf (draft->deadline_on, sizeof draft->deadline_on, "%s",
              *in->deadline_on? in->deadline_on: sf_rows_text (rows, 0, 1));
    sf_rows_destroy (&rows);
    //  Dates as YYYY-MM-DD compare as text.
    if (*in->occurred_on && strcmp (in->occurred_on, draft->today) > 0) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &LESSON_AUTHOR_MSG_OCCURRED_FUTURE, in->occurred_on, draft->today);
        return -1;
    }
    if (!*draft->deadline_on) {
        sf_call_fail (call, SF_INTERNAL, sf_status_text (SF_INTERNAL));
        sf_log (SF_LOG_ERROR, &call->log, "lesson_rule default_deadline_days is missing");
        return -1;
    }
    if (strcmp (draft->deadline_on, draft->today) < 0) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &LESSON_AUTHOR_MSG_DEADLINE_PAST, draft->deadline_on, draft->today);
        return -1;
    }
    const char *unit = lesson_author_unit (call, in->scope_unit);
    int found = sf_org_find (call->db, unit, &draft->unit);
    if (found < 0)
        sf_call_fail_db (call, "looking up the lesson's scope unit");
    else
    if (!found)
        sf_call_fail (call, SF_NOT_FOUND, &LESSON_AUTHOR_MSG_UNIT_UNKNOWN, unit);
    else
    if (draft->unit.kind == SF_ORG_EMPLOYEE)
        sf_call_fail (call, SF_INVALID_ARGUMENT, &LESSON_AUTHOR_MSG_UNIT_EMPLOYEE, unit);
    else
    if (!draft->unit.active)
        sf_call_fail (call, SF_FAILED_PRECONDITION, &LESSON_AUTHOR_MSG_UNIT_INACTIVE, unit);
    return found == 1 && draft->unit.kind != SF_ORG_EMPLOYEE && draft->unit.active? 0: -1;
}

//  The draft's row; its id, or 0 with the call failed.
static int64_t
s_insert (sf_call_t *call, const Lesson__LessonInput *in, const s_draft_t *draft, const Lesson__Grade *grade,
          const char *origin_number)
{
    const lesson_state_t *state = call->state;
    char source [8], deaths [16], injuries [16], loss [24], grade_value [8], status [8], now [24];
    snprintf (source, sizeof source, "%d", (int) in->source);
    snprintf (deaths, sizeof deaths, "%d", (int) in->deaths);
    snprintf (injuries, sizeof injuries, "%d", (int) in->serious_injuries);
    snprintf (loss, sizeof loss, "%" PRId64, in->direct_loss_yuan);
    snprintf (grade_value, sizeof grade_value, "%d", (int) grade->grade);
    snprintf (status, sizeof status, "%d", LESSON__LESSON_STATUS__LESSON_DRAFT);
    snprintf (now, sizeof now, "%" PRId64, sf_clock_now_ms ());
    char *factors = sf_db_int_array_literal (draft->factors, draft->factor_count);
    char *tags = sf_db_array_literal (draft->tags, draft->tag_count);
    char *actions = sf_db_array_literal (in->actions, in->n_actions);
    const char *user = call->request->actor.user_id? call->request->actor.user_id: "";
    const char *values [] = {
        draft->today, state->time_zone, source, in->source_ref, in->title_zh, in->title_en, in->summary,
        in->occurred_on, in->place, deaths, injuries, loss, grade_value, grade->criterion, in->causes, factors,
        tags, actions, draft->deadline_on, draft->unit.code, draft->unit.plant_code, origin_number, status, user, now
    };
    sf_rows_t *rows = sf_db_query (call->db,
        "INSERT INTO lesson (number, source, source_ref, title_zh, title_en, summary, occurred_on, place, deaths,"
        " serious_injuries, direct_loss_yuan, grade, grade_criterion, causes, factors, tags, actions, deadline_on,"
        " deadline_ms, scope_unit, plant_code, origin_number, status, created_by, created_ms)"
        " SELECT 'L' || to_char ($1::date, 'YYYY') || '-' || lpad (n.s::text, greatest (4, length (n.s::text)), '0'),"
        " $3::smallint, $4, $5, $6, $7, nullif ($8, '')::date, $9, $10::int, $11::int, $12::bigint, $13::smallint,"
        " $14, $15, $16::smallint[], $17::text[], $18::text[], $19::date,"
        " (extract (epoch FROM (($19::date + 1)::timestamp AT TIME ZONE $2)) * 1000)::bigint,"
        " $20, $21, $22, $23::smallint, $24, $25::bigint"
        " FROM (SELECT nextval ('lesson_number_seq') AS s) n RETURNING id", 25, values);
    free (factors);
    free (tags);
    free (actions);
    if (!rows) {
        sf_call_fail_db (call, "storing a lesson");
        return 0;
    }
    int64_t id = sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    return id;
}

void
lesson_author_store (sf_call_t *call, const Lesson__LessonInput *in, const char *origin_number)
{
    s_draft_t draft = { 0 };
    Lesson__Grade *grade = sf_pb_new (&lesson__grade__descriptor);
    Lesson__Lesson *lesson = NULL;
    int64_t id = 0;
    if (s_check_input (call, in, &draft) || s_check_stored (call, in, &draft))
        goto done;
    if (lesson_grade_compute (call->db, in->deaths, in->serious_injuries, in->direct_loss_yuan, grade)) {
        sf_call_fail_db (call, "grading a lesson");
        goto done;
    }
    id = s_insert (call, in, &draft, grade, origin_number);
    if (!id)
        goto done;
    if (lesson_lesson_get (call->db, id, false, &lesson) != 1) {
        sf_call_fail_db (call, "reading the lesson stored");
        goto done;
    }
    sf_pb_set (&lesson->grade->basis, grade->basis);
    if (lesson_emit (call, call->db, "lesson.lesson_created", "lesson", lesson->id, lesson->version,
                     lesson->plant_code, &lesson->base)) {
        sf_call_fail_db (call, "adding lesson.lesson_created to the outbox");
        goto done;
    }
    sf_log (SF_LOG_INFO, &call->log, "lesson %s (id %" PRId64 ", grade %d by '%s') drafted for %s by %s%s%s",
            lesson->number, lesson->id, (int) lesson->grade->grade, lesson->grade->criterion,
            lesson->input->scope_unit, lesson->created_by, *origin_number? " from ": "", origin_number);
    sf_call_reply (call, &lesson->base);
done:
    sf_pb_destroy (&lesson);
    sf_pb_destroy (&grade);
    free (draft.tags);
}

void
lesson_author_create (sf_call_t *call)
{
    const Lesson__CreateLesson *request = SF_CALL_BODY (call, Lesson__CreateLesson);
    lesson_author_store (call, request->lesson, "");
}
