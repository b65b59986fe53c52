/*  inspection_messages: the texts, zh-CN first.                                            */
#include "inspection_messages.h"

const sf_text_t INSPECTION_MSG_UNKNOWN_UNIT = {
    "组织单元“%s”不存在（新建的单元要过片刻才同步到巡检服务）",
    "unit '%s' is not known (a unit just created reaches the inspection service a moment later)" };
const sf_text_t INSPECTION_MSG_INACTIVE_UNIT = { "组织单元“%s”已停用", "unit '%s' is deactivated" };
const sf_text_t INSPECTION_MSG_NOT_COMPANY_WIDE = {
    "%s 作用于全公司，需要在公司层级（各厂之上）授予的角色之一：%s",
    "%s acts on the whole company: it needs one of these roles granted above the plants: %s" };
const sf_text_t INSPECTION_MSG_BAD_TEXT = {
    "%1$s 必须填写，且最长 %3$d 个字", "%2$s is required and at most %3$d characters long" };
const sf_text_t INSPECTION_MSG_TOO_MANY = { "%1$s 最多 %3$d 项", "at most %3$d %2$s" };
const sf_text_t INSPECTION_MSG_BAD_CODE = {
    "编码只能由字母、数字、_ 和 - 组成，长 1–%d 个字符",
    "a code is 1 to %d letters, digits, _ or -" };
const sf_text_t INSPECTION_MSG_PLAN_EXISTS = { "检查计划编码“%s”已被使用", "plan code '%s' is taken" };
const sf_text_t INSPECTION_MSG_BAD_LEVEL = {
    "检查级别无效：应为公司月查、部门周查、班组日查或专项检查",
    "the level is invalid: company monthly, department weekly, team daily or special" };
const sf_text_t INSPECTION_MSG_BAD_DATE = {
    "日期“%s”无效，应为 YYYY-MM-DD", "'%s' is not a date of the form YYYY-MM-DD" };
const sf_text_t INSPECTION_MSG_BAD_RANGE = {
    "结束日期 %2$s 早于开始日期 %1$s", "the end date %2$s is before the start date %1$s" };
const sf_text_t INSPECTION_MSG_RANGE_TOO_LONG = {
    "日期范围最长 %d 天", "a date range is at most %d days long" };
const sf_text_t INSPECTION_MSG_SPECIAL_NEEDS_END = {
    "专项检查必须给出结束日期", "a special check needs an end date" };
const sf_text_t INSPECTION_MSG_BAD_TARGET_KIND = {
    "专项检查的对象类型无效：应为部门、班组或岗位", "a special check's targets are departments, teams or posts" };
const sf_text_t INSPECTION_MSG_BAD_SCOPE_KIND = {
    "检查范围“%s”必须是公司、厂区或部门", "the scope '%s' must be the company, a plant or a department" };
const sf_text_t INSPECTION_MSG_BAD_SPECIAL_SCOPE_KIND = {
    "专项检查的范围“%s”必须是公司、厂区、部门、班组或岗位",
    "the scope '%s' of a special check must be the company, a plant, a department, a team or a post" };
const sf_text_t INSPECTION_MSG_NOT_A_PLANT = { "“%s”不是厂区", "'%s' is not a plant" };
const sf_text_t INSPECTION_MSG_BAD_TIME_ZONE = {
    "时区“%s”无效（应为 IANA 名称，如 Asia/Shanghai）",
    "time zone '%s' is not valid (use an IANA name such as Asia/Shanghai)" };
const sf_text_t INSPECTION_MSG_BAD_SHIFT = {
    "班次“%s”无效：应为 HH:MM-HH:MM，1 到 6 个班次", "shift '%s' is not valid: HH:MM-HH:MM, 1 to 6 shifts" };
const sf_text_t INSPECTION_MSG_TASK_NOT_FOUND = { "检查任务 %lld 不存在", "task %lld does not exist" };
const sf_text_t INSPECTION_MSG_FINDING_NOT_FOUND = { "隐患 %s 不存在", "finding %s does not exist" };
const sf_text_t INSPECTION_MSG_VIOLATION_NOT_FOUND = { "三违记录 %s 不存在", "violation %s does not exist" };
const sf_text_t INSPECTION_MSG_TASK_NOT_YOURS = {
    "检查任务 %lld 由“%s”执行，您在该单位及其下级没有可记录它的授权",
    "task %lld is done by '%s': none of your grants that may record it lies in that unit or below it" };
const sf_text_t INSPECTION_MSG_TASK_DONE = {
    "检查任务 %lld 已完成，不能重复记录", "task %lld is already done; it cannot be recorded twice" };
const sf_text_t INSPECTION_MSG_TASK_MISSED = {
    "检查任务 %lld 的时间窗口已结束，已记为漏检", "the window of task %lld has ended; it is missed" };
const sf_text_t INSPECTION_MSG_TASK_NOT_STARTED = {
    "检查任务 %lld 的时间窗口尚未开始", "the window of task %lld has not started yet" };
const sf_text_t INSPECTION_MSG_UNKNOWN_ITEM = {
    "检查项“%s”不在该任务的检查表中", "item '%s' is not on the task's checklist" };
const sf_text_t INSPECTION_MSG_DUPLICATE_ITEM = { "检查项“%s”重复", "item '%s' is given twice" };
const sf_text_t INSPECTION_MSG_NO_RESULTS = {
    "检查记录至少要有一个检查项结果", "a record needs the result of at least one checklist item" };
const sf_text_t INSPECTION_MSG_FINDING_NO_UNIT = {
    "隐患必须指定责任单位", "a finding needs a responsible unit" };
const sf_text_t INSPECTION_MSG_BAD_FACTOR = {
    "要素无效：应为人、机、料、法、环之一", "the factor must be man, machine, material, method or environment" };
const sf_text_t INSPECTION_MSG_BAD_SEVERITY = {
    "隐患等级无效：应为一般隐患或重大隐患", "the severity must be general or major hazard" };
const sf_text_t INSPECTION_MSG_BAD_SOURCE = {
    "检查之外上报的隐患，来源只能是随手上报或举一反三自查",
    "a finding reported outside a task comes from a report or a lesson self-check" };
const sf_text_t INSPECTION_MSG_LESSON_REF = {
    "举一反三自查发现的隐患要注明事故教训编号", "a finding from a lesson self-check names the lesson" };
const sf_text_t INSPECTION_MSG_NOT_EMPLOYEE = { "“%s”不是员工", "'%s' is not an employee" };
const sf_text_t INSPECTION_MSG_BAD_VIOLATION = {
    "三违类型无效：应为违章指挥、违章作业或违反劳动纪律",
    "the violation type must be illegal command, illegal operation or breach of labour discipline" };
const sf_text_t INSPECTION_MSG_FUTURE_TIME = { "发生时间不能晚于现在", "the time it happened cannot be in the future" };
const sf_text_t INSPECTION_MSG_NOT_A_TEAM = { "“%s”不是班组", "'%s' is not a team" };
const sf_text_t INSPECTION_MSG_BAD_SHIFT_NO = {
    "班次号无效：应为该厂区班次表中的序号", "the shift number is not one of the plant's shifts" };
const sf_text_t INSPECTION_MSG_BAD_MEETING_KIND = {
    "会议类型无效：应为班前会或班后会", "the meeting is a pre-shift or a post-shift meeting" };
const sf_text_t INSPECTION_MSG_MEETING_EXISTS = {
    "班组“%s”%s 第 %d 班的这次会议已记录", "this meeting of team '%s' on %s, shift %d, is already recorded" };
const sf_text_t INSPECTION_MSG_NO_ATTENDEES = { "会议记录要列出出席人员", "a meeting record lists who attended" };
const sf_text_t INSPECTION_MSG_BAD_PERIOD = {
    "时间范围无效：结束早于开始", "the period is invalid: it ends before it starts" };
const sf_text_t INSPECTION_MSG_NOT_INSPECTOR = {
    "检查任务 %lld 是公司、部门或专项检查，要由有检查职责的人员（如安全员、班组长）记录",
    "task %lld is a company, department or special check: it is recorded by someone with an inspecting role" };
const sf_text_t INSPECTION_MSG_BAD_RESPONSIBLE_KIND = {
    "“%s”必须是厂区、部门、班组或岗位", "'%s' must be a plant, a department, a team or a post" };
const sf_text_t INSPECTION_MSG_BAD_PAGE_TOKEN = {
    "page_token 无效：它不是 %s 在上一页回复中给出的 next_page_token",
    "page_token is not valid: it is not a next_page_token %s gave in a previous page" };
