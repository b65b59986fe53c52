/*  ctl_import: a CSV file sent to a daemon for import (`directory import`, `inspection
    hazard import`). The daemon checks every row: a file with any error imports nothing, fails
    the command, and its reply still lists every error, each naming its line in both
    languages. Every import speaks messages of one shape: a request with `string file_name`
    and `bytes csv`, a result with `repeated errors` of `{line, zh, en}`. So reading the file,
    the call, showing the errors, the JSON and the exit status are the same for all, and a
    command gives only its messages and the line that sums up a clean import.              */
#ifndef CTL_IMPORT_H_INCLUDED
#define CTL_IMPORT_H_INCLUDED

#include "ctl.h"

#include <protobuf-c/protobuf-c.h>

//  An import as a command describes it.
typedef struct {
    const char *daemon;                                 //  "directory"
    const ProtobufCMessageDescriptor *request;          //  &directory__import_csv__descriptor
    const ProtobufCMessageDescriptor *result;           //  &directory__import_result__descriptor
    //  Prints what a clean import did, in the chosen language (not under --json).
    void (*summary) (const ctl_t *ctl, const char *file_name, const ProtobufCMessage *result);
} ctl_import_t;

//  Sends the file at path (idempotency_key may be NULL for a fresh one) and shows the
//  result: under --json the result message as one JSON document, as text each error on
//  stderr or else the summary. Returns CTL_EXIT_OK, or CTL_EXIT_FAILED when the file has
//  errors or the call or the reading failed.
int ctl_import_run (const ctl_t *ctl, const ctl_import_t *import, const char *path,
                    const char *idempotency_key);

#endif
