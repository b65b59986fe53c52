/*  scoring_letter_messages: every text the letter area shows a person, in Simplified Chinese
    and English. Both printf formats of a text take the same arguments in the same order
    (named in the comment beside each).                                                    */
#ifndef SCORING_LETTER_MESSAGES_H_INCLUDED
#define SCORING_LETTER_MESSAGES_H_INCLUDED

#include "sf_status.h"

//  (int year, int min, int max)
extern const sf_text_t SCORING_LETTER_MSG_YEAR;
//  (int level)
extern const sf_text_t SCORING_LETTER_MSG_LEVEL;
//  (int status)
extern const sf_text_t SCORING_LETTER_MSG_STATUS;
//  (int side)
extern const sf_text_t SCORING_LETTER_MSG_SIDE;
//  (int position, const char *code)
extern const sf_text_t SCORING_LETTER_MSG_TARGET_CODE;
//  (const char *code)
extern const sf_text_t SCORING_LETTER_MSG_TARGET_TWICE;
//  (int position)
extern const sf_text_t SCORING_LETTER_MSG_TARGET_TEXT;
//  (int year, int level)
extern const sf_text_t SCORING_LETTER_MSG_TEMPLATE_UNKNOWN;
//  (int year, int level)
extern const sf_text_t SCORING_LETTER_MSG_NO_TEMPLATE;
//  (int year)
extern const sf_text_t SCORING_LETTER_MSG_NO_TEMPLATES;
//  (const char *code)
extern const sf_text_t SCORING_LETTER_MSG_PLANT_UNKNOWN;
//  (const char *code)
extern const sf_text_t SCORING_LETTER_MSG_NOT_PLANT;
//  ()
extern const sf_text_t SCORING_LETTER_MSG_WHICH;
//  (const char *id_or_number)
extern const sf_text_t SCORING_LETTER_MSG_UNKNOWN;
//  (const char *number)
extern const sf_text_t SCORING_LETTER_MSG_VOIDED;
//  (const char *number, const char *by)
extern const sf_text_t SCORING_LETTER_MSG_SIGNED_A_ALREADY;
//  (const char *number, const char *by)
extern const sf_text_t SCORING_LETTER_MSG_SIGNED_B_ALREADY;
//  (const char *number, const char *party, const char *roles)
extern const sf_text_t SCORING_LETTER_MSG_SIGN_A;
//  (const char *number, const char *party, const char *roles)
extern const sf_text_t SCORING_LETTER_MSG_SIGN_B_UNIT;
//  (const char *number, const char *employee, const char *unused)
extern const sf_text_t SCORING_LETTER_MSG_SIGN_B_PERSON;

#endif
