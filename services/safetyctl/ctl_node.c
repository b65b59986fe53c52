/*  ctl_node: kind and employment words come from directory_kind, the one table of them.   */
#include "ctl_node.h"
#include "ctl_output.h"
#include "directory_kind.h"

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
    if (type == DIR_EMPLOYMENT_UNSPECIFIED)
        return "-";
    return ctl->lang == CTL_LANG_EN? directory_employment_name (type): directory_employment_name_zh (type);
}

const char *
ctl_node_name (const ctl_t *ctl, const directory_node_t *node)
{
    bool english = ctl->lang == CTL_LANG_EN && node->name_en && *node->name_en;
    return english? node->name_en: node->name_zh;
}

char *
ctl_node_line (const ctl_t *ctl, const directory_node_t *node)
{
    char *line = ctl_format (ctl, &s_msg_line, ctl_node_kind (ctl, node->kind), node->code,
                             ctl_node_name (ctl, node));
    if (node->employment_type != DIR_EMPLOYMENT_UNSPECIFIED) {
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

void
ctl_node_json (sf_json_t *json, const directory_node_t *node)
{
    sf_json_object_begin (json);
    sf_json_key_int (json, "id", node->id);
    sf_json_key_string (json, "kind", directory_kind_name (node->kind));
    sf_json_key_string (json, "code", node->code);
    sf_json_key_string (json, "name_zh", node->name_zh);
    sf_json_key_string (json, "name_en", node->name_en);
    sf_json_key_string (json, "parent_code", node->parent_code);
    sf_json_key_string (json, "plant_code", node->plant_code);
    sf_json_key_string (json, "employment_type", directory_employment_name (node->employment_type));
    sf_json_key_bool (json, "active", node->active);
    sf_json_key_int (json, "version", node->version);
    sf_json_key_int (json, "depth", node->depth);
    sf_json_object_end (json);
}
