/*  directory_import: directory.ImportCsv. The file is parsed and checked as a whole first
    (directory_csv); then every row is applied in order inside the command's transaction
    through the same create / rename / move rules as single commands. Any bad row fails the
    command, and the rpc server rolls the whole file back: nothing of it is committed.      */
#include "directory_csv.h"
#include "directory_handlers.h"
#include "directory_kind.h"
#include "directory_messages.h"
#include "directory_store.h"

#include <stdlib.h>
#include <string.h>

#define IMPORT_MAX_BYTES (16u << 20)
#define IMPORT_MAX_ROWS 200000


//  Adds the call's current failure as an error of line, each language with its own reason.
static void
s_row_failed (directory_import_result_t *result, sf_call_t *call, int line)
{
    char *zh = NULL, *en = NULL, *unused = NULL;
    sf_text_format (&DIRECTORY_MSG_CSV_LINE, &zh, &unused, line, call->reply->reason_zh);
    free (unused);
    sf_text_format (&DIRECTORY_MSG_CSV_LINE, &unused, &en, line, call->reply->reason_en);
    free (unused);
    directory_import_result_add_error (result, line, zh, en);
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
s_update (sf_call_t *call, directory_node_t *node, const directory_csv_row_t *row)
{
    if (node->kind != (int) row->kind) {
        sf_call_fail (call, SF_FAILED_PRECONDITION, &DIRECTORY_MSG_KIND_DIFFERS, row->code,
                      directory_kind_name_zh (node->kind), directory_kind_name_zh (row->kind),
                      directory_kind_name (node->kind), directory_kind_name (row->kind));
        return -1;
    }
    if (!node->active) {
        sf_call_fail (call, SF_FAILED_PRECONDITION, &DIRECTORY_MSG_REACTIVATE, row->code);
        return -1;
    }
    if (node->employment_type != (int) row->employment_type) {
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
s_apply_row (sf_call_t *call, const directory_csv_row_t *row, directory_import_result_t *result)
{
    directory_node_t node = { 0 };
    int found = directory_store_find (call->db, row->code, DIRECTORY_LOCK_UPDATE, &node);
    int rc = 0;
    if (found < 0) {
        sf_call_fail_db (call, "looking up an imported code");
        rc = -1;
    }
    else
    if (found) {
        int changed = s_update (call, &node, row);
        if (changed < 0)
            rc = -1;
        else
        if (changed)
            result->updated++;
        else
            result->unchanged++;
    }
    else {
        directory_node_t fresh = {
            .kind = row->kind, .code = strdup (row->code), .name_zh = strdup (row->name_zh),
            .name_en = strdup (row->name_en), .parent_code = strdup (row->parent_code),
            .employment_type = row->employment_type
        };
        rc = directory_create (call, &fresh);
        if (rc == 0)
            result->created++;
        directory_node_clear (&fresh);
    }
    directory_node_clear (&node);
    if (rc == 0)
        return 0;
    if (s_database_failed (call))
        return -1;
    s_row_failed (result, call, row->line);
    return 0;
}

static void
s_reply (sf_call_t *call, const char *file_name, directory_import_result_t *result)
{
    size_t size;
    uint8_t *body = directory_import_result_encode (result, &size);
    sf_call_ok (call, "directory.ImportResult", body, size);
    free (body);
    if (result->error_count)
        sf_call_fail (call, SF_INVALID_ARGUMENT, &DIRECTORY_MSG_IMPORT_FAILED, file_name, result->error_count);
}

void
directory_import_csv (sf_call_t *call)
{
    directory_command_t command;
    if (directory_command_decode (call->request->type, call->request->body, call->request->body_size, &command)) {
        sf_call_fail (call, SF_MALFORMED, NULL);
        return;
    }
    const char *file_name = *command.file_name? command.file_name: "(csv)";
    //  Moves may follow creates: hold the tree exclusively from the start, so the import
    //  never waits for it while holding it shared.
    if (directory_store_lock_tree (call->db, true)) {
        sf_call_fail_db (call, "locking the tree");
        directory_command_clear (&command);
        return;
    }
    directory_csv_t *csv = directory_csv_parse ((const char *) command.csv, command.csv_size,
                                                IMPORT_MAX_BYTES, IMPORT_MAX_ROWS);
    directory_import_result_t result = { 0 };
    result.rows = (int) directory_csv_row_count (csv);
    for (size_t i = 0; i < directory_csv_error_count (csv); i++) {
        const directory_csv_error_t *error = directory_csv_error (csv, i);
        directory_import_result_add_error (&result, error->line, error->zh, error->en);
    }
    //  Rows are applied only from a file that parsed clean; every row is tried, so one run
    //  lists every problem the directory finds.
    bool parsed_clean = result.error_count == 0;
    bool database_failed = false;
    for (size_t i = 0; parsed_clean && i < directory_csv_row_count (csv); i++) {
        if (result.error_count == DIRECTORY_CSV_MAX_ERRORS) {
            //  The file is refused anyway; a bounded reply says so.
            char *zh = NULL, *en = NULL;
            sf_text_format (&DIRECTORY_MSG_CSV_TOO_MANY_ERRORS, &zh, &en, DIRECTORY_CSV_MAX_ERRORS);
            directory_import_result_add_error (&result, 0, zh, en);
            free (zh);
            free (en);
            break;
        }
        if (s_apply_row (call, directory_csv_row (csv, i), &result)) {
            database_failed = true;
            break;
        }
    }
    if (!database_failed)
        s_reply (call, file_name, &result);
    directory_import_result_clear (&result);
    directory_csv_destroy (&csv);
    directory_command_clear (&command);
}
