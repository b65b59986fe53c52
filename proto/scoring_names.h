/*  scoring_names: the words people type and read for scoring.proto's enums, in English (the
    codes the command line takes: "team_member", "signed", "cascade") and Chinese: the levels
    of a responsibility letter (一岗双责), a letter's state and sides, what an entry is about
    and where it comes from, an appeal's and a month's state, and the subject kinds totals
    rank (person, team, department, plant). For every client (safetyctl, tests), which links
    this contract library and no daemon code.                                              */
#ifndef SCORING_NAMES_H_INCLUDED
#define SCORING_NAMES_H_INCLUDED

#include "scoring.pb-c.h"

//  "company_plant", "plant_department", "department_team", "department_officer",
//  "team_member"; "公司—厂区", …; "company - plant", …; "?" for a value the enum does not name.
const char *scoring_letter_level_code (int level);
const char *scoring_letter_level_name_zh (int level);
const char *scoring_letter_level_name_en (int level);
//  A level by its code (any letter case), its Chinese name or its number ("1".."5");
//  unspecified (0) when it names none.
Scoring__LetterLevel scoring_letter_level_parse (const char *text);

//  "issued", "partly_signed", "signed", "voided"; "待签", "单方已签", "已签订", "已作废".
const char *scoring_letter_status_code (int status);
const char *scoring_letter_status_name_zh (int status);
const char *scoring_letter_status_name_en (int status);
Scoring__LetterStatus scoring_letter_status_parse (const char *text);

//  "a", "b"; "甲方", "乙方"; "party A", "party B".
const char *scoring_letter_side_code (int side);
const char *scoring_letter_side_name_zh (int side);
const char *scoring_letter_side_name_en (int side);
Scoring__LetterSide scoring_letter_side_parse (const char *text);

//  "person", "unit"; "个人", "单位".
const char *scoring_subject_kind_code (int kind);
const char *scoring_subject_kind_name_zh (int kind);
const char *scoring_subject_kind_name_en (int kind);
Scoring__SubjectKind scoring_subject_kind_parse (const char *text);

//  "event", "cascade", "clean_month", "reversal", "adjustment"; "事件", "连带", "三零", "申诉撤销",
//  "人工调整".
const char *scoring_entry_origin_code (int origin);
const char *scoring_entry_origin_name_zh (int origin);
const char *scoring_entry_origin_name_en (int origin);
Scoring__EntryOrigin scoring_entry_origin_parse (const char *text);

//  "open", "upheld", "reversed"; "待裁决", "维持", "撤销".
const char *scoring_appeal_status_code (int status);
const char *scoring_appeal_status_name_zh (int status);
const char *scoring_appeal_status_name_en (int status);
Scoring__AppealStatus scoring_appeal_status_parse (const char *text);

//  "open", "closed"; "未结算", "已结算".
const char *scoring_month_status_code (int status);
const char *scoring_month_status_name_zh (int status);
const char *scoring_month_status_name_en (int status);
Scoring__MonthStatus scoring_month_status_parse (const char *text);

//  "csv", "xlsx".
const char *scoring_export_format_code (int format);
Scoring__ExportFormat scoring_export_format_parse (const char *text);

//  The subjects totals are computed for, as the wire spells them (Total.subject, Tier.subject):
//  "person", "team", "department", "plant". Their names: "个人", "班组", "部门", "厂区"; an
//  unknown subject is given back as it is. scoring_subject_parse: the wire word of a code (any
//  letter case) or a Chinese name, NULL when it names none.
const char *scoring_subject_name_zh (const char *subject);
const char *scoring_subject_name_en (const char *subject);
const char *scoring_subject_parse (const char *text);

#endif
