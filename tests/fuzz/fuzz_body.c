/*  fuzz_body: the checked unpack, then the promises every accepted body keeps.              */
#include "fuzz_body.h"
#include "sf_codec.h"
#include "sf_pb.h"
#include "sf_pbjson.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
fuzz_assert (int cond, const char *what)
{
    if (cond)
        return;
    fprintf (stderr, "fuzz: broken promise: %s\n", what);
    abort ();
}

//  Printed, read back and printed again: the same JSON.
static void
s_json_round_trip (const ProtobufCMessage *message)
{
    char *json = sf_pbjson_encode (message);
    fuzz_assert (json != NULL, "sf_pbjson_encode printed a checked message");
    sf_pbjson_error_t error;
    ProtobufCMessage *back = sf_pbjson_decode (message->descriptor, json, strlen (json), &error);
    if (!back)
        fprintf (stderr, "fuzz: %s at '%s' (byte %zu) of %s\n", error.reason->en, error.path, error.offset, json);
    fuzz_assert (back != NULL, "sf_pbjson_decode reads what sf_pbjson_encode printed");
    char *again = sf_pbjson_encode (back);
    if (strcmp (json, again) != 0)
        fprintf (stderr, "fuzz: first  %s\nfuzz: second %s\n", json, again);
    fuzz_assert (strcmp (json, again) == 0, "JSON printed, read back and printed again is the same");
    free (again);
    sf_pb_destroy (&back);
    free (json);
}

int
fuzz_body_check (const ProtobufCMessageDescriptor *descriptor, const uint8_t *data, size_t size,
                 const char *required)
{
    sf_pb_fault_t fault;
    ProtobufCMessage *message = sf_pb_unpack_checked (descriptor, data, size, FUZZ_TEXT_BYTES, required, &fault);
    if (!message) {
        //  A refusal a person reads names the field; a message that is no message has no text.
        fuzz_assert (!fault.text || (fault.text->zh && fault.text->en), "a refusal has both texts");
        return -1;
    }
    size_t packed_size;
    uint8_t *packed = sf_codec_pack (message, &packed_size);
    ProtobufCMessage *again = sf_pb_unpack_checked (descriptor, packed, packed_size, FUZZ_TEXT_BYTES,
                                                    required, &fault);
    if (!again && fault.text)
        fprintf (stderr, "fuzz: packed again, refused at %s: %s\n", fault.path, fault.text->en);
    fuzz_assert (again != NULL, "a body let in, packed again, is let in again");
    sf_pb_destroy (&again);
    free (packed);
    s_json_round_trip (message);
    sf_pb_destroy (&message);
    return 0;
}
