/*  scoring_month_close: the month's computation in SQL (README_months.md, "The computation").
    The numbers written into the SQL below are the contract's enum values, pinned by the
    static assertions beside them.                                                          */
#include "scoring_month_close.h"
#include "scoring_store.h"
#include "sf_org.h"
#include "sf_pb.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert (SCORING__SUBJECT_KIND__SUBJECT_PERSON == 1 && SCORING__SUBJECT_KIND__SUBJECT_UNIT == 2,
                "the SQL below writes subject kinds as 1 and 2");
_Static_assert (SCORING__ENTRY_ORIGIN__ORIGIN_CASCADE == 2 && SCORING__ENTRY_ORIGIN__ORIGIN_CLEAN_MONTH == 3,
                "the SQL below writes origins as 2 and 3");
_Static_assert (SCORING__MONTH_STATUS__MONTH_CLOSED == 2, "month_state.status is 2 when closed");
_Static_assert (SF_ORG_PLANT == 2 && SF_ORG_DEPARTMENT == 3 && SF_ORG_TEAM == 4 && SF_ORG_EMPLOYEE == 6,
                "the SQL below writes org kinds as numbers");

//  The memory each sort and hash of the close may use before spilling to disk: a month of
//  1,000,000 entries groups into a few hundred thousand sums, which spill to disk at the
//  default 4 MB. One close runs at a time (the lock below).
#define S_CLOSE_STATEMENT_TIMEOUT "60s"
#define S_CLOSE_WORK_MEM "64MB"

//  The common table expressions every statement starts with ($1 plant, $2 month, $3 rule
//  version): org, the plant's part of the org copy with each node's team and department
//  (a company's own units: its subtree without its plants; the depth bounds a loop in the
//  copy); rl, the rules of the version; clean, the clean-month entries the month earns:
//  every active employee with no negative entry about them, every active team with no
//  negative entry under it (g0: the month's ledger read once and summed per subject, kind,
//  team and department; neg: the sums holding a penalty, so both checks are hash anti-joins
//  rather than an index probe per person, and the totals need no second pass).
#define S_CTES \
    "WITH RECURSIVE org (code, kind, parent_code, active, team_code, department_code, depth) AS (" \
    "  SELECT n.code, n.kind, coalesce (n.parent_code, ''), n.active, ''::text, ''::text, 0" \
    "  FROM sf_org_node n WHERE n.code = $1" \
    "  UNION ALL SELECT c.code, c.kind, coalesce (c.parent_code, ''), c.active," \
    "   CASE WHEN c.kind = 4 THEN c.code ELSE o.team_code END," \
    "   CASE WHEN c.kind = 3 THEN c.code ELSE o.department_code END, o.depth + 1" \
    "  FROM sf_org_node c JOIN org o ON c.parent_code = o.code WHERE c.kind <> 2 AND o.depth < 16)," \
    " rl AS (SELECT kind, person_points, unit_points, month_cap, month_floor FROM rule WHERE version = $3::bigint)," \
    " g0 AS MATERIALIZED (SELECT subject_kind, subject_code, team_code, department_code, kind," \
    "  cascade_level > 0 AS cascade, sum (points) AS raw, sum (greatest (points, 0)) AS rewards," \
    "  sum (least (points, 0)) AS penalties, count (*) AS n, max (unit_code COLLATE \"C\") AS unit_code" \
    "  FROM entry WHERE plant_code = $1 AND month = $2" \
    "  GROUP BY subject_kind, subject_code, team_code, department_code, kind, cascade_level > 0)," \
    " neg AS MATERIALIZED (SELECT subject_kind, subject_code, team_code FROM g0 WHERE penalties < 0)," \
    " clean AS (" \
    "  SELECT 1::smallint AS subject_kind, o.code AS subject_code, o.parent_code AS unit_code, o.team_code," \
    "   o.department_code, r.kind, r.person_points AS points" \
    "  FROM org o JOIN rl r ON r.kind = 'month.clean_person' AND r.person_points <> 0" \
    "  WHERE o.kind = 6 AND o.active" \
    "   AND NOT EXISTS (SELECT 1 FROM neg x WHERE x.subject_kind = 1 AND x.subject_code = o.code)" \
    "  UNION ALL SELECT 2::smallint, o.code, o.code, o.code, o.department_code, r.kind, r.unit_points" \
    "  FROM org o JOIN rl r ON r.kind = 'month.clean_team' AND r.unit_points <> 0" \
    "  WHERE o.kind = 4 AND o.active AND NOT EXISTS (SELECT 1 FROM neg x WHERE x.team_code = o.code))"

//  The sums of a unit's rows of gc (below): direct, cascade, rewards, penalties, entries.
#define S_SUMS \
    " sum (counted) FILTER (WHERE NOT cascade) AS direct, sum (counted) FILTER (WHERE cascade) AS casc," \
    " sum (rewards) AS rewards, sum (penalties) AS penalties, sum (n) AS n"

//  g: the month's sums per subject, kind and the team and department they were scored under
//  (g0, the ledger read once) and ($4) the clean-month entries a close writes; gc: each sum held to
//  the kind's monthly floor and cap (cascades are never capped). A person who moved within
//  the month has each team's part capped on its own: every level then adds up the same
//  capped parts (README_months.md, "Caps"). ps: the persons' sums; us: the units' (a unit's
//  subtree through team_code and department_code, plus cascades to the unit itself); t0:
//  every active person, team and department of the org and every one the entries name;
//  then points, ranks and tiers.
#define S_TOTALS_CTES \
    " g AS (SELECT * FROM g0 UNION ALL SELECT subject_kind, subject_code, team_code, department_code, kind, false," \
    "  points, greatest (points, 0), least (points, 0), 1, unit_code FROM clean WHERE $4::boolean)," \
    " gc AS (SELECT g.subject_kind, g.subject_code, g.team_code, g.department_code, g.cascade, g.rewards," \
    "  g.penalties, g.n, g.unit_code," \
    "  CASE WHEN g.cascade OR r.kind IS NULL THEN g.raw" \
    "   WHEN r.month_floor < 0 AND g.raw < r.month_floor THEN r.month_floor" \
    "   WHEN r.month_cap > 0 AND g.raw > r.month_cap THEN r.month_cap ELSE g.raw END AS counted" \
    "  FROM g LEFT JOIN rl r ON r.kind = g.kind)," \
    " ps AS (SELECT subject_code AS code," S_SUMS ", max (unit_code COLLATE \"C\") AS up" \
    "  FROM gc WHERE subject_kind = 1 GROUP BY subject_code)," \
    " us AS (SELECT 'team'::text AS subject, team_code AS code," S_SUMS ", max (department_code COLLATE \"C\") AS up" \
    "  FROM gc WHERE team_code <> '' AND (NOT cascade OR (subject_kind = 2 AND subject_code = team_code))" \
    "  GROUP BY team_code" \
    "  UNION ALL SELECT 'department', department_code," S_SUMS ", ''" \
    "  FROM gc WHERE department_code <> '' AND (NOT cascade OR (subject_kind = 2 AND subject_code = department_code))" \
    "  GROUP BY department_code" \
    "  UNION ALL SELECT 'plant', $1," S_SUMS ", '' FROM gc WHERE NOT cascade OR (subject_kind = 2 AND subject_code = $1))," \
    " t0 AS (" \
    "  SELECT 'person'::text AS subject, coalesce (o.code, s.code) AS code, coalesce (o.parent_code, s.up, '') AS parent_code," \
    "   coalesce (s.direct, 0) AS direct, coalesce (s.casc, 0) AS casc, coalesce (s.rewards, 0) AS rewards," \
    "   coalesce (s.penalties, 0) AS penalties, coalesce (s.n, 0) AS n" \
    "  FROM (SELECT code, parent_code FROM org WHERE kind = 6 AND active) o FULL JOIN ps s ON s.code = o.code" \
    "  UNION ALL SELECT 'team', coalesce (o.code, s.code), coalesce (nullif (o.department_code, ''), s.up, '')," \
    "   coalesce (s.direct, 0), coalesce (s.casc, 0), coalesce (s.rewards, 0), coalesce (s.penalties, 0), coalesce (s.n, 0)" \
    "  FROM (SELECT code, department_code FROM org WHERE kind = 4 AND active) o" \
    "  FULL JOIN (SELECT * FROM us WHERE subject = 'team') s ON s.code = o.code" \
    "  UNION ALL SELECT 'department', coalesce (o.code, s.code), $1," \
    "   coalesce (s.direct, 0), coalesce (s.casc, 0), coalesce (s.rewards, 0), coalesce (s.penalties, 0), coalesce (s.n, 0)" \
    "  FROM (SELECT code FROM org WHERE kind = 3 AND active) o" \
    "  FULL JOIN (SELECT * FROM us WHERE subject = 'department') s ON s.code = o.code" \
    "  UNION ALL SELECT 'plant', $1, '', coalesce (direct, 0), coalesce (casc, 0), coalesce (rewards, 0)," \
    "   coalesce (penalties, 0), coalesce (n, 0) FROM us WHERE subject = 'plant')," \
    " t1 AS (SELECT subject, code, parent_code, (direct + casc)::bigint AS points, direct::bigint AS direct_points," \
    "  casc::bigint AS cascade_points, rewards::bigint AS rewards, penalties::bigint AS penalties, n::integer AS entries" \
    "  FROM t0)" \
    ""

#define S_TOTALS_SELECT \
    " SELECT t1.subject, t1.code, t1.parent_code, t1.points, t1.direct_points, t1.cascade_points, t1.rewards," \
    "  t1.penalties, t1.entries, (rank () OVER (PARTITION BY t1.subject ORDER BY t1.points DESC))::integer AS rank," \
    "  (count (*) OVER (PARTITION BY t1.subject))::integer AS rank_of, coalesce (tr.code, '') AS tier_code," \
    "  coalesce (tr.amount_yuan, 0) AS amount_yuan" \
    " FROM t1 LEFT JOIN LATERAL (SELECT code, amount_yuan FROM tier WHERE version = $3::bigint" \
    "  AND subject = t1.subject AND min_points <= t1.points ORDER BY min_points DESC LIMIT 1) tr ON true" \
    ""

const char SCORING_MONTH_TOTALS_SQL [] = S_CTES "," S_TOTALS_CTES S_TOTALS_SELECT;

//  The summary of totals (a relation "t" with month_total's columns): persons, teams,
//  departments, the plant's points, and the checksum over every row in (subject, code) order.
#define S_SUMMARY_COLUMNS \
    " count (*) FILTER (WHERE t.subject = 'person'), count (*) FILTER (WHERE t.subject = 'team')," \
    " count (*) FILTER (WHERE t.subject = 'department'), coalesce (sum (t.points) FILTER (WHERE t.subject = 'plant'), 0)," \
    " encode (sha256 (convert_to (coalesce (string_agg (t.subject || '|' || t.code || '|' || t.points || '|'" \
    "  || t.direct_points || '|' || t.cascade_points || '|' || t.rewards || '|' || t.penalties || '|' || t.entries" \
    "  || '|' || t.rank || '|' || t.tier_code, E'\\n' ORDER BY t.subject COLLATE \"C\", t.code COLLATE \"C\"), ''), 'UTF8'))," \
    "  'hex')"

char *
scoring_month_totals_wrap (const char *head, const char *tail)
{
    size_t size = strlen (head) + sizeof SCORING_MONTH_TOTALS_SQL + strlen (tail) + 8;
    char *sql = malloc (size);
    assert (sql);
    snprintf (sql, size, "%s (%s) t %s", head, SCORING_MONTH_TOTALS_SQL, tail);
    return sql;
}

int64_t
scoring_month_rule_version (sf_db_t *db)
{
    sf_rows_t *rows = sf_db_query (db, "SELECT coalesce (max (version), 0) FROM rule_version", 0, NULL);
    if (!rows)
        return -1;
    int64_t version = sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    return version;
}

//  The result of a closed month from month_state, or NULL with *found 0 when it is open.
static int
s_stored (sf_db_t *db, const char *plant, const char *month, Scoring__MonthResult **out)
{
    const char *values [] = { plant, month };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT status, time_zone, starts_ms, ends_ms, closed_ms, closed_by, rule_version, entries, persons, teams,"
        " departments, points, checksum FROM month_state WHERE plant_code = $1 AND month = $2", 2, values);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows) > 0;
    if (found) {
        Scoring__MonthResult *result = sf_pb_new (&scoring__month_result__descriptor);
        int c = 0;
        sf_pb_set (&result->plant_code, plant);
        sf_pb_set (&result->month, month);
        result->status = (Scoring__MonthStatus) sf_rows_int (rows, 0, c++);
        sf_pb_set (&result->time_zone, sf_rows_text (rows, 0, c++));
        result->starts_ms = sf_rows_int (rows, 0, c++);
        result->ends_ms = sf_rows_int (rows, 0, c++);
        result->closed_ms = sf_rows_int (rows, 0, c++);
        sf_pb_set (&result->closed_by, sf_rows_text (rows, 0, c++));
        result->rule_version = sf_rows_int (rows, 0, c++);
        result->entries = sf_rows_int (rows, 0, c++);
        result->persons = (int32_t) sf_rows_int (rows, 0, c++);
        result->teams = (int32_t) sf_rows_int (rows, 0, c++);
        result->departments = (int32_t) sf_rows_int (rows, 0, c++);
        result->points = sf_rows_int (rows, 0, c++);
        sf_pb_set (&result->checksum, sf_rows_text (rows, 0, c++));
        *out = result;
    }
    sf_rows_destroy (&rows);
    return found;
}

//  An open month's result: its bounds, zero totals.
static int
s_open (sf_db_t *db, const char *plant, const char *month, const char *zone, Scoring__MonthResult **out)
{
    Scoring__MonthResult *result = sf_pb_new (&scoring__month_result__descriptor);
    sf_pb_set (&result->plant_code, plant);
    sf_pb_set (&result->month, month);
    sf_pb_set (&result->time_zone, zone);
    result->status = SCORING__MONTH_STATUS__MONTH_OPEN;
    if (scoring_month_bounds (db, month, zone, &result->starts_ms, &result->ends_ms)) {
        sf_pb_destroy (&result);
        return -1;
    }
    *out = result;
    return 0;
}

int
scoring_month_get (sf_db_t *db, const char *plant, const char *month, const char *zone, Scoring__MonthResult **out)
{
    int found = s_stored (db, plant, month, out);
    if (found)
        return found < 0? -1: 0;
    return s_open (db, plant, month, zone, out);
}

int
scoring_month_preview (sf_db_t *db, const char *plant, const char *month, const char *zone, Scoring__MonthResult **out)
{
    Scoring__MonthResult *result = NULL;
    int closed = s_stored (db, plant, month, &result);
    if (closed < 0 || (!closed && s_open (db, plant, month, zone, &result)))
        return -1;
    int64_t version = closed? result->rule_version: scoring_month_rule_version (db);
    if (version < 0) {
        sf_pb_destroy (&result);
        return -1;
    }
    char key [24];
    snprintf (key, sizeof key, "%" PRId64, version);
    const char *values [] = { plant, month, key, closed? "false": "true" };
    char *sql = scoring_month_totals_wrap ("SELECT" S_SUMMARY_COLUMNS ","
        " (SELECT count (*) FROM entry WHERE plant_code = $1 AND month = $2)"
        "  + CASE WHEN $4::boolean THEN (" S_CTES " SELECT count (*) FROM clean) ELSE 0 END FROM", "");
    sf_rows_t *rows = sf_db_query (db, sql, 4, values);
    free (sql);
    if (!rows) {
        sf_pb_destroy (&result);
        return -1;
    }
    result->rule_version = version;
    result->persons = (int32_t) sf_rows_int (rows, 0, 0);
    result->teams = (int32_t) sf_rows_int (rows, 0, 1);
    result->departments = (int32_t) sf_rows_int (rows, 0, 2);
    result->points = sf_rows_int (rows, 0, 3);
    sf_pb_set (&result->checksum, sf_rows_text (rows, 0, 4));
    result->entries = sf_rows_int (rows, 0, 5);
    sf_rows_destroy (&rows);
    *out = result;
    return 0;
}

int
scoring_month_close (sf_db_t *db, const char *plant, const char *month, const char *zone, const char *actor,
                     int64_t now_ms, Scoring__MonthResult **out)
{
    //  Writes to the ledger wait until this commits: an entry inserted meanwhile would land in
    //  the month unseen by the totals. The lock is self-exclusive, so closes take turns.
    if (sf_db_exec (db, "LOCK TABLE entry IN SHARE ROW EXCLUSIVE MODE", 0, NULL) < 0
    ||  sf_db_exec (db, "SET LOCAL work_mem = '" S_CLOSE_WORK_MEM "'", 0, NULL) < 0
    //  One pass over a plant's month: JIT compiling costs more than it saves, and the
    //  statements of a large plant may take longer than a command's usual bound.
    ||  sf_db_exec (db, "SET LOCAL jit = off", 0, NULL) < 0
    ||  sf_db_exec (db, "SET LOCAL statement_timeout = '" S_CLOSE_STATEMENT_TIMEOUT "'", 0, NULL) < 0)
        return -1;
    int closed = scoring_month_closed (db, plant, month);
    if (closed)
        return closed < 0? -1: SCORING_MONTH_WAS_CLOSED;
    int64_t starts_ms, ends_ms;
    if (scoring_month_bounds (db, month, zone, &starts_ms, &ends_ms))
        return -1;
    if (now_ms < ends_ms)
        return SCORING_MONTH_NOT_ENDED;
    int64_t version = scoring_month_rule_version (db);
    if (version < 0)
        return -1;
    char key [24], starts [24], ends [24], now [24];
    snprintf (key, sizeof key, "%" PRId64, version);
    snprintf (starts, sizeof starts, "%" PRId64, starts_ms);
    snprintf (ends, sizeof ends, "%" PRId64, ends_ms);
    snprintf (now, sizeof now, "%" PRId64, now_ms);
    const char *values [] = { plant, month, key, ends, actor? actor: "", now, zone, starts };
    //  1. The month's row, "closing" (status 1: the totals reference it, and the ledger's guard
    //  refuses only what lands in a month closed, status 2).
    const char *state [] = { plant, month, zone, starts, ends, now, values [4], key };
    if (sf_db_exec (db,
            "INSERT INTO month_state (plant_code, month, status, time_zone, starts_ms, ends_ms, closed_ms, closed_by,"
            " rule_version, entries, persons, teams, departments, points, checksum)"
            " VALUES ($1, $2, 1, $3, $4::bigint, $5::bigint, $6::bigint, $7, $8::bigint, 0, 0, 0, 0, 0, '')",
            8, state) != 1)
        return -1;
    //  2. In one pass over the month's ledger: the clean-month entries (at the month's last
    //  instant, named by the kind), the count of entries, and every total.
    const char *totals [] = { plant, month, key, "true", values [4], now, ends };
    if (sf_db_exec (db, S_CTES "," S_TOTALS_CTES ","
            " clean_in AS (INSERT INTO entry (plant_code, month, occurred_month, subject_kind, subject_code, unit_code,"
            "  team_code, department_code, kind, points, origin, source_key, rule_version, reason_zh, reason_en,"
            "  created_by, occurred_ms, scored_ms)"
            "  SELECT $1, $2, $2, c.subject_kind, c.subject_code, c.unit_code, c.team_code, c.department_code, c.kind,"
            "   c.points, 3, 'clean:' || $2, $3::bigint, k.name_zh || '（' || $2 || '）', k.name_en || ' (' || $2 || ')',"
            "   $5, $7::bigint - 1, $6::bigint"
            "  FROM clean c JOIN event_kind k ON k.code = c.kind),"
            " counted AS (UPDATE month_state SET entries = (SELECT coalesce (sum (n), 0) FROM g)"
            "  WHERE plant_code = $1 AND month = $2),"
            " t AS (" S_TOTALS_SELECT ")"
            " INSERT INTO month_total (plant_code, month, subject, code, parent_code, points, direct_points,"
            " cascade_points, rewards, penalties, entries, rank, rank_of, tier_code, amount_yuan)"
            " SELECT $1, $2, t.subject, t.code, t.parent_code, t.points, t.direct_points, t.cascade_points, t.rewards,"
            "  t.penalties, t.entries, t.rank, t.rank_of, t.tier_code, t.amount_yuan FROM t", 7, totals) < 0)
        return -1;
    //  3. Closed: the summary of the totals.
    if (sf_db_exec (db,
            "UPDATE month_state m SET status = 2, persons = s.persons, teams = s.teams, departments = s.departments,"
            " points = s.points, checksum = s.checksum"
            " FROM (SELECT" S_SUMMARY_COLUMNS " AS checksum FROM month_total t WHERE t.plant_code = $1 AND t.month = $2)"
            "  AS s (persons, teams, departments, points, checksum)"
            " WHERE m.plant_code = $1 AND m.month = $2", 2, values) != 1)
        return -1;
    return s_stored (db, plant, month, out) == 1? SCORING_MONTH_CLOSED_NOW: -1;
}
