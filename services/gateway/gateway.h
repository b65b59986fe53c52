/*  gateway: the state the gateway's parts share (README.md for the whole picture).         */
#ifndef GATEWAY_H_INCLUDED
#define GATEWAY_H_INCLUDED

#include "gateway_forward.h"
#include "gateway_http.h"
#include "gateway_routes.h"
#include "sf_config.h"
#include "sf_db.h"

#include <pthread.h>

typedef struct _gw_sse_t gw_sse_t;
typedef struct _gw_describe_t gw_describe_t;
typedef struct _gw_metrics_t gw_metrics_t;

typedef struct {
    sf_config_t *config;
    gw_http_t *http;
    gw_forward_t *forward;
    gw_routes_holder_t *routes;      //  from every daemon's sf.Describe, refreshed
    gw_describe_t *describe;         //  gateway_describe.h: gw_describe_poke asks again now
    sf_db_options_t db_options;      //  for gw_db (the gateway's schema)
    int request_timeout_ms;
    gw_sse_t *sse;                   //  gateway_sse.h
    gw_metrics_t *metrics;           //  gateway_metrics.h
    void *files;                     //  gateway_files.c's own state
    void *web;                       //  gateway_static.c's own state
} gw_state_t;

//  The parts, started in this order by main.c after the HTTP server is made and before it
//  listens (each registers its paths with gw_http_route), stopped in the reverse order.
//  0, or -1 (logged) to stop the daemon.
int gw_session_start (gw_state_t *state);       //  gateway_session.c
void gw_session_stop (gw_state_t *state);
int gw_api_start (gw_state_t *state);           //  gateway_api.c: /api/v1/<service>/<method>
void gw_api_stop (gw_state_t *state);
int gw_openapi_start (gw_state_t *state);       //  gateway_openapi.c: /api/v1/openapi.json
void gw_openapi_stop (gw_state_t *state);
int gw_sse_start (gw_state_t *state);           //  gateway_sse.c: /api/v1/events
void gw_sse_stop (gw_state_t *state);
int gw_metrics_start (gw_state_t *state);       //  gateway_metrics.c: /metrics
void gw_metrics_stop (gw_state_t *state);
int gw_files_start (gw_state_t *state);         //  gateway_files.c: /api/v1/files (attachments)
void gw_files_stop (gw_state_t *state);
int gw_static_start (gw_state_t *state);        //  gateway_static.c: /screen/, /m/, /vendor/ (the pages)
void gw_static_stop (gw_state_t *state);
int gw_qr_start (gw_state_t *state);            //  gateway_qr.c: QR codes of posts and areas
void gw_qr_stop (gw_state_t *state);

//  The calling thread's own database session in the gateway's schema, connected on first use
//  (and again after a loss); NULL when the database cannot be reached (logged). For the HTTP
//  pool's threads: each keeps one for the life of the process.
sf_db_t *gw_db (gw_state_t *state);

#endif
