/*  scoring_export_csv: the CSV export (scoring_export.h): UTF-8 with a BOM so spreadsheet
    programs read the Chinese right, records as RFC 4180 has them (CRLF, a field quoted when
    it holds a comma, a quote or a line break, quotes doubled). Sections, each a title record
    and a header record then the rows, are parted by an empty record.                       */
#include "scoring_export.h"
#include "sf_log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
s_field (FILE *file, const char *text, bool first)
{
    if (!first)
        fputc (',', file);
    text = text? text: "";
    if (!strpbrk (text, ",\"\r\n")) {
        fputs (text, file);
        return;
    }
    fputc ('"', file);
    for (const char *c = text; *c; c++) {
        if (*c == '"')
            fputc ('"', file);
        fputc (*c, file);
    }
    fputc ('"', file);
}

static void
s_record (FILE *file, const char *const *fields, int count)
{
    for (int i = 0; i < count; i++)
        s_field (file, fields [i], i == 0);
    fputs ("\r\n", file);
}

static void
s_summary (FILE *file, const scoring_export_data_t *data, const scoring_export_labels_t *labels)
{
    const Scoring__Report *report = data->report;
    s_record (file, &labels->summary, 1);
    for (int i = 0; i < 11; i++) {
        char value [96];
        const char *fields [] = { labels->facts [i], scoring_export_fact (report->month, i, value, sizeof value) };
        s_record (file, fields, 2);
    }
    fputs ("\r\n", file);
    s_record (file, &labels->trend, 1);
    s_record (file, labels->trend_columns, 6);
    for (size_t i = 0; i < report->n_trend; i++) {
        const Scoring__TrendPoint *point = report->trend [i];
        char points [32], rewards [32], penalties [32], entries [24];
        snprintf (entries, sizeof entries, "%lld", (long long) point->entries);
        const char *fields [] = {
            point->month, labels->status [point->status == SCORING__MONTH_STATUS__MONTH_CLOSED],
            scoring_export_points (point->points, points, sizeof points),
            scoring_export_points (point->rewards, rewards, sizeof rewards),
            scoring_export_points (point->penalties, penalties, sizeof penalties), entries
        };
        s_record (file, fields, 6);
    }
}

int
scoring_export_csv (const scoring_export_data_t *data, char **content, size_t *size)
{
    *content = NULL;
    *size = 0;
    FILE *file = open_memstream (content, size);
    if (!file) {
        sf_log (SF_LOG_ERROR, NULL, "export: open_memstream failed");
        return -1;
    }
    const scoring_export_labels_t *labels = scoring_export_labels (data->english);
    fputs ("\xEF\xBB\xBF", file);
    s_summary (file, data, labels);
    for (int subject = 0; subject < 4; subject++) {
        fputs ("\r\n", file);
        s_record (file, &labels->sheet [subject], 1);
        s_record (file, labels->columns, 12);
        for (size_t row = 0; row < data->counts [subject]; row++) {
            char buffers [12][32];
            const char *fields [12];
            for (int column = 0; column < 12; column++)
                fields [column] = scoring_export_cell (data->totals [subject][row], column, data->english,
                                                       buffers [column], sizeof buffers [column]);
            s_record (file, fields, 12);
        }
    }
    if (fclose (file)) {
        sf_log (SF_LOG_ERROR, NULL, "export: writing the CSV failed");
        free (*content);
        *content = NULL;
        return -1;
    }
    return 0;
}
