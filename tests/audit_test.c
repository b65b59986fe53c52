/*  The audit trail (issue 10, "Audit") against a real directory: every change leaves a line
    naming the authenticated actor (an account, or the daemon acting as the service) and the
    unit it acted for; sf.History answers one object's lines, oldest first and paged, to the
    roles and grants that cover the object's plant, and to nobody else; an object without
    lines is not_found. The trail has as many lines as the outbox has events.               */
#include "directory_testlib.h"
#include "sf_admin.pb-c.h"
#include "sf_pb.h"

#include <signal.h>
#include <string.h>

#define PASSWORD "Anquan-Shengchan-2026"

static char s_prefix [64];

static const char *
s_code (const char *suffix)
{
    static char codes [8][96];
    static int next;
    char *code = codes [next++ % 8];
    snprintf (code, sizeof codes [0], "%s%s", s_prefix, suffix);
    return code;
}

//  An account for employee with role on node, made as the service.
static void
s_account (sf_rpc_client_t *service, const char *login, const char *employee, const char *role, const char *node)
{
    Directory__CreateAccount create = DIRECTORY__CREATE_ACCOUNT__INIT;
    create.login = (char *) login;
    create.employee_code = (char *) employee;
    create.password = (char *) PASSWORD;
    SF_CHECK (dt_ask (service, &create.base, NULL) == SF_OK);
    Directory__GrantRole grant = DIRECTORY__GRANT_ROLE__INIT;
    grant.login = (char *) login;
    grant.role = (char *) role;
    grant.node_code = (char *) node;
    SF_CHECK (dt_ask (service, &grant.base, NULL) == SF_OK);
}

static sf_rpc_client_t *
s_client_as (const sf_test_daemon_t *daemon, const char *login)
{
    sf_rpc_client_t *client = sf_test_daemon_client (daemon);
    sf_rpc_client_set_actor (client, login, "", "", "");
    return client;
}

//  One page of sf.History; returns the status, *history the reply when ok.
static sf_status_t
s_history (sf_rpc_client_t *client, const char *type, const char *id, int page_size, const char *token,
           Sf__HistoryReply **history)
{
    Sf__History request = SF__HISTORY__INIT;
    request.aggregate_type = (char *) type;
    request.aggregate_id = (char *) id;
    request.page_size = page_size;
    request.page_token = (char *) (token? token: "");
    sf_reply_t reply;
    sf_status_t status = dt_ask (client, &request.base, &reply);
    fprintf (stderr, "sf.History %s %s: %s %s\n", type, id, sf_status_name (status), status == SF_OK? "": reply.reason_en);
    if (status == SF_OK && history)
        *history = dt_body (&reply, &sf__history_reply__descriptor);
    sf_reply_clear (&reply);
    return status;
}

int
main (void)
{
    char *unique = sf_test_unique ("audit");
    snprintf (s_prefix, sizeof s_prefix, "%s", unique);
    sf_test_daemon_t daemon;
    sf_test_daemon_start (&daemon, DIRECTORY_BINARY, unique, "");
    sf_db_t *db = sf_test_db_session (unique);
    sf_rpc_client_t *service = dt_client (&daemon);
    dt_build_tree (service, s_prefix);
    SF_CHECK (dt_create (service, DIRECTORY__KIND__KIND_EMPLOYEE, s_code ("E1"), s_code ("S"), "员工一", NULL, NULL)
              == SF_OK);
    SF_CHECK (dt_create (service, DIRECTORY__KIND__KIND_PLANT, s_code ("P2"), s_code ("C"), "二厂", NULL, NULL)
              == SF_OK);
    s_account (service, "boss.audit", s_code ("E1"), "admin", s_code ("C"));
    s_account (service, "p2.manager", s_code ("E1"), "plant_safety_manager", s_code ("P2"));
    s_account (service, "p1.manager", s_code ("E1"), "plant_safety_manager", s_code ("P"));
    s_account (service, "p1.leader", s_code ("E1"), "team_leader", s_code ("T"));

    //  A change by an account: its line names the account and the unit it acted for.
    sf_rpc_client_t *boss = s_client_as (&daemon, "boss.audit");
    SF_CHECK (dt_create (boss, DIRECTORY__KIND__KIND_DEPARTMENT, s_code ("D9"), s_code ("P"), "设备部", NULL, NULL)
              == SF_OK);
    Directory__RenameNode rename = DIRECTORY__RENAME_NODE__INIT;
    rename.code = (char *) s_code ("D9");
    rename.name_zh = (char *) "设备动力部";
    SF_CHECK (dt_ask (boss, &rename.base, NULL) == SF_OK);
    Sf__HistoryReply *history = NULL;
    SF_CHECK (s_history (boss, "org_node", s_code ("D9"), 0, NULL, &history) == SF_OK);
    SF_CHECK (history->n_entries == 2 && !*history->next_page_token);
    for (size_t i = 0; i < history->n_entries; i++) {
        printf ("%s %s by %s for %s in %s\n", history->entries [i]->event_id, history->entries [i]->event_type,
                history->entries [i]->actor, history->entries [i]->actor_unit, history->entries [i]->plant);
        SF_CHECK_STR (history->entries [i]->actor, "boss.audit");
        SF_CHECK_STR (history->entries [i]->actor_unit, s_code ("C"));
        SF_CHECK_STR (history->entries [i]->plant, s_code ("P"));
        SF_CHECK (history->entries [i]->occurred_ms > 0);
    }
    SF_CHECK (history->entries [0]->occurred_ms <= history->entries [1]->occurred_ms);
    SF_CHECK (strstr (history->entries [0]->event_type, "created") && strstr (history->entries [1]->event_type, "renamed"));
    char first [64];
    snprintf (first, sizeof first, "%s", history->entries [0]->event_id);
    sf_pb_destroy (&history);

    //  Paged: one line a page, each once.
    SF_CHECK (s_history (boss, "org_node", s_code ("D9"), 1, NULL, &history) == SF_OK);
    SF_CHECK (history->n_entries == 1 && *history->next_page_token);
    SF_CHECK_STR (history->entries [0]->event_id, first);
    char *token = strdup (history->next_page_token);
    sf_pb_destroy (&history);
    SF_CHECK (s_history (boss, "org_node", s_code ("D9"), 1, token, &history) == SF_OK);
    SF_CHECK (history->n_entries == 1 && !*history->next_page_token);
    SF_CHECK (strcmp (history->entries [0]->event_id, first) != 0);
    free (token);
    sf_pb_destroy (&history);

    //  The plant's manager reads it; another plant's manager, and a team leader, do not.
    sf_rpc_client_t *p1 = s_client_as (&daemon, "p1.manager");
    sf_rpc_client_t *p2 = s_client_as (&daemon, "p2.manager");
    sf_rpc_client_t *leader = s_client_as (&daemon, "p1.leader");
    SF_CHECK (s_history (p1, "org_node", s_code ("D9"), 0, NULL, NULL) == SF_OK);
    SF_CHECK (s_history (p2, "org_node", s_code ("D9"), 0, NULL, NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (s_history (leader, "org_node", s_code ("D9"), 0, NULL, NULL) == SF_PERMISSION_DENIED);
    //  A change the service made names the service.
    SF_CHECK (s_history (p2, "org_node", s_code ("P2"), 0, NULL, &history) == SF_OK);
    SF_CHECK (history->n_entries == 1);
    SF_CHECK_STR (history->entries [0]->actor, "sf-test");
    sf_pb_destroy (&history);
    //  An account's lines (its creation and grant, by the service).
    SF_CHECK (s_history (boss, "account", "p2.manager", 0, NULL, &history) == SF_OK);
    SF_CHECK (history->n_entries == 2);
    sf_pb_destroy (&history);
    //  Nothing about an object without lines, nor a request without the object.
    SF_CHECK (s_history (boss, "org_node", s_code ("NOPE"), 0, NULL, NULL) == SF_NOT_FOUND);
    SF_CHECK (s_history (boss, "org_node", "", 0, NULL, NULL) == SF_INVALID_ARGUMENT);
    //  Every event left its line, in the same transaction.
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM sf_outbox o LEFT JOIN sf_audit a USING (event_id)"
                                  " WHERE a.event_id IS NULL", NULL) == 0);
    SF_CHECK (sf_test_scalar (db, "SELECT count(*) FROM sf_audit", NULL)
              == sf_test_scalar (db, "SELECT count(*) FROM sf_outbox", NULL));

    sf_rpc_client_destroy (&leader);
    sf_rpc_client_destroy (&p2);
    sf_rpc_client_destroy (&p1);
    sf_rpc_client_destroy (&boss);
    sf_rpc_client_destroy (&service);
    sf_test_daemon_stop (&daemon, SIGTERM);
    sf_test_drop_schema (db, unique);
    sf_db_destroy (&db);
    free (unique);
    return 0;
}
