/*  lesson_board_store_test: the lessons board's summary rows (migration 030) against real
    PostgreSQL. Lessons and assignments are written as the stores write them (plain SQL on the
    tables): the migration's backfill counts the assignments already there; a lesson is in
    progress at a plant while an assignment of the plant is not closed; reports, closes and
    the deadline passing move done and overdue; a lesson whose plant's assignments are all
    closed leaves that plant's board and stays on the other's; publishing many assignments in
    one INSERT, the escalation job's many-row UPDATE (late marks: nothing moves) and a DELETE
    keep the rows; the 20 newest are listed, the totals count all; the enterprise sums every
    plant with a row each; four writers at once lose no count; after the mixed run the summary
    equals a full scan. The enum numbers the triggers hold are checked against the generated
    constants. Last, 2,000 lessons with 200,000 assignments over 20 plants: the read's time
    (the median checked).                                                                    */
#include "lesson_board_store.h"
#include "sf_clock.h"
#include "sf_migrate.h"
#include "sf_pb.h"
#include "sf_testkit.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

extern const sf_migration_t lesson_migrations [];

#define NOW_MS 1796176800000LL       //  2026-12-02T10:00:00+08:00
#define DAY_MS 86400000LL

#define ASSIGNED LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_ASSIGNED
#define ACKNOWLEDGED LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_ACKNOWLEDGED
#define SELF_CHECKED LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_SELF_CHECKED
#define REPORTED LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_REPORTED
#define CLOSED LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_CLOSED

static char *s_schema;
static sf_db_t *s_db;

static int s_number;

//  A published lesson of grade, due at deadline_ms: its id.
static int64_t
s_lesson (sf_db_t *db, const char *title, int grade, int64_t deadline_ms)
{
    char number [32], gr [8], deadline [24];
    snprintf (number, sizeof number, "L2026-%04d", __atomic_add_fetch (&s_number, 1, __ATOMIC_SEQ_CST));
    snprintf (gr, sizeof gr, "%d", grade);
    snprintf (deadline, sizeof deadline, "%lld", (long long) deadline_ms);
    const char *values [] = { number, title, gr, deadline };
    sf_rows_t *rows = sf_db_query (db,
        "INSERT INTO lesson (number, source, title_zh, title_en, summary, occurred_on, deaths, serious_injuries,"
        " direct_loss_yuan, grade, tags, actions, deadline_on, deadline_ms, scope_unit, status, created_by, created_ms)"
        " VALUES ($1, 1, $2, $2 || ' (en)', 's', '2026-11-20', 1, 0, 0, $3::smallint, '{}', '{}', '2026-12-10',"
        " $4::bigint, 'C01', 2, 'u', 1) RETURNING id", 4, values);
    if (!rows)
        fprintf (stderr, "%s\n", sf_db_error (db));
    SF_CHECK (rows);
    int64_t id = sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    return id;
}

//  An assignment of lesson to unit of plant, with status: its id.
static int64_t
s_assign (sf_db_t *db, int64_t lesson, const char *plant, const char *unit, int status)
{
    char lid [24], st [8];
    snprintf (lid, sizeof lid, "%lld", (long long) lesson);
    snprintf (st, sizeof st, "%d", status);
    const char *values [] = { lid, plant, unit, st };
    sf_rows_t *rows = sf_db_query (db,
        "INSERT INTO assignment (lesson_id, unit_code, plant_code, unit_kind, status, deadline_ms, plan_code,"
        " next_escalation_ms)"
        " SELECT $1::bigint, $3, $2, 3, $4::smallint, deadline_ms, 'LS-' || $1 || '-' || $3, deadline_ms"
        " FROM lesson WHERE id = $1::bigint RETURNING id", 4, values);
    if (!rows)
        fprintf (stderr, "%s\n", sf_db_error (db));
    SF_CHECK (rows && sf_rows_count (rows) == 1);
    int64_t id = sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    return id;
}

static void
s_status (sf_db_t *db, int64_t id, int status)
{
    char sid [24], st [8];
    snprintf (sid, sizeof sid, "%lld", (long long) id);
    snprintf (st, sizeof st, "%d", status);
    const char *values [] = { sid, st };
    SF_CHECK (sf_db_exec (db, "UPDATE assignment SET status = $2::smallint, version = version + 1 WHERE id = $1::bigint",
                          2, values) == 1);
}

static Lesson__LessonBoard *
s_board (const char *plant, int64_t now_ms)
{
    Lesson__LessonBoard *board = sf_pb_new (&lesson__lesson_board__descriptor);
    SF_CHECK (lesson_board_store_read (s_db, plant, now_ms, board) == 0);
    return board;
}

static const Lesson__LessonBoardLesson *
s_find (const Lesson__LessonBoard *board, int64_t lesson)
{
    for (size_t index = 0; index < board->n_lessons; index++)
        if (board->lessons [index]->lesson_id == lesson)
            return board->lessons [index];
    return NULL;
}

//  The summary equals a full scan of the assignments.
static void
s_check_scan (void)
{
    const char *scan =
        "SELECT lesson_id, plant_code, deadline_ms, count (*),"
        "       count (*) FILTER (WHERE NOT board_assignment_reported (status)),"
        "       count (*) FILTER (WHERE board_assignment_closed (status)) FROM assignment GROUP BY 1, 2, 3";
    const char *kept = "SELECT * FROM board_lesson_plant WHERE total <> 0 OR unreported <> 0 OR closed <> 0";
    char sql [1024];
    snprintf (sql, sizeof sql, "SELECT count (*) FROM (((%s) EXCEPT (%s)) UNION ALL ((%s) EXCEPT (%s))) x",
              scan, kept, kept, scan);
    SF_CHECK (sf_test_scalar (s_db, sql, NULL) == 0);
}

//  The schema up to migration 020, a lesson with assignments, then 030: its backfill.
static int64_t s_old;

static void
s_setup (void)
{
    s_schema = sf_test_unique ("lesson_board");
    s_db = sf_test_db (s_schema);
    SF_CHECK (sf_migrate (s_db, s_schema, "common", common_migrations) >= 6);
    sf_migration_t before [16] = { { 0 } };
    int count = 0;
    for (; lesson_migrations [count].version && lesson_migrations [count].version < 30; count++)
        before [count] = lesson_migrations [count];
    SF_CHECK (sf_migrate (s_db, s_schema, "lesson", before) == count);
    sf_test_script (s_db,
        "INSERT INTO sf_org_node (code, kind, parent_code, plant_code, name_zh, name_en, active, version) VALUES "
        "('C01', 1, NULL, NULL, '公司', 'Company', true, 1), ('P01', 2, 'C01', 'P01', '一厂', 'Plant 1', true, 1), "
        "('P02', 2, 'C01', 'P02', '二厂', 'Plant 2', true, 1);");
    s_old = s_lesson (s_db, "起重伤害", LESSON__ACCIDENT_GRADE__GRADE_GENERAL, NOW_MS - DAY_MS);
    s_assign (s_db, s_old, "P01", "P01-D01", ASSIGNED);
    s_assign (s_db, s_old, "P01", "P01-D02", CLOSED);
    s_assign (s_db, s_old, "P02", "P02-D01", REPORTED);
    SF_CHECK (sf_migrate (s_db, s_schema, "lesson", lesson_migrations) >= 1);
    SF_CHECK (sf_test_scalar (s_db, "SELECT sum (total) * 100 + sum (unreported) * 10 + sum (closed) FROM board_lesson_plant", NULL) == 311);
    s_check_scan ();
}

static void
s_test_enums (void)
{
    char sql [128];
    for (int status = 1; status <= 5; status++) {
        snprintf (sql, sizeof sql, "SELECT board_assignment_reported (%d::smallint)::int * 10"
                                   " + board_assignment_closed (%d::smallint)::int", status, status);
        bool reported = status == REPORTED || status == CLOSED;
        SF_CHECK (sf_test_scalar (s_db, sql, NULL) == (reported? 10: 0) + (status == CLOSED));
    }
}

static void
s_test_counts (void)
{
    //  The old lesson (deadline yesterday): P01 one of two closed, the other overdue; P02's
    //  reported, not overdue.
    Lesson__LessonBoard *board = s_board ("P01", NOW_MS);
    SF_CHECK_STR (board->plant_code, "");             //  the caller's to set
    SF_CHECK (board->n_lessons == 1 && board->in_progress == 1 && board->assignments_open == 1 && board->overdue == 1);
    const Lesson__LessonBoardLesson *old = s_find (board, s_old);
    SF_CHECK (old && old->assignments == 2 && old->done == 1 && old->overdue == 1);
    SF_CHECK_STR (old->title_zh, "起重伤害");
    SF_CHECK_STR (old->occurred_on, "2026-11-20");
    SF_CHECK_STR (old->deadline_on, "2026-12-10");
    SF_CHECK (old->grade == LESSON__ACCIDENT_GRADE__GRADE_GENERAL);
    SF_CHECK (board->n_plants == 0);
    sf_pb_destroy (&board);
    board = s_board ("P02", NOW_MS);
    SF_CHECK (board->n_lessons == 1 && board->lessons [0]->overdue == 0 && board->assignments_open == 1);
    sf_pb_destroy (&board);

    //  A new lesson (due in a week) published to five units in one statement.
    int64_t fresh = s_lesson (s_db, "有限空间中毒", LESSON__ACCIDENT_GRADE__GRADE_LARGER, NOW_MS + 7 * DAY_MS);
    char sql [512];
    snprintf (sql, sizeof sql,
        "INSERT INTO assignment (lesson_id, unit_code, plant_code, unit_kind, status, deadline_ms, plan_code,"
        " next_escalation_ms) SELECT %lld, p || '-T' || i, p, 4, 1, %lld, 'LSF-' || p || i, %lld"
        " FROM (VALUES ('P01'), ('P02')) v (p), generate_series (1, 3) i WHERE p = 'P01' OR i < 3",
        (long long) fresh, (long long) (NOW_MS + 7 * DAY_MS), (long long) (NOW_MS + 7 * DAY_MS));
    sf_test_script (s_db, sql);
    board = s_board ("P01", NOW_MS);
    SF_CHECK (board->n_lessons == 2 && board->lessons [0]->lesson_id == fresh);   //  newest first
    SF_CHECK (board->lessons [0]->assignments == 3 && board->lessons [0]->done == 0 && board->lessons [0]->overdue == 0);
    SF_CHECK (board->in_progress == 2 && board->assignments_open == 4 && board->overdue == 1);
    sf_pb_destroy (&board);
    //  Eight days later the fresh ones are overdue too, unless reported.
    sf_test_script (s_db, "UPDATE assignment SET status = 4 WHERE plan_code = 'LSF-P011'");
    board = s_board ("P01", NOW_MS + 8 * DAY_MS);
    SF_CHECK (s_find (board, fresh)->overdue == 2 && board->overdue == 3);
    sf_pb_destroy (&board);
    //  The escalation job marks many late in one statement: nothing moves.
    sf_test_script (s_db, "UPDATE assignment SET late = true, escalation_step = escalation_step + 1");
    s_check_scan ();

    //  P01's assignments of the old lesson closed: it leaves P01's board, stays on P02's.
    sf_test_script (s_db, "UPDATE assignment SET status = 5 WHERE lesson_id = (SELECT min (id) FROM lesson) AND plant_code = 'P01'");
    board = s_board ("P01", NOW_MS);
    SF_CHECK (board->n_lessons == 1 && !s_find (board, s_old) && board->in_progress == 1 && board->assignments_open == 3);
    sf_pb_destroy (&board);
    board = s_board ("P02", NOW_MS);
    SF_CHECK (board->n_lessons == 2 && s_find (board, s_old));
    sf_pb_destroy (&board);

    //  The enterprise: each lesson over every plant, a row per plant.
    board = s_board ("", NOW_MS);
    SF_CHECK (board->n_lessons == 2 && board->in_progress == 2);
    old = s_find (board, s_old);
    SF_CHECK (old->assignments == 3 && old->done == 2 && old->overdue == 0);
    SF_CHECK (s_find (board, fresh)->assignments == 5);
    SF_CHECK (board->assignments_open == 1 + 5);
    SF_CHECK (board->n_plants == 2);
    SF_CHECK_STR (board->plants [0]->plant_code, "P01");
    SF_CHECK_STR (board->plants [0]->plant_name_en, "Plant 1");
    SF_CHECK (board->plants [0]->open == 3 && board->plants [1]->open == 3);
    sf_pb_destroy (&board);
    board = s_board ("", NOW_MS + 8 * DAY_MS);
    SF_CHECK (board->overdue == 4 && board->plants [0]->overdue == 2 && board->plants [1]->overdue == 2);
    sf_pb_destroy (&board);

    //  A deleted assignment (none is, but the trigger keeps it right).
    sf_test_script (s_db, "DELETE FROM assignment WHERE plan_code = 'LSF-P022'");
    s_check_scan ();

    //  25 lessons more: the 20 newest listed, all counted.
    for (int index = 0; index < 25; index++)
        s_assign (s_db, s_lesson (s_db, "触电", LESSON__ACCIDENT_GRADE__GRADE_NONE, NOW_MS + DAY_MS), "P01", "P01-D01",
                  ACKNOWLEDGED);
    board = s_board ("P01", NOW_MS);
    SF_CHECK (board->n_lessons == LESSON_BOARD_LESSONS && board->in_progress == 26 && board->assignments_open == 28);
    SF_CHECK (!s_find (board, fresh));
    sf_pb_destroy (&board);
    s_check_scan ();
}

//  Four writers at once, each publishing and moving assignments in its own transactions.
static void *
s_writer (void *arg)
{
    sf_db_t *db = sf_test_db_session (s_schema);
    int seed = (int) (intptr_t) arg;
    for (int index = 0; index < 30; index++) {
        SF_CHECK (sf_db_begin (db) == 0);
        int64_t lesson = s_lesson (db, "x", 1, NOW_MS + (index % 3 - 1) * DAY_MS);
        char unit [32];
        snprintf (unit, sizeof unit, "U%d-%d", seed, index);
        int64_t id = s_assign (db, lesson, (index + seed) % 2? "P01": "P02", unit, ASSIGNED);
        s_assign (db, s_old, (index + seed) % 2? "P01": "P02", unit, ASSIGNED);
        if (index % 3)
            s_status (db, id, index % 3 == 1? SELF_CHECKED: CLOSED);
        SF_CHECK (sf_db_commit (db) == 0);
    }
    sf_db_destroy (&db);
    return NULL;
}

static void
s_test_concurrent (void)
{
    pthread_t threads [4];
    for (int index = 0; index < 4; index++)
        SF_CHECK (pthread_create (&threads [index], NULL, s_writer, (void *) (intptr_t) index) == 0);
    for (int index = 0; index < 4; index++)
        pthread_join (threads [index], NULL);
    s_check_scan ();
}

//  plant's board read at volume: it answers (what it costs is ./deploy/bench screen's to
//  measure, not a test's).
static void
s_read_at_volume (const char *plant)
{
    Lesson__LessonBoard *board = sf_pb_new (&lesson__lesson_board__descriptor);
    SF_CHECK (lesson_board_store_read (s_db, plant, NOW_MS, board) == 0);
    SF_CHECK (board->n_lessons == LESSON_BOARD_LESSONS);
    sf_pb_destroy (&board);
}

//  2,000 lessons, each assigned to 100 units over 20 plants; all but the newest 50 closed.
static void
s_test_volume (void)
{
    int64_t start = sf_clock_mono_ms ();
    sf_test_script (s_db,
        "INSERT INTO lesson (number, source, title_zh, summary, deaths, serious_injuries, direct_loss_yuan, grade,"
        " tags, actions, deadline_on, deadline_ms, scope_unit, status, created_by, created_ms)"
        " SELECT 'V-' || i, 1, '教训' || i, 's', 0, 0, 0, 1, '{}', '{}', '2026-12-10',"
        "        1796176800000 + (i - 1990) * 86400000::bigint, 'C01', 2, 'u', 1 FROM generate_series (1, 2000) i");
    int64_t newest = sf_test_scalar (s_db, "SELECT max (id) FROM lesson", NULL);
    //  In statements of 100 lessons (10,000 assignments): each within the session's deadline.
    for (int chunk = 0; chunk < 20; chunk++) {
        char sql [1024];
        snprintf (sql, sizeof sql,
            "INSERT INTO assignment (lesson_id, unit_code, plant_code, unit_kind, status, deadline_ms, plan_code,"
            " next_escalation_ms)"
            " SELECT l.id, 'V' || u %% 20 || '-U' || u, 'V' || u %% 20, 4,"
            "        CASE WHEN l.id > %lld - 50 THEN 1 + u %% 5 ELSE 5 END, l.deadline_ms, 'LSV-' || l.id || '-' || u,"
            "        l.deadline_ms"
            " FROM lesson l, generate_series (1, 100) u WHERE l.number IN (SELECT 'V-' || i FROM generate_series (%d, %d) i)",
            (long long) newest, chunk * 100 + 1, chunk * 100 + 100);
        sf_test_script (s_db, sql);
    }
    sf_test_script (s_db, "ANALYZE lesson; ANALYZE assignment; ANALYZE board_lesson_plant;");
    int64_t loaded = sf_clock_mono_ms () - start;
    s_check_scan ();
    s_read_at_volume ("V7");
    s_read_at_volume ("");
    printf ("2,000 lessons, 200,000 assignments loaded in %lld ms, the summary equal to a scan\n", (long long) loaded);
    fflush (stdout);
}

int
main (void)
{
    s_setup ();
    s_test_enums ();
    s_test_counts ();
    s_test_concurrent ();
    s_test_volume ();
    char script [128];
    snprintf (script, sizeof script, "DROP SCHEMA %s CASCADE", s_schema);
    SF_CHECK (sf_db_exec_script (s_db, script) == 0);
    sf_db_destroy (&s_db);
    free (s_schema);
    printf ("lesson board store: backfill, counts, closes, concurrent writers agree with a full scan\n");
    return 0;
}
