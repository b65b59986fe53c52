/*  training_kb_routes: the knowledge base's requests (training_kb.proto) and this area's
    part of the route table (training_routes.h). The rpc server has unpacked and checked each
    request (text, required fields) and the actor's reach before it gets here; writes run in
    the transaction it opened, and a refused one leaves nothing behind.
    Who may do what (README_kb.md): articles are written by admin, ehs, plant_safety_manager
    and safety_officer on a grant covering the owner unit; an article of a unit in no plant
    (the company, its offices) is read by everyone, one of a plant's unit by everyone whose
    grants reach that plant.                                                                */
#include "training_text.h"
#include "training_routes.h"
#include "training_kb_article.h"
#include "training_kb_messages.h"
#include "training_kb_snippet.h"
#include "training_kb_store.h"
#include "sf_clock.h"
#include "sf_org.h"
#include "sf_page.h"
#include "sf_pb.h"
#include "sf_scope.h"
#include "sf_stream.h"
#include "sf_utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  Limits of an article's content, in characters (a Chinese character counts one).
#define S_TITLE_MAX 200
#define S_BODY_MAX 5000
#define S_TAGS_MAX 20
#define S_TAG_MAX 32
#define S_POSTS_MAX 50
#define S_REFS_MAX 30
#define S_REF_MAX 200
//  Search hits: the default and the most a request may ask for; the snippet's length.
#define S_HITS_DEFAULT 10
#define S_HITS_MAX 50
#define S_SNIPPET_CHARS 80

//  --------------------------------------------------------------------------------------
//  Checks of an article's content

static int
s_check_text (sf_call_t *call, const char *text, int max, const char *field_zh, const char *field_en)
{
    int chars = (int) sf_utf8_chars (text, strlen (text));
    if (chars <= max)
        return 0;
    sf_call_fail (call, SF_INVALID_ARGUMENT, &TRAINING_KB_MSG_TOO_LONG, field_zh, field_en, max, chars);
    return -1;
}

static int
s_check_list (sf_call_t *call, char *const *items, size_t count, int max_items, int max_chars,
              const char *field_zh, const char *field_en)
{
    if (count > (size_t) max_items) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &TRAINING_KB_MSG_TOO_MANY, field_zh, field_en, max_items);
        return -1;
    }
    for (size_t i = 0; i < count; i++) {
        if (sf_utf8_blank (items [i])) {
            sf_call_fail (call, SF_INVALID_ARGUMENT, &TRAINING_KB_MSG_BLANK_ITEM, field_zh, field_en);
            return -1;
        }
        if (s_check_text (call, items [i], max_chars, field_zh, field_en))
            return -1;
    }
    return 0;
}

static int
s_check_category (sf_call_t *call, int category, bool unspecified_allowed)
{
    if ((category == 0 && unspecified_allowed)
        || (category != 0 && protobuf_c_enum_descriptor_get_value (&training__article_category__descriptor, category)))
        return 0;
    sf_call_fail (call, SF_INVALID_ARGUMENT, &TRAINING_KB_MSG_BAD_CATEGORY, category);
    return -1;
}

//  Each post must be a post of the org copy, active, in the article's plant when it has one.
static int
s_check_posts (sf_call_t *call, char *const *posts, size_t count, const char *plant)
{
    for (size_t i = 0; i < count; i++) {
        sf_org_node_t node;
        int known = sf_org_find (call->db, posts [i], &node);
        if (known < 0) {
            sf_call_fail_db (call, "looking up a post");
            return -1;
        }
        if (!known) {
            sf_call_fail (call, SF_NOT_FOUND, &TRAINING_KB_MSG_UNIT_UNKNOWN, posts [i]);
            return -1;
        }
        if (node.kind != SF_ORG_POST) {
            sf_call_fail (call, SF_INVALID_ARGUMENT, &TRAINING_KB_MSG_NOT_A_POST, posts [i]);
            return -1;
        }
        if (!node.active) {
            sf_call_fail (call, SF_INVALID_ARGUMENT, &TRAINING_KB_MSG_UNIT_INACTIVE, posts [i]);
            return -1;
        }
        if (*plant && strcmp (node.plant_code, plant) != 0) {
            sf_call_fail (call, SF_INVALID_ARGUMENT, &TRAINING_KB_MSG_POST_OTHER_PLANT, posts [i], node.plant_code, plant);
            return -1;
        }
    }
    return 0;
}

//  The whole content of article, as a request gave it. 0, or -1 with the call failed.
static int
s_check_content (sf_call_t *call, const Training__Article *article)
{
    if (s_check_category (call, article->category, false)
        || s_check_text (call, article->title, S_TITLE_MAX, "标题", "the title")
        || s_check_text (call, article->body, S_BODY_MAX, "正文", "the body")
        || s_check_list (call, article->tags, article->n_tags, S_TAGS_MAX, S_TAG_MAX, "标签", "tags")
        || s_check_list (call, article->post_codes, article->n_post_codes, S_POSTS_MAX, 32, "关联岗位", "posts")
        || s_check_list (call, article->hazards, article->n_hazards, S_REFS_MAX, S_REF_MAX, "关联危险源", "hazards")
        || s_check_list (call, article->lessons, article->n_lessons, S_REFS_MAX, S_REF_MAX, "关联教训", "lessons"))
        return -1;
    return s_check_posts (call, article->post_codes, article->n_post_codes, article->plant_code);
}

//  Copies a repeated string field.
static void
s_copy_list (char ***to, size_t *to_count, char *const *from, size_t count)
{
    for (size_t i = 0; i < count; i++)
        sf_pb_add_string (to, to_count, from [i]);
}

//  Writes the event of article's version. 0, or -1 with the call failed.
static int
s_emit (sf_call_t *call, const Training__Article *article)
{
    sf_event_t event;
    training_kb_event (article, &event);
    int rc = sf_call_emit (call, sf_stream_name (TRAINING_KB_TOPIC), &event);
    sf_event_clear (&event);
    if (rc)
        sf_call_fail_db (call, "writing an event");
    return rc;
}

//  --------------------------------------------------------------------------------------
//  Where a request acts

//  The unit of the article a request names by its "id": its owner unit for a write.
static int
s_article_owner (sf_call_t *call, sf_scope_units_t *units)
{
    int64_t id = *(const int64_t *) sf_pb_member (call->message, sf_pb_field (call->message->descriptor, "id"));
    char owner [sizeof units->codes [0]], plant [sizeof units->codes [0]];
    int found = training_kb_store_units (call->db, id, owner, plant, sizeof owner);
    if (found <= 0)
        return found < 0? -1: 1;
    sf_scope_units_add (units, owner);
    return 0;
}

//  For a read: the owner unit of an article in a plant (the route reaches the plant); the
//  actor's own unit for an article of a unit in no plant, which everyone reads.
static int
s_article_readers (sf_call_t *call, sf_scope_units_t *units)
{
    int64_t id = *(const int64_t *) sf_pb_member (call->message, sf_pb_field (call->message->descriptor, "id"));
    char owner [sizeof units->codes [0]], plant [sizeof units->codes [0]];
    int found = training_kb_store_units (call->db, id, owner, plant, sizeof owner);
    if (found <= 0)
        return found < 0? -1: 1;
    if (*plant)
        sf_scope_units_add (units, owner);
    else
        sf_scope_units_add (units, call->request->actor.org_node);
    return 0;
}

//  --------------------------------------------------------------------------------------
//  Handlers

static void
s_create (sf_call_t *call)
{
    const Training__CreateArticle *create = SF_CALL_BODY (call, Training__CreateArticle);
    sf_org_node_t owner;
    int known = sf_org_find (call->db, create->owner_unit, &owner);
    if (known < 0) {
        sf_call_fail_db (call, "looking up the owner unit");
        return;
    }
    if (!known) {
        sf_call_fail (call, SF_NOT_FOUND, &TRAINING_KB_MSG_UNIT_UNKNOWN, create->owner_unit);
        return;
    }
    if (!owner.active) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &TRAINING_KB_MSG_UNIT_INACTIVE, create->owner_unit);
        return;
    }
    Training__Article *article = sf_pb_new (&training__article__descriptor);
    article->category = create->category;
    sf_pb_set (&article->title, create->title);
    sf_pb_set (&article->body, create->body);
    s_copy_list (&article->tags, &article->n_tags, create->tags, create->n_tags);
    s_copy_list (&article->post_codes, &article->n_post_codes, create->post_codes, create->n_post_codes);
    s_copy_list (&article->hazards, &article->n_hazards, create->hazards, create->n_hazards);
    s_copy_list (&article->lessons, &article->n_lessons, create->lessons, create->n_lessons);
    sf_pb_set (&article->owner_unit, owner.code);
    sf_pb_set (&article->plant_code, owner.plant_code);
    sf_pb_set (&article->note, create->note);
    const char *user = training_actor (call);
    sf_pb_set (&article->edited_by, user);
    sf_pb_set (&article->created_by, user);
    article->edited_ms = article->created_ms = sf_clock_now_ms ();
    if (s_check_content (call, article) == 0) {
        if (training_kb_store_create (call->db, article))
            sf_call_fail_db (call, "writing an article");
        else
        if (s_emit (call, article) == 0)
            sf_call_reply (call, &article->base);
    }
    sf_pb_destroy (&article);
}

static void
s_edit (sf_call_t *call)
{
    const Training__EditArticle *edit = SF_CALL_BODY (call, Training__EditArticle);
    Training__Article *article = NULL;
    int found = training_kb_store_find (call->db, edit->id, 0, true, &article);
    if (found < 0)
        sf_call_fail_db (call, "looking up an article");
    else
    if (!found)
        sf_call_fail (call, SF_NOT_FOUND, &TRAINING_KB_MSG_NOT_FOUND, (long long) edit->id);
    else
    if (edit->base_version != article->version)
        sf_call_fail (call, SF_CONFLICT, &TRAINING_KB_MSG_STALE, (long long) edit->id, edit->base_version,
                      article->version);
    else {
        //  The new version: the content as given, what never changes kept.
        Training__Article *next = sf_pb_new (&training__article__descriptor);
        next->id = article->id;
        next->version = article->version + 1;
        next->category = edit->category? edit->category: article->category;
        sf_pb_set (&next->title, edit->title);
        sf_pb_set (&next->body, edit->body);
        s_copy_list (&next->tags, &next->n_tags, edit->tags, edit->n_tags);
        s_copy_list (&next->post_codes, &next->n_post_codes, edit->post_codes, edit->n_post_codes);
        s_copy_list (&next->hazards, &next->n_hazards, edit->hazards, edit->n_hazards);
        s_copy_list (&next->lessons, &next->n_lessons, edit->lessons, edit->n_lessons);
        sf_pb_set (&next->owner_unit, article->owner_unit);
        sf_pb_set (&next->plant_code, article->plant_code);
        sf_pb_set (&next->source, article->source);
        sf_pb_set (&next->note, edit->note);
        sf_pb_set (&next->edited_by, training_actor (call));
        next->edited_ms = sf_clock_now_ms ();
        sf_pb_set (&next->created_by, article->created_by);
        next->created_ms = article->created_ms;
        if (s_check_content (call, next) == 0) {
            if (training_kb_store_edit (call->db, next))
                sf_call_fail_db (call, "writing an article's version");
            else
            if (s_emit (call, next) == 0)
                sf_call_reply (call, &next->base);
        }
        sf_pb_destroy (&next);
    }
    sf_pb_destroy (&article);
}

static void
s_get (sf_call_t *call)
{
    const Training__GetArticle *get = SF_CALL_BODY (call, Training__GetArticle);
    Training__Article *article = NULL;
    int found = get->version < 0? 0: training_kb_store_find (call->db, get->id, get->version, false, &article);
    if (found < 0)
        sf_call_fail_db (call, "reading an article");
    else
    if (found)
        sf_call_reply (call, &article->base);
    else
    if (get->version && training_kb_store_find (call->db, get->id, 0, false, &article) == 1)
        sf_call_fail (call, SF_NOT_FOUND, &TRAINING_KB_MSG_VERSION_NOT_FOUND, (long long) get->id, get->version);
    else
        sf_call_fail (call, SF_NOT_FOUND, &TRAINING_KB_MSG_NOT_FOUND, (long long) get->id);
    sf_pb_destroy (&article);
}

//  Cuts list's articles to page's size and sets its next token from the last one kept (its
//  key: the id, or the version for a list of versions).
static void
s_page_end (sf_call_t *call, const sf_page_t *page, Training__ArticleList *list, bool by_version)
{
    if (list->n_articles <= (size_t) page->size)
        return;
    while (list->n_articles > (size_t) page->size)
        sf_pb_destroy (&list->articles [--list->n_articles]);
    const Training__Article *last = list->articles [list->n_articles - 1];
    char key [24];
    snprintf (key, sizeof key, "%lld", (long long) (by_version? last->version: last->id));
    const char *keys [] = { key };
    char *token = sf_page_token (call, keys, 1);
    sf_pb_set (&list->next_page_token, token);
    free (token);
}

static void
s_versions (sf_call_t *call)
{
    const Training__ListArticleVersions *query = SF_CALL_BODY (call, Training__ListArticleVersions);
    sf_page_t page;
    if (sf_page_open (call, query->page_size, query->page_token, 1, &page))
        return;
    int64_t before = 0;
    if (page.after && sf_page_after_int (call, &page, 0, &before)) {
        sf_page_close (&page);
        return;
    }
    Training__ArticleList *list = sf_pb_new (&training__article_list__descriptor);
    if (training_kb_store_versions (call->db, query->id, (int32_t) before, page.size + 1, &list->articles,
                                    &list->n_articles))
        sf_call_fail_db (call, "reading an article's versions");
    else
    if (list->n_articles == 0 && !page.after)
        sf_call_fail (call, SF_NOT_FOUND, &TRAINING_KB_MSG_NOT_FOUND, (long long) query->id);
    else {
        s_page_end (call, &page, list, true);
        sf_call_reply (call, &list->base);
    }
    sf_pb_destroy (&list);
    sf_page_close (&page);
}

static void
s_list (sf_call_t *call)
{
    const Training__ListArticles *query = SF_CALL_BODY (call, Training__ListArticles);
    if (s_check_category (call, query->category, true))
        return;
    sf_page_t page;
    if (sf_page_open (call, query->page_size, query->page_token, 1, &page))
        return;
    int64_t before = 0;
    if (page.after && sf_page_after_int (call, &page, 0, &before)) {
        sf_page_close (&page);
        return;
    }
    training_kb_reach_t reach;
    training_kb_filter_t filter = { query->category, query->post_code, query->owner_unit };
    Training__ArticleList *list = sf_pb_new (&training__article_list__descriptor);
    if (training_kb_reach (call->db, call->scope, &reach)
        || training_kb_store_list (call->db, &reach, &filter, before, page.size + 1, &list->articles,
                                   &list->n_articles))
        sf_call_fail_db (call, "listing articles");
    else {
        s_page_end (call, &page, list, false);
        sf_call_reply (call, &list->base);
    }
    training_kb_reach_clear (&reach);
    sf_pb_destroy (&list);
    sf_page_close (&page);
}

//  True when the query gave something the index can match: a word, or a bigram of Chinese (a
//  lone ideograph matches only a lone ideograph of a text, which is rare).
static bool
s_searchable (char *const *terms, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (sf_utf8_chars (terms [i], strlen (terms [i])) > 1 || (unsigned char) terms [i][0] < 0x80)
            return true;
    return false;
}

static void
s_search (sf_call_t *call)
{
    const Training__SearchArticles *search = SF_CALL_BODY (call, Training__SearchArticles);
    if (s_check_category (call, search->category, true))
        return;
    if (search->limit < 0 || search->limit > S_HITS_MAX) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &TRAINING_KB_MSG_BAD_LIMIT, search->limit);
        return;
    }
    Training__ArticleSearchResult *result = sf_pb_new (&training__article_search_result__descriptor);
    training_kb_reach_t reach = { 0 };
    char **bodies = NULL;
    char *expanded = NULL;
    if (training_kb_store_terms (call->db, search->query, &expanded, &result->terms, &result->n_terms)) {
        sf_call_fail_db (call, "reading the query's terms");
        goto done;
    }
    if (result->n_terms == 0) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &TRAINING_KB_MSG_QUERY_EMPTY);
        goto done;
    }
    if (!s_searchable (result->terms, result->n_terms)) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &TRAINING_KB_MSG_QUERY_SHORT, search->query);
        goto done;
    }
    training_kb_filter_t filter = { search->category, search->post_code, "" };
    if (training_kb_reach (call->db, call->scope, &reach)
        || training_kb_store_search (call->db, expanded, result->terms, result->n_terms, &reach, &filter,
                                     search->limit? search->limit: S_HITS_DEFAULT, result, &bodies)) {
        sf_call_fail_db (call, "searching articles");
        goto done;
    }
    for (size_t i = 0; i < result->n_hits; i++) {
        Training__ArticleHit *hit = result->hits [i];
        hit->title_marked = training_kb_mark (hit->article->title, result->terms, result->n_terms, 0);
        hit->snippet = training_kb_mark (bodies [i], result->terms, result->n_terms, S_SNIPPET_CHARS);
    }
    sf_call_reply (call, &result->base);
done:
    for (size_t i = 0; bodies && i < result->n_hits; i++)
        free (bodies [i]);
    free (bodies);
    free (expanded);
    training_kb_reach_clear (&reach);
    sf_pb_destroy (&result);
}

//  Writes lock the article's row (an edit) and the rows of kb_term_df of their terms, in term
//  order (kb_index): commands grouped in one transaction would hold the terms of one while
//  waiting for another's, so writes run alone. Reads of an article reach the plant of its
//  owner unit; lists and searches name no unit and filter by the actor's reach themselves.
const sf_route_t training_kb_routes [] = {
    { .request = &training__create_article__descriptor, .reply = &training__article__descriptor,
      .handler = s_create, .writes = true, .alone = true, .roles = TRAINING_KB_WRITERS,
      .required = "title,body,owner_unit", .scope = "owner_unit" },
    { .request = &training__edit_article__descriptor, .reply = &training__article__descriptor,
      .handler = s_edit, .writes = true, .alone = true, .roles = TRAINING_KB_WRITERS,
      .required = "title,body", .scope_of = s_article_owner },
    { .request = &training__get_article__descriptor, .reply = &training__article__descriptor,
      .handler = s_get, .scope_of = s_article_readers, .reach = SF_REACH_PLANT, .lookup = true },
    { .request = &training__list_article_versions__descriptor, .reply = &training__article_list__descriptor,
      .handler = s_versions, .scope_of = s_article_readers, .reach = SF_REACH_PLANT },
    { .request = &training__list_articles__descriptor, .reply = &training__article_list__descriptor,
      .handler = s_list },
    { .request = &training__search_articles__descriptor, .reply = &training__article_search_result__descriptor,
      .handler = s_search, .required = "query" },
    { 0 }
};
