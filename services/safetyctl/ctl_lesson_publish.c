/*  safetyctl lesson preview / publish: which units a lesson reaches and why, before and when
    it is published. The units are named (--unit) or found by the daemon, which matches the
    lesson's tags and factors against the units' hazard identification lists (--match); each
    unit is shown on one line, then its reasons indented, as a person reads them before
    publishing.                                                                             */
#include "ctl_lesson.h"
#include "ctl_args.h"
#include "ctl_daemon.h"
#include "ctl_output.h"
#include "inspection_hazard_names.h"
#include "sf_pb.h"

#include <stdlib.h>
#include <string.h>

static const sf_text_t s_msg_count = { "将下达到 %zu 个单位：\n", "Would reach %zu units:\n" };
static const sf_text_t s_msg_reached = { "已下达到 %zu 个单位：\n", "Reached %zu units:\n" };
static const sf_text_t s_msg_none = {
    "没有单位：请用 --unit 指定单位，或用 --match 按危险源清单匹配\n",
    "No unit: name units with --unit, or match the hazard lists with --match\n"
};
static const sf_text_t s_msg_target = { "%s  %s（厂区 %s）  %d 条原因\n", "%s  %s (plant %s)  reasons: %d\n" };
static const sf_text_t s_msg_reason = { "    - %s\n", "    - %s\n" };
static const sf_text_t s_msg_more = { "    ……另有 %d 条原因\n", "    … and more: %d\n" };
static const sf_text_t s_msg_explicit = { "发布时指定的单位", "named when publishing" };
static const sf_text_t s_msg_matched = {
    "%s 的危险源“%s”（%s，%s）匹配标签 %s（%s）", "%s's hazard '%s' (%s, %s) matches tag %s (%s)"
};
static const sf_text_t s_msg_assignments = { "\n任务：\n", "\nAssignments:\n" };

//  The reason in the chosen language, as the daemon wrote it; made from its fields when the
//  daemon sent no text. Caller frees.
static char *
s_reason (const ctl_t *ctl, const Lesson__MatchReason *reason)
{
    const char *text = ctl_lesson_pick (ctl, reason->reason_zh, reason->reason_en);
    if (*text)
        return strdup (text);
    if (reason->explicit_)
        return strdup (ctl_text (ctl, &s_msg_explicit));
    const char *factor = ctl->lang == CTL_LANG_EN? inspection_hazard_factor_en (reason->factor):
                                                   inspection_hazard_factor_zh (reason->factor);
    return ctl_format (ctl, &s_msg_matched, reason->hazard_unit, reason->hazard, reason->accident_type,
                       *factor? factor: "-", reason->tag, reason->matched_by);
}

void
ctl_lesson_targets_print (const ctl_t *ctl, Lesson__Target *const *targets, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        const Lesson__Target *target = targets [i];
        int reasons = target->reason_count > (int) target->n_reasons? target->reason_count: (int) target->n_reasons;
        ctl_print (ctl, stdout, &s_msg_target, target->unit_code, *target->unit_name? target->unit_name: "-",
                   *target->plant_code? target->plant_code: "-", reasons);
        for (size_t r = 0; r < target->n_reasons; r++) {
            char *reason = s_reason (ctl, target->reasons [r]);
            ctl_print (ctl, stdout, &s_msg_reason, reason);
            free (reason);
        }
        if (reasons > (int) target->n_reasons)
            ctl_print (ctl, stdout, &s_msg_more, reasons - (int) target->n_reasons);
    }
}

//  Fills the choices both requests share: the lesson (operand), --unit and --match.
static int
s_choices (const ctl_t *ctl, const ctl_args_t *args, int64_t *lesson_id, char ***units, size_t *n_units,
           protobuf_c_boolean *match)
{
    int rc = ctl_lesson_id (ctl, args, lesson_id);
    if (rc)
        return rc;
    *units = ctl_lesson_split (args, "unit", ',', n_units);
    *match = ctl_args_get (args, "match") != NULL;
    return CTL_EXIT_OK;
}

static int
s_preview (const ctl_t *ctl, const ctl_args_t *args)
{
    Lesson__PreviewTargets *request = sf_pb_new (&lesson__preview_targets__descriptor);
    int rc = s_choices (ctl, args, &request->lesson_id, &request->units, &request->n_units, &request->match);
    Lesson__Targets *targets = NULL;
    if (!rc)
        rc = ctl_daemon_show (ctl, CTL_LESSON_DAEMON, &request->base, NULL, &lesson__targets__descriptor, &targets);
    if (targets && targets->n_targets == 0)
        ctl_print (ctl, stdout, &s_msg_none);
    else
    if (targets) {
        ctl_print (ctl, stdout, &s_msg_count, targets->n_targets);
        ctl_lesson_targets_print (ctl, targets->targets, targets->n_targets);
    }
    sf_pb_destroy (&targets);
    sf_pb_destroy (&request);
    return rc;
}

static int
s_publish (const ctl_t *ctl, const ctl_args_t *args)
{
    Lesson__PublishLesson *request = sf_pb_new (&lesson__publish_lesson__descriptor);
    int rc = s_choices (ctl, args, &request->lesson_id, &request->units, &request->n_units, &request->match);
    Lesson__Publication *publication = NULL;
    if (!rc)
        rc = ctl_daemon_show (ctl, CTL_LESSON_DAEMON, &request->base, ctl_args_get (args, "key"),
                              &lesson__publication__descriptor, &publication);
    if (publication) {
        if (publication->lesson)
            ctl_lesson_print (ctl, publication->lesson);
        ctl_print (ctl, stdout, &s_msg_reached, publication->n_targets);
        ctl_lesson_targets_print (ctl, publication->targets, publication->n_targets);
        if (publication->n_assignments) {
            ctl_print (ctl, stdout, &s_msg_assignments);
            ctl_lesson_assignments_print (ctl, publication->assignments, publication->n_assignments);
        }
    }
    sf_pb_destroy (&publication);
    sf_pb_destroy (&request);
    return rc;
}

static const ctl_option_t s_preview_options [] = {
    { "unit", CTL_TEXT, "UNIT,UNIT", false, { "指定下达的单位（范围内的部门、班组、岗位），逗号分隔",
                                              "units named as targets (departments, teams, posts in the scope), comma-separated" } },
    { "match", CTL_SWITCH, NULL, false, { "同时下达到危险源清单与标签相符的单位",
                                          "also the units whose hazard lists match the lesson's tags" } },
    { NULL }
};
static const ctl_option_t s_publish_options [] = {
    { "unit", CTL_TEXT, "UNIT,UNIT", false, { "指定下达的单位，逗号分隔", "units named as targets, comma-separated" } },
    { "match", CTL_SWITCH, NULL, false, { "同时下达到危险源清单与标签相符的单位",
                                          "also the units whose hazard lists match the lesson's tags" } },
    CTL_OPTION_KEY,
    { NULL }
};

static const sf_text_t s_preview_details = {
    "只显示，不改变任何数据；只能预览草稿。岗位的危险源归到其班组；每个单位最多显示 5 条原因。\n",
    "Shows only, changes nothing; a draft only. A post's hazards roll up to its team; at most 5 reasons\n"
    "are shown per unit.\n"
};
static const sf_text_t s_publish_details = {
    "按 preview 的结果为每个单位生成一项任务，并请隐患排查为其创建专项检查任务（隐患排查暂不可用时\n"
    "稍后自动重试）。每个案例只能发布一次。\n",
    "Gives each unit preview shows an assignment and has inspection create its special check (tried\n"
    "again later while inspection is unavailable). A lesson is published once.\n"
};

const ctl_command_t ctl_lesson_preview_command = {
    .name = "preview", .operand = "ID", .options = s_preview_options, .run = s_preview, .details = &s_preview_details,
    .summary = { "预览会下达到哪些单位及原因", "Which units a publication would reach, and why" }
};
const ctl_command_t ctl_lesson_publish_command = {
    .name = "publish", .operand = "ID", .options = s_publish_options, .run = s_publish, .details = &s_publish_details,
    .summary = { "发布事故案例，向各单位下达自查任务", "Publish a lesson: an assignment for each unit" }
};
