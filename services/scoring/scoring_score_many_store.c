/*  scoring_score_many_store: many causes into entries with two statements: the direct
    entries (scoring_score_cause.c, s_side), then the cascades of the new person entries
    (scoring_cascade.c). Each statement first resolves every row and counts those that are
    not the plain case; when there is one it writes nothing and the caller gives the share
    back. The limits below are the one-by-one path's buffers: a longer text would be cut
    there, so such a row is not the plain case here.                                       */
#include "scoring_score_many.h"
#include "scoring_store.h"
#include "sf_clock.h"
#include "sf_log.h"
#include "sf_org.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  The walk up the org copy from every code of the CTE named in codes (column code): each
//  start's node and its nearest team, department, plant and company, as scoring_subject_find
//  (k.v: the kinds employee, team, department, plant, company). Makes the CTEs up, anc, piv,
//  subj. The parent is looked up by its key (a lateral, not a join the planner would hash
//  over the whole copy at every step).
#define S_SUBJECTS_SQL(codes) \
    " up (start, code, parent_code, kind, depth) AS (" \
    "  SELECT n.code, n.code, n.parent_code, n.kind, 0 FROM sf_org_node n WHERE n.code IN (SELECT code FROM " codes ")" \
    "  UNION ALL SELECT up.start, n.code, n.parent_code, n.kind, up.depth + 1 FROM up CROSS JOIN LATERAL" \
    "   (SELECT code, parent_code, kind FROM sf_org_node WHERE code = up.parent_code OFFSET 0) n)" \
    "  CYCLE code SET looped USING path," \
    " anc AS (SELECT DISTINCT ON (start, kind) start, kind, code FROM up ORDER BY start, kind, depth)," \
    " piv AS (SELECT anc.start, max (anc.code) FILTER (WHERE anc.kind = k.v[2]) AS team," \
    "   max (anc.code) FILTER (WHERE anc.kind = k.v[3]) AS department," \
    "   max (anc.code) FILTER (WHERE anc.kind = k.v[4]) AS plant," \
    "   max (anc.code) FILTER (WHERE anc.kind = k.v[5]) AS company FROM anc, k GROUP BY anc.start)," \
    " subj AS (SELECT s.code, s.kind = k.v[1] AS employee," \
    "   CASE WHEN s.kind = k.v[1] THEN coalesce (s.parent_code, '') ELSE s.code END AS unit_code," \
    "   coalesce (piv.team, '') AS team_code, coalesce (piv.department, '') AS department_code," \
    "   CASE WHEN coalesce (piv.plant, '') <> '' THEN piv.plant ELSE coalesce (piv.company, '') END AS plant_code" \
    "  FROM sf_org_node s JOIN piv ON piv.start = s.code, k WHERE s.code IN (SELECT code FROM " codes ")),"

//  A row's subject fields longer than scoring_subject_t holds (32 bytes), or a zone longer
//  than the 64 bytes of the one-by-one path: not the plain case.
#define S_TOO_LONG_SQL(row) \
    "octet_length (" row ".code) > 32 OR octet_length (" row ".unit_code) > 32" \
    " OR octet_length (" row ".team_code) > 32 OR octet_length (" row ".department_code) > 32" \
    " OR octet_length (" row ".plant_code) > 32 OR octet_length (" row ".zone) >= 64"

#define S_ENTRY_INSERT_SQL \
    " INSERT INTO entry (plant_code, month, occurred_month, subject_kind, subject_code, unit_code, team_code," \
    "  department_code, kind, points, origin, source_key, source_event_id, source_event_type, source_ref," \
    "  item_no, rule_version, parent_entry_id, cascade_level, factor, reason_zh, reason_en, created_by," \
    "  occurred_ms, scored_ms)"

#define S_CONFLICT_SQL \
    " ON CONFLICT (source_key, kind, item_no, subject_kind, subject_code, cascade_level) DO NOTHING"

//  $1..$8 the causes' columns, $9 the fallback zone, $10 the kinds, $11 scored_ms, $12/$13
//  the subject kinds person/unit, $14 the origin. Answers the rows not plain, the ids of the
//  new person entries of cascading rules (a bigint[] literal) and the entries written.
static const char *s_direct_sql =
    "WITH RECURSIVE"
    " ev AS (SELECT * FROM unnest ($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[],"
    "  $7::text[], $8::text[]) WITH ORDINALITY AS t (kind, person_code, unit_code, occurred_ms, source_key, event_id,"
    "  event_type, source_ref, n)),"
    " k AS (SELECT string_to_array ($10, ',')::smallint[] AS v),"
    " r AS (SELECT d.kind, v.version, coalesce (r.person_points, 0) AS person_points,"
    "   coalesce (r.unit_points, 0) AS unit_points, coalesce (r.cascade, false) AS cascade,"
    "   coalesce (c.name_zh, d.kind) AS name_zh, coalesce (c.name_en, d.kind) AS name_en"
    "  FROM (SELECT DISTINCT kind FROM ev) d"
    "  CROSS JOIN (SELECT coalesce (max (version), 0) AS version FROM rule_version) v"
    "  LEFT JOIN rule r ON r.version = v.version AND r.kind = d.kind"
    "  LEFT JOIN event_kind c ON c.code = d.kind),"
    " side AS (SELECT ev.n, ev.kind, ev.occurred_ms, ev.source_key, ev.event_id, ev.event_type, ev.source_ref,"
    "   r.version, r.name_zh, r.name_en, s.person, s.code, s.points"
    "  FROM ev JOIN r ON r.kind = ev.kind"
    "  CROSS JOIN LATERAL (VALUES (true, ev.person_code, r.person_points), (false, ev.unit_code, r.unit_points))"
    "   s (person, code, points)"
    "  WHERE r.version >= 1 AND s.points <> 0 AND s.code <> ''),"
    S_SUBJECTS_SQL ("side")
    " z AS (SELECT side.*, j.code IS NOT NULL AS known, coalesce (j.employee, false) AS employee,"
    "   coalesce (j.unit_code, '') AS unit_code, coalesce (j.team_code, '') AS team_code,"
    "   coalesce (j.department_code, '') AS department_code, coalesce (j.plant_code, '') AS plant_code,"
    "   coalesce ((SELECT time_zone FROM plant_zone WHERE plant_code = j.plant_code), $9) AS zone"
    "  FROM side LEFT JOIN subj j ON j.code = side.code),"
    " m AS (SELECT z.*, to_char (to_timestamp (z.occurred_ms / 1000.0) AT TIME ZONE z.zone, 'YYYY-MM') AS month"
    "  FROM z),"
    " odd AS (SELECT count (*) AS n FROM m WHERE NOT m.known OR m.person <> m.employee"
    "   OR octet_length (m.name_zh) >= 200 OR octet_length (m.name_en) >= 200 OR " S_TOO_LONG_SQL ("m")
    "   OR EXISTS (SELECT 1 FROM month_state s WHERE s.plant_code = m.plant_code AND s.month = m.month)),"
    " ins AS (" S_ENTRY_INSERT_SQL
    "  SELECT m.plant_code, m.month, m.month, CASE WHEN m.person THEN $12::smallint ELSE $13::smallint END, m.code,"
    "   m.unit_code, m.team_code, m.department_code, m.kind, m.points, $14::smallint, m.source_key, m.event_id,"
    "   m.event_type, m.source_ref, 0, m.version, NULL, 0, 0, m.name_zh || '：' || m.source_ref,"
    "   m.name_en || ': ' || m.source_ref, '', m.occurred_ms, $11::bigint"
    "  FROM m WHERE (SELECT n FROM odd) = 0 ORDER BY m.n, NOT m.person"
    S_CONFLICT_SQL " RETURNING id, kind, subject_kind)"
    " SELECT (SELECT n FROM odd),"
    "  (SELECT coalesce (array_agg (i.id ORDER BY i.id), '{}') FROM ins i JOIN r ON r.kind = i.kind"
    "   WHERE i.subject_kind = $12::smallint AND r.cascade)::text, (SELECT count (*) FROM ins)";

//  $1 the parents' ids, $2 the fallback zone, $3 the kinds, $4 scored_ms, $5/$6 the subject
//  kinds person/unit, $7 the origin. Answers the rows not plain and the entries written.
static const char *s_cascade_sql =
    "WITH RECURSIVE"
    " k AS (SELECT string_to_array ($3, ',')::smallint[] AS v),"
    " p AS (SELECT e.*, coalesce (c.name_zh, e.kind) AS kind_zh, coalesce (c.name_en, e.kind) AS kind_en,"
    "   coalesce (pn.name_zh, e.subject_code) AS person_zh, coalesce (pn.name_en, e.subject_code) AS person_en"
    "  FROM entry e LEFT JOIN event_kind c ON c.code = e.kind LEFT JOIN sf_org_node pn ON pn.code = e.subject_code"
    "  WHERE e.id = ANY ($1::bigint[])),"
    " lv AS (SELECT p.id AS parent_id, c.level, c.role, c.factor,"
    "   CASE c.unit_kind WHEN 'team' THEN p.team_code WHEN 'department' THEN p.department_code"
    "    ELSE p.plant_code END AS unit,"
    "   p.points * (c.factor * 10000)::bigint AS product"
    "  FROM p JOIN cascade_level c ON c.version = p.rule_version),"
    " pts AS (SELECT lv.*, lv.product / 10000 + CASE WHEN lv.product % 10000 >= 5000 THEN 1"
    "   WHEN lv.product % 10000 <= -5000 THEN -1 ELSE 0 END AS points FROM lv),"
    " g AS MATERIALIZED (SELECT g.role, g.node_code, a.employee_code FROM sf_org_grant g"
    "  JOIN sf_org_account a ON a.login = g.login WHERE NOT a.disabled AND a.employee_code <> ''"
    "   AND (g.role, g.node_code) IN (SELECT role, unit FROM pts)),"
    " ld AS (SELECT pts.*, l.leader, ln.code IS NULL AS by_unit,"
    "   CASE WHEN ln.code IS NULL THEN pts.unit ELSE l.leader END AS code"
    "  FROM pts JOIN p ON p.id = pts.parent_id"
    "  LEFT JOIN LATERAL (SELECT g.employee_code AS leader FROM g WHERE g.role = pts.role AND g.node_code = pts.unit"
    "   AND g.employee_code <> p.subject_code ORDER BY g.employee_code LIMIT 1) l ON true"
    "  LEFT JOIN sf_org_node ln ON ln.code = l.leader"
    "  WHERE pts.unit <> '' AND pts.points <> 0),"
    S_SUBJECTS_SQL ("ld")
    " z AS (SELECT ld.*, j.employee, j.unit_code, j.team_code, j.department_code, j.plant_code,"
    "   coalesce ((SELECT time_zone FROM plant_zone WHERE plant_code = j.plant_code), $2) AS zone"
    "  FROM ld JOIN subj j ON j.code = ld.code),"
    " m AS (SELECT z.*, p.kind, p.source_key, p.source_event_id, p.source_event_type, p.source_ref, p.item_no,"
    "   p.rule_version, p.created_by, p.occurred_ms, p.subject_code AS person_code, p.kind_zh, p.kind_en,"
    "   p.person_zh, p.person_en,"
    "   to_char (to_timestamp (p.occurred_ms / 1000.0) AT TIME ZONE z.zone, 'YYYY-MM') AS month"
    "  FROM z JOIN p ON p.id = z.parent_id),"
    " odd AS (SELECT count (*) AS n FROM m WHERE " S_TOO_LONG_SQL ("m")
    "   OR octet_length (m.person_code) > 32 OR EXISTS (SELECT 1 FROM ld WHERE octet_length (ld.leader) > 32)"
    "   OR octet_length (m.person_zh) >= 260 OR octet_length (m.person_en) >= 260"
    "   OR octet_length (m.kind_zh) >= 200 OR octet_length (m.kind_en) >= 200"
    "   OR EXISTS (SELECT 1 FROM month_state s WHERE s.plant_code = m.plant_code AND s.month = m.month)),"
    " ins AS (" S_ENTRY_INSERT_SQL
    "  SELECT m.plant_code, m.month, m.month, CASE WHEN m.employee THEN $5::smallint ELSE $6::smallint END, m.code,"
    "   m.unit_code, m.team_code, m.department_code, m.kind, m.points, $7::smallint, m.source_key,"
    "   m.source_event_id, m.source_event_type, m.source_ref, m.item_no, m.rule_version, m.parent_id, m.level,"
    "   m.factor,"
    "   '连带：' || m.person_zh || ' ' || m.kind_zh || CASE WHEN m.by_unit THEN '（无人担任' || m.role"
    "    || '，由单位承担）' ELSE '' END,"
    "   'Joint liability: ' || m.person_en || ' ' || m.kind_en || CASE WHEN m.by_unit"
    "    THEN ' (no leader holds the role ' || m.role || ': the unit bears it)' ELSE '' END,"
    "   m.created_by, m.occurred_ms, $4::bigint"
    "  FROM m WHERE (SELECT n FROM odd) = 0 ORDER BY m.parent_id, m.level"
    S_CONFLICT_SQL " RETURNING id)"
    " SELECT (SELECT n FROM odd), (SELECT count (*) FROM ins)";

static const char *
s_text (const char *text)
{
    return text? text: "";
}

//  The column of count causes that field picks, as a text[] literal (caller frees).
static char *
s_column (const scoring_cause_t *causes, size_t count, size_t offset)
{
    char **items = calloc (count + 1, sizeof (char *));
    if (!items)
        abort ();
    for (size_t i = 0; i < count; i++)
        items [i] = (char *) s_text (*(const char *const *) ((const char *) &causes [i] + offset));
    char *literal = sf_db_array_literal (items, count);
    free (items);
    return literal;
}

int
scoring_score_many (sf_db_t *db, const scoring_state_t *state, const scoring_cause_t *causes, size_t count)
{
    if (count == 0)
        return 0;
    for (size_t i = 0; i < count; i++)
        if (causes [i].item_no != 0 || causes [i].person_optional || !causes [i].kind || !causes [i].source_key)
            return 1;
    const char *fallback = state && state->time_zone? state->time_zone: "UTC";
    char kinds [96], scored [24], person [8], unit [8], event [8], cascade [8];
    snprintf (kinds, sizeof kinds, "%d,%d,%d,%d,%d", SF_ORG_EMPLOYEE, SF_ORG_TEAM, SF_ORG_DEPARTMENT, SF_ORG_PLANT,
              SF_ORG_COMPANY);
    snprintf (scored, sizeof scored, "%" PRId64, sf_clock_now_ms ());
    snprintf (person, sizeof person, "%d", (int) SCORING__SUBJECT_KIND__SUBJECT_PERSON);
    snprintf (unit, sizeof unit, "%d", (int) SCORING__SUBJECT_KIND__SUBJECT_UNIT);
    snprintf (event, sizeof event, "%d", (int) SCORING__ENTRY_ORIGIN__ORIGIN_EVENT);
    snprintf (cascade, sizeof cascade, "%d", (int) SCORING__ENTRY_ORIGIN__ORIGIN_CASCADE);
    int64_t *occurred = calloc (count + 1, sizeof (int64_t));
    if (!occurred)
        abort ();
    for (size_t i = 0; i < count; i++)
        occurred [i] = causes [i].occurred_ms;
    char *columns [] = {
        s_column (causes, count, offsetof (scoring_cause_t, kind)),
        s_column (causes, count, offsetof (scoring_cause_t, person)),
        s_column (causes, count, offsetof (scoring_cause_t, unit)),
        sf_db_int_array_literal (occurred, count),
        s_column (causes, count, offsetof (scoring_cause_t, source_key)),
        s_column (causes, count, offsetof (scoring_cause_t, event_id)),
        s_column (causes, count, offsetof (scoring_cause_t, event_type)),
        s_column (causes, count, offsetof (scoring_cause_t, source_ref))
    };
    free (occurred);
    const char *values [] = {
        columns [0], columns [1], columns [2], columns [3], columns [4], columns [5], columns [6], columns [7],
        fallback, kinds, scored, person, unit, event
    };
    sf_rows_t *rows = sf_db_query (db, s_direct_sql, 14, values);
    for (size_t c = 0; c < sizeof columns / sizeof columns [0]; c++)
        free (columns [c]);
    if (!rows)
        return -1;
    int64_t odd = sf_rows_int (rows, 0, 0), direct = sf_rows_int (rows, 0, 2), cascaded = 0;
    char *parents = strdup (sf_rows_text (rows, 0, 1));
    sf_rows_destroy (&rows);
    if (!parents)
        abort ();
    int rc = odd? 1: 0;
    if (rc == 0 && strcmp (parents, "{}")) {
        const char *cascade_values [] = { parents, fallback, kinds, scored, person, unit, cascade };
        rows = sf_db_query (db, s_cascade_sql, 7, cascade_values);
        if (!rows)
            rc = -1;
        else {
            rc = sf_rows_int (rows, 0, 0)? 1: 0;
            cascaded = sf_rows_int (rows, 0, 1);
            sf_rows_destroy (&rows);
        }
    }
    free (parents);
    if (rc > 0)
        sf_info ("%zu causes: one is not the plain case, applied one by one", count);
    else
    if (rc == 0)
        sf_info ("%zu causes scored set-based: %" PRId64 " entries, %" PRId64 " cascades", count, direct, cascaded);
    return rc;
}
