/*  scoring_ledger_routes: the ledger area's part of the route table (scoring.h,
    README_ledger.md "Who may do what"): reading entries, adjustments and appeals. Reads and
    appeals ask no role (a grant over the unit, or the entry being one's own, is enough); an
    adjustment and a decision need a safety role over the unit. The appeal writes run alone:
    each locks an entry (a decision: the appeal, then the entry and its cascades).        */
#include "scoring.h"
#include "scoring_ledger.h"
#include "sf_roles.h"

#define S_ROUTE(name, reply_name, fn) \
    .request = &scoring__##name##__descriptor, .reply = &scoring__##reply_name##__descriptor, .handler = fn

#define S_SAFETY_ROLES \
    SF_ROLE_ADMIN "," SF_ROLE_EHS "," SF_ROLE_PLANT_SAFETY_MANAGER "," SF_ROLE_SAFETY_OFFICER

const sf_route_t scoring_ledger_routes [] = {
    { S_ROUTE (list_entries, entry_list, scoring_ledger_list), .scope_of = scoring_ledger_list_units },
    { S_ROUTE (get_entry, entry, scoring_ledger_get), .scope_of = scoring_ledger_entry_units, .lookup = true },
    { S_ROUTE (add_adjustment, entry, scoring_ledger_adjust), .writes = true, .roles = S_SAFETY_ROLES,
      .required = "subject_code,reason_zh", .scope_of = scoring_ledger_adjust_units },
    { S_ROUTE (file_appeal, appeal, scoring_appeal_file), .writes = true, .alone = true, .required = "reason",
      .scope_of = scoring_appeal_file_units },
    { S_ROUTE (decide_appeal, appeal, scoring_appeal_decide), .writes = true, .alone = true,
      .roles = S_SAFETY_ROLES, .required = "note", .scope_of = scoring_appeal_decide_units },
    { S_ROUTE (list_appeals, appeal_list, scoring_appeal_list), .scope = "plant_code" },
    { 0 }
};
