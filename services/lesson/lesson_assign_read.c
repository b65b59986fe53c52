/*  lesson_assign_read: ListAssignments and GetProgress.                                   */
#include "lesson_assign_read.h"
#include "lesson_assign_messages.h"
#include "lesson_store.h"
#include "sf_org.h"
#include "sf_page.h"
#include "sf_pb.h"
#include "sf_scope.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  The scope unit of lesson id into units: 0, 1 no such lesson, -1 db error.
static int
s_lesson_scope (sf_call_t *call, int64_t id, sf_scope_units_t *units)
{
    char key [24];
    snprintf (key, sizeof key, "%" PRId64, id);
    const char *values [] = { key };
    sf_rows_t *rows = sf_db_query (call->db, "SELECT scope_unit FROM lesson WHERE id = $1::bigint", 1, values);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows);
    if (found)
        sf_scope_units_add (units, sf_rows_text (rows, 0, 0));
    sf_rows_destroy (&rows);
    return found? 0: 1;
}

int
lesson_assign_list_units (sf_call_t *call, sf_scope_units_t *units)
{
    const Lesson__ListAssignments *request = SF_CALL_BODY (call, Lesson__ListAssignments);
    bool by_lesson = request->lesson_id != 0, by_unit = *request->unit_code != 0;
    if (by_lesson == by_unit)
        return 1;
    if (by_lesson)
        return s_lesson_scope (call, request->lesson_id, units);
    //  A code longer than the copy holds would be cut to another unit's: the handler refuses it.
    if (strlen (request->unit_code) >= sizeof units->codes [0])
        return 1;
    sf_scope_units_add (units, request->unit_code);
    return 0;
}

int
lesson_assign_progress_units (sf_call_t *call, sf_scope_units_t *units)
{
    return s_lesson_scope (call, SF_CALL_BODY (call, Lesson__GetProgress)->lesson_id, units);
}

//  The nodes of the actor's grants as a text[] literal; NULL for the service, which sees
//  every unit. Caller frees.
static char *
s_grant_nodes (const sf_call_t *call)
{
    const sf_scope_t *scope = call->scope;
    if (!scope || scope->service)
        return NULL;
    char *nodes [SF_SCOPE_GRANTS_MAX];
    for (int g = 0; g < scope->count; g++)
        nodes [g] = (char *) scope->grants [g].grant.node_code;
    return sf_db_array_literal (nodes, (size_t) scope->count);
}

//  The units at or below any of the nodes of $1 (a loop in the copy ends the walk: UNION).
#define S_GRANTS_SQL(param) \
    "WITH RECURSIVE g (code) AS (SELECT code FROM sf_org_node WHERE code = ANY (" param ")" \
    " UNION SELECT n.code FROM sf_org_node n JOIN g ON n.parent_code = g.code) SELECT code FROM g"

//  Refuses what the scope check left to the handler; 0 when the request is one it answers.
static int
s_list_check (sf_call_t *call, const Lesson__ListAssignments *request)
{
    if ((request->lesson_id != 0) == (*request->unit_code != 0)) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &LESSON_ASSIGN_MSG_LIST_WHICH);
        return -1;
    }
    if (request->status != LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_STATUS_UNSPECIFIED
    &&  !protobuf_c_enum_descriptor_get_value (&lesson__assignment_status__descriptor, request->status)) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &LESSON_ASSIGN_MSG_STATUS, (int) request->status);
        return -1;
    }
    int found = 0;
    if (request->lesson_id) {
        char key [24];
        snprintf (key, sizeof key, "%" PRId64, request->lesson_id);
        const char *values [] = { key };
        sf_rows_t *rows = sf_db_query (call->db, "SELECT 1 FROM lesson WHERE id = $1::bigint", 1, values);
        found = rows? sf_rows_count (rows): -1;
        sf_rows_destroy (&rows);
        if (found == 0)
            sf_call_fail (call, SF_NOT_FOUND, &LESSON_ASSIGN_MSG_LESSON_UNKNOWN, (long long) request->lesson_id);
    }
    else {
        found = strlen (request->unit_code) < sizeof ((sf_org_node_t *) 0)->code?
                sf_org_find (call->db, request->unit_code, NULL): 0;
        if (found == 0)
            sf_call_fail (call, SF_NOT_FOUND, &LESSON_ASSIGN_MSG_UNIT_UNKNOWN, request->unit_code);
    }
    if (found < 0)
        sf_call_fail_db (call, "looking up what to list");
    return found == 1? 0: -1;
}

void
lesson_assign_list (sf_call_t *call)
{
    const Lesson__ListAssignments *request = SF_CALL_BODY (call, Lesson__ListAssignments);
    if (s_list_check (call, request))
        return;
    sf_page_t page;
    if (sf_page_open (call, request->page_size, request->page_token, 1, &page))
        return;
    int64_t after = INT64_MAX;
    if (page.after && sf_page_after_int (call, &page, 0, &after)) {
        sf_page_close (&page);
        return;
    }
    char lesson [24], status [8], after_text [24], limit [16];
    snprintf (lesson, sizeof lesson, "%" PRId64, request->lesson_id);
    snprintf (status, sizeof status, "%d", (int) request->status);
    snprintf (after_text, sizeof after_text, "%" PRId64, after);
    snprintf (limit, sizeof limit, "%d", page.size + 1);
    //  A lesson's list shows the units within the actor's grants; a unit's history is within
    //  them already (the scope check covered the unit).
    char *grants = request->lesson_id? s_grant_nodes (call): NULL;
    const char *values [] = { lesson, request->unit_code, status, request->late_only? "true": "false", after_text,
                              limit, grants };
    sf_rows_t *rows = sf_db_query (call->db,
        "SELECT " LESSON_ASSIGNMENT_COLUMNS " FROM " LESSON_ASSIGNMENT_FROM
        " WHERE ($1::bigint = 0 OR a.lesson_id = $1::bigint)"
        "   AND ($2 = '' OR a.unit_code IN (" SF_ORG_SUBTREE_SQL ("$2") "))"
        "   AND ($3::smallint = 0 OR a.status = $3::smallint)"
        "   AND (NOT $4::boolean OR a.late)"
        "   AND a.id < $5::bigint"
        "   AND ($7::text[] IS NULL OR a.unit_code IN (" S_GRANTS_SQL ("$7::text[]") "))"
        " ORDER BY a.id DESC LIMIT $6::int", 7, values);
    free (grants);
    if (!rows)
        sf_call_fail_db (call, "listing assignments");
    else {
        Lesson__AssignmentList *list = sf_pb_new (&lesson__assignment_list__descriptor);
        int count = sf_rows_count (rows);
        for (int row = 0; row < count && row < page.size; row++) {
            list->assignments = realloc (list->assignments, (list->n_assignments + 1) * sizeof *list->assignments);
            list->assignments [list->n_assignments++] = lesson_assignment_from_row (rows, row);
        }
        if (count > page.size) {
            char key [24];
            snprintf (key, sizeof key, "%" PRId64, list->assignments [page.size - 1]->id);
            const char *keys [] = { key };
            list->next_page_token = sf_page_token (call, keys, 1);
        }
        sf_call_reply (call, &list->base);
        sf_pb_destroy (&list);
    }
    sf_rows_destroy (&rows);
    sf_page_close (&page);
}

void
lesson_assign_progress (sf_call_t *call)
{
    const Lesson__GetProgress *request = SF_CALL_BODY (call, Lesson__GetProgress);
    char key [24], acknowledged [8], self_checked [8], reported [8], closed [8];
    snprintf (key, sizeof key, "%" PRId64, request->lesson_id);
    snprintf (acknowledged, sizeof acknowledged, "%d", LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_ACKNOWLEDGED);
    snprintf (self_checked, sizeof self_checked, "%d", LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_SELF_CHECKED);
    snprintf (reported, sizeof reported, "%d", LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_REPORTED);
    snprintf (closed, sizeof closed, "%d", LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_CLOSED);
    const char *values [] = { key, acknowledged, self_checked, reported, closed };
    //  An assignment counts in every stage it passed (a closed one was acknowledged too); a
    //  finding is open until rectification closed or cancelled its form.
    sf_rows_t *rows = sf_db_query (call->db,
        "SELECT l.number, l.status, count (DISTINCT a.id),"
        "       count (DISTINCT a.id) FILTER (WHERE a.status >= $2::smallint),"
        "       count (DISTINCT a.id) FILTER (WHERE a.status >= $3::smallint),"
        "       count (DISTINCT a.id) FILTER (WHERE a.status >= $4::smallint),"
        "       count (DISTINCT a.id) FILTER (WHERE a.status = $5::smallint),"
        "       count (DISTINCT a.id) FILTER (WHERE a.late),"
        "       count (DISTINCT a.id) FILTER (WHERE a.check_missed),"
        "       count (DISTINCT a.id) FILTER (WHERE a.check_sent_ms IS NULL),"
        "       count (f.finding_id), count (f.finding_id) FILTER (WHERE o.finding_id IS NULL)"
        "  FROM lesson l LEFT JOIN assignment a ON a.lesson_id = l.id"
        "       LEFT JOIN assignment_finding f ON f.assignment_id = a.id"
        "       LEFT JOIN finding_outcome o ON o.finding_id = f.finding_id"
        " WHERE l.id = $1::bigint GROUP BY l.id", 5, values);
    if (!rows)
        sf_call_fail_db (call, "counting a lesson's progress");
    else
    if (sf_rows_count (rows) == 0)
        sf_call_fail (call, SF_NOT_FOUND, &LESSON_ASSIGN_MSG_LESSON_UNKNOWN, (long long) request->lesson_id);
    else {
        Lesson__Progress *progress = sf_pb_new (&lesson__progress__descriptor);
        int c = 0;
        progress->lesson_id = request->lesson_id;
        sf_pb_set (&progress->lesson_number, sf_rows_text (rows, 0, c++));
        progress->status = (Lesson__LessonStatus) sf_rows_int (rows, 0, c++);
        progress->targets = (int32_t) sf_rows_int (rows, 0, c++);
        progress->acknowledged = (int32_t) sf_rows_int (rows, 0, c++);
        progress->self_checked = (int32_t) sf_rows_int (rows, 0, c++);
        progress->reported = (int32_t) sf_rows_int (rows, 0, c++);
        progress->closed = (int32_t) sf_rows_int (rows, 0, c++);
        progress->late = (int32_t) sf_rows_int (rows, 0, c++);
        progress->not_done = (int32_t) sf_rows_int (rows, 0, c++);
        progress->checks_pending = (int32_t) sf_rows_int (rows, 0, c++);
        progress->findings = (int32_t) sf_rows_int (rows, 0, c++);
        progress->findings_open = (int32_t) sf_rows_int (rows, 0, c++);
        sf_call_reply (call, &progress->base);
        sf_pb_destroy (&progress);
    }
    sf_rows_destroy (&rows);
}
