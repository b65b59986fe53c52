/*  inspection_record_handlers: inspection records, findings (from a task or reported by
    anyone) and the open-findings query. Every finding is stored here first and leaves as
    inspection.finding_reported through the outbox: rectification turns each into exactly
    one feedback form, whenever it runs.                                                    */
#include "inspection_guard.h"
#include "inspection_handlers.h"
#include "inspection_messages.h"
#include "inspection_rules.h"
#include "inspection_store.h"
#include "sf_clock.h"
#include "sf_pb.h"
#include "sf_scope.h"
#include "sf_utf8.h"

#include <stdlib.h>
#include <string.h>

//  The fields of one finding as a reporter gave them.
static int
s_check_finding_input (sf_call_t *call, const Inspection__FindingInput *finding)
{
    if (inspection_guard_text (call, finding->description, 1, INSPECTION_DESCRIPTION_MAX_CHARS, "隐患描述",
                               "the description"))
        return -1;
    if (finding->factor < INSPECTION__FACTOR__FACTOR_MAN || finding->factor > INSPECTION__FACTOR__FACTOR_ENVIRONMENT) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_FACTOR);
        return -1;
    }
    if (inspection_guard_text (call, finding->location, 0, INSPECTION_LOCATION_MAX_CHARS, "地点", "the location"))
        return -1;
    if (finding->severity != INSPECTION__SEVERITY__SEVERITY_GENERAL
    &&  finding->severity != INSPECTION__SEVERITY__SEVERITY_MAJOR) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_SEVERITY);
        return -1;
    }
    if (sf_utf8_blank (finding->responsible_unit)) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_FINDING_NO_UNIT);
        return -1;
    }
    if (finding->n_attachments > INSPECTION_ATTACHMENTS_MAX) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_TOO_MANY, "附件", "attachments",
                      INSPECTION_ATTACHMENTS_MAX);
        return -1;
    }
    for (size_t index = 0; index < finding->n_attachments; index++)
        if (inspection_guard_text (call, finding->attachments [index], 1, INSPECTION_ATTACHMENT_MAX_CHARS, "附件引用",
                                   "an attachment reference"))
            return -1;
    if (inspection_guard_text (call, finding->hazard_key, 0, INSPECTION_CODE_MAX_CHARS, "检查项",
                               "the checklist item"))
        return -1;
    return 0;
}

//  Checks the units a finding names, numbers it, stores it with what origin says (source,
//  task, record, lesson, checklist item) and emits its events. Returns the stored finding,
//  or NULL with the reply set. board_now: see inspection_store_finding_insert.
static Inspection__Finding *
s_finding_create (sf_call_t *call, const Inspection__FindingInput *input, const Inspection__Finding *origin,
                  bool board_now)
{
    const inspection_state_t *state = call->state;
    sf_org_node_t unit;
    if (s_check_finding_input (call, input)
    ||  inspection_guard_unit (call, input->responsible_unit, INSPECTION_RESPONSIBLE_KINDS,
                              &INSPECTION_MSG_BAD_RESPONSIBLE_KIND, &unit))
        return NULL;
    //  A finding of a record is charged within the plants the actor's grants reach, as one
    //  reported on its own is (its route's scope check, before the handler).
    if (origin->source == INSPECTION__FINDING_SOURCE__SOURCE_INSPECTION) {
        int covers = sf_scope_covers (call->db, call->scope, call->route->roles, SF_REACH_PLANT, unit.code);
        if (covers <= 0) {
            if (covers < 0)
                sf_call_fail_db (call, "checking the reach of the actor's grants");
            else
                sf_call_fail (call, SF_PERMISSION_DENIED, &SF_SCOPE_MSG_OUT_OF_SCOPE, unit.code);
            return NULL;
        }
    }
    if (*input->responsible_person
    &&  inspection_guard_unit (call, input->responsible_person, INSPECTION_KIND_BIT (DIRECTORY__KIND__KIND_EMPLOYEE),
                               &INSPECTION_MSG_NOT_EMPLOYEE, NULL))
        return NULL;
    Inspection__Finding finding = *origin;
    finding.description = input->description;
    finding.factor = input->factor;
    finding.location = input->location;
    finding.severity = input->severity;
    finding.responsible_unit = input->responsible_unit;
    finding.responsible_person = input->responsible_person;
    finding.n_attachments = input->n_attachments;
    finding.attachments = input->attachments;
    finding.reporter = call->request->actor.user_id;
    finding.reporter_unit = call->request->actor.org_node;
    finding.plant_code = unit.plant_code;
    finding.reported_ms = sf_clock_now_ms ();
    Inspection__Finding *stored = inspection_store_finding_insert (call->db, &finding,
                                                                   inspection_guard_plant_or_company (&unit),
                                                                   state->default_time_zone, board_now,
                                                                   call->checked_at_commit);
    if (!stored) {
        sf_call_fail_db (call, "storing a finding");
        return NULL;
    }
    if (inspection_guard_emit (call, "inspection.finding_reported", "finding", stored->number, unit.plant_code,
                               &stored->base)
    ||  (stored->severity == INSPECTION__SEVERITY__SEVERITY_MAJOR
    &&   inspection_guard_emit (call, "inspection.major_hazard_found", "finding", stored->number, unit.plant_code,
                                &stored->base))) {
        sf_pb_destroy (&stored);
        return NULL;
    }
    //  Checked at commit, the number may be one computed ahead that the COMMIT finds wrong: the
    //  command then runs again and logs the number stored.
    sf_info ("finding %s reported for %s (severity %d, source %d%s)", stored->number, stored->responsible_unit,
             stored->severity, stored->source, call->checked_at_commit? ", number checked at commit": "");
    return stored;
}

//  The task may be recorded now by this actor: it exists, the actor belongs to its executor
//  unit (before anything is said of the task's state), it is open and its window is on.
//  Fills *task (locked for update).
static int
s_check_task (sf_call_t *call, int64_t task_id, Inspection__Task **task_p)
{
    int found = inspection_store_task_find (call->db, task_id, true, task_p);
    if (found < 0) {
        sf_call_fail_db (call, "looking up a task");
        return -1;
    }
    if (!found) {
        sf_call_fail (call, SF_NOT_FOUND, &INSPECTION_MSG_TASK_NOT_FOUND, (long long) task_id);
        return -1;
    }
    const Inspection__Task *task = *task_p;
    //  The actor belongs to the executor: a grant that may record lies there or below it (a
    //  team's worker holds it on the team or one of its posts).
    int belongs = inspection_guard_belongs (call, call->route->roles, task->executor_unit);
    if (belongs <= 0) {
        if (belongs == 0)
            sf_call_fail (call, SF_PERMISSION_DENIED, &INSPECTION_MSG_TASK_NOT_YOURS, (long long) task_id,
                          task->executor_unit);
        return -1;
    }
    //  A worker does the routine checks of the team; the company's, the department's and the
    //  special checks are done by people with an inspecting role.
    if (task->kind == INSPECTION__TASK_KIND__TASK_CHECK) {
        int inspector = inspection_guard_belongs (call, INSPECTION_INSPECTING_ROLES, task->executor_unit);
        if (inspector <= 0) {
            if (inspector == 0)
                sf_call_fail (call, SF_PERMISSION_DENIED, &INSPECTION_MSG_NOT_INSPECTOR, (long long) task_id);
            return -1;
        }
    }
    int64_t now_ms = sf_clock_now_ms ();
    if (task->status == INSPECTION__TASK_STATUS__TASK_DONE) {
        sf_call_fail (call, SF_FAILED_PRECONDITION, &INSPECTION_MSG_TASK_DONE, (long long) task_id);
        return -1;
    }
    if (task->status == INSPECTION__TASK_STATUS__TASK_MISSED || now_ms > task->window_end_ms) {
        sf_call_fail (call, SF_FAILED_PRECONDITION, &INSPECTION_MSG_TASK_MISSED, (long long) task_id);
        return -1;
    }
    if (now_ms < task->window_start_ms) {
        sf_call_fail (call, SF_FAILED_PRECONDITION, &INSPECTION_MSG_TASK_NOT_STARTED, (long long) task_id);
        return -1;
    }
    return 0;
}

//  Results naming items of an earlier version of the target's hazard list (fetched before
//  it was imported again) are still items of this check: they join the checklist.
static int
s_add_past_items (sf_call_t *call, const Inspection__RecordInspection *request, const Inspection__Task *task,
                  Inspection__Checklist *checklist)
{
    for (size_t index = 0; index < request->n_results + request->n_findings; index++) {
        const char *key = index < request->n_results? request->results [index]->key
                        : request->findings [index - request->n_results]->hazard_key;
        if (*key && !inspection_checklist_find (checklist, key)
        &&  inspection_store_checklist_add_past (call->db, call->state, task->target_unit, key, checklist) < 0) {
            sf_call_fail_db (call, "looking up a checklist item");
            return -1;
        }
    }
    return 0;
}

//  key is an item of the checklist; 0, or -1 with the reply set.
static int
s_check_key (sf_call_t *call, const Inspection__Checklist *checklist, const char *key)
{
    if (inspection_checklist_find (checklist, key))
        return 0;
    sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_UNKNOWN_ITEM, inspection_guard_shown (key));
    return -1;
}

//  Every result names a checklist item once, with a sane note; counts passed and failed.
static int
s_check_results (sf_call_t *call, const Inspection__RecordInspection *request, const Inspection__Checklist *checklist,
                 Inspection__Record *record)
{
    if (request->n_results == 0 && checklist->n_items > 0) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_NO_RESULTS);
        return -1;
    }
    if (request->n_results > INSPECTION_RESULTS_MAX) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_TOO_MANY, "检查项结果", "item results",
                      INSPECTION_RESULTS_MAX);
        return -1;
    }
    for (size_t index = 0; index < request->n_results; index++) {
        const Inspection__ItemResult *result = request->results [index];
        if (s_check_key (call, checklist, result->key))
            return -1;
        for (size_t before = 0; before < index; before++)
            if (strcmp (request->results [before]->key, result->key) == 0) {
                sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_DUPLICATE_ITEM, result->key);
                return -1;
            }
        if (inspection_guard_text (call, result->note, 0, INSPECTION_NOTE_MAX_CHARS, "检查项备注", "an item's note"))
            return -1;
        if (result->passed)
            record->passed++;
        else
            record->failed++;
    }
    if (request->n_findings > INSPECTION_FINDINGS_MAX) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_TOO_MANY, "隐患", "findings", INSPECTION_FINDINGS_MAX);
        return -1;
    }
    for (size_t index = 0; index < request->n_findings; index++) {
        const char *key = request->findings [index]->hazard_key;
        if (*key && s_check_key (call, checklist, key))
            return -1;
    }
    if (inspection_guard_text (call, request->remarks, 0, INSPECTION_DESCRIPTION_MAX_CHARS, "备注", "the remarks"))
        return -1;
    return 0;
}

//  Stores the record, closes the task, creates the findings (record->findings, the
//  caller's to destroy) and emits the events.
static int
s_record (sf_call_t *call, const Inspection__RecordInspection *request, Inspection__Task *task,
          const Inspection__Checklist *checklist, Inspection__Record *record)
{
    record->task_id = task->id;
    record->plan_code = task->plan_code;
    record->inspector = call->request->actor.user_id;
    record->executor_unit = task->executor_unit;
    record->target_unit = task->target_unit;
    record->recorded_ms = sf_clock_now_ms ();
    record->remarks = request->remarks;
    record->n_results = request->n_results;
    record->results = request->results;
    if (inspection_store_record_insert (call->db, record, task->plant_code, checklist)
    ||  inspection_store_task_done (call->db, task->id, record->id, record->recorded_ms)) {
        sf_call_fail_db (call, "storing a record");
        return -1;
    }
    Inspection__Finding origin = INSPECTION__FINDING__INIT;
    origin.source = INSPECTION__FINDING_SOURCE__SOURCE_INSPECTION;
    origin.task_id = task->id;
    origin.record_id = record->id;
    record->findings = calloc (request->n_findings + 1, sizeof *record->findings);
    if (!record->findings)
        abort ();
    for (size_t index = 0; index < request->n_findings; index++) {
        origin.hazard_key = request->findings [index]->hazard_key;
        record->findings [index] = s_finding_create (call, request->findings [index], &origin, false);
        if (!record->findings [index])
            return -1;
        record->n_findings++;
    }
    //  The event carries the record as the reply does: its plan (a lesson's special check is
    //  told by it), its results and its findings.
    char id [32];
    snprintf (id, sizeof id, "%lld", (long long) task->id);
    return inspection_guard_emit (call, "inspection.inspection_done", "task", id, task->plant_code, &record->base);
}

void
inspection_record_inspection (sf_call_t *call)
{
    const Inspection__RecordInspection *request = SF_CALL_BODY (call, Inspection__RecordInspection);
    Inspection__Task *task = NULL;
    Inspection__Checklist *checklist = sf_pb_new (&inspection__checklist__descriptor);
    Inspection__Record record = INSPECTION__RECORD__INIT;
    if (s_check_task (call, request->task_id, &task) == 0) {
        if (inspection_store_checklist (call->db, call->state, task, NULL, 0, checklist, NULL) < 0)
            sf_call_fail_db (call, "building a checklist");
        else
        if (s_add_past_items (call, request, task, checklist) == 0
        &&  s_check_results (call, request, checklist, &record) == 0
        &&  s_record (call, request, task, checklist, &record) == 0)
            sf_call_reply (call, &record.base);
    }
    for (size_t index = 0; index < record.n_findings; index++)
        sf_pb_destroy (&record.findings [index]);
    free (record.findings);
    sf_pb_destroy (&checklist);
    sf_pb_destroy (&task);
}

void
inspection_report_finding (sf_call_t *call)
{
    const Inspection__ReportFinding *request = SF_CALL_BODY (call, Inspection__ReportFinding);
    if (request->source != INSPECTION__FINDING_SOURCE__SOURCE_REPORT
    &&  request->source != INSPECTION__FINDING_SOURCE__SOURCE_LESSON) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_BAD_SOURCE);
        return;
    }
    Inspection__Finding origin = INSPECTION__FINDING__INIT;
    origin.source = request->source;
    if (request->source == INSPECTION__FINDING_SOURCE__SOURCE_LESSON) {
        if (!inspection_text_fits (request->lesson_ref, 1, 64)) {
            sf_call_fail (call, SF_INVALID_ARGUMENT, &INSPECTION_MSG_LESSON_REF);
            return;
        }
        origin.lesson_ref = request->lesson_ref;
    }
    //  Its transaction holds the findings and violations of one plant only (the route's key), or
    //  it alone: the board's rows may be taken now.
    Inspection__Finding *finding = s_finding_create (call, request->finding, &origin, true);
    if (finding)
        sf_call_reply (call, &finding->base);
    sf_pb_destroy (&finding);
}

void
inspection_get_finding (sf_call_t *call)
{
    const Inspection__GetFinding *request = SF_CALL_BODY (call, Inspection__GetFinding);
    Inspection__Finding *finding = NULL;
    int found = inspection_store_finding_find (call->db, request->number, &finding);
    if (found < 0)
        sf_call_fail_db (call, "looking up a finding");
    else
    if (!found)
        sf_call_fail (call, SF_NOT_FOUND, &INSPECTION_MSG_FINDING_NOT_FOUND, inspection_guard_shown (request->number));
    else
        sf_call_reply (call, &finding->base);
    sf_pb_destroy (&finding);
}

void
inspection_list_findings (sf_call_t *call)
{
    const Inspection__ListFindings *request = SF_CALL_BODY (call, Inspection__ListFindings);
    sf_page_t page;
    //  Newest first: reported_ms and id.
    if (inspection_guard_unit (call, request->unit_code, 0, NULL, NULL)
    ||  inspection_page_open (call, request->page_size, request->page_token, "nn", &page))
        return;
    Inspection__FindingList *list = sf_pb_new (&inspection__finding_list__descriptor);
    int rc = inspection_store_findings (call->db, request, (const char *const *) page.after, page.size + 1, list);
    if (rc >= 0 && inspection_page_trim (&list->findings, &list->n_findings, page.size)) {
        const Inspection__Finding *last = list->findings [list->n_findings - 1];
        const char *keys [] = { INSPECTION_SQL_INT (last->reported_ms), INSPECTION_SQL_INT (last->id) };
        inspection_page_set_token (call, &list->next_page_token, keys, 2);
    }
    sf_page_close (&page);
    inspection_guard_answer (call, rc, "listing findings", &list);
}
