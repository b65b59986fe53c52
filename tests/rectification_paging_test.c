/*  Paging of the rectification daemon's lists (ListForms, its open forms, GetStats' units,
    GetNotice's forms) against real daemons: more rows than a page, walked page by page, give
    every row once and in order, the last page without a token; rows added during a walk
    neither repeat nor hide the others; a bad token, another list's token and a negative
    page_size are refused with a reason; the company's statistics (from its day rows) equal
    its plant's (read live). Every form is issued at one frozen business time, so the id
    alone breaks the ties of the ListForms order.                                           */
#include "rectification_testlib.h"
#include "sf_page.h"
#include "sf_pb.h"

#include <string.h>

//  2026-03-02 00:00 Beijing time.
#define S_T0 1772380800000LL
#define S_UNITS 125
#define S_FORMS 250
#define S_DEADLINES 5            //  deadlines spread over this many days
#define S_CANCEL_EVERY 5         //  every fifth form issued is cancelled before the open walk

static zhashx_t *s_seen;         //  form numbers (or unit codes) a walk listed

//  Imports S_UNITS teams rpU000.. under the department rpD and waits until the daemon knows
//  them all.
static void
s_import_units (rt_stack_t *stack)
{
    zchunk_t *csv = zchunk_new (NULL, 0);
    const char *head = "kind,code,parent_code,name_zh,name_en,employment_type\n";
    zchunk_extend (csv, head, strlen (head));
    for (int unit = 0; unit < S_UNITS; unit++) {
        char *line = zsys_sprintf ("team,rpU%03d,rpD,班组%d,,\n", unit, unit);
        zchunk_extend (csv, line, strlen (line));
        zstr_free (&line);
    }
    Directory__ImportCsv import = DIRECTORY__IMPORT_CSV__INIT;
    import.file_name = (char *) "units.csv";
    import.csv.data = zchunk_data (csv);
    import.csv.len = zchunk_size (csv);
    SF_CHECK (dt_ask (stack->admin, &import.base, NULL) == SF_OK);
    zchunk_destroy (&csv);
    char code [16];
    snprintf (code, sizeof code, "rpU%03d", S_UNITS - 1);
    rt_wait_unit (stack, code);
}

static char *
s_unit (int index)
{
    return zsys_sprintf ("rpU%03d", index % S_UNITS);
}

//  Issues a form to unit with the deadline; its number (caller frees).
static char *
s_issue (sf_rpc_client_t *officer, const char *unit, int64_t deadline_ms)
{
    Rectification__Form *form;
    SF_CHECK (rt_issue (officer, unit, 1, "通道堵塞", NULL, deadline_ms, &form) == SF_OK);
    char *number = strdup (form->number);
    sf_pb_destroy (&form);
    return number;
}

//  Sends a request that must succeed; its reply body as type.
static void *
s_page (sf_rpc_client_t *client, const ProtobufCMessage *request, const ProtobufCMessageDescriptor *type)
{
    sf_reply_t reply;
    sf_status_t status = rt_call (client, request, NULL, &reply);
    if (status != SF_OK)
        fprintf (stderr, "%s: %s %s\n", request->descriptor->name, sf_status_name (status), reply.reason_en);
    SF_CHECK (status == SF_OK);
    void *body = dt_body (&reply, type);
    sf_reply_clear (&reply);
    return body;
}

//  A request that must be refused as invalid_argument with a reason naming field.
static void
s_refused (sf_rpc_client_t *client, const ProtobufCMessage *request, const char *field)
{
    sf_reply_t reply;
    SF_CHECK (rt_call (client, request, NULL, &reply) == SF_INVALID_ARGUMENT);
    SF_CHECK (strstr (reply.reason_en, field) && strstr (reply.reason_zh, field));
    sf_reply_clear (&reply);
}

//  Walks ListForms of rpP with page_size (its open forms alone with open_only); checks every
//  page's size and the order (issued_ms then id, descending). between, when given, runs after
//  the first page. Returns the forms listed (numbers in s_seen).
static int
s_walk_forms (sf_rpc_client_t *client, int32_t page_size, bool open_only, void (*between) (void), int *pages)
{
    Rectification__ListForms query = RECTIFICATION__LIST_FORMS__INIT;
    query.unit_code = (char *) "rpP";
    query.page_size = page_size;
    query.open_only = open_only;
    int expected = page_size == 0? SF_PAGE_SIZE_DEFAULT: page_size;
    char *token = strdup ("");
    int64_t last_ms = INT64_MAX, last_id = INT64_MAX;
    int listed = 0;
    zhashx_purge (s_seen);
    *pages = 0;
    do {
        query.page_token = token;
        Rectification__FormList *list = s_page (client, &query.base, &rectification__form_list__descriptor);
        SF_CHECK (list->n_forms <= (size_t) expected);
        SF_CHECK (!*list->next_page_token || list->n_forms == (size_t) expected);
        for (size_t index = 0; index < list->n_forms; index++) {
            const Rectification__Form *form = list->forms [index];
            SF_CHECK (form->issued_ms < last_ms || (form->issued_ms == last_ms && form->id < last_id));
            SF_CHECK (!open_only || (form->status != RECTIFICATION__FORM_STATUS__FORM_CLOSED
                                     && form->status != RECTIFICATION__FORM_STATUS__FORM_CANCELLED));
            last_ms = form->issued_ms;
            last_id = form->id;
            SF_CHECK (zhashx_insert (s_seen, form->number, (void *) 1) == 0);
            listed++;
        }
        free (token);
        token = strdup (list->next_page_token);
        sf_pb_destroy (&list);
        if (++*pages == 1 && between)
            between ();
    } while (*token);
    free (token);
    return listed;
}

//  Walks the notice of rpD likewise, by deadline then id.
static int
s_walk_notice (sf_rpc_client_t *client, int32_t page_size, void (*between) (void), int *pages)
{
    Rectification__GetNotice query = RECTIFICATION__GET_NOTICE__INIT;
    query.unit_code = (char *) "rpD";
    query.page_size = page_size;
    int expected = page_size == 0? SF_PAGE_SIZE_DEFAULT: page_size;
    char *token = strdup ("");
    int64_t last_ms = INT64_MIN, last_id = 0;
    int listed = 0;
    zhashx_purge (s_seen);
    *pages = 0;
    do {
        query.page_token = token;
        Rectification__Notice *notice = s_page (client, &query.base, &rectification__notice__descriptor);
        SF_CHECK_STR (notice->unit_code, "rpD");
        SF_CHECK_STR (notice->plant_code, "rpP");
        SF_CHECK (notice->n_forms <= (size_t) expected);
        SF_CHECK (!*notice->next_page_token || notice->n_forms == (size_t) expected);
        for (size_t index = 0; index < notice->n_forms; index++) {
            const Rectification__Form *form = notice->forms [index];
            SF_CHECK (form->deadline_ms > last_ms || (form->deadline_ms == last_ms && form->id > last_id));
            last_ms = form->deadline_ms;
            last_id = form->id;
            SF_CHECK (zhashx_insert (s_seen, form->number, (void *) 1) == 0);
            listed++;
        }
        free (token);
        token = strdup (notice->next_page_token);
        sf_pb_destroy (&notice);
        if (++*pages == 1 && between)
            between ();
    } while (*token);
    free (token);
    return listed;
}

static sf_rpc_client_t *s_officer;
static char *s_late;             //  a form issued during a walk
static char *s_early;

//  Issued during a ListForms walk: the newest form sorts before every page.
static void
s_issue_newest (void)
{
    char *unit = s_unit (0);
    s_late = s_issue (s_officer, unit, S_T0 + RT_DAY_MS);
    zstr_free (&unit);
}

//  Issued during a notice walk: one due before every form listed so far, one after all.
static void
s_issue_both_ends (void)
{
    char *unit = s_unit (1);
    s_early = s_issue (s_officer, unit, S_T0 + RT_DAY_MS / 2);
    s_late = s_issue (s_officer, unit, S_T0 + (S_DEADLINES + 1) * RT_DAY_MS);
    zstr_free (&unit);
}

static void
test_list_forms (int *forms)
{
    int pages;
    SF_CHECK (s_walk_forms (s_officer, 0, false, NULL, &pages) == *forms);
    SF_CHECK (pages == (*forms + SF_PAGE_SIZE_DEFAULT - 1) / SF_PAGE_SIZE_DEFAULT);
    SF_CHECK (s_walk_forms (s_officer, 7, false, NULL, &pages) == *forms);
    SF_CHECK (pages == (*forms + 6) / 7);
    //  Above the largest page: lowered, not refused (here the whole list fits).
    SF_CHECK (s_walk_forms (s_officer, SF_PAGE_SIZE_MAX + 1, false, NULL, &pages) == *forms && pages == 1);

    //  A form issued during the walk is newer than every page: not listed; the others once.
    SF_CHECK (s_walk_forms (s_officer, 50, false, s_issue_newest, &pages) == *forms);
    SF_CHECK (!zhashx_lookup (s_seen, s_late));
    zstr_free (&s_late);
    ++*forms;

    //  limit, the size ListForms had before paging, is read as the page size.
    Rectification__ListForms query = RECTIFICATION__LIST_FORMS__INIT;
    query.limit = 3;
    Rectification__FormList *list = s_page (s_officer, &query.base, &rectification__form_list__descriptor);
    SF_CHECK (list->n_forms == 3 && *list->next_page_token);
    sf_pb_destroy (&list);
}

static void
test_notice (int forms)
{
    int pages;
    SF_CHECK (s_walk_notice (s_officer, 0, NULL, &pages) == forms);
    SF_CHECK (pages == (forms + SF_PAGE_SIZE_DEFAULT - 1) / SF_PAGE_SIZE_DEFAULT);
    SF_CHECK (s_walk_notice (s_officer, 30, s_issue_both_ends, &pages) == forms + 1);
    SF_CHECK (!zhashx_lookup (s_seen, s_early) && zhashx_lookup (s_seen, s_late));
    zstr_free (&s_early);
    zstr_free (&s_late);
}

//  Walks GetStats of unit over the forms' two days a page at a time: the same total on every
//  page, the units in order, once each; the last page's total into *total (caller frees).
static void
s_walk_stats (sf_rpc_client_t *client, const char *unit, int forms, Rectification__UnitStats **total)
{
    Rectification__GetStats query = RECTIFICATION__GET_STATS__INIT;
    query.unit_code = (char *) unit;
    query.from_ms = S_T0 - RT_DAY_MS;
    query.to_ms = S_T0 + RT_DAY_MS;
    char *token = strdup ("");
    char last [32] = "";
    int units = 0, issued = 0, pages = 0;
    zhashx_purge (s_seen);
    *total = NULL;
    do {
        query.page_token = token;
        Rectification__Stats *stats = s_page (client, &query.base, &rectification__stats__descriptor);
        //  The whole subtree's total on every page.
        SF_CHECK (stats->total && stats->total->issued == forms);
        SF_CHECK_STR (stats->total->unit_code, unit);
        SF_CHECK (stats->n_units <= SF_PAGE_SIZE_DEFAULT);
        SF_CHECK (!*stats->next_page_token || stats->n_units == SF_PAGE_SIZE_DEFAULT);
        for (size_t index = 0; index < stats->n_units; index++) {
            const Rectification__UnitStats *row = stats->units [index];
            SF_CHECK (strcmp (row->unit_code, last) > 0);
            snprintf (last, sizeof last, "%s", row->unit_code);
            SF_CHECK (zhashx_insert (s_seen, row->unit_code, (void *) 1) == 0);
            issued += row->issued;
            units++;
        }
        free (token);
        token = strdup (stats->next_page_token);
        sf_pb_destroy (total);
        *total = stats->total;
        stats->total = NULL;
        sf_pb_destroy (&stats);
        pages++;
    } while (*token);
    free (token);
    SF_CHECK (units == S_UNITS && issued == forms);
    SF_CHECK (pages == (S_UNITS + SF_PAGE_SIZE_DEFAULT - 1) / SF_PAGE_SIZE_DEFAULT);
}

//  The plant's statistics read live, the company's from its day rows (a period of part days
//  and a whole one): the same figures, the same units.
static void
test_stats (rt_stack_t *stack, int forms)
{
    Rectification__UnitStats *plant, *company;
    s_walk_stats (s_officer, "rpP", forms, &plant);
    sf_rpc_client_t *chief = rt_client (stack, "chief", "safety_officer", "rpC");
    s_walk_stats (chief, "rpC", forms, &company);
    SF_CHECK (company->closed == plant->closed && company->closed_on_time == plant->closed_on_time);
    SF_CHECK (company->overdue == plant->overdue && company->open == plant->open);
    SF_CHECK (company->recurrences == plant->recurrences);
    SF_CHECK (company->mean_hours_to_close == plant->mean_hours_to_close);
    sf_pb_destroy (&plant);
    sf_pb_destroy (&company);
    sf_rpc_client_destroy (&chief);
}

//  The open forms (their own index, migrations/009_open_forms_index.sql): cancelled ones
//  left out, the others once each and in order, page by page.
static void
test_open_forms (rt_stack_t *stack, int forms, char **cancel, int cancels)
{
    sf_rpc_client_t *manager = rt_client (stack, "manager", "plant_safety_manager", "rpP");
    for (int index = 0; index < cancels; index++)
        SF_CHECK (rt_move (manager, &rectification__cancel_form__descriptor, cancel [index], "重复下发", NULL)
                  == SF_OK);
    sf_rpc_client_destroy (&manager);
    int open = forms - cancels, pages;
    SF_CHECK (s_walk_forms (s_officer, 0, true, NULL, &pages) == open);
    SF_CHECK (pages == (open + SF_PAGE_SIZE_DEFAULT - 1) / SF_PAGE_SIZE_DEFAULT);
    for (int index = 0; index < cancels; index++)
        SF_CHECK (!zhashx_lookup (s_seen, cancel [index]));
    SF_CHECK (s_walk_forms (s_officer, 9, true, NULL, &pages) == open);
    SF_CHECK (pages == (open + 8) / 9);
    //  All of them, the cancelled too, without open_only.
    SF_CHECK (s_walk_forms (s_officer, 0, false, NULL, &pages) == forms);
}

static void
test_refused (void)
{
    Rectification__ListForms list = RECTIFICATION__LIST_FORMS__INIT;
    list.page_size = -1;
    s_refused (s_officer, &list.base, "page_size");
    list.page_size = 0;
    list.page_token = (char *) "%%%";
    s_refused (s_officer, &list.base, "page_token");

    //  A ListForms token (two keys, like the notice's) does not page the notice.
    list.page_token = (char *) "";
    list.page_size = 1;
    Rectification__FormList *forms = s_page (s_officer, &list.base, &rectification__form_list__descriptor);
    Rectification__GetNotice notice = RECTIFICATION__GET_NOTICE__INIT;
    notice.unit_code = (char *) "rpD";
    notice.page_token = forms->next_page_token;
    s_refused (s_officer, &notice.base, "page_token");
    notice.page_token = (char *) "";
    notice.page_size = -3;
    s_refused (s_officer, &notice.base, "page_size");

    //  Nor the statistics, nor the other way round.
    Rectification__GetStats stats = RECTIFICATION__GET_STATS__INIT;
    stats.unit_code = (char *) "rpP";
    stats.from_ms = S_T0 - RT_DAY_MS;
    stats.to_ms = S_T0 + RT_DAY_MS;
    stats.page_token = forms->next_page_token;
    s_refused (s_officer, &stats.base, "page_token");
    stats.page_token = (char *) "";
    stats.page_size = 1;
    Rectification__Stats *page = s_page (s_officer, &stats.base, &rectification__stats__descriptor);
    list.page_token = page->next_page_token;
    s_refused (s_officer, &list.base, "page_token");
    stats.page_size = -1;
    s_refused (s_officer, &stats.base, "page_size");
    sf_pb_destroy (&page);
    sf_pb_destroy (&forms);
}

int
main (void)
{
    rt_stack_t stack;
    rt_stack_start (&stack, "rpg", "rp", NULL);
    s_seen = zhashx_new ();
    s_import_units (&stack);
    sf_test_daemon_set_clock (&stack.daemon, S_T0);
    s_officer = rt_client (&stack, "officer", "safety_officer", "rpP");

    char *cancel [S_FORMS / S_CANCEL_EVERY + 1];
    int cancels = 0;
    for (int index = 0; index < S_FORMS; index++) {
        char *unit = s_unit (index);
        char *number = s_issue (s_officer, unit, S_T0 + (1 + index % S_DEADLINES) * RT_DAY_MS);
        if (index % S_CANCEL_EVERY == 2)
            cancel [cancels++] = number;
        else
            zstr_free (&number);
        zstr_free (&unit);
    }
    int forms = S_FORMS;
    test_list_forms (&forms);
    test_notice (forms);
    forms += 2;
    test_stats (&stack, forms);
    test_refused ();
    test_open_forms (&stack, forms, cancel, cancels);
    for (int index = 0; index < cancels; index++)
        zstr_free (&cancel [index]);

    zhashx_destroy (&s_seen);
    sf_rpc_client_destroy (&s_officer);
    rt_stack_stop (&stack);
    printf ("rectification paging: OK\n");
    return 0;
}
