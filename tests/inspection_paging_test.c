/*  Paging of every inspection list (issue 9: no request can produce an unbounded reply).
    Each list gets more rows than a page and is walked page by page: every row comes once and
    in order, the last page has no token. Rows added while a client walks a list newest first
    are not seen and shift nothing; a walk of a hazard list or a checklist keeps the version it
    started with while the list is imported again. Lists of several lists (the risk register,
    a unit's history) page each list on its own. Refused: a negative page_size, a token that
    does not decode, one of another list, one whose keys were made by hand; a page_size above
    the maximum is lowered.                                                                 */
#include "envelope.pb-c.h"
#include "inspection_testlib.h"
#include "sf_pb.h"

#include <czmq.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

//  The rows a list gets: more than two pages of the default size (100).
#define S_ROWS 250
#define S_PAGE_SIZE_MAX 1000
#define S_TEAM_DAILY_TASKS_A_DAY 54      //  six teams, three shifts, three checks
#define S_DAYS 31
#define S_MINUTE_MS 60000

static it_stack_t s_stack;
static char s_code [32][64];

//  Epoch ms of a local date and time in Asia/Shanghai (UTC+8, no daylight saving).
static int64_t
s_local_ms (const char *date, int hour, int minute)
{
    struct tm tm = { 0 };
    SF_CHECK (sscanf (date, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) == 3);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    return ((int64_t) timegm (&tm) - 8 * 3600) * 1000;
}

//  A unit code of this test's plant, e.g. s_unit ("D1T1").
static const char *
s_unit (const char *suffix)
{
    static int next;
    char *code = s_code [next++ % 32];
    snprintf (code, 64, "%s%s", s_stack.prefix, suffix);
    return code;
}

static int64_t
s_count (const char *sql, const char *param)
{
    return sf_test_scalar (s_stack.db, sql, param);
}

//  --------------------------------------------------------------------------------------
//  Walking pages, for any list: the request's page_token is set from each reply's
//  next_page_token until it is empty.

typedef void (s_page_fn) (const ProtobufCMessage *page, void *arg);

static char **
s_string_field (const ProtobufCMessage *message, const char *name)
{
    const ProtobufCFieldDescriptor *field = sf_pb_field (message->descriptor, name);
    SF_CHECK (field);
    return (char **) sf_pb_member (message, field);
}

//  One page: request sent with token; the reply's body (the caller destroys it).
static ProtobufCMessage *
s_page (ProtobufCMessage *request, const char *token, const ProtobufCMessageDescriptor *reply_type)
{
    char **field = s_string_field (request, "page_token");
    char *saved = *field;
    *field = (char *) token;
    sf_reply_t reply;
    SF_CHECK (dt_ask (s_stack.admin, request, &reply) == SF_OK);
    *field = saved;
    ProtobufCMessage *page = dt_body (&reply, reply_type);
    sf_reply_clear (&reply);
    return page;
}

//  The token of a page, "" on the last one.
static const char *
s_next (const ProtobufCMessage *page)
{
    return *s_string_field (page, "next_page_token");
}

//  Walks the pages from token ("" from the first) and gives each to fn. Returns how many.
static int
s_walk_from (ProtobufCMessage *request, const char *token, const ProtobufCMessageDescriptor *reply_type,
             s_page_fn *fn, void *arg)
{
    char *next = strdup (token);
    int pages = 0;
    do {
        ProtobufCMessage *page = s_page (request, next, reply_type);
        free (next);
        next = strdup (s_next (page));
        fn (page, arg);
        sf_pb_destroy (&page);
        SF_CHECK (++pages < 10000);
    } while (*next);
    free (next);
    return pages;
}

static int
s_walk (ProtobufCMessage *request, const ProtobufCMessageDescriptor *reply_type, s_page_fn *fn, void *arg)
{
    return s_walk_from (request, "", reply_type, fn, arg);
}

//  The rows seen of one list, by their sort keys (a time or a number, then an id) and the
//  size of every page.
typedef struct {
    int64_t key [S_ROWS * S_DAYS];
    int64_t id [S_ROWS * S_DAYS];
    size_t count;
    size_t largest_page;
} s_seen_t;

static void
s_see (s_seen_t *seen, int64_t key, int64_t id)
{
    SF_CHECK (seen->count < sizeof seen->id / sizeof seen->id [0]);
    seen->key [seen->count] = key;
    seen->id [seen->count] = id;
    seen->count++;
}

static void
s_page_seen (s_seen_t *seen, size_t rows)
{
    if (rows > seen->largest_page)
        seen->largest_page = rows;
}

//  Every row once, in order: (key, id) strictly ascending, or descending when asked.
static void
s_check_order (const s_seen_t *seen, bool descending)
{
    for (size_t row = 1; row < seen->count; row++) {
        int64_t key = seen->key [row], id = seen->id [row];
        int64_t prior_key = seen->key [row - 1], prior_id = seen->id [row - 1];
        bool after = key > prior_key || (key == prior_key && id > prior_id);
        bool before = key < prior_key || (key == prior_key && id < prior_id);
        SF_CHECK (descending? before: after);
    }
}

static s_seen_t *
s_seen_new (void)
{
    s_seen_t *seen = calloc (1, sizeof *seen);
    SF_CHECK (seen);
    return seen;
}

//  --------------------------------------------------------------------------------------
//  Refusals

//  A token as the daemon writes one (sf.PageToken, packed, base64url without padding), made
//  here by hand.
static char *
s_forged_token (const char *type, const char *const *keys, size_t count)
{
    Sf__PageToken token = SF__PAGE_TOKEN__INIT;
    token.type = (char *) type;
    token.n_after = count;
    token.after = (char **) keys;
    size_t size = protobuf_c_message_get_packed_size (&token.base);
    uint8_t *packed = malloc (size + 1);
    SF_CHECK (packed);
    protobuf_c_message_pack (&token.base, packed);
    zarmour_t *armour = zarmour_new ();
    zarmour_set_mode (armour, ZARMOUR_MODE_BASE64_URL);
    zarmour_set_pad (armour, false);
    char *text = zarmour_encode (armour, packed, size);
    zarmour_destroy (&armour);
    free (packed);
    return text;
}

//  request with this page size and token is refused as invalid_argument, the reason (in both
//  languages, as dt_ask checks) saying what.
static void
s_refused (ProtobufCMessage *request, int32_t page_size, const char *token, const char *what)
{
    int32_t *size = (int32_t *) sf_pb_member (request, sf_pb_field (request->descriptor, "page_size"));
    char **field = s_string_field (request, "page_token");
    int32_t saved_size = *size;
    char *saved_token = *field;
    *size = page_size;
    *field = (char *) token;
    sf_reply_t reply;
    SF_CHECK (dt_ask (s_stack.admin, request, &reply) == SF_INVALID_ARGUMENT);
    SF_CHECK (strstr (reply.reason_en, what));
    sf_reply_clear (&reply);
    *size = saved_size;
    *field = saved_token;
}

//  --------------------------------------------------------------------------------------
//  Tasks: a month of a team daily plan, more than S_PAGE_SIZE_MAX tasks

static char *s_tasks_token;          //  a token of ListTasks, for the refusals of another list

static void
s_plan (void)
{
    Inspection__FreeItem first = INSPECTION__FREE_ITEM__INIT, second = INSPECTION__FREE_ITEM__INIT;
    first.text_zh = (char *) "消防通道畅通";
    second.text_zh = (char *) "劳保用品穿戴齐全";
    Inspection__FreeItem *items [] = { &first, &second };
    char code [64];
    snprintf (code, sizeof code, "%s-TD", s_stack.prefix);
    Inspection__CreatePlan plan = INSPECTION__CREATE_PLAN__INIT;
    plan.code = code;
    plan.level = INSPECTION__PLAN_LEVEL__LEVEL_TEAM_DAILY;
    plan.scope_unit = (char *) s_unit ("P");
    plan.title_zh = (char *) "班组日查";
    plan.starts_on = (char *) "2026-12-01";
    plan.n_free_items = 2;
    plan.free_items = items;
    SF_CHECK (dt_ask (s_stack.admin, &plan.base, NULL) == SF_OK);
    Inspection__GenerateTasks generate = INSPECTION__GENERATE_TASKS__INIT;
    generate.from_date = (char *) "2026-12-01";
    generate.to_date = (char *) "2026-12-31";
    SF_CHECK (dt_ask (s_stack.admin, &generate.base, NULL) == SF_OK);
    SF_CHECK (s_count ("SELECT count(*) FROM task", NULL) == S_TEAM_DAILY_TASKS_A_DAY * S_DAYS);
}

static void
s_task_page (const ProtobufCMessage *page, void *arg)
{
    const Inspection__TaskList *list = (const Inspection__TaskList *) page;
    s_page_seen (arg, list->n_tasks);
    for (size_t index = 0; index < list->n_tasks; index++)
        s_see (arg, list->tasks [index]->window_start_ms, list->tasks [index]->id);
}

static void
s_tasks (void)
{
    Inspection__ListTasks request = INSPECTION__LIST_TASKS__INIT;
    request.unit_code = (char *) s_unit ("P");
    request.from_date = (char *) "2026-12-01";
    request.to_date = (char *) "2026-12-31";
    s_seen_t *seen = s_seen_new ();
    int pages = s_walk (&request.base, &inspection__task_list__descriptor, s_task_page, seen);
    SF_CHECK (seen->count == S_TEAM_DAILY_TASKS_A_DAY * S_DAYS);
    SF_CHECK (pages == (S_TEAM_DAILY_TASKS_A_DAY * S_DAYS + 99) / 100 && seen->largest_page == 100);
    s_check_order (seen, false);
    free (seen);
    //  A page size above the maximum is lowered to it.
    request.page_size = S_PAGE_SIZE_MAX * 5;
    Inspection__TaskList *list = (Inspection__TaskList *) s_page (&request.base, "", &inspection__task_list__descriptor);
    SF_CHECK (list->n_tasks == S_PAGE_SIZE_MAX && *list->next_page_token);
    s_tasks_token = strdup (list->next_page_token);
    sf_pb_destroy (&list);
    //  A filter narrows every page alike.
    request.page_size = 50;
    request.status = INSPECTION__TASK_STATUS__TASK_OPEN;
    seen = s_seen_new ();
    s_walk (&request.base, &inspection__task_list__descriptor, s_task_page, seen);
    SF_CHECK ((int64_t) seen->count == s_count ("SELECT count(*) FROM task WHERE status = 1", NULL));
    SF_CHECK (seen->largest_page == 50);
    s_check_order (seen, false);
    free (seen);
}

//  --------------------------------------------------------------------------------------
//  Hazard lists, the risk register and checklists

//  Imports a list of rows items for the unit, in a cycle of five LEC assessments: grades 1,
//  2, 2, 1 and 4, so four in five are red or orange with the default colours.
static void
s_import (const char *unit, int rows)
{
    static const char *const lec [] = { "10,6,15", "3,6,15", "6,6,7", "10,10,40", "1,6,7" };
    zchunk_t *csv = zchunk_new (NULL, 0);
    const char *header = "unit_code,year,factor,hazard,accident_type,measures,l,e,c\n";
    zchunk_extend (csv, header, strlen (header));
    for (int row = 0; row < rows; row++) {
        char line [256];
        snprintf (line, sizeof line, "%s,2026,机,危险源%d,机械伤害,控制措施%d,%s\n", unit, row + 1, row + 1,
                  lec [row % 5]);
        zchunk_extend (csv, line, strlen (line));
    }
    Inspection__ImportHazardCsv command = INSPECTION__IMPORT_HAZARD_CSV__INIT;
    command.file_name = (char *) "paging.csv";
    command.csv.data = zchunk_data (csv);
    command.csv.len = zchunk_size (csv);
    SF_CHECK (dt_ask (s_stack.admin, &command.base, NULL) == SF_OK);
    zchunk_destroy (&csv);
}

typedef struct {
    int version;
    int seq [S_ROWS];
    size_t count;
} s_list_seen_t;

static void
s_list_page (const ProtobufCMessage *page, void *arg)
{
    const Inspection__HazardList *list = (const Inspection__HazardList *) page;
    s_list_seen_t *seen = arg;
    SF_CHECK (!seen->version || seen->version == list->version);
    seen->version = list->version;
    for (size_t index = 0; index < list->n_items; index++) {
        SF_CHECK (seen->count < S_ROWS);
        seen->seq [seen->count++] = list->items [index]->seq;
    }
}

static void
s_check_list (const s_list_seen_t *seen, int rows, int version)
{
    SF_CHECK (seen->version == version && seen->count == (size_t) rows);
    for (int index = 0; index < rows; index++)
        SF_CHECK (seen->seq [index] == index + 1);
}

static void
s_hazard_list (void)
{
    Inspection__GetHazardList request = INSPECTION__GET_HAZARD_LIST__INIT;
    request.unit_code = (char *) s_unit ("D1T1");
    s_list_seen_t seen = { 0 };
    SF_CHECK (s_walk (&request.base, &inspection__hazard_list__descriptor, s_list_page, &seen) == 3);
    s_check_list (&seen, S_ROWS, 1);
    //  Imported again while a client walks it: the walk keeps the version it started with.
    Inspection__HazardList *first = (Inspection__HazardList *) s_page (&request.base, "",
                                                                       &inspection__hazard_list__descriptor);
    SF_CHECK (first->n_items == 100 && first->version == 1);
    s_import (s_unit ("D1T1"), S_ROWS - 10);
    memset (&seen, 0, sizeof seen);
    s_list_page (&first->base, &seen);
    s_walk_from (&request.base, first->next_page_token, &inspection__hazard_list__descriptor, s_list_page, &seen);
    s_check_list (&seen, S_ROWS, 1);
    sf_pb_destroy (&first);
    //  A new walk reads the new version.
    memset (&seen, 0, sizeof seen);
    s_walk (&request.base, &inspection__hazard_list__descriptor, s_list_page, &seen);
    s_check_list (&seen, S_ROWS - 10, 2);
    //  A token of this list does not page another one that also has three keys.
    Inspection__GetChecklist checklist = INSPECTION__GET_CHECKLIST__INIT;
    checklist.task_id = it_task_id (&s_stack, s_unit ("D1T1"), INSPECTION__TASK_KIND__TASK_IN_SHIFT, "2026-12-01", 1);
    first = (Inspection__HazardList *) s_page (&request.base, "", &inspection__hazard_list__descriptor);
    s_refused (&checklist.base, 0, first->next_page_token, "another list");
    sf_pb_destroy (&first);
}

//  The sort keys of a major item of the register.
typedef struct {
    int grade;
    double d;
    char unit_code [64];
    int seq;
} s_major_t;

typedef struct {
    char units [S_ROWS][64];
    size_t unit_count;
    s_major_t items [S_ROWS];
    size_t item_count;
    int pages_without_units;
} s_register_seen_t;

static void
s_register_page (const ProtobufCMessage *page, void *arg)
{
    const Inspection__RiskRegister *reg = (const Inspection__RiskRegister *) page;
    s_register_seen_t *seen = arg;
    seen->pages_without_units += reg->n_units == 0;
    for (size_t index = 0; index < reg->n_units; index++) {
        SF_CHECK (seen->unit_count < S_ROWS);
        snprintf (seen->units [seen->unit_count++], 64, "%s", reg->units [index]->unit_code);
    }
    for (size_t index = 0; index < reg->n_major_items; index++) {
        const Inspection__HazardItem *item = reg->major_items [index];
        SF_CHECK (seen->item_count < S_ROWS && item->risk);
        s_major_t *major = &seen->items [seen->item_count++];
        major->grade = item->risk->grade;
        major->d = strtod (item->risk->d, NULL);
        snprintf (major->unit_code, sizeof major->unit_code, "%s", item->unit_code);
        major->seq = item->seq;
    }
}

//  Most dangerous first: grade, then D from high to low, then unit code and seq.
static bool
s_more_dangerous (const s_major_t *a, const s_major_t *b)
{
    if (a->grade != b->grade)
        return a->grade < b->grade;
    if (a->d != b->d)
        return a->d > b->d;
    int order = strcmp (a->unit_code, b->unit_code);
    return order? order < 0: a->seq < b->seq;
}

static void
s_check_register (s_register_seen_t *seen, size_t units, int64_t items)
{
    SF_CHECK (seen->unit_count == units);
    for (size_t index = 1; index < seen->unit_count; index++)
        SF_CHECK (strcmp (seen->units [index - 1], seen->units [index]) < 0);
    SF_CHECK ((int64_t) seen->item_count == items);
    for (size_t index = 1; index < seen->item_count; index++)
        SF_CHECK (s_more_dangerous (&seen->items [index - 1], &seen->items [index]));
    memset (seen, 0, sizeof *seen);
}

static void
s_register (void)
{
    //  Five more teams and the two departments with short lists: eight units in all.
    const char *units [] = { "D1T2", "D1T3", "D2T1", "D2T2", "D2T3", "D1", "D2" };
    for (size_t index = 0; index < sizeof units / sizeof units [0]; index++)
        s_import (s_unit (units [index]), 5);
    //  Red and orange: grades 1 and 2 of the current version of each list.
    int64_t major = s_count ("SELECT count(*) FROM hazard_item i JOIN hazard_list l USING (unit_code, year, version) "
                             "WHERE i.grade <= 2", NULL);
    SF_CHECK (major == (S_ROWS - 10) * 4 / 5 + 7 * 4);
    Inspection__GetRiskRegister request = INSPECTION__GET_RISK_REGISTER__INIT;
    request.unit_code = (char *) s_unit ("P");
    s_register_seen_t *seen = calloc (1, sizeof *seen);
    SF_CHECK (seen);
    //  The units end on the first page; the later ones bring only major items.
    SF_CHECK (s_walk (&request.base, &inspection__risk_register__descriptor, s_register_page, seen) == 3);
    SF_CHECK (seen->pages_without_units == 2);
    s_check_register (seen, 8, major);
    //  Both lists paged: three units a page.
    request.page_size = 3;
    s_walk (&request.base, &inspection__risk_register__descriptor, s_register_page, seen);
    s_check_register (seen, 8, major);
    free (seen);
    const char *unit_keys [] = { "+", s_unit ("D1"), "+", "x", "200", "U", "1" };
    char *forged = s_forged_token ("inspection.GetRiskRegister", unit_keys, 7);
    s_refused (&request.base, 0, forged, "page_token");
    free (forged);
}

typedef struct {
    char keys [S_ROWS + 10][24];
    size_t count;
} s_checklist_seen_t;

static void
s_checklist_page (const ProtobufCMessage *page, void *arg)
{
    const Inspection__Checklist *list = (const Inspection__Checklist *) page;
    s_checklist_seen_t *seen = arg;
    for (size_t index = 0; index < list->n_items; index++) {
        SF_CHECK (seen->count < S_ROWS + 10);
        snprintf (seen->keys [seen->count++], 24, "%s", list->items [index]->key);
    }
}

//  The hazard items of one version in order (their ids ascend with their seq, as one import
//  writes them), then the plan's two free items.
static void
s_check_checklist (const s_checklist_seen_t *seen, size_t hazard_items)
{
    SF_CHECK (seen->count == hazard_items + 2);
    for (size_t index = 0; index < hazard_items; index++) {
        SF_CHECK (seen->keys [index][0] == 'H');
        if (index)
            SF_CHECK (atoll (seen->keys [index - 1] + 1) < atoll (seen->keys [index] + 1));
    }
    SF_CHECK_STR (seen->keys [hazard_items], "F1");
    SF_CHECK_STR (seen->keys [hazard_items + 1], "F2");
}

static void
s_checklist (void)
{
    Inspection__GetChecklist request = INSPECTION__GET_CHECKLIST__INIT;
    request.task_id = it_task_id (&s_stack, s_unit ("D1T1"), INSPECTION__TASK_KIND__TASK_IN_SHIFT, "2026-12-01", 1);
    s_checklist_seen_t *seen = calloc (1, sizeof *seen);
    SF_CHECK (seen);
    SF_CHECK (s_walk (&request.base, &inspection__checklist__descriptor, s_checklist_page, seen) == 3);
    s_check_checklist (seen, S_ROWS - 10);
    //  The list is imported again between two pages: the walk keeps its version.
    memset (seen, 0, sizeof *seen);
    Inspection__Checklist *first = (Inspection__Checklist *) s_page (&request.base, "",
                                                                     &inspection__checklist__descriptor);
    s_import (s_unit ("D1T1"), 10);
    s_checklist_page (&first->base, seen);
    s_walk_from (&request.base, first->next_page_token, &inspection__checklist__descriptor, s_checklist_page, seen);
    sf_pb_destroy (&first);
    s_check_checklist (seen, S_ROWS - 10);
    memset (seen, 0, sizeof *seen);
    s_walk (&request.base, &inspection__checklist__descriptor, s_checklist_page, seen);
    s_check_checklist (seen, 10);
    free (seen);
}

//  --------------------------------------------------------------------------------------
//  Findings and violations, newest first

static sf_status_t
s_report (int number)
{
    char description [64];
    snprintf (description, sizeof description, "隐患 %d", number);
    Inspection__FindingInput finding = INSPECTION__FINDING_INPUT__INIT;
    finding.description = description;
    finding.factor = INSPECTION__FACTOR__FACTOR_ENVIRONMENT;
    finding.severity = INSPECTION__SEVERITY__SEVERITY_GENERAL;
    finding.responsible_unit = (char *) s_unit ("D1T1");
    Inspection__ReportFinding request = INSPECTION__REPORT_FINDING__INIT;
    request.finding = &finding;
    request.source = INSPECTION__FINDING_SOURCE__SOURCE_REPORT;
    return dt_ask (s_stack.admin, &request.base, NULL);
}

static void
s_finding_page (const ProtobufCMessage *page, void *arg)
{
    const Inspection__FindingList *list = (const Inspection__FindingList *) page;
    s_page_seen (arg, list->n_findings);
    for (size_t index = 0; index < list->n_findings; index++)
        s_see (arg, list->findings [index]->reported_ms, list->findings [index]->id);
}

static void
s_findings (void)
{
    //  Fifty a minute: rows of one time are ordered by id.
    for (int number = 0; number < S_ROWS; number++) {
        if (number % 50 == 0)
            it_set_clock (&s_stack, s_local_ms ("2026-12-01", 7, 1 + number / 50));
        SF_CHECK (s_report (number) == SF_OK);
    }
    Inspection__ListFindings request = INSPECTION__LIST_FINDINGS__INIT;
    request.unit_code = (char *) s_unit ("P");
    s_seen_t *seen = s_seen_new ();
    SF_CHECK (s_walk (&request.base, &inspection__finding_list__descriptor, s_finding_page, seen) == 3);
    SF_CHECK (seen->count == S_ROWS && seen->largest_page == 100);
    s_check_order (seen, true);
    //  Findings reported while a client walks the list come before the page it is on: the
    //  walk goes on with the rows it has not seen, none skipped, none twice.
    memset (seen, 0, sizeof *seen);
    Inspection__FindingList *first = (Inspection__FindingList *) s_page (&request.base, "",
                                                                         &inspection__finding_list__descriptor);
    it_set_clock (&s_stack, s_local_ms ("2026-12-01", 7, 10));
    for (int number = S_ROWS; number < S_ROWS + 3; number++)
        SF_CHECK (s_report (number) == SF_OK);
    s_finding_page (&first->base, seen);
    s_walk_from (&request.base, first->next_page_token, &inspection__finding_list__descriptor, s_finding_page, seen);
    sf_pb_destroy (&first);
    SF_CHECK (seen->count == S_ROWS);
    s_check_order (seen, true);
    memset (seen, 0, sizeof *seen);
    s_walk (&request.base, &inspection__finding_list__descriptor, s_finding_page, seen);
    SF_CHECK (seen->count == S_ROWS + 3);

    //  The open ones (open or in rectification), page by page from their own index: a tenth
    //  taken up by rectification stay in the list, a tenth closed and a tenth cancelled leave it.
    const char *team = s_unit ("D1T1");
    char sql [512];
    snprintf (sql, sizeof sql, "WITH u AS (UPDATE finding SET status = CASE id %% 10 WHEN 0 THEN %d WHEN 1 THEN %d"
              " ELSE %d END WHERE responsible_unit = $1 AND id %% 10 < 3 RETURNING 1) SELECT count (*) FROM u",
              INSPECTION__FINDING_STATUS__FINDING_IN_RECTIFICATION, INSPECTION__FINDING_STATUS__FINDING_CLOSED,
              INSPECTION__FINDING_STATUS__FINDING_CANCELLED);
    SF_CHECK (s_count (sql, team) > 0);
    snprintf (sql, sizeof sql, "SELECT count (*) FROM finding WHERE responsible_unit = $1 AND status IN (%d, %d)",
              INSPECTION__FINDING_STATUS__FINDING_OPEN, INSPECTION__FINDING_STATUS__FINDING_IN_RECTIFICATION);
    int64_t open = s_count (sql, team);
    SF_CHECK (open > S_ROWS / 2 && open < S_ROWS);
    request.open_only = true;
    request.page_size = 40;
    memset (seen, 0, sizeof *seen);
    SF_CHECK (s_walk (&request.base, &inspection__finding_list__descriptor, s_finding_page, seen) == (open + 39) / 40);
    SF_CHECK ((int64_t) seen->count == open);
    s_check_order (seen, true);
    request.open_only = false;
    request.page_size = 0;
    free (seen);

    //  Refusals, each with its reason in both languages.
    s_refused (&request.base, -1, "", "page_size");
    s_refused (&request.base, 0, "not a token!", "page_token");
    s_refused (&request.base, 0, s_tasks_token, "another list");
    const char *keys [] = { "yesterday", "1" };
    char *forged = s_forged_token ("inspection.ListFindings", keys, 2);
    s_refused (&request.base, 0, forged, "page_token");
    free (forged);
    forged = s_forged_token ("inspection.ListFindings", keys + 1, 1);
    s_refused (&request.base, 0, forged, "page_token");
    free (forged);
}

static void
s_violation_page (const ProtobufCMessage *page, void *arg)
{
    const Inspection__ViolationList *list = (const Inspection__ViolationList *) page;
    s_page_seen (arg, list->n_violations);
    for (size_t index = 0; index < list->n_violations; index++)
        s_see (arg, list->violations [index]->occurred_ms, list->violations [index]->id);
}

static void
s_violations (void)
{
    //  Two at each minute before now.
    int64_t now_ms = s_local_ms ("2026-12-01", 7, 10);
    for (int number = 0; number < S_ROWS; number++) {
        char description [64];
        snprintf (description, sizeof description, "班中睡岗 %d", number);
        Inspection__RecordViolation request = INSPECTION__RECORD_VIOLATION__INIT;
        request.type = INSPECTION__VIOLATION_TYPE__VIOLATION_DISCIPLINE;
        request.person_code = (char *) s_unit ("D1T1E1");
        request.unit_code = (char *) s_unit ("D1T1");
        request.description = description;
        request.occurred_ms = now_ms - (number / 2 + 1) * S_MINUTE_MS;
        SF_CHECK (dt_ask (s_stack.admin, &request.base, NULL) == SF_OK);
    }
    Inspection__SearchViolations request = INSPECTION__SEARCH_VIOLATIONS__INIT;
    request.unit_code = (char *) s_unit ("P");
    s_seen_t *seen = s_seen_new ();
    SF_CHECK (s_walk (&request.base, &inspection__violation_list__descriptor, s_violation_page, seen) == 3);
    SF_CHECK (seen->count == S_ROWS && seen->largest_page == 100);
    s_check_order (seen, true);
    memset (seen, 0, sizeof *seen);
    request.page_size = 30;
    request.text = (char *) "睡岗 1";      //  1, 10..19, 100..199
    s_walk (&request.base, &inspection__violation_list__descriptor, s_violation_page, seen);
    SF_CHECK (seen->count == 111 && seen->largest_page == 30);
    s_check_order (seen, true);
    free (seen);
    s_refused (&request.base, -5, "", "page_size");
}

//  --------------------------------------------------------------------------------------
//  Completion and a unit's history

typedef struct {
    char units [16][64];
    size_t count;
} s_units_seen_t;

static void
s_completion_page (const ProtobufCMessage *page, void *arg)
{
    const Inspection__Completion *completion = (const Inspection__Completion *) page;
    s_units_seen_t *seen = arg;
    SF_CHECK (completion->n_units <= 4);
    for (size_t index = 0; index < completion->n_units; index++) {
        SF_CHECK (seen->count < 16);
        snprintf (seen->units [seen->count++], 64, "%s", completion->units [index]->unit_code);
    }
}

static void
s_completion (void)
{
    Inspection__GetCompletion request = INSPECTION__GET_COMPLETION__INIT;
    request.unit_code = (char *) s_unit ("P");
    request.from_date = (char *) "2026-12-01";
    request.to_date = (char *) "2026-12-31";
    request.page_size = 4;
    s_units_seen_t seen = { 0 };
    SF_CHECK (s_walk (&request.base, &inspection__completion__descriptor, s_completion_page, &seen) == 2);
    SF_CHECK (seen.count == 6);
    for (size_t index = 1; index < seen.count; index++)
        SF_CHECK (strcmp (seen.units [index - 1], seen.units [index]) < 0);
}

//  What a unit's history shows, list by list (inspection_history_list_t's order).
enum { S_RECORDS, S_FINDINGS, S_VIOLATIONS, S_MISSED, S_MEETINGS, S_LISTS };

typedef struct {
    s_seen_t *lists [S_LISTS];
    int pages;
    int empty_pages [S_LISTS];     //  pages without a row of the list
} s_history_seen_t;

static void
s_history_page (const ProtobufCMessage *page, void *arg)
{
    const Inspection__UnitHistory *history = (const Inspection__UnitHistory *) page;
    s_history_seen_t *seen = arg;
    seen->pages++;
    size_t counts [S_LISTS] = {
        history->n_records, history->n_findings, history->n_violations, history->n_missed, history->n_meetings
    };
    for (int list = 0; list < S_LISTS; list++) {
        s_page_seen (seen->lists [list], counts [list]);
        seen->empty_pages [list] += counts [list] == 0;
    }
    for (size_t index = 0; index < history->n_records; index++)
        s_see (seen->lists [S_RECORDS], history->records [index]->recorded_ms, history->records [index]->id);
    for (size_t index = 0; index < history->n_findings; index++)
        s_see (seen->lists [S_FINDINGS], history->findings [index]->reported_ms, history->findings [index]->id);
    for (size_t index = 0; index < history->n_violations; index++)
        s_see (seen->lists [S_VIOLATIONS], history->violations [index]->occurred_ms, history->violations [index]->id);
    for (size_t index = 0; index < history->n_missed; index++)
        s_see (seen->lists [S_MISSED], history->missed [index]->window_end_ms, history->missed [index]->id);
    for (size_t index = 0; index < history->n_meetings; index++)
        s_see (seen->lists [S_MEETINGS], history->meetings [index]->recorded_ms, history->meetings [index]->id);
}

static void
s_record (const char *date, Inspection__TaskKind kind, int shift_no)
{
    sf_rpc_client_t *leader = it_client (&s_stack, "leader1", "team_leader", s_unit ("D1T1"));
    Inspection__ItemResult result = INSPECTION__ITEM_RESULT__INIT;
    result.key = (char *) "F1";
    result.passed = true;
    Inspection__ItemResult *results [] = { &result };
    Inspection__RecordInspection request = INSPECTION__RECORD_INSPECTION__INIT;
    request.task_id = it_task_id (&s_stack, s_unit ("D1T1"), kind, date, shift_no);
    request.n_results = 1;
    request.results = results;
    SF_CHECK (dt_ask (leader, &request.base, NULL) == SF_OK);
    sf_rpc_client_destroy (&leader);
}

static void
s_meeting (int shift_no, Inspection__MeetingKind kind)
{
    sf_rpc_client_t *leader = it_client (&s_stack, "leader1", "team_leader", s_unit ("D1T1"));
    char *attendees [] = { (char *) s_unit ("D1T1E1") };
    Inspection__RecordMeeting request = INSPECTION__RECORD_MEETING__INIT;
    request.team_code = (char *) s_unit ("D1T1");
    request.shift_date = (char *) "2026-12-01";
    request.shift_no = shift_no;
    request.kind = kind;
    request.n_attendees = 1;
    request.attendees = attendees;
    request.topics = (char *) "交接班";
    SF_CHECK (dt_ask (leader, &request.base, NULL) == SF_OK);
    sf_rpc_client_destroy (&leader);
}

static void
s_history (void)
{
    it_set_clock (&s_stack, s_local_ms ("2026-12-01", 8, 0));
    s_record ("2026-12-01", INSPECTION__TASK_KIND__TASK_PRE_SHIFT, 1);
    s_record ("2026-12-01", INSPECTION__TASK_KIND__TASK_IN_SHIFT, 1);
    s_meeting (1, INSPECTION__MEETING_KIND__MEETING_PRE_SHIFT);
    s_meeting (1, INSPECTION__MEETING_KIND__MEETING_POST_SHIFT);
    s_meeting (2, INSPECTION__MEETING_KIND__MEETING_PRE_SHIFT);
    //  Two days later: the team's routine tasks of 12-01 and 12-02 not done are missed, and
    //  12-03's first pre-shift check.
    it_set_clock (&s_stack, s_local_ms ("2026-12-03", 9, 0));
    const char *team = s_unit ("D1T1");
    SF_CHECK (it_wait_count (s_stack.db, "SELECT count(*) FROM task WHERE status = 3 AND executor_unit = $1", team,
                             9 * 2 - 2 + 1, 15000));

    Inspection__GetUnitHistory request = INSPECTION__GET_UNIT_HISTORY__INIT;
    request.unit_code = (char *) team;
    request.page_size = 7;
    s_history_seen_t seen = { .pages = 0 };
    for (int list = 0; list < S_LISTS; list++)
        seen.lists [list] = s_seen_new ();
    s_walk (&request.base, &inspection__unit_history__descriptor, s_history_page, &seen);
    const char *counts [S_LISTS] = {
        "SELECT count(*) FROM record WHERE executor_unit = $1 OR target_unit = $1",
        "SELECT count(*) FROM finding WHERE responsible_unit = $1",
        "SELECT count(*) FROM violation WHERE unit_code = $1",
        "SELECT count(*) FROM task WHERE executor_unit = $1 AND status = 3",
        "SELECT count(*) FROM meeting WHERE team_code = $1"
    };
    //  The longest lists set the number of pages; each list ends on its own.
    SF_CHECK (seen.pages == (S_ROWS + 3 + 6) / 7);
    for (int list = 0; list < S_LISTS; list++) {
        int64_t expected = s_count (counts [list], team);
        SF_CHECK ((int64_t) seen.lists [list]->count == expected);
        SF_CHECK (seen.lists [list]->largest_page == (size_t) (expected < 7? expected: 7));
        SF_CHECK (seen.empty_pages [list] == seen.pages - (int) ((expected + 6) / 7));
        s_check_order (seen.lists [list], true);
        free (seen.lists [list]);
    }
    SF_CHECK (s_count (counts [S_RECORDS], team) == 2 && s_count (counts [S_MEETINGS], team) == 3);
    SF_CHECK (s_count (counts [S_FINDINGS], team) == S_ROWS + 3);

    s_refused (&request.base, -1, "", "page_size");
    s_refused (&request.base, 0, s_tasks_token, "another list");
    //  A list's mark is "+" (more) or "." (ended), its keys numbers.
    const char *keys [15] = {
        "+", "1", "1", ".", "", "", "+", "1", "1", "?", "1", "1", "+", "1", "1"
    };
    char *forged = s_forged_token ("inspection.GetUnitHistory", keys, 15);
    s_refused (&request.base, 0, forged, "page_token");
    free (forged);
    keys [9] = "+";
    keys [14] = "1.5";
    forged = s_forged_token ("inspection.GetUnitHistory", keys, 15);
    s_refused (&request.base, 0, forged, "page_token");
    free (forged);
}

int
main (void)
{
    it_stack_start (&s_stack, "itpage");
    it_set_clock (&s_stack, s_local_ms ("2026-12-01", 7, 0));
    s_plan ();
    s_tasks ();
    s_import (s_unit ("D1T1"), S_ROWS);
    s_hazard_list ();
    s_register ();
    s_checklist ();
    s_findings ();
    s_violations ();
    s_completion ();
    s_history ();
    free (s_tasks_token);
    it_stack_stop (&s_stack);
    printf ("inspection paging: ok\n");
    return 0;
}
