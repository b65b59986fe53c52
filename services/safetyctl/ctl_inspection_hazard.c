/*  safetyctl inspection hazard / risk: the hazard identification lists (危险源辨识与防控清单)
    and their LEC risk grading. Each command sends one generated request to the inspection
    daemon and shows the generated reply; the daemon checks every rule, including the LEC
    tables, so the client never needs a copy of them.                                      */
#include "ctl_args.h"
#include "ctl_daemon.h"
#include "ctl_import.h"
#include "ctl_inspection.h"
#include "ctl_output.h"
#include "ctl_page.h"
#include "ctl_table.h"
#include "inspection_hazard_names.h"
#include "sf_pb.h"

#include <stdlib.h>
#include <string.h>

static const sf_text_t s_msg_imported = {
    "已导入“%s”：共 %d 行，%d 份清单（每份清单为一个单位一个年度的新版本）\n",
    "Imported '%s': %d rows, %d lists (each a new version of one unit's list for one year)\n"
};
static const sf_text_t s_msg_list_title = {
    "%s 的危险源辨识与防控清单：%d 年度，第 %d 版，共 %zu 项\n",
    "Hazard identification and control list of %s: %d, version %d, %zu items\n"
};
static const sf_text_t s_msg_assessed = {
    "D = L × E × C = %s × %s × %s = %s\n%d 级：%s\n四色分级：%s（%s）\n",
    "D = L x E x C = %s x %s x %s = %s\ngrade %d: %s\nrisk colour: %s (%s)\n"
};
static const sf_text_t s_msg_major_title = {
    "\n重大风险和较大风险（红色、橙色），共 %zu 项：\n",
    "\nMajor and considerable risks (red and orange), %zu items:\n"
};
static const sf_text_t s_msg_major_item = {
    "[%s] %s 第 %d 项（%d 年度）：%s；可能导致：%s；D = %s，%d 级\n      控制措施：%s\n",
    "[%s] %s item %d (%d): %s; may lead to: %s; D = %s, grade %d\n      measures: %s\n"
};
static const sf_text_t s_msg_no_units = {
    "该单位及其下级还没有危险源辨识清单\n", "No unit at or below it has a hazard list yet\n"
};

static const sf_text_t s_label_seq = { "序号", "No." };
static const sf_text_t s_label_factor = { "因素", "Factor" };
static const sf_text_t s_label_hazard = { "危险源", "Hazard" };
static const sf_text_t s_label_accident = { "事故类型", "Accident type" };
static const sf_text_t s_label_measures = { "控制措施", "Measures" };
static const sf_text_t s_label_grade = { "级别", "Grade" };
static const sf_text_t s_label_colour = { "颜色", "Colour" };
static const sf_text_t s_label_unit = { "单位", "Unit" };
static const sf_text_t s_label_name = { "名称", "Name" };
static const sf_text_t s_label_red = { "红", "Red" };
static const sf_text_t s_label_orange = { "橙", "Orange" };
static const sf_text_t s_label_yellow = { "黄", "Yellow" };
static const sf_text_t s_label_blue = { "蓝", "Blue" };

//  --------------------------------------------------------------------------------------
//  How things are shown

//  The item's risk; an empty one when the daemon sent none.
static const Inspection__Risk *
s_risk (const Inspection__HazardItem *item)
{
    static const Inspection__Risk none = INSPECTION__RISK__INIT;
    return item->risk? item->risk: &none;
}

const char *
ctl_inspection_colour (const ctl_t *ctl, int colour)
{
    const char *name = ctl->lang == CTL_LANG_EN? inspection_colour_name (colour): inspection_colour_name_zh (colour);
    return *name? name: "-";
}

//  The item's accident category in the language of the output; its code when the daemon
//  sent no name.
static const char *
s_accident_type (const ctl_t *ctl, const Inspection__HazardItem *item)
{
    const char *name = ctl->lang == CTL_LANG_EN? item->accident_type_en: item->accident_type_zh;
    return *name? name: item->accident_type;
}

const char *
ctl_inspection_factor (const ctl_t *ctl, int factor)
{
    const char *name = ctl->lang == CTL_LANG_EN? inspection_hazard_factor_en (factor): inspection_hazard_factor_zh (factor);
    return *name? name: "-";
}

//  text on one line, for a table cell: each line break becomes " / ". Caller frees.
static char *
s_one_line (const char *text)
{
    char *line = malloc (3 * strlen (text) + 1);
    if (!line)
        abort ();
    size_t out = 0;
    for (const char *p = text; *p; p++) {
        if (*p == '\r' && p [1] == '\n')
            continue;
        if (*p == '\n' || *p == '\r') {
            memcpy (line + out, " / ", 3);
            out += 3;
        }
        else
            line [out++] = *p;
    }
    line [out] = 0;
    return line;
}

//  --------------------------------------------------------------------------------------
//  hazard import

static void
s_import_summary (const ctl_t *ctl, const char *file_name, const ProtobufCMessage *message)
{
    const Inspection__ImportResult *result = (const Inspection__ImportResult *) message;
    ctl_print (ctl, stdout, &s_msg_imported, file_name, result->rows, result->lists);
}

static const ctl_import_t s_import_csv = {
    .daemon = "inspection", .request = &inspection__import_hazard_csv__descriptor,
    .result = &inspection__import_result__descriptor, .summary = s_import_summary
};

static int
s_import (const ctl_t *ctl, const ctl_args_t *args)
{
    return ctl_import_run (ctl, &s_import_csv, args->operand, ctl_args_get (args, "key"));
}

//  --------------------------------------------------------------------------------------
//  hazard list

static void
s_print_list (const ctl_t *ctl, const Inspection__HazardList *list)
{
    ctl_print (ctl, stdout, &s_msg_list_title, list->unit_code, list->year, list->version, list->n_items);
    ctl_table_t *table = ctl_table_new (11);
    const sf_text_t *labels [] = { &s_label_seq, &s_label_factor, &s_label_hazard, &s_label_accident };
    for (size_t i = 0; i < sizeof labels / sizeof labels [0]; i++)
        ctl_table_add (table, ctl_text (ctl, labels [i]));
    ctl_table_add (table, "L");
    ctl_table_add (table, "E");
    ctl_table_add (table, "C");
    ctl_table_add (table, "D");
    ctl_table_add (table, ctl_text (ctl, &s_label_grade));
    ctl_table_add (table, ctl_text (ctl, &s_label_colour));
    ctl_table_add (table, ctl_text (ctl, &s_label_measures));
    for (size_t i = 0; i < list->n_items; i++) {
        const Inspection__HazardItem *item = list->items [i];
        const Inspection__Risk *risk = s_risk (item);
        ctl_table_addf (table, "%d", item->seq);
        ctl_table_add (table, ctl_inspection_factor (ctl, item->factor));
        char *hazard = s_one_line (item->hazard), *measures = s_one_line (item->measures);
        ctl_table_add (table, hazard);
        ctl_table_add (table, s_accident_type (ctl, item));
        ctl_table_add (table, risk->l);
        ctl_table_add (table, risk->e);
        ctl_table_add (table, risk->c);
        ctl_table_add (table, risk->d);
        ctl_table_addf (table, "%d", risk->grade);
        ctl_table_add (table, ctl_inspection_colour (ctl, risk->colour));
        ctl_table_add (table, measures);
        free (hazard);
        free (measures);
    }
    ctl_table_print (table, stdout);
    ctl_table_destroy (&table);
}

static int
s_list (const ctl_t *ctl, const ctl_args_t *args)
{
    Inspection__GetHazardList request = INSPECTION__GET_HAZARD_LIST__INIT;
    request.unit_code = (char *) ctl_args_get (args, "unit");
    request.year = ctl_args_number (args, "year", 0);
    Inspection__HazardList *list = NULL;
    int rc = ctl_page_show (ctl, "inspection", &request.base, ctl_args_number (args, "page-size", 0),
                            &inspection__hazard_list__descriptor, &list);
    if (list)
        s_print_list (ctl, list);
    sf_pb_destroy (&list);
    return rc;
}

//  --------------------------------------------------------------------------------------
//  risk assess

static void
s_print_risk (const ctl_t *ctl, const Inspection__Risk *risk)
{
    ctl_print (ctl, stdout, &s_msg_assessed, risk->l, risk->e, risk->c, risk->d, risk->grade,
               ctl->lang == CTL_LANG_EN? risk->grade_en: risk->grade_zh, ctl_inspection_colour (ctl, risk->colour),
               ctl->lang == CTL_LANG_EN? inspection_colour_level_en (risk->colour)
                                       : inspection_colour_level_zh (risk->colour));
}

static int
s_assess (const ctl_t *ctl, const ctl_args_t *args)
{
    Inspection__AssessRisk request = INSPECTION__ASSESS_RISK__INIT;
    request.l = (char *) ctl_args_get (args, "l");
    request.e = (char *) ctl_args_get (args, "e");
    request.c = (char *) ctl_args_get (args, "c");
    Inspection__Risk *risk;
    int rc = ctl_daemon_show (ctl, "inspection", &request.base, NULL, &inspection__risk__descriptor, &risk);
    if (risk)
        s_print_risk (ctl, risk);
    sf_pb_destroy (&risk);
    return rc;
}

//  --------------------------------------------------------------------------------------
//  risk register

static void
s_print_register (const ctl_t *ctl, const Inspection__RiskRegister *reg)
{
    if (reg->n_units == 0) {
        ctl_print (ctl, stdout, &s_msg_no_units);
        return;
    }
    ctl_table_t *table = ctl_table_new (6);
    const sf_text_t *labels [] = { &s_label_unit, &s_label_name, &s_label_red, &s_label_orange, &s_label_yellow,
                                   &s_label_blue };
    for (size_t i = 0; i < sizeof labels / sizeof labels [0]; i++)
        ctl_table_add (table, ctl_text (ctl, labels [i]));
    for (size_t i = 0; i < reg->n_units; i++) {
        const Inspection__ColourCount *unit = reg->units [i];
        ctl_table_add (table, unit->unit_code);
        ctl_table_add (table, *unit->unit_name? unit->unit_name: "-");
        ctl_table_addf (table, "%d", unit->red);
        ctl_table_addf (table, "%d", unit->orange);
        ctl_table_addf (table, "%d", unit->yellow);
        ctl_table_addf (table, "%d", unit->blue);
    }
    ctl_table_print (table, stdout);
    ctl_table_destroy (&table);
    ctl_print (ctl, stdout, &s_msg_major_title, reg->n_major_items);
    for (size_t i = 0; i < reg->n_major_items; i++) {
        const Inspection__HazardItem *item = reg->major_items [i];
        const Inspection__Risk *risk = s_risk (item);
        char *hazard = s_one_line (item->hazard), *measures = s_one_line (item->measures);
        ctl_print (ctl, stdout, &s_msg_major_item, ctl_inspection_colour (ctl, risk->colour), item->unit_code, item->seq,
                   item->year, hazard, s_accident_type (ctl, item), risk->d, risk->grade, measures);
        free (hazard);
        free (measures);
    }
}

static int
s_register (const ctl_t *ctl, const ctl_args_t *args)
{
    Inspection__GetRiskRegister request = INSPECTION__GET_RISK_REGISTER__INIT;
    request.unit_code = (char *) ctl_args_get (args, "unit");
    request.year = ctl_args_number (args, "year", 0);
    Inspection__RiskRegister *reg = NULL;
    int rc = ctl_page_show (ctl, "inspection", &request.base, ctl_args_number (args, "page-size", 0),
                            &inspection__risk_register__descriptor, &reg);
    if (reg)
        s_print_register (ctl, reg);
    sf_pb_destroy (&reg);
    return rc;
}

//  --------------------------------------------------------------------------------------
//  The tables

#define CTL_OPTION_YEAR { "year", CTL_NUMBER, "YEAR", false, { \
    "年度，如 2026（默认为最近的年度）", "year, e.g. 2026 (default: the latest)" } }

static const ctl_option_t s_import_options [] = {
    CTL_OPTION_KEY,
    { NULL }
};

static const ctl_option_t s_list_options [] = {
    { "unit", CTL_TEXT, "CODE", true, { "部门、班组或岗位的编码", "code of the department, team or post" } },
    CTL_OPTION_YEAR,
    CTL_OPTION_PAGE_SIZE,
    { NULL }
};

static const ctl_option_t s_assess_options [] = {
    { "l", CTL_TEXT, "L", true, {
        "事故发生的可能性：10、6、3、1、0.5、0.2、0.1", "likelihood: 10, 6, 3, 1, 0.5, 0.2 or 0.1" } },
    { "e", CTL_TEXT, "E", true, {
        "暴露于危险环境的频繁程度：10、6、3、2、1、0.5", "exposure: 10, 6, 3, 2, 1 or 0.5" } },
    { "c", CTL_TEXT, "C", true, {
        "发生事故可能造成的后果：100、40、15、7、3、1", "consequence: 100, 40, 15, 7, 3 or 1" } },
    { NULL }
};

static const ctl_option_t s_register_options [] = {
    { "unit", CTL_TEXT, "CODE", true, {
        "单位编码：列出它及其全部下级", "unit code: the register of it and every unit below it" } },
    { "year", CTL_NUMBER, "YEAR", false, {
        "年度（默认取每个单位最近的年度）", "year (default: each unit's latest)" } },
    CTL_OPTION_PAGE_SIZE,
    { NULL }
};

static const sf_text_t s_import_details = {
    "FILE 是 UTF-8 编码的 CSV 文件，首行为表头：\n"
    "  " INSPECTION_HAZARD_CSV_HEADER "\n"
    "（也可用中文列名：单位编码,年度,因素,危险源,事故类型,控制措施,L,E,C）。\n"
    "因素为 人、机、料、法、环；事故类型为 GB 6441-1986 的类别（中文名称或代码）；\n"
    "L、E、C 须取自 LEC 取值表。文件中每个单位的每个年度写成该清单的一个新版本。\n"
    "文件有任何错误时不导入任何内容，并列出每处错误及其行号，退出状态为 1。\n",
    "FILE is a UTF-8 CSV file whose first line is the header\n"
    "  " INSPECTION_HAZARD_CSV_HEADER "\n"
    "(Chinese column names work too). The factor is man, machine, material, method or\n"
    "environment; the accident type a category of GB 6441-1986 (code or Chinese name); L, E and\n"
    "C must be values of the LEC tables. Each unit and year in the file becomes a new version of\n"
    "that list. A file with any error imports nothing: every error is listed with its line, and\n"
    "the exit status is 1.\n"
};

static const ctl_command_t s_import_command = {
    .name = "import", .operand = "FILE", .options = s_import_options, .run = s_import,
    .summary = { "从 CSV 文件整体导入危险源辨识清单", "Import hazard lists from a CSV file, all or nothing" },
    .details = &s_import_details
};
static const ctl_command_t s_list_command = {
    .name = "list", .options = s_list_options, .run = s_list,
    .summary = { "查看一个单位的危险源辨识与防控清单", "Show a unit's hazard identification and control list" }
};
static const ctl_command_t *const s_hazard_commands [] = { &s_import_command, &s_list_command, NULL };

const ctl_command_t ctl_inspection_hazard_command = {
    .name = "hazard",
    .summary = { "危险源辨识与防控清单（按部门、班组、岗位和年度）",
                 "Hazard identification and control lists (per department, team, post and year)" },
    .commands = s_hazard_commands
};

static const ctl_command_t s_assess_command = {
    .name = "assess", .options = s_assess_options, .run = s_assess,
    .summary = { "按 LEC 法评价风险：D = L × E × C，给出等级和颜色",
                 "Grade a risk by LEC: D = L x E x C, with its grade and colour" }
};
static const ctl_command_t s_register_command = {
    .name = "register", .options = s_register_options, .run = s_register,
    .summary = { "风险台账：各单位的四色分布，以及红色、橙色风险及其控制措施",
                 "The risk register: colours per unit, and the red and orange risks with their measures" }
};
static const ctl_command_t *const s_risk_commands [] = { &s_assess_command, &s_register_command, NULL };

const ctl_command_t ctl_inspection_risk_command = {
    .name = "risk",
    .summary = { "风险分级管控：LEC 评价和风险台账", "Graded risk control: LEC assessment and the risk register" },
    .commands = s_risk_commands
};
