/*  lesson_names: one table per enum, indexed by the generated values; each entry is the
    code, the Chinese name and the English words.                                          */
#include "lesson_names.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct {
    const char *code;
    const char *zh;
    const char *en;
} s_name_t;

static const s_name_t s_sources [] = {
    [LESSON__LESSON_SOURCE__SOURCE_NATIONAL] = { "national", "国家通报", "national bulletin" },
    [LESSON__LESSON_SOURCE__SOURCE_INDUSTRY] = { "industry", "行业通报", "industry bulletin" },
    [LESSON__LESSON_SOURCE__SOURCE_SUPERIOR] = { "superior", "上级单位通报", "superior unit's bulletin" },
    [LESSON__LESSON_SOURCE__SOURCE_NEWS] = { "news", "新闻报道", "news report" },
    [LESSON__LESSON_SOURCE__SOURCE_INTERNAL] = { "internal", "内部典型问题", "internal typical problem" },
};
static const s_name_t s_grades [] = {
    [LESSON__ACCIDENT_GRADE__GRADE_NONE] = { "none", "未构成事故", "not an accident" },
    [LESSON__ACCIDENT_GRADE__GRADE_GENERAL] = { "general", "一般事故", "general accident" },
    [LESSON__ACCIDENT_GRADE__GRADE_LARGER] = { "larger", "较大事故", "larger accident" },
    [LESSON__ACCIDENT_GRADE__GRADE_MAJOR] = { "major", "重大事故", "major accident" },
    [LESSON__ACCIDENT_GRADE__GRADE_ESPECIALLY_MAJOR] = { "especially_major", "特别重大事故", "especially major accident" },
};
static const s_name_t s_statuses [] = {
    [LESSON__LESSON_STATUS__LESSON_DRAFT] = { "draft", "草稿", "draft" },
    [LESSON__LESSON_STATUS__LESSON_PUBLISHED] = { "published", "已发布", "published" },
    [LESSON__LESSON_STATUS__LESSON_CLOSED] = { "closed", "已关闭", "closed" },
};
static const s_name_t s_assignment_statuses [] = {
    [LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_ASSIGNED] = { "assigned", "待签收", "assigned" },
    [LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_ACKNOWLEDGED] = { "acknowledged", "已签收", "acknowledged" },
    [LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_SELF_CHECKED] = { "self_checked", "已自查", "self-checked" },
    [LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_REPORTED] = { "reported", "已报告", "reported" },
    [LESSON__ASSIGNMENT_STATUS__ASSIGNMENT_CLOSED] = { "closed", "已关闭", "closed" },
};
static const s_name_t s_check_requests [] = {
    [LESSON__CHECK_REQUEST__CHECK_PENDING] = { "pending", "待创建", "pending" },
    [LESSON__CHECK_REQUEST__CHECK_CREATED] = { "created", "已创建", "created" },
};

#define S_COUNT(table) ((int) (sizeof (table) / sizeof (table) [0]))
//  The entry of value, or NULL: value 0 and the gaps have no code.
#define S_ENTRY(table, value) ((value) > 0 && (value) < S_COUNT (table) && (table) [value].code? &(table) [value]: NULL)
#define S_WORD(table, value, word) (S_ENTRY (table, value)? S_ENTRY (table, value)->word: "?")

//  The value text names in table (code in any letter case, Chinese name, or number), or 0.
static int
s_parse (const s_name_t *table, int count, const char *text)
{
    if (!text || !*text)
        return 0;
    for (int value = 1; value < count; value++)
        if (table [value].code && (strcasecmp (text, table [value].code) == 0 || strcmp (text, table [value].zh) == 0))
            return value;
    char *end;
    long number = strtol (text, &end, 10);
    return *end == '\0' && number > 0 && number < count? (int) number: 0;
}

const char *lesson_source_code (int source) { return S_WORD (s_sources, source, code); }
const char *lesson_source_name_zh (int source) { return S_WORD (s_sources, source, zh); }
const char *lesson_source_name_en (int source) { return S_WORD (s_sources, source, en); }

Lesson__LessonSource
lesson_source_parse (const char *text)
{
    return (Lesson__LessonSource) s_parse (s_sources, S_COUNT (s_sources), text);
}

const char *lesson_grade_name_zh (int grade) { return S_WORD (s_grades, grade, zh); }
const char *lesson_grade_name_en (int grade) { return S_WORD (s_grades, grade, en); }

const char *lesson_status_code (int status) { return S_WORD (s_statuses, status, code); }
const char *lesson_status_name_zh (int status) { return S_WORD (s_statuses, status, zh); }
const char *lesson_status_name_en (int status) { return S_WORD (s_statuses, status, en); }

Lesson__LessonStatus
lesson_status_parse (const char *text)
{
    return (Lesson__LessonStatus) s_parse (s_statuses, S_COUNT (s_statuses), text);
}

const char *lesson_assignment_status_code (int status) { return S_WORD (s_assignment_statuses, status, code); }
const char *lesson_assignment_status_name_zh (int status) { return S_WORD (s_assignment_statuses, status, zh); }
const char *lesson_assignment_status_name_en (int status) { return S_WORD (s_assignment_statuses, status, en); }

Lesson__AssignmentStatus
lesson_assignment_status_parse (const char *text)
{
    return (Lesson__AssignmentStatus) s_parse (s_assignment_statuses, S_COUNT (s_assignment_statuses), text);
}

const char *lesson_check_request_name_zh (int request) { return S_WORD (s_check_requests, request, zh); }
const char *lesson_check_request_name_en (int request) { return S_WORD (s_check_requests, request, en); }
