/*  gateway_files_links: links from events (gateway_files_links.h).                          */
#include "gateway_files_links.h"
#include "gateway_files_store.h"
#include "inspection.pb-c.h"
#include "rectification.pb-c.h"
#include "sf_clock.h"
#include "sf_event_payload.h"
#include "sf_log.h"
#include "sf_pb.h"

#include <string.h>

static int
s_each (char **refs, size_t count, const char *kind, const char *id, const char *plant, const char *unit,
        gw_file_link_fn *fn, void *arg)
{
    int links = 0;
    if (!id || !*id)
        return 0;
    for (size_t i = 0; i < count; i++) {
        gw_file_link_t link = { .kind = kind, .id = id, .plant = plant? plant: "", .unit = unit? unit: "" };
        if (gw_file_ref_parse (refs [i], link.sha256) < 0)
            continue;
        if (fn (&link, arg) < 0)
            return -1;
        links++;
    }
    return links;
}

static int
s_finding (const Inspection__Finding *finding, gw_file_link_fn *fn, void *arg)
{
    return s_each (finding->attachments, finding->n_attachments, "finding", finding->number, finding->plant_code,
                   finding->responsible_unit, fn, arg);
}

static int
s_form (const Rectification__Form *form, gw_file_link_fn *fn, void *arg)
{
    int links = s_each (form->attachments, form->n_attachments, "form", form->number, form->plant_code,
                        form->responsible_unit, fn, arg);
    if (links < 0 || !form->evidence)
        return links;
    int more = s_each (form->evidence->attachments, form->evidence->n_attachments, "evidence", form->number,
                       form->plant_code, form->responsible_unit, fn, arg);
    return more < 0? -1: links + more;
}

static bool
s_is (const sf_event_t *event, const ProtobufCMessageDescriptor *descriptor)
{
    return event->payload_type && strcmp (event->payload_type, descriptor->name) == 0;
}

int
gw_files_links_of_event (const sf_event_t *event, gw_file_link_fn *fn, void *arg)
{
    int links = 0;
    if (s_is (event, &inspection__finding__descriptor)) {
        Inspection__Finding *finding = sf_event_payload (event, &inspection__finding__descriptor, NULL);
        if (finding)
            links = s_finding (finding, fn, arg);
        sf_pb_destroy (&finding);
    }
    else
    if (s_is (event, &inspection__record__descriptor)) {
        Inspection__Record *record = sf_event_payload (event, &inspection__record__descriptor, NULL);
        for (size_t i = 0; record && i < record->n_findings && links >= 0; i++) {
            int more = s_finding (record->findings [i], fn, arg);
            links = more < 0? -1: links + more;
        }
        sf_pb_destroy (&record);
    }
    else
    if (s_is (event, &rectification__form__descriptor)) {
        Rectification__Form *form = sf_event_payload (event, &rectification__form__descriptor, NULL);
        if (form)
            links = s_form (form, fn, arg);
        sf_pb_destroy (&form);
    }
    else
    if (s_is (event, &rectification__alert__descriptor)) {
        Rectification__Alert *alert = sf_event_payload (event, &rectification__alert__descriptor, NULL);
        if (alert && alert->form)
            links = s_form (alert->form, fn, arg);
        sf_pb_destroy (&alert);
    }
    return links;
}

typedef struct {
    sf_db_t *db;
    int64_t now;
} s_apply_t;

static int
s_record (const gw_file_link_t *link, void *arg)
{
    s_apply_t *apply = arg;
    return gw_files_store_link (apply->db, link, apply->now);
}

int
gw_files_apply_event (sf_db_t *db, const sf_event_t *event, void *arg)
{
    (void) arg;
    s_apply_t apply = { db, sf_clock_now_ms () };
    int links = gw_files_links_of_event (event, s_record, &apply);
    if (links < 0) {
        sf_warn ("gateway: event %s (%s): its attachments' links not recorded: %s", event->event_id, event->type,
                 sf_db_error (db));
        return -1;
    }
    if (links > 0)
        sf_info ("gateway: event %s (%s, plant %s): %d attachment link(s)", event->event_id, event->type,
                 event->plant? event->plant: "", links);
    return 0;
}
