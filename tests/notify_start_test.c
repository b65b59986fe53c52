/*  notify_start_test: the notifier starts on the suite's PostgreSQL and Redis, copies the org
    and answers sf.Health; the black-box notifier tests build on this stack.                  */
#include "notify_testlib.h"

int
main (void)
{
    nt_stack_t stack;
    nt_stack_start (&stack, "nst", NULL);
    SF_CHECK (sf_test_daemon_healthy (&stack.notify, 2000));
    SF_CHECK (sf_test_scalar (stack.db, "SELECT count (*) FROM route WHERE version = 1", NULL) > 0);
    nt_stack_stop (&stack);
    printf ("notify_start_test: ok\n");
    return 0;
}
