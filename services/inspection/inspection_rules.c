/*  inspection_rules: field checks.                                                          */
#include "inspection_rules.h"
#include "sf_utf8.h"

#include <stdio.h>
#include <string.h>

bool
inspection_code_valid (const char *code)
{
    size_t length = strlen (code);
    if (length == 0 || length > INSPECTION_CODE_MAX_CHARS)
        return false;
    for (const char *c = code; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9')
        ||    *c == '_' || *c == '-'))
            return false;
    return true;
}

static bool
s_digits (const char *text, size_t count)
{
    for (size_t index = 0; index < count; index++)
        if (text [index] < '0' || text [index] > '9')
            return false;
    return true;
}

static int
s_days_in_month (int year, int month)
{
    static const int days [] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap? 29: days [month - 1];
}

bool
inspection_date_valid (const char *text)
{
    if (strlen (text) != 10 || text [4] != '-' || text [7] != '-'
    ||  !s_digits (text, 4) || !s_digits (text + 5, 2) || !s_digits (text + 8, 2))
        return false;
    int year, month, day;
    if (sscanf (text, "%4d-%2d-%2d", &year, &month, &day) != 3)
        return false;
    return year >= 2000 && year <= 2099 && month >= 1 && month <= 12 && day >= 1
        && day <= s_days_in_month (year, month);
}

//  Days since 2000-01-01 of a valid date.
static int
s_day_number (const char *text)
{
    int year, month, day;
    sscanf (text, "%4d-%2d-%2d", &year, &month, &day);
    int days = 0;
    for (int y = 2000; y < year; y++)
        days += (y % 4 == 0 && y % 100 != 0) || y % 400 == 0? 366: 365;
    for (int m = 1; m < month; m++)
        days += s_days_in_month (year, m);
    return days + day - 1;
}

int
inspection_date_diff (const char *a, const char *b)
{
    return s_day_number (b) - s_day_number (a);
}

//  Minutes of "HH:MM" (up to 24:00), or -1.
static int
s_minutes (const char *text)
{
    if (text [2] != ':' || !s_digits (text, 2) || !s_digits (text + 3, 2))
        return -1;
    int hours = (text [0] - '0') * 10 + text [1] - '0';
    int minutes = (text [3] - '0') * 10 + text [4] - '0';
    if (minutes > 59 || hours > 24 || (hours == 24 && minutes > 0))
        return -1;
    return hours * 60 + minutes;
}

bool
inspection_shift_valid (const char *text)
{
    if (strlen (text) != 11 || text [5] != '-')
        return false;
    int start = s_minutes (text);
    int end = s_minutes (text + 6);
    return start >= 0 && start < 24 * 60 && end >= 0 && start != end;
}

bool
inspection_text_fits (const char *text, size_t min_chars, size_t max_chars)
{
    size_t chars = sf_utf8_chars (text, strlen (text));
    return chars >= min_chars && chars <= max_chars && !(min_chars && sf_utf8_blank (text));
}
