/*  directory_csv_test: the import file parser and checker, with no database: well-formed
    files (BOM, CRLF, quoting, Chinese words), every kind of bad row with its line, rows
    against each other, the caller's errors, and the kind helpers it shares with the
    handlers. Reading the file (quotes, UTF-8, header, limits, the error cap) is
    sf_csv_test's.                                                                          */
#include "directory_csv.h"
#include "directory_messages.h"
#include "sf_testkit.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HEADER DIRECTORY_CSV_HEADER "\n"
#define MAX_BYTES (1u << 20)
#define MAX_ROWS 1000

static directory_csv_t *
s_parse (const char *text)
{
    return directory_csv_parse (text, strlen (text), MAX_BYTES, MAX_ROWS);
}

//  A string of count copies of unit; caller frees.
static char *
s_repeat (const char *unit, size_t count)
{
    size_t size = strlen (unit);
    char *text = malloc (size * count + 1);
    SF_CHECK (text);
    for (size_t i = 0; i < count; i++)
        memcpy (text + i * size, unit, size);
    text [size * count] = 0;
    return text;
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

//  The error on line whose English text contains en and whose Chinese text contains zh.
static const directory_csv_error_t *
s_error (directory_csv_t *csv, int line, const char *en, const char *zh)
{
    for (size_t i = 0; i < directory_csv_error_count (csv); i++) {
        const directory_csv_error_t *error = directory_csv_error (csv, i);
        if (error->line == line && strstr (error->en, en) && (!zh || strstr (error->zh, zh)))
            return error;
    }
    fprintf (stderr, "no error on line %d with '%s'; the errors are:\n", line, en);
    for (size_t i = 0; i < directory_csv_error_count (csv); i++)
        fprintf (stderr, "  %d | %s | %s\n", directory_csv_error (csv, i)->line,
                 directory_csv_error (csv, i)->zh, directory_csv_error (csv, i)->en);
    return NULL;
}

static size_t
s_errors_on (directory_csv_t *csv, int line)
{
    size_t count = 0;
    for (size_t i = 0; i < directory_csv_error_count (csv); i++)
        if (directory_csv_error (csv, i)->line == line)
            count++;
    return count;
}

static const directory_csv_row_t *
s_row (directory_csv_t *csv, const char *code)
{
    for (size_t i = 0; i < directory_csv_row_count (csv); i++)
        if (strcmp (directory_csv_row (csv, i)->create.code, code) == 0)
            return directory_csv_row (csv, i);
    return NULL;
}

static void
test_kind_helpers (void)
{
    SF_CHECK (directory_kind_parse ("company") == DIRECTORY__KIND__KIND_COMPANY);
    SF_CHECK (directory_kind_parse ("Plant") == DIRECTORY__KIND__KIND_PLANT);
    SF_CHECK (directory_kind_parse ("DEPARTMENT") == DIRECTORY__KIND__KIND_DEPARTMENT);
    SF_CHECK (directory_kind_parse ("班组") == DIRECTORY__KIND__KIND_TEAM);
    SF_CHECK (directory_kind_parse ("岗位") == DIRECTORY__KIND__KIND_POST);
    SF_CHECK (directory_kind_parse ("员工") == DIRECTORY__KIND__KIND_EMPLOYEE);
    SF_CHECK (directory_kind_parse ("公司") == DIRECTORY__KIND__KIND_COMPANY);
    SF_CHECK (directory_kind_parse ("厂区") == DIRECTORY__KIND__KIND_PLANT);
    SF_CHECK (directory_kind_parse ("部门") == DIRECTORY__KIND__KIND_DEPARTMENT);
    SF_CHECK (directory_kind_parse ("factory") == DIRECTORY__KIND__KIND_UNSPECIFIED);
    SF_CHECK (directory_kind_parse ("") == DIRECTORY__KIND__KIND_UNSPECIFIED);
    SF_CHECK (directory_kind_parse (NULL) == DIRECTORY__KIND__KIND_UNSPECIFIED);
    SF_CHECK_STR (directory_kind_name (DIRECTORY__KIND__KIND_TEAM), "team");
    SF_CHECK_STR (directory_kind_name_zh (DIRECTORY__KIND__KIND_TEAM), "班组");
    SF_CHECK_STR (directory_kind_name (0), "unspecified");
    SF_CHECK_STR (directory_kind_name (42), "unspecified");
    SF_CHECK_STR (directory_kind_name_zh (42), "未指定");

    //  The whole allowed-parent relation, pair by pair.
    for (int parent = 0; parent <= 7; parent++)
        for (int child = 0; child <= 7; child++) {
            bool expected = (parent == DIRECTORY__KIND__KIND_COMPANY && child == DIRECTORY__KIND__KIND_PLANT)
                         || (parent == DIRECTORY__KIND__KIND_COMPANY && child == DIRECTORY__KIND__KIND_DEPARTMENT)
                         || (parent == DIRECTORY__KIND__KIND_PLANT && child == DIRECTORY__KIND__KIND_DEPARTMENT)
                         || (parent == DIRECTORY__KIND__KIND_DEPARTMENT && child == DIRECTORY__KIND__KIND_TEAM)
                         || (parent == DIRECTORY__KIND__KIND_TEAM && child == DIRECTORY__KIND__KIND_POST)
                         || (parent == DIRECTORY__KIND__KIND_POST && child == DIRECTORY__KIND__KIND_EMPLOYEE);
            SF_CHECK (directory_kind_parent_ok (parent, child) == expected);
        }
    for (int kind = 0; kind <= 7; kind++)
        SF_CHECK (directory_kind_is_root (kind) == (kind == DIRECTORY__KIND__KIND_COMPANY));

    SF_CHECK (directory_employment_parse ("regular") == DIRECTORY__EMPLOYMENT_TYPE__EMPLOYMENT_REGULAR);
    SF_CHECK (directory_employment_parse ("Labour_Dispatch") == DIRECTORY__EMPLOYMENT_TYPE__EMPLOYMENT_LABOUR_DISPATCH);
    SF_CHECK (directory_employment_parse ("正式") == DIRECTORY__EMPLOYMENT_TYPE__EMPLOYMENT_REGULAR);
    SF_CHECK (directory_employment_parse ("劳务派遣") == DIRECTORY__EMPLOYMENT_TYPE__EMPLOYMENT_LABOUR_DISPATCH);
    SF_CHECK (directory_employment_parse ("temporary") == DIRECTORY__EMPLOYMENT_TYPE__EMPLOYMENT_UNSPECIFIED);
    SF_CHECK_STR (directory_employment_name (DIRECTORY__EMPLOYMENT_TYPE__EMPLOYMENT_LABOUR_DISPATCH), "labour_dispatch");
    SF_CHECK_STR (directory_employment_name_zh (DIRECTORY__EMPLOYMENT_TYPE__EMPLOYMENT_REGULAR), "正式");
}

static void
test_valid_chinese_file (void)
{
    const char *text =
        "\xEF\xBB\xBF" "kind,code,parent_code,name_zh,name_en,employment_type\r\n"
        "公司,C01,,航天制造有限公司,Aerospace Manufacturing Co.,\r\n"
        "厂区,P01,C01,一厂区,Plant 1,\r\n"
        "部门,D01,P01,安全环保部,EHS Department,\r\n"
        "部门,D02,C01,总经理办公室,,\r\n"
        "班组,T01,D01,总装一班,,\r\n"
        "岗位,S01,T01,装配工,Assembler,\r\n"
        "员工,E-001,S01,张三,Zhang San,正式\r\n"
        "员工,E_002,S01,李四,,劳务派遣\r\n"
        "EMPLOYEE,E003,S01,王五,,Labour_Dispatch";
    directory_csv_t *csv = s_parse (text);
    SF_CHECK (directory_csv_error_count (csv) == 0);
    SF_CHECK (directory_csv_row_count (csv) == 9);
    SF_CHECK (directory_csv_external_count (csv) == 0);

    const directory_csv_row_t *row = directory_csv_row (csv, 0);
    SF_CHECK (row->line == 2);
    SF_CHECK (row->create.kind == DIRECTORY__KIND__KIND_COMPANY);
    SF_CHECK_STR (row->create.code, "C01");
    SF_CHECK_STR (row->create.parent_code, "");
    SF_CHECK_STR (row->create.name_zh, "航天制造有限公司");
    SF_CHECK_STR (row->create.name_en, "Aerospace Manufacturing Co.");
    SF_CHECK (row->create.employment_type == DIRECTORY__EMPLOYMENT_TYPE__EMPLOYMENT_UNSPECIFIED);
    SF_CHECK (!row->parent_in_file);

    row = directory_csv_row (csv, 3);
    SF_CHECK (row->line == 5);
    SF_CHECK (row->create.kind == DIRECTORY__KIND__KIND_DEPARTMENT);
    SF_CHECK_STR (row->create.parent_code, "C01");
    SF_CHECK (row->parent_in_file);
    SF_CHECK_STR (row->create.name_en, "");

    row = directory_csv_row (csv, 6);
    SF_CHECK (row->line == 8);
    SF_CHECK (row->create.kind == DIRECTORY__KIND__KIND_EMPLOYEE);
    SF_CHECK_STR (row->create.code, "E-001");
    SF_CHECK (row->create.employment_type == DIRECTORY__EMPLOYMENT_TYPE__EMPLOYMENT_REGULAR);
    SF_CHECK (directory_csv_row (csv, 7)->create.employment_type == DIRECTORY__EMPLOYMENT_TYPE__EMPLOYMENT_LABOUR_DISPATCH);
    row = directory_csv_row (csv, 8);
    SF_CHECK (row->line == 10);
    SF_CHECK (row->create.employment_type == DIRECTORY__EMPLOYMENT_TYPE__EMPLOYMENT_LABOUR_DISPATCH);
    for (size_t i = 1; i < directory_csv_row_count (csv); i++)
        SF_CHECK (directory_csv_row (csv, i)->parent_in_file);

    directory_csv_destroy (&csv);
    SF_CHECK (csv == NULL);
    directory_csv_destroy (&csv);
}

static void
test_columns_in_any_order_and_external_parents (void)
{
    const char *text =
        "Code , NAME_ZH,kind,parent_code,employment_type,name_en\n"
        "T1,一班,team,D99,,\n"
        "T2,二班,team,D99,,\n"
        "S1,焊工,post,T1,,\n"
        "E1,赵六,employee,S7,regular,\n"
        "\n"
        ",,,,,\n"
        "   \n"
        "E2,钱七,employee,S1,regular,Qian Qi\n";
    directory_csv_t *csv = s_parse (text);
    SF_CHECK (directory_csv_error_count (csv) == 0);
    SF_CHECK (directory_csv_row_count (csv) == 5);
    SF_CHECK (!s_row (csv, "T1")->parent_in_file);
    SF_CHECK (s_row (csv, "S1")->parent_in_file);
    SF_CHECK (!s_row (csv, "E1")->parent_in_file);
    SF_CHECK (s_row (csv, "E2")->parent_in_file);
    SF_CHECK (s_row (csv, "E2")->line == 9);
    SF_CHECK_STR (s_row (csv, "E2")->create.name_en, "Qian Qi");
    SF_CHECK_STR (s_row (csv, "T2")->create.name_zh, "二班");
    //  Distinct and sorted.
    SF_CHECK (directory_csv_external_count (csv) == 2);
    SF_CHECK_STR (directory_csv_external (csv, 0), "D99");
    SF_CHECK_STR (directory_csv_external (csv, 1), "S7");
    directory_csv_destroy (&csv);
}

static void
test_quoting (void)
{
    const char *text =
        HEADER
        "company,C1,,\"华东,集团\",\"Acme \"\"Big\"\" Co, Ltd\",\n"   //  2
        "plant,P1,C1,\"一\n厂区\",,\n"                                 //  3-4: a line break in name_zh
        "plant,P2,C1,二厂区,\"Plant\r\nTwo\",\r\n"                     //  5-6: a CRLF in name_en
        "plant,P3,C1,三厂区,\"\",\n"                                    //  7
        "\"department\",\"D1\",\"P3\",\"  部门一  \",,\n"               //  8: trimmed
        "department,D2,P3,\"\"\"质量\"\"部\",,\n"                       //  9: quotes only
        "department,D3,P3,部门三,\"\",\"\"";                            //  10: no final line end
    directory_csv_t *csv = s_parse (text);
    SF_CHECK (directory_csv_error_count (csv) == 2);
    SF_CHECK (s_error (csv, 3, "Chinese name (name_zh) contains a control character", "中文名称含有"));
    SF_CHECK (s_error (csv, 5, "English name (name_en) contains a control character", "英文名称含有"));
    SF_CHECK (directory_csv_row_count (csv) == 5);
    SF_CHECK_STR (s_row (csv, "C1")->create.name_zh, "华东,集团");
    SF_CHECK_STR (s_row (csv, "C1")->create.name_en, "Acme \"Big\" Co, Ltd");
    SF_CHECK (s_row (csv, "P3")->line == 7);
    SF_CHECK_STR (s_row (csv, "P3")->create.name_en, "");
    SF_CHECK (s_row (csv, "D1")->line == 8);
    SF_CHECK_STR (s_row (csv, "D1")->create.name_zh, "部门一");
    SF_CHECK_STR (s_row (csv, "D2")->create.name_zh, "\"质量\"部");
    SF_CHECK (s_row (csv, "D3")->line == 10);
    SF_CHECK (!s_row (csv, "P1"));
    directory_csv_destroy (&csv);

    //  Old Mac line ends (CR alone) count as lines too.
    csv = s_parse ("kind,code,parent_code,name_zh,name_en,employment_type\r"
                   "company,C1,,公司,,\r"
                   "plant,P1,C1,\"厂\",,\r"
                   "plant,P1,C1,厂,,\r");
    SF_CHECK (directory_csv_error_count (csv) == 1);
    SF_CHECK (s_error (csv, 4, "'P1' is already used on line 3", "与第 3 行重复"));
    directory_csv_destroy (&csv);
}

static void
test_every_field_error (void)
{
    char *long_zh = s_repeat ("安", DIRECTORY_NAME_ZH_MAX_CHARS + 1);
    char *max_zh = s_repeat ("安", DIRECTORY_NAME_ZH_MAX_CHARS);
    char *long_en = s_repeat ("e", DIRECTORY_NAME_EN_MAX_BYTES + 1);
    char *max_en = s_repeat ("e", DIRECTORY_NAME_EN_MAX_BYTES);
    char *long_code = s_repeat ("K", DIRECTORY_CODE_MAX_CHARS + 1);
    char *max_code = s_repeat ("K", DIRECTORY_CODE_MAX_CHARS);
    char *text = s_printf (
        HEADER
        "company,C1,,公司,,\n"                           //  2  fine
        "factory,P1,C1,厂,,\n"                           //  3  bad kind
        ",P2,C1,厂,,\n"                                  //  4  kind missing
        "plant,,C1,厂,,\n"                               //  5  code missing
        "plant,P 3,C1,厂,,\n"                            //  6  bad code
        "plant,%s,C1,厂,,\n"                             //  7  code too long
        "plant,P5,,厂,,\n"                               //  8  parent missing
        "company,C2,C1,公司二,,\n"                       //  9  company with parent, second company
        "plant,P6,C#1,厂,,\n"                            //  10 bad parent code
        "plant,P7,P7,厂,,\n"                             //  11 own parent
        "plant,P8,C1,,,\n"                               //  12 name_zh missing
        "plant,P9,C1,%s,,\n"                             //  13 name_zh too long
        "plant,P10,C1,厂,%s,\n"                          //  14 name_en too long
        "employee,E1,S1,张三,,\n"                        //  15 employment missing
        "employee,E2,S1,李四,,temp\n"                    //  16 bad employment
        "plant,P11,C1,厂,,正式\n"                        //  17 employment on a plant
        "plant,P12,C1,厂\n"                              //  18 too few fields
        "plant,P13,C1,厂,,,\n"                           //  19 too many fields
        "plant,P14,C1,名\x01字,,\n"                      //  20 control character
        "plant,P15,C1,名,Tab\there,\n"                   //  21 control character in name_en
        "plant,%s,C1,%s,%s,\n"                           //  22 fine: every limit exactly
        "team,,D1,,\"a\tb\",regular\n"                   //  23 four problems at once
        "plant,P16,C1,\t厂 ,,\n",                        //  24 fine: trimmed
        long_code, long_zh, long_en, max_code, max_zh, max_en);
    directory_csv_t *csv = s_parse (text);
    SF_CHECK (s_error (csv, 3, "the kind 'factory' is not valid", "类型“factory”无效"));
    SF_CHECK (s_error (csv, 4, "the kind is missing", "缺少类型"));
    SF_CHECK (s_error (csv, 5, "the code is missing", "缺少编码"));
    SF_CHECK (s_error (csv, 6, "the code 'P 3' is not valid: a code has 1 to 32 letters", "编码“P 3”无效"));
    SF_CHECK (s_error (csv, 7, "is not valid: a code has 1 to 32", NULL));
    SF_CHECK (s_error (csv, 8, "the parent code is missing", "缺少上级编码"));
    SF_CHECK (s_error (csv, 9, "a company has no parent", "公司没有上级"));
    SF_CHECK (s_error (csv, 9, "only one company, and line 2 already is one", "第 2 行已经是公司"));
    SF_CHECK (s_error (csv, 10, "the parent code 'C#1' is not valid", "上级编码“C#1”无效"));
    SF_CHECK (s_error (csv, 11, "cannot be the row's own code 'P7'", NULL));
    SF_CHECK (s_error (csv, 12, "the Chinese name (name_zh) is missing", "缺少中文名称"));
    SF_CHECK (s_error (csv, 13, "has 65 characters, more than the limit of 64", "有 65 个字符"));
    SF_CHECK (s_error (csv, 14, "has 129 bytes, more than the limit of 128", "有 129 个字节"));
    SF_CHECK (s_error (csv, 15, "an employee needs an employment type", "员工必须填写用工类型"));
    SF_CHECK (s_error (csv, 16, "the employment type 'temp' is not valid", "用工类型“temp”无效"));
    SF_CHECK (s_error (csv, 17, "only an employee has an employment type", "只有员工才有用工类型"));
    SF_CHECK (s_error (csv, 18, "expected 6 fields, found 4", "应有 6 个字段，实际有 4 个"));
    SF_CHECK (s_error (csv, 19, "expected 6 fields, found 7", NULL));
    SF_CHECK (s_error (csv, 20, "(name_zh) contains a control character", NULL));
    SF_CHECK (s_error (csv, 21, "(name_en) contains a control character", NULL));
    SF_CHECK (s_errors_on (csv, 23) == 4);
    SF_CHECK (s_error (csv, 23, "the code is missing", NULL));
    SF_CHECK (s_error (csv, 23, "(name_zh) is missing", NULL));
    SF_CHECK (s_error (csv, 23, "(name_en) contains a control character", NULL));
    SF_CHECK (s_error (csv, 23, "only an employee has an employment type", NULL));
    for (int line = 3; line <= 21; line++)
        SF_CHECK (s_errors_on (csv, line) == (line == 9? 2u: 1u));
    SF_CHECK (s_errors_on (csv, 2) == 0 && s_errors_on (csv, 22) == 0 && s_errors_on (csv, 24) == 0);
    SF_CHECK (directory_csv_error_count (csv) == 19 + 1 + 4);

    //  Only the good rows remain.
    SF_CHECK (directory_csv_row_count (csv) == 3);
    SF_CHECK_STR (directory_csv_row (csv, 0)->create.code, "C1");
    SF_CHECK_STR (directory_csv_row (csv, 1)->create.code, max_code);
    SF_CHECK_STR (directory_csv_row (csv, 1)->create.name_zh, max_zh);
    SF_CHECK_STR (directory_csv_row (csv, 2)->create.code, "P16");
    SF_CHECK_STR (directory_csv_row (csv, 2)->create.name_zh, "厂");
    SF_CHECK (directory_csv_row (csv, 2)->line == 24);
    directory_csv_destroy (&csv);

    //  Long values are cut short and control characters hidden when an error repeats them.
    char *long_kind = s_printf ("kind,code,parent_code,name_zh,name_en,employment_type\n"
                                "\"%s\nx\",K1,C1,厂,,\n", long_code);
    csv = s_parse (long_kind);
    SF_CHECK (directory_csv_error_count (csv) == 1);
    char *shown = s_printf ("'%s…'", max_code);
    SF_CHECK (strstr (directory_csv_error (csv, 0)->en, shown));
    directory_csv_destroy (&csv);
    free (shown);
    csv = s_parse (HEADER "\"pl\nant\",P1,C1,厂,,\n");
    SF_CHECK (s_error (csv, 2, "the kind 'pl?ant' is not valid", NULL));
    directory_csv_destroy (&csv);
    const char nul_row [] = HEADER "plant\0,P1,C1,厂,,\n";
    csv = directory_csv_parse (nul_row, sizeof nul_row - 1, MAX_BYTES, MAX_ROWS);
    SF_CHECK (directory_csv_error_count (csv) == 1);
    SF_CHECK (s_error (csv, 2, "field 1 contains a NUL character", NULL));
    directory_csv_destroy (&csv);

    free (long_kind);
    free (text);
    free (long_zh);
    free (max_zh);
    free (long_en);
    free (max_en);
    free (long_code);
    free (max_code);
}

static void
test_duplicates_and_companies (void)
{
    const char *text =
        HEADER
        "company,C1,,公司,,\n"               //  2
        "plant,P1,C1,一厂,,\n"               //  3
        "plant,P2,C1,二厂,,\n"               //  4
        "plant,P1,C1,一厂又一次,,\n"         //  5
        "company,C2,,另一个公司,,\n"         //  6
        "department,D1,P1,部门,,\n"          //  7: the first P1 is its parent
        "plant,P1,C1,第三个,,\n";            //  8
    directory_csv_t *csv = s_parse (text);
    SF_CHECK (directory_csv_error_count (csv) == 3);
    SF_CHECK (s_error (csv, 5, "the code 'P1' is already used on line 3", "编码“P1”与第 3 行重复"));
    SF_CHECK (s_error (csv, 6, "only one company, and line 2 already is one", NULL));
    SF_CHECK (s_error (csv, 8, "the code 'P1' is already used on line 3", NULL));
    SF_CHECK (directory_csv_row_count (csv) == 4);
    SF_CHECK_STR (s_row (csv, "P1")->create.name_zh, "一厂");
    SF_CHECK (s_row (csv, "D1")->parent_in_file);
    directory_csv_destroy (&csv);
}

static void
test_parents_in_file (void)
{
    const char *text =
        HEADER
        "company,C1,,公司,,\n"                   //  2
        "team,T0,D1,早班,,\n"                    //  3: its department comes later
        "plant,P1,C1,一厂,,\n"                   //  4
        "department,D1,P1,部门,,\n"              //  5
        "team,T1,D1,一班,,\n"                    //  6
        "post,S1,T1,焊工,,\n"                    //  7
        "team,T2,S1,二班,,\n"                    //  8: a team under a post
        "employee,E1,T1,张三,,regular\n"         //  9: an employee under a team
        "plant,P2,P1,二厂,,\n"                   //  10: a plant under a plant
        "department,D2,C1,直属部门,,\n"          //  11: fine, straight under the company
        "plant,P3,D2,三厂,,\n"                   //  12: a plant under a department
        "department,D3,DX,部门,,\n"              //  13: fine, external
        "xxx,BAD,C1,坏行,,\n"                    //  14: an unknown kind
        "team,T3,BAD,三班,,\n"                   //  15: parent row is bad: no second error
        "post,S2,T0,岗,,\n";                     //  16: parent row is bad but in the file
    directory_csv_t *csv = s_parse (text);
    SF_CHECK (s_error (csv, 3, "the parent 'D1' comes later, on line 5",
                       "上级编码“D1”在后面的第 5 行"));
    SF_CHECK (s_error (csv, 8, "a node of kind team (班组) cannot be placed under the post (岗位) 'S1'",
                       "班组（team）不能隶属于岗位（post）“S1”"));
    SF_CHECK (s_error (csv, 9, "employee (员工) cannot be placed under the team (班组) 'T1'",
                       "员工（employee）不能隶属于班组（team）“T1”"));
    SF_CHECK (s_error (csv, 10, "cannot be placed under the plant (厂区) 'P1'", NULL));
    SF_CHECK (s_error (csv, 12, "cannot be placed under the department (部门) 'D2'", NULL));
    SF_CHECK (s_error (csv, 14, "the kind 'xxx' is not valid", NULL));
    SF_CHECK (directory_csv_error_count (csv) == 6);
    SF_CHECK (s_row (csv, "D2")->parent_in_file);
    SF_CHECK (!s_row (csv, "D3")->parent_in_file);
    SF_CHECK (s_row (csv, "T3")->parent_in_file);
    SF_CHECK (s_row (csv, "S2")->parent_in_file);
    SF_CHECK (!s_row (csv, "T0") && !s_row (csv, "T2") && !s_row (csv, "BAD"));
    SF_CHECK (directory_csv_external_count (csv) == 1);
    SF_CHECK_STR (directory_csv_external (csv, 0), "DX");
    directory_csv_destroy (&csv);
}

static void
test_caller_errors (void)
{
    const char *text =
        HEADER
        "company,C1,,公司,,\n"       //  2
        "plant,P1,CX,一厂,,\n"       //  3
        "factory,P2,C1,二厂,,\n"     //  4
        "department,D1,PX,部门,,\n"  //  5
        "xx,P3,C1,三厂,,\n";         //  6
    directory_csv_t *csv = s_parse (text);
    SF_CHECK (directory_csv_error_count (csv) == 2);
    SF_CHECK (directory_csv_row_count (csv) == 3);
    SF_CHECK (directory_csv_external_count (csv) == 2);
    SF_CHECK_STR (directory_csv_external (csv, 0), "CX");
    SF_CHECK_STR (directory_csv_external (csv, 1), "PX");
    //  What the caller would find in the directory: PX is missing, and a file-wide problem.
    directory_csv_add_error (csv, 5, &DIRECTORY_MSG_CSV_PARENT_NOT_FOUND, "PX");
    directory_csv_add_error (csv, 0, &SF_CSV_MSG_NO_ROWS);
    directory_csv_add_error (csv, 3, &DIRECTORY_MSG_BAD_PARENT_KIND, "CX",
                             directory_kind_name_zh (DIRECTORY__KIND__KIND_PLANT), directory_kind_name (DIRECTORY__KIND__KIND_PLANT),
                             directory_kind_name_zh (DIRECTORY__KIND__KIND_TEAM), directory_kind_name (DIRECTORY__KIND__KIND_TEAM));
    SF_CHECK (directory_csv_error_count (csv) == 5);
    SF_CHECK (directory_csv_error (csv, 0)->line == 0);
    SF_CHECK_STR (directory_csv_error (csv, 0)->en, "the file has a header but no data rows");
    SF_CHECK_STR (directory_csv_error (csv, 1)->zh, "第 3 行：厂区（plant）不能隶属于班组（team）“CX”");
    SF_CHECK_STR (directory_csv_error (csv, 1)->en,
                  "line 3: a node of kind plant (厂区) cannot be placed under the team (班组) 'CX'");
    SF_CHECK (directory_csv_error (csv, 2)->line == 4);
    SF_CHECK_STR (directory_csv_error (csv, 3)->en, "line 5: the parent 'PX' is neither in the file nor in the directory");
    SF_CHECK_STR (directory_csv_error (csv, 3)->zh, "第 5 行：上级编码“PX”既不在文件中，也不在组织目录中");
    SF_CHECK (directory_csv_error (csv, 4)->line == 6);
    directory_csv_destroy (&csv);
}

//  A name of spaces other than ASCII ones (trimmed already) is no name: U+3000, U+00A0.
static void
test_blank_name (void)
{
    directory_csv_t *csv = s_parse (
        HEADER
        "company,C1,,公司,,\n"
        "plant,P1,C1,\xe3\x80\x80,,\n"                   //  3: U+3000
        "plant,P2,C1,\"\xc2\xa0 \xe3\x80\x80\",,\n");     //  4: U+00A0, a space, U+3000
    SF_CHECK (s_error (csv, 3, "the Chinese name (name_zh) is missing", "缺少中文名称"));
    SF_CHECK (s_error (csv, 4, "the Chinese name (name_zh) is missing", "缺少中文名称"));
    SF_CHECK (directory_csv_row_count (csv) == 1);
    directory_csv_destroy (&csv);
}

int
main (void)
{
    test_kind_helpers ();
    test_valid_chinese_file ();
    test_columns_in_any_order_and_external_parents ();
    test_quoting ();
    test_every_field_error ();
    test_blank_name ();
    test_duplicates_and_companies ();
    test_parents_in_file ();
    test_caller_errors ();
    printf ("directory_csv_test: ok\n");
    return 0;
}
