/*  inspection_hazard_handlers: the requests of the hazard identification and control lists
    (危险源辨识与防控清单) and their LEC risk grading. call->state is an inspection_state_t.

        inspection.ImportHazardCsv   write   admin, ehs, safety_officer
        inspection.AssessRisk        read
        inspection.GetHazardList     read
        inspection.GetRiskRegister   read

    An import is all or nothing: the file is parsed and every row checked (the LEC values
    against the published tables, the unit against the org copy, the accident category),
    every problem is reported with its line, and only a file without any is written, one
    new version per (unit, year) with one inspection.hazard_list_imported event each.
    Each row's unit must lie within a grant of the actor's holding one of the route's roles
    (an admin's or EHS's on the company covers every unit): a row out of that reach refuses
    the whole file, permission_denied, its lines listed with the other errors.              */
#ifndef INSPECTION_HAZARD_HANDLERS_H_INCLUDED
#define INSPECTION_HAZARD_HANDLERS_H_INCLUDED

#include "sf_rpc_server.h"

//  Limits of one import file.
#define INSPECTION_HAZARD_IMPORT_MAX_BYTES (8u << 20)
#define INSPECTION_HAZARD_IMPORT_MAX_ROWS 20000

void inspection_import_hazard_csv (sf_call_t *call);
void inspection_assess_risk (sf_call_t *call);
void inspection_get_hazard_list (sf_call_t *call);
void inspection_get_risk_register (sf_call_t *call);

#endif
