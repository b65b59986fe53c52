/*  inspection_hazard_store_test: the hazard list requests against real PostgreSQL, called
    as the rpc server calls them (the actor and its reach checked first, sf_rpc_scope; a
    write inside a transaction, committed when the reply is OK and rolled back otherwise):
    import, versions, every kind of refused file leaving everything as it was, the actor's
    grants, the events, reading a list, the risk register and its colours under two
    mappings, and AssessRisk. Org units, accounts and grants are rows of sf_org_node,
    sf_org_account and sf_org_grant, as the org copy would hold them.                      */
#include "inspection_colour.h"
#include "inspection_handlers.h"
#include "inspection_hazard_store.h"
#include "inspection_state.h"
#include "sf_envelope.h"
#include "sf_log.h"
#include "sf_migrate.h"
#include "sf_pb.h"
#include "sf_rpc_scope.h"
#include "sf_testkit.h"

#include <stdlib.h>
#include <string.h>

extern const sf_migration_t inspection_migrations [];

#define STREAM "test:events:inspection"
#define HEADER "unit_code,year,factor,hazard,accident_type,measures,l,e,c\n"

typedef struct {
    char *schema;
    sf_db_t *db;
    inspection_state_t state;
} fixture_t;

//  The actor of a call: an account holding role on org (none when org is ""), or the
//  service itself (role "service").
typedef struct {
    const char *role;
    const char *org;
} actor_t;

static const actor_t s_admin = { "admin", "C01" };
static const actor_t s_service = { "service", "" };

static void
s_node (fixture_t *self, int kind, const char *code, const char *parent, const char *plant, const char *name,
        bool active)
{
    const char *values [] = { code, kind == 1? "1": kind == 2? "2": kind == 3? "3": kind == 4? "4": kind == 5? "5": "6",
                              parent, plant, name, active? "true": "false" };
    SF_CHECK (sf_db_exec (self->db,
        "INSERT INTO sf_org_node (code, kind, parent_code, plant_code, name_zh, name_en, active, version) "
        "VALUES ($1, $2::smallint, $3, $4, $5, '', $6::boolean, 1)", 6, values) == 1);
}

static void
s_fixture_init (fixture_t *self)
{
    self->schema = sf_test_unique ("inspect_hazard");
    self->db = sf_test_db (self->schema);
    SF_CHECK (sf_migrate (self->db, self->schema, "common", common_migrations) >= 6);
    SF_CHECK (sf_migrate (self->db, self->schema, "inspection", inspection_migrations) >= 2);
    SF_CHECK (inspection_colour_parse (INSPECTION_COLOUR_DEFAULT, self->state.colour_by_grade) == 0);
    self->state.stream = STREAM;
    s_node (self, 1, "C01", NULL, NULL, "华安精密", true);
    s_node (self, 2, "P01", "C01", "P01", "北京厂区", true);
    s_node (self, 3, "P01-D01", "P01", "P01", "生产部", true);
    s_node (self, 4, "P01-D01-T01", "P01-D01", "P01", "机加一班", true);
    s_node (self, 5, "P01-D01-T01-S01", "P01-D01-T01", "P01", "车工岗", true);
    s_node (self, 3, "P01-D02", "P01", "P01", "设备部", true);
    s_node (self, 4, "P01-D02-T01", "P01-D02", "P01", "电气维修班", true);
    s_node (self, 3, "P01-D09", "P01", "P01", "已撤销部门", false);
    s_node (self, 6, "E0001", "P01-D01-T01-S01", "P01", "郭颖", true);
}

static void
s_fixture_clear (fixture_t *self)
{
    char script [128];
    snprintf (script, sizeof script, "DROP SCHEMA %s CASCADE", self->schema);
    SF_CHECK (sf_db_exec_script (self->db, script) == 0);
    sf_db_destroy (&self->db);
    free (self->schema);
}

//  The account of actor, named "<role>@<org>", in the org copy; its login.
static const char *
s_account (fixture_t *self, const actor_t *actor, char *login, size_t size)
{
    snprintf (login, size, "%s@%s", actor->role, actor->org);
    const char *values [] = { login, actor->role, actor->org };
    SF_CHECK (sf_db_exec (self->db, "INSERT INTO sf_org_account (login, employee_code, disabled, version) "
                                    "VALUES ($1, '', false, 1) ON CONFLICT DO NOTHING", 1, values) >= 0);
    SF_CHECK (sf_db_exec (self->db, "INSERT INTO sf_org_grant (login, role, node_code) SELECT $1, $2, $3 "
                                    "WHERE $3 <> '' ON CONFLICT DO NOTHING", 3, values) >= 0);
    return login;
}

//  Calls the route of the request's type as the rpc server would, from a daemon's key (which
//  may name the actor): who the actor is and whether the route's unit lies within its
//  grants first (sf_rpc_scope), then the handler; a write inside a transaction, committed
//  when the reply is OK and rolled back otherwise. Returns the status; reply is the caller's
//  to clear.
static sf_status_t
s_call (fixture_t *self, const ProtobufCMessage *body, const actor_t *actor, sf_reply_t *reply)
{
    const sf_route_t *route = inspection_routes;
    while (route->request && route->request != body->descriptor)
        route++;
    SF_CHECK (route->request);
    char login [64];
    sf_request_t request = { .request_id = (char *) "test", .type = (char *) body->descriptor->name };
    request.actor.user_id = strdup (strcmp (actor->role, "service")? s_account (self, actor, login, sizeof login)
                                                                    : "sf-test");
    request.actor.roles [0] = strdup (actor->role);
    request.actor.role_count = 1;
    request.actor.org_node = strdup (actor->org);
    request.actor.plant = strdup ("");
    sf_peer_t peer = { .name = "test", .kind = SF_PEER_KIND_DAEMON, .trusted = true };
    memset (reply, 0, sizeof *reply);
    sf_call_t call = {
        .request = &request, .peer = &peer, .message = body, .route = route, .reply = reply, .db = self->db,
        .state = &self->state
    };
    if (route->writes)
        SF_CHECK (sf_db_begin (self->db) == 0);
    sf_scope_t scope;
    if (sf_rpc_scope_check (&call, &request.actor, &scope))
        route->handler (&call);
    sf_actor_clear (&request.actor);
    SF_CHECK (reply->status != 0);
    if (route->writes) {
        if (reply->status == SF_OK)
            SF_CHECK (sf_db_commit (self->db) == 0);
        else
            sf_db_rollback (self->db);
    }
    return reply->status;
}

//  The reply's body, which must be a descriptor message; sf_pb_destroy frees it.
static void *
s_body (const sf_reply_t *reply, const ProtobufCMessageDescriptor *descriptor)
{
    SF_CHECK_STR (reply->type, descriptor->name);
    void *message = protobuf_c_message_unpack (descriptor, NULL, reply->body_size, reply->body);
    SF_CHECK (message);
    return message;
}

//  Sends a read as an admin, which must succeed, and returns its reply as reply_type.
static void *
s_read (fixture_t *self, const ProtobufCMessage *request, const ProtobufCMessageDescriptor *reply_type)
{
    sf_reply_t reply;
    SF_CHECK (s_call (self, request, &s_admin, &reply) == SF_OK);
    void *message = s_body (&reply, reply_type);
    sf_reply_clear (&reply);
    return message;
}

static Inspection__HazardList *
s_get_list (fixture_t *self, const char *unit_code, int year)
{
    Inspection__GetHazardList get = INSPECTION__GET_HAZARD_LIST__INIT;
    get.unit_code = (char *) unit_code;
    get.year = year;
    return s_read (self, &get.base, &inspection__hazard_list__descriptor);
}

static Inspection__RiskRegister *
s_get_register (fixture_t *self, const char *unit_code, int year)
{
    Inspection__GetRiskRegister get = INSPECTION__GET_RISK_REGISTER__INIT;
    get.unit_code = (char *) unit_code;
    get.year = year;
    return s_read (self, &get.base, &inspection__risk_register__descriptor);
}

//  Imports text; sets *result (caller destroys) and returns the status.
static sf_status_t
s_import (fixture_t *self, const char *text, const actor_t *actor, Inspection__ImportResult **result)
{
    Inspection__ImportHazardCsv request = INSPECTION__IMPORT_HAZARD_CSV__INIT;
    request.file_name = (char *) "清单.csv";
    request.csv.data = (uint8_t *) text;
    request.csv.len = strlen (text);
    sf_reply_t reply;
    sf_status_t status = s_call (self, &request.base, actor, &reply);
    *result = s_body (&reply, &inspection__import_result__descriptor);
    if (status != SF_OK) {
        SF_CHECK (strstr (reply.reason_zh, "未导入") && strstr (reply.reason_zh, "未做任何更改"));
        SF_CHECK (strstr (reply.reason_en, "was not imported") && strstr (reply.reason_en, "nothing was changed"));
    }
    sf_reply_clear (&reply);
    return status;
}

static bool
s_has_error (const Inspection__ImportResult *result, int line, const char *en, const char *zh)
{
    for (size_t i = 0; i < result->n_errors; i++)
        if (result->errors [i]->line == line && strstr (result->errors [i]->en, en)
        &&  (!zh || strstr (result->errors [i]->zh, zh)))
            return true;
    fprintf (stderr, "no error on line %d with '%s'; the errors are:\n", line, en);
    for (size_t i = 0; i < result->n_errors; i++)
        fprintf (stderr, "  %d | %s | %s\n", result->errors [i]->line, result->errors [i]->zh,
                 result->errors [i]->en);
    return false;
}

static int64_t
s_count (fixture_t *self, const char *sql)
{
    return sf_test_scalar (self->db, sql, NULL);
}

//  What a refused import must leave: exactly these counts of lists, items and events.
static void
s_unchanged (fixture_t *self, int64_t lists, int64_t items, int64_t events)
{
    SF_CHECK (s_count (self, "SELECT count (*) FROM hazard_list") == lists);
    SF_CHECK (s_count (self, "SELECT count (*) FROM hazard_item") == items);
    SF_CHECK (s_count (self, "SELECT count (*) FROM sf_outbox") == events);
}

static const char *s_first_file =
    "\xEF\xBB\xBF" HEADER
    "P01-D01-T01-S01,2026,机,车床卡盘旋转部位无防护罩,机械伤害,\"1. 加装防护罩\n2. 严禁戴手套操作\",6,6,7\r\n"
    "P01-D01-T01-S01,2026,人,未佩戴防护眼镜，铁屑飞溅伤眼,物体打击,班前检查劳保用品,3,6,3\r\n"
    "P01-D01-T01,2026,环,车间通道堆放物料,其他伤害,划定通道并保持畅通,1,10,7\r\n"
    "P01-D01-T01-S01,2026,法,未执行停机清理铁屑,机械伤害,停机后用专用工具清理,3,3,40\r\n"
    "P01-D01-T01,2026,机,行车钢丝绳断丝超标,lifting_injury,每日点检钢丝绳,10,2,1\r\n";

static void
test_import_and_read (fixture_t *self)
{
    Inspection__ImportResult *result;
    SF_CHECK (s_import (self, s_first_file, &s_admin, &result) == SF_OK);
    SF_CHECK (result->rows == 5 && result->lists == 2 && result->n_errors == 0);
    sf_pb_destroy (&result);
    SF_CHECK (s_count (self, "SELECT count (*) FROM hazard_list WHERE version = 1") == 2);
    SF_CHECK (s_count (self, "SELECT item_count FROM hazard_list WHERE unit_code = 'P01-D01-T01-S01'") == 3);
    SF_CHECK (s_count (self, "SELECT count (*) FROM hazard_list WHERE imported_by = 'admin@C01' AND imported_ms > 0") == 2);
    SF_CHECK (s_count (self, "SELECT count (*) FROM hazard_item") == 5);
    //  Stored as the tables write the values, D exact, the grade derived, the category coded.
    SF_CHECK (s_count (self, "SELECT count (*) FROM hazard_item WHERE unit_code = 'P01-D01-T01-S01' AND seq = 3 "
                             "AND factor = 4 AND l = 3 AND e = 3 AND c = 40 AND d = 360 AND grade = 1 "
                             "AND accident_type = 'mechanical_injury'") == 1);
    SF_CHECK (s_count (self, "SELECT count (*) FROM hazard_item WHERE unit_code = 'P01-D01-T01' AND seq = 1 "
                             "AND accident_type = 'other_injury' AND d = 70 AND grade = 4") == 1);
    SF_CHECK (s_count (self, "SELECT count (*) FROM hazard_item WHERE d::text = '20' AND grade = 5 "
                             "AND accident_type = 'lifting_injury'") == 1);

    //  One event per list, with the list's header and its items (the knowledge base makes the
    //  team's hazard article of them).
    sf_rows_t *rows = sf_db_query (self->db, "SELECT stream, event_type, plant, envelope FROM sf_outbox ORDER BY id",
                                   0, NULL);
    SF_CHECK (rows && sf_rows_count (rows) == 2);
    for (int r = 0; r < 2; r++) {
        SF_CHECK_STR (sf_rows_text (rows, r, 0), STREAM);
        SF_CHECK_STR (sf_rows_text (rows, r, 1), "inspection.hazard_list_imported");
        SF_CHECK_STR (sf_rows_text (rows, r, 2), "P01");
        size_t size;
        uint8_t *bytes = sf_rows_bytes (rows, r, 3, &size);
        sf_event_t event;
        SF_CHECK (sf_event_decode (&event, bytes, size) == 0);
        SF_CHECK_STR (event.payload_type, "inspection.HazardList");
        SF_CHECK_STR (event.aggregate_type, "hazard_list");
        SF_CHECK_STR (event.actor.user_id, "admin@C01");
        SF_CHECK (event.aggregate_version == 1);
        Inspection__HazardList *list = inspection__hazard_list__unpack (NULL, event.payload_size, event.payload);
        SF_CHECK (list);
        SF_CHECK (list->year == 2026 && list->version == 1 && list->n_items == (r == 0? 2u: 3u));
        SF_CHECK (strcmp (list->unit_code, r == 0? "P01-D01-T01": "P01-D01-T01-S01") == 0);
        for (size_t i = 0; i < list->n_items; i++)
            SF_CHECK (strcmp (list->items [i]->unit_code, list->unit_code) == 0 && *list->items [i]->hazard);
        char aggregate [64];
        snprintf (aggregate, sizeof aggregate, "%s/2026", list->unit_code);
        SF_CHECK_STR (event.aggregate_id, aggregate);
        sf_pb_destroy (&list);
        sf_event_clear (&event);
        free (bytes);
    }
    sf_rows_destroy (&rows);

    //  The list as read: items in file order, coloured by the mapping, with the wording and
    //  the category's names.
    Inspection__HazardList *list = s_get_list (self, "P01-D01-T01-S01", 0);
    SF_CHECK (list->year == 2026 && list->version == 1 && list->n_items == 3);
    Inspection__HazardItem **items = list->items;
    SF_CHECK (items [0]->seq == 1 && items [0]->factor == INSPECTION__FACTOR__FACTOR_MACHINE);
    SF_CHECK_STR (items [0]->measures, "1. 加装防护罩\n2. 严禁戴手套操作");
    SF_CHECK_STR (items [0]->accident_type, "mechanical_injury");
    SF_CHECK_STR (items [0]->accident_type_zh, "机械伤害");
    SF_CHECK_STR (items [0]->accident_type_en, "mechanical injury");
    SF_CHECK_STR (items [0]->risk->l, "6");
    SF_CHECK_STR (items [0]->risk->d, "252");
    SF_CHECK (items [0]->risk->grade == 2 && items [0]->risk->colour == INSPECTION__COLOUR__COLOUR_ORANGE);
    SF_CHECK_STR (items [0]->risk->grade_zh, "高度危险，需立即整改");
    SF_CHECK_STR (items [1]->risk->d, "54");
    SF_CHECK (items [1]->risk->grade == 4 && items [1]->risk->colour == INSPECTION__COLOUR__COLOUR_BLUE);
    SF_CHECK_STR (items [1]->accident_type, "struck_by_object");
    SF_CHECK_STR (items [1]->accident_type_zh, "物体打击");
    SF_CHECK_STR (items [1]->accident_type_en, "struck by object");
    SF_CHECK (items [2]->risk->grade == 1 && items [2]->risk->colour == INSPECTION__COLOUR__COLOUR_RED);
    SF_CHECK_STR (items [2]->risk->grade_en, "extremely dangerous, stop work");
    SF_CHECK (items [2]->id > 0);
    sf_pb_destroy (&list);
}

static void
test_reimport_makes_a_version (fixture_t *self)
{
    const char *text =
        HEADER
        "P01-D01-T01,2026,机,行车钢丝绳断丝超标,起重伤害,每日点检钢丝绳；断丝超标立即报废,10,2,1\n"
        "P01-D01-T01,2025,机,旧年度的清单,机械伤害,措施,1,1,1\n";
    Inspection__ImportResult *result;
    SF_CHECK (s_import (self, text, &s_admin, &result) == SF_OK);
    SF_CHECK (result->rows == 2 && result->lists == 2);
    sf_pb_destroy (&result);
    SF_CHECK (s_count (self, "SELECT version FROM hazard_list WHERE unit_code = 'P01-D01-T01' AND year = 2026") == 2);
    SF_CHECK (s_count (self, "SELECT version FROM hazard_list WHERE unit_code = 'P01-D01-T01' AND year = 2025") == 1);
    SF_CHECK (s_count (self, "SELECT item_count FROM hazard_list WHERE unit_code = 'P01-D01-T01' AND year = 2026") == 1);
    //  The old version's items stay for history.
    SF_CHECK (s_count (self, "SELECT count (*) FROM hazard_item WHERE unit_code = 'P01-D01-T01' AND year = 2026") == 3);
    SF_CHECK (s_count (self, "SELECT count (*) FROM sf_outbox") == 4);

    Inspection__HazardList *list = s_get_list (self, "P01-D01-T01", 2026);
    SF_CHECK (list->version == 2 && list->n_items == 1);
    SF_CHECK_STR (list->items [0]->measures, "每日点检钢丝绳；断丝超标立即报废");
    sf_pb_destroy (&list);

    //  Year 0 reads the latest year.
    list = s_get_list (self, "P01-D01-T01", 0);
    SF_CHECK (list->year == 2026 && list->version == 2);
    sf_pb_destroy (&list);
}

static void
test_refused_files_change_nothing (fixture_t *self)
{
    int64_t lists = s_count (self, "SELECT count (*) FROM hazard_list");
    int64_t items = s_count (self, "SELECT count (*) FROM hazard_item");
    int64_t events = s_count (self, "SELECT count (*) FROM sf_outbox");
    const char *text =
        HEADER
        "P01-D01-T01-S01,2026,机,好的一行,机械伤害,措施,6,6,7\n"          //  2 good, not written
        "P01-D07,2026,机,未知单位,机械伤害,措施,6,6,7\n"                   //  3 unknown unit
        "P01-D09,2026,机,停用单位,机械伤害,措施,6,6,7\n"                   //  4 inactive
        "P01,2026,机,厂区不是部门,机械伤害,措施,6,6,7\n"                   //  5 wrong kind
        "E0001,2026,机,员工不是岗位,机械伤害,措施,6,6,7\n"                 //  6 wrong kind
        "P01-D02,2026,机,事故类型不对,坠落,措施,6,6,7\n"                   //  7 bad category
        "P01-D02,2026,机,LEC 不在表中,机械伤害,措施,2,6,7\n"               //  8 L outside the table
        "P01-D07,2026,机,两处错误,坠落,措施,6,6,7\n";                      //  9 unit and category
    Inspection__ImportResult *result;
    SF_CHECK (s_import (self, text, &s_admin, &result) == SF_INVALID_ARGUMENT);
    SF_CHECK (s_has_error (result, 3, "the unit 'P01-D07' is not in the org directory", "单位“P01-D07”不在组织目录中"));
    SF_CHECK (s_has_error (result, 4, "the unit 'P01-D09' is deactivated", "单位“P01-D09”已停用"));
    SF_CHECK (s_has_error (result, 5, "'P01' is not a department, team or post", "不是部门、班组或岗位"));
    SF_CHECK (s_has_error (result, 6, "'E0001' is not a department, team or post", NULL));
    SF_CHECK (s_has_error (result, 7, "the accident type '坠落' is not valid", "事故类型“坠落”无效"));
    SF_CHECK (s_has_error (result, 8, "the L value '2' is not in the LEC table", "L 的取值“2”不在 LEC 取值表中"));
    SF_CHECK (s_has_error (result, 9, "the unit 'P01-D07'", NULL));
    SF_CHECK (s_has_error (result, 9, "the accident type '坠落'", NULL));
    SF_CHECK (result->n_errors == 8);
    for (size_t i = 1; i < result->n_errors; i++)
        SF_CHECK (result->errors [i]->line >= result->errors [i - 1]->line);
    sf_pb_destroy (&result);
    s_unchanged (self, lists, items, events);

    //  A file with a parse error and nothing else is refused the same way.
    SF_CHECK (s_import (self, HEADER "P01-D02,2026,机,h,机械伤害,m,6,6\n", &s_admin, &result) == SF_INVALID_ARGUMENT);
    SF_CHECK (s_has_error (result, 2, "expected 9 fields, found 8", NULL));
    sf_pb_destroy (&result);
    SF_CHECK (s_import (self, "", &s_admin, &result) == SF_INVALID_ARGUMENT);
    SF_CHECK (s_has_error (result, 0, "the file is empty", "文件为空"));
    sf_pb_destroy (&result);
    s_unchanged (self, lists, items, events);
}

static void
test_scope (fixture_t *self)
{
    int64_t lists = s_count (self, "SELECT count (*) FROM hazard_list");
    int64_t items = s_count (self, "SELECT count (*) FROM hazard_item");
    int64_t events = s_count (self, "SELECT count (*) FROM sf_outbox");
    const actor_t officer = { "safety_officer", "P01-D02" };
    const char *text =
        HEADER
        "P01-D02-T01,2026,机,配电柜接地不良,触电,定期检测接地电阻,1,6,15\n"
        "P01-D01-T01,2026,机,不归我管,机械伤害,措施,1,1,1\n";
    Inspection__ImportResult *result;
    SF_CHECK (s_import (self, text, &officer, &result) == SF_PERMISSION_DENIED);
    SF_CHECK (result->n_errors == 1);
    SF_CHECK (s_has_error (result, 3, "the unit 'P01-D01-T01' lies outside what your grants cover",
                           "单位“P01-D01-T01”不在您的授权范围内"));
    sf_pb_destroy (&result);
    //  Out of reach and wrong besides: refused as a permission, every line told.
    SF_CHECK (s_import (self, HEADER "P01-D01-T01,2026,机,h,坠落,m,1,1,1\n", &officer, &result) == SF_PERMISSION_DENIED);
    SF_CHECK (result->n_errors == 2);
    sf_pb_destroy (&result);
    s_unchanged (self, lists, items, events);

    //  Without a grant an account may import nothing: refused before the file is read.
    const actor_t nowhere = { "safety_officer", "" };
    Inspection__ImportHazardCsv request = INSPECTION__IMPORT_HAZARD_CSV__INIT;
    request.csv.data = (uint8_t *) HEADER "P01-D02-T01,2026,机,h,触电,m,1,6,15\n";
    request.csv.len = strlen ((const char *) request.csv.data);
    sf_reply_t reply;
    SF_CHECK (s_call (self, &request.base, &nowhere, &reply) == SF_PERMISSION_DENIED);
    SF_CHECK (reply.body_size == 0 && strstr (reply.reason_en, "holds no role"));
    sf_reply_clear (&reply);
    s_unchanged (self, lists, items, events);

    //  Within the officer's subtree, and the department itself.
    SF_CHECK (s_import (self, HEADER "P01-D02-T01,2026,机,配电柜接地不良,触电,定期检测接地电阻,1,6,15\n"
                              "P01-D02,2026,环,配电室潮湿,触电,除湿并加装挡鼠板,3,6,7\n", &officer, &result) == SF_OK);
    SF_CHECK (result->lists == 2);
    sf_pb_destroy (&result);
    //  EHS of the company imports anywhere.
    const actor_t ehs = { "ehs", "C01" };
    SF_CHECK (s_import (self, HEADER "P01-D01,2026,环,车间噪声超标,其它伤害,佩戴耳塞,6,10,3\n", &ehs, &result) == SF_OK);
    sf_pb_destroy (&result);
}

static void
test_register (fixture_t *self)
{
    //  Current lists now: P01-D01 (2026 v1: 180 grade 2), P01-D01-T01 (2026 v2: 20 grade 5),
    //  P01-D01-T01-S01 (2026 v1: 252 g2, 54 g4, 360 g1), P01-D02 (126 g3), P01-D02-T01 (90 g3).
    Inspection__RiskRegister *reg = s_get_register (self, "P01", 0);
    Inspection__ColourCount **units = reg->units;
    SF_CHECK (reg->n_units == 5);
    SF_CHECK_STR (units [0]->unit_code, "P01-D01");
    SF_CHECK_STR (units [0]->unit_name, "生产部");
    SF_CHECK (units [0]->orange == 1 && units [0]->red + units [0]->yellow + units [0]->blue == 0);
    SF_CHECK_STR (units [1]->unit_code, "P01-D01-T01");
    SF_CHECK (units [1]->blue == 1 && units [1]->red + units [1]->orange + units [1]->yellow == 0);
    SF_CHECK_STR (units [2]->unit_code, "P01-D01-T01-S01");
    SF_CHECK (units [2]->red == 1 && units [2]->orange == 1 && units [2]->yellow == 0 && units [2]->blue == 1);
    SF_CHECK_STR (units [3]->unit_code, "P01-D02");
    SF_CHECK (units [3]->yellow == 1);
    SF_CHECK_STR (units [4]->unit_code, "P01-D02-T01");
    SF_CHECK (units [4]->yellow == 1);
    //  Red and orange items, most dangerous first, with their measures and categories.
    Inspection__HazardItem **items = reg->major_items;
    SF_CHECK (reg->n_major_items == 3);
    SF_CHECK (items [0]->risk->colour == INSPECTION__COLOUR__COLOUR_RED);
    SF_CHECK_STR (items [0]->risk->d, "360");
    SF_CHECK_STR (items [0]->measures, "停机后用专用工具清理");
    SF_CHECK_STR (items [0]->accident_type, "mechanical_injury");
    SF_CHECK_STR (items [0]->accident_type_zh, "机械伤害");
    SF_CHECK_STR (items [0]->accident_type_en, "mechanical injury");
    SF_CHECK_STR (items [1]->risk->d, "252");
    SF_CHECK_STR (items [2]->risk->d, "180");
    SF_CHECK_STR (items [2]->unit_code, "P01-D01");
    SF_CHECK_STR (items [2]->accident_type_zh, "其它伤害");
    SF_CHECK_STR (items [2]->accident_type_en, "other injury");
    SF_CHECK (items [1]->risk->colour == INSPECTION__COLOUR__COLOUR_ORANGE);
    SF_CHECK (items [2]->risk->colour == INSPECTION__COLOUR__COLOUR_ORANGE);
    sf_pb_destroy (&reg);

    //  Another mapping colours the same items otherwise, at read time.
    SF_CHECK (inspection_colour_parse ("red,red,orange,yellow,blue", self->state.colour_by_grade) == 0);
    reg = s_get_register (self, "P01-D02", 0);
    SF_CHECK (reg->n_units == 2);                         //  only the subtree
    SF_CHECK (reg->units [0]->orange == 1 && reg->units [1]->orange == 1);
    SF_CHECK (reg->n_major_items == 2);
    SF_CHECK (reg->major_items [0]->risk->colour == INSPECTION__COLOUR__COLOUR_ORANGE);
    sf_pb_destroy (&reg);
    SF_CHECK (inspection_colour_parse (INSPECTION_COLOUR_DEFAULT, self->state.colour_by_grade) == 0);

    //  A year: only the lists of that year.
    reg = s_get_register (self, "P01-D01", 2025);
    SF_CHECK (reg->n_units == 1 && reg->n_major_items == 0);
    SF_CHECK_STR (reg->units [0]->unit_code, "P01-D01-T01");
    SF_CHECK (reg->units [0]->blue == 1);
    sf_pb_destroy (&reg);

    //  Unknown and malformed units: no grant covers them (nothing is said of whether they
    //  exist); the service, which reaches everything, hears why.
    Inspection__GetRiskRegister get = INSPECTION__GET_RISK_REGISTER__INIT;
    get.unit_code = (char *) "P09";
    sf_reply_t reply;
    SF_CHECK (s_call (self, &get.base, &s_admin, &reply) == SF_PERMISSION_DENIED);
    sf_reply_clear (&reply);
    SF_CHECK (s_call (self, &get.base, &s_service, &reply) == SF_NOT_FOUND);
    SF_CHECK_STR (reply.reason_en, "Unit 'P09' is not in the org directory");
    sf_reply_clear (&reply);
    get.unit_code = (char *) "P01";
    get.year = 1999;
    SF_CHECK (s_call (self, &get.base, &s_admin, &reply) == SF_INVALID_ARGUMENT);
    SF_CHECK_STR (reply.reason_zh, "年度 1999 无效，应为 2000 至 2100 之间的年份（0 表示最近的年度）");
    sf_reply_clear (&reply);
}

static void
test_get_list_errors (fixture_t *self)
{
    sf_reply_t reply;
    Inspection__GetHazardList get = INSPECTION__GET_HAZARD_LIST__INIT;
    get.unit_code = (char *) "P01-D01-T01-S01";
    get.year = 2024;
    SF_CHECK (s_call (self, &get.base, &s_admin, &reply) == SF_NOT_FOUND);
    SF_CHECK_STR (reply.reason_zh, "单位“P01-D01-T01-S01”没有 2024 年度的危险源辨识清单");
    SF_CHECK_STR (reply.reason_en, "Unit 'P01-D01-T01-S01' has no hazard list for 2024");
    sf_reply_clear (&reply);
    get.unit_code = (char *) "E0001";
    get.year = 0;
    SF_CHECK (s_call (self, &get.base, &s_admin, &reply) == SF_NOT_FOUND);
    SF_CHECK_STR (reply.reason_en, "Unit 'E0001' has no hazard list yet");
    sf_reply_clear (&reply);
    get.unit_code = (char *) "P01-D07";
    SF_CHECK (s_call (self, &get.base, &s_admin, &reply) == SF_PERMISSION_DENIED);
    sf_reply_clear (&reply);
    SF_CHECK (s_call (self, &get.base, &s_service, &reply) == SF_NOT_FOUND);
    SF_CHECK_STR (reply.reason_zh, "单位“P01-D07”不在组织目录中");
    sf_reply_clear (&reply);
    get.unit_code = (char *) "生产部";
    SF_CHECK (s_call (self, &get.base, &s_service, &reply) == SF_INVALID_ARGUMENT);
    SF_CHECK (strstr (reply.reason_en, "Unit code '生产部' is invalid"));
    sf_reply_clear (&reply);
}

static void
test_assess (fixture_t *self)
{
    struct { const char *l, *e, *c, *d; int grade, colour; } cases [] = {
        { "10", "2", "1", "20", 5, INSPECTION__COLOUR__COLOUR_BLUE },
        { "3", "1", "7", "21", 4, INSPECTION__COLOUR__COLOUR_BLUE },
        { "1", "10", "7", "70", 4, INSPECTION__COLOUR__COLOUR_BLUE },
        { "0.5", "10", "15", "75", 3, INSPECTION__COLOUR__COLOUR_YELLOW },
        { "6", "10", "3", "180", 2, INSPECTION__COLOUR__COLOUR_ORANGE },
        { "3", "3", "40", "360", 1, INSPECTION__COLOUR__COLOUR_RED },
        { "0.50", "0.5", "1", "0.25", 5, INSPECTION__COLOUR__COLOUR_BLUE },
    };
    Inspection__AssessRisk assess = INSPECTION__ASSESS_RISK__INIT;
    sf_reply_t reply;
    for (size_t i = 0; i < sizeof cases / sizeof cases [0]; i++) {
        assess.l = (char *) cases [i].l;
        assess.e = (char *) cases [i].e;
        assess.c = (char *) cases [i].c;
        Inspection__Risk *risk = s_read (self, &assess.base, &inspection__risk__descriptor);
        SF_CHECK_STR (risk->d, cases [i].d);
        SF_CHECK (risk->grade == cases [i].grade && (int) risk->colour == cases [i].colour);
        SF_CHECK (*risk->grade_zh && *risk->grade_en);
        sf_pb_destroy (&risk);
    }
    assess.l = (char *) "6";
    assess.e = (char *) "6";
    assess.c = (char *) "5";
    SF_CHECK (s_call (self, &assess.base, &s_admin, &reply) == SF_INVALID_ARGUMENT);
    SF_CHECK_STR (reply.reason_zh, "C 的取值“5”不在 LEC 取值表中，可取：100, 40, 15, 7, 3, 1");
    SF_CHECK_STR (reply.reason_en, "the C value '5' is not in the LEC table; use one of 100, 40, 15, 7, 3, 1");
    sf_reply_clear (&reply);
}

static void
test_accident_type_names (fixture_t *self)
{
    inspection_hazard_accident_types_t types;
    SF_CHECK (inspection_hazard_store_accident_types (self->db, &types) == 0);
    SF_CHECK (types.count == 20);
    SF_CHECK_STR (inspection_hazard_accident_type_resolve (&types, "机械伤害"), "mechanical_injury");
    SF_CHECK_STR (inspection_hazard_accident_type_resolve (&types, "fall_from_height"), "fall_from_height");
    SF_CHECK_STR (inspection_hazard_accident_type_resolve (&types, "其他伤害"), "other_injury");
    SF_CHECK_STR (inspection_hazard_accident_type_resolve (&types, "其它爆炸"), "other_explosion");
    SF_CHECK_STR (inspection_hazard_accident_type_resolve (&types, "中毒和窒息"), "poisoning_asphyxiation");
    SF_CHECK (inspection_hazard_accident_type_resolve (&types, "其他") == NULL);
    SF_CHECK (inspection_hazard_accident_type_resolve (&types, "Mechanical_Injury") == NULL);
    SF_CHECK (inspection_hazard_accident_type_resolve (&types, "") == NULL);
    inspection_hazard_accident_types_clear (&types);
}

int
main (void)
{
    sf_log_init ("inspection_hazard_store_test", SF_LOG_HUMAN, SF_LOG_WARN);
    fixture_t fixture = { 0 };
    s_fixture_init (&fixture);
    test_accident_type_names (&fixture);
    test_import_and_read (&fixture);
    test_reimport_makes_a_version (&fixture);
    test_refused_files_change_nothing (&fixture);
    test_scope (&fixture);
    test_register (&fixture);
    test_get_list_errors (&fixture);
    test_assess (&fixture);
    s_fixture_clear (&fixture);
    printf ("inspection_hazard_store_test: ok\n");
    return 0;
}
