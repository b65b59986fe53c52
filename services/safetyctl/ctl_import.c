/*  ctl_import: the file is read whole and sent in one request; the reply is shown even when
    the status is not OK, because it is where the errors are. The fields every import has
    are found by name through the messages' descriptors.                                   */
#include "ctl_import.h"
#include "ctl_daemon.h"
#include "ctl_output.h"
#include "sf_pb.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const sf_text_t s_msg_read_failed = { "无法读取文件“%s”：%s", "cannot read file '%s': %s" };

//  Reads a whole file; NULL with errno set when it cannot.
static uint8_t *
s_read_file (const char *path, size_t *size)
{
    FILE *file = fopen (path, "rb");
    if (!file)
        return NULL;
    uint8_t *data = NULL;
    size_t capacity = 0;
    *size = 0;
    int error = 0;
    while (!error) {
        if (*size == capacity) {
            capacity = capacity? capacity * 2: 64 * 1024;
            uint8_t *larger = realloc (data, capacity);
            if (!larger) {
                error = ENOMEM;
                break;
            }
            data = larger;
        }
        size_t got = fread (data + *size, 1, capacity - *size, file);
        *size += got;
        if (got == 0) {
            error = ferror (file)? errno: 0;
            break;
        }
    }
    fclose (file);
    if (error) {
        free (data);
        errno = error;
        return NULL;
    }
    return data;
}

//  Where the field called name lives in message; it must be there with type (our bug if not).
static void *
s_member (const ProtobufCMessage *message, const char *name, ProtobufCType type)
{
    const ProtobufCFieldDescriptor *field = sf_pb_field (message->descriptor, name);
    assert (field && field->type == type);
    return (char *) message + field->offset;
}

//  The request carrying the file; it takes csv over.
static ProtobufCMessage *
s_request (const ctl_import_t *import, const char *file_name, uint8_t *csv, size_t csv_size)
{
    ProtobufCMessage *request = sf_pb_new (import->request);
    sf_pb_set (s_member (request, "file_name", PROTOBUF_C_TYPE_STRING), file_name);
    ProtobufCBinaryData *bytes = s_member (request, "csv", PROTOBUF_C_TYPE_BYTES);
    bytes->data = csv;
    bytes->len = csv_size;
    return request;
}

//  Each error of result on stderr, in the chosen language: each already names its line.
static void
s_show_errors (const ctl_t *ctl, const ProtobufCMessage *result)
{
    const ProtobufCFieldDescriptor *field = sf_pb_field (result->descriptor, "errors");
    assert (field && field->label == PROTOBUF_C_LABEL_REPEATED && field->type == PROTOBUF_C_TYPE_MESSAGE);
    ProtobufCMessage *const *errors = *(ProtobufCMessage *const *const *) sf_pb_member (result, field);
    for (size_t i = 0; i < sf_pb_count (result, field); i++) {
        char **text = s_member (errors [i], ctl->lang == CTL_LANG_EN? "en": "zh", PROTOBUF_C_TYPE_STRING);
        fprintf (stderr, "%s\n", *text);
    }
}

static void
s_show (const ctl_t *ctl, const ctl_import_t *import, const char *file_name, const ProtobufCMessage *result,
        bool ok)
{
    if (ctl->json)
        ctl_json_print_message (result);
    else
    if (ok)
        import->summary (ctl, file_name, result);
    else
        s_show_errors (ctl, result);
}

int
ctl_import_run (const ctl_t *ctl, const ctl_import_t *import, const char *path,
                const char *idempotency_key)
{
    const char *slash = strrchr (path, '/');
    const char *file_name = slash? slash + 1: path;
    size_t csv_size;
    uint8_t *csv = s_read_file (path, &csv_size);
    if (!csv)
        return ctl_fail (ctl, errno == ENOENT? SF_NOT_FOUND: SF_INVALID_ARGUMENT, &s_msg_read_failed, path,
                         strerror (errno));
    ProtobufCMessage *request = s_request (import, file_name, csv, csv_size);
    sf_reply_t reply;
    bool ok = ctl_daemon_call (ctl, import->daemon, request, idempotency_key, &reply) == 0;
    sf_pb_destroy (&request);
    //  A refused file is answered with its result too: the list of what is wrong.
    bool has_result = ok || (reply.type && strcmp (reply.type, import->result->name) == 0);
    ProtobufCMessage *result = has_result? ctl_daemon_unpack (ctl, &reply, import->result): NULL;
    int rc = has_result && !result? CTL_EXIT_FAILED: CTL_EXIT_OK;
    if (result)
        s_show (ctl, import, file_name, result, ok);
    if (rc == CTL_EXIT_OK && !ok)
        rc = ctl_fail_reply (ctl, &reply);
    sf_pb_destroy (&result);
    sf_reply_clear (&reply);
    return rc;
}
