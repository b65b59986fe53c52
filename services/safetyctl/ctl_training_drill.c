/*  safetyctl training drill: this area's commands (ctl_training.h): emergency drills (plan,
    participants, hold, evaluate with the findings sent on to inspection, cancel, show, list)
    and safety campaigns (create, add a session, completion per unit, list). The daemon checks
    every rule; the client reads words and dates (Beijing time) and prints.                */
#include "ctl_training.h"
#include "ctl_args.h"
#include "ctl_daemon.h"
#include "ctl_output.h"
#include "ctl_table.h"
#include "sf_codec.h"
#include "sf_pb.h"
#include "training_drill.pb-c.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_DAEMON "training"

static const sf_text_t s_msg_bad_number = { "“%s”不是整数", "'%s' is not a whole number" };
static const sf_text_t s_msg_bad_grade = {
    "未知的等级“%s”：可用 excellent（优秀）、good（良好）、pass（合格）、fail（不合格）",
    "unknown grade '%s': use excellent, good, pass or fail"
};
static const sf_text_t s_msg_bad_state = {
    "未知的状态“%s”：可用 planned、held、evaluated、cancelled", "unknown state '%s': use planned, held, evaluated or cancelled"
};
static const sf_text_t s_msg_bad_finding = {
    "问题“%s”格式不对：应为“描述|等级|责任单位”，等级为 general（一般）或 major（重大），多项以 ; 分隔",
    "finding '%s' is malformed: use \"description|severity|unit\", severity general or major, several apart with ;"
};
static const sf_text_t s_msg_drill = {
    "演练 %lld：%s，单位 %s，计划 %s，组织人 %s，状态 %s\n", "Drill %lld: %s, unit %s, planned %s, organiser %s, %s\n"
};
static const sf_text_t s_msg_scenario = { "情景：%s\n", "Scenario: %s\n" };
static const sf_text_t s_msg_held = { "实施：%s，%d 分钟\n", "Held: %s, %d minutes\n" };
static const sf_text_t s_msg_evaluation = { "评估：评分 %s，等级 %s\n", "Evaluation: score %s, grade %s\n" };
static const sf_text_t s_msg_strengths = { "亮点：%s\n", "Strengths: %s\n" };
static const sf_text_t s_msg_problems = { "问题：%s\n", "Problems: %s\n" };
static const sf_text_t s_msg_cancelled = { "取消原因：%s\n", "Cancelled: %s\n" };
static const sf_text_t s_msg_participants = { "参演人员（%zu）：%s\n", "Participants (%zu): %s\n" };
static const sf_text_t s_msg_pending = { "待发送（已尝试 %d 次）", "to send (%d attempts)" };
static const sf_text_t s_msg_campaign = {
    "活动 %s：%s，主办 %s，%s 至 %s，单位 %zu 个，培训场次 %zu 场\n",
    "Campaign %s: %s, run by %s, %s to %s, %zu units, %zu sessions\n"
};
static const sf_text_t s_msg_completion = {
    "合计：%2$d 人中 %1$d 人参加（%3$d%%）\n", "In all: %1$d of %2$d employees attended (%3$d%%)\n"
};
static const sf_text_t s_header_findings = {
    "编号\t问题\t等级\t责任单位\t隐患编号", "Id\tFinding\tSeverity\tUnit\tInspection number"
};
static const sf_text_t s_header_drills = {
    "演练\t类型\t单位\t计划日期\t状态\t评分", "Drill\tKind\tUnit\tPlanned\tState\tScore"
};
static const sf_text_t s_header_kinds = { "代码\t名称", "Code\tName" };
static const sf_text_t s_header_completion = {
    "单位\t名称\t员工\t参加\t完成率", "Unit\tName\tEmployees\tAttended\tCompletion"
};
static const sf_text_t s_header_campaigns = {
    "代码\t名称\t主办\t开始\t结束\t单位\t场次", "Code\tTitle\tRun by\tStarts\tEnds\tUnits\tSessions"
};

static const struct { const char *word; sf_text_t name; } s_states [] = {
    { "", { "-", "-" } },
    { "planned", { "已计划", "planned" } },
    { "held", { "已实施", "held" } },
    { "evaluated", { "已评估", "evaluated" } },
    { "cancelled", { "已取消", "cancelled" } },
};
static const struct { const char *word; sf_text_t name; } s_grades [] = {
    { "", { "-", "-" } },
    { "excellent", { "优秀", "excellent" } },
    { "good", { "良好", "good" } },
    { "pass", { "合格", "pass" } },
    { "fail", { "不合格", "fail" } },
};
static const sf_text_t s_severities [] = { { "-", "-" }, { "一般", "general" }, { "重大", "major" } };

//  --------------------------------------------------------------------------------------
//  Words, dates and tables

static char *
s_text (const ctl_args_t *args, const char *name)
{
    return sf_codec_wire (ctl_args_get (args, name));
}

static void
s_date (int64_t ms, char *buffer, size_t size)
{
    if (ms <= 0) {
        snprintf (buffer, size, "-");
        return;
    }
    char time [32];
    ctl_beijing_time (ms, time, sizeof time);
    snprintf (buffer, size, "%.10s", time);
}

static void
s_header (const ctl_t *ctl, ctl_table_t *table, const sf_text_t *header)
{
    char *titles = strdup (ctl_text (ctl, header));
    for (char *cell = strtok (titles, "\t"); cell; cell = strtok (NULL, "\t"))
        ctl_table_add (table, cell);
    free (titles);
}

static const char *
s_state_name (const ctl_t *ctl, int state)
{
    return ctl_text (ctl, &s_states [state >= 0 && state <= 4? state: 0].name);
}

static int
s_grade_parse (const char *word)
{
    for (int i = 1; word && i <= 4; i++)
        if (strcmp (word, s_grades [i].word) == 0)
            return i;
    return 0;
}

static int
s_state_parse (const char *word)
{
    for (int i = 1; word && i <= 4; i++)
        if (strcmp (word, s_states [i].word) == 0)
            return i;
    return 0;
}

//  The operand as a drill id. CTL_EXIT_OK or USAGE.
static int
s_id (const ctl_t *ctl, const ctl_args_t *args, int64_t *id)
{
    char *end;
    *id = strtoll (args->operand? args->operand: "", &end, 10);
    if (!args->operand || *end || *id <= 0)
        return ctl_args_usage (ctl, args, &s_msg_bad_number, args->operand? args->operand: "");
    return CTL_EXIT_OK;
}

//  Splits list at commas into a new array of copies (each the caller's, as the array).
static char **
s_split (const char *list, size_t *count)
{
    *count = 0;
    if (!list || !*list)
        return NULL;
    char *copy = strdup (list);
    char **items = calloc (strlen (list) + 1, sizeof *items);
    for (char *save = NULL, *item = strtok_r (copy, ",", &save); item; item = strtok_r (NULL, ",", &save))
        items [(*count)++] = sf_codec_strdup (item);
    free (copy);
    return items;
}

static void
s_free_list (char **items, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free (items [i]);
    free (items);
}

static void
s_print_drill (const ctl_t *ctl, const Training__Drill *drill)
{
    char planned [16], held [16];
    s_date (drill->planned_ms, planned, sizeof planned);
    s_date (drill->held_ms, held, sizeof held);
    ctl_print (ctl, stdout, &s_msg_drill, (long long) drill->id, ctl->lang == CTL_LANG_EN? drill->kind_en: drill->kind_zh,
               drill->unit_code, planned, drill->organiser, s_state_name (ctl, drill->state));
    ctl_print (ctl, stdout, &s_msg_scenario, drill->scenario);
    if (drill->held_ms)
        ctl_print (ctl, stdout, &s_msg_held, held, (int) drill->duration_minutes);
    if (drill->state == TRAINING__DRILL_STATE__DRILL_EVALUATED) {
        char score [16];
        snprintf (score, sizeof score, drill->has_score? "%d": "-", (int) drill->score);
        int grade = drill->grade >= 0 && drill->grade <= 4? drill->grade: 0;
        ctl_print (ctl, stdout, &s_msg_evaluation, score, ctl_text (ctl, &s_grades [grade].name));
        if (*drill->strengths)
            ctl_print (ctl, stdout, &s_msg_strengths, drill->strengths);
        if (*drill->problems)
            ctl_print (ctl, stdout, &s_msg_problems, drill->problems);
    }
    if (*drill->cancel_reason)
        ctl_print (ctl, stdout, &s_msg_cancelled, drill->cancel_reason);
    size_t size = 1;
    for (size_t i = 0; i < drill->n_participants; i++)
        size += strlen (drill->participants [i]) + 2;
    char *people = calloc (1, size);
    for (size_t i = 0; people && i < drill->n_participants; i++) {
        if (i)
            strcat (people, ", ");
        strcat (people, drill->participants [i]);
    }
    ctl_print (ctl, stdout, &s_msg_participants, drill->n_participants, people && *people? people: "-");
    free (people);
    if (drill->n_findings == 0)
        return;
    ctl_table_t *table = ctl_table_new (5);
    s_header (ctl, table, &s_header_findings);
    for (size_t i = 0; i < drill->n_findings; i++) {
        const Training__DrillFinding *finding = drill->findings [i];
        ctl_table_addf (table, "%lld", (long long) finding->id);
        ctl_table_add (table, finding->description);
        ctl_table_add (table, ctl_text (ctl, &s_severities [finding->severity == 2? 2: finding->severity == 1? 1: 0]));
        ctl_table_add (table, finding->responsible_unit);
        if (*finding->inspection_number)
            ctl_table_add (table, finding->inspection_number);
        else {
            char pending [96];
            snprintf (pending, sizeof pending, ctl_text (ctl, &s_msg_pending), (int) finding->attempts);
            ctl_table_add (table, pending);
        }
    }
    ctl_table_print (table, stdout);
    ctl_table_destroy (&table);
}

//  Sends request (with the --key of a write) and prints the drill it answers with.
static int
s_drill_call (const ctl_t *ctl, const ctl_args_t *args, const ProtobufCMessage *request)
{
    Training__Drill *drill;
    const char *key = request->descriptor == &training__drill_get__descriptor? NULL: ctl_args_get (args, "key");
    int rc = ctl_daemon_show (ctl, S_DAEMON, request, key, &training__drill__descriptor, &drill);
    if (drill)
        s_print_drill (ctl, drill);
    sf_pb_destroy (&drill);
    return rc;
}

//  --------------------------------------------------------------------------------------
//  Drill commands

static int
s_kinds (const ctl_t *ctl, const ctl_args_t *args)
{
    (void) args;
    Training__DrillKindList list = TRAINING__DRILL_KIND_LIST__INIT;
    Training__DrillKinds *kinds;
    int rc = ctl_daemon_show (ctl, S_DAEMON, &list.base, NULL, &training__drill_kinds__descriptor, &kinds);
    if (kinds) {
        ctl_table_t *table = ctl_table_new (2);
        s_header (ctl, table, &s_header_kinds);
        for (size_t i = 0; i < kinds->n_kinds; i++) {
            ctl_table_add (table, kinds->kinds [i]->code);
            ctl_table_add (table, ctl->lang == CTL_LANG_EN? kinds->kinds [i]->name_en: kinds->kinds [i]->name_zh);
        }
        ctl_table_print (table, stdout);
        ctl_table_destroy (&table);
    }
    sf_pb_destroy (&kinds);
    return rc;
}

static int
s_plan (const ctl_t *ctl, const ctl_args_t *args)
{
    Training__DrillPlan plan = TRAINING__DRILL_PLAN__INIT;
    plan.unit_code = s_text (args, "unit");
    plan.kind_code = s_text (args, "kind");
    plan.scenario = s_text (args, "scenario");
    plan.organiser = s_text (args, "organiser");
    int rc = ctl_args_time (ctl, args, "date", false, &plan.planned_ms);
    if (!rc)
        rc = s_drill_call (ctl, args, &plan.base);
    return rc;
}

static int
s_participants_add (const ctl_t *ctl, const ctl_args_t *args)
{
    Training__DrillParticipantsAdd add = TRAINING__DRILL_PARTICIPANTS_ADD__INIT;
    int rc = s_id (ctl, args, &add.drill_id);
    if (rc)
        return rc;
    add.employee_codes = s_split (ctl_args_get (args, "employees"), &add.n_employee_codes);
    rc = s_drill_call (ctl, args, &add.base);
    s_free_list (add.employee_codes, add.n_employee_codes);
    return rc;
}

static int
s_hold (const ctl_t *ctl, const ctl_args_t *args)
{
    Training__DrillHold hold = TRAINING__DRILL_HOLD__INIT;
    int rc = s_id (ctl, args, &hold.drill_id);
    if (!rc)
        rc = ctl_args_time (ctl, args, "date", false, &hold.held_ms);
    if (rc)
        return rc;
    hold.duration_minutes = ctl_args_number (args, "minutes", 0);
    return s_drill_call (ctl, args, &hold.base);
}

//  "description|severity|unit;..." into findings. CTL_EXIT_OK or USAGE.
static int
s_findings_parse (const ctl_t *ctl, const ctl_args_t *args, Training__DrillEvaluate *evaluate)
{
    const char *text = ctl_args_get (args, "finding");
    if (!text)
        return CTL_EXIT_OK;
    char *copy = strdup (text);
    int rc = CTL_EXIT_OK;
    for (char *save = NULL, *item = strtok_r (copy, ";", &save); item && !rc; item = strtok_r (NULL, ";", &save)) {
        char *severity = strchr (item, '|');
        char *unit = severity? strchr (severity + 1, '|'): NULL;
        if (!unit || strchr (unit + 1, '|')) {
            rc = ctl_args_usage (ctl, args, &s_msg_bad_finding, item);
            break;
        }
        *severity++ = 0;
        *unit++ = 0;
        int level = strcmp (severity, "general") == 0 || strcmp (severity, "一般") == 0? 1:
                    strcmp (severity, "major") == 0 || strcmp (severity, "重大") == 0? 2: 0;
        if (!level) {
            rc = ctl_args_usage (ctl, args, &s_msg_bad_finding, severity);
            break;
        }
        Training__DrillFindingInput *finding = sf_pb_add (&evaluate->findings, &evaluate->n_findings,
                                                          &training__drill_finding_input__descriptor);
        sf_pb_set (&finding->description, item);
        finding->severity = (Training__DrillFindingSeverity) level;
        sf_pb_set (&finding->responsible_unit, unit);
    }
    free (copy);
    return rc;
}

static int
s_evaluate (const ctl_t *ctl, const ctl_args_t *args)
{
    Training__DrillEvaluate *evaluate = sf_pb_new (&training__drill_evaluate__descriptor);
    int rc = s_id (ctl, args, &evaluate->drill_id);
    const char *score = ctl_args_get (args, "score");
    if (!rc && score) {
        char *end;
        long value = strtol (score, &end, 10);
        if (!*score || *end || value < -1000 || value > 1000)
            rc = ctl_args_usage (ctl, args, &s_msg_bad_number, score);
        evaluate->has_score = true;
        evaluate->score = (int32_t) value;
    }
    const char *grade = ctl_args_get (args, "grade");
    if (!rc && grade && !(evaluate->grade = (Training__DrillGrade) s_grade_parse (grade)))
        rc = ctl_args_usage (ctl, args, &s_msg_bad_grade, grade);
    if (!rc)
        rc = s_findings_parse (ctl, args, evaluate);
    if (!rc) {
        sf_pb_set (&evaluate->strengths, ctl_args_get (args, "strengths"));
        sf_pb_set (&evaluate->problems, ctl_args_get (args, "problems"));
        rc = s_drill_call (ctl, args, &evaluate->base);
    }
    sf_pb_destroy (&evaluate);
    return rc;
}

static int
s_cancel (const ctl_t *ctl, const ctl_args_t *args)
{
    Training__DrillCancel cancel = TRAINING__DRILL_CANCEL__INIT;
    int rc = s_id (ctl, args, &cancel.drill_id);
    if (rc)
        return rc;
    cancel.reason = s_text (args, "reason");
    rc = s_drill_call (ctl, args, &cancel.base);
    return rc;
}

static int
s_show (const ctl_t *ctl, const ctl_args_t *args)
{
    Training__DrillGet get = TRAINING__DRILL_GET__INIT;
    int rc = s_id (ctl, args, &get.drill_id);
    return rc? rc: s_drill_call (ctl, args, &get.base);
}

static int
s_list (const ctl_t *ctl, const ctl_args_t *args)
{
    Training__DrillList list = TRAINING__DRILL_LIST__INIT;
    const char *state = ctl_args_get (args, "state");
    if (state && !(list.state = (Training__DrillState) s_state_parse (state)))
        return ctl_args_usage (ctl, args, &s_msg_bad_state, state);
    list.unit_code = s_text (args, "unit");
    Training__Drills *drills;
    int rc = ctl_daemon_show (ctl, S_DAEMON, &list.base, NULL, &training__drills__descriptor, &drills);
    if (drills) {
        ctl_table_t *table = ctl_table_new (6);
        s_header (ctl, table, &s_header_drills);
        for (size_t i = 0; i < drills->n_drills; i++) {
            const Training__Drill *d = drills->drills [i];
            char planned [16];
            s_date (d->planned_ms, planned, sizeof planned);
            ctl_table_addf (table, "%lld", (long long) d->id);
            ctl_table_add (table, ctl->lang == CTL_LANG_EN? d->kind_en: d->kind_zh);
            ctl_table_add (table, d->unit_code);
            ctl_table_add (table, planned);
            ctl_table_add (table, s_state_name (ctl, d->state));
            if (d->has_score)
                ctl_table_addf (table, "%d", (int) d->score);
            else
                ctl_table_add (table, "-");
        }
        ctl_table_print (table, stdout);
        ctl_table_destroy (&table);
    }
    sf_pb_destroy (&drills);
    return rc;
}

//  --------------------------------------------------------------------------------------
//  Campaign commands

static void
s_print_campaign (const ctl_t *ctl, const Training__Campaign *campaign)
{
    char starts [16], ends [16];
    s_date (campaign->starts_ms, starts, sizeof starts);
    s_date (campaign->ends_ms, ends, sizeof ends);
    ctl_print (ctl, stdout, &s_msg_campaign, campaign->code,
               ctl->lang == CTL_LANG_EN && *campaign->title_en? campaign->title_en: campaign->title_zh,
               campaign->owner_unit, starts, ends, campaign->n_unit_codes, campaign->n_session_ids);
}

static int
s_campaign_call (const ctl_t *ctl, const ctl_args_t *args, const ProtobufCMessage *request)
{
    Training__Campaign *campaign;
    int rc = ctl_daemon_show (ctl, S_DAEMON, request, ctl_args_get (args, "key"), &training__campaign__descriptor,
                              &campaign);
    if (campaign)
        s_print_campaign (ctl, campaign);
    sf_pb_destroy (&campaign);
    return rc;
}

static int
s_campaign_create (const ctl_t *ctl, const ctl_args_t *args)
{
    Training__CampaignCreate create = TRAINING__CAMPAIGN_CREATE__INIT;
    int rc = ctl_args_time (ctl, args, "from", false, &create.starts_ms);
    if (!rc)
        rc = ctl_args_time (ctl, args, "to", true, &create.ends_ms);
    if (rc)
        return rc;
    create.code = s_text (args, "code");
    create.title_zh = s_text (args, "title");
    create.title_en = s_text (args, "title-en");
    create.owner_unit = s_text (args, "owner");
    create.unit_codes = s_split (ctl_args_get (args, "units"), &create.n_unit_codes);
    rc = s_campaign_call (ctl, args, &create.base);
    s_free_list (create.unit_codes, create.n_unit_codes);
    return rc;
}

static int
s_campaign_add_session (const ctl_t *ctl, const ctl_args_t *args)
{
    Training__CampaignAddSession add = TRAINING__CAMPAIGN_ADD_SESSION__INIT;
    add.campaign_code = sf_codec_wire (args->operand);
    add.session_id = ctl_args_number (args, "session", 0);
    int rc = s_campaign_call (ctl, args, &add.base);
    return rc;
}

static int
s_campaign_completion (const ctl_t *ctl, const ctl_args_t *args)
{
    Training__CampaignCompletion ask = TRAINING__CAMPAIGN_COMPLETION__INIT;
    ask.campaign_code = sf_codec_wire (args->operand);
    ask.unit_code = s_text (args, "unit");
    Training__CampaignCompletionReport *report;
    int rc = ctl_daemon_show (ctl, S_DAEMON, &ask.base, NULL, &training__campaign_completion_report__descriptor,
                              &report);
    if (report) {
        s_print_campaign (ctl, report->campaign);
        ctl_table_t *table = ctl_table_new (5);
        s_header (ctl, table, &s_header_completion);
        for (size_t i = 0; i < report->n_units; i++) {
            const Training__CampaignUnitCompletion *unit = report->units [i];
            ctl_table_add (table, unit->unit_code);
            ctl_table_add (table, ctl->lang == CTL_LANG_EN && *unit->name_en? unit->name_en: unit->name_zh);
            ctl_table_addf (table, "%d", (int) unit->employees);
            ctl_table_addf (table, "%d", (int) unit->attended);
            ctl_table_addf (table, "%d%%", (int) unit->percent);
        }
        ctl_table_print (table, stdout);
        ctl_table_destroy (&table);
        ctl_print (ctl, stdout, &s_msg_completion, (int) report->attended, (int) report->employees,
                   (int) report->percent);
    }
    sf_pb_destroy (&report);
    return rc;
}

static int
s_campaign_list (const ctl_t *ctl, const ctl_args_t *args)
{
    Training__CampaignList list = TRAINING__CAMPAIGN_LIST__INIT;
    list.unit_code = s_text (args, "unit");
    Training__Campaigns *campaigns;
    int rc = ctl_daemon_show (ctl, S_DAEMON, &list.base, NULL, &training__campaigns__descriptor, &campaigns);
    if (campaigns) {
        ctl_table_t *table = ctl_table_new (7);
        s_header (ctl, table, &s_header_campaigns);
        for (size_t i = 0; i < campaigns->n_campaigns; i++) {
            const Training__Campaign *c = campaigns->campaigns [i];
            char starts [16], ends [16];
            s_date (c->starts_ms, starts, sizeof starts);
            s_date (c->ends_ms, ends, sizeof ends);
            ctl_table_add (table, c->code);
            ctl_table_add (table, ctl->lang == CTL_LANG_EN && *c->title_en? c->title_en: c->title_zh);
            ctl_table_add (table, c->owner_unit);
            ctl_table_add (table, starts);
            ctl_table_add (table, ends);
            ctl_table_addf (table, "%zu", c->n_unit_codes);
            ctl_table_addf (table, "%zu", c->n_session_ids);
        }
        ctl_table_print (table, stdout);
        ctl_table_destroy (&table);
    }
    sf_pb_destroy (&campaigns);
    return rc;
}

//  --------------------------------------------------------------------------------------
//  Tables

static const ctl_option_t s_no_options [] = {
    { NULL }
};
static const ctl_option_t s_plan_options [] = {
    { "unit", CTL_TEXT, "CODE", true, { "演练单位", "unit holding the drill" } },
    { "kind", CTL_TEXT, "CODE", true, { "演练类型（见 kinds），如 fire、chemical_leak", "kind (see kinds), e.g. fire, chemical_leak" } },
    { "scenario", CTL_TEXT, "TEXT", true, { "演练情景", "scenario" } },
    { "date", CTL_TEXT, "DATE", true, { "计划日期", "planned date" } },
    { "organiser", CTL_TEXT, "CODE", true, { "组织人（本单位员工）", "organiser (an employee of the unit)" } },
    CTL_OPTION_KEY,
    { NULL }
};
static const ctl_option_t s_participants_options [] = {
    { "employees", CTL_TEXT, "A,B,...", true, { "参演人员代码，逗号分隔", "participants' codes, comma-separated" } },
    CTL_OPTION_KEY,
    { NULL }
};
static const ctl_option_t s_hold_options [] = {
    { "date", CTL_TEXT, "TIME", true, { "实施时间（不晚于现在）", "when it was held (not in the future)" } },
    { "minutes", CTL_NUMBER, "N", true, { "时长（分钟，1 至 1440）", "duration in minutes (1 to 1440)" } },
    CTL_OPTION_KEY,
    { NULL }
};
static const ctl_option_t s_evaluate_options [] = {
    { "score", CTL_TEXT, "N", false, { "评分（0 至 100）", "score (0 to 100)" } },
    { "grade", CTL_TEXT, "GRADE", false, { "等级：excellent、good、pass、fail", "grade: excellent, good, pass, fail" } },
    { "strengths", CTL_TEXT, "TEXT", false, { "亮点", "strengths" } },
    { "problems", CTL_TEXT, "TEXT", false, { "存在问题", "problems" } },
    { "finding", CTL_TEXT, "D|S|U;...", false, {
        "发现的隐患“描述|general 或 major|责任单位”，多项以 ; 分隔；评估后送隐患排查",
        "findings \"description|general or major|unit\", several apart with ;, sent on to inspection" } },
    CTL_OPTION_KEY,
    { NULL }
};
static const ctl_option_t s_cancel_options [] = {
    { "reason", CTL_TEXT, "TEXT", true, { "取消原因", "reason" } },
    CTL_OPTION_KEY,
    { NULL }
};
static const ctl_option_t s_list_options [] = {
    { "unit", CTL_TEXT, "CODE", false, { "单位（含其下级；默认为您的单位）", "unit and below (default: yours)" } },
    { "state", CTL_TEXT, "STATE", false, { "planned、held、evaluated 或 cancelled", "planned, held, evaluated or cancelled" } },
    { NULL }
};
static const ctl_option_t s_campaign_create_options [] = {
    { "code", CTL_TEXT, "CODE", true, { "活动代码", "campaign code" } },
    { "title", CTL_TEXT, "TEXT", true, { "活动名称", "title (Chinese)" } },
    { "title-en", CTL_TEXT, "TEXT", false, { "英文名称", "title in English" } },
    { "owner", CTL_TEXT, "CODE", true, { "主办单位", "organising unit" } },
    { "from", CTL_TEXT, "DATE", true, { "开始日期", "first day" } },
    { "to", CTL_TEXT, "DATE", true, { "结束日期（含）", "last day (included)" } },
    { "units", CTL_TEXT, "A,B,...", true, { "参加单位，逗号分隔", "units taking part, comma-separated" } },
    CTL_OPTION_KEY,
    { NULL }
};
static const ctl_option_t s_campaign_session_options [] = {
    { "session", CTL_NUMBER, "N", true, { "培训场次编号", "session id" } },
    CTL_OPTION_KEY,
    { NULL }
};
static const ctl_option_t s_unit_options [] = {
    { "unit", CTL_TEXT, "CODE", false, { "单位（含其下级；默认为您的单位）", "unit and below (default: yours)" } },
    { NULL }
};

#define S_LEAF(var, word, opnd, opts, fn, zh, en) \
    static const ctl_command_t var = { .name = word, .operand = opnd, .options = opts, .run = fn, \
                                       .summary = { zh, en } }
S_LEAF (s_kinds_command, "kinds", NULL, s_no_options, s_kinds, "列出演练类型", "List the kinds of drill");
S_LEAF (s_plan_command, "plan", NULL, s_plan_options, s_plan, "计划一次应急演练", "Plan an emergency drill");
S_LEAF (s_participants_add_command, "add", "DRILL", s_participants_options, s_participants_add, "添加参演人员",
        "Add participants");
S_LEAF (s_hold_command, "hold", "DRILL", s_hold_options, s_hold, "登记演练已实施", "Record that a drill was held");
S_LEAF (s_evaluate_command, "evaluate", "DRILL", s_evaluate_options, s_evaluate, "评估演练并登记发现的隐患",
        "Evaluate a drill and record its findings");
S_LEAF (s_cancel_command, "cancel", "DRILL", s_cancel_options, s_cancel, "取消演练", "Cancel a drill");
S_LEAF (s_show_command, "show", "DRILL", s_no_options, s_show, "查看演练", "Show a drill");
S_LEAF (s_list_command, "list", NULL, s_list_options, s_list, "列出演练", "List drills");
S_LEAF (s_campaign_create_command, "create", NULL, s_campaign_create_options, s_campaign_create, "创建安全活动",
        "Create a safety campaign");
S_LEAF (s_campaign_session_command, "add-session", "CAMPAIGN", s_campaign_session_options, s_campaign_add_session,
        "把培训场次纳入活动", "Add a training session to a campaign");
S_LEAF (s_campaign_completion_command, "completion", "CAMPAIGN", s_unit_options, s_campaign_completion,
        "各单位参加率", "Completion per unit");
S_LEAF (s_campaign_list_command, "list", NULL, s_unit_options, s_campaign_list, "列出安全活动", "List campaigns");

static const ctl_command_t *const s_participants_commands [] = { &s_participants_add_command, NULL };
static const ctl_command_t s_participants_group = {
    .name = "participants", .summary = { "参演人员", "Participants" }, .commands = s_participants_commands
};
static const ctl_command_t *const s_campaign_commands [] = {
    &s_campaign_create_command, &s_campaign_session_command, &s_campaign_completion_command,
    &s_campaign_list_command, NULL
};
static const ctl_command_t s_campaign_group = {
    .name = "campaign", .summary = { "安全活动（安全生产月、安全日……）", "Safety campaigns (Safety Production Month …)" },
    .commands = s_campaign_commands
};

static const ctl_command_t *const s_commands [] = {
    &s_kinds_command, &s_plan_command, &s_participants_group, &s_hold_command, &s_evaluate_command,
    &s_cancel_command, &s_show_command, &s_list_command, &s_campaign_group, NULL
};

const ctl_command_t ctl_training_drill_command = {
    .name = "drill",
    .summary = { "应急演练与安全活动", "Emergency drills and safety campaigns" },
    .commands = s_commands
};
