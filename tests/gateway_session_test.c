/*  Sessions of the gateway (services/gateway/README.md, "Sessions"), black-box over HTTP:
    a login gives the token once (body and an HttpOnly, SameSite=Strict cookie) and stores
    only its SHA-256; a wrong password is 401 and stores nothing but the failure; past the
    limits of gateway_setting (per login, per address) Login is 429 with Retry-After, even
    with the right password; a garbage, revoked, expired or idle token is 401; the cookie
    without Content-Type application/json on a POST is refused (CSRF); Logout, WhoAmI,
    ListSessions and RevokeSession (one's own; another's refused); the directory disabling an
    account or changing its grants ends its sessions; the gateway's cache of sessions (read at
    most a second ago) is dropped at once by this gateway's Logout and RevokeSession, and an
    end made elsewhere is seen within a second.                                        */
#include "gateway_testlib.h"
#include "directory.pb-c.h"
#include "sf_clock.h"

#include <stdlib.h>
#include <string.h>

#define S_LOGIN_PATH "/api/v1/gateway.Gateway/Login"
#define S_WHO_PATH "/api/v1/gateway.Gateway/WhoAmI"

static gt_response_t
s_login (gt_stack_t *stack, const char *login, const char *password)
{
    char body [256];
    snprintf (body, sizeof body, "{\"login\":\"%s\",\"password\":\"%s\"}", login, password);
    const char *headers [] = { "Content-Type: application/json", NULL };
    return gt_http (stack, "POST", S_LOGIN_PATH, headers, body, 0);
}

static long
s_who_status (gt_stack_t *stack, const char *token)
{
    gt_response_t response = gt_post (stack, token, S_WHO_PATH, "{}", NULL);
    long status = response.status;
    gt_response_clear (&response);
    return status;
}

static int64_t
s_count (gt_stack_t *stack, const char *sql, const char *param)
{
    const char *values [] = { param };
    sf_rows_t *rows = sf_db_query (stack->db, sql, param? 1: 0, param? values: NULL);
    SF_CHECK (rows && sf_rows_count (rows) == 1);
    int64_t count = sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    return count;
}

static void
s_exec (gt_stack_t *stack, const char *sql, const char *param)
{
    const char *values [] = { param };
    SF_CHECK (sf_db_exec (stack->db, sql, param? 1: 0, param? values: NULL) >= 0);
}

//  The value of "name":"…" in a JSON body, fresh string, or NULL.
static char *
s_field (const char *body, const char *name)
{
    char key [64];
    snprintf (key, sizeof key, "\"%s\":\"", name);
    const char *start = strstr (body, key);
    if (!start)
        return NULL;
    start += strlen (key);
    return strndup (start, strcspn (start, "\""));
}

static char *
s_session_id (gt_stack_t *stack, const char *token)
{
    gt_response_t response = gt_post (stack, token, S_WHO_PATH, "{}", NULL);
    SF_CHECK (response.status == 200);
    char *id = s_field (response.body, "sessionId");
    SF_CHECK (id);
    gt_response_clear (&response);
    return id;
}

//  How long the gateway believes a session it read (GW_SESSION_CACHE_MS), and a margin.
#define S_CACHE_MS 1000
#define S_CACHE_PAST_MS (S_CACHE_MS + 200)

static void
s_login_ok (gt_stack_t *stack)
{
    gt_response_t response = s_login (stack, "manager", DT_PASSWORD);
    if (response.status != 200)
        fprintf (stderr, "login: %ld %s (log %s)\n", response.status, response.body, stack->gateway.log_path);
    SF_CHECK (response.status == 200);
    char *cookie = gt_response_header (&response, "Set-Cookie");
    SF_CHECK (cookie);
    SF_CHECK (strncmp (cookie, "sf_session=", 11) == 0);
    SF_CHECK (strstr (cookie, "; HttpOnly") && strstr (cookie, "; SameSite=Strict") && strstr (cookie, "; Path=/"));
    SF_CHECK (strstr (cookie, "; Max-Age=43200"));
    SF_CHECK (!strstr (cookie, "Secure;") && !strstr (cookie, "; Secure"));
    char *token = s_field (response.body, "token");
    SF_CHECK (token && strlen (token) == 43);
    SF_CHECK (strncmp (cookie + 11, token, 43) == 0 && cookie [11 + 43] == ';');
    SF_CHECK (strstr (response.body, "\"login\":\"manager\""));
    SF_CHECK (strstr (response.body, "\"role\":\"plant_safety_manager\""));
    char *no_store = gt_response_header (&response, "Cache-Control");
    SF_CHECK (no_store && strcmp (no_store, "no-store") == 0);
    free (no_store);
    gt_response_clear (&response);
    //  Only the hash is kept: no column holds the token, and the hash is its SHA-256.
    SF_CHECK (s_count (stack, "SELECT count(*) FROM session s WHERE position ($1 IN s::text) > 0", token) == 0);
    SF_CHECK (s_count (stack,
        "SELECT count(*) FROM session WHERE login = 'manager' "
        "AND token_hash = sha256 (decode (translate ($1, '-_', '+/') || '=', 'base64'))", token) == 1);
    SF_CHECK (s_count (stack, "SELECT count(*) FROM session WHERE login = 'manager' AND plants = ARRAY[$1] "
                              "AND roles = '{plant_safety_manager}' AND NOT company", gt_code (stack, "P")) == 1);
    //  The token with Bearer, and as the cookie (with JSON: not cross-site).
    response = gt_post (stack, token, S_WHO_PATH, "{}", NULL);
    SF_CHECK (response.status == 200);
    SF_CHECK (strstr (response.body, "\"login\":\"manager\"") && !strstr (response.body, "\"token\""));
    gt_response_clear (&response);
    char cookie_header [128];
    snprintf (cookie_header, sizeof cookie_header, "Cookie: sf_session=%s", token);
    const char *json [] = { cookie_header, "Content-Type: application/json", NULL };
    response = gt_http (stack, "POST", S_WHO_PATH, json, "{}", 0);
    SF_CHECK (response.status == 200);
    gt_response_clear (&response);
    //  A read by GET with the cookie, as a browser's link would.
    const char *cookie_only [] = { cookie_header, NULL };
    response = gt_http (stack, "GET", S_WHO_PATH, cookie_only, NULL, 0);
    SF_CHECK (response.status == 200 && strstr (response.body, "\"login\":\"manager\""));
    gt_response_clear (&response);
    //  CSRF: the cookie on a POST another site could make (a form's content type) is refused.
    const char *form [] = { cookie_header, "Content-Type: application/x-www-form-urlencoded", NULL };
    response = gt_http (stack, "POST", S_WHO_PATH, form, "{}", 0);
    SF_CHECK (response.status == 403 || response.status == 415);
    gt_response_clear (&response);
    const char *plain [] = { cookie_header, "Content-Type: text/plain", NULL };
    response = gt_http (stack, "POST", S_WHO_PATH, plain, "{}", 0);
    SF_CHECK (response.status == 403 || response.status == 415);
    gt_response_clear (&response);
    //  A company-level grant: every plant.
    char *ehs = gt_login (stack, "ehs");
    SF_CHECK (s_count (stack, "SELECT count(*) FROM session WHERE login = 'ehs' AND company", NULL) == 1);
    free (ehs);
    free (cookie);
    free (token);
}

static void
s_wrong_password (gt_stack_t *stack)
{
    int64_t sessions = s_count (stack, "SELECT count(*) FROM session", NULL);
    const char *headers [] = { "Content-Type: application/json", "Accept-Language: en", NULL };
    gt_response_t response = gt_http (stack, "POST", S_LOGIN_PATH, headers,
                                      "{\"login\":\"worker\",\"password\":\"not-the-password\"}", 0);
    SF_CHECK (response.status == 401);
    SF_CHECK (strstr (response.body, "\"reason_zh\":\"登录名或密码错误\""));
    SF_CHECK (strstr (response.body, "\"detail\":\"Login or password wrong\""));
    SF_CHECK (!strstr (response.body, "not-the-password"));
    gt_response_clear (&response);
    //  An unknown login: the same answer.
    response = s_login (stack, "nobody-here", DT_PASSWORD);
    SF_CHECK (response.status == 401 && strstr (response.body, "\"reason_zh\":\"登录名或密码错误\""));
    gt_response_clear (&response);
    SF_CHECK (s_count (stack, "SELECT count(*) FROM session", NULL) == sessions);
    SF_CHECK (s_count (stack, "SELECT count(*) FROM login_failure WHERE login = $1", "worker") == 1);
    //  Neither a password nor anything but the failure is stored.
    SF_CHECK (s_count (stack, "SELECT count(*) FROM login_failure f WHERE position ('not-the-password' IN f::text) > 0",
                       NULL) == 0);
    s_exec (stack, "DELETE FROM login_failure", NULL);
}

static void
s_limits (gt_stack_t *stack)
{
    //  Five failures of leader's login in the window; the sixth attempt is refused without
    //  asking the directory, even with the right password.
    for (int i = 0; i < 5; i++) {
        gt_response_t response = s_login (stack, "leader", "wrong-again");
        SF_CHECK (response.status == 401);
        gt_response_clear (&response);
    }
    gt_response_t response = s_login (stack, "leader", DT_PASSWORD);
    SF_CHECK (response.status == 429);
    char *retry = gt_response_header (&response, "Retry-After");
    SF_CHECK (retry && atoi (retry) > 850 && atoi (retry) <= 900);
    free (retry);
    SF_CHECK (strstr (response.body, "\"code\":\"resource_exhausted\""));
    gt_response_clear (&response);
    SF_CHECK (s_count (stack, "SELECT count(*) FROM session WHERE login = 'leader'", NULL) == 0);
    //  Another login from the same address still may (5 failures < 20 per address).
    char *token = gt_login (stack, "worker");
    free (token);
    //  Per address: with a limit of 7, two more failures of other logins close the address.
    s_exec (stack, "UPDATE gateway_setting SET value = 7 WHERE key = 'login_failures_per_address'", NULL);
    for (int i = 0; i < 2; i++) {
        response = s_login (stack, i? "someone-else": "qmanager", "wrong");
        SF_CHECK (response.status == 401);
        gt_response_clear (&response);
    }
    response = s_login (stack, "qmanager", DT_PASSWORD);
    SF_CHECK (response.status == 429);
    retry = gt_response_header (&response, "Retry-After");
    SF_CHECK (retry && atoi (retry) > 0);
    free (retry);
    gt_response_clear (&response);
    //  The window passed (the failures aged by hand): allowed again.
    s_exec (stack, "UPDATE login_failure SET failed_ms = failed_ms - 901000", NULL);
    token = gt_login (stack, "leader");
    free (token);
    s_exec (stack, "UPDATE gateway_setting SET value = 20 WHERE key = 'login_failures_per_address'", NULL);
    s_exec (stack, "DELETE FROM login_failure", NULL);
}

static void
s_bad_tokens (gt_stack_t *stack)
{
    SF_CHECK (s_who_status (stack, "garbage") == 401);
    SF_CHECK (s_who_status (stack, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA") == 401);
    gt_response_t response = gt_http (stack, "POST", S_WHO_PATH, (const char *[]) { "Content-Type: application/json",
                                                                                     NULL }, "{}", 0);
    SF_CHECK (response.status == 401);
    char *challenge = gt_response_header (&response, "WWW-Authenticate");
    SF_CHECK (challenge && strcmp (challenge, "Bearer") == 0);
    free (challenge);
    gt_response_clear (&response);
    //  Past its absolute end; idle too long. Changed in the table as another gateway process
    //  would: seen once the gateway's cached read of the session is older than S_CACHE_MS.
    char *token = gt_login (stack, "worker");
    char *id = s_session_id (stack, token);
    s_exec (stack, "UPDATE session SET expires_ms = 1 WHERE session_id = $1", id);
    sf_test_sleep_ms (S_CACHE_PAST_MS);
    SF_CHECK (s_who_status (stack, token) == 401);
    free (token);
    free (id);
    token = gt_login (stack, "worker");
    id = s_session_id (stack, token);
    s_exec (stack, "UPDATE session SET last_used_ms = last_used_ms - 121 * 60000 WHERE session_id = $1", id);
    sf_test_sleep_ms (S_CACHE_PAST_MS);
    SF_CHECK (s_who_status (stack, token) == 401);
    free (token);
    free (id);
    //  Used within the minute: the use is not written again (the cache's hits included).
    token = gt_login (stack, "worker");
    id = s_session_id (stack, token);
    s_exec (stack, "UPDATE session SET last_used_ms = last_used_ms - 30000 WHERE session_id = $1", id);
    int64_t noted = s_count (stack, "SELECT last_used_ms FROM session WHERE session_id = $1", id);
    sf_test_sleep_ms (S_CACHE_PAST_MS);
    for (int i = 0; i < 5; i++)
        SF_CHECK (s_who_status (stack, token) == 200);
    SF_CHECK (s_count (stack, "SELECT last_used_ms FROM session WHERE session_id = $1", id) == noted);
    //  Last used over a minute ago: noted at the next request (once the cache reads it anew).
    s_exec (stack, "UPDATE session SET last_used_ms = last_used_ms - 31000 WHERE session_id = $1", id);
    sf_test_sleep_ms (S_CACHE_PAST_MS);
    SF_CHECK (s_who_status (stack, token) == 200);
    SF_CHECK (s_count (stack, "SELECT last_used_ms FROM session WHERE session_id = $1", id) > noted);
    free (token);
    free (id);
}

static void
s_logout (gt_stack_t *stack)
{
    char *token = gt_login (stack, "worker");
    gt_response_t response = gt_post (stack, token, "/api/v1/gateway.Gateway/Logout", "{}", NULL);
    SF_CHECK (response.status == 200);
    char *cookie = gt_response_header (&response, "Set-Cookie");
    SF_CHECK (cookie && strncmp (cookie, "sf_session=;", 12) == 0 && strstr (cookie, "Max-Age=0"));
    free (cookie);
    gt_response_clear (&response);
    SF_CHECK (s_who_status (stack, token) == 401);
    SF_CHECK (s_count (stack, "SELECT count(*) FROM session WHERE revoked_by = 'logout'", NULL) == 1);
    free (token);
}

static void
s_revoke (gt_stack_t *stack)
{
    char *first = gt_login (stack, "manager");
    char *second = gt_login (stack, "manager");
    char *worker = gt_login (stack, "worker");
    char *id = s_session_id (stack, second);
    char body [256];
    snprintf (body, sizeof body, "{\"sessionId\":\"%s\"}", id);
    //  Another's session: refused, and it stays open.
    gt_response_t response = gt_post (stack, worker, "/api/v1/gateway.Gateway/RevokeSession", body, NULL);
    SF_CHECK (response.status == 403);
    gt_response_clear (&response);
    SF_CHECK (s_who_status (stack, second) == 200);
    response = gt_post (stack, worker, "/api/v1/gateway.Gateway/ListSessions", "{\"login\":\"manager\"}", NULL);
    SF_CHECK (response.status == 403);
    gt_response_clear (&response);
    response = gt_post (stack, worker, "/api/v1/gateway.Gateway/RevokeSession", "{\"sessionId\":\"s-none\"}", NULL);
    SF_CHECK (response.status == 404);
    gt_response_clear (&response);
    //  One's own: listed, then ended.
    response = gt_post (stack, first, "/api/v1/gateway.Gateway/ListSessions", "{}", NULL);
    SF_CHECK (response.status == 200 && strstr (response.body, id));
    gt_response_clear (&response);
    response = gt_post (stack, first, "/api/v1/gateway.Gateway/RevokeSession", body, NULL);
    SF_CHECK (response.status == 200);
    gt_response_clear (&response);
    SF_CHECK (s_who_status (stack, second) == 401);
    SF_CHECK (s_who_status (stack, first) == 200);
    response = gt_post (stack, first, "/api/v1/gateway.Gateway/ListSessions", "{}", NULL);
    SF_CHECK (response.status == 200 && !strstr (response.body, id));
    gt_response_clear (&response);
    //  Every one of one's own.
    response = gt_post (stack, first, "/api/v1/gateway.Gateway/RevokeSession", "{\"revokeAll\":true}", NULL);
    SF_CHECK (response.status == 200);
    gt_response_clear (&response);
    SF_CHECK (s_who_status (stack, first) == 401);
    SF_CHECK (s_who_status (stack, worker) == 200);
    free (first);
    free (second);
    free (worker);
    free (id);
}

//  A session ended in the table by another gateway process (as if): this gateway may serve
//  it from its cache for at most S_CACHE_MS after it read it, and does within that time
//  (its read is newer than the request before the change), never after.
static void
s_other_process (gt_stack_t *stack)
{
    char *token = gt_login (stack, "worker");
    char *id = s_session_id (stack, token);
    int64_t before = sf_clock_mono_ms ();
    SF_CHECK (s_who_status (stack, token) == 200);
    s_exec (stack, "UPDATE session SET revoked_ms = 1, revoked_by = 'other' WHERE session_id = $1", id);
    long status = s_who_status (stack, token);
    if (sf_clock_mono_ms () - before < S_CACHE_MS)
        SF_CHECK (status == 200);
    sf_test_sleep_ms (S_CACHE_PAST_MS);
    SF_CHECK (s_who_status (stack, token) == 401);
    free (token);
    free (id);
}

//  Waits until token's session has ended (the gateway applies the directory's events).
static bool
s_ends (gt_stack_t *stack, const char *token)
{
    for (int waited = 0; waited < 15000; waited += 100) {
        if (s_who_status (stack, token) == 401)
            return true;
        sf_test_sleep_ms (100);
    }
    return false;
}

static void
s_directory_ends (gt_stack_t *stack)
{
    //  A grant added: the session's grants are stale, it ends; a new login holds both.
    char *token = gt_login (stack, "leader");
    Directory__GrantRole grant = DIRECTORY__GRANT_ROLE__INIT;
    grant.login = "leader";
    grant.role = "inspector";
    grant.node_code = (char *) gt_code (stack, "D1T1");
    sf_reply_t reply;
    SF_CHECK (sf_rpc_client_call_message (stack->base.org_admin, &grant.base, NULL, &reply) == SF_OK);
    sf_reply_clear (&reply);
    SF_CHECK (s_ends (stack, token));
    SF_CHECK (s_count (stack, "SELECT count(*) FROM session WHERE login = 'leader' AND revoked_by = 'directory'",
                       NULL) >= 1);
    free (token);
    token = gt_login (stack, "leader");
    SF_CHECK (s_count (stack, "SELECT count(*) FROM session WHERE login = 'leader' AND revoked_ms IS NULL "
                              "AND roles @> '{inspector,team_leader}'", NULL) == 1);
    //  The event applied again (a replay) ends no session opened after it.
    sf_test_sleep_ms (500);
    SF_CHECK (s_who_status (stack, token) == 200);
    free (token);
    //  A disabled account: its sessions end, and it cannot log in.
    token = gt_login (stack, "qmanager");
    Directory__DisableAccount disable = DIRECTORY__DISABLE_ACCOUNT__INIT;
    disable.login = "qmanager";
    SF_CHECK (sf_rpc_client_call_message (stack->base.org_admin, &disable.base, NULL, &reply) == SF_OK);
    sf_reply_clear (&reply);
    SF_CHECK (s_ends (stack, token));
    gt_response_t response = s_login (stack, "qmanager", DT_PASSWORD);
    SF_CHECK (response.status == 401);
    gt_response_clear (&response);
    free (token);
}

int
main (void)
{
    gt_stack_t stack;
    gt_stack_start (&stack, "gwsess", NULL);
    s_login_ok (&stack);
    s_wrong_password (&stack);
    s_limits (&stack);
    s_bad_tokens (&stack);
    s_logout (&stack);
    s_revoke (&stack);
    s_other_process (&stack);
    s_directory_ends (&stack);
    gt_stack_stop (&stack);
    return 0;
}
