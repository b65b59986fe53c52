/*  inspection_messages: every text of plans, tasks, records, findings, violations and
    meetings a person reads, in Simplified Chinese and English (the hazard lists have theirs
    in inspection_hazard_messages). Both formats of a text take the same arguments, named in
    the comment beside it; a format may reorder them with %n$ as long as it uses each.     */
#ifndef INSPECTION_MESSAGES_H_INCLUDED
#define INSPECTION_MESSAGES_H_INCLUDED

#include "sf_status.h"

extern const sf_text_t INSPECTION_MSG_UNKNOWN_UNIT;      //  (const char *code)
extern const sf_text_t INSPECTION_MSG_INACTIVE_UNIT;     //  (const char *code)
//  (const char *request_type, const char *roles): a company-wide command from a plant's grant
extern const sf_text_t INSPECTION_MSG_NOT_COMPANY_WIDE;
//  (const char *field_zh, const char *field_en, int max_chars): a text missing or too long
extern const sf_text_t INSPECTION_MSG_BAD_TEXT;
//  (const char *field_zh, const char *field_en, int max_items)
extern const sf_text_t INSPECTION_MSG_TOO_MANY;
extern const sf_text_t INSPECTION_MSG_BAD_CODE;          //  (int max_chars)
extern const sf_text_t INSPECTION_MSG_PLAN_EXISTS;       //  (const char *code)
extern const sf_text_t INSPECTION_MSG_BAD_LEVEL;         //  ()
extern const sf_text_t INSPECTION_MSG_BAD_DATE;          //  (const char *text)
extern const sf_text_t INSPECTION_MSG_BAD_RANGE;         //  (const char *from, const char *to)
extern const sf_text_t INSPECTION_MSG_RANGE_TOO_LONG;    //  (int max_days)
extern const sf_text_t INSPECTION_MSG_SPECIAL_NEEDS_END; //  ()
extern const sf_text_t INSPECTION_MSG_BAD_TARGET_KIND;   //  ()
extern const sf_text_t INSPECTION_MSG_BAD_SCOPE_KIND;    //  (const char *code)
extern const sf_text_t INSPECTION_MSG_BAD_SPECIAL_SCOPE_KIND; //  (const char *code)
extern const sf_text_t INSPECTION_MSG_NOT_A_PLANT;       //  (const char *code)
extern const sf_text_t INSPECTION_MSG_BAD_TIME_ZONE;     //  (const char *zone)
extern const sf_text_t INSPECTION_MSG_BAD_SHIFT;         //  (const char *shift)
extern const sf_text_t INSPECTION_MSG_TASK_NOT_FOUND;    //  (long long id)
extern const sf_text_t INSPECTION_MSG_FINDING_NOT_FOUND; //  (const char *number)
extern const sf_text_t INSPECTION_MSG_VIOLATION_NOT_FOUND; //  (const char *number)
extern const sf_text_t INSPECTION_MSG_TASK_NOT_YOURS;    //  (long long id, const char *executor)
extern const sf_text_t INSPECTION_MSG_TASK_DONE;         //  (long long id)
extern const sf_text_t INSPECTION_MSG_TASK_MISSED;       //  (long long id)
extern const sf_text_t INSPECTION_MSG_TASK_NOT_STARTED;  //  (long long id)
extern const sf_text_t INSPECTION_MSG_UNKNOWN_ITEM;      //  (const char *key)
extern const sf_text_t INSPECTION_MSG_DUPLICATE_ITEM;    //  (const char *key)
extern const sf_text_t INSPECTION_MSG_NO_RESULTS;        //  ()
extern const sf_text_t INSPECTION_MSG_FINDING_NO_UNIT;   //  ()
extern const sf_text_t INSPECTION_MSG_BAD_FACTOR;        //  ()
extern const sf_text_t INSPECTION_MSG_BAD_SEVERITY;      //  ()
extern const sf_text_t INSPECTION_MSG_BAD_SOURCE;        //  ()
extern const sf_text_t INSPECTION_MSG_LESSON_REF;        //  ()
extern const sf_text_t INSPECTION_MSG_NOT_EMPLOYEE;      //  (const char *code)
extern const sf_text_t INSPECTION_MSG_BAD_VIOLATION;     //  ()
extern const sf_text_t INSPECTION_MSG_FUTURE_TIME;       //  ()
extern const sf_text_t INSPECTION_MSG_NOT_A_TEAM;        //  (const char *code)
extern const sf_text_t INSPECTION_MSG_BAD_SHIFT_NO;      //  ()
extern const sf_text_t INSPECTION_MSG_BAD_MEETING_KIND;  //  ()
extern const sf_text_t INSPECTION_MSG_MEETING_EXISTS;    //  (const char *team, const char *date, int shift_no)
extern const sf_text_t INSPECTION_MSG_NO_ATTENDEES;      //  ()
extern const sf_text_t INSPECTION_MSG_BAD_PERIOD;        //  ()
extern const sf_text_t INSPECTION_MSG_NOT_INSPECTOR;     //  (long long task_id)
extern const sf_text_t INSPECTION_MSG_BAD_RESPONSIBLE_KIND; //  (const char *code)
extern const sf_text_t INSPECTION_MSG_BAD_PAGE_TOKEN;   //  (const char *type)

#endif
