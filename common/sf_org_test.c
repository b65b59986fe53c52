/*  sf_org_test: the org copy against real PostgreSQL. Events are built as the directory
    builds them (a directory.Node in sf.Event) and applied with sf_org_apply in a
    transaction, as sf_consumer applies them; the last test goes through a real consumer
    and Redis stream.                                                                        */
#include "sf_clock.h"
#include "sf_codec.h"
#include "sf_consumer.h"
#include "sf_envelope.h"
#include "sf_migrate.h"
#include "sf_org.h"
#include "sf_redis.h"
#include "sf_testkit.h"
#include "sf_uuid.h"
#include "directory.pb-c.h"

#include <string.h>

#define WAIT_MS 15000

typedef struct {
    char *schema;
    sf_db_t *db;
} fixture_t;

static void
s_fixture_init (fixture_t *self)
{
    self->schema = sf_test_unique ("org");
    self->db = sf_test_db (self->schema);
    SF_CHECK (sf_migrate (self->db, self->schema, "common", common_migrations) >= 8);
    //  A walk that never ends fails here, not at the test's timeout.
    SF_CHECK (sf_db_exec_script (self->db, "SET statement_timeout = '5s'") == 0);
}

static void
s_fixture_clear (fixture_t *self)
{
    char script [256];
    snprintf (script, sizeof script, "DROP SCHEMA %s CASCADE", self->schema);
    SF_CHECK (sf_db_exec_script (self->db, script) == 0);
    sf_db_destroy (&self->db);
    free (self->schema);
}

//  A node as the directory sends it.
typedef struct {
    int kind;
    const char *code;
    const char *parent_code;
    const char *plant_code;
    const char *name_zh;
    const char *name_en;
    bool active;
    int64_t version;
} node_t;

//  The event the directory emits for node; sf_event_clear frees it.
static void
s_event_init (sf_event_t *event, const char *type, const node_t *node)
{
    Directory__Node wire = DIRECTORY__NODE__INIT;
    wire.id = 1;
    wire.kind = (Directory__Kind) node->kind;
    wire.code = sf_codec_wire (node->code);
    wire.parent_code = sf_codec_wire (node->parent_code);
    wire.plant_code = sf_codec_wire (node->plant_code);
    wire.name_zh = sf_codec_wire (node->name_zh);
    wire.name_en = sf_codec_wire (node->name_en);
    wire.employment_type = node->kind == SF_ORG_EMPLOYEE? DIRECTORY__EMPLOYMENT_TYPE__EMPLOYMENT_REGULAR:
                                                          DIRECTORY__EMPLOYMENT_TYPE__EMPLOYMENT_UNSPECIFIED;
    wire.active = node->active;
    wire.version = node->version;
    char event_id [SF_UUID_LEN + 1];
    sf_uuid_generate (event_id);
    memset (event, 0, sizeof *event);
    event->event_id = strdup (event_id);
    event->type = strdup (type);
    event->aggregate_type = strdup ("org_node");
    event->aggregate_id = sf_codec_strdup (node->code);
    event->aggregate_version = node->version;
    event->plant = sf_codec_strdup (node->plant_code);
    event->occurred_ms = sf_clock_now_ms ();
    event->payload_type = strdup ("directory.Node");
    event->payload = sf_codec_pack (&wire.base, &event->payload_size);
}

//  Applies event in a transaction of its own, as the consumer does; returns the handler's
//  answer (the transaction is rolled back when it is -1).
static int
s_apply_event (fixture_t *self, const sf_event_t *event)
{
    SF_CHECK (sf_db_begin (self->db) == 0);
    int rc = sf_org_apply (self->db, event, NULL);
    if (rc == 0)
        SF_CHECK (sf_db_commit (self->db) == 0);
    else
        sf_db_rollback (self->db);
    return rc;
}

static int
s_apply (fixture_t *self, const char *type, const node_t *node)
{
    sf_event_t event;
    s_event_init (&event, type, node);
    int rc = s_apply_event (self, &event);
    sf_event_clear (&event);
    return rc;
}

static node_t s_company = { SF_ORG_COMPANY, "C1", "", "", "安全集团", "Safety Group", true, 1 };
static node_t s_plant1 = { SF_ORG_PLANT, "P1", "C1", "P1", "一厂", "Plant 1", true, 1 };
static node_t s_plant2 = { SF_ORG_PLANT, "P2", "C1", "P2", "二厂", "Plant 2", true, 1 };
static node_t s_dept1 = { SF_ORG_DEPARTMENT, "D1", "P1", "P1", "冲压车间", "Stamping", true, 1 };
static node_t s_dept2 = { SF_ORG_DEPARTMENT, "D2", "P2", "P2", "焊装车间", "Welding", true, 1 };
static node_t s_team = { SF_ORG_TEAM, "T1", "D1", "P1", "甲班", "Shift A", true, 1 };
static node_t s_post = { SF_ORG_POST, "S1", "T1", "P1", "班长", "Team leader", true, 1 };
static node_t s_employee = { SF_ORG_EMPLOYEE, "E1", "S1", "P1", "张伟", "", true, 1 };

static void
s_check_node (fixture_t *self, const node_t *expected)
{
    sf_org_node_t node;
    memset (&node, 0x5a, sizeof node);
    SF_CHECK (sf_org_find (self->db, expected->code, &node) == 1);
    SF_CHECK_STR (node.code, expected->code);
    SF_CHECK (node.kind == expected->kind);
    SF_CHECK_STR (node.parent_code, expected->parent_code);
    SF_CHECK_STR (node.plant_code, expected->plant_code);
    SF_CHECK_STR (node.name_zh, expected->name_zh);
    SF_CHECK_STR (node.name_en, expected->name_en);
    SF_CHECK (node.active == expected->active);
    SF_CHECK (node.version == expected->version);
}

static int64_t
s_node_count (fixture_t *self)
{
    return sf_test_scalar (self->db, "SELECT count (*) FROM sf_org_node", NULL);
}

//  The code of the nearest node of kind at or above code, "" when none.
static const char *
s_ancestor (fixture_t *self, const char *code, int kind)
{
    static sf_org_node_t node;
    memset (&node, 0, sizeof node);
    int found = sf_org_ancestor_of_kind (self->db, code, kind, &node);
    SF_CHECK (found == 0 || found == 1);
    SF_CHECK (found == 1 || !*node.code);
    return node.code;
}

//  The codes at or below root, as SF_ORG_SUBTREE_SQL selects them, sorted, joined with ",".
static char *
s_subtree (fixture_t *self, const char *root)
{
    const char *values [] = { "ignored", root };
    //  $2 in a larger query, beside a parameter of the outer query.
    sf_rows_t *rows = sf_db_query (self->db,
        "SELECT coalesce (string_agg (code, ',' ORDER BY code), '') FROM sf_org_node"
        " WHERE $1::text IS NOT NULL AND code IN (" SF_ORG_SUBTREE_SQL ("$2") ")", 2, values);
    SF_CHECK (rows && sf_rows_count (rows) == 1);
    char *codes = strdup (sf_rows_text (rows, 0, 0));
    sf_rows_destroy (&rows);
    return codes;
}

static void
s_check_subtree (fixture_t *self, const char *root, const char *expected)
{
    char *codes = s_subtree (self, root);
    SF_CHECK_STR (codes, expected);
    free (codes);
}

static void
s_create_tree (fixture_t *self)
{
    SF_CHECK (s_apply (self, "org.unit_created", &s_company) == 0);
    SF_CHECK (s_apply (self, "org.unit_created", &s_plant1) == 0);
    SF_CHECK (s_apply (self, "org.unit_created", &s_plant2) == 0);
    SF_CHECK (s_apply (self, "org.unit_created", &s_dept1) == 0);
    SF_CHECK (s_apply (self, "org.unit_created", &s_dept2) == 0);
    SF_CHECK (s_apply (self, "org.unit_created", &s_team) == 0);
    SF_CHECK (s_apply (self, "org.unit_created", &s_post) == 0);
    SF_CHECK (s_apply (self, "org.employee_created", &s_employee) == 0);
}

static void
test_create (void)
{
    fixture_t fixture;
    s_fixture_init (&fixture);
    SF_CHECK (sf_org_find (fixture.db, "C1", NULL) == 0);
    s_create_tree (&fixture);
    SF_CHECK (s_node_count (&fixture) == 8);
    s_check_node (&fixture, &s_company);
    s_check_node (&fixture, &s_plant1);
    s_check_node (&fixture, &s_plant2);
    s_check_node (&fixture, &s_dept1);
    s_check_node (&fixture, &s_dept2);
    s_check_node (&fixture, &s_team);
    s_check_node (&fixture, &s_post);
    s_check_node (&fixture, &s_employee);
    //  The company has neither parent nor plant: stored as NULL, read as "".
    SF_CHECK (sf_test_scalar (fixture.db, "SELECT count (*) FROM sf_org_node "
                              "WHERE parent_code IS NULL AND plant_code IS NULL", NULL) == 1);
    SF_CHECK (sf_org_find (fixture.db, "E1", NULL) == 1);
    s_fixture_clear (&fixture);
}

static void
test_rename_move_deactivate (void)
{
    fixture_t fixture;
    s_fixture_init (&fixture);
    s_create_tree (&fixture);

    node_t renamed = s_dept1;
    renamed.name_zh = "冲压一车间";
    renamed.name_en = "Stamping 1";
    renamed.version = 2;
    SF_CHECK (s_apply (&fixture, "org.unit_renamed", &renamed) == 0);
    s_check_node (&fixture, &renamed);

    //  The team moves to the other plant: the directory emits the move, then a new
    //  version of each node below whose plant changed.
    node_t team = s_team, post = s_post, employee = s_employee;
    team.parent_code = "D2";
    team.plant_code = post.plant_code = employee.plant_code = "P2";
    team.version = post.version = employee.version = 2;
    SF_CHECK (s_apply (&fixture, "org.unit_moved", &team) == 0);
    SF_CHECK (s_apply (&fixture, "org.unit_plant_changed", &post) == 0);
    SF_CHECK (s_apply (&fixture, "org.employee_plant_changed", &employee) == 0);
    s_check_node (&fixture, &team);
    s_check_node (&fixture, &post);
    s_check_node (&fixture, &employee);
    SF_CHECK (sf_org_within (fixture.db, "E1", "D2") == 1);
    SF_CHECK (sf_org_within (fixture.db, "E1", "P2") == 1);
    SF_CHECK (sf_org_within (fixture.db, "E1", "D1") == 0);
    SF_CHECK (sf_org_within (fixture.db, "E1", "P1") == 0);
    SF_CHECK_STR (s_ancestor (&fixture, "E1", SF_ORG_PLANT), "P2");
    SF_CHECK_STR (s_ancestor (&fixture, "E1", SF_ORG_DEPARTMENT), "D2");
    s_check_subtree (&fixture, "P1", "D1,P1");
    s_check_subtree (&fixture, "P2", "D2,E1,P2,S1,T1");

    //  The employee leaves, then an employee moves within the plant.
    employee.active = false;
    employee.version = 3;
    SF_CHECK (s_apply (&fixture, "org.employee_deactivated", &employee) == 0);
    s_check_node (&fixture, &employee);
    node_t moved = s_employee;
    moved.code = "E2";
    moved.parent_code = "D2";
    moved.plant_code = "P2";
    SF_CHECK (s_apply (&fixture, "org.employee_created", &moved) == 0);
    moved.parent_code = "S1";
    moved.version = 2;
    SF_CHECK (s_apply (&fixture, "org.employee_moved", &moved) == 0);
    s_check_node (&fixture, &moved);
    SF_CHECK (sf_org_within (fixture.db, "E2", "T1") == 1);
    s_fixture_clear (&fixture);
}

//  Late and repeated events leave the newer row alone.
static void
test_late_and_duplicate (void)
{
    fixture_t fixture;
    s_fixture_init (&fixture);
    s_create_tree (&fixture);
    node_t team = s_team;
    team.parent_code = "D2";
    team.plant_code = "P2";
    team.version = 3;
    SF_CHECK (s_apply (&fixture, "org.unit_moved", &team) == 0);
    node_t renamed = s_team;
    renamed.name_zh = "旧名";
    renamed.version = 2;
    SF_CHECK (s_apply (&fixture, "org.unit_renamed", &renamed) == 0);   //  older: ignored
    SF_CHECK (s_apply (&fixture, "org.unit_created", &s_team) == 0);    //  the oldest, again
    s_check_node (&fixture, &team);

    sf_event_t event;
    s_event_init (&event, "org.unit_moved", &team);
    SF_CHECK (s_apply_event (&fixture, &event) == 0);
    SF_CHECK (s_apply_event (&fixture, &event) == 0);                     //  the same event twice
    sf_event_clear (&event);
    s_check_node (&fixture, &team);
    SF_CHECK (s_node_count (&fixture) == 8);

    //  A child whose parent is not known yet is kept, and joins the tree when it comes.
    node_t orphan = { SF_ORG_TEAM, "T9", "D9", "P1", "新班", "New team", true, 1 };
    SF_CHECK (s_apply (&fixture, "org.unit_created", &orphan) == 0);
    SF_CHECK (sf_org_within (fixture.db, "T9", "P1") == 0);
    node_t parent = { SF_ORG_DEPARTMENT, "D9", "P1", "P1", "新车间", "New shop", true, 1 };
    SF_CHECK (s_apply (&fixture, "org.unit_created", &parent) == 0);
    SF_CHECK (sf_org_within (fixture.db, "T9", "P1") == 1);
    s_fixture_clear (&fixture);
}

//  Events that are not the directory's are skipped; the directory's that cannot be read
//  fail, so the consumer counts them and dead-letters them in the end.
static void
test_bad_events (void)
{
    fixture_t fixture;
    s_fixture_init (&fixture);
    s_create_tree (&fixture);
    node_t renamed = s_plant1;
    renamed.name_zh = "坏";
    renamed.version = 9;
    const uint8_t garbage [] = { 0xff, 0xff, 0xff, 0xff };

    sf_event_t event;
    s_event_init (&event, "inspection.created", &renamed);
    SF_CHECK (s_apply_event (&fixture, &event) == 0);
    free (event.payload);
    event.payload = sf_codec_bytes (garbage, sizeof garbage);
    event.payload_size = sizeof garbage;
    SF_CHECK (s_apply_event (&fixture, &event) == 0);
    free (event.type);
    event.type = strdup ("org.unit_renamed");
    SF_CHECK (s_apply_event (&fixture, &event) == -1);
    sf_event_clear (&event);

    s_event_init (&event, "org.unit_renamed", &renamed);
    free (event.payload_type);
    event.payload_type = strdup ("directory.NodeList");
    SF_CHECK (s_apply_event (&fixture, &event) == -1);
    sf_event_clear (&event);

    s_event_init (&event, "org.unit_renamed", &renamed);
    free (event.payload);
    event.payload = NULL;
    event.payload_size = 0;
    SF_CHECK (s_apply_event (&fixture, &event) == -1);                    //  an empty node
    sf_event_clear (&event);

    node_t bad = renamed;
    bad.kind = 0;
    SF_CHECK (s_apply (&fixture, "org.unit_renamed", &bad) == -1);
    bad = renamed;
    bad.code = "C123456789012345678901234567890123";
    SF_CHECK (s_apply (&fixture, "org.unit_created", &bad) == -1);
    bad = renamed;
    bad.version = 0;
    SF_CHECK (s_apply (&fixture, "org.unit_renamed", &bad) == -1);

    s_check_node (&fixture, &s_plant1);
    SF_CHECK (s_node_count (&fixture) == 8);
    s_fixture_clear (&fixture);
}

static void
test_queries (void)
{
    fixture_t fixture;
    s_fixture_init (&fixture);
    s_create_tree (&fixture);

    SF_CHECK (sf_org_within (fixture.db, "C1", "C1") == 1);
    SF_CHECK (sf_org_within (fixture.db, "E1", "E1") == 1);
    SF_CHECK (sf_org_within (fixture.db, "E1", "S1") == 1);
    SF_CHECK (sf_org_within (fixture.db, "E1", "D1") == 1);
    SF_CHECK (sf_org_within (fixture.db, "E1", "C1") == 1);
    SF_CHECK (sf_org_within (fixture.db, "C1", "E1") == 0);
    SF_CHECK (sf_org_within (fixture.db, "D2", "P1") == 0);
    SF_CHECK (sf_org_within (fixture.db, "NOPE", "C1") == 0);
    SF_CHECK (sf_org_within (fixture.db, "E1", "NOPE") == 0);
    SF_CHECK (sf_org_within (fixture.db, "NOPE", "NOPE") == 0);

    SF_CHECK_STR (s_ancestor (&fixture, "E1", SF_ORG_EMPLOYEE), "E1");
    SF_CHECK_STR (s_ancestor (&fixture, "E1", SF_ORG_POST), "S1");
    SF_CHECK_STR (s_ancestor (&fixture, "E1", SF_ORG_TEAM), "T1");
    SF_CHECK_STR (s_ancestor (&fixture, "E1", SF_ORG_DEPARTMENT), "D1");
    SF_CHECK_STR (s_ancestor (&fixture, "E1", SF_ORG_PLANT), "P1");
    SF_CHECK_STR (s_ancestor (&fixture, "E1", SF_ORG_COMPANY), "C1");
    SF_CHECK_STR (s_ancestor (&fixture, "C1", SF_ORG_COMPANY), "C1");
    SF_CHECK_STR (s_ancestor (&fixture, "P1", SF_ORG_DEPARTMENT), "");
    SF_CHECK_STR (s_ancestor (&fixture, "NOPE", SF_ORG_COMPANY), "");
    sf_org_node_t node;
    SF_CHECK (sf_org_ancestor_of_kind (fixture.db, "T1", SF_ORG_PLANT, &node) == 1);
    SF_CHECK (node.kind == SF_ORG_PLANT && node.version == 1);
    SF_CHECK_STR (node.name_zh, "一厂");
    SF_CHECK (sf_org_ancestor_of_kind (fixture.db, "T1", SF_ORG_PLANT, NULL) == 1);

    SF_CHECK (sf_org_find (fixture.db, "NOPE", &node) == 0);
    SF_CHECK (sf_org_find (fixture.db, "", &node) == 0);

    s_check_subtree (&fixture, "C1", "C1,D1,D2,E1,P1,P2,S1,T1");
    s_check_subtree (&fixture, "D1", "D1,E1,S1,T1");
    s_check_subtree (&fixture, "E1", "E1");
    s_check_subtree (&fixture, "NOPE", "");

    //  In a service's own table, with the subtree's parameter alone.
    SF_CHECK (sf_db_exec_script (fixture.db,
        "CREATE TABLE finding (id int PRIMARY KEY, code text NOT NULL);"
        "INSERT INTO finding VALUES (1, 'C1'), (2, 'T1'), (3, 'E1'), (4, 'D2'), (5, 'E1')") == 0);
    SF_CHECK (sf_test_scalar (fixture.db, "SELECT count (*) FROM finding WHERE code IN ("
                              SF_ORG_SUBTREE_SQL ("$1") ")", "D1") == 3);
    SF_CHECK (sf_test_scalar (fixture.db, "SELECT count (*) FROM finding f WHERE f.code IN ("
                              SF_ORG_SUBTREE_SQL ("$1") ")", "P2") == 1);
    s_fixture_clear (&fixture);
}

//  Events applied out of order can make a loop for a while (D1 moved under its team T1,
//  applied before T1's move out from under D1): every walk still ends.
static void
test_loop (void)
{
    fixture_t fixture;
    s_fixture_init (&fixture);
    s_create_tree (&fixture);
    node_t dept = s_dept1;
    dept.parent_code = "T1";
    dept.version = 2;
    SF_CHECK (s_apply (&fixture, "org.unit_moved", &dept) == 0);
    SF_CHECK (sf_org_within (fixture.db, "E1", "C1") == 0);
    SF_CHECK (sf_org_within (fixture.db, "E1", "D1") == 1);
    SF_CHECK (sf_org_within (fixture.db, "D1", "T1") == 1);
    SF_CHECK (sf_org_within (fixture.db, "T1", "D1") == 1);
    SF_CHECK_STR (s_ancestor (&fixture, "E1", SF_ORG_PLANT), "");
    SF_CHECK_STR (s_ancestor (&fixture, "E1", SF_ORG_DEPARTMENT), "D1");
    SF_CHECK_STR (s_ancestor (&fixture, "D1", SF_ORG_TEAM), "T1");
    s_check_subtree (&fixture, "T1", "D1,E1,S1,T1");
    s_check_subtree (&fixture, "P1", "P1");
    s_fixture_clear (&fixture);
}

//  --------------------------------------------------------------------------------------
//  Through a real consumer

//  XADDs event to stream as sf_relay does.
static void
s_publish (sf_redis_t *redis, const char *stream, const sf_event_t *event)
{
    size_t size;
    uint8_t *env = sf_event_encode (event, &size);
    const char *argv [] = { "XADD", stream, "*", "id", event->event_id, "type", event->type, "env", (const char *) env };
    size_t argvlen [9];
    for (int i = 0; i < 8; i++)
        argvlen [i] = strlen (argv [i]);
    argvlen [8] = size;
    redisReply *reply = sf_redis_command (redis, 9, argv, argvlen);
    SF_CHECK (reply && reply->type == REDIS_REPLY_STRING);
    freeReplyObject (reply);
    free (env);
}

static void
s_wait_counter (sf_consumer_t *consumer, int64_t (*counter) (sf_consumer_t *), int64_t value)
{
    int64_t deadline = sf_clock_mono_ms () + WAIT_MS;
    while (counter (consumer) < value) {
        SF_CHECK (sf_clock_mono_ms () < deadline);
        sf_test_sleep_ms (10);
    }
    SF_CHECK (counter (consumer) == value);
}

static void
test_through_consumer (void)
{
    fixture_t fixture;
    s_fixture_init (&fixture);
    char *stream = sf_test_unique ("sf:test:org");
    char *group = sf_test_unique ("group");
    char dead [256];
    snprintf (dead, sizeof dead, "%s:dead", stream);
    sf_redis_t *redis = sf_redis_new (sf_test_env ("SF_REDIS_HOST"), atoi (sf_test_env ("SF_REDIS_PORT")), 2000);
    sf_consumer_options_t options = {
        .redis_host = sf_test_env ("SF_REDIS_HOST"),
        .redis_port = atoi (sf_test_env ("SF_REDIS_PORT")),
        .stream = stream,
        .group = group,
        .consumer = "c1",
        .max_deliveries = 2,
        .claim_idle_ms = 150,
        .block_ms = 100
    };
    sf_test_db_options (fixture.schema, &options.db);
    sf_consumer_t *consumer = sf_consumer_new (&options, sf_org_apply, NULL);

    sf_event_t event;
    s_event_init (&event, "org.unit_created", &s_company);
    s_publish (redis, stream, &event);
    sf_event_clear (&event);
    s_event_init (&event, "inspection.created", &s_plant1);     //  not ours: skipped
    s_publish (redis, stream, &event);
    sf_event_clear (&event);
    s_event_init (&event, "org.unit_created", &s_plant1);
    free (event.payload);
    event.payload = sf_codec_bytes ((const uint8_t *) "\xff\xff\xff", 3);
    event.payload_size = 3;
    s_publish (redis, stream, &event);                          //  unreadable: dead-lettered
    sf_event_clear (&event);
    s_event_init (&event, "org.unit_created", &s_plant2);
    s_publish (redis, stream, &event);
    sf_event_clear (&event);

    int64_t deadline = sf_clock_mono_ms () + WAIT_MS;
    while (sf_org_find (fixture.db, "P2", NULL) != 1) {
        SF_CHECK (sf_clock_mono_ms () < deadline);
        sf_test_sleep_ms (10);
    }
    s_check_node (&fixture, &s_company);
    s_check_node (&fixture, &s_plant2);
    s_wait_counter (consumer, sf_consumer_applied, 3);
    s_wait_counter (consumer, sf_consumer_dead_lettered, 1);
    SF_CHECK (sf_org_find (fixture.db, "P1", NULL) == 0);
    SF_CHECK (s_node_count (&fixture) == 2);
    sf_consumer_destroy (&consumer);

    redisReply *reply = sf_redis_call (redis, "DEL", stream, dead, NULL);
    SF_CHECK (reply);
    freeReplyObject (reply);
    sf_redis_destroy (&redis);
    free (stream);
    free (group);
    s_fixture_clear (&fixture);
}

//  The event the directory emits for an account at version with grants ("role@node" each,
//  NULL-terminated); sf_event_clear frees it.
static int
s_apply_account (fixture_t *self, const char *type, const char *login, bool disabled, int64_t version,
                 const char **grants)
{
    Directory__Account wire = DIRECTORY__ACCOUNT__INIT;
    wire.login = (char *) login;
    wire.employee_code = (char *) "E1";
    wire.disabled = disabled;
    wire.version = version;
    Directory__Grant items [8], *pointers [8];
    char roles [8][40], nodes [8][40];
    for (size_t i = 0; grants && grants [i]; i++) {
        SF_CHECK (i < 8);
        directory__grant__init (&items [i]);
        const char *at = strchr (grants [i], '@');
        SF_CHECK (at && at - grants [i] < 40 && strlen (at + 1) < 40);
        snprintf (roles [i], sizeof roles [i], "%.*s", (int) (at - grants [i]), grants [i]);
        snprintf (nodes [i], sizeof nodes [i], "%s", at + 1);
        items [i].role = roles [i];
        items [i].node_code = nodes [i];
        items [i].granted_by = (char *) "tester";
        pointers [i] = &items [i];
        wire.n_grants = i + 1;
    }
    wire.grants = pointers;
    sf_event_t event;
    memset (&event, 0, sizeof event);
    char event_id [SF_UUID_LEN + 1];
    sf_uuid_generate (event_id);
    event.event_id = strdup (event_id);
    event.type = strdup (type);
    event.aggregate_type = strdup ("account");
    event.aggregate_id = strdup (login);
    event.aggregate_version = version;
    event.plant = strdup ("P1");
    event.occurred_ms = sf_clock_now_ms ();
    event.payload_type = strdup ("directory.Account");
    event.payload = sf_codec_pack (&wire.base, &event.payload_size);
    int rc = s_apply_event (self, &event);
    sf_event_clear (&event);
    return rc;
}

//  The grants of login as "role@node,..." (static buffer).
static const char *
s_grants (fixture_t *self, const char *login)
{
    static char text [512];
    sf_org_grant_t grants [4];
    int count = sf_org_account_grants (self->db, login, grants, 4);
    SF_CHECK (count >= 0);
    text [0] = 0;
    for (int i = 0; i < count && i < 4; i++)
        snprintf (text + strlen (text), sizeof text - strlen (text), "%s%s@%s", i? ",": "",
                  grants [i].role, grants [i].node_code);
    if (count > 4)
        snprintf (text + strlen (text), sizeof text - strlen (text), ",+%d", count - 4);
    return text;
}

//  Accounts: created, grants added and revoked, disabled; late and repeated events change
//  nothing; a disabled account counts no grants; bad payloads are refused.
static void
test_accounts (void)
{
    fixture_t self;
    s_fixture_init (&self);
    const char *one [] = { "safety_officer@D1", NULL };
    const char *two [] = { "safety_officer@D1", "team_leader@T1", NULL };
    SF_CHECK (s_apply_account (&self, "directory.account_created", "zhang.wei", false, 1, NULL) == 0);
    SF_CHECK_STR (s_grants (&self, "zhang.wei"), "");
    SF_CHECK (s_apply_account (&self, "directory.grant_added", "zhang.wei", false, 2, one) == 0);
    SF_CHECK (s_apply_account (&self, "directory.grant_added", "zhang.wei", false, 3, two) == 0);
    SF_CHECK_STR (s_grants (&self, "zhang.wei"), "safety_officer@D1,team_leader@T1");
    //  Late (version 2) and repeated (version 3) events leave the copy as it is.
    SF_CHECK (s_apply_account (&self, "directory.grant_added", "zhang.wei", false, 2, one) == 0);
    SF_CHECK (s_apply_account (&self, "directory.grant_added", "zhang.wei", false, 3, one) == 0);
    SF_CHECK_STR (s_grants (&self, "zhang.wei"), "safety_officer@D1,team_leader@T1");
    SF_CHECK (s_apply_account (&self, "directory.grant_revoked", "zhang.wei", false, 4, one) == 0);
    SF_CHECK_STR (s_grants (&self, "zhang.wei"), "safety_officer@D1");
    //  Disabled: it holds its grants, but none counts.
    SF_CHECK (s_apply_account (&self, "directory.account_disabled", "zhang.wei", true, 5, one) == 0);
    SF_CHECK_STR (s_grants (&self, "zhang.wei"), "");
    sf_org_account_t account;
    SF_CHECK (sf_org_account_find (self.db, "zhang.wei", &account) == 1);
    SF_CHECK (account.disabled && account.version == 5);
    SF_CHECK_STR (account.employee_code, "E1");
    SF_CHECK (s_apply_account (&self, "directory.account_updated", "zhang.wei", false, 6, one) == 0);
    SF_CHECK_STR (s_grants (&self, "zhang.wei"), "safety_officer@D1");
    //  An account's event may come before any other: its grants are there at once.
    SF_CHECK (s_apply_account (&self, "directory.grant_added", "li.na", false, 3, two) == 0);
    SF_CHECK_STR (s_grants (&self, "li.na"), "safety_officer@D1,team_leader@T1");
    SF_CHECK (sf_org_account_find (self.db, "nobody", NULL) == 0);
    SF_CHECK_STR (s_grants (&self, "nobody"), "");
    //  Bad accounts are refused (dead-lettered by the consumer), and change nothing.
    SF_CHECK (s_apply_account (&self, "directory.account_created", "", false, 1, NULL) == -1);
    SF_CHECK (s_apply_account (&self, "directory.account_created", "x.y", false, 0, NULL) == -1);
    const char *bad [] = { "@D1", NULL };
    SF_CHECK (s_apply_account (&self, "directory.grant_added", "li.na", false, 4, bad) == -1);
    SF_CHECK_STR (s_grants (&self, "li.na"), "safety_officer@D1,team_leader@T1");
    //  A node's payload under an account's type is refused too.
    sf_event_t event;
    s_event_init (&event, "directory.account_created", &s_company);
    SF_CHECK (s_apply_event (&self, &event) == -1);
    sf_event_clear (&event);
    s_fixture_clear (&self);
}

int
main (void)
{
    test_create ();
    test_rename_move_deactivate ();
    test_late_and_duplicate ();
    test_bad_events ();
    test_queries ();
    test_loop ();
    test_through_consumer ();
    test_accounts ();
    printf ("sf_org_test: OK\n");
    return 0;
}
