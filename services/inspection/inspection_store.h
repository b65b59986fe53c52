/*  inspection_store: the SQL of records, findings, violations, meetings and the queries
    over them. Subtrees come from the org copy (sf_org_node). Rows come back as the
    generated messages: a write returns the row it stored, the same reader as the queries.  */
#ifndef INSPECTION_STORE_H_INCLUDED
#define INSPECTION_STORE_H_INCLUDED

#include "inspection_task_store.h"

//  Inserts the record and its item results (texts from checklist, by key); fills
//  record->id. 0 or -1.
int inspection_store_record_insert (sf_db_t *db, Inspection__Record *record, const char *plant_code,
                                    const Inspection__Checklist *checklist);

//  Stores finding (open) with the next number of number_plant's findings in the year of its
//  reported_ms in the plant's time zone (its calendar's, else time_zone), e.g.
//  "P01-F2026-000042", in one statement, and returns it as stored (a new message), or NULL
//  on a database error. board_now: the same statement adds it to the board's rows (migration
//  012), which the transaction then holds until it ends, where otherwise they are added at
//  COMMIT, in plant order, with the transaction's other changes to the board. Only for a
//  transaction that changes no other plant's board rows after it (ReportFinding's groups are
//  of one plant): one that took plant A's rows now and wants plant B's later may deadlock with
//  one that holds B's and wants A's. ahead (with board_now, in a run checked at commit,
//  sf_call_t.checked_at_commit): when this process knows the number ahead (inspection_ahead.h),
//  the statement is only queued, with its id and number computed ahead, and checks the number
//  it takes (a different one fails the transaction: SQLSTATE SF001); the finding returned is
//  then the one the statement will store. Otherwise the number read back is noted for the next.
Inspection__Finding *inspection_store_finding_insert (sf_db_t *db, const Inspection__Finding *finding,
                                                      const char *number_plant, const char *time_zone,
                                                      bool board_now, bool ahead);

//  The finding numbered number into *finding (a new message, the caller's to destroy). 1
//  found, 0 not, -1 on error.
int inspection_store_finding_find (sf_db_t *db, const char *number, Inspection__Finding **finding);

//  The violation numbered number into *violation (a new message, the caller's to destroy).
//  1 found, 0 not, -1 on error.
int inspection_store_violation_find (sf_db_t *db, const char *number, Inspection__Violation **violation);

//  Stores violation with the next number of number_plant's violations in the year of now_ms
//  (as a finding's, "P01-V2026-000042"), in one statement, and returns it as stored, or NULL
//  on a database error.
Inspection__Violation *inspection_store_violation_insert (sf_db_t *db, const Inspection__Violation *violation,
                                                          int64_t now_ms, const char *number_plant,
                                                          const char *time_zone);

//  Stores a meeting record into *stored (a new message). 1 inserted, 0 when that meeting
//  is already recorded, -1 on error.
int inspection_store_meeting_insert (sf_db_t *db, const Inspection__Meeting *meeting, Inspection__Meeting **stored);

//  How many shifts the plant's calendar has (default_count without one); -1 on error.
int inspection_store_shift_count (sf_db_t *db, const char *plant_code, int default_count);

//  The first of codes that is not an active employee in the org copy (a copy, caller frees),
//  or NULL when all are. *error is set on a database error.
char *inspection_store_first_unknown_employee (sf_db_t *db, char *const *codes, size_t count, bool *error);

#include "inspection_page.h"

//  The findings of query (responsible unit in the subtree of its unit), newest first
//  (reported_ms, then id), after the one with the keys after (reported_ms, id; NULL: from
//  the first), at most limit, appended to list. Returns the count or -1.
int inspection_store_findings (sf_db_t *db, const Inspection__ListFindings *query, const char *const *after,
                               int limit, Inspection__FindingList *list);

//  The 三违 case library: query's unit subtree ("" for all), type (unspecified for all),
//  text in description, location or person ("" for any), occurred in [from_ms, to_ms) (0
//  for open ends); latest first (occurred_ms, then id), after the one with the keys after
//  (occurred_ms, id; NULL: from the first), at most limit, appended to list. Returns the
//  count or -1.
int inspection_store_violations (sf_db_t *db, const Inspection__SearchViolations *query, const char *const *after,
                                 int limit, Inspection__ViolationList *list);

//  Completion per executor unit of query's subtree over tasks whose date lies in its period,
//  by unit code, after the unit after (NULL: from the first), at most limit, appended to
//  list. Returns the count or -1.
int inspection_store_completion (sf_db_t *db, const Inspection__GetCompletion *query, const char *after, int limit,
                                 Inspection__Completion *list);

//  The lists of a unit's history, in the order of inspection.UnitHistory and of its page
//  token; each sorts latest first by its time, then id: both are its keys.
typedef enum {
    INSPECTION_HISTORY_RECORDS,      //  recorded_ms, id
    INSPECTION_HISTORY_FINDINGS,     //  reported_ms, id
    INSPECTION_HISTORY_VIOLATIONS,   //  occurred_ms, id
    INSPECTION_HISTORY_MISSED,       //  window_end_ms, id
    INSPECTION_HISTORY_MEETINGS,     //  recorded_ms, id
    INSPECTION_HISTORY_LISTS
} inspection_history_list_t;

//  What happened at a unit (exactly that unit, as executor, target, responsible or team)
//  in [from_ms, to_ms): of each list not done, up to limit rows after its cursor. 0 or -1.
int inspection_store_history (sf_db_t *db, const char *unit, int64_t from_ms, int64_t to_ms, int limit,
                              const inspection_cursor_t cursors [INSPECTION_HISTORY_LISTS],
                              Inspection__UnitHistory *history);

//  Records what rectification did with a finding: status and the form's number. Never
//  moves a closed or cancelled finding back. Returns rows changed (0 when the finding is not
//  ours or already there), or -1.
int inspection_store_finding_feedback (sf_db_t *db, int64_t finding_id, Inspection__FindingStatus status,
                                       const char *form_number);

#endif
