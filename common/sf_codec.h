/*  sf_codec: the few helpers every protobuf codec file needs (common/sf_envelope.c,
    services/<name>/<name>_codec.c), so no codec writes them again.                         */
#ifndef SF_CODEC_H_INCLUDED
#define SF_CODEC_H_INCLUDED

#include <protobuf-c/protobuf-c.h>
#include <stddef.h>
#include <stdint.h>

//  A copy of text, "" for NULL; never NULL. Caller frees.
char *sf_codec_strdup (const char *text);

//  text as protobuf-c wants a string field (char *, never NULL); it only reads it.
char *sf_codec_wire (const char *text);

//  Packs message into a new buffer (at least one byte). Caller frees.
uint8_t *sf_codec_pack (const ProtobufCMessage *message, size_t *size);

//  A copy of size bytes (a valid pointer even for size 0). Caller frees.
uint8_t *sf_codec_bytes (const uint8_t *data, size_t size);

#endif
