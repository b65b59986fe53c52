/*  inspection_record_handlers: inspection records, findings (from a task or reported by
    anyone) and the open-findings query. Every finding is stored here first and leaves as
    inspection.finding_reported through the outbox: rectification turns each into exactly
    one feedback form, whenever it runs.                                                    */
#include "inspection_guard.h"
#include "inspection_handlers.h"
#include "inspection_messages.h"
#include "inspection_rules.h"
#include "inspection_store.h"
#include "inspection_task_store.h"
#include "sf_clock.h"

#include <stdlib.h>
#include <string.h>

static int
s_fail_text (sf_call_t *call, const char *field_zh, const char *field_en, int max_chars)
{
    sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_TEXT, field_zh, field_en, max_chars);
    return -1;
}

//  The fields of one finding as a reporter gave them.
static int
s_check_finding_input (sf_call_t *call, const inspection_finding_t *finding)
{
    if (!inspection_text_valid (finding->description, 1, INSPECTION_DESCRIPTION_MAX_CHARS))
        return s_fail_text (call, "隐患描述", "the description", INSPECTION_DESCRIPTION_MAX_CHARS);
    if (finding->factor < 1 || finding->factor > INSPECTION_FACTOR_MAX) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_FACTOR);
        return -1;
    }
    if (!inspection_text_valid (finding->location, 0, INSPECTION_LOCATION_MAX_CHARS))
        return s_fail_text (call, "地点", "the location", INSPECTION_LOCATION_MAX_CHARS);
    if (finding->severity != INSPECTION_SEVERITY_GENERAL && finding->severity != INSPECTION_SEVERITY_MAJOR) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_SEVERITY);
        return -1;
    }
    if (!*finding->responsible_unit) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_FINDING_NO_UNIT);
        return -1;
    }
    if (finding->attachment_count > INSPECTION_ATTACHMENTS_MAX) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_TOO_MANY, "附件", "attachments",
                      INSPECTION_ATTACHMENTS_MAX);
        return -1;
    }
    for (size_t index = 0; index < finding->attachment_count; index++)
        if (!inspection_text_valid (finding->attachments [index], 1, INSPECTION_ATTACHMENT_MAX_CHARS))
            return s_fail_text (call, "附件引用", "an attachment reference", INSPECTION_ATTACHMENT_MAX_CHARS);
    if (!inspection_text_valid (finding->hazard_key, 0, INSPECTION_CODE_MAX_CHARS))
        return s_fail_text (call, "检查项", "the checklist item", INSPECTION_CODE_MAX_CHARS);
    return 0;
}

//  Checks the units a finding names, numbers it, stores it and emits its events. The
//  caller has set source, task and record. 0, or -1 with the reply set.
static int
s_finding_create (sf_call_t *call, inspection_finding_t *finding)
{
    const inspection_state_t *state = call->state;
    unsigned kinds = INSPECTION_KIND_BIT (SF_ORG_PLANT) | INSPECTION_KIND_BIT (SF_ORG_DEPARTMENT)
                   | INSPECTION_KIND_BIT (SF_ORG_TEAM) | INSPECTION_KIND_BIT (SF_ORG_POST);
    sf_org_node_t unit;
    if (s_check_finding_input (call, finding)
    ||  inspection_guard_unit (call, finding->responsible_unit, kinds, &INSPECTION_MSG_BAD_RESPONSIBLE_KIND, &unit))
        return -1;
    if (*finding->responsible_person
    &&  inspection_guard_unit (call, finding->responsible_person, INSPECTION_KIND_BIT (SF_ORG_EMPLOYEE),
                               &INSPECTION_MSG_NOT_EMPLOYEE, NULL))
        return -1;
    const sf_actor_t *actor = &call->request->actor;
    int64_t now_ms = sf_clock_now_ms ();
    free (finding->reporter);
    finding->reporter = strdup (actor->user_id? actor->user_id: "");
    free (finding->reporter_unit);
    finding->reporter_unit = strdup (actor->org_node? actor->org_node: "");
    free (finding->plant_code);
    finding->plant_code = strdup (unit.plant_code);
    finding->reported_ms = now_ms;
    if (!finding->lesson_ref)
        finding->lesson_ref = strdup ("");
    free (finding->number);
    finding->number = inspection_store_next_number (call->db, inspection_guard_plant_or_company (&unit), 'F',
                                                    now_ms, state->default_time_zone);
    if (!finding->number || inspection_store_finding_insert (call->db, finding)) {
        sf_call_fail_db (call, "storing a finding");
        return -1;
    }
    size_t size;
    uint8_t *payload = inspection_finding_encode (finding, &size);
    uint8_t *copy = finding->severity == INSPECTION_SEVERITY_MAJOR? malloc (size): NULL;
    if (copy)
        memcpy (copy, payload, size);
    if (inspection_guard_emit (call, "inspection.finding_reported", "finding", finding->number, unit.plant_code,
                               "inspection.Finding", payload, size)) {
        free (copy);
        return -1;
    }
    if (copy && inspection_guard_emit (call, "inspection.major_hazard_found", "finding", finding->number,
                                       unit.plant_code, "inspection.Finding", copy, size))
        return -1;
    sf_info ("finding %s reported for %s (severity %d, source %d)", finding->number, finding->responsible_unit,
             finding->severity, finding->source);
    return 0;
}

static const inspection_check_item_t *
s_checklist_find (const inspection_check_list_t *checklist, const char *key)
{
    for (size_t index = 0; index < checklist->count; index++)
        if (strcmp (checklist->items [index].key, key) == 0)
            return &checklist->items [index];
    return NULL;
}

//  The task may be recorded now by this actor: it exists, is open, its window is on, and
//  the actor belongs to its executor unit. Fills task (locked for update).
static int
s_check_task (sf_call_t *call, int64_t task_id, inspection_task_t *task)
{
    int found = inspection_store_task_find (call->db, task_id, true, task);
    if (found < 0) {
        sf_call_fail_db (call, "looking up a task");
        return -1;
    }
    if (!found) {
        sf_call_fail (call, SF_NOT_FOUND, &INSPECTION_MSG_TASK_NOT_FOUND, (long long) task_id);
        return -1;
    }
    int64_t now_ms = sf_clock_now_ms ();
    if (task->status == INSPECTION_TASK_DONE) {
        sf_call_fail (call, SF_FAILED_PRECONDITION, &INSPECTION_MSG_TASK_DONE, (long long) task_id);
        return -1;
    }
    if (task->status == INSPECTION_TASK_MISSED || now_ms > task->window_end_ms) {
        sf_call_fail (call, SF_FAILED_PRECONDITION, &INSPECTION_MSG_TASK_MISSED, (long long) task_id);
        return -1;
    }
    if (now_ms < task->window_start_ms) {
        sf_call_fail (call, SF_FAILED_PRECONDITION, &INSPECTION_MSG_TASK_NOT_STARTED, (long long) task_id);
        return -1;
    }
    //  A worker does the routine checks of the team; the company's, the department's and the
    //  special checks are done by people with an inspecting role.
    bool inspector = sf_actor_has_role (&call->request->actor, INSPECTION_INSPECTING_ROLES);
    if (task->kind == INSPECTION_TASK_CHECK && !inspector) {
        sf_call_fail (call, SF_PERMISSION_DENIED, &INSPECTION_MSG_NOT_INSPECTOR, (long long) task_id);
        return -1;
    }
    return inspection_guard_belongs (call, task->executor_unit, task_id);
}

//  Every result names a checklist item once, with a sane note; counts passed and failed.
//  Results naming items of an earlier version of the target's hazard list (fetched before
//  it was imported again) are still items of this check: they join the checklist.
static int
s_add_past_items (sf_call_t *call, const inspection_request_t *request, const inspection_task_t *task,
                  inspection_check_list_t *checklist)
{
    for (size_t index = 0; index < request->result_count + request->finding_count; index++) {
        const char *key = index < request->result_count? request->results [index].key
                        : request->findings [index - request->result_count].hazard_key;
        if (*key && !s_checklist_find (checklist, key)
        &&  inspection_store_checklist_add_past (call->db, call->state, task->target_unit, key, checklist) < 0) {
            sf_call_fail_db (call, "looking up a checklist item");
            return -1;
        }
    }
    return 0;
}

static int
s_check_results (sf_call_t *call, const inspection_request_t *request, const inspection_check_list_t *checklist,
                 inspection_record_t *record)
{
    if (request->result_count == 0 && checklist->count > 0) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_NO_RESULTS);
        return -1;
    }
    if (request->result_count > INSPECTION_RESULTS_MAX) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_TOO_MANY, "检查项结果", "item results",
                      INSPECTION_RESULTS_MAX);
        return -1;
    }
    for (size_t index = 0; index < request->result_count; index++) {
        const inspection_item_result_t *result = &request->results [index];
        const char *key = result->key;
        if (!s_checklist_find (checklist, key)) {
            sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_UNKNOWN_ITEM,
                          inspection_text_valid (key, 1, INSPECTION_CODE_MAX_CHARS)? key: "?");
            return -1;
        }
        for (size_t before = 0; before < index; before++)
            if (strcmp (request->results [before].key, key) == 0) {
                sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_DUPLICATE_ITEM, key);
                return -1;
            }
        if (!inspection_text_valid (result->note, 0, INSPECTION_NOTE_MAX_CHARS))
            return s_fail_text (call, "检查项备注", "an item's note", INSPECTION_NOTE_MAX_CHARS);
        if (result->passed)
            record->passed++;
        else
            record->failed++;
    }
    if (request->finding_count > INSPECTION_FINDINGS_MAX) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_TOO_MANY, "隐患", "findings", INSPECTION_FINDINGS_MAX);
        return -1;
    }
    for (size_t index = 0; index < request->finding_count; index++) {
        const char *key = request->findings [index].hazard_key;
        if (*key && !s_checklist_find (checklist, key)) {
            sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_UNKNOWN_ITEM,
                          inspection_text_valid (key, 1, INSPECTION_CODE_MAX_CHARS)? key: "?");
            return -1;
        }
    }
    if (!inspection_text_valid (request->remarks, 0, INSPECTION_DESCRIPTION_MAX_CHARS))
        return s_fail_text (call, "备注", "the remarks", INSPECTION_DESCRIPTION_MAX_CHARS);
    return 0;
}

//  Stores the record, closes the task, creates the findings and emits the events.
static int
s_record (sf_call_t *call, inspection_request_t *request, inspection_task_t *task,
          const inspection_check_list_t *checklist, inspection_record_t *record)
{
    record->task_id = task->id;
    record->inspector = strdup (call->request->actor.user_id? call->request->actor.user_id: "");
    record->executor_unit = strdup (task->executor_unit);
    record->target_unit = strdup (task->target_unit);
    record->recorded_ms = sf_clock_now_ms ();
    record->remarks = strdup (request->remarks);
    //  The record owns the results and findings from here on.
    record->results = request->results;
    record->result_count = request->result_count;
    request->results = NULL;
    request->result_count = 0;
    record->findings = request->findings;
    record->finding_count = request->finding_count;
    request->findings = NULL;
    request->finding_count = 0;
    if (inspection_store_record_insert (call->db, record, task->plant_code, checklist)
    ||  inspection_store_task_done (call->db, task->id, record->id, record->recorded_ms)) {
        sf_call_fail_db (call, "storing a record");
        return -1;
    }
    for (size_t index = 0; index < record->finding_count; index++) {
        inspection_finding_t *finding = &record->findings [index];
        finding->source = INSPECTION_SOURCE_INSPECTION;
        finding->task_id = task->id;
        finding->record_id = record->id;
        if (s_finding_create (call, finding))
            return -1;
    }
    task->status = INSPECTION_TASK_DONE;
    task->record_id = record->id;
    size_t size;
    uint8_t *payload = inspection_task_encode (task, &size);
    char id [32];
    snprintf (id, sizeof id, "%lld", (long long) task->id);
    return inspection_guard_emit (call, "inspection.inspection_done", "task", id, task->plant_code,
                                  "inspection.Task", payload, size);
}

void
inspection_record_inspection (sf_call_t *call)
{
    inspection_request_t request;
    if (inspection_guard_decode (call, &request))
        return;
    inspection_task_t task = { 0 };
    inspection_check_list_t checklist = { 0 };
    inspection_record_t record = { 0 };
    if (s_check_task (call, request.task_id, &task) == 0) {
        if (inspection_store_checklist (call->db, call->state, &task, &checklist) < 0)
            sf_call_fail_db (call, "building a checklist");
        else
        if (s_add_past_items (call, &request, &task, &checklist) == 0
        &&  s_check_results (call, &request, &checklist, &record) == 0
        &&  s_record (call, &request, &task, &checklist, &record) == 0) {
            size_t size;
            uint8_t *body = inspection_record_encode (&record, &size);
            sf_call_ok (call, "inspection.Record", body, size);
            free (body);
        }
    }
    inspection_record_clear (&record);
    INSPECTION_CLEAR (&checklist, inspection_check_item_clear);
    inspection_task_clear (&task);
    inspection_request_clear (&request);
}

void
inspection_report_finding (sf_call_t *call)
{
    inspection_request_t request;
    if (inspection_guard_decode (call, &request))
        return;
    inspection_finding_t *finding = request.finding_count? &request.findings [0]: NULL;
    if (request.source != INSPECTION_SOURCE_REPORT && request.source != INSPECTION_SOURCE_LESSON)
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_SOURCE);
    else
    if (request.source == INSPECTION_SOURCE_LESSON && !inspection_text_valid (request.lesson_ref, 1, 64))
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_LESSON_REF);
    else
    if (!finding)
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_FINDING_NO_UNIT);
    else {
        finding->source = request.source;
        free (finding->lesson_ref);
        finding->lesson_ref = strdup (request.source == INSPECTION_SOURCE_LESSON? request.lesson_ref: "");
        if (*finding->hazard_key) {
            free (finding->hazard_key);
            finding->hazard_key = strdup ("");
        }
        if (s_finding_create (call, finding) == 0) {
            size_t size;
            uint8_t *body = inspection_finding_encode (finding, &size);
            sf_call_ok (call, "inspection.Finding", body, size);
            free (body);
        }
    }
    inspection_request_clear (&request);
}

void
inspection_list_findings (sf_call_t *call)
{
    inspection_request_t request;
    if (inspection_guard_decode (call, &request))
        return;
    if (inspection_guard_unit (call, request.unit_code, 0, NULL, NULL) == 0) {
        inspection_finding_list_t list = { 0 };
        if (inspection_store_findings (call->db, request.unit_code, request.severity, request.factor,
                                       request.open_only, inspection_limit (request.limit), &list) < 0)
            sf_call_fail_db (call, "listing findings");
        else {
            size_t size;
            uint8_t *body = inspection_finding_list_encode (&list, &size);
            sf_call_ok (call, "inspection.FindingList", body, size);
            free (body);
        }
        INSPECTION_CLEAR (&list, inspection_finding_clear);
    }
    inspection_request_clear (&request);
}
