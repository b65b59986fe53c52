/*  lesson_author_read: GetLesson (scope: the lesson's scope unit) and ListLessons (the
    lessons that may reach a unit, its scope at or above it, and those of the units below
    it; newest first, paged on id).                                                         */
#include "lesson_author.h"
#include "lesson_author_messages.h"
#include "lesson_grade.h"
#include "lesson_store.h"
#include "sf_org.h"
#include "sf_page.h"
#include "sf_pb.h"
#include "sf_scope.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
lesson_author_lesson_units (sf_call_t *call, sf_scope_units_t *units)
{
    const Lesson__GetLesson *request = SF_CALL_BODY (call, Lesson__GetLesson);
    char id [24];
    snprintf (id, sizeof id, "%" PRId64, request->id);
    const char *org_node = call->request->actor.org_node;
    const char *values [] = { id, org_node? org_node: "" };
    //  The lesson's scope unit, and the acting unit when the lesson may reach it (its scope
    //  unit is the acting unit or above it): a team reads the company's lessons, as
    //  ListLessons lists them.
    sf_rows_t *rows = sf_db_query (call->db,
        "WITH RECURSIVE up (code, parent_code) AS ("
        "  SELECT code, parent_code FROM sf_org_node WHERE code = $2"
        "  UNION SELECT n.code, n.parent_code FROM sf_org_node n JOIN up ON n.code = up.parent_code"
        ") SELECT l.scope_unit, EXISTS (SELECT 1 FROM up WHERE up.code = l.scope_unit)"
        " FROM lesson l WHERE l.id = $1::bigint", 2, values);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows);
    if (found) {
        sf_scope_units_add (units, sf_rows_text (rows, 0, 0));
        if (sf_rows_bool (rows, 0, 1))
            sf_scope_units_add (units, org_node);
    }
    sf_rows_destroy (&rows);
    return found? 0: 1;
}

void
lesson_author_get (sf_call_t *call)
{
    const Lesson__GetLesson *request = SF_CALL_BODY (call, Lesson__GetLesson);
    Lesson__Lesson *lesson = NULL;
    int found = lesson_lesson_get (call->db, request->id, false, &lesson);
    if (found < 0 || (found && lesson_grade_basis (call->db, lesson->grade)))
        sf_call_fail_db (call, "reading a lesson");
    else
    if (!found)
        sf_call_fail (call, SF_NOT_FOUND, &LESSON_AUTHOR_MSG_LESSON_UNKNOWN, (long long) request->id);
    else
        sf_call_reply (call, &lesson->base);
    sf_pb_destroy (&lesson);
}

//  The units at or above $1 (a loop in the copy ends the walk: UNION).
#define S_UP_SQL(param) \
    "WITH RECURSIVE up (code, parent) AS (SELECT code, parent_code FROM sf_org_node WHERE code = " param \
    " UNION SELECT n.code, n.parent_code FROM sf_org_node n JOIN up ON n.code = up.parent) SELECT code FROM up"

void
lesson_author_list (sf_call_t *call)
{
    const Lesson__ListLessons *request = SF_CALL_BODY (call, Lesson__ListLessons);
    if (request->status != LESSON__LESSON_STATUS__LESSON_STATUS_UNSPECIFIED
    &&  (!protobuf_c_enum_descriptor_get_value (&lesson__lesson_status__descriptor, request->status))) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &LESSON_AUTHOR_MSG_STATUS, (int) request->status);
        return;
    }
    sf_page_t page;
    if (sf_page_open (call, request->page_size, request->page_token, 1, &page))
        return;
    int64_t after = 0;
    if (page.after && sf_page_after_int (call, &page, 0, &after)) {
        sf_page_close (&page);
        return;
    }
    char status [8], after_text [24], limit [16];
    snprintf (status, sizeof status, "%d", (int) request->status);
    snprintf (after_text, sizeof after_text, "%" PRId64, page.after? after: INT64_MAX);
    snprintf (limit, sizeof limit, "%d", page.size + 1);
    const char *values [] = { request->unit_code, status, after_text, limit };
    sf_rows_t *rows = sf_db_query (call->db,
        "SELECT " LESSON_LESSON_COLUMNS " FROM " LESSON_LESSON_FROM
        " WHERE (l.scope_unit IN (" S_UP_SQL ("$1") ") OR l.scope_unit IN (" SF_ORG_SUBTREE_SQL ("$1") "))"
        " AND ($2::smallint = 0 OR l.status = $2::smallint) AND l.id < $3::bigint"
        " ORDER BY l.id DESC LIMIT $4::int", 4, values);
    lesson_grading_t *grading = rows? lesson_grading_load (call->db): NULL;
    if (!grading)
        sf_call_fail_db (call, "listing lessons");
    else {
        Lesson__LessonList *list = sf_pb_new (&lesson__lesson_list__descriptor);
        int count = sf_rows_count (rows);
        for (int row = 0; row < count && row < page.size; row++) {
            Lesson__Lesson *lesson = lesson_lesson_from_row (rows, row);
            lesson_grading_basis (grading, lesson->grade);
            list->lessons = realloc (list->lessons, (list->n_lessons + 1) * sizeof *list->lessons);
            list->lessons [list->n_lessons++] = lesson;
        }
        if (count > page.size) {
            char key [24];
            snprintf (key, sizeof key, "%" PRId64, list->lessons [page.size - 1]->id);
            const char *keys [] = { key };
            list->next_page_token = sf_page_token (call, keys, 1);
        }
        sf_call_reply (call, &list->base);
        sf_pb_destroy (&list);
    }
    lesson_grading_destroy (&grading);
    sf_rows_destroy (&rows);
    sf_page_close (&page);
}
