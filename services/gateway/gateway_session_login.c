/*  gateway_session_login: gateway.Login (README.md, "Sessions").

    On a pool thread: the limits on failed logins (429 without asking anyone), then
    directory.Login as the account itself over the forwarder (the gateway's key is a front's:
    it names the person; the directory checks the password with Argon2id). The connection
    waits, holding no thread. With the account: directory.GetNode of each grant's node, one
    after the other, for the plant it lies in (a company-level node has none: every plant).
    Then the session is stored (the token's hash only) and the token given once, in the body
    and as the cookie. Neither the password nor the token is ever logged.                    */
#include "gateway_session_parts.h"
#include "gateway_problem.h"
#include "gateway_session_store.h"
#include "directory.pb-c.h"
#include "sf_clock.h"
#include "sf_log.h"
#include "sf_pb.h"
#include "sf_uuid.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define S_LOGIN_MAX 64               //  directory.Account.login: [a-z0-9._-]{3,64}

typedef struct {
    gw_state_t *state;
    gw_req_t *req;
    char *login;
    sf_reply_t reply;                //  the last one, moved here on the forwarder's thread
    atomic_bool replied;             //  the last ask was answered (else resumed by the stop)
    Directory__Account *account;
    size_t grant;                    //  the grant whose node is being asked
    char **plants;
    size_t plant_count;
    bool company;
} s_login_t;

static void
s_login_free (void *arg)
{
    s_login_t *self = arg;
    free (self->login);
    sf_reply_clear (&self->reply);
    sf_pb_destroy (&self->account);
    for (size_t i = 0; i < self->plant_count; i++)
        free (self->plants [i]);
    free (self->plants);
    free (self);
}

//  On the forwarder's thread: keep the reply, wake the request.
static void
s_done (void *arg, sf_reply_t *reply)
{
    s_login_t *self = arg;
    sf_reply_clear (&self->reply);
    self->reply = *reply;
    memset (reply, 0, sizeof *reply);
    atomic_store (&self->replied, true);
    gw_req_resume (self->req);
}

//  Sends message to the directory as the account; then (req, self) follows.
static void
s_ask (s_login_t *self, const ProtobufCMessage *message, gw_handler_fn *then)
{
    char request_id [SF_UUID_LEN + 1];
    sf_uuid_generate (request_id);
    sf_request_t request = { 0 };
    request.request_id = request_id;
    request.actor.user_id = self->login;
    request.type = (char *) message->descriptor->name;
    size_t size = protobuf_c_message_get_packed_size (message);
    request.body = malloc (size + 1);
    request.body_size = protobuf_c_message_pack (message, request.body);
    atomic_store (&self->replied, false);
    gw_req_wait (self->req, then, self);
    gw_forward_send (self->state->forward, "directory", &request, self->state->request_timeout_ms, s_done, self);
    sodium_memzero (request.body, size);
    free (request.body);
}

static void
s_unavailable (gw_req_t *req, const char *what)
{
    gw_problem_http (req, 503, "unavailable", "登录暂时无法完成，请稍后重试", "Logging in is not possible now; try again later",
                     1000);
    sf_warn ("gateway: login refused for now: %s", what);
}

//  The reply was not OK: a refusal of the person (wrong password, unknown or disabled
//  account) counts as a failure and gets one reason for all; the directory's own trouble is
//  passed on.
static void
s_refused (s_login_t *self)
{
    sf_status_t status = self->reply.status;
    if (status != SF_PERMISSION_DENIED && status != SF_NOT_FOUND && status != SF_INVALID_ARGUMENT) {
        gw_problem_status (self->req, status, self->reply.reason_zh, self->reply.reason_en, self->reply.request_id,
                           self->reply.retry_after_ms);
        return;
    }
    sf_db_t *db = gw_db (self->state);
    if (!db || gw_login_failed (db, self->login, gw_req_address (self->req), sf_clock_now_ms ()))
        sf_warn ("gateway: a failed login of %s from %s could not be counted", self->login,
                 gw_req_address (self->req));
    sf_info ("gateway: login of %s from %s failed", self->login, gw_req_address (self->req));
    gw_req_add_header (self->req, "WWW-Authenticate", "Bearer");
    gw_problem_http (self->req, 401, "unauthenticated", "登录名或密码错误", "Login or password wrong", 0);
}

static void
s_create (s_login_t *self)
{
    const gw_session_settings_t *settings = gw_session_settings ();
    sf_db_t *db = gw_db (self->state);
    if (!db) {
        s_unavailable (self->req, "no database");
        return;
    }
    char token [GW_TOKEN_TEXT], session_id [GW_SESSION_ID_TEXT];
    gw_session_new_t session = {
        .session_id = session_id, .account = self->account, .address = gw_req_address (self->req),
        .created_ms = sf_clock_now_ms (), .plants = self->plants, .plant_count = self->plant_count,
        .company = self->company,
    };
    const char *agent = gw_req_header (self->req, "User-Agent");
    session.user_agent = agent && strlen (agent) < 256? agent: "";
    session.expires_ms = session.created_ms + settings->max_ms;
    gw_token_new (token, session.token_hash);
    gw_session_id_new (session_id);
    if (gw_session_store_insert (db, &session)) {
        s_unavailable (self->req, sf_db_error (db));
        sodium_memzero (token, sizeof token);
        return;
    }
    if (gw_login_succeeded (db, self->login))
        sf_warn ("gateway: forgetting the failed logins of %s: %s", self->login, sf_db_error (db));
    sf_info ("gateway: %s logged in from %s: session %s", self->login, session.address, session_id);
    Gateway__Session reply = GATEWAY__SESSION__INIT;
    reply.token = token;
    reply.login = self->account->login;
    reply.created_ms = session.created_ms;
    reply.expires_ms = session.expires_ms;
    reply.account = self->account;
    reply.session_id = session_id;
    gw_session_cookie (self->req, token, settings->max_ms / 1000);
    gw_session_reply (self->req, &reply.base);
    sodium_memzero (token, sizeof token);
}

static void s_on_node (gw_req_t *req, void *arg);

//  Asks for the next grant's node not asked yet; after the last, the session.
static void
s_next_grant (s_login_t *self)
{
    for (; self->grant < self->account->n_grants; self->grant++) {
        const char *code = self->account->grants [self->grant]->node_code;
        bool asked = false;
        for (size_t g = 0; g < self->grant && !asked; g++)
            asked = strcmp (self->account->grants [g]->node_code, code) == 0;
        if (asked)
            continue;
        Directory__GetNode request = DIRECTORY__GET_NODE__INIT;
        request.code = (char *) code;
        s_ask (self, &request.base, s_on_node);
        return;
    }
    s_create (self);
}

static void
s_on_node (gw_req_t *req, void *arg)
{
    s_login_t *self = arg;
    if (!atomic_load (&self->replied)) {
        s_unavailable (req, "the gateway is stopping");
        return;
    }
    const char *code = self->account->grants [self->grant]->node_code;
    if (self->reply.status == SF_OK) {
        Directory__Node *node = directory__node__unpack (NULL, self->reply.body_size, self->reply.body);
        if (!node) {
            s_unavailable (req, "the directory's node is not a directory.Node");
            return;
        }
        if (!*node->plant_code)
            self->company = true;
        else {
            bool known = false;
            for (size_t i = 0; i < self->plant_count && !known; i++)
                known = strcmp (self->plants [i], node->plant_code) == 0;
            if (!known)
                sf_pb_add_string (&self->plants, &self->plant_count, node->plant_code);
        }
        sf_pb_destroy (&node);
    }
    else
    if (self->reply.status == SF_NOT_FOUND || self->reply.status == SF_PERMISSION_DENIED)
        sf_warn ("gateway: %s's grant on %s: its node cannot be read (%s): the session covers no plant for it",
                 self->login, code, self->reply.reason_en? self->reply.reason_en: "");
    else {
        gw_problem_status (req, self->reply.status, self->reply.reason_zh, self->reply.reason_en,
                           self->reply.request_id, self->reply.retry_after_ms);
        return;
    }
    self->grant++;
    s_next_grant (self);
}

static void
s_on_login (gw_req_t *req, void *arg)
{
    s_login_t *self = arg;
    if (!atomic_load (&self->replied)) {
        s_unavailable (req, "the gateway is stopping");
        return;
    }
    if (self->reply.status != SF_OK) {
        s_refused (self);
        return;
    }
    self->account = directory__account__unpack (NULL, self->reply.body_size, self->reply.body);
    if (!self->account || strcmp (self->account->login, self->login) != 0) {
        s_unavailable (req, "the directory's answer to Login is not the account asked for");
        return;
    }
    s_next_grant (self);
}

void
gw_session_login (gw_state_t *state, gw_req_t *req, const Gateway__Login *login)
{
    if (!*login->login || !*login->password) {
        gw_problem_http (req, 400, "invalid_argument", "请输入登录名和密码", "Login and password are required", 0);
        return;
    }
    sf_db_t *db = gw_db (state);
    if (!db) {
        s_unavailable (req, "no database");
        return;
    }
    //  Counted under the form the directory takes at most: a longer one is wrong anyway.
    char name [S_LOGIN_MAX + 1];
    snprintf (name, sizeof name, "%s", login->login);
    const char *address = gw_req_address (req);
    int64_t retry_after_ms = 0;
    int limited = gw_login_limited (db, name, address, sf_clock_now_ms (), &retry_after_ms);
    if (limited < 0) {
        s_unavailable (req, sf_db_error (db));
        return;
    }
    if (limited) {
        sf_warn ("gateway: login of %s from %s refused: too many failed logins (for %" PRId64 " s more)", name,
                 address, (retry_after_ms + 999) / 1000);
        gw_problem_http (req, 429, "resource_exhausted", "登录失败次数过多，请稍后再试",
                         "Too many failed logins; try again later", retry_after_ms);
        return;
    }
    if (strlen (login->login) > S_LOGIN_MAX) {
        gw_login_failed (db, name, address, sf_clock_now_ms ());
        gw_req_add_header (req, "WWW-Authenticate", "Bearer");
        gw_problem_http (req, 401, "unauthenticated", "登录名或密码错误", "Login or password wrong", 0);
        return;
    }
    s_login_t *self = calloc (1, sizeof *self);
    self->state = state;
    self->req = req;
    self->login = strdup (name);
    gw_req_set_data (req, self, s_login_free);
    Directory__Login request = DIRECTORY__LOGIN__INIT;
    request.login = self->login;
    request.password = login->password;
    s_ask (self, &request.base, s_on_login);
}
