/*  notify_event_read: the payload readers (notify_event_read.h).                           */
#include "notify_event_read.h"
#include "inspection.pb-c.h"
#include "lesson.pb-c.h"
#include "scoring.pb-c.h"
#include "training_qual.pb-c.h"
#include "rectification.pb-c.h"
#include "sf_event_payload.h"
#include "sf_log.h"
#include "sf_pb.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *
s_id (int64_t id)
{
    char *text = NULL;
    if (asprintf (&text, "%" PRId64, id) < 0)
        abort ();
    return text;
}

static void
s_form (const Rectification__Form *form, notify_event_facts_t *facts)
{
    facts->unit = strdup (form->responsible_unit);
    facts->plant = strdup (form->plant_code);
    facts->severity = form->severity;
    facts->id = s_id (form->id);
    facts->number = strdup (form->number);
    facts->text = strdup (form->description);
    facts->deadline_ms = form->deadline_ms;
}

static int
s_read_form (const sf_event_t *event, notify_event_facts_t *facts)
{
    Rectification__Form *form = sf_event_payload (event, &rectification__form__descriptor,
                                                  "number,responsible_unit");
    if (!form)
        return -1;
    s_form (form, facts);
    sf_pb_destroy (&form);
    return 1;
}

//  An alert names its form and, for an escalation, the unit and role it reaches.
static int
s_read_alert (const sf_event_t *event, notify_event_facts_t *facts)
{
    Rectification__Alert *alert = sf_event_payload (event, &rectification__alert__descriptor,
                                                     "form.number,form.responsible_unit");
    if (!alert)
        return -1;
    s_form (alert->form, facts);
    if (*alert->target_unit) {
        free (facts->unit);
        facts->unit = strdup (alert->target_unit);
    }
    facts->target_role = strdup (alert->target_role);
    facts->days = alert->days;
    facts->step = alert->step;
    sf_pb_destroy (&alert);
    return 1;
}

static int
s_read_finding (const sf_event_t *event, notify_event_facts_t *facts)
{
    Inspection__Finding *finding = sf_event_payload (event, &inspection__finding__descriptor,
                                                     "number,responsible_unit");
    if (!finding)
        return -1;
    facts->unit = strdup (finding->responsible_unit);
    facts->plant = strdup (finding->plant_code);
    facts->severity = finding->severity;
    facts->id = s_id (finding->id);
    facts->number = strdup (finding->number);
    facts->text = strdup (finding->description);
    sf_pb_destroy (&finding);
    return 1;
}

//  A task missed: the unit that had to do it; the text names the plan and the shift's date.
static int
s_read_task (const sf_event_t *event, notify_event_facts_t *facts)
{
    Inspection__Task *task = sf_event_payload (event, &inspection__task__descriptor, "executor_unit");
    if (!task)
        return -1;
    facts->unit = strdup (task->executor_unit);
    facts->plant = strdup (task->plant_code);
    facts->id = s_id (task->id);
    facts->number = s_id (task->id);
    if (asprintf (&facts->text, "%s %s", task->plan_code, task->shift_date) < 0)
        abort ();
    facts->deadline_ms = task->window_end_ms;
    sf_pb_destroy (&task);
    return 1;
}

//  A lesson's self-check of a unit; an overdue one goes to the unit the escalation reached.
static int
s_read_assignment (const sf_event_t *event, notify_event_facts_t *facts)
{
    Lesson__Assignment *assignment = sf_event_payload (event, &lesson__assignment__descriptor, "unit_code");
    if (!assignment)
        return -1;
    bool escalated = strcmp (event->type, "lesson.assignment_overdue") == 0 && *assignment->escalated_to;
    facts->unit = strdup (escalated? assignment->escalated_to: assignment->unit_code);
    facts->plant = strdup (assignment->plant_code);
    facts->id = s_id (assignment->id);
    facts->number = strdup (assignment->lesson_number);
    facts->text = strdup (assignment->lesson_title_zh);
    facts->deadline_ms = assignment->deadline_ms;
    facts->step = assignment->escalation_step;
    sf_pb_destroy (&assignment);
    return 1;
}

//  A certificate due: the unit is its holder (an employee node; rules walk up to the team).
static int
s_read_certificate (const sf_event_t *event, notify_event_facts_t *facts)
{
    Training__CertificateDue *due = sf_event_payload (event, &training__certificate_due__descriptor,
                                                      "certificate.employee_code");
    if (!due)
        return -1;
    const Training__Certificate *certificate = due->certificate;
    facts->unit = strdup (certificate->employee_code);
    facts->plant = strdup (certificate->plant_code);
    facts->id = s_id (certificate->id);
    facts->number = strdup (certificate->number);
    if (asprintf (&facts->text, "%s %s（证号 %s）", certificate->employee_code, certificate->type_zh,
                  certificate->number) < 0
        || asprintf (&facts->text_en, "%s %s (No. %s)", certificate->employee_code,
                     *certificate->type_en? certificate->type_en: certificate->type_zh, certificate->number) < 0)
        abort ();
    facts->deadline_ms = due->due_ms;
    sf_pb_destroy (&due);
    return 1;
}

//  A unit or person without a signed responsibility letter.
static int
s_read_letter_gap (const sf_event_t *event, notify_event_facts_t *facts)
{
    Scoring__LetterGap *gap = sf_event_payload (event, &scoring__letter_gap__descriptor, "party_b");
    if (!gap)
        return -1;
    facts->unit = strdup (gap->party_b);
    facts->plant = strdup (gap->plant_code);
    facts->id = s_id (gap->letter_id);
    facts->text = strdup (*gap->party_b_name_zh? gap->party_b_name_zh: gap->party_b);
    facts->text_en = strdup (*gap->party_b_name_en? gap->party_b_name_en: gap->party_b);
    facts->days = gap->days_without;
    sf_pb_destroy (&gap);
    return 1;
}

//  A plant's month closed: the text and the number are the month.
static int
s_read_month (const sf_event_t *event, notify_event_facts_t *facts)
{
    Scoring__MonthResult *month = sf_event_payload (event, &scoring__month_result__descriptor, "plant_code,month");
    if (!month)
        return -1;
    facts->unit = strdup (month->plant_code);
    facts->plant = strdup (month->plant_code);
    facts->number = strdup (month->month);
    facts->text = strdup (month->month);
    sf_pb_destroy (&month);
    return 1;
}

int
notify_event_read (const char *reader, const sf_event_t *event, notify_event_facts_t *facts)
{
    static const struct { const char *name; int (*read) (const sf_event_t *, notify_event_facts_t *); } readers [] = {
        { "form", s_read_form },
        { "alert", s_read_alert },
        { "finding", s_read_finding },
        { "task", s_read_task },
        { "assignment", s_read_assignment },
        { "certificate", s_read_certificate },
        { "letter_gap", s_read_letter_gap },
        { "month", s_read_month },
    };
    memset (facts, 0, sizeof *facts);
    for (size_t i = 0; i < sizeof readers / sizeof readers [0]; i++)
        if (strcmp (readers [i].name, reader) == 0) {
            int rc = readers [i].read (event, facts);
            if (rc == 1) {
                //  Every string set, so callers need no NULL checks.
                char **strings [] = { &facts->unit, &facts->plant, &facts->target_role, &facts->id,
                                      &facts->number, &facts->text, &facts->text_en };
                for (size_t s = 0; s < sizeof strings / sizeof strings [0]; s++)
                    if (!*strings [s])
                        *strings [s] = strdup ("");
            }
            else
                notify_event_facts_clear (facts);
            return rc;
        }
    sf_warn ("notify: event %s (%s): no reader %s yet: not routed", event->event_id, event->type, reader);
    return 0;
}

void
notify_event_facts_clear (notify_event_facts_t *facts)
{
    free (facts->unit);
    free (facts->plant);
    free (facts->target_role);
    free (facts->id);
    free (facts->number);
    free (facts->text);
    free (facts->text_en);
    memset (facts, 0, sizeof *facts);
}
