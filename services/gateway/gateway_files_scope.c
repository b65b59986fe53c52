/*  gateway_files_scope: the daemons decide who reads a linked file (gateway_files_scope.h).
    The forwarder's thread only keeps a reply and resumes the request; the next object is
    asked, or the verdict given, on a pool thread.                                           */
#include "gateway_api.h"
#include "gateway_files_scope.h"
#include "inspection.pb-c.h"
#include "rectification.pb-c.h"
#include "sf_codec.h"
#include "sf_log.h"

#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    gw_state_t *state;
    gw_req_t *req;
    char login [65];
    char org [GW_API_ORG_MAX + 1];
    gw_file_scope_t scope;
    int next;                        //  the object asked now, then the one after it
    bool unavailable;                //  a daemon did not answer
    bool down [2];                   //  inspection, rectification: not asked again once late
    gw_files_verdict_fn *done;
    void *arg;
    void (*arg_free) (void *arg);
    pthread_mutex_t lock;            //  the reply's status, set on the forwarder's thread
    bool replied;
    sf_status_t status;
} s_ask_t;

int
gw_files_scope_find (sf_db_t *db, const char *sha256, const gw_who_t *who, gw_file_scope_t *scope)
{
    memset (scope, 0, sizeof *scope);
    char *plants = sf_db_array_literal (who->plants, who->plant_count);
    char limit [8];
    snprintf (limit, sizeof limit, "%d", GW_FILES_SCOPE_OBJECTS);
    const char *params [] = { sha256, who->login, plants, who->company? "t": "f", limit };
    //  One row at least: the flags, and the objects in who's plants (none: NULLs).
    sf_rows_t *rows = sf_db_query (db,
        "SELECT l.object_kind, l.object_id,"
        "       EXISTS (SELECT 1 FROM blob_uploader u WHERE u.sha256 = $1 AND u.login = $2),"
        "       EXISTS (SELECT 1 FROM blob_link a WHERE a.sha256 = $1) "
        "FROM (SELECT 1) one LEFT JOIN LATERAL ("
        "  SELECT object_kind, object_id FROM blob_link"
        "  WHERE sha256 = $1 AND ($4::boolean OR plant = ANY ($3::text[]))"
        "  ORDER BY linked_ms DESC, object_kind, object_id LIMIT $5::integer) l ON true",
        5, params);
    free (plants);
    if (!rows)
        return -1;
    for (int row = 0; row < sf_rows_count (rows); row++) {
        scope->uploader = sf_rows_bool (rows, row, 2);
        scope->linked = sf_rows_bool (rows, row, 3);
        if (sf_rows_is_null (rows, row, 0) || scope->count == GW_FILES_SCOPE_OBJECTS)
            continue;
        gw_file_object_t *object = &scope->objects [scope->count++];
        snprintf (object->kind, sizeof object->kind, "%s", sf_rows_text (rows, row, 0));
        snprintf (object->id, sizeof object->id, "%s", sf_rows_text (rows, row, 1));
    }
    sf_rows_destroy (&rows);
    return 0;
}

static void
s_ask_free (void *data)
{
    s_ask_t *ask = data;
    if (ask->arg_free)
        ask->arg_free (ask->arg);
    pthread_mutex_destroy (&ask->lock);
    free (ask);
}

//  The forwarder's thread: keep the status, wake the request.
static void
s_replied (void *arg, sf_reply_t *reply)
{
    s_ask_t *ask = arg;
    pthread_mutex_lock (&ask->lock);
    ask->status = reply->status;
    ask->replied = true;
    pthread_mutex_unlock (&ask->lock);
    gw_req_resume (ask->req);
}

//  0 for inspection, 1 for rectification: the daemon owning an object of kind.
static int
s_daemon_of (const char *kind)
{
    return strcmp (kind, "finding") == 0? 0: 1;
}

//  True when an object asked before is the same request (a form and its evidence).
static bool
s_asked (const s_ask_t *ask, int index)
{
    const gw_file_object_t *object = &ask->scope.objects [index];
    for (int i = 0; i < index; i++)
        if (s_daemon_of (ask->scope.objects [i].kind) == s_daemon_of (object->kind)
        &&  strcmp (ask->scope.objects [i].id, object->id) == 0)
            return true;
    return false;
}

static void s_then (gw_req_t *req, void *arg);

//  Sends the read of object index as the account; s_then follows.
static void
s_send (s_ask_t *ask, int index)
{
    const gw_file_object_t *object = &ask->scope.objects [index];
    int daemon = s_daemon_of (object->kind);
    ProtobufCMessage *message;
    Inspection__GetFinding finding = INSPECTION__GET_FINDING__INIT;
    Rectification__GetForm form = RECTIFICATION__GET_FORM__INIT;
    if (daemon == 0) {
        finding.number = (char *) object->id;
        message = &finding.base;
    }
    else {
        form.number = (char *) object->id;
        message = &form.base;
    }
    char request_id [GW_API_ID_SIZE];
    gw_api_request_id (gw_req_header (ask->req, "X-Request-Id"), request_id);
    sf_request_t request = { 0 };
    request.request_id = strdup (request_id);
    request.actor.user_id = strdup (ask->login);
    request.actor.org_node = strdup (ask->org);
    request.type = strdup (message->descriptor->name);
    request.body = sf_codec_pack (message, &request.body_size);
    char trace [GW_API_TRACE_SIZE];
    if (gw_api_trace_id (gw_req_header (ask->req, "traceparent"), trace) == 0)
        request.trace_id = strdup (trace);
    ask->next = index;
    pthread_mutex_lock (&ask->lock);
    ask->replied = false;
    pthread_mutex_unlock (&ask->lock);
    gw_req_wait (ask->req, s_then, ask);
    gw_forward_send (ask->state->forward, daemon == 0? "inspection": "rectification", &request,
                     ask->state->request_timeout_ms, s_replied, ask);
    sf_request_clear (&request);
}

//  From index on: the next object worth asking, or the verdict.
static void
s_next (s_ask_t *ask, int index)
{
    for (; index < ask->scope.count; index++)
        if (!s_asked (ask, index) && !ask->down [s_daemon_of (ask->scope.objects [index].kind)]) {
            s_send (ask, index);
            return;
        }
    ask->done (ask->req, ask->unavailable? GW_FILES_UNAVAILABLE: GW_FILES_REFUSED, ask->arg);
}

//  A pool thread: the answer about object ask->next.
static void
s_then (gw_req_t *req, void *arg)
{
    s_ask_t *ask = arg;
    pthread_mutex_lock (&ask->lock);
    bool replied = ask->replied;
    sf_status_t status = ask->status;
    pthread_mutex_unlock (&ask->lock);
    const gw_file_object_t *object = &ask->scope.objects [ask->next];
    if (replied && status == SF_OK) {
        ask->done (req, GW_FILES_GRANTED, ask->arg);
        return;
    }
    //  Resumed by the server stopping, or the daemon late or away: no verdict from it.
    if (!replied || status == SF_UNAVAILABLE || status == SF_DEADLINE_EXCEEDED) {
        sf_warn ("gateway: %s reading %s %s for a file: no answer", ask->login, object->kind, object->id);
        ask->unavailable = true;
        ask->down [s_daemon_of (object->kind)] = true;
        if (!replied) {
            ask->done (req, GW_FILES_UNAVAILABLE, ask->arg);
            return;
        }
    }
    s_next (ask, ask->next + 1);
}

void
gw_files_scope_ask (gw_state_t *state, gw_req_t *req, const char *login, const gw_file_scope_t *scope,
                    gw_files_verdict_fn *done, void *arg, void (*arg_free) (void *arg))
{
    s_ask_t *ask = calloc (1, sizeof *ask);
    assert (ask);
    ask->state = state;
    ask->req = req;
    snprintf (ask->login, sizeof ask->login, "%s", login);
    const char *org = gw_req_header (req, "Sf-Org");
    if (org && gw_api_token_ok (org, GW_API_ORG_MAX))
        snprintf (ask->org, sizeof ask->org, "%s", org);
    ask->scope = *scope;
    ask->done = done;
    ask->arg = arg;
    ask->arg_free = arg_free;
    pthread_mutex_init (&ask->lock, NULL);
    gw_req_set_data (req, ask, s_ask_free);
    s_next (ask, 0);
}
