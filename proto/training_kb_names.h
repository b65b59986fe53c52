/*  training_kb_names: the words for training_kb.proto's ten categories that people read, in
    English (the codes the command line and the exams' Question.category take) and Chinese,
    for the daemon's messages and for every client.                                         */
#ifndef TRAINING_KB_NAMES_H_INCLUDED
#define TRAINING_KB_NAMES_H_INCLUDED

#include "training_kb.pb-c.h"

//  "occupational_health", "职业健康防护与保健", ...; "?" for a value the enum does not name.
const char *training_kb_category_code (int category);
const char *training_kb_category_name_zh (int category);
//  "occupational health protection", ...: the English words, for prose.
const char *training_kb_category_name_en (int category);

//  A category by its code, its Chinese name or its number ("1".."10"); unspecified (0) when it
//  names none.
Training__ArticleCategory training_kb_category_parse (const char *text);

#endif
