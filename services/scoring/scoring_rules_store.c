/*  scoring_rules_store: rule sets in their tables.                                         */
#include "scoring_rules_store.h"
#include "scoring_rules_messages.h"
#include "sf_pb.h"
#include "sf_roles.h"
#include "sf_utf8.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
scoring_rule_current (sf_db_t *db, const char *kind, scoring_rule_t *rule)
{
    memset (rule, 0, sizeof *rule);
    snprintf (rule->kind, sizeof rule->kind, "%s", kind);
    const char *values [] = { kind };
    sf_rows_t *rows = sf_db_query (db,
        "WITH v AS (SELECT coalesce (max (version), 0) AS version FROM rule_version)"
        " SELECT v.version, r.kind IS NOT NULL AND k.code IS NOT NULL, coalesce (r.person_points, 0),"
        "  coalesce (r.unit_points, 0), coalesce (r.item_cap, 0), coalesce (r.cascade, false),"
        "  coalesce (k.name_zh, $1), coalesce (k.name_en, $1)"
        " FROM v LEFT JOIN rule r ON r.version = v.version AND r.kind = $1"
        " LEFT JOIN event_kind k ON k.code = $1", 1, values);
    if (!rows)
        return -1;
    rule->version = sf_rows_int (rows, 0, 0);
    int found = sf_rows_bool (rows, 0, 1);
    rule->person_points = sf_rows_int (rows, 0, 2);
    rule->unit_points = sf_rows_int (rows, 0, 3);
    rule->item_cap = (int) sf_rows_int (rows, 0, 4);
    rule->cascade = sf_rows_bool (rows, 0, 5);
    snprintf (rule->name_zh, sizeof rule->name_zh, "%s", sf_rows_text (rows, 0, 6));
    snprintf (rule->name_en, sizeof rule->name_en, "%s", sf_rows_text (rows, 0, 7));
    sf_rows_destroy (&rows);
    return found;
}

int64_t
scoring_rules_version (sf_db_t *db)
{
    sf_rows_t *rows = sf_db_query (db, "SELECT coalesce (max (version), 0) FROM rule_version", 0, NULL);
    if (!rows)
        return -1;
    int64_t version = sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    return version;
}

//  The rows of sql ($1 the version) into set through fill; 0 or -1.
static int
s_read_part (sf_db_t *db, const char *sql, const char *version, Scoring__RuleSet *set,
             void (*fill) (Scoring__RuleSet *set, sf_rows_t *rows, int row))
{
    const char *values [] = { version };
    sf_rows_t *rows = sf_db_query (db, sql, 1, values);
    if (!rows)
        return -1;
    for (int row = 0; row < sf_rows_count (rows); row++)
        fill (set, rows, row);
    sf_rows_destroy (&rows);
    return 0;
}

static void
s_fill_rule (Scoring__RuleSet *set, sf_rows_t *rows, int row)
{
    Scoring__Rule *rule = sf_pb_new (&scoring__rule__descriptor);
    int c = 0;
    sf_pb_set (&rule->kind, sf_rows_text (rows, row, c++));
    rule->person_points = sf_rows_int (rows, row, c++);
    rule->unit_points = sf_rows_int (rows, row, c++);
    rule->item_cap = (int32_t) sf_rows_int (rows, row, c++);
    rule->month_cap = sf_rows_int (rows, row, c++);
    rule->month_floor = sf_rows_int (rows, row, c++);
    rule->cascade = sf_rows_bool (rows, row, c++);
    sf_pb_set (&rule->note_zh, sf_rows_text (rows, row, c++));
    sf_pb_set (&rule->note_en, sf_rows_text (rows, row, c++));
    set->rules = realloc (set->rules, (set->n_rules + 1) * sizeof *set->rules);
    set->rules [set->n_rules++] = rule;
}

static void
s_fill_level (Scoring__RuleSet *set, sf_rows_t *rows, int row)
{
    Scoring__CascadeLevel *level = sf_pb_new (&scoring__cascade_level__descriptor);
    level->level = (int32_t) sf_rows_int (rows, row, 0);
    sf_pb_set (&level->unit_kind, sf_rows_text (rows, row, 1));
    sf_pb_set (&level->role, sf_rows_text (rows, row, 2));
    level->factor = strtod (sf_rows_text (rows, row, 3), NULL);
    set->cascade = realloc (set->cascade, (set->n_cascade + 1) * sizeof *set->cascade);
    set->cascade [set->n_cascade++] = level;
}

static void
s_fill_tier (Scoring__RuleSet *set, sf_rows_t *rows, int row)
{
    Scoring__Tier *tier = sf_pb_new (&scoring__tier__descriptor);
    sf_pb_set (&tier->subject, sf_rows_text (rows, row, 0));
    sf_pb_set (&tier->code, sf_rows_text (rows, row, 1));
    tier->min_points = sf_rows_int (rows, row, 2);
    sf_pb_set (&tier->name_zh, sf_rows_text (rows, row, 3));
    sf_pb_set (&tier->name_en, sf_rows_text (rows, row, 4));
    tier->amount_yuan = sf_rows_int (rows, row, 5);
    set->tiers = realloc (set->tiers, (set->n_tiers + 1) * sizeof *set->tiers);
    set->tiers [set->n_tiers++] = tier;
}

int
scoring_rules_read (sf_db_t *db, int64_t version, Scoring__RuleSet **set)
{
    *set = NULL;
    char wanted [24];
    snprintf (wanted, sizeof wanted, "%" PRId64, version);
    const char *values [] = { wanted };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT version, created_ms, created_by, note FROM rule_version"
        " WHERE version = CASE WHEN $1::bigint = 0 THEN (SELECT max (version) FROM rule_version) ELSE $1::bigint END",
        1, values);
    if (!rows)
        return -1;
    if (sf_rows_count (rows) == 0) {
        sf_rows_destroy (&rows);
        return 0;
    }
    Scoring__RuleSet *read = sf_pb_new (&scoring__rule_set__descriptor);
    read->version = sf_rows_int (rows, 0, 0);
    read->created_ms = sf_rows_int (rows, 0, 1);
    sf_pb_set (&read->created_by, sf_rows_text (rows, 0, 2));
    sf_pb_set (&read->note, sf_rows_text (rows, 0, 3));
    sf_rows_destroy (&rows);
    char found [24];
    snprintf (found, sizeof found, "%" PRId64, read->version);
    if (s_read_part (db, "SELECT kind, person_points, unit_points, item_cap, month_cap, month_floor, cascade,"
                         " note_zh, note_en FROM rule WHERE version = $1::bigint ORDER BY kind", found, read, s_fill_rule)
     || s_read_part (db, "SELECT level, unit_kind, role, factor::text FROM cascade_level"
                         " WHERE version = $1::bigint ORDER BY level", found, read, s_fill_level)
     || s_read_part (db, "SELECT subject, code, min_points, name_zh, name_en, amount_yuan FROM tier"
                         " WHERE version = $1::bigint ORDER BY subject, min_points", found, read, s_fill_tier)) {
        sf_pb_destroy (&read);
        return -1;
    }
    *set = read;
    return 1;
}

//  Refuses with why and what; returns 1.
static int
s_refuse (const sf_text_t **why, const sf_text_t *text, char *what, size_t size, const char *arg)
{
    *why = text;
    snprintf (what, size, "%s", arg);
    return 1;
}

//  factor within 0..1 with at most 4 decimals (not NaN).
static bool
s_factor_ok (double factor)
{
    if (!(factor >= 0 && factor <= 1))          //  NaN too
        return false;
    double scaled = factor * 10000, off = scaled - (double) (int64_t) (scaled + 0.5);
    return off < 1e-6 && off > -1e-6;
}

//  ^[a-z][a-z0-9_]{0,31}$ (the tier table's CHECK).
static bool
s_tier_code_ok (const char *code)
{
    size_t length = strlen (code);
    if (length == 0 || length > 32 || code [0] < 'a' || code [0] > 'z')
        return false;
    for (size_t i = 1; i < length; i++)
        if (!((code [i] >= 'a' && code [i] <= 'z') || (code [i] >= '0' && code [i] <= '9') || code [i] == '_'))
            return false;
    return true;
}

static bool
s_one_of (const char *text, const char *const *list)
{
    for (; *list; list++)
        if (strcmp (text, *list) == 0)
            return true;
    return false;
}

int
scoring_rules_check (sf_db_t *db, const Scoring__RuleSet *set, const sf_text_t **why, char *what, size_t size)
{
    for (size_t i = 0; i < set->n_rules; i++) {
        const Scoring__Rule *rule = set->rules [i];
        const char *values [] = { rule->kind };
        sf_rows_t *rows = sf_db_query (db, "SELECT 1 FROM event_kind WHERE code = $1", 1, values);
        if (!rows)
            return -1;
        int known = sf_rows_count (rows);
        sf_rows_destroy (&rows);
        if (!known)
            return s_refuse (why, &SCORING_RULES_MSG_KIND_UNKNOWN, what, size, rule->kind);
        for (size_t j = 0; j < i; j++)
            if (strcmp (set->rules [j]->kind, rule->kind) == 0)
                return s_refuse (why, &SCORING_RULES_MSG_KIND_TWICE, what, size, rule->kind);
        if (rule->month_cap < 0)
            return s_refuse (why, &SCORING_RULES_MSG_MONTH_CAP, what, size, rule->kind);
        if (rule->month_floor > 0)
            return s_refuse (why, &SCORING_RULES_MSG_MONTH_FLOOR, what, size, rule->kind);
        if (rule->item_cap < 0)
            return s_refuse (why, &SCORING_RULES_MSG_ITEM_CAP, what, size, rule->kind);
    }
    static const char *const unit_kinds [] = { "team", "department", "plant", NULL };
    bool in_order = true;
    char levels [200] = "";
    for (size_t i = 0; i < set->n_cascade; i++) {
        const Scoring__CascadeLevel *level = set->cascade [i];
        char number [16];
        snprintf (number, sizeof number, "%d", (int) level->level);
        if (level->level != (int32_t) i + 1)
            in_order = false;
        size_t used = strlen (levels);
        snprintf (levels + used, sizeof levels - used, "%s%s", i? ",": "", number);
        if (!s_one_of (level->unit_kind, unit_kinds))
            return s_refuse (why, &SCORING_RULES_MSG_UNIT_KIND, what, size, level->unit_kind);
        if (!sf_role_known (level->role))
            return s_refuse (why, &SCORING_RULES_MSG_ROLE, what, size, level->role);
        if (!s_factor_ok (level->factor))
            return s_refuse (why, &SCORING_RULES_MSG_FACTOR, what, size, number);
    }
    if (!in_order)
        return s_refuse (why, &SCORING_RULES_MSG_LEVELS, what, size, levels);
    static const char *const subjects [] = { "person", "team", "department", "plant", NULL };
    for (size_t i = 0; i < set->n_tiers; i++) {
        const Scoring__Tier *tier = set->tiers [i];
        char pair [128];
        if (!s_one_of (tier->subject, subjects))
            return s_refuse (why, &SCORING_RULES_MSG_TIER_SUBJECT, what, size, tier->subject);
        if (!s_tier_code_ok (tier->code))
            return s_refuse (why, &SCORING_RULES_MSG_TIER_CODE, what, size, tier->code);
        snprintf (pair, sizeof pair, "%s:%s", tier->subject, tier->code);
        if (sf_utf8_blank (tier->name_zh) || sf_utf8_blank (tier->name_en))
            return s_refuse (why, &SCORING_RULES_MSG_TIER_NAME, what, size, pair);
        for (size_t j = 0; j < i; j++) {
            const Scoring__Tier *other = set->tiers [j];
            if (strcmp (other->subject, tier->subject))
                continue;
            if (strcmp (other->code, tier->code) == 0) {
                snprintf (pair, sizeof pair, "%s:%s", tier->subject, tier->code);
                return s_refuse (why, &SCORING_RULES_MSG_TIER_CODE_TWICE, what, size, pair);
            }
            if (other->min_points == tier->min_points) {
                snprintf (pair, sizeof pair, "%s:%" PRId64, tier->subject, tier->min_points);
                return s_refuse (why, &SCORING_RULES_MSG_TIER_MIN_TWICE, what, size, pair);
            }
        }
    }
    return 0;
}

int
scoring_rules_write (sf_db_t *db, const Scoring__RuleSet *set, const char *created_by, int64_t now_ms,
                     int64_t *version)
{
    char now [24];
    snprintf (now, sizeof now, "%" PRId64, now_ms);
    const char *head [] = { now, created_by? created_by: "", set->note? set->note: "" };
    //  The table is locked for the count: two sets at once would read the same max.
    sf_rows_t *rows = sf_db_exec (db, "LOCK TABLE rule_version IN EXCLUSIVE MODE", 0, NULL) < 0? NULL:
        sf_db_query (db,
        "INSERT INTO rule_version (version, created_ms, created_by, note)"
        " SELECT coalesce (max (version), 0) + 1, $1::bigint, $2, $3 FROM rule_version RETURNING version", 3, head);
    if (!rows)
        return -1;
    *version = sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    char number [24];
    snprintf (number, sizeof number, "%" PRId64, *version);
    for (size_t i = 0; i < set->n_rules; i++) {
        const Scoring__Rule *rule = set->rules [i];
        char person [24], unit [24], item [16], cap [24], floor [24];
        snprintf (person, sizeof person, "%" PRId64, rule->person_points);
        snprintf (unit, sizeof unit, "%" PRId64, rule->unit_points);
        snprintf (item, sizeof item, "%d", (int) rule->item_cap);
        snprintf (cap, sizeof cap, "%" PRId64, rule->month_cap);
        snprintf (floor, sizeof floor, "%" PRId64, rule->month_floor);
        const char *values [] = { number, rule->kind, person, unit, item, cap, floor, rule->cascade? "t": "f",
                                  rule->note_zh, rule->note_en };
        if (sf_db_exec (db, "INSERT INTO rule (version, kind, person_points, unit_points, item_cap, month_cap,"
                            " month_floor, cascade, note_zh, note_en) VALUES ($1::bigint, $2, $3::bigint, $4::bigint,"
                            " $5::integer, $6::bigint, $7::bigint, $8::boolean, $9, $10)", 10, values) < 0)
            return -1;
    }
    for (size_t i = 0; i < set->n_cascade; i++) {
        const Scoring__CascadeLevel *level = set->cascade [i];
        char at [16], factor [32];
        snprintf (at, sizeof at, "%d", (int) level->level);
        snprintf (factor, sizeof factor, "%.4f", level->factor);
        const char *values [] = { number, at, level->unit_kind, level->role, factor };
        if (sf_db_exec (db, "INSERT INTO cascade_level (version, level, unit_kind, role, factor)"
                            " VALUES ($1::bigint, $2::smallint, $3, $4, $5::numeric)", 5, values) < 0)
            return -1;
    }
    for (size_t i = 0; i < set->n_tiers; i++) {
        const Scoring__Tier *tier = set->tiers [i];
        char min [24], amount [24];
        snprintf (min, sizeof min, "%" PRId64, tier->min_points);
        snprintf (amount, sizeof amount, "%" PRId64, tier->amount_yuan);
        const char *values [] = { number, tier->subject, tier->code, min, tier->name_zh, tier->name_en, amount };
        if (sf_db_exec (db, "INSERT INTO tier (version, subject, code, min_points, name_zh, name_en, amount_yuan)"
                            " VALUES ($1::bigint, $2, $3, $4::bigint, $5, $6, $7::bigint)", 7, values) < 0)
            return -1;
    }
    return 0;
}
