/*  lesson_names: the words people type and read for lesson.proto's enums, in English (the
    codes the command line takes: "national", "draft", "self_checked") and Chinese, with
    English words for prose: where a lesson comes from, the accident grades of 国务院令第493号,
    the states of a lesson and of an assignment, and how a special check's request stands.
    For every client (safetyctl, tests), which links this contract library and no daemon
    code. The grades' names are also data in the daemon (accident_grade), which a Grade
    message carries; these are for a client that has only the number.                      */
#ifndef LESSON_NAMES_H_INCLUDED
#define LESSON_NAMES_H_INCLUDED

#include "lesson.pb-c.h"

//  "national", "industry", "superior", "news", "internal"; "?" for a value the enum does not name.
const char *lesson_source_code (int source);
//  "国家通报", …; "national bulletin", …
const char *lesson_source_name_zh (int source);
const char *lesson_source_name_en (int source);
//  A source by its code (any letter case), its Chinese name or its number ("1".."5");
//  unspecified (0) when it names none.
Lesson__LessonSource lesson_source_parse (const char *text);

//  "一般事故", …, "未构成事故"; "general accident", …; "?" for a value the enum does not name.
const char *lesson_grade_name_zh (int grade);
const char *lesson_grade_name_en (int grade);

//  "draft", "published", "closed"; "草稿", "已发布", "已关闭"; "?" otherwise.
const char *lesson_status_code (int status);
const char *lesson_status_name_zh (int status);
const char *lesson_status_name_en (int status);
//  By code, Chinese name or number; unspecified (0) when it names none.
Lesson__LessonStatus lesson_status_parse (const char *text);

//  "assigned", "acknowledged", "self_checked", "reported", "closed"; "待签收", …; "?" otherwise.
const char *lesson_assignment_status_code (int status);
const char *lesson_assignment_status_name_zh (int status);
const char *lesson_assignment_status_name_en (int status);
//  By code, Chinese name or number; unspecified (0) when it names none.
Lesson__AssignmentStatus lesson_assignment_status_parse (const char *text);

//  "待创建" / "pending", "已创建" / "created"; "?" otherwise.
const char *lesson_check_request_name_zh (int request);
const char *lesson_check_request_name_en (int request);

#endif
