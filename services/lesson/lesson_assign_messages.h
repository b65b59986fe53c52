/*  lesson_assign_messages: every text the assign area shows a person, in Simplified Chinese
    and English. Both printf formats of a text take the same arguments in the same order
    (named in the comment beside each).                                                    */
#ifndef LESSON_ASSIGN_MESSAGES_H_INCLUDED
#define LESSON_ASSIGN_MESSAGES_H_INCLUDED

#include "sf_status.h"

//  (long long id)
extern const sf_text_t LESSON_ASSIGN_MSG_UNKNOWN;
//  (long long id)
extern const sf_text_t LESSON_ASSIGN_MSG_LESSON_UNKNOWN;
//  (long long id, const char *state_zh, const char *action_zh, const char *state_en, const char *action_en)
extern const sf_text_t LESSON_ASSIGN_MSG_TRANSITION;
//  (long long id, const char *state_zh, const char *state_en)
extern const sf_text_t LESSON_ASSIGN_MSG_REPORT_EARLY;
//  (int max_chars)
extern const sf_text_t LESSON_ASSIGN_MSG_REPORT_LENGTH;
//  ()
extern const sf_text_t LESSON_ASSIGN_MSG_LIST_WHICH;
//  (const char *code)
extern const sf_text_t LESSON_ASSIGN_MSG_UNIT_UNKNOWN;
//  (int status)
extern const sf_text_t LESSON_ASSIGN_MSG_STATUS;

//  The assignment's states by Lesson__AssignmentStatus (0 unspecified .. 5 closed).
extern const sf_text_t LESSON_ASSIGN_STATE_NAMES [6];

#endif
