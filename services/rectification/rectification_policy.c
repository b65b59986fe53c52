/*  rectification_policy: settings and their parsing.                                      */
#include "rectification_policy.h"
#include "rectification.pb-c.h"
#include "sf_org.h"
#include "sf_stream.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const sf_config_key_t rect_config [] = {
    { "rectification.deadline_general_days", SF_CFG_INT, "15", 1, 365,
      "default deadline of a general hazard's form, days" },
    { "rectification.deadline_major_days", SF_CFG_INT, "60", 1, 730,
      "default deadline of a major hazard's form, days" },
    { "rectification.reminder_days", SF_CFG_STRING, "3,1", 0, 0,
      "reminders this many days before the deadline, comma-separated" },
    { "rectification.recurrence_days", SF_CFG_INT, "90", 0, 3650,
      "a new form on the same unit and hazard within this many days after a close is a recurrence" },
    { "rectification.escalation_general", SF_CFG_STRING, "0:department:department_head,7:plant:plant_safety_manager", 0, 0,
      "escalation of overdue general hazards: days_overdue:department|plant|company:role, ..." },
    { "rectification.escalation_major", SF_CFG_STRING, "0:plant:plant_safety_manager,0:company:ehs", 0, 0,
      "escalation of overdue major hazards, same form" },
    { "rectification.recurrence_target", SF_CFG_STRING, "plant:plant_safety_manager", 0, 0,
      "who hears of a recurrence: department|plant|company:role" },
    { "rectification.unknown_unit_wait_hours", SF_CFG_INT, "24", 1, 8760,
      "a finding naming a unit the org copy does not know is retried uncounted this long after it was reported" },
    { "inspection.endpoint", SF_CFG_STRING, "", 0, 0,
      "the inspection daemon's rpc endpoint: findings trimmed from its stream before they were applied are asked for there again" },
    { NULL, SF_CFG_STRING, NULL, 0, 0, NULL }
};

static int
s_descending (const void *a, const void *b)
{
    return *(const int *) b - *(const int *) a;
}

int
rect_policy_parse_days (const char *text, int *days, int max)
{
    int count = 0;
    const char *at = text;
    while (*at) {
        char *end;
        long value = strtol (at, &end, 10);
        if (end == at || value < 1 || value > 365 || count == max || (*end && *end != ','))
            return -1;
        days [count++] = (int) value;
        at = *end? end + 1: end;
    }
    qsort (days, (size_t) count, sizeof *days, s_descending);
    return count;
}

static int
s_kind (const char *name, size_t size)
{
    if (size == 10 && memcmp (name, "department", 10) == 0)
        return SF_ORG_DEPARTMENT;
    if (size == 5 && memcmp (name, "plant", 5) == 0)
        return SF_ORG_PLANT;
    if (size == 7 && memcmp (name, "company", 7) == 0)
        return SF_ORG_COMPANY;
    return 0;
}

//  "kind:role" at text (up to a comma or the end) into step; returns the end or NULL.
static const char *
s_parse_target (const char *text, rect_step_t *step)
{
    const char *colon = strchr (text, ':');
    const char *end = text + strcspn (text, ",");
    if (!colon || colon > end)
        return NULL;
    step->kind = s_kind (text, (size_t) (colon - text));
    size_t role = (size_t) (end - colon - 1);
    if (!step->kind || role == 0 || role >= sizeof step->role)
        return NULL;
    memcpy (step->role, colon + 1, role);
    step->role [role] = 0;
    return end;
}

static int
s_by_days (const void *a, const void *b)
{
    return ((const rect_step_t *) a)->days - ((const rect_step_t *) b)->days;
}

int
rect_policy_parse_steps (const char *text, rect_step_t *steps, int max)
{
    int count = 0;
    const char *at = text;
    while (*at) {
        char *end;
        long days = strtol (at, &end, 10);
        if (end == at || *end != ':' || days < 0 || days > 365 || count == max)
            return -1;
        memset (&steps [count], 0, sizeof steps [count]);
        steps [count].days = (int) days;
        const char *next = s_parse_target (end + 1, &steps [count]);
        if (!next)
            return -1;
        count++;
        at = *next? next + 1: next;
    }
    //  Stable enough: equal days keep the order given (insertion sort).
    for (int i = 1; i < count; i++)
        for (int j = i; j > 0 && s_by_days (&steps [j - 1], &steps [j]) > 0; j--) {
            rect_step_t swap = steps [j];
            steps [j] = steps [j - 1];
            steps [j - 1] = swap;
        }
    return count;
}

static int
s_fail (char **error, const char *key, const char *value)
{
    char text [512];
    snprintf (text, sizeof text, "%s: cannot parse '%s'", key, value);
    *error = strdup (text);
    return -1;
}

int
rect_policy_load (rect_policy_t *policy, sf_config_t *config, char **error)
{
    memset (policy, 0, sizeof *policy);
    const int general = RECTIFICATION__SEVERITY__SEVERITY_GENERAL, major = RECTIFICATION__SEVERITY__SEVERITY_MAJOR;
    policy->deadline_days [general] = (int) sf_config_int (config, "rectification.deadline_general_days");
    policy->deadline_days [major] = (int) sf_config_int (config, "rectification.deadline_major_days");
    policy->recurrence_days = (int) sf_config_int (config, "rectification.recurrence_days");
    policy->unknown_unit_wait_ms = sf_config_int (config, "rectification.unknown_unit_wait_hours") * 3600 * 1000LL;
    const char *key = "rectification.reminder_days";
    policy->reminder_count = rect_policy_parse_days (sf_config_str (config, key), policy->reminder_days, RECT_MAX_REMINDERS);
    if (policy->reminder_count < 0)
        return s_fail (error, key, sf_config_str (config, key));
    static const char *step_keys [3] = { NULL, "rectification.escalation_general", "rectification.escalation_major" };
    for (int severity = general; severity <= major; severity++) {
        const char *text = sf_config_str (config, step_keys [severity]);
        policy->step_count [severity] = rect_policy_parse_steps (text, policy->steps [severity], RECT_MAX_STEPS);
        if (policy->step_count [severity] < 0)
            return s_fail (error, step_keys [severity], text);
    }
    key = "rectification.recurrence_target";
    char target [96];
    snprintf (target, sizeof target, "0:%s", sf_config_str (config, key));
    if (rect_policy_parse_steps (target, &policy->recurrence_target, 1) != 1)
        return s_fail (error, key, sf_config_str (config, key));
    policy->stream = sf_stream_name (RECT_TOPIC);
    return 0;
}
