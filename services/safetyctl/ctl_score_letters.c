/*  safetyctl score letters, letter, coverage: the responsibility letters (一岗双责) of a year.
    Letters are issued from the year's templates for every pair of a plant, signed by each side
    (side A the superior unit's leader, side B the unit's leader or the person themself), and
    coverage shows which pairs have none signed yet (无遗漏、全覆盖). A letter is named by its
    id or its number (P01-L2026-000012): a number is looked up first, since signing takes ids. */
#include "ctl_score.h"
#include "ctl_args.h"
#include "ctl_daemon.h"
#include "ctl_lesson.h"
#include "ctl_output.h"
#include "ctl_page.h"
#include "scoring_names.h"
#include "sf_codec.h"
#include "sf_pb.h"

#include <stdlib.h>
#include <string.h>

static const sf_text_t s_msg_issued = {
    "%d 年度 %s 新发放责任书 %d 份，已有 %d 份\n", "%d, %s: %d letters issued, %d existed already\n"
};
static const sf_text_t s_msg_no_letters = { "没有符合条件的责任书\n", "No letters match\n" };
static const sf_text_t s_msg_letter = { "责任书 %s（编号 %lld）：%s\n", "Letter %s (id %lld): %s\n" };
static const sf_text_t s_msg_letter_level = { "层级：%s，%d 年度，模板第 %lld 版\n", "Level: %s, %d, template version %lld\n" };
static const sf_text_t s_msg_letter_parties = { "甲方：%s %s\n乙方：%s %s\n", "Party A: %s %s\nParty B: %s %s\n" };
static const sf_text_t s_msg_letter_status = { "状态：%s\n", "Status: %s\n" };
static const sf_text_t s_msg_letter_signed = { "%s签字：%s，%s\n", "Signed for %s by %s, %s\n" };
static const sf_text_t s_msg_letter_unsigned = { "%s：未签字\n", "%s: not signed\n" };
static const sf_text_t s_msg_letter_issued = { "发放：%s，%s\n", "Issued by %s, %s\n" };
static const sf_text_t s_msg_content = { "内容：\n%s\n", "Content:\n%s\n" };
static const sf_text_t s_msg_targets = { "目标：\n", "Targets:\n" };
static const sf_text_t s_msg_target = { "  %s  %s\n", "  %s  %s\n" };
static const sf_text_t s_msg_coverage = {
    "厂区 %s %d 年度责任书覆盖率：%d%%（应签 %d，已签 %d）\n",
    "Plant %s, %d: %d%% of the letters signed (%d expected, %d signed)\n"
};
static const sf_text_t s_msg_gaps = { "未签订（%zu）：\n", "Not signed (%zu):\n" };
static const sf_text_t s_msg_no_gaps = { "没有缺口：全部已签订\n", "No gaps: every letter is signed\n" };
static const sf_text_t s_msg_not_issued = { "未发放", "not issued" };

static const sf_text_t s_header_letters = {
    "编号\t责任书号\t层级\t甲方\t乙方\t乙方名称\t状态\t甲方签字\t乙方签字",
    "Id\tNumber\tLevel\tParty A\tParty B\tParty B's name\tStatus\tSigned A\tSigned B"
};
static const sf_text_t s_header_levels = { "层级\t应签\t已签", "Level\tExpected\tSigned" };
static const sf_text_t s_header_gaps = {
    "层级\t甲方\t乙方\t名称\t责任书\t状态\t未签天数",
    "Level\tParty A\tParty B\tName\tLetter\tStatus\tDays without"
};
static const sf_text_t s_side_a = { "甲方", "party A" };
static const sf_text_t s_side_b = { "乙方", "party B" };

//  --------------------------------------------------------------------------------------
//  letters issue, letters list

static int
s_issue (const ctl_t *ctl, const ctl_args_t *args)
{
    Scoring__IssueLetters request = SCORING__ISSUE_LETTERS__INIT;
    const char *level = ctl_args_get (args, "level");
    if (level && !(request.level = scoring_letter_level_parse (level)))
        return ctl_score_bad_word (ctl, args, "level", level,
                                   "company_plant|plant_department|department_team|department_officer|team_member");
    request.year = ctl_score_year (args);
    request.plant_code = sf_codec_wire (ctl_args_get (args, "plant"));
    Scoring__IssueLettersReply *reply;
    int rc = ctl_daemon_show (ctl, CTL_SCORE_DAEMON, &request.base, ctl_args_get (args, "key"),
                              &scoring__issue_letters_reply__descriptor, &reply);
    if (reply)
        ctl_print (ctl, stdout, &s_msg_issued, (int) request.year, request.plant_code, (int) reply->issued,
                   (int) reply->existing);
    sf_pb_destroy (&reply);
    return rc;
}

//  A side's signature time, "-" when unsigned.
static void
s_signed (int64_t ms, char *buffer, size_t size)
{
    if (ms)
        ctl_beijing_time (ms, buffer, size);
    else
        snprintf (buffer, size, "-");
}

static int
s_list (const ctl_t *ctl, const ctl_args_t *args)
{
    Scoring__ListLetters request = SCORING__LIST_LETTERS__INIT;
    const char *status = ctl_args_get (args, "status");
    if (status && !(request.status = scoring_letter_status_parse (status)))
        return ctl_score_bad_word (ctl, args, "status", status, "issued|partly_signed|signed|voided");
    const char *level = ctl_args_get (args, "level");
    if (level && !(request.level = scoring_letter_level_parse (level)))
        return ctl_score_bad_word (ctl, args, "level", level,
                                   "company_plant|plant_department|department_team|department_officer|team_member");
    request.year = ctl_score_year (args);
    request.unit_code = sf_codec_wire (ctl_args_get (args, "unit"));
    Scoring__LetterList *list;
    int rc = ctl_page_show (ctl, CTL_SCORE_DAEMON, &request.base, ctl_args_number (args, "page-size", 0),
                            &scoring__letter_list__descriptor, &list);
    if (list && list->n_letters == 0)
        ctl_print (ctl, stdout, &s_msg_no_letters);
    else
    if (list) {
        ctl_table_t *table = ctl_lesson_table (ctl, &s_header_letters);
        for (size_t i = 0; i < list->n_letters; i++) {
            const Scoring__Letter *letter = list->letters [i];
            char signed_a [32], signed_b [32];
            s_signed (letter->signed_a_ms, signed_a, sizeof signed_a);
            s_signed (letter->signed_b_ms, signed_b, sizeof signed_b);
            ctl_table_addf (table, "%lld", (long long) letter->id);
            ctl_table_add (table, letter->number);
            ctl_table_add (table, ctl_score_level_name (ctl, letter->level));
            ctl_table_add (table, letter->party_a);
            ctl_table_add (table, letter->party_b);
            ctl_table_add (table, ctl_score_name (ctl, letter->party_b_name_zh, letter->party_b_name_en));
            ctl_table_add (table, ctl_score_letter_status_name (ctl, letter->status));
            ctl_table_add (table, signed_a);
            ctl_table_add (table, signed_b);
        }
        ctl_table_print (table, stdout);
        ctl_table_destroy (&table);
    }
    sf_pb_destroy (&list);
    return rc;
}

//  --------------------------------------------------------------------------------------
//  letter show, letter sign

static void
s_side_print (const ctl_t *ctl, const sf_text_t *side, const char *by, int64_t ms)
{
    if (ms) {
        char when [32];
        ctl_beijing_time (ms, when, sizeof when);
        ctl_print (ctl, stdout, &s_msg_letter_signed, ctl_text (ctl, side), ctl_score_or_dash (by), when);
    }
    else
        ctl_print (ctl, stdout, &s_msg_letter_unsigned, ctl_text (ctl, side));
}

static void
s_letter_print (const ctl_t *ctl, const Scoring__Letter *letter)
{
    ctl_print (ctl, stdout, &s_msg_letter, letter->number, (long long) letter->id,
               ctl_score_name (ctl, letter->title_zh, letter->title_en));
    ctl_print (ctl, stdout, &s_msg_letter_level, ctl_score_level_name (ctl, letter->level), (int) letter->year,
               (long long) letter->template_version);
    ctl_print (ctl, stdout, &s_msg_letter_parties,
               letter->party_a, ctl_score_name (ctl, letter->party_a_name_zh, letter->party_a_name_en),
               letter->party_b, ctl_score_name (ctl, letter->party_b_name_zh, letter->party_b_name_en));
    ctl_print (ctl, stdout, &s_msg_letter_status, ctl_score_letter_status_name (ctl, letter->status));
    s_side_print (ctl, &s_side_a, letter->signed_a_by, letter->signed_a_ms);
    s_side_print (ctl, &s_side_b, letter->signed_b_by, letter->signed_b_ms);
    char when [32];
    ctl_beijing_time (letter->issued_ms, when, sizeof when);
    ctl_print (ctl, stdout, &s_msg_letter_issued, ctl_score_or_dash (letter->issued_by), when);
    ctl_print (ctl, stdout, &s_msg_content, ctl_score_name (ctl, letter->content_zh, letter->content_en));
    ctl_print (ctl, stdout, &s_msg_targets);
    for (size_t i = 0; i < letter->n_targets; i++)
        ctl_print (ctl, stdout, &s_msg_target, letter->targets [i]->code,
                   ctl_score_name (ctl, letter->targets [i]->text_zh, letter->targets [i]->text_en));
}

//  The GetLetter of the operand, an id or a number. CTL_EXIT_OK or CTL_EXIT_USAGE.
static int
s_get_request (const ctl_t *ctl, const ctl_args_t *args, Scoring__GetLetter *request)
{
    int rc = ctl_score_id (ctl, args, true, &request->letter_id);
    if (!rc && !request->letter_id)
        request->number = sf_codec_wire (args->operand);
    return rc;
}

static int
s_show (const ctl_t *ctl, const ctl_args_t *args)
{
    Scoring__GetLetter request = SCORING__GET_LETTER__INIT;
    int rc = s_get_request (ctl, args, &request);
    if (rc)
        return rc;
    Scoring__Letter *letter;
    rc = ctl_daemon_show (ctl, CTL_SCORE_DAEMON, &request.base, NULL, &scoring__letter__descriptor, &letter);
    if (letter)
        s_letter_print (ctl, letter);
    sf_pb_destroy (&letter);
    return rc;
}

static int
s_sign (const ctl_t *ctl, const ctl_args_t *args)
{
    Scoring__SignLetter request = SCORING__SIGN_LETTER__INIT;
    const char *side = ctl_args_get (args, "side");
    if (!(request.side = scoring_letter_side_parse (side)))
        return ctl_score_bad_word (ctl, args, "side", side, "a|b|甲方|乙方");
    Scoring__GetLetter get = SCORING__GET_LETTER__INIT;
    int rc = s_get_request (ctl, args, &get);
    if (rc)
        return rc;
    request.letter_id = get.letter_id;
    if (!request.letter_id) {
        Scoring__Letter *found;
        if (ctl_daemon_request (ctl, CTL_SCORE_DAEMON, &get.base, NULL, &scoring__letter__descriptor, &found))
            return CTL_EXIT_FAILED;
        request.letter_id = found->id;
        sf_pb_destroy (&found);
    }
    Scoring__Letter *letter;
    rc = ctl_daemon_show (ctl, CTL_SCORE_DAEMON, &request.base, ctl_args_get (args, "key"),
                          &scoring__letter__descriptor, &letter);
    if (letter)
        s_letter_print (ctl, letter);
    sf_pb_destroy (&letter);
    return rc;
}

//  --------------------------------------------------------------------------------------
//  coverage

//  A copy of message, as its own unpacked message (the caller frees it).
static ProtobufCMessage *
s_copy (const ProtobufCMessage *message)
{
    size_t size;
    uint8_t *packed = sf_codec_pack (message, &size);
    ProtobufCMessage *copy = protobuf_c_message_unpack (message->descriptor, NULL, size, packed);
    free (packed);
    if (!copy)
        abort ();
    return copy;
}

//  The pages of a coverage as one: the first page's counts and levels (every page repeats
//  them), the gaps of every page.
static int
s_coverage_page (const ctl_t *ctl, const ProtobufCMessage *message, void *arg)
{
    (void) ctl;
    Scoring__Coverage **whole = arg;
    const Scoring__Coverage *page = (const Scoring__Coverage *) message;
    if (!*whole) {
        *whole = (Scoring__Coverage *) s_copy (message);
        return 0;
    }
    if (!page->n_gaps)
        return 0;
    Scoring__LetterGap **gaps = realloc ((*whole)->gaps, ((*whole)->n_gaps + page->n_gaps) * sizeof *gaps);
    if (!gaps)
        abort ();
    (*whole)->gaps = gaps;
    for (size_t i = 0; i < page->n_gaps; i++)
        gaps [(*whole)->n_gaps++] = (Scoring__LetterGap *) s_copy (&page->gaps [i]->base);
    return 0;
}

static int
s_coverage (const ctl_t *ctl, const ctl_args_t *args)
{
    Scoring__GetCoverage request = SCORING__GET_COVERAGE__INIT;
    request.year = ctl_score_year (args);
    request.plant_code = sf_codec_wire (ctl_args_get (args, "plant"));
    Scoring__Coverage *coverage = NULL;
    int rc = ctl_page_walk (ctl, CTL_SCORE_DAEMON, &request.base, ctl_args_number (args, "page-size", 0),
                            &scoring__coverage__descriptor, s_coverage_page, &coverage);
    if (coverage && (rc || ctl->json)) {
        if (!rc) {
            sf_pb_set (&coverage->next_page_token, "");
            ctl_json_print_message (&coverage->base);
        }
        sf_pb_destroy (&coverage);
    }
    if (!coverage)
        return rc;
    ctl_print (ctl, stdout, &s_msg_coverage, coverage->plant_code, (int) coverage->year, (int) coverage->percent,
               (int) coverage->expected, (int) coverage->signed_);
    ctl_table_t *table = ctl_lesson_table (ctl, &s_header_levels);
    for (size_t i = 0; i < coverage->n_levels; i++) {
        const Scoring__LevelCoverage *level = coverage->levels [i];
        ctl_table_add (table, ctl_score_level_name (ctl, level->level));
        ctl_table_addf (table, "%d", (int) level->expected);
        ctl_table_addf (table, "%d", (int) level->signed_);
    }
    ctl_table_print (table, stdout);
    ctl_table_destroy (&table);
    if (coverage->n_gaps == 0)
        ctl_print (ctl, stdout, &s_msg_no_gaps);
    else {
        ctl_print (ctl, stdout, &s_msg_gaps, coverage->n_gaps);
        table = ctl_lesson_table (ctl, &s_header_gaps);
        for (size_t i = 0; i < coverage->n_gaps; i++) {
            const Scoring__LetterGap *gap = coverage->gaps [i];
            ctl_table_add (table, ctl_score_level_name (ctl, gap->level));
            ctl_table_add (table, gap->party_a);
            ctl_table_add (table, gap->party_b);
            ctl_table_add (table, ctl_score_name (ctl, gap->party_b_name_zh, gap->party_b_name_en));
            if (gap->letter_id)
                ctl_table_addf (table, "%lld", (long long) gap->letter_id);
            else
                ctl_table_add (table, "-");
            ctl_table_add (table, gap->letter_id? ctl_score_letter_status_name (ctl, gap->letter_status)
                                                : ctl_text (ctl, &s_msg_not_issued));
            ctl_table_addf (table, "%d", (int) gap->days_without);
        }
        ctl_table_print (table, stdout);
        ctl_table_destroy (&table);
    }
    sf_pb_destroy (&coverage);
    return rc;
}

//  --------------------------------------------------------------------------------------
//  Tables

#define S_LEVEL_OPTION { "level", CTL_TEXT, "LEVEL", false, { \
    "只此层级：company_plant、plant_department、department_team、department_officer 或 team_member（默认全部）", \
    "only this level: company_plant, plant_department, department_team, department_officer or team_member " \
    "(default: all)" } }

static const ctl_option_t s_issue_options [] = {
    CTL_SCORE_OPTION_PLANT,
    CTL_SCORE_OPTION_YEAR,
    S_LEVEL_OPTION,
    CTL_OPTION_KEY,
    { NULL }
};
static const ctl_option_t s_list_options [] = {
    { "unit", CTL_TEXT, "UNIT", true, { "单位：乙方在此单位及其下级的责任书", "unit: letters whose party B lies at or below it" } },
    CTL_SCORE_OPTION_YEAR,
    { "status", CTL_TEXT, "STATUS", false, { "只此状态：issued（待签）、partly_signed（单方已签）、signed（已签订）或 voided（已作废）",
                                             "only this status: issued, partly_signed, signed or voided" } },
    S_LEVEL_OPTION,
    CTL_OPTION_PAGE_SIZE,
    { NULL }
};
static const ctl_option_t s_show_options [] = {
    { NULL }
};
static const ctl_option_t s_sign_options [] = {
    { "side", CTL_TEXT, "a|b", true, { "以哪一方签字：a（甲方，上级单位）或 b（乙方，单位负责人或本人）",
                                       "the side you sign for: a (the superior unit) or b (the unit's leader, or the person)" } },
    CTL_OPTION_KEY,
    { NULL }
};
static const ctl_option_t s_coverage_options [] = {
    CTL_SCORE_OPTION_PLANT,
    CTL_SCORE_OPTION_YEAR,
    CTL_OPTION_PAGE_SIZE,
    { NULL }
};

static const sf_text_t s_sign_details = {
    "甲方由上级单位持相应角色的账号签字（如班组—组员由班组长签）；乙方：单位由其负责人签，个人由本人账号签。\n",
    "Side A is signed by an account holding the level's role over the superior unit (team - member: the\n"
    "team leader); side B by the unit's leader, or for a person by their own account.\n"
};

static const ctl_command_t s_issue_command = {
    .name = "issue", .options = s_issue_options, .run = s_issue,
    .summary = { "按当年模板为厂区发放尚未发放的责任书", "Issue the year's letters a plant has not got yet, from the templates" }
};
static const ctl_command_t s_list_command = {
    .name = "list", .options = s_list_options, .run = s_list,
    .summary = { "列出责任书", "List letters" }
};
static const ctl_command_t *const s_letters_commands [] = { &s_issue_command, &s_list_command, NULL };
const ctl_command_t ctl_score_letters_command = {
    .name = "letters", .commands = s_letters_commands,
    .summary = { "安全生产责任书：发放与列表", "Responsibility letters: issue and list" }
};

static const ctl_command_t s_show_command = {
    .name = "show", .operand = "ID|NUMBER", .options = s_show_options, .run = s_show,
    .summary = { "查看一份责任书", "Show a letter" }
};
static const ctl_command_t s_sign_command = {
    .name = "sign", .operand = "ID|NUMBER", .options = s_sign_options, .run = s_sign, .details = &s_sign_details,
    .summary = { "签署责任书（甲方或乙方）", "Sign a letter (side A or B)" }
};
static const ctl_command_t *const s_letter_commands [] = { &s_sign_command, &s_show_command, NULL };
const ctl_command_t ctl_score_letter_command = {
    .name = "letter", .commands = s_letter_commands,
    .summary = { "一份责任书：签署与查看", "One letter: sign and show" }
};

const ctl_command_t ctl_score_coverage_command = {
    .name = "coverage", .options = s_coverage_options, .run = s_coverage,
    .summary = { "责任书覆盖情况：应签、已签和未签订的单位与人员", "Letter coverage: expected, signed, and who has none signed" }
};
