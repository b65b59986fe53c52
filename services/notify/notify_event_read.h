/*  notify_event_read: what routing needs of an event, read from its payload by the reader
    event_route_kind names (form = rectification.Form, alert = rectification.Alert, finding =
    inspection.Finding, task = inspection.Task, assignment = lesson.Assignment, certificate =
    training.CertificateDue, letter_gap = scoring.LetterGap, month = scoring.MonthResult): the unit, the plant, the severity, the role
    the event names itself, the object's id and number for the link, the text, the deadline,
    the days and the escalation step.                                                         */
#ifndef NOTIFY_EVENT_READ_H_INCLUDED
#define NOTIFY_EVENT_READ_H_INCLUDED

#include "sf_envelope.h"

#include <stdint.h>

typedef struct {
    char *unit;                  //  the unit the event names (directory code)
    char *plant;                 //  its plant, "" when the payload does not say
    int severity;                //  Form / Finding severity; 0 otherwise
    char *target_role;           //  rectification.Alert's target_role; "" otherwise
    char *id;                    //  the object's id for the link ("" none)
    char *number;                //  its readable number ("" none)
    char *text;                  //  description or title
    char *text_en;               //  the text in English where the payload has one, else ""
    int64_t deadline_ms;         //  0 none
    int64_t days;
    int step;
} notify_event_facts_t;

//  Reads event's payload with the reader named reader into facts (notify_event_facts_clear
//  frees). 1 read, 0 no such reader (not built yet: logged), -1 an unreadable payload (logged).
int notify_event_read (const char *reader, const sf_event_t *event, notify_event_facts_t *facts);

void notify_event_facts_clear (notify_event_facts_t *facts);

#endif
