/*  scoring_appeal_store: an appeal's row as its message (the columns once) and one read by id. */
#ifndef SCORING_APPEAL_STORE_H_INCLUDED
#define SCORING_APPEAL_STORE_H_INCLUDED

#include "scoring.pb-c.h"
#include "sf_db.h"

#include <stdbool.h>
#include <stdint.h>

//  The columns of appeal a, in the order scoring_appeal_from_row reads them.
#define SCORING_APPEAL_COLUMNS \
    "a.id, a.entry_id, a.plant_code, a.subject_code, a.reason, a.filed_by, a.filed_ms, a.status, a.decided_by," \
    " a.decided_ms, a.decision_note, array_to_string (a.reversal_entry_ids, ','), a.version"

//  An appeal built on the heap from row of rows (sf_pb_destroy frees it).
Scoring__Appeal *scoring_appeal_from_row (sf_rows_t *rows, int row);

//  Appeal id, FOR UPDATE when lock: 1 found (*appeal set, with its entry's unit into
//  unit_code[33] when not NULL), 0 none, -1 db error.
int scoring_appeal_get (sf_db_t *db, int64_t id, bool lock, Scoring__Appeal **appeal, char *unit_code);

#endif
