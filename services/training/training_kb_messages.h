/*  training_kb_messages: every text the knowledge base shows a person, in Simplified Chinese
    and English. Both formats of a text take the same arguments in the same order (named in
    the comment beside each).                                                               */
#ifndef TRAINING_KB_MESSAGES_H_INCLUDED
#define TRAINING_KB_MESSAGES_H_INCLUDED

#include "sf_status.h"

//  (int category)
extern const sf_text_t TRAINING_KB_MSG_BAD_CATEGORY;
//  (const char *field_zh, const char *field_en, int limit, int length)
extern const sf_text_t TRAINING_KB_MSG_TOO_LONG;
//  (const char *field_zh, const char *field_en, int limit)
extern const sf_text_t TRAINING_KB_MSG_TOO_MANY;
//  (const char *field_zh, const char *field_en)
extern const sf_text_t TRAINING_KB_MSG_BLANK_ITEM;
//  (const char *code)
extern const sf_text_t TRAINING_KB_MSG_UNIT_UNKNOWN;
//  (const char *code)
extern const sf_text_t TRAINING_KB_MSG_UNIT_INACTIVE;
//  (const char *code)
extern const sf_text_t TRAINING_KB_MSG_NOT_A_POST;
//  (const char *post, const char *post_plant, const char *owner_plant)
extern const sf_text_t TRAINING_KB_MSG_POST_OTHER_PLANT;
//  (long long id)
extern const sf_text_t TRAINING_KB_MSG_NOT_FOUND;
//  (long long id, int version)
extern const sf_text_t TRAINING_KB_MSG_VERSION_NOT_FOUND;
//  ()
extern const sf_text_t TRAINING_KB_MSG_NO_ID;
//  (long long id, int base_version, int version)
extern const sf_text_t TRAINING_KB_MSG_STALE;
//  ()
extern const sf_text_t TRAINING_KB_MSG_QUERY_EMPTY;
//  (const char *query)
extern const sf_text_t TRAINING_KB_MSG_QUERY_SHORT;
//  (int limit)
extern const sf_text_t TRAINING_KB_MSG_BAD_LIMIT;

#endif
