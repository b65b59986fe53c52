/*  lesson_author_messages: every text the author area shows a person, in Simplified Chinese
    and English. Both printf formats of a text take the same arguments in the same order
    (named in the comment beside each).                                                    */
#ifndef LESSON_AUTHOR_MESSAGES_H_INCLUDED
#define LESSON_AUTHOR_MESSAGES_H_INCLUDED

#include "sf_status.h"

//  (const char *field_zh, const char *field_en)
extern const sf_text_t LESSON_AUTHOR_MSG_MISSING;
//  (const char *field_zh, const char *field_en, int max_chars)
extern const sf_text_t LESSON_AUTHOR_MSG_TOO_LONG;
//  (int value)
extern const sf_text_t LESSON_AUTHOR_MSG_SOURCE;
//  (const char *field_zh, const char *field_en, long long value)
extern const sf_text_t LESSON_AUTHOR_MSG_NEGATIVE;
//  (const char *field_zh, const char *field_en, const char *text)
extern const sf_text_t LESSON_AUTHOR_MSG_DATE;
//  (const char *date, const char *today)
extern const sf_text_t LESSON_AUTHOR_MSG_OCCURRED_FUTURE;
//  (const char *date, const char *today)
extern const sf_text_t LESSON_AUTHOR_MSG_DEADLINE_PAST;
//  (int position, int value)
extern const sf_text_t LESSON_AUTHOR_MSG_FACTOR;
//  (int max)
extern const sf_text_t LESSON_AUTHOR_MSG_TAG_COUNT;
//  (const char *code)
extern const sf_text_t LESSON_AUTHOR_MSG_TAG_UNKNOWN;
//  (int max)
extern const sf_text_t LESSON_AUTHOR_MSG_ACTION_COUNT;
//  (int position)
extern const sf_text_t LESSON_AUTHOR_MSG_ACTION_BLANK;
//  (int position, int max_chars)
extern const sf_text_t LESSON_AUTHOR_MSG_ACTION_TOO_LONG;
//  (const char *code)
extern const sf_text_t LESSON_AUTHOR_MSG_UNIT_UNKNOWN;
//  (const char *code)
extern const sf_text_t LESSON_AUTHOR_MSG_UNIT_INACTIVE;
//  (const char *code)
extern const sf_text_t LESSON_AUTHOR_MSG_UNIT_EMPLOYEE;
//  (long long id)
extern const sf_text_t LESSON_AUTHOR_MSG_LESSON_UNKNOWN;
//  (int value)
extern const sf_text_t LESSON_AUTHOR_MSG_STATUS;
//  (const char *number)
extern const sf_text_t LESSON_AUTHOR_MSG_ORIGIN_NUMBER;
//  (const char *number)
extern const sf_text_t LESSON_AUTHOR_MSG_ORIGIN_UNKNOWN;
//  (const char *number, const char *lesson_number)
extern const sf_text_t LESSON_AUTHOR_MSG_ORIGIN_TWICE;
//  (const char *number)
extern const sf_text_t LESSON_AUTHOR_MSG_ORIGIN_OUT_OF_SCOPE;
//  (const char *number)
extern const sf_text_t LESSON_AUTHOR_MSG_INSPECTION_NOT_SET;
//  (const char *number)
extern const sf_text_t LESSON_AUTHOR_MSG_INSPECTION_DOWN;
//  (const char *number, const char *reason_zh, const char *reason_en)
extern const sf_text_t LESSON_AUTHOR_MSG_INSPECTION_REFUSED;
//  (const char *description, const char *description): the action a lesson made from an
//  inspection record gets when none is given
extern const sf_text_t LESSON_AUTHOR_MSG_ACTION_FROM_RECORD;

#endif
