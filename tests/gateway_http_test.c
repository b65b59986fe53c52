/*  The gateway's HTTP server on its own (services/gateway/gateway_http.h): a path nobody
    serves is a 404 problem in both languages; a body over gateway.max_body_bytes is 413
    before any handler sees it, announced by Content-Length or not; a header block over
    gateway.max_header_bytes is refused; a client that sends its headers a byte at a time
    (slowloris) is cut at gateway.connection_timeout_s while another client is answered at
    once; the gateway answers sf.Health and sf.Describe on its rpc port like every daemon.  */
#include "gateway_testlib.h"
#include "sf_admin.pb-c.h"
#include "sf_clock.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void
s_not_found (gt_stack_t *stack)
{
    const char *headers [] = { "Accept-Language: en-GB,en;q=0.9", NULL };
    gt_response_t response = gt_http (stack, "GET", "/nothing/here", headers, NULL, 0);
    SF_CHECK (response.status == 404);
    char *type = gt_response_header (&response, "Content-Type");
    SF_CHECK (type && strcmp (type, "application/problem+json") == 0);
    free (type);
    SF_CHECK (strstr (response.body, "\"status\":404"));
    SF_CHECK (strstr (response.body, "\"detail\":\"No such path\""));
    SF_CHECK (strstr (response.body, "\"reason_zh\":\"没有这个地址\""));
    gt_response_clear (&response);
}

static void
s_too_large (gt_stack_t *stack)
{
    size_t size = 2 * 1024 * 1024;
    char *body = malloc (size + 1);
    memset (body, 'x', size);
    body [size] = 0;
    const char *headers [] = { "Content-Type: application/json", NULL };
    gt_response_t response = gt_http (stack, "POST", "/api/v1/inspection.Inspection/ReportFinding", headers, body, 0);
    SF_CHECK (response.status == 413);
    SF_CHECK (strstr (response.body, "\"code\":\"resource_exhausted\""));
    gt_response_clear (&response);
    //  Chunked: no Content-Length to refuse early; the body is cut as it comes.
    const char *chunked [] = { "Content-Type: application/json", "Transfer-Encoding: chunked", NULL };
    response = gt_http (stack, "POST", "/api/v1/inspection.Inspection/ReportFinding", chunked, body, 0);
    SF_CHECK (response.status == 413);
    gt_response_clear (&response);
    free (body);
}

static void
s_huge_headers (gt_stack_t *stack)
{
    char *header = malloc (64 * 1024);
    strcpy (header, "X-Big: ");
    memset (header + 7, 'h', 60 * 1024);
    header [7 + 60 * 1024] = 0;
    const char *headers [] = { header, NULL };
    gt_response_t response = gt_http (stack, "GET", "/api/v1/none", headers, NULL, 0);
    SF_CHECK (response.status == 431 || response.status == 413 || response.status == 0);
    gt_response_clear (&response);
    free (header);
    //  And the server still serves.
    response = gt_http (stack, "GET", "/api/v1/none", NULL, NULL, 0);
    SF_CHECK (response.status == 404);
    gt_response_clear (&response);
}

//  A connection that sends one header byte every 500 ms never completes its request; it is
//  closed after the idle timeout of its last byte would pass... and others are served meanwhile.
static void
s_slowloris (gt_stack_t *stack)
{
    int sockets [20];
    struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons ((uint16_t) stack->http_port) };
    inet_pton (AF_INET, "127.0.0.1", &address.sin_addr);
    for (int i = 0; i < 20; i++) {
        sockets [i] = socket (AF_INET, SOCK_STREAM, 0);
        SF_CHECK (connect (sockets [i], (struct sockaddr *) &address, sizeof address) == 0);
        SF_CHECK (write (sockets [i], "GET /api/v1/none HTTP/1.1\r\nHost: x\r\n", 36) == 36);
    }
    int64_t started = sf_clock_mono_ms ();
    gt_response_t response = gt_http (stack, "GET", "/api/v1/none", NULL, NULL, 2000);
    SF_CHECK (response.status == 404);
    SF_CHECK (sf_clock_mono_ms () - started < 1000);
    gt_response_clear (&response);
    //  The idle ones are closed by the timeout (SF_GATEWAY_CONNECTION_TIMEOUT_S=2 here).
    sf_test_sleep_ms (3500);
    int closed = 0;
    for (int i = 0; i < 20; i++) {
        char byte;
        if (write (sockets [i], "X", 1) < 0 || read (sockets [i], &byte, 1) <= 0)
            closed++;
        close (sockets [i]);
    }
    SF_CHECK (closed == 20);
}

static void
s_rpc (gt_stack_t *stack)
{
    sf_rpc_client_t *client = sf_test_daemon_client (&stack->gateway);
    sf_reply_t reply;
    SF_CHECK (sf_rpc_client_call (client, "sf.Describe", NULL, 0, NULL, &reply) == 0 && reply.status == SF_OK);
    Sf__Description *description = sf__description__unpack (NULL, reply.body_size, reply.body);
    SF_CHECK (description && strcmp (description->daemon, "gateway") == 0);
    protobuf_c_message_free_unpacked (&description->base, NULL);
    sf_reply_clear (&reply);
    SF_CHECK (sf_test_daemon_healthy (&stack->gateway, 2000));
    sf_rpc_client_destroy (&client);
}

int
main (void)
{
    gt_stack_t stack;
    gt_stack_start (&stack, "gwhttp", "SF_GATEWAY_CONNECTION_TIMEOUT_S=2 SF_GATEWAY_MAX_HEADER_BYTES=16384");
    s_not_found (&stack);
    s_too_large (&stack);
    s_huge_headers (&stack);
    s_slowloris (&stack);
    s_rpc (&stack);
    gt_stack_stop (&stack);
    return 0;
}
