/*  Which reminder comes next, by the configured days before the deadline.                */
#include "rectification_deadlines.h"
#include "sf_testkit.h"

int
main (void)
{
    rect_policy_t policy = { .reminder_days = { 3, 1 }, .reminder_count = 2 };
    const int64_t deadline = 100 * RECT_DAY_MS;
    SF_CHECK (rect_deadlines_next_reminder (&policy, deadline, 0) == deadline - 3 * RECT_DAY_MS);
    SF_CHECK (rect_deadlines_next_reminder (&policy, deadline, deadline - 3 * RECT_DAY_MS) == deadline - RECT_DAY_MS);
    SF_CHECK (rect_deadlines_next_reminder (&policy, deadline, deadline - RECT_DAY_MS) == 0);
    SF_CHECK (rect_deadlines_next_reminder (&policy, deadline, deadline + 1) == 0);
    policy.reminder_count = 0;
    SF_CHECK (rect_deadlines_next_reminder (&policy, deadline, 0) == 0);
    return 0;
}
