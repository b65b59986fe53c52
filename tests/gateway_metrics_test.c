/*  GET /metrics of a running gateway (services/gateway/gateway_metrics.h), parsed by a parser
    we did not write (tests/gateway_metrics_parse.py: python3's prometheus_client): the
    requests made are counted by route and status, latency histograms are cumulative, every
    daemon of gateway.daemons is up with its figures and its consumer groups' lag; a daemon
    stopped is up 0 with nothing else within a refresh, and back when it returns, while
    /metrics answers at once all along; a POST is 405; from an address that is not loopback,
    no session is 401, a worker's 403, EHS's 200.                                            */
#include "gateway_testlib.h"
#include "sf_clock.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#define S_UP "directory,inspection,rectification"
#define S_WITH_GROUPS "inspection,rectification"

static int
s_parse (const gt_stack_t *stack, const char *body, const char *checks)
{
    char path [512];
    snprintf (path, sizeof path, "%s/gateway_metrics_%d.txt", sf_test_env ("SF_STATE_DIR"), stack->http_port);
    FILE *file = fopen (path, "w");
    SF_CHECK (file);
    fputs (body, file);
    fclose (file);
    return sf_test_sh ("/usr/bin/python3 -W ignore %s/tests/gateway_metrics_parse.py %s %s", sf_test_env ("SF_SOURCE_DIR"),
                       path, checks);
}

//  True when every consumer group figure is known (a daemon's first look at its groups
//  comes about a second after it starts: NaN until then).
static bool
s_groups_known (const char *body)
{
    for (const char *line = body; line && *line; line = strchr (line, '\n'), line = line? line + 1: NULL) {
        const char *end = strchr (line, '\n');
        if (strncmp (line, "sf_daemon_consumer_", 19) == 0 && end && end - line > 4 && strncmp (end - 4, " NaN", 4) == 0)
            return false;
    }
    return true;
}

//  GET /metrics until its body holds every one of wanted (NULL-terminated) and every group
//  figure is known, 15 s at most.
static gt_response_t
s_metrics_until (const gt_stack_t *stack, const char *const *wanted)
{
    int64_t until = sf_clock_mono_ms () + 15000;
    while (true) {
        int64_t asked = sf_clock_mono_ms ();
        gt_response_t response = gt_http (stack, "GET", "/metrics", NULL, NULL, 0);
        SF_CHECK (response.status == 200);
        //  Rendered from what the health thread keeps: never waits out a daemon's 1 s attempt.
        SF_CHECK (sf_clock_mono_ms () - asked < 1000);
        bool all = s_groups_known (response.body);
        for (size_t i = 0; wanted [i]; i++)
            all = all && strstr (response.body, wanted [i]);
        if (all)
            return response;
        if (sf_clock_mono_ms () > until) {
            fprintf (stderr, "gateway_metrics: /metrics never showed all of:\n");
            for (size_t i = 0; wanted [i]; i++)
                fprintf (stderr, "  %s%s\n", wanted [i], strstr (response.body, wanted [i])? "": "   <- missing");
            fprintf (stderr, "%s\n", response.body);
            SF_CHECK (false);
        }
        gt_response_clear (&response);
        sf_test_sleep_ms (200);
    }
}

static void
s_all_up (gt_stack_t *stack)
{
    gt_response_t miss = gt_http (stack, "GET", "/nothing/here", NULL, NULL, 0);
    SF_CHECK (miss.status == 404);
    gt_response_clear (&miss);
    const char *wanted [] = {
        "sf_daemon_up{daemon=\"directory\"} 1\n", "sf_daemon_up{daemon=\"inspection\"} 1\n",
        "sf_daemon_up{daemon=\"rectification\"} 1\n", "sf_gateway_http_requests_total{route=\"/metrics\",status=\"200\"}",
        "sf_daemon_consumer_lag{daemon=\"rectification\"", "sf_daemon_consumer_lag{daemon=\"inspection\"", NULL
    };
    gt_response_t response = s_metrics_until (stack, wanted);
    char *type = gt_response_header (&response, "Content-Type");
    SF_CHECK (type && strcmp (type, "text/plain; version=0.0.4; charset=utf-8") == 0);
    free (type);
    SF_CHECK (strstr (response.body, "sf_gateway_http_requests_total{route=\"other\",status=\"404\"} 1\n"));
    SF_CHECK (s_parse (stack, response.body, "--up " S_UP " --lag " S_WITH_GROUPS) == 0);
    gt_response_clear (&response);
}

static void
s_daemon_down (gt_stack_t *stack)
{
    sf_test_daemon_stop (&stack->base.rectification, SIGTERM);
    const char *down [] = { "sf_daemon_up{daemon=\"rectification\"} 0\n", "sf_daemon_up{daemon=\"inspection\"} 1\n",
                            NULL };
    gt_response_t response = s_metrics_until (stack, down);
    SF_CHECK (s_parse (stack, response.body, "--up directory,inspection --down rectification --lag inspection") == 0);
    gt_response_clear (&response);
    sf_test_daemon_restart (&stack->base.rectification);
    const char *back [] = { "sf_daemon_up{daemon=\"rectification\"} 1\n", "sf_daemon_consumer_lag{daemon=\"rectification\"",
                            NULL };
    response = s_metrics_until (stack, back);
    SF_CHECK (s_parse (stack, response.body, "--up " S_UP " --lag " S_WITH_GROUPS) == 0);
    gt_response_clear (&response);
}

static void
s_methods (gt_stack_t *stack)
{
    const char *headers [] = { "Content-Type: application/json", "Accept-Language: en", NULL };
    gt_response_t response = gt_http (stack, "POST", "/metrics", headers, "{}", 0);
    SF_CHECK (response.status == 405);
    char *allow = gt_response_header (&response, "Allow");
    SF_CHECK (allow && strcmp (allow, "GET") == 0);
    free (allow);
    SF_CHECK (strstr (response.body, "\"reason_zh\":\"指标只能用 GET 读取\""));
    SF_CHECK (strstr (response.body, "\"detail\":\"Metrics are read with GET\""));
    gt_response_clear (&response);
}

//  This machine's first IPv4 address that is not loopback, or false.
static bool
s_outside_address (char *address, size_t size)
{
    struct ifaddrs *list;
    if (getifaddrs (&list) < 0)
        return false;
    bool found = false;
    for (struct ifaddrs *entry = list; entry && !found; entry = entry->ifa_next) {
        if (!entry->ifa_addr || entry->ifa_addr->sa_family != AF_INET || (entry->ifa_flags & IFF_LOOPBACK)
            || !(entry->ifa_flags & IFF_UP))
            continue;
        const struct sockaddr_in *in4 = (const struct sockaddr_in *) entry->ifa_addr;
        found = inet_ntop (AF_INET, &in4->sin_addr, address, (socklen_t) size) != NULL;
    }
    freeifaddrs (list);
    return found;
}

static void
s_access (gt_stack_t *stack)
{
    char address [INET_ADDRSTRLEN];
    if (!s_outside_address (address, sizeof address)) {
        fprintf (stderr, "gateway_metrics: no IPv4 address but loopback here: the access checks are not run\n");
        return;
    }
    gt_stack_t outside = *stack;
    snprintf (outside.url, sizeof outside.url, "http://%s:%d", address, stack->http_port);
    const char *english [] = { "Accept-Language: en", NULL };
    gt_response_t response = gt_http (&outside, "GET", "/metrics", english, NULL, 0);
    SF_CHECK (response.status == 401);
    SF_CHECK (strstr (response.body, "\"code\":\"unauthenticated\""));
    SF_CHECK (!strstr (response.body, "sf_daemon"));
    gt_response_clear (&response);

    char *worker = gt_login (stack, "worker");
    char bearer [512];
    snprintf (bearer, sizeof bearer, "Authorization: Bearer %s", worker);
    const char *as_worker [] = { bearer, "Accept-Language: en", NULL };
    response = gt_http (&outside, "GET", "/metrics", as_worker, NULL, 0);
    SF_CHECK (response.status == 403);
    SF_CHECK (strstr (response.body, "\"code\":\"permission_denied\""));
    SF_CHECK (strstr (response.body, "\"reason_zh\":\"查看指标需要 admin、ehs 或 screen 角色\""));
    SF_CHECK (!strstr (response.body, "sf_daemon"));
    gt_response_clear (&response);
    free (worker);

    char *ehs = gt_login (stack, "ehs");
    snprintf (bearer, sizeof bearer, "Authorization: Bearer %s", ehs);
    const char *as_ehs [] = { bearer, NULL };
    response = gt_http (&outside, "GET", "/metrics", as_ehs, NULL, 0);
    SF_CHECK (response.status == 200);
    SF_CHECK (strstr (response.body, "sf_daemon_up{daemon=\"inspection\"} 1\n"));
    //  The refusals were counted too.
    SF_CHECK (strstr (response.body, "sf_gateway_http_requests_total{route=\"/metrics\",status=\"401\"} 1\n"));
    SF_CHECK (strstr (response.body, "sf_gateway_http_requests_total{route=\"/metrics\",status=\"403\"} 1\n"));
    gt_response_clear (&response);
    free (ehs);
}

int
main (void)
{
    gt_stack_t stack;
    gt_stack_start (&stack, "gwmetrics", "SF_GATEWAY_METRICS_REFRESH_S=1 SF_GATEWAY_HTTP_ADDRESS=0.0.0.0");
    s_all_up (&stack);
    s_daemon_down (&stack);
    s_methods (&stack);
    s_access (&stack);
    gt_stack_stop (&stack);
    return 0;
}
