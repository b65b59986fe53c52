/*  sf_audit: the audit trail of a daemon's objects (issue 10, "Audit"). Every event written
    through the outbox leaves a line in sf_audit in the same transaction (sf_outbox_add): the
    object (the event's aggregate), what was done (the event type), the authenticated actor and
    the unit it acted for, when. sf.History answers one object's lines, oldest first, to the
    company and plant roles whose grants cover the plants of those lines (migration 009; the
    lines are kept retention.audit_days).                                                   */
#ifndef SF_AUDIT_H_INCLUDED
#define SF_AUDIT_H_INCLUDED

#include "sf_rpc_server.h"

#define SF_AUDIT_ROLES "admin,ehs,plant_safety_manager,service"

//  sf.History: the handler and its route's scope_of (the plants of the object's lines; the
//  company's root nodes for lines of no plant).
void sf_audit_history_handle (sf_call_t *call);
int sf_audit_history_units (sf_call_t *call, sf_scope_units_t *units);

#endif
