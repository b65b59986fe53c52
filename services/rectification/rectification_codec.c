/*  rectification_codec: conversions between rectification.proto and plain structs.          */
#include "rectification_codec.h"
#include "inspection.pb-c.h"
#include "rectification.pb-c.h"
#include "sf_codec.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

//  --------------------------------------------------------------------------------------
//  Strings

void
rect_strings_add (rect_strings_t *strings, const char *text)
{
    strings->items = realloc (strings->items, (strings->count + 1) * sizeof *strings->items);
    assert (strings->items);
    strings->items [strings->count++] = sf_codec_strdup (text);
}

void
rect_strings_clear (rect_strings_t *strings)
{
    for (size_t i = 0; i < strings->count; i++)
        free (strings->items [i]);
    free (strings->items);
    memset (strings, 0, sizeof *strings);
}

static void
s_strings_from_wire (rect_strings_t *strings, char **items, size_t count)
{
    memset (strings, 0, sizeof *strings);
    for (size_t i = 0; i < count; i++)
        rect_strings_add (strings, items [i]);
}

//  --------------------------------------------------------------------------------------
//  Plan and evidence

static void
s_plan_from_wire (rect_plan_t *plan, const Rectification__Plan *wire)
{
    plan->measures = sf_codec_strdup (wire? wire->measures: NULL);
    plan->responsible_unit = sf_codec_strdup (wire? wire->responsible_unit: NULL);
    plan->responsible_person = sf_codec_strdup (wire? wire->responsible_person: NULL);
    plan->funds_fen = wire? wire->funds_fen: 0;
    plan->time_limit_ms = wire? wire->time_limit_ms: 0;
    plan->interim_measures = sf_codec_strdup (wire? wire->interim_measures: NULL);
    plan->emergency_plan_ref = sf_codec_strdup (wire? wire->emergency_plan_ref: NULL);
}

static void
s_plan_to_wire (const rect_plan_t *plan, Rectification__Plan *wire)
{
    rectification__plan__init (wire);
    wire->measures = sf_codec_wire (plan->measures);
    wire->responsible_unit = sf_codec_wire (plan->responsible_unit);
    wire->responsible_person = sf_codec_wire (plan->responsible_person);
    wire->funds_fen = plan->funds_fen;
    wire->time_limit_ms = plan->time_limit_ms;
    wire->interim_measures = sf_codec_wire (plan->interim_measures);
    wire->emergency_plan_ref = sf_codec_wire (plan->emergency_plan_ref);
}

void
rect_plan_clear (rect_plan_t *plan)
{
    free (plan->measures);
    free (plan->responsible_unit);
    free (plan->responsible_person);
    free (plan->interim_measures);
    free (plan->emergency_plan_ref);
    memset (plan, 0, sizeof *plan);
}

static void
s_evidence_from_wire (rect_evidence_t *evidence, const Rectification__Evidence *wire)
{
    memset (evidence, 0, sizeof *evidence);
    evidence->text = sf_codec_strdup (wire? wire->text: NULL);
    evidence->submitted_by = sf_codec_strdup (wire? wire->submitted_by: NULL);
    if (wire) {
        s_strings_from_wire (&evidence->attachments, wire->attachments, wire->n_attachments);
        evidence->cost_fen = wire->cost_fen;
        evidence->submitted_ms = wire->submitted_ms;
    }
}

static void
s_evidence_to_wire (const rect_evidence_t *evidence, Rectification__Evidence *wire)
{
    rectification__evidence__init (wire);
    wire->text = sf_codec_wire (evidence->text);
    wire->n_attachments = evidence->attachments.count;
    wire->attachments = evidence->attachments.items;
    wire->cost_fen = evidence->cost_fen;
    wire->submitted_by = sf_codec_wire (evidence->submitted_by);
    wire->submitted_ms = evidence->submitted_ms;
}

void
rect_evidence_clear (rect_evidence_t *evidence)
{
    free (evidence->text);
    free (evidence->submitted_by);
    rect_strings_clear (&evidence->attachments);
    memset (evidence, 0, sizeof *evidence);
}

//  --------------------------------------------------------------------------------------
//  Forms

static void
s_form_from_wire (rect_form_t *form, const Rectification__Form *wire)
{
    memset (form, 0, sizeof *form);
    form->id = wire->id;
    form->number = sf_codec_strdup (wire->number);
    form->finding_id = wire->finding_id;
    form->finding_number = sf_codec_strdup (wire->finding_number);
    form->status = wire->status;
    form->severity = wire->severity;
    form->description = sf_codec_strdup (wire->description);
    form->location = sf_codec_strdup (wire->location);
    form->hazard_key = sf_codec_strdup (wire->hazard_key);
    form->responsible_unit = sf_codec_strdup (wire->responsible_unit);
    form->responsible_person = sf_codec_strdup (wire->responsible_person);
    form->issuer_unit = sf_codec_strdup (wire->issuer_unit);
    form->issued_by = sf_codec_strdup (wire->issued_by);
    form->plant_code = sf_codec_strdup (wire->plant_code);
    form->requirement = sf_codec_strdup (wire->requirement);
    form->deadline_ms = wire->deadline_ms;
    form->pdca = wire->pdca;
    form->has_plan = wire->plan != NULL;
    s_plan_from_wire (&form->plan, wire->plan);
    form->has_evidence = wire->evidence != NULL;
    s_evidence_from_wire (&form->evidence, wire->evidence);
    form->recurrence_of = wire->recurrence_of;
    form->recurrence_of_number = sf_codec_strdup (wire->recurrence_of_number);
    s_strings_from_wire (&form->attachments, wire->attachments, wire->n_attachments);
    form->issued_ms = wire->issued_ms;
    form->closed_ms = wire->closed_ms;
    form->verified_by = sf_codec_strdup (wire->verified_by);
    form->note = sf_codec_strdup (wire->note);
    form->rejections = wire->rejections;
    form->escalation_step = wire->escalation_step;
    form->overdue = wire->overdue;
    form->version = wire->version;
}

//  plan and evidence are storage for the sub-messages.
static void
s_form_to_wire (const rect_form_t *form, Rectification__Form *wire, Rectification__Plan *plan,
                Rectification__Evidence *evidence)
{
    rectification__form__init (wire);
    wire->id = form->id;
    wire->number = sf_codec_wire (form->number);
    wire->finding_id = form->finding_id;
    wire->finding_number = sf_codec_wire (form->finding_number);
    wire->status = (Rectification__FormStatus) form->status;
    wire->severity = (Rectification__Severity) form->severity;
    wire->description = sf_codec_wire (form->description);
    wire->location = sf_codec_wire (form->location);
    wire->hazard_key = sf_codec_wire (form->hazard_key);
    wire->responsible_unit = sf_codec_wire (form->responsible_unit);
    wire->responsible_person = sf_codec_wire (form->responsible_person);
    wire->issuer_unit = sf_codec_wire (form->issuer_unit);
    wire->issued_by = sf_codec_wire (form->issued_by);
    wire->plant_code = sf_codec_wire (form->plant_code);
    wire->requirement = sf_codec_wire (form->requirement);
    wire->deadline_ms = form->deadline_ms;
    wire->pdca = (Rectification__Pdca) form->pdca;
    if (form->has_plan) {
        s_plan_to_wire (&form->plan, plan);
        wire->plan = plan;
    }
    if (form->has_evidence) {
        s_evidence_to_wire (&form->evidence, evidence);
        wire->evidence = evidence;
    }
    wire->recurrence_of = form->recurrence_of;
    wire->recurrence_of_number = sf_codec_wire (form->recurrence_of_number);
    wire->n_attachments = form->attachments.count;
    wire->attachments = form->attachments.items;
    wire->issued_ms = form->issued_ms;
    wire->closed_ms = form->closed_ms;
    wire->verified_by = sf_codec_wire (form->verified_by);
    wire->note = sf_codec_wire (form->note);
    wire->rejections = form->rejections;
    wire->escalation_step = form->escalation_step;
    wire->overdue = form->overdue;
    wire->version = form->version;
}

//  A form on the wire with the storage its sub-messages need.
typedef struct {
    Rectification__Form form;
    Rectification__Plan plan;
    Rectification__Evidence evidence;
} s_wire_form_t;

uint8_t *
rect_form_encode (const rect_form_t *form, size_t *size)
{
    s_wire_form_t wire;
    s_form_to_wire (form, &wire.form, &wire.plan, &wire.evidence);
    return sf_codec_pack (&wire.form.base, size);
}

int
rect_form_decode (rect_form_t *form, const uint8_t *data, size_t size)
{
    Rectification__Form *wire = rectification__form__unpack (NULL, size, data);
    if (!wire)
        return -1;
    s_form_from_wire (form, wire);
    rectification__form__free_unpacked (wire, NULL);
    return 0;
}

void
rect_form_clear (rect_form_t *form)
{
    free (form->number);
    free (form->finding_number);
    free (form->description);
    free (form->location);
    free (form->hazard_key);
    free (form->responsible_unit);
    free (form->responsible_person);
    free (form->issuer_unit);
    free (form->issued_by);
    free (form->plant_code);
    free (form->requirement);
    rect_plan_clear (&form->plan);
    rect_evidence_clear (&form->evidence);
    free (form->recurrence_of_number);
    rect_strings_clear (&form->attachments);
    free (form->verified_by);
    free (form->note);
    memset (form, 0, sizeof *form);
}

rect_form_t *
rect_form_list_add (rect_form_list_t *list)
{
    if (list->count == list->capacity) {
        list->capacity = list->capacity? list->capacity * 2: 16;
        list->forms = realloc (list->forms, list->capacity * sizeof *list->forms);
        assert (list->forms);
    }
    rect_form_t *form = &list->forms [list->count++];
    memset (form, 0, sizeof *form);
    return form;
}

//  Fills pointers [i] for each form of list; the caller frees the returned storage.
static s_wire_form_t *
s_forms_to_wire (const rect_form_list_t *list, Rectification__Form **pointers)
{
    s_wire_form_t *wires = calloc (list->count + 1, sizeof *wires);
    assert (wires);
    for (size_t i = 0; i < list->count; i++) {
        s_form_to_wire (&list->forms [i], &wires [i].form, &wires [i].plan, &wires [i].evidence);
        pointers [i] = &wires [i].form;
    }
    return wires;
}

uint8_t *
rect_form_list_encode (const rect_form_list_t *list, size_t *size)
{
    Rectification__FormList wire = RECTIFICATION__FORM_LIST__INIT;
    Rectification__Form **pointers = calloc (list->count + 1, sizeof *pointers);
    assert (pointers);
    s_wire_form_t *wires = s_forms_to_wire (list, pointers);
    wire.n_forms = list->count;
    wire.forms = pointers;
    uint8_t *buffer = sf_codec_pack (&wire.base, size);
    free (wires);
    free (pointers);
    return buffer;
}

int
rect_form_list_decode (rect_form_list_t *list, const uint8_t *data, size_t size)
{
    Rectification__FormList *wire = rectification__form_list__unpack (NULL, size, data);
    if (!wire)
        return -1;
    memset (list, 0, sizeof *list);
    for (size_t i = 0; i < wire->n_forms; i++)
        s_form_from_wire (rect_form_list_add (list), wire->forms [i]);
    rectification__form_list__free_unpacked (wire, NULL);
    return 0;
}

void
rect_form_list_clear (rect_form_list_t *list)
{
    for (size_t i = 0; i < list->count; i++)
        rect_form_clear (&list->forms [i]);
    free (list->forms);
    memset (list, 0, sizeof *list);
}

//  --------------------------------------------------------------------------------------
//  Alerts

uint8_t *
rect_alert_encode (const rect_alert_t *alert, size_t *size)
{
    Rectification__Alert wire = RECTIFICATION__ALERT__INIT;
    s_wire_form_t form;
    s_form_to_wire (alert->form, &form.form, &form.plan, &form.evidence);
    wire.form = &form.form;
    wire.target_unit = sf_codec_wire (alert->target_unit);
    wire.target_role = sf_codec_wire (alert->target_role);
    wire.step = alert->step;
    wire.days = alert->days;
    return sf_codec_pack (&wire.base, size);
}

int
rect_alert_decode (rect_form_t *form, char **target_unit, char **target_role, int *step, int64_t *days,
                   const uint8_t *data, size_t size)
{
    Rectification__Alert *wire = rectification__alert__unpack (NULL, size, data);
    if (!wire)
        return -1;
    if (wire->form)
        s_form_from_wire (form, wire->form);
    else
        memset (form, 0, sizeof *form);
    *target_unit = sf_codec_strdup (wire->target_unit);
    *target_role = sf_codec_strdup (wire->target_role);
    *step = wire->step;
    *days = wire->days;
    rectification__alert__free_unpacked (wire, NULL);
    return 0;
}

//  --------------------------------------------------------------------------------------
//  Findings (inspection.Finding)

int
rect_finding_decode (rect_finding_t *finding, const uint8_t *data, size_t size)
{
    Inspection__Finding *wire = inspection__finding__unpack (NULL, size, data);
    if (!wire)
        return -1;
    memset (finding, 0, sizeof *finding);
    finding->id = wire->id;
    finding->number = sf_codec_strdup (wire->number);
    finding->description = sf_codec_strdup (wire->description);
    finding->location = sf_codec_strdup (wire->location);
    finding->severity = wire->severity;
    finding->responsible_unit = sf_codec_strdup (wire->responsible_unit);
    finding->responsible_person = sf_codec_strdup (wire->responsible_person);
    s_strings_from_wire (&finding->attachments, wire->attachments, wire->n_attachments);
    finding->reporter = sf_codec_strdup (wire->reporter);
    finding->reporter_unit = sf_codec_strdup (wire->reporter_unit);
    finding->plant_code = sf_codec_strdup (wire->plant_code);
    finding->hazard_key = sf_codec_strdup (wire->hazard_key);
    finding->reported_ms = wire->reported_ms;
    inspection__finding__free_unpacked (wire, NULL);
    return 0;
}

uint8_t *
rect_finding_encode (const rect_finding_t *finding, size_t *size)
{
    Inspection__Finding wire = INSPECTION__FINDING__INIT;
    wire.id = finding->id;
    wire.number = sf_codec_wire (finding->number);
    wire.description = sf_codec_wire (finding->description);
    wire.location = sf_codec_wire (finding->location);
    wire.severity = (Inspection__Severity) finding->severity;
    wire.responsible_unit = sf_codec_wire (finding->responsible_unit);
    wire.responsible_person = sf_codec_wire (finding->responsible_person);
    wire.n_attachments = finding->attachments.count;
    wire.attachments = finding->attachments.items;
    wire.reporter = sf_codec_wire (finding->reporter);
    wire.reporter_unit = sf_codec_wire (finding->reporter_unit);
    wire.plant_code = sf_codec_wire (finding->plant_code);
    wire.hazard_key = sf_codec_wire (finding->hazard_key);
    wire.reported_ms = finding->reported_ms;
    wire.status = INSPECTION__FINDING_STATUS__FINDING_OPEN;
    return sf_codec_pack (&wire.base, size);
}

void
rect_finding_clear (rect_finding_t *finding)
{
    free (finding->number);
    free (finding->description);
    free (finding->location);
    free (finding->responsible_unit);
    free (finding->responsible_person);
    rect_strings_clear (&finding->attachments);
    free (finding->reporter);
    free (finding->reporter_unit);
    free (finding->plant_code);
    free (finding->hazard_key);
    memset (finding, 0, sizeof *finding);
}

//  --------------------------------------------------------------------------------------
//  Statistics and the notice

static void
s_unit_stats_to_wire (const rect_unit_stats_t *stats, Rectification__UnitStats *wire)
{
    rectification__unit_stats__init (wire);
    wire->unit_code = sf_codec_wire (stats->unit_code);
    wire->unit_name_zh = sf_codec_wire (stats->unit_name_zh);
    wire->unit_name_en = sf_codec_wire (stats->unit_name_en);
    wire->issued = stats->issued;
    wire->closed = stats->closed;
    wire->closed_on_time = stats->closed_on_time;
    wire->closure_rate = stats->closure_rate;
    wire->on_time_rate = stats->on_time_rate;
    wire->mean_hours_to_close = stats->mean_hours_to_close;
    wire->overdue = stats->overdue;
    wire->recurrences = stats->recurrences;
    wire->open = stats->open;
}

static void
s_unit_stats_from_wire (rect_unit_stats_t *stats, const Rectification__UnitStats *wire)
{
    memset (stats, 0, sizeof *stats);
    stats->unit_code = sf_codec_strdup (wire? wire->unit_code: NULL);
    stats->unit_name_zh = sf_codec_strdup (wire? wire->unit_name_zh: NULL);
    stats->unit_name_en = sf_codec_strdup (wire? wire->unit_name_en: NULL);
    if (!wire)
        return;
    stats->issued = wire->issued;
    stats->closed = wire->closed;
    stats->closed_on_time = wire->closed_on_time;
    stats->closure_rate = wire->closure_rate;
    stats->on_time_rate = wire->on_time_rate;
    stats->mean_hours_to_close = wire->mean_hours_to_close;
    stats->overdue = wire->overdue;
    stats->recurrences = wire->recurrences;
    stats->open = wire->open;
}

uint8_t *
rect_stats_encode (const rect_stats_t *stats, size_t *size)
{
    Rectification__Stats wire = RECTIFICATION__STATS__INIT;
    Rectification__UnitStats total;
    s_unit_stats_to_wire (&stats->total, &total);
    Rectification__UnitStats *units = calloc (stats->count + 1, sizeof *units);
    Rectification__UnitStats **pointers = calloc (stats->count + 1, sizeof *pointers);
    assert (units && pointers);
    for (size_t i = 0; i < stats->count; i++) {
        s_unit_stats_to_wire (&stats->units [i], &units [i]);
        pointers [i] = &units [i];
    }
    wire.total = &total;
    wire.n_units = stats->count;
    wire.units = pointers;
    wire.from_ms = stats->from_ms;
    wire.to_ms = stats->to_ms;
    uint8_t *buffer = sf_codec_pack (&wire.base, size);
    free (pointers);
    free (units);
    return buffer;
}

int
rect_stats_decode (rect_stats_t *stats, const uint8_t *data, size_t size)
{
    Rectification__Stats *wire = rectification__stats__unpack (NULL, size, data);
    if (!wire)
        return -1;
    memset (stats, 0, sizeof *stats);
    s_unit_stats_from_wire (&stats->total, wire->total);
    stats->units = calloc (wire->n_units + 1, sizeof *stats->units);
    assert (stats->units);
    for (size_t i = 0; i < wire->n_units; i++)
        s_unit_stats_from_wire (&stats->units [i], wire->units [i]);
    stats->count = wire->n_units;
    stats->from_ms = wire->from_ms;
    stats->to_ms = wire->to_ms;
    rectification__stats__free_unpacked (wire, NULL);
    return 0;
}

void
rect_unit_stats_clear (rect_unit_stats_t *stats)
{
    free (stats->unit_code);
    free (stats->unit_name_zh);
    free (stats->unit_name_en);
    memset (stats, 0, sizeof *stats);
}

void
rect_stats_clear (rect_stats_t *stats)
{
    rect_unit_stats_clear (&stats->total);
    for (size_t i = 0; i < stats->count; i++)
        rect_unit_stats_clear (&stats->units [i]);
    free (stats->units);
    memset (stats, 0, sizeof *stats);
}

uint8_t *
rect_notice_encode (const rect_notice_t *notice, size_t *size)
{
    Rectification__Notice wire = RECTIFICATION__NOTICE__INIT;
    wire.unit_code = sf_codec_wire (notice->unit_code);
    wire.unit_name_zh = sf_codec_wire (notice->unit_name_zh);
    wire.unit_name_en = sf_codec_wire (notice->unit_name_en);
    wire.plant_code = sf_codec_wire (notice->plant_code);
    wire.generated_ms = notice->generated_ms;
    Rectification__Form **pointers = calloc (notice->forms.count + 1, sizeof *pointers);
    assert (pointers);
    s_wire_form_t *wires = s_forms_to_wire (&notice->forms, pointers);
    wire.n_forms = notice->forms.count;
    wire.forms = pointers;
    uint8_t *buffer = sf_codec_pack (&wire.base, size);
    free (wires);
    free (pointers);
    return buffer;
}

int
rect_notice_decode (rect_notice_t *notice, const uint8_t *data, size_t size)
{
    Rectification__Notice *wire = rectification__notice__unpack (NULL, size, data);
    if (!wire)
        return -1;
    memset (notice, 0, sizeof *notice);
    notice->unit_code = sf_codec_strdup (wire->unit_code);
    notice->unit_name_zh = sf_codec_strdup (wire->unit_name_zh);
    notice->unit_name_en = sf_codec_strdup (wire->unit_name_en);
    notice->plant_code = sf_codec_strdup (wire->plant_code);
    notice->generated_ms = wire->generated_ms;
    for (size_t i = 0; i < wire->n_forms; i++)
        s_form_from_wire (rect_form_list_add (&notice->forms), wire->forms [i]);
    rectification__notice__free_unpacked (wire, NULL);
    return 0;
}

void
rect_notice_clear (rect_notice_t *notice)
{
    free (notice->unit_code);
    free (notice->unit_name_zh);
    free (notice->unit_name_en);
    free (notice->plant_code);
    rect_form_list_clear (&notice->forms);
    memset (notice, 0, sizeof *notice);
}
