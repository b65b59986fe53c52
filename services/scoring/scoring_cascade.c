/*  scoring_cascade: joint liability, level by level.                                       */
#include "scoring_cascade.h"
#include "sf_log.h"
#include "sf_org.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int64_t
scoring_cascade_points (int64_t points, double factor)
{
    //  factor in ten-thousandths, rounded to the nearest (no libm: factor is within 0..1).
    int64_t ten_thousandths = (int64_t) (factor * 10000 + 0.5);
    int64_t product = points * ten_thousandths;
    int64_t whole = product / 10000, rest = product % 10000;
    if (rest >= 5000)
        whole++;
    else
    if (rest <= -5000)
        whole--;
    return whole;
}

//  The employee code of the leader holding role on exactly unit (an account not disabled),
//  the smallest, not person: into leader ("" when none). 0, or -1 on a db error.
static int
s_leader (sf_db_t *db, const char *role, const char *unit, const char *person, char leader [33])
{
    const char *values [] = { role, unit, person };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT a.employee_code FROM sf_org_account a JOIN sf_org_grant g ON g.login = a.login"
        " WHERE NOT a.disabled AND g.role = $1 AND g.node_code = $2 AND a.employee_code <> ''"
        "   AND a.employee_code <> $3 ORDER BY a.employee_code LIMIT 1", 3, values);
    if (!rows)
        return -1;
    snprintf (leader, 33, "%s", sf_rows_count (rows)? sf_rows_text (rows, 0, 0): "");
    sf_rows_destroy (&rows);
    return 0;
}

int
scoring_cascade_apply (sf_db_t *db, int64_t parent_id, const scoring_entry_input_t *parent,
                       const char *kind_zh, const char *kind_en, const char *fallback_zone)
{
    const scoring_subject_t *person = parent->subject;
    char version [24];
    snprintf (version, sizeof version, "%" PRId64, parent->rule_version);
    const char *values [] = { version };
    sf_rows_t *levels = sf_db_query (db,
        "SELECT level, unit_kind, role, factor::float8 FROM cascade_level WHERE version = $1::bigint ORDER BY level",
        1, values);
    if (!levels)
        return -1;
    sf_org_node_t node;
    int named = sf_org_find (db, person->code, &node);
    if (named < 0) {
        sf_rows_destroy (&levels);
        return -1;
    }
    const char *name_zh = named? node.name_zh: person->code, *name_en = named? node.name_en: person->code;
    int written = 0;
    for (int row = 0; row < sf_rows_count (levels) && written >= 0; row++) {
        int level = (int) sf_rows_int (levels, row, 0);
        const char *unit_kind = sf_rows_text (levels, row, 1), *role = sf_rows_text (levels, row, 2);
        double factor = strtod (sf_rows_text (levels, row, 3), NULL);
        const char *unit = strcmp (unit_kind, "team") == 0? person->team_code:
                           strcmp (unit_kind, "department") == 0? person->department_code: person->plant_code;
        int64_t points = scoring_cascade_points (parent->points, factor);
        if (!*unit || points == 0)
            continue;
        char leader [33];
        scoring_subject_t subject;
        int found = s_leader (db, role, unit, person->code, leader);
        if (found == 0)
            found = *leader? scoring_subject_find (db, leader, &subject): 0;
        bool by_unit = found == 0;
        if (by_unit)
            found = scoring_subject_find (db, unit, &subject);
        //  A subject of the person's plant has the person's zone: no second look-up.
        char zone [64];
        bool same_plant = found > 0 && parent->time_zone && strcmp (subject.plant_code, person->plant_code) == 0;
        if (same_plant)
            snprintf (zone, sizeof zone, "%s", parent->time_zone);
        if (found < 0 || (found && !same_plant
                          && scoring_plant_zone (db, subject.plant_code, fallback_zone, zone, sizeof zone))) {
            written = -1;
            break;
        }
        if (!found)
            continue;           //  the unit is not in the copy: the person's subject named it, so never
        char *reason_zh = NULL, *reason_en = NULL;
        if (asprintf (&reason_zh, "连带：%s %s%s%s%s", name_zh, kind_zh, by_unit? "（无人担任": "",
                      by_unit? role: "", by_unit? "，由单位承担）": "") < 0
         || asprintf (&reason_en, "Joint liability: %s %s%s%s%s", name_en, kind_en,
                      by_unit? " (no leader holds the role ": "", by_unit? role: "", by_unit? ": the unit bears it)": "") < 0)
            abort ();
        scoring_entry_input_t input = *parent;
        input.subject = &subject;
        input.points = points;
        input.origin = SCORING__ENTRY_ORIGIN__ORIGIN_CASCADE;
        input.parent_entry_id = parent_id;
        input.cascade_level = level;
        input.factor = factor;
        input.reason_zh = reason_zh;
        input.reason_en = reason_en;
        input.time_zone = zone;
        int64_t id = scoring_entry_add (db, &input);
        free (reason_zh);
        free (reason_en);
        if (id < 0)
            written = -1;
        else
        if (id > 0) {
            written++;
            sf_info ("entry %" PRId64 ": level %d of entry %" PRId64 " (%s) to %s %s, %" PRId64 " centipoints",
                     id, level, parent_id, parent->kind, by_unit? "unit": "leader", subject.code, points);
        }
    }
    sf_rows_destroy (&levels);
    return written;
}
