/*  ctl_node: kind and employment words come from directory_names, the one table of them.  */
#include "ctl_node.h"
#include "ctl_output.h"
#include "directory_names.h"

#include <stdlib.h>

static const sf_text_t s_msg_line = { "[%s] %s %s", "[%s] %s %s" };
static const sf_text_t s_msg_employment = { "%s（%s）", "%s (%s)" };
static const sf_text_t s_msg_inactive = { "%s（已停用）", "%s (deactivated)" };

const char *
ctl_node_kind (const ctl_t *ctl, int kind)
{
    return ctl->lang == CTL_LANG_EN? directory_kind_name (kind): directory_kind_name_zh (kind);
}

const char *
ctl_node_employment (const ctl_t *ctl, int type)
{
    if (type == DIRECTORY__EMPLOYMENT_TYPE__EMPLOYMENT_UNSPECIFIED)
        return "-";
    return ctl->lang == CTL_LANG_EN? directory_employment_name (type): directory_employment_name_zh (type);
}

const char *
ctl_node_name (const ctl_t *ctl, const Directory__Node *node)
{
    bool english = ctl->lang == CTL_LANG_EN && *node->name_en;
    return english? node->name_en: node->name_zh;
}

char *
ctl_node_line (const ctl_t *ctl, const Directory__Node *node)
{
    char *line = ctl_format (ctl, &s_msg_line, ctl_node_kind (ctl, node->kind), node->code,
                             ctl_node_name (ctl, node));
    if (node->employment_type != DIRECTORY__EMPLOYMENT_TYPE__EMPLOYMENT_UNSPECIFIED) {
        char *longer = ctl_format (ctl, &s_msg_employment, line, ctl_node_employment (ctl, node->employment_type));
        free (line);
        line = longer;
    }
    if (!node->active) {
        char *longer = ctl_format (ctl, &s_msg_inactive, line);
        free (line);
        line = longer;
    }
    return line;
}
