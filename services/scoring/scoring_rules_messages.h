/*  scoring_rules_messages: every text the rules area shows a person, in Simplified Chinese
    and English; each takes one string (named beside it).                                  */
#ifndef SCORING_RULES_MESSAGES_H_INCLUDED
#define SCORING_RULES_MESSAGES_H_INCLUDED

#include "sf_status.h"

//  (const char *kind)
extern const sf_text_t SCORING_RULES_MSG_KIND_UNKNOWN;
//  (const char *kind)
extern const sf_text_t SCORING_RULES_MSG_KIND_TWICE;
//  (const char *kind)
extern const sf_text_t SCORING_RULES_MSG_MONTH_CAP;
//  (const char *kind)
extern const sf_text_t SCORING_RULES_MSG_MONTH_FLOOR;
//  (const char *kind)
extern const sf_text_t SCORING_RULES_MSG_ITEM_CAP;
//  (const char *level)
extern const sf_text_t SCORING_RULES_MSG_FACTOR;
//  (const char *unit_kind)
extern const sf_text_t SCORING_RULES_MSG_UNIT_KIND;
//  (const char *role)
extern const sf_text_t SCORING_RULES_MSG_ROLE;
//  (const char *levels, e.g. "1,3")
extern const sf_text_t SCORING_RULES_MSG_LEVELS;
//  (const char *subject)
extern const sf_text_t SCORING_RULES_MSG_TIER_SUBJECT;
//  (const char *code)
extern const sf_text_t SCORING_RULES_MSG_TIER_CODE;
//  (const char *subject:code)
extern const sf_text_t SCORING_RULES_MSG_TIER_CODE_TWICE;
//  (const char *subject:min_points)
extern const sf_text_t SCORING_RULES_MSG_TIER_MIN_TWICE;
//  (const char *subject:code)
extern const sf_text_t SCORING_RULES_MSG_TIER_NAME;
//  (const char *version)
extern const sf_text_t SCORING_RULES_MSG_VERSION_UNKNOWN;

#endif
