/*  sf_codec: protobuf-c helpers shared by the codecs.                                       */
#include "sf_codec.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

char *
sf_codec_strdup (const char *text)
{
    char *copy = strdup (text? text: "");
    assert (copy);
    return copy;
}

char *
sf_codec_wire (const char *text)
{
    return (char *) (text? text: "");
}

uint8_t *
sf_codec_pack (const ProtobufCMessage *message, size_t *size)
{
    *size = protobuf_c_message_get_packed_size (message);
    uint8_t *buffer = malloc (*size? *size: 1);
    assert (buffer);
    protobuf_c_message_pack (message, buffer);
    return buffer;
}

uint8_t *
sf_codec_bytes (const uint8_t *data, size_t size)
{
    uint8_t *copy = malloc (size? size: 1);
    assert (copy);
    if (size)
        memcpy (copy, data, size);
    return copy;
}
