/*  safetyctl training kb: the knowledge base (安全知识库) of the training daemon: add an
    article, edit it (a new version; the ones before stay), show it or one of its versions,
    list its versions, list articles by category, post or owner, and search in Chinese or
    English with the matches marked in 【】. The daemon checks every rule and decides what
    the account may read; the client translates only words and dates.                      */
#include "ctl_training.h"
#include "ctl_args.h"
#include "ctl_daemon.h"
#include "ctl_output.h"
#include "ctl_page.h"
#include "ctl_table.h"
#include "sf_codec.h"
#include "sf_pb.h"
#include "training_kb.pb-c.h"
#include "training_kb_names.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_DAEMON "training"

static const sf_text_t s_msg_bad_category = {
    "未知的类别“%s”：可用 occupational_health、daily_rules、must_know、post_norms、post_notice、"
    "hazardous_chemicals、violation_cases、team_hazards、emergency、protective_equipment，或其中文名、编号 1-10",
    "unknown category '%s': use occupational_health, daily_rules, must_know, post_norms, post_notice,"
    " hazardous_chemicals, violation_cases, team_hazards, emergency, protective_equipment, their Chinese names or 1-10"
};
static const sf_text_t s_msg_bad_file = { "无法读取文件“%s”", "cannot read the file '%s'" };
static const sf_text_t s_msg_no_body = {
    "请用 --body 或 --body-file 给出正文", "give the body with --body or --body-file"
};
static const sf_text_t s_msg_done = {
    "知识库文章 %lld：%s（第 %d 版）\n", "Article %lld: %s (version %d)\n"
};
static const sf_text_t s_msg_hits = {
    "“%s”：%zu 条结果\n", "'%s': %zu hits\n"
};
static const sf_text_t s_label_id = { "编号", "Id" };
static const sf_text_t s_label_version = { "版本", "Version" };
static const sf_text_t s_label_category = { "类别", "Category" };
static const sf_text_t s_label_title = { "标题", "Title" };
static const sf_text_t s_label_body = { "正文", "Body" };
static const sf_text_t s_label_tags = { "标签", "Tags" };
static const sf_text_t s_label_posts = { "关联岗位", "Posts" };
static const sf_text_t s_label_hazards = { "关联危险源", "Hazards" };
static const sf_text_t s_label_lessons = { "关联教训", "Lessons" };
static const sf_text_t s_label_owner = { "维护单位", "Owner unit" };
static const sf_text_t s_label_plant = { "厂区", "Plant" };
static const sf_text_t s_label_source = { "来源", "Source" };
static const sf_text_t s_label_note = { "本版说明", "Note" };
static const sf_text_t s_label_edited = { "修改", "Edited" };
static const sf_text_t s_label_created = { "创建", "Created" };
static const sf_text_t s_company_wide = { "全公司", "company-wide" };
static const sf_text_t s_header_list = {
    "编号\t版本\t类别\t标题\t维护单位\t修改时间", "Id\tVersion\tCategory\tTitle\tOwner\tEdited"
};
static const sf_text_t s_header_versions = {
    "版本\t修改时间\t修改人\t标题\t说明", "Version\tEdited\tBy\tTitle\tNote"
};

//  --------------------------------------------------------------------------------------
//  Words and values

static const char *
s_category (const ctl_t *ctl, int category)
{
    return ctl->lang == CTL_LANG_EN? training_kb_category_code (category): training_kb_category_name_zh (category);
}

//  A text option split at separators (ASCII: a byte of a Chinese character is never one)
//  into a fresh list (s_free_list); NULL when not given.
static char **
s_list_option (const ctl_args_t *args, const char *name, const char *separators, size_t *count)
{
    *count = 0;
    const char *text = ctl_args_get (args, name);
    if (!text)
        return NULL;
    char **items = calloc (strlen (text) + 1, sizeof *items);
    char *copy = strdup (text);
    for (char *item = strtok (copy, separators); item; item = strtok (NULL, separators))
        items [(*count)++] = strdup (item);
    free (copy);
    return items;
}

static void
s_free_list (char **items, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free (items [i]);
    free (items);
}

//  The items joined for a person to read.
static char *
s_joined (char *const *items, size_t count, const char *separator)
{
    size_t size = 1;
    for (size_t i = 0; i < count; i++)
        size += strlen (items [i]) + strlen (separator);
    char *text = calloc (1, size);
    for (size_t i = 0; i < count; i++) {
        if (i)
            strcat (text, separator);
        strcat (text, items [i]);
    }
    return text;
}

//  The body from --body or the file --body-file names: *body the caller's to free, NULL
//  when neither was given. CTL_EXIT_OK, or CTL_EXIT_USAGE for a file it cannot read.
static int
s_body (const ctl_t *ctl, const ctl_args_t *args, char **body)
{
    *body = NULL;
    const char *path = ctl_args_get (args, "body-file");
    if (!path) {
        const char *text = ctl_args_get (args, "body");
        *body = text? strdup (text): NULL;
        return CTL_EXIT_OK;
    }
    FILE *file = fopen (path, "rb");
    if (!file)
        return ctl_args_usage (ctl, args, &s_msg_bad_file, path);
    size_t size = 0, capacity = 4096;
    char *text = malloc (capacity);
    size_t got;
    while ((got = fread (text + size, 1, capacity - size - 1, file)) > 0) {
        size += got;
        if (capacity - size < 2)
            text = realloc (text, capacity *= 2);
    }
    fclose (file);
    //  The daemon refuses control characters: line ends of a file become spaces.
    for (size_t i = 0; i < size; i++)
        if (text [i] == '\n' || text [i] == '\r' || text [i] == '\t')
            text [i] = ' ';
    while (size && text [size - 1] == ' ')
        size--;
    text [size] = '\0';
    *body = text;
    return CTL_EXIT_OK;
}

//  --------------------------------------------------------------------------------------
//  Output

static void
s_row (const ctl_t *ctl, ctl_table_t *table, const sf_text_t *label, const char *value)
{
    ctl_table_add (table, ctl_text (ctl, label));
    ctl_table_add (table, value && *value? value: "-");
}

static void
s_row_list (const ctl_t *ctl, ctl_table_t *table, const sf_text_t *label, char *const *items, size_t count,
            const char *separator)
{
    char *text = s_joined (items, count, separator);
    s_row (ctl, table, label, text);
    free (text);
}

static void
s_print_article (const ctl_t *ctl, const Training__Article *article)
{
    char edited [32], created [32], line [160];
    ctl_beijing_time (article->edited_ms, edited, sizeof edited);
    ctl_beijing_time (article->created_ms, created, sizeof created);
    ctl_table_t *table = ctl_table_new (2);
    ctl_table_add (table, ctl_text (ctl, &s_label_id));
    ctl_table_addf (table, "%lld", (long long) article->id);
    ctl_table_add (table, ctl_text (ctl, &s_label_version));
    ctl_table_addf (table, "%d", article->version);
    s_row (ctl, table, &s_label_category, s_category (ctl, article->category));
    s_row (ctl, table, &s_label_title, article->title);
    s_row_list (ctl, table, &s_label_tags, article->tags, article->n_tags, ", ");
    s_row_list (ctl, table, &s_label_posts, article->post_codes, article->n_post_codes, ", ");
    s_row_list (ctl, table, &s_label_hazards, article->hazards, article->n_hazards, "; ");
    s_row_list (ctl, table, &s_label_lessons, article->lessons, article->n_lessons, "; ");
    s_row (ctl, table, &s_label_owner, article->owner_unit);
    s_row (ctl, table, &s_label_plant, *article->plant_code? article->plant_code: ctl_text (ctl, &s_company_wide));
    s_row (ctl, table, &s_label_source, article->source);
    s_row (ctl, table, &s_label_note, article->note);
    snprintf (line, sizeof line, "%s %s", edited, article->edited_by);
    s_row (ctl, table, &s_label_edited, line);
    snprintf (line, sizeof line, "%s %s", created, article->created_by);
    s_row (ctl, table, &s_label_created, line);
    ctl_table_print (table, stdout);
    ctl_table_destroy (&table);
    printf ("\n%s:\n%s\n", ctl_text (ctl, &s_label_body), article->body);
}

//  A table header from the tab-separated titles of header.
static void
s_header (const ctl_t *ctl, ctl_table_t *table, const sf_text_t *header)
{
    char *titles = strdup (ctl_text (ctl, header));
    for (char *cell = strtok (titles, "\t"); cell; cell = strtok (NULL, "\t"))
        ctl_table_add (table, cell);
    free (titles);
}

//  Sends a write answering an Article and says which version it made.
static int
s_write (const ctl_t *ctl, const ctl_args_t *args, const ProtobufCMessage *request)
{
    Training__Article *article;
    int rc = ctl_daemon_show (ctl, S_DAEMON, request, ctl_args_get (args, "key"), &training__article__descriptor,
                              &article);
    if (article)
        ctl_print (ctl, stdout, &s_msg_done, (long long) article->id, article->title, article->version);
    sf_pb_destroy (&article);
    return rc;
}

//  The article id of the operand; 0 when it is not a positive number.
static int64_t
s_id (const char *operand)
{
    char *end;
    long long id = strtoll (operand, &end, 10);
    return *end || id <= 0? 0: id;
}

//  --------------------------------------------------------------------------------------
//  Commands

static int
s_add (const ctl_t *ctl, const ctl_args_t *args)
{
    Training__CreateArticle create = TRAINING__CREATE_ARTICLE__INIT;
    create.category = training_kb_category_parse (ctl_args_get (args, "category"));
    if (!create.category)
        return ctl_args_usage (ctl, args, &s_msg_bad_category, ctl_args_get (args, "category"));
    char *body;
    int rc = s_body (ctl, args, &body);
    if (rc)
        return rc;
    if (!body)
        return ctl_args_usage (ctl, args, &s_msg_no_body);
    create.title = sf_codec_wire (ctl_args_get (args, "title"));
    create.body = body;
    create.owner_unit = sf_codec_wire (ctl_args_get (args, "owner"));
    create.note = sf_codec_wire (ctl_args_get (args, "note"));
    create.tags = s_list_option (args, "tags", ",", &create.n_tags);
    create.post_codes = s_list_option (args, "posts", ",", &create.n_post_codes);
    create.hazards = s_list_option (args, "hazards", ";", &create.n_hazards);
    create.lessons = s_list_option (args, "lessons", ";", &create.n_lessons);
    rc = s_write (ctl, args, &create.base);
    s_free_list (create.tags, create.n_tags);
    s_free_list (create.post_codes, create.n_post_codes);
    s_free_list (create.hazards, create.n_hazards);
    s_free_list (create.lessons, create.n_lessons);
    free (body);
    return rc;
}

//  An option's list when given, else a copy of the article's.
static char **
s_list_or (const ctl_args_t *args, const char *name, const char *separators, char *const *current,
           size_t current_count, size_t *count)
{
    char **items = s_list_option (args, name, separators, count);
    if (items)
        return items;
    items = calloc (current_count + 1, sizeof *items);
    for (size_t i = 0; i < current_count; i++)
        items [i] = strdup (current [i]);
    *count = current_count;
    return items;
}

static int
s_edit (const ctl_t *ctl, const ctl_args_t *args)
{
    int64_t id = s_id (args->operand);
    const char *category_text = ctl_args_get (args, "category");
    int category = category_text? training_kb_category_parse (category_text): 0;
    if (category_text && !category)
        return ctl_args_usage (ctl, args, &s_msg_bad_category, category_text);
    char *body;
    int rc = s_body (ctl, args, &body);
    if (rc)
        return rc;
    //  The version the edit is made from: what is not given stays as it is there.
    Training__GetArticle get = TRAINING__GET_ARTICLE__INIT;
    get.id = id;
    Training__Article *current;
    rc = ctl_daemon_request (ctl, S_DAEMON, &get.base, NULL, &training__article__descriptor, &current);
    if (current) {
        Training__EditArticle edit = TRAINING__EDIT_ARTICLE__INIT;
        edit.id = id;
        edit.base_version = current->version;
        edit.category = (Training__ArticleCategory) category;
        const char *title = ctl_args_get (args, "title");
        edit.title = title? (char *) title: current->title;
        edit.body = body? body: current->body;
        edit.note = sf_codec_wire (ctl_args_get (args, "note"));
        edit.tags = s_list_or (args, "tags", ",", current->tags, current->n_tags, &edit.n_tags);
        edit.post_codes = s_list_or (args, "posts", ",", current->post_codes, current->n_post_codes,
                                     &edit.n_post_codes);
        edit.hazards = s_list_or (args, "hazards", ";", current->hazards, current->n_hazards, &edit.n_hazards);
        edit.lessons = s_list_or (args, "lessons", ";", current->lessons, current->n_lessons, &edit.n_lessons);
        rc = s_write (ctl, args, &edit.base);
        s_free_list (edit.tags, edit.n_tags);
        s_free_list (edit.post_codes, edit.n_post_codes);
        s_free_list (edit.hazards, edit.n_hazards);
        s_free_list (edit.lessons, edit.n_lessons);
    }
    sf_pb_destroy (&current);
    free (body);
    return rc;
}

static int
s_show (const ctl_t *ctl, const ctl_args_t *args)
{
    Training__GetArticle get = TRAINING__GET_ARTICLE__INIT;
    get.id = s_id (args->operand);
    get.version = ctl_args_number (args, "version", 0);
    Training__Article *article;
    int rc = ctl_daemon_show (ctl, S_DAEMON, &get.base, NULL, &training__article__descriptor, &article);
    if (article)
        s_print_article (ctl, article);
    sf_pb_destroy (&article);
    return rc;
}

static int
s_versions (const ctl_t *ctl, const ctl_args_t *args)
{
    Training__ListArticleVersions query = TRAINING__LIST_ARTICLE_VERSIONS__INIT;
    query.id = s_id (args->operand);
    Training__ArticleList *list;
    int rc = ctl_page_show (ctl, S_DAEMON, &query.base, ctl_args_number (args, "page-size", 0),
                            &training__article_list__descriptor, &list);
    if (list) {
        ctl_table_t *table = ctl_table_new (5);
        s_header (ctl, table, &s_header_versions);
        for (size_t i = 0; i < list->n_articles; i++) {
            const Training__Article *article = list->articles [i];
            char edited [32];
            ctl_beijing_time (article->edited_ms, edited, sizeof edited);
            ctl_table_addf (table, "%d", article->version);
            ctl_table_add (table, edited);
            ctl_table_add (table, *article->edited_by? article->edited_by: "-");
            ctl_table_add (table, article->title);
            ctl_table_add (table, *article->note? article->note: "-");
        }
        ctl_table_print (table, stdout);
        ctl_table_destroy (&table);
    }
    sf_pb_destroy (&list);
    return rc;
}

static int
s_list (const ctl_t *ctl, const ctl_args_t *args)
{
    Training__ListArticles query = TRAINING__LIST_ARTICLES__INIT;
    const char *category = ctl_args_get (args, "category");
    query.category = training_kb_category_parse (category);
    if (category && !query.category)
        return ctl_args_usage (ctl, args, &s_msg_bad_category, category);
    query.post_code = sf_codec_wire (ctl_args_get (args, "post"));
    query.owner_unit = sf_codec_wire (ctl_args_get (args, "owner"));
    Training__ArticleList *list;
    int rc = ctl_page_show (ctl, S_DAEMON, &query.base, ctl_args_number (args, "page-size", 0),
                            &training__article_list__descriptor, &list);
    if (list) {
        ctl_table_t *table = ctl_table_new (6);
        s_header (ctl, table, &s_header_list);
        for (size_t i = 0; i < list->n_articles; i++) {
            const Training__Article *article = list->articles [i];
            char edited [32];
            ctl_beijing_time (article->edited_ms, edited, sizeof edited);
            ctl_table_addf (table, "%lld", (long long) article->id);
            ctl_table_addf (table, "%d", article->version);
            ctl_table_add (table, s_category (ctl, article->category));
            ctl_table_add (table, article->title);
            ctl_table_add (table, article->owner_unit);
            ctl_table_add (table, edited);
        }
        ctl_table_print (table, stdout);
        ctl_table_destroy (&table);
    }
    sf_pb_destroy (&list);
    return rc;
}

static int
s_search (const ctl_t *ctl, const ctl_args_t *args)
{
    Training__SearchArticles search = TRAINING__SEARCH_ARTICLES__INIT;
    search.query = (char *) args->operand;
    const char *category = ctl_args_get (args, "category");
    search.category = training_kb_category_parse (category);
    if (category && !search.category)
        return ctl_args_usage (ctl, args, &s_msg_bad_category, category);
    search.post_code = sf_codec_wire (ctl_args_get (args, "post"));
    search.limit = ctl_args_number (args, "limit", 0);
    Training__ArticleSearchResult *result;
    int rc = ctl_daemon_show (ctl, S_DAEMON, &search.base, NULL, &training__article_search_result__descriptor,
                              &result);
    if (result) {
        ctl_print (ctl, stdout, &s_msg_hits, search.query, result->n_hits);
        for (size_t i = 0; i < result->n_hits; i++) {
            const Training__ArticleHit *hit = result->hits [i];
            printf ("%zu. [%lld] %s · %s · %.2f\n   %s\n", i + 1, (long long) hit->article->id, hit->title_marked,
                    s_category (ctl, hit->article->category), hit->score, hit->snippet);
        }
    }
    sf_pb_destroy (&result);
    return rc;
}

//  --------------------------------------------------------------------------------------
//  The table

#define S_OPTION_CATEGORY(required) { "category", CTL_TEXT, "CATEGORY", required, { \
    "类别：代码（如 hazardous_chemicals）、中文名或编号 1-10", \
    "category: its code (e.g. hazardous_chemicals), Chinese name or number 1-10" } }
#define S_CONTENT_OPTIONS \
    { "body", CTL_TEXT, "TEXT", false, { "正文（一段文字）", "the body (one paragraph)" } }, \
    { "body-file", CTL_TEXT, "FILE", false, { "从文件读取正文（换行视为空格）", "read the body from a file (line ends become spaces)" } }, \
    { "tags", CTL_TEXT, "A,B", false, { "标签，逗号分隔", "tags, comma-separated" } }, \
    { "posts", CTL_TEXT, "CODE,CODE", false, { "关联岗位编码，逗号分隔（同一厂区）", "post codes, comma-separated (the same plant)" } }, \
    { "hazards", CTL_TEXT, "X;Y", false, { "关联危险源，分号分隔", "hazards it is about, semicolon-separated" } }, \
    { "lessons", CTL_TEXT, "X;Y", false, { "关联教训（如整改单号），分号分隔", "lessons it draws on (a form number, say), semicolon-separated" } }, \
    { "note", CTL_TEXT, "TEXT", false, { "本版说明", "what this version changes" } }, \
    CTL_OPTION_KEY

static const ctl_option_t s_add_options [] = {
    S_OPTION_CATEGORY (true),
    { "title", CTL_TEXT, "TEXT", true, { "标题", "title" } },
    { "owner", CTL_TEXT, "CODE", true, {
        "维护单位：公司及其职能部门的文章全员可读，厂区单位的文章本厂区可读",
        "owner unit: an article of the company or its offices is read by everyone, one of a plant's unit within that plant" } },
    S_CONTENT_OPTIONS,
    { NULL }
};
static const ctl_option_t s_edit_options [] = {
    S_OPTION_CATEGORY (false),
    { "title", CTL_TEXT, "TEXT", false, { "标题", "title" } },
    S_CONTENT_OPTIONS,
    { NULL }
};
static const ctl_option_t s_show_options [] = {
    { "version", CTL_NUMBER, "N", false, { "查看第 N 版（默认当前版）", "show version N (default: the current one)" } },
    { NULL }
};
static const ctl_option_t s_versions_options [] = {
    CTL_OPTION_PAGE_SIZE,
    { NULL }
};
static const ctl_option_t s_list_options [] = {
    S_OPTION_CATEGORY (false),
    { "post", CTL_TEXT, "CODE", false, { "只列出关联该岗位的", "only articles linked to this post" } },
    { "owner", CTL_TEXT, "CODE", false, { "只列出该单位及其下级维护的", "only articles kept by this unit or below" } },
    CTL_OPTION_PAGE_SIZE,
    { NULL }
};
static const ctl_option_t s_search_options [] = {
    S_OPTION_CATEGORY (false),
    { "post", CTL_TEXT, "CODE", false, { "只搜索关联该岗位的", "only articles linked to this post" } },
    { "limit", CTL_NUMBER, "N", false, { "最多返回 N 条（默认 10，最多 50）", "at most N hits (default 10, at most 50)" } },
    { NULL }
};

static const sf_text_t s_edit_details = {
    "修改生成新版本，旧版本保留（versions 列出，show --version 查看）。未给出的内容保持不变；\n"
    "若他人已先修改，本次修改被拒绝（conflict），请查看最新版本后再改。\n",
    "An edit makes a new version and keeps the ones before (versions lists them, show --version\n"
    "shows one). What is not given stays as it is; when someone else edited meanwhile the edit is\n"
    "refused (conflict): read the latest version and edit again.\n"
};
static const sf_text_t s_search_details = {
    "中文无需空格，可用英文或中英混合；结果按相关度排序，匹配处以【】标出。\n",
    "Chinese needs no spaces; English and mixed queries work too. Hits come best first, matches marked in 【】.\n"
};

static const ctl_command_t s_add_command = {
    .name = "add", .options = s_add_options, .run = s_add,
    .summary = { "新增知识库文章", "Add an article" }
};
static const ctl_command_t s_edit_command = {
    .name = "edit", .operand = "ID", .options = s_edit_options, .run = s_edit,
    .summary = { "修改文章（生成新版本）", "Edit an article (a new version)" }, .details = &s_edit_details
};
static const ctl_command_t s_show_command = {
    .name = "show", .operand = "ID", .options = s_show_options, .run = s_show,
    .summary = { "查看文章", "Show an article" }
};
static const ctl_command_t s_versions_command = {
    .name = "versions", .operand = "ID", .options = s_versions_options, .run = s_versions,
    .summary = { "列出文章的各个版本", "List an article's versions" }
};
static const ctl_command_t s_list_command = {
    .name = "list", .options = s_list_options, .run = s_list,
    .summary = { "按类别、岗位或单位列出文章", "List articles by category, post or unit" }
};
static const ctl_command_t s_search_command = {
    .name = "search", .operand = "QUERY", .options = s_search_options, .run = s_search,
    .summary = { "全文搜索（中文、英文）", "Full-text search (Chinese, English)" }, .details = &s_search_details
};

static const ctl_command_t *const s_commands [] = {
    &s_add_command, &s_edit_command, &s_show_command, &s_versions_command, &s_list_command, &s_search_command, NULL
};

const ctl_command_t ctl_training_kb_command = {
    .name = "kb",
    .summary = { "安全知识库：文章、版本与搜索", "Knowledge base: articles, versions and search" },
    .commands = s_commands
};
