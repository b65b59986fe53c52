/*  ctl_import: the file is read whole and sent in one request; the reply is shown even when
    the status is not OK, because it is where the errors are.                               */
#include "ctl_import.h"
#include "ctl_daemon.h"
#include "ctl_output.h"

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
    size_t size;
    uint8_t *body = import->encode (import->type, file_name, csv, csv_size, &size);
    free (csv);
    sf_reply_t reply;
    ctl_daemon_call (ctl, import->daemon, import->type, body, size, idempotency_key, &reply);
    free (body);
    bool has_result = reply.type && strcmp (reply.type, import->result_type) == 0;
    int rc = CTL_EXIT_OK;
    if (has_result && import->show (ctl, file_name, reply.body, reply.body_size))
        rc = ctl_fail (ctl, SF_MALFORMED, import->bad_reply, import->result_type);
    else
    if (reply.status != SF_OK)
        rc = ctl_fail_reply (ctl, &reply);
    else
    if (!has_result)
        rc = ctl_fail (ctl, SF_MALFORMED, import->bad_reply, import->result_type);
    sf_reply_clear (&reply);
    return rc;
}

void
ctl_import_show_begin (ctl_import_show_t *self, const ctl_t *ctl, const char *file_name, int rows)
{
    *self = (ctl_import_show_t) { .ctl = ctl };
    if (!ctl->json)
        return;
    self->json = sf_json_new ();
    sf_json_object_begin (self->json);
    sf_json_key_string (self->json, "file", file_name);
    sf_json_key_int (self->json, "rows", rows);
}

static void
s_errors_begin (ctl_import_show_t *self)
{
    sf_json_key (self->json, "errors");
    sf_json_array_begin (self->json);
}

void
ctl_import_show_error (ctl_import_show_t *self, int line, const char *zh, const char *en)
{
    if (self->json) {
        if (self->error_count == 0)
            s_errors_begin (self);
        sf_json_object_begin (self->json);
        sf_json_key_int (self->json, "line", line);
        sf_json_key_string (self->json, "zh", zh);
        sf_json_key_string (self->json, "en", en);
        sf_json_object_end (self->json);
    }
    else
        //  Each error already names its line, in each language.
        fprintf (stderr, "%s\n", self->ctl->lang == CTL_LANG_EN? en: zh);
    self->error_count++;
}

bool
ctl_import_show_end (ctl_import_show_t *self)
{
    if (!self->json)
        return self->error_count == 0;
    if (self->error_count == 0)
        s_errors_begin (self);
    sf_json_array_end (self->json);
    sf_json_object_end (self->json);
    ctl_json_print (self->json);
    sf_json_destroy (&self->json);
    return false;
}
