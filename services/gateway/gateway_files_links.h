/*  gateway_files_links: which objects name which attachments, read from the inspection and
    rectification events (README.md, "Attachments"). An event's payload type decides: an
    inspection.Finding (finding_reported, major_hazard_found, ...) links its attachments to
    the finding; an inspection.Record (inspection_done) each of its findings'; a
    rectification.Form (form_issued, form_submitted, ...) its own attachments to the form and
    its evidence's to the evidence; a rectification.Alert the form it carries. Each with the
    object's plant and responsible unit. References other than "sha256:<hex>" are skipped.  */
#ifndef GATEWAY_FILES_LINKS_H_INCLUDED
#define GATEWAY_FILES_LINKS_H_INCLUDED

#include "gateway_files_type.h"
#include "sf_db.h"
#include "sf_envelope.h"

typedef struct {
    char sha256 [GW_FILE_HEX_CHARS + 1];
    const char *kind;                //  "finding", "form", "evidence"
    const char *id;                  //  the object's number
    const char *plant;
    const char *unit;
} gw_file_link_t;

//  Calls fn for every link event carries (the strings live until fn returns). Returns how
//  many links there were, or -1 when fn failed (its -1 stops the walk).
typedef int (gw_file_link_fn) (const gw_file_link_t *link, void *arg);
int gw_files_links_of_event (const sf_event_t *event, gw_file_link_fn *fn, void *arg);

//  The consumer of the "inspection" and "rectification" streams (main.c's subscriptions):
//  records the links event carries (gateway_files_store.h). Safe to apply twice.
int gw_files_apply_event (sf_db_t *db, const sf_event_t *event, void *arg);

#endif
