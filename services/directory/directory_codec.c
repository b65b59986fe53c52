/*  directory_codec: conversions between directory.proto and plain structs.                  */
#include "directory_codec.h"
#include "directory.pb-c.h"
#include "sf_codec.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

//  --------------------------------------------------------------------------------------
//  Nodes

static void
s_node_from_wire (directory_node_t *node, const Directory__Node *wire)
{
    memset (node, 0, sizeof *node);
    node->id = wire->id;
    node->kind = wire->kind;
    node->code = sf_codec_strdup (wire->code);
    node->name_zh = sf_codec_strdup (wire->name_zh);
    node->name_en = sf_codec_strdup (wire->name_en);
    node->parent_code = sf_codec_strdup (wire->parent_code);
    node->plant_code = sf_codec_strdup (wire->plant_code);
    node->employment_type = wire->employment_type;
    node->active = wire->active;
    node->version = wire->version;
    node->depth = wire->depth;
}

static void
s_node_to_wire (const directory_node_t *node, Directory__Node *wire)
{
    directory__node__init (wire);
    wire->id = node->id;
    wire->kind = (Directory__Kind) node->kind;
    wire->code = sf_codec_wire (node->code);
    wire->name_zh = sf_codec_wire (node->name_zh);
    wire->name_en = sf_codec_wire (node->name_en);
    wire->parent_code = sf_codec_wire (node->parent_code);
    wire->plant_code = sf_codec_wire (node->plant_code);
    wire->employment_type = (Directory__EmploymentType) node->employment_type;
    wire->active = node->active;
    wire->version = node->version;
    wire->depth = node->depth;
}

uint8_t *
directory_node_encode (const directory_node_t *node, size_t *size)
{
    Directory__Node wire;
    s_node_to_wire (node, &wire);
    return sf_codec_pack (&wire.base, size);
}

int
directory_node_decode (directory_node_t *node, const uint8_t *data, size_t size)
{
    Directory__Node *wire = directory__node__unpack (NULL, size, data);
    if (!wire)
        return -1;
    s_node_from_wire (node, wire);
    directory__node__free_unpacked (wire, NULL);
    return 0;
}

void
directory_node_clear (directory_node_t *node)
{
    free (node->code);
    free (node->name_zh);
    free (node->name_en);
    free (node->parent_code);
    free (node->plant_code);
    memset (node, 0, sizeof *node);
}

directory_node_t *
directory_node_list_add (directory_node_list_t *list)
{
    if (list->count == list->capacity) {
        list->capacity = list->capacity? list->capacity * 2: 16;
        list->nodes = realloc (list->nodes, list->capacity * sizeof *list->nodes);
        assert (list->nodes);
    }
    directory_node_t *node = &list->nodes [list->count++];
    memset (node, 0, sizeof *node);
    return node;
}

uint8_t *
directory_node_list_encode (const directory_node_list_t *list, size_t *size)
{
    Directory__NodeList wire = DIRECTORY__NODE_LIST__INIT;
    Directory__Node *nodes = calloc (list->count + 1, sizeof *nodes);
    Directory__Node **pointers = calloc (list->count + 1, sizeof *pointers);
    assert (nodes && pointers);
    for (size_t i = 0; i < list->count; i++) {
        s_node_to_wire (&list->nodes [i], &nodes [i]);
        pointers [i] = &nodes [i];
    }
    wire.n_nodes = list->count;
    wire.nodes = pointers;
    uint8_t *buffer = sf_codec_pack (&wire.base, size);
    free (pointers);
    free (nodes);
    return buffer;
}

int
directory_node_list_decode (directory_node_list_t *list, const uint8_t *data, size_t size)
{
    Directory__NodeList *wire = directory__node_list__unpack (NULL, size, data);
    if (!wire)
        return -1;
    memset (list, 0, sizeof *list);
    for (size_t i = 0; i < wire->n_nodes; i++)
        s_node_from_wire (directory_node_list_add (list), wire->nodes [i]);
    directory__node_list__free_unpacked (wire, NULL);
    return 0;
}

void
directory_node_list_clear (directory_node_list_t *list)
{
    for (size_t i = 0; i < list->count; i++)
        directory_node_clear (&list->nodes [i]);
    free (list->nodes);
    memset (list, 0, sizeof *list);
}

//  --------------------------------------------------------------------------------------
//  Commands

void
directory_command_clear (directory_command_t *command)
{
    free (command->code);
    free (command->name_zh);
    free (command->name_en);
    free (command->parent_code);
    free (command->file_name);
    free (command->csv);
    memset (command, 0, sizeof *command);
}

static void
s_command_defaults (directory_command_t *command)
{
    memset (command, 0, sizeof *command);
    command->code = sf_codec_strdup (NULL);
    command->name_zh = sf_codec_strdup (NULL);
    command->name_en = sf_codec_strdup (NULL);
    command->parent_code = sf_codec_strdup (NULL);
    command->file_name = sf_codec_strdup (NULL);
}

static void
s_set (char **field, const char *value)
{
    free (*field);
    *field = sf_codec_strdup (value);
}

int
directory_command_decode (const char *type, const uint8_t *body, size_t size, directory_command_t *command)
{
    s_command_defaults (command);
    int rc = -1;
    if (strcmp (type, "directory.CreateNode") == 0) {
        Directory__CreateNode *wire = directory__create_node__unpack (NULL, size, body);
        if (wire) {
            command->kind = wire->kind;
            s_set (&command->code, wire->code);
            s_set (&command->name_zh, wire->name_zh);
            s_set (&command->name_en, wire->name_en);
            s_set (&command->parent_code, wire->parent_code);
            command->employment_type = wire->employment_type;
            directory__create_node__free_unpacked (wire, NULL);
            rc = 0;
        }
    }
    else
    if (strcmp (type, "directory.RenameNode") == 0) {
        Directory__RenameNode *wire = directory__rename_node__unpack (NULL, size, body);
        if (wire) {
            s_set (&command->code, wire->code);
            s_set (&command->name_zh, wire->name_zh);
            s_set (&command->name_en, wire->name_en);
            directory__rename_node__free_unpacked (wire, NULL);
            rc = 0;
        }
    }
    else
    if (strcmp (type, "directory.MoveNode") == 0) {
        Directory__MoveNode *wire = directory__move_node__unpack (NULL, size, body);
        if (wire) {
            s_set (&command->code, wire->code);
            s_set (&command->parent_code, wire->new_parent_code);
            directory__move_node__free_unpacked (wire, NULL);
            rc = 0;
        }
    }
    else
    if (strcmp (type, "directory.DeactivateNode") == 0
    ||  strcmp (type, "directory.GetNode") == 0
    ||  strcmp (type, "directory.GetChain") == 0) {
        //  The three share one shape: a single code in field 1.
        Directory__GetNode *wire = directory__get_node__unpack (NULL, size, body);
        if (wire) {
            s_set (&command->code, wire->code);
            directory__get_node__free_unpacked (wire, NULL);
            rc = 0;
        }
    }
    else
    if (strcmp (type, "directory.ListSubtree") == 0) {
        Directory__ListSubtree *wire = directory__list_subtree__unpack (NULL, size, body);
        if (wire) {
            s_set (&command->code, wire->code);
            command->include_inactive = wire->include_inactive;
            command->max_depth = wire->max_depth;
            directory__list_subtree__free_unpacked (wire, NULL);
            rc = 0;
        }
    }
    else
    if (strcmp (type, "directory.ExportNodes") == 0) {
        Directory__ExportNodes *wire = directory__export_nodes__unpack (NULL, size, body);
        if (wire) {
            command->after_id = wire->after_id;
            command->limit = wire->limit;
            directory__export_nodes__free_unpacked (wire, NULL);
            rc = 0;
        }
    }
    else
    if (strcmp (type, "directory.ImportCsv") == 0) {
        Directory__ImportCsv *wire = directory__import_csv__unpack (NULL, size, body);
        if (wire) {
            s_set (&command->file_name, wire->file_name);
            command->csv = malloc (wire->csv.len + 1);
            assert (command->csv);
            memcpy (command->csv, wire->csv.data, wire->csv.len);
            command->csv [wire->csv.len] = 0;
            command->csv_size = wire->csv.len;
            directory__import_csv__free_unpacked (wire, NULL);
            rc = 0;
        }
    }
    if (rc)
        directory_command_clear (command);
    return rc;
}

uint8_t *
directory_command_encode (const char *type, const directory_command_t *command, size_t *size)
{
    if (strcmp (type, "directory.CreateNode") == 0) {
        Directory__CreateNode wire = DIRECTORY__CREATE_NODE__INIT;
        wire.kind = (Directory__Kind) command->kind;
        wire.code = sf_codec_wire (command->code);
        wire.name_zh = sf_codec_wire (command->name_zh);
        wire.name_en = sf_codec_wire (command->name_en);
        wire.parent_code = sf_codec_wire (command->parent_code);
        wire.employment_type = (Directory__EmploymentType) command->employment_type;
        return sf_codec_pack (&wire.base, size);
    }
    if (strcmp (type, "directory.RenameNode") == 0) {
        Directory__RenameNode wire = DIRECTORY__RENAME_NODE__INIT;
        wire.code = sf_codec_wire (command->code);
        wire.name_zh = sf_codec_wire (command->name_zh);
        wire.name_en = sf_codec_wire (command->name_en);
        return sf_codec_pack (&wire.base, size);
    }
    if (strcmp (type, "directory.MoveNode") == 0) {
        Directory__MoveNode wire = DIRECTORY__MOVE_NODE__INIT;
        wire.code = sf_codec_wire (command->code);
        wire.new_parent_code = sf_codec_wire (command->parent_code);
        return sf_codec_pack (&wire.base, size);
    }
    if (strcmp (type, "directory.ListSubtree") == 0) {
        Directory__ListSubtree wire = DIRECTORY__LIST_SUBTREE__INIT;
        wire.code = sf_codec_wire (command->code);
        wire.include_inactive = command->include_inactive;
        wire.max_depth = command->max_depth;
        return sf_codec_pack (&wire.base, size);
    }
    if (strcmp (type, "directory.ExportNodes") == 0) {
        Directory__ExportNodes wire = DIRECTORY__EXPORT_NODES__INIT;
        wire.after_id = command->after_id;
        wire.limit = command->limit;
        return sf_codec_pack (&wire.base, size);
    }
    if (strcmp (type, "directory.ImportCsv") == 0) {
        Directory__ImportCsv wire = DIRECTORY__IMPORT_CSV__INIT;
        wire.file_name = sf_codec_wire (command->file_name);
        wire.csv.data = command->csv;
        wire.csv.len = command->csv_size;
        return sf_codec_pack (&wire.base, size);
    }
    Directory__GetNode wire = DIRECTORY__GET_NODE__INIT;
    wire.code = sf_codec_wire (command->code);
    return sf_codec_pack (&wire.base, size);
}

//  --------------------------------------------------------------------------------------
//  Import results

void
directory_import_result_add_error (directory_import_result_t *result, int line, const char *zh, const char *en)
{
    result->errors = realloc (result->errors, (result->error_count + 1) * sizeof *result->errors);
    assert (result->errors);
    directory_import_error_t *error = &result->errors [result->error_count++];
    error->line = line;
    error->zh = sf_codec_strdup (zh);
    error->en = sf_codec_strdup (en);
}

uint8_t *
directory_import_result_encode (const directory_import_result_t *result, size_t *size)
{
    Directory__ImportResult wire = DIRECTORY__IMPORT_RESULT__INIT;
    wire.rows = result->rows;
    wire.created = result->created;
    wire.updated = result->updated;
    wire.unchanged = result->unchanged;
    Directory__ImportError *errors = calloc (result->error_count + 1, sizeof *errors);
    Directory__ImportError **pointers = calloc (result->error_count + 1, sizeof *pointers);
    assert (errors && pointers);
    for (size_t i = 0; i < result->error_count; i++) {
        directory__import_error__init (&errors [i]);
        errors [i].line = result->errors [i].line;
        errors [i].zh = sf_codec_wire (result->errors [i].zh);
        errors [i].en = sf_codec_wire (result->errors [i].en);
        pointers [i] = &errors [i];
    }
    wire.n_errors = result->error_count;
    wire.errors = pointers;
    uint8_t *buffer = sf_codec_pack (&wire.base, size);
    free (pointers);
    free (errors);
    return buffer;
}

int
directory_import_result_decode (directory_import_result_t *result, const uint8_t *data, size_t size)
{
    Directory__ImportResult *wire = directory__import_result__unpack (NULL, size, data);
    if (!wire)
        return -1;
    memset (result, 0, sizeof *result);
    result->rows = wire->rows;
    result->created = wire->created;
    result->updated = wire->updated;
    result->unchanged = wire->unchanged;
    for (size_t i = 0; i < wire->n_errors; i++)
        directory_import_result_add_error (result, wire->errors [i]->line, wire->errors [i]->zh,
                                           wire->errors [i]->en);
    directory__import_result__free_unpacked (wire, NULL);
    return 0;
}

void
directory_import_result_clear (directory_import_result_t *result)
{
    for (size_t i = 0; i < result->error_count; i++) {
        free (result->errors [i].zh);
        free (result->errors [i].en);
    }
    free (result->errors);
    memset (result, 0, sizeof *result);
}
