/*  sf_log_limit: fixed windows, a hash of the peers seen in the current one, emptied when
    it ends.                                                                                 */
#include "sf_log_limit.h"
#include "sf_log.h"

#include <assert.h>
#include <czmq.h>
#include <stdlib.h>
#include <string.h>

//  The name that stands for every peer past SF_LOG_LIMIT_PEERS_MAX in a window.
#define S_OTHERS "(other peers)"

typedef struct {
    int lines;                       //  written in this window
    uint64_t suppressed;             //  not written in this window
} s_peer_t;

struct _sf_log_limit_t {
    char *what;
    int peer_lines;
    int all_lines;
    int64_t window_ms;
    int64_t window_start_ms;
    zhashx_t *peers;                 //  name -> s_peer_t, for the current window
    int lines;                       //  written in this window, all peers
    uint64_t suppressed;             //  not written in this window, all peers
    uint64_t suppressed_total;
};

static void
s_peer_destroy (void **item)
{
    free (*item);
    *item = NULL;
}

sf_log_limit_t *
sf_log_limit_new (const char *what, int peer_lines, int all_lines, int64_t window_ms)
{
    assert (what && peer_lines >= 0 && all_lines >= 0 && window_ms > 0);
    sf_log_limit_t *self = calloc (1, sizeof *self);
    assert (self);
    self->what = strdup (what);
    self->peers = zhashx_new ();
    assert (self->what && self->peers);
    zhashx_set_destructor (self->peers, s_peer_destroy);
    self->peer_lines = peer_lines;
    self->all_lines = all_lines;
    self->window_ms = window_ms;
    self->window_start_ms = INT64_MIN;
    return self;
}

void
sf_log_limit_destroy (sf_log_limit_t **self_p)
{
    assert (self_p);
    sf_log_limit_t *self = *self_p;
    if (self) {
        zhashx_destroy (&self->peers);
        free (self->what);
        free (self);
        *self_p = NULL;
    }
}

//  The summary of a window in which lines were suppressed: how many, from how many peers,
//  and the peer that sent the most.
static void
s_summarise (sf_log_limit_t *self, int64_t now_ms)
{
    const char *top = NULL;
    uint64_t top_count = 0;
    size_t peers = 0;
    for (s_peer_t *peer = (s_peer_t *) zhashx_first (self->peers); peer; peer = (s_peer_t *) zhashx_next (self->peers))
        if (peer->suppressed) {
            peers++;
            if (peer->suppressed > top_count) {
                top_count = peer->suppressed;
                top = (const char *) zhashx_cursor (self->peers);
            }
        }
    sf_warn ("%s: %llu log lines suppressed in the last %.1f s, from %zu peer%s (most from %s: %llu)",
             self->what, (unsigned long long) self->suppressed,
             (double) (now_ms - self->window_start_ms) / 1000.0, peers, peers == 1? "": "s",
             top? top: "?", (unsigned long long) top_count);
}

void
sf_log_limit_flush (sf_log_limit_t *self, int64_t now_ms)
{
    assert (self);
    if (self->window_start_ms != INT64_MIN && now_ms - self->window_start_ms < self->window_ms)
        return;
    if (self->suppressed)
        s_summarise (self, now_ms);
    zhashx_purge (self->peers);
    self->lines = 0;
    self->suppressed = 0;
    self->window_start_ms = now_ms;
}

bool
sf_log_limit_allow (sf_log_limit_t *self, const char *peer, int64_t now_ms)
{
    assert (self);
    sf_log_limit_flush (self, now_ms);
    const char *name = peer && *peer? peer: "?";
    s_peer_t *entry = (s_peer_t *) zhashx_lookup (self->peers, name);
    if (!entry && zhashx_size (self->peers) >= SF_LOG_LIMIT_PEERS_MAX)
        entry = (s_peer_t *) zhashx_lookup (self->peers, name = S_OTHERS);
    if (!entry) {
        entry = calloc (1, sizeof *entry);
        assert (entry);
        zhashx_insert (self->peers, name, entry);
    }
    if (entry->lines < self->peer_lines && self->lines < self->all_lines) {
        entry->lines++;
        self->lines++;
        return true;
    }
    entry->suppressed++;
    self->suppressed++;
    self->suppressed_total++;
    return false;
}

uint64_t
sf_log_limit_suppressed (sf_log_limit_t *self)
{
    assert (self);
    return self->suppressed_total;
}
