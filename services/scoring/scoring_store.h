/*  scoring_store: what every area shares about the ledger: an entry's row as its message
    (the columns once), where a subject sits in the org, which month a moment belongs to in a
    plant's zone and which open month an entry goes into, and writing an entry exactly once. */
#ifndef SCORING_STORE_H_INCLUDED
#define SCORING_STORE_H_INCLUDED

#include "scoring.pb-c.h"
#include "sf_db.h"

#include <stdbool.h>
#include <stdint.h>

//  The columns of entry e (with the subject's names from the org copy), in the order
//  scoring_entry_from_row reads them; lists add their own WHERE and ORDER.
#define SCORING_ENTRY_COLUMNS \
    "e.id, e.plant_code, e.month, e.occurred_month, e.subject_kind, e.subject_code, " \
    "coalesce (n.name_zh, ''), coalesce (n.name_en, ''), e.unit_code, e.team_code, e.department_code, " \
    "e.kind, e.points, e.origin, e.source_event_id, e.source_event_type, e.source_ref, e.item_no, " \
    "e.rule_version, coalesce (e.parent_entry_id, 0), e.cascade_level, e.factor::float8, e.reason_zh, " \
    "e.reason_en, e.created_by, e.occurred_ms, e.scored_ms, e.reversed"
#define SCORING_ENTRY_FROM "entry e LEFT JOIN sf_org_node n ON n.code = e.subject_code"

//  An entry built on the heap from row of rows (sf_pb_destroy frees it).
Scoring__Entry *scoring_entry_from_row (sf_rows_t *rows, int row);

//  Entry id, FOR UPDATE OF e when lock: 1 found (*entry set), 0 none, -1 db error.
int scoring_entry_get (sf_db_t *db, int64_t id, bool lock, Scoring__Entry **entry);

//  Where a subject sits in the org copy: a person (an employee node) or a unit.
typedef struct {
    Scoring__SubjectKind kind;   //  SUBJECT_PERSON for an employee, SUBJECT_UNIT otherwise
    char code [33];
    int node_kind;               //  sf_org_kind_t of the node
    char unit_code [33];         //  a person's parent unit (post or team); a unit: itself
    char team_code [33];         //  the team at or above unit_code, "" when none
    char department_code [33];   //  the department at or above, "" when none
    char plant_code [33];        //  "" at company level
    bool active;
} scoring_subject_t;

//  Resolves code through the org copy: 1 found, 0 unknown, -1 db error.
int scoring_subject_find (sf_db_t *db, const char *code, scoring_subject_t *subject);

//  The IANA zone of plant's months: its plant_zone row, else fallback (scoring.time_zone).
//  zone gets at most size-1 bytes. 0, or -1 on a db error.
int scoring_plant_zone (sf_db_t *db, const char *plant, const char *fallback, char *zone, size_t size);

//  The month ("YYYY-MM", into month[8]) holding the instant ms in zone. 0, or -1 on a db error.
int scoring_month_of (sf_db_t *db, int64_t ms, const char *zone, char month [8]);

//  The first instant of month in zone and the first of the next. 0, or -1 (db error, bad month).
int scoring_month_bounds (sf_db_t *db, const char *month, const char *zone, int64_t *starts_ms, int64_t *ends_ms);

//  1 when plant's month is closed, 0 open, -1 on a db error.
int scoring_month_closed (sf_db_t *db, const char *plant, const char *month);

//  The first month at or after month that plant has not closed, into open[8] (a late cause
//  of a closed month counts there, with a reference). 0, or -1 on a db error.
int scoring_open_month (sf_db_t *db, const char *plant, const char *month, char open [8]);

//  A new entry for scoring_entry_add. Texts NULL count as "".
typedef struct {
    const scoring_subject_t *subject;
    const char *kind;                  //  an event_kind code
    int64_t points;                    //  centipoints, non-zero
    Scoring__EntryOrigin origin;
    const char *source_key;            //  the cause, once (002_ledger.sql)
    const char *source_event_id;
    const char *source_event_type;
    const char *source_ref;
    int item_no;
    int64_t rule_version;
    int64_t parent_entry_id;           //  0: none
    int cascade_level;
    double factor;
    const char *reason_zh;
    const char *reason_en;
    const char *created_by;
    int64_t occurred_ms;               //  the cause's moment: picks the month
    const char *time_zone;             //  the subject's plant's zone (scoring_plant_zone)
} scoring_entry_input_t;

//  Writes the entry into the month occurred_ms falls in, or the first open month after it
//  when that one is closed (occurred_month keeps the original; the reasons get a reference
//  to it). The same cause again (source_key, kind, item_no, subject, level) writes nothing.
//  Returns the new entry's id, 0 when it was there already, -1 on a db error.
int64_t scoring_entry_add (sf_db_t *db, const scoring_entry_input_t *input);

#endif
