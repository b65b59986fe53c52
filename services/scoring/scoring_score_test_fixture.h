/*  scoring_score_test_fixture: what the rules area's unit tests share (a test header, no
    library code): a fresh schema with the real migrations; an org copy of company fsC, plant
    fsP, department fsD, team fsT with post fsTS, employees fsE1 and fsE2 (post fsTS), fsL
    (team fsT's leader) and fsH (department fsD's head); accounts fs.worker (fsE1), fs.leader
    (team_leader on fsT), fs.head (department_head on fsD); crafted events applied as the
    consumer applies them, each in a transaction of its own.                                */
#ifndef SCORING_SCORE_TEST_FIXTURE_H_INCLUDED
#define SCORING_SCORE_TEST_FIXTURE_H_INCLUDED

#include "scoring.h"
#include "sf_clock.h"
#include "sf_envelope.h"
#include "sf_migrate.h"
#include "sf_testkit.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const sf_migration_t scoring_migrations [];

//  2026-03-05 10:00 Beijing time.
#define FS_T0 1772676000000LL
#define FS_DAY 86400000LL

static sf_db_t *fs_db;
static char *fs_schema;
static scoring_state_t fs_state = { .time_zone = (char *) "Asia/Shanghai" };

static void
fs_exec (const char *sql)
{
    if (sf_db_exec_script (fs_db, sql)) {
        fprintf (stderr, "%s: %s\n", sql, sf_db_error (fs_db));
        abort ();
    }
}

static int64_t
fs_scalar (const char *sql, const char *param)
{
    return sf_test_scalar (fs_db, sql, param);
}

//  The text of the one-row, one-column answer to sql (param may be NULL) into out.
static inline void
fs_text (const char *sql, const char *param, char *out, size_t size)
{
    const char *values [] = { param };
    sf_rows_t *rows = sf_db_query (fs_db, sql, param? 1: 0, values);
    SF_CHECK (rows && sf_rows_count (rows) == 1);
    snprintf (out, size, "%s", sf_rows_text (rows, 0, 0));
    sf_rows_destroy (&rows);
}

static void
fs_open (const char *prefix)
{
    fs_schema = sf_test_unique (prefix);
    fs_db = sf_test_db (fs_schema);
    SF_CHECK (sf_migrate (fs_db, fs_schema, "common", common_migrations) >= 1);
    SF_CHECK (sf_migrate (fs_db, fs_schema, "scoring", scoring_migrations) >= 2);
    sf_clock_set_ms (FS_T0 + 40 * FS_DAY);
    fs_exec ("INSERT INTO sf_org_node (code, kind, parent_code, plant_code, name_zh, name_en, active, version) VALUES"
             " ('fsC', 1, NULL, NULL, '公司', 'company', true, 1),"
             " ('fsP', 2, 'fsC', 'fsP', '一厂', 'plant 1', true, 1),"
             " ('fsD', 3, 'fsP', 'fsP', '机加车间', 'machining', true, 1),"
             " ('fsT', 4, 'fsD', 'fsP', '机加一班', 'machining team 1', true, 1),"
             " ('fsTS', 5, 'fsT', 'fsP', '车工岗', 'turner post', true, 1),"
             " ('fsE1', 6, 'fsTS', 'fsP', '张三', 'Zhang San', true, 1),"
             " ('fsE2', 6, 'fsTS', 'fsP', '李四', 'Li Si', true, 1),"
             " ('fsL', 6, 'fsT', 'fsP', '王班长', 'Wang (leader)', true, 1),"
             " ('fsH', 6, 'fsD', 'fsP', '赵主任', 'Zhao (head)', true, 1);"
             "INSERT INTO sf_org_account (login, employee_code, disabled, version) VALUES"
             " ('fs.worker', 'fsE1', false, 1), ('fs.leader', 'fsL', false, 1), ('fs.head', 'fsH', false, 1),"
             " ('fs.nobody', '', false, 1);"
             "INSERT INTO sf_org_grant (login, role, node_code) VALUES"
             " ('fs.worker', 'worker', 'fsTS'), ('fs.leader', 'team_leader', 'fsT'),"
             " ('fs.head', 'department_head', 'fsD')");
}

static void
fs_close (void)
{
    sf_test_drop_schema (fs_db, fs_schema);
    sf_db_destroy (&fs_db);
    free (fs_schema);
}

//  Applies an event of type with payload through apply, in a transaction of its own, as
//  the consumer does; id NULL: a fresh event id. Returns apply's answer.
static int
fs_apply (sf_consumer_fn *apply, const char *id, const char *type, int64_t occurred_ms,
          const ProtobufCMessage *payload)
{
    static int count;
    char fresh [64];
    snprintf (fresh, sizeof fresh, "00000000-0000-4000-8000-%012d", ++count);
    sf_event_t event = {
        .event_id = (char *) (id? id: fresh), .type = (char *) type, .aggregate_type = (char *) "x",
        .aggregate_id = (char *) "1", .aggregate_version = 1, .plant = (char *) "fsP", .occurred_ms = occurred_ms,
        .trace_id = (char *) "trace-1",
        .actor = { .user_id = (char *) "fs.inspector", .org_node = (char *) "fsT", .plant = (char *) "fsP" }
    };
    sf_event_set_payload (&event, payload);
    SF_CHECK (sf_db_begin (fs_db) == 0);
    int rc = apply (fs_db, &event, &fs_state);
    if (rc == 0)
        SF_CHECK (sf_db_commit (fs_db) == 0);
    else
        sf_db_rollback (fs_db);
    free (event.payload);
    free (event.payload_type);
    return rc;
}

//  Entries of subject (and kind when not NULL).
static inline int64_t
fs_entries (const char *subject, const char *kind)
{
    char sql [256];
    snprintf (sql, sizeof sql, "SELECT count (*) FROM entry WHERE subject_code = $1%s%s%s", kind? " AND kind = '": "",
              kind? kind: "", kind? "'": "");
    return fs_scalar (sql, subject);
}

//  The sum of subject's points.
static inline int64_t
fs_points (const char *subject)
{
    return fs_scalar ("SELECT coalesce (sum (points), 0) FROM entry WHERE subject_code = $1", subject);
}

#endif
