/*  scoring_letter: responsibility letters (一岗双责), README_letters.md. The pairs every
    plant should have signed each year come from the org copy (one SQL walk, shared by
    issuing, coverage and the letter_missing job); a letter's row reads as its message in one
    place; who may sign which side is one function the handler and the unit tests share.
    Handlers: scoring_letter_template.c (SetLetterTemplate, GetLetterTemplate),
    scoring_letter_issue.c, scoring_letter_sign.c, scoring_letter_read.c (GetLetter,
    ListLetters), scoring_letter_coverage.c; the route table: scoring_letter_routes.c.   */
#ifndef SCORING_LETTER_H_INCLUDED
#define SCORING_LETTER_H_INCLUDED

#include "scoring.pb-c.h"
#include "sf_db.h"
#include "sf_rpc_server.h"
#include "sf_scope.h"

#include <stdbool.h>
#include <stdint.h>

#define SCORING_LETTER_YEAR_MIN 2000
#define SCORING_LETTER_YEAR_MAX 2100

//  The role whose grant on exactly a department makes its holder that department's safety
//  officer (level 4's party B).
#define SCORING_LETTER_OFFICER_ROLE "safety_officer"

//  The expected pairs, as a WITH list ending with "pairs (plant, level, party_a, party_b,
//  person)": active nodes only (an inactive unit drops its subtree), $1 the plant or the
//  company ('': every active plant and company), $2 scoring_letter_kinds (). A company counts
//  as the "plant" of the units directly under it that are no plant (its offices), as months
//  do. Levels (letter_level): 1 the plant's company ↔ the plant; 2 the plant (or company) ↔
//  each department in it; 3 a department ↔ each team whose nearest department above it is
//  that one; 4 a department ↔ the employee of each enabled account holding safety_officer on
//  exactly it; 5 a team ↔ each employee whose nearest team above is that one.
#define SCORING_LETTER_PAIRS_CTE \
    "WITH RECURSIVE k AS (SELECT string_to_array ($2, ',')::smallint[] AS v)," \
    " t (plant, code, kind, dept, team) AS (" \
    "  SELECT n.code, n.code, n.kind, '', '' FROM sf_org_node n, k" \
    "  WHERE n.kind IN (k.v[1], k.v[2]) AND n.active AND ($1 = '' OR n.code = $1)" \
    "  UNION ALL SELECT t.plant, n.code, n.kind," \
    "   CASE WHEN n.kind = k.v[3] THEN n.code ELSE t.dept END," \
    "   CASE WHEN n.kind = k.v[4] THEN n.code ELSE t.team END" \
    "  FROM sf_org_node n JOIN t ON n.parent_code = t.code, k WHERE n.active AND n.kind NOT IN (k.v[1], k.v[2])" \
    " ) CYCLE code SET looped USING path," \
    " pairs (plant, level, party_a, party_b, person) AS (" \
    "  SELECT n.code, 1, c.code, n.code, false FROM sf_org_node n JOIN sf_org_node c ON c.code = n.parent_code, k" \
    "  WHERE n.kind = k.v[2] AND n.active AND c.kind = k.v[1] AND c.active AND ($1 = '' OR n.code = $1)" \
    "  UNION ALL SELECT t.plant, 2, t.plant, t.code, false FROM t, k WHERE NOT t.looped AND t.kind = k.v[3]" \
    "  UNION ALL SELECT t.plant, 3, t.dept, t.code, false FROM t, k" \
    "  WHERE NOT t.looped AND t.kind = k.v[4] AND t.dept <> ''" \
    "  UNION ALL SELECT DISTINCT t.plant, 4, t.code, e.code, true" \
    "  FROM t, k, sf_org_grant g JOIN sf_org_account a ON a.login = g.login AND NOT a.disabled" \
    "  JOIN sf_org_node e ON e.code = a.employee_code AND e.active" \
    "  WHERE NOT t.looped AND t.kind = k.v[3] AND g.node_code = t.code AND g.role = '" SCORING_LETTER_OFFICER_ROLE "'" \
    "  AND e.kind = k.v[5]" \
    "  UNION ALL SELECT t.plant, 5, t.team, t.code, true FROM t, k" \
    "  WHERE NOT t.looped AND t.kind = k.v[5] AND t.team <> '')"

//  "company,plant,department,team,employee" as the org copy's kind numbers, for $2 above.
const char *scoring_letter_kinds (void);

//  The columns of letter l (party names from the org copy), in the order
//  scoring_letter_from_row reads them.
#define SCORING_LETTER_COLUMNS \
    "l.id, l.number, l.year, l.level, l.party_a, coalesce (a.name_zh, ''), coalesce (a.name_en, ''), l.party_b," \
    " coalesce (b.name_zh, ''), coalesce (b.name_en, ''), l.plant_code, l.status, l.title_zh, l.title_en," \
    " l.content_zh, l.content_en, l.template_version, l.signed_a_by, l.signed_a_ms, l.signed_b_by, l.signed_b_ms," \
    " l.issued_by, l.issued_ms, l.version"
#define SCORING_LETTER_FROM \
    "letter l LEFT JOIN sf_org_node a ON a.code = l.party_a LEFT JOIN sf_org_node b ON b.code = l.party_b"

//  A letter built on the heap from row of rows, without its targets (sf_pb_destroy frees it).
Scoring__Letter *scoring_letter_from_row (sf_rows_t *rows, int row);

//  Reads the targets of count letters (in one query). 0 or -1 (db error).
int scoring_letter_add_targets (sf_db_t *db, Scoring__Letter **letters, size_t count);

//  The letter of id (when id > 0) or number, with its targets; FOR UPDATE when lock.
//  1 found (*letter set), 0 none, -1 db error.
int scoring_letter_find (sf_db_t *db, int64_t id, const char *number, bool lock, Scoring__Letter **letter);

//  Fails call (invalid_argument, zh+en) when year lies outside 2000..2100. true when fine.
bool scoring_letter_year_ok (sf_call_t *call, int32_t year);

//  Fails call when level is not a LetterLevel (invalid_argument); unspecified is refused
//  unless allow_any. true when fine.
bool scoring_letter_level_ok (sf_call_t *call, int level, bool allow_any);

//  Fails call when code is not an active plant or company of the org copy (not_found /
//  invalid_argument: a company stands for its own units that are no plant's) or on a db
//  error. true when it is one.
bool scoring_letter_plant_ok (sf_call_t *call, const char *code);

//  Who may sign side of letter: 1 the account of scope may, 0 it may not (*why, *roles: the
//  refusal's text and the roles it names, a static or "" when none), -1 on a db error. Side A:
//  a grant holding one of letter_level.a_roles covering party A. Side B: a person signs only
//  with their own account (its employee is party B); a unit, a grant holding one of b_roles
//  covering it. roles gets at most size-1 bytes.
int scoring_letter_may_sign (sf_db_t *db, const sf_scope_t *scope, const Scoring__Letter *letter,
                             Scoring__LetterSide side, const sf_text_t **why, char *roles, size_t size);

//  The coverage of plant's year without its gaps: expected, signed, percent, per level.
//  0 or -1 (db error).
int scoring_letter_coverage_count (sf_db_t *db, const char *plant, int32_t year, Scoring__Coverage *coverage);

//  The handlers (sf_handler_fn) and the units a letter belongs to (both parties).
sf_handler_fn scoring_letter_template_set;
sf_handler_fn scoring_letter_template_get;
sf_handler_fn scoring_letter_issue;
sf_handler_fn scoring_letter_sign;
sf_handler_fn scoring_letter_get;
sf_handler_fn scoring_letter_list;
sf_handler_fn scoring_letter_coverage;
sf_scope_of_fn scoring_letter_parties;

#endif
