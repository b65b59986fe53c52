/*  training_kb_article: what every writer of articles shares (the routes, and the consumer
    of inspection's events): who may write, and the event an article's version makes.      */
#ifndef TRAINING_KB_ARTICLE_H_INCLUDED
#define TRAINING_KB_ARTICLE_H_INCLUDED

#include "sf_envelope.h"
#include "training_kb.pb-c.h"

//  The topic of the stream articles' events go to (sf_stream_name).
#define TRAINING_KB_TOPIC "training"

//  The roles that write articles, on a grant covering the owner unit (README_kb.md).
#define TRAINING_KB_WRITERS "admin,ehs,plant_safety_manager,safety_officer,service"

//  Fills event (cleared by the caller with sf_event_clear) with article's version:
//  training.article_created for version 1, training.article_edited after; aggregate
//  "article", its id and version; the plant the article lies in; the Article as payload.
void training_kb_event (const Training__Article *article, sf_event_t *event);

#endif
