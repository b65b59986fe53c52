/*  scoring: the daemon's parts and how main.c wires them (README.md, "Inside the daemon").
    Areas, each in files of its own:
    - letters (scoring_letter_*.c): templates, issuing and signing responsibility letters
      (一岗双责), coverage per plant, and the job that raises scoring.letter_missing;
    - rules and scoring (scoring_rules_*.c, scoring_score_*.c, scoring_cascade.c,
      scoring_overdue.c): the versioned rule sets, the consumers turning other daemons' events
      into ledger entries, joint liability, the per-day overdue job;
    - ledger (scoring_ledger_*.c, scoring_appeal_*.c): reading entries, adjustments, appeals;
    - months (scoring_month_*.c, scoring_report_*.c, scoring_export_*.c): plant time zones,
      closing a month (clean-month entries, totals, ranks, tiers), reports, CSV and XLSX.
    The shared pieces: scoring_store.h (entry rows to messages, months), scoring_events.h
    (the outbox).                                                                            */
#ifndef SCORING_H_INCLUDED
#define SCORING_H_INCLUDED

#include "sf_config.h"
#include "sf_consumer.h"
#include "sf_rpc_server.h"
#include "sf_scheduler.h"

#define SCORING_TOPIC "scoring"
#define SCORING_INSPECTION_TOPIC "inspection"
#define SCORING_RECTIFICATION_TOPIC "rectification"
#define SCORING_TRAINING_TOPIC "training"
#define SCORING_LESSON_TOPIC "lesson"

//  The service state every handler, consumer and job gets (call->state, the consumers' arg).
typedef struct {
    char *time_zone;             //  scoring.time_zone: a plant's months when it has no plant_zone row
} scoring_state_t;

//  The route table's parts, each ending with { 0 } (scoring_routes.h joins them).
extern const sf_route_t scoring_letter_routes [];
extern const sf_route_t scoring_rules_routes [];
extern const sf_route_t scoring_ledger_routes [];
extern const sf_route_t scoring_month_routes [];

//  The consumers (scoring_score_*.c): each event of its stream that a rule kind reads
//  becomes entries under the current rule set, with their cascades. 0 applied or not its
//  business, -1 on a database error (the consumer retries).
sf_consumer_fn scoring_inspection_apply;
sf_consumer_fn scoring_rectification_apply;
sf_consumer_fn scoring_training_apply;
sf_consumer_fn scoring_lesson_apply;

//  The jobs, registered with the daemon's scheduler: per-day overdue entries
//  (scoring_overdue.c) and letters missing past the grace days (scoring_letter_watch.c).
void scoring_overdue_register (scoring_state_t *state, sf_scheduler_t *scheduler);
void scoring_letter_watch_register (scoring_state_t *state, sf_scheduler_t *scheduler);

#endif
