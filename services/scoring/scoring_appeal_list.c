/*  scoring_appeal_list: ListAppeals: the appeals on entries of a unit's subtree (a plant's:
    all of them), newest first, paged; the scope check covered the unit already.          */
#include "scoring_appeal_store.h"
#include "scoring_ledger.h"
#include "scoring_ledger_messages.h"
#include "sf_org.h"
#include "sf_page.h"
#include "sf_pb.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
scoring_appeal_list (sf_call_t *call)
{
    const Scoring__ListAppeals *request = SF_CALL_BODY (call, Scoring__ListAppeals);
    if (request->status != SCORING__APPEAL_STATUS__APPEAL_STATUS_UNSPECIFIED
    &&  !protobuf_c_enum_descriptor_get_value (&scoring__appeal_status__descriptor, request->status)) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &SCORING_APPEAL_MSG_STATUS, (int) request->status);
        return;
    }
    sf_page_t page;
    if (sf_page_open (call, request->page_size, request->page_token, 1, &page))
        return;
    int64_t after = INT64_MAX;
    if (page.after && sf_page_after_int (call, &page, 0, &after)) {
        sf_page_close (&page);
        return;
    }
    char status [8], after_text [24], limit [16];
    snprintf (status, sizeof status, "%d", (int) request->status);
    snprintf (after_text, sizeof after_text, "%" PRId64, after);
    snprintf (limit, sizeof limit, "%d", page.size + 1);
    const char *values [] = { request->plant_code, status, after_text, limit };
    sf_rows_t *rows = sf_db_query (call->db,
        "SELECT " SCORING_APPEAL_COLUMNS " FROM appeal a"
        " WHERE (a.plant_code = $1 OR a.unit_code IN (" SF_ORG_SUBTREE_SQL ("$1") "))"
        "   AND ($2::smallint = 0 OR a.status = $2::smallint) AND a.id < $3::bigint"
        " ORDER BY a.id DESC LIMIT $4::int", 4, values);
    if (!rows)
        sf_call_fail_db (call, "listing appeals");
    else {
        Scoring__AppealList *list = sf_pb_new (&scoring__appeal_list__descriptor);
        int count = sf_rows_count (rows);
        for (int row = 0; row < count && row < page.size; row++) {
            list->appeals = realloc (list->appeals, (list->n_appeals + 1) * sizeof *list->appeals);
            list->appeals [list->n_appeals++] = scoring_appeal_from_row (rows, row);
        }
        if (count > page.size) {
            char key [24];
            snprintf (key, sizeof key, "%" PRId64, list->appeals [page.size - 1]->id);
            const char *keys [] = { key };
            list->next_page_token = sf_page_token (call, keys, 1);
        }
        sf_call_reply (call, &list->base);
        sf_pb_destroy (&list);
    }
    sf_rows_destroy (&rows);
    sf_page_close (&page);
}
