/*  sf_pbjson: every message of the contract as JSON and back, by walking protobuf-c's
    descriptors, in the proto3 JSON mapping that Google's runtimes print and parse, so that
    what the command-line client prints, what the gateway accepts and what a log shows is
    the same JSON any other protobuf tool reads. Nothing here knows a message type: a field
    is in the JSON as soon as it is in a .proto.

    Printing is json_format.MessageToJson with its default options: fields by their JSON
    name (lowerCamelCase: "name_zh" is "nameZh"), in field number order; a proto3 field at
    its default (0, "", false, empty bytes, no message, an empty list) is left out, a proto2
    optional one is printed when has_ says so, a oneof member when it is the one set; 64-bit
    integers are strings, 32-bit ones numbers; enums by value name ("STATUS_OK"), a number
    the enum does not know as a number; bytes in standard base64 with padding; doubles with
    as few digits as read back exactly, NaN and infinities as "NaN", "Infinity", "-Infinity".

    Parsing takes what those parsers take: a field by its JSON or its .proto name; any
    integer as a number (1e3 and 2.0 are integers) or a string of one; a double as a number
    or a string ("NaN", "Infinity", "-Infinity" too); an enum by value name or by number;
    bytes in standard or URL-safe base64, padded or not; null for a field's default. It
    refuses, naming the field by its path ("items[2].note"), everything else: unknown fields,
    a field given twice (by either name, or two members of one oneof), wrong JSON types,
    integers out of range or with a fraction, text that is not UTF-8 (lone surrogates
    included) or holds a NUL (protobuf-c strings end at one), bad base64, unknown enum
    names, null inside a list, objects nested deeper than SF_PBJSON_MAX_DEPTH, documents
    larger than a bound, and anything after the document.                                   */
#ifndef SF_PBJSON_H_INCLUDED
#define SF_PBJSON_H_INCLUDED

#include "sf_json.h"
#include "sf_status.h"

#include <protobuf-c/protobuf-c.h>
#include <stddef.h>

#define SF_PBJSON_MAX_SIZE (4u << 20)   //  the default bound on a document, in bytes
#define SF_PBJSON_MAX_DEPTH 32          //  messages inside messages, the top one counted
#define SF_PBJSON_PATH_MAX 256

//  What is wrong with a document; each has its reason text, in both languages.
typedef enum {
    SF_PBJSON_OK,
    SF_PBJSON_SYNTAX,               //  not JSON
    SF_PBJSON_TOO_LARGE,
    SF_PBJSON_TOO_DEEP,
    SF_PBJSON_TRAILING,             //  something after the document
    SF_PBJSON_UNKNOWN_FIELD,
    SF_PBJSON_DUPLICATE_FIELD,      //  twice, by either name, or a second member of a oneof
    SF_PBJSON_WRONG_TYPE,           //  e.g. a string for a bool, a number for a message
    SF_PBJSON_NOT_INTEGER,          //  a fraction for an integer field
    SF_PBJSON_OUT_OF_RANGE,
    SF_PBJSON_BAD_UTF8,             //  invalid UTF-8 or a lone surrogate
    SF_PBJSON_NUL,                  //  \u0000 in a string
    SF_PBJSON_BAD_BASE64,
    SF_PBJSON_UNKNOWN_ENUM,
    SF_PBJSON_NULL_ELEMENT          //  null inside a list
} sf_pbjson_code_t;

typedef struct {
    sf_pbjson_code_t code;
    const sf_text_t *reason;        //  a phrase without arguments: "out of range"
    char path [SF_PBJSON_PATH_MAX]; //  "items[2].note" as the document names it; "" for the
                                    //  document itself; cut with "…" when longer
    size_t offset;                  //  the byte of the document where it was found
} sf_pbjson_error_t;

//  The message as compact JSON. Caller frees.
char *sf_pbjson_encode (const ProtobufCMessage *message);

//  The message as an object, written as the next value of json (the whole document, an
//  array element or a member's value), for a message inside a larger document.
void sf_pbjson_write (sf_json_t *json, const ProtobufCMessage *message);

//  A message of type descriptor from size bytes of JSON text (a NUL is not needed at the
//  end), or NULL with *error filled (error may be NULL) when the text is refused; at most
//  SF_PBJSON_MAX_SIZE bytes. protobuf_c_message_free_unpacked (message, NULL) frees it.
ProtobufCMessage *sf_pbjson_decode (const ProtobufCMessageDescriptor *descriptor, const char *text,
                                    size_t size, sf_pbjson_error_t *error);

//  The same with max_size as the bound on the document.
ProtobufCMessage *sf_pbjson_decode_max (const ProtobufCMessageDescriptor *descriptor, const char *text,
                                        size_t size, size_t max_size, sf_pbjson_error_t *error);

//  The error as a person reads it, in both languages: "JSON 字段 items[2].note：消息中没有这个
//  字段" / "JSON field items[2].note: the message has no such field"; "JSON 文档：…" /
//  "JSON document: …" when the path is empty. The caller frees *zh and *en.
void sf_pbjson_error_format (const sf_pbjson_error_t *error, char **zh, char **en);

//  The JSON name of field as protoc derives it (ToJsonName: each '_' dropped and the
//  letter after it upper-cased), NUL-terminated, cut to fit size bytes. Returns the length
//  of the whole name, as snprintf does.
size_t sf_pbjson_field_name (const ProtobufCFieldDescriptor *field, char *name, size_t size);

#endif
