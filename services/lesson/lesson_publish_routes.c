/*  lesson_publish_routes: this area's part of the route table (lesson.h): the units a draft
    would reach and why (PreviewTargets, changes nothing), and publishing it (PublishLesson):
    the targets stored with their reasons, one assignment each with its special check to
    request of inspection (the assignment row is that call's outbox: lesson_checks.c sends
    it), the lesson published, and the events, all in the command's transaction
    (README_publish.md). Both act where the lesson's scope unit is.                        */
#include "lesson.h"
#include "lesson_events.h"
#include "lesson_store.h"
#include "lesson_target.h"
#include "sf_clock.h"
#include "sf_log.h"
#include "sf_pb.h"
#include "sf_scope.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_ROLES "admin,ehs,plant_safety_manager,safety_officer"

#define S_ROUTE(Request, Reply, fn) \
    .request = &lesson__##Request##__descriptor, .reply = &lesson__##Reply##__descriptor, .handler = fn

static const sf_text_t s_no_lesson = { "事故教训 %" PRId64 " 不存在", "no lesson %" PRId64 };
static const sf_text_t s_published = { "事故教训 %s 已经发布，不能再次发布", "lesson %s is already published" };
static const sf_text_t s_closed = { "事故教训 %s 已经关闭，不能发布", "lesson %s is closed: it cannot be published" };

//  The lesson's scope unit (sf_route_t.scope_of): 0 filled, 1 no such lesson, -1 error.
static int
s_lesson_units (sf_call_t *call, int64_t id, sf_scope_units_t *units)
{
    char key [24];
    snprintf (key, sizeof key, "%" PRId64, id);
    const char *values [] = { key };
    sf_rows_t *rows = sf_db_query (call->db, "SELECT scope_unit FROM lesson WHERE id = $1::bigint", 1, values);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows) > 0;
    if (found)
        sf_scope_units_add (units, sf_rows_text (rows, 0, 0));
    sf_rows_destroy (&rows);
    return found? 0: 1;
}

static int
s_preview_units (sf_call_t *call, sf_scope_units_t *units)
{
    return s_lesson_units (call, SF_CALL_BODY (call, Lesson__PreviewTargets)->lesson_id, units);
}

static int
s_publish_units (sf_call_t *call, sf_scope_units_t *units)
{
    return s_lesson_units (call, SF_CALL_BODY (call, Lesson__PublishLesson)->lesson_id, units);
}

//  The lesson id, a draft (locked when lock). 0 with *lesson set, or -1 with the call failed.
static int
s_draft (sf_call_t *call, int64_t id, bool lock, Lesson__Lesson **lesson)
{
    int found = lesson_lesson_get (call->db, id, lock, lesson);
    if (found < 0)
        sf_call_fail_db (call, "reading a lesson");
    else
    if (!found)
        sf_call_fail (call, SF_NOT_FOUND, &s_no_lesson, id);
    else
    if ((*lesson)->status != LESSON__LESSON_STATUS__LESSON_DRAFT) {
        sf_call_fail (call, SF_FAILED_PRECONDITION,
                      (*lesson)->status == LESSON__LESSON_STATUS__LESSON_CLOSED? &s_closed: &s_published,
                      (*lesson)->number);
        sf_pb_destroy (lesson);
        return -1;
    }
    return found == 1? 0: -1;
}

static void
s_preview (sf_call_t *call)
{
    const Lesson__PreviewTargets *request = SF_CALL_BODY (call, Lesson__PreviewTargets);
    Lesson__Lesson *lesson = NULL;
    Lesson__Targets *targets = NULL;
    if (s_draft (call, request->lesson_id, false, &lesson) == 0
    &&  lesson_target_compute (call, lesson, request->units, request->n_units, request->match, &targets) == 0)
        sf_call_reply (call, &targets->base);
    sf_pb_destroy (&targets);
    sf_pb_destroy (&lesson);
}

//  The targets into lesson_target, each packed with its reasons, in one statement. 0 or -1.
static int
s_store_targets (sf_db_t *db, int64_t lesson_id, Lesson__Target *const *targets, size_t count)
{
    char **codes = calloc (count, sizeof *codes), **packed = calloc (count, sizeof *packed);
    int64_t *reason_counts = calloc (count, sizeof *reason_counts);
    for (size_t i = 0; i < count; i++) {
        size_t size = protobuf_c_message_get_packed_size (&targets [i]->base);
        uint8_t *bytes = malloc (size + 1);
        protobuf_c_message_pack (&targets [i]->base, bytes);
        packed [i] = malloc (2 * size + 1);
        for (size_t b = 0; b < size; b++)
            snprintf (packed [i] + 2 * b, 3, "%02x", bytes [b]);
        packed [i][2 * size] = 0;
        free (bytes);
        codes [i] = targets [i]->unit_code;
        reason_counts [i] = targets [i]->reason_count;
    }
    char id [24];
    snprintf (id, sizeof id, "%" PRId64, lesson_id);
    char *code_array = sf_db_array_literal (codes, count), *packed_array = sf_db_array_literal (packed, count),
         *count_array = sf_db_int_array_literal (reason_counts, count);
    const char *values [] = { id, code_array, count_array, packed_array };
    int64_t rc = sf_db_exec (db, "INSERT INTO lesson_target (lesson_id, unit_code, reason_count, reasons)"
                                 " SELECT $1::bigint, t.unit, t.reasons, decode (t.packed, 'hex')"
                                 " FROM unnest ($2::text[], $3::integer[], $4::text[]) AS t (unit, reasons, packed)",
                             4, values);
    for (size_t i = 0; i < count; i++)
        free (packed [i]);
    free (codes), free (packed), free (reason_counts), free (code_array), free (packed_array), free (count_array);
    return rc == (int64_t) count? 0: -1;
}

//  One assignment per target (its kind and plant from the org copy, plan_code LS<id>), then
//  the lesson published. 0 or -1.
static int
s_store_publication (sf_call_t *call, const Lesson__Lesson *lesson, const Lesson__Targets *targets)
{
    char **codes = calloc (targets->n_targets, sizeof *codes);
    for (size_t i = 0; i < targets->n_targets; i++)
        codes [i] = targets->targets [i]->unit_code;
    char *code_array = sf_db_array_literal (codes, targets->n_targets);
    free (codes);
    char id [24], deadline [24], assigned [8], published [8], now [24];
    snprintf (id, sizeof id, "%" PRId64, lesson->id);
    snprintf (deadline, sizeof deadline, "%" PRId64, lesson->deadline_ms);
    snprintf (assigned, sizeof assigned, "%d", LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_ASSIGNED);
    snprintf (published, sizeof published, "%d", LESSON__LESSON_STATUS__LESSON_PUBLISHED);
    snprintf (now, sizeof now, "%" PRId64, sf_clock_now_ms ());
    const char *values [] = { id, code_array, deadline, assigned };
    int64_t inserted = sf_db_exec (call->db,
        "INSERT INTO assignment (id, lesson_id, unit_code, plant_code, unit_kind, status, deadline_ms, plan_code,"
        " next_escalation_ms)"
        " SELECT s.id, $1::bigint, s.code, s.plant, s.kind, $4::smallint, $3::bigint, 'LS' || s.id, $3::bigint"
        " FROM (SELECT nextval ('assignment_id_seq') AS id, n.code, coalesce (n.plant_code, '') AS plant, n.kind"
        "   FROM unnest ($2::text[]) WITH ORDINALITY AS u (code, i) JOIN sf_org_node n ON n.code = u.code) s",
        4, values);
    free (code_array);
    if (inserted != (int64_t) targets->n_targets)
        return -1;
    const char *update [] = { id, published, call->request->actor.user_id, now };
    return sf_db_exec (call->db, "UPDATE lesson SET status = $2::smallint, published_by = $3,"
                                 " published_ms = $4::bigint, version = version + 1 WHERE id = $1::bigint",
                       4, update) == 1? 0: -1;
}

//  The lesson's assignments, by unit, into publication. 0 or -1.
static int
s_read_assignments (sf_db_t *db, int64_t lesson_id, Lesson__Publication *publication)
{
    char id [24];
    snprintf (id, sizeof id, "%" PRId64, lesson_id);
    const char *values [] = { id };
    sf_rows_t *rows = sf_db_query (db, "SELECT " LESSON_ASSIGNMENT_COLUMNS " FROM " LESSON_ASSIGNMENT_FROM
                                       " WHERE a.lesson_id = $1::bigint ORDER BY a.unit_code", 1, values);
    if (!rows)
        return -1;
    publication->n_assignments = (size_t) sf_rows_count (rows);
    publication->assignments = calloc (publication->n_assignments + 1, sizeof *publication->assignments);
    for (int row = 0; row < sf_rows_count (rows); row++)
        publication->assignments [row] = lesson_assignment_from_row (rows, row);
    sf_rows_destroy (&rows);
    return 0;
}

//  lesson.lesson_published (without the assignments), then lesson.assignment_created each.
static int
s_emit (sf_call_t *call, Lesson__Publication *publication)
{
    size_t n_assignments = publication->n_assignments;
    publication->n_assignments = 0;
    const Lesson__Lesson *lesson = publication->lesson;
    int rc = lesson_emit (call, NULL, "lesson.lesson_published", "lesson", lesson->id, lesson->version,
                          lesson->plant_code, &publication->base);
    publication->n_assignments = n_assignments;
    for (size_t i = 0; i < n_assignments && rc == 0; i++)
        rc = lesson_emit_assignment (call, NULL, "lesson.assignment_created", publication->assignments [i]);
    return rc;
}

static void
s_publish (sf_call_t *call)
{
    const Lesson__PublishLesson *request = SF_CALL_BODY (call, Lesson__PublishLesson);
    Lesson__Lesson *lesson = NULL;
    Lesson__Targets *targets = NULL;
    if (s_draft (call, request->lesson_id, true, &lesson)
    ||  lesson_target_compute (call, lesson, request->units, request->n_units, request->match, &targets)) {
        sf_pb_destroy (&lesson);
        return;
    }
    Lesson__Publication *publication = sf_pb_new (&lesson__publication__descriptor);
    const char *failed = NULL;
    if (s_store_targets (call->db, lesson->id, targets->targets, targets->n_targets))
        failed = "storing the targets";
    else
    if (s_store_publication (call, lesson, targets))
        failed = "storing the assignments";
    else
    if (lesson_lesson_get (call->db, lesson->id, false, &publication->lesson) != 1)
        failed = "reading the lesson back";
    else
    if (s_read_assignments (call->db, lesson->id, publication))
        failed = "reading the assignments";
    if (!failed) {
        //  The targets move to the publication.
        publication->targets = targets->targets;
        publication->n_targets = targets->n_targets;
        targets->targets = NULL;
        targets->n_targets = 0;
        if (s_emit (call, publication))
            failed = "writing the events";
    }
    if (failed)
        sf_call_fail_db (call, failed);
    else {
        sf_call_reply (call, &publication->base);
        sf_info ("lesson %s published by %s: %zu assignments", lesson->number, call->request->actor.user_id,
                 publication->n_assignments);
    }
    sf_pb_destroy (&publication);
    sf_pb_destroy (&targets);
    sf_pb_destroy (&lesson);
}

const sf_route_t lesson_publish_routes [] = {
    { S_ROUTE (preview_targets, targets, s_preview), .roles = S_ROLES, .scope_of = s_preview_units },
    //  Alone: a publication writes up to lesson_rule max_targets assignments and their events.
    { S_ROUTE (publish_lesson, publication, s_publish), .writes = true, .alone = true, .roles = S_ROLES,
      .scope_of = s_publish_units },
    { 0 }
};
