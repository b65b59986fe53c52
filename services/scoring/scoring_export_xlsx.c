/*  scoring_export_xlsx: the XLSX export (scoring_export.h) with libxlsxwriter, which writes a
    workbook to a file name: a private file from mkstemp, read back whole and unlinked. A
    summary sheet (the month's facts, then the trend), then one sheet per subject kind; points
    as numbers with two decimals, so the sheet can sum and sort them.                       */
#include "scoring_export.h"
#include "sf_log.h"

#include <xlsxwriter.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

//  The columns of a total written as points (centipoints / 100), and as plain integers.
static bool
s_points_column (int column)
{
    return column >= 4 && column <= 8;
}

static bool
s_integer_column (int column)
{
    return column == 0 || column == 9 || column == 11;
}

static void
s_summary (lxw_workbook *book, const scoring_export_data_t *data, const scoring_export_labels_t *labels,
           lxw_format *bold, lxw_format *points)
{
    const Scoring__Report *report = data->report;
    lxw_worksheet *sheet = workbook_add_worksheet (book, labels->summary);
    worksheet_set_column (sheet, 0, 0, 22, NULL);
    worksheet_set_column (sheet, 1, 5, 16, NULL);
    for (int i = 0; i < 11; i++) {
        char value [96];
        worksheet_write_string (sheet, (lxw_row_t) i, 0, labels->facts [i], bold);
        worksheet_write_string (sheet, (lxw_row_t) i, 1, scoring_export_fact (report->month, i, value, sizeof value),
                                NULL);
    }
    lxw_row_t row = 12;
    worksheet_write_string (sheet, row++, 0, labels->trend, bold);
    for (int column = 0; column < 6; column++)
        worksheet_write_string (sheet, row, (lxw_col_t) column, labels->trend_columns [column], bold);
    row++;
    for (size_t i = 0; i < report->n_trend; i++, row++) {
        const Scoring__TrendPoint *point = report->trend [i];
        worksheet_write_string (sheet, row, 0, point->month, NULL);
        worksheet_write_string (sheet, row, 1, labels->status [point->status == SCORING__MONTH_STATUS__MONTH_CLOSED],
                                NULL);
        worksheet_write_number (sheet, row, 2, (double) point->points / 100.0, points);
        worksheet_write_number (sheet, row, 3, (double) point->rewards / 100.0, points);
        worksheet_write_number (sheet, row, 4, (double) point->penalties / 100.0, points);
        worksheet_write_number (sheet, row, 5, (double) point->entries, NULL);
    }
}

static void
s_subject (lxw_workbook *book, const scoring_export_data_t *data, int subject, const scoring_export_labels_t *labels,
           lxw_format *bold, lxw_format *points)
{
    lxw_worksheet *sheet = workbook_add_worksheet (book, labels->sheet [subject]);
    worksheet_set_column (sheet, 0, 11, 14, NULL);
    for (int column = 0; column < 12; column++)
        worksheet_write_string (sheet, 0, (lxw_col_t) column, labels->columns [column], bold);
    worksheet_freeze_panes (sheet, 1, 0);
    for (size_t i = 0; i < data->counts [subject]; i++) {
        const Scoring__Total *total = data->totals [subject][i];
        const int64_t values [12] = { total->rank, 0, 0, 0, total->points, total->direct_points,
                                      total->cascade_points, total->rewards, total->penalties, total->entries, 0,
                                      total->amount_yuan };
        lxw_row_t row = (lxw_row_t) (i + 1);
        for (int column = 0; column < 12; column++) {
            if (s_points_column (column))
                worksheet_write_number (sheet, row, (lxw_col_t) column, (double) values [column] / 100.0, points);
            else
            if (s_integer_column (column))
                worksheet_write_number (sheet, row, (lxw_col_t) column, (double) values [column], NULL);
            else {
                char buffer [32];
                worksheet_write_string (sheet, row, (lxw_col_t) column,
                                        scoring_export_cell (total, column, data->english, buffer, sizeof buffer),
                                        NULL);
            }
        }
    }
}

//  The whole of the file at path into *content. 0 or -1.
static int
s_slurp (const char *path, char **content, size_t *size)
{
    FILE *file = fopen (path, "rb");
    struct stat status;
    if (!file || fstat (fileno (file), &status)) {
        if (file)
            fclose (file);
        return -1;
    }
    *size = (size_t) status.st_size;
    *content = malloc (*size + 1);
    int rc = *content && fread (*content, 1, *size, file) == *size? 0: -1;
    fclose (file);
    if (rc) {
        free (*content);
        *content = NULL;
    }
    return rc;
}

int
scoring_export_xlsx (const scoring_export_data_t *data, char **content, size_t *size)
{
    *content = NULL;
    *size = 0;
    const char *folder = getenv ("TMPDIR");
    char path [512];
    snprintf (path, sizeof path, "%s/sf-scoring-export-XXXXXX", folder && *folder? folder: "/tmp");
    int fd = mkstemp (path);
    if (fd < 0) {
        sf_log (SF_LOG_ERROR, NULL, "export: mkstemp in %s failed", folder && *folder? folder: "/tmp");
        return -1;
    }
    close (fd);
    lxw_workbook *book = workbook_new (path);
    if (!book) {
        sf_log (SF_LOG_ERROR, NULL, "export: workbook_new failed");
        unlink (path);
        return -1;
    }
    const scoring_export_labels_t *labels = scoring_export_labels (data->english);
    lxw_format *bold = workbook_add_format (book);
    format_set_bold (bold);
    lxw_format *points = workbook_add_format (book);
    format_set_num_format (points, "0.00");
    s_summary (book, data, labels, bold, points);
    for (int subject = 0; subject < 4; subject++)
        s_subject (book, data, subject, labels, bold, points);
    lxw_error error = workbook_close (book);
    int rc = error == LXW_NO_ERROR? s_slurp (path, content, size): -1;
    if (rc)
        sf_log (SF_LOG_ERROR, NULL, "export: writing the XLSX failed: %s", lxw_strerror (error));
    unlink (path);
    return rc;
}
