/*  gateway_sse: the live event stream, GET /api/v1/events (README.md, "The live stream").

    One reader thread follows every topic's stream (XREAD BLOCK, never a consumer group) and
    turns each entry into one SSE frame, made once and shared by reference among the clients
    whose scope and filters it matches; each client has a bounded queue of such references
    and is cut loose when the bytes waiting for it pass gateway.sse_client_buffer_bytes. A
    client that comes back with a cursor is first given the history it missed by a second
    thread (XRANGE from its cursor up to where the reader stood when it came), while the
    reader queues what happens meanwhile aside; then the two are joined, in order, with no
    gap and no duplicate. No thread per client: a client is a queue and a parked connection.

    This header holds the small pure parts the hub is built of (unit-tested on their own):
    stream entry positions, the cursor over all topics, the filter, events and frames.       */
#ifndef GATEWAY_SSE_H_INCLUDED
#define GATEWAY_SSE_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GW_SSE_TOPICS_MAX 16
#define GW_SSE_TOPIC_MAX 32              //  a topic name's bytes, its NUL counted
#define GW_SSE_CURSOR_MAX 1024           //  an encoded cursor's bytes, its NUL counted
#define GW_SSE_TYPES_MAX 32              //  items of ?types=
#define GW_SSE_RETRY_MS 2000             //  the reconnection delay the stream announces

//  ------------------------------------------------------------------------------------
//  A Redis stream entry id, "<ms>-<seq>".

typedef struct {
    uint64_t ms;
    uint64_t seq;
} gw_sse_pos_t;

//  0, or -1 when text is not "<digits>-<digits>" within 64 bits.
int gw_sse_pos_parse (const char *text, gw_sse_pos_t *pos);
void gw_sse_pos_format (gw_sse_pos_t pos, char *text, size_t size);
int gw_sse_pos_cmp (gw_sse_pos_t a, gw_sse_pos_t b);

//  ------------------------------------------------------------------------------------
//  The topics followed, and a cursor over them: the position in every topic's stream after
//  which a client's next event lies. Encoded compact and URL-safe (RFC 3986 unreserved
//  characters only), the positions in base 36: "inspection.m4b9x2k0.0~org.m4b9w1aa.3";
//  "0" when every position is the start. A topic left out is at its start.

typedef struct {
    size_t count;
    char names [GW_SSE_TOPICS_MAX][GW_SSE_TOPIC_MAX];
} gw_sse_topics_t;

//  The topics of the daemons in gateway.daemons ("name=endpoint,..."): a daemon publishes on
//  the topic of its name, the directory on "org". 0, or -1 when the text does not parse or
//  names too many or too long topics.
int gw_sse_topics_from_daemons (gw_sse_topics_t *topics, const char *daemons);

//  Writes the cursor of positions (one per topic) into text (GW_SSE_CURSOR_MAX bytes).
void gw_sse_cursor_encode (const gw_sse_topics_t *topics, const gw_sse_pos_t *positions, char *text);
//  Reads a cursor into positions (one per topic; topics it does not name are at their start,
//  topics it names that are not followed any more are passed over). 0, or -1 when text is
//  not a cursor.
int gw_sse_cursor_decode (const gw_sse_topics_t *topics, const char *text, gw_sse_pos_t *positions);

//  ------------------------------------------------------------------------------------
//  What a client asked for: ?types=a.b,c.* (exact, or a prefix before a final '*') and
//  ?plant=P. Its scope (the plants its account sees) is checked apart, on every event.

typedef struct {
    char *types [GW_SSE_TYPES_MAX];
    size_t type_count;                   //  0: every type
    char *plant;                         //  NULL: every plant in scope
} gw_sse_filter_t;

//  0, or -1 when types is not a list of type names (letters, digits, '_', '.', an optional
//  final '*') or plant not a unit code. types and plant may be NULL or "".
int gw_sse_filter_parse (gw_sse_filter_t *filter, const char *types, const char *plant);
bool gw_sse_filter_match (const gw_sse_filter_t *filter, const char *type, const char *plant);
void gw_sse_filter_clear (gw_sse_filter_t *filter);

//  ------------------------------------------------------------------------------------
//  An event read from a stream: its type and plant for the filters, and its JSON, the
//  envelope (sf.Event without its payload bytes) and the payload decoded by its
//  payload_type, both through the proto3 JSON mapping (common/sf_pbjson.h):
//  {"topic":"inspection","entryId":"1733-0","event":{...},"payload":{...}} (payload null
//  when its type is unknown or it does not decode). One line: no newline inside.

typedef struct {
    size_t topic;                        //  index in the topics
    gw_sse_pos_t pos;
    char *type;
    char *plant;                         //  "" at company level
    char *json;
} gw_sse_event_t;

//  The event of one entry's envelope bytes (the "env" field), or NULL when it is not one
//  (logged as a warning with the entry id).
gw_sse_event_t *gw_sse_event_new (const gw_sse_topics_t *topics, size_t topic, gw_sse_pos_t pos,
                                  const uint8_t *envelope, size_t size);
void gw_sse_event_destroy (gw_sse_event_t **self_p);

//  ------------------------------------------------------------------------------------
//  Bytes of the SSE stream, shared by every client queue holding them (reference counted,
//  any thread).

typedef struct {
    int refs;
    size_t size;
    char data [];
} gw_sse_frame_t;

//  "id: <cursor>\nevent: <type>\ndata: <json>\n\n".
gw_sse_frame_t *gw_sse_frame_event (const char *cursor, const gw_sse_event_t *event);
//  Any text as it is (the opening "retry:" and "id:", a heartbeat comment).
gw_sse_frame_t *gw_sse_frame_text (const char *text);
gw_sse_frame_t *gw_sse_frame_ref (gw_sse_frame_t *frame);
void gw_sse_frame_unref (gw_sse_frame_t **frame_p);

#endif
