/*  scoring_month_messages: every text the months area (months, reports, exports) shows a
    person, in Simplified Chinese and English. Both formats of a text take the same arguments
    in the same order (named in the comment beside each).                                   */
#ifndef SCORING_MONTH_MESSAGES_H_INCLUDED
#define SCORING_MONTH_MESSAGES_H_INCLUDED

#include "sf_status.h"

//  (const char *month)
extern const sf_text_t SCORING_MONTH_MSG_BAD_MONTH;
//  (const char *month, const char *zone)
extern const sf_text_t SCORING_MONTH_MSG_NOT_ENDED;
//  (const char *plant, const char *month)
extern const sf_text_t SCORING_MONTH_MSG_CLOSED;
//  (const char *plant, const char *month)
extern const sf_text_t SCORING_MONTH_MSG_NOT_CLOSED;
//  (const char *zone)
extern const sf_text_t SCORING_MONTH_MSG_BAD_ZONE;
//  (const char *plant)
extern const sf_text_t SCORING_MONTH_MSG_ZONE_FROZEN;
//  (const char *code)
extern const sf_text_t SCORING_MONTH_MSG_NOT_PLANT;
//  (const char *subject)
extern const sf_text_t SCORING_MONTH_MSG_BAD_SUBJECT;
//  (int top, int trend_months, int max)
extern const sf_text_t SCORING_MONTH_MSG_BAD_REPORT;
//  ()
extern const sf_text_t SCORING_MONTH_MSG_BAD_FORMAT;
//  (const char *language)
extern const sf_text_t SCORING_MONTH_MSG_BAD_LANGUAGE;
//  (long long bytes, long long max_bytes)
extern const sf_text_t SCORING_MONTH_MSG_TOO_LARGE;
//  ()
extern const sf_text_t SCORING_MONTH_MSG_EXPORT_FAILED;

#endif
