/*  sf_uuid: getrandom(2) gives the 122 random bits; no state, safe from any thread.         */
#include "sf_uuid.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/random.h>

void
sf_uuid_generate (char *buf)
{
    uint8_t b [16];
    ssize_t got = getrandom (b, sizeof b, 0);
    assert (got == (ssize_t) sizeof b);
    b [6] = (uint8_t) ((b [6] & 0x0f) | 0x40);
    b [8] = (uint8_t) ((b [8] & 0x3f) | 0x80);
    snprintf (buf, SF_UUID_LEN + 1,
              "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
              b [0], b [1], b [2], b [3], b [4], b [5], b [6], b [7],
              b [8], b [9], b [10], b [11], b [12], b [13], b [14], b [15]);
}
