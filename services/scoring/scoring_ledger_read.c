/*  scoring_ledger_read: ListEntries and GetEntry (README_ledger.md, "Reading the ledger").
    A plant's month is listed whole, or one person's entries, or everything whose subject sat
    at or below a unit when it was scored (the entry's unit_code, kept as it was then).       */
#include "scoring_ledger.h"
#include "scoring_ledger_messages.h"
#include "scoring_store.h"
#include "sf_org.h"
#include "sf_page.h"
#include "sf_pb.h"
#include "sf_scope.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
scoring_ledger_list_units (sf_call_t *call, sf_scope_units_t *units)
{
    const Scoring__ListEntries *request = SF_CALL_BODY (call, Scoring__ListEntries);
    const char *code = *request->subject_code? request->subject_code: request->plant_code;
    //  A code longer than the copy holds would be cut to another unit's: the handler refuses it.
    if (!*code || strlen (code) >= sizeof units->codes [0])
        return 1;
    int found = sf_org_find (call->db, code, NULL);
    if (found < 0)
        return -1;
    if (!found)
        return 1;
    sf_scope_units_add (units, code);
    return 0;
}

//  The plant whose month is listed into plant[33], and the subject when one is named; 0, or
//  -1 with the call failed.
static int
s_list_check (sf_call_t *call, const Scoring__ListEntries *request, char plant [33], scoring_subject_t *subject)
{
    if (!scoring_ledger_month_valid (request->month)) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &SCORING_LEDGER_MSG_MONTH, request->month);
        return -1;
    }
    const char *code = *request->subject_code? request->subject_code: request->plant_code;
    if (!*code) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &SCORING_LEDGER_MSG_PLANT_NEEDED);
        return -1;
    }
    int found = strlen (code) < 33? scoring_subject_find (call->db, code, subject): 0;
    if (found < 0) {
        sf_call_fail_db (call, "finding the subject");
        return -1;
    }
    if (!found) {
        sf_call_fail (call, SF_NOT_FOUND, &SCORING_LEDGER_MSG_SUBJECT_UNKNOWN, code);
        return -1;
    }
    if (*request->subject_code && *request->plant_code && strcmp (request->plant_code, subject->plant_code)) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &SCORING_LEDGER_MSG_SUBJECT_PLANT, request->subject_code,
                      request->plant_code);
        return -1;
    }
    //  A plant_code naming a unit below its plant lists that unit's subtree.
    snprintf (plant, 33, "%s", subject->plant_code);
    return 0;
}

void
scoring_ledger_list (sf_call_t *call)
{
    const Scoring__ListEntries *request = SF_CALL_BODY (call, Scoring__ListEntries);
    char plant [33];
    scoring_subject_t subject;
    if (s_list_check (call, request, plant, &subject))
        return;
    sf_page_t page;
    if (sf_page_open (call, request->page_size, request->page_token, 2, &page))
        return;
    int64_t after_ms = INT64_MIN, after_id = 0;
    if (page.after && (sf_page_after_int (call, &page, 0, &after_ms) || sf_page_after_int (call, &page, 1, &after_id))) {
        sf_page_close (&page);
        return;
    }
    char after_ms_text [24], after_id_text [24], limit [16], cascade [8];
    snprintf (after_ms_text, sizeof after_ms_text, "%" PRId64, after_ms);
    snprintf (after_id_text, sizeof after_id_text, "%" PRId64, after_id);
    snprintf (limit, sizeof limit, "%d", page.size + 1);
    snprintf (cascade, sizeof cascade, "%d", SCORING__ENTRY_ORIGIN__ORIGIN_CASCADE);
    const char *within = *request->subject_code? request->subject_code:
                         strcmp (request->plant_code, plant)? request->plant_code: "";
    bool person = *within && subject.kind == SCORING__SUBJECT_KIND__SUBJECT_PERSON;
    const char *values [] = {
        plant, request->month, within, person? "true": "false",
        request->cascade_only? "true": "false", cascade, after_ms_text, after_id_text, limit
    };
    sf_rows_t *rows = sf_db_query (call->db,
        "SELECT " SCORING_ENTRY_COLUMNS " FROM " SCORING_ENTRY_FROM
        " WHERE e.plant_code = $1 AND e.month = $2"
        "   AND ($3 = '' OR ($4::boolean AND e.subject_code = $3)"
        "        OR (NOT $4::boolean AND e.unit_code IN (" SF_ORG_SUBTREE_SQL ("$3") ")))"
        "   AND (NOT $5::boolean OR e.origin = $6::smallint)"
        "   AND (e.occurred_ms, e.id) > ($7::bigint, $8::bigint)"
        " ORDER BY e.occurred_ms, e.id LIMIT $9::int", 9, values);
    if (!rows)
        sf_call_fail_db (call, "listing entries");
    else {
        Scoring__EntryList *list = sf_pb_new (&scoring__entry_list__descriptor);
        int count = sf_rows_count (rows);
        for (int row = 0; row < count && row < page.size; row++) {
            list->entries = realloc (list->entries, (list->n_entries + 1) * sizeof *list->entries);
            list->entries [list->n_entries++] = scoring_entry_from_row (rows, row);
        }
        if (count > page.size) {
            const Scoring__Entry *last = list->entries [page.size - 1];
            char key_ms [24], key_id [24];
            snprintf (key_ms, sizeof key_ms, "%" PRId64, last->occurred_ms);
            snprintf (key_id, sizeof key_id, "%" PRId64, last->id);
            const char *keys [] = { key_ms, key_id };
            list->next_page_token = sf_page_token (call, keys, 2);
        }
        sf_call_reply (call, &list->base);
        sf_pb_destroy (&list);
    }
    sf_rows_destroy (&rows);
    sf_page_close (&page);
}

int
scoring_ledger_entry_units (sf_call_t *call, sf_scope_units_t *units)
{
    char key [24];
    snprintf (key, sizeof key, "%" PRId64, SF_CALL_BODY (call, Scoring__GetEntry)->entry_id);
    const char *values [] = { key };
    sf_rows_t *rows = sf_db_query (call->db, "SELECT unit_code FROM entry WHERE id = $1::bigint", 1, values);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows);
    if (found)
        sf_scope_units_add (units, sf_rows_text (rows, 0, 0));
    sf_rows_destroy (&rows);
    return found? 0: 1;
}

void
scoring_ledger_get (sf_call_t *call)
{
    const Scoring__GetEntry *request = SF_CALL_BODY (call, Scoring__GetEntry);
    Scoring__Entry *entry = NULL;
    int found = scoring_entry_get (call->db, request->entry_id, false, &entry);
    if (found < 0)
        sf_call_fail_db (call, "reading an entry");
    else
    if (!found)
        sf_call_fail (call, SF_NOT_FOUND, &SCORING_LEDGER_MSG_ENTRY_UNKNOWN, (long long) request->entry_id);
    else
        sf_call_reply (call, &entry->base);
    sf_pb_destroy (&entry);
}
