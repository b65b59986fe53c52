/*  The scoring daemon's ledger and appeals through its contract (services/scoring/
    README_ledger.md), entries written straight into its schema as the consumers would write
    them: a 三违 of the worker (D1T1E2) with its joint liability on the team leader and the
    department head. The worker appeals his own entry; another team's worker and the leader
    are refused with a reason in both languages and nothing written; the officer reverses it:
    one reversal per entry and cascade, netting to zero, the originals flagged; deciding twice
    and appealing a reversal refused. An entry of a closed month is reversed into the next
    open month with the reference. Adjustments: by a safety role only, points bounded, once
    per idempotency key; a decision replayed by its key; the daemon killed with an appeal
    open and started again; read back with ListEntries, GetEntry and ListAppeals.            */
#include "scoring_testlib.h"
#include "sf_pb.h"

#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sc_stack_t s_stack;

//  Sends request; expects status; the reply as a message of descriptor when OK (else NULL,
//  with reasons in both languages checked).
static void *
s_call (sf_rpc_client_t *client, const ProtobufCMessage *request, const char *key, sf_status_t status,
        const ProtobufCMessageDescriptor *descriptor)
{
    return sc_call (client, request, key, status, descriptor, NULL, NULL);
}

static int64_t
s_count (const char *sql, const char *param)
{
    return sf_test_scalar (s_stack.db, sql, param);
}

//  An entry as a consumer writes it: person code (employee, in unit/team/department) of kind.
//  Returns its id.
static int64_t
s_entry (const char *month, const char *person, const char *unit, const char *team, const char *department,
         const char *kind, int64_t points, int origin, int64_t parent, int level, const char *source_key,
         int64_t occurred_ms)
{
    const sc_entry_t entry = {
        .month = month, .person = person, .unit = unit, .team = team, .department = department, .kind = kind,
        .points = points, .origin = origin, .parent = parent, .level = level, .source_key = source_key,
        .occurred_ms = occurred_ms
    };
    return sc_entry (&s_stack, &entry);
}

static Scoring__Appeal *
s_file (sf_rpc_client_t *client, int64_t entry_id, sf_status_t status)
{
    Scoring__FileAppeal request = SCORING__FILE_APPEAL__INIT;
    request.entry_id = entry_id;
    request.reason = (char *) "当时设备已停机挂牌，不属违章指挥";
    return s_call (client, &request.base, NULL, status, &scoring__appeal__descriptor);
}

static Scoring__Appeal *
s_decide (sf_rpc_client_t *client, int64_t appeal_id, bool reverse, sf_status_t status)
{
    Scoring__DecideAppeal request = SCORING__DECIDE_APPEAL__INIT;
    request.appeal_id = appeal_id;
    request.reverse = reverse;
    request.note = (char *) "调取监控核实：已停机挂牌";
    return s_call (client, &request.base, NULL, status, &scoring__appeal__descriptor);
}

static void
s_test_reverse (void)
{
    int64_t at = sc_utc_ms ("2026-11-10 02:00");
    int64_t entry = s_entry ("2026-11", "D1T1E2", "D1T1S", "D1T1", "D1", "violation.command", -1000, 1, 0, 0, "ev-a1",
                             at);
    int64_t leader = s_entry ("2026-11", "D1T1E1", "D1T1S", "D1T1", "D1", "violation.command", -500, 2, entry, 1,
                              "ev-a1", at);
    int64_t head = s_entry ("2026-11", "D1T3E1", "D1T3S", "D1T3", "D1", "violation.command", -200, 2, entry, 2,
                            "ev-a1", at);

    //  Another's entry: refused, nothing written.
    s_file (s_stack.other, entry, SF_PERMISSION_DENIED);
    s_file (s_stack.leader, entry, SF_PERMISSION_DENIED);
    SF_CHECK (s_count ("SELECT count (*) FROM appeal", NULL) == 0);
    SF_CHECK (s_count ("SELECT count (*) FROM sf_outbox WHERE event_type = 'scoring.appeal_filed'", NULL) == 0);

    Scoring__Appeal *appeal = s_file (s_stack.worker, entry, SF_OK);
    SF_CHECK (appeal->status == SCORING__APPEAL_STATUS__APPEAL_OPEN && appeal->entry_id == entry);
    SF_CHECK_STR (appeal->subject_code, sc_code (&s_stack, "D1T1E2"));
    SF_CHECK_STR (appeal->filed_by, "worker");
    int64_t id = appeal->id;
    sf_pb_destroy (&appeal);
    s_file (s_stack.worker, entry, SF_FAILED_PRECONDITION);
    SF_CHECK (s_count ("SELECT count (*) FROM sf_outbox WHERE event_type = 'scoring.appeal_filed'", NULL) == 1);

    //  Only a safety role over the unit decides; the officer reverses.
    s_decide (s_stack.leader, id, true, SF_PERMISSION_DENIED);
    s_decide (s_stack.worker, id, true, SF_PERMISSION_DENIED);
    appeal = s_decide (s_stack.officer, id, true, SF_OK);
    SF_CHECK (appeal->status == SCORING__APPEAL_STATUS__APPEAL_REVERSED && appeal->n_reversal_entry_ids == 3);
    SF_CHECK_STR (appeal->decided_by, "officer");
    SF_CHECK_STR (appeal->decision_note, "调取监控核实：已停机挂牌");
    sf_pb_destroy (&appeal);
    char ids [96];
    snprintf (ids, sizeof ids, "{%" PRId64 ",%" PRId64 ",%" PRId64 "}", entry, leader, head);
    SF_CHECK (s_count ("SELECT count (*) FROM entry WHERE origin = 4 AND parent_entry_id = ANY ($1::bigint[])"
                       " AND kind = 'violation.command' AND created_by = 'officer' AND month = '2026-11'"
                       " AND reason_zh = '申诉撤销：调取监控核实：已停机挂牌'"
                       " AND reason_en = 'Reversed on appeal: 调取监控核实：已停机挂牌'", ids) == 3);
    SF_CHECK (s_count ("SELECT sum (points) FROM entry WHERE id = ANY ($1::bigint[])"
                       " OR (origin = 4 AND parent_entry_id = ANY ($1::bigint[]))", ids) == 0);
    SF_CHECK (s_count ("SELECT count (*) FROM entry WHERE reversed AND id = ANY ($1::bigint[])", ids) == 3);
    SF_CHECK (s_count ("SELECT count (*) FROM sf_outbox WHERE event_type = 'scoring.appeal_decided'", NULL) == 1);
    //  Each person's own entries net out: the head's reversal is his.
    SF_CHECK (s_count ("SELECT sum (points) FROM entry WHERE subject_code = $1", sc_code (&s_stack, "D1T3E1")) == 0);

    //  Deciding twice; appealing the reversed entry, a cascade reversed with it, a reversal.
    s_decide (s_stack.officer, id, false, SF_FAILED_PRECONDITION);
    s_decide (s_stack.manager, id, true, SF_FAILED_PRECONDITION);
    s_file (s_stack.worker, entry, SF_FAILED_PRECONDITION);
    s_file (s_stack.leader, leader, SF_FAILED_PRECONDITION);
    char key [24];
    snprintf (key, sizeof key, "%" PRId64, entry);
    int64_t reversal = s_count ("SELECT id FROM entry WHERE origin = 4 AND parent_entry_id = $1::bigint", key);
    s_file (s_stack.worker, reversal, SF_FAILED_PRECONDITION);
    SF_CHECK (s_count ("SELECT count (*) FROM appeal", NULL) == 1);
    SF_CHECK (s_count ("SELECT count (*) FROM entry WHERE origin = 4", NULL) == 3);

    //  GetEntry shows the flag; ListEntries the person's month oldest first.
    Scoring__GetEntry get = SCORING__GET_ENTRY__INIT;
    get.entry_id = entry;
    Scoring__Entry *read = s_call (s_stack.worker, &get.base, NULL, SF_OK, &scoring__entry__descriptor);
    SF_CHECK (read->reversed && read->points == -1000);
    sf_pb_destroy (&read);
    s_call (s_stack.other, &get.base, NULL, SF_PERMISSION_DENIED, NULL);
    Scoring__ListEntries list = SCORING__LIST_ENTRIES__INIT;
    list.plant_code = (char *) sc_code (&s_stack, "P");
    list.month = (char *) "2026-11";
    list.subject_code = (char *) sc_code (&s_stack, "D1T1");
    Scoring__EntryList *entries = s_call (s_stack.leader, &list.base, NULL, SF_OK, &scoring__entry_list__descriptor);
    SF_CHECK (entries->n_entries == 4 && entries->entries [0]->id == entry);
    sf_pb_destroy (&entries);
    list.cascade_only = true;
    list.subject_code = (char *) sc_code (&s_stack, "D1");
    entries = s_call (s_stack.officer, &list.base, NULL, SF_OK, &scoring__entry_list__descriptor);
    SF_CHECK (entries->n_entries == 2 && entries->entries [0]->id == leader && entries->entries [1]->id == head);
    sf_pb_destroy (&entries);
    s_call (s_stack.other, &list.base, NULL, SF_PERMISSION_DENIED, NULL);
}

static void
s_test_closed_month (void)
{
    int64_t entry = s_entry ("2026-10", "D1T1E2", "D1T1S", "D1T1", "D1", "violation.operation", -500, 1, 0, 0, "ev-oct",
                             sc_utc_ms ("2026-10-20 03:00"));
    const char *values [] = { sc_code (&s_stack, "P") };
    SF_CHECK (sf_db_exec (s_stack.db,
        "INSERT INTO month_state (plant_code, month, status, time_zone, starts_ms, ends_ms, closed_ms, closed_by,"
        " rule_version, entries, persons, teams, departments, points, checksum)"
        " VALUES ($1, '2026-10', 2, 'Asia/Shanghai', 0, 1, 2, 'ehs', 1, 1, 1, 0, 0, -500, 'x')", 1, values) == 1);
    Scoring__Appeal *appeal = s_file (s_stack.worker, entry, SF_OK);
    int64_t id = appeal->id;
    sf_pb_destroy (&appeal);
    //  The daemon killed with the appeal open: it is there when it comes back.
    sf_test_daemon_stop (&s_stack.scoring, SIGKILL);
    sc_scoring_restart (&s_stack);
    sc_set_clock (&s_stack, sc_utc_ms ("2026-11-15 04:00"));
    //  Decided once; the same command again (its idempotency key) answers the same, writes nothing.
    Scoring__DecideAppeal decide = SCORING__DECIDE_APPEAL__INIT;
    decide.appeal_id = id;
    decide.reverse = true;
    decide.note = (char *) "调取监控核实：已停机挂牌";
    char decide_key [128];
    snprintf (decide_key, sizeof decide_key, "%s-decide-oct", s_stack.base.prefix);
    appeal = s_call (s_stack.manager, &decide.base, decide_key, SF_OK, &scoring__appeal__descriptor);
    SF_CHECK (appeal->n_reversal_entry_ids == 1);
    Scoring__Appeal *again = s_call (s_stack.manager, &decide.base, decide_key, SF_OK, &scoring__appeal__descriptor);
    SF_CHECK (again->id == id && again->n_reversal_entry_ids == 1
              && again->reversal_entry_ids [0] == appeal->reversal_entry_ids [0]);
    sf_pb_destroy (&again);
    char entry_key [24];
    snprintf (entry_key, sizeof entry_key, "%" PRId64, entry);
    SF_CHECK (s_count ("SELECT count (*) FROM entry WHERE parent_entry_id = $1::bigint AND origin = 4", entry_key) == 1);
    Scoring__GetEntry get = SCORING__GET_ENTRY__INIT;
    get.entry_id = appeal->reversal_entry_ids [0];
    sf_pb_destroy (&appeal);
    Scoring__Entry *reversal = s_call (s_stack.worker, &get.base, NULL, SF_OK, &scoring__entry__descriptor);
    SF_CHECK_STR (reversal->month, "2026-11");
    SF_CHECK_STR (reversal->occurred_month, "2026-10");
    SF_CHECK (reversal->points == 500 && reversal->parent_entry_id == entry);
    SF_CHECK (reversal->origin == SCORING__ENTRY_ORIGIN__ORIGIN_REVERSAL);
    SF_CHECK (strstr (reversal->reason_zh, "2026-10") && strstr (reversal->reason_en, "2026-10"));
    printf ("  reversal of a closed month: %s / %s\n", reversal->reason_zh, reversal->reason_en);
    sf_pb_destroy (&reversal);
    char key [24];
    snprintf (key, sizeof key, "%" PRId64, entry);
    SF_CHECK (s_count ("SELECT count (*) FROM entry WHERE id = $1::bigint AND reversed AND month = '2026-10'", key) == 1);
}

static void
s_test_adjust (void)
{
    Scoring__AddAdjustment request = SCORING__ADD_ADJUSTMENT__INIT;
    request.subject_kind = SCORING__SUBJECT_KIND__SUBJECT_PERSON;
    request.subject_code = (char *) sc_code (&s_stack, "D1T1E2");
    request.points = 300;
    request.reason_zh = (char *) "协助处置液压油泄漏";
    char key [128];
    snprintf (key, sizeof key, "%s-adjust-1", s_stack.base.prefix);
    Scoring__Entry *entry = s_call (s_stack.officer, &request.base, key, SF_OK, &scoring__entry__descriptor);
    SF_CHECK (entry->origin == SCORING__ENTRY_ORIGIN__ORIGIN_ADJUSTMENT && entry->points == 300);
    SF_CHECK_STR (entry->kind, "manual.adjustment");
    SF_CHECK_STR (entry->month, "2026-11");
    SF_CHECK_STR (entry->reason_en, "协助处置液压油泄漏");
    SF_CHECK_STR (entry->created_by, "officer");
    SF_CHECK_STR (entry->team_code, sc_code (&s_stack, "D1T1"));
    int64_t id = entry->id;
    sf_pb_destroy (&entry);
    //  The same key again: the same entry, nothing more written.
    entry = s_call (s_stack.officer, &request.base, key, SF_OK, &scoring__entry__descriptor);
    SF_CHECK (entry->id == id);
    sf_pb_destroy (&entry);
    SF_CHECK (s_count ("SELECT count (*) FROM entry WHERE origin = 5", NULL) == 1);
    SF_CHECK (s_count ("SELECT count (*) FROM sf_outbox WHERE event_type = 'scoring.entry_adjusted'", NULL) == 1);
    //  A unit, correcting an entry.
    request.subject_kind = SCORING__SUBJECT_KIND__SUBJECT_UNIT;
    request.subject_code = (char *) sc_code (&s_stack, "D1T1");
    request.points = -200;
    request.ref_entry_id = id;
    request.reason_en = (char *) "correction";
    entry = s_call (s_stack.manager, &request.base, NULL, SF_OK, &scoring__entry__descriptor);
    SF_CHECK (entry->parent_entry_id == id && entry->subject_kind == SCORING__SUBJECT_KIND__SUBJECT_UNIT);
    SF_CHECK_STR (entry->reason_en, "correction");
    sf_pb_destroy (&entry);
    //  Refused, nothing written.
    s_call (s_stack.worker, &request.base, NULL, SF_PERMISSION_DENIED, NULL);
    s_call (s_stack.leader, &request.base, NULL, SF_PERMISSION_DENIED, NULL);
    request.points = 0;
    s_call (s_stack.officer, &request.base, NULL, SF_INVALID_ARGUMENT, NULL);
    request.points = -100001;
    s_call (s_stack.officer, &request.base, NULL, SF_INVALID_ARGUMENT, NULL);
    request.points = 100;
    request.ref_entry_id = 99999999;
    s_call (s_stack.officer, &request.base, NULL, SF_NOT_FOUND, NULL);
    request.ref_entry_id = 0;
    request.reason_zh = (char *) "";
    s_call (s_stack.officer, &request.base, NULL, SF_INVALID_ARGUMENT, NULL);
    request.reason_zh = (char *) "x";
    request.subject_code = (char *) sc_code (&s_stack, "D2T1");
    s_call (s_stack.officer, &request.base, NULL, SF_PERMISSION_DENIED, NULL);
    SF_CHECK (s_count ("SELECT count (*) FROM entry WHERE origin = 5", NULL) == 2);
    //  An adjustment is not appealed.
    s_file (s_stack.worker, id, SF_FAILED_PRECONDITION);
}

static void
s_test_list_appeals (void)
{
    Scoring__ListAppeals request = SCORING__LIST_APPEALS__INIT;
    request.plant_code = (char *) sc_code (&s_stack, "P");
    request.page_size = 1;
    Scoring__AppealList *list = s_call (s_stack.manager, &request.base, NULL, SF_OK, &scoring__appeal_list__descriptor);
    SF_CHECK (list->n_appeals == 1 && *list->next_page_token);
    int64_t newest = list->appeals [0]->id;
    request.page_token = list->next_page_token;
    Scoring__AppealList *next = s_call (s_stack.manager, &request.base, NULL, SF_OK, &scoring__appeal_list__descriptor);
    SF_CHECK (next->n_appeals == 1 && next->appeals [0]->id < newest && !*next->next_page_token);
    sf_pb_destroy (&next);
    sf_pb_destroy (&list);
    request.page_token = (char *) "";
    request.page_size = 0;
    s_call (s_stack.other, &request.base, NULL, SF_PERMISSION_DENIED, NULL);
}

int
main (void)
{
    sc_stack_start_at (&s_stack, "scap", sc_utc_ms ("2026-11-15 04:00"));
    s_test_reverse ();
    s_test_closed_month ();
    s_test_adjust ();
    s_test_list_appeals ();
    sc_stack_stop (&s_stack);
    printf ("scoring_appeal_test: ok\n");
    return 0;
}
