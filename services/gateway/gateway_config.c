/*  gateway_config: the gateway's own settings.                                             */
#include "gateway_config.h"

#include <stddef.h>

const sf_config_key_t gateway_config [] = {
    { "gateway.http_address", SF_CFG_STRING, "127.0.0.1", 0, 0, "the IPv4 address HTTP listens on" },
    { "gateway.http_port", SF_CFG_INT, "8080", 1, 65535, "the HTTP port" },
    { "gateway.http_threads", SF_CFG_INT, "2", 1, 64, "libmicrohttpd's thread pool" },
    { "gateway.max_connections", SF_CFG_INT, "4096", 16, 65536, "HTTP connections in all" },
    { "gateway.per_ip_connections", SF_CFG_INT, "2048", 1, 65536, "HTTP connections from one address" },
    { "gateway.connection_timeout_s", SF_CFG_INT, "30", 1, 3600, "an idle HTTP connection is closed after this long" },
    { "gateway.max_header_bytes", SF_CFG_INT, "32768", 4096, 1048576,
      "a connection's memory for its request line and headers: more is answered 431" },
    { "gateway.max_body_bytes", SF_CFG_INT, "1048576", 1024, 67108864, "the largest request body: more is answered 413" },
    { "gateway.request_timeout_ms", SF_CFG_INT, "15000", 100, 600000,
      "a forwarded request's deadline when the client gives none (Connect-Timeout-Ms)" },
    { "gateway.stop_drain_ms", SF_CFG_INT, "5000", 0, 600000,
      "at a clean stop, how long requests under way may take to finish before they are answered 503" },
    { "gateway.daemons", SF_CFG_STRING, "", 0, 0,
      "name=endpoint of every daemon served over HTTP, comma-separated (directory=tcp://127.0.0.1:7101,...)" },
    { "gateway.describe_refresh_s", SF_CFG_INT, "60", 1, 86400, "how often each daemon's sf.Describe is asked again" },
    { "gateway.session_idle_minutes", SF_CFG_INT, "120", 1, 100000, "a session unused this long ends" },
    { "gateway.session_max_hours", SF_CFG_INT, "12", 1, 8760, "a session ends this long after login whatever its use" },
    { "gateway.cookie_secure", SF_CFG_INT, "0", 0, 1, "1 behind HTTPS: the session cookie gets Secure" },
    { "gateway.sse_heartbeat_s", SF_CFG_INT, "15", 1, 3600, "a comment line to every SSE client this often" },
    { "gateway.sse_client_buffer_bytes", SF_CFG_INT, "1048576", 4096, 67108864,
      "an SSE client with more bytes than this waiting to be read is cut loose" },
    { "gateway.metrics_refresh_s", SF_CFG_INT, "5", 1, 3600, "how often each daemon's sf.Health is gathered for /metrics" },
    { "gateway.web_dir", SF_CFG_STRING, "", 0, 0,
      "the pages' folder (services/gateway/web: screen/ at /screen/, field/ at /m/); empty: no pages" },
    { "gateway.web_vendor_dir", SF_CFG_STRING, "", 0, 0,
      "node_modules of the pages' pinned packages (deploy: BUILD_DIR/web-deps/node_modules), served at /vendor/" },
    { "gateway.max_file_bytes", SF_CFG_INT, "10485760", 1024, 67108864,
      "the largest attachment (photo, evidence file) POST /api/v1/files takes: more is answered 413" },
    { "gateway.max_file_pixels", SF_CFG_INT, "50000000", 10000, 500000000,
      "an image with more pixels than this is refused before it is decoded" },
    { "gateway.thumb_pixels", SF_CFG_INT, "256", 32, 2048, "the longer side of a thumbnail, pixels" },
    { "gateway.unlinked_file_days", SF_CFG_INT, "7", 1, 3650,
      "an uploaded file no finding, form or evidence names after this many days is deleted" },
    { NULL, SF_CFG_STRING, NULL, 0, 0, NULL }
};
