/*  scoring_cascade_test: joint liability (scoring_cascade.c) on the real schema: points ×
    factor rounded half away from zero, exactly; a person's penalty to the team leader (0.5)
    and the department head (0.2), with the level, factor, parent and reason; rewards cascade
    positive; a leader's own penalty does not cascade to themself: the team bears it; with the
    leader's account disabled the team itself bears it, said in the reason; a replay writes
    no second cascade.                                                                      */
#include "scoring_score_test_fixture.h"
#include "scoring_cascade.h"
#include "inspection.pb-c.h"

static int
s_violation (const char *id, Inspection__ViolationType type, const char *person)
{
    Inspection__Violation violation = INSPECTION__VIOLATION__INIT;
    violation.number = (char *) id;
    violation.type = type;
    violation.person_code = (char *) person;
    violation.unit_code = (char *) "fsTS";
    violation.occurred_ms = FS_T0;
    return fs_apply (scoring_inspection_apply, id, "inspection.violation_recorded", FS_T0, &violation.base);
}

int
main (void)
{
    SF_CHECK (scoring_cascade_points (-1000, 0.5) == -500);
    SF_CHECK (scoring_cascade_points (-1000, 0.2) == -200);
    SF_CHECK (scoring_cascade_points (-5, 0.5) == -3);
    SF_CHECK (scoring_cascade_points (5, 0.5) == 3);
    SF_CHECK (scoring_cascade_points (-4, 0.5) == -2);
    SF_CHECK (scoring_cascade_points (1, 0.4999) == 0);
    SF_CHECK (scoring_cascade_points (3, 0.1667) == 1);
    SF_CHECK (scoring_cascade_points (-300, 0.0001) == 0);
    SF_CHECK (scoring_cascade_points (100, 1) == 100 && scoring_cascade_points (100, 0) == 0);

    fs_open ("scoring_cascade");
    SF_CHECK (s_violation ("ev-c1", INSPECTION__VIOLATION_TYPE__VIOLATION_ILLEGAL_OPERATION, "fsE1") == 0);
    char text [600];
    fs_text ("SELECT string_agg (subject_code || ':' || subject_kind || ':' || points || ':' || origin || ':' ||"
             " cascade_level || ':' || factor || ':' || (parent_entry_id IS NOT NULL) || ':' || kind, ','"
             " ORDER BY cascade_level) FROM entry WHERE source_key = $1", "ev-c1", text, sizeof text);
    SF_CHECK_STR (text, "fsE1:1:-500:1:0:0.0000:false:violation.operation,"
                        "fsL:1:-250:2:1:0.5000:true:violation.operation,"
                        "fsH:1:-100:2:2:0.2000:true:violation.operation");
    fs_text ("SELECT reason_zh || ' / ' || reason_en FROM entry WHERE source_key = 'ev-c1' AND cascade_level = 1"
             " AND subject_code = $1", "fsL", text, sizeof text);
    SF_CHECK_STR (text, "连带：张三 三违：违章作业 / Joint liability: Zhang San Three violations: illegal operation");
    SF_CHECK (fs_scalar ("SELECT count (*) FROM entry c JOIN entry p ON p.id = c.parent_entry_id"
                         " WHERE c.source_key = $1 AND p.cascade_level = 0 AND p.subject_code = 'fsE1'", "ev-c1") == 2);
    //  A replay: nothing more.
    SF_CHECK (s_violation ("ev-c1", INSPECTION__VIOLATION_TYPE__VIOLATION_ILLEGAL_OPERATION, "fsE1") == 0);
    SF_CHECK (fs_scalar ("SELECT count (*) FROM entry WHERE source_key = $1", "ev-c1") == 3);

    //  The leader's own penalty: no other team leader, so the team bears level 1.
    SF_CHECK (s_violation ("ev-c2", INSPECTION__VIOLATION_TYPE__VIOLATION_DISCIPLINE, "fsL") == 0);
    fs_text ("SELECT string_agg (subject_code || ':' || subject_kind || ':' || points, ',' ORDER BY cascade_level)"
             " FROM entry WHERE source_key = $1", "ev-c2", text, sizeof text);
    SF_CHECK_STR (text, "fsL:1:-300,fsT:2:-150,fsH:1:-60");

    //  The leader's account disabled: the team bears it, and the reason says why.
    fs_exec ("UPDATE sf_org_account SET disabled = true WHERE login = 'fs.leader'");
    SF_CHECK (s_violation ("ev-c3", INSPECTION__VIOLATION_TYPE__VIOLATION_ILLEGAL_COMMAND, "fsE2") == 0);
    fs_text ("SELECT subject_kind || ':' || points || ':' || reason_en FROM entry WHERE source_key = 'ev-c3'"
             " AND cascade_level = 1 AND subject_code = $1", "fsT", text, sizeof text);
    printf ("no leader: %s\n", text);
    SF_CHECK (strncmp (text, "2:-500:Joint liability: Li Si ", 30) == 0 && strstr (text, "team_leader"));
    fs_text ("SELECT reason_zh FROM entry WHERE source_key = 'ev-c3' AND cascade_level = 1 AND subject_code = $1",
             "fsT", text, sizeof text);
    SF_CHECK (strstr (text, "无人担任team_leader"));
    SF_CHECK (fs_entries ("fsL", NULL) == 2);

    fs_close ();
    printf ("scoring_cascade_test: ok\n");
    return 0;
}
