/*  directory_import: directory.ImportCsv. The file is parsed and checked as a whole first
    (directory_csv); then every row is applied in order inside the command's transaction
    through the same create / rename / move rules as single commands. Any bad row fails the
    command, and the rpc server rolls the whole file back: nothing of it is committed.      */
#include "directory_csv.h"
#include "directory_handlers.h"
#include "directory_messages.h"
#include "directory_store.h"
#include "sf_pb.h"

#include <stdlib.h>
#include <string.h>

#define IMPORT_MAX_BYTES (16u << 20)
#define IMPORT_MAX_ROWS 200000


static void
s_add_error (Directory__ImportResult *result, int line, const char *zh, const char *en)
{
    Directory__ImportError *error = sf_pb_add (&result->errors, &result->n_errors, &directory__import_error__descriptor);
    error->line = line;
    sf_pb_set (&error->zh, zh);
    sf_pb_set (&error->en, en);
}

//  Adds the call's current failure as an error of line, each language with its own reason.
static void
s_row_failed (Directory__ImportResult *result, sf_call_t *call, int line)
{
    char *zh = NULL, *en = NULL, *unused = NULL;
    sf_text_format (&SF_CSV_MSG_LINE, &zh, &unused, line, call->reply->reason_zh);
    free (unused);
    sf_text_format (&SF_CSV_MSG_LINE, &unused, &en, line, call->reply->reason_en);
    free (unused);
    s_add_error (result, line, zh, en);
    free (zh);
    free (en);
}

static bool
s_database_failed (sf_call_t *call)
{
    return call->reply->status == SF_UNAVAILABLE || call->reply->status == SF_INTERNAL;
}

//  Brings an existing node in line with its row. Returns 1 changed, 0 unchanged, -1 failed.
static int
s_update (sf_call_t *call, Directory__Node *node, const Directory__CreateNode *row)
{
    if (node->kind != row->kind) {
        sf_call_fail (call, SF_FAILED_PRECONDITION, &DIRECTORY_MSG_KIND_DIFFERS, row->code,
                      directory_kind_name_zh (node->kind), directory_kind_name_zh (row->kind),
                      directory_kind_name (node->kind), directory_kind_name (row->kind));
        return -1;
    }
    if (!node->active) {
        sf_call_fail (call, SF_FAILED_PRECONDITION, &DIRECTORY_MSG_REACTIVATE, row->code);
        return -1;
    }
    if (node->employment_type != row->employment_type) {
        sf_call_fail (call, SF_FAILED_PRECONDITION, &DIRECTORY_MSG_EMPLOYMENT_DIFFERS, row->code);
        return -1;
    }
    int changed = 0;
    if (strcmp (node->name_zh, row->name_zh) || strcmp (node->name_en, row->name_en)) {
        if (directory_rename (call, node, row->name_zh, row->name_en))
            return -1;
        changed = 1;
    }
    if (strcmp (node->parent_code, row->parent_code)) {
        if (directory_move (call, node, row->parent_code))
            return -1;
        changed = 1;
    }
    return changed;
}

//  Applies one row. Returns 0, or -1 when the database failed (the import must stop).
static int
s_apply_row (sf_call_t *call, const directory_csv_row_t *row, Directory__ImportResult *result)
{
    Directory__Node *node = NULL;
    int found = directory_store_find (call->db, row->create.code, DIRECTORY_LOCK_UPDATE, &node);
    int rc = 0;
    if (found < 0) {
        sf_call_fail_db (call, "looking up an imported code");
        rc = -1;
    }
    else
    if (found) {
        int changed = s_update (call, node, &row->create);
        if (changed < 0)
            rc = -1;
        else
        if (changed)
            result->updated++;
        else
            result->unchanged++;
    }
    else {
        node = directory_create (call, &row->create);
        if (node)
            result->created++;
        else
            rc = -1;
    }
    sf_pb_destroy (&node);
    if (rc == 0)
        return 0;
    if (s_database_failed (call))
        return -1;
    s_row_failed (result, call, row->line);
    return 0;
}

//  Applies the rows of a file that parsed clean; every row is tried, so one run lists every
//  problem the directory finds. Returns 0, or -1 when the database failed.
static int
s_apply_rows (sf_call_t *call, directory_csv_t *csv, Directory__ImportResult *result)
{
    for (size_t i = 0; i < directory_csv_row_count (csv); i++) {
        if (result->n_errors == DIRECTORY_CSV_MAX_ERRORS) {
            //  The file is refused anyway; a bounded reply says so.
            char *zh = NULL, *en = NULL;
            sf_text_format (&SF_CSV_MSG_TOO_MANY_ERRORS, &zh, &en, DIRECTORY_CSV_MAX_ERRORS);
            s_add_error (result, 0, zh, en);
            free (zh);
            free (en);
            break;
        }
        if (s_apply_row (call, directory_csv_row (csv, i), result))
            return -1;
    }
    return 0;
}

void
directory_import_csv (sf_call_t *call)
{
    const Directory__ImportCsv *import = SF_CALL_BODY (call, Directory__ImportCsv);
    const char *file_name = *import->file_name? import->file_name: "(csv)";
    //  Moves may follow creates: hold the tree exclusively from the start, so the import
    //  never waits for it while holding it shared.
    if (directory_store_lock_tree (call->db, true)) {
        sf_call_fail_db (call, "locking the tree");
        return;
    }
    directory_csv_t *csv = directory_csv_parse ((const char *) import->csv.data, import->csv.len,
                                                IMPORT_MAX_BYTES, IMPORT_MAX_ROWS);
    Directory__ImportResult *result = sf_pb_new (&directory__import_result__descriptor);
    result->rows = (int) directory_csv_row_count (csv);
    for (size_t i = 0; i < directory_csv_error_count (csv); i++) {
        const directory_csv_error_t *error = directory_csv_error (csv, i);
        s_add_error (result, error->line, error->zh, error->en);
    }
    if (result->n_errors || s_apply_rows (call, csv, result) == 0) {
        sf_call_reply (call, &result->base);
        if (result->n_errors)
            sf_call_fail (call, SF_INVALID_ARGUMENT, &DIRECTORY_MSG_IMPORT_FAILED, file_name, result->n_errors);
    }
    sf_pb_destroy (&result);
    directory_csv_destroy (&csv);
}
