/*  rectification_messages: every text the rectification service shows a person, in
    Simplified Chinese and English. Both printf formats of a text take the same arguments in
    the same order (named in the comment beside each).                                      */
#ifndef RECTIFICATION_MESSAGES_H_INCLUDED
#define RECTIFICATION_MESSAGES_H_INCLUDED

#include "sf_status.h"

//  ()
extern const sf_text_t RECT_MSG_NO_FORM;
//  (const char *number_or_id)
extern const sf_text_t RECT_MSG_FORM_NOT_FOUND;
//  (const char *number, const char *status_zh, const char *status_en, const char *move_zh, const char *move_en)
extern const sf_text_t RECT_MSG_ILLEGAL;
//  (const char *move_zh, const char *move_en)
extern const sf_text_t RECT_MSG_NO_ACTOR_UNIT;
//  (const char *actor_unit, const char *responsible_unit, const char *move_zh, const char *move_en)
extern const sf_text_t RECT_MSG_NOT_RESPONSIBLE_SIDE;
//  (const char *actor_unit, const char *responsible_unit, const char *move_zh, const char *move_en)
extern const sf_text_t RECT_MSG_NOT_RECTIFIER;
//  (const char *actor_unit, const char *issuer_unit, const char *responsible_unit, const char *move_zh, const char *move_en)
extern const sf_text_t RECT_MSG_NOT_ISSUING_SIDE;
//  (const char *user)
extern const sf_text_t RECT_MSG_SELF_VERIFY;
//  (const char *code)
extern const sf_text_t RECT_MSG_UNIT_UNKNOWN;
//  (const char *code)
extern const sf_text_t RECT_MSG_UNIT_INACTIVE;
//  (const char *field_zh, const char *field_en)
extern const sf_text_t RECT_MSG_MISSING;
//  (const char *field_zh, const char *field_en, int max_chars, int chars)
extern const sf_text_t RECT_MSG_TOO_LONG;
//  (const char *field_zh, const char *field_en, int max_count)
extern const sf_text_t RECT_MSG_TOO_MANY;
//  (int severity)
extern const sf_text_t RECT_MSG_BAD_SEVERITY;
//  (const char *deadline, const char *now)
extern const sf_text_t RECT_MSG_DEADLINE_PAST;
//  (const char *number, const char *missing_zh, const char *missing_en)
extern const sf_text_t RECT_MSG_PLAN_INCOMPLETE;
//  (const char *time_limit, const char *deadline)
extern const sf_text_t RECT_MSG_PLAN_AFTER_DEADLINE;
//  (const char *field_zh, const char *field_en)
extern const sf_text_t RECT_MSG_BAD_AMOUNT;
//  (const char *issuer_unit, const char *actor_unit)
extern const sf_text_t RECT_MSG_ISSUER_NOT_YOURS;
//  (const char *actor_unit, const char *move_zh, const char *move_en, const char *roles)
extern const sf_text_t RECT_MSG_NO_ROLE_AT_UNIT;
//  (const char *responsible_unit, const char *actor_unit)
extern const sf_text_t RECT_MSG_OUT_OF_REACH;
//  ()
extern const sf_text_t RECT_MSG_BAD_PERIOD;
//  (const char *status)
extern const sf_text_t RECT_MSG_BAD_STATUS;

#endif
