/*  Knowledge base articles through a real training daemon: an article's life (create, edit
    keeping every version, a given version, the versions newest first, a stale edit refused),
    its events, who may write and read (a plant's safety officer writes in the plant and not
    at the company; an article of the company's office is read by everyone, one of a plant's
    unit only within that plant: an account of the other plant holding every role there reads,
    finds and touches nothing of it), lists by category, post and owner with paging, and bad
    input refused with its reason and nothing changed.                                      */
#include "training_kb_testlib.h"
#include "sf_pb.h"

#include <string.h>

#define S_POST_NORMS TRAINING__ARTICLE_CATEGORY__ARTICLE_POST_NORMS
#define S_EMERGENCY TRAINING__ARTICLE_CATEGORY__ARTICLE_EMERGENCY

static tk_stack_t stack;

//  What a refused command must leave as it was.
static int64_t
s_state (void)
{
    return sf_test_scalar (stack.db, "SELECT (SELECT count(*) FROM kb_article) * 1000000"
                           " + (SELECT count(*) FROM kb_article_version) * 1000 + (SELECT count(*) FROM sf_outbox)", NULL);
}

static sf_status_t
s_get (sf_rpc_client_t *client, int64_t id, int version, Training__Article **article)
{
    Training__GetArticle get = TRAINING__GET_ARTICLE__INIT;
    get.id = id;
    get.version = version;
    return tk_call (client, &get.base, &training__article__descriptor, article);
}

static sf_status_t
s_edit (sf_rpc_client_t *client, int64_t id, int base, const char *title, const char *body, const char *tags,
        const char *posts, Training__Article **article)
{
    Training__EditArticle edit = TRAINING__EDIT_ARTICLE__INIT;
    edit.id = id;
    edit.base_version = base;
    edit.title = (char *) title;
    edit.body = (char *) body;
    edit.note = (char *) "补充应急措施";
    edit.tags = tk_strings (tags, &edit.n_tags);
    edit.post_codes = tk_strings (posts, &edit.n_post_codes);
    sf_status_t status = tk_call (client, &edit.base, &training__article__descriptor, article);
    tk_strings_free (edit.tags, edit.n_tags);
    tk_strings_free (edit.post_codes, edit.n_post_codes);
    return status;
}

//  Every page of ListArticles (page_size 1), the ids in order into ids (at most max).
static size_t
s_list (sf_rpc_client_t *client, int category, const char *post, const char *owner, int64_t *ids, size_t max)
{
    Training__ListArticles query = TRAINING__LIST_ARTICLES__INIT;
    query.category = (Training__ArticleCategory) category;
    query.post_code = (char *) (post? post: "");
    query.owner_unit = (char *) (owner? owner: "");
    query.page_size = 1;
    size_t count = 0;
    char *token = strdup ("");
    do {
        query.page_token = token;
        Training__ArticleList *list;
        SF_CHECK (tk_call (client, &query.base, &training__article_list__descriptor, &list) == SF_OK);
        SF_CHECK (list->n_articles <= 1);
        for (size_t i = 0; i < list->n_articles; i++) {
            SF_CHECK (count < max);
            SF_CHECK_STR (list->articles [i]->body, "");
            ids [count++] = list->articles [i]->id;
        }
        free (token);
        token = strdup (list->next_page_token);
        sf_pb_destroy (&list);
    } while (*token);
    free (token);
    return count;
}

static size_t
s_hits (sf_rpc_client_t *client, const char *query, int64_t id)
{
    Training__ArticleSearchResult *result;
    SF_CHECK (tk_search (client, query, 0, NULL, 50, &result) == SF_OK);
    size_t found = 0;
    for (size_t i = 0; i < result->n_hits; i++)
        found += result->hits [i]->article->id == id;
    sf_pb_destroy (&result);
    return found;
}

int
main (void)
{
    tk_stack_start (&stack, "tkart", "ka", NULL);
    sf_rpc_client_t *ehs = tk_client (&stack, "ka.ehs", "ehs", "kaC");
    sf_rpc_client_t *officer = tk_client (&stack, "ka.officer", "safety_officer", "kaP");
    sf_rpc_client_t *worker = tk_client (&stack, "ka.worker", "worker", "kaT");
    sf_rpc_client_t *head = tk_client (&stack, "ka.head", "department_head", "kaD");
    sf_rpc_client_t *foreign = tk_client (&stack, "ka.foreign", "admin,ehs,plant_safety_manager,safety_officer", "kaQ");

    //  A plant's article: version 1, its plant, its post, its event.
    Training__Article *article;
    SF_CHECK (tk_create (officer, "kaD", S_POST_NORMS, "车工岗安全操作规程", "操作车床严禁戴手套，必须扎紧袖口。",
                         "车床|机械伤害", "kaS", &article) == SF_OK);
    int64_t id = article->id;
    SF_CHECK (article->version == 1 && article->category == S_POST_NORMS);
    SF_CHECK_STR (article->plant_code, "kaP");
    SF_CHECK_STR (article->owner_unit, "kaD");
    SF_CHECK_STR (article->created_by, "ka.officer");
    SF_CHECK (article->n_tags == 2 && article->n_post_codes == 1);
    sf_pb_destroy (&article);
    char id_text [24];
    snprintf (id_text, sizeof id_text, "%lld", (long long) id);
    SF_CHECK (sf_test_scalar (stack.db, "SELECT count(*) FROM sf_audit WHERE aggregate_type = 'article'"
                              " AND event_type = 'training.article_created' AND aggregate_id = $1 AND plant = 'kaP'"
                              " AND actor = 'ka.officer'", id_text) == 1);

    //  An edit: version 2, version 1 kept as it was.
    SF_CHECK (s_edit (officer, id, 1, "车工岗安全操作规程（修订）", "操作车床严禁戴手套。工件飞出伤人时立即停机。",
                      "车床", "kaS", &article) == SF_OK);
    SF_CHECK (article->version == 2 && article->category == S_POST_NORMS && article->n_tags == 1);
    SF_CHECK_STR (article->note, "补充应急措施");
    SF_CHECK_STR (article->created_by, "ka.officer");
    sf_pb_destroy (&article);
    SF_CHECK (s_get (worker, id, 1, &article) == SF_OK);
    SF_CHECK (article->version == 1 && article->n_tags == 2);
    SF_CHECK_STR (article->title, "车工岗安全操作规程");
    sf_pb_destroy (&article);
    SF_CHECK (s_get (worker, id, 0, &article) == SF_OK);
    SF_CHECK (article->version == 2);
    SF_CHECK_STR (article->title, "车工岗安全操作规程（修订）");
    sf_pb_destroy (&article);
    SF_CHECK (s_get (worker, id, 3, NULL) == SF_NOT_FOUND);
    SF_CHECK (s_get (worker, id + 1000, 0, NULL) == SF_NOT_FOUND);
    Training__ListArticleVersions versions = TRAINING__LIST_ARTICLE_VERSIONS__INIT;
    versions.id = id;
    Training__ArticleList *list;
    SF_CHECK (tk_call (worker, &versions.base, &training__article_list__descriptor, &list) == SF_OK);
    SF_CHECK (list->n_articles == 2 && list->articles [0]->version == 2 && list->articles [1]->version == 1);
    SF_CHECK (strstr (list->articles [1]->body, "扎紧袖口"));
    sf_pb_destroy (&list);
    versions.page_size = 1;
    SF_CHECK (tk_call (worker, &versions.base, &training__article_list__descriptor, &list) == SF_OK);
    SF_CHECK (list->n_articles == 1 && *list->next_page_token);
    versions.page_token = list->next_page_token;
    Training__ArticleList *rest;
    SF_CHECK (tk_call (worker, &versions.base, &training__article_list__descriptor, &rest) == SF_OK);
    SF_CHECK (rest->n_articles == 1 && rest->articles [0]->version == 1 && !*rest->next_page_token);
    sf_pb_destroy (&rest);
    sf_pb_destroy (&list);
    SF_CHECK (sf_test_scalar (stack.db, "SELECT count(*) FROM sf_outbox WHERE event_type = 'training.article_edited'", NULL) == 1);
    //  The search finds the new version, not the old.
    SF_CHECK (s_hits (worker, "工件飞出", id) == 1);
    SF_CHECK (s_hits (worker, "扎紧袖口", id) == 0);

    //  An edit from version 1 now: someone edited meanwhile. Nothing changes.
    int64_t before = s_state ();
    SF_CHECK (s_edit (officer, id, 1, "旧稿", "旧稿正文", NULL, NULL, NULL) == SF_CONFLICT);
    SF_CHECK (s_edit (officer, id, 0, "旧稿", "旧稿正文", NULL, NULL, NULL) == SF_CONFLICT);
    SF_CHECK (s_edit (officer, id + 1000, 1, "无此文", "无此文", NULL, NULL, NULL) == SF_NOT_FOUND);
    SF_CHECK (s_state () == before);

    //  Who may write: not a worker, not a department head; a plant's officer not at the company.
    SF_CHECK (tk_create (worker, "kaT", S_POST_NORMS, "班组规定", "正文", NULL, NULL, NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (tk_create (head, "kaD", S_POST_NORMS, "部门规定", "正文", NULL, NULL, NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (s_edit (worker, id, 2, "改", "改", NULL, NULL, NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (tk_create (officer, "kaH", S_EMERGENCY, "公司预案", "正文", NULL, NULL, NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (tk_create (officer, "kaC", S_EMERGENCY, "公司预案", "正文", NULL, NULL, NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (s_state () == before);

    //  The company office's article: everyone reads it, the plant's officer does not edit it.
    Training__Article *company;
    SF_CHECK (tk_create (ehs, "kaH", S_EMERGENCY, "火灾事故应急预案", "发现火情立即拨打119，组织人员疏散。", "消防", NULL,
                         &company) == SF_OK);
    SF_CHECK_STR (company->plant_code, "");
    SF_CHECK (s_edit (officer, company->id, 1, "改", "改", NULL, NULL, NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (s_get (foreign, company->id, 0, NULL) == SF_OK);
    SF_CHECK (s_get (worker, company->id, 0, NULL) == SF_OK);
    SF_CHECK (s_hits (foreign, "火灾 疏散", company->id) == 1);

    //  Another plant's account with every role there: nothing of plant kaP, to read or to touch.
    before = s_state ();
    SF_CHECK (s_get (foreign, id, 0, NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (s_get (foreign, id, 1, NULL) == SF_PERMISSION_DENIED);
    versions.page_size = 0;
    versions.page_token = (char *) "";
    SF_CHECK (tk_call (foreign, &versions.base, &training__article_list__descriptor, NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (s_edit (foreign, id, 2, "改", "改", NULL, NULL, NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (tk_create (foreign, "kaD", S_POST_NORMS, "越权", "越权", NULL, NULL, NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (s_hits (foreign, "车工岗", id) == 0 && s_hits (foreign, "工件飞出", id) == 0);
    int64_t ids [16];
    size_t count = s_list (foreign, 0, NULL, NULL, ids, 16);
    SF_CHECK (count == 1 && ids [0] == company->id);
    SF_CHECK (s_list (foreign, 0, "kaS", NULL, ids, 16) == 0);
    SF_CHECK (s_state () == before);
    //  ... and what it keeps in its own plant, plant kaP does not see.
    Training__Article *theirs;
    SF_CHECK (tk_create (foreign, "kaQD", TRAINING__ARTICLE_CATEGORY__ARTICLE_HAZARDOUS_CHEMICALS, "液氨储罐区管理",
                         "液氨储罐区应设置氨气检测报警仪。", NULL, "kaQS", &theirs) == SF_OK);
    SF_CHECK (s_get (worker, theirs->id, 0, NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (s_hits (worker, "液氨", theirs->id) == 0 && s_hits (ehs, "液氨", theirs->id) == 1);

    //  Lists: newest first, by category, post and owner, a page at a time.
    count = s_list (ehs, 0, NULL, NULL, ids, 16);
    SF_CHECK (count == 3 && ids [0] == theirs->id && ids [1] == company->id && ids [2] == id);
    count = s_list (worker, 0, NULL, NULL, ids, 16);
    SF_CHECK (count == 2 && ids [0] == company->id && ids [1] == id);
    SF_CHECK (s_list (worker, S_POST_NORMS, NULL, NULL, ids, 16) == 1 && ids [0] == id);
    SF_CHECK (s_list (worker, 0, "kaS", NULL, ids, 16) == 1 && ids [0] == id);
    SF_CHECK (s_list (ehs, 0, NULL, "kaP", ids, 16) == 1 && ids [0] == id);
    SF_CHECK (s_list (ehs, 0, NULL, "kaC", ids, 16) == 3);
    sf_pb_destroy (&theirs);

    //  Bad input: refused with its reason, nothing changed.
    before = s_state ();
    char long_title [4 * 201 + 1] = "", long_body [3 * 5001 + 1] = "";
    for (int i = 0; i < 201; i++)
        strcat (long_title, "安");
    for (int i = 0; i < 5001; i++)
        strcat (long_body, "全");
    SF_CHECK (tk_create (officer, "kaD", 0, "无类别", "正文", NULL, NULL, NULL) == SF_INVALID_ARGUMENT);
    SF_CHECK (tk_create (officer, "kaD", 11, "类别越界", "正文", NULL, NULL, NULL) == SF_INVALID_ARGUMENT);
    SF_CHECK (tk_create (officer, "kaD", S_POST_NORMS, long_title, "正文", NULL, NULL, NULL) == SF_INVALID_ARGUMENT);
    SF_CHECK (tk_create (officer, "kaD", S_POST_NORMS, "长文", long_body, NULL, NULL, NULL) == SF_INVALID_ARGUMENT);
    SF_CHECK (tk_create (officer, "kaD", S_POST_NORMS, "空标签", "正文", "车床| ", NULL, NULL) == SF_INVALID_ARGUMENT);
    SF_CHECK (tk_create (officer, "kaD", S_POST_NORMS, "标签过多", "正文",
                         "1|2|3|4|5|6|7|8|9|10|11|12|13|14|15|16|17|18|19|20|21", NULL, NULL) == SF_INVALID_ARGUMENT);
    SF_CHECK (tk_create (officer, "kaD", S_POST_NORMS, "无此岗位", "正文", NULL, "kaNOPOST", NULL) == SF_NOT_FOUND);
    SF_CHECK (tk_create (officer, "kaD", S_POST_NORMS, "不是岗位", "正文", NULL, "kaT", NULL) == SF_INVALID_ARGUMENT);
    SF_CHECK (tk_create (ehs, "kaD", S_POST_NORMS, "他厂岗位", "正文", NULL, "kaQS", NULL) == SF_INVALID_ARGUMENT);
    SF_CHECK (tk_create (officer, "kaD", S_POST_NORMS, " ", "正文", NULL, NULL, NULL) == SF_INVALID_ARGUMENT);
    SF_CHECK (tk_create (officer, "kaD", S_POST_NORMS, "无正文", "", NULL, NULL, NULL) == SF_INVALID_ARGUMENT);
    SF_CHECK (tk_create (officer, "kaNOUNIT", S_POST_NORMS, "无此单位", "正文", NULL, NULL, NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (s_edit (officer, id, 2, long_title, "正文", NULL, NULL, NULL) == SF_INVALID_ARGUMENT);
    SF_CHECK (s_edit (officer, id, 2, "他厂岗位", "正文", NULL, "kaQS", NULL) == SF_INVALID_ARGUMENT);
    SF_CHECK (s_get (worker, id, -1, NULL) == SF_NOT_FOUND);
    Training__ListArticles bad_list = TRAINING__LIST_ARTICLES__INIT;
    bad_list.category = (Training__ArticleCategory) 12;
    SF_CHECK (tk_call (worker, &bad_list.base, &training__article_list__descriptor, NULL) == SF_INVALID_ARGUMENT);
    bad_list.category = 0;
    bad_list.page_token = (char *) "not-a-token";
    SF_CHECK (tk_call (worker, &bad_list.base, &training__article_list__descriptor, NULL) == SF_INVALID_ARGUMENT);
    SF_CHECK (s_state () == before);

    sf_pb_destroy (&company);
    sf_rpc_client_destroy (&ehs);
    sf_rpc_client_destroy (&officer);
    sf_rpc_client_destroy (&worker);
    sf_rpc_client_destroy (&head);
    sf_rpc_client_destroy (&foreign);
    tk_stack_stop (&stack);
    return 0;
}
