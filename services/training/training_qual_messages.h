/*  training_qual_messages: every text the qual area shows a person, in Simplified Chinese and
    English. Both printf formats of a text take the same arguments in the same order (named
    in the comment beside each).                                                            */
#ifndef TRAINING_QUAL_MESSAGES_H_INCLUDED
#define TRAINING_QUAL_MESSAGES_H_INCLUDED

#include "sf_status.h"

//  (const char *code)
extern const sf_text_t QUAL_MSG_PERSON_UNKNOWN;
//  (const char *code)
extern const sf_text_t QUAL_MSG_PERSON_LEFT;
//  (const char *code)
extern const sf_text_t QUAL_MSG_UNIT_UNKNOWN;
//  (const char *code)
extern const sf_text_t QUAL_MSG_NOT_A_POST;
//  (const char *code)
extern const sf_text_t QUAL_MSG_NOT_A_PLANT;
//  (const char *employee, const char *unit)
extern const sf_text_t QUAL_MSG_PERSON_OUTSIDE;
//  (int hours, int max)
extern const sf_text_t QUAL_MSG_HOURS_RANGE;
//  (int hours)
extern const sf_text_t QUAL_MSG_COURSE_HOURS;
//  (const char *field_zh, const char *field_en, const char *value)
extern const sf_text_t QUAL_MSG_BAD_CODE;
//  (const char *field_zh, const char *field_en)
extern const sf_text_t QUAL_MSG_MISSING;
//  (const char *field_zh, const char *field_en, int max_chars)
extern const sf_text_t QUAL_MSG_TOO_LONG;
//  (int level)
extern const sf_text_t QUAL_MSG_BAD_LEVEL;
//  (int level)
extern const sf_text_t QUAL_MSG_BAD_EXAM_LEVEL;
//  (const char *code)
extern const sf_text_t QUAL_MSG_COURSE_EXISTS;
//  (const char *code)
extern const sf_text_t QUAL_MSG_COURSE_UNKNOWN;
//  (const char *course, const char *course_unit, const char *unit)
extern const sf_text_t QUAL_MSG_COURSE_OUTSIDE;
//  (long long id)
extern const sf_text_t QUAL_MSG_SESSION_UNKNOWN;
//  (const char *employee, long long session)
extern const sf_text_t QUAL_MSG_ATTENDANCE_EXISTS;
//  (int score)
extern const sf_text_t QUAL_MSG_SCORE_RANGE;
//  (const char *level_zh, const char *level_en, const char *date)
extern const sf_text_t QUAL_MSG_LEVEL_PASSED;
//  (const char *code)
extern const sf_text_t QUAL_MSG_CERT_TYPE_UNKNOWN;
//  (const char *expires, const char *issued)
extern const sf_text_t QUAL_MSG_EXPIRY_BEFORE_ISSUE;
//  (const char *expires, const char *issued, int years)
extern const sf_text_t QUAL_MSG_EXPIRY_TOO_LATE;
//  (const char *date)
extern const sf_text_t QUAL_MSG_DATE_FUTURE;
//  (const char *reviewed)
extern const sf_text_t QUAL_MSG_REVIEW_OUTSIDE;
//  (const char *type, const char *number)
extern const sf_text_t QUAL_MSG_CERT_HELD;
//  (const char *code)
extern const sf_text_t QUAL_MSG_SECTOR_UNKNOWN;
//  ()
extern const sf_text_t QUAL_MSG_NO_DATE;
//  (const char *employee)
extern const sf_text_t QUAL_MSG_NOT_AWAY;
//  (const char *back, const char *away)
extern const sf_text_t QUAL_MSG_BACK_BEFORE_AWAY;
//  (const char *rule)
extern const sf_text_t QUAL_MSG_RULE_MISSING;

//  The reasons a person is not qualified.
//  ()
extern const sf_text_t QUAL_MSG_WHY_NOT_ONBOARDED;
//  (const char *level_zh, const char *level_en, int done, int required)
extern const sf_text_t QUAL_MSG_WHY_HOURS;
//  (const char *level_zh, const char *level_en)
extern const sf_text_t QUAL_MSG_WHY_EXAM_ABSENT;
//  (const char *level_zh, const char *level_en, int score)
extern const sf_text_t QUAL_MSG_WHY_EXAM_FAILED;
//  (const char *type_zh, const char *type_en)
extern const sf_text_t QUAL_MSG_WHY_CERT_MISSING;
//  (const char *type_zh, const char *type_en, const char *date)
extern const sf_text_t QUAL_MSG_WHY_CERT_EXPIRED;
//  (const char *type_zh, const char *type_en, const char *date)
extern const sf_text_t QUAL_MSG_WHY_CERT_UNREVIEWED;
//  (int done, int required)
extern const sf_text_t QUAL_MSG_WHY_REFRESHER;

//  The levels' names: [level] for 1..4, zh and en.
extern const sf_text_t QUAL_MSG_WHY_MANAGER_INITIAL;
extern const sf_text_t QUAL_MSG_WHY_MANAGER_YEARLY;
extern const sf_text_t QUAL_LEVEL_NAMES [6];

#endif
