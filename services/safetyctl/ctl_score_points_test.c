/*  ctl_score_points: centipoints shown as points with the decimals they need, signed when
    asked, the most negative value included; points typed with at most two decimals read back
    exactly, anything else refused. scoring_names: every enum's code and Chinese name read
    back to its value, unknown words to unspecified, the subjects' wire words.              */
#include "ctl_score.h"
#include "scoring_names.h"
#include "sf_testkit.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static bool
s_shown (int64_t centipoints, bool signed_, const char *expected)
{
    char buffer [32];
    ctl_score_points (centipoints, signed_, buffer, sizeof buffer);
    return strcmp (buffer, expected) == 0;
}

static bool
s_read (const char *text, int64_t expected)
{
    int64_t centipoints = 42;
    return ctl_score_points_parse (text, &centipoints) == 0 && centipoints == expected;
}

static bool
s_refused (const char *text)
{
    int64_t centipoints = 42;
    return ctl_score_points_parse (text, &centipoints) == -1 && centipoints == 42;
}

static void
s_points (void)
{
    SF_CHECK (s_shown (0, false, "0"));
    SF_CHECK (s_shown (0, true, "0"));
    SF_CHECK (s_shown (-1000, false, "-10"));
    SF_CHECK (s_shown (2000, true, "+20"));
    SF_CHECK (s_shown (2000, false, "20"));
    SF_CHECK (s_shown (-250, false, "-2.50"));
    SF_CHECK (s_shown (5, true, "+0.05"));
    SF_CHECK (s_shown (-60, false, "-0.60"));
    SF_CHECK (s_shown (INT64_MIN, false, "-92233720368547758.08"));
    SF_CHECK (s_shown (INT64_MAX, true, "+92233720368547758.07"));

    SF_CHECK (s_read ("5", 500));
    SF_CHECK (s_read ("-5", -500));
    SF_CHECK (s_read ("+3", 300));
    SF_CHECK (s_read ("2.5", 250));
    SF_CHECK (s_read ("-0.25", -25));
    SF_CHECK (s_read ("0", 0));
    SF_CHECK (s_refused (""));
    SF_CHECK (s_refused (NULL));
    SF_CHECK (s_refused ("-"));
    SF_CHECK (s_refused ("1."));
    SF_CHECK (s_refused (".5"));
    SF_CHECK (s_refused ("1.234"));
    SF_CHECK (s_refused ("1,5"));
    SF_CHECK (s_refused ("5分"));
    SF_CHECK (s_refused ("99999999999999999999"));
}

static void
s_names (void)
{
    for (int level = 1; level <= 5; level++) {
        SF_CHECK ((int) scoring_letter_level_parse (scoring_letter_level_code (level)) == level);
        SF_CHECK ((int) scoring_letter_level_parse (scoring_letter_level_name_zh (level)) == level);
        SF_CHECK (strcmp (scoring_letter_level_name_en (level), "?") != 0);
    }
    SF_CHECK (scoring_letter_level_parse ("TEAM_MEMBER") == SCORING__LETTER_LEVEL__LEVEL_TEAM_MEMBER);
    SF_CHECK (scoring_letter_level_parse ("3") == SCORING__LETTER_LEVEL__LEVEL_DEPARTMENT_TEAM);
    SF_CHECK (scoring_letter_level_parse ("6") == 0);
    SF_CHECK (scoring_letter_level_parse ("boss") == 0);
    SF_CHECK (strcmp (scoring_letter_level_code (0), "?") == 0);
    SF_CHECK (strcmp (scoring_letter_level_code (99), "?") == 0);

    for (int status = 1; status <= 4; status++)
        SF_CHECK ((int) scoring_letter_status_parse (scoring_letter_status_name_zh (status)) == status);
    SF_CHECK (scoring_letter_side_parse ("a") == SCORING__LETTER_SIDE__SIDE_A);
    SF_CHECK (scoring_letter_side_parse ("乙方") == SCORING__LETTER_SIDE__SIDE_B);
    SF_CHECK (scoring_letter_side_parse ("c") == 0);
    SF_CHECK (scoring_subject_kind_parse ("unit") == SCORING__SUBJECT_KIND__SUBJECT_UNIT);
    for (int origin = 1; origin <= 5; origin++)
        SF_CHECK ((int) scoring_entry_origin_parse (scoring_entry_origin_code (origin)) == origin);
    SF_CHECK (strcmp (scoring_entry_origin_name_zh (SCORING__ENTRY_ORIGIN__ORIGIN_CASCADE), "连带") == 0);
    for (int status = 1; status <= 3; status++)
        SF_CHECK ((int) scoring_appeal_status_parse (scoring_appeal_status_code (status)) == status);
    SF_CHECK (scoring_month_status_parse ("已结算") == SCORING__MONTH_STATUS__MONTH_CLOSED);
    SF_CHECK (scoring_export_format_parse ("XLSX") == SCORING__EXPORT_FORMAT__EXPORT_XLSX);
    SF_CHECK (scoring_export_format_parse ("pdf") == 0);

    SF_CHECK_STR (scoring_subject_parse ("Team"), "team");
    SF_CHECK_STR (scoring_subject_parse ("部门"), "department");
    SF_CHECK (scoring_subject_parse ("crew") == NULL);
    SF_CHECK (scoring_subject_parse (NULL) == NULL);
    SF_CHECK_STR (scoring_subject_name_zh ("plant"), "厂区");
    SF_CHECK_STR (scoring_subject_name_en ("crew"), "crew");
}

int
main (void)
{
    s_points ();
    s_names ();
    printf ("ctl_score_points_test: OK\n");
    return 0;
}
