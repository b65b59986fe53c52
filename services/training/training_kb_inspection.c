/*  training_kb_inspection: articles from inspection's events.                            */
#include "training_kb_inspection.h"
#include "training_kb_article.h"
#include "training_kb_store.h"
#include "inspection.pb-c.h"
#include "inspection_names.h"
#include "sf_event_payload.h"
#include "sf_log.h"
#include "sf_org.h"
#include "sf_outbox.h"
#include "sf_pb.h"
#include "sf_stream.h"
#include "sf_utf8.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

//  What fits in an article (the routes' limits): the body, a hazard, the hazards.
#define S_BODY_MAX 5000
#define S_REF_MAX 200
#define S_REFS_MAX 30

//  text cut to at most max characters (a copy; the caller frees).
static char *
s_cut (const char *text, size_t max)
{
    const char *at = text;
    for (size_t chars = 0; *at && chars < max; chars++) {
        at++;
        while ((*at & 0xC0) == 0x80)
            at++;
    }
    return strndup (text, (size_t) (at - text));
}

//  Appends text to the growing string *to.
static void
s_append (char **to, const char *text)
{
    size_t length = *to? strlen (*to): 0;
    *to = realloc (*to, length + strlen (text) + 1);
    strcpy (*to + length, text);
}

//  The day of ms in Beijing time (UTC+8, the plants' time), "2026-03-05".
static void
s_day (int64_t ms, char *buffer, size_t size)
{
    time_t seconds = (time_t) (ms / 1000) + 8 * 3600;
    struct tm day;
    gmtime_r (&seconds, &day);
    strftime (buffer, size, "%Y-%m-%d", &day);
}

//  Writes article (new when its id is 0, else its next version) and its event, with the
//  inspection event's actor and trace. 0 or -1.
static int
s_write (sf_db_t *db, const sf_event_t *from, Training__Article *article)
{
    if (article->id ? training_kb_store_edit (db, article): training_kb_store_create (db, article))
        return -1;
    sf_event_t event;
    training_kb_event (article, &event);
    sf_actor_copy (&event.actor, &from->actor);
    event.trace_id = strdup (from->trace_id? from->trace_id: "");
    int rc = sf_outbox_add (db, sf_stream_name (TRAINING_KB_TOPIC), &event);
    sf_event_clear (&event);
    return rc;
}

//  The unit of an event: 0 known (into node), SF_CONSUMER_LATER when the copy does not know it
//  yet, -1 on a database error.
static int
s_unit (sf_db_t *db, const char *code, sf_org_node_t *node)
{
    int known = sf_org_find (db, code, node);
    if (known < 0)
        return -1;
    return known? 0: SF_CONSUMER_LATER;
}

static int
s_violation (sf_db_t *db, const sf_event_t *event)
{
    Inspection__Violation *violation = sf_event_payload (event, &inspection__violation__descriptor,
                                                         "number,unit_code,description");
    if (!violation)
        return -1;
    char source [128];
    snprintf (source, sizeof source, "inspection.violation:%s", violation->number);
    Training__Article *article = NULL;
    sf_org_node_t unit;
    //  Made already (a duplicate of the event): nothing to do.
    int found = training_kb_store_find_source (db, source, &article);
    int rc = found < 0? -1: found? 0: s_unit (db, violation->unit_code, &unit);
    if (rc == 0 && !found) {
        const inspection_name_t *type = inspection_name_find (inspection_violation_types, violation->type);
        const char *type_zh = type? type->zh: "三违";
        char day [16], *title = NULL, *body = NULL, *text = NULL;
        s_day (violation->occurred_ms, day, sizeof day);
        if (asprintf (&title, "三违案例：%s（%s）", type_zh, violation->number) < 0
            || asprintf (&text, "%s。地点：%s。时间：%s。", violation->description,
                         *violation->location? violation->location: "未注明", day) < 0)
            abort ();
        body = s_cut (text, S_BODY_MAX);
        article = sf_pb_new (&training__article__descriptor);
        article->category = TRAINING__ARTICLE_CATEGORY__ARTICLE_VIOLATION_CASES;
        sf_pb_set (&article->title, title);
        sf_pb_set (&article->body, body);
        sf_pb_add_string (&article->tags, &article->n_tags, type_zh);
        sf_pb_add_string (&article->tags, &article->n_tags, "三违");
        sf_pb_set (&article->owner_unit, unit.code);
        sf_pb_set (&article->plant_code, unit.plant_code);
        sf_pb_set (&article->source, source);
        sf_pb_set (&article->note, "来自隐患排查系统的三违记录");
        sf_pb_set (&article->edited_by, event->actor.user_id);
        sf_pb_set (&article->created_by, event->actor.user_id);
        article->edited_ms = article->created_ms = event->occurred_ms;
        rc = s_write (db, event, article);
        free (title);
        free (text);
        free (body);
    }
    sf_pb_destroy (&article);
    sf_pb_destroy (&violation);
    return rc;
}

//  The body of a hazard list: one sentence per item, as many as fit.
static char *
s_list_body (const Inspection__HazardList *list)
{
    char *body = NULL;
    size_t chars = 0;
    for (size_t i = 0; i < list->n_items; i++) {
        const Inspection__HazardItem *item = list->items [i];
        char *line = NULL;
        const char *grade = item->risk && *item->risk->grade_zh? item->risk->grade_zh: "未评价";
        if (asprintf (&line, "%s%zu. 危险源：%s；事故类型：%s；控制措施：%s；风险：%s。", i? " ": "", i + 1, item->hazard,
                      *item->accident_type_zh? item->accident_type_zh: item->accident_type, item->measures, grade) < 0)
            abort ();
        size_t line_chars = sf_utf8_chars (line, strlen (line));
        if (chars + line_chars > S_BODY_MAX) {
            free (line);
            break;
        }
        s_append (&body, line);
        chars += line_chars;
        free (line);
    }
    return body? body: strdup ("");
}

static int
s_hazard_list (sf_db_t *db, const sf_event_t *event)
{
    Inspection__HazardList *list = sf_event_payload (event, &inspection__hazard_list__descriptor, "unit_code");
    if (!list)
        return -1;
    if (list->n_items == 0) {
        sf_warn ("event %s: the hazard list of %s for %d carries no items: no article made of it", event->event_id,
                 list->unit_code, list->year);
        sf_pb_destroy (&list);
        return 0;
    }
    char source [128], note [64];
    snprintf (source, sizeof source, "inspection.hazard_list:%s/%d", list->unit_code, list->year);
    snprintf (note, sizeof note, "清单第%d版", list->version);
    Training__Article *current = NULL;
    sf_org_node_t unit;
    int found = training_kb_store_find_source (db, source, &current);
    int rc = found < 0? -1: s_unit (db, list->unit_code, &unit);
    //  An import no newer than what the article holds (a list's events in another order) is
    //  not written over it.
    int applied = 0;
    bool stale = found == 1 && sscanf (current->note, "清单第%d版", &applied) == 1 && applied >= list->version;
    if (rc == 0 && !stale) {
        Training__Article *article = sf_pb_new (&training__article__descriptor);
        char *title = NULL;
        if (asprintf (&title, "%s危险源辨识与防范措施（%d年）", unit.name_zh, list->year) < 0)
            abort ();
        article->id = current? current->id: 0;
        article->version = current? current->version + 1: 1;
        article->category = TRAINING__ARTICLE_CATEGORY__ARTICLE_TEAM_HAZARDS;
        article->title = s_cut (title, 200);
        article->body = s_list_body (list);
        for (size_t i = 0; i < list->n_items && article->n_hazards < S_REFS_MAX; i++) {
            char *hazard = s_cut (list->items [i]->hazard, S_REF_MAX);
            if (*hazard)
                sf_pb_add_string (&article->hazards, &article->n_hazards, hazard);
            free (hazard);
        }
        sf_pb_add_string (&article->tags, &article->n_tags, "危险源辨识");
        sf_pb_set (&article->owner_unit, unit.code);
        sf_pb_set (&article->plant_code, unit.plant_code);
        sf_pb_set (&article->source, source);
        sf_pb_set (&article->note, note);
        sf_pb_set (&article->edited_by, event->actor.user_id);
        article->edited_ms = event->occurred_ms;
        sf_pb_set (&article->created_by, current? current->created_by: event->actor.user_id);
        article->created_ms = current? current->created_ms: event->occurred_ms;
        rc = s_write (db, event, article);
        free (title);
        sf_pb_destroy (&article);
    }
    sf_pb_destroy (&current);
    sf_pb_destroy (&list);
    return rc;
}

int
training_kb_inspection_apply (sf_db_t *db, const sf_event_t *event, void *arg)
{
    (void) arg;
    if (strcmp (event->type, "inspection.violation_recorded") == 0)
        return s_violation (db, event);
    if (strcmp (event->type, "inspection.hazard_list_imported") == 0)
        return s_hazard_list (db, event);
    return 0;
}
