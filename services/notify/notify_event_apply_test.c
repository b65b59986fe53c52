/*  notify_event_apply_test: events into delivery rows on a migrated schema with an org copy
    written directly: the readers (form, alert, finding, task), rule matching by severity, by
    unit kind and by role (the rule's or the alert's), recipients from grants on the unit or
    above it (disabled accounts left out), each channel's language and digest, the link, a
    unit without a channel (unrouted_event), duplicates, an unreadable payload and an event
    no rule names.                                                                          */
#include "notify.h"
#include "notify.pb-c.h"
#include "inspection.pb-c.h"
#include "rectification.pb-c.h"
#include "scoring.pb-c.h"
#include "training_qual.pb-c.h"
#include "sf_migrate.h"
#include "sf_org.h"
#include "sf_pb.h"
#include "sf_testkit.h"

#include <string.h>

extern const sf_migration_t notify_migrations [];

static sf_db_t *s_db;

static void
s_sql (const char *sql)
{
    SF_CHECK (sf_db_exec_script (s_db, sql) == 0);
}

//  An event of type with payload message and id event_id.
static void
s_event (sf_event_t *event, const char *event_id, const char *type, const ProtobufCMessage *message)
{
    memset (event, 0, sizeof *event);
    event->event_id = strdup (event_id);
    event->type = strdup (type);
    event->aggregate_type = strdup ("x");
    event->aggregate_id = strdup ("1");
    event->trace_id = strdup ("");
    event->occurred_ms = 1796288400000;
    sf_event_set_payload (event, message);
}

static int
s_apply (notify_state_t *state, sf_event_t *event)
{
    SF_CHECK (sf_db_begin (s_db) == 0);
    int rc = notify_event_apply (s_db, event, state);
    if (rc == 0)
        SF_CHECK (sf_db_commit (s_db) == 0);
    else
        sf_db_rollback (s_db);
    sf_event_clear (event);
    return rc;
}

static int64_t
s_count (const char *sql)
{
    return sf_test_scalar (s_db, sql, NULL);
}

static char *
s_text (const char *sql)
{
    sf_rows_t *rows = sf_db_query (s_db, sql, 0, NULL);
    SF_CHECK (rows && sf_rows_count (rows) == 1);
    char *text = strdup (sf_rows_text (rows, 0, 0));
    sf_rows_destroy (&rows);
    return text;
}

static Rectification__Form *
s_form (const char *number, const char *unit, int severity)
{
    Rectification__Form *form = sf_pb_new (&rectification__form__descriptor);
    form->id = 42;
    sf_pb_set (&form->number, number);
    sf_pb_set (&form->responsible_unit, unit);
    sf_pb_set (&form->plant_code, "P01");
    sf_pb_set (&form->description, "消防通道堵塞");
    form->severity = severity;
    form->deadline_ms = 1796288400000;           //  2026-12-03 17:00 in Shanghai
    return form;
}

int
main (void)
{
    char *schema = sf_test_unique ("notify_apply");
    s_db = sf_test_db (schema);
    SF_CHECK (sf_migrate (s_db, schema, "common", common_migrations) >= 1);
    SF_CHECK (sf_migrate (s_db, schema, "notify", notify_migrations) >= 3);
    notify_state_t state = { .time_zone = "Asia/Shanghai", .link_base = "https://sf.example" };

    //  C01 > P01 > D01 > T01; kinds as directory.Kind.
    char sql [2048];
    snprintf (sql, sizeof sql,
        "INSERT INTO sf_org_node (code, kind, parent_code, plant_code, name_zh, name_en, active, version) VALUES"
        " ('C01', %d, NULL, NULL, '集团', 'Group', true, 1),"
        " ('P01', %d, 'C01', 'P01', '一厂', 'Plant 1', true, 1),"
        " ('D01', %d, 'P01', 'P01', '一车间', 'Workshop 1', true, 1),"
        " ('T01', %d, 'D01', 'P01', '甲班', 'Team A', true, 1);"
        "INSERT INTO sf_org_account (login, employee_code, disabled, version) VALUES"
        " ('psm', 'E1', false, 1), ('leader', 'E2', false, 1), ('gone', 'E3', true, 1), ('head', 'E4', false, 1);"
        "INSERT INTO sf_org_grant (login, role, node_code) VALUES"
        " ('psm', 'plant_safety_manager', 'P01'), ('leader', 'team_leader', 'T01'),"
        " ('gone', 'team_leader', 'T01'), ('head', 'department_head', 'P01');"
        "INSERT INTO unit_channel (unit_code, channel, url, language, digest_at) VALUES"
        " ('P01', 1, 'http://127.0.0.1:1/p', 'zh', ''), ('P01', 4, 'http://127.0.0.1:1/w', 'en', ''),"
        " ('T01', 2, 'http://127.0.0.1:1/t', 'zh', ''), ('D01', 1, 'http://127.0.0.1:1/d', 'zh', '08:30');",
        SF_ORG_COMPANY, SF_ORG_PLANT, SF_ORG_DEPARTMENT, SF_ORG_TEAM);
    s_sql (sql);

    //  A general form overdue at T01: rule 3 (T01's channels); rule 4 needs a major one.
    sf_event_t event;
    Rectification__Alert *alert = sf_pb_new (&rectification__alert__descriptor);
    alert->form = s_form ("P01-R2026-000042", "T01", RECTIFICATION__SEVERITY__SEVERITY_GENERAL);
    s_event (&event, "e1", "rectification.form_overdue", (ProtobufCMessage *) alert);
    SF_CHECK (s_apply (&state, &event) == 0);
    SF_CHECK (s_count ("SELECT count (*) FROM delivery WHERE event_id = 'e1'") == 1);
    SF_CHECK (s_count ("SELECT count (*) FROM delivery WHERE event_id = 'e1' AND unit_code = 'T01' AND channel = 2"
                       " AND status = 1 AND urgency = 2 AND plant_code = 'P01' AND recipients = '{}'") == 1);
    char *text = s_text ("SELECT subject || '|' || text || '|' || link FROM delivery WHERE event_id = 'e1'");
    SF_CHECK (strstr (text, "整改逾期：P01-R2026-000042|"));
    SF_CHECK (strstr (text, "甲班 的问题反馈单 P01-R2026-000042 已超过整改期限（2026-12-03 17:00）"));
    SF_CHECK (strstr (text, "|https://sf.example/forms/P01-R2026-000042"));
    free (text);

    //  A major one: rule 4 too, to the plant's channels (zh and en), urgent, to its safety manager.
    alert->form->severity = RECTIFICATION__SEVERITY__SEVERITY_MAJOR;
    s_event (&event, "e2", "rectification.form_overdue", (ProtobufCMessage *) alert);
    SF_CHECK (s_apply (&state, &event) == 0);
    SF_CHECK (s_count ("SELECT count (*) FROM delivery WHERE event_id = 'e2'") == 3);
    SF_CHECK (s_count ("SELECT count (*) FROM delivery WHERE event_id = 'e2' AND unit_code = 'P01' AND urgency = 3"
                       " AND recipients = '{psm}'") == 2);
    text = s_text ("SELECT subject FROM delivery WHERE event_id = 'e2' AND channel = 4");
    SF_CHECK_STR (text, "Rectification overdue: P01-R2026-000042");
    free (text);
    text = s_text ("SELECT text FROM delivery WHERE event_id = 'e2' AND channel = 4");
    SF_CHECK (strstr (text, "Form P01-R2026-000042 of Plant 1 passed its deadline (2026-12-03 17:00)."));
    free (text);

    //  The same event again: nothing new.
    s_event (&event, "e2", "rectification.form_overdue", (ProtobufCMessage *) alert);
    SF_CHECK (s_apply (&state, &event) == 0);
    SF_CHECK (s_count ("SELECT count (*) FROM delivery WHERE event_id = 'e2'") == 3);

    //  An escalation: the alert's target unit and role, step and days.
    sf_pb_set (&alert->target_unit, "P01");
    sf_pb_set (&alert->target_role, "department_head");
    alert->step = 2;
    alert->days = 5;
    s_event (&event, "e3", "rectification.form_escalated", (ProtobufCMessage *) alert);
    SF_CHECK (s_apply (&state, &event) == 0);
    SF_CHECK (s_count ("SELECT count (*) FROM delivery WHERE event_id = 'e3' AND unit_code = 'P01'"
                       " AND recipients = '{head}'") == 2);
    text = s_text ("SELECT subject || '|' || text FROM delivery WHERE event_id = 'e3' AND channel = 1");
    SF_CHECK (strstr (text, "整改逾期升级（第2级）：P01-R2026-000042|"));
    SF_CHECK (strstr (text, "已逾期 5 天"));
    free (text);

    //  A unit without a channel: unrouted_event, no delivery; twice is one row.
    sf_pb_set (&alert->target_unit, "");
    sf_pb_set (&alert->form->responsible_unit, "C01");
    alert->form->severity = RECTIFICATION__SEVERITY__SEVERITY_GENERAL;
    s_event (&event, "e4", "rectification.form_overdue", (ProtobufCMessage *) alert);
    SF_CHECK (s_apply (&state, &event) == 0);
    s_event (&event, "e4", "rectification.form_overdue", (ProtobufCMessage *) alert);
    SF_CHECK (s_apply (&state, &event) == 0);
    SF_CHECK (s_count ("SELECT count (*) FROM delivery WHERE event_id = 'e4'") == 0);
    SF_CHECK (s_count ("SELECT count (*) FROM unrouted_event WHERE event_id = 'e4' AND unit_code = 'C01'"
                       " AND reason = 'no_channel'") == 1);
    sf_pb_destroy (&alert);

    //  A major finding at D01: rule 7, the plant above it.
    Inspection__Finding *finding = sf_pb_new (&inspection__finding__descriptor);
    finding->id = 7;
    sf_pb_set (&finding->number, "P01-F2026-000007");
    sf_pb_set (&finding->responsible_unit, "D01");
    sf_pb_set (&finding->plant_code, "P01");
    sf_pb_set (&finding->description, "储罐区可燃气体报警器失效");
    finding->severity = INSPECTION__SEVERITY__SEVERITY_MAJOR;
    s_event (&event, "e5", "inspection.major_hazard_found", (ProtobufCMessage *) finding);
    SF_CHECK (s_apply (&state, &event) == 0);
    SF_CHECK (s_count ("SELECT count (*) FROM delivery WHERE event_id = 'e5' AND unit_code = 'P01' AND urgency = 3"
                       " AND link = 'https://sf.example/findings/P01-F2026-000007'") == 2);
    //  A general one: no rule.
    finding->severity = INSPECTION__SEVERITY__SEVERITY_GENERAL;
    s_event (&event, "e6", "inspection.major_hazard_found", (ProtobufCMessage *) finding);
    SF_CHECK (s_apply (&state, &event) == 0);
    SF_CHECK (s_count ("SELECT count (*) FROM delivery WHERE event_id = 'e6'") == 0);
    sf_pb_destroy (&finding);

    //  A missed task of T01: the team leader, not the disabled one; link by id.
    Inspection__Task *task = sf_pb_new (&inspection__task__descriptor);
    task->id = 99;
    sf_pb_set (&task->plan_code, "DAILY-T01");
    sf_pb_set (&task->executor_unit, "T01");
    sf_pb_set (&task->target_unit, "T01");
    sf_pb_set (&task->plant_code, "P01");
    sf_pb_set (&task->shift_date, "2026-12-03");
    task->window_end_ms = 1796288400000;
    s_event (&event, "e7", "inspection.task_missed", (ProtobufCMessage *) task);
    SF_CHECK (s_apply (&state, &event) == 0);
    SF_CHECK (s_count ("SELECT count (*) FROM delivery WHERE event_id = 'e7' AND unit_code = 'T01'"
                       " AND recipients = '{leader}' AND link = 'https://sf.example/tasks/99'") == 1);
    text = s_text ("SELECT subject || '|' || text FROM delivery WHERE event_id = 'e7'");
    SF_CHECK (strstr (text, "检查任务漏检：甲班|"));
    SF_CHECK (strstr (text, "（DAILY-T01 2026-12-03）在 2026-12-03 17:00 前未完成"));
    free (text);

    //  A form issued to D01, whose channel has a digest: a normal message is queued anyway.
    Rectification__Form *form = s_form ("P01-R2026-000043", "D01", RECTIFICATION__SEVERITY__SEVERITY_GENERAL);
    s_event (&event, "e8", "rectification.form_issued", (ProtobufCMessage *) form);
    SF_CHECK (s_apply (&state, &event) == 0);
    SF_CHECK (s_count ("SELECT count (*) FROM delivery WHERE event_id = 'e8' AND unit_code = 'D01' AND status = 1") == 1);
    sf_pb_destroy (&form);


    //  A certificate of T01E1 (under T01's post) due: rule 11, the team above it, a digest
    //  urgency on a channel without a digest: queued; the text in the channel's language.
    snprintf (sql, sizeof sql,
        "INSERT INTO sf_org_node (code, kind, parent_code, plant_code, name_zh, name_en, active, version) VALUES"
        " ('T01S', %d, 'T01', 'P01', '甲班岗位', 'Team A post', true, 1),"
        " ('T01E1', %d, 'T01S', 'P01', '张三', 'Zhang San', true, 1);", SF_ORG_POST, SF_ORG_EMPLOYEE);
    s_sql (sql);
    Training__CertificateDue *due = sf_pb_new (&training__certificate_due__descriptor);
    due->certificate = sf_pb_new (&training__certificate__descriptor);
    due->certificate->id = 11;
    sf_pb_set (&due->certificate->employee_code, "T01E1");
    sf_pb_set (&due->certificate->type_zh, "电工作业");
    sf_pb_set (&due->certificate->number, "T123");
    due->due_ms = 1796288400000;
    s_event (&event, "e11", "training.certificate_due", (ProtobufCMessage *) due);
    SF_CHECK (s_apply (&state, &event) == 0);
    SF_CHECK (s_count ("SELECT count (*) FROM delivery WHERE event_id = 'e11' AND unit_code = 'T01' AND urgency = 1"
                       " AND status = 1 AND recipients = '{leader}' AND plant_code = 'P01'"
                       " AND link = 'https://sf.example/certificates/11'") == 1);
    sf_pb_destroy (&due);

    //  A letter missing at D01, whose channel has a digest: held for it.
    Scoring__LetterGap *gap = sf_pb_new (&scoring__letter_gap__descriptor);
    sf_pb_set (&gap->party_b, "D01");
    sf_pb_set (&gap->party_b_name_zh, "一车间");
    gap->days_without = 12;
    s_event (&event, "e12", "scoring.letter_missing", (ProtobufCMessage *) gap);
    SF_CHECK (s_apply (&state, &event) == 0);
    SF_CHECK (s_count ("SELECT count (*) FROM delivery WHERE event_id = 'e12' AND unit_code = 'D01' AND status = 2"
                       " AND strpos (text, '一车间 已 12 天未签订') > 0") == 1);
    sf_pb_destroy (&gap);

    //  A new version whose rule names channels and a template of its own: only those, and
    //  the rules of version 1 no longer apply.
    s_sql ("INSERT INTO template (code, language, subject, body) VALUES"
           " ('custom', 'zh', '自定义 {number}', '{unit} {text}'), ('custom', 'en', 'Custom {number}', '{unit} {text}');"
           "INSERT INTO route_version (version, created_ms, created_by, note) VALUES (2, 1, 'ehs', '');"
           "INSERT INTO route (version, position, event_type, min_severity, unit_kind, role, urgency, channels,"
           " template, reason) VALUES (2, 1, 'rectification.form_issued', 0, 'plant', '', 2, '{4}', 'custom', 'test');");
    form = s_form ("P01-R2026-000044", "D01", RECTIFICATION__SEVERITY__SEVERITY_GENERAL);
    s_event (&event, "e13", "rectification.form_issued", (ProtobufCMessage *) form);
    SF_CHECK (s_apply (&state, &event) == 0);
    SF_CHECK (s_count ("SELECT count (*) FROM delivery WHERE event_id = 'e13'") == 1);
    SF_CHECK (s_count ("SELECT count (*) FROM delivery WHERE event_id = 'e13' AND unit_code = 'P01' AND channel = 4"
                       " AND subject = 'Custom P01-R2026-000044' AND text = 'Plant 1 消防通道堵塞'") == 1);
    sf_pb_destroy (&form);
    //  A rule whose channels the unit lacks: unrouted.
    s_sql ("UPDATE route SET channels = '{5}' WHERE version = 2");
    form = s_form ("P01-R2026-000045", "D01", RECTIFICATION__SEVERITY__SEVERITY_GENERAL);
    s_event (&event, "e14", "rectification.form_issued", (ProtobufCMessage *) form);
    SF_CHECK (s_apply (&state, &event) == 0);
    SF_CHECK (s_count ("SELECT count (*) FROM delivery WHERE event_id = 'e14'") == 0);
    SF_CHECK (s_count ("SELECT count (*) FROM unrouted_event WHERE event_id = 'e14' AND unit_code = 'P01'") == 1);
    sf_pb_destroy (&form);

    //  An event type no rule names, and an unreadable payload (a Task where a Form belongs).
    s_event (&event, "e9", "inspection.task_done", (ProtobufCMessage *) task);
    SF_CHECK (s_apply (&state, &event) == 0);
    s_event (&event, "e10", "rectification.form_issued", (ProtobufCMessage *) task);
    SF_CHECK (s_apply (&state, &event) == -1);
    SF_CHECK (s_count ("SELECT count (*) FROM delivery WHERE event_id IN ('e9', 'e10')") == 0);
    sf_pb_destroy (&task);

    sf_test_drop_schema (s_db, schema);
    sf_db_destroy (&s_db);
    free (schema);
    printf ("notify_event_apply_test: ok\n");
    return 0;
}
