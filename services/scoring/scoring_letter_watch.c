/*  scoring_letter_watch: letters missing past the grace days (scoring_letter_watch.h).     */
#include "scoring_letter_watch.h"
#include "scoring.h"
#include "scoring_events.h"
#include "scoring_letter.h"
#include "scoring_store.h"
#include "sf_clock.h"
#include "sf_log.h"
#include "sf_org.h"
#include "sf_pb.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_PERIOD_MS 60000
#define S_DAY_MS 86400000LL

//  Notifies the watched party B of plant now overdue; the count, or -1.
static int
s_plant (sf_db_t *db, const char *plant, const char *fallback_zone, int64_t now_ms)
{
    char zone [64], month [8];
    if (scoring_plant_zone (db, plant, fallback_zone, zone, sizeof zone) || scoring_month_of (db, now_ms, zone, month))
        return -1;
    char year [8], now [24];
    snprintf (year, sizeof year, "%.4s", month);
    snprintf (now, sizeof now, "%" PRId64, now_ms);
    const char *values [] = { plant, scoring_letter_kinds (), year, now };
    sf_rows_t *rows = sf_db_query (db,
        SCORING_LETTER_PAIRS_CTE
        " SELECT DISTINCT ON (p.party_b) p.level, p.party_a, p.party_b, coalesce (b.name_zh, ''),"
        "  coalesce (b.name_en, ''), p.person, w.first_seen_ms, coalesce (l.id, 0), coalesce (l.status, 0)"
        " FROM pairs p JOIN letter_watch w ON w.code = p.party_b"
        " LEFT JOIN sf_org_node b ON b.code = p.party_b"
        " LEFT JOIN letter l ON l.year = $3::int AND l.level = p.level AND l.party_a = p.party_a"
        "  AND l.party_b = p.party_b AND l.status <> 4"
        " WHERE w.notified_year < $3::int"
        "  AND w.first_seen_ms + (SELECT value FROM scoring_setting WHERE key = 'letter_grace_days') * 86400000"
        "   <= $4::bigint"
        "  AND NOT EXISTS (SELECT 1 FROM letter s WHERE s.party_b = p.party_b AND s.year = $3::int AND s.status = 3)"
        " ORDER BY p.party_b, p.level, p.party_a", 4, values);
    if (!rows)
        return -1;
    int count = sf_rows_count (rows), notified = 0;
    for (int r = 0; r < count; r++) {
        Scoring__LetterGap *gap = sf_pb_new (&scoring__letter_gap__descriptor);
        gap->year = atoi (year);
        gap->level = (Scoring__LetterLevel) sf_rows_int (rows, r, 0);
        sf_pb_set (&gap->party_a, sf_rows_text (rows, r, 1));
        sf_pb_set (&gap->party_b, sf_rows_text (rows, r, 2));
        sf_pb_set (&gap->party_b_name_zh, sf_rows_text (rows, r, 3));
        sf_pb_set (&gap->party_b_name_en, sf_rows_text (rows, r, 4));
        sf_pb_set (&gap->plant_code, plant);
        gap->person = sf_rows_bool (rows, r, 5);
        gap->since_ms = sf_rows_int (rows, r, 6);
        gap->letter_id = sf_rows_int (rows, r, 7);
        gap->letter_status = (Scoring__LetterStatus) sf_rows_int (rows, r, 8);
        gap->days_without = (int32_t) ((now_ms - gap->since_ms) / S_DAY_MS);
        const char *update [] = { gap->party_b, year };
        bool failed = scoring_emit (NULL, db, "scoring.letter_missing", "letter_gap", gap->party_b, gap->year, plant,
                                    &gap->base)
                   || sf_db_exec (db, "UPDATE letter_watch SET notified_year = $2::int WHERE code = $1", 2, update) != 1;
        if (!failed)
            sf_info ("letter_missing: %s of plant %s, level %d, %d days without a signed letter", gap->party_b,
                     plant, (int) gap->level, (int) gap->days_without);
        sf_pb_destroy (&gap);
        if (failed) {
            sf_rows_destroy (&rows);
            return -1;
        }
        notified++;
    }
    sf_rows_destroy (&rows);
    return notified;
}

int
scoring_letter_watch_pass (sf_db_t *db, const char *zone, int64_t now_ms)
{
    char now [24];
    snprintf (now, sizeof now, "%" PRId64, now_ms);
    const char *values [] = { "", scoring_letter_kinds (), now };
    if (sf_db_exec (db,
            SCORING_LETTER_PAIRS_CTE
            " INSERT INTO letter_watch (code, plant_code, person, first_seen_ms)"
            " SELECT DISTINCT ON (party_b) party_b, plant, person, $3::bigint FROM pairs ORDER BY party_b"
            " ON CONFLICT (code) DO NOTHING", 3, values) < 0)
        return -1;
    char plant_kind [8], company_kind [8];
    snprintf (plant_kind, sizeof plant_kind, "%d", SF_ORG_PLANT);
    snprintf (company_kind, sizeof company_kind, "%d", SF_ORG_COMPANY);
    const char *kinds [] = { plant_kind, company_kind };
    sf_rows_t *plants = sf_db_query (db, "SELECT code FROM sf_org_node WHERE kind IN ($1::smallint, $2::smallint)"
                                         " AND active ORDER BY code", 2, kinds);
    if (!plants)
        return -1;
    int notified = 0;
    for (int r = 0; r < sf_rows_count (plants) && notified >= 0; r++) {
        int count = s_plant (db, sf_rows_text (plants, r, 0), zone, now_ms);
        notified = count < 0? -1: notified + count;
    }
    sf_rows_destroy (&plants);
    return notified;
}

//  The job (the scheduler runs it on one instance at a time).
static int
s_job (sf_db_t *db, const char *job, int64_t occurrence_ms, void *arg)
{
    (void) job, (void) occurrence_ms;
    const scoring_state_t *state = arg;
    return scoring_letter_watch_pass (db, state->time_zone, sf_clock_now_ms ()) < 0? -1: 0;
}

void
scoring_letter_watch_register (scoring_state_t *state, sf_scheduler_t *scheduler)
{
    sf_scheduler_every (scheduler, "scoring.letter_watch", S_PERIOD_MS, 0, s_job, state);
}
