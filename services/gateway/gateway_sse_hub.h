/*  gateway_sse_hub: the SSE clients and what the two threads of gateway_sse_reader.c hand
    them (gateway_sse.h for the whole picture). Every client's state is under the hub's one
    lock: the reader's fan-out, the history thread's hand-over, the HTTP pool's fill and
    closed. Wakes happen under that lock, and closed takes it, so no stream is woken after it
    closed (gateway_http.h).                                                                 */
#ifndef GATEWAY_SSE_HUB_H_INCLUDED
#define GATEWAY_SSE_HUB_H_INCLUDED

#include "gateway.h"
#include "gateway_session.h"
#include "gateway_sse.h"
#include "sf_stream.h"

#include <pthread.h>

typedef struct _gw_sse_client_t gw_sse_client_t;

typedef struct {
    const char *redis_host;
    int redis_port;
    int redis_timeout_ms;
    size_t buffer_limit;                 //  gateway.sse_client_buffer_bytes
    int heartbeat_ms;                    //  gateway.sse_heartbeat_s
    gw_state_t *state;                   //  for the sessions' check; NULL: none (unit tests)
} gw_sse_options_t;

struct _gw_sse_t {
    gw_sse_topics_t topics;
    char streams [GW_SSE_TOPICS_MAX][SF_STREAM_NAME_MAX];
    char *redis_host;
    int redis_port;
    int redis_timeout_ms;
    size_t buffer_limit;
    int heartbeat_ms;
    gw_state_t *state;
    bool sessions_changed;               //  a session was ended here: check the clients' now
    pthread_mutex_t lock;
    pthread_cond_t history_wake;         //  a client has history to read, or room for more
    bool ready;                          //  the reader knows where every stream ends
    bool stopping;
    gw_sse_pos_t live [GW_SSE_TOPICS_MAX];   //  the reader's position: events up to here are out
    gw_sse_client_t *clients;
    size_t client_count;
    uint64_t history_rounds;
    gw_sse_frame_t *heartbeat;
    pthread_t reader;
    pthread_t history;
    bool threads_started;
};

//  NULL (logged) when daemons names no topic that can be followed.
gw_sse_t *gw_sse_hub_new (const char *daemons, const gw_sse_options_t *options);
//  Stops the threads and ends every client's stream (each ends when its connection can take
//  the end); new clients are refused. The hub stays for the HTTP server, stopped later, whose
//  requests and closed calls may still come.
void gw_sse_hub_stop (gw_sse_t *self);
//  Frees a hub without clients (a start that failed, a unit test).
void gw_sse_hub_destroy (gw_sse_t **self_p);

//  A client for req, streaming from now (cursor NULL) or after cursor (one position per
//  topic). Takes who and filter (cleared in the caller). 0 with the stream begun; -1 when the
//  hub is not ready (req not answered).
int gw_sse_hub_attach (gw_sse_t *self, gw_req_t *req, gw_who_t *who, gw_sse_filter_t *filter,
                       const gw_sse_pos_t *cursor);
size_t gw_sse_hub_clients (gw_sse_t *self);

//  The reader thread: where it starts; then each batch of events (frames [i] is events [i]'s,
//  positions where the reader stands after them) fanned out to the clients that want them;
//  a heartbeat to every client.
void gw_sse_hub_ready (gw_sse_t *self, const gw_sse_pos_t *positions);
void gw_sse_hub_publish (gw_sse_t *self, gw_sse_event_t **events, gw_sse_frame_t **frames, size_t count,
                         const gw_sse_pos_t *positions);
void gw_sse_hub_heartbeat (gw_sse_t *self);

//  The reader thread, at every heartbeat (at least every GW_SSE_SESSION_CHECK_MS) and soon
//  after gw_sse_sessions_changed: the sessions of every client in one query
//  (gw_session_check_streams, which also notes them as in use); a client whose session has
//  ended gets a last message, "event: session_ended" with data
//  {"code":"unauthenticated","reason":"logout",...,"reason_zh":"…","reason_en":"…"}, and its
//  stream ends. What was queued for it and not begun is dropped.
#define GW_SSE_SESSION_CHECK_MS 15000
void gw_sse_hub_check_sessions (gw_sse_t *self);
//  Whether gw_sse_sessions_changed asked for a check since the last one.
bool gw_sse_hub_sessions_changed (gw_sse_t *self);

//  For the session part: a session was ended here (Logout, RevokeSession, the directory's
//  event): the streams check their sessions within a second instead of at the next
//  heartbeat. Any thread.
void gw_sse_sessions_changed (gw_state_t *state);

//  The history thread: the client whose history is next to read (held until job_done), with
//  the range still to read, after from up to to; NULL after waiting at most wait_ms.
gw_sse_client_t *gw_sse_hub_next_job (gw_sse_t *self, int wait_ms, gw_sse_pos_t *from, gw_sse_pos_t *to);
//  The client's scope and filter (fixed for its life).
bool gw_sse_client_wants (const gw_sse_client_t *client, const gw_sse_event_t *event);
//  Hands count frames of history to the client (taking them), read up to from; done: the
//  history is all read, the live events kept aside follow, and the client is live.
void gw_sse_hub_job_done (gw_sse_t *self, gw_sse_client_t *client, gw_sse_frame_t **frames, size_t count,
                          const gw_sse_pos_t *from, bool done);

//  The threads of gateway_sse_reader.c.
int gw_sse_reader_start (gw_sse_t *self);
void gw_sse_reader_stop (gw_sse_t *self);

#endif
