/*  gateway_routes: what the gateway serves under /api/v1, from every daemon's sf.Describe
    (common/sf_rpc_describe.h) and the gateway's own requests (proto/gateway.proto).

    A daemon's requests are the methods of its service, "<daemon>.<Daemon>" (inspection's:
    inspection.Inspection), each named by its request message's short name: the route of
    inspection.ReportFinding is /api/v1/inspection.Inspection/ReportFinding, of rectification's
    sf.History /api/v1/rectification.Rectification/History. sf.Health, sf.Describe,
    sf.Republish and sf.SetClock are not served. A type whose message the contract does not
    know (a daemon newer than this gateway) is left out, with a warning.

    A table is immutable once built; the holder swaps in a new one when the daemons are asked
    again, and a request keeps the table it started with (gw_routes_hold / gw_routes_release). */
#ifndef GATEWAY_ROUTES_H_INCLUDED
#define GATEWAY_ROUTES_H_INCLUDED

#include "sf_admin.pb-c.h"

#include <protobuf-c/protobuf-c.h>
#include <stdbool.h>
#include <stddef.h>

#define GW_API_PREFIX "/api/v1/"
#define GW_LOCAL_DAEMON "gateway"

typedef struct {
    char *path;                      //  "/api/v1/inspection.Inspection/ReportFinding"
    char *service;                   //  "inspection.Inspection"
    char *method;                    //  "ReportFinding"
    char *daemon;                    //  "inspection"; "gateway" for the gateway's own
    const ProtobufCMessageDescriptor *request;
    const ProtobufCMessageDescriptor *reply;
    bool writes;
    char **roles;                    //  one of them needed; none: any account
    size_t role_count;
    char **required;                 //  fields that must hold text
    size_t required_count;
    char *scope;                     //  the field naming the unit acted on; "" none
} gw_route_t;

typedef struct _gw_routes_t gw_routes_t;
typedef struct _gw_routes_holder_t gw_routes_holder_t;

gw_routes_t *gw_routes_new (void);
//  The methods of one daemon's description. Returns how many were added.
int gw_routes_add_description (gw_routes_t *self, const Sf__Description *description);
//  One of the gateway's own requests (gateway.Gateway).
void gw_routes_add_local (gw_routes_t *self, const ProtobufCMessageDescriptor *request,
                          const ProtobufCMessageDescriptor *reply, bool writes);
void gw_routes_destroy (gw_routes_t **self_p);

size_t gw_routes_count (const gw_routes_t *self);
//  In path order.
const gw_route_t *gw_routes_at (const gw_routes_t *self, size_t index);
const gw_route_t *gw_routes_find (const gw_routes_t *self, const char *path);
//  The daemons whose descriptions are in, in the order added.
size_t gw_routes_daemon_count (const gw_routes_t *self);
const char *gw_routes_daemon (const gw_routes_t *self, size_t index);

gw_routes_holder_t *gw_routes_holder_new (void);
void gw_routes_holder_destroy (gw_routes_holder_t **self_p);
//  Puts table in place (the holder owns it); the one before goes once its last user releases it.
void gw_routes_holder_set (gw_routes_holder_t *self, gw_routes_t *table);
//  The current table (NULL before the first), held until gw_routes_release.
const gw_routes_t *gw_routes_hold (gw_routes_holder_t *self);
void gw_routes_release (gw_routes_holder_t *self, const gw_routes_t *table);

#endif
