/*  inspection_codec: conversions between inspection.proto and plain structs.                */
#include "inspection_codec.h"
#include "inspection.pb-c.h"
#include "rectification.pb-c.h"
#include "sf_codec.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

//  --------------------------------------------------------------------------------------
//  Lists and strings

void *
inspection_list_add (void *list, size_t item_size)
{
    //  Every list type starts with items, count, capacity.
    struct { void *items; size_t count; size_t capacity; } *any = list;
    if (any->count == any->capacity) {
        any->capacity = any->capacity? any->capacity * 2: 8;
        any->items = realloc (any->items, any->capacity * item_size);
        assert (any->items);
    }
    void *item = (char *) any->items + any->count++ * item_size;
    memset (item, 0, item_size);
    return item;
}

void
inspection_list_clear (void *list, size_t item_size, void (*clear) (void *item))
{
    struct { void *items; size_t count; size_t capacity; } *any = list;
    for (size_t index = 0; index < any->count; index++)
        clear ((char *) any->items + index * item_size);
    free (any->items);
    memset (any, 0, sizeof *any);
}

static char **
s_strings_copy (char *const *source, size_t count)
{
    char **copy = calloc (count + 1, sizeof *copy);
    assert (copy);
    for (size_t index = 0; index < count; index++)
        copy [index] = sf_codec_strdup (source [index]);
    return copy;
}

static void
s_strings_free (char **strings, size_t count)
{
    if (!strings)
        return;
    for (size_t index = 0; index < count; index++)
        free (strings [index]);
    free (strings);
}

//  The wire's view of an array of owned strings (protobuf-c only reads it).
static char **
s_strings_wire (char **strings, size_t count)
{
    for (size_t index = 0; index < count; index++)
        if (!strings [index])
            strings [index] = sf_codec_strdup (NULL);
    return strings;
}

//  --------------------------------------------------------------------------------------
//  Plans and calendars

void
inspection_plan_clear (inspection_plan_t *plan)
{
    free (plan->code);
    free (plan->scope_unit);
    free (plan->title_zh);
    free (plan->title_en);
    free (plan->starts_on);
    free (plan->ends_on);
    for (size_t index = 0; index < plan->free_item_count; index++) {
        free (plan->free_items [index].text_zh);
        free (plan->free_items [index].text_en);
    }
    free (plan->free_items);
    memset (plan, 0, sizeof *plan);
}

static void
s_plan_from_wire (inspection_plan_t *plan, const char *code, int level, const char *scope_unit,
                  const char *title_zh, const char *title_en, const char *starts_on, const char *ends_on,
                  int target_kind, Inspection__FreeItem **items, size_t count)
{
    plan->code = sf_codec_strdup (code);
    plan->level = level;
    plan->scope_unit = sf_codec_strdup (scope_unit);
    plan->title_zh = sf_codec_strdup (title_zh);
    plan->title_en = sf_codec_strdup (title_en);
    plan->starts_on = sf_codec_strdup (starts_on);
    plan->ends_on = sf_codec_strdup (ends_on);
    plan->target_kind = target_kind;
    plan->free_items = calloc (count + 1, sizeof *plan->free_items);
    assert (plan->free_items);
    for (size_t index = 0; index < count; index++) {
        plan->free_items [index].text_zh = sf_codec_strdup (items [index]->text_zh);
        plan->free_items [index].text_en = sf_codec_strdup (items [index]->text_en);
    }
    plan->free_item_count = count;
}

//  Wire free items pointing into plan; free the returned array (not its strings).
static Inspection__FreeItem **
s_free_items_wire (const inspection_plan_t *plan, Inspection__FreeItem *storage)
{
    Inspection__FreeItem **items = calloc (plan->free_item_count + 1, sizeof *items);
    assert (items);
    for (size_t index = 0; index < plan->free_item_count; index++) {
        inspection__free_item__init (&storage [index]);
        storage [index].text_zh = sf_codec_wire (plan->free_items [index].text_zh);
        storage [index].text_en = sf_codec_wire (plan->free_items [index].text_en);
        items [index] = &storage [index];
    }
    return items;
}

uint8_t *
inspection_plan_encode (const inspection_plan_t *plan, size_t *size)
{
    Inspection__Plan wire = INSPECTION__PLAN__INIT;
    wire.id = plan->id;
    wire.code = sf_codec_wire (plan->code);
    wire.level = (Inspection__PlanLevel) plan->level;
    wire.scope_unit = sf_codec_wire (plan->scope_unit);
    wire.title_zh = sf_codec_wire (plan->title_zh);
    wire.title_en = sf_codec_wire (plan->title_en);
    wire.starts_on = sf_codec_wire (plan->starts_on);
    wire.ends_on = sf_codec_wire (plan->ends_on);
    wire.target_kind = plan->target_kind;
    wire.active = plan->active;
    Inspection__FreeItem *storage = calloc (plan->free_item_count + 1, sizeof *storage);
    assert (storage);
    wire.free_items = s_free_items_wire (plan, storage);
    wire.n_free_items = plan->free_item_count;
    uint8_t *data = sf_codec_pack (&wire.base, size);
    free (wire.free_items);
    free (storage);
    return data;
}

void
inspection_calendar_clear (inspection_calendar_t *calendar)
{
    free (calendar->plant_code);
    free (calendar->time_zone);
    s_strings_free (calendar->shifts, calendar->shift_count);
    memset (calendar, 0, sizeof *calendar);
}

uint8_t *
inspection_calendar_encode (const inspection_calendar_t *calendar, size_t *size)
{
    Inspection__PlantCalendar wire = INSPECTION__PLANT_CALENDAR__INIT;
    wire.plant_code = sf_codec_wire (calendar->plant_code);
    wire.time_zone = sf_codec_wire (calendar->time_zone);
    wire.shifts = s_strings_wire (calendar->shifts, calendar->shift_count);
    wire.n_shifts = calendar->shift_count;
    return sf_codec_pack (&wire.base, size);
}

//  --------------------------------------------------------------------------------------
//  Tasks and checklists

void
inspection_task_clear (inspection_task_t *task)
{
    free (task->plan_code);
    free (task->executor_unit);
    free (task->target_unit);
    free (task->plant_code);
    free (task->shift_date);
    memset (task, 0, sizeof *task);
}

static void
s_task_to_wire (const inspection_task_t *task, Inspection__Task *wire)
{
    inspection__task__init (wire);
    wire->id = task->id;
    wire->plan_code = sf_codec_wire (task->plan_code);
    wire->level = (Inspection__PlanLevel) task->level;
    wire->kind = (Inspection__TaskKind) task->kind;
    wire->executor_unit = sf_codec_wire (task->executor_unit);
    wire->target_unit = sf_codec_wire (task->target_unit);
    wire->plant_code = sf_codec_wire (task->plant_code);
    wire->shift_date = sf_codec_wire (task->shift_date);
    wire->shift_no = task->shift_no;
    wire->window_start_ms = task->window_start_ms;
    wire->window_end_ms = task->window_end_ms;
    wire->status = (Inspection__TaskStatus) task->status;
    wire->record_id = task->record_id;
}

static void
s_task_from_wire (inspection_task_t *task, const Inspection__Task *wire)
{
    task->id = wire->id;
    task->plan_code = sf_codec_strdup (wire->plan_code);
    task->level = wire->level;
    task->kind = wire->kind;
    task->executor_unit = sf_codec_strdup (wire->executor_unit);
    task->target_unit = sf_codec_strdup (wire->target_unit);
    task->plant_code = sf_codec_strdup (wire->plant_code);
    task->shift_date = sf_codec_strdup (wire->shift_date);
    task->shift_no = wire->shift_no;
    task->window_start_ms = wire->window_start_ms;
    task->window_end_ms = wire->window_end_ms;
    task->status = wire->status;
    task->record_id = wire->record_id;
}

uint8_t *
inspection_task_encode (const inspection_task_t *task, size_t *size)
{
    Inspection__Task wire;
    s_task_to_wire (task, &wire);
    return sf_codec_pack (&wire.base, size);
}

uint8_t *
inspection_generate_result_encode (int created, size_t *size)
{
    Inspection__GenerateResult wire = INSPECTION__GENERATE_RESULT__INIT;
    wire.created = created;
    return sf_codec_pack (&wire.base, size);
}

int
inspection_generate_result_decode (int *created, const uint8_t *data, size_t size)
{
    Inspection__GenerateResult *wire = inspection__generate_result__unpack (NULL, size, data);
    if (!wire)
        return -1;
    *created = wire->created;
    inspection__generate_result__free_unpacked (wire, NULL);
    return 0;
}

static Inspection__Task **
s_tasks_wire (const inspection_task_list_t *list, Inspection__Task **storage)
{
    *storage = calloc (list->count + 1, sizeof **storage);
    Inspection__Task **tasks = calloc (list->count + 1, sizeof *tasks);
    assert (*storage && tasks);
    for (size_t index = 0; index < list->count; index++) {
        s_task_to_wire (&list->items [index], &(*storage) [index]);
        tasks [index] = &(*storage) [index];
    }
    return tasks;
}

uint8_t *
inspection_task_list_encode (const inspection_task_list_t *list, size_t *size)
{
    Inspection__TaskList wire = INSPECTION__TASK_LIST__INIT;
    Inspection__Task *storage;
    wire.tasks = s_tasks_wire (list, &storage);
    wire.n_tasks = list->count;
    uint8_t *data = sf_codec_pack (&wire.base, size);
    free (wire.tasks);
    free (storage);
    return data;
}

int
inspection_task_decode (inspection_task_t *task, const uint8_t *data, size_t size)
{
    memset (task, 0, sizeof *task);
    Inspection__Task *wire = inspection__task__unpack (NULL, size, data);
    if (!wire)
        return -1;
    s_task_from_wire (task, wire);
    inspection__task__free_unpacked (wire, NULL);
    return 0;
}

int
inspection_task_list_decode (inspection_task_list_t *list, const uint8_t *data, size_t size)
{
    memset (list, 0, sizeof *list);
    Inspection__TaskList *wire = inspection__task_list__unpack (NULL, size, data);
    if (!wire)
        return -1;
    for (size_t index = 0; index < wire->n_tasks; index++)
        s_task_from_wire (INSPECTION_ADD (list), wire->tasks [index]);
    inspection__task_list__free_unpacked (wire, NULL);
    return 0;
}

void
inspection_check_item_clear (inspection_check_item_t *item)
{
    free (item->key);
    free (item->text_zh);
    free (item->text_en);
    memset (item, 0, sizeof *item);
}

uint8_t *
inspection_checklist_encode (int64_t task_id, const inspection_check_list_t *list, size_t *size)
{
    Inspection__Checklist wire = INSPECTION__CHECKLIST__INIT;
    wire.task_id = task_id;
    Inspection__ChecklistItem *storage = calloc (list->count + 1, sizeof *storage);
    wire.items = calloc (list->count + 1, sizeof *wire.items);
    assert (storage && wire.items);
    for (size_t index = 0; index < list->count; index++) {
        const inspection_check_item_t *item = &list->items [index];
        inspection__checklist_item__init (&storage [index]);
        storage [index].key = sf_codec_wire (item->key);
        storage [index].text_zh = sf_codec_wire (item->text_zh);
        storage [index].text_en = sf_codec_wire (item->text_en);
        storage [index].factor = (Inspection__Factor) item->factor;
        storage [index].colour = (Inspection__Colour) item->colour;
        wire.items [index] = &storage [index];
    }
    wire.n_items = list->count;
    uint8_t *data = sf_codec_pack (&wire.base, size);
    free (wire.items);
    free (storage);
    return data;
}

//  --------------------------------------------------------------------------------------
//  Findings and records

void
inspection_item_result_clear (inspection_item_result_t *result)
{
    free (result->key);
    free (result->note);
    memset (result, 0, sizeof *result);
}

void
inspection_finding_clear (inspection_finding_t *finding)
{
    free (finding->number);
    free (finding->description);
    free (finding->location);
    free (finding->responsible_unit);
    free (finding->responsible_person);
    s_strings_free (finding->attachments, finding->attachment_count);
    free (finding->hazard_key);
    free (finding->lesson_ref);
    free (finding->reporter);
    free (finding->reporter_unit);
    free (finding->plant_code);
    free (finding->form_number);
    memset (finding, 0, sizeof *finding);
}

static void
s_finding_input_from_wire (inspection_finding_t *finding, const Inspection__FindingInput *wire)
{
    finding->description = sf_codec_strdup (wire->description);
    finding->factor = wire->factor;
    finding->location = sf_codec_strdup (wire->location);
    finding->severity = wire->severity;
    finding->responsible_unit = sf_codec_strdup (wire->responsible_unit);
    finding->responsible_person = sf_codec_strdup (wire->responsible_person);
    finding->attachments = s_strings_copy (wire->attachments, wire->n_attachments);
    finding->attachment_count = wire->n_attachments;
    finding->hazard_key = sf_codec_strdup (wire->hazard_key);
}

static void
s_finding_input_to_wire (const inspection_finding_t *finding, Inspection__FindingInput *wire)
{
    inspection__finding_input__init (wire);
    wire->description = sf_codec_wire (finding->description);
    wire->factor = (Inspection__Factor) finding->factor;
    wire->location = sf_codec_wire (finding->location);
    wire->severity = (Inspection__Severity) finding->severity;
    wire->responsible_unit = sf_codec_wire (finding->responsible_unit);
    wire->responsible_person = sf_codec_wire (finding->responsible_person);
    wire->attachments = finding->attachments;
    wire->n_attachments = finding->attachment_count;
    wire->hazard_key = sf_codec_wire (finding->hazard_key);
}

static void
s_finding_to_wire (const inspection_finding_t *finding, Inspection__Finding *wire)
{
    inspection__finding__init (wire);
    wire->id = finding->id;
    wire->number = sf_codec_wire (finding->number);
    wire->description = sf_codec_wire (finding->description);
    wire->factor = (Inspection__Factor) finding->factor;
    wire->location = sf_codec_wire (finding->location);
    wire->severity = (Inspection__Severity) finding->severity;
    wire->responsible_unit = sf_codec_wire (finding->responsible_unit);
    wire->responsible_person = sf_codec_wire (finding->responsible_person);
    wire->attachments = finding->attachments;
    wire->n_attachments = finding->attachment_count;
    wire->source = (Inspection__FindingSource) finding->source;
    wire->task_id = finding->task_id;
    wire->record_id = finding->record_id;
    wire->lesson_ref = sf_codec_wire (finding->lesson_ref);
    wire->reporter = sf_codec_wire (finding->reporter);
    wire->reporter_unit = sf_codec_wire (finding->reporter_unit);
    wire->plant_code = sf_codec_wire (finding->plant_code);
    wire->reported_ms = finding->reported_ms;
    wire->status = (Inspection__FindingStatus) finding->status;
    wire->form_number = sf_codec_wire (finding->form_number);
    wire->hazard_key = sf_codec_wire (finding->hazard_key);
}

static void
s_finding_from_wire (inspection_finding_t *finding, const Inspection__Finding *wire)
{
    finding->id = wire->id;
    finding->number = sf_codec_strdup (wire->number);
    finding->description = sf_codec_strdup (wire->description);
    finding->factor = wire->factor;
    finding->location = sf_codec_strdup (wire->location);
    finding->severity = wire->severity;
    finding->responsible_unit = sf_codec_strdup (wire->responsible_unit);
    finding->responsible_person = sf_codec_strdup (wire->responsible_person);
    finding->attachments = s_strings_copy (wire->attachments, wire->n_attachments);
    finding->attachment_count = wire->n_attachments;
    finding->source = wire->source;
    finding->task_id = wire->task_id;
    finding->record_id = wire->record_id;
    finding->lesson_ref = sf_codec_strdup (wire->lesson_ref);
    finding->reporter = sf_codec_strdup (wire->reporter);
    finding->reporter_unit = sf_codec_strdup (wire->reporter_unit);
    finding->plant_code = sf_codec_strdup (wire->plant_code);
    finding->reported_ms = wire->reported_ms;
    finding->status = wire->status;
    finding->form_number = sf_codec_strdup (wire->form_number);
    finding->hazard_key = sf_codec_strdup (wire->hazard_key);
}

uint8_t *
inspection_finding_encode (const inspection_finding_t *finding, size_t *size)
{
    Inspection__Finding wire;
    s_finding_to_wire (finding, &wire);
    return sf_codec_pack (&wire.base, size);
}

int
inspection_finding_decode (inspection_finding_t *finding, const uint8_t *data, size_t size)
{
    memset (finding, 0, sizeof *finding);
    Inspection__Finding *wire = inspection__finding__unpack (NULL, size, data);
    if (!wire)
        return -1;
    s_finding_from_wire (finding, wire);
    inspection__finding__free_unpacked (wire, NULL);
    return 0;
}

static Inspection__Finding **
s_findings_wire (const inspection_finding_t *findings, size_t count, Inspection__Finding **storage)
{
    *storage = calloc (count + 1, sizeof **storage);
    Inspection__Finding **wire = calloc (count + 1, sizeof *wire);
    assert (*storage && wire);
    for (size_t index = 0; index < count; index++) {
        s_finding_to_wire (&findings [index], &(*storage) [index]);
        wire [index] = &(*storage) [index];
    }
    return wire;
}

uint8_t *
inspection_finding_list_encode (const inspection_finding_list_t *list, size_t *size)
{
    Inspection__FindingList wire = INSPECTION__FINDING_LIST__INIT;
    Inspection__Finding *storage;
    wire.findings = s_findings_wire (list->items, list->count, &storage);
    wire.n_findings = list->count;
    uint8_t *data = sf_codec_pack (&wire.base, size);
    free (wire.findings);
    free (storage);
    return data;
}

void
inspection_record_clear (inspection_record_t *record)
{
    free (record->inspector);
    free (record->executor_unit);
    free (record->target_unit);
    for (size_t index = 0; index < record->result_count; index++)
        inspection_item_result_clear (&record->results [index]);
    free (record->results);
    for (size_t index = 0; index < record->finding_count; index++)
        inspection_finding_clear (&record->findings [index]);
    free (record->findings);
    free (record->remarks);
    memset (record, 0, sizeof *record);
}

//  What s_record_to_wire allocates, for s_record_wire_free.
typedef struct {
    Inspection__ItemResult *results;
    Inspection__Finding *findings;
} s_record_storage_t;

//  Fills wire from record; what it allocates goes to s_record_wire_free.
static void
s_record_to_wire (const inspection_record_t *record, Inspection__Record *wire, s_record_storage_t *storage)
{
    inspection__record__init (wire);
    wire->id = record->id;
    wire->task_id = record->task_id;
    wire->inspector = sf_codec_wire (record->inspector);
    wire->executor_unit = sf_codec_wire (record->executor_unit);
    wire->target_unit = sf_codec_wire (record->target_unit);
    wire->recorded_ms = record->recorded_ms;
    wire->passed = record->passed;
    wire->failed = record->failed;
    wire->remarks = sf_codec_wire (record->remarks);
    Inspection__ItemResult *results = calloc (record->result_count + 1, sizeof *results);
    storage->results = results;
    wire->results = calloc (record->result_count + 1, sizeof *wire->results);
    assert (results && wire->results);
    for (size_t index = 0; index < record->result_count; index++) {
        inspection__item_result__init (&results [index]);
        results [index].key = sf_codec_wire (record->results [index].key);
        results [index].passed = record->results [index].passed;
        results [index].note = sf_codec_wire (record->results [index].note);
        wire->results [index] = &results [index];
    }
    wire->n_results = record->result_count;
    wire->findings = s_findings_wire (record->findings, record->finding_count, &storage->findings);
    wire->n_findings = record->finding_count;
}

static void
s_record_wire_free (Inspection__Record *wire, s_record_storage_t *storage)
{
    free (wire->results);
    free (storage->results);
    free (wire->findings);
    free (storage->findings);
}

uint8_t *
inspection_record_encode (const inspection_record_t *record, size_t *size)
{
    Inspection__Record wire;
    s_record_storage_t storage;
    s_record_to_wire (record, &wire, &storage);
    uint8_t *data = sf_codec_pack (&wire.base, size);
    s_record_wire_free (&wire, &storage);
    return data;
}

static void
s_record_from_wire (inspection_record_t *record, const Inspection__Record *wire)
{
    record->id = wire->id;
    record->task_id = wire->task_id;
    record->inspector = sf_codec_strdup (wire->inspector);
    record->executor_unit = sf_codec_strdup (wire->executor_unit);
    record->target_unit = sf_codec_strdup (wire->target_unit);
    record->recorded_ms = wire->recorded_ms;
    record->passed = wire->passed;
    record->failed = wire->failed;
    record->remarks = sf_codec_strdup (wire->remarks);
    record->results = calloc (wire->n_results + 1, sizeof *record->results);
    record->findings = calloc (wire->n_findings + 1, sizeof *record->findings);
    assert (record->results && record->findings);
    for (size_t index = 0; index < wire->n_results; index++) {
        record->results [index].key = sf_codec_strdup (wire->results [index]->key);
        record->results [index].passed = wire->results [index]->passed;
        record->results [index].note = sf_codec_strdup (wire->results [index]->note);
    }
    record->result_count = wire->n_results;
    for (size_t index = 0; index < wire->n_findings; index++)
        s_finding_from_wire (&record->findings [index], wire->findings [index]);
    record->finding_count = wire->n_findings;
}

int
inspection_record_decode (inspection_record_t *record, const uint8_t *data, size_t size)
{
    memset (record, 0, sizeof *record);
    Inspection__Record *wire = inspection__record__unpack (NULL, size, data);
    if (!wire)
        return -1;
    s_record_from_wire (record, wire);
    inspection__record__free_unpacked (wire, NULL);
    return 0;
}

//  --------------------------------------------------------------------------------------
//  Violations, meetings, completion, history

void
inspection_violation_clear (inspection_violation_t *violation)
{
    free (violation->number);
    free (violation->person_code);
    free (violation->unit_code);
    free (violation->plant_code);
    free (violation->description);
    free (violation->location);
    free (violation->recorded_by);
    memset (violation, 0, sizeof *violation);
}

static void
s_violation_to_wire (const inspection_violation_t *violation, Inspection__Violation *wire)
{
    inspection__violation__init (wire);
    wire->id = violation->id;
    wire->number = sf_codec_wire (violation->number);
    wire->type = (Inspection__ViolationType) violation->type;
    wire->person_code = sf_codec_wire (violation->person_code);
    wire->unit_code = sf_codec_wire (violation->unit_code);
    wire->plant_code = sf_codec_wire (violation->plant_code);
    wire->description = sf_codec_wire (violation->description);
    wire->location = sf_codec_wire (violation->location);
    wire->occurred_ms = violation->occurred_ms;
    wire->recorded_by = sf_codec_wire (violation->recorded_by);
}

uint8_t *
inspection_violation_encode (const inspection_violation_t *violation, size_t *size)
{
    Inspection__Violation wire;
    s_violation_to_wire (violation, &wire);
    return sf_codec_pack (&wire.base, size);
}

static Inspection__Violation **
s_violations_wire (const inspection_violation_list_t *list, Inspection__Violation **storage)
{
    *storage = calloc (list->count + 1, sizeof **storage);
    Inspection__Violation **wire = calloc (list->count + 1, sizeof *wire);
    assert (*storage && wire);
    for (size_t index = 0; index < list->count; index++) {
        s_violation_to_wire (&list->items [index], &(*storage) [index]);
        wire [index] = &(*storage) [index];
    }
    return wire;
}

uint8_t *
inspection_violation_list_encode (const inspection_violation_list_t *list, size_t *size)
{
    Inspection__ViolationList wire = INSPECTION__VIOLATION_LIST__INIT;
    Inspection__Violation *storage;
    wire.violations = s_violations_wire (list, &storage);
    wire.n_violations = list->count;
    uint8_t *data = sf_codec_pack (&wire.base, size);
    free (wire.violations);
    free (storage);
    return data;
}

void
inspection_meeting_clear (inspection_meeting_t *meeting)
{
    free (meeting->team_code);
    free (meeting->shift_date);
    s_strings_free (meeting->attendees, meeting->attendee_count);
    s_strings_free (meeting->absentees, meeting->absentee_count);
    free (meeting->topics);
    free (meeting->risks_briefed);
    free (meeting->recorded_by);
    memset (meeting, 0, sizeof *meeting);
}

static void
s_meeting_to_wire (const inspection_meeting_t *meeting, Inspection__Meeting *wire)
{
    inspection__meeting__init (wire);
    wire->id = meeting->id;
    wire->team_code = sf_codec_wire (meeting->team_code);
    wire->shift_date = sf_codec_wire (meeting->shift_date);
    wire->shift_no = meeting->shift_no;
    wire->kind = (Inspection__MeetingKind) meeting->kind;
    wire->attendees = meeting->attendees;
    wire->n_attendees = meeting->attendee_count;
    wire->absentees = meeting->absentees;
    wire->n_absentees = meeting->absentee_count;
    wire->topics = sf_codec_wire (meeting->topics);
    wire->risks_briefed = sf_codec_wire (meeting->risks_briefed);
    wire->recorded_by = sf_codec_wire (meeting->recorded_by);
    wire->recorded_ms = meeting->recorded_ms;
}

uint8_t *
inspection_meeting_encode (const inspection_meeting_t *meeting, size_t *size)
{
    Inspection__Meeting wire;
    s_meeting_to_wire (meeting, &wire);
    return sf_codec_pack (&wire.base, size);
}

void
inspection_completion_clear (inspection_completion_t *completion)
{
    free (completion->unit_code);
    free (completion->unit_name);
    memset (completion, 0, sizeof *completion);
}

uint8_t *
inspection_completion_encode (const inspection_completion_list_t *list, size_t *size)
{
    Inspection__Completion wire = INSPECTION__COMPLETION__INIT;
    Inspection__UnitCompletion *storage = calloc (list->count + 1, sizeof *storage);
    wire.units = calloc (list->count + 1, sizeof *wire.units);
    assert (storage && wire.units);
    for (size_t index = 0; index < list->count; index++) {
        const inspection_completion_t *unit = &list->items [index];
        inspection__unit_completion__init (&storage [index]);
        storage [index].unit_code = sf_codec_wire (unit->unit_code);
        storage [index].unit_name = sf_codec_wire (unit->unit_name);
        storage [index].due = unit->due;
        storage [index].done = unit->done;
        storage [index].missed = unit->missed;
        storage [index].open = unit->open;
        storage [index].rate = unit->rate;
        wire.units [index] = &storage [index];
    }
    wire.n_units = list->count;
    uint8_t *data = sf_codec_pack (&wire.base, size);
    free (wire.units);
    free (storage);
    return data;
}

uint8_t *
inspection_history_encode (const inspection_record_list_t *records, const inspection_finding_list_t *findings,
                           const inspection_violation_list_t *violations, const inspection_task_list_t *missed,
                           const inspection_meeting_list_t *meetings, size_t *size)
{
    Inspection__UnitHistory wire = INSPECTION__UNIT_HISTORY__INIT;
    Inspection__Record *record_storage = calloc (records->count + 1, sizeof *record_storage);
    s_record_storage_t *record_arrays = calloc (records->count + 1, sizeof *record_arrays);
    wire.records = calloc (records->count + 1, sizeof *wire.records);
    assert (record_storage && record_arrays && wire.records);
    for (size_t index = 0; index < records->count; index++) {
        s_record_to_wire (&records->items [index], &record_storage [index], &record_arrays [index]);
        wire.records [index] = &record_storage [index];
    }
    wire.n_records = records->count;
    Inspection__Finding *finding_storage;
    wire.findings = s_findings_wire (findings->items, findings->count, &finding_storage);
    wire.n_findings = findings->count;
    Inspection__Violation *violation_storage;
    wire.violations = s_violations_wire (violations, &violation_storage);
    wire.n_violations = violations->count;
    Inspection__Task *task_storage;
    wire.missed = s_tasks_wire (missed, &task_storage);
    wire.n_missed = missed->count;
    Inspection__Meeting *meeting_storage = calloc (meetings->count + 1, sizeof *meeting_storage);
    wire.meetings = calloc (meetings->count + 1, sizeof *wire.meetings);
    assert (meeting_storage && wire.meetings);
    for (size_t index = 0; index < meetings->count; index++) {
        s_meeting_to_wire (&meetings->items [index], &meeting_storage [index]);
        wire.meetings [index] = &meeting_storage [index];
    }
    wire.n_meetings = meetings->count;
    uint8_t *data = sf_codec_pack (&wire.base, size);
    for (size_t index = 0; index < records->count; index++)
        s_record_wire_free (&record_storage [index], &record_arrays [index]);
    free (record_arrays);
    free (record_storage);
    free (wire.records);
    free (finding_storage);
    free (wire.findings);
    free (violation_storage);
    free (wire.violations);
    free (task_storage);
    free (wire.missed);
    free (meeting_storage);
    free (wire.meetings);
    return data;
}

int
inspection_form_ref_decode (const uint8_t *data, size_t size, int64_t *finding_id, char **number)
{
    Rectification__Form *wire = rectification__form__unpack (NULL, size, data);
    if (!wire)
        return -1;
    *finding_id = wire->finding_id;
    *number = sf_codec_strdup (wire->number);
    rectification__form__free_unpacked (wire, NULL);
    return 0;
}

//  --------------------------------------------------------------------------------------
//  Requests

void
inspection_request_clear (inspection_request_t *request)
{
    inspection_plan_clear (&request->plan);
    inspection_calendar_clear (&request->calendar);
    free (request->from_date);
    free (request->to_date);
    free (request->unit_code);
    for (size_t index = 0; index < request->result_count; index++)
        inspection_item_result_clear (&request->results [index]);
    free (request->results);
    for (size_t index = 0; index < request->finding_count; index++)
        inspection_finding_clear (&request->findings [index]);
    free (request->findings);
    free (request->remarks);
    free (request->lesson_ref);
    inspection_violation_clear (&request->violation);
    free (request->text);
    inspection_meeting_clear (&request->meeting);
    memset (request, 0, sizeof *request);
}

//  Every string a handler may read is non-NULL after a decode.
static void
s_request_defaults (inspection_request_t *request)
{
    memset (request, 0, sizeof *request);
    request->from_date = sf_codec_strdup (NULL);
    request->to_date = sf_codec_strdup (NULL);
    request->unit_code = sf_codec_strdup (NULL);
    request->remarks = sf_codec_strdup (NULL);
    request->lesson_ref = sf_codec_strdup (NULL);
    request->text = sf_codec_strdup (NULL);
}

static void
s_set (char **field, const char *value)
{
    free (*field);
    *field = sf_codec_strdup (value);
}

static inspection_finding_t *
s_findings_alloc (size_t count)
{
    inspection_finding_t *findings = calloc (count + 1, sizeof *findings);
    assert (findings);
    return findings;
}

//  One request type: how to unpack it and copy what it carries into the request.
#define S_DECODE(type_name, Wire, unpack, free_unpacked) \
    if (strcmp (type, type_name) == 0) { \
        Wire *wire = unpack (NULL, size, body); \
        if (!wire) \
            goto malformed; \
        s_copy_##unpack (request, wire); \
        free_unpacked (wire, NULL); \
        return 0; \
    }

static void
s_copy_inspection__create_plan__unpack (inspection_request_t *request, const Inspection__CreatePlan *wire)
{
    s_plan_from_wire (&request->plan, wire->code, wire->level, wire->scope_unit, wire->title_zh, wire->title_en,
                      wire->starts_on, wire->ends_on, wire->target_kind, wire->free_items, wire->n_free_items);
}

static void
s_copy_inspection__set_plant_calendar__unpack (inspection_request_t *request, const Inspection__SetPlantCalendar *wire)
{
    request->calendar.plant_code = sf_codec_strdup (wire->plant_code);
    request->calendar.time_zone = sf_codec_strdup (wire->time_zone);
    request->calendar.shifts = s_strings_copy (wire->shifts, wire->n_shifts);
    request->calendar.shift_count = wire->n_shifts;
}

static void
s_copy_inspection__generate_tasks__unpack (inspection_request_t *request, const Inspection__GenerateTasks *wire)
{
    s_set (&request->from_date, wire->from_date);
    s_set (&request->to_date, wire->to_date);
}

static void
s_copy_inspection__list_tasks__unpack (inspection_request_t *request, const Inspection__ListTasks *wire)
{
    s_set (&request->unit_code, wire->unit_code);
    s_set (&request->from_date, wire->from_date);
    s_set (&request->to_date, wire->to_date);
    request->status = wire->status;
    request->limit = wire->limit;
}

static void
s_copy_inspection__get_checklist__unpack (inspection_request_t *request, const Inspection__GetChecklist *wire)
{
    request->task_id = wire->task_id;
}

static void
s_copy_inspection__record_inspection__unpack (inspection_request_t *request, const Inspection__RecordInspection *wire)
{
    request->task_id = wire->task_id;
    s_set (&request->remarks, wire->remarks);
    request->results = calloc (wire->n_results + 1, sizeof *request->results);
    assert (request->results);
    for (size_t index = 0; index < wire->n_results; index++) {
        request->results [index].key = sf_codec_strdup (wire->results [index]->key);
        request->results [index].passed = wire->results [index]->passed;
        request->results [index].note = sf_codec_strdup (wire->results [index]->note);
    }
    request->result_count = wire->n_results;
    request->findings = s_findings_alloc (wire->n_findings);
    for (size_t index = 0; index < wire->n_findings; index++)
        s_finding_input_from_wire (&request->findings [index], wire->findings [index]);
    request->finding_count = wire->n_findings;
}

static void
s_copy_inspection__report_finding__unpack (inspection_request_t *request, const Inspection__ReportFinding *wire)
{
    request->findings = s_findings_alloc (1);
    if (wire->finding) {
        s_finding_input_from_wire (&request->findings [0], wire->finding);
        request->finding_count = 1;
    }
    request->source = wire->source;
    s_set (&request->lesson_ref, wire->lesson_ref);
}

static void
s_copy_inspection__list_findings__unpack (inspection_request_t *request, const Inspection__ListFindings *wire)
{
    s_set (&request->unit_code, wire->unit_code);
    request->severity = wire->severity;
    request->factor = wire->factor;
    request->open_only = wire->open_only;
    request->limit = wire->limit;
}

static void
s_copy_inspection__record_violation__unpack (inspection_request_t *request, const Inspection__RecordViolation *wire)
{
    inspection_violation_t *violation = &request->violation;
    violation->type = wire->type;
    violation->person_code = sf_codec_strdup (wire->person_code);
    violation->unit_code = sf_codec_strdup (wire->unit_code);
    violation->description = sf_codec_strdup (wire->description);
    violation->location = sf_codec_strdup (wire->location);
    violation->occurred_ms = wire->occurred_ms;
}

static void
s_copy_inspection__search_violations__unpack (inspection_request_t *request, const Inspection__SearchViolations *wire)
{
    s_set (&request->unit_code, wire->unit_code);
    request->violation_type = wire->type;
    s_set (&request->text, wire->text);
    request->from_ms = wire->from_ms;
    request->to_ms = wire->to_ms;
    request->limit = wire->limit;
}

static void
s_copy_inspection__record_meeting__unpack (inspection_request_t *request, const Inspection__RecordMeeting *wire)
{
    inspection_meeting_t *meeting = &request->meeting;
    meeting->team_code = sf_codec_strdup (wire->team_code);
    meeting->shift_date = sf_codec_strdup (wire->shift_date);
    meeting->shift_no = wire->shift_no;
    meeting->kind = wire->kind;
    meeting->attendees = s_strings_copy (wire->attendees, wire->n_attendees);
    meeting->attendee_count = wire->n_attendees;
    meeting->absentees = s_strings_copy (wire->absentees, wire->n_absentees);
    meeting->absentee_count = wire->n_absentees;
    meeting->topics = sf_codec_strdup (wire->topics);
    meeting->risks_briefed = sf_codec_strdup (wire->risks_briefed);
}

static void
s_copy_inspection__get_completion__unpack (inspection_request_t *request, const Inspection__GetCompletion *wire)
{
    s_set (&request->unit_code, wire->unit_code);
    s_set (&request->from_date, wire->from_date);
    s_set (&request->to_date, wire->to_date);
}

static void
s_copy_inspection__get_unit_history__unpack (inspection_request_t *request, const Inspection__GetUnitHistory *wire)
{
    s_set (&request->unit_code, wire->unit_code);
    request->from_ms = wire->from_ms;
    request->to_ms = wire->to_ms;
    request->limit = wire->limit;
}

int
inspection_request_decode (const char *type, const uint8_t *body, size_t size, inspection_request_t *request)
{
    s_request_defaults (request);
    S_DECODE ("inspection.CreatePlan", Inspection__CreatePlan,
              inspection__create_plan__unpack, inspection__create_plan__free_unpacked)
    S_DECODE ("inspection.SetPlantCalendar", Inspection__SetPlantCalendar,
              inspection__set_plant_calendar__unpack, inspection__set_plant_calendar__free_unpacked)
    S_DECODE ("inspection.GenerateTasks", Inspection__GenerateTasks,
              inspection__generate_tasks__unpack, inspection__generate_tasks__free_unpacked)
    S_DECODE ("inspection.ListTasks", Inspection__ListTasks,
              inspection__list_tasks__unpack, inspection__list_tasks__free_unpacked)
    S_DECODE ("inspection.GetChecklist", Inspection__GetChecklist,
              inspection__get_checklist__unpack, inspection__get_checklist__free_unpacked)
    S_DECODE ("inspection.RecordInspection", Inspection__RecordInspection,
              inspection__record_inspection__unpack, inspection__record_inspection__free_unpacked)
    S_DECODE ("inspection.ReportFinding", Inspection__ReportFinding,
              inspection__report_finding__unpack, inspection__report_finding__free_unpacked)
    S_DECODE ("inspection.ListFindings", Inspection__ListFindings,
              inspection__list_findings__unpack, inspection__list_findings__free_unpacked)
    S_DECODE ("inspection.RecordViolation", Inspection__RecordViolation,
              inspection__record_violation__unpack, inspection__record_violation__free_unpacked)
    S_DECODE ("inspection.SearchViolations", Inspection__SearchViolations,
              inspection__search_violations__unpack, inspection__search_violations__free_unpacked)
    S_DECODE ("inspection.RecordMeeting", Inspection__RecordMeeting,
              inspection__record_meeting__unpack, inspection__record_meeting__free_unpacked)
    S_DECODE ("inspection.GetCompletion", Inspection__GetCompletion,
              inspection__get_completion__unpack, inspection__get_completion__free_unpacked)
    S_DECODE ("inspection.GetUnitHistory", Inspection__GetUnitHistory,
              inspection__get_unit_history__unpack, inspection__get_unit_history__free_unpacked)
malformed:
    inspection_request_clear (request);
    return -1;
}

uint8_t *
inspection_request_encode (const char *type, const inspection_request_t *request, size_t *size)
{
    if (strcmp (type, "inspection.CreatePlan") == 0) {
        const inspection_plan_t *plan = &request->plan;
        Inspection__CreatePlan wire = INSPECTION__CREATE_PLAN__INIT;
        wire.code = sf_codec_wire (plan->code);
        wire.level = (Inspection__PlanLevel) plan->level;
        wire.scope_unit = sf_codec_wire (plan->scope_unit);
        wire.title_zh = sf_codec_wire (plan->title_zh);
        wire.title_en = sf_codec_wire (plan->title_en);
        wire.starts_on = sf_codec_wire (plan->starts_on);
        wire.ends_on = sf_codec_wire (plan->ends_on);
        wire.target_kind = plan->target_kind;
        Inspection__FreeItem *storage = calloc (plan->free_item_count + 1, sizeof *storage);
        assert (storage);
        wire.free_items = s_free_items_wire (plan, storage);
        wire.n_free_items = plan->free_item_count;
        uint8_t *data = sf_codec_pack (&wire.base, size);
        free (wire.free_items);
        free (storage);
        return data;
    }
    if (strcmp (type, "inspection.SetPlantCalendar") == 0) {
        Inspection__SetPlantCalendar wire = INSPECTION__SET_PLANT_CALENDAR__INIT;
        wire.plant_code = sf_codec_wire (request->calendar.plant_code);
        wire.time_zone = sf_codec_wire (request->calendar.time_zone);
        wire.shifts = request->calendar.shifts;
        wire.n_shifts = request->calendar.shift_count;
        return sf_codec_pack (&wire.base, size);
    }
    if (strcmp (type, "inspection.GenerateTasks") == 0) {
        Inspection__GenerateTasks wire = INSPECTION__GENERATE_TASKS__INIT;
        wire.from_date = sf_codec_wire (request->from_date);
        wire.to_date = sf_codec_wire (request->to_date);
        return sf_codec_pack (&wire.base, size);
    }
    if (strcmp (type, "inspection.ListTasks") == 0) {
        Inspection__ListTasks wire = INSPECTION__LIST_TASKS__INIT;
        wire.unit_code = sf_codec_wire (request->unit_code);
        wire.from_date = sf_codec_wire (request->from_date);
        wire.to_date = sf_codec_wire (request->to_date);
        wire.status = (Inspection__TaskStatus) request->status;
        wire.limit = request->limit;
        return sf_codec_pack (&wire.base, size);
    }
    if (strcmp (type, "inspection.GetChecklist") == 0) {
        Inspection__GetChecklist wire = INSPECTION__GET_CHECKLIST__INIT;
        wire.task_id = request->task_id;
        return sf_codec_pack (&wire.base, size);
    }
    if (strcmp (type, "inspection.RecordInspection") == 0) {
        Inspection__RecordInspection wire = INSPECTION__RECORD_INSPECTION__INIT;
        wire.task_id = request->task_id;
        wire.remarks = sf_codec_wire (request->remarks);
        Inspection__ItemResult *results = calloc (request->result_count + 1, sizeof *results);
        wire.results = calloc (request->result_count + 1, sizeof *wire.results);
        Inspection__FindingInput *inputs = calloc (request->finding_count + 1, sizeof *inputs);
        wire.findings = calloc (request->finding_count + 1, sizeof *wire.findings);
        assert (results && wire.results && inputs && wire.findings);
        for (size_t index = 0; index < request->result_count; index++) {
            inspection__item_result__init (&results [index]);
            results [index].key = sf_codec_wire (request->results [index].key);
            results [index].passed = request->results [index].passed;
            results [index].note = sf_codec_wire (request->results [index].note);
            wire.results [index] = &results [index];
        }
        wire.n_results = request->result_count;
        for (size_t index = 0; index < request->finding_count; index++) {
            s_finding_input_to_wire (&request->findings [index], &inputs [index]);
            wire.findings [index] = &inputs [index];
        }
        wire.n_findings = request->finding_count;
        uint8_t *data = sf_codec_pack (&wire.base, size);
        free (results);
        free (wire.results);
        free (inputs);
        free (wire.findings);
        return data;
    }
    if (strcmp (type, "inspection.ReportFinding") == 0) {
        Inspection__ReportFinding wire = INSPECTION__REPORT_FINDING__INIT;
        Inspection__FindingInput input;
        if (request->finding_count) {
            s_finding_input_to_wire (&request->findings [0], &input);
            wire.finding = &input;
        }
        wire.source = (Inspection__FindingSource) request->source;
        wire.lesson_ref = sf_codec_wire (request->lesson_ref);
        return sf_codec_pack (&wire.base, size);
    }
    if (strcmp (type, "inspection.ListFindings") == 0) {
        Inspection__ListFindings wire = INSPECTION__LIST_FINDINGS__INIT;
        wire.unit_code = sf_codec_wire (request->unit_code);
        wire.severity = (Inspection__Severity) request->severity;
        wire.factor = (Inspection__Factor) request->factor;
        wire.open_only = request->open_only;
        wire.limit = request->limit;
        return sf_codec_pack (&wire.base, size);
    }
    if (strcmp (type, "inspection.RecordViolation") == 0) {
        const inspection_violation_t *violation = &request->violation;
        Inspection__RecordViolation wire = INSPECTION__RECORD_VIOLATION__INIT;
        wire.type = (Inspection__ViolationType) violation->type;
        wire.person_code = sf_codec_wire (violation->person_code);
        wire.unit_code = sf_codec_wire (violation->unit_code);
        wire.description = sf_codec_wire (violation->description);
        wire.location = sf_codec_wire (violation->location);
        wire.occurred_ms = violation->occurred_ms;
        return sf_codec_pack (&wire.base, size);
    }
    if (strcmp (type, "inspection.SearchViolations") == 0) {
        Inspection__SearchViolations wire = INSPECTION__SEARCH_VIOLATIONS__INIT;
        wire.unit_code = sf_codec_wire (request->unit_code);
        wire.type = (Inspection__ViolationType) request->violation_type;
        wire.text = sf_codec_wire (request->text);
        wire.from_ms = request->from_ms;
        wire.to_ms = request->to_ms;
        wire.limit = request->limit;
        return sf_codec_pack (&wire.base, size);
    }
    if (strcmp (type, "inspection.RecordMeeting") == 0) {
        const inspection_meeting_t *meeting = &request->meeting;
        Inspection__RecordMeeting wire = INSPECTION__RECORD_MEETING__INIT;
        wire.team_code = sf_codec_wire (meeting->team_code);
        wire.shift_date = sf_codec_wire (meeting->shift_date);
        wire.shift_no = meeting->shift_no;
        wire.kind = (Inspection__MeetingKind) meeting->kind;
        wire.attendees = meeting->attendees;
        wire.n_attendees = meeting->attendee_count;
        wire.absentees = meeting->absentees;
        wire.n_absentees = meeting->absentee_count;
        wire.topics = sf_codec_wire (meeting->topics);
        wire.risks_briefed = sf_codec_wire (meeting->risks_briefed);
        return sf_codec_pack (&wire.base, size);
    }
    if (strcmp (type, "inspection.GetCompletion") == 0) {
        Inspection__GetCompletion wire = INSPECTION__GET_COMPLETION__INIT;
        wire.unit_code = sf_codec_wire (request->unit_code);
        wire.from_date = sf_codec_wire (request->from_date);
        wire.to_date = sf_codec_wire (request->to_date);
        return sf_codec_pack (&wire.base, size);
    }
    assert (strcmp (type, "inspection.GetUnitHistory") == 0);
    Inspection__GetUnitHistory wire = INSPECTION__GET_UNIT_HISTORY__INIT;
    wire.unit_code = sf_codec_wire (request->unit_code);
    wire.from_ms = request->from_ms;
    wire.to_ms = request->to_ms;
    wire.limit = request->limit;
    return sf_codec_pack (&wire.base, size);
}

//  --------------------------------------------------------------------------------------
//  Decoders of replies, for clients

int
inspection_plan_decode (inspection_plan_t *plan, const uint8_t *data, size_t size)
{
    memset (plan, 0, sizeof *plan);
    Inspection__Plan *wire = inspection__plan__unpack (NULL, size, data);
    if (!wire)
        return -1;
    s_plan_from_wire (plan, wire->code, wire->level, wire->scope_unit, wire->title_zh, wire->title_en,
                      wire->starts_on, wire->ends_on, wire->target_kind, wire->free_items, wire->n_free_items);
    plan->id = wire->id;
    plan->active = wire->active;
    inspection__plan__free_unpacked (wire, NULL);
    return 0;
}

int
inspection_calendar_decode (inspection_calendar_t *calendar, const uint8_t *data, size_t size)
{
    memset (calendar, 0, sizeof *calendar);
    Inspection__PlantCalendar *wire = inspection__plant_calendar__unpack (NULL, size, data);
    if (!wire)
        return -1;
    calendar->plant_code = sf_codec_strdup (wire->plant_code);
    calendar->time_zone = sf_codec_strdup (wire->time_zone);
    calendar->shifts = s_strings_copy (wire->shifts, wire->n_shifts);
    calendar->shift_count = wire->n_shifts;
    inspection__plant_calendar__free_unpacked (wire, NULL);
    return 0;
}

int
inspection_checklist_decode (int64_t *task_id, inspection_check_list_t *list, const uint8_t *data, size_t size)
{
    memset (list, 0, sizeof *list);
    Inspection__Checklist *wire = inspection__checklist__unpack (NULL, size, data);
    if (!wire)
        return -1;
    *task_id = wire->task_id;
    for (size_t index = 0; index < wire->n_items; index++) {
        const Inspection__ChecklistItem *from = wire->items [index];
        inspection_check_item_t *item = INSPECTION_ADD (list);
        item->key = sf_codec_strdup (from->key);
        item->text_zh = sf_codec_strdup (from->text_zh);
        item->text_en = sf_codec_strdup (from->text_en);
        item->factor = from->factor;
        item->colour = from->colour;
    }
    inspection__checklist__free_unpacked (wire, NULL);
    return 0;
}

int
inspection_finding_list_decode (inspection_finding_list_t *list, const uint8_t *data, size_t size)
{
    memset (list, 0, sizeof *list);
    Inspection__FindingList *wire = inspection__finding_list__unpack (NULL, size, data);
    if (!wire)
        return -1;
    for (size_t index = 0; index < wire->n_findings; index++)
        s_finding_from_wire (INSPECTION_ADD (list), wire->findings [index]);
    inspection__finding_list__free_unpacked (wire, NULL);
    return 0;
}

static void
s_violation_from_wire (inspection_violation_t *violation, const Inspection__Violation *wire)
{
    violation->id = wire->id;
    violation->number = sf_codec_strdup (wire->number);
    violation->type = wire->type;
    violation->person_code = sf_codec_strdup (wire->person_code);
    violation->unit_code = sf_codec_strdup (wire->unit_code);
    violation->plant_code = sf_codec_strdup (wire->plant_code);
    violation->description = sf_codec_strdup (wire->description);
    violation->location = sf_codec_strdup (wire->location);
    violation->occurred_ms = wire->occurred_ms;
    violation->recorded_by = sf_codec_strdup (wire->recorded_by);
}

int
inspection_violation_decode (inspection_violation_t *violation, const uint8_t *data, size_t size)
{
    memset (violation, 0, sizeof *violation);
    Inspection__Violation *wire = inspection__violation__unpack (NULL, size, data);
    if (!wire)
        return -1;
    s_violation_from_wire (violation, wire);
    inspection__violation__free_unpacked (wire, NULL);
    return 0;
}

int
inspection_violation_list_decode (inspection_violation_list_t *list, const uint8_t *data, size_t size)
{
    memset (list, 0, sizeof *list);
    Inspection__ViolationList *wire = inspection__violation_list__unpack (NULL, size, data);
    if (!wire)
        return -1;
    for (size_t index = 0; index < wire->n_violations; index++)
        s_violation_from_wire (INSPECTION_ADD (list), wire->violations [index]);
    inspection__violation_list__free_unpacked (wire, NULL);
    return 0;
}

static void
s_meeting_from_wire (inspection_meeting_t *meeting, const Inspection__Meeting *wire)
{
    meeting->id = wire->id;
    meeting->team_code = sf_codec_strdup (wire->team_code);
    meeting->shift_date = sf_codec_strdup (wire->shift_date);
    meeting->shift_no = wire->shift_no;
    meeting->kind = wire->kind;
    meeting->attendees = s_strings_copy (wire->attendees, wire->n_attendees);
    meeting->attendee_count = wire->n_attendees;
    meeting->absentees = s_strings_copy (wire->absentees, wire->n_absentees);
    meeting->absentee_count = wire->n_absentees;
    meeting->topics = sf_codec_strdup (wire->topics);
    meeting->risks_briefed = sf_codec_strdup (wire->risks_briefed);
    meeting->recorded_by = sf_codec_strdup (wire->recorded_by);
    meeting->recorded_ms = wire->recorded_ms;
}

int
inspection_meeting_decode (inspection_meeting_t *meeting, const uint8_t *data, size_t size)
{
    memset (meeting, 0, sizeof *meeting);
    Inspection__Meeting *wire = inspection__meeting__unpack (NULL, size, data);
    if (!wire)
        return -1;
    s_meeting_from_wire (meeting, wire);
    inspection__meeting__free_unpacked (wire, NULL);
    return 0;
}

int
inspection_completion_decode (inspection_completion_list_t *list, const uint8_t *data, size_t size)
{
    memset (list, 0, sizeof *list);
    Inspection__Completion *wire = inspection__completion__unpack (NULL, size, data);
    if (!wire)
        return -1;
    for (size_t index = 0; index < wire->n_units; index++) {
        const Inspection__UnitCompletion *from = wire->units [index];
        inspection_completion_t *unit = INSPECTION_ADD (list);
        unit->unit_code = sf_codec_strdup (from->unit_code);
        unit->unit_name = sf_codec_strdup (from->unit_name);
        unit->due = from->due;
        unit->done = from->done;
        unit->missed = from->missed;
        unit->open = from->open;
        unit->rate = from->rate;
    }
    inspection__completion__free_unpacked (wire, NULL);
    return 0;
}

int
inspection_history_decode (inspection_record_list_t *records, inspection_finding_list_t *findings,
                           inspection_violation_list_t *violations, inspection_task_list_t *missed,
                           inspection_meeting_list_t *meetings, const uint8_t *data, size_t size)
{
    memset (records, 0, sizeof *records);
    memset (findings, 0, sizeof *findings);
    memset (violations, 0, sizeof *violations);
    memset (missed, 0, sizeof *missed);
    memset (meetings, 0, sizeof *meetings);
    Inspection__UnitHistory *wire = inspection__unit_history__unpack (NULL, size, data);
    if (!wire)
        return -1;
    for (size_t index = 0; index < wire->n_records; index++)
        s_record_from_wire (INSPECTION_ADD (records), wire->records [index]);
    for (size_t index = 0; index < wire->n_findings; index++)
        s_finding_from_wire (INSPECTION_ADD (findings), wire->findings [index]);
    for (size_t index = 0; index < wire->n_violations; index++)
        s_violation_from_wire (INSPECTION_ADD (violations), wire->violations [index]);
    for (size_t index = 0; index < wire->n_missed; index++)
        s_task_from_wire (INSPECTION_ADD (missed), wire->missed [index]);
    for (size_t index = 0; index < wire->n_meetings; index++)
        s_meeting_from_wire (INSPECTION_ADD (meetings), wire->meetings [index]);
    inspection__unit_history__free_unpacked (wire, NULL);
    return 0;
}
