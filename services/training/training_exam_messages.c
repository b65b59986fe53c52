/*  training_exam_messages: every text the exams show a person, zh-CN first.               */
#include "training_exam.h"

#include <stdio.h>
#include <time.h>

const sf_text_t EXAM_MSG_UNIT_UNKNOWN = {
    "单位“%s”不存在（如刚创建，请稍后重试）", "unit '%s' is not known (if it was just created, try again in a moment)"
};
const sf_text_t EXAM_MSG_UNIT_INACTIVE = { "单位“%s”已停用", "unit '%s' is deactivated" };
const sf_text_t EXAM_MSG_UNIT_KIND = {
    "“%s”是岗位或人员：题库和试卷方案属于公司、厂区、部门或班组",
    "'%s' is a post or a person: banks and blueprints belong to a company, plant, department or team"
};
const sf_text_t EXAM_MSG_CSV_BAD_CODE = {
    "题目编号“%s”无效：应为 1 至 32 个字母、数字、点、下划线或连字符",
    "question code '%s' is not valid: 1 to 32 letters, digits, dots, underscores or hyphens"
};
const sf_text_t EXAM_MSG_CSV_DUPLICATE = {
    "题目编号“%s”在第 %d 行已出现过", "question code '%s' already appears on line %d"
};
const sf_text_t EXAM_MSG_CSV_BAD_CATEGORY = {
    "未知的类别“%s”：可用 occupational_health、daily_rules、must_know、post_norms、post_notice、"
    "hazardous_chemicals、violation_cases、team_hazards、emergency、protective_equipment",
    "unknown category '%s': use occupational_health, daily_rules, must_know, post_norms, post_notice, "
    "hazardous_chemicals, violation_cases, team_hazards, emergency or protective_equipment"
};
const sf_text_t EXAM_MSG_CSV_BAD_TYPE = {
    "未知的题型“%s”：可用 single（单选）、multiple（多选）、true_false（判断）",
    "unknown question type '%s': use single, multiple or true_false (单选, 多选, 判断)"
};
const sf_text_t EXAM_MSG_CSV_BAD_ANSWER = {
    "答案“%s”无效：单选题写一个选项字母，多选题写两个以上（如 AC），判断题写 对/错（T/F）",
    "answer '%s' is not valid: one option letter for a single choice, two or more (e.g. AC) for a multiple "
    "choice, T or F (对/错) for true/false"
};
const sf_text_t EXAM_MSG_CSV_TAKEN = {
    "题目编号“%s”已属于另一单位的题库：请换一个编号，或在该单位导入",
    "question code '%s' belongs to another unit's bank: choose another code, or import it there"
};
const sf_text_t EXAM_MSG_Q_NO_TEXT = { "缺少题干", "the question text is missing" };
const sf_text_t EXAM_MSG_Q_TEXT_LONG = {
    "题干、英文题干或解析过长：最多 1000 个字符", "question, question_en or explanation too long: at most 1000 characters"
};
const sf_text_t EXAM_MSG_Q_OPTION_LONG = { "选项 %s 过长：最多 300 个字符", "option %s is too long: at most 300 characters" };
const sf_text_t EXAM_MSG_Q_FEW_OPTIONS = {
    "选择题至少要有选项 A 和 B", "a choice question needs at least options A and B"
};
const sf_text_t EXAM_MSG_Q_OPTION_GAP = {
    "选项 %s 前有空缺：选项应从 A 起连续填写", "there is a gap before option %s: fill options from A on without gaps"
};
const sf_text_t EXAM_MSG_Q_TF_OPTIONS = {
    "判断题不填选项（固定为 A 正确、B 错误）", "a true/false question takes no options (A is true, B is false)"
};
const sf_text_t EXAM_MSG_Q_SINGLE_ANSWER = {
    "单选题的答案只能是一个选项", "a single-choice question has exactly one right option"
};
const sf_text_t EXAM_MSG_Q_MULTIPLE_ANSWER = {
    "多选题的答案至少要有两个选项", "a multiple-choice question has at least two right options"
};
const sf_text_t EXAM_MSG_Q_NO_ANSWER = { "缺少答案", "the answer is missing" };
const sf_text_t EXAM_MSG_IMPORT_FAILED = {
    "文件“%s”有 %d 处错误，未导入任何题目", "file '%s' has %d errors: no question was imported"
};
const sf_text_t EXAM_MSG_BAD_CODE = {
    "%1$s“%3$s”无效：应为 1 至 32 个字母、数字、点、下划线或连字符%2$.0s",
    "%1$.0s%2$s '%3$s' is not valid: 1 to 32 letters, digits, dots, underscores or hyphens"
};
const sf_text_t EXAM_MSG_BLUEPRINT_EXISTS = {
    "试卷方案“%s”已存在：方案一经创建不再修改，请用新编号", "blueprint '%s' exists: blueprints are never changed, use a new code"
};
const sf_text_t EXAM_MSG_BLUEPRINT_UNKNOWN = { "试卷方案“%s”不存在", "there is no blueprint '%s'" };
const sf_text_t EXAM_MSG_NO_PARTS = {
    "试卷方案至少要有一个组成部分（类别与题数）", "a blueprint needs at least one part (a category and a count)"
};
const sf_text_t EXAM_MSG_TOO_MANY_PARTS = { "组成部分过多：最多 %d 个", "too many parts: at most %d" };
const sf_text_t EXAM_MSG_PART_CATEGORY = {
    "第 %d 部分的类别“%s”不存在", "part %d: there is no category '%s'"
};
const sf_text_t EXAM_MSG_PART_TYPE = { "第 %d 部分的题型 %d 无效", "part %d: question type %d is not valid" };
const sf_text_t EXAM_MSG_PART_COUNT = {
    "第 %d 部分的题数 %d 无效：应在 1 至 200 之间", "part %d: count %d is not valid: 1 to 200"
};
const sf_text_t EXAM_MSG_TOO_MANY_QUESTIONS = {
    "每份试卷共 %d 题，最多 %d 题", "a paper would hold %d questions: at most %d"
};
const sf_text_t EXAM_MSG_BAD_LIMIT = {
    "%1$s %3$d 无效：应在 %4$d 至 %5$d 之间%2$.0s", "%1$.0s%2$s %3$d is not valid: %4$d to %5$d"
};
const sf_text_t EXAM_MSG_BANK_SHORT = {
    "%6$s 及其上级单位的题库中，类别“%1$s”的%2$s只有 %4$d 道，试卷需要 %5$d 道%3$.0s",
    "%2$.0sthe banks of %6$s and the units above hold %4$d questions of category '%1$s' (%3$s), a paper needs %5$d"
};
const sf_text_t EXAM_MSG_TEXT_LONG = {
    "%1$s过长：最多 %3$d 个字符%2$.0s", "%1$.0s%2$s is too long: at most %3$d characters"
};
const sf_text_t EXAM_MSG_NO_PERSON = {
    "请给出考试人员的员工编号（您的账号没有对应的员工）",
    "name the person taking the exam (employee_code): your account names no employee"
};
const sf_text_t EXAM_MSG_PERSON_UNKNOWN = {
    "人员“%s”不存在（如刚入职，请稍后重试）", "there is no person '%s' (if just hired, try again in a moment)"
};
const sf_text_t EXAM_MSG_PERSON_LEFT = { "人员“%s”已离职", "person '%s' has left" };
const sf_text_t EXAM_MSG_NOT_YOUR_PERSON = {
    "您只能为自己开始考试；为“%s”开始考试需要其所在单位的安全管理或班组长角色",
    "you may start only your own exam: starting one for '%s' needs a safety or team leader role over their unit"
};
const sf_text_t EXAM_MSG_NOT_FOR_PERSON = {
    "试卷方案“%s”属于单位“%s”，人员“%s”不在该单位内",
    "blueprint '%s' belongs to unit '%s': person '%s' is not in it"
};
const sf_text_t EXAM_MSG_LIMIT_REACHED = {
    "人员“%s”已考试方案“%s”%d 次，达到次数上限", "person '%s' has taken blueprint '%s' %d times: the attempt limit"
};
const sf_text_t EXAM_MSG_STILL_OPEN = {
    "人员“%s”的方案“%s”第 %d 次考试尚未交卷且未超时：请先交卷",
    "person '%1$s' has attempt %3$d at blueprint '%2$s' open and in time: submit it first"
};
const sf_text_t EXAM_MSG_ATTEMPT_UNKNOWN = { "考试记录 %lld 不存在", "there is no attempt %lld" };
const sf_text_t EXAM_MSG_NOT_YOUR_ATTEMPT = {
    "考试 %lld 不是您开始的：只有开始考试的账号可以交卷", "attempt %lld was started by another account: only it may submit"
};
const sf_text_t EXAM_MSG_ALREADY_SUBMITTED = {
    "考试 %lld 已交卷，不能再次提交", "attempt %lld was submitted already: answers are scored once"
};
const sf_text_t EXAM_MSG_TIME_UP = {
    "考试 %lld 已超时：截止 %s，现在 %s，答案不再接受", "attempt %lld is over time: its deadline was %s, it is %s; no answers are taken"
};
const sf_text_t EXAM_MSG_NOT_ON_PAPER = {
    "题目“%s”不在考试 %lld 的试卷上", "question '%s' is not on the paper of attempt %lld"
};
const sf_text_t EXAM_MSG_ANSWERED_TWICE = { "题目“%s”答了两次", "question '%s' is answered twice" };
const sf_text_t EXAM_MSG_BAD_CHOICE = {
    "答案“%s”对题目“%s”无效：写该题的选项字母（单选、判断各一个）",
    "answer '%s' does not fit question '%s': give its option letters (one for a single choice or true/false)"
};
const sf_text_t EXAM_MSG_NO_READ = {
    "无权查看考试 %lld：只能看自己的，或您负责单位人员的",
    "you may not read attempt %lld: only your own, or those of the people of units you are responsible for"
};

void
exam_time_text (int64_t ms, char *buffer, size_t size)
{
    time_t seconds = (time_t) ((ms + 8 * 3600 * 1000LL) / 1000);
    struct tm tm;
    gmtime_r (&seconds, &tm);
    strftime (buffer, size, "%Y-%m-%d %H:%M:%S (UTC+8)", &tm);
}
