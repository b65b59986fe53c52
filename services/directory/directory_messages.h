/*  directory_messages: every text the directory service shows a person, in Simplified
    Chinese and English. Each is an sf_text_t whose two printf formats take the same
    arguments in the same order (a format may reorder them with %n$ as long as it uses
    every one); the comment beside each names those arguments. Format with sf_text_format
    or hand to directory_csv_add_error.                                                     */
#ifndef DIRECTORY_MESSAGES_H_INCLUDED
#define DIRECTORY_MESSAGES_H_INCLUDED

#include "sf_status.h"

//  Shared by the CSV import and the node handlers.

//  (const char *parent_code, const char *child_kind_zh, const char *child_kind_en,
//   const char *parent_kind_zh, const char *parent_kind_en)
extern const sf_text_t DIRECTORY_MSG_BAD_PARENT_KIND;
//  (): the company, created by an actor that is neither the service nor an admin.
extern const sf_text_t DIRECTORY_MSG_ROOT_NEEDS_ADMIN;

//  CSV import: the fields of a row.

//  ()
extern const sf_text_t DIRECTORY_MSG_CSV_KIND_MISSING;
//  (const char *value)
extern const sf_text_t DIRECTORY_MSG_CSV_BAD_KIND;
//  ()
extern const sf_text_t DIRECTORY_MSG_CSV_CODE_MISSING;
//  (const char *value, int max_chars)
extern const sf_text_t DIRECTORY_MSG_CSV_BAD_CODE;
//  ()
extern const sf_text_t DIRECTORY_MSG_CSV_PARENT_MISSING;
//  (const char *parent_code)
extern const sf_text_t DIRECTORY_MSG_CSV_COMPANY_HAS_PARENT;
//  (const char *value, int max_chars)
extern const sf_text_t DIRECTORY_MSG_CSV_BAD_PARENT_CODE;
//  (const char *code)
extern const sf_text_t DIRECTORY_MSG_CSV_OWN_PARENT;
//  ()
extern const sf_text_t DIRECTORY_MSG_CSV_NAME_ZH_MISSING;
//  (size_t chars, int max_chars)
extern const sf_text_t DIRECTORY_MSG_CSV_NAME_ZH_TOO_LONG;
//  ()
extern const sf_text_t DIRECTORY_MSG_CSV_NAME_ZH_CONTROL;
//  (size_t bytes, int max_bytes)
extern const sf_text_t DIRECTORY_MSG_CSV_NAME_EN_TOO_LONG;
//  ()
extern const sf_text_t DIRECTORY_MSG_CSV_NAME_EN_CONTROL;
//  ()
extern const sf_text_t DIRECTORY_MSG_CSV_EMPLOYMENT_MISSING;
//  (const char *value)
extern const sf_text_t DIRECTORY_MSG_CSV_BAD_EMPLOYMENT;
//  (const char *value)
extern const sf_text_t DIRECTORY_MSG_CSV_EMPLOYMENT_NOT_EMPLOYEE;

//  CSV import: rows against each other, and against the directory.

//  (const char *code, int first_line)
extern const sf_text_t DIRECTORY_MSG_CSV_DUPLICATE_CODE;
//  (int first_line)
extern const sf_text_t DIRECTORY_MSG_CSV_SECOND_COMPANY;
//  (const char *parent_code, int parent_line)
extern const sf_text_t DIRECTORY_MSG_CSV_PARENT_LATER;
//  (const char *parent_code): for the caller, after looking the external parents up.
extern const sf_text_t DIRECTORY_MSG_CSV_PARENT_NOT_FOUND;

//  The node commands (directory_handlers.c) and the import (directory_import.c).
//  (const char *code, int max_chars)
extern const sf_text_t DIRECTORY_MSG_BAD_CODE;
//  (int max_chars)
extern const sf_text_t DIRECTORY_MSG_BAD_NAME_ZH;
//  (int max_bytes)
extern const sf_text_t DIRECTORY_MSG_BAD_NAME_EN;
//  (int kind)
extern const sf_text_t DIRECTORY_MSG_BAD_KIND;
//  ()
extern const sf_text_t DIRECTORY_MSG_EMPLOYMENT_NEEDED;
//  ()
extern const sf_text_t DIRECTORY_MSG_EMPLOYMENT_NOT_ALLOWED;
//  ()
extern const sf_text_t DIRECTORY_MSG_COMPANY_PARENT;
//  (const char *kind_zh, const char *kind_en)
extern const sf_text_t DIRECTORY_MSG_PARENT_NEEDED;
//  (const char *code)
extern const sf_text_t DIRECTORY_MSG_NOT_FOUND;
//  (const char *parent_code)
extern const sf_text_t DIRECTORY_MSG_PARENT_NOT_FOUND;
//  (const char *code)
extern const sf_text_t DIRECTORY_MSG_EXISTS;
//  (const char *code)
extern const sf_text_t DIRECTORY_MSG_INACTIVE;
//  (const char *code, const char *new_parent_code)
extern const sf_text_t DIRECTORY_MSG_CYCLE;
//  ()
extern const sf_text_t DIRECTORY_MSG_COMPANY_MOVE;
//  ()
extern const sf_text_t DIRECTORY_MSG_SECOND_COMPANY;
//  (const char *code, long long children)
extern const sf_text_t DIRECTORY_MSG_HAS_CHILDREN;
//  (const char *file_name, size_t errors)
extern const sf_text_t DIRECTORY_MSG_IMPORT_FAILED;
//  (const char *code, const char *kind_zh, const char *new_kind_zh, const char *kind_en, const char *new_kind_en)
extern const sf_text_t DIRECTORY_MSG_KIND_DIFFERS;
//  (const char *code)
extern const sf_text_t DIRECTORY_MSG_EMPLOYMENT_DIFFERS;
//  (const char *code)
extern const sf_text_t DIRECTORY_MSG_REACTIVATE;

#endif
