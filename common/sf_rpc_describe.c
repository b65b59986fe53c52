/*  sf_rpc_describe: sf.Describe from a route table (sf_rpc_describe.h).                    */
#include "sf_rpc_describe.h"
#include "sf_pb.h"
#include "sf_admin.pb-c.h"
#include "envelope.pb-c.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

//  Each item of a comma-separated list (NULL or "" none) into a repeated string field.
static void
s_add_list (char ***array, size_t *count, const char *list)
{
    if (!list)
        return;
    const char *start = list;
    while (*start) {
        const char *end = strchr (start, ',');
        size_t length = end? (size_t) (end - start): strlen (start);
        if (length) {
            char *item = strndup (start, length);
            assert (item);
            sf_pb_add_string (array, count, item);
            free (item);
        }
        start += length + (end? 1: 0);
    }
}

static Sf__Method *
s_add_method (Sf__Description *description, const char *type, const char *reply_type)
{
    Sf__Method *method = sf_pb_add (&description->methods, &description->n_methods, &sf__method__descriptor);
    sf_pb_set (&method->type, type);
    sf_pb_set (&method->reply_type, reply_type);
    return method;
}

uint8_t *
sf_rpc_describe_encode (const char *daemon, const char *version, const sf_route_t *routes, size_t *size)
{
    Sf__Description *description = sf_pb_new (&sf__description__descriptor);
    sf_pb_set (&description->daemon, daemon);
    sf_pb_set (&description->version, version);
    s_add_method (description, SF_HEALTH_TYPE, sf__health_info__descriptor.name);
    s_add_method (description, SF_DESCRIBE_TYPE, sf__description__descriptor.name);
    for (const sf_route_t *route = routes; route && route->request; route++) {
        Sf__Method *method = s_add_method (description, route->request->name, route->reply->name);
        method->writes = route->writes;
        s_add_list (&method->roles, &method->n_roles, route->roles);
        s_add_list (&method->required, &method->n_required, route->required);
        sf_pb_set (&method->scope, route->scope? route->scope: "");
    }
    *size = protobuf_c_message_get_packed_size (&description->base);
    uint8_t *body = malloc (*size? *size: 1);
    assert (body);
    protobuf_c_message_pack (&description->base, body);
    sf_pb_destroy (&description);
    return body;
}
