/*  training_text: small text helpers the daemon's areas share.                               */
#include "training_text.h"

#include <stdio.h>

void
training_int_text (char *text, size_t size, long long value)
{
    snprintf (text, size, "%lld", value);
}

const char *
training_actor (const sf_call_t *call)
{
    const char *user = call->request->actor.user_id;
    return user? user: "";
}
