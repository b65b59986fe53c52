/*  notify_event_read_test: each reader takes from its payload what routing needs (unit,
    plant, severity, role, id, number, text, deadline, days, step); an overdue assignment goes
    to the unit its escalation reached; a payload of another type or without its unit is
    refused; a reader that does not exist reads nothing.                                     */
#include "notify_event_read.h"
#include "inspection.pb-c.h"
#include "lesson.pb-c.h"
#include "rectification.pb-c.h"
#include "scoring.pb-c.h"
#include "training_qual.pb-c.h"
#include "sf_pb.h"
#include "sf_testkit.h"

#include <string.h>

static sf_event_t s_event;

static const sf_event_t *
s_make (const char *type, const ProtobufCMessage *message)
{
    sf_event_clear (&s_event);
    memset (&s_event, 0, sizeof s_event);
    s_event.event_id = strdup ("e");
    s_event.type = strdup (type);
    sf_event_set_payload (&s_event, message);
    return &s_event;
}

int
main (void)
{
    notify_event_facts_t facts;

    Rectification__Alert *alert = sf_pb_new (&rectification__alert__descriptor);
    alert->form = sf_pb_new (&rectification__form__descriptor);
    alert->form->id = 5;
    sf_pb_set (&alert->form->number, "P01-R2026-000005");
    sf_pb_set (&alert->form->responsible_unit, "T01");
    sf_pb_set (&alert->form->plant_code, "P01");
    sf_pb_set (&alert->form->description, "护栏缺失");
    alert->form->severity = RECTIFICATION__SEVERITY__SEVERITY_MAJOR;
    alert->form->deadline_ms = 1000;
    SF_CHECK (notify_event_read ("form", s_make ("rectification.form_issued", &alert->form->base), &facts) == 1);
    SF_CHECK_STR (facts.unit, "T01");
    SF_CHECK_STR (facts.plant, "P01");
    SF_CHECK_STR (facts.id, "5");
    SF_CHECK_STR (facts.number, "P01-R2026-000005");
    SF_CHECK_STR (facts.text, "护栏缺失");
    SF_CHECK_STR (facts.target_role, "");
    SF_CHECK_STR (facts.text_en, "");
    SF_CHECK (facts.severity == 2 && facts.deadline_ms == 1000);
    notify_event_facts_clear (&facts);
    sf_pb_set (&alert->target_unit, "D01");
    sf_pb_set (&alert->target_role, "department_head");
    alert->step = 2;
    alert->days = 4;
    SF_CHECK (notify_event_read ("alert", s_make ("rectification.form_escalated", &alert->base), &facts) == 1);
    SF_CHECK_STR (facts.unit, "D01");
    SF_CHECK_STR (facts.target_role, "department_head");
    SF_CHECK (facts.step == 2 && facts.days == 4 && facts.severity == 2);
    notify_event_facts_clear (&facts);
    //  A Form where an Alert belongs, and an Alert without its form's unit.
    SF_CHECK (notify_event_read ("alert", s_make ("rectification.form_overdue", &alert->form->base), &facts) == -1);
    sf_pb_set (&alert->form->responsible_unit, "");
    SF_CHECK (notify_event_read ("alert", s_make ("rectification.form_overdue", &alert->base), &facts) == -1);
    SF_CHECK (!facts.unit);
    sf_pb_destroy (&alert);

    Inspection__Finding *finding = sf_pb_new (&inspection__finding__descriptor);
    finding->id = 9;
    sf_pb_set (&finding->number, "P01-F2026-000009");
    sf_pb_set (&finding->responsible_unit, "D01");
    sf_pb_set (&finding->plant_code, "P01");
    sf_pb_set (&finding->description, "气瓶无防倒链");
    finding->severity = INSPECTION__SEVERITY__SEVERITY_GENERAL;
    SF_CHECK (notify_event_read ("finding", s_make ("inspection.major_hazard_found", &finding->base), &facts) == 1);
    SF_CHECK_STR (facts.unit, "D01");
    SF_CHECK_STR (facts.number, "P01-F2026-000009");
    SF_CHECK (facts.severity == 1);
    notify_event_facts_clear (&facts);
    sf_pb_destroy (&finding);

    Inspection__Task *task = sf_pb_new (&inspection__task__descriptor);
    task->id = 77;
    sf_pb_set (&task->plan_code, "DAILY");
    sf_pb_set (&task->executor_unit, "T01");
    sf_pb_set (&task->shift_date, "2026-12-03");
    task->window_end_ms = 2000;
    SF_CHECK (notify_event_read ("task", s_make ("inspection.task_missed", &task->base), &facts) == 1);
    SF_CHECK_STR (facts.unit, "T01");
    SF_CHECK_STR (facts.id, "77");
    SF_CHECK_STR (facts.text, "DAILY 2026-12-03");
    SF_CHECK (facts.deadline_ms == 2000 && facts.severity == 0);
    notify_event_facts_clear (&facts);
    sf_pb_destroy (&task);

    Lesson__Assignment *assignment = sf_pb_new (&lesson__assignment__descriptor);
    assignment->id = 3;
    sf_pb_set (&assignment->lesson_number, "L-2026-001");
    sf_pb_set (&assignment->lesson_title_zh, "受限空间中毒事故");
    sf_pb_set (&assignment->unit_code, "T01");
    sf_pb_set (&assignment->escalated_to, "D01");
    assignment->escalation_step = 1;
    assignment->deadline_ms = 3000;
    SF_CHECK (notify_event_read ("assignment", s_make ("lesson.assignment_created", &assignment->base), &facts) == 1);
    SF_CHECK_STR (facts.unit, "T01");
    SF_CHECK_STR (facts.text, "受限空间中毒事故");
    SF_CHECK_STR (facts.id, "3");
    notify_event_facts_clear (&facts);
    SF_CHECK (notify_event_read ("assignment", s_make ("lesson.assignment_overdue", &assignment->base), &facts) == 1);
    SF_CHECK_STR (facts.unit, "D01");
    SF_CHECK (facts.step == 1 && facts.deadline_ms == 3000);
    notify_event_facts_clear (&facts);
    sf_pb_destroy (&assignment);

    Training__CertificateDue *due = sf_pb_new (&training__certificate_due__descriptor);
    due->certificate = sf_pb_new (&training__certificate__descriptor);
    due->certificate->id = 11;
    sf_pb_set (&due->certificate->employee_code, "T01E1");
    sf_pb_set (&due->certificate->type_zh, "电工作业");
    sf_pb_set (&due->certificate->type_en, "Electrical work");
    sf_pb_set (&due->certificate->number, "T123");
    sf_pb_set (&due->certificate->plant_code, "P01");
    due->due_ms = 4000;
    SF_CHECK (notify_event_read ("certificate", s_make ("training.certificate_due", &due->base), &facts) == 1);
    SF_CHECK_STR (facts.unit, "T01E1");
    SF_CHECK_STR (facts.id, "11");
    SF_CHECK_STR (facts.text, "T01E1 电工作业（证号 T123）");
    SF_CHECK_STR (facts.text_en, "T01E1 Electrical work (No. T123)");
    SF_CHECK (facts.deadline_ms == 4000);
    notify_event_facts_clear (&facts);
    sf_pb_destroy (&due);

    Scoring__LetterGap *gap = sf_pb_new (&scoring__letter_gap__descriptor);
    sf_pb_set (&gap->party_b, "D01");
    sf_pb_set (&gap->party_b_name_zh, "一车间");
    sf_pb_set (&gap->party_b_name_en, "Workshop 1");
    sf_pb_set (&gap->plant_code, "P01");
    gap->days_without = 12;
    SF_CHECK (notify_event_read ("letter_gap", s_make ("scoring.letter_missing", &gap->base), &facts) == 1);
    SF_CHECK_STR (facts.unit, "D01");
    SF_CHECK_STR (facts.text, "一车间");
    SF_CHECK_STR (facts.text_en, "Workshop 1");
    SF_CHECK (facts.days == 12);
    notify_event_facts_clear (&facts);
    sf_pb_destroy (&gap);

    Scoring__MonthResult *month = sf_pb_new (&scoring__month_result__descriptor);
    sf_pb_set (&month->plant_code, "P01");
    sf_pb_set (&month->month, "2026-11");
    SF_CHECK (notify_event_read ("month", s_make ("scoring.month_closed", &month->base), &facts) == 1);
    SF_CHECK_STR (facts.unit, "P01");
    SF_CHECK_STR (facts.number, "2026-11");
    notify_event_facts_clear (&facts);

    SF_CHECK (notify_event_read ("no_such_reader", s_make ("scoring.month_closed", &month->base), &facts) == 0);
    SF_CHECK (!facts.unit);
    sf_pb_destroy (&month);
    sf_event_clear (&s_event);
    printf ("notify_event_read_test: ok\n");
    return 0;
}
