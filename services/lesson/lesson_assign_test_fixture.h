/*  lesson_assign_test_fixture: what the assign area's unit tests share (a test header, no
    library code): a fresh schema with the real migrations, an org chain of four levels
    (company faC, plant faP, department faD, team faT), lessons and assignments written with
    SQL as publishing writes them, and the outbox read back.                                */
#ifndef LESSON_ASSIGN_TEST_FIXTURE_H_INCLUDED
#define LESSON_ASSIGN_TEST_FIXTURE_H_INCLUDED

#include "lesson.pb-c.h"
#include "sf_envelope.h"
#include "sf_migrate.h"
#include "sf_pb.h"
#include "sf_testkit.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const sf_migration_t lesson_migrations [];

static sf_db_t *fx_db;
static char *fx_schema;

static void
fx_exec (const char *sql, int count, const char *const *values)
{
    if (sf_db_exec (fx_db, sql, count, values) < 0) {
        fprintf (stderr, "%s: %s\n", sql, sf_db_error (fx_db));
        abort ();
    }
}

static int64_t
fx_scalar (const char *sql, const char *param)
{
    return sf_test_scalar (fx_db, sql, param);
}

//  Events of type in the outbox.
static int64_t
fx_events (const char *type)
{
    return fx_scalar ("SELECT count(*) FROM sf_outbox WHERE event_type = $1", type);
}

//  The payload of the last event of type, an assignment (NULL when there is none), and its
//  envelope's actor user into actor (may be NULL).
static Lesson__Assignment *
fx_last_assignment (const char *type, char *actor, size_t size)
{
    const char *values [] = { type };
    sf_rows_t *rows = sf_db_query (fx_db, "SELECT envelope FROM sf_outbox WHERE event_type = $1 ORDER BY id DESC"
                                          " LIMIT 1", 1, values);
    SF_CHECK (rows);
    Lesson__Assignment *assignment = NULL;
    if (sf_rows_count (rows) == 1) {
        size_t length;
        uint8_t *envelope = sf_rows_bytes (rows, 0, 0, &length);
        sf_event_t event = { 0 };
        SF_CHECK (sf_event_decode (&event, envelope, length) == 0);
        assignment = lesson__assignment__unpack (NULL, event.payload_size, event.payload);
        SF_CHECK (assignment);
        if (actor)
            snprintf (actor, size, "%s", event.actor.user_id? event.actor.user_id: "");
        sf_event_clear (&event);
        free (envelope);
    }
    sf_rows_destroy (&rows);
    return assignment;
}

//  A fresh schema named after prefix with the org chain faC > faP > faD > faT.
static void
fx_open (const char *prefix)
{
    fx_schema = sf_test_unique (prefix);
    fx_db = sf_test_db (fx_schema);
    SF_CHECK (sf_migrate (fx_db, fx_schema, "common", common_migrations) >= 1);
    SF_CHECK (sf_migrate (fx_db, fx_schema, "lesson", lesson_migrations) >= 2);
    fx_exec ("INSERT INTO sf_org_node (code, kind, parent_code, plant_code, name_zh, name_en, active, version) VALUES"
             " ('faC', 1, NULL, NULL, '公司', 'company', true, 1),"
             " ('faP', 2, 'faC', 'faP', '一厂', 'plant 1', true, 1),"
             " ('faD', 3, 'faP', 'faP', '机加车间', 'machining', true, 1),"
             " ('faT', 4, 'faD', 'faP', '机加一班', 'machining team 1', true, 1),"
             " ('faT2', 4, 'faD', 'faP', '机加二班', 'machining team 2', true, 1)", 0, NULL);
}

static void
fx_close (void)
{
    sf_test_drop_schema (fx_db, fx_schema);
    sf_db_destroy (&fx_db);
    free (fx_schema);
}

//  A published lesson id scoped at faC, due at deadline_ms.
static void
fx_lesson (int64_t id, int64_t deadline_ms)
{
    char key [24], number [32], deadline [24];
    snprintf (key, sizeof key, "%" PRId64, id);
    snprintf (number, sizeof number, "L2026-%04" PRId64, id);
    snprintf (deadline, sizeof deadline, "%" PRId64, deadline_ms);
    const char *values [] = { key, number, deadline };
    fx_exec ("INSERT INTO lesson (id, number, source, title_zh, summary, deaths, serious_injuries, direct_loss_yuan,"
             " grade, tags, actions, deadline_on, deadline_ms, scope_unit, status, created_by, created_ms,"
             " published_by, published_ms)"
             " VALUES ($1::bigint, $2, 1, '起重伤害事故', '吊索断裂', 1, 0, 0, 2, '{lifting}', '{检查吊索具}',"
             " '2026-03-20', $3::bigint, 'faC', 2, 'fa.officer', 1, 'fa.officer', 1)", 3, values);
}

//  Assignment id of lesson for unit in status, its plan LS<id>, its check sent, due at the
//  lesson's deadline.
static void
fx_assignment (int64_t id, int64_t lesson, const char *unit, int status)
{
    char key [24], lesson_key [24], plan [32], status_text [8];
    snprintf (key, sizeof key, "%" PRId64, id);
    snprintf (lesson_key, sizeof lesson_key, "%" PRId64, lesson);
    snprintf (plan, sizeof plan, "LS%" PRId64, id);
    snprintf (status_text, sizeof status_text, "%d", status);
    const char *values [] = { key, lesson_key, unit, plan, status_text };
    fx_exec ("INSERT INTO assignment (id, lesson_id, unit_code, plant_code, unit_kind, status, deadline_ms, plan_code,"
             " check_sent_ms, next_escalation_ms)"
             " SELECT $1::bigint, $2::bigint, $3, 'faP', 4, $5::smallint, l.deadline_ms, $4, 1, l.deadline_ms"
             "   FROM lesson l WHERE l.id = $2::bigint", 5, values);
}

//  A column of assignment id, as text.
static char *
fx_column (int64_t id, const char *column)
{
    char key [24], sql [256];
    snprintf (key, sizeof key, "%" PRId64, id);
    snprintf (sql, sizeof sql, "SELECT %s::text FROM assignment WHERE id = $1::bigint", column);
    const char *values [] = { key };
    sf_rows_t *rows = sf_db_query (fx_db, sql, 1, values);
    SF_CHECK (rows && sf_rows_count (rows) == 1);
    char *text = strdup (sf_rows_text (rows, 0, 0));
    sf_rows_destroy (&rows);
    return text;
}

#define FX_CHECK_COLUMN(id, column, expected) \
    do { char *fx_value_ = fx_column ((id), (column)); SF_CHECK_STR (fx_value_, (expected)); free (fx_value_); } \
    while (0)

#endif
