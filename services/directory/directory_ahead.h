/*  directory_ahead: the plant code a new node will take, known before its INSERT answers, so
    that CreateNode sends every statement with its COMMIT (one round trip: sf_route_t
    .checked_at_commit, directory_store_insert_under_checked). A plant's is its own code; any
    other node's is its parent's, which this process remembers per node code from the nodes it
    inserted or read. What is remembered is only a guess: the INSERT computes the plant code
    from the parent's row as it is and fails the transaction unless it is the guessed one (a
    parent moved to another plant by another process, a node whose insert rolled back), and
    the command then runs again the ordinary way, which notes the code it read back.

    A fixed table of codes (an enterprise has thousands of nodes; one that does not fit pushes
    another out, whose next child is then created the ordinary way once), per database place
    (sf_db_place): tests run several schemas in one process.                                 */
#ifndef DIRECTORY_AHEAD_H_INCLUDED
#define DIRECTORY_AHEAD_H_INCLUDED

#include "sf_db.h"

#include <stdbool.h>
#include <stddef.h>

//  The plant code of node code as this process last noted it (at most size bytes with its
//  end); false when it knows none.
bool directory_ahead_plant (sf_db_t *db, const char *code, char *plant, size_t size);

//  Notes plant as the plant code of node code.
void directory_ahead_plant_seen (sf_db_t *db, const char *code, const char *plant);

#endif
