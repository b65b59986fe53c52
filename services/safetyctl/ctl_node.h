/*  ctl_node: how a node of the org directory is shown to a person, in the chosen language.
    The directory commands and the events tail both use it.                                 */
#ifndef CTL_NODE_H_INCLUDED
#define CTL_NODE_H_INCLUDED

#include "ctl.h"
#include "directory.pb-c.h"

//  "部门" / "department".
const char *ctl_node_kind (const ctl_t *ctl, int kind);

//  "劳务派遣" / "labour_dispatch"; "-" for a node that is not an employee.
const char *ctl_node_employment (const ctl_t *ctl, int type);

//  The English name when English is chosen and the node has one, else the Chinese name.
const char *ctl_node_name (const ctl_t *ctl, const Directory__Node *node);

//  "[部门] P01-D01 生产部", plus the employment type of an employee and a mark when the
//  node is deactivated. The caller frees.
char *ctl_node_line (const ctl_t *ctl, const Directory__Node *node);

#endif
