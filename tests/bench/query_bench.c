/*  query_bench: the client side of ./deploy/bench flat. It sends one read request of any
    daemon, given by its full name and its fields as the proto3 JSON the contract defines
    (sf_pbjson: the same JSON safetyctl call and the gateway take), N clients each with one
    synchronous request in flight, and prints the one line of key=value pairs of bench_stats
    (p50/p99 of the answered requests).

    A list is paged with keyset tokens: with --pages P the request is first sent up to P
    times untimed, each time with the previous reply's next_page_token as its page_token, so
    that the timed requests read the page P pages in (the cost of a deep page, which an
    offset would make grow with P); a shorter list stops at its last page. The line starts
    with pages=<tokens followed>. The reply's type names the message to read the token from.

    Not a ctest test: its figures mean something only on a quiet machine, through
    ./deploy/bench flat.

    query_bench --endpoint E --server S --request NAME --json DOC --clients N --requests K
                [--pages P] [--seconds T] [--user U --unit UNIT] [--role ROLE]
        K requests NAME (fields DOC) over N clients to the daemon S at E, acting as account U
        (default bench, admin of the bench group) of UNIT; each client stops early after T
        seconds (default: no limit), so a slow query still ends in bounded time with fewer
        samples (the line's ok= says how many). With --role the request names that role (the
        directory's bench sends sf.Health and directory.GetNode as its service account).      */
#include "bench_stats.h"
#include "sf_clock.h"
#include "sf_contract.h"
#include "sf_keys.h"
#include "sf_pb.h"
#include "sf_pbjson.h"
#include "sf_rpc_client.h"

#include <czmq.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *endpoint;
    const char *server;
    const char *user;
    const char *unit;
    const char *role;            //  "" unless --role: the daemon takes the account's grants
    ProtobufCMessage *request;   //  the fields, with page_token set when pages were followed
    int clients;
    int requests;
    int seconds;                 //  0: no limit
} s_options_t;

static sf_rpc_client_t *
s_rpc_client (const s_options_t *options)
{
    sf_rpc_client_t *client = sf_rpc_client_new (options->endpoint);
    sf_rpc_client_set_server (client, options->server);
    sf_rpc_client_set_actor (client, options->user, options->role, options->unit, "");
    return client;
}

//  Sends this client's share of the requests, one at a time, until the share is sent or the
//  time is up.
static void
s_client_run (bench_client_t *self)
{
    const s_options_t *options = (const s_options_t *) self->options;
    sf_rpc_client_t *client = s_rpc_client (options);
    bench_connect (client);
    int share = options->requests / options->clients + (self->index < options->requests % options->clients);
    bench_stats_wait_start (self);
    int64_t until = options->seconds? sf_clock_mono_us () + (int64_t) options->seconds * 1000000: 0;
    for (int sent = 0; sent < share && !zsys_interrupted; sent++) {
        int64_t started = sf_clock_mono_us ();
        if (until && started > until)
            break;
        sf_status_t status = bench_call (client, options->request, NULL, self->first_error, sizeof self->first_error);
        bench_stats_record (self, status == SF_OK, sf_clock_mono_us () - started, false);
    }
    sf_rpc_client_destroy (&client);
}

//  The next_page_token of a reply, or NULL (an error printed) when the reply cannot be read
//  or has none. Caller frees.
static char *
s_next_token (const sf_reply_t *reply)
{
    const ProtobufCMessageDescriptor *type = reply->type? sf_contract_find (reply->type): NULL;
    const ProtobufCFieldDescriptor *field = type? sf_pb_field (type, "next_page_token"): NULL;
    if (!field || field->type != PROTOBUF_C_TYPE_STRING) {
        fprintf (stderr, "query_bench: the reply %s has no next_page_token\n", reply->type? reply->type: "(none)");
        return NULL;
    }
    ProtobufCMessage *message = protobuf_c_message_unpack (type, NULL, reply->body_size, reply->body);
    if (!message) {
        fprintf (stderr, "query_bench: the reply %s does not unpack\n", reply->type);
        return NULL;
    }
    const char *token = *(char *const *) sf_pb_member (message, field);
    char *copy = token && *token? strdup (token): NULL;
    protobuf_c_message_free_unpacked (message, NULL);
    return copy;
}

//  Follows next_page_token up to pages times, untimed, stopping at the list's last page; the
//  request keeps the last token. The tokens followed, or -1 (printed) when a call fails.
//  One request is sent untimed even without pages (the clients' threads then start on
//  a process whose ZeroMQ context exists).
static int
s_follow_pages (const s_options_t *options, int pages)
{
    const ProtobufCFieldDescriptor *field = sf_pb_field (options->request->descriptor, "page_token");
    if (pages > 0 && (!field || field->type != PROTOBUF_C_TYPE_STRING)) {
        fprintf (stderr, "query_bench: %s has no page_token\n", options->request->descriptor->name);
        return -1;
    }
    sf_rpc_client_t *client = s_rpc_client (options);
    int followed = 0;
    bool ended = false;
    do {
        sf_reply_t reply;
        char error [256] = "";
        if (bench_call (client, options->request, &reply, error, sizeof error) != SF_OK) {
            fprintf (stderr, "query_bench: page %d: %s\n", followed + 1, error);
            followed = -1;
        }
        else
        if (pages > 0) {
            char *token = s_next_token (&reply);
            if (token) {
                sf_pb_set ((char **) sf_pb_member (options->request, field), token);
                followed++;
            }
            ended = !token;
            free (token);
        }
        sf_reply_clear (&reply);
    } while (followed < pages && !ended && followed >= 0);
    sf_rpc_client_destroy (&client);
    return followed;
}

static int
s_usage (void)
{
    fprintf (stderr, "usage: query_bench --endpoint E --server S --request NAME --json DOC --clients N "
                     "--requests K [--pages P] [--seconds T] [--user U --unit UNIT] [--role ROLE]\n");
    return 2;
}

int
main (int argc, char *argv [])
{
    s_options_t options = { .user = "bench", .unit = "BP1D01T01E1", .role = "", .clients = 1, .requests = 1000 };
    const char *name = NULL, *json = "{}";
    int pages = 0;
    static const struct option long_options [] = {
        { "endpoint", required_argument, NULL, 'e' }, { "server", required_argument, NULL, 's' },
        { "request", required_argument, NULL, 'r' }, { "json", required_argument, NULL, 'j' },
        { "clients", required_argument, NULL, 'c' }, { "requests", required_argument, NULL, 'n' },
        { "pages", required_argument, NULL, 'p' }, { "seconds", required_argument, NULL, 't' },
        { "user", required_argument, NULL, 'u' }, { "unit", required_argument, NULL, 'o' },
        { "role", required_argument, NULL, 'R' },
        { NULL, 0, NULL, 0 }
    };
    int option;
    while ((option = getopt_long (argc, argv, "", long_options, NULL)) != -1) {
        switch (option) {
            case 'e': options.endpoint = optarg; break;
            case 's': options.server = optarg; break;
            case 'r': name = optarg; break;
            case 'j': json = optarg; break;
            case 'c': options.clients = atoi (optarg); break;
            case 'n': options.requests = atoi (optarg); break;
            case 'p': pages = atoi (optarg); break;
            case 't': options.seconds = atoi (optarg); break;
            case 'u': options.user = optarg; break;
            case 'o': options.unit = optarg; break;
            case 'R': options.role = optarg; break;
            default: return s_usage ();
        }
    }
    if (!options.endpoint || !options.server || !name || options.clients < 1 || options.requests < options.clients
    ||  pages < 0 || options.seconds < 0)
        return s_usage ();
    const ProtobufCMessageDescriptor *descriptor = sf_contract_find (name);
    if (!descriptor) {
        fprintf (stderr, "query_bench: the contract has no message %s\n", name);
        return 1;
    }
    sf_pbjson_error_t error;
    options.request = sf_pbjson_decode (descriptor, json, strlen (json), &error);
    if (!options.request) {
        fprintf (stderr, "query_bench: %s at '%s' (byte %zu) of %s\n", error.reason->en, error.path, error.offset,
                 json);
        return 1;
    }
    //  Calls authenticated with SF_KEY (and the daemons' keys in SF_KEYS_DIR) when it is set.
    char *keys_zh = NULL, *keys_en = NULL;
    if (sf_keys_set_identity_from_env (&keys_zh, &keys_en)) {
        fprintf (stderr, "%s\n%s\n", keys_zh, keys_en);
        protobuf_c_message_free_unpacked (options.request, NULL);
        return 1;
    }
    int followed = s_follow_pages (&options, pages);
    int rc = 1;
    if (followed >= 0) {
        printf ("pages=%d ", followed);
        rc = bench_stats_run ("query_bench", options.clients, s_client_run, &options);
    }
    protobuf_c_message_free_unpacked (options.request, NULL);
    return rc;
}
