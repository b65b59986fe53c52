/*  The wall screen in a real browser (services/gateway/README.md, "Pages and the wall
    screen"): the gateway's stack (gateway_testlib.h) in front of headless chromium, driven by
    tests/browser/screen.mjs, which talks with this harness over pipes (tests/browser/browser.mjs:
    it asks, the harness acts and answers one line):
      report <tag>          a finding reported through the API (manager of P) described <tag>
      outage-report <tag>   the gateway stopped, a finding reported straight to the inspection
                            daemon while it is down, the gateway started again
      publish <n>           n events appended to the inspection stream as its relay would
    Before the browser: the pages as served (types, security headers, validators and 304,
    redirects, the vendor allowlist, paths that lead outside the folder, methods); after it,
    a gateway without gateway.web_dir (404 naming the setting).
    Screenshots: $SF_BUILD_DIR/browser-shots/screen_browser/.                              */
#include "browser_testlib.h"
#include "gateway_testlib.h"
#include "stream_testlib.h"
#include "sf_clock.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static gt_stack_t s_stack;
static char *s_manager;

static void
s_expect_header (const gt_response_t *response, const char *name, const char *value)
{
    char *found = gt_response_header (response, name);
    if (!found || (value && strcmp (found, value) != 0))
        fprintf (stderr, "header %s: '%s', expected '%s'\n", name, found? found: "(none)", value? value: "(any)");
    SF_CHECK (found && (!value || strcmp (found, value) == 0));
    free (found);
}

static void
s_expect_status (const char *path, long status)
{
    gt_response_t response = gt_http (&s_stack, "GET", path, NULL, NULL, 0);
    if (response.status != status)
        fprintf (stderr, "GET %s: %ld, expected %ld\n", path, response.status, status);
    SF_CHECK (response.status == status);
    if (status == 404) {
        SF_CHECK (strstr (response.body, "\"not_found\"") != NULL);
        SF_CHECK (strstr (response.body, "root:") == NULL);
    }
    gt_response_clear (&response);
}

static void
s_pages_served (void)
{
    gt_response_t response = gt_http (&s_stack, "GET", "/screen/", NULL, NULL, 0);
    SF_CHECK (response.status == 200 && strstr (response.body, "<html") != NULL);
    s_expect_header (&response, "Content-Type", "text/html; charset=utf-8");
    s_expect_header (&response, "Cache-Control", "no-cache");
    s_expect_header (&response, "X-Content-Type-Options", "nosniff");
    s_expect_header (&response, "Referrer-Policy", "same-origin");
    s_expect_header (&response, "X-Frame-Options", "DENY");
    char *csp = gt_response_header (&response, "Content-Security-Policy");
    SF_CHECK (csp && strstr (csp, "script-src 'self';") && strstr (csp, "frame-ancestors 'none'")
              && !strstr (csp, "unsafe"));
    free (csp);
    char *etag = gt_response_header (&response, "ETag");
    SF_CHECK (etag && etag [0] == '"');
    gt_response_clear (&response);

    //  The same validator: 304 without a body, with its headers.
    char if_none_match [128];
    snprintf (if_none_match, sizeof if_none_match, "If-None-Match: %s", etag);
    const char *conditional [] = { if_none_match, NULL };
    response = gt_http (&s_stack, "GET", "/screen/index.html", conditional, NULL, 0);
    SF_CHECK (response.status == 304 && response.body_size == 0);
    s_expect_header (&response, "ETag", etag);
    s_expect_header (&response, "Cache-Control", "no-cache");
    gt_response_clear (&response);
    const char *other [] = { "If-None-Match: \"other\"", NULL };
    response = gt_http (&s_stack, "GET", "/screen/index.html", other, NULL, 0);
    SF_CHECK (response.status == 200);
    gt_response_clear (&response);
    free (etag);

    response = gt_http (&s_stack, "GET", "/screen/app.js", NULL, NULL, 0);
    SF_CHECK (response.status == 200);
    s_expect_header (&response, "Content-Type", "text/javascript; charset=utf-8");
    gt_response_clear (&response);
    response = gt_http (&s_stack, "GET", "/screen/style.css", NULL, NULL, 0);
    SF_CHECK (response.status == 200);
    s_expect_header (&response, "Content-Type", "text/css; charset=utf-8");
    gt_response_clear (&response);

    //  The landing page links both.
    response = gt_http (&s_stack, "GET", "/", NULL, NULL, 0);
    SF_CHECK (response.status == 200 && strstr (response.body, "href=\"/screen/\"")
              && strstr (response.body, "href=\"/m/\""));
    gt_response_clear (&response);

    //  /screen and /m to the slash, keeping the screen's arguments.
    response = gt_http (&s_stack, "GET", "/screen?plant=P01&lang=en&x=<b>", NULL, NULL, 0);
    SF_CHECK (response.status == 301);
    s_expect_header (&response, "Location", "/screen/?plant=P01&lang=en");
    gt_response_clear (&response);
    response = gt_http (&s_stack, "GET", "/m", NULL, NULL, 0);
    SF_CHECK (response.status == 301);
    s_expect_header (&response, "Location", "/m/");
    gt_response_clear (&response);

    //  Vendor files: the allowlist only, cached long.
    response = gt_http (&s_stack, "GET", "/vendor/echarts.min.js", NULL, NULL, 0);
    SF_CHECK (response.status == 200 && response.body_size > 100000);
    s_expect_header (&response, "Content-Type", "text/javascript; charset=utf-8");
    s_expect_header (&response, "Cache-Control", "public, max-age=604800");
    gt_response_clear (&response);
    s_expect_status ("/vendor/echarts/package.json", 404);
    s_expect_status ("/vendor/echarts/dist/echarts.min.js", 404);
    s_expect_status ("/vendor/", 404);

    //  Never outside the folder, never a file not on the type allowlist.
    s_expect_status ("/screen/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd", 404);
    s_expect_status ("/screen/%2E%2E/index.html", 404);
    s_expect_status ("/screen/..%2findex.html", 404);
    s_expect_status ("/screen/%2e%2e%2f%2e%2e%2fpackage.json", 404);
    s_expect_status ("/screen/.%2e/package.json", 404);
    //  A %00 never ends a path early (gateway_http.c decodes it to a byte no path accepts).
    s_expect_status ("/screen/index.html%00.js", 404);
    response = gt_http (&s_stack, "GET", "/api/v1/inspection.Inspection/GetHazardBoard%00", NULL, NULL, 0);
    SF_CHECK (response.status == 404);         //  no such method (the API's own problem)
    gt_response_clear (&response);
    s_expect_status ("/screen/%00/../../../etc/passwd", 404);
    s_expect_status ("/screen/..\\index.html", 404);
    s_expect_status ("/m/../../../../etc/passwd", 404);
    s_expect_status ("/screen/missing.js", 404);
    s_expect_status ("/package.json", 404);
    s_expect_status ("/index.html/", 404);
    s_expect_status ("/screen/i18n.js.bak", 404);
    s_expect_status ("/nothing", 404);

    //  Pages are read; the API keeps its paths.
    const char *json [] = { "Content-Type: application/json", NULL };
    response = gt_http (&s_stack, "POST", "/screen/", json, "{}", 0);
    SF_CHECK (response.status == 405);
    s_expect_header (&response, "Allow", "GET, HEAD");
    gt_response_clear (&response);
    response = gt_http (&s_stack, "GET", "/api/v1/none", NULL, NULL, 0);
    SF_CHECK (response.status == 404);
    gt_response_clear (&response);
    //  A path that is not a page's: as the HTTP server answers one nobody serves, any method.
    response = gt_http (&s_stack, "POST", "/nothing/here", json, "{}", 0);
    SF_CHECK (response.status == 404 && strstr (response.body, "No such path"));
    gt_response_clear (&response);
}

//  ------------------------------------------------------------------------------------
//  The browser's requests

static void
s_report_api (const char *tag)
{
    char json [512];
    snprintf (json, sizeof json,
              "{\"finding\":{\"description\":\"%s\",\"factor\":\"FACTOR_ENVIRONMENT\",\"location\":\"二号仓库\","
              "\"severity\":\"SEVERITY_GENERAL\",\"responsibleUnit\":\"%s\"},\"source\":\"SOURCE_REPORT\"}",
              tag, gt_code (&s_stack, "D1T1"));
    gt_response_t response = gt_post (&s_stack, s_manager, "/api/v1/inspection.Inspection/ReportFinding", json, NULL);
    if (response.status != 200)
        fprintf (stderr, "ReportFinding: %ld %s\n", response.status, response.body);
    SF_CHECK (response.status == 200);
    gt_response_clear (&response);
}

static void
s_report_direct (const char *tag)
{
    char plant [96], team [96];
    snprintf (plant, sizeof plant, "%s", gt_code (&s_stack, "P"));
    snprintf (team, sizeof team, "%s", gt_code (&s_stack, "D1T1"));
    sf_rpc_client_t *manager = it_client (&s_stack.base, "manager", "plant_safety_manager", plant);
    Inspection__FindingInput input = INSPECTION__FINDING_INPUT__INIT;
    input.description = (char *) tag;
    input.location = "二号仓库";
    input.factor = INSPECTION__FACTOR__FACTOR_ENVIRONMENT;
    input.severity = INSPECTION__SEVERITY__SEVERITY_GENERAL;
    input.responsible_unit = team;
    Inspection__ReportFinding request = INSPECTION__REPORT_FINDING__INIT;
    request.finding = &input;
    request.source = INSPECTION__FINDING_SOURCE__SOURCE_REPORT;
    sf_reply_t reply;
    SF_CHECK (dt_ask (manager, &request.base, &reply) == SF_OK);
    sf_reply_clear (&reply);
    sf_rpc_client_destroy (&manager);
}

//  Events as the inspection daemon's relay would write them, in plant P.
static void
s_publish (int count)
{
    const char *plant = gt_code (&s_stack, "P");
    int64_t started = sf_clock_wall_ms ();
    for (int i = 0; i < count; i++) {
        char number [64], description [96];
        snprintf (number, sizeof number, "BULK-%06d", i);
        snprintf (description, sizeof description, "批量事件 bulk event %d", i);
        Inspection__Finding finding = INSPECTION__FINDING__INIT;
        finding.number = number;
        finding.description = description;
        finding.plant_code = (char *) plant;
        st_publish (s_stack.base.prefix, "inspection", NULL, "inspection.finding_reported", "finding", number, plant,
                    sf_clock_wall_ms (), &finding.base);
    }
    printf ("screen_browser: %d events published in %lld ms\n", count, (long long) (sf_clock_wall_ms () - started));
}

//  The script's questions (tests/browser/screen.mjs).
static bool
s_answer (const char *line, char *answer, size_t size)
{
    if (strncmp (line, "report ", 7) == 0)
        s_report_api (line + 7);
    else
    if (strncmp (line, "outage-report ", 14) == 0) {
        sf_test_daemon_stop (&s_stack.gateway, SIGTERM);
        s_report_direct (line + 14);
        sf_test_sleep_ms (500);
        gt_gateway_restart (&s_stack);
    }
    else
    if (strncmp (line, "publish ", 8) == 0)
        s_publish (atoi (line + 8));
    else
        return false;
    snprintf (answer, size, "ok");
    return true;
}

//  A gateway without gateway.web_dir: the pages' paths answer 404 saying so, the API and the
//  vendor files stay.
static void
s_no_pages (void)
{
    sf_test_daemon_stop (&s_stack.gateway, SIGTERM);
    size_t length = strlen (s_stack.gateway.extra_env);
    SF_CHECK (length + 32 < sizeof s_stack.gateway.extra_env);
    snprintf (s_stack.gateway.extra_env + length, sizeof s_stack.gateway.extra_env - length, " SF_GATEWAY_WEB_DIR=");
    gt_gateway_restart (&s_stack);
    const char *paths [] = { "/", "/screen/", "/screen/app.js", "/m/" };
    for (size_t i = 0; i < sizeof paths / sizeof paths [0]; i++) {
        const char *english [] = { "Accept-Language: en", NULL };
        gt_response_t response = gt_http (&s_stack, "GET", paths [i], english, NULL, 0);
        if (response.status != 404 || !strstr (response.body, "gateway.web_dir"))
            fprintf (stderr, "GET %s without pages: %ld %s\n", paths [i], response.status, response.body);
        SF_CHECK (response.status == 404 && strstr (response.body, "gateway.web_dir is empty"));
        gt_response_clear (&response);
    }
    gt_response_t response = gt_http (&s_stack, "GET", "/vendor/echarts.min.js", NULL, NULL, 0);
    SF_CHECK (response.status == 200);
    gt_response_clear (&response);
    response = gt_post (&s_stack, s_manager, "/api/v1/gateway.Gateway/WhoAmI", "{}", NULL);
    SF_CHECK (response.status == 200);
    gt_response_clear (&response);
}

int
main (void)
{
    signal (SIGPIPE, SIG_IGN);
    //  Streams end within a second of their session (the heartbeat's bound).
    gt_stack_start (&s_stack, "screen_browser", "SF_GATEWAY_SSE_HEARTBEAT_S=1");
    s_pages_served ();
    s_manager = gt_login (&s_stack, "manager");
    s_report_api ("开始之前 before the screen");
    char plant [96];
    snprintf (plant, sizeof plant, "SF_SCREEN_PLANT=%s", gt_code (&s_stack, "P"));
    const char *const env [] = { plant, "SF_SCREEN_LOGIN=screen", "SF_ENTERPRISE_LOGIN=ehs", NULL };
    bt_node_t node;
    bt_node_start (&node, "screen", "screen_browser", s_stack.url, DT_PASSWORD, env);
    gt_check_page_run (&s_stack, bt_node_run (&node, s_answer));
    s_no_pages ();
    free (s_manager);
    gt_stack_stop (&s_stack);
    return 0;
}
