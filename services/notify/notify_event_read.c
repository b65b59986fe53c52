/*  notify_event_read: the payload readers (notify_event_read.h).                           */
#include "notify_event_read.h"
#include "inspection.pb-c.h"
#include "rectification.pb-c.h"
#include "sf_event_payload.h"
#include "sf_log.h"
#include "sf_pb.h"

#include <inttypes.h>
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

int
notify_event_read (const char *reader, const sf_event_t *event, notify_event_facts_t *facts)
{
    static const struct { const char *name; int (*read) (const sf_event_t *, notify_event_facts_t *); } readers [] = {
        { "form", s_read_form },
        { "alert", s_read_alert },
        { "finding", s_read_finding },
        { "task", s_read_task },
    };
    memset (facts, 0, sizeof *facts);
    for (size_t i = 0; i < sizeof readers / sizeof readers [0]; i++)
        if (strcmp (readers [i].name, reader) == 0) {
            int rc = readers [i].read (event, facts);
            if (rc == 1) {
                //  Every string set, so callers need no NULL checks.
                char **strings [] = { &facts->unit, &facts->plant, &facts->target_role, &facts->id,
                                      &facts->number, &facts->text };
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
    memset (facts, 0, sizeof *facts);
}
