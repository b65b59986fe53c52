/*  kill -9 the training daemon three times while four safety officers each write an article
    and edit it nine times (each edit from the version the last reply showed), each command
    with its own idempotency key and resent with it until it is answered; restart it each
    time, and check what the knowledge base promises: every article at version 10 with the ten
    versions its replies showed, each stored once; the search index exactly what the current
    versions make of it (postings, lengths, document frequencies, the corpus' count), though
    the four writers shared terms; one event per version in the outbox and in the Redis
    stream (a second stream entry only when a kill cut a relay pass); each article found by
    its last words and none by words of an older version.                                 */
#include "kill9_testlib.h"
#include "training_kb_testlib.h"
#include "sf_pb.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>

#define CLIENTS 4
#define VERSIONS 10
#define COMMANDS (CLIENTS * VERSIONS)
#define ATTEMPT_MS 700
#define RETRIES 20
#define GIVE_UP_MS 30000

typedef struct {
    tk_stack_t *stack;
    int index;
    char login [32];
    int64_t id;                  //  from the create's reply
    int version;                 //  the last version a reply showed
    pthread_t thread;
} s_client_t;

static atomic_int s_done;
static atomic_int s_resent;

//  The body of version v of client c's article: shared words, and a word of its own.
static void
s_body (int c, int v, char *body, size_t size)
{
    snprintf (body, size, "动火作业前必须办理动火证，清理动火点周围的易燃物，并设看火人。第%d号文章第%d版 k9c%dv%d", c, v, c, v);
}

static void *
s_client_run (void *arg)
{
    s_client_t *client = arg;
    sf_rpc_client_t *rpc = sf_test_daemon_client (&client->stack->daemon);
    char unit [64];
    snprintf (unit, sizeof unit, "k9P");
    sf_rpc_client_set_actor (rpc, client->login, "", unit, "");
    sf_rpc_client_set_retry (rpc, ATTEMPT_MS, RETRIES);
    for (int v = 1; v <= VERSIONS; v++) {
        char key [128], title [64], body [256];
        snprintf (key, sizeof key, "%s-%s-%d", client->stack->prefix, client->login, v);
        snprintf (title, sizeof title, "动火作业须知（%d）", client->index);
        s_body (client->index, v, body, sizeof body);
        Training__Article *article;
        bool resent;
        if (v == 1) {
            Training__CreateArticle create = TRAINING__CREATE_ARTICLE__INIT;
            create.category = TRAINING__ARTICLE_CATEGORY__ARTICLE_MUST_KNOW;
            create.owner_unit = (char *) "k9D";
            create.title = title;
            create.body = body;
            article = k9_send (rpc, &create.base, key, &training__article__descriptor, GIVE_UP_MS, &resent);
        }
        else {
            Training__EditArticle edit = TRAINING__EDIT_ARTICLE__INIT;
            edit.id = client->id;
            edit.base_version = client->version;
            edit.title = title;
            edit.body = body;
            article = k9_send (rpc, &edit.base, key, &training__article__descriptor, GIVE_UP_MS, &resent);
        }
        atomic_fetch_add (&s_resent, resent);
        atomic_fetch_add (&s_done, 1);
        if (!article)
            break;
        SF_CHECK (article->version == v && (v == 1 || article->id == client->id));
        SF_CHECK_STR (article->body, body);
        client->id = article->id;
        client->version = article->version;
        sf_pb_destroy (&article);
    }
    sf_rpc_client_destroy (&rpc);
    return NULL;
}

//  The index holds exactly what the current versions make of it.
static void
s_check_index (tk_stack_t *stack)
{
    SF_CHECK (sf_test_scalar (stack->db,
        "SELECT count(*) FROM (SELECT article_id, term FROM kb_posting"
        " EXCEPT SELECT a.id, t.term FROM kb_article a,"
        "   LATERAL kb_article_terms (a.title, a.tags, a.body, a.hazards, a.lessons) AS t) AS extra", NULL) == 0);
    SF_CHECK (sf_test_scalar (stack->db,
        "SELECT count(*) FROM (SELECT a.id, t.term FROM kb_article a,"
        "   LATERAL kb_article_terms (a.title, a.tags, a.body, a.hazards, a.lessons) AS t"
        " EXCEPT SELECT article_id, term FROM kb_posting) AS missing", NULL) == 0);
    SF_CHECK (sf_test_scalar (stack->db,
        "SELECT count(*) FROM kb_article a WHERE a.dl <> (SELECT sum (t.tf)"
        "   FROM kb_article_terms (a.title, a.tags, a.body, a.hazards, a.lessons) AS t)", NULL) == 0);
    SF_CHECK (sf_test_scalar (stack->db,
        "SELECT count(*) FROM kb_term_df d WHERE d.term <> '' AND d.df <>"
        " (SELECT count(*) FROM kb_posting p WHERE p.term = d.term)", NULL) == 0);
    SF_CHECK (sf_test_scalar (stack->db,
        "SELECT count(*) FROM kb_term_df WHERE term = '' AND df = (SELECT count(*) FROM kb_article)"
        " AND dl_total = (SELECT sum (dl) FROM kb_article)", NULL) == 1);
}

int
main (void)
{
    tk_stack_t stack;
    tk_stack_start (&stack, "tkk9", "k9", "SF_LOG_LEVEL=warn");
    s_client_t clients [CLIENTS];
    memset (clients, 0, sizeof clients);
    for (int c = 0; c < CLIENTS; c++) {
        clients [c].stack = &stack;
        clients [c].index = c;
        snprintf (clients [c].login, sizeof clients [c].login, "k9.officer%d", c);
        sf_test_account (stack.schema, clients [c].login, "safety_officer", "k9P");
    }
    int64_t began = zclock_mono ();
    for (int c = 0; c < CLIENTS; c++)
        SF_CHECK (pthread_create (&clients [c].thread, NULL, s_client_run, &clients [c]) == 0);
    k9_kills_t kills;
    k9_kill_three_times (&stack.daemon, &s_done, COMMANDS, GIVE_UP_MS, &kills);
    for (int c = 0; c < CLIENTS; c++)
        pthread_join (clients [c].thread, NULL);
    printf ("%d commands in %lld ms, %d of them resent\n", COMMANDS, (long long) (zclock_mono () - began),
            atomic_load (&s_resent));

    //  Every article at its tenth version, each version stored once with the body its reply showed.
    SF_CHECK (sf_test_scalar (stack.db, "SELECT count(*) FROM kb_article", NULL) == CLIENTS);
    SF_CHECK (sf_test_scalar (stack.db, "SELECT count(*) FROM kb_article_version", NULL) == COMMANDS);
    for (int c = 0; c < CLIENTS; c++) {
        SF_CHECK (clients [c].version == VERSIONS);
        char id [24];
        snprintf (id, sizeof id, "%lld", (long long) clients [c].id);
        SF_CHECK (sf_test_scalar (stack.db, "SELECT version FROM kb_article WHERE id = $1::bigint", id) == VERSIONS);
        for (int v = 1; v <= VERSIONS; v++) {
            char body [256], version [8];
            s_body (c, v, body, sizeof body);
            snprintf (version, sizeof version, "%d", v);
            const char *values [] = { id, version };
            sf_rows_t *rows = sf_db_query (stack.db, "SELECT body FROM kb_article_version"
                                                     " WHERE article_id = $1::bigint AND version = $2::int", 2, values);
            SF_CHECK (rows && sf_rows_count (rows) == 1);
            SF_CHECK_STR (sf_rows_text (rows, 0, 0), body);
            sf_rows_destroy (&rows);
        }
    }
    s_check_index (&stack);

    //  One event per version, in the outbox and in the stream.
    sf_rows_t *rows = sf_db_query (stack.db, "SELECT event_id, envelope FROM sf_outbox"
                                             " WHERE event_type LIKE 'training.article_%'", 0, NULL);
    SF_CHECK (rows && sf_rows_count (rows) == COMMANDS);
    zhashx_t *seen = zhashx_new ();
    zlistx_t *events = zlistx_new ();
    zlistx_set_destructor (events, (zlistx_destructor_fn *) zstr_free);
    for (int row = 0; row < sf_rows_count (rows); row++) {
        size_t size;
        uint8_t *envelope = sf_rows_bytes (rows, row, 1, &size);
        sf_event_t event;
        SF_CHECK (sf_event_decode (&event, envelope, size) == 0);
        free (envelope);
        char key [64];
        snprintf (key, sizeof key, "%s/%lld", event.aggregate_id, (long long) event.aggregate_version);
        SF_CHECK (zhashx_insert (seen, key, (void *) 1) == 0);
        SF_CHECK (strcmp (event.type, event.aggregate_version == 1? "training.article_created"
                                                                  : "training.article_edited") == 0);
        zlistx_add_end (events, strdup (sf_rows_text (rows, row, 0)));
        sf_event_clear (&event);
    }
    sf_rows_destroy (&rows);
    SF_CHECK (dt_wait_published (stack.db, 30000));
    char stream [128];
    snprintf (stream, sizeof stream, "%s:events:training", stack.prefix);
    int duplicates = k9_check_stream (stream, events, &kills);

    //  The search: the last words of each article find it, an older version's words nothing.
    SF_CHECK (sf_test_daemon_healthy (&stack.daemon, 2000));
    sf_rpc_client_t *reader = tk_client (&stack, "k9.reader", "worker", "k9T");
    for (int c = 0; c < CLIENTS; c++) {
        char word [32];
        snprintf (word, sizeof word, "k9c%dv%d", c, VERSIONS);
        Training__ArticleSearchResult *result;
        SF_CHECK (tk_search (reader, word, 0, NULL, 0, &result) == SF_OK);
        SF_CHECK (result->n_hits == 1 && result->hits [0]->article->id == clients [c].id);
        sf_pb_destroy (&result);
        snprintf (word, sizeof word, "k9c%dv%d", c, VERSIONS - 1);
        SF_CHECK (tk_search (reader, word, 0, NULL, 0, &result) == SF_OK);
        SF_CHECK (result->n_hits == 0);
        sf_pb_destroy (&result);
    }
    printf ("%d articles at version %d, every version once, the index exact, %d events in outbox and stream"
            " (%d published again after a kill)\n", CLIENTS, VERSIONS, (int) zlistx_size (events), duplicates);
    sf_rpc_client_destroy (&reader);
    zlistx_destroy (&events);
    zhashx_destroy (&seen);
    tk_stack_stop (&stack);
    return 0;
}
