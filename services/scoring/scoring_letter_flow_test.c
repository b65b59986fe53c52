/*  scoring_letter_flow_test: the letter requests against real PostgreSQL, called as the rpc
    server calls them (the actor and its reach checked first, sf_rpc_scope; a write inside a
    transaction, committed when OK, rolled back otherwise), on a small org written into the
    org copy: the expected pairs of each level (an inactive department and a company-level
    one not counted), templates, issuing (a level without a template refused, nothing
    written; the pairs issued once), signing (the wrong user refused with zh+en, the right
    one accepted, twice refused, admin refused on a person's side B), coverage with its gaps
    paged, and the letter_missing pass before and after the grace days.                   */
#include "scoring.h"
#include "scoring_letter.h"
#include "scoring_letter_watch.h"
#include "sf_envelope.h"
#include "sf_migrate.h"
#include "sf_pb.h"
#include "sf_rpc_scope.h"
#include "sf_testkit.h"

#include <stdlib.h>
#include <string.h>

extern const sf_migration_t scoring_migrations [];

#define S_DAY_MS 86400000LL
#define S_T0 1780000000000LL          //  2026-05-28 UTC
#define S_YEAR 2026

typedef struct {
    char *schema;
    sf_db_t *db;
    scoring_state_t state;
} fixture_t;

static void
s_node (fixture_t *self, int kind, const char *code, const char *parent, const char *plant, bool active)
{
    char kind_text [8];
    snprintf (kind_text, sizeof kind_text, "%d", kind);
    const char *values [] = { code, kind_text, parent, plant, active? "true": "false" };
    SF_CHECK (sf_db_exec (self->db,
        "INSERT INTO sf_org_node (code, kind, parent_code, plant_code, name_zh, name_en, active, version)"
        " VALUES ($1, $2::smallint, $3, $4, $1 || '名', $1 || ' name', $5::boolean, 1)", 5, values) == 1);
}

//  An account login of employee (may be "") holding role on unit.
static void
s_account (fixture_t *self, const char *login, const char *employee, const char *role, const char *unit)
{
    const char *values [] = { login, employee, role, unit };
    SF_CHECK (sf_db_exec (self->db, "INSERT INTO sf_org_account (login, employee_code, disabled, version)"
                                    " VALUES ($1, $2, false, 1) ON CONFLICT DO NOTHING", 2, values) >= 0);
    const char *grant [] = { login, role, unit };
    SF_CHECK (sf_db_exec (self->db, "INSERT INTO sf_org_grant (login, role, node_code) VALUES ($1, $2, $3)",
                          3, grant) == 1);
}

static void
s_fixture_init (fixture_t *self)
{
    self->schema = sf_test_unique ("scoring_letter");
    self->db = sf_test_db (self->schema);
    SF_CHECK (sf_migrate (self->db, self->schema, "common", common_migrations) >= 8);
    SF_CHECK (sf_migrate (self->db, self->schema, "scoring", scoring_migrations) >= 3);
    self->state.time_zone = (char *) "Asia/Shanghai";
    s_node (self, 1, "C", NULL, NULL, true);
    s_node (self, 3, "HQ", "C", NULL, true);
    s_node (self, 2, "P", "C", "P", true);
    s_node (self, 3, "D1", "P", "P", true);
    s_node (self, 4, "D1T1", "D1", "P", true);
    s_node (self, 5, "D1T1S", "D1T1", "P", true);
    s_node (self, 6, "E1", "D1T1S", "P", true);
    s_node (self, 6, "E2", "D1T1S", "P", true);
    s_node (self, 6, "E3", "D1T1", "P", true);
    s_node (self, 6, "E9", "D1T1S", "P", false);
    s_node (self, 4, "D1T2", "D1", "P", true);
    s_node (self, 6, "E4", "D1", "P", true);
    s_node (self, 3, "D2", "P", "P", false);
    s_node (self, 4, "D2T1", "D2", "P", true);
    s_account (self, "ehs", "", "ehs", "C");
    s_account (self, "manager", "", "plant_safety_manager", "P");
    s_account (self, "head", "E4", "department_head", "D1");
    s_account (self, "officer", "E3", "safety_officer", "D1");
    s_account (self, "leader", "E1", "team_leader", "D1T1");
    s_account (self, "worker", "E2", "worker", "D1T1S");
}

static sf_status_t
s_call (fixture_t *self, const ProtobufCMessage *body, const char *login, sf_reply_t *reply)
{
    const sf_route_t *route = scoring_letter_routes;
    while (route->request && route->request != body->descriptor)
        route++;
    SF_CHECK (route->request);
    sf_request_t request = { .request_id = (char *) "test", .type = (char *) body->descriptor->name };
    request.actor.user_id = strdup (login);
    request.actor.org_node = strdup ("");
    request.actor.plant = strdup ("");
    sf_peer_t peer = { .name = "test", .kind = SF_PEER_KIND_DAEMON, .trusted = true };
    memset (reply, 0, sizeof *reply);
    sf_call_t call = {
        .request = &request, .peer = &peer, .message = body, .route = route, .reply = reply, .db = self->db,
        .state = &self->state
    };
    if (route->writes)
        SF_CHECK (sf_db_begin (self->db) == 0);
    sf_scope_t scope;
    call.scope = &scope;
    if (sf_rpc_scope_check (&call, &request.actor, &scope))
        route->handler (&call);
    sf_actor_clear (&request.actor);
    SF_CHECK (reply->status != 0);
    if (route->writes) {
        if (reply->status == SF_OK)
            SF_CHECK (sf_db_commit (self->db) == 0);
        else
            sf_db_rollback (self->db);
    }
    if (reply->status != SF_OK)
        printf ("%s as %s: %s | %s\n", body->descriptor->name, login, reply->reason_zh, reply->reason_en);
    return reply->status;
}

//  Calls and expects status; the reply's body as descriptor when OK (caller destroys), else NULL.
static void *
s_expect (fixture_t *self, const ProtobufCMessage *body, const char *login, sf_status_t status,
          const ProtobufCMessageDescriptor *descriptor)
{
    sf_reply_t reply;
    SF_CHECK (s_call (self, body, login, &reply) == status);
    void *message = NULL;
    if (status == SF_OK && descriptor) {
        SF_CHECK_STR (reply.type, descriptor->name);
        message = protobuf_c_message_unpack (descriptor, NULL, reply.body_size, reply.body);
        SF_CHECK (message);
    }
    if (status != SF_OK)
        SF_CHECK (reply.reason_zh && *reply.reason_zh && reply.reason_en && *reply.reason_en);
    sf_reply_clear (&reply);
    return message;
}

static void
s_template (fixture_t *self, int level, const char *login, sf_status_t status)
{
    Scoring__LetterTarget target = SCORING__LETTER_TARGET__INIT;
    target.code = (char *) "no_lost_time";
    target.text_zh = (char *) "无损工事故";
    target.text_en = (char *) "no lost-time injury";
    Scoring__LetterTarget *targets [] = { &target };
    Scoring__LetterTemplate template = SCORING__LETTER_TEMPLATE__INIT;
    template.year = S_YEAR;
    template.level = (Scoring__LetterLevel) level;
    template.title_zh = (char *) "安全生产责任书";
    template.title_en = (char *) "Safety responsibility letter";
    template.content_zh = (char *) "职责";
    template.content_en = (char *) "Duties";
    template.targets = targets;
    template.n_targets = 1;
    Scoring__SetLetterTemplate set = SCORING__SET_LETTER_TEMPLATE__INIT;
    set.template_ = &template;
    Scoring__LetterTemplate *stored = s_expect (self, &set.base, login, status, &scoring__letter_template__descriptor);
    if (stored) {
        SF_CHECK (stored->n_targets == 1 && stored->version >= 1);
        sf_pb_destroy (&stored);
    }
}

static Scoring__IssueLettersReply *
s_issue (fixture_t *self, int level, const char *login, sf_status_t status)
{
    Scoring__IssueLetters issue = SCORING__ISSUE_LETTERS__INIT;
    issue.year = S_YEAR;
    issue.plant_code = (char *) "P";
    issue.level = (Scoring__LetterLevel) level;
    return s_expect (self, &issue.base, login, status, &scoring__issue_letters_reply__descriptor);
}

static int64_t
s_letter_id (fixture_t *self, int level, const char *party_b)
{
    char level_text [8];
    snprintf (level_text, sizeof level_text, "%d", level);
    const char *values [] = { level_text, party_b };
    sf_rows_t *rows = sf_db_query (self->db, "SELECT id FROM letter WHERE level = $1::smallint AND party_b = $2",
                                   2, values);
    SF_CHECK (rows && sf_rows_count (rows) == 1);
    int64_t id = sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    return id;
}

static Scoring__Letter *
s_sign (fixture_t *self, int64_t id, int side, const char *login, sf_status_t status)
{
    Scoring__SignLetter sign = SCORING__SIGN_LETTER__INIT;
    sign.letter_id = id;
    sign.side = (Scoring__LetterSide) side;
    return s_expect (self, &sign.base, login, status, &scoring__letter__descriptor);
}

static Scoring__Coverage *
s_coverage (fixture_t *self, int page_size, const char *token)
{
    Scoring__GetCoverage get = SCORING__GET_COVERAGE__INIT;
    get.year = S_YEAR;
    get.plant_code = (char *) "P";
    get.page_size = page_size;
    get.page_token = (char *) (token? token: "");
    return s_expect (self, &get.base, "manager", SF_OK, &scoring__coverage__descriptor);
}

static void
s_test_pairs (fixture_t *self)
{
    const char *values [] = { "P", scoring_letter_kinds () };
    sf_rows_t *rows = sf_db_query (self->db,
        SCORING_LETTER_PAIRS_CTE " SELECT string_agg (level || ':' || party_a || '-' || party_b || (CASE WHEN person"
        " THEN '*' ELSE '' END), ' ' ORDER BY level, party_b, party_a) FROM pairs", 2, values);
    SF_CHECK (rows && sf_rows_count (rows) == 1);
    SF_CHECK_STR (sf_rows_text (rows, 0, 0),
                  "1:C-P 2:P-D1 3:D1-D1T1 3:D1-D1T2 4:D1-E3* 5:D1T1-E1* 5:D1T1-E2* 5:D1T1-E3*");
    sf_rows_destroy (&rows);
    //  The company's own office counts in the company.
    values [0] = "C";
    rows = sf_db_query (self->db, SCORING_LETTER_PAIRS_CTE " SELECT string_agg (level || ':' || party_a || '-' || party_b,"
                                  " ' ') FROM pairs", 2, values);
    SF_CHECK (rows && sf_rows_count (rows) == 1);
    SF_CHECK_STR (sf_rows_text (rows, 0, 0), "2:C-HQ");
    sf_rows_destroy (&rows);
    Scoring__Coverage coverage = SCORING__COVERAGE__INIT;
    SF_CHECK (scoring_letter_coverage_count (self->db, "P", S_YEAR, &coverage) == 0);
    SF_CHECK (coverage.expected == 8 && coverage.signed_ == 0 && coverage.percent == 0 && coverage.n_levels == 5);
    SF_CHECK (coverage.levels [4]->level == 5 && coverage.levels [4]->expected == 3);
    for (size_t i = 0; i < coverage.n_levels; i++)
        sf_pb_destroy (&coverage.levels [i]);
    free (coverage.levels);
    free (coverage.plant_code);
}

static void
s_test_issue (fixture_t *self)
{
    //  No template: refused, nothing written.
    Scoring__IssueLettersReply *reply = s_issue (self, 0, "manager", SF_FAILED_PRECONDITION);
    s_template (self, 1, "worker", SF_PERMISSION_DENIED);
    s_template (self, 1, "manager", SF_PERMISSION_DENIED);
    for (int level = 1; level <= 5; level++)
        if (level != 4)
            s_template (self, level, "ehs", SF_OK);
    s_template (self, 5, "ehs", SF_OK);
    SF_CHECK (sf_test_scalar (self->db, "SELECT version FROM letter_template WHERE level = 5", NULL) == 2);
    reply = s_issue (self, 4, "manager", SF_FAILED_PRECONDITION);
    SF_CHECK (sf_test_scalar (self->db, "SELECT count (*) FROM letter", NULL) == 0);
    s_issue (self, 0, "worker", SF_PERMISSION_DENIED);
    s_issue (self, 0, "head", SF_PERMISSION_DENIED);
    //  Every level: level 4 without a template skipped.
    reply = s_issue (self, 0, "manager", SF_OK);
    SF_CHECK (reply->issued == 7 && reply->existing == 0 && reply->n_numbers == 7);
    SF_CHECK_STR (reply->numbers [0], "P-L2026-000001");
    sf_pb_destroy (&reply);
    s_template (self, 4, "ehs", SF_OK);
    reply = s_issue (self, 4, "manager", SF_OK);
    SF_CHECK (reply->issued == 1 && reply->existing == 0);
    SF_CHECK_STR (reply->numbers [0], "P-L2026-000008");
    sf_pb_destroy (&reply);
    reply = s_issue (self, 0, "ehs", SF_OK);
    SF_CHECK (reply->issued == 0 && reply->existing == 8);
    sf_pb_destroy (&reply);
    SF_CHECK (sf_test_scalar (self->db, "SELECT count (*) FROM letter_target", NULL) == 8);
    SF_CHECK (sf_test_scalar (self->db, "SELECT count (*) FROM sf_outbox WHERE event_type = 'scoring.letter_issued'",
                              NULL) == 8);
    Scoring__IssueLetters company = SCORING__ISSUE_LETTERS__INIT;
    company.year = S_YEAR;
    company.plant_code = (char *) "C";
    s_expect (self, &company.base, "manager", SF_PERMISSION_DENIED, NULL);
    reply = s_expect (self, &company.base, "ehs", SF_OK, &scoring__issue_letters_reply__descriptor);
    SF_CHECK (reply->issued == 1);
    SF_CHECK_STR (reply->numbers [0], "C-L2026-000001");
    sf_pb_destroy (&reply);
    Scoring__IssueLetters bad = SCORING__ISSUE_LETTERS__INIT;
    bad.year = 1999;
    bad.plant_code = (char *) "P";
    s_expect (self, &bad.base, "manager", SF_INVALID_ARGUMENT, NULL);
    bad.year = S_YEAR;
    bad.plant_code = (char *) "D1";
    s_expect (self, &bad.base, "manager", SF_INVALID_ARGUMENT, NULL);
}

static void
s_test_sign (fixture_t *self)
{
    int64_t member = s_letter_id (self, 5, "E2");
    s_sign (self, member, 2, "leader", SF_PERMISSION_DENIED);
    s_sign (self, member, 2, "ehs", SF_PERMISSION_DENIED);
    s_sign (self, member, 1, "worker", SF_PERMISSION_DENIED);
    s_sign (self, member, 3, "worker", SF_INVALID_ARGUMENT);
    s_sign (self, 999999, 2, "worker", SF_NOT_FOUND);
    Scoring__Letter *letter = s_sign (self, member, 2, "worker", SF_OK);
    SF_CHECK (letter->status == SCORING__LETTER_STATUS__LETTER_PARTLY_SIGNED);
    SF_CHECK_STR (letter->signed_b_by, "worker");
    SF_CHECK (letter->n_targets == 1 && letter->version == 2);
    sf_pb_destroy (&letter);
    s_sign (self, member, 2, "worker", SF_FAILED_PRECONDITION);
    letter = s_sign (self, member, 1, "leader", SF_OK);
    SF_CHECK (letter->status == SCORING__LETTER_STATUS__LETTER_SIGNED);
    sf_pb_destroy (&letter);
    s_sign (self, member, 1, "leader", SF_FAILED_PRECONDITION);

    //  A unit's side B: its leader's role; side A of level 2: the plant's manager.
    int64_t team = s_letter_id (self, 3, "D1T1");
    s_sign (self, team, 2, "worker", SF_PERMISSION_DENIED);
    s_sign (self, team, 1, "leader", SF_PERMISSION_DENIED);
    letter = s_sign (self, team, 1, "head", SF_OK);
    sf_pb_destroy (&letter);
    letter = s_sign (self, team, 2, "leader", SF_OK);
    SF_CHECK (letter->status == SCORING__LETTER_STATUS__LETTER_SIGNED);
    sf_pb_destroy (&letter);

    //  Read by a party; another plant's worker would not reach it (scope).
    Scoring__GetLetter get = SCORING__GET_LETTER__INIT;
    get.number = (char *) "P-L2026-000001";
    letter = s_expect (self, &get.base, "manager", SF_OK, &scoring__letter__descriptor);
    SF_CHECK (letter->level == 1 && strcmp (letter->party_b, "P") == 0);
    sf_pb_destroy (&letter);
    get.number = (char *) "P-L2026-999999";
    s_expect (self, &get.base, "manager", SF_NOT_FOUND, NULL);

    Scoring__ListLetters list = SCORING__LIST_LETTERS__INIT;
    list.year = S_YEAR;
    list.unit_code = (char *) "D1T1";
    list.page_size = 2;
    //  D1T1's own letter and its members' (E3 twice: member and officer), two a page.
    char token [256] = "";
    size_t seen = 0, pages = 0;
    do {
        list.page_token = token;
        Scoring__LetterList *page = s_expect (self, &list.base, "leader", SF_OK, &scoring__letter_list__descriptor);
        SF_CHECK (page->n_letters <= 2);
        for (size_t i = 0; i < page->n_letters; i++)
            SF_CHECK (page->letters [i]->n_targets == 1);
        seen += page->n_letters;
        pages++;
        snprintf (token, sizeof token, "%s", page->next_page_token);
        sf_pb_destroy (&page);
    } while (*token);
    SF_CHECK (seen == 5 && pages == 3);
    list.page_token = (char *) "";
    list.unit_code = (char *) "D2T1";
    s_expect (self, &list.base, "leader", SF_PERMISSION_DENIED, NULL);
}

static void
s_test_coverage (fixture_t *self)
{
    Scoring__Coverage *coverage = s_coverage (self, 4, NULL);
    SF_CHECK (coverage->expected == 8 && coverage->signed_ == 2 && coverage->percent == 25);
    SF_CHECK (coverage->n_gaps == 4 && *coverage->next_page_token);
    SF_CHECK_STR (coverage->gaps [0]->party_b, "P");
    SF_CHECK (coverage->gaps [0]->letter_id > 0 && coverage->gaps [0]->letter_status == 1);
    Scoring__Coverage *next = s_coverage (self, 4, coverage->next_page_token);
    SF_CHECK (next->n_gaps == 2 && !*next->next_page_token);
    SF_CHECK_STR (next->gaps [1]->party_b, "E3");
    SF_CHECK (next->gaps [1]->level == 5 && next->gaps [1]->person);
    sf_pb_destroy (&coverage);
    sf_pb_destroy (&next);
    Scoring__GetCoverage bad = SCORING__GET_COVERAGE__INIT;
    bad.year = 2101;
    bad.plant_code = (char *) "P";
    s_expect (self, &bad.base, "manager", SF_INVALID_ARGUMENT, NULL);
}

static void
s_test_watch (fixture_t *self)
{
    SF_CHECK (sf_db_begin (self->db) == 0);
    SF_CHECK (scoring_letter_watch_pass (self->db, self->state.time_zone, S_T0) == 0);
    SF_CHECK (sf_db_commit (self->db) == 0);
    SF_CHECK (sf_test_scalar (self->db, "SELECT count (*) FROM letter_watch", NULL) == 8);
    SF_CHECK (sf_db_begin (self->db) == 0);
    SF_CHECK (scoring_letter_watch_pass (self->db, self->state.time_zone, S_T0 + 29 * S_DAY_MS) == 0);
    //  Past the 30 days: every party B but E2 and D1T1 (signed) once; then never again this year.
    SF_CHECK (scoring_letter_watch_pass (self->db, self->state.time_zone, S_T0 + 31 * S_DAY_MS) == 6);
    SF_CHECK (scoring_letter_watch_pass (self->db, self->state.time_zone, S_T0 + 32 * S_DAY_MS) == 0);
    SF_CHECK (sf_db_commit (self->db) == 0);
    SF_CHECK (sf_test_scalar (self->db, "SELECT count (*) FROM sf_outbox WHERE event_type = 'scoring.letter_missing'",
                              NULL) == 6);
    //  A new employee is first seen later and waits its own grace days.
    s_node (self, 6, "E5", "D1T1S", "P", true);
    SF_CHECK (sf_db_begin (self->db) == 0);
    SF_CHECK (scoring_letter_watch_pass (self->db, self->state.time_zone, S_T0 + 40 * S_DAY_MS) == 0);
    SF_CHECK (scoring_letter_watch_pass (self->db, self->state.time_zone, S_T0 + 71 * S_DAY_MS) == 1);
    SF_CHECK (sf_db_commit (self->db) == 0);
}

int
main (void)
{
    fixture_t fixture = { 0 };
    s_fixture_init (&fixture);
    s_test_pairs (&fixture);
    s_test_issue (&fixture);
    s_test_sign (&fixture);
    s_test_coverage (&fixture);
    s_test_watch (&fixture);
    sf_test_drop_schema (fixture.db, fixture.schema);
    sf_db_destroy (&fixture.db);
    free (fixture.schema);
    printf ("scoring_letter_flow_test: ok\n");
    return 0;
}
