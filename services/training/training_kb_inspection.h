/*  training_kb_inspection: the 三违 cases and the hazard lists inspection holds, as articles
    of the knowledge base, made from inspection's events instead of typed again (README_kb.md,
    "三违 cases and hazard lists from inspection"):
    - inspection.violation_recorded (inspection.Violation): an article of violation_cases,
      once per violation;
    - inspection.hazard_list_imported (inspection.HazardList with its items): the unit's list
      of that year as an article of team_hazards, a new version at each import.
    The subscription, in main.c: topic "inspection", this handler, source_endpoint_key
    "inspection.endpoint" (the stream's producer, asked again for entries trimmed before they
    were read).                                                                             */
#ifndef TRAINING_KB_INSPECTION_H_INCLUDED
#define TRAINING_KB_INSPECTION_H_INCLUDED

#include "sf_consumer.h"

#define TRAINING_KB_INSPECTION_TOPIC "inspection"

//  The consumer handler (arg unused): applies the two event types above in the consumer's
//  transaction (the article, its version, its index and its event in the outbox); skips other
//  types, a duplicate, and a hazard list without items (logged). SF_CONSUMER_LATER when the
//  unit is not in the org copy yet; -1 on a database error or a payload that does not decode.
sf_consumer_fn training_kb_inspection_apply;

#endif
