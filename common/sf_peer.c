/*  sf_peer: the peer of a request, from its frames' ZAP metadata.                           */
#include "sf_peer.h"

#include <stdio.h>
#include <string.h>

//  What libzmq calls the authenticated identity: the ZAP handler's user id, for CURVE the
//  client's public key.
#define SF_PEER_USER_ID "User-Id"

bool
sf_peer_kind_trusted (const char *kind)
{
    return kind && (strcmp (kind, SF_PEER_KIND_DAEMON) == 0 || strcmp (kind, SF_PEER_KIND_FRONT) == 0);
}

bool
sf_peer_kind_valid (const char *kind)
{
    return sf_peer_kind_trusted (kind) || (kind && strcmp (kind, SF_PEER_KIND_OPERATOR) == 0);
}

void
sf_peer_set_unknown (sf_peer_t *self)
{
    memset (self, 0, sizeof *self);
    snprintf (self->kind, sizeof self->kind, "%s", SF_PEER_KIND_NONE);
}

//  A property of msg, or "" when absent.
static const char *
s_property (zmq_msg_t *msg, const char *name)
{
    const char *value = zmq_msg_gets (msg, name);
    return value? value: "";
}

int
sf_peer_from_msg (sf_peer_t *self, zmq_msg_t *msg)
{
    sf_peer_set_unknown (self);
    const char *key = s_property (msg, SF_PEER_USER_ID);
    if (strlen (key) != SF_PEER_KEY_TEXT)
        return -1;
    snprintf (self->key, sizeof self->key, "%s", key);
    snprintf (self->name, sizeof self->name, "%s", s_property (msg, "name"));
    snprintf (self->kind, sizeof self->kind, "%s", s_property (msg, "kind"));
    snprintf (self->account, sizeof self->account, "%s", s_property (msg, "account"));
    self->trusted = sf_peer_kind_trusted (self->kind);
    return 0;
}
