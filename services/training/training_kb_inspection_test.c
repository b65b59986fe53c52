/*  Articles from inspection's events (training_kb_inspection): a violation becomes a case of
    the 三违 library once, however often its event comes; a hazard list with its items becomes
    its unit's article of team_hazards, each newer import a new version, an older one left
    out; a list without items, an event of another type: nothing; a unit the org copy does
    not know yet: later; a payload of the wrong type: a failure. Each article is indexed and
    its event goes to the outbox with the inspection event's actor.                        */
#include "training_kb_inspection.h"
#include "training_kb_store.h"
#include "inspection.pb-c.h"
#include "sf_envelope.h"
#include "sf_migrate.h"
#include "sf_pb.h"
#include "sf_testkit.h"

#include <string.h>

extern const sf_migration_t common_migrations [];
extern const sf_migration_t training_migrations [];

static sf_db_t *db;

//  Applies an event of type with payload in a transaction of its own, as the consumer does.
static int
s_apply (const char *type, const ProtobufCMessage *payload, int64_t occurred_ms)
{
    static int count;
    char id [64];
    snprintf (id, sizeof id, "00000000-0000-4000-8000-%012d", ++count);
    sf_event_t event = {
        .event_id = id, .type = (char *) type, .aggregate_type = (char *) "x", .aggregate_id = (char *) "1",
        .aggregate_version = 1, .plant = (char *) "ikP", .occurred_ms = occurred_ms, .trace_id = (char *) "trace-1",
        .actor = { .user_id = (char *) "ik.officer", .org_node = (char *) "ikP", .plant = (char *) "ikP" }
    };
    sf_event_set_payload (&event, payload);
    SF_CHECK (sf_db_begin (db) == 0);
    int rc = training_kb_inspection_apply (db, &event, NULL);
    if (rc == 0)
        SF_CHECK (sf_db_commit (db) == 0);
    else
        sf_db_rollback (db);
    free (event.payload);
    free (event.payload_type);
    return rc;
}

static int64_t
s_count (const char *sql)
{
    return sf_test_scalar (db, sql, NULL);
}

int
main (void)
{
    char *schema = sf_test_unique ("tkinsp");
    db = sf_test_db (schema);
    SF_CHECK (sf_migrate (db, schema, "common", common_migrations) >= 9);
    SF_CHECK (sf_migrate (db, schema, "training", training_migrations) >= 2);
    SF_CHECK (sf_db_exec (db,
        "INSERT INTO sf_org_node (code, kind, parent_code, plant_code, name_zh, name_en, active, version) VALUES"
        " ('ikC', 1, NULL, NULL, '公司', '', true, 1), ('ikP', 2, 'ikC', 'ikP', '一厂', '', true, 1),"
        " ('ikD', 3, 'ikP', 'ikP', '机加车间', '', true, 1), ('ikT', 4, 'ikD', 'ikP', '机加一班', '', true, 1)",
        0, NULL) == 4);

    //  A violation: one case, whatever comes again.
    Inspection__Violation violation = INSPECTION__VIOLATION__INIT;
    violation.number = (char *) "ikP-V2026-000007";
    violation.type = INSPECTION__VIOLATION_TYPE__VIOLATION_ILLEGAL_OPERATION;
    violation.person_code = (char *) "E0001";
    violation.unit_code = (char *) "ikT";
    violation.plant_code = (char *) "ikP";
    violation.description = (char *) "戴手套操作车床";
    violation.location = (char *) "机加车间2号车床";
    violation.occurred_ms = 1772676000000;       //  2026-03-05 10:00 Beijing time
    SF_CHECK (s_apply ("inspection.violation_recorded", &violation.base, 1772676000000) == 0);
    SF_CHECK (s_apply ("inspection.violation_recorded", &violation.base, 1772676000000) == 0);
    SF_CHECK (s_count ("SELECT count(*) FROM kb_article") == 1);
    Training__Article *article;
    SF_CHECK (training_kb_store_find_source (db, "inspection.violation:ikP-V2026-000007", &article) == 1);
    SF_CHECK (article->category == TRAINING__ARTICLE_CATEGORY__ARTICLE_VIOLATION_CASES && article->version == 1);
    SF_CHECK_STR (article->title, "三违案例：违章作业（ikP-V2026-000007）");
    SF_CHECK_STR (article->body, "戴手套操作车床。地点：机加车间2号车床。时间：2026-03-05。");
    SF_CHECK_STR (article->owner_unit, "ikT");
    SF_CHECK_STR (article->plant_code, "ikP");
    SF_CHECK_STR (article->created_by, "ik.officer");
    SF_CHECK (article->n_tags == 2 && !strstr (article->body, "E0001"));
    sf_pb_destroy (&article);
    SF_CHECK (s_count ("SELECT count(*) FROM sf_outbox WHERE event_type = 'training.article_created'") == 1);
    SF_CHECK (s_count ("SELECT count(*) FROM sf_audit WHERE actor = 'ik.officer' AND aggregate_type = 'article'") == 1);
    SF_CHECK (s_count ("SELECT count(*) FROM kb_posting p JOIN kb_article a ON a.id = p.article_id"
                       " WHERE p.term IN ('手套', '车床')") == 2);

    //  A unit the copy does not know yet: later, nothing written.
    violation.number = (char *) "ikP-V2026-000008";
    violation.unit_code = (char *) "ikT9";
    SF_CHECK (s_apply ("inspection.violation_recorded", &violation.base, 1772676000000) == SF_CONSUMER_LATER);
    SF_CHECK (s_count ("SELECT count(*) FROM kb_article") == 1);

    //  A hazard list: its header alone makes nothing; with its items, the unit's article.
    Inspection__HazardList list = INSPECTION__HAZARD_LIST__INIT;
    list.unit_code = (char *) "ikT";
    list.year = 2026;
    list.version = 1;
    SF_CHECK (s_apply ("inspection.hazard_list_imported", &list.base, 1772676000000) == 0);
    SF_CHECK (s_count ("SELECT count(*) FROM kb_article") == 1);
    Inspection__Risk risk = INSPECTION__RISK__INIT;
    risk.grade_zh = (char *) "显著危险，需要整改";
    Inspection__HazardItem first = INSPECTION__HAZARD_ITEM__INIT, second = INSPECTION__HAZARD_ITEM__INIT;
    first.hazard = (char *) "车床卡盘旋转卷入";
    first.accident_type = (char *) "mechanical_injury";
    first.accident_type_zh = (char *) "机械伤害";
    first.measures = (char *) "严禁戴手套，扎紧袖口";
    first.risk = &risk;
    second.hazard = (char *) "切屑飞溅伤眼";
    second.accident_type = (char *) "other_injury";
    second.measures = (char *) "佩戴防护眼镜";
    Inspection__HazardItem *items [] = { &first, &second };
    list.items = items;
    list.n_items = 2;
    SF_CHECK (s_apply ("inspection.hazard_list_imported", &list.base, 1772676000000) == 0);
    SF_CHECK (training_kb_store_find_source (db, "inspection.hazard_list:ikT/2026", &article) == 1);
    SF_CHECK (article->category == TRAINING__ARTICLE_CATEGORY__ARTICLE_TEAM_HAZARDS && article->version == 1);
    SF_CHECK_STR (article->title, "机加一班危险源辨识与防范措施（2026年）");
    SF_CHECK (strstr (article->body, "1. 危险源：车床卡盘旋转卷入；事故类型：机械伤害；控制措施：严禁戴手套，扎紧袖口；风险：显著危险"));
    SF_CHECK (strstr (article->body, "2. 危险源：切屑飞溅伤眼；事故类型：other_injury；控制措施：佩戴防护眼镜；风险：未评价。"));
    SF_CHECK (article->n_hazards == 2);
    SF_CHECK_STR (article->note, "清单第1版");
    int64_t id = article->id;
    sf_pb_destroy (&article);
    //  Imported again: a new version of the same article; an older import after it: left out.
    list.version = 2;
    second.measures = (char *) "佩戴防护眼镜，加装挡屑板";
    SF_CHECK (s_apply ("inspection.hazard_list_imported", &list.base, 1772762400000) == 0);
    list.version = 1;
    SF_CHECK (s_apply ("inspection.hazard_list_imported", &list.base, 1772762400000) == 0);
    SF_CHECK (training_kb_store_find (db, id, 0, false, &article) == 1);
    SF_CHECK (article->version == 2 && strstr (article->body, "挡屑板"));
    SF_CHECK_STR (article->note, "清单第2版");
    sf_pb_destroy (&article);
    SF_CHECK (s_count ("SELECT count(*) FROM kb_article_version") == 3);
    SF_CHECK (s_count ("SELECT count(*) FROM sf_outbox WHERE event_type = 'training.article_edited'") == 1);

    //  Another type: nothing; a payload of the wrong type: a failure, nothing written.
    SF_CHECK (s_apply ("inspection.finding_reported", &violation.base, 1) == 0);
    SF_CHECK (s_apply ("inspection.violation_recorded", &list.base, 1) == -1);
    SF_CHECK (s_count ("SELECT count(*) FROM kb_article") == 2);

    sf_test_drop_schema (db, schema);
    sf_db_destroy (&db);
    free (schema);
    return 0;
}
