/*  directory_kind: the one table of which kind of node may sit under which (company ->
    plant -> department -> team -> post -> employee). The CSV import and the create/move
    handlers all ask it, so the rule lives in one place. Kinds are directory.Kind; their
    words in both languages are in proto/directory_names.h.                                 */
#ifndef DIRECTORY_KIND_H_INCLUDED
#define DIRECTORY_KIND_H_INCLUDED

#include "directory_names.h"

#include <stdbool.h>

//  True when a node of child_kind may have a parent of parent_kind.
bool directory_kind_parent_ok (int parent_kind, int child_kind);

//  True for the kinds that have no parent (the company).
bool directory_kind_is_root (int kind);

#endif
