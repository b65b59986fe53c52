/*  Policy settings: reminder days and escalation steps parse, bad ones are refused.       */
#include "rectification_policy.h"
#include "sf_org.h"
#include "sf_testkit.h"

#include <string.h>

int
main (void)
{
    int days [RECT_MAX_REMINDERS];
    SF_CHECK (rect_policy_parse_days ("1,3", days, RECT_MAX_REMINDERS) == 2);
    SF_CHECK (days [0] == 3 && days [1] == 1);
    SF_CHECK (rect_policy_parse_days ("", days, RECT_MAX_REMINDERS) == 0);
    SF_CHECK (rect_policy_parse_days ("3,x", days, RECT_MAX_REMINDERS) == -1);
    SF_CHECK (rect_policy_parse_days ("0", days, RECT_MAX_REMINDERS) == -1);
    SF_CHECK (rect_policy_parse_days ("1,2,3,4,5,6,7,8,9", days, RECT_MAX_REMINDERS) == -1);

    rect_step_t steps [RECT_MAX_STEPS];
    SF_CHECK (rect_policy_parse_steps ("7:plant:plant_safety_manager,0:department:department_head,0:company:ehs",
                                       steps, RECT_MAX_STEPS) == 3);
    SF_CHECK (steps [0].days == 0 && steps [0].kind == SF_ORG_DEPARTMENT);
    SF_CHECK_STR (steps [0].role, "department_head");
    SF_CHECK (steps [1].days == 0 && steps [1].kind == SF_ORG_COMPANY);
    SF_CHECK (steps [2].days == 7 && steps [2].kind == SF_ORG_PLANT);
    SF_CHECK (rect_policy_parse_steps ("0:team:team_leader", steps, RECT_MAX_STEPS) == -1);
    SF_CHECK (rect_policy_parse_steps ("0:plant:", steps, RECT_MAX_STEPS) == -1);
    SF_CHECK (rect_policy_parse_steps ("x:plant:ehs", steps, RECT_MAX_STEPS) == -1);
    SF_CHECK (rect_policy_parse_steps ("", steps, RECT_MAX_STEPS) == 0);

    const sf_config_key_t *schemas [] = { sf_config_common, rect_config, NULL };
    setenv ("SF_DB_URL", "x", 1);
    setenv ("SF_RPC_ENDPOINT", "tcp://127.0.0.1:1", 1);
    setenv ("SF_RECTIFICATION_REMINDER_DAYS", "5,2,1", 1);
    char *error = NULL;
    sf_config_t *config = sf_config_load (schemas, NULL, &error);
    SF_CHECK (config);
    rect_policy_t policy;
    SF_CHECK (rect_policy_load (&policy, config, &error) == 0);
    SF_CHECK (policy.reminder_count == 3 && policy.reminder_days [0] == 5);
    SF_CHECK (policy.deadline_days [1] == 15 && policy.deadline_days [2] == 60);
    SF_CHECK (policy.step_count [2] == 2 && policy.recurrence_target.kind == SF_ORG_PLANT);
    sf_config_destroy (&config);

    setenv ("SF_RECTIFICATION_ESCALATION_MAJOR", "soon:plant:ehs", 1);
    config = sf_config_load (schemas, NULL, &error);
    SF_CHECK (config);
    SF_CHECK (rect_policy_load (&policy, config, &error) == -1);
    SF_CHECK (strstr (error, "rectification.escalation_major"));
    free (error);
    sf_config_destroy (&config);
    return 0;
}
