/*  inspection_hazard_csv_test: the hazard list import file, with no database: a Chinese
    file with BOM and CRLF, columns in any order and Chinese headers, quoting with line
    breaks inside fields, every kind of bad row with its line, LEC values outside the
    tables, text limits and the caller's errors. Reading the file (quote errors, UTF-8,
    header errors, limits, the error cap) is sf_csv_test's.                               */
#include "inspection_hazard_csv.h"
#include "inspection_hazard_messages.h"
#include "sf_testkit.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HEADER INSPECTION_HAZARD_CSV_HEADER "\n"
#define MAX_BYTES (1u << 20)
#define MAX_ROWS 1000

static inspection_hazard_csv_t *
s_parse (const char *text)
{
    return inspection_hazard_csv_parse (text, strlen (text), MAX_BYTES, MAX_ROWS);
}

static char *
s_printf (const char *format, ...)
{
    va_list args;
    va_start (args, format);
    char *text = NULL;
    SF_CHECK (vasprintf (&text, format, args) >= 0);
    va_end (args);
    return text;
}

static void
s_dump (inspection_hazard_csv_t *csv)
{
    for (size_t i = 0; i < inspection_hazard_csv_error_count (csv); i++)
        fprintf (stderr, "  %d | %s | %s\n", inspection_hazard_csv_error (csv, i)->line,
                 inspection_hazard_csv_error (csv, i)->zh, inspection_hazard_csv_error (csv, i)->en);
}

//  The error on line whose English contains en and Chinese contains zh (zh may be NULL).
static const inspection_hazard_csv_error_t *
s_error (inspection_hazard_csv_t *csv, int line, const char *en, const char *zh)
{
    for (size_t i = 0; i < inspection_hazard_csv_error_count (csv); i++) {
        const inspection_hazard_csv_error_t *error = inspection_hazard_csv_error (csv, i);
        if (error->line == line && strstr (error->en, en) && (!zh || strstr (error->zh, zh)))
            return error;
    }
    fprintf (stderr, "no error on line %d with '%s'; the errors are:\n", line, en);
    s_dump (csv);
    return NULL;
}

static size_t
s_errors_on (inspection_hazard_csv_t *csv, int line)
{
    size_t count = 0;
    for (size_t i = 0; i < inspection_hazard_csv_error_count (csv); i++)
        if (inspection_hazard_csv_error (csv, i)->line == line)
            count++;
    return count;
}

static void
s_no_errors (inspection_hazard_csv_t *csv)
{
    if (inspection_hazard_csv_error_count (csv)) {
        s_dump (csv);
        SF_CHECK (false);
    }
}

static void
test_factor_helpers (void)
{
    SF_CHECK (inspection_hazard_factor_parse ("人") == 1);
    SF_CHECK (inspection_hazard_factor_parse ("机") == 2);
    SF_CHECK (inspection_hazard_factor_parse ("料") == 3);
    SF_CHECK (inspection_hazard_factor_parse ("法") == 4);
    SF_CHECK (inspection_hazard_factor_parse ("环") == 5);
    SF_CHECK (inspection_hazard_factor_parse ("man") == 1);
    SF_CHECK (inspection_hazard_factor_parse ("Machine") == 2);
    SF_CHECK (inspection_hazard_factor_parse ("MATERIAL") == 3);
    SF_CHECK (inspection_hazard_factor_parse ("method") == 4);
    SF_CHECK (inspection_hazard_factor_parse ("environment") == 5);
    SF_CHECK (inspection_hazard_factor_parse ("物") == 0);
    SF_CHECK (inspection_hazard_factor_parse ("") == 0);
    SF_CHECK_STR (inspection_hazard_factor_zh (5), "环");
    SF_CHECK_STR (inspection_hazard_factor_en (3), "material");
    SF_CHECK_STR (inspection_hazard_factor_en (0), "");
    SF_CHECK_STR (inspection_hazard_factor_zh (6), "");
    SF_CHECK (inspection_hazard_unit_code_valid ("P01-D01-T01_S1"));
    SF_CHECK (!inspection_hazard_unit_code_valid (""));
    SF_CHECK (!inspection_hazard_unit_code_valid ("P01 D01"));
    SF_CHECK (!inspection_hazard_unit_code_valid ("生产部"));
    SF_CHECK (inspection_hazard_unit_code_valid ("A2345678901234567890123456789012"));
    SF_CHECK (!inspection_hazard_unit_code_valid ("A23456789012345678901234567890123"));
}

static void
test_valid_chinese_file (void)
{
    const char *text =
        "\xEF\xBB\xBF" INSPECTION_HAZARD_CSV_HEADER "\r\n"
        "P01-D01-T01-S01,2026,机,车床卡盘旋转部位无防护罩,机械伤害,加装防护罩；严禁戴手套操作,6,6,7\r\n"
        "  P01-D01-T01-S01 , 2026 , 人 , 未按规定佩戴防护眼镜 , struck_by_object , 班前检查劳保用品 , 3 , 6 , 3 \r\n"
        ",,,,,,,,\r\n"
        "\r\n"
        "P01-D01,2026,environment,车间通道堆放物料,其它伤害,划定通道并保持畅通,1,10,7\r\n";
    inspection_hazard_csv_t *csv = s_parse (text);
    s_no_errors (csv);
    SF_CHECK (inspection_hazard_csv_row_count (csv) == 3);
    const Inspection__HazardItem *row = inspection_hazard_csv_row (csv, 0);
    SF_CHECK (inspection_hazard_csv_line (csv, 0) == 2);
    SF_CHECK_STR (row->unit_code, "P01-D01-T01-S01");
    SF_CHECK (row->year == 2026);
    SF_CHECK (row->factor == 2);
    SF_CHECK_STR (row->hazard, "车床卡盘旋转部位无防护罩");
    SF_CHECK_STR (row->accident_type, "机械伤害");
    SF_CHECK_STR (row->measures, "加装防护罩；严禁戴手套操作");
    SF_CHECK_STR (row->risk->l, "6");
    SF_CHECK_STR (row->risk->d, "252");
    SF_CHECK (row->risk->grade == 2);
    row = inspection_hazard_csv_row (csv, 1);
    SF_CHECK (inspection_hazard_csv_line (csv, 1) == 3);
    SF_CHECK_STR (row->unit_code, "P01-D01-T01-S01");
    SF_CHECK (row->factor == 1);
    SF_CHECK_STR (row->hazard, "未按规定佩戴防护眼镜");
    SF_CHECK_STR (row->accident_type, "struck_by_object");
    SF_CHECK_STR (row->risk->d, "54");
    SF_CHECK (row->risk->grade == 4);
    row = inspection_hazard_csv_row (csv, 2);
    SF_CHECK (inspection_hazard_csv_line (csv, 2) == 6);
    SF_CHECK (row->factor == 5);
    SF_CHECK_STR (row->risk->d, "70");
    SF_CHECK (row->risk->grade == 4);       //  on the threshold: the milder grade
    inspection_hazard_csv_destroy (&csv);
}

static void
test_columns_in_any_order_and_chinese_header (void)
{
    const char *text =
        "C,E,L,控制措施,事故类型,危险源,因素,年度,单位编码\n"
        "7,10,1,定期检测接地电阻,触电,配电柜接地不良,机,2026,P01-D02-T01\n"
        "100,1,0.1,动火作业票审批,火灾,焊接作业引燃周边可燃物,法,2025,P01-D02-T01\n";
    inspection_hazard_csv_t *csv = s_parse (text);
    s_no_errors (csv);
    SF_CHECK (inspection_hazard_csv_row_count (csv) == 2);
    const Inspection__HazardItem *row = inspection_hazard_csv_row (csv, 0);
    SF_CHECK_STR (row->unit_code, "P01-D02-T01");
    SF_CHECK_STR (row->risk->l, "1");
    SF_CHECK_STR (row->risk->e, "10");
    SF_CHECK_STR (row->risk->c, "7");
    SF_CHECK_STR (row->accident_type, "触电");
    row = inspection_hazard_csv_row (csv, 1);
    SF_CHECK (row->year == 2025);
    SF_CHECK (row->factor == 4);
    SF_CHECK_STR (row->risk->d, "10");
    inspection_hazard_csv_destroy (&csv);

    //  English names in any case.
    csv = s_parse ("Unit_Code,YEAR,Factor,Hazard,Accident_Type,Measures,l,E,c\n"
                   "P01,2026,man,x,fire,y,1,1,1\n");
    s_no_errors (csv);
    SF_CHECK (inspection_hazard_csv_row_count (csv) == 1);
    inspection_hazard_csv_destroy (&csv);
}

static void
test_quoting (void)
{
    const char *text =
        HEADER
        "P01-D01-T03-S02,2026,机,\"叉车制动失灵, 转向失灵\",车辆伤害,\"1. 每日班前点检；\n"
        "2. 定期保养，记录\"\"点检表\"\"\",3,6,15\r\n"
        "\"P01-D01-T03-S03\",\"2026\",\"机\",\"行车钢丝绳断丝\",\"起重伤害\",\"定期检查钢丝绳\",\"1\",\"6\",\"40\"\n";
    inspection_hazard_csv_t *csv = s_parse (text);
    s_no_errors (csv);
    SF_CHECK (inspection_hazard_csv_row_count (csv) == 2);
    const Inspection__HazardItem *row = inspection_hazard_csv_row (csv, 0);
    SF_CHECK (inspection_hazard_csv_line (csv, 0) == 2);
    SF_CHECK_STR (row->hazard, "叉车制动失灵, 转向失灵");
    SF_CHECK_STR (row->measures, "1. 每日班前点检；\n2. 定期保养，记录\"点检表\"");
    SF_CHECK_STR (row->risk->d, "270");
    row = inspection_hazard_csv_row (csv, 1);
    SF_CHECK (inspection_hazard_csv_line (csv, 1) == 4);     //  the line break inside quotes counts
    SF_CHECK_STR (row->unit_code, "P01-D01-T03-S03");
    SF_CHECK_STR (row->risk->d, "240");
    SF_CHECK (row->risk->grade == 2);
    inspection_hazard_csv_destroy (&csv);
}

static void
test_every_field_error (void)
{
    const char *text =
        HEADER
        ",2026,机,h,机械伤害,m,6,6,7\n"                                 //  2 unit missing
        "P01 D01,2026,机,h,机械伤害,m,6,6,7\n"                          //  3 bad unit code
        "P01,,机,h,机械伤害,m,6,6,7\n"                                  //  4 year missing
        "P01,26,机,h,机械伤害,m,6,6,7\n"                                //  5 year out of range
        "P01,二〇二六,机,h,机械伤害,m,6,6,7\n"                          //  6 year not digits
        "P01,2026,,h,机械伤害,m,6,6,7\n"                                //  7 factor missing
        "P01,2026,物,h,机械伤害,m,6,6,7\n"                              //  8 bad factor
        "P01,2026,机,,机械伤害,m,6,6,7\n"                               //  9 hazard missing
        "P01,2026,机,h,,m,6,6,7\n"                                      // 10 accident type missing
        "P01,2026,机,h,机械伤害,,6,6,7\n"                               // 11 measures missing
        "P01,2026,机,h,机械伤害,m,,6,7\n"                               // 12 L missing
        "P01,2026,机,h,机械伤害,m,2,6,7\n"                              // 13 L not in table
        "P01,2026,机,h,机械伤害,m,6,4,7\n"                              // 14 E not in table
        "P01,2026,机,h,机械伤害,m,6,6,5\n"                              // 15 C not in table
        "P01,2026,机,h,机械伤害,m,6,6\n"                                // 16 field count
        "P01,2026,机,\"h\x01\",机械伤害,m,6,6,7\n"                      // 17 control in hazard
        "P01,2026,机,h,机械伤害,\"m\x7f\",6,6,7\n"                      // 18 control in measures
        "P01,2026,人的因素,h,机械伤害,m,0.3,0,abc\n"                    // 19 four errors
        "P01,2026,机,h,机械伤害,m,6,6,7\n";                             // 20 good
    inspection_hazard_csv_t *csv = s_parse (text);
    SF_CHECK (s_error (csv, 2, "the unit code (unit_code) is missing", "缺少单位编码"));
    SF_CHECK (s_error (csv, 3, "the unit code 'P01 D01' is not valid", "单位编码“P01 D01”无效"));
    SF_CHECK (s_error (csv, 4, "the year is missing", "缺少年度"));
    SF_CHECK (s_error (csv, 5, "the year '26' is not valid; use a year from 2000 to 2100", "年度“26”无效"));
    SF_CHECK (s_error (csv, 6, "the year '二〇二六' is not valid", NULL));
    SF_CHECK (s_error (csv, 7, "the factor is missing", "缺少因素"));
    SF_CHECK (s_error (csv, 8, "the factor '物' is not valid", "因素“物”无效"));
    SF_CHECK (s_error (csv, 9, "the hazard is missing", "缺少危险源"));
    SF_CHECK (s_error (csv, 10, "the possible accident type (accident_type) is missing", "缺少可能导致的事故类型"));
    SF_CHECK (s_error (csv, 11, "the control measures are missing", "缺少控制措施"));
    SF_CHECK (s_error (csv, 12, "the LEC value L is missing", "缺少 LEC 评价的 L 值"));
    SF_CHECK (s_error (csv, 13, "the L value '2' is not in the LEC table; use one of 10, 6, 3, 1, 0.5, 0.2, 0.1",
                       "L 的取值“2”不在 LEC 取值表中，可取：10, 6, 3, 1, 0.5, 0.2, 0.1"));
    SF_CHECK (s_error (csv, 14, "the E value '4' is not in the LEC table; use one of 10, 6, 3, 2, 1, 0.5", NULL));
    SF_CHECK (s_error (csv, 15, "the C value '5' is not in the LEC table; use one of 100, 40, 15, 7, 3, 1", NULL));
    SF_CHECK (s_error (csv, 16, "expected 9 fields, found 8", "应有 9 个字段，实际有 8 个"));
    SF_CHECK (s_error (csv, 17, "the hazard contains a control character", NULL));
    SF_CHECK (s_error (csv, 18, "the control measures contain a control character", NULL));
    SF_CHECK (s_error (csv, 19, "the factor '人的因素' is not valid", NULL));
    SF_CHECK (s_error (csv, 19, "the L value '0.3'", NULL));
    SF_CHECK (s_error (csv, 19, "the E value '0'", NULL));
    SF_CHECK (s_error (csv, 19, "the C value 'abc'", NULL));
    SF_CHECK (s_errors_on (csv, 19) == 4);
    for (int line = 2; line <= 18; line++)
        SF_CHECK (s_errors_on (csv, line) == 1);
    SF_CHECK (s_errors_on (csv, 20) == 0);
    SF_CHECK (inspection_hazard_csv_row_count (csv) == 1);
    SF_CHECK (inspection_hazard_csv_line (csv, 0) == 20);
    inspection_hazard_csv_destroy (&csv);

    //  Line breaks and tabs are allowed inside a hazard or measures; other controls not.
    csv = s_parse (HEADER "P01,2026,机,\"a\tb\r\nc\",机械伤害,\"1.\n2.\",6,6,7\n");
    s_no_errors (csv);
    inspection_hazard_csv_destroy (&csv);
}

static void
test_text_limits (void)
{
    //  500 Chinese characters are fine, 501 are not; measures up to 2000.
    char *hazard = malloc (501 * 3 + 1), *measures = malloc (2001 * 3 + 1);
    SF_CHECK (hazard && measures);
    for (int i = 0; i < 501; i++)
        memcpy (hazard + 3 * i, "危", 3);
    for (int i = 0; i < 2001; i++)
        memcpy (measures + 3 * i, "措", 3);
    hazard [500 * 3] = 0;
    measures [2000 * 3] = 0;
    char *text = s_printf (HEADER "P01,2026,机,%s,机械伤害,%s,6,6,7\n", hazard, measures);
    inspection_hazard_csv_t *csv = s_parse (text);
    s_no_errors (csv);
    inspection_hazard_csv_destroy (&csv);
    free (text);
    memcpy (hazard + 500 * 3, "危", 3);
    memcpy (measures + 2000 * 3, "措", 3);
    hazard [501 * 3] = 0;
    measures [2001 * 3] = 0;
    text = s_printf (HEADER "P01,2026,机,%s,机械伤害,%s,6,6,7\n", hazard, measures);
    csv = s_parse (text);
    SF_CHECK (s_error (csv, 2, "the hazard has 501 characters, more than the limit of 500", "危险源有 501 个字符"));
    SF_CHECK (s_error (csv, 2, "the control measures have 2001 characters, more than the limit of 2000", NULL));
    SF_CHECK (inspection_hazard_csv_row_count (csv) == 0);
    inspection_hazard_csv_destroy (&csv);
    free (text);
    free (hazard);
    free (measures);
}

static void
test_caller_errors (void)
{
    const char *text =
        HEADER
        "P01-D01,2026,机,h,机械伤害,m,6,6,7\n"
        "P01-D09,2026,机,h,坠落,m,6,6,7\n"
        "P01-D01,2026,机,h,机械伤害,m,6,6,7\n";
    inspection_hazard_csv_t *csv = s_parse (text);
    s_no_errors (csv);
    inspection_hazard_csv_add_error (csv, 3, &INSPECTION_HAZARD_MSG_CSV_BAD_ACCIDENT_TYPE, "坠落");
    inspection_hazard_csv_add_error (csv, 3, &INSPECTION_HAZARD_MSG_CSV_UNKNOWN_UNIT, "P01-D09");
    inspection_hazard_csv_add_error (csv, 2, &INSPECTION_HAZARD_MSG_CSV_OUT_OF_SCOPE, "P01-D01");
    inspection_hazard_csv_add_error (csv, 0, &SF_CSV_MSG_NO_ROWS);
    SF_CHECK (inspection_hazard_csv_error_count (csv) == 4);
    SF_CHECK (inspection_hazard_csv_error (csv, 0)->line == 0);
    SF_CHECK_STR (inspection_hazard_csv_error (csv, 1)->zh,
                  "第 2 行：单位“P01-D01”不在您的授权范围内，无权导入");
    SF_CHECK_STR (inspection_hazard_csv_error (csv, 1)->en,
                  "line 2: the unit 'P01-D01' lies outside what your grants cover; you may not import it");
    SF_CHECK (strstr (inspection_hazard_csv_error (csv, 2)->en, "line 3: the accident type '坠落' is not valid"));
    SF_CHECK (strstr (inspection_hazard_csv_error (csv, 3)->zh, "第 3 行：单位“P01-D09”不在组织目录中"));
    inspection_hazard_csv_destroy (&csv);
}

//  Text of spaces other than ASCII ones (trimmed already) is no text: U+3000, U+00A0.
static void
test_blank_text (void)
{
    inspection_hazard_csv_t *csv = s_parse (
        HEADER
        "P01,2026,机,\xe3\x80\x80,机械伤害,m,6,6,7\n"               //  2 hazard blank
        "P01,2026,机,h,\xc2\xa0,m,6,6,7\n"                           //  3 accident type blank
        "P01,2026,机,h,机械伤害,\"\xe3\x80\x80\n\xc2\xa0\",6,6,7\n"     //  4-5 measures blank
        "P01,2026,机,h,机械伤害,m,6,6,7\n");                          //  6 good
    SF_CHECK (s_error (csv, 2, "the hazard is missing", "缺少危险源"));
    SF_CHECK (s_error (csv, 3, "the possible accident type (accident_type) is missing", NULL));
    SF_CHECK (s_error (csv, 4, "the control measures are missing", "缺少控制措施"));
    SF_CHECK (inspection_hazard_csv_row_count (csv) == 1);
    inspection_hazard_csv_destroy (&csv);
}

int
main (void)
{
    test_factor_helpers ();
    test_valid_chinese_file ();
    test_columns_in_any_order_and_chinese_header ();
    test_quoting ();
    test_every_field_error ();
    test_blank_text ();
    test_text_limits ();
    test_caller_errors ();
    printf ("inspection_hazard_csv_test: ok\n");
    return 0;
}
