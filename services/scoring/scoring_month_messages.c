/*  scoring_month_messages: the months area's texts (scoring_month_messages.h).              */
#include "scoring_month_messages.h"

const sf_text_t SCORING_MONTH_MSG_BAD_MONTH = {
    "月份应为 YYYY-MM（如 2026-11）：\"%s\"", "the month must be YYYY-MM (e.g. 2026-11): \"%s\"" };
const sf_text_t SCORING_MONTH_MSG_NOT_ENDED = {
    "%s 在时区 %s 尚未结束，不能结账", "the month %s has not ended in %s: it cannot be closed yet" };
const sf_text_t SCORING_MONTH_MSG_CLOSED = {
    "厂区 %s 的 %s 已结账：结账的月份永不重开，更正记入下一个未结账的月份",
    "%s's month %s is closed: a closed month is never reopened; a correction goes into the next open month" };
const sf_text_t SCORING_MONTH_MSG_NOT_CLOSED = {
    "厂区 %s 的 %s 尚未结账：报表和导出只针对已结账的月份（未结账的月份请用 PreviewMonth 或 ListTotals）",
    "%s's month %s is not closed: reports and exports are of closed months (an open month: PreviewMonth or ListTotals)" };
const sf_text_t SCORING_MONTH_MSG_BAD_ZONE = {
    "未知的时区：\"%s\"（应为 IANA 时区名，如 Asia/Shanghai）",
    "unknown time zone \"%s\" (an IANA zone name, e.g. Asia/Shanghai)" };
const sf_text_t SCORING_MONTH_MSG_ZONE_FROZEN = {
    "厂区 %s 已有结账的月份，时区不能再改（已结账月份的起止时刻会随之移动）",
    "plant %s has a closed month: its time zone can no longer change (the closed months would move)" };
const sf_text_t SCORING_MONTH_MSG_NOT_PLANT = {
    "\"%s\" 不是组织中的厂区或公司", "\"%s\" is not a plant or the company in the org" };
const sf_text_t SCORING_MONTH_MSG_BAD_SUBJECT = {
    "subject 应为 person、team、department 或 plant：\"%s\"",
    "subject must be person, team, department or plant: \"%s\"" };
const sf_text_t SCORING_MONTH_MSG_BAD_REPORT = {
    "top（%d）与 trend_months（%d）应在 0 到 %d 之间（0 表示默认值）",
    "top (%d) and trend_months (%d) must lie between 0 and %d (0: the default)" };
const sf_text_t SCORING_MONTH_MSG_BAD_FORMAT = {
    "format 应为 EXPORT_CSV 或 EXPORT_XLSX", "format must be EXPORT_CSV or EXPORT_XLSX" };
const sf_text_t SCORING_MONTH_MSG_BAD_LANGUAGE = {
    "language 应为 zh 或 en（默认 zh）：\"%s\"", "language must be zh or en (default zh): \"%s\"" };
const sf_text_t SCORING_MONTH_MSG_TOO_LARGE = {
    "导出文件有 %lld 字节，超过回复上限 %lld 字节：请用 ListTotals 分页读取",
    "the export is %lld bytes, more than the reply bound of %lld bytes: read it page by page with ListTotals" };
const sf_text_t SCORING_MONTH_MSG_EXPORT_FAILED = {
    "生成导出文件失败（见守护进程日志）", "writing the export file failed (see the daemon's log)" };
