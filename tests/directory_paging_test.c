/*  Paging of the directory's lists (ListSubtree, ExportNodes) against a real daemon: a tree
    larger than the biggest page, walked page by page, gives every node once and in the order
    one page gives it; nodes created during a walk neither repeat nor hide the others; the
    default and the largest page size hold; a bad token, another list's token and a negative
    page_size are refused with a reason.                                                    */
#include "directory_testlib.h"
#include "sf_page.h"
#include "sf_pb.h"

#include "envelope.pb-c.h"

#include <string.h>

#define S_PREFIX "pg"
#define S_EMPLOYEES_PER_POST 130
//  Team codes that order differently as joined text and as paths ('-' sorts before '/'): the
//  subtree's order must still be pre-order.
static const char *s_teams [] = { "pgT", "pgT-1", "pgT0", "pgT_2" };
#define S_TEAMS 4
#define S_POSTS_PER_TEAM 2
//  Company, plant, department, the teams, their posts and the employees.
#define S_NODES (3 + S_TEAMS + S_TEAMS * S_POSTS_PER_TEAM * (1 + S_EMPLOYEES_PER_POST))
#define S_IMPORT_MS 60000

static void
s_import_tree (sf_rpc_client_t *client)
{
    zchunk_t *csv = zchunk_new (NULL, 0);
    const char *head = "kind,code,parent_code,name_zh,name_en,employment_type\n"
                       "company,pgC,,分页公司,,\nplant,pgP,pgC,分页厂区,,\ndepartment,pgD,pgP,分页部门,,\n";
    zchunk_extend (csv, head, strlen (head));
    for (int team = 0; team < S_TEAMS; team++) {
        char *line = zsys_sprintf ("team,%s,pgD,班组%d,,\n", s_teams [team], team);
        zchunk_extend (csv, line, strlen (line));
        zstr_free (&line);
        for (int post = 0; post < S_POSTS_PER_TEAM; post++) {
            line = zsys_sprintf ("post,%sS%d,%s,岗位%d,,\n", s_teams [team], post, s_teams [team], post);
            zchunk_extend (csv, line, strlen (line));
            zstr_free (&line);
            for (int employee = 0; employee < S_EMPLOYEES_PER_POST; employee++) {
                line = zsys_sprintf ("employee,%sS%dE%03d,%sS%d,员工%d,,regular\n", s_teams [team], post, employee,
                                     s_teams [team], post, employee);
                zchunk_extend (csv, line, strlen (line));
                zstr_free (&line);
            }
        }
    }
    Directory__ImportCsv import = DIRECTORY__IMPORT_CSV__INIT;
    import.file_name = (char *) "paging.csv";
    import.csv.data = zchunk_data (csv);
    import.csv.len = zchunk_size (csv);
    sf_rpc_client_set_retry (client, S_IMPORT_MS, 1);
    sf_reply_t reply;
    SF_CHECK (dt_ask (client, &import.base, &reply) == SF_OK);
    Directory__ImportResult *result = dt_body (&reply, &directory__import_result__descriptor);
    SF_CHECK (result->created == S_NODES);
    sf_pb_destroy (&result);
    sf_reply_clear (&reply);
    zchunk_destroy (&csv);
}

//  Sends a list request that must succeed; the page it answers.
static Directory__NodeList *
s_page (sf_rpc_client_t *client, const ProtobufCMessage *request)
{
    sf_reply_t reply;
    sf_status_t status = dt_ask (client, request, &reply);
    if (status != SF_OK)
        fprintf (stderr, "%s: %s %s\n", request->descriptor->name, sf_status_name (status), reply.reason_en);
    SF_CHECK (status == SF_OK);
    Directory__NodeList *list = dt_body (&reply, &directory__node_list__descriptor);
    sf_reply_clear (&reply);
    return list;
}

//  A request that must be refused as invalid_argument with a reason naming field.
static void
s_refused (sf_rpc_client_t *client, const ProtobufCMessage *request, const char *field)
{
    sf_reply_t reply;
    SF_CHECK (dt_ask (client, request, &reply) == SF_INVALID_ARGUMENT);
    SF_CHECK (strstr (reply.reason_en, field) && strstr (reply.reason_zh, field));
    sf_reply_clear (&reply);
}

//  Each node's parent, as the walks saw it.
static zhashx_t *s_parents;

//  Every node of the walk, as codes in order; *pages counts the pages. Each page but the last
//  holds page_size nodes (or the default) and a token. between, when given, runs after the
//  first page.
static zlistx_t *
s_walk_subtree (sf_rpc_client_t *client, int32_t page_size, int *pages, void (*between) (sf_rpc_client_t *))
{
    zlistx_t *codes = zlistx_new ();
    zlistx_set_destructor (codes, (zlistx_destructor_fn *) zstr_free);
    zlistx_set_duplicator (codes, (zlistx_duplicator_fn *) strdup);
    Directory__ListSubtree subtree = DIRECTORY__LIST_SUBTREE__INIT;
    subtree.code = (char *) "pgC";
    subtree.page_size = page_size;
    char *token = strdup ("");
    *pages = 0;
    do {
        subtree.page_token = token;
        Directory__NodeList *list = s_page (client, &subtree.base);
        int expected = page_size == 0? SF_PAGE_SIZE_DEFAULT: page_size > SF_PAGE_SIZE_MAX? SF_PAGE_SIZE_MAX: page_size;
        SF_CHECK (list->n_nodes <= (size_t) expected);
        if (*list->next_page_token)
            SF_CHECK (list->n_nodes == (size_t) expected);
        for (size_t index = 0; index < list->n_nodes; index++) {
            zlistx_add_end (codes, list->nodes [index]->code);      //  the duplicator copies
            zhashx_update (s_parents, list->nodes [index]->code, list->nodes [index]->parent_code);
        }
        free (token);
        token = strdup (list->next_page_token);
        sf_pb_destroy (&list);
        if (++*pages == 1 && between)
            between (client);
    } while (*token);
    free (token);
    return codes;
}

//  True when the two lists hold the same codes in the same order.
static bool
s_same (zlistx_t *a, zlistx_t *b)
{
    if (zlistx_size (a) != zlistx_size (b))
        return false;
    for (char *x = zlistx_first (a), *y = zlistx_first (b); x; x = zlistx_next (a), y = zlistx_next (b))
        if (strcmp (x, y) != 0)
            return false;
    return true;
}

static int
s_count (zlistx_t *codes, const char *code)
{
    int count = 0;
    for (char *item = zlistx_first (codes); item; item = zlistx_next (codes))
        count += strcmp (item, code) == 0;
    return count;
}

//  Created during a walk of pages of 50: one node that sorts before the first page's end
//  (under the first team), one after it (under the last).
static void
s_create_during_walk (sf_rpc_client_t *client)
{
    SF_CHECK (dt_create (client, DIRECTORY__KIND__KIND_EMPLOYEE, "pgTS0E000a", "pgTS0", "早到的员工", NULL, NULL) == SF_OK);
    SF_CHECK (dt_create (client, DIRECTORY__KIND__KIND_EMPLOYEE, "pgT_2S1E999", "pgT_2S1", "晚到的员工", NULL, NULL) == SF_OK);
}

static void
test_subtree (sf_rpc_client_t *client)
{
    //  The largest page is lowered to SF_PAGE_SIZE_MAX: the tree takes two.
    int pages;
    zlistx_t *whole = s_walk_subtree (client, SF_PAGE_SIZE_MAX * 5, &pages, NULL);
    SF_CHECK (pages == (S_NODES + SF_PAGE_SIZE_MAX - 1) / SF_PAGE_SIZE_MAX);
    SF_CHECK (zlistx_size (whole) == S_NODES);
    //  Pre-order: each node comes right after its parent's branch began, never after the
    //  branch ended (the ancestors of the node before it, or that node, hold its parent).
    zlistx_t *ancestors = zlistx_new ();
    zhashx_t *seen = zhashx_new ();
    for (char *code = zlistx_first (whole); code; code = zlistx_next (whole)) {
        SF_CHECK (zhashx_insert (seen, code, code) == 0);
        const char *parent = zhashx_lookup (s_parents, code);
        while (zlistx_size (ancestors) && strcmp (zlistx_last (ancestors), parent) != 0)
            zlistx_delete (ancestors, zlistx_cursor (ancestors));
        SF_CHECK (zlistx_size (ancestors) || code == zlistx_first (whole));
        zlistx_add_end (ancestors, code);
    }
    zlistx_destroy (&ancestors);
    zhashx_destroy (&seen);

    //  The default page, and small pages: the same nodes in the same order.
    zlistx_t *walked = s_walk_subtree (client, 0, &pages, NULL);
    SF_CHECK (pages == (S_NODES + SF_PAGE_SIZE_DEFAULT - 1) / SF_PAGE_SIZE_DEFAULT);
    SF_CHECK (s_same (walked, whole));
    zlistx_destroy (&walked);
    walked = s_walk_subtree (client, 7, &pages, NULL);
    SF_CHECK (pages == (S_NODES + 6) / 7);
    SF_CHECK (s_same (walked, whole));
    zlistx_destroy (&walked);

    //  Nodes created during a walk: the one behind the cursor is not listed, the one ahead
    //  is, once; every other node once, in order.
    walked = s_walk_subtree (client, 50, &pages, s_create_during_walk);
    SF_CHECK (s_count (walked, "pgTS0E000a") == 0);
    SF_CHECK (s_count (walked, "pgT_2S1E999") == 1);
    zlistx_t *found = zlistx_dup (walked);
    for (char *code = zlistx_first (found); code; code = zlistx_next (found))
        if (strcmp (code, "pgT_2S1E999") == 0) {
            zlistx_delete (found, zlistx_cursor (found));
            break;
        }
    SF_CHECK (s_same (found, whole));
    zlistx_destroy (&found);
    zlistx_destroy (&walked);
    zlistx_destroy (&whole);

    //  The filters still apply on every page: two levels below the plant.
    Directory__ListSubtree subtree = DIRECTORY__LIST_SUBTREE__INIT;
    subtree.code = (char *) "pgP";
    subtree.max_depth = 2;
    subtree.page_size = 2;
    Directory__NodeList *list = s_page (client, &subtree.base);
    SF_CHECK (list->n_nodes == 2 && *list->next_page_token);
    SF_CHECK_STR (list->nodes [1]->code, "pgD");
    subtree.page_token = list->next_page_token;
    Directory__NodeList *next = s_page (client, &subtree.base);
    SF_CHECK (next->n_nodes == 2 && next->nodes [0]->depth == 2 && *next->next_page_token);
    SF_CHECK_STR (next->nodes [0]->code, "pgT");
    sf_pb_destroy (&next);
    sf_pb_destroy (&list);
}

static void
test_export (sf_rpc_client_t *client)
{
    Directory__ExportNodes export = DIRECTORY__EXPORT_NODES__INIT;
    export.page_size = 100;
    char *token = strdup ("");
    int64_t last_id = 0;
    int seen = 0, pages = 0;
    do {
        export.page_token = token;
        Directory__NodeList *list = s_page (client, &export.base);
        for (size_t index = 0; index < list->n_nodes; index++) {
            SF_CHECK (list->nodes [index]->id > last_id);
            last_id = list->nodes [index]->id;
            seen++;
        }
        SF_CHECK (list->n_nodes == 100 || !*list->next_page_token);
        free (token);
        token = strdup (list->next_page_token);
        sf_pb_destroy (&list);
        pages++;
    } while (*token);
    free (token);
    //  The tree and the two created during the subtree walk.
    SF_CHECK (seen == S_NODES + 2);
    SF_CHECK (pages == (seen + 99) / 100);

    //  The paging ExportNodes had before: after_id and limit, still read.
    Directory__ExportNodes legacy = DIRECTORY__EXPORT_NODES__INIT;
    legacy.after_id = last_id - 3;
    legacy.limit = 2;
    Directory__NodeList *list = s_page (client, &legacy.base);
    SF_CHECK (list->n_nodes == 2 && list->nodes [0]->id > legacy.after_id && *list->next_page_token);
    sf_pb_destroy (&list);
    legacy.limit = 5000;
    legacy.after_id = 0;
    list = s_page (client, &legacy.base);
    SF_CHECK (list->n_nodes == SF_PAGE_SIZE_MAX && *list->next_page_token);
    sf_pb_destroy (&list);
}

//  A token packed by hand: type and keys as given.
static char *
s_forged_token (const char *type, const char *key)
{
    Sf__PageToken token = SF__PAGE_TOKEN__INIT;
    token.type = (char *) type;
    token.n_after = 1;
    token.after = (char **) &key;
    uint8_t packed [256];
    size_t size = sf__page_token__pack (&token, packed);
    zarmour_t *armour = zarmour_new ();
    zarmour_set_mode (armour, ZARMOUR_MODE_BASE64_URL);
    zarmour_set_pad (armour, false);
    char *text = zarmour_encode (armour, packed, size);
    zarmour_destroy (&armour);
    return text;
}

static void
test_refused (sf_rpc_client_t *client)
{
    Directory__ListSubtree subtree = DIRECTORY__LIST_SUBTREE__INIT;
    subtree.code = (char *) "pgC";
    subtree.page_size = -1;
    s_refused (client, &subtree.base, "page_size");
    subtree.page_size = 0;
    subtree.page_token = (char *) "not-a-token";
    s_refused (client, &subtree.base, "page_token");

    //  An ExportNodes token does not page a subtree, nor the other way round.
    Directory__ExportNodes export = DIRECTORY__EXPORT_NODES__INIT;
    export.page_size = 1;
    Directory__NodeList *list = s_page (client, &export.base);
    subtree.page_token = list->next_page_token;
    s_refused (client, &subtree.base, "page_token");
    subtree.page_token = (char *) "";
    subtree.page_size = 1;
    Directory__NodeList *nodes = s_page (client, &subtree.base);
    export.page_token = nodes->next_page_token;
    s_refused (client, &export.base, "page_token");
    sf_pb_destroy (&nodes);
    sf_pb_destroy (&list);
    export.page_token = (char *) "";
    export.page_size = -5;
    s_refused (client, &export.base, "page_size");

    //  A token made by hand whose key is not an id.
    char *forged = s_forged_token ("directory.ExportNodes", "12 OR 1=1");
    export.page_size = 0;
    export.page_token = forged;
    s_refused (client, &export.base, "page_token");
    zstr_free (&forged);
    //  A hand-made subtree position is only a place to start: the list still answers.
    forged = s_forged_token ("directory.ListSubtree", "pgC/pgP/pgD/pgT_2");
    subtree.page_token = forged;
    subtree.page_size = 0;
    nodes = s_page (client, &subtree.base);
    SF_CHECK (nodes->n_nodes > 0);
    SF_CHECK_STR (nodes->nodes [0]->code, "pgT_2S0");
    sf_pb_destroy (&nodes);
    zstr_free (&forged);
}

int
main (void)
{
    char *schema = sf_test_unique ("dirpaging");
    sf_test_daemon_t daemon;
    sf_test_daemon_start (&daemon, DIRECTORY_BINARY, schema, NULL);
    sf_rpc_client_t *client = dt_client (&daemon);
    s_parents = zhashx_new ();
    zhashx_set_destructor (s_parents, (zhashx_destructor_fn *) zstr_free);
    zhashx_set_duplicator (s_parents, (zhashx_duplicator_fn *) strdup);
    s_import_tree (client);
    sf_rpc_client_set_retry (client, 10000, 1);
    test_subtree (client);
    test_export (client);
    test_refused (client);
    sf_rpc_client_destroy (&client);
    zhashx_destroy (&s_parents);
    sf_test_daemon_stop (&daemon, SIGTERM);
    sf_db_t *db = sf_test_db_session (schema);
    sf_test_drop_schema (db, schema);
    sf_db_destroy (&db);
    free (schema);
    printf ("directory paging: OK\n");
    return 0;
}
