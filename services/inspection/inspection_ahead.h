/*  inspection_ahead: a finding's id and number known before its INSERT answers, so that
    ReportFinding sends every statement with its COMMIT (one round trip: sf_route_t
    .checked_at_commit). What is computed ahead is checked by the INSERT itself
    (inspection_store_finding_insert_ahead: the number it takes must be the one computed, or
    sf_expect fails the transaction and the command runs again the ordinary way, which reads
    the number back and notes it here).

    Ids: a block of the finding sequence's values per thread (common/sf_id_block.h).

    Numbers: per number prefix (plant and letter, "BP1-F"), the scope ("BP1-F2030") and the
    last number this process took or saw in it. The next one is last + 1 while nothing else
    numbered in that scope meanwhile: commands of one plant run as one group at a time in this
    process (the route's key), so a number is wrong only after another process, a command that
    ran without the key, a rollback or a new year; the INSERT's check catches each.

    Numbers are kept per database place (sf_db_place): tests run several schemas in one
    process.                                                                                 */
#ifndef INSPECTION_AHEAD_H_INCLUDED
#define INSPECTION_AHEAD_H_INCLUDED

#include "sf_db.h"

#include <stdbool.h>
#include <stddef.h>

//  The number the next finding under prefix should take ("BP1-F2030-000008", at most size
//  bytes), noted as taken. False when this process knows none yet (the first finding of the
//  prefix since the start, or after a check failed): number it the ordinary way.
bool inspection_ahead_number (sf_db_t *db, const char *prefix, char *number, size_t size);

//  A number the database gave under prefix (read back by an ordinary INSERT): the next one is
//  computed from it, whatever was noted before.
void inspection_ahead_number_seen (sf_db_t *db, const char *prefix, const char *number);

#endif
