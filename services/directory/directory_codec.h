/*  directory_codec: proto/directory.proto as plain C structs. Only this file sees the
    generated protobuf-c types of the directory.                                             */
#ifndef DIRECTORY_CODEC_H_INCLUDED
#define DIRECTORY_CODEC_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    int64_t id;
    int kind;                    //  directory.Kind
    char *code;
    char *name_zh;
    char *name_en;
    char *parent_code;
    char *plant_code;
    int employment_type;         //  directory.EmploymentType
    bool active;
    int64_t version;
    int depth;
} directory_node_t;

typedef struct {
    directory_node_t *nodes;
    size_t count;
    size_t capacity;
} directory_node_list_t;

//  Every request body, decoded into one struct: each request type fills its own fields.
typedef struct {
    int kind;
    char *code;
    char *name_zh;
    char *name_en;
    char *parent_code;           //  CreateNode parent, MoveNode new parent
    int employment_type;
    bool include_inactive;
    int max_depth;
    int64_t after_id;            //  ExportNodes
    int limit;
    char *file_name;
    uint8_t *csv;
    size_t csv_size;
} directory_command_t;

typedef struct {
    int line;
    char *zh;
    char *en;
} directory_import_error_t;

typedef struct {
    int rows;
    int created;
    int updated;
    int unchanged;
    directory_import_error_t *errors;
    size_t error_count;
} directory_import_result_t;

//  Decodes the body of request type (e.g. "directory.CreateNode"). -1 if malformed or unknown.
int directory_command_decode (const char *type, const uint8_t *body, size_t size, directory_command_t *command);
void directory_command_clear (directory_command_t *command);

//  Encoders for the requests, for clients (safetyctl, tests). Caller frees.
uint8_t *directory_command_encode (const char *type, const directory_command_t *command, size_t *size);

uint8_t *directory_node_encode (const directory_node_t *node, size_t *size);
int directory_node_decode (directory_node_t *node, const uint8_t *data, size_t size);
void directory_node_clear (directory_node_t *node);

uint8_t *directory_node_list_encode (const directory_node_list_t *list, size_t *size);
int directory_node_list_decode (directory_node_list_t *list, const uint8_t *data, size_t size);
//  Appends an empty node and returns it.
directory_node_t *directory_node_list_add (directory_node_list_t *list);
void directory_node_list_clear (directory_node_list_t *list);

uint8_t *directory_import_result_encode (const directory_import_result_t *result, size_t *size);
int directory_import_result_decode (directory_import_result_t *result, const uint8_t *data, size_t size);
void directory_import_result_add_error (directory_import_result_t *result, int line, const char *zh, const char *en);
void directory_import_result_clear (directory_import_result_t *result);

#endif
