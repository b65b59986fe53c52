/*  scoring_export_labels: what both export files share: the totals read once, the labels in
    both languages, the summary's facts as text (scoring_export.h).                         */
#include "scoring_export.h"
#include "scoring_month_totals.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *const scoring_export_subjects [4] = { "plant", "department", "team", "person" };

static const scoring_export_labels_t s_zh = {
    .sheet = { "厂区", "部门", "班组", "人员" },
    .summary = "汇总",
    .columns = { "排名", "编码", "名称", "上级", "得分", "直接得分", "连带得分", "奖励", "扣分", "条目数",
                 "档次", "奖罚金额（元）" },
    .facts = { "厂区", "月份", "时区", "结账时间（UTC）", "结账人", "考核细则版本", "条目数", "人数", "班组数",
               "部门数", "校验和（SHA-256）" },
    .trend = "趋势",
    .trend_columns = { "月份", "状态", "得分", "奖励", "扣分", "条目数" },
    .status = { "未结账", "已结账" },
};

static const scoring_export_labels_t s_en = {
    .sheet = { "Plant", "Departments", "Teams", "Persons" },
    .summary = "Summary",
    .columns = { "Rank", "Code", "Name", "Parent", "Points", "Direct points", "Cascaded points", "Rewards",
                 "Penalties", "Entries", "Tier", "Amount (yuan)" },
    .facts = { "Plant", "Month", "Time zone", "Closed at (UTC)", "Closed by", "Rule version", "Entries", "Persons",
               "Teams", "Departments", "Checksum (SHA-256)" },
    .trend = "Trend",
    .trend_columns = { "Month", "Status", "Points", "Rewards", "Penalties", "Entries" },
    .status = { "open", "closed" },
};

const scoring_export_labels_t *
scoring_export_labels (bool english)
{
    return english? &s_en: &s_zh;
}

const char *
scoring_export_points (int64_t centipoints, char *buffer, size_t size)
{
    uint64_t magnitude = centipoints < 0? (uint64_t) 0 - (uint64_t) centipoints: (uint64_t) centipoints;
    snprintf (buffer, size, "%s%" PRIu64 ".%02" PRIu64, centipoints < 0? "-": "", magnitude / 100, magnitude % 100);
    return buffer;
}

const char *
scoring_export_cell (const Scoring__Total *total, int index, bool english, char *buffer, size_t size)
{
    switch (index) {
        case 0: snprintf (buffer, size, "%d", total->rank); return buffer;
        case 1: return total->code;
        case 2: return english? total->name_en: total->name_zh;
        case 3: return total->parent_code;
        case 4: return scoring_export_points (total->points, buffer, size);
        case 5: return scoring_export_points (total->direct_points, buffer, size);
        case 6: return scoring_export_points (total->cascade_points, buffer, size);
        case 7: return scoring_export_points (total->rewards, buffer, size);
        case 8: return scoring_export_points (total->penalties, buffer, size);
        case 9: snprintf (buffer, size, "%d", total->entries); return buffer;
        case 10: return english? total->tier_name_en: total->tier_name_zh;
        default: snprintf (buffer, size, "%" PRId64, total->amount_yuan); return buffer;
    }
}

const char *
scoring_export_fact (const Scoring__MonthResult *month, int index, char *buffer, size_t size)
{
    switch (index) {
        case 0: snprintf (buffer, size, "%s", month->plant_code); break;
        case 1: snprintf (buffer, size, "%s", month->month); break;
        case 2: snprintf (buffer, size, "%s", month->time_zone); break;
        case 3: {
            time_t seconds = (time_t) (month->closed_ms / 1000);
            struct tm utc;
            gmtime_r (&seconds, &utc);
            strftime (buffer, size, "%Y-%m-%d %H:%M:%S", &utc);
            break;
        }
        case 4: snprintf (buffer, size, "%s", month->closed_by); break;
        case 5: snprintf (buffer, size, "%" PRId64, month->rule_version); break;
        case 6: snprintf (buffer, size, "%" PRId64, month->entries); break;
        case 7: snprintf (buffer, size, "%d", month->persons); break;
        case 8: snprintf (buffer, size, "%d", month->teams); break;
        case 9: snprintf (buffer, size, "%d", month->departments); break;
        default: snprintf (buffer, size, "%s", month->checksum); break;
    }
    return buffer;
}

int
scoring_export_load (sf_db_t *db, const Scoring__Report *report, bool english, scoring_export_data_t *data)
{
    memset (data, 0, sizeof *data);
    data->report = report;
    data->english = english;
    for (int i = 0; i < 4; i++) {
        scoring_totals_query_t query = { .month = report->month, .subject = scoring_export_subjects [i] };
        if (scoring_month_totals_read (db, &query, &data->totals [i], &data->counts [i])) {
            scoring_export_unload (data);
            return -1;
        }
    }
    return 0;
}

void
scoring_export_unload (scoring_export_data_t *data)
{
    for (int i = 0; i < 4; i++) {
        scoring_month_totals_free (data->totals [i], data->counts [i]);
        data->totals [i] = NULL;
        data->counts [i] = 0;
    }
}
