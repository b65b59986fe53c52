/*  training_drill_messages: every text the drill area shows a person, in Simplified Chinese
    and English. Both printf formats of a text take the same arguments in the same order
    (named in the comment beside each).                                                    */
#ifndef TRAINING_DRILL_MESSAGES_H_INCLUDED
#define TRAINING_DRILL_MESSAGES_H_INCLUDED

#include "sf_status.h"

//  (const char *code)
extern const sf_text_t DRILL_MSG_UNIT_UNKNOWN;
//  (const char *code)
extern const sf_text_t DRILL_MSG_KIND_UNKNOWN;
//  (const char *field_zh, const char *field_en)
extern const sf_text_t DRILL_MSG_MISSING;
//  (const char *field_zh, const char *field_en, int max_chars)
extern const sf_text_t DRILL_MSG_TOO_LONG;
//  (const char *field_zh, const char *field_en)
extern const sf_text_t DRILL_MSG_NO_DATE;
//  ()
extern const sf_text_t DRILL_MSG_IN_FUTURE;
//  (const char *code)
extern const sf_text_t DRILL_MSG_PERSON_UNKNOWN;
//  (const char *code)
extern const sf_text_t DRILL_MSG_PERSON_LEFT;
//  (const char *employee, const char *unit)
extern const sf_text_t DRILL_MSG_PERSON_OUTSIDE;
//  (int max)
extern const sf_text_t DRILL_MSG_PARTICIPANTS_COUNT;
//  (long long id)
extern const sf_text_t DRILL_MSG_UNKNOWN;
//  (long long id, const char *state_zh, const char *action_zh, const char *state_en, const char *action_en)
extern const sf_text_t DRILL_MSG_TRANSITION;
//  (int minutes, int max)
extern const sf_text_t DRILL_MSG_DURATION;
//  (int score)
extern const sf_text_t DRILL_MSG_SCORE;
//  (int grade)
extern const sf_text_t DRILL_MSG_GRADE;
//  ()
extern const sf_text_t DRILL_MSG_NO_RESULT;
//  (int max)
extern const sf_text_t DRILL_MSG_FINDINGS_COUNT;
//  (int number, int severity)
extern const sf_text_t DRILL_MSG_FINDING_SEVERITY;
//  (int number, const char *unit)
extern const sf_text_t DRILL_MSG_FINDING_UNIT;
//  (int number, const char *unit)
extern const sf_text_t DRILL_MSG_FINDING_UNIT_KIND;
//  (int number, const char *unit, const char *plant)
extern const sf_text_t DRILL_MSG_FINDING_UNIT_OUTSIDE;
//  (const char *field_zh, const char *field_en, const char *value)
extern const sf_text_t DRILL_MSG_BAD_CODE;
//  (const char *code)
extern const sf_text_t DRILL_MSG_CAMPAIGN_EXISTS;
//  (const char *code)
extern const sf_text_t DRILL_MSG_CAMPAIGN_UNKNOWN;
//  (int max_days)
extern const sf_text_t DRILL_MSG_CAMPAIGN_PERIOD;
//  (int max)
extern const sf_text_t DRILL_MSG_CAMPAIGN_UNITS;
//  (const char *unit, const char *owner)
extern const sf_text_t DRILL_MSG_CAMPAIGN_UNIT_OUTSIDE;
//  (long long id)
extern const sf_text_t DRILL_MSG_SESSION_UNKNOWN;
//  (long long id, const char *code)
extern const sf_text_t DRILL_MSG_SESSION_OUTSIDE_PERIOD;
//  (long long id, const char *unit, const char *code)
extern const sf_text_t DRILL_MSG_SESSION_OUTSIDE_UNITS;

//  The names of the states (training.DrillState), index by value; 0 is "-".
extern const sf_text_t DRILL_STATE_NAMES [5];

#endif
