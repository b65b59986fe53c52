/*  sf_rpc_pending: a request on its way through the rpc server.                             */
#include "sf_rpc_pending.h"

#include <assert.h>
#include <stdlib.h>

sf_rpc_pending_t *
sf_rpc_pending_new (void)
{
    sf_rpc_pending_t *self = calloc (1, sizeof *self);
    assert (self);
    zmq_msg_init (&self->identity);
    return self;
}

void
sf_rpc_pending_destroy (sf_rpc_pending_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    sf_rpc_pending_t *self = *self_p;
    zmq_msg_close (&self->identity);
    sf_request_clear (&self->request);
    if (self->message)
        protobuf_c_message_free_unpacked (self->message, NULL);
    sf_reply_clear (&self->reply);
    free (self);
    *self_p = NULL;
}

void
sf_rpc_pending_fail (sf_rpc_pending_t *self, sf_status_t status, const sf_text_t *text, ...)
{
    va_list args;
    va_start (args, text);
    char *zh = NULL, *en = NULL;
    sf_text_formatv (text? text: sf_status_text (status), &zh, &en, args);
    va_end (args);
    sf_reply_clear (&self->reply);
    self->reply.status = status;
    self->reply.reason_zh = zh;
    self->reply.reason_en = en;
}

sf_log_ctx_t
sf_rpc_pending_log_ctx (const sf_rpc_pending_t *self)
{
    sf_log_ctx_t ctx = { self->request.request_id, NULL, self->request.actor.plant };
    return ctx;
}
