/*  sf_csv_test: the reader on its own, with three columns of its own: RFC 4180 records
    (BOM, CRLF, CR, quotes, line breaks inside quotes and the line numbers after them),
    records that cannot be read, the header with its aliases, limits, and the error list
    with its order, its line prefixes in both languages and its cap.                        */
#include "sf_csv.h"
#include "sf_testkit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_BYTES (1u << 20)
#define MAX_ROWS 1000

static const sf_csv_column_t s_columns [] = {
    { "code", NULL }, { "name", "名称" }, { "note", "备注" }
};
#define COLUMNS (sizeof s_columns / sizeof s_columns [0])
#define HEADER "code,name,note\n"

static const sf_text_t s_msg_test = { "测试 %s", "test %s" };

static sf_csv_t *
s_open (const char *text)
{
    return sf_csv_new (text, strlen (text), s_columns, COLUMNS, MAX_BYTES, MAX_ROWS);
}

//  Every error has both languages, a row's error starts with its line in each, and the
//  list is in line order (a "too many errors" note last).
static void
s_check_error_shape (sf_csv_t *csv)
{
    int previous = 0;
    size_t count = sf_csv_error_count (csv);
    for (size_t i = 0; i < count; i++) {
        const sf_csv_error_t *error = sf_csv_error (csv, i);
        SF_CHECK (error->zh && *error->zh && error->en && *error->en);
        SF_CHECK (!strstr (error->zh, "%") && !strstr (error->en, "%"));
        if (error->line > 0) {
            char prefix [64];
            snprintf (prefix, sizeof prefix, "第 %d 行：", error->line);
            SF_CHECK (strncmp (error->zh, prefix, strlen (prefix)) == 0);
            snprintf (prefix, sizeof prefix, "line %d: ", error->line);
            SF_CHECK (strncmp (error->en, prefix, strlen (prefix)) == 0);
        }
        if (i + 1 < count || error->line > 0)
            SF_CHECK (error->line >= previous);
        previous = error->line;
    }
}

//  Whether an error on line has en in its English and zh (unless NULL) in its Chinese.
static bool
s_has_error (sf_csv_t *csv, int line, const char *en, const char *zh)
{
    size_t count = sf_csv_error_count (csv);
    size_t i = 0;
    while (i < count && !(sf_csv_error (csv, i)->line == line && strstr (sf_csv_error (csv, i)->en, en)
                          && (!zh || strstr (sf_csv_error (csv, i)->zh, zh))))
        i++;
    if (i == count) {
        fprintf (stderr, "wanted on line %d: %s\n", line, en);
        for (i = 0; i < count; i++)
            fprintf (stderr, "  had %d: %s\n", sf_csv_error (csv, i)->line, sf_csv_error (csv, i)->en);
        return false;
    }
    return true;
}

//  Moves to the next row and checks its line and its three values.
static void
s_check_row (sf_csv_t *csv, int line, const char *code, const char *name, const char *note)
{
    SF_CHECK (sf_csv_next (csv));
    SF_CHECK (sf_csv_line (csv) == line);
    const char *expected [COLUMNS] = { code, name, note };
    for (size_t c = 0; c < COLUMNS; c++) {
        size_t size;
        const char *value = sf_csv_field (csv, c, &size);
        SF_CHECK (size == strlen (expected [c]));
        SF_CHECK_STR (value, expected [c]);
    }
}

static void
test_records (void)
{
    const char *text =
        "\xEF\xBB\xBF" "code,name,note\r\n"                        //  1
        "A1,甲,\r\n"                                                //  2
        "\"A2\",\"华东,集团\",\"Acme \"\"Big\"\" Co\"\r\n"          //  3
        "A3,\"一\n厂区\",\"x\r\ny\"\n"                              //  4-6: breaks inside quotes
        "  A4 ,\t乙\t ,\"  padded  \"\n"                            //  7: trimmed
        "\n"                                                        //  8: blank
        ",,\n"                                                      //  9: blank
        "   \r\n"                                                   //  10: blank
        "A5,\"\"\"q\"\"\",\"\"\r"                                   //  11: CR alone
        "A6,丙,";                                                   //  12: no final line end
    sf_csv_t *csv = s_open (text);
    s_check_row (csv, 2, "A1", "甲", "");
    s_check_row (csv, 3, "A2", "华东,集团", "Acme \"Big\" Co");
    s_check_row (csv, 4, "A3", "一\n厂区", "x\r\ny");
    s_check_row (csv, 7, "A4", "乙", "padded");
    s_check_row (csv, 11, "A5", "\"q\"", "");
    s_check_row (csv, 12, "A6", "丙", "");
    char *copy = sf_csv_field_copy (csv, 1);
    SF_CHECK_STR (copy, "丙");
    free (copy);
    SF_CHECK (!sf_csv_complete (csv));
    SF_CHECK (!sf_csv_next (csv));
    SF_CHECK (sf_csv_complete (csv));
    SF_CHECK (!sf_csv_next (csv));
    SF_CHECK (sf_csv_error_count (csv) == 0);
    SF_CHECK (!sf_csv_full (csv));
    sf_csv_destroy (&csv);
    SF_CHECK (csv == NULL);
    sf_csv_destroy (&csv);

    //  A NUL is no text: its row is refused, the field named, quoted or not; the rows around
    //  it are read.
    const char nul [] = HEADER "B1,x\0y,\nB2,ok,\nB3,,\"n\0\"\n";
    csv = sf_csv_new (nul, sizeof nul - 1, s_columns, COLUMNS, MAX_BYTES, MAX_ROWS);
    SF_CHECK (sf_csv_next (csv));
    SF_CHECK (sf_csv_line (csv) == 3);
    size_t size;
    SF_CHECK (strcmp (sf_csv_field (csv, 1, &size), "ok") == 0 && size == 2);
    SF_CHECK (!sf_csv_next (csv));
    SF_CHECK (sf_csv_error_count (csv) == 2);
    SF_CHECK (s_has_error (csv, 2, "field 2 contains a NUL character", "第 2 个字段含有 NUL 字符"));
    SF_CHECK (s_has_error (csv, 4, "field 3 contains a NUL character", NULL));
    sf_csv_destroy (&csv);
}

static void
test_unreadable_records (void)
{
    const char *text =
        HEADER
        "C1,\"名\"x,\n"                         //  2: text after a closing quote
        "C2,名\"x\",\n"                         //  3: a quote inside an unquoted field
        "C3,\"a\n\xE5\x8E\",\n"                 //  4-5: not UTF-8 on the row's second line
        "C4,\xB9\xAB\xCB\xBE,\n"                //  6: GBK
        "C5,名\n"                               //  7: too few fields
        "C6,名,,\n"                             //  8: too many fields
        "C7,名,好\n"                            //  9: fine
        "C8,\"never closed,\n"                  //  10: unclosed, to the end
        "C9,名,好\n";
    sf_csv_t *csv = s_open (text);
    s_check_row (csv, 9, "C7", "名", "好");
    SF_CHECK (!sf_csv_next (csv));
    SF_CHECK (sf_csv_complete (csv));
    s_check_error_shape (csv);
    SF_CHECK (sf_csv_error_count (csv) == 7);
    SF_CHECK (s_has_error (csv, 2, "field 2 has a misplaced quote", "第 2 个字段中的引号位置不正确"));
    SF_CHECK (s_has_error (csv, 3, "field 2 has a misplaced quote", NULL));
    SF_CHECK (s_has_error (csv, 4, "not valid UTF-8 (the file may be in GBK)", "不是有效的 UTF-8"));
    SF_CHECK (s_has_error (csv, 6, "not valid UTF-8", NULL));
    SF_CHECK (s_has_error (csv, 7, "expected 3 fields, found 2", "应有 3 个字段，实际有 2 个"));
    SF_CHECK (s_has_error (csv, 8, "expected 3 fields, found 4", NULL));
    SF_CHECK (s_has_error (csv, 10, "is not closed before the end of the file", "引号没有闭合"));
    sf_csv_destroy (&csv);
}

static void
test_header (void)
{
    //  English in any case, Chinese aliases exactly, in any order, after blank lines.
    sf_csv_t *csv = s_open ("\n\n 备注 ,NAME,Code\nn1,名,K1\n");
    s_check_row (csv, 4, "K1", "名", "n1");
    SF_CHECK (!sf_csv_next (csv));
    SF_CHECK (sf_csv_error_count (csv) == 0);
    sf_csv_destroy (&csv);

    //  No column known: most likely data without a header, so one error.
    csv = s_open ("K1,名,n1\nK2,名,n2\n");
    SF_CHECK (!sf_csv_next (csv));
    SF_CHECK (!sf_csv_complete (csv));
    SF_CHECK (sf_csv_error_count (csv) == 1);
    SF_CHECK (s_has_error (csv, 1, "the first line must be the header code,name,note", "第一行必须是表头 code,name,note"));
    sf_csv_destroy (&csv);

    csv = s_open ("\ncode,name,name,备 注,\"x\ny\"\nK1,名,名,a,b\n");
    SF_CHECK (!sf_csv_next (csv));
    s_check_error_shape (csv);
    SF_CHECK (sf_csv_error_count (csv) == 4);
    SF_CHECK (s_has_error (csv, 2, "header column 'name' appears more than once", "列“name”出现了不止一次"));
    SF_CHECK (s_has_error (csv, 2, "header column 4 '备 注' is not a known column; the header must be code,name,note",
                           "表头第 4 列“备 注”不是已知的列名"));
    SF_CHECK (s_has_error (csv, 2, "header column 5 'x?y' is not a known column", NULL));
    SF_CHECK (s_has_error (csv, 2, "the header lacks the column 'note'", "表头缺少列“note”"));
    sf_csv_destroy (&csv);

    csv = s_open ("code,\"name,note\nK1,名,n1\n");
    SF_CHECK (!sf_csv_next (csv));
    SF_CHECK (sf_csv_error_count (csv) == 1);
    SF_CHECK (s_has_error (csv, 1, "is not closed", NULL));
    sf_csv_destroy (&csv);

    csv = s_open ("code,name\xFF,note\nK1,名,n1\n");
    SF_CHECK (!sf_csv_next (csv));
    SF_CHECK (sf_csv_error_count (csv) == 1);
    SF_CHECK (s_has_error (csv, 1, "not valid UTF-8", NULL));
    sf_csv_destroy (&csv);
}

static void
test_file_limits (void)
{
    const char *empty [] = { "", "\xEF\xBB\xBF", "\r\n\r\n", "\n  \n", ",,\n" };
    for (size_t i = 0; i < sizeof empty / sizeof empty [0]; i++) {
        sf_csv_t *csv = s_open (empty [i]);
        SF_CHECK (!sf_csv_next (csv));
        SF_CHECK (sf_csv_error_count (csv) == 1);
        SF_CHECK (s_has_error (csv, 0, "the file is empty; its first line must be the header code,name,note",
                               "文件为空；第一行必须是表头 code,name,note"));
        sf_csv_destroy (&csv);
    }
    sf_csv_t *csv = sf_csv_new (NULL, 0, s_columns, COLUMNS, MAX_BYTES, MAX_ROWS);
    SF_CHECK (!sf_csv_next (csv));
    SF_CHECK (s_has_error (csv, 0, "the file is empty", NULL));
    sf_csv_destroy (&csv);

    csv = s_open (HEADER "\n,,\n");
    SF_CHECK (!sf_csv_next (csv));
    SF_CHECK (sf_csv_complete (csv));
    SF_CHECK (sf_csv_error_count (csv) == 1);
    SF_CHECK (s_has_error (csv, 0, "the file has a header but no data rows", "文件只有表头，没有数据行"));
    sf_csv_destroy (&csv);

    const char *text = HEADER "K1,a,\n\nK2,b,\nK3,\"c\n";
    size_t size = strlen (text);
    csv = sf_csv_new (text, size, s_columns, COLUMNS, size - 1, MAX_ROWS);
    SF_CHECK (!sf_csv_next (csv));
    SF_CHECK (!sf_csv_complete (csv));
    SF_CHECK (sf_csv_error_count (csv) == 1);
    char expected [128];
    snprintf (expected, sizeof expected, "the file has %zu bytes, more than the limit of %zu bytes", size, size - 1);
    SF_CHECK (s_has_error (csv, 0, expected, "超过了"));
    sf_csv_destroy (&csv);

    //  Blank rows do not count; unreadable ones do.
    csv = sf_csv_new (text, size, s_columns, COLUMNS, size, 3);
    SF_CHECK (sf_csv_next (csv) && sf_csv_next (csv) && !sf_csv_next (csv));
    SF_CHECK (sf_csv_complete (csv));
    SF_CHECK (sf_csv_error_count (csv) == 1);
    SF_CHECK (s_has_error (csv, 5, "is not closed", NULL));
    sf_csv_destroy (&csv);

    csv = sf_csv_new (text, size, s_columns, COLUMNS, size, 2);
    SF_CHECK (sf_csv_next (csv) && sf_csv_next (csv) && !sf_csv_next (csv));
    SF_CHECK (!sf_csv_complete (csv));
    SF_CHECK (sf_csv_error_count (csv) == 1);
    SF_CHECK (s_has_error (csv, 0, "the file has more than 2 data rows, the limit; import it in parts",
                           "超过了 2 行的上限，请分批导入"));
    sf_csv_destroy (&csv);
}

static void
test_error_order (void)
{
    sf_csv_t *csv = s_open (HEADER "K1,a,\nK2,b\nK3,c,\n");
    SF_CHECK (sf_csv_next (csv));
    sf_csv_add_error (csv, sf_csv_line (csv), &s_msg_test, "first");
    SF_CHECK (sf_csv_next (csv));
    SF_CHECK (sf_csv_line (csv) == 4);
    sf_csv_add_error (csv, 4, &s_msg_test, "fourth");
    SF_CHECK (!sf_csv_next (csv));
    //  After the file is read: each goes after those of its line and of earlier ones.
    sf_csv_add_error (csv, 2, &s_msg_test, "second");
    sf_csv_add_error (csv, 0, &s_msg_test, "file");
    sf_csv_add_error (csv, 3, &s_msg_test, "third");
    s_check_error_shape (csv);
    SF_CHECK (sf_csv_error_count (csv) == 6);
    const char *en [] = { "test file", "line 2: test first", "line 2: test second",
                          "line 3: expected 3 fields, found 2", "line 3: test third", "line 4: test fourth" };
    for (size_t i = 0; i < 6; i++)
        SF_CHECK_STR (sf_csv_error (csv, i)->en, en [i]);
    SF_CHECK_STR (sf_csv_error (csv, 1)->zh, "第 2 行：测试 first");
    SF_CHECK_STR (sf_csv_error (csv, 0)->zh, "测试 file");
    sf_csv_destroy (&csv);
}

static void
test_error_cap (void)
{
    size_t rows = SF_CSV_MAX_ERRORS + 30;
    char *text = malloc (strlen (HEADER) + rows * 16 + 1);
    SF_CHECK (text);
    size_t used = (size_t) sprintf (text, "%s", HEADER);
    for (size_t i = 0; i < rows; i++)
        used += (size_t) sprintf (text + used, "K%zu,a\n", i);
    sf_csv_t *csv = s_open (text);
    SF_CHECK (!sf_csv_next (csv));
    SF_CHECK (!sf_csv_complete (csv));
    SF_CHECK (sf_csv_full (csv));
    s_check_error_shape (csv);
    SF_CHECK (sf_csv_error_count (csv) == SF_CSV_MAX_ERRORS + 1);
    SF_CHECK (sf_csv_error (csv, 0)->line == 2);
    SF_CHECK (sf_csv_error (csv, SF_CSV_MAX_ERRORS - 1)->line == SF_CSV_MAX_ERRORS + 1);
    const sf_csv_error_t *last = sf_csv_error (csv, SF_CSV_MAX_ERRORS);
    SF_CHECK (last->line == 0);
    SF_CHECK_STR (last->en, "too many errors: only the first 100 are listed; correct them and import again");
    SF_CHECK_STR (last->zh, "错误过多，只列出前 100 个；请改正后重新导入");
    sf_csv_add_error (csv, 1, &s_msg_test, "dropped");
    sf_csv_add_error (csv, 0, &s_msg_test, "dropped");
    SF_CHECK (sf_csv_error_count (csv) == SF_CSV_MAX_ERRORS + 1);
    sf_csv_destroy (&csv);

    //  Exactly the cap: no note, not full.
    used = (size_t) sprintf (text, "%s", HEADER);
    for (size_t i = 0; i < SF_CSV_MAX_ERRORS; i++)
        used += (size_t) sprintf (text + used, "K%zu,a\n", i);
    csv = s_open (text);
    SF_CHECK (!sf_csv_next (csv));
    SF_CHECK (sf_csv_complete (csv));
    SF_CHECK (!sf_csv_full (csv));
    SF_CHECK (sf_csv_error_count (csv) == SF_CSV_MAX_ERRORS);
    sf_csv_destroy (&csv);
    free (text);
}

static void
test_shown (void)
{
    char *shown = sf_csv_shown ("plain", 5);
    SF_CHECK_STR (shown, "plain");
    free (shown);
    shown = sf_csv_shown ("a\tb\nc\x7f" "d\0e", 9);
    SF_CHECK_STR (shown, "a?b?c?d?e");
    free (shown);
    shown = sf_csv_shown ("", 0);
    SF_CHECK_STR (shown, "");
    free (shown);

    //  32 characters at most, counted as characters, not bytes.
    char long_text [34 * 3 + 1] = "";
    for (int i = 0; i < 33; i++)
        strcat (long_text, "安");
    shown = sf_csv_shown (long_text, strlen (long_text) - 3);
    SF_CHECK_STR (shown, long_text + 3);
    free (shown);
    shown = sf_csv_shown (long_text, strlen (long_text));
    SF_CHECK (strlen (shown) == 32 * 3 + strlen ("…"));
    SF_CHECK (strcmp (shown + 32 * 3, "…") == 0);
    free (shown);
}

int
main (void)
{
    test_records ();
    test_unreadable_records ();
    test_header ();
    test_file_limits ();
    test_error_order ();
    test_error_cap ();
    test_shown ();
    printf ("sf_csv_test: ok\n");
    return 0;
}
