/*  contract_json_tool: sf_pbjson driven from outside, for contract_json_interop_test.py,
    which holds it to Google's runtime. One process takes every case, a line each on stdin,
    and answers a line each on stdout:

        <message full name> <direction> <payload in hex>

        b2j  payload is the message packed; answers "ok <its JSON in hex>"
        j2b  payload is JSON; answers "ok <the message packed, in hex>"
        rt   payload is the message packed; it is unpacked, printed as JSON, that JSON is
             parsed and the result packed: "ok <packed, in hex>"

    A refused JSON answers "refused <code> <path in hex>", a packed message protobuf-c cannot
    unpack "unpack", a name nobody knows "unknown". Hex keeps any byte off the line
    structure. Messages are the contract's (sf_contract) and this test's own
    (contract_json_types*.proto: every scalar type, oneofs, proto2 presence).             */
#include "sf_codec.h"
#include "sf_pbjson.h"
#include "sf_contract.h"
#include "contract_json_types.pb-c.h"
#include "contract_json_types2.pb-c.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const ProtobufCMessageDescriptor *
s_find (const char *name)
{
    static const ProtobufCMessageDescriptor *const own [] = {
        &jsontest__scalars__descriptor, &jsontest2__optionals__descriptor
    };
    const ProtobufCMessageDescriptor *descriptor = sf_contract_find (name);
    for (size_t i = 0; !descriptor && i < sizeof own / sizeof own [0]; i++)
        if (strcmp (own [i]->name, name) == 0)
            descriptor = own [i];
    return descriptor;
}

static int
s_nibble (char c)
{
    return c >= '0' && c <= '9'? c - '0': c >= 'a' && c <= 'f'? c - 'a' + 10: -1;
}

//  The bytes hex spells, in place; their count, or -1 when it is not hex.
static long
s_unhex (char *hex)
{
    size_t size = strlen (hex);
    if (size % 2)
        return -1;
    for (size_t i = 0; i < size; i += 2) {
        int high = s_nibble (hex [i]), low = s_nibble (hex [i + 1]);
        if (high < 0 || low < 0)
            return -1;
        hex [i / 2] = (char) (high << 4 | low);
    }
    return (long) size / 2;
}

static void
s_print_hex (const uint8_t *data, size_t size)
{
    static const char digits [] = "0123456789abcdef";
    for (size_t i = 0; i < size; i++) {
        putchar (digits [data [i] >> 4]);
        putchar (digits [data [i] & 15]);
    }
}

static void
s_answer_packed (ProtobufCMessage *message)
{
    size_t size;
    uint8_t *packed = sf_codec_pack (message, &size);
    fputs ("ok ", stdout);
    s_print_hex (packed, size);
    putchar ('\n');
    free (packed);
}

static void
s_answer_refused (const sf_pbjson_error_t *error)
{
    printf ("refused %d ", (int) error->code);
    s_print_hex ((const uint8_t *) error->path, strlen (error->path));
    putchar ('\n');
}

static void
s_run (const char *name, const char *direction, char *payload)
{
    const ProtobufCMessageDescriptor *descriptor = s_find (name);
    long size = s_unhex (payload);
    if (!descriptor || size < 0) {
        puts ("unknown");
        return;
    }
    if (strcmp (direction, "j2b") == 0) {
        sf_pbjson_error_t error;
        ProtobufCMessage *message = sf_pbjson_decode (descriptor, payload, (size_t) size, &error);
        if (message)
            s_answer_packed (message);
        else
            s_answer_refused (&error);
        protobuf_c_message_free_unpacked (message, NULL);
        return;
    }
    ProtobufCMessage *message = protobuf_c_message_unpack (descriptor, NULL, (size_t) size, (uint8_t *) payload);
    if (!message) {
        puts ("unpack");
        return;
    }
    char *json = sf_pbjson_encode (message);
    if (strcmp (direction, "b2j") == 0) {
        fputs ("ok ", stdout);
        s_print_hex ((const uint8_t *) json, strlen (json));
        putchar ('\n');
    }
    else {
        sf_pbjson_error_t error;
        ProtobufCMessage *back = sf_pbjson_decode (descriptor, json, strlen (json), &error);
        if (back)
            s_answer_packed (back);
        else
            s_answer_refused (&error);
        protobuf_c_message_free_unpacked (back, NULL);
    }
    free (json);
    protobuf_c_message_free_unpacked (message, NULL);
}

int
main (void)
{
    char *line = NULL;
    size_t capacity = 0;
    ssize_t length;
    while ((length = getline (&line, &capacity, stdin)) > 0) {
        if (line [length - 1] == '\n')
            line [length - 1] = 0;
        char *name = strtok (line, " ");
        char *direction = name? strtok (NULL, " "): NULL;
        char *payload = direction? strtok (NULL, " "): NULL;
        char empty [1] = "";        //  an empty message packs to no bytes at all
        if (direction && (strcmp (direction, "b2j") == 0 || strcmp (direction, "j2b") == 0
                       || strcmp (direction, "rt") == 0))
            s_run (name, direction, payload? payload: empty);
        else
            puts ("unknown");
    }
    free (line);
    return 0;
}
