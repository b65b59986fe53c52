/*  gateway_routes: the route table from sf.Describe (gateway_routes.h).                     */
#include "gateway_routes.h"
#include "sf_contract.h"
#include "sf_log.h"

#include <assert.h>
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct _gw_routes_t {
    gw_route_t *routes;
    size_t count;
    size_t capacity;
    bool sorted;
    char **daemons;
    size_t daemon_count;
    int users;                       //  holds (the holder's own counts as one while current)
};

struct _gw_routes_holder_t {
    pthread_mutex_t lock;
    gw_routes_t *current;
};

//  Request types of the common layer that are not for HTTP.
static const char *const s_not_served [] = { "sf.Health", "sf.Describe", "sf.Republish", "sf.SetClock", NULL };

static char **
s_copy_list (char *const *items, size_t count)
{
    char **copy = calloc (count + 1, sizeof *copy);
    assert (copy);
    for (size_t i = 0; i < count; i++) {
        copy [i] = strdup (items [i]);
        assert (copy [i]);
    }
    return copy;
}

static void
s_free_list (char **items, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free (items [i]);
    free (items);
}

static gw_route_t *
s_append (gw_routes_t *self)
{
    if (self->count == self->capacity) {
        self->capacity = self->capacity? self->capacity * 2: 64;
        gw_route_t *grown = realloc (self->routes, self->capacity * sizeof *grown);
        assert (grown);
        self->routes = grown;
    }
    gw_route_t *route = &self->routes [self->count++];
    memset (route, 0, sizeof *route);
    self->sorted = false;
    return route;
}

//  "inspection" -> "inspection.Inspection"
static char *
s_service (const char *daemon)
{
    size_t length = strlen (daemon);
    char *service = malloc (2 * length + 2);
    assert (service);
    snprintf (service, 2 * length + 2, "%s.%s", daemon, daemon);
    service [length + 1] = (char) toupper ((unsigned char) service [length + 1]);
    return service;
}

static void
s_fill (gw_route_t *route, const char *daemon, const ProtobufCMessageDescriptor *request,
        const ProtobufCMessageDescriptor *reply)
{
    route->daemon = strdup (daemon);
    route->service = s_service (daemon);
    route->method = strdup (request->short_name);
    size_t size = strlen (GW_API_PREFIX) + strlen (route->service) + strlen (route->method) + 2;
    route->path = malloc (size);
    assert (route->path);
    snprintf (route->path, size, "%s%s/%s", GW_API_PREFIX, route->service, route->method);
    route->request = request;
    route->reply = reply;
    route->scope = strdup ("");
    route->roles = s_copy_list (NULL, 0);
    route->required = s_copy_list (NULL, 0);
}

static void
s_add_daemon (gw_routes_t *self, const char *daemon)
{
    for (size_t i = 0; i < self->daemon_count; i++)
        if (strcmp (self->daemons [i], daemon) == 0)
            return;
    char **grown = realloc (self->daemons, (self->daemon_count + 1) * sizeof *grown);
    assert (grown);
    self->daemons = grown;
    self->daemons [self->daemon_count++] = strdup (daemon);
}

gw_routes_t *
gw_routes_new (void)
{
    gw_routes_t *self = calloc (1, sizeof *self);
    assert (self);
    return self;
}

int
gw_routes_add_description (gw_routes_t *self, const Sf__Description *description)
{
    int added = 0;
    s_add_daemon (self, description->daemon);
    for (size_t i = 0; i < description->n_methods; i++) {
        const Sf__Method *method = description->methods [i];
        bool served = true;
        for (int j = 0; s_not_served [j]; j++)
            if (strcmp (method->type, s_not_served [j]) == 0)
                served = false;
        if (!served)
            continue;
        const ProtobufCMessageDescriptor *request = sf_contract_find (method->type);
        const ProtobufCMessageDescriptor *reply = sf_contract_find (method->reply_type);
        if (!request || !reply) {
            sf_warn ("gateway: %s answers %s -> %s, which this gateway's contract does not know: not served",
                     description->daemon, method->type, method->reply_type);
            continue;
        }
        gw_route_t *route = s_append (self);
        s_fill (route, description->daemon, request, reply);
        if (gw_routes_find (self, route->path) != route) {
            sf_warn ("gateway: %s is answered twice; the first is served", route->path);
            //  Undo: free what s_fill made.
            free (route->path);
            free (route->service);
            free (route->method);
            free (route->daemon);
            free (route->scope);
            s_free_list (route->roles, 0);
            s_free_list (route->required, 0);
            self->count--;
            continue;
        }
        route->writes = method->writes;
        s_free_list (route->roles, 0);
        route->roles = s_copy_list (method->roles, method->n_roles);
        route->role_count = method->n_roles;
        s_free_list (route->required, 0);
        route->required = s_copy_list (method->required, method->n_required);
        route->required_count = method->n_required;
        free (route->scope);
        route->scope = strdup (method->scope? method->scope: "");
        added++;
    }
    return added;
}

void
gw_routes_add_local (gw_routes_t *self, const ProtobufCMessageDescriptor *request,
                     const ProtobufCMessageDescriptor *reply, bool writes)
{
    s_add_daemon (self, GW_LOCAL_DAEMON);
    gw_route_t *route = s_append (self);
    s_fill (route, GW_LOCAL_DAEMON, request, reply);
    route->writes = writes;
}

void
gw_routes_destroy (gw_routes_t **self_p)
{
    gw_routes_t *self = *self_p;
    if (!self)
        return;
    for (size_t i = 0; i < self->count; i++) {
        gw_route_t *route = &self->routes [i];
        free (route->path);
        free (route->service);
        free (route->method);
        free (route->daemon);
        free (route->scope);
        s_free_list (route->roles, route->role_count);
        s_free_list (route->required, route->required_count);
    }
    free (self->routes);
    s_free_list (self->daemons, self->daemon_count);
    free (self);
    *self_p = NULL;
}

static int
s_by_path (const void *a, const void *b)
{
    return strcmp (((const gw_route_t *) a)->path, ((const gw_route_t *) b)->path);
}

static void
s_sort (gw_routes_t *self)
{
    if (!self->sorted) {
        qsort (self->routes, self->count, sizeof *self->routes, s_by_path);
        self->sorted = true;
    }
}

size_t
gw_routes_count (const gw_routes_t *self)
{
    return self->count;
}

const gw_route_t *
gw_routes_at (const gw_routes_t *self, size_t index)
{
    s_sort ((gw_routes_t *) self);
    return index < self->count? &self->routes [index]: NULL;
}

const gw_route_t *
gw_routes_find (const gw_routes_t *self, const char *path)
{
    if (!self->sorted) {
        for (size_t i = 0; i < self->count; i++)
            if (strcmp (self->routes [i].path, path) == 0)
                return &self->routes [i];
        return NULL;
    }
    gw_route_t key = { .path = (char *) path };
    return bsearch (&key, self->routes, self->count, sizeof *self->routes, s_by_path);
}

size_t
gw_routes_daemon_count (const gw_routes_t *self)
{
    return self->daemon_count;
}

const char *
gw_routes_daemon (const gw_routes_t *self, size_t index)
{
    return index < self->daemon_count? self->daemons [index]: NULL;
}

gw_routes_holder_t *
gw_routes_holder_new (void)
{
    gw_routes_holder_t *self = calloc (1, sizeof *self);
    assert (self);
    pthread_mutex_init (&self->lock, NULL);
    return self;
}

static void
s_release (gw_routes_holder_t *self, gw_routes_t *table)
{
    pthread_mutex_lock (&self->lock);
    bool last = --table->users == 0;
    pthread_mutex_unlock (&self->lock);
    if (last)
        gw_routes_destroy (&table);
}

void
gw_routes_holder_set (gw_routes_holder_t *self, gw_routes_t *table)
{
    s_sort (table);                  //  before anyone reads it: immutable from here on
    table->users = 1;
    pthread_mutex_lock (&self->lock);
    gw_routes_t *before = self->current;
    self->current = table;
    pthread_mutex_unlock (&self->lock);
    if (before)
        s_release (self, before);
}

const gw_routes_t *
gw_routes_hold (gw_routes_holder_t *self)
{
    pthread_mutex_lock (&self->lock);
    gw_routes_t *table = self->current;
    if (table)
        table->users++;
    pthread_mutex_unlock (&self->lock);
    return table;
}

void
gw_routes_release (gw_routes_holder_t *self, const gw_routes_t *table)
{
    if (table)
        s_release (self, (gw_routes_t *) table);
}

void
gw_routes_holder_destroy (gw_routes_holder_t **self_p)
{
    gw_routes_holder_t *self = *self_p;
    if (!self)
        return;
    if (self->current)
        s_release (self, self->current);
    pthread_mutex_destroy (&self->lock);
    free (self);
    *self_p = NULL;
}
