/*  The major-hazard plan check: every item counted, the missing list in both languages.   */
#include "rectification_plan.h"
#include "sf_testkit.h"

#include <string.h>

int
main (void)
{
    Rectification__Plan plan = RECTIFICATION__PLAN__INIT;
    char *zh, *en;
    SF_CHECK (rect_plan_missing (&plan, &zh, &en) == 7);
    SF_CHECK (strstr (zh, "治理措施、责任单位") && strstr (zh, "应急预案"));
    SF_CHECK (strstr (en, "measures, responsible unit") && strstr (en, "funds"));
    free (zh);
    free (en);

    plan.measures = "更换防护罩";
    plan.responsible_unit = "D01";
    plan.responsible_person = "E001";
    plan.funds_fen = 1200000;
    plan.time_limit_ms = 1;
    plan.interim_measures = "设置警戒区";
    SF_CHECK (rect_plan_missing (&plan, &zh, &en) == 1);
    SF_CHECK_STR (zh, "应急预案");
    SF_CHECK_STR (en, "emergency plan reference");
    free (zh);
    free (en);

    plan.emergency_plan_ref = "YA-2026-03";
    plan.funds_fen = 0;
    SF_CHECK (rect_plan_missing (&plan, NULL, NULL) == 1);
    plan.funds_fen = 1;
    SF_CHECK (rect_plan_missing (&plan, &zh, &en) == 0);
    SF_CHECK_STR (zh, "");
    free (zh);
    free (en);
    return 0;
}
