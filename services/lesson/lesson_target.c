/*  lesson_target: targets and their reasons, in three statements whatever the number of
    units: the named units checked in one, the matching items of every unit in the scope's
    subtree ranked in one (at most LESSON_TARGET_REASONS_MAX rows a target, with the count of
    all), the limit in one.                                                                 */
#include "lesson_target.h"
#include "sf_db.h"
#include "sf_org.h"
#include "sf_pb.h"

#include <czmq.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const sf_text_t s_unknown_unit = { "未知单位：%s", "unknown unit %s" };
static const sf_text_t s_inactive_unit = { "单位 %s 已停用，不能作为发布对象", "unit %s is not active: it cannot be a target" };
static const sf_text_t s_bad_kind = { "%s 不是部门、班组或岗位，不能作为发布对象",
                                      "%s is not a department, team or post: it cannot be a target" };
static const sf_text_t s_outside = { "单位 %s 不在事故教训的范围 %s 之内", "unit %s lies outside the lesson's scope %s" };
static const sf_text_t s_none = { "没有发布对象：请指定单位，或确认有危险源辨识清单符合本教训的标签和因素",
                                  "no unit is targeted: name units, or no hazard list matches the lesson's tags and factors" };
static const sf_text_t s_too_many = { "发布对象有 %d 个，超过上限 %d 个：请缩小范围或分批发布",
                                      "%d targets exceed the limit of %d: narrow the scope or publish in parts" };

#define S_TEXT_(x) #x
#define S_TEXT(x) S_TEXT_ (x)

//  The active subtree of $1 (the lesson's scope unit).
#define S_SCOPE_SQL \
    "WITH RECURSIVE sub (code) AS (SELECT code FROM sf_org_node WHERE code = $1 AND active" \
    " UNION SELECT n.code FROM sf_org_node n JOIN sub s ON n.parent_code = s.code WHERE n.active)"

//  A keyword as an ILIKE pattern matching it anywhere, its wildcards taken literally.
#define S_KEYWORD_PATTERN(k) \
    "'%' || replace (replace (replace (" k ", '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'"

//  $1 scope unit, $2 tags, $3 factors ('{}': any), $4 the post kind. One row per reason kept,
//  ordered by target then rank; a post's item ranks after its team's own.
static const char *s_match_sql =
    S_SCOPE_SQL ","
    " latest AS (SELECT l.unit_code, max (l.year) AS year FROM unit_hazard_list l JOIN sub ON sub.code = l.unit_code"
    "   GROUP BY l.unit_code),"
    " hit AS (SELECT h.unit_code, h.item_id, h.seq, h.factor, h.hazard, h.accident_type, h.accident_type_zh,"
    "   h.accident_type_en, t.code AS tag, t.name_zh AS tag_zh, t.name_en AS tag_en,"
    "   CASE WHEN h.accident_type = ANY (t.accident_types) THEN 'accident_type' ELSE 'keyword:' ||"
    "     (SELECT w.k FROM unnest (t.keywords) WITH ORDINALITY AS w (k, i) WHERE h.hazard ILIKE " S_KEYWORD_PATTERN ("w.k")
    "      ORDER BY w.i LIMIT 1) END AS matched_by"
    "   FROM latest JOIN unit_hazard h ON h.unit_code = latest.unit_code AND h.year = latest.year"
    "   JOIN lesson_tag t ON t.code = ANY ($2::text[])"
    "   WHERE (cardinality ($3::smallint[]) = 0 OR h.factor = ANY ($3::smallint[]))"
    "     AND (h.accident_type = ANY (t.accident_types)"
    "          OR EXISTS (SELECT 1 FROM unnest (t.keywords) k WHERE h.hazard ILIKE " S_KEYWORD_PATTERN ("k") "))),"
    " placed AS (SELECT CASE WHEN u.kind = $4::smallint THEN u.parent_code ELSE u.code END AS target, u.kind,"
    "   u.name_zh AS unit_zh, u.name_en AS unit_en, hit.* FROM hit JOIN sf_org_node u ON u.code = hit.unit_code),"
    " ranked AS (SELECT p.*, row_number () OVER (PARTITION BY p.target"
    "     ORDER BY p.unit_code <> p.target, p.unit_code, p.seq, p.item_id, p.tag) AS rank,"
    "   count (*) OVER (PARTITION BY p.target) AS reasons"
    "   FROM placed p JOIN sub ON sub.code = p.target)"
    " SELECT r.target, n.name_zh, coalesce (n.plant_code, ''), r.reasons, r.unit_code, r.kind, r.unit_zh, r.unit_en,"
    "   r.item_id, r.seq, r.factor, r.hazard, r.accident_type, r.accident_type_zh, r.accident_type_en, r.tag,"
    "   r.tag_zh, r.tag_en, r.matched_by"
    " FROM ranked r JOIN sf_org_node n ON n.code = r.target"
    " WHERE r.rank <= " S_TEXT (LESSON_TARGET_REASONS_MAX) " ORDER BY r.target, r.rank";

//  $1 scope unit, $2 the named units: each with what is known of it, in the request's order.
static const char *s_named_sql =
    S_SCOPE_SQL
    " SELECT u.code, n.code IS NOT NULL, coalesce (n.active, false), coalesce (n.kind, 0),"
    "   EXISTS (SELECT 1 FROM sub WHERE sub.code = u.code), coalesce (n.name_zh, ''), coalesce (n.plant_code, '')"
    " FROM unnest ($2::text[]) WITH ORDINALITY AS u (code, i) LEFT JOIN sf_org_node n ON n.code = u.code"
    " ORDER BY u.i";

static const char *
s_kind_zh (int kind)
{
    return kind == SF_ORG_DEPARTMENT? "部门": kind == SF_ORG_TEAM? "班组": kind == SF_ORG_POST? "岗位": "单位";
}

static const char *
s_kind_en (int kind)
{
    return kind == SF_ORG_DEPARTMENT? "department": kind == SF_ORG_TEAM? "team": kind == SF_ORG_POST? "post": "unit";
}

void
lesson_target_reason_text (Lesson__MatchReason *reason, int kind, const char *unit_zh, const char *unit_en,
                           int seq, const char *type_zh, const char *type_en, const char *tag_zh, const char *tag_en)
{
    if (reason->explicit_) {
        sf_pb_set (&reason->reason_zh, "发布时指定的单位");
        sf_pb_set (&reason->reason_en, "named by the publisher");
        return;
    }
    const char *keyword = strncmp (reason->matched_by, "keyword:", 8) == 0? reason->matched_by + 8: NULL;
    char *zh_keyword = NULL, *en_keyword = NULL, *zh = NULL, *en = NULL;
    if (asprintf (&zh_keyword, keyword? "（关键词“%s”）": "%s", keyword? keyword: "") < 0
    ||  asprintf (&en_keyword, keyword? " (keyword \"%s\")": "%s", keyword? keyword: "") < 0
    ||  asprintf (&zh, "%s“%s”的危险源辨识清单第%d项“%s”（%s）符合标签“%s”%s", s_kind_zh (kind), unit_zh,
                  seq, reason->hazard, *type_zh? type_zh: reason->accident_type, tag_zh, zh_keyword) < 0
    ||  asprintf (&en, "item %d of %s %s's hazard list, \"%s\" (%s), matches tag %s%s", seq,
                  s_kind_en (kind), *unit_en? unit_en: unit_zh, reason->hazard, *type_en? type_en: reason->accident_type,
                  *tag_en? tag_en: reason->tag, en_keyword) < 0)
        abort ();
    sf_pb_set (&reason->reason_zh, zh);
    sf_pb_set (&reason->reason_en, en);
    free (zh), free (en), free (zh_keyword), free (en_keyword);
}

//  The target of code in the set, made (named name, of plant) when new.
static Lesson__Target *
s_target (zhashx_t *set, const char *code, const char *name, const char *plant)
{
    Lesson__Target *target = zhashx_lookup (set, code);
    if (!target) {
        target = sf_pb_new (&lesson__target__descriptor);
        sf_pb_set (&target->unit_code, code);
        sf_pb_set (&target->unit_name, name);
        sf_pb_set (&target->plant_code, plant);
        zhashx_insert (set, code, target);
    }
    return target;
}

//  The named units into set, each checked. 0, or -1 with the call failed.
static int
s_named (sf_call_t *call, const Lesson__Lesson *lesson, char *const *units, size_t count, zhashx_t *set)
{
    if (count == 0)
        return 0;
    char *array = sf_db_array_literal (units, count);
    const char *values [] = { lesson->input->scope_unit, array };
    sf_rows_t *rows = sf_db_query (call->db, s_named_sql, 2, values);
    free (array);
    if (!rows) {
        sf_call_fail_db (call, "reading the named units");
        return -1;
    }
    int rc = 0;
    for (int row = 0; row < sf_rows_count (rows) && rc == 0; row++) {
        const char *code = sf_rows_text (rows, row, 0);
        int kind = (int) sf_rows_int (rows, row, 3);
        if (!sf_rows_bool (rows, row, 1))
            sf_call_fail (call, SF_NOT_FOUND, &s_unknown_unit, code);
        else
        if (!sf_rows_bool (rows, row, 2))
            sf_call_fail (call, SF_INVALID_ARGUMENT, &s_inactive_unit, code);
        else
        if (kind != SF_ORG_DEPARTMENT && kind != SF_ORG_TEAM && kind != SF_ORG_POST)
            sf_call_fail (call, SF_INVALID_ARGUMENT, &s_bad_kind, code);
        else
        if (!sf_rows_bool (rows, row, 4))
            sf_call_fail (call, SF_INVALID_ARGUMENT, &s_outside, code, lesson->input->scope_unit);
        else {
            Lesson__Target *target = s_target (set, code, sf_rows_text (rows, row, 5), sf_rows_text (rows, row, 6));
            if (target->n_reasons == 0) {
                Lesson__MatchReason *reason = sf_pb_add (&target->reasons, &target->n_reasons,
                                                         &lesson__match_reason__descriptor);
                reason->explicit_ = true;
                sf_pb_set (&reason->hazard_unit, code);
                lesson_target_reason_text (reason, kind, "", "", 0, "", "", "", "");
                target->reason_count = 1;
            }
            continue;
        }
        rc = -1;
    }
    sf_rows_destroy (&rows);
    return rc;
}

//  The matching units into set, with their reasons. 0, or -1 with the call failed.
static int
s_matched (sf_call_t *call, const Lesson__Lesson *lesson, zhashx_t *set)
{
    const Lesson__LessonInput *in = lesson->input;
    int64_t factors [8];
    size_t n_factors = 0;
    for (size_t i = 0; i < in->n_factors && n_factors < 8; i++)
        factors [n_factors++] = in->factors [i];
    char *tags = sf_db_array_literal (in->tags, in->n_tags);
    char *factor_array = sf_db_int_array_literal (factors, n_factors);
    char post [8];
    snprintf (post, sizeof post, "%d", SF_ORG_POST);
    const char *values [] = { in->scope_unit, tags, factor_array, post };
    sf_rows_t *rows = sf_db_query (call->db, s_match_sql, 4, values);
    free (tags);
    free (factor_array);
    if (!rows) {
        sf_call_fail_db (call, "matching the hazard lists");
        return -1;
    }
    const char *last = NULL;
    for (int row = 0; row < sf_rows_count (rows); row++) {
        const char *code = sf_rows_text (rows, row, 0);
        Lesson__Target *target = s_target (set, code, sf_rows_text (rows, row, 1), sf_rows_text (rows, row, 2));
        if (!last || strcmp (last, code) != 0)
            target->reason_count += (int32_t) sf_rows_int (rows, row, 3);
        last = code;
        if (target->n_reasons >= LESSON_TARGET_REASONS_MAX)
            continue;
        Lesson__MatchReason *reason = sf_pb_add (&target->reasons, &target->n_reasons, &lesson__match_reason__descriptor);
        sf_pb_set (&reason->hazard_unit, sf_rows_text (rows, row, 4));
        reason->hazard_item_id = sf_rows_int (rows, row, 8);
        reason->factor = (Inspection__Factor) sf_rows_int (rows, row, 10);
        sf_pb_set (&reason->hazard, sf_rows_text (rows, row, 11));
        sf_pb_set (&reason->accident_type, sf_rows_text (rows, row, 12));
        sf_pb_set (&reason->tag, sf_rows_text (rows, row, 15));
        sf_pb_set (&reason->matched_by, sf_rows_text (rows, row, 18));
        lesson_target_reason_text (reason, (int) sf_rows_int (rows, row, 5), sf_rows_text (rows, row, 6),
                                   sf_rows_text (rows, row, 7), (int) sf_rows_int (rows, row, 9),
                                   sf_rows_text (rows, row, 13), sf_rows_text (rows, row, 14),
                                   sf_rows_text (rows, row, 16), sf_rows_text (rows, row, 17));
    }
    sf_rows_destroy (&rows);
    return 0;
}

//  lesson_rule max_targets: > 0, or -1 with the call failed.
static int64_t
s_max_targets (sf_call_t *call)
{
    sf_rows_t *rows = sf_db_query (call->db, "SELECT value FROM lesson_rule WHERE name = 'max_targets'", 0, NULL);
    if (!rows || sf_rows_count (rows) != 1) {
        sf_rows_destroy (&rows);
        sf_call_fail_db (call, "reading lesson_rule max_targets");
        return -1;
    }
    int64_t max = sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    return max;
}

static int
s_by_code (const void *a, const void *b)
{
    return strcmp ((*(Lesson__Target *const *) a)->unit_code, (*(Lesson__Target *const *) b)->unit_code);
}

static void
s_target_destroy (void **item)
{
    sf_pb_destroy ((Lesson__Target **) item);
}

int
lesson_target_compute (sf_call_t *call, const Lesson__Lesson *lesson, char *const *units, size_t count,
                       bool match, Lesson__Targets **targets)
{
    zhashx_t *set = zhashx_new ();
    zhashx_set_destructor (set, s_target_destroy);
    int64_t max = -1;
    int rc = s_named (call, lesson, units, count, set);
    if (rc == 0 && match)
        rc = s_matched (call, lesson, set);
    if (rc == 0 && (max = s_max_targets (call)) < 0)
        rc = -1;
    if (rc == 0 && zhashx_size (set) == 0) {
        sf_call_fail (call, SF_FAILED_PRECONDITION, &s_none);
        rc = -1;
    }
    if (rc == 0 && (int64_t) zhashx_size (set) > max) {
        sf_call_fail (call, SF_FAILED_PRECONDITION, &s_too_many, (int) zhashx_size (set), (int) max);
        rc = -1;
    }
    if (rc == 0) {
        Lesson__Targets *result = sf_pb_new (&lesson__targets__descriptor);
        result->lesson_id = lesson->id;
        result->n_targets = zhashx_size (set);
        result->targets = calloc (result->n_targets, sizeof *result->targets);
        size_t at = 0;
        //  The set gives its targets up to the result.
        zhashx_set_destructor (set, NULL);
        for (Lesson__Target *target = zhashx_first (set); target; target = zhashx_next (set))
            result->targets [at++] = target;
        qsort (result->targets, result->n_targets, sizeof *result->targets, s_by_code);
        *targets = result;
    }
    zhashx_destroy (&set);
    return rc;
}
