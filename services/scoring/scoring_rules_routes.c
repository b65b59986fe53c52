/*  scoring_rules_routes: the rules area's part of the route table (scoring.h): the event
    kind catalogue, the versioned rule sets read and replaced (README_rules.md). SetRules runs
    alone: the next version is the table's max + 1, and two sets at once would both read it. */
#include "scoring.h"
#include "scoring_events.h"
#include "scoring_rules_messages.h"
#include "scoring_rules_store.h"
#include "sf_clock.h"
#include "sf_log.h"
#include "sf_pb.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

static void
s_list_event_kinds (sf_call_t *call)
{
    sf_rows_t *rows = sf_db_query (call->db,
        "SELECT code, source_event, name_zh, name_en, person, unit, per_item FROM event_kind ORDER BY code", 0, NULL);
    if (!rows) {
        sf_call_fail_db (call, "reading the event kinds");
        return;
    }
    Scoring__EventKindList *list = sf_pb_new (&scoring__event_kind_list__descriptor);
    int count = sf_rows_count (rows);
    list->kinds = calloc ((size_t) count + 1, sizeof *list->kinds);
    if (!list->kinds)
        abort ();
    for (int row = 0; row < count; row++) {
        Scoring__EventKind *kind = sf_pb_new (&scoring__event_kind__descriptor);
        sf_pb_set (&kind->code, sf_rows_text (rows, row, 0));
        sf_pb_set (&kind->source_event, sf_rows_text (rows, row, 1));
        sf_pb_set (&kind->name_zh, sf_rows_text (rows, row, 2));
        sf_pb_set (&kind->name_en, sf_rows_text (rows, row, 3));
        kind->person = sf_rows_bool (rows, row, 4);
        kind->unit = sf_rows_bool (rows, row, 5);
        kind->per_item = sf_rows_bool (rows, row, 6);
        list->kinds [list->n_kinds++] = kind;
    }
    sf_rows_destroy (&rows);
    sf_call_reply (call, &list->base);
    sf_pb_destroy (&list);
}

static void
s_get_rules (sf_call_t *call)
{
    const Scoring__GetRules *get = SF_CALL_BODY (call, Scoring__GetRules);
    Scoring__RuleSet *set = NULL;
    int found = scoring_rules_read (call->db, get->version, &set);
    if (found < 0)
        sf_call_fail_db (call, "reading a rule set");
    else
    if (!found) {
        char version [24];
        snprintf (version, sizeof version, "%" PRId64, get->version);
        sf_call_fail (call, SF_NOT_FOUND, &SCORING_RULES_MSG_VERSION_UNKNOWN, version);
    }
    else
        sf_call_reply (call, &set->base);
    sf_pb_destroy (&set);
}

static void
s_set_rules (sf_call_t *call)
{
    const Scoring__SetRules *request = SF_CALL_BODY (call, Scoring__SetRules);
    const sf_text_t *why = NULL;
    char what [160];
    int checked = scoring_rules_check (call->db, request->rules, &why, what, sizeof what);
    if (checked < 0) {
        sf_call_fail_db (call, "checking a rule set");
        return;
    }
    if (checked) {
        sf_warn ("SetRules refused: %s", what);
        sf_call_fail (call, SF_INVALID_ARGUMENT, why, what);
        return;
    }
    int64_t version = 0;
    Scoring__RuleSet *stored = NULL;
    char key [24];
    if (scoring_rules_write (call->db, request->rules, call->request->actor.user_id, sf_clock_now_ms (), &version)
     || scoring_rules_read (call->db, version, &stored) != 1
     || snprintf (key, sizeof key, "%" PRId64, version) < 0
     || scoring_emit (call, NULL, "scoring.rules_changed", "rules", key, version, "", &stored->base)) {
        sf_call_fail_db (call, "writing a rule set");
        sf_pb_destroy (&stored);
        return;
    }
    sf_info ("rule set version %" PRId64 " by %s: %zu rules, %zu cascade levels, %zu tiers", version,
             call->request->actor.user_id, stored->n_rules, stored->n_cascade, stored->n_tiers);
    sf_call_reply (call, &stored->base);
    sf_pb_destroy (&stored);
}

#define S_ROUTE(name, reply_name, fn) \
    .request = &scoring__##name##__descriptor, .reply = &scoring__##reply_name##__descriptor, .handler = fn

const sf_route_t scoring_rules_routes [] = {
    { S_ROUTE (list_event_kinds, event_kind_list, s_list_event_kinds) },
    { S_ROUTE (get_rules, rule_set, s_get_rules) },
    { S_ROUTE (set_rules, rule_set, s_set_rules), .writes = true, .alone = true, .roles = "admin,ehs",
      .required = "rules" },
    { 0 }
};
