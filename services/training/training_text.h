/*  training_text: small text helpers the daemon's areas share.                               */
#ifndef TRAINING_TEXT_H_INCLUDED
#define TRAINING_TEXT_H_INCLUDED

#include "sf_rpc_server.h"

#include <stddef.h>

//  Writes value in decimal to text (24 bytes hold any 64-bit value), for a query parameter.
void training_int_text (char *text, size_t size, long long value);

//  The login of the call's actor, "" when there is none.
const char *training_actor (const sf_call_t *call);

#endif
