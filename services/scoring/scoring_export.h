/*  scoring_export: a closed month's report and every total of the plant as a file
    (README_months.md, "Exports"): CSV (UTF-8 with a BOM, RFC 4180: a summary section, then
    one section per subject kind) or XLSX (libxlsxwriter: a summary sheet, then one sheet per
    subject kind), headers and names in Chinese or English. Points are written as points
    (centipoints / 100, two decimals).                                                      */
#ifndef SCORING_EXPORT_H_INCLUDED
#define SCORING_EXPORT_H_INCLUDED

#include "scoring.pb-c.h"
#include "sf_db.h"

#include <stdbool.h>
#include <stddef.h>

//  Everything a file holds: the report and the totals of each subject kind, best first.
typedef struct {
    const Scoring__Report *report;
    Scoring__Total **totals [4];       //  by scoring_export_subjects
    size_t counts [4];
    bool english;                      //  headers, names and tiers in English, else Chinese
} scoring_export_data_t;

//  The subject kinds in the order a file shows them: plant, department, team, person.
extern const char *const scoring_export_subjects [4];

//  Reads every total of report's (closed) month into data. 0, or -1 on a db error.
int scoring_export_load (sf_db_t *db, const Scoring__Report *report, bool english, scoring_export_data_t *data);
void scoring_export_unload (scoring_export_data_t *data);

//  The file in *content (malloc'd, the caller frees) of *size bytes. 0, or -1 when it could
//  not be written (logged).
int scoring_export_csv (const scoring_export_data_t *data, char **content, size_t *size);
int scoring_export_xlsx (const scoring_export_data_t *data, char **content, size_t *size);

//  The labels both files use, by language.
typedef struct {
    const char *sheet [4];             //  a subject kind's section or sheet title
    const char *summary;               //  the summary's title
    const char *columns [12];          //  a total's columns
    const char *facts [11];            //  the summary's rows: plant .. checksum
    const char *trend;                 //  the trend's title
    const char *trend_columns [6];
    const char *status [2];            //  a trend month open, closed
} scoring_export_labels_t;

const scoring_export_labels_t *scoring_export_labels (bool english);

//  Row cells shared by both writers: a fact of the summary as text (index of facts), written
//  into buffer (size bytes); returns buffer.
const char *scoring_export_fact (const Scoring__MonthResult *month, int index, char *buffer, size_t size);

//  A total's cell as text (index of columns; rank, entries and amount as integers, points
//  with two decimals), written into buffer (size bytes) or pointing into the total.
const char *scoring_export_cell (const Scoring__Total *total, int index, bool english, char *buffer, size_t size);

//  Centipoints as points with two decimals ("-12.50") into buffer; returns buffer.
const char *scoring_export_points (int64_t centipoints, char *buffer, size_t size);

#endif
