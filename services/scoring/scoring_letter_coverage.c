/*  scoring_letter_coverage: GetCoverage. A plant's expected pairs of a year
    (SCORING_LETTER_PAIRS_CTE), those with a SIGNED letter, the percentage, per level, and
    the gaps (pairs without a signed letter: letter_id 0 when none was issued), by level,
    party B, party A, paged; since_ms from letter_watch (when the daemon first saw party B).  */
#include "scoring_letter.h"
#include "sf_clock.h"
#include "sf_page.h"
#include "sf_pb.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_DAY_MS 86400000LL

//  A signed letter of the pair p for year $3.
#define S_SIGNED \
    "EXISTS (SELECT 1 FROM letter l WHERE l.year = $3::int AND l.level = p.level AND l.party_a = p.party_a" \
    " AND l.party_b = p.party_b AND l.status = 3)"

int
scoring_letter_coverage_count (sf_db_t *db, const char *plant, int32_t year, Scoring__Coverage *coverage)
{
    char year_text [16];
    snprintf (year_text, sizeof year_text, "%d", (int) year);
    const char *values [] = { plant, scoring_letter_kinds (), year_text };
    sf_rows_t *rows = sf_db_query (db,
        SCORING_LETTER_PAIRS_CTE
        " SELECT p.level, count (*), count (*) FILTER (WHERE " S_SIGNED ") FROM pairs p GROUP BY p.level"
        " ORDER BY p.level", 3, values);
    if (!rows)
        return -1;
    coverage->year = year;
    sf_pb_set (&coverage->plant_code, plant);
    coverage->expected = coverage->signed_ = 0;
    for (int r = 0; r < sf_rows_count (rows); r++) {
        Scoring__LevelCoverage *level = sf_pb_add (&coverage->levels, &coverage->n_levels,
                                                   &scoring__level_coverage__descriptor);
        level->level = (Scoring__LetterLevel) sf_rows_int (rows, r, 0);
        level->expected = (int32_t) sf_rows_int (rows, r, 1);
        level->signed_ = (int32_t) sf_rows_int (rows, r, 2);
        coverage->expected += level->expected;
        coverage->signed_ += level->signed_;
    }
    sf_rows_destroy (&rows);
    coverage->percent = coverage->expected? (int32_t) ((int64_t) coverage->signed_ * 100 / coverage->expected): 100;
    return 0;
}

//  The page of gaps after page->after (level, party B, party A). 0 or -1.
static int
s_gaps (sf_call_t *call, const char *plant, int32_t year, const sf_page_t *page, Scoring__Coverage *coverage)
{
    char year_text [16], limit [16];
    snprintf (year_text, sizeof year_text, "%d", (int) year);
    snprintf (limit, sizeof limit, "%d", page->size + 1);
    const char *values [] = {
        plant, scoring_letter_kinds (), year_text, limit,
        page->after? page->after [0]: NULL, page->after? page->after [1]: NULL, page->after? page->after [2]: NULL
    };
    sf_rows_t *rows = sf_db_query (call->db,
        SCORING_LETTER_PAIRS_CTE
        " SELECT p.level, p.party_a, p.party_b, coalesce (b.name_zh, ''), coalesce (b.name_en, ''), p.person,"
        "  coalesce (l.id, 0), coalesce (l.status, 0), coalesce (w.first_seen_ms, 0)"
        " FROM pairs p LEFT JOIN letter l ON l.year = $3::int AND l.level = p.level AND l.party_a = p.party_a"
        "  AND l.party_b = p.party_b AND l.status <> 4"
        " LEFT JOIN sf_org_node b ON b.code = p.party_b LEFT JOIN letter_watch w ON w.code = p.party_b"
        " WHERE (l.id IS NULL OR l.status <> 3)"
        "  AND ($5::int IS NULL OR (p.level, p.party_b, p.party_a) > ($5::int, $6::text, $7::text))"
        " ORDER BY p.level, p.party_b, p.party_a LIMIT $4::int", 7, values);
    if (!rows)
        return -1;
    int64_t now = sf_clock_now_ms ();
    int count = sf_rows_count (rows);
    for (int r = 0; r < count && r < page->size; r++) {
        Scoring__LetterGap *gap = sf_pb_add (&coverage->gaps, &coverage->n_gaps, &scoring__letter_gap__descriptor);
        gap->year = year;
        gap->level = (Scoring__LetterLevel) sf_rows_int (rows, r, 0);
        sf_pb_set (&gap->party_a, sf_rows_text (rows, r, 1));
        sf_pb_set (&gap->party_b, sf_rows_text (rows, r, 2));
        sf_pb_set (&gap->party_b_name_zh, sf_rows_text (rows, r, 3));
        sf_pb_set (&gap->party_b_name_en, sf_rows_text (rows, r, 4));
        sf_pb_set (&gap->plant_code, plant);
        gap->person = sf_rows_bool (rows, r, 5);
        gap->letter_id = sf_rows_int (rows, r, 6);
        gap->letter_status = (Scoring__LetterStatus) sf_rows_int (rows, r, 7);
        gap->since_ms = sf_rows_int (rows, r, 8);
        gap->days_without = gap->since_ms > 0 && now > gap->since_ms? (int32_t) ((now - gap->since_ms) / S_DAY_MS): 0;
    }
    if (count > page->size) {
        const Scoring__LetterGap *last = coverage->gaps [coverage->n_gaps - 1];
        char level [16];
        snprintf (level, sizeof level, "%d", (int) last->level);
        const char *keys [] = { level, last->party_b, last->party_a };
        coverage->next_page_token = sf_page_token (call, keys, 3);
    }
    sf_rows_destroy (&rows);
    return 0;
}

void
scoring_letter_coverage (sf_call_t *call)
{
    const Scoring__GetCoverage *request = SF_CALL_BODY (call, Scoring__GetCoverage);
    if (!scoring_letter_year_ok (call, request->year) || !scoring_letter_plant_ok (call, request->plant_code))
        return;
    sf_page_t page;
    if (sf_page_open (call, request->page_size, request->page_token, 3, &page))
        return;
    int64_t level_after;
    if (page.after && sf_page_after_int (call, &page, 0, &level_after)) {
        sf_page_close (&page);
        return;
    }
    Scoring__Coverage *coverage = sf_pb_new (&scoring__coverage__descriptor);
    if (scoring_letter_coverage_count (call->db, request->plant_code, request->year, coverage)
    ||  s_gaps (call, request->plant_code, request->year, &page, coverage))
        sf_call_fail_db (call, "reading the coverage");
    else
        sf_call_reply (call, &coverage->base);
    sf_pb_destroy (&coverage);
    sf_page_close (&page);
}
