/*  scoring_ledger_messages: the ledger area's texts.                                      */
#include "scoring_ledger_messages.h"

const sf_text_t SCORING_LEDGER_MSG_ENTRY_UNKNOWN = {
    "考核条目 %lld 不存在", "there is no ledger entry %lld"
};
const sf_text_t SCORING_LEDGER_MSG_SUBJECT_UNKNOWN = {
    "人员或单位 %s 不存在（或本服务尚未同步到）", "there is no person or unit %s (or this daemon has not seen it yet)"
};
const sf_text_t SCORING_LEDGER_MSG_PLANT_NEEDED = {
    "请给出厂区（plant_code）或考核对象（subject_code）", "give plant_code or subject_code"
};
const sf_text_t SCORING_LEDGER_MSG_MONTH = {
    "月份“%s”无效，应为 YYYY-MM", "month \"%s\" is not a month: write YYYY-MM"
};
const sf_text_t SCORING_LEDGER_MSG_SUBJECT_PLANT = {
    "%s 不属于厂区 %s", "%s does not belong to plant %s"
};
const sf_text_t SCORING_LEDGER_MSG_SUBJECT_KIND = {
    "%1$s 是%2$s%3$.0s，与请求的考核对象类型不符", "%2$.0s%1$s is a %3$s, not the subject kind the request names"
};
const sf_text_t SCORING_LEDGER_MSG_POINTS = {
    "调整分值不能为 0，绝对值不超过 %lld（百分之一分）", "points must be non-zero and at most %lld centipoints either way"
};
const sf_text_t SCORING_LEDGER_MSG_REASON_LENGTH = {
    "理由不能为空，且不超过 %d 个字", "the reason must hold 1 to %d characters"
};
const sf_text_t SCORING_LEDGER_MSG_REF_UNKNOWN = {
    "所更正的考核条目 %lld 不存在", "the entry to correct, %lld, does not exist"
};
const sf_text_t SCORING_APPEAL_MSG_UNKNOWN = {
    "申诉 %lld 不存在", "there is no appeal %lld"
};
const sf_text_t SCORING_APPEAL_MSG_NOT_YOURS = {
    "考核条目 %1$lld 不是关于您本人或您所负责单位的，不能申诉",
    "entry %1$lld is about neither you nor a unit your grants cover: you cannot appeal it"
};
const sf_text_t SCORING_APPEAL_MSG_ORIGIN = {
    "考核条目 %1$lld 是%2$s条目，不能申诉%3$.0s", "%2$.0sentry %1$lld is %3$s entry: it cannot be appealed"
};
const sf_text_t SCORING_APPEAL_MSG_REVERSED = {
    "考核条目 %lld 已被申诉撤销", "entry %lld has been reversed on appeal already"
};
const sf_text_t SCORING_APPEAL_MSG_OPEN = {
    "考核条目 %lld 已有待裁决的申诉 %lld", "entry %lld has an open appeal already: %lld"
};
const sf_text_t SCORING_APPEAL_MSG_DECIDED = {
    "申诉 %1$lld 已裁决（%2$s），不能再次裁决%3$.0s", "%2$.0sappeal %1$lld has been decided already (%3$s)"
};
const sf_text_t SCORING_APPEAL_MSG_OWN = {
    "申诉 %lld 是您本人提出的，须由他人裁决", "appeal %lld is your own: someone else decides it"
};
const sf_text_t SCORING_APPEAL_MSG_STATUS = {
    "申诉状态 %d 无效", "%d is not an appeal status"
};
const sf_text_t SCORING_APPEAL_REVERSAL_REASON = {
    "申诉撤销：%s", "Reversed on appeal: %s"
};
