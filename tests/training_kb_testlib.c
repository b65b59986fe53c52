/*  training_kb_testlib: helpers of the knowledge base's black-box tests.                  */
#include "training_kb_testlib.h"
#include "sf_pb.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

//  Waits until the training schema's org copy holds code.
static void
s_wait_unit (tk_stack_t *stack, const char *code)
{
    if (dt_wait_copy (stack->db, code, 20000))
        return;
    fprintf (stderr, "unit %s never reached the training schema\n", code);
    abort ();
}

void
tk_stack_start (tk_stack_t *stack, const char *name, const char *tree_prefix, const char *extra_env)
{
    memset (stack, 0, sizeof *stack);
    stack->prefix = sf_test_unique (name);
    stack->directory_schema = dt_directory_start (&stack->directory, stack->prefix);
    char schema [64], env [512];
    snprintf (schema, sizeof schema, "%s_train", stack->prefix);
    stack->schema = strdup (schema);
    stack->db = sf_test_db (stack->schema);
    snprintf (env, sizeof env, "SF_REDIS_STREAM_PREFIX=%s SF_TEST_SETTABLE_CLOCK=1%s%s", stack->prefix,
              extra_env? " ": "", extra_env? extra_env: "");
    sf_test_daemon_start (&stack->daemon, TK_TRAINING_BINARY, stack->schema, env);
    stack->service = dt_client (&stack->directory);
    dt_build_tree (stack->service, tree_prefix);
    static const struct { int kind; const char *code, *parent, *name; } more [] = {
        { DIRECTORY__KIND__KIND_DEPARTMENT, "H", "C", "安全环保部" },
        { DIRECTORY__KIND__KIND_PLANT, "Q", "C", "二厂" },
        { DIRECTORY__KIND__KIND_DEPARTMENT, "QD", "Q", "化工车间" },
        { DIRECTORY__KIND__KIND_TEAM, "QT", "QD", "合成班" },
        { DIRECTORY__KIND__KIND_POST, "QS", "QT", "合成操作岗" }
    };
    char code [64], parent [64];
    for (size_t i = 0; i < sizeof more / sizeof more [0]; i++) {
        snprintf (code, sizeof code, "%s%s", tree_prefix, more [i].code);
        snprintf (parent, sizeof parent, "%s%s", tree_prefix, more [i].parent);
        SF_CHECK (dt_create (stack->service, more [i].kind, code, parent, more [i].name, NULL, NULL) == SF_OK);
    }
    s_wait_unit (stack, code);
    snprintf (code, sizeof code, "%sS", tree_prefix);
    s_wait_unit (stack, code);
    snprintf (code, sizeof code, "%sH", tree_prefix);
    s_wait_unit (stack, code);
}

void
tk_stack_stop (tk_stack_t *stack)
{
    sf_rpc_client_destroy (&stack->service);
    sf_test_daemon_stop (&stack->daemon, SIGTERM);
    sf_test_daemon_stop (&stack->directory, SIGTERM);
    sf_db_destroy (&stack->db);
    free (stack->prefix);
    free (stack->directory_schema);
    free (stack->schema);
}

sf_rpc_client_t *
tk_client (tk_stack_t *stack, const char *user, const char *roles, const char *unit)
{
    if (roles && *roles)
        sf_test_account (stack->schema, user, roles, unit);
    sf_rpc_client_t *client = sf_test_daemon_client (&stack->daemon);
    sf_rpc_client_set_actor (client, user, "", unit, "");
    return client;
}

sf_status_t
tk_call (sf_rpc_client_t *client, const ProtobufCMessage *request, const ProtobufCMessageDescriptor *reply_type,
         void *reply_p)
{
    sf_reply_t reply;
    sf_status_t status = dt_ask (client, request, &reply);
    if (status != SF_OK)
        fprintf (stderr, "%s: %s: %s\n", request->descriptor->name, sf_status_name (status), reply.reason_en);
    if (reply_p) {
        *(void **) reply_p = NULL;
        if (status == SF_OK) {
            SF_CHECK_STR (reply.type, reply_type->name);
            *(void **) reply_p = dt_body (&reply, reply_type);
        }
    }
    sf_reply_clear (&reply);
    return status;
}

char **
tk_strings (const char *text, size_t *count)
{
    *count = 0;
    char **items = calloc (64, sizeof *items);
    if (!text || !*text)
        return items;
    char *copy = strdup (text);
    char *rest = copy;
    for (char *item = strsep (&rest, "|"); item && *count < 63; item = strsep (&rest, "|"))
        items [(*count)++] = strdup (item);
    free (copy);
    return items;
}

void
tk_strings_free (char **items, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free (items [i]);
    free (items);
}

sf_status_t
tk_create (sf_rpc_client_t *client, const char *owner, int category, const char *title, const char *body,
           const char *tags, const char *posts, Training__Article **article)
{
    Training__CreateArticle create = TRAINING__CREATE_ARTICLE__INIT;
    create.owner_unit = (char *) owner;
    create.category = (Training__ArticleCategory) category;
    create.title = (char *) title;
    create.body = (char *) body;
    create.tags = tk_strings (tags, &create.n_tags);
    create.post_codes = tk_strings (posts, &create.n_post_codes);
    sf_status_t status = tk_call (client, &create.base, &training__article__descriptor, article);
    tk_strings_free (create.tags, create.n_tags);
    tk_strings_free (create.post_codes, create.n_post_codes);
    return status;
}

sf_status_t
tk_search (sf_rpc_client_t *client, const char *query, int category, const char *post, int limit,
           Training__ArticleSearchResult **result)
{
    Training__SearchArticles search = TRAINING__SEARCH_ARTICLES__INIT;
    search.query = (char *) query;
    search.category = (Training__ArticleCategory) category;
    search.post_code = (char *) (post? post: "");
    search.limit = limit;
    return tk_call (client, &search.base, &training__article_search_result__descriptor, result);
}
