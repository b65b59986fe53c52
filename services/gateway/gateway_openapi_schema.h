/*  gateway_openapi_schema: the JSON Schemas (OpenAPI 3.1, JSON Schema 2020-12) of messages, in
    the proto3 JSON mapping exactly as common/sf_pbjson.h prints and parses it, so that the
    document says what the gateway really sends and takes:

      a field                       its JSON name (lowerCamelCase, sf_pbjson_field_name)
      int32, sint32, sfixed32       integer, int32
      uint32, fixed32               integer, 0 .. 4294967295
      int64, sint64, sfixed64       string of digits ("int64"; a number is taken too)
      uint64, fixed64               string of digits ("uint64"; a number is taken too)
      float, double                 number, or "NaN", "Infinity", "-Infinity"
      bool                          boolean
      string                        string
      bytes                         string, standard base64 with padding
      enum                          string, one of its value names (a schema of its own)
      message                       object (a schema of its own, by $ref)
      repeated                      array of the above

    Each message and enum is a schema of its own named by its full .proto name
    ("inspection.Finding"), referred to as #/components/schemas/<name>.                     */
#ifndef GATEWAY_OPENAPI_SCHEMA_H_INCLUDED
#define GATEWAY_OPENAPI_SCHEMA_H_INCLUDED

#include "sf_json.h"

#include <protobuf-c/protobuf-c.h>

#define GW_OPENAPI_SCHEMA_REF "#/components/schemas/"

typedef struct _gw_schemas_t gw_schemas_t;

gw_schemas_t *gw_schemas_new (void);
void gw_schemas_destroy (gw_schemas_t **self_p);

//  Adds message and every message and enum it reaches through its fields (once each).
void gw_schemas_add (gw_schemas_t *self, const ProtobufCMessageDescriptor *message);
size_t gw_schemas_count (const gw_schemas_t *self);

//  Writes one member per schema added, "<full name>": {schema}, in name order, into the
//  object json is in (components.schemas).
void gw_schemas_write (gw_schemas_t *self, sf_json_t *json);

//  Writes {"$ref": "#/components/schemas/<name>"} as the next value.
void gw_schemas_write_ref (sf_json_t *json, const char *name);

//  The JSON names of a dotted path of .proto field names inside message ("finding.unit_code"
//  -> "finding.unitCode"); a part the message does not have is kept as it is. Caller frees.
char *gw_schemas_json_path (const ProtobufCMessageDescriptor *message, const char *path);

#endif
