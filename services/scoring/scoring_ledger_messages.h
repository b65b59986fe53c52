/*  scoring_ledger_messages: every text the ledger area (entries, adjustments, appeals) shows
    a person, in Simplified Chinese and English. Both printf formats of a text take the same
    arguments in the same order (named in the comment beside each).                        */
#ifndef SCORING_LEDGER_MESSAGES_H_INCLUDED
#define SCORING_LEDGER_MESSAGES_H_INCLUDED

#include "sf_status.h"

//  (long long id)
extern const sf_text_t SCORING_LEDGER_MSG_ENTRY_UNKNOWN;
//  (const char *code)
extern const sf_text_t SCORING_LEDGER_MSG_SUBJECT_UNKNOWN;
//  ()
extern const sf_text_t SCORING_LEDGER_MSG_PLANT_NEEDED;
//  (const char *month)
extern const sf_text_t SCORING_LEDGER_MSG_MONTH;
//  (const char *code, const char *plant)
extern const sf_text_t SCORING_LEDGER_MSG_SUBJECT_PLANT;
//  (const char *code, const char *kind_zh, const char *kind_en)
extern const sf_text_t SCORING_LEDGER_MSG_SUBJECT_KIND;
//  (long long max)
extern const sf_text_t SCORING_LEDGER_MSG_POINTS;
//  (int max_chars)
extern const sf_text_t SCORING_LEDGER_MSG_REASON_LENGTH;
//  (long long id)
extern const sf_text_t SCORING_LEDGER_MSG_REF_UNKNOWN;
//  (long long id)
extern const sf_text_t SCORING_APPEAL_MSG_UNKNOWN;
//  (long long entry id)
extern const sf_text_t SCORING_APPEAL_MSG_NOT_YOURS;
//  (long long entry id, const char *origin_zh, const char *origin_en: with its article, "a reversal")
extern const sf_text_t SCORING_APPEAL_MSG_ORIGIN;
//  (long long entry id)
extern const sf_text_t SCORING_APPEAL_MSG_REVERSED;
//  (long long entry id, long long appeal id)
extern const sf_text_t SCORING_APPEAL_MSG_OPEN;
//  (long long id, const char *status_zh, const char *status_en)
extern const sf_text_t SCORING_APPEAL_MSG_DECIDED;
//  (long long id)
extern const sf_text_t SCORING_APPEAL_MSG_OWN;
//  (int status)
extern const sf_text_t SCORING_APPEAL_MSG_STATUS;

//  The reversal's reason (const char *note).
extern const sf_text_t SCORING_APPEAL_REVERSAL_REASON;

#endif
