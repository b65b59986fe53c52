/*  The gateway killed -9 and restarted three times while four clients report findings over
    HTTP, each retrying what got no answer (no connection, 503) with its Idempotency-Key, as
    the API asks: every finding acknowledged, and stored exactly once.                     */
#include "gateway_testlib.h"
#include "sf_clock.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>

#define CLIENTS 4
#define PER_CLIENT 40
#define KILLS 3
#define GIVE_UP_MS 40000

typedef struct {
    gt_stack_t *stack;
    const char *token;
    const char *unit;
    int index;
    int acked;
    int retried;
    pthread_t thread;
} s_client_t;

static atomic_int s_answered;

static void
s_description (char *buffer, size_t size, int client, int command)
{
    snprintf (buffer, size, "重启测试 %d-%d", client, command);
}

static void *
s_client_run (void *arg)
{
    s_client_t *client = arg;
    for (int command = 0; command < PER_CLIENT; command++) {
        char description [64], key [64], json [512];
        s_description (description, sizeof description, client->index, command);
        snprintf (key, sizeof key, "kill9-%d-%d", client->index, command);
        snprintf (json, sizeof json,
                  "{\"finding\":{\"description\":\"%s\",\"factor\":\"FACTOR_MACHINE\",\"location\":\"配电室\","
                  "\"severity\":\"SEVERITY_GENERAL\",\"responsibleUnit\":\"%s\"},\"source\":\"SOURCE_REPORT\"}",
                  description, client->unit);
        int64_t until = sf_clock_mono_ms () + GIVE_UP_MS;
        for (int attempt = 0; sf_clock_mono_ms () < until; attempt++) {
            gt_response_t response = gt_post (client->stack, client->token,
                                               "/api/v1/inspection.Inspection/ReportFinding", json, key);
            long status = response.status;
            if (status != 0 && status != 200 && status != 503)
                fprintf (stderr, "client %d command %d: %ld %s\n", client->index, command, status, response.body);
            gt_response_clear (&response);
            SF_CHECK (status == 0 || status == 200 || status == 503);
            if (status == 200) {
                client->acked++;
                client->retried += attempt > 0;
                break;
            }
            sf_test_sleep_ms (100);
        }
        atomic_fetch_add (&s_answered, 1);
    }
    return NULL;
}

int
main (void)
{
    gt_stack_t stack;
    gt_stack_start (&stack, "gwkill", NULL);
    char *token = gt_login (&stack, "manager");
    char unit [96];
    snprintf (unit, sizeof unit, "%s", gt_code (&stack, "D1T1"));
    s_client_t clients [CLIENTS];
    for (int i = 0; i < CLIENTS; i++) {
        clients [i] = (s_client_t) { .stack = &stack, .token = token, .unit = unit, .index = i };
        SF_CHECK (pthread_create (&clients [i].thread, NULL, s_client_run, &clients [i]) == 0);
    }
    int64_t started = sf_clock_mono_ms ();
    for (int kill = 0; kill < KILLS; kill++) {
        //  Let some commands through, then kill while others are in flight.
        int target = (kill + 1) * CLIENTS * PER_CLIENT / (KILLS + 2);
        while (atomic_load (&s_answered) < target && sf_clock_mono_ms () - started < 60000)
            sf_test_sleep_ms (20);
        sf_test_daemon_stop (&stack.gateway, SIGKILL);
        sf_test_sleep_ms (300);
        gt_gateway_restart (&stack);
    }
    int acked = 0, retried = 0;
    for (int i = 0; i < CLIENTS; i++) {
        pthread_join (clients [i].thread, NULL);
        acked += clients [i].acked;
        retried += clients [i].retried;
    }
    printf ("measured: %d commands acknowledged, %d needed a retry, %d kills\n", acked, retried, KILLS);
    SF_CHECK (acked == CLIENTS * PER_CLIENT);
    SF_CHECK (retried > 0);
    for (int i = 0; i < CLIENTS; i++)
        for (int command = 0; command < PER_CLIENT; command++) {
            char description [64];
            s_description (description, sizeof description, i, command);
            SF_CHECK (sf_test_scalar (stack.base.db, "SELECT count(*) FROM finding WHERE description = $1",
                                      description) == 1);
        }
    SF_CHECK (sf_test_scalar (stack.base.db, "SELECT count(*) FROM finding WHERE description LIKE '重启测试 %'", NULL)
              == CLIENTS * PER_CLIENT);
    free (token);
    gt_stack_stop (&stack);
    return 0;
}
