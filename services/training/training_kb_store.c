/*  training_kb_store: the SQL of the knowledge base.                                      */
#include "training_kb_store.h"
#include "sf_org.h"
#include "sf_pb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  Text arrays are written as array literals (sf_db_array_literal) and read back joined by
//  the unit separator: a control character, which no stored text holds (the rpc server and
//  the consumer refuse them), and no item is empty (the handlers refuse a blank one).
#define S_SEP "\x1f"

//  An article's columns, a the current row; BODY the body's expression ("a.body" or "''").
#define S_COLUMNS(body) \
    "a.id, a.version, a.category, a.title, " body ", array_to_string (a.tags, E'\\x1f')," \
    " array_to_string (a.post_codes, E'\\x1f'), array_to_string (a.hazards, E'\\x1f')," \
    " array_to_string (a.lessons, E'\\x1f'), a.owner_unit, a.plant_code, a.source, a.note, a.edited_by," \
    " a.edited_ms, a.created_by, a.created_ms"
#define S_COLUMN_COUNT 17

//  The postings each query term brings at most (those of highest weight): bounds the work of
//  a query whose terms are in most articles (README_kb.md, "Search"); and the candidates of
//  best score that the phrase bonus reorders.
#define S_CANDIDATES_PER_TERM "1000"
#define S_RERANKED "100"

//  Splits text joined by S_SEP into a repeated string field.
static void
s_split (const char *text, char ***items, size_t *count)
{
    if (!*text)
        return;
    char *copy = strdup (text);
    char *rest = copy;
    for (char *item = strsep (&rest, S_SEP); item; item = strsep (&rest, S_SEP))
        sf_pb_add_string (items, count, item);
    free (copy);
}

static Training__Article *
s_article (sf_rows_t *rows, int r)
{
    Training__Article *article = sf_pb_new (&training__article__descriptor);
    int c = 0;
    article->id = sf_rows_int (rows, r, c++);
    article->version = (int32_t) sf_rows_int (rows, r, c++);
    article->category = (Training__ArticleCategory) sf_rows_int (rows, r, c++);
    sf_pb_set (&article->title, sf_rows_text (rows, r, c++));
    sf_pb_set (&article->body, sf_rows_text (rows, r, c++));
    s_split (sf_rows_text (rows, r, c++), &article->tags, &article->n_tags);
    s_split (sf_rows_text (rows, r, c++), &article->post_codes, &article->n_post_codes);
    s_split (sf_rows_text (rows, r, c++), &article->hazards, &article->n_hazards);
    s_split (sf_rows_text (rows, r, c++), &article->lessons, &article->n_lessons);
    sf_pb_set (&article->owner_unit, sf_rows_text (rows, r, c++));
    sf_pb_set (&article->plant_code, sf_rows_text (rows, r, c++));
    sf_pb_set (&article->source, sf_rows_text (rows, r, c++));
    sf_pb_set (&article->note, sf_rows_text (rows, r, c++));
    sf_pb_set (&article->edited_by, sf_rows_text (rows, r, c++));
    article->edited_ms = sf_rows_int (rows, r, c++);
    sf_pb_set (&article->created_by, sf_rows_text (rows, r, c++));
    article->created_ms = sf_rows_int (rows, r, c++);
    return article;
}

//  Appends every row of rows as an article.
static void
s_append (sf_rows_t *rows, Training__Article ***articles, size_t *count)
{
    int n = sf_rows_count (rows);
    *articles = realloc (*articles, (*count + (size_t) n + 1) * sizeof **articles);
    for (int r = 0; r < n; r++)
        (*articles) [(*count)++] = s_article (rows, r);
}

//  The content's arrays as literals, in the order tags, posts, hazards, lessons.
typedef struct {
    char *tags, *posts, *hazards, *lessons;
} s_arrays_t;

static void
s_arrays (s_arrays_t *arrays, const Training__Article *article)
{
    arrays->tags = sf_db_array_literal (article->tags, article->n_tags);
    arrays->posts = sf_db_array_literal (article->post_codes, article->n_post_codes);
    arrays->hazards = sf_db_array_literal (article->hazards, article->n_hazards);
    arrays->lessons = sf_db_array_literal (article->lessons, article->n_lessons);
}

static void
s_arrays_clear (s_arrays_t *arrays)
{
    free (arrays->tags);
    free (arrays->posts);
    free (arrays->hazards);
    free (arrays->lessons);
}

//  After the article's row holds its new version: that version's row, the posts it links now,
//  and the index.
static int
s_after_write (sf_db_t *db, int64_t id)
{
    sf_db_num_t id_text;
    const char *params [] = { sf_db_num (&id_text, id) };
    return sf_db_exec (db,
        "WITH v AS (INSERT INTO kb_article_version (article_id, version, category, title, body, tags, post_codes,"
        "            hazards, lessons, note, edited_by, edited_ms)"
        "           SELECT id, version, category, title, body, tags, post_codes, hazards, lessons, note, edited_by,"
        "                  edited_ms FROM kb_article WHERE id = $1::bigint),"
        " gone AS (DELETE FROM kb_article_post ap USING kb_article a"
        "          WHERE a.id = $1::bigint AND ap.article_id = a.id AND NOT ap.post_code = ANY (a.post_codes)),"
        " added AS (INSERT INTO kb_article_post (post_code, article_id)"
        "           SELECT DISTINCT unnest (post_codes), id FROM kb_article WHERE id = $1::bigint"
        "           ON CONFLICT DO NOTHING)"
        " SELECT kb_index ($1::bigint)", 1, params) < 0? -1: 0;
}

int
training_kb_store_create (sf_db_t *db, Training__Article *article)
{
    s_arrays_t arrays;
    s_arrays (&arrays, article);
    sf_db_num_t category, edited_ms, created_ms;
    const char *params [] = {
        sf_db_num (&category, article->category), article->title, article->body, arrays.tags, arrays.posts,
        arrays.hazards, arrays.lessons, article->owner_unit, article->plant_code, article->source, article->note,
        article->edited_by, sf_db_num (&edited_ms, article->edited_ms), article->created_by,
        sf_db_num (&created_ms, article->created_ms)
    };
    sf_rows_t *rows = sf_db_query (db,
        "INSERT INTO kb_article (version, category, title, body, tags, post_codes, hazards, lessons, owner_unit,"
        " plant_code, source, note, edited_by, edited_ms, created_by, created_ms)"
        " VALUES (1, $1::smallint, $2, $3, $4::text[], $5::text[], $6::text[], $7::text[], $8, $9, $10, $11, $12,"
        " $13::bigint, $14, $15::bigint) RETURNING id", 15, params);
    s_arrays_clear (&arrays);
    if (!rows)
        return -1;
    article->id = sf_rows_int (rows, 0, 0);
    article->version = 1;
    sf_rows_destroy (&rows);
    return s_after_write (db, article->id);
}

int
training_kb_store_edit (sf_db_t *db, const Training__Article *article)
{
    s_arrays_t arrays;
    s_arrays (&arrays, article);
    sf_db_num_t id, version, category, edited_ms;
    const char *params [] = {
        sf_db_num (&id, article->id), sf_db_num (&version, article->version), sf_db_num (&category, article->category),
        article->title, article->body, arrays.tags, arrays.posts, arrays.hazards, arrays.lessons, article->note,
        article->edited_by, sf_db_num (&edited_ms, article->edited_ms)
    };
    int64_t updated = sf_db_exec (db,
        "UPDATE kb_article SET version = $2::int, category = $3::smallint, title = $4, body = $5, tags = $6::text[],"
        " post_codes = $7::text[], hazards = $8::text[], lessons = $9::text[], note = $10, edited_by = $11,"
        " edited_ms = $12::bigint WHERE id = $1::bigint AND version = $2::int - 1", 12, params);
    s_arrays_clear (&arrays);
    if (updated != 1)
        return -1;
    return s_after_write (db, article->id);
}

//  Runs a query answering articles and takes its first row, if any. 1, 0, -1.
static int
s_find_one (sf_db_t *db, const char *sql, int nparams, const char *const *params, Training__Article **article)
{
    *article = NULL;
    sf_rows_t *rows = sf_db_query (db, sql, nparams, params);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows) > 0;
    if (found)
        *article = s_article (rows, 0);
    sf_rows_destroy (&rows);
    return found;
}

int
training_kb_store_find (sf_db_t *db, int64_t id, int32_t version, bool lock, Training__Article **article)
{
    sf_db_num_t id_text, version_text;
    const char *params [] = { sf_db_num (&id_text, id), sf_db_num (&version_text, version) };
    if (version == 0)
        return s_find_one (db, lock
            ? "SELECT " S_COLUMNS ("a.body") " FROM kb_article a WHERE a.id = $1::bigint FOR UPDATE"
            : "SELECT " S_COLUMNS ("a.body") " FROM kb_article a WHERE a.id = $1::bigint", 1, params, article);
    //  An older version: its content, with what never changes (owner, source, creation) from
    //  the article's row.
    return s_find_one (db,
        "SELECT a.id, v.version, v.category, v.title, v.body, array_to_string (v.tags, E'\\x1f'),"
        " array_to_string (v.post_codes, E'\\x1f'), array_to_string (v.hazards, E'\\x1f'),"
        " array_to_string (v.lessons, E'\\x1f'), a.owner_unit, a.plant_code, a.source, v.note, v.edited_by,"
        " v.edited_ms, a.created_by, a.created_ms"
        " FROM kb_article_version v JOIN kb_article a ON a.id = v.article_id"
        " WHERE v.article_id = $1::bigint AND v.version = $2::int", 2, params, article);
}

int
training_kb_store_find_source (sf_db_t *db, const char *source, Training__Article **article)
{
    const char *params [] = { source };
    return s_find_one (db, "SELECT " S_COLUMNS ("a.body") " FROM kb_article a WHERE a.source = $1 AND a.source <> ''"
                       " FOR UPDATE", 1, params, article);
}

int
training_kb_store_units (sf_db_t *db, int64_t id, char *owner, char *plant, size_t size)
{
    sf_db_num_t id_text;
    const char *params [] = { sf_db_num (&id_text, id) };
    sf_rows_t *rows = sf_db_query (db, "SELECT owner_unit, plant_code FROM kb_article WHERE id = $1::bigint", 1, params);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows) > 0;
    if (found) {
        snprintf (owner, size, "%s", sf_rows_text (rows, 0, 0));
        snprintf (plant, size, "%s", sf_rows_text (rows, 0, 1));
    }
    sf_rows_destroy (&rows);
    return found;
}

int
training_kb_store_versions (sf_db_t *db, int64_t id, int32_t before, int limit, Training__Article ***articles,
                            size_t *count)
{
    sf_db_num_t id_text, before_text, limit_text;
    const char *params [] = { sf_db_num (&id_text, id), sf_db_num (&before_text, before), sf_db_num (&limit_text, limit) };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT a.id, v.version, v.category, v.title, v.body, array_to_string (v.tags, E'\\x1f'),"
        " array_to_string (v.post_codes, E'\\x1f'), array_to_string (v.hazards, E'\\x1f'),"
        " array_to_string (v.lessons, E'\\x1f'), a.owner_unit, a.plant_code, a.source, v.note, v.edited_by,"
        " v.edited_ms, a.created_by, a.created_ms"
        " FROM kb_article_version v JOIN kb_article a ON a.id = v.article_id"
        " WHERE v.article_id = $1::bigint AND ($2::int = 0 OR v.version < $2::int)"
        " ORDER BY v.version DESC LIMIT $3::int", 3, params);
    if (!rows)
        return -1;
    s_append (rows, articles, count);
    sf_rows_destroy (&rows);
    return 0;
}

int
training_kb_reach (sf_db_t *db, const sf_scope_t *scope, training_kb_reach_t *reach)
{
    memset (reach, 0, sizeof *reach);
    if (scope->service) {
        reach->all = true;
        return 0;
    }
    //  The grants above the plants reach every plant below their nodes; the others their own.
    char **above = calloc ((size_t) scope->count + 1, sizeof *above);
    size_t above_count = 0;
    reach->plants = calloc ((size_t) scope->count + 1, sizeof *reach->plants);
    for (int g = 0; g < scope->count; g++) {
        const sf_scope_grant_t *grant = &scope->grants [g];
        if (*grant->plant_code)
            reach->plants [reach->plant_count++] = strdup (grant->plant_code);
        else
            above [above_count++] = (char *) grant->grant.node_code;
    }
    int rc = 0;
    if (above_count) {
        char *nodes = sf_db_array_literal (above, above_count);
        const char *params [] = { nodes };
        sf_rows_t *rows = sf_db_query (db,
            "WITH RECURSIVE walk (code, plant) AS ("
            "  SELECT code, plant_code FROM sf_org_node WHERE code = ANY ($1::text[]) AND plant_code IS NULL"
            "  UNION SELECT n.code, n.plant_code FROM sf_org_node n JOIN walk w ON n.parent_code = w.code"
            "        WHERE w.plant IS NULL)"
            " SELECT DISTINCT plant FROM walk WHERE plant IS NOT NULL", 1, params);
        free (nodes);
        if (rows) {
            int n = sf_rows_count (rows);
            reach->plants = realloc (reach->plants, (reach->plant_count + (size_t) n + 1) * sizeof *reach->plants);
            for (int r = 0; r < n; r++)
                reach->plants [reach->plant_count++] = strdup (sf_rows_text (rows, r, 0));
            sf_rows_destroy (&rows);
        }
        else
            rc = -1;
    }
    free (above);
    return rc;
}

void
training_kb_reach_clear (training_kb_reach_t *reach)
{
    for (size_t i = 0; i < reach->plant_count; i++)
        free (reach->plants [i]);
    free (reach->plants);
    memset (reach, 0, sizeof *reach);
}

int
training_kb_store_list (sf_db_t *db, const training_kb_reach_t *reach, const training_kb_filter_t *filter,
                        int64_t before, int limit, Training__Article ***articles, size_t *count)
{
    char *plants = sf_db_array_literal (reach->plants, reach->plant_count);
    sf_db_num_t category, before_text, limit_text;
    const char *params [] = {
        sf_db_num (&category, filter->category), reach->all? "true": "false", plants, filter->post_code,
        filter->owner_unit, sf_db_num (&before_text, before), sf_db_num (&limit_text, limit)
    };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT " S_COLUMNS ("''") " FROM kb_article a"
        " WHERE ($1::int = 0 OR a.category = $1::int)"
        " AND ($2::boolean OR a.plant_code = '' OR a.plant_code = ANY ($3::text[]))"
        " AND ($4 = '' OR a.id IN (SELECT ap.article_id FROM kb_article_post ap WHERE ap.post_code = $4))"
        " AND ($5 = '' OR a.owner_unit IN (" SF_ORG_SUBTREE_SQL ("$5") "))"
        " AND ($6::bigint = 0 OR a.id < $6::bigint)"
        " ORDER BY a.id DESC LIMIT $7::int", 7, params);
    free (plants);
    if (!rows)
        return -1;
    s_append (rows, articles, count);
    sf_rows_destroy (&rows);
    return 0;
}

int
training_kb_store_terms (sf_db_t *db, const char *query, char **expanded, char ***terms, size_t *term_count)
{
    const char *params [] = { query };
    sf_rows_t *rows = sf_db_query (db,
        "WITH e AS (SELECT kb_expand ($1) AS query)"
        " SELECT e.query, t.term FROM e LEFT JOIN LATERAL (SELECT DISTINCT term FROM kb_terms (e.query) AS term) AS t ON true"
        " ORDER BY t.term", 1, params);
    if (!rows)
        return -1;
    int n = sf_rows_count (rows);
    *expanded = strdup (n? sf_rows_text (rows, 0, 0): query);
    if (n == 1 && sf_rows_is_null (rows, 0, 1))
        n = 0;
    *terms = calloc ((size_t) n + 1, sizeof **terms);
    *term_count = (size_t) n;
    for (int r = 0; r < n; r++)
        (*terms) [r] = strdup (sf_rows_text (rows, r, 1));
    sf_rows_destroy (&rows);
    return 0;
}

int
training_kb_store_search (sf_db_t *db, const char *query, char *const *terms, size_t term_count,
                          const training_kb_reach_t *reach, const training_kb_filter_t *filter, int limit,
                          Training__ArticleSearchResult *result, char ***bodies)
{
    char *term_list = sf_db_array_literal (terms, term_count);
    char *plants = sf_db_array_literal (reach->plants, reach->plant_count);
    sf_db_num_t category, limit_text;
    const char *params [] = {
        term_list, sf_db_num (&category, filter->category), reach->all? "true": "false", plants, filter->post_code,
        filter->owner_unit, sf_db_num (&limit_text, limit), query
    };
    //  BM25 over the terms (idf from kb_term_df, the weight stored in the posting), summed over
    //  each term's best postings (a posting beyond them, of a term in very many articles,
    //  counts for nothing); then a bonus for each word or phrase of the query (and the whole
    //  query) found as it was written, in the title or anywhere (the folded text of kb_index).
    sf_rows_t *rows = sf_db_query (db,
        "WITH q AS (SELECT DISTINCT t AS term FROM unnest ($1::text[]) AS t),"
        " n AS (SELECT greatest (df, 1)::float8 AS n FROM kb_term_df WHERE term = ''),"
        " idf AS (SELECT d.term, ln (1 + (n.n - d.df + 0.5) / (d.df + 0.5)) AS idf"
        "         FROM q JOIN kb_term_df d ON d.term = q.term CROSS JOIN n WHERE d.df > 0),"
        " cand AS (SELECT c.article_id, sum (idf.idf * c.w) AS score FROM idf CROSS JOIN LATERAL ("
        "            SELECT p.article_id, p.w FROM kb_posting p"
        "            WHERE p.term = idf.term AND ($2::int = 0 OR p.category = $2::int)"
        "              AND ($3::boolean OR p.plant_code = '' OR p.plant_code = ANY ($4::text[]))"
        "              AND ($5 = '' OR p.article_id IN (SELECT ap.article_id FROM kb_article_post ap"
        "                                               WHERE ap.post_code = $5))"
        "            ORDER BY p.w DESC LIMIT " S_CANDIDATES_PER_TERM ") AS c"
        "          GROUP BY c.article_id ORDER BY score DESC LIMIT " S_RERANKED "),"
        " words AS (SELECT lower (normalize (btrim ($8), NFKC)) AS whole),"
        " phrases AS (SELECT coalesce (array_agg (DISTINCT x), '{}') AS list, greatest (count (DISTINCT x), 1) AS n"
        "             FROM words, LATERAL (SELECT regexp_split_to_table (whole, '[[:space:]]+') UNION SELECT whole) AS s (x)"
        "             WHERE char_length (x) >= 2)"
        " SELECT " S_COLUMNS ("''") ", a.body,"
        "        s.score * (1 + (0.6 * ph.in_text + 0.4 * ph.in_title) / phrases.n) AS final"
        " FROM cand s JOIN kb_article a ON a.id = s.article_id CROSS JOIN phrases"
        " CROSS JOIN LATERAL (SELECT count (*) FILTER (WHERE strpos (a.folded_title, x) > 0) AS in_title,"
        "                            count (*) FILTER (WHERE strpos (a.folded, x) > 0) AS in_text"
        "                     FROM unnest (phrases.list) AS x) AS ph"
        " WHERE ($6 = '' OR a.owner_unit IN (" SF_ORG_SUBTREE_SQL ("$6") "))"
        " ORDER BY final DESC, a.id DESC LIMIT $7::int", 8, params);
    free (term_list);
    free (plants);
    if (!rows)
        return -1;
    int n = sf_rows_count (rows);
    *bodies = calloc ((size_t) n + 1, sizeof **bodies);
    for (int r = 0; r < n; r++) {
        Training__ArticleHit *hit = sf_pb_add (&result->hits, &result->n_hits, &training__article_hit__descriptor);
        hit->article = s_article (rows, r);
        (*bodies) [r] = strdup (sf_rows_text (rows, r, S_COLUMN_COUNT));
        hit->score = strtod (sf_rows_text (rows, r, S_COLUMN_COUNT + 1), NULL);
    }
    sf_rows_destroy (&rows);
    return 0;
}
