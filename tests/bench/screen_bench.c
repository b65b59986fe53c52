/*  screen_bench: the client side of ./deploy/bench screen. It reads one wall-screen board
    (any board request of the contract, found by name, whose plant field is plant_code or
    plant) from a running daemon, N clients each with one synchronous request in flight, and
    prints the one line of key=value pairs of bench_stats (p50/p99 of the answered requests).

    Not a ctest test: its figures mean something only on a quiet machine, through
    ./deploy/bench screen, which also runs pgbench's primary-key select for comparison.

    screen_bench --endpoint E --server S --request NAME --plant P --clients N --requests K
                 [--user U --unit UNIT]
        K requests NAME {plant: P} (P "" the enterprise's board) over N clients to the daemon
        S at E, acting as account U (default bench, admin of the bench group) of UNIT;
        answers "missing=1" without sending when the contract has no message NAME, and
        "missing=1" when the daemon answers unknown_type (its route not there yet).
    screen_bench --url URL --token T --path PATH --plant P --clients N --requests K
        the same through the gateway: Connect's GET of PATH (/api/v1/<service>/<method>)
        with message {"plantCode": P} as JSON, Authorization: Bearer T, one libcurl handle a
        client (its connection kept alive); 200 is ok.                                      */
#include "bench_stats.h"
#include "sf_clock.h"
#include "sf_contract.h"
#include "sf_keys.h"
#include "sf_pb.h"
#include "sf_rpc_client.h"

#include <curl/curl.h>
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
    const char *plant;
    const char *url;             //  the gateway's, for requests over HTTP
    const char *token;
    const char *path;
    const ProtobufCMessageDescriptor *request;
    const ProtobufCFieldDescriptor *plant_field;
    int clients;
    int requests;
} s_options_t;

static sf_rpc_client_t *
s_rpc_client (const s_options_t *options)
{
    sf_rpc_client_t *client = sf_rpc_client_new (options->endpoint);
    sf_rpc_client_set_server (client, options->server);
    sf_rpc_client_set_actor (client, options->user, "", options->unit, "");
    return client;
}

//  The request: the board's message with its plant field set.
static ProtobufCMessage *
s_request (const s_options_t *options)
{
    ProtobufCMessage *request = sf_pb_new (options->request);
    sf_pb_set ((char **) sf_pb_member (request, options->plant_field), options->plant);
    return request;
}

//  Sends this client's share of the requests, one at a time.
static void
s_client_run (bench_client_t *self)
{
    const s_options_t *options = (const s_options_t *) self->options;
    sf_rpc_client_t *client = s_rpc_client (options);
    bench_connect (client);
    ProtobufCMessage *request = s_request (options);
    int share = options->requests / options->clients + (self->index < options->requests % options->clients);
    bench_stats_wait_start (self);
    for (int sent = 0; sent < share && !zsys_interrupted; sent++) {
        int64_t started = sf_clock_mono_us ();
        sf_status_t status = bench_call (client, request, NULL, self->first_error, sizeof self->first_error);
        bench_stats_record (self, status == SF_OK, sf_clock_mono_us () - started, false);
    }
    sf_pb_destroy (&request);
    sf_rpc_client_destroy (&client);
}

static size_t
s_discard (char *data, size_t size, size_t count, void *arg)
{
    (void) data;
    (void) arg;
    return size * count;
}

//  Over HTTP: this client's share of the requests as Connect GETs on one kept-alive handle.
static void
s_http_client_run (bench_client_t *self)
{
    const s_options_t *options = (const s_options_t *) self->options;
    CURL *curl = curl_easy_init ();
    char json [128], authorization [512];
    snprintf (json, sizeof json, "{\"plantCode\":\"%s\"}", options->plant);
    char *message = curl_easy_escape (curl, json, 0);
    char *url = zsys_sprintf ("%s%s?encoding=json&message=%s", options->url, options->path, message);
    snprintf (authorization, sizeof authorization, "Authorization: Bearer %s", options->token);
    struct curl_slist *headers = curl_slist_append (NULL, authorization);
    curl_easy_setopt (curl, CURLOPT_URL, url);
    curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, s_discard);
    curl_easy_setopt (curl, CURLOPT_TIMEOUT_MS, 30000L);
    int share = options->requests / options->clients + (self->index < options->requests % options->clients);
    //  The connection opened before the clock starts.
    curl_easy_perform (curl);
    bench_stats_wait_start (self);
    for (int sent = 0; sent < share && !zsys_interrupted; sent++) {
        int64_t started = sf_clock_mono_us ();
        long status = 0;
        if (curl_easy_perform (curl) == CURLE_OK)
            curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
        if (status != 200 && !*self->first_error)
            snprintf (self->first_error, sizeof self->first_error, "HTTP %ld from %s", status, options->path);
        bench_stats_record (self, status == 200, sf_clock_mono_us () - started, false);
    }
    curl_slist_free_all (headers);
    zstr_free (&url);
    curl_free (message);
    curl_easy_cleanup (curl);
}

//  Whether the daemon has the board's route: one request, answered anything but unknown_type.
static bool
s_implemented (const s_options_t *options)
{
    sf_rpc_client_t *client = s_rpc_client (options);
    ProtobufCMessage *request = s_request (options);
    char error [256] = "";
    sf_status_t status = bench_call (client, request, NULL, error, sizeof error);
    if (status != SF_OK)
        fprintf (stderr, "screen_bench: %s\n", error);
    sf_pb_destroy (&request);
    sf_rpc_client_destroy (&client);
    return status != SF_UNKNOWN_TYPE;
}

static int
s_usage (void)
{
    fprintf (stderr, "usage: screen_bench --endpoint E --server S --request NAME --plant P --clients N "
                     "--requests K [--user U --unit UNIT]\n"
                     "       screen_bench --url URL --token T --path PATH --plant P --clients N --requests K\n");
    return 2;
}

int
main (int argc, char *argv [])
{
    s_options_t options = { .user = "bench", .unit = "BP1D01T01E1", .plant = "", .clients = 1, .requests = 1000 };
    const char *name = NULL;
    static const struct option long_options [] = {
        { "endpoint", required_argument, NULL, 'e' }, { "server", required_argument, NULL, 's' },
        { "request", required_argument, NULL, 'r' }, { "plant", required_argument, NULL, 'p' },
        { "clients", required_argument, NULL, 'c' }, { "requests", required_argument, NULL, 'n' },
        { "user", required_argument, NULL, 'u' }, { "unit", required_argument, NULL, 'o' },
        { "url", required_argument, NULL, 'h' }, { "token", required_argument, NULL, 't' },
        { "path", required_argument, NULL, 'a' },
        { NULL, 0, NULL, 0 }
    };
    int option;
    while ((option = getopt_long (argc, argv, "", long_options, NULL)) != -1) {
        switch (option) {
            case 'e': options.endpoint = optarg; break;
            case 's': options.server = optarg; break;
            case 'r': name = optarg; break;
            case 'p': options.plant = optarg; break;
            case 'c': options.clients = atoi (optarg); break;
            case 'n': options.requests = atoi (optarg); break;
            case 'u': options.user = optarg; break;
            case 'o': options.unit = optarg; break;
            case 'h': options.url = optarg; break;
            case 't': options.token = optarg; break;
            case 'a': options.path = optarg; break;
            default: return s_usage ();
        }
    }
    if (options.clients < 1 || options.requests < options.clients)
        return s_usage ();
    if (options.url) {
        if (!options.token || !options.path)
            return s_usage ();
        curl_global_init (CURL_GLOBAL_DEFAULT);
        int rc = bench_stats_run ("screen_bench", options.clients, s_http_client_run, &options);
        curl_global_cleanup ();
        return rc;
    }
    if (!options.endpoint || !options.server || !name)
        return s_usage ();
    options.request = sf_contract_find (name);
    if (!options.request) {
        printf ("missing=1 why=no_such_message\n");
        return 0;
    }
    options.plant_field = protobuf_c_message_descriptor_get_field_by_name (options.request, "plant_code");
    if (!options.plant_field)
        options.plant_field = protobuf_c_message_descriptor_get_field_by_name (options.request, "plant");
    if (!options.plant_field || options.plant_field->type != PROTOBUF_C_TYPE_STRING
    ||  options.plant_field->label == PROTOBUF_C_LABEL_REPEATED) {
        fprintf (stderr, "screen_bench: %s has no text field plant_code or plant\n", name);
        return 1;
    }
    //  Calls authenticated with SF_KEY (and the daemons' keys in SF_KEYS_DIR) when it is set.
    char *keys_zh = NULL, *keys_en = NULL;
    if (sf_keys_set_identity_from_env (&keys_zh, &keys_en)) {
        fprintf (stderr, "%s\n%s\n", keys_zh, keys_en);
        return 1;
    }
    if (!s_implemented (&options)) {
        printf ("missing=1 why=unknown_type\n");
        return 0;
    }
    return bench_stats_run ("screen_bench", options.clients, s_client_run, &options);
}
