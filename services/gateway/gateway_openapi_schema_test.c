/*  gateway_openapi_schema: messages as JSON Schemas in sf_pbjson's mapping: names in
    lowerCamelCase, 64-bit integers as strings (numbers taken), bytes as base64, enums as their
    value names, repeated fields as arrays, nested messages and enums each a schema of its own
    (once, however often reached), and a printed message that agrees with its schema.      */
#include "gateway_openapi_schema.h"
#include "inspection.pb-c.h"
#include "sf_pbjson.h"
#include "sf_testkit.h"

#include <stdlib.h>
#include <string.h>

//  The schemas of message, written as one object.
static char *
s_schemas (const ProtobufCMessageDescriptor *const *messages, size_t count, size_t *schema_count)
{
    gw_schemas_t *schemas = gw_schemas_new ();
    for (size_t i = 0; i < count; i++)
        gw_schemas_add (schemas, messages [i]);
    *schema_count = gw_schemas_count (schemas);
    sf_json_t *json = sf_json_new ();
    sf_json_object_begin (json);
    gw_schemas_write (schemas, json);
    sf_json_object_end (json);
    char *text = strdup (sf_json_text (json));
    sf_json_destroy (&json);
    gw_schemas_destroy (&schemas);
    return text;
}

static void
s_finding (void)
{
    const ProtobufCMessageDescriptor *messages [] = { &inspection__finding__descriptor };
    size_t count;
    char *text = s_schemas (messages, 1, &count);
    //  The message and its four enums.
    SF_CHECK (count == 5);
    const char *head = "{\"inspection.Factor\":{\"type\":\"string\",\"enum\":[\"FACTOR_UNSPECIFIED\",\"FACTOR_MAN\","
                             "\"FACTOR_MACHINE\",\"FACTOR_MATERIAL\",\"FACTOR_METHOD\",\"FACTOR_ENVIRONMENT\"]},"
                             "\"inspection.Finding\":{\"type\":\"object\",\"properties\":{";
    SF_CHECK (strncmp (text, head, strlen (head)) == 0);
    SF_CHECK (strstr (text, "\"id\":{\"type\":[\"string\",\"integer\"],\"format\":\"int64\""));
    SF_CHECK (strstr (text, "\"responsibleUnit\":{\"type\":\"string\"}"));
    SF_CHECK (!strstr (text, "responsible_unit"));
    SF_CHECK (strstr (text, "\"attachments\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}"));
    SF_CHECK (strstr (text, "\"factor\":{\"$ref\":\"#/components/schemas/inspection.Factor\"}"));
    SF_CHECK (strstr (text, "\"status\":{\"$ref\":\"#/components/schemas/inspection.FindingStatus\"}"));
    SF_CHECK (strstr (text, "\"inspection.Severity\":{\"type\":\"string\",\"enum\":["));

    //  What sf_pbjson prints of a Finding agrees: the same names, the id a string.
    Inspection__Finding finding = INSPECTION__FINDING__INIT;
    char *attachments [] = { "photo-1" };
    finding.id = 42;
    finding.responsible_unit = "P01D1";
    finding.n_attachments = 1;
    finding.attachments = attachments;
    finding.factor = INSPECTION__FACTOR__FACTOR_MACHINE;
    char *printed = sf_pbjson_encode (&finding.base);
    SF_CHECK (strcmp (printed, "{\"id\":\"42\",\"factor\":\"FACTOR_MACHINE\",\"responsibleUnit\":\"P01D1\","
                               "\"attachments\":[\"photo-1\"]}") == 0);
    free (printed);
    free (text);
}

static void
s_nested_once (void)
{
    //  ReportFinding reaches FindingInput and two enums; Finding shares those enums.
    const ProtobufCMessageDescriptor *messages [] = {
        &inspection__report_finding__descriptor, &inspection__finding__descriptor, &inspection__report_finding__descriptor
    };
    size_t count;
    char *text = s_schemas (messages, 3, &count);
    SF_CHECK (count == 7);
    SF_CHECK (strstr (text, "\"inspection.ReportFinding\":{\"type\":\"object\",\"properties\":{\"finding\":{\"$ref\":"
                            "\"#/components/schemas/inspection.FindingInput\"}"));
    SF_CHECK (strstr (text, "\"inspection.FindingInput\":{"));
    SF_CHECK (strstr (text, "\"lessonRef\":{\"type\":\"string\"}"));
    //  In name order.
    SF_CHECK (strstr (text, "inspection.Finding\"") < strstr (text, "inspection.FindingInput\""));
    SF_CHECK (strstr (text, "inspection.FindingInput\"") < strstr (text, "inspection.ReportFinding\""));
    free (text);
}

static void
s_bytes_double_int32 (void)
{
    const ProtobufCMessageDescriptor *messages [] = {
        &inspection__import_hazard_csv__descriptor, &inspection__unit_completion__descriptor
    };
    size_t count;
    char *text = s_schemas (messages, 2, &count);
    SF_CHECK (count == 2);
    SF_CHECK (strstr (text, "\"csv\":{\"type\":\"string\",\"format\":\"byte\",\"contentEncoding\":\"base64\"}"));
    SF_CHECK (strstr (text, "\"fileName\":{\"type\":\"string\"}"));
    SF_CHECK (strstr (text, "\"rate\":{\"type\":[\"number\",\"string\"],\"format\":\"double\""));
    SF_CHECK (strstr (text, "\"due\":{\"type\":\"integer\",\"format\":\"int32\"}"));
    free (text);
}

static void
s_json_path (void)
{
    char *path = gw_schemas_json_path (&inspection__report_finding__descriptor, "finding.responsible_unit");
    SF_CHECK (strcmp (path, "finding.responsibleUnit") == 0);
    free (path);
    path = gw_schemas_json_path (&inspection__report_finding__descriptor, "lesson_ref");
    SF_CHECK (strcmp (path, "lessonRef") == 0);
    free (path);
    //  Unknown parts are kept as they are.
    path = gw_schemas_json_path (&inspection__report_finding__descriptor, "no_such.sub_field");
    SF_CHECK (strcmp (path, "no_such.sub_field") == 0);
    free (path);
}

int
main (void)
{
    s_finding ();
    s_nested_once ();
    s_bytes_double_int32 ();
    s_json_path ();
    return 0;
}
