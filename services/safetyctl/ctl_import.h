/*  ctl_import: a CSV file sent to a daemon for import (`directory import`, `inspection
    hazard import`). The daemon checks every row: a file with any error imports nothing, fails
    the command, and its reply still lists every error, each naming its line in both
    languages. Each command gives the request and shows the counts of its own result; reading
    the file, the call, the errors and the exit status are the same for all.               */
#ifndef CTL_IMPORT_H_INCLUDED
#define CTL_IMPORT_H_INCLUDED

#include "ctl.h"
#include "sf_json.h"

#include <stddef.h>
#include <stdint.h>

//  An import as a command describes it.
typedef struct {
    const char *daemon;                 //  "directory"
    const char *type;                   //  the request: "directory.ImportCsv"
    const char *result_type;            //  the reply: "directory.ImportResult"
    const sf_text_t *bad_reply;         //  the daemon's "reply cannot be decoded (expected %s)"
    //  The request body of type for the file; the caller frees.
    uint8_t *(*encode) (const char *type, const char *file_name, uint8_t *csv, size_t csv_size,
                        size_t *size);
    //  Decodes the result and shows it (ctl_import_show_*); -1, showing nothing, when it
    //  does not decode.
    int (*show) (const ctl_t *ctl, const char *file_name, const uint8_t *body, size_t size);
} ctl_import_t;

//  Sends the file at path (idempotency_key may be NULL for a fresh one) and shows the
//  result. Returns CTL_EXIT_OK, or CTL_EXIT_FAILED when the file has errors or the call or
//  the reading failed.
int ctl_import_run (const ctl_t *ctl, const ctl_import_t *import, const char *path,
                    const char *idempotency_key);

//  Showing a result: begin, then the import's own counts into json when it is not NULL
//  (sf_json_key_int), each error, and end. Under --json that is one document {file, rows,
//  the counts, errors: [{line, zh, en}]}; as text, each error on stderr.
typedef struct {
    const ctl_t *ctl;
    sf_json_t *json;                    //  the document under --json, else NULL
    size_t error_count;                 //  shown so far
} ctl_import_show_t;

void ctl_import_show_begin (ctl_import_show_t *self, const ctl_t *ctl, const char *file_name, int rows);
void ctl_import_show_error (ctl_import_show_t *self, int line, const char *zh, const char *en);

//  Ends the showing; true when the caller prints its summary (text, and no error).
bool ctl_import_show_end (ctl_import_show_t *self);

#endif
