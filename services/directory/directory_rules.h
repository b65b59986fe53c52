/*  directory_rules: what a code and a name may be, and which kind of node may sit under
    which (company -> plant -> department -> team -> post -> employee), in one place for
    the single commands and the CSV import. That text is valid UTF-8 without control
    characters the rpc server has already checked (sf_pb) and the CSV reader checks itself;
    these are the directory's own bounds. Kinds are directory.Kind; their words in both
    languages are in proto/directory_names.h.                                               */
#ifndef DIRECTORY_RULES_H_INCLUDED
#define DIRECTORY_RULES_H_INCLUDED

#include "directory_names.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DIRECTORY_CODE_MAX_CHARS 32     //  [A-Za-z0-9_-]
#define DIRECTORY_NAME_ZH_MAX_CHARS 64  //  Unicode code points
#define DIRECTORY_NAME_EN_MAX_BYTES 128
//  An account's login: short enough to type, long enough to tell people apart, and only
//  characters that read the same in every font and need no quoting in a shell.
#define DIRECTORY_LOGIN_MIN_CHARS 3
#define DIRECTORY_LOGIN_MAX_CHARS 64    //  [a-z0-9._-]

//  1..DIRECTORY_CODE_MAX_CHARS of [A-Za-z0-9_-].
bool directory_code_valid (const char *text, size_t size);

//  DIRECTORY_LOGIN_MIN_CHARS..DIRECTORY_LOGIN_MAX_CHARS of [a-z0-9._-].
bool directory_login_valid (const char *text);

//  1..DIRECTORY_NAME_ZH_MAX_CHARS characters, not blank (sf_utf8_blank).
bool directory_name_zh_valid (const char *text);

//  At most DIRECTORY_NAME_EN_MAX_BYTES bytes; may be empty.
bool directory_name_en_valid (const char *text);

//  True when a node of child_kind may have a parent of parent_kind.
bool directory_kind_parent_ok (int parent_kind, int child_kind);
//  The kinds a node of child_kind may be placed under, at most max of them into parents;
//  returns how many (0 for a root kind).
size_t directory_kind_parents (int child_kind, int64_t *parents, size_t max);

//  True for the kinds that have no parent (the company).
bool directory_kind_is_root (int kind);

#endif
