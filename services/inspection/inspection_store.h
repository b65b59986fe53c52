/*  inspection_store: the SQL of records, findings, violations, meetings and the queries
    over them. Subtrees come from the org copy (sf_org_node).                               */
#ifndef INSPECTION_STORE_H_INCLUDED
#define INSPECTION_STORE_H_INCLUDED

#include "inspection_codec.h"
#include "sf_db.h"

//  The next readable number of a plant's findings (letter 'F') or violations ('V') in the
//  year of now_ms in the plant's time zone (its calendar's, else time_zone), e.g.
//  "P01-F2026-000042". NULL on a database error.
char *inspection_store_next_number (sf_db_t *db, const char *plant, char letter, int64_t now_ms,
                                    const char *time_zone);

//  Inserts the record and its item results (texts from checklist, by key); fills
//  record->id. 0 or -1.
int inspection_store_record_insert (sf_db_t *db, inspection_record_t *record, const char *plant_code,
                                    const inspection_check_list_t *checklist);

//  Inserts a finding with its number; fills finding->id. 0 or -1.
int inspection_store_finding_insert (sf_db_t *db, inspection_finding_t *finding);

//  Inserts a violation with its number; fills violation->id. 0 or -1.
int inspection_store_violation_insert (sf_db_t *db, inspection_violation_t *violation, int64_t now_ms);

//  Inserts a meeting record; fills meeting->id. 1 inserted, 0 when that meeting is already
//  recorded, -1 on error.
int inspection_store_meeting_insert (sf_db_t *db, inspection_meeting_t *meeting);

//  How many shifts the plant's calendar has (default_count without one); -1 on error.
int inspection_store_shift_count (sf_db_t *db, const char *plant_code, int default_count);

//  The first of codes that is not an active employee in the org copy (a copy, caller frees),
//  or NULL when all are. *error is set on a database error.
char *inspection_store_first_unknown_employee (sf_db_t *db, char *const *codes, size_t count, bool *error);

//  Findings whose responsible unit lies in the subtree of unit, newest first. severity
//  and factor 0 for all. Returns the count or -1.
int inspection_store_findings (sf_db_t *db, const char *unit, int severity, int factor, bool open_only,
                               int limit, inspection_finding_list_t *list);

//  The 三违 case library: unit subtree ("" for all), type (0 for all), text in description
//  or location ("" for any), occurred in [from_ms, to_ms) (0 for open ends).
int inspection_store_violations (sf_db_t *db, const char *unit, int type, const char *text, int64_t from_ms,
                                 int64_t to_ms, int limit, inspection_violation_list_t *list);

//  Completion per executor unit of the subtree over tasks whose date lies in the period.
int inspection_store_completion (sf_db_t *db, const char *unit, const char *from_date, const char *to_date,
                                 inspection_completion_list_t *list);

//  What happened at a unit (exactly that unit, as executor, target, responsible or team)
//  in [from_ms, to_ms): up to limit of each.
int inspection_store_history (sf_db_t *db, const char *unit, int64_t from_ms, int64_t to_ms, int limit,
                              inspection_record_list_t *records, inspection_finding_list_t *findings,
                              inspection_violation_list_t *violations, inspection_task_list_t *missed,
                              inspection_meeting_list_t *meetings);

//  Records what rectification did with a finding: status (inspection.FindingStatus) and
//  the form's number. Never moves a closed or cancelled finding back. Returns rows changed
//  (0 when the finding is not ours or already there), or -1.
int inspection_store_finding_feedback (sf_db_t *db, int64_t finding_id, int status, const char *form_number);

#endif
