/*  sf_id_block: ids of a table's serial column known before its INSERT is sent, so that a
    command checked at commit (sf_route_t.checked_at_commit) can build its reply and events
    without waiting for the INSERT's answer.

    Each thread takes a block of the column's sequence values with one statement and hands them
    out one by one. nextval is never rolled back: a value taken is never taken again, by this
    thread or any other session; the values a thread still holds when the daemon stops are gaps,
    which ids may have (they are identities, not numbers a person counts). A thread keeps one
    block per table and database place (sf_db_place): tests run several schemas in one process.  */
#ifndef SF_ID_BLOCK_H_INCLUDED
#define SF_ID_BLOCK_H_INCLUDED

#include "sf_db.h"

#include <stdint.h>

//  The next id of table's serial column "id" for this thread: 0, or -1 when a block could not
//  be taken (db's error). table is a name the caller spells, never outside input.
int sf_id_block_next (sf_db_t *db, const char *table, int64_t *id);

#endif
