/*  The knowledge base's search on a Chinese corpus (issue 11): 208 articles of the ten
    categories (tests/training_kb_corpus.csv: 26 topics, 8 articles each, short realistic
    safety texts that also mention other topics in passing) written through CreateArticle,
    then the 30 queries of tests/training_kb_queries.csv (Chinese with and without spaces,
    questions as a worker would ask them, English, one with a category filter), each with its
    right answers: the articles of its topic. Precision at 5 and recall at 10 must stay above
    their floors; the figures go to README_kb.md. Hits carry marked titles and snippets; the
    category and post filters hold; a query with nothing to match is refused.               */
#include "training_kb_testlib.h"
#include "sf_clock.h"
#include "sf_csv.h"
#include "sf_pb.h"

#include <czmq.h>
#include <string.h>

//  The floors (README_kb.md, "Search quality"): measured 1.00 and 0.975 when written.
#define FLOOR_PRECISION_AT_5 0.90
#define FLOOR_RECALL_AT_10 0.90

static char *
s_read_file (const char *name, size_t *size)
{
    char path [512];
    snprintf (path, sizeof path, "%s/tests/%s", sf_test_env ("SF_SOURCE_DIR"), name);
    FILE *file = fopen (path, "rb");
    SF_CHECK (file);
    SF_CHECK (fseek (file, 0, SEEK_END) == 0);
    long length = ftell (file);
    rewind (file);
    char *data = malloc ((size_t) length + 1);
    SF_CHECK (fread (data, 1, (size_t) length, file) == (size_t) length);
    data [length] = '\0';
    fclose (file);
    *size = (size_t) length;
    return data;
}

int
main (void)
{
    tk_stack_t stack;
    tk_stack_start (&stack, "tksearch", "ks", NULL);
    sf_rpc_client_t *ehs = tk_client (&stack, "ks.ehs", "ehs", "ksC");

    //  The corpus, kept by the company's office: everyone reads it.
    zhashx_t *ids = zhashx_new ();               //  corpus key -> article id (as text)
    zhashx_set_destructor (ids, (zhashx_destructor_fn *) zstr_free);
    size_t size;
    char *data = s_read_file ("training_kb_corpus.csv", &size);
    static const sf_csv_column_t corpus_columns [] = {
        { "key", NULL }, { "topic", NULL }, { "category", NULL }, { "title", NULL }, { "body", NULL }, { "tags", NULL }
    };
    sf_csv_t *csv = sf_csv_new (data, size, corpus_columns, 6, 1 << 22, 10000);
    int articles = 0;
    while (sf_csv_next (csv)) {
        size_t length;
        int category = training_kb_category_parse (sf_csv_field (csv, 2, &length));
        SF_CHECK (category > 0);
        Training__Article *article;
        SF_CHECK (tk_create (ehs, "ksH", category, sf_csv_field (csv, 3, &length), sf_csv_field (csv, 4, &length),
                             sf_csv_field (csv, 5, &length), NULL, &article) == SF_OK);
        SF_CHECK_STR (article->plant_code, "");
        zhashx_insert (ids, sf_csv_field (csv, 0, &length), zsys_sprintf ("%lld", (long long) article->id));
        sf_pb_destroy (&article);
        articles++;
    }
    SF_CHECK (sf_csv_complete (csv) && sf_csv_error_count (csv) == 0);
    sf_csv_destroy (&csv);
    free (data);
    SF_CHECK (articles >= 200);

    //  The queries, each with its right answers.
    data = s_read_file ("training_kb_queries.csv", &size);
    static const sf_csv_column_t query_columns [] = { { "query", NULL }, { "category", NULL }, { "relevant", NULL } };
    csv = sf_csv_new (data, size, query_columns, 3, 1 << 20, 1000);
    double precision_sum = 0, recall_sum = 0;
    int queries = 0;
    int64_t slowest_us = 0, total_us = 0;
    while (sf_csv_next (csv)) {
        size_t length;
        const char *query = sf_csv_field (csv, 0, &length);
        int category = training_kb_category_parse (sf_csv_field (csv, 1, &length));
        zhashx_t *relevant = zhashx_new ();
        char *keys = sf_csv_field_copy (csv, 2);
        size_t relevant_count = 0;
        for (char *key = strtok (keys, " "); key; key = strtok (NULL, " ")) {
            const char *id = zhashx_lookup (ids, key);
            SF_CHECK (id);
            zhashx_insert (relevant, id, (void *) 1);
            relevant_count++;
        }
        free (keys);
        SF_CHECK (relevant_count >= 5);
        Training__ArticleSearchResult *result;
        int64_t started = sf_clock_mono_us ();
        SF_CHECK (tk_search (ehs, query, category, NULL, 10, &result) == SF_OK);
        int64_t took = sf_clock_mono_us () - started;
        total_us += took;
        slowest_us = took > slowest_us? took: slowest_us;
        int in_5 = 0, in_10 = 0;
        for (size_t i = 0; i < result->n_hits; i++) {
            const Training__ArticleHit *hit = result->hits [i];
            char id [24];
            snprintf (id, sizeof id, "%lld", (long long) hit->article->id);
            bool right = zhashx_lookup (relevant, id) != NULL;
            in_5 += right && i < 5;
            in_10 += right && i < 10;
            SF_CHECK (!category || (int) hit->article->category == category);
            SF_CHECK_STR (hit->article->body, "");
            //  What matched is marked, in the title or the passage shown (the best hit; the
            //  others may have matched in their tags alone).
            SF_CHECK (i > 0 || strstr (hit->title_marked, "【") || strstr (hit->snippet, "【"));
            SF_CHECK (i == 0 || hit->score <= result->hits [i - 1]->score);
        }
        double precision = (double) in_5 / (double) (relevant_count < 5? relevant_count: 5);
        double recall = (double) in_10 / (double) relevant_count;
        if (precision < 1 || recall < 1)
            printf ("query %-24s precision@5 %.2f recall@10 %.2f\n", query, precision, recall);
        precision_sum += precision;
        recall_sum += recall;
        queries++;
        sf_pb_destroy (&result);
        zhashx_destroy (&relevant);
    }
    SF_CHECK (sf_csv_complete (csv) && sf_csv_error_count (csv) == 0);
    sf_csv_destroy (&csv);
    free (data);
    SF_CHECK (queries == 30);
    double precision = precision_sum / queries, recall = recall_sum / queries;
    printf ("measured: articles=%d queries=%d precision@5=%.3f recall@10=%.3f mean_ms=%.1f max_ms=%.1f\n", articles,
            queries, precision, recall, (double) total_us / queries / 1000.0, (double) slowest_us / 1000.0);
    SF_CHECK (precision >= FLOOR_PRECISION_AT_5);
    SF_CHECK (recall >= FLOOR_RECALL_AT_10);

    //  A hit's passage: about 80 characters, cut with "…", the match marked.
    Training__ArticleSearchResult *result;
    SF_CHECK (tk_search (ehs, "动火证", 0, NULL, 3, &result) == SF_OK);
    SF_CHECK (result->n_hits == 3 && strstr (result->hits [0]->snippet, "【动火证】"));
    SF_CHECK (result->n_terms == 2);
    sf_pb_destroy (&result);
    //  English words whole, in any case.
    SF_CHECK (tk_search (ehs, "MSDS", 0, NULL, 0, &result) == SF_OK);
    SF_CHECK (result->n_hits > 0 && result->n_hits <= 10);
    SF_CHECK (strstr (result->hits [0]->title_marked, "【") || strstr (result->hits [0]->snippet, "【MSDS】"));
    sf_pb_destroy (&result);
    //  Nothing matches: no hits, no error.
    SF_CHECK (tk_search (ehs, "区块链", 0, NULL, 0, &result) == SF_OK);
    SF_CHECK (result->n_hits == 0);
    sf_pb_destroy (&result);
    //  Nothing to search for, a lone ideograph, a limit out of range, a category that is none:
    //  refused with the reason.
    SF_CHECK (tk_search (ehs, "，。！", 0, NULL, 0, NULL) == SF_INVALID_ARGUMENT);
    SF_CHECK (tk_search (ehs, "火", 0, NULL, 0, NULL) == SF_INVALID_ARGUMENT);
    SF_CHECK (tk_search (ehs, "动火", 0, NULL, 51, NULL) == SF_INVALID_ARGUMENT);
    SF_CHECK (tk_search (ehs, "动火", 11, NULL, 0, NULL) == SF_INVALID_ARGUMENT);
    SF_CHECK (tk_search (ehs, "   ", 0, NULL, 0, NULL) == SF_INVALID_ARGUMENT);

    //  The post filter: only the articles linked to the post.
    Training__Article *linked;
    SF_CHECK (tk_create (ehs, "ksH", TRAINING__ARTICLE_CATEGORY__ARTICLE_POST_NORMS, "车工岗动火作业补充规定",
                         "车工岗位在机床附近动火，须先清理切削液和油污。", NULL, "ksS", &linked) == SF_OK);
    SF_CHECK (tk_search (ehs, "动火", 0, "ksS", 0, &result) == SF_OK);
    SF_CHECK (result->n_hits == 1 && result->hits [0]->article->id == linked->id);
    SF_CHECK (result->hits [0]->article->n_post_codes == 1);
    sf_pb_destroy (&result);
    SF_CHECK (tk_search (ehs, "动火", 0, "ksQS", 0, &result) == SF_OK);
    SF_CHECK (result->n_hits == 0);
    sf_pb_destroy (&result);
    sf_pb_destroy (&linked);

    zhashx_destroy (&ids);
    sf_rpc_client_destroy (&ehs);
    tk_stack_stop (&stack);
    return 0;
}
