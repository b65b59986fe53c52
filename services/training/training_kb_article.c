/*  training_kb_article: the event of an article's version.                              */
#include "training_kb_article.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
training_kb_event (const Training__Article *article, sf_event_t *event)
{
    char id [24];
    snprintf (id, sizeof id, "%lld", (long long) article->id);
    memset (event, 0, sizeof *event);
    event->type = strdup (article->version == 1? "training.article_created": "training.article_edited");
    event->aggregate_type = strdup ("article");
    event->aggregate_id = strdup (id);
    event->aggregate_version = article->version;
    event->plant = strdup (article->plant_code);
    sf_event_set_payload (event, &article->base);
}
