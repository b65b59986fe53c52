/*  training_kb_store: the SQL of the knowledge base: articles and their versions, the posts
    they link, the search index (migration 002: kb_posting, kb_term_df, kb_index) and the
    search itself. Every write runs inside the caller's transaction.                        */
#ifndef TRAINING_KB_STORE_H_INCLUDED
#define TRAINING_KB_STORE_H_INCLUDED

#include "sf_db.h"
#include "sf_scope.h"
#include "training_kb.pb-c.h"

#include <stdbool.h>
#include <stdint.h>

//  The plants whose articles a reader sees, besides those of units in no plant, which
//  everyone sees (README_kb.md, "Who may do what").
typedef struct {
    bool all;                    //  the service, or a grant above every plant of the copy
    char **plants;               //  the plants of the actor's grants, and those below a grant above the plants
    size_t plant_count;
} training_kb_reach_t;

//  What a list or a search keeps, beside the reach.
typedef struct {
    int category;                //  0: every category
    const char *post_code;       //  "": any
    const char *owner_unit;      //  "": any; else that unit and the units below it
} training_kb_filter_t;

//  The plants scope reaches (its grants' plants; for a grant above the plants, every plant
//  below its node; the service: all). 0, or -1 on a database error. Clear with
//  training_kb_reach_clear.
int training_kb_reach (sf_db_t *db, const sf_scope_t *scope, training_kb_reach_t *reach);
void training_kb_reach_clear (training_kb_reach_t *reach);

//  Writes article as version 1 (its id set here) with its posts, and indexes it. created_*
//  and edited_* must be set. 0, or -1 on a database error.
int training_kb_store_create (sf_db_t *db, Training__Article *article);

//  Writes article's content as its new version (article->version, one more than the stored
//  one, which the caller locked with training_kb_store_find), keeping the versions before,
//  and indexes it again. 0, or -1.
int training_kb_store_edit (sf_db_t *db, const Training__Article *article);

//  The article id at version (0: the current one), FOR UPDATE when lock (the article's row).
//  1 found (*article the caller's, sf_pb_destroy), 0 no such article or version, -1 on error.
int training_kb_store_find (sf_db_t *db, int64_t id, int32_t version, bool lock, Training__Article **article);

//  The article that came from source (Article.source), current version, locked. 1, 0, -1.
int training_kb_store_find_source (sf_db_t *db, const char *source, Training__Article **article);

//  The owner unit and plant of article id into owner and plant (size bytes each). 1, 0, -1.
int training_kb_store_units (sf_db_t *db, int64_t id, char *owner, char *plant, size_t size);

//  At most limit versions of article id older than before (0: from the newest), newest first,
//  with their bodies, appended to *articles. 0, or -1.
int training_kb_store_versions (sf_db_t *db, int64_t id, int32_t before, int limit, Training__Article ***articles,
                                size_t *count);

//  At most limit current articles reach sees that pass filter, with ids below before (0:
//  from the newest), newest first, without bodies, appended to *articles. 0, or -1.
int training_kb_store_list (sf_db_t *db, const training_kb_reach_t *reach, const training_kb_filter_t *filter,
                            int64_t before, int limit, Training__Article ***articles, size_t *count);

//  The query with the synonyms of its phrases (kb_expand) into *expanded (the caller frees),
//  and its terms as the index makes them (kb_terms), distinct, into *terms (count into
//  *term_count; free each and the array). 0, or -1.
int training_kb_store_terms (sf_db_t *db, const char *query, char **expanded, char ***terms, size_t *term_count);

//  The best limit articles for terms (and the words and phrases of query, expanded, for the bonus)
//  that reach sees and filter keeps, best first: hits without bodies, their scores, and each
//  hit's body in *bodies (the caller frees each and the array). 0, or -1.
int training_kb_store_search (sf_db_t *db, const char *query, char *const *terms, size_t term_count,
                              const training_kb_reach_t *reach, const training_kb_filter_t *filter, int limit,
                              Training__ArticleSearchResult *result, char ***bodies);

#endif
