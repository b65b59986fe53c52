/*  training_kb_bench: the knowledge base's search under load (issue 11: "search latency p99
    over 100,000 articles"). Two actions, for ./deploy/bench:

    training_kb_bench --db CONNINFO --schema S seed --articles N --corpus FILE [--plants P]
        fills the training daemon's schema S (migrated: the daemon has run once) with N
        articles made from the test corpus (tests/training_kb_corpus.csv): each the title of
        one corpus article with its number, and the bodies of two, so that the words, their
        frequencies and the lengths are those of real safety texts; one in P+1 is the
        company's (plant ''), the others in plants BP1..BPP. Straight into the tables (written
        through CreateArticle, 100,000 articles take hours of a bench's time), then
        kb_reindex_all () and ANALYZE: the index is the one the daemon writes. Prints
        articles, postings and the seconds it took.
    training_kb_bench --endpoint E search --clients N --seconds S --queries FILE --user U
                      [--unit UNIT]
        N threads, each with its own client and one SearchArticles (limit 10) in flight, for S
        seconds, cycling through the queries of FILE (tests/training_kb_queries.csv) from a
        place of its own; each acts as account U (for UNIT). Prints the line of bench_stats:
        clients ok failed retried seconds cmds_per_s p50_ms p99_ms max_ms cpu_s.

    Not a ctest test: its figures mean something only on a quiet machine.                    */
#include "bench_stats.h"
#include "sf_clock.h"
#include "sf_csv.h"
#include "sf_db.h"
#include "sf_keys.h"
#include "sf_rpc_client.h"
#include "training_kb.pb-c.h"
#include "training_kb_names.h"

#include <czmq.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_QUERIES_MAX 256
#define S_BATCH 1000

typedef struct {
    const char *endpoint;
    const char *db;
    const char *schema;
    const char *action;
    const char *corpus;
    const char *queries_file;
    const char *user;
    const char *unit;
    int articles;
    int plants;
    int clients;
    double seconds;
    char *queries [S_QUERIES_MAX];
    int query_count;
} s_options_t;

static char *
s_read_file (const char *path, size_t *size)
{
    FILE *file = fopen (path, "rb");
    if (!file)
        return NULL;
    fseek (file, 0, SEEK_END);
    long length = ftell (file);
    rewind (file);
    char *data = malloc ((size_t) length + 1);
    if (fread (data, 1, (size_t) length, file) != (size_t) length) {
        free (data);
        fclose (file);
        return NULL;
    }
    data [length] = '\0';
    fclose (file);
    *size = (size_t) length;
    return data;
}

//  The column column of every row of a CSV file whose header names columns; count rows.
static char **
s_read_column (const char *path, const sf_csv_column_t *columns, size_t column_count, size_t column, int *count)
{
    size_t size;
    char *data = s_read_file (path, &size);
    if (!data)
        return NULL;
    sf_csv_t *csv = sf_csv_new (data, size, columns, column_count, 1 << 24, 100000);
    char **values = NULL;
    *count = 0;
    while (sf_csv_next (csv)) {
        values = realloc (values, (size_t) (*count + 1) * sizeof *values);
        values [(*count)++] = sf_csv_field_copy (csv, column);
    }
    bool ok = sf_csv_complete (csv) && sf_csv_error_count (csv) == 0 && *count > 0;
    sf_csv_destroy (&csv);
    free (data);
    return ok? values: NULL;
}

//  --------------------------------------------------------------------------------------
//  seed

static int
s_seed (const s_options_t *options)
{
    static const sf_csv_column_t columns [] = {
        { "key", NULL }, { "topic", NULL }, { "category", NULL }, { "title", NULL }, { "body", NULL }, { "tags", NULL }
    };
    int rows = 0, check = 0;
    char **categories = s_read_column (options->corpus, columns, 6, 2, &rows);
    char **titles = s_read_column (options->corpus, columns, 6, 3, &check);
    char **bodies = s_read_column (options->corpus, columns, 6, 4, &check);
    if (!categories || !titles || !bodies) {
        fprintf (stderr, "training_kb_bench: cannot read the corpus %s\n", options->corpus);
        return 1;
    }
    sf_db_options_t db_options = {
        .url = options->db, .schema = options->schema, .application_name = "training_kb_bench",
        .statement_timeout_ms = 3600 * 1000, .lock_timeout_ms = 60000, .idle_tx_timeout_ms = 3600 * 1000
    };
    sf_db_t *db = sf_db_new (&db_options);
    int64_t started = sf_clock_mono_ms ();
    int rc = sf_db_ensure (db) && sf_db_begin (db) == 0? 0: -1;
    if (rc == 0 && sf_db_exec (db, "DELETE FROM kb_article_version", 0, NULL) < 0)
        rc = -1;
    if (rc == 0 && sf_db_exec (db, "DELETE FROM kb_article_post", 0, NULL) < 0)
        rc = -1;
    if (rc == 0 && sf_db_exec (db, "DELETE FROM kb_posting", 0, NULL) < 0)
        rc = -1;
    if (rc == 0 && sf_db_exec (db, "DELETE FROM kb_article", 0, NULL) < 0)
        rc = -1;
    //  A batch of articles as arrays of their columns, unnested in one statement.
    unsigned seed = 20261202;
    for (int from = 0; rc == 0 && from < options->articles; from += S_BATCH) {
        int count = options->articles - from < S_BATCH? options->articles - from: S_BATCH;
        char **title = calloc ((size_t) count, sizeof *title), **body = calloc ((size_t) count, sizeof *body);
        char **plant = calloc ((size_t) count, sizeof *plant), **category = calloc ((size_t) count, sizeof *category);
        for (int i = 0; i < count; i++) {
            int n = from + i + 1, a = rand_r (&seed) % rows, b = rand_r (&seed) % rows;
            title [i] = zsys_sprintf ("%s（第%d号）", titles [a], n);
            body [i] = zsys_sprintf ("%s%s", bodies [a], bodies [b]);
            int p = n % (options->plants + 1);
            plant [i] = p? zsys_sprintf ("BP%d", p): strdup ("");
            category [i] = zsys_sprintf ("%d", training_kb_category_parse (categories [a]));
        }
        char *titles_text = sf_db_array_literal (title, (size_t) count);
        char *bodies_text = sf_db_array_literal (body, (size_t) count);
        char *plants_text = sf_db_array_literal (plant, (size_t) count);
        char *categories_text = sf_db_array_literal (category, (size_t) count);
        const char *params [] = { titles_text, bodies_text, plants_text, categories_text };
        if (sf_db_exec (db,
                "INSERT INTO kb_article (version, category, title, body, owner_unit, plant_code, edited_by, edited_ms,"
                " created_by, created_ms)"
                " SELECT 1, c::smallint, t, b, CASE WHEN p = '' THEN 'BC' ELSE p END, p, 'bench', 0, 'bench', 0"
                " FROM unnest ($1::text[], $2::text[], $3::text[], $4::text[]) AS x (t, b, p, c)", 4, params) < 0)
            rc = -1;
        free (titles_text);
        free (bodies_text);
        free (plants_text);
        free (categories_text);
        for (int i = 0; i < count; i++) {
            free (title [i]);
            free (body [i]);
            free (plant [i]);
            free (category [i]);
        }
        free (title);
        free (body);
        free (plant);
        free (category);
    }
    if (rc == 0 && sf_db_exec (db,
            "INSERT INTO kb_article_version (article_id, version, category, title, body, tags, post_codes, hazards,"
            " lessons, note, edited_by, edited_ms)"
            " SELECT id, 1, category, title, body, tags, post_codes, hazards, lessons, note, edited_by, edited_ms"
            " FROM kb_article", 0, NULL) < 0)
        rc = -1;
    if (rc == 0 && sf_db_exec (db, "SELECT kb_reindex_all ()", 0, NULL) < 0)
        rc = -1;
    if (rc == 0 && sf_db_commit (db))
        rc = -1;
    //  Vacuumed too, so that the search's index-only scans need not visit the table, as on a
    //  database autovacuum has been through.
    if (rc == 0 && sf_db_exec (db, "VACUUM ANALYZE kb_article", 0, NULL) < 0)
        rc = -1;
    if (rc == 0 && sf_db_exec (db, "VACUUM ANALYZE kb_posting", 0, NULL) < 0)
        rc = -1;
    if (rc == 0 && sf_db_exec (db, "VACUUM ANALYZE kb_term_df", 0, NULL) < 0)
        rc = -1;
    if (rc == 0) {
        sf_rows_t *counts = sf_db_query (db, "SELECT (SELECT count(*) FROM kb_article), (SELECT count(*) FROM kb_posting)",
                                         0, NULL);
        if (counts)
            printf ("articles=%lld postings=%lld seconds=%.1f\n", (long long) sf_rows_int (counts, 0, 0),
                    (long long) sf_rows_int (counts, 0, 1), (double) (sf_clock_mono_ms () - started) / 1000.0);
        sf_rows_destroy (&counts);
    }
    else {
        fprintf (stderr, "training_kb_bench: seed failed: %s\n", sf_db_error (db));
        if (sf_db_in_transaction (db))
            sf_db_rollback (db);
    }
    sf_db_destroy (&db);
    for (int i = 0; i < rows; i++) {
        free (categories [i]);
        free (titles [i]);
        free (bodies [i]);
    }
    free (categories);
    free (titles);
    free (bodies);
    return rc == 0? 0: 1;
}

//  --------------------------------------------------------------------------------------
//  search

static void
s_client_run (bench_client_t *self)
{
    const s_options_t *options = (const s_options_t *) self->options;
    sf_rpc_client_t *client = sf_rpc_client_new (options->endpoint);
    sf_rpc_client_set_server (client, "training");
    sf_rpc_client_set_actor (client, options->user, "", options->unit, "");
    bench_connect (client);
    int next = self->index * 7 % options->query_count;
    bench_stats_wait_start (self);
    int64_t deadline = sf_clock_mono_us () + (int64_t) (options->seconds * 1e6);
    while (sf_clock_mono_us () < deadline && !zsys_interrupted) {
        Training__SearchArticles request = TRAINING__SEARCH_ARTICLES__INIT;
        request.query = options->queries [next];
        request.limit = 10;
        next = (next + 1) % options->query_count;
        int64_t sent = sf_clock_mono_us ();
        sf_status_t status = bench_call (client, &request.base, NULL, self->first_error, sizeof self->first_error);
        bench_stats_record (self, status == SF_OK, sf_clock_mono_us () - sent, sf_rpc_client_last_attempts (client) > 1);
    }
    sf_rpc_client_destroy (&client);
}

static void
s_usage (FILE *out)
{
    fprintf (out,
        "Usage: training_kb_bench --db CONNINFO --schema S seed --articles N --corpus FILE [--plants P]\n"
        "       training_kb_bench --endpoint E search --clients N --seconds S --queries FILE --user U [--unit UNIT]\n"
        "seed: N articles from the corpus straight into the schema, indexed with kb_reindex_all; prints\n"
        "articles postings seconds. search: N synchronous clients send SearchArticles (limit 10) with the\n"
        "queries of FILE for S seconds as account U and print: clients ok failed retried seconds\n"
        "cmds_per_s p50_ms p99_ms max_ms cpu_s (exit 1 if any failed).\n");
}

static bool
s_options_valid (s_options_t *options)
{
    if (!options->action)
        return false;
    if (strcmp (options->action, "seed") == 0)
        return options->db && options->schema && options->corpus && options->articles >= 1
            && options->articles <= 10000000 && options->plants >= 0 && options->plants <= 99;
    if (strcmp (options->action, "search") == 0) {
        if (!options->endpoint || !options->queries_file || !options->user || options->clients < 1
            || options->clients > 1000 || options->seconds <= 0)
            return false;
        static const sf_csv_column_t columns [] = { { "query", NULL }, { "category", NULL }, { "relevant", NULL } };
        char **queries = s_read_column (options->queries_file, columns, 3, 0, &options->query_count);
        if (!queries || options->query_count > S_QUERIES_MAX)
            return false;
        memcpy (options->queries, queries, (size_t) options->query_count * sizeof *queries);
        free (queries);
        return true;
    }
    return false;
}

int
main (int argc, char **argv)
{
    s_options_t options = { .clients = 1, .seconds = 10, .plants = 4, .unit = "" };
    char *keys_zh = NULL, *keys_en = NULL;
    if (sf_keys_set_identity_from_env (&keys_zh, &keys_en)) {
        fprintf (stderr, "%s\n%s\n", keys_zh, keys_en);
        return 2;
    }
    static const struct option long_options [] = {
        { "endpoint", required_argument, NULL, 'e' },
        { "db", required_argument, NULL, 'd' },
        { "schema", required_argument, NULL, 'S' },
        { "articles", required_argument, NULL, 'a' },
        { "corpus", required_argument, NULL, 'C' },
        { "plants", required_argument, NULL, 'P' },
        { "clients", required_argument, NULL, 'c' },
        { "seconds", required_argument, NULL, 's' },
        { "queries", required_argument, NULL, 'q' },
        { "user", required_argument, NULL, 'u' },
        { "unit", required_argument, NULL, 'U' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    int option;
    while ((option = getopt_long (argc, argv, "e:d:S:a:C:P:c:s:q:u:U:h", long_options, NULL)) != -1)
        switch (option) {
            case 'e': options.endpoint = optarg; break;
            case 'd': options.db = optarg; break;
            case 'S': options.schema = optarg; break;
            case 'a': options.articles = atoi (optarg); break;
            case 'C': options.corpus = optarg; break;
            case 'P': options.plants = atoi (optarg); break;
            case 'c': options.clients = atoi (optarg); break;
            case 's': options.seconds = atof (optarg); break;
            case 'q': options.queries_file = optarg; break;
            case 'u': options.user = optarg; break;
            case 'U': options.unit = optarg; break;
            case 'h': s_usage (stdout); return 0;
            default: s_usage (stderr); return 2;
        }
    if (optind == argc - 1)
        options.action = argv [optind];
    if (!s_options_valid (&options)) {
        s_usage (stderr);
        return 2;
    }
    zsys_init ();
    zsys_set_logstream (NULL);
    int rc = strcmp (options.action, "seed") == 0
        ? s_seed (&options)
        : bench_stats_run ("training_kb_bench", options.clients, s_client_run, &options);
    for (int i = 0; i < options.query_count; i++)
        free (options.queries [i]);
    return rc;
}
