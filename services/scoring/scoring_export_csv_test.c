/*  scoring_export_csv_test: the CSV export without a database: the BOM, CRLF records, a name
    holding a comma, a quote and a line break quoted as RFC 4180 has it, points with two
    decimals (negative ones too), sections in order (summary, trend, plant, departments,
    teams, persons) with headers in the language asked; and the XLSX of the same data is a
    zip archive.                                                                           */
#include "scoring_export.h"
#include "sf_pb.h"
#include "sf_testkit.h"

#include <string.h>

static Scoring__Total *
s_total (const char *subject, const char *code, const char *name, int64_t points, int rank)
{
    Scoring__Total *total = sf_pb_new (&scoring__total__descriptor);
    sf_pb_set (&total->subject, subject);
    sf_pb_set (&total->code, code);
    sf_pb_set (&total->name_zh, name);
    sf_pb_set (&total->name_en, name);
    total->points = total->direct_points = points;
    total->penalties = points < 0? points: 0;
    total->rewards = points > 0? points: 0;
    total->entries = 1;
    total->rank = rank;
    total->rank_of = 2;
    sf_pb_set (&total->tier_name_zh, points < 0? "考核处罚": "合格");
    sf_pb_set (&total->tier_name_en, points < 0? "Penalised": "Passed");
    return total;
}

int
main (void)
{
    Scoring__Report *report = sf_pb_new (&scoring__report__descriptor);
    report->month = sf_pb_new (&scoring__month_result__descriptor);
    sf_pb_set (&report->month->plant_code, "P1");
    sf_pb_set (&report->month->month, "2026-10");
    sf_pb_set (&report->month->time_zone, "Asia/Shanghai");
    sf_pb_set (&report->month->closed_by, "ehs");
    sf_pb_set (&report->month->checksum, "abc123");
    report->month->closed_ms = 1793548800000LL;   //  2026-11-01 16:00:00 UTC
    report->month->status = SCORING__MONTH_STATUS__MONTH_CLOSED;
    Scoring__TrendPoint *point = sf_pb_add (&report->trend, &report->n_trend, &scoring__trend_point__descriptor);
    sf_pb_set (&point->month, "2026-10");
    point->status = SCORING__MONTH_STATUS__MONTH_CLOSED;
    point->points = -5;

    scoring_export_data_t data = { .report = report };
    Scoring__Total *persons [] = { s_total ("person", "E1", "张三, \"老张\"\n班长", 1250, 1),
                                   s_total ("person", "E2", "李四", -205, 2) };
    data.totals [3] = persons;
    data.counts [3] = 2;

    char *content = NULL;
    size_t size = 0;
    SF_CHECK (scoring_export_csv (&data, &content, &size) == 0);
    SF_CHECK (size > 3 && memcmp (content, "\xEF\xBB\xBF", 3) == 0 && strlen (content) == size);
    printf ("%s\n", content + 3);
    SF_CHECK (strstr (content, "\xEF\xBB\xBF汇总\r\n厂区,P1\r\n月份,2026-10\r\n"));
    SF_CHECK (strstr (content, "结账时间（UTC）,2026-11-01 16:00:00\r\n"));
    SF_CHECK (strstr (content, "校验和（SHA-256）,abc123\r\n\r\n趋势\r\n月份,状态,得分,奖励,扣分,条目数\r\n"
                               "2026-10,已结账,-0.05,0.00,0.00,0\r\n"));
    SF_CHECK (strstr (content, "\r\n\r\n人员\r\n排名,编码,名称,上级,得分,直接得分,连带得分,奖励,扣分,条目数,档次,奖罚金额（元）\r\n"
                               "1,E1,\"张三, \"\"老张\"\"\n班长\",,12.50,12.50,0.00,12.50,0.00,1,合格,0\r\n"
                               "2,E2,李四,,-2.05,-2.05,0.00,0.00,-2.05,1,考核处罚,0\r\n"));
    //  The sections in order, each with its header even when empty.
    const char *order [] = { "\r\n厂区\r\n排名", "\r\n部门\r\n排名", "\r\n班组\r\n排名", "\r\n人员\r\n排名" };
    const char *at = content;
    for (int i = 0; i < 4; i++) {
        const char *found = strstr (at, order [i]);
        SF_CHECK (found);
        at = found + 1;
    }
    free (content);

    data.english = true;
    SF_CHECK (scoring_export_csv (&data, &content, &size) == 0);
    SF_CHECK (strstr (content, "\r\nPersons\r\nRank,Code,Name,Parent,Points,") && strstr (content, ",Penalised,0\r\n"));
    SF_CHECK (strstr (content, "2026-10,closed,-0.05,"));
    free (content);

    SF_CHECK (scoring_export_xlsx (&data, &content, &size) == 0);
    SF_CHECK (size > 1000 && memcmp (content, "PK\x03\x04", 4) == 0);
    free (content);

    char buffer [32];
    SF_CHECK_STR (scoring_export_points (-1, buffer, sizeof buffer), "-0.01");
    SF_CHECK_STR (scoring_export_points (INT64_MIN, buffer, sizeof buffer), "-92233720368547758.08");

    sf_pb_destroy (&persons [0]);
    sf_pb_destroy (&persons [1]);
    sf_pb_destroy (&report);
    printf ("scoring_export_csv_test: ok\n");
    return 0;
}
