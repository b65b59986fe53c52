/*  sf_uuid: random (version 4) UUIDs for event, request and idempotency ids.               */
#ifndef SF_UUID_H_INCLUDED
#define SF_UUID_H_INCLUDED

#define SF_UUID_LEN 36

//  Writes a new UUID in canonical text form into buf (at least SF_UUID_LEN + 1 bytes).
void sf_uuid_generate (char *buf);

#endif
