/*  scoring_rules_test: the rule sets through the scoring daemon's contract: the event kind
    catalogue; GetRules of the current version and of an unknown one; SetRules refused with
    invalid_argument and a reason in both languages for each kind of bad set, the version
    unchanged; refused to a worker; a valid set becomes version 2 with scoring.rules_changed,
    and GetRules(1) still answers the old one.                                             */
#include "scoring_testlib.h"
#include "directory_testlib.h"
#include "sf_pb.h"

#include <string.h>

static Scoring__RuleSet *
s_get (sf_rpc_client_t *client, int64_t version, sf_status_t expected)
{
    Scoring__GetRules request = SCORING__GET_RULES__INIT;
    request.version = version;
    sf_reply_t reply = { 0 };
    SF_CHECK (dt_ask (client, &request.base, &reply) == expected);
    Scoring__RuleSet *set = expected == SF_OK? dt_body (&reply, &scoring__rule_set__descriptor): NULL;
    sf_reply_clear (&reply);
    return set;
}

//  SetRules of set by client: its status; a refusal prints and checks both reasons.
static sf_status_t
s_set (sf_rpc_client_t *client, Scoring__RuleSet *set, Scoring__RuleSet **stored)
{
    Scoring__SetRules request = SCORING__SET_RULES__INIT;
    request.rules = set;
    sf_reply_t reply = { 0 };
    sf_status_t status = dt_ask (client, &request.base, &reply);
    if (status != SF_OK) {
        printf ("SetRules: %s | %s\n", reply.reason_zh? reply.reason_zh: "", reply.reason_en? reply.reason_en: "");
        SF_CHECK (reply.reason_zh && *reply.reason_zh && reply.reason_en && *reply.reason_en);
    }
    else
    if (stored)
        *stored = dt_body (&reply, &scoring__rule_set__descriptor);
    sf_reply_clear (&reply);
    return status;
}

int
main (void)
{
    sc_stack_t stack;
    sc_stack_start (&stack, "scru");

    Scoring__ListEventKinds list = SCORING__LIST_EVENT_KINDS__INIT;
    sf_reply_t reply = { 0 };
    SF_CHECK (dt_ask (stack.worker, &list.base, &reply) == SF_OK);
    Scoring__EventKindList *kinds = dt_body (&reply, &scoring__event_kind_list__descriptor);
    SF_CHECK (kinds->n_kinds == 15);
    bool overdue = false;
    for (size_t i = 0; i < kinds->n_kinds; i++)
        if (strcmp (kinds->kinds [i]->code, "form.overdue_day") == 0)
            overdue = kinds->kinds [i]->per_item && kinds->kinds [i]->person && kinds->kinds [i]->unit;
    SF_CHECK (overdue);
    sf_pb_destroy (&kinds);
    sf_reply_clear (&reply);

    Scoring__RuleSet *set = s_get (stack.worker, 0, SF_OK);
    SF_CHECK (set->version == 1 && set->n_rules == 15 && set->n_cascade == 2 && set->n_tiers == 12);
    SF_CHECK_STR (set->cascade [0]->role, "team_leader");
    SF_CHECK (s_get (stack.worker, 7, SF_NOT_FOUND) == NULL);

    //  Bad sets: nothing written.
    char *kind = set->rules [0]->kind;
    set->rules [0]->kind = (char *) "violation.nope";
    SF_CHECK (s_set (stack.ehs, set, NULL) == SF_INVALID_ARGUMENT);
    set->rules [0]->kind = set->rules [1]->kind;
    SF_CHECK (s_set (stack.ehs, set, NULL) == SF_INVALID_ARGUMENT);
    set->rules [0]->kind = kind;
    set->cascade [0]->factor = 1.5;
    SF_CHECK (s_set (stack.ehs, set, NULL) == SF_INVALID_ARGUMENT);
    set->cascade [0]->factor = 0.33333;
    SF_CHECK (s_set (stack.ehs, set, NULL) == SF_INVALID_ARGUMENT);
    set->cascade [0]->factor = 0.6;
    set->cascade [1]->level = 3;
    SF_CHECK (s_set (stack.ehs, set, NULL) == SF_INVALID_ARGUMENT);
    set->cascade [1]->level = 2;
    char *role = set->cascade [1]->role;
    set->cascade [1]->role = (char *) "boss";
    SF_CHECK (s_set (stack.ehs, set, NULL) == SF_INVALID_ARGUMENT);
    set->cascade [1]->role = role;
    char *unit_kind = set->cascade [1]->unit_kind;
    set->cascade [1]->unit_kind = (char *) "shift";
    SF_CHECK (s_set (stack.ehs, set, NULL) == SF_INVALID_ARGUMENT);
    set->cascade [1]->unit_kind = unit_kind;
    set->rules [2]->month_floor = 100;
    SF_CHECK (s_set (stack.ehs, set, NULL) == SF_INVALID_ARGUMENT);
    set->rules [2]->month_floor = 0;
    set->rules [2]->month_cap = -100;
    SF_CHECK (s_set (stack.ehs, set, NULL) == SF_INVALID_ARGUMENT);
    set->rules [2]->month_cap = 0;
    int64_t min = set->tiers [1]->min_points;
    set->tiers [1]->min_points = set->tiers [0]->min_points;
    SF_CHECK (s_set (stack.ehs, set, NULL) == SF_INVALID_ARGUMENT);
    set->tiers [1]->min_points = min;
    //  Not for a worker.
    SF_CHECK (s_set (stack.worker, set, NULL) == SF_PERMISSION_DENIED);
    Scoring__RuleSet *current = s_get (stack.worker, 0, SF_OK);
    SF_CHECK (current->version == 1);
    sf_pb_destroy (&current);
    SF_CHECK (sf_test_scalar (stack.db, "SELECT count (*) FROM rule_version", NULL) == 1);

    //  A valid set (the team leader's factor 0.6): version 2; version 1 unchanged.
    Scoring__RuleSet *stored = NULL;
    SF_CHECK (s_set (stack.ehs, set, &stored) == SF_OK);
    SF_CHECK (stored->version == 2 && stored->cascade [0]->factor == 0.6 && stored->n_rules == 15);
    SF_CHECK_STR (stored->created_by, "ehs");
    sf_pb_destroy (&stored);
    current = s_get (stack.worker, 0, SF_OK);
    SF_CHECK (current->version == 2 && current->cascade [0]->factor == 0.6);
    sf_pb_destroy (&current);
    Scoring__RuleSet *old = s_get (stack.worker, 1, SF_OK);
    SF_CHECK (old->version == 1 && old->cascade [0]->factor == 0.5);
    sf_pb_destroy (&old);
    SF_CHECK (sf_test_scalar (stack.db, "SELECT count (*) FROM sf_outbox WHERE event_type = $1",
                              "scoring.rules_changed") == 1);

    sf_pb_destroy (&set);
    sc_stack_stop (&stack);
    printf ("scoring_rules_test: ok\n");
    return 0;
}
