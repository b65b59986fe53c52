/*  sf_log_limit: keeps a flood of bad input from becoming a flood of log lines. A peer that
    sends 100,000 bad frames would otherwise write 100,000 lines: the disk fills, and the
    lines that matter drown. Each window (a second, say) a peer may log a few lines and all
    peers together a bounded number; the rest are counted, and when the window is over one
    line says how many were suppressed, from how many peers, and which sent the most. So a
    window writes at most all_lines + 1 lines, whatever comes in.

    Peers are named by the caller (an identity, an address); the limiter keeps no more than
    SF_LOG_LIMIT_PEERS_MAX of them per window (the others share one count). One thread
    only: the rpc server's socket thread owns its limiter.                                   */
#ifndef SF_LOG_LIMIT_H_INCLUDED
#define SF_LOG_LIMIT_H_INCLUDED

#include <stdbool.h>
#include <stdint.h>

//  Peers told apart per window; beyond this many a flood of fresh names (new connections)
//  shares one count instead of growing the table.
#define SF_LOG_LIMIT_PEERS_MAX 1024

typedef struct _sf_log_limit_t sf_log_limit_t;

//  what names the lines in the summary ("bad requests"); each window_ms, at most peer_lines
//  lines per peer and all_lines lines in all.
sf_log_limit_t *sf_log_limit_new (const char *what, int peer_lines, int all_lines, int64_t window_ms);
void sf_log_limit_destroy (sf_log_limit_t **self_p);

//  True when a line about peer may be written at now_ms (a monotonic clock); false counts it
//  as suppressed. Ends the window first when it is over (writing its summary).
bool sf_log_limit_allow (sf_log_limit_t *self, const char *peer, int64_t now_ms);

//  Ends the window when it is over at now_ms, writing one warning line when lines were
//  suppressed in it. Call it about once a window, so that a flood that stopped is told too.
void sf_log_limit_flush (sf_log_limit_t *self, int64_t now_ms);

//  Lines suppressed since the limiter was made; for tests and status.
uint64_t sf_log_limit_suppressed (sf_log_limit_t *self);

#endif
