/*  training_kb_names: one table per language, indexed by the generated values.             */
#include "training_kb_names.h"

#include <stdlib.h>
#include <string.h>

static const char *s_code [] = {
    [TRAINING__ARTICLE_CATEGORY__ARTICLE_OCCUPATIONAL_HEALTH] = "occupational_health",
    [TRAINING__ARTICLE_CATEGORY__ARTICLE_DAILY_RULES] = "daily_rules",
    [TRAINING__ARTICLE_CATEGORY__ARTICLE_MUST_KNOW] = "must_know",
    [TRAINING__ARTICLE_CATEGORY__ARTICLE_POST_NORMS] = "post_norms",
    [TRAINING__ARTICLE_CATEGORY__ARTICLE_POST_NOTICE] = "post_notice",
    [TRAINING__ARTICLE_CATEGORY__ARTICLE_HAZARDOUS_CHEMICALS] = "hazardous_chemicals",
    [TRAINING__ARTICLE_CATEGORY__ARTICLE_VIOLATION_CASES] = "violation_cases",
    [TRAINING__ARTICLE_CATEGORY__ARTICLE_TEAM_HAZARDS] = "team_hazards",
    [TRAINING__ARTICLE_CATEGORY__ARTICLE_EMERGENCY] = "emergency",
    [TRAINING__ARTICLE_CATEGORY__ARTICLE_PROTECTIVE_EQUIPMENT] = "protective_equipment"
};
static const char *s_zh [] = {
    [TRAINING__ARTICLE_CATEGORY__ARTICLE_OCCUPATIONAL_HEALTH] = "职业健康防护与保健",
    [TRAINING__ARTICLE_CATEGORY__ARTICLE_DAILY_RULES] = "日常安全生产规章制度",
    [TRAINING__ARTICLE_CATEGORY__ARTICLE_MUST_KNOW] = "安全生产应知应会",
    [TRAINING__ARTICLE_CATEGORY__ARTICLE_POST_NORMS] = "岗位安全生产作业规范",
    [TRAINING__ARTICLE_CATEGORY__ARTICLE_POST_NOTICE] = "岗位安全告知书",
    [TRAINING__ARTICLE_CATEGORY__ARTICLE_HAZARDOUS_CHEMICALS] = "危险化学品安全管理",
    [TRAINING__ARTICLE_CATEGORY__ARTICLE_VIOLATION_CASES] = "安全生产三违案例库",
    [TRAINING__ARTICLE_CATEGORY__ARTICLE_TEAM_HAZARDS] = "班组危险源辨识与防范措施库",
    [TRAINING__ARTICLE_CATEGORY__ARTICLE_EMERGENCY] = "安全事故应急管理",
    [TRAINING__ARTICLE_CATEGORY__ARTICLE_PROTECTIVE_EQUIPMENT] = "劳动保护用品管理"
};
static const char *s_en [] = {
    [TRAINING__ARTICLE_CATEGORY__ARTICLE_OCCUPATIONAL_HEALTH] = "occupational health protection",
    [TRAINING__ARTICLE_CATEGORY__ARTICLE_DAILY_RULES] = "daily safety rules",
    [TRAINING__ARTICLE_CATEGORY__ARTICLE_MUST_KNOW] = "safety must-know",
    [TRAINING__ARTICLE_CATEGORY__ARTICLE_POST_NORMS] = "post operating norms",
    [TRAINING__ARTICLE_CATEGORY__ARTICLE_POST_NOTICE] = "post safety notices",
    [TRAINING__ARTICLE_CATEGORY__ARTICLE_HAZARDOUS_CHEMICALS] = "hazardous chemicals",
    [TRAINING__ARTICLE_CATEGORY__ARTICLE_VIOLATION_CASES] = "violation case library (三违)",
    [TRAINING__ARTICLE_CATEGORY__ARTICLE_TEAM_HAZARDS] = "team hazard identification and measures",
    [TRAINING__ARTICLE_CATEGORY__ARTICLE_EMERGENCY] = "accident emergency management",
    [TRAINING__ARTICLE_CATEGORY__ARTICLE_PROTECTIVE_EQUIPMENT] = "protective equipment"
};

#define S_COUNT (sizeof (s_code) / sizeof (s_code) [0])
#define S_NAME(table, value) ((value) > 0 && (size_t) (value) < S_COUNT? (table) [value]: "?")

const char *training_kb_category_code (int category) { return S_NAME (s_code, category); }
const char *training_kb_category_name_zh (int category) { return S_NAME (s_zh, category); }
const char *training_kb_category_name_en (int category) { return S_NAME (s_en, category); }

Training__ArticleCategory
training_kb_category_parse (const char *text)
{
    if (!text || !*text)
        return TRAINING__ARTICLE_CATEGORY__ARTICLE_CATEGORY_UNSPECIFIED;
    for (size_t i = 1; i < S_COUNT; i++)
        if (strcmp (text, s_code [i]) == 0 || strcmp (text, s_zh [i]) == 0)
            return (Training__ArticleCategory) i;
    char *end;
    long number = strtol (text, &end, 10);
    if (*end == '\0' && number > 0 && (size_t) number < S_COUNT)
        return (Training__ArticleCategory) number;
    return TRAINING__ARTICLE_CATEGORY__ARTICLE_CATEGORY_UNSPECIFIED;
}
