/*  sf_stream: the Redis stream names events travel on, "<prefix>:events:<topic>". The prefix
    is redis.stream_prefix ("sf" by default); tests give each run its own, so the daemons of
    one test never see the events of another.                                              */
#ifndef SF_STREAM_H_INCLUDED
#define SF_STREAM_H_INCLUDED

#include <stddef.h>

//  A name, with its terminating null, fits in this many bytes; a longer one is a bug.
#define SF_STREAM_NAME_MAX 96

//  Sets the prefix for this process (once, at start-up, before any thread uses it); NULL
//  or "" means "sf". Names handed out before keep their old prefix.
void sf_stream_set_prefix (const char *prefix);

//  The stream of topic, e.g. "org" -> "sf:events:org". The pointer stays valid and
//  the same for the life of the process; any thread.
const char *sf_stream_name (const char *topic);

#endif
