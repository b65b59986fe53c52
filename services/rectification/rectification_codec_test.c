/*  The codec: a form, a command and an alert survive the wire; bad bytes are refused.    */
#include "rectification_codec.h"
#include "sf_testkit.h"

#include <string.h>

int
main (void)
{
    rect_form_t form = {
        .id = 7, .number = "P01-R2026-000007", .finding_id = 42, .finding_number = "P01-F2026-000042",
        .status = RECT_SUBMITTED, .severity = RECT_MAJOR, .description = "储罐区报警器失效",
        .responsible_unit = "D01", .issuer_unit = "P01", .deadline_ms = 1772323200000LL, .pdca = RECT_CHECK,
        .has_plan = true, .plan = { .measures = "更换", .funds_fen = 5000000, .emergency_plan_ref = "YA-03" },
        .has_evidence = true, .evidence = { .text = "已更换", .cost_fen = 4800000, .submitted_by = "head" },
        .recurrence_of = 3, .recurrence_of_number = "P01-R2026-000003", .overdue = true, .version = 5
    };
    rect_strings_t attachments = { 0 };
    rect_strings_add (&attachments, "photos/a.jpg");
    form.evidence.attachments = attachments;
    size_t size;
    uint8_t *data = rect_form_encode (&form, &size);
    rect_form_t back;
    SF_CHECK (rect_form_decode (&back, data, size) == 0);
    free (data);
    SF_CHECK_STR (back.number, form.number);
    SF_CHECK (back.finding_id == 42 && back.status == RECT_SUBMITTED && back.severity == RECT_MAJOR);
    SF_CHECK (back.has_plan && back.plan.funds_fen == 5000000);
    SF_CHECK_STR (back.plan.emergency_plan_ref, "YA-03");
    SF_CHECK_STR (back.plan.interim_measures, "");
    SF_CHECK (back.has_evidence && back.evidence.attachments.count == 1);
    SF_CHECK_STR (back.evidence.attachments.items [0], "photos/a.jpg");
    SF_CHECK (back.overdue && back.version == 5 && back.recurrence_of == 3);
    SF_CHECK_STR (back.location, "");

    rect_alert_t alert = { .form = &back, .target_unit = "P01", .target_role = "plant_safety_manager", .step = 2, .days = 7 };
    data = rect_alert_encode (&alert, &size);
    rect_form_t inner;
    char *unit, *role;
    int step;
    int64_t days;
    SF_CHECK (rect_alert_decode (&inner, &unit, &role, &step, &days, data, size) == 0);
    free (data);
    SF_CHECK_STR (inner.number, form.number);
    SF_CHECK_STR (role, "plant_safety_manager");
    SF_CHECK (step == 2 && days == 7);
    free (unit);
    free (role);
    rect_form_clear (&inner);
    rect_form_clear (&back);
    rect_strings_clear (&attachments);

    rect_command_t command = { .number = "P01-R2026-000007", .note = "照片不清楚" };
    data = rect_command_encode ("rectification.RejectForm", &command, &size);
    rect_command_t decoded;
    SF_CHECK (rect_command_decode ("rectification.RejectForm", data, size, &decoded) == 0);
    SF_CHECK_STR (decoded.number, "P01-R2026-000007");
    SF_CHECK_STR (decoded.note, "照片不清楚");
    rect_command_clear (&decoded);
    free (data);

    command = (rect_command_t) { .has_plan = true, .plan = { .measures = "m", .funds_fen = 1 } };
    data = rect_command_encode ("rectification.RecordPlan", &command, &size);
    SF_CHECK (rect_command_decode ("rectification.RecordPlan", data, size, &decoded) == 0);
    SF_CHECK (decoded.has_plan && decoded.plan.funds_fen == 1);
    SF_CHECK_STR (decoded.plan.responsible_unit, "");
    rect_command_clear (&decoded);
    free (data);

    SF_CHECK (rect_command_decode ("rectification.IssueForm", (const uint8_t *) "\xff\xff\xff", 3, &decoded) == -1);
    rect_command_clear (&decoded);
    SF_CHECK (rect_command_decode ("rectification.Nope", NULL, 0, &decoded) == -1);
    rect_command_clear (&decoded);
    SF_CHECK (rect_command_decode ("directory.GetNode", NULL, 0, &decoded) == -1);
    rect_command_clear (&decoded);

    rect_finding_t finding = { .id = 9, .number = "P01-F2026-000009", .severity = 2, .responsible_unit = "T01",
                               .hazard_key = "H3" };
    data = rect_finding_encode (&finding, &size);
    rect_finding_t seen;
    SF_CHECK (rect_finding_decode (&seen, data, size) == 0);
    free (data);
    SF_CHECK (seen.id == 9 && seen.severity == 2);
    SF_CHECK_STR (seen.hazard_key, "H3");
    SF_CHECK_STR (seen.reporter_unit, "");
    rect_finding_clear (&seen);
    return 0;
}
