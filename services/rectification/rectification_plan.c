/*  rectification_plan: the required items of a major hazard's treatment plan.

    Source: 国家安全生产监督管理总局令第16号《安全生产事故隐患排查治理暂行规定》(2007), Art. 15:
    a major hazard's treatment plan contains the objectives and tasks, the methods and
    measures (措施), the funds and materials (资金), the body and people responsible (责任),
    the time limit and requirements (时限), and the safety measures and emergency plan for
    the time of treatment (预案). Enterprises implement it as 五落实 (措施、责任、资金、时限、预案);
    the responsibility is two items here (unit and person) because the form names both, and
    the interim control measures are kept apart from the emergency-plan reference.          */
#include "rectification_plan.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *zh;
    const char *en;
    bool (*present) (const Rectification__Plan *plan);
} s_item_t;

static bool s_text (const char *text) { return text && *text; }
static bool s_measures (const Rectification__Plan *plan) { return s_text (plan->measures); }
static bool s_unit (const Rectification__Plan *plan) { return s_text (plan->responsible_unit); }
static bool s_person (const Rectification__Plan *plan) { return s_text (plan->responsible_person); }
static bool s_funds (const Rectification__Plan *plan) { return plan->funds_fen > 0; }
static bool s_time_limit (const Rectification__Plan *plan) { return plan->time_limit_ms > 0; }
static bool s_interim (const Rectification__Plan *plan) { return s_text (plan->interim_measures); }
static bool s_emergency (const Rectification__Plan *plan) { return s_text (plan->emergency_plan_ref); }

//  Art. 15, in the order the article lists them.
static const s_item_t s_items [] = {
    { "治理措施", "measures", s_measures },
    { "责任单位", "responsible unit", s_unit },
    { "责任人", "responsible person", s_person },
    { "治理资金", "funds (CNY)", s_funds },
    { "治理时限", "time limit", s_time_limit },
    { "临时管控措施", "interim control measures", s_interim },
    { "应急预案", "emergency plan reference", s_emergency },
};

static void
s_append (char **list, const char *separator, const char *item)
{
    size_t used = *list? strlen (*list): 0;
    size_t size = used + strlen (separator) + strlen (item) + 1;
    char *grown = realloc (*list, size);
    if (!grown)
        abort ();
    if (used)
        strcat (grown, separator);
    else
        *grown = 0;
    strcat (grown, item);
    *list = grown;
}

int
rect_plan_missing (const Rectification__Plan *plan, char **zh, char **en)
{
    int missing = 0;
    char *list_zh = NULL, *list_en = NULL;
    for (size_t i = 0; i < sizeof s_items / sizeof s_items [0]; i++)
        if (!s_items [i].present (plan)) {
            missing++;
            s_append (&list_zh, "、", s_items [i].zh);
            s_append (&list_en, ", ", s_items [i].en);
        }
    if (zh)
        *zh = list_zh? list_zh: strdup ("");
    else
        free (list_zh);
    if (en)
        *en = list_en? list_en: strdup ("");
    else
        free (list_en);
    return missing;
}
