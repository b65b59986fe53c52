/*  gateway_testlib: what the black-box gateway tests share: the directory, inspection and
    rectification daemons (inspection_testlib.h: the org <p>C, <p>HQ, plant <p>P, departments
    <p>D1 <p>D2, teams <p>D1T1..<p>D2T3 with post <team>S and employees <team>E1 <team>E2),
    a second plant <p>Q (department <p>QD1, team <p>QD1T1, post <p>QD1T1S, employees
    <p>QD1T1E1 <p>QD1T1E2) for foreign-scope checks, the gateway in front of them on an HTTP
    port of its own, and accounts in the directory (password DT_PASSWORD):
      ehs       ehs on C                        (employee <p>HQ… none: on node <p>HQ)
      manager   plant_safety_manager on P       (employee <p>D1T2E1)
      leader    team_leader on D1T1             (employee <p>D1T1E1)
      worker    worker on D1T1S                 (employee <p>D1T1E2)
      worker2   worker on D1T2S                 (employee <p>D1T2E2: another team of P)
      qmanager  plant_safety_manager on Q       (employee <p>QD1T1E1)
      screen    screen on P (read-only)         (employee <p>D2T2E1)
    Logins are "<login>" as above (the directory is the test's own). HTTP goes through
    libcurl, as a program would.                                                             */
#ifndef GATEWAY_TESTLIB_H_INCLUDED
#define GATEWAY_TESTLIB_H_INCLUDED

#include "inspection_testlib.h"

#define GATEWAY_BINARY "services/gateway/sf-gateway"

typedef struct {
    it_stack_t base;
    sf_test_daemon_t gateway;
    char schema [64];            //  the gateway's
    int http_port;
    char url [64];               //  "http://127.0.0.1:<port>"
    sf_db_t *db;                 //  on the gateway's schema
} gt_stack_t;

//  Starts the daemons (extra_env added to the gateway's environment, may be NULL), builds
//  the org and the accounts, waits until the gateway answers HTTP.
void gt_stack_start (gt_stack_t *stack, const char *name, const char *extra_env);
//  Starts the gateway again (after gt_gateway_kill or a stop), same port and schema.
void gt_gateway_restart (gt_stack_t *stack);
void gt_stack_stop (gt_stack_t *stack);
//  A page's run in the browser (bt_node_run's result, 0: it went well) checked: on a failure the
//  gateway's log ends on stderr (which request failed, and why) before the test fails.
void gt_check_page_run (const gt_stack_t *stack, int node_rc);

//  The code prefix + suffix, in one of 8 rotating buffers (not for threads side by side).
const char *gt_code (const gt_stack_t *stack, const char *suffix);

typedef struct {
    long status;                 //  0 when no answer came (connection refused, timeout)
    char *headers;               //  the response's header lines, as received
    char *body;                  //  NUL-terminated
    size_t body_size;
} gt_response_t;

//  One HTTP request to the gateway: method, path (with its query), headers (NULL-terminated
//  array of "Name: value", may be NULL), body (may be NULL). timeout_ms 0: 10 s.
gt_response_t gt_http (const gt_stack_t *stack, const char *method, const char *path, const char *const *headers,
                       const char *body, int timeout_ms);
void gt_response_clear (gt_response_t *response);
//  The value of header name in response (case-insensitive), fresh string, or NULL.
char *gt_response_header (const gt_response_t *response, const char *name);

//  POST /api/v1/gateway.Gateway/Login with login and DT_PASSWORD; the session token (fresh
//  string); fails the test when the login is refused.
char *gt_login (const gt_stack_t *stack, const char *login);
//  POST path with body as JSON, authenticated with token (Authorization: Bearer), with
//  idempotency key key when not NULL.
gt_response_t gt_post (const gt_stack_t *stack, const char *token, const char *path, const char *body, const char *key);

#endif
