/*  tests.scoring_letters: responsibility letters through the scoring daemon's contract, on
    the org of scoring_testlib.h: the plant's 22 expected pairs as gaps; issuing refused
    without templates; templates set by ehs (a worker refused); letters issued by the plant's
    manager (another plant's worker refused; a second issue writes nothing); signed by the
    right people, each side once (the wrong signer refused with zh and en, a second signature
    refused); the coverage gaps shrinking; bad input (year, unknown letter); and
    scoring.letter_missing for every party B still without a signed letter once the grace
    days have passed on the moved clock, once, a restart
    of the daemon included.                                            */
#include "scoring_testlib.h"
#include "sf_pb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_YEAR 2027
#define S_DAY_MS 86400000LL
#define S_PAIRS 22                    //  1 company-plant, 2 departments, 6 teams, 1 officer, 12 members

//  Calls client with request; expects status; returns the body as descriptor when OK.
static void *
s_call (sf_rpc_client_t *client, const ProtobufCMessage *request, sf_status_t status,
        const ProtobufCMessageDescriptor *descriptor, char **reason_zh, char **reason_en)
{
    return sc_call (client, request, NULL, status, descriptor, reason_zh, reason_en);
}

static Scoring__Coverage *
s_coverage (sc_stack_t *stack, sf_rpc_client_t *client)
{
    Scoring__GetCoverage get = SCORING__GET_COVERAGE__INIT;
    get.year = S_YEAR;
    get.plant_code = (char *) sc_code (stack, "P");
    get.page_size = 100;
    return s_call (client, &get.base, SF_OK, &scoring__coverage__descriptor, NULL, NULL);
}

//  The letter of (level, party B) as the coverage's gaps name it.
static int64_t
s_gap_letter (const Scoring__Coverage *coverage, int level, const char *party_b)
{
    for (size_t i = 0; i < coverage->n_gaps; i++)
        if (coverage->gaps [i]->level == (Scoring__LetterLevel) level && strcmp (coverage->gaps [i]->party_b, party_b) == 0)
            return coverage->gaps [i]->letter_id;
    return -1;
}

static Scoring__IssueLettersReply *
s_issue (sc_stack_t *stack, sf_rpc_client_t *client, sf_status_t status)
{
    Scoring__IssueLetters issue = SCORING__ISSUE_LETTERS__INIT;
    issue.year = S_YEAR;
    issue.plant_code = (char *) sc_code (stack, "P");
    return s_call (client, &issue.base, status, &scoring__issue_letters_reply__descriptor, NULL, NULL);
}

static void
s_template (sf_rpc_client_t *client, int level, sf_status_t status)
{
    Scoring__LetterTarget target = SCORING__LETTER_TARGET__INIT;
    target.code = (char *) "hazards_closed";
    target.text_zh = (char *) "隐患整改闭环率100%";
    target.text_en = (char *) "every hazard's rectification closed";
    Scoring__LetterTarget *targets [] = { &target };
    Scoring__LetterTemplate template = SCORING__LETTER_TEMPLATE__INIT;
    template.year = S_YEAR;
    template.level = (Scoring__LetterLevel) level;
    template.title_zh = (char *) "安全生产责任书";
    template.title_en = (char *) "Safety responsibility letter";
    template.content_zh = (char *) "一岗双责：管业务必须管安全";
    template.content_en = (char *) "Whoever runs the work answers for its safety";
    template.targets = targets;
    template.n_targets = 1;
    Scoring__SetLetterTemplate set = SCORING__SET_LETTER_TEMPLATE__INIT;
    set.template_ = &template;
    Scoring__LetterTemplate *stored = s_call (client, &set.base, status, &scoring__letter_template__descriptor,
                                              NULL, NULL);
    sf_pb_destroy (&stored);
}

static Scoring__Letter *
s_sign (sf_rpc_client_t *client, int64_t id, int side, sf_status_t status, char **reason_zh, char **reason_en)
{
    Scoring__SignLetter sign = SCORING__SIGN_LETTER__INIT;
    sign.letter_id = id;
    sign.side = (Scoring__LetterSide) side;
    return s_call (client, &sign.base, status, &scoring__letter__descriptor, reason_zh, reason_en);
}

static void
s_signed (sf_rpc_client_t *client, int64_t id, int side, Scoring__LetterStatus expect, const char *by)
{
    Scoring__Letter *letter = s_sign (client, id, side, SF_OK, NULL, NULL);
    SF_CHECK (letter->status == expect);
    SF_CHECK_STR (side == 1? letter->signed_a_by: letter->signed_b_by, by);
    SF_CHECK ((side == 1? letter->signed_a_ms: letter->signed_b_ms) > 0);
    sf_pb_destroy (&letter);
}

int
main (void)
{
    sc_stack_t stack;
    sc_stack_start_at (&stack, "sc_letters", sc_utc_ms ("2027-01-04 02:00"));

    //  Nothing issued: every pair is a gap without a letter.
    Scoring__Coverage *coverage = s_coverage (&stack, stack.manager);
    SF_CHECK (coverage->expected == S_PAIRS && coverage->signed_ == 0 && coverage->percent == 0);
    SF_CHECK (coverage->n_gaps == S_PAIRS && coverage->gaps [0]->letter_id == 0);
    SF_CHECK (coverage->n_levels == 5);
    sf_pb_destroy (&coverage);

    s_issue (&stack, stack.manager, SF_FAILED_PRECONDITION);
    s_template (stack.worker, 1, SF_PERMISSION_DENIED);
    for (int level = 1; level <= 5; level++)
        s_template (stack.ehs, level, SF_OK);
    s_issue (&stack, stack.other, SF_PERMISSION_DENIED);
    Scoring__IssueLettersReply *issued = s_issue (&stack, stack.manager, SF_OK);
    SF_CHECK (issued->issued == S_PAIRS && issued->existing == 0 && issued->n_numbers == S_PAIRS);
    char first [64];
    snprintf (first, sizeof first, "%s-L%d-000001", sc_code (&stack, "P"), S_YEAR);
    SF_CHECK_STR (issued->numbers [0], first);
    sf_pb_destroy (&issued);
    issued = s_issue (&stack, stack.ehs, SF_OK);
    SF_CHECK (issued->issued == 0 && issued->existing == S_PAIRS);
    sf_pb_destroy (&issued);

    coverage = s_coverage (&stack, stack.manager);
    char worker [96], officer [96], team [96];
    snprintf (worker, sizeof worker, "%s", sc_code (&stack, "D1T1E2"));
    snprintf (officer, sizeof officer, "%s", sc_code (&stack, "D1T2E2"));
    snprintf (team, sizeof team, "%s", sc_code (&stack, "D1T1"));
    int64_t member_letter = s_gap_letter (coverage, 5, worker);
    int64_t officer_letter = s_gap_letter (coverage, 4, officer);
    int64_t team_letter = s_gap_letter (coverage, 3, team);
    SF_CHECK (member_letter > 0 && officer_letter > 0 && team_letter > 0);
    sf_pb_destroy (&coverage);

    //  The team member's letter: only the worker signs side B, only the team leader side A.
    char *zh = NULL, *en = NULL;
    s_sign (stack.leader, member_letter, 2, SF_PERMISSION_DENIED, &zh, &en);
    printf ("refused: %s | %s\n", zh, en);
    SF_CHECK (strstr (zh, "本人") && strstr (en, "in person"));
    free (zh);
    free (en);
    s_sign (stack.ehs, member_letter, 2, SF_PERMISSION_DENIED, NULL, NULL);
    s_sign (stack.worker, member_letter, 1, SF_PERMISSION_DENIED, &zh, &en);
    SF_CHECK (strstr (zh, "team_leader") && strstr (en, "team_leader"));
    free (zh);
    free (en);
    s_sign (stack.other, member_letter, 2, SF_PERMISSION_DENIED, NULL, NULL);
    s_signed (stack.worker, member_letter, 2, SCORING__LETTER_STATUS__LETTER_PARTLY_SIGNED, "worker");
    s_sign (stack.worker, member_letter, 2, SF_FAILED_PRECONDITION, NULL, NULL);
    s_signed (stack.leader, member_letter, 1, SCORING__LETTER_STATUS__LETTER_SIGNED, "leader");

    //  The team's letter: the department head for the department, the leader for the team.
    s_sign (stack.leader, team_letter, 1, SF_PERMISSION_DENIED, NULL, NULL);
    s_signed (stack.leader, team_letter, 2, SCORING__LETTER_STATUS__LETTER_PARTLY_SIGNED, "leader");
    s_signed (stack.head, team_letter, 1, SCORING__LETTER_STATUS__LETTER_SIGNED, "head");

    //  The safety officer's own letter with the department.
    s_sign (stack.head, officer_letter, 2, SF_PERMISSION_DENIED, NULL, NULL);
    s_signed (stack.head, officer_letter, 1, SCORING__LETTER_STATUS__LETTER_PARTLY_SIGNED, "head");
    s_signed (stack.officer, officer_letter, 2, SCORING__LETTER_STATUS__LETTER_SIGNED, "officer");
    s_sign (stack.officer, officer_letter, 2, SF_FAILED_PRECONDITION, NULL, NULL);

    Scoring__GetCoverage of_plant = SCORING__GET_COVERAGE__INIT;
    of_plant.year = S_YEAR;
    of_plant.plant_code = (char *) sc_code (&stack, "P");
    s_call (stack.leader, &of_plant.base, SF_PERMISSION_DENIED, NULL, NULL, NULL);
    coverage = s_coverage (&stack, stack.manager);
    SF_CHECK (coverage->expected == S_PAIRS && coverage->signed_ == 3 && coverage->percent == 3 * 100 / S_PAIRS);
    SF_CHECK (coverage->n_gaps == S_PAIRS - 3 && s_gap_letter (coverage, 5, worker) == -1);
    sf_pb_destroy (&coverage);

    //  Bad input.
    Scoring__GetLetter get = SCORING__GET_LETTER__INIT;
    get.number = (char *) "P-L2027-999999";
    s_call (stack.ehs, &get.base, SF_NOT_FOUND, NULL, NULL, NULL);
    get.number = (char *) "";
    get.letter_id = member_letter;
    Scoring__Letter *letter = s_call (stack.worker, &get.base, SF_OK, &scoring__letter__descriptor, NULL, NULL);
    SF_CHECK (letter->status == SCORING__LETTER_STATUS__LETTER_SIGNED && letter->n_targets == 1);
    sf_pb_destroy (&letter);
    s_call (stack.other, &get.base, SF_PERMISSION_DENIED, NULL, NULL, NULL);
    Scoring__GetCoverage bad = SCORING__GET_COVERAGE__INIT;
    bad.year = 1999;
    bad.plant_code = (char *) sc_code (&stack, "P");
    s_call (stack.manager, &bad.base, SF_INVALID_ARGUMENT, NULL, NULL, &en);
    SF_CHECK (strstr (en, "1999"));
    free (en);
    SF_CHECK (sf_test_scalar (stack.db, "SELECT count (*) FROM sf_outbox WHERE event_type = 'scoring.letter_signed'",
                              NULL) == 6);

    //  The company's office HQ counts in the company: its letter is the ehs's to issue.
    Scoring__IssueLetters company = SCORING__ISSUE_LETTERS__INIT;
    company.year = S_YEAR;
    company.plant_code = (char *) sc_code (&stack, "C");
    s_call (stack.manager, &company.base, SF_PERMISSION_DENIED, NULL, NULL, NULL);
    issued = s_call (stack.ehs, &company.base, SF_OK, &scoring__issue_letters_reply__descriptor, NULL, NULL);
    SF_CHECK (issued->issued == 1);
    sf_pb_destroy (&issued);

    //  letter_missing: after the grace days (30), once for each party B without a signed
    //  letter this year (21 distinct in the plant, 3 signed; HQ in the company); nothing before.
    //  The watch runs on the minutes of the daemon's clock; its first pass may have come before
    //  the org copy had every unit (a loaded machine): an hour on, it passes again.
    sc_set_clock (&stack, sc_utc_ms ("2027-01-04 03:00"));
    sc_wait (&stack, "SELECT count (*) FROM letter_watch", NULL, S_PAIRS - 1 + 1, 15000);
    int64_t seen = sf_test_scalar (stack.db, "SELECT max (first_seen_ms) FROM letter_watch", NULL);
    sc_set_clock (&stack, seen + 29 * S_DAY_MS);
    sf_test_sleep_ms (2500);
    SF_CHECK (sf_test_scalar (stack.db, "SELECT count (*) FROM sf_outbox WHERE event_type = 'scoring.letter_missing'",
                              NULL) == 0);
    sc_set_clock (&stack, seen + 31 * S_DAY_MS);
    sc_wait (&stack, "SELECT count (*) FROM sf_outbox WHERE event_type = 'scoring.letter_missing'", NULL,
             S_PAIRS - 1 - 3 + 1, 15000);
    //  Restarted, a day later: nobody is told twice.
    sc_scoring_restart (&stack);
    sc_set_clock (&stack, seen + 32 * S_DAY_MS);
    sf_test_sleep_ms (2500);
    SF_CHECK (sf_test_scalar (stack.db, "SELECT count (*) FROM sf_outbox WHERE event_type = 'scoring.letter_missing'",
                              NULL) == S_PAIRS - 1 - 3 + 1);
    coverage = s_coverage (&stack, stack.manager);
    SF_CHECK (coverage->gaps [0]->since_ms > 0 && coverage->gaps [0]->days_without >= 31);
    sf_pb_destroy (&coverage);

    sc_stack_stop (&stack);
    printf ("scoring_letters_test: ok\n");
    return 0;
}
