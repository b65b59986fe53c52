/*  scoring_ledger: the ledger area's handlers and the units each acts on (README_ledger.md):
    reading entries (scoring_ledger_read.c), adjustments (scoring_ledger_adjust.c) and
    appeals (scoring_appeal_*.c); scoring_ledger_routes.c puts them in the route table.     */
#ifndef SCORING_LEDGER_H_INCLUDED
#define SCORING_LEDGER_H_INCLUDED

#include "scoring.pb-c.h"
#include "sf_rpc_server.h"

#include <stdbool.h>

//  ListEntries: the subject's node (a person's employee node, a unit), else the plant.
sf_scope_of_fn scoring_ledger_list_units;
sf_handler_fn scoring_ledger_list;

//  GetEntry: the entry's unit.
sf_scope_of_fn scoring_ledger_entry_units;
sf_handler_fn scoring_ledger_get;

//  AddAdjustment: the subject's unit.
sf_scope_of_fn scoring_ledger_adjust_units;
sf_handler_fn scoring_ledger_adjust;

//  FileAppeal: the entry's unit and its subject's node (a person who moved since still
//  reaches their own entry).
sf_scope_of_fn scoring_appeal_file_units;
sf_handler_fn scoring_appeal_file;

//  DecideAppeal: the unit of the appeal's entry.
sf_scope_of_fn scoring_appeal_decide_units;
sf_handler_fn scoring_appeal_decide;

//  ListAppeals: scoped by its plant_code field (a unit code lists that unit's subtree).
sf_handler_fn scoring_appeal_list;

//  The current rule set's version into *version: 0, or -1 on a db error.
int scoring_ledger_rule_version (sf_db_t *db, int64_t *version);

//  True when month is "YYYY-MM" with a month 01..12.
bool scoring_ledger_month_valid (const char *month);

//  The actor's login, "" when the request names none.
const char *scoring_ledger_actor (const sf_call_t *call);

#endif
