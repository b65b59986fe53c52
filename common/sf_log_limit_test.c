/*  sf_log_limit: a few lines per peer and a bounded number in all per window, one summary
    line per window that suppressed any, naming the count and the busiest peer; a flood of
    fresh peer names does not grow the table past its bound.                                 */
#include "sf_log.h"
#include "sf_log_limit.h"
#include "sf_testkit.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define PEER_LINES 3
#define ALL_LINES 10
#define WINDOW_MS 1000

static int s_pipe [2];

//  Lines logged since the last call; *last (last may be NULL) points to the last one, valid
//  until the next call.
static int
s_lines (const char **last)
{
    static char text [65536];
    ssize_t got = read (s_pipe [0], text, sizeof text - 1);
    if (got <= 0)
        return 0;
    text [got] = 0;
    int lines = 0;
    const char *start = text;
    for (char *at = text; *at; at++)
        if (*at == '\n') {
            lines++;
            if (last && at [1])
                start = at + 1;
        }
    if (last)
        *last = start;
    return lines;
}

//  How many of count attempts about peer at now_ms the limiter lets through.
static int
s_allowed (sf_log_limit_t *limit, const char *peer, int count, int64_t now_ms)
{
    int allowed = 0;
    for (int i = 0; i < count; i++)
        allowed += sf_log_limit_allow (limit, peer, now_ms);
    return allowed;
}

static void
s_one_peer (void)
{
    sf_log_limit_t *limit = sf_log_limit_new ("bad requests", PEER_LINES, ALL_LINES, WINDOW_MS);
    //  100,000 bad frames in one window: three lines, nothing said yet of the rest.
    SF_CHECK (s_allowed (limit, "10.0.0.1", 100000, 5000) == PEER_LINES);
    SF_CHECK (s_lines (NULL) == 0);
    SF_CHECK (sf_log_limit_suppressed (limit) == 100000 - PEER_LINES);
    //  The window ends: one line tells the count and the peer.
    sf_log_limit_flush (limit, 5000 + WINDOW_MS - 1);
    SF_CHECK (s_lines (NULL) == 0);
    sf_log_limit_flush (limit, 5000 + WINDOW_MS);
    const char *last;
    SF_CHECK (s_lines (&last) == 1);
    SF_CHECK (strstr (last, "bad requests: 99997 log lines suppressed"));
    SF_CHECK (strstr (last, "from 1 peer (most from 10.0.0.1: 99997)"));
    //  A quiet window says nothing; the next one has a fresh allowance.
    sf_log_limit_flush (limit, 5000 + 3 * WINDOW_MS);
    SF_CHECK (s_lines (NULL) == 0);
    SF_CHECK (s_allowed (limit, "10.0.0.1", 5, 5000 + 3 * WINDOW_MS) == PEER_LINES);
    //  ... and allow itself ends a window that is over.
    SF_CHECK (s_allowed (limit, "10.0.0.1", 1, 5000 + 5 * WINDOW_MS) == 1);
    SF_CHECK (s_lines (&last) == 1);
    SF_CHECK (strstr (last, "2 log lines suppressed"));
    sf_log_limit_destroy (&limit);
    sf_log_limit_destroy (&limit);
    SF_CHECK (!limit);
}

static void
s_many_peers (void)
{
    sf_log_limit_t *limit = sf_log_limit_new ("bad requests", PEER_LINES, ALL_LINES, WINDOW_MS);
    //  A quiet peer keeps its lines while a loud one is held to its share.
    SF_CHECK (s_allowed (limit, "loud", 1000, 0) == PEER_LINES);
    SF_CHECK (s_allowed (limit, "quiet", 1, 0) == 1);
    //  Many peers together get ALL_LINES in all; fresh names beyond the table's bound share
    //  one count.
    int allowed = 0;
    char name [32];
    for (int i = 0; i < 3 * SF_LOG_LIMIT_PEERS_MAX; i++) {
        snprintf (name, sizeof name, "peer-%d", i);
        allowed += s_allowed (limit, name, 2, 0);
    }
    SF_CHECK (allowed == ALL_LINES - PEER_LINES - 1);
    sf_log_limit_flush (limit, WINDOW_MS);
    const char *last;
    SF_CHECK (s_lines (&last) == 1);
    SF_CHECK (strstr (last, "most from (other peers)"));
    SF_CHECK (strstr (last, "from 1021 peers"));      //  loud, peer-3 .. peer-1021, the others
    sf_log_limit_destroy (&limit);
}

int
main (void)
{
    SF_CHECK (pipe (s_pipe) == 0);
    SF_CHECK (fcntl (s_pipe [0], F_SETFL, O_NONBLOCK) == 0);
    sf_log_set_fd (s_pipe [1]);
    s_one_peer ();
    s_many_peers ();
    sf_log_set_fd (STDERR_FILENO);
    return 0;
}
