/*  scoring_names: one table per enum, indexed by the generated values; each entry is the
    code, the Chinese name and the English words.                                          */
#include "scoring_names.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct {
    const char *code;
    const char *zh;
    const char *en;
} s_name_t;

static const s_name_t s_levels [] = {
    [SCORING__LETTER_LEVEL__LEVEL_COMPANY_PLANT] = { "company_plant", "公司—厂区", "company - plant" },
    [SCORING__LETTER_LEVEL__LEVEL_PLANT_DEPARTMENT] = { "plant_department", "厂区—部门", "plant - department" },
    [SCORING__LETTER_LEVEL__LEVEL_DEPARTMENT_TEAM] = { "department_team", "部门—班组", "department - team" },
    [SCORING__LETTER_LEVEL__LEVEL_DEPARTMENT_OFFICER] = { "department_officer", "部门—部门安全员",
                                                          "department - its safety officer" },
    [SCORING__LETTER_LEVEL__LEVEL_TEAM_MEMBER] = { "team_member", "班组—组员", "team - member" },
};
static const s_name_t s_letter_statuses [] = {
    [SCORING__LETTER_STATUS__LETTER_ISSUED] = { "issued", "待签", "issued" },
    [SCORING__LETTER_STATUS__LETTER_PARTLY_SIGNED] = { "partly_signed", "单方已签", "partly signed" },
    [SCORING__LETTER_STATUS__LETTER_SIGNED] = { "signed", "已签订", "signed" },
    [SCORING__LETTER_STATUS__LETTER_VOIDED] = { "voided", "已作废", "voided" },
};
static const s_name_t s_sides [] = {
    [SCORING__LETTER_SIDE__SIDE_A] = { "a", "甲方", "party A" },
    [SCORING__LETTER_SIDE__SIDE_B] = { "b", "乙方", "party B" },
};
static const s_name_t s_subject_kinds [] = {
    [SCORING__SUBJECT_KIND__SUBJECT_PERSON] = { "person", "个人", "person" },
    [SCORING__SUBJECT_KIND__SUBJECT_UNIT] = { "unit", "单位", "unit" },
};
static const s_name_t s_origins [] = {
    [SCORING__ENTRY_ORIGIN__ORIGIN_EVENT] = { "event", "事件", "event" },
    [SCORING__ENTRY_ORIGIN__ORIGIN_CASCADE] = { "cascade", "连带", "joint liability" },
    [SCORING__ENTRY_ORIGIN__ORIGIN_CLEAN_MONTH] = { "clean_month", "三零", "clean month" },
    [SCORING__ENTRY_ORIGIN__ORIGIN_REVERSAL] = { "reversal", "申诉撤销", "reversal" },
    [SCORING__ENTRY_ORIGIN__ORIGIN_ADJUSTMENT] = { "adjustment", "人工调整", "adjustment" },
};
static const s_name_t s_appeal_statuses [] = {
    [SCORING__APPEAL_STATUS__APPEAL_OPEN] = { "open", "待裁决", "open" },
    [SCORING__APPEAL_STATUS__APPEAL_UPHELD] = { "upheld", "维持", "upheld" },
    [SCORING__APPEAL_STATUS__APPEAL_REVERSED] = { "reversed", "撤销", "reversed" },
};
static const s_name_t s_month_statuses [] = {
    [SCORING__MONTH_STATUS__MONTH_OPEN] = { "open", "未结算", "open" },
    [SCORING__MONTH_STATUS__MONTH_CLOSED] = { "closed", "已结算", "closed" },
};
static const s_name_t s_formats [] = {
    [SCORING__EXPORT_FORMAT__EXPORT_CSV] = { "csv", "CSV", "CSV" },
    [SCORING__EXPORT_FORMAT__EXPORT_XLSX] = { "xlsx", "XLSX", "XLSX" },
};
static const s_name_t s_subjects [] = {
    { "person", "个人", "person" },
    { "team", "班组", "team" },
    { "department", "部门", "department" },
    { "plant", "厂区", "plant" },
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

const char *scoring_letter_level_code (int level) { return S_WORD (s_levels, level, code); }
const char *scoring_letter_level_name_zh (int level) { return S_WORD (s_levels, level, zh); }
const char *scoring_letter_level_name_en (int level) { return S_WORD (s_levels, level, en); }
Scoring__LetterLevel
scoring_letter_level_parse (const char *text)
{
    return (Scoring__LetterLevel) s_parse (s_levels, S_COUNT (s_levels), text);
}

const char *scoring_letter_status_code (int status) { return S_WORD (s_letter_statuses, status, code); }
const char *scoring_letter_status_name_zh (int status) { return S_WORD (s_letter_statuses, status, zh); }
const char *scoring_letter_status_name_en (int status) { return S_WORD (s_letter_statuses, status, en); }
Scoring__LetterStatus
scoring_letter_status_parse (const char *text)
{
    return (Scoring__LetterStatus) s_parse (s_letter_statuses, S_COUNT (s_letter_statuses), text);
}

const char *scoring_letter_side_code (int side) { return S_WORD (s_sides, side, code); }
const char *scoring_letter_side_name_zh (int side) { return S_WORD (s_sides, side, zh); }
const char *scoring_letter_side_name_en (int side) { return S_WORD (s_sides, side, en); }
Scoring__LetterSide
scoring_letter_side_parse (const char *text)
{
    return (Scoring__LetterSide) s_parse (s_sides, S_COUNT (s_sides), text);
}

const char *scoring_subject_kind_code (int kind) { return S_WORD (s_subject_kinds, kind, code); }
const char *scoring_subject_kind_name_zh (int kind) { return S_WORD (s_subject_kinds, kind, zh); }
const char *scoring_subject_kind_name_en (int kind) { return S_WORD (s_subject_kinds, kind, en); }
Scoring__SubjectKind
scoring_subject_kind_parse (const char *text)
{
    return (Scoring__SubjectKind) s_parse (s_subject_kinds, S_COUNT (s_subject_kinds), text);
}

const char *scoring_entry_origin_code (int origin) { return S_WORD (s_origins, origin, code); }
const char *scoring_entry_origin_name_zh (int origin) { return S_WORD (s_origins, origin, zh); }
const char *scoring_entry_origin_name_en (int origin) { return S_WORD (s_origins, origin, en); }
Scoring__EntryOrigin
scoring_entry_origin_parse (const char *text)
{
    return (Scoring__EntryOrigin) s_parse (s_origins, S_COUNT (s_origins), text);
}

const char *scoring_appeal_status_code (int status) { return S_WORD (s_appeal_statuses, status, code); }
const char *scoring_appeal_status_name_zh (int status) { return S_WORD (s_appeal_statuses, status, zh); }
const char *scoring_appeal_status_name_en (int status) { return S_WORD (s_appeal_statuses, status, en); }
Scoring__AppealStatus
scoring_appeal_status_parse (const char *text)
{
    return (Scoring__AppealStatus) s_parse (s_appeal_statuses, S_COUNT (s_appeal_statuses), text);
}

const char *scoring_month_status_code (int status) { return S_WORD (s_month_statuses, status, code); }
const char *scoring_month_status_name_zh (int status) { return S_WORD (s_month_statuses, status, zh); }
const char *scoring_month_status_name_en (int status) { return S_WORD (s_month_statuses, status, en); }
Scoring__MonthStatus
scoring_month_status_parse (const char *text)
{
    return (Scoring__MonthStatus) s_parse (s_month_statuses, S_COUNT (s_month_statuses), text);
}

const char *scoring_export_format_code (int format) { return S_WORD (s_formats, format, code); }
Scoring__ExportFormat
scoring_export_format_parse (const char *text)
{
    return (Scoring__ExportFormat) s_parse (s_formats, S_COUNT (s_formats), text);
}

//  The row of subject (its wire word), or NULL.
static const s_name_t *
s_subject (const char *subject)
{
    for (int i = 0; subject && i < S_COUNT (s_subjects); i++)
        if (strcmp (subject, s_subjects [i].code) == 0)
            return &s_subjects [i];
    return NULL;
}

const char *
scoring_subject_name_zh (const char *subject)
{
    const s_name_t *row = s_subject (subject);
    return row? row->zh: subject? subject: "?";
}

const char *
scoring_subject_name_en (const char *subject)
{
    const s_name_t *row = s_subject (subject);
    return row? row->en: subject? subject: "?";
}

const char *
scoring_subject_parse (const char *text)
{
    for (int i = 0; text && i < S_COUNT (s_subjects); i++)
        if (strcasecmp (text, s_subjects [i].code) == 0 || strcmp (text, s_subjects [i].zh) == 0)
            return s_subjects [i].code;
    return NULL;
}
