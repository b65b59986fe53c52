/*  scoring_appeal_store: appeal rows as messages.                                         */
#include "scoring_appeal_store.h"
#include "sf_pb.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

Scoring__Appeal *
scoring_appeal_from_row (sf_rows_t *rows, int row)
{
    Scoring__Appeal *appeal = sf_pb_new (&scoring__appeal__descriptor);
    int c = 0;
    appeal->id = sf_rows_int (rows, row, c++);
    appeal->entry_id = sf_rows_int (rows, row, c++);
    sf_pb_set (&appeal->plant_code, sf_rows_text (rows, row, c++));
    sf_pb_set (&appeal->subject_code, sf_rows_text (rows, row, c++));
    sf_pb_set (&appeal->reason, sf_rows_text (rows, row, c++));
    sf_pb_set (&appeal->filed_by, sf_rows_text (rows, row, c++));
    appeal->filed_ms = sf_rows_int (rows, row, c++);
    appeal->status = (Scoring__AppealStatus) sf_rows_int (rows, row, c++);
    sf_pb_set (&appeal->decided_by, sf_rows_text (rows, row, c++));
    appeal->decided_ms = sf_rows_int (rows, row, c++);
    sf_pb_set (&appeal->decision_note, sf_rows_text (rows, row, c++));
    const char *ids = sf_rows_text (rows, row, c++);
    for (const char *at = ids; *at; ) {
        char *end;
        int64_t id = strtoll (at, &end, 10);
        if (end == at)
            break;
        appeal->reversal_entry_ids = realloc (appeal->reversal_entry_ids,
                                              (appeal->n_reversal_entry_ids + 1) * sizeof (int64_t));
        appeal->reversal_entry_ids [appeal->n_reversal_entry_ids++] = id;
        at = *end == ','? end + 1: end;
    }
    appeal->version = sf_rows_int (rows, row, c++);
    return appeal;
}

int
scoring_appeal_get (sf_db_t *db, int64_t id, bool lock, Scoring__Appeal **appeal, char *unit_code)
{
    char key [24];
    snprintf (key, sizeof key, "%" PRId64, id);
    const char *values [] = { key };
    sf_rows_t *rows = sf_db_query (db, lock?
        "SELECT " SCORING_APPEAL_COLUMNS ", a.unit_code FROM appeal a WHERE a.id = $1::bigint FOR UPDATE":
        "SELECT " SCORING_APPEAL_COLUMNS ", a.unit_code FROM appeal a WHERE a.id = $1::bigint", 1, values);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows) > 0;
    if (found && appeal)
        *appeal = scoring_appeal_from_row (rows, 0);
    if (found && unit_code)
        snprintf (unit_code, 33, "%s", sf_rows_text (rows, 0, 13));
    sf_rows_destroy (&rows);
    return found;
}
