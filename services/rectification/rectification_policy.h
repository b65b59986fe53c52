/*  rectification_policy: the enterprise's policy numbers, from the configuration with
    defaults: default deadlines by severity, reminder days, the recurrence window, the
    escalation steps. Built once at start-up and read-only afterwards (handlers, the
    consumer and the scheduler read it from their own threads).                            */
#ifndef RECTIFICATION_POLICY_H_INCLUDED
#define RECTIFICATION_POLICY_H_INCLUDED

#include "sf_config.h"

#include <stdint.h>

#define RECT_TOPIC "rectification"
#define RECT_MAX_REMINDERS 8
#define RECT_MAX_STEPS 8
#define RECT_DAY_MS (24 * 3600 * 1000LL)

//  One escalation step: when the form is this many days overdue, tell role at the
//  responsible unit's nearest unit of kind (sf_org_kind_t: department, plant or company).
typedef struct {
    int days;
    int kind;
    char role [48];
} rect_step_t;

typedef struct {
    int deadline_days [3];                    //  by rectification.Severity
    int reminder_days [RECT_MAX_REMINDERS];   //  descending
    int reminder_count;
    int recurrence_days;
    rect_step_t steps [3][RECT_MAX_STEPS];    //  by severity, ascending days
    int step_count [3];
    rect_step_t recurrence_target;
    int64_t unknown_unit_wait_ms;             //  a finding's unit may lag this long in the org copy
    const char *stream;                       //  sf_stream_name (RECT_TOPIC)
} rect_policy_t;

//  The settings of the daemon, for the service spec.
extern const sf_config_key_t rect_config [];

//  Fills policy from config. Returns 0, or -1 with *error (caller frees) naming the key.
int rect_policy_load (rect_policy_t *policy, sf_config_t *config, char **error);

//  "3,1" -> {3, 1}, sorted descending, each 1..365. Returns the count or -1.
int rect_policy_parse_days (const char *text, int *days, int max);

//  "0:department:department_head,7:plant:plant_safety_manager" -> steps sorted by days.
//  Kinds: department, plant, company. Returns the count or -1.
int rect_policy_parse_steps (const char *text, rect_step_t *steps, int max);

#endif
