/*  ctl_score_points: points as a person reads and types them. The ledger keeps centipoints
    (1 point = 100) so that cascade factors such as 0.5 stay exact; a person sees and gives
    points with at most two decimals, never a rounded value.                                */
#include "ctl_score.h"

#include <inttypes.h>
#include <stdio.h>

void
ctl_score_points (int64_t centipoints, bool signed_, char *buffer, size_t size)
{
    const char *sign = centipoints < 0? "-": signed_ && centipoints > 0? "+": "";
    uint64_t magnitude = centipoints < 0? (uint64_t) -(centipoints + 1) + 1: (uint64_t) centipoints;
    if (magnitude % 100 == 0)
        snprintf (buffer, size, "%s%" PRIu64, sign, magnitude / 100);
    else
        snprintf (buffer, size, "%s%" PRIu64 ".%02" PRIu64, sign, magnitude / 100, magnitude % 100);
}

int
ctl_score_points_parse (const char *text, int64_t *centipoints)
{
    const char *at = text? text: "";
    bool negative = *at == '-';
    if (*at == '-' || *at == '+')
        at++;
    if (*at < '0' || *at > '9')
        return -1;
    int64_t whole = 0;
    while (*at >= '0' && *at <= '9') {
        if (whole > INT64_MAX / 1000)
            return -1;
        whole = whole * 10 + (*at++ - '0');
    }
    int64_t cents = 0;
    if (*at == '.') {
        at++;
        int digits = 0;
        while (*at >= '0' && *at <= '9' && digits < 2) {
            cents = cents * 10 + (*at++ - '0');
            digits++;
        }
        if (digits == 0)
            return -1;
        if (digits == 1)
            cents *= 10;
    }
    if (*at)
        return -1;
    *centipoints = (whole * 100 + cents) * (negative? -1: 1);
    return 0;
}
