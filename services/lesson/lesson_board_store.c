/*  lesson_board_store: GetLessonBoard's reads (migrations/030_screen_board.sql). The lessons
    in progress at the plant are its summary rows with total > closed (a partial index); each
    is summed over its rows of the plant (or of every plant: a primary key range per lesson,
    LATERAL, so the planner never scans the table), the totals over all of them
    (window sums, before the 20 newest are kept) and joined to its lesson by id for the
    title, the accident's day and grade. The enterprise adds per plant the open and overdue
    assignments, from the same partial index.                                              */
#include "lesson_board_store.h"
#include "sf_pb.h"

#include <inttypes.h>
#include <stdio.h>

//  The lessons from the CTE s (lesson_id, total, closed, overdue), $1 now, $2 the limit.
#define S_LESSONS \
    " SELECT s.lesson_id, l.number, l.title_zh, l.title_en, coalesce (l.occurred_on::text, ''), l.grade," \
    "        l.deadline_on::text, s.total, s.closed, s.overdue," \
    "        count (*) OVER (), sum (s.total - s.closed) OVER (), sum (s.overdue) OVER ()" \
    " FROM s JOIN lesson l ON l.id = s.lesson_id ORDER BY s.lesson_id DESC LIMIT $2::int"

//  One plant ($3).
static const char *s_plant_sql =
    "WITH p AS (SELECT DISTINCT lesson_id FROM board_lesson_plant WHERE plant_code = $3 AND total > closed),"
    " s AS (SELECT p.lesson_id, x.total, x.closed, x.overdue FROM p,"
    "       LATERAL (SELECT sum (b.total) AS total, sum (b.closed) AS closed,"
    "                       coalesce (sum (b.unreported) FILTER (WHERE b.deadline_ms < $1::bigint), 0) AS overdue"
    "                FROM board_lesson_plant b WHERE b.lesson_id = p.lesson_id AND b.plant_code = $3) x)"
    S_LESSONS;

//  The enterprise: every plant's assignments of the lessons in progress anywhere.
static const char *s_enterprise_sql =
    "WITH p AS (SELECT DISTINCT lesson_id FROM board_lesson_plant WHERE total > closed),"
    " s AS (SELECT p.lesson_id, x.total, x.closed, x.overdue FROM p,"
    "       LATERAL (SELECT sum (b.total) AS total, sum (b.closed) AS closed,"
    "                       coalesce (sum (b.unreported) FILTER (WHERE b.deadline_ms < $1::bigint), 0) AS overdue"
    "                FROM board_lesson_plant b WHERE b.lesson_id = p.lesson_id) x)"
    S_LESSONS;

static int
s_lessons (sf_db_t *db, const char *plant, const char *now, Lesson__LessonBoard *board)
{
    char limit [8];
    snprintf (limit, sizeof limit, "%d", LESSON_BOARD_LESSONS);
    const char *values [] = { now, limit, plant };
    sf_rows_t *rows = *plant? sf_db_query (db, s_plant_sql, 3, values): sf_db_query (db, s_enterprise_sql, 2, values);
    if (!rows)
        return -1;
    for (int row = 0; row < sf_rows_count (rows); row++) {
        Lesson__LessonBoardLesson *lesson = sf_pb_add (&board->lessons, &board->n_lessons,
                                                       &lesson__lesson_board_lesson__descriptor);
        lesson->lesson_id = sf_rows_int (rows, row, 0);
        sf_pb_set (&lesson->number, sf_rows_text (rows, row, 1));
        sf_pb_set (&lesson->title_zh, sf_rows_text (rows, row, 2));
        sf_pb_set (&lesson->title_en, sf_rows_text (rows, row, 3));
        sf_pb_set (&lesson->occurred_on, sf_rows_text (rows, row, 4));
        lesson->grade = (Lesson__AccidentGrade) sf_rows_int (rows, row, 5);
        sf_pb_set (&lesson->deadline_on, sf_rows_text (rows, row, 6));
        lesson->assignments = sf_rows_int (rows, row, 7);
        lesson->done = sf_rows_int (rows, row, 8);
        lesson->overdue = sf_rows_int (rows, row, 9);
        board->in_progress = sf_rows_int (rows, row, 10);
        board->assignments_open = sf_rows_int (rows, row, 11);
        board->overdue = sf_rows_int (rows, row, 12);
    }
    sf_rows_destroy (&rows);
    return 0;
}

//  Per plant with assignments not closed: how many, and how many overdue.
static int
s_plants (sf_db_t *db, const char *now, Lesson__LessonBoard *board)
{
    const char *values [] = { now };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT b.plant_code, coalesce (n.name_zh, ''), coalesce (n.name_en, ''), sum (b.total - b.closed),"
        "       coalesce (sum (b.unreported) FILTER (WHERE b.deadline_ms < $1::bigint), 0)"
        " FROM board_lesson_plant b LEFT JOIN sf_org_node n ON n.code = b.plant_code"
        " WHERE b.total > b.closed GROUP BY 1, 2, 3 ORDER BY 1", 1, values);
    if (!rows)
        return -1;
    for (int row = 0; row < sf_rows_count (rows); row++) {
        Lesson__LessonBoardPlant *plant = sf_pb_add (&board->plants, &board->n_plants,
                                                     &lesson__lesson_board_plant__descriptor);
        sf_pb_set (&plant->plant_code, sf_rows_text (rows, row, 0));
        sf_pb_set (&plant->plant_name_zh, sf_rows_text (rows, row, 1));
        sf_pb_set (&plant->plant_name_en, sf_rows_text (rows, row, 2));
        plant->open = sf_rows_int (rows, row, 3);
        plant->overdue = sf_rows_int (rows, row, 4);
    }
    sf_rows_destroy (&rows);
    return 0;
}

int
lesson_board_store_read (sf_db_t *db, const char *plant, int64_t now_ms, Lesson__LessonBoard *board)
{
    char now [24];
    snprintf (now, sizeof now, "%" PRId64, now_ms);
    int rc = s_lessons (db, plant, now, board);
    if (rc == 0 && !*plant)
        rc = s_plants (db, now, board);
    return rc;
}
