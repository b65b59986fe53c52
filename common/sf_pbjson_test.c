/*  sf_pbjson_test: printing (names, defaults left out, 64-bit integers as strings, enums by
    name and unknown ones by number, doubles and their special values, bytes, nested and
    repeated messages), parsing what Google's parsers take (either name, integers as
    numbers or strings, enums by number, null, both base64 alphabets, escapes and surrogate
    pairs), round trips that pack to the same bytes, and every refusal with its code and
    path, among them the depth bound on a message that holds itself and the size bound.
    Google's own runtime is the judge in tests/contract_json_interop_test.py.               */
#include "sf_pbjson.h"
#include "sf_testkit.h"
#include "directory.pb-c.h"
#include "envelope.pb-c.h"
#include "inspection.pb-c.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

//  A message that holds itself, which no .proto of ours has, for the depth bound.
typedef struct {
    ProtobufCMessage base;
    int32_t n;
    ProtobufCMessage *child;
} s_nest_t;

static void s_nest_init (ProtobufCMessage *message);
static const ProtobufCMessageDescriptor s_nest_descriptor;
static const ProtobufCFieldDescriptor s_nest_fields [2] = {
    { "n", 1, PROTOBUF_C_LABEL_NONE, PROTOBUF_C_TYPE_INT32, 0, offsetof (s_nest_t, n),
      NULL, NULL, 0, 0, NULL, NULL },
    { "child", 2, PROTOBUF_C_LABEL_NONE, PROTOBUF_C_TYPE_MESSAGE, 0, offsetof (s_nest_t, child),
      &s_nest_descriptor, NULL, 0, 0, NULL, NULL },
};
static const unsigned s_nest_by_name [2] = { 1, 0 };
static const ProtobufCIntRange s_nest_ranges [2] = { { 1, 0 }, { 0, 2 } };
static const ProtobufCMessageDescriptor s_nest_descriptor = {
    PROTOBUF_C__MESSAGE_DESCRIPTOR_MAGIC, "test.Nest", "Nest", "Test__Nest", "test",
    sizeof (s_nest_t), 2, s_nest_fields, s_nest_by_name, 1, s_nest_ranges, s_nest_init,
    NULL, NULL, NULL
};

static void
s_nest_init (ProtobufCMessage *message)
{
    static const s_nest_t init = { PROTOBUF_C_MESSAGE_INIT (&s_nest_descriptor), 0, NULL };
    *(s_nest_t *) message = init;
}

//  Test documents are written with ' for ", which keeps them readable here; a real
//  apostrophe is \u0027.
static char *
s_quotes (const char *text)
{
    char *json = strdup (text);
    SF_CHECK (json);
    for (char *at = json; *at; at++)
        if (*at == '\'')
            *at = '"';
    return json;
}

static ProtobufCMessage *
s_decode (const ProtobufCMessageDescriptor *descriptor, const char *text)
{
    char *json = s_quotes (text);
    sf_pbjson_error_t error;
    ProtobufCMessage *message = sf_pbjson_decode (descriptor, json, strlen (json), &error);
    if (!message)
        fprintf (stderr, "refused %s: %d at '%s': %s\n", json, error.code, error.path, error.reason->en);
    SF_CHECK (message);
    SF_CHECK (error.code == SF_PBJSON_OK);
    free (json);
    return message;
}

static void
s_refused (const ProtobufCMessageDescriptor *descriptor, const char *text, sf_pbjson_code_t code,
           const char *path)
{
    char *json = s_quotes (text);
    sf_pbjson_error_t error;
    ProtobufCMessage *message = sf_pbjson_decode (descriptor, json, strlen (json), &error);
    if (message || error.code != code || strcmp (error.path, path) != 0)
        fprintf (stderr, "%s: want %d at '%s', got %d at '%s'\n", json, code, path, error.code, error.path);
    SF_CHECK (!message);
    SF_CHECK (error.code == code);
    SF_CHECK_STR (error.path, path);
    SF_CHECK (error.reason && *error.reason->zh && *error.reason->en);
    SF_CHECK (error.offset <= strlen (json));
    free (json);
}

static void
s_check_encode (const ProtobufCMessage *message, const char *expected)
{
    char *json = sf_pbjson_encode (message);
    char *want = s_quotes (expected);
    SF_CHECK_STR (json, want);
    free (want);
    free (json);
}

//  The message's JSON, parsed again, packs to the same bytes as the message.
static void
s_check_round_trip (const ProtobufCMessage *message)
{
    char *json = sf_pbjson_encode (message);
    ProtobufCMessage *back = sf_pbjson_decode (message->descriptor, json, strlen (json), NULL);
    SF_CHECK (back);
    size_t size = protobuf_c_message_get_packed_size (message);
    SF_CHECK (protobuf_c_message_get_packed_size (back) == size);
    uint8_t *packed = malloc (size + 1), *repacked = malloc (size + 1);
    SF_CHECK (packed && repacked);
    protobuf_c_message_pack (message, packed);
    protobuf_c_message_pack (back, repacked);
    SF_CHECK (memcmp (packed, repacked, size) == 0);
    char *again = sf_pbjson_encode (back);
    SF_CHECK_STR (again, json);
    free (again);
    free (packed);
    free (repacked);
    protobuf_c_message_free_unpacked (back, NULL);
    free (json);
}

static void
s_test_encode (void)
{
    Sf__Request request = SF__REQUEST__INIT;
    s_check_encode (&request.base, "{}");
    Sf__Actor actor = SF__ACTOR__INIT;
    request.actor = &actor;
    s_check_encode (&request.base, "{'actor':{}}");

    char *roles [] = { "admin", "安全员" };
    uint8_t body [] = { 0x00, 0xff, 0x10 };
    request.request_id = "r-1";
    actor.user_id = "张三";
    actor.n_roles = 2;
    actor.roles = roles;
    actor.plant = "P01";
    request.deadline_ms = INT64_MIN;
    request.type = "directory.CreateNode";
    request.body = (ProtobufCBinaryData) { sizeof body, body };
    s_check_encode (&request.base,
        "{'requestId':'r-1','actor':{'userId':'张三','roles':['admin','安全员'],'plant':'P01'},"
        "'deadlineMs':'-9223372036854775808','type':'directory.CreateNode','body':'AP8Q'}");
    s_check_round_trip (&request.base);

    //  Escapes come out as JSON wants them.
    actor.user_id = "a\"b\\c\n\x01 😀";
    request.actor = &actor;
    char *json = sf_pbjson_encode (&actor.base);
    SF_CHECK_STR (json, "{\"userId\":\"a\\\"b\\\\c\\n\\u0001 😀\",\"roles\":[\"admin\",\"安全员\"],\"plant\":\"P01\"}");
    free (json);
    s_check_round_trip (&request.base);

    //  Enums by name, numbers the enum does not know (negative too) as numbers.
    Directory__Node node = DIRECTORY__NODE__INIT;
    node.id = INT64_MAX;
    node.kind = DIRECTORY__KIND__KIND_PLANT;
    node.code = "P01";
    node.name_zh = "一厂";
    node.employment_type = -5;
    node.active = 1;
    node.version = 1;
    node.depth = INT32_MIN;
    s_check_encode (&node.base,
        "{'id':'9223372036854775807','kind':'KIND_PLANT','code':'P01','nameZh':'一厂',"
        "'employmentType':-5,'active':true,'version':'1','depth':-2147483648}");
    s_check_round_trip (&node.base);
    node.employment_type = 77;
    node.kind = DIRECTORY__KIND__KIND_UNSPECIFIED;
    node.active = 0;
    s_check_encode (&node.base,
        "{'id':'9223372036854775807','code':'P01','nameZh':'一厂','employmentType':77,"
        "'version':'1','depth':-2147483648}");

    //  Doubles: a default +0.0 is left out, -0.0 is not; the special values are strings.
    Inspection__UnitCompletion units [6];
    Inspection__UnitCompletion *unit_list [6];
    for (int i = 0; i < 6; i++) {
        inspection__unit_completion__init (&units [i]);
        unit_list [i] = &units [i];
    }
    units [0].unit_code = "T1";
    units [0].done = 3;
    units [0].rate = 0.1;
    units [1].rate = NAN;
    units [2].rate = -0.0;
    units [3].rate = -INFINITY;
    units [4].rate = 1e-320;
    Inspection__Completion completion = INSPECTION__COMPLETION__INIT;
    completion.n_units = 6;
    completion.units = unit_list;
    s_check_encode (&completion.base,
        "{'units':[{'unitCode':'T1','done':3,'rate':0.1},{'rate':'NaN'},{'rate':-0.0},"
        "{'rate':'-Infinity'},{'rate':1e-320},{}]}");
    s_check_round_trip (&completion.base);

    //  Into a larger document.
    sf_json_t *writer = sf_json_new ();
    sf_json_object_begin (writer);
    sf_json_key (writer, "node");
    sf_pbjson_write (writer, &node.base);
    sf_json_key (writer, "list");
    sf_json_array_begin (writer);
    sf_pbjson_write (writer, &units [5].base);
    sf_pbjson_write (writer, &units [0].base);
    sf_json_array_end (writer);
    sf_json_object_end (writer);
    SF_CHECK (strstr (sf_json_text (writer), "{\"node\":{\"id\":\"9223372036854775807\","));
    SF_CHECK (strstr (sf_json_text (writer), "\"list\":[{},{\"unitCode\":\"T1\",\"done\":3,\"rate\":0.1}]}"));
    sf_json_destroy (&writer);
}

static void
s_test_decode (void)
{
    //  Either name, 64-bit integers as strings or numbers, an exponent that makes an integer.
    Sf__Request *request = (Sf__Request *) s_decode (&sf__request__descriptor,
        " { 'request_id' : 'a' , 'actor':{'user_id':'u','roles':['x','y','z','w','v']},\n"
        "\t'deadlineMs':1e3,'body':'AP8Q','type':null}\r\n");
    SF_CHECK_STR (request->request_id, "a");
    SF_CHECK_STR (request->actor->user_id, "u");
    SF_CHECK (request->actor->n_roles == 5);
    SF_CHECK_STR (request->actor->roles [4], "v");
    SF_CHECK_STR (request->actor->org_node, "");
    SF_CHECK (request->actor->org_node == protobuf_c_empty_string);
    SF_CHECK (request->deadline_ms == 1000);
    SF_CHECK (request->body.len == 3 && memcmp (request->body.data, "\x00\xff\x10", 3) == 0);
    SF_CHECK (request->type == protobuf_c_empty_string);
    protobuf_c_message_free_unpacked (&request->base, NULL);

    const char *deadlines [][2] = {
        { "{'deadlineMs':'-9223372036854775808'}", "-9223372036854775808" },
        { "{'deadlineMs':-9223372036854775808}", "-9223372036854775808" },
        { "{'deadlineMs':'9223372036854775807'}", "9223372036854775807" },
        { "{'deadlineMs':9223372036854775807.0e0}", "9223372036854775807" },
        { "{'deadlineMs':'-0'}", "0" },
        { "{'deadlineMs':12000e-3}", "12" },
        { "{'deadlineMs':0.5e1}", "5" },
    };
    for (size_t i = 0; i < sizeof deadlines / sizeof deadlines [0]; i++) {
        request = (Sf__Request *) s_decode (&sf__request__descriptor, deadlines [i][0]);
        char text [32];
        snprintf (text, sizeof text, "%lld", (long long) request->deadline_ms);
        SF_CHECK_STR (text, deadlines [i][1]);
        protobuf_c_message_free_unpacked (&request->base, NULL);
    }

    //  32-bit integers as strings, enums by name or by number (unknown and negative ones too).
    Directory__Node *node = (Directory__Node *) s_decode (&directory__node__descriptor,
        "{'depth':'-2147483648','kind':2,'employmentType':'EMPLOYMENT_LABOUR_DISPATCH','active':true}");
    SF_CHECK (node->depth == INT32_MIN && node->kind == DIRECTORY__KIND__KIND_PLANT && node->active);
    SF_CHECK (node->employment_type == DIRECTORY__EMPLOYMENT_TYPE__EMPLOYMENT_LABOUR_DISPATCH);
    protobuf_c_message_free_unpacked (&node->base, NULL);
    node = (Directory__Node *) s_decode (&directory__node__descriptor,
        "{'depth':2.0,'kind':-3,'employment_type':2147483647,'active':false,'nameZh':'\\u4e00\\u5382'}");
    SF_CHECK (node->depth == 2 && (int) node->kind == -3 && (int) node->employment_type == INT32_MAX);
    SF_CHECK_STR (node->name_zh, "一厂");
    protobuf_c_message_free_unpacked (&node->base, NULL);

    //  Escapes and a surrogate pair; raw UTF-8 as it is.
    Sf__Actor *actor = (Sf__Actor *) s_decode (&sf__actor__descriptor,
        "{'userId':'\\'\\\\\\/\\b\\f\\n\\r\\t\\u0027\\ud83d\\ude00\\u00e9\\u20ac','plant':'生产 😀'}");
    SF_CHECK_STR (actor->user_id, "\"\\/\b\f\n\r\t'😀é€");
    SF_CHECK_STR (actor->plant, "生产 😀");
    SF_CHECK (actor->n_roles == 0 && actor->roles == NULL);
    protobuf_c_message_free_unpacked (&actor->base, NULL);
    actor = (Sf__Actor *) s_decode (&sf__actor__descriptor, "{'roles':[],'userId':''}");
    SF_CHECK (actor->n_roles == 0);
    SF_CHECK_STR (actor->user_id, "");
    protobuf_c_message_free_unpacked (&actor->base, NULL);

    //  Bytes: standard or URL-safe alphabet, padded or not.
    const char *csvs [] = { "{'csv':'+/8='}", "{'csv':'-_8'}", "{'csv':'+_8'}" };
    for (size_t i = 0; i < 3; i++) {
        Directory__ImportCsv *import = (Directory__ImportCsv *) s_decode (&directory__import_csv__descriptor, csvs [i]);
        SF_CHECK (import->csv.len == 2 && import->csv.data [0] == 0xfb && import->csv.data [1] == 0xff);
        protobuf_c_message_free_unpacked (&import->base, NULL);
    }
    Directory__ImportCsv *import = (Directory__ImportCsv *) s_decode (&directory__import_csv__descriptor,
        "{'csv':'','fileName':'a.csv'}");
    SF_CHECK (import->csv.len == 0);
    protobuf_c_message_free_unpacked (&import->base, NULL);
    import = (Directory__ImportCsv *) s_decode (&directory__import_csv__descriptor, "{'csv':'Zm9vYmFy'}");
    SF_CHECK (import->csv.len == 6 && memcmp (import->csv.data, "foobar", 6) == 0);
    protobuf_c_message_free_unpacked (&import->base, NULL);

    //  Doubles: numbers, strings of numbers, the special strings.
    Inspection__Completion *completion = (Inspection__Completion *) s_decode (&inspection__completion__descriptor,
        "{'units':[{'rate':'NaN'},{'rate':'Infinity'},{'rate':'-Infinity'},{'rate':'1.5'},{'rate':-2.5e-3},"
        "{'rate':1e-400},{'rate':1},{'rate':-0.0}]}");
    SF_CHECK (completion->n_units == 8);
    SF_CHECK (isnan (completion->units [0]->rate));
    SF_CHECK (completion->units [1]->rate == INFINITY && completion->units [2]->rate == -INFINITY);
    SF_CHECK (completion->units [3]->rate == 1.5 && completion->units [4]->rate == -2.5e-3);
    SF_CHECK (completion->units [5]->rate == 0 && completion->units [6]->rate == 1);
    SF_CHECK (completion->units [7]->rate == 0 && signbit (completion->units [7]->rate));
    protobuf_c_message_free_unpacked (&completion->base, NULL);
}

static void
s_test_refusals (void)
{
    const ProtobufCMessageDescriptor *request = &sf__request__descriptor;
    const ProtobufCMessageDescriptor *actor = &sf__actor__descriptor;
    const ProtobufCMessageDescriptor *node = &directory__node__descriptor;
    const ProtobufCMessageDescriptor *import = &directory__import_csv__descriptor;
    const ProtobufCMessageDescriptor *completion = &inspection__completion__descriptor;
    const ProtobufCMessageDescriptor *record = &inspection__record_inspection__descriptor;

    //  Unknown fields, deep in lists too.
    s_refused (completion, "{'units':[{'rate':1},{'rate':2},{'unitCode':'a','nope':1}]}",
               SF_PBJSON_UNKNOWN_FIELD, "units[2].nope");
    s_refused (record, "{'taskId':'1','results':[{'key':'k','passed':true},{'note':'n','Note':'x'}]}",
               SF_PBJSON_UNKNOWN_FIELD, "results[1].Note");
    s_refused (request, "{'actor':{'userid':'u'}}", SF_PBJSON_UNKNOWN_FIELD, "actor.userid");
    s_refused (request, "{'':1}", SF_PBJSON_UNKNOWN_FIELD, "");

    //  Wrong JSON types.
    s_refused (request, "{'actor':{'roles':['a',1]}}", SF_PBJSON_WRONG_TYPE, "actor.roles[1]");
    s_refused (request, "{'actor':'x'}", SF_PBJSON_WRONG_TYPE, "actor");
    s_refused (request, "{'actor':[]}", SF_PBJSON_WRONG_TYPE, "actor");
    s_refused (actor, "{'roles':'a'}", SF_PBJSON_WRONG_TYPE, "roles");
    s_refused (actor, "{'roles':{}}", SF_PBJSON_WRONG_TYPE, "roles");
    s_refused (node, "{'code':5}", SF_PBJSON_WRONG_TYPE, "code");
    s_refused (node, "{'code':{}}", SF_PBJSON_WRONG_TYPE, "code");
    s_refused (node, "{'code':true}", SF_PBJSON_WRONG_TYPE, "code");
    s_refused (node, "{'active':'true'}", SF_PBJSON_WRONG_TYPE, "active");
    s_refused (node, "{'active':1}", SF_PBJSON_WRONG_TYPE, "active");
    s_refused (node, "{'depth':true}", SF_PBJSON_WRONG_TYPE, "depth");
    s_refused (node, "{'depth':'12 '}", SF_PBJSON_WRONG_TYPE, "depth");
    s_refused (node, "{'depth':'0x10'}", SF_PBJSON_WRONG_TYPE, "depth");
    s_refused (node, "{'depth':[1]}", SF_PBJSON_WRONG_TYPE, "depth");
    s_refused (node, "{'kind':true}", SF_PBJSON_WRONG_TYPE, "kind");
    s_refused (import, "{'csv':5}", SF_PBJSON_WRONG_TYPE, "csv");
    s_refused (completion, "{'units':[{'rate':true}]}", SF_PBJSON_WRONG_TYPE, "units[0].rate");
    s_refused (completion, "{'units':[{'rate':'nan'}]}", SF_PBJSON_WRONG_TYPE, "units[0].rate");
    s_refused (completion, "{'units':[{'rate':'1.5x'}]}", SF_PBJSON_WRONG_TYPE, "units[0].rate");
    s_refused (completion, "{'units':[3]}", SF_PBJSON_WRONG_TYPE, "units[0]");
    s_refused (completion, "{'units':{}}", SF_PBJSON_WRONG_TYPE, "units");
    s_refused (request, "[]", SF_PBJSON_WRONG_TYPE, "");
    s_refused (request, "null", SF_PBJSON_WRONG_TYPE, "");

    //  Out of range, fractions.
    s_refused (request, "{'deadlineMs':'9223372036854775808'}", SF_PBJSON_OUT_OF_RANGE, "deadlineMs");
    s_refused (request, "{'deadlineMs':'18446744073709551615'}", SF_PBJSON_OUT_OF_RANGE, "deadlineMs");
    s_refused (request, "{'deadlineMs':18446744073709551616}", SF_PBJSON_OUT_OF_RANGE, "deadlineMs");
    s_refused (request, "{'deadlineMs':-9223372036854775809}", SF_PBJSON_OUT_OF_RANGE, "deadlineMs");
    s_refused (request, "{'deadlineMs':1e19}", SF_PBJSON_OUT_OF_RANGE, "deadlineMs");
    s_refused (request, "{'deadlineMs':1e999999999999}", SF_PBJSON_OUT_OF_RANGE, "deadlineMs");
    s_refused (node, "{'depth':2147483648}", SF_PBJSON_OUT_OF_RANGE, "depth");
    s_refused (node, "{'depth':'-2147483649'}", SF_PBJSON_OUT_OF_RANGE, "depth");
    s_refused (node, "{'kind':4294967296}", SF_PBJSON_OUT_OF_RANGE, "kind");
    s_refused (node, "{'depth':1.5}", SF_PBJSON_NOT_INTEGER, "depth");
    s_refused (node, "{'depth':'1.5'}", SF_PBJSON_NOT_INTEGER, "depth");
    s_refused (node, "{'depth':1e-3}", SF_PBJSON_NOT_INTEGER, "depth");
    s_refused (node, "{'depth':1e-999999999999}", SF_PBJSON_NOT_INTEGER, "depth");
    s_refused (node, "{'kind':1.5}", SF_PBJSON_NOT_INTEGER, "kind");
    s_refused (request, "{'deadlineMs':0.1}", SF_PBJSON_NOT_INTEGER, "deadlineMs");
    s_refused (completion, "{'units':[{},{'rate':1e400}]}", SF_PBJSON_OUT_OF_RANGE, "units[1].rate");
    s_refused (completion, "{'units':[{'rate':'-1e400'}]}", SF_PBJSON_OUT_OF_RANGE, "units[0].rate");

    //  Text: not UTF-8, lone surrogates, NUL.
    s_refused (node, "{'code':'\xff'}", SF_PBJSON_BAD_UTF8, "code");
    s_refused (node, "{'code':'a\xe4\xb8'}", SF_PBJSON_BAD_UTF8, "code");
    s_refused (node, "{'code':'\xed\xa0\x80'}", SF_PBJSON_BAD_UTF8, "code");
    s_refused (node, "{'code':'\\ud800'}", SF_PBJSON_BAD_UTF8, "code");
    s_refused (node, "{'code':'\\udc00x'}", SF_PBJSON_BAD_UTF8, "code");
    s_refused (node, "{'code':'\\ud83d\\u0041'}", SF_PBJSON_BAD_UTF8, "code");
    s_refused (node, "{'code':'\\ud83d'}", SF_PBJSON_BAD_UTF8, "code");
    s_refused (node, "{'co\xc0\xaf" "de':1}", SF_PBJSON_BAD_UTF8, "");
    s_refused (node, "{'code':'a\\u0000b'}", SF_PBJSON_NUL, "code");
    s_refused (actor, "{'roles':['ok','\\u0000']}", SF_PBJSON_NUL, "roles[1]");

    //  Base64 and enum names.
    s_refused (import, "{'csv':'abc$'}", SF_PBJSON_BAD_BASE64, "csv");
    s_refused (import, "{'csv':'Zg='}", SF_PBJSON_BAD_BASE64, "csv");
    s_refused (import, "{'csv':'Z'}", SF_PBJSON_BAD_BASE64, "csv");
    s_refused (import, "{'csv':'Zg==Zg=='}", SF_PBJSON_BAD_BASE64, "csv");
    s_refused (import, "{'csv':'Zm9v YmFy'}", SF_PBJSON_BAD_BASE64, "csv");
    s_refused (import, "{'csv':'Zg==='}", SF_PBJSON_BAD_BASE64, "csv");
    s_refused (node, "{'kind':'KIND_NOPE'}", SF_PBJSON_UNKNOWN_ENUM, "kind");
    s_refused (node, "{'kind':'kind_plant'}", SF_PBJSON_UNKNOWN_ENUM, "kind");
    s_refused (node, "{'kind':'2'}", SF_PBJSON_UNKNOWN_ENUM, "kind");

    //  Twice, by the same name or by both; null inside a list.
    s_refused (node, "{'code':'a','code':'b'}", SF_PBJSON_DUPLICATE_FIELD, "code");
    s_refused (node, "{'nameZh':'a','name_zh':'b'}", SF_PBJSON_DUPLICATE_FIELD, "name_zh");
    s_refused (node, "{'code':null,'code':'b'}", SF_PBJSON_DUPLICATE_FIELD, "code");
    s_refused (actor, "{'roles':['a',null]}", SF_PBJSON_NULL_ELEMENT, "roles[1]");
    s_refused (completion, "{'units':[null]}", SF_PBJSON_NULL_ELEMENT, "units[0]");

    //  Not JSON, or more than one document.
    s_refused (node, "", SF_PBJSON_SYNTAX, "");
    s_refused (node, "  ", SF_PBJSON_SYNTAX, "");
    s_refused (node, "{", SF_PBJSON_SYNTAX, "");
    s_refused (node, "{'code':}", SF_PBJSON_SYNTAX, "code");
    s_refused (node, "{'code' 'a'}", SF_PBJSON_SYNTAX, "code");
    s_refused (node, "{'code':'a',}", SF_PBJSON_SYNTAX, "");
    s_refused (node, "{'code':'a' 'depth':1}", SF_PBJSON_SYNTAX, "");
    s_refused (node, "{'code':'a", SF_PBJSON_SYNTAX, "code");
    s_refused (node, "{'code':'a\\", SF_PBJSON_SYNTAX, "code");
    s_refused (node, "{'code':'a\\x'}", SF_PBJSON_SYNTAX, "code");
    s_refused (node, "{'code':'\\u12g4'}", SF_PBJSON_SYNTAX, "code");
    s_refused (node, "{'code':'a\tb'}", SF_PBJSON_SYNTAX, "code");
    s_refused (node, "{code:'a'}", SF_PBJSON_SYNTAX, "");
    s_refused (node, "{'depth':01}", SF_PBJSON_SYNTAX, "depth");
    s_refused (node, "{'depth':+1}", SF_PBJSON_SYNTAX, "depth");
    s_refused (node, "{'depth':1.}", SF_PBJSON_SYNTAX, "depth");
    s_refused (node, "{'depth':.5}", SF_PBJSON_SYNTAX, "depth");
    s_refused (node, "{'active':tru}", SF_PBJSON_SYNTAX, "active");
    s_refused (node, "{'active':truex}", SF_PBJSON_SYNTAX, "");
    s_refused (completion, "{'units':[{'rate':NaN}]}", SF_PBJSON_SYNTAX, "units[0].rate");
    s_refused (completion, "{'units':[{'rate':1}", SF_PBJSON_SYNTAX, "units");
    s_refused (completion, "{'units':[{'rate':1},]}", SF_PBJSON_SYNTAX, "units[1]");
    s_refused (node, "\xef\xbb\xbf{}", SF_PBJSON_SYNTAX, "");
    s_refused (node, "{}x", SF_PBJSON_TRAILING, "");
    s_refused (node, "{} {}", SF_PBJSON_TRAILING, "");
    s_refused (node, "{}}", SF_PBJSON_TRAILING, "");

    //  A NUL byte is not JSON; the size, not a NUL, ends the document.
    sf_pbjson_error_t error;
    SF_CHECK (!sf_pbjson_decode (node, "{}\0", 3, &error));
    SF_CHECK (error.code == SF_PBJSON_TRAILING && error.offset == 2);
    ProtobufCMessage *message = sf_pbjson_decode (node, "{}garbage", 2, &error);
    SF_CHECK (message && error.code == SF_PBJSON_OK);
    protobuf_c_message_free_unpacked (message, NULL);
    SF_CHECK (!sf_pbjson_decode (node, "{\"code\":\"a\0b\"}", 14, NULL));
}

//  Refusals after much was allocated leave nothing behind (ASan's leak check is the judge)
//  and never free what is not theirs.
static void
s_test_refusal_midway (void)
{
    s_refused (&sf__actor__descriptor, "{'userId':'u','roles':['a','b','c','d','e','f','g','h','i',5]}",
               SF_PBJSON_WRONG_TYPE, "roles[9]");
    s_refused (&inspection__record_inspection__descriptor,
        "{'remarks':'r','results':[{'key':'a','note':'n'},{'key':'b'}],"
        "'findings':[{'description':'d','attachments':['x','y']},{'attachments':['z',null]}]}",
        SF_PBJSON_NULL_ELEMENT, "findings[1].attachments[1]");
    s_refused (&sf__request__descriptor, "{'body':'AAAA','actor':{'userId':'u','roles':['r']},'type':'t','x':1}",
               SF_PBJSON_UNKNOWN_FIELD, "x");
    s_refused (&inspection__completion__descriptor, "{'units':[{'unitCode':'a'},{'unitCode':'b'},{'unitCode':'\\ud800'}]}",
               SF_PBJSON_BAD_UTF8, "units[2].unitCode");
}

static char *
s_nested (int depth, const char *innermost)
{
    size_t size = (size_t) depth * 12 + strlen (innermost) + 8;
    char *json = malloc (size);
    SF_CHECK (json);
    char *at = json;
    for (int i = 1; i < depth; i++)
        at += sprintf (at, "{'child':");
    at += sprintf (at, "%s", innermost);
    for (int i = 1; i < depth; i++)
        *at++ = '}';
    *at = 0;
    return json;
}

static void
s_test_limits (void)
{
    //  32 messages deep is fine, 33 is not.
    char *json = s_nested (SF_PBJSON_MAX_DEPTH, "{'n':7}");
    s_nest_t *nest = (s_nest_t *) s_decode (&s_nest_descriptor, json);
    int depth = 1;
    for (s_nest_t *at = nest; at->child; at = (s_nest_t *) at->child)
        depth++;
    SF_CHECK (depth == SF_PBJSON_MAX_DEPTH);
    s_check_round_trip (&nest->base);
    protobuf_c_message_free_unpacked (&nest->base, NULL);
    free (json);

    json = s_nested (SF_PBJSON_MAX_DEPTH + 1, "{}");
    char path [SF_PBJSON_PATH_MAX] = "child";
    for (int i = 1; i < SF_PBJSON_MAX_DEPTH; i++)
        strcat (path, ".child");
    s_refused (&s_nest_descriptor, json, SF_PBJSON_TOO_DEEP, path);
    free (json);
    json = s_nested (1000, "{}");
    s_refused (&s_nest_descriptor, json, SF_PBJSON_TOO_DEEP, path);
    free (json);

    //  The size bound: the caller's, or 4 MiB.
    sf_pbjson_error_t error;
    const char *small = "{\"n\":12}";
    SF_CHECK (!sf_pbjson_decode_max (&s_nest_descriptor, small, strlen (small), strlen (small) - 1, &error));
    SF_CHECK (error.code == SF_PBJSON_TOO_LARGE && *error.path == 0);
    ProtobufCMessage *message = sf_pbjson_decode_max (&s_nest_descriptor, small, strlen (small), strlen (small), &error);
    SF_CHECK (message && ((s_nest_t *) message)->n == 12);
    protobuf_c_message_free_unpacked (message, NULL);

    size_t size = SF_PBJSON_MAX_SIZE + 1;
    char *big = malloc (size);
    SF_CHECK (big);
    memset (big, ' ', size);
    big [0] = '{';
    big [size - 2] = '}';
    SF_CHECK (!sf_pbjson_decode (&s_nest_descriptor, big, size, &error));
    SF_CHECK (error.code == SF_PBJSON_TOO_LARGE);
    message = sf_pbjson_decode (&s_nest_descriptor, big, size - 1, &error);
    SF_CHECK (message);
    protobuf_c_message_free_unpacked (message, NULL);
    free (big);

    //  A path longer than the error holds is cut on a character boundary and says so.
    char key [400];
    for (size_t i = 0; i < 390; i += 3)
        memcpy (key + i, "键", 3);
    key [390] = 0;
    char text [512];
    snprintf (text, sizeof text, "{\"%s\":1}", key);
    SF_CHECK (!sf_pbjson_decode (&s_nest_descriptor, text, strlen (text), &error));
    SF_CHECK (error.code == SF_PBJSON_UNKNOWN_FIELD);
    size_t path_size = strlen (error.path);
    SF_CHECK (path_size < SF_PBJSON_PATH_MAX && path_size > SF_PBJSON_PATH_MAX - 8);
    SF_CHECK (strcmp (error.path + path_size - 3, "…") == 0);
    SF_CHECK (strncmp (error.path, key, path_size - 3) == 0 && (path_size - 3) % 3 == 0);
}

static void
s_test_error_text (void)
{
    char *json = s_quotes ("{'units':[{},{},{'nope':1}]}");
    sf_pbjson_error_t error;
    SF_CHECK (!sf_pbjson_decode (&inspection__completion__descriptor, json, strlen (json), &error));
    char *zh, *en;
    sf_pbjson_error_format (&error, &zh, &en);
    SF_CHECK_STR (zh, "JSON 字段 units[2].nope：消息中没有这个字段");
    SF_CHECK_STR (en, "JSON field units[2].nope: the message has no such field");
    SF_CHECK (error.offset == strlen ("{'units':[{},{},{"));
    free (zh);
    free (en);
    free (json);

    SF_CHECK (!sf_pbjson_decode (&inspection__completion__descriptor, "{} x", 4, &error));
    sf_pbjson_error_format (&error, &zh, &en);
    SF_CHECK_STR (zh, "JSON 文档：JSON 文档结束后还有其他内容");
    SF_CHECK_STR (en, "JSON document: more text after the end of the JSON document");
    free (zh);
    free (en);
}

static void
s_test_field_names (void)
{
    char name [32];
    ProtobufCFieldDescriptor field = { 0 };
    const char *cases [][2] = {
        { "name_zh", "nameZh" }, { "a__b", "aB" }, { "x_2d", "x2d" }, { "_lead", "Lead" },
        { "trail_", "trail" }, { "already_Up", "alreadyUp" }, { "plain", "plain" }
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases [0]; i++) {
        field.name = cases [i][0];
        SF_CHECK (sf_pbjson_field_name (&field, name, sizeof name) == strlen (cases [i][1]));
        SF_CHECK_STR (name, cases [i][1]);
    }
    field.name = "very_long_field_name";
    SF_CHECK (sf_pbjson_field_name (&field, name, 8) == strlen ("veryLongFieldName"));
    SF_CHECK_STR (name, "veryLon");
}

int
main (void)
{
    s_test_encode ();
    s_test_decode ();
    s_test_refusals ();
    s_test_refusal_midway ();
    s_test_limits ();
    s_test_error_text ();
    s_test_field_names ();
    printf ("sf_pbjson: OK\n");
    return 0;
}
