/*  safetyctl training qual: this area's commands (ctl_training.h): courses, sessions and
    attendance, a level's exam, an absence, special-operation certificates and the posts that
    require them, high-risk plants, who is unqualified and one person in full. The daemon
    checks every rule; the client reads words and dates (Beijing time) and prints.          */
#include "ctl_training.h"
#include "ctl_args.h"
#include "ctl_daemon.h"
#include "ctl_output.h"
#include "ctl_table.h"
#include "sf_codec.h"
#include "sf_pb.h"
#include "training_qual.pb-c.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_DAEMON "training"

static const sf_text_t s_msg_bad_level = {
    "未知的级别“%s”：可用 company（公司级）、department（部门级）、team（班组级）、refresher（年度再培训）",
    "unknown level '%s': use company, department, team or refresher"
};
static const sf_text_t s_msg_bad_number = {
    "“%s”不是整数", "'%s' is not a whole number"
};
static const sf_text_t s_msg_course = { "课程 %s：%s（%d 学时，%s）\n", "Course %s: %s (%d class hours, %s)\n" };
static const sf_text_t s_msg_session = {
    "培训场次 %lld：课程 %s，%s，%s，%d 学时\n", "Session %lld: course %s, %s, %s, %d class hours\n"
};
static const sf_text_t s_msg_attended = {
    "%s 参加场次 %lld：%d 学时，计入 %s\n", "%s attended session %lld: %d class hours, credited to %s\n"
};
static const sf_text_t s_msg_exam = {
    "%s 级考试：%s（%d 分）；学时 %d/%d；%s\n", "%s level exam: %s (score %d); hours %d/%d; %s\n"
};
static const sf_text_t s_msg_absence = {
    "%s 离岗 %s，返岗 %s%s\n", "%s away from %s, back %s%s\n"
};
static const sf_text_t s_msg_reopened = {
    "：离岗满期限，部门级和班组级重新培训", ": away long enough, department and team levels again"
};
static const sf_text_t s_msg_cert = {
    "操作证 %s %s（%s）：%s 至 %s，状态 %s\n", "Certificate %s %s (%s): %s to %s, %s\n"
};
static const sf_text_t s_msg_post = { "岗位 %s 要求的操作证：%s\n", "Certificates post %s requires: %s\n" };
static const sf_text_t s_msg_sector = { "厂区 %s：%s\n", "Plant %s: %s\n" };
static const sf_text_t s_msg_manager_post = { "岗位 %s：%s\n", "Post %s: %s\n" };
static const sf_text_t s_msg_manager_yes = {
    "主要负责人或安全生产管理人员岗位（培训学时依3号令第九条）",
    "a principal's or safety manager's post (training hours of order No. 3, article 9)"
};
static const sf_text_t s_msg_manager_no = { "普通岗位", "an ordinary post" };
static const sf_text_t s_msg_manager_hours = {
    "管理人员培训：初次 %d/%d 学时；近一年再培训 %d/%d 学时\n",
    "management training: initial %d/%d hours; last 365 days %d/%d hours\n"
};
static const sf_text_t s_msg_bad_plan_item = {
    "计划课程“%s”格式不对：应为 课程代码:场次[:学时]，多门以逗号分隔",
    "plan course '%s' is not COURSE:SESSIONS[:HOURS] (several separated by commas)"
};
static const sf_text_t s_msg_plan = {
    "%s %d 年度培训计划（第%lld版）：计划 %d 场 %d 学时；已办 %d 场，完成 %d 学时（%d%%），出勤 %d 人次\n",
    "%s training plan %d (version %lld): %d sessions, %d class hours planned; %d held, %d hours delivered (%d%%), "
    "%d attendances\n"
};
static const sf_text_t s_header_plan = {
    "课程\t名称\t计划场次\t计划学时\t已办场次\t完成学时\t完成率\t出勤人次\t出勤学时",
    "Course\tTitle\tSessions\tHours\tHeld\tDelivered\tDone\tAttendances\tPerson-hours"
};
static const sf_text_t s_msg_not_high_risk = { "非高危行业", "not in a high-risk sector" };
static const sf_text_t s_msg_unqualified = {
    "%s：在岗 %d 人，不具备上岗资格 %zu 人\n", "%s: %d employees, %zu not qualified\n"
};
static const sf_text_t s_msg_person = {
    "%s %s，岗位 %s：%s\n", "%s %s, post %s: %s\n"
};
static const sf_text_t s_msg_qualified = { "具备上岗资格", "qualified" };
static const sf_text_t s_msg_not_qualified = { "不具备上岗资格", "not qualified" };
static const sf_text_t s_msg_refresher = {
    "近一年再培训：%d/%d 学时\n", "refresher in the last 365 days: %d/%d class hours\n"
};
static const sf_text_t s_msg_none = { "无", "none" };
static const sf_text_t s_msg_passed = { "通过", "passed" };
static const sf_text_t s_msg_failed = { "未通过", "failed" };
static const sf_text_t s_msg_level_passed = { "本级已合格", "level passed" };
static const sf_text_t s_msg_level_open = { "本级未合格", "level not passed yet" };
static const sf_text_t s_header_courses = {
    "代码\t名称\t类别\t学时\t级别\t开设单位", "Code\tTitle\tCategory\tHours\tLevel\tUnit"
};
static const sf_text_t s_header_sessions = {
    "场次\t课程\t单位\t日期\t授课人\t学时\t人数", "Session\tCourse\tUnit\tDate\tTrainer\tHours\tAttendees"
};
static const sf_text_t s_header_certs = {
    "编号\t人员\t类别\t发证机关\t发证\t有效期至\t下次复审\t状态",
    "Number\tEmployee\tType\tAuthority\tIssued\tExpires\tNext review\tState"
};
static const sf_text_t s_header_levels = {
    "级别\t学时\t考试\t分数\t合格日期", "Level\tHours\tExam\tScore\tPassed on"
};
static const sf_text_t s_header_unqualified = {
    "人员\t姓名\t岗位\t原因", "Employee\tName\tPost\tReasons"
};

static const struct { const char *word; sf_text_t name; } s_levels [] = {
    { "", { "-", "-" } },
    { "company", { "公司级", "company" } },
    { "department", { "部门级", "department" } },
    { "team", { "班组级", "team" } },
    { "refresher", { "年度再培训", "refresher" } },
    { "management", { "管理人员培训", "management" } },
};

static const sf_text_t s_states [] = {
    { "-", "-" }, { "有效", "valid" }, { "即将到期", "due soon" }, { "逾期未复审", "review overdue" }, { "已过期", "expired" }
};

//  --------------------------------------------------------------------------------------
//  Words, dates and tables

static char *
s_text (const ctl_args_t *args, const char *name)
{
    return sf_codec_wire (ctl_args_get (args, name));
}

static const char *
s_level_name (const ctl_t *ctl, int level)
{
    if (level < 0 || level > 5)
        level = 0;
    return ctl_text (ctl, &s_levels [level].name);
}

//  A level word to its number; 0 when unknown.
static int
s_level_parse (const char *word)
{
    for (int level = 1; word && level <= 5; level++)
        if (strcmp (word, s_levels [level].word) == 0)
            return level;
    return 0;
}

//  The option's whole number into *value (fallback when not given). CTL_EXIT_OK or USAGE.
static int
s_int (const ctl_t *ctl, const ctl_args_t *args, const char *name, int fallback, int32_t *value)
{
    const char *text = ctl_args_get (args, name);
    *value = fallback;
    if (!text)
        return CTL_EXIT_OK;
    char *end;
    long number = strtol (text, &end, 10);
    if (!*text || *end || number < -100000 || number > 100000)
        return ctl_args_usage (ctl, args, &s_msg_bad_number, text);
    *value = (int32_t) number;
    return CTL_EXIT_OK;
}

static void
s_date (int64_t ms, char *buffer, size_t size)
{
    char time [32];
    ctl_beijing_time (ms, time, sizeof time);
    snprintf (buffer, size, "%.10s", time);
}

static void
s_header (const ctl_t *ctl, ctl_table_t *table, const sf_text_t *header)
{
    char *titles = strdup (ctl_text (ctl, header));
    for (char *cell = strtok (titles, "\t"); cell; cell = strtok (NULL, "\t"))
        ctl_table_add (table, cell);
    free (titles);
}

static const char *
s_state (const ctl_t *ctl, int state)
{
    return ctl_text (ctl, &s_states [state >= 0 && state <= 4? state: 0]);
}

static void
s_print_certificates (const ctl_t *ctl, Training__Certificate *const *certificates, size_t count)
{
    ctl_table_t *table = ctl_table_new (8);
    s_header (ctl, table, &s_header_certs);
    for (size_t i = 0; i < count; i++) {
        const Training__Certificate *c = certificates [i];
        char issued [16], expires [16], review [16];
        s_date (c->issued_ms, issued, sizeof issued);
        s_date (c->expires_ms, expires, sizeof expires);
        s_date (c->review_due_ms, review, sizeof review);
        ctl_table_add (table, c->number);
        ctl_table_add (table, c->employee_code);
        ctl_table_add (table, ctl->lang == CTL_LANG_EN? c->type_en: c->type_zh);
        ctl_table_add (table, c->authority);
        ctl_table_add (table, issued);
        ctl_table_add (table, expires);
        ctl_table_add (table, review);
        ctl_table_add (table, s_state (ctl, c->state));
    }
    ctl_table_print (table, stdout);
    ctl_table_destroy (&table);
}

//  The reasons of person in the chosen language, "; " apart. Caller frees.
static char *
s_reasons (const ctl_t *ctl, const Training__QualificationPerson *person)
{
    size_t size = 1;
    for (size_t i = 0; i < person->n_reasons; i++)
        size += strlen (ctl->lang == CTL_LANG_EN? person->reasons [i]->en: person->reasons [i]->zh) + 2;
    char *text = calloc (1, size);
    for (size_t i = 0; text && i < person->n_reasons; i++) {
        if (i)
            strcat (text, "; ");
        strcat (text, ctl->lang == CTL_LANG_EN? person->reasons [i]->en: person->reasons [i]->zh);
    }
    return text;
}

//  --------------------------------------------------------------------------------------
//  Commands

static int
s_course_add (const ctl_t *ctl, const ctl_args_t *args)
{
    Training__CourseAdd add = TRAINING__COURSE_ADD__INIT;
    add.code = s_text (args, "code");
    add.title_zh = s_text (args, "title");
    add.title_en = s_text (args, "title-en");
    add.category = s_text (args, "category");
    add.unit_code = s_text (args, "unit");
    add.level = (Training__OnboardingLevel) s_level_parse (ctl_args_get (args, "level"));
    if (!add.level)
        return ctl_args_usage (ctl, args, &s_msg_bad_level, ctl_args_get (args, "level"));
    int rc = s_int (ctl, args, "hours", 0, &add.hours);
    if (rc)
        return rc;
    Training__Course *course;
    rc = ctl_daemon_show (ctl, S_DAEMON, &add.base, ctl_args_get (args, "key"), &training__course__descriptor, &course);
    if (course)
        ctl_print (ctl, stdout, &s_msg_course, course->code, course->title_zh, (int) course->hours,
                   s_level_name (ctl, course->level));
    sf_pb_destroy (&course);
    return rc;
}

static int
s_course_list (const ctl_t *ctl, const ctl_args_t *args)
{
    Training__CourseList list = TRAINING__COURSE_LIST__INIT;
    list.unit_code = s_text (args, "unit");
    Training__Courses *courses;
    int rc = ctl_daemon_show (ctl, S_DAEMON, &list.base, NULL, &training__courses__descriptor, &courses);
    if (courses) {
        ctl_table_t *table = ctl_table_new (6);
        s_header (ctl, table, &s_header_courses);
        for (size_t i = 0; i < courses->n_courses; i++) {
            const Training__Course *c = courses->courses [i];
            ctl_table_add (table, c->code);
            ctl_table_add (table, ctl->lang == CTL_LANG_EN && *c->title_en? c->title_en: c->title_zh);
            ctl_table_add (table, c->category);
            ctl_table_addf (table, "%d", (int) c->hours);
            ctl_table_add (table, s_level_name (ctl, c->level));
            ctl_table_add (table, c->unit_code);
        }
        ctl_table_print (table, stdout);
        ctl_table_destroy (&table);
    }
    sf_pb_destroy (&courses);
    return rc;
}

static int
s_session_add (const ctl_t *ctl, const ctl_args_t *args)
{
    Training__SessionAdd add = TRAINING__SESSION_ADD__INIT;
    add.course_code = s_text (args, "course");
    add.unit_code = s_text (args, "unit");
    add.trainer = s_text (args, "trainer");
    int rc = ctl_args_time (ctl, args, "date", false, &add.date_ms);
    if (rc)
        return rc;
    Training__Session *session;
    rc = ctl_daemon_show (ctl, S_DAEMON, &add.base, ctl_args_get (args, "key"), &training__session__descriptor,
                          &session);
    if (session) {
        char date [16];
        s_date (session->date_ms, date, sizeof date);
        ctl_print (ctl, stdout, &s_msg_session, (long long) session->id, session->course_code, session->unit_code,
                   date, (int) session->hours);
    }
    sf_pb_destroy (&session);
    return rc;
}

static int
s_session_list (const ctl_t *ctl, const ctl_args_t *args)
{
    Training__SessionList list = TRAINING__SESSION_LIST__INIT;
    list.unit_code = s_text (args, "unit");
    Training__Sessions *sessions;
    int rc = ctl_daemon_show (ctl, S_DAEMON, &list.base, NULL, &training__sessions__descriptor, &sessions);
    if (sessions) {
        ctl_table_t *table = ctl_table_new (7);
        s_header (ctl, table, &s_header_sessions);
        for (size_t i = 0; i < sessions->n_sessions; i++) {
            const Training__Session *s = sessions->sessions [i];
            char date [16];
            s_date (s->date_ms, date, sizeof date);
            ctl_table_addf (table, "%lld", (long long) s->id);
            ctl_table_add (table, s->course_code);
            ctl_table_add (table, s->unit_code);
            ctl_table_add (table, date);
            ctl_table_add (table, s->trainer);
            ctl_table_addf (table, "%d", (int) s->hours);
            ctl_table_addf (table, "%d", (int) s->attendees);
        }
        ctl_table_print (table, stdout);
        ctl_table_destroy (&table);
    }
    sf_pb_destroy (&sessions);
    return rc;
}

static int
s_attend (const ctl_t *ctl, const ctl_args_t *args)
{
    Training__SessionAttend attend = TRAINING__SESSION_ATTEND__INIT;
    char *end;
    attend.session_id = strtoll (args->operand, &end, 10);
    if (*end || attend.session_id <= 0)
        return ctl_args_usage (ctl, args, &s_msg_bad_number, args->operand);
    attend.employee_code = s_text (args, "employee");
    int rc = s_int (ctl, args, "hours", 0, &attend.hours);
    if (rc)
        return rc;
    Training__SessionAttendance *attendance;
    rc = ctl_daemon_show (ctl, S_DAEMON, &attend.base, ctl_args_get (args, "key"),
                          &training__session_attendance__descriptor, &attendance);
    if (attendance)
        ctl_print (ctl, stdout, &s_msg_attended, attendance->employee_code, (long long) attendance->session_id,
                   (int) attendance->hours, attendance->credited_to? s_level_name (ctl, attendance->credited_to):
                   ctl_text (ctl, &s_msg_none));
    sf_pb_destroy (&attendance);
    return rc;
}

static int
s_exam (const ctl_t *ctl, const ctl_args_t *args)
{
    Training__OnboardingRecordExam exam = TRAINING__ONBOARDING_RECORD_EXAM__INIT;
    exam.employee_code = s_text (args, "employee");
    exam.level = (Training__OnboardingLevel) s_level_parse (ctl_args_get (args, "level"));
    exam.passed = ctl_args_get (args, "failed") == NULL;
    if (!exam.level)
        return ctl_args_usage (ctl, args, &s_msg_bad_level, ctl_args_get (args, "level"));
    int rc = s_int (ctl, args, "score", 0, &exam.score);
    if (rc)
        return rc;
    Training__OnboardingLevelState *state;
    rc = ctl_daemon_show (ctl, S_DAEMON, &exam.base, ctl_args_get (args, "key"),
                          &training__onboarding_level_state__descriptor, &state);
    if (state)
        ctl_print (ctl, stdout, &s_msg_exam, s_level_name (ctl, state->level),
                   ctl_text (ctl, state->exam_passed? &s_msg_passed: &s_msg_failed), (int) state->exam_score,
                   (int) state->hours_credited, (int) state->hours_required,
                   ctl_text (ctl, state->passed_ms? &s_msg_level_passed: &s_msg_level_open));
    sf_pb_destroy (&state);
    return rc;
}

static int
s_absence (const ctl_t *ctl, const ctl_args_t *args)
{
    Training__OnboardingRecordAbsence absence = TRAINING__ONBOARDING_RECORD_ABSENCE__INIT;
    absence.employee_code = s_text (args, "employee");
    int rc = ctl_args_time (ctl, args, "away", false, &absence.away_from_ms);
    if (!rc)
        rc = ctl_args_time (ctl, args, "back", false, &absence.back_ms);
    if (rc)
        return rc;
    Training__OnboardingAbsence *reply;
    rc = ctl_daemon_show (ctl, S_DAEMON, &absence.base, ctl_args_get (args, "key"),
                          &training__onboarding_absence__descriptor, &reply);
    if (reply) {
        char away [16], back [16];
        s_date (reply->away_from_ms, away, sizeof away);
        s_date (reply->back_ms, back, sizeof back);
        ctl_print (ctl, stdout, &s_msg_absence, reply->employee_code, away, back,
                   reply->reopened? ctl_text (ctl, &s_msg_reopened): "");
    }
    sf_pb_destroy (&reply);
    return rc;
}

static int
s_cert_add (const ctl_t *ctl, const ctl_args_t *args)
{
    Training__CertificateAdd add = TRAINING__CERTIFICATE_ADD__INIT;
    add.employee_code = s_text (args, "employee");
    add.type_code = s_text (args, "type");
    add.number = s_text (args, "number");
    add.authority = s_text (args, "authority");
    int rc = ctl_args_time (ctl, args, "issued", false, &add.issued_ms);
    if (!rc)
        rc = ctl_args_time (ctl, args, "expires", false, &add.expires_ms);
    if (!rc)
        rc = ctl_args_time (ctl, args, "reviewed", false, &add.reviewed_ms);
    if (rc)
        return rc;
    Training__Certificate *c;
    rc = ctl_daemon_show (ctl, S_DAEMON, &add.base, ctl_args_get (args, "key"), &training__certificate__descriptor, &c);
    if (c) {
        char issued [16], expires [16];
        s_date (c->issued_ms, issued, sizeof issued);
        s_date (c->expires_ms, expires, sizeof expires);
        ctl_print (ctl, stdout, &s_msg_cert, ctl->lang == CTL_LANG_EN? c->type_en: c->type_zh, c->number,
                   c->employee_code, issued, expires, s_state (ctl, c->state));
    }
    sf_pb_destroy (&c);
    return rc;
}

static int
s_cert_list (const ctl_t *ctl, const ctl_args_t *args)
{
    Training__CertificateList list = TRAINING__CERTIFICATE_LIST__INIT;
    list.unit_code = s_text (args, "unit");
    list.due_within_days = ctl_args_number (args, "due-days", 0);
    Training__Certificates *certificates;
    int rc = ctl_daemon_show (ctl, S_DAEMON, &list.base, NULL, &training__certificates__descriptor, &certificates);
    if (certificates)
        s_print_certificates (ctl, certificates->certificates, certificates->n_certificates);
    sf_pb_destroy (&certificates);
    return rc;
}

static int
s_post_requires (const ctl_t *ctl, const ctl_args_t *args)
{
    Training__CertificatePostRequire require = TRAINING__CERTIFICATE_POST_REQUIRE__INIT;
    require.post_code = s_text (args, "post");
    require.type_code = s_text (args, "type");
    require.required = ctl_args_get (args, "remove") == NULL;
    Training__CertificatePostRequirements *reply;
    int rc = ctl_daemon_show (ctl, S_DAEMON, &require.base, ctl_args_get (args, "key"),
                              &training__certificate_post_requirements__descriptor, &reply);
    if (reply) {
        size_t size = 1;
        for (size_t i = 0; i < reply->n_type_codes; i++)
            size += strlen (reply->type_codes [i]) + 2;
        char *types = calloc (1, size);
        for (size_t i = 0; types && i < reply->n_type_codes; i++) {
            if (i)
                strcat (types, ", ");
            strcat (types, reply->type_codes [i]);
        }
        ctl_print (ctl, stdout, &s_msg_post, reply->post_code,
                   types && *types? types: ctl_text (ctl, &s_msg_none));
        free (types);
    }
    sf_pb_destroy (&reply);
    return rc;
}

static int
s_sector (const ctl_t *ctl, const ctl_args_t *args)
{
    Training__QualificationSetPlantSector set = TRAINING__QUALIFICATION_SET_PLANT_SECTOR__INIT;
    set.plant_code = s_text (args, "plant");
    set.sector_code = s_text (args, "sector");
    Training__QualificationPlantSector *reply;
    int rc = ctl_daemon_show (ctl, S_DAEMON, &set.base, ctl_args_get (args, "key"),
                              &training__qualification_plant_sector__descriptor, &reply);
    if (reply)
        ctl_print (ctl, stdout, &s_msg_sector, reply->plant_code, reply->high_risk?
                   (ctl->lang == CTL_LANG_EN? reply->sector_en: reply->sector_zh): ctl_text (ctl, &s_msg_not_high_risk));
    sf_pb_destroy (&reply);
    return rc;
}

static int
s_manager_post (const ctl_t *ctl, const ctl_args_t *args)
{
    Training__QualificationSetManagerPost set = TRAINING__QUALIFICATION_SET_MANAGER_POST__INIT;
    set.post_code = s_text (args, "post");
    set.manager = ctl_args_get (args, "remove") == NULL;
    Training__QualificationManagerPost *reply;
    int rc = ctl_daemon_show (ctl, S_DAEMON, &set.base, ctl_args_get (args, "key"),
                              &training__qualification_manager_post__descriptor, &reply);
    if (reply)
        ctl_print (ctl, stdout, &s_msg_manager_post, reply->post_code,
                   ctl_text (ctl, reply->manager? &s_msg_manager_yes: &s_msg_manager_no));
    sf_pb_destroy (&reply);
    return rc;
}

static int
s_plan_print (const ctl_t *ctl, const Training__CoursePlan *plan)
{
    ctl_print (ctl, stdout, &s_msg_plan, plan->unit_code, (int) plan->year, (long long) plan->version,
               (int) plan->sessions, (int) plan->hours, (int) plan->sessions_held, (int) plan->hours_delivered,
               (int) plan->percent, (int) plan->attendances);
    ctl_table_t *table = ctl_table_new (9);
    s_header (ctl, table, &s_header_plan);
    for (size_t i = 0; i < plan->n_items; i++) {
        const Training__CoursePlanItem *item = plan->items [i];
        ctl_table_add (table, item->course_code);
        ctl_table_add (table, ctl->lang == CTL_LANG_EN && *item->title_en? item->title_en: item->title_zh);
        ctl_table_addf (table, "%d", (int) item->sessions);
        ctl_table_addf (table, "%d", (int) item->hours);
        ctl_table_addf (table, "%d", (int) item->sessions_held);
        ctl_table_addf (table, "%d", (int) item->hours_delivered);
        ctl_table_addf (table, "%d%%", (int) item->percent);
        ctl_table_addf (table, "%d", (int) item->attendances);
        ctl_table_addf (table, "%d", (int) item->attendance_hours);
    }
    ctl_table_print (table, stdout);
    ctl_table_destroy (&table);
    return CTL_EXIT_OK;
}

//  --courses C1:4,C2:2:16 into the items of set (each the caller's to free).
static int
s_plan_items (const ctl_t *ctl, const ctl_args_t *args, Training__CoursePlanSet *set)
{
    const char *text = ctl_args_get (args, "courses");
    char *copy = strdup (text? text: "");
    int rc = CTL_EXIT_OK;
    char *save = NULL;
    for (char *part = strtok_r (copy, ",", &save); part && rc == CTL_EXIT_OK; part = strtok_r (NULL, ",", &save)) {
        char course [64];
        int sessions = 0, hours = 0, used = 0;
        int fields = sscanf (part, " %63[^:]:%d%n:%d%n", course, &sessions, &used, &hours, &used);
        if (fields < 2 || part [used] != '\0') {
            rc = ctl_args_usage (ctl, args, &s_msg_bad_plan_item, part);
            break;
        }
        Training__CoursePlanItem **grown = realloc (set->items, (set->n_items + 1) * sizeof *grown);
        if (!grown)
            break;
        set->items = grown;
        Training__CoursePlanItem *item = calloc (1, sizeof *item);
        training__course_plan_item__init (item);
        item->course_code = strdup (course);
        item->sessions = sessions;
        item->hours = fields > 2? hours: 0;
        set->items [set->n_items++] = item;
    }
    free (copy);
    return rc;
}

static int
s_plan_add (const ctl_t *ctl, const ctl_args_t *args)
{
    Training__CoursePlanSet set = TRAINING__COURSE_PLAN_SET__INIT;
    set.unit_code = s_text (args, "unit");
    int rc = s_int (ctl, args, "year", 0, &set.year);
    if (rc == CTL_EXIT_OK)
        rc = s_plan_items (ctl, args, &set);
    Training__CoursePlan *plan = NULL;
    if (rc == CTL_EXIT_OK)
        rc = ctl_daemon_show (ctl, S_DAEMON, &set.base, ctl_args_get (args, "key"), &training__course_plan__descriptor,
                              &plan);
    if (plan)
        s_plan_print (ctl, plan);
    for (size_t i = 0; i < set.n_items; i++) {
        free (set.items [i]->course_code);
        free (set.items [i]);
    }
    free (set.items);
    sf_pb_destroy (&plan);
    return rc;
}

static int
s_plan_show (const ctl_t *ctl, const ctl_args_t *args)
{
    Training__CoursePlanGet get = TRAINING__COURSE_PLAN_GET__INIT;
    get.unit_code = s_text (args, "unit");
    int rc = s_int (ctl, args, "year", 0, &get.year);
    Training__CoursePlan *plan = NULL;
    if (rc == CTL_EXIT_OK)
        rc = ctl_daemon_show (ctl, S_DAEMON, &get.base, NULL, &training__course_plan__descriptor, &plan);
    if (plan)
        s_plan_print (ctl, plan);
    sf_pb_destroy (&plan);
    return rc;
}

static int
s_unqualified (const ctl_t *ctl, const ctl_args_t *args)
{
    Training__QualificationGetUnqualified get = TRAINING__QUALIFICATION_GET_UNQUALIFIED__INIT;
    get.unit_code = s_text (args, "unit");
    Training__QualificationUnqualified *list;
    int rc = ctl_daemon_show (ctl, S_DAEMON, &get.base, NULL, &training__qualification_unqualified__descriptor, &list);
    if (list) {
        ctl_print (ctl, stdout, &s_msg_unqualified, list->unit_code, (int) list->employees, list->n_unqualified);
        ctl_table_t *table = ctl_table_new (4);
        s_header (ctl, table, &s_header_unqualified);
        for (size_t i = 0; i < list->n_unqualified; i++) {
            const Training__QualificationPerson *person = list->unqualified [i];
            char *reasons = s_reasons (ctl, person);
            ctl_table_add (table, person->employee_code);
            ctl_table_add (table, ctl->lang == CTL_LANG_EN && *person->name_en? person->name_en: person->name_zh);
            ctl_table_add (table, person->post_code);
            ctl_table_add (table, reasons? reasons: "");
            free (reasons);
        }
        ctl_table_print (table, stdout);
        ctl_table_destroy (&table);
    }
    sf_pb_destroy (&list);
    return rc;
}

static int
s_person_show (const ctl_t *ctl, const ctl_args_t *args)
{
    Training__QualificationGetPerson get = TRAINING__QUALIFICATION_GET_PERSON__INIT;
    get.employee_code = (char *) args->operand;
    Training__QualificationPerson *person;
    int rc = ctl_daemon_show (ctl, S_DAEMON, &get.base, NULL, &training__qualification_person__descriptor, &person);
    if (!person)
        return rc;
    ctl_print (ctl, stdout, &s_msg_person, person->employee_code,
               ctl->lang == CTL_LANG_EN && *person->name_en? person->name_en: person->name_zh, person->post_code,
               ctl_text (ctl, person->qualified? &s_msg_qualified: &s_msg_not_qualified));
    for (size_t i = 0; i < person->n_reasons; i++)
        printf ("  - %s\n", ctl->lang == CTL_LANG_EN? person->reasons [i]->en: person->reasons [i]->zh);
    ctl_table_t *table = ctl_table_new (5);
    s_header (ctl, table, &s_header_levels);
    for (size_t i = 0; i < person->n_levels; i++) {
        const Training__OnboardingLevelState *level = person->levels [i];
        char passed [16];
        s_date (level->passed_ms, passed, sizeof passed);
        ctl_table_add (table, s_level_name (ctl, level->level));
        ctl_table_addf (table, "%d/%d", (int) level->hours_credited, (int) level->hours_required);
        ctl_table_add (table, level->exam_recorded? ctl_text (ctl, level->exam_passed? &s_msg_passed: &s_msg_failed): "-");
        ctl_table_addf (table, "%d", (int) level->exam_score);
        ctl_table_add (table, passed);
    }
    ctl_table_print (table, stdout);
    ctl_table_destroy (&table);
    if (person->manager)
        ctl_print (ctl, stdout, &s_msg_manager_hours, (int) person->manager_initial_hours,
                   (int) person->manager_initial_required, (int) person->manager_yearly_hours,
                   (int) person->manager_yearly_required);
    if (person->refresher_required)
        ctl_print (ctl, stdout, &s_msg_refresher, (int) person->refresher_hours, (int) person->refresher_required);
    if (person->n_certificates)
        s_print_certificates (ctl, person->certificates, person->n_certificates);
    sf_pb_destroy (&person);
    return rc;
}

//  --------------------------------------------------------------------------------------
//  Tables

static const ctl_option_t s_course_add_options [] = {
    { "code", CTL_TEXT, "CODE", true, { "课程代码", "course code" } },
    { "title", CTL_TEXT, "TEXT", true, { "课程名称", "title (Chinese)" } },
    { "title-en", CTL_TEXT, "TEXT", false, { "英文名称", "title in English" } },
    { "category", CTL_TEXT, "CODE", true, { "知识库类别代码，如 safety_must_know", "category code, e.g. safety_must_know" } },
    { "hours", CTL_TEXT, "N", true, { "学时（1 至 100）", "class hours (1 to 100)" } },
    { "level", CTL_TEXT, "LEVEL", true, {
        "计入：company、department、team 或 refresher", "counts for: company, department, team or refresher" } },
    { "unit", CTL_TEXT, "CODE", true, { "开设单位：在它及其下级举办", "offering unit: held at it and below" } },
    CTL_OPTION_KEY,
    { NULL }
};
static const ctl_option_t s_unit_options [] = {
    { "unit", CTL_TEXT, "CODE", false, { "单位（含其下级；默认为您的单位）", "unit and below (default: yours)" } },
    { NULL }
};
static const ctl_option_t s_session_add_options [] = {
    { "course", CTL_TEXT, "CODE", true, { "课程代码", "course code" } },
    { "unit", CTL_TEXT, "CODE", true, { "举办单位：参加者为其下属员工", "holding unit: attendees are its employees" } },
    { "date", CTL_TEXT, "DATE", true, { "日期 YYYY-MM-DD", "date YYYY-MM-DD" } },
    { "trainer", CTL_TEXT, "NAME", true, { "授课人", "trainer" } },
    CTL_OPTION_KEY,
    { NULL }
};
static const ctl_option_t s_attend_options [] = {
    { "employee", CTL_TEXT, "CODE", true, { "员工代码", "employee code" } },
    { "hours", CTL_TEXT, "N", false, { "学时（默认本场次全部学时）", "class hours (default: the session's)" } },
    CTL_OPTION_KEY,
    { NULL }
};
static const ctl_option_t s_exam_options [] = {
    { "employee", CTL_TEXT, "CODE", true, { "员工代码", "employee code" } },
    { "level", CTL_TEXT, "LEVEL", true, { "company、department 或 team", "company, department or team" } },
    { "score", CTL_TEXT, "N", true, { "分数（0 至 100）", "score (0 to 100)" } },
    { "failed", CTL_SWITCH, NULL, false, { "未通过（默认为通过）", "failed (default: passed)" } },
    CTL_OPTION_KEY,
    { NULL }
};
static const ctl_option_t s_absence_options [] = {
    { "employee", CTL_TEXT, "CODE", true, { "员工代码", "employee code" } },
    { "away", CTL_TEXT, "DATE", false, { "离岗日期", "date they left" } },
    { "back", CTL_TEXT, "DATE", false, { "返岗日期", "date they came back" } },
    CTL_OPTION_KEY,
    { NULL }
};
static const ctl_option_t s_cert_add_options [] = {
    { "employee", CTL_TEXT, "CODE", true, { "员工代码", "employee code" } },
    { "type", CTL_TEXT, "TYPE", true, {
        "作业类别：electrician、welding、height、refrigeration、hazardous_chemicals、hoisting",
        "type: electrician, welding, height, refrigeration, hazardous_chemicals, hoisting" } },
    { "number", CTL_TEXT, "TEXT", true, { "证书编号", "certificate number" } },
    { "authority", CTL_TEXT, "TEXT", true, { "发证机关", "issuing authority" } },
    { "issued", CTL_TEXT, "DATE", true, { "发证日期", "issue date" } },
    { "expires", CTL_TEXT, "DATE", false, { "有效期至（默认按规定年限）", "expiry (default: the term of the rules)" } },
    { "reviewed", CTL_TEXT, "DATE", false, { "最近复审日期", "last review date" } },
    CTL_OPTION_KEY,
    { NULL }
};
static const ctl_option_t s_cert_list_options [] = {
    { "unit", CTL_TEXT, "CODE", false, { "单位（含其下级；默认为您的单位）", "unit and below (default: yours)" } },
    { "due-days", CTL_NUMBER, "N", false, { "只列出 N 天内到期或须复审的", "only those expiring or due for review within N days" } },
    { NULL }
};
static const ctl_option_t s_post_options [] = {
    { "post", CTL_TEXT, "CODE", true, { "岗位代码", "post code" } },
    { "type", CTL_TEXT, "TYPE", true, { "操作证类别", "certificate type" } },
    { "remove", CTL_SWITCH, NULL, false, { "取消该要求", "remove the requirement" } },
    CTL_OPTION_KEY,
    { NULL }
};
static const ctl_option_t s_sector_options [] = {
    { "plant", CTL_TEXT, "CODE", true, { "厂区代码", "plant code" } },
    { "sector", CTL_TEXT, "CODE", false, {
        "高危行业：coal_mine、non_coal_mine、hazardous_chemicals、fireworks、metal_smelting（不填则取消）",
        "high-risk sector: coal_mine, non_coal_mine, hazardous_chemicals, fireworks, metal_smelting (none clears)" } },
    CTL_OPTION_KEY,
    { NULL }
};
static const ctl_option_t s_manager_options [] = {
    { "post", CTL_TEXT, "CODE", true, { "岗位代码", "post code" } },
    { "remove", CTL_SWITCH, NULL, false, { "取消标记", "unmark the post" } },
    CTL_OPTION_KEY,
    { NULL }
};
static const ctl_option_t s_plan_add_options [] = {
    { "unit", CTL_TEXT, "CODE", true, { "单位代码", "unit code" } },
    { "year", CTL_TEXT, "YYYY", true, { "年度", "year" } },
    { "courses", CTL_TEXT, "C:N[:H],...", true, {
        "计划课程：课程代码:场次[:学时]，逗号分隔（学时缺省为 场次×课程学时）",
        "planned courses: COURSE:SESSIONS[:HOURS], comma-separated (hours default to sessions × the course's)" } },
    CTL_OPTION_KEY,
    { NULL }
};
static const ctl_option_t s_plan_show_options [] = {
    { "unit", CTL_TEXT, "CODE", true, { "单位代码", "unit code" } },
    { "year", CTL_TEXT, "YYYY", true, { "年度", "year" } },
    { NULL }
};

static const sf_text_t s_qual_details = {
    "学时依据《生产经营单位安全培训规定》（国家安监总局令第3号）；特种作业操作证依据国家安监总局令第30号；\n"
    "规定的数值见 services/training/README.md 与 README_qual.md。\n",
    "Hours follow the national training rules (order No. 3); special-operation certificates order No. 30;\n"
    "the numbers are in services/training/README.md and README_qual.md.\n"
};

#define S_LEAF(var, word, opnd, opts, fn, zh, en) \
    static const ctl_command_t var = { .name = word, .operand = opnd, .options = opts, .run = fn, \
                                       .summary = { zh, en } }
S_LEAF (s_course_add_command, "add", NULL, s_course_add_options, s_course_add, "新增课程", "Add a course");
S_LEAF (s_course_list_command, "list", NULL, s_unit_options, s_course_list, "列出单位可用的课程", "List the courses a unit may hold");
S_LEAF (s_session_add_command, "add", NULL, s_session_add_options, s_session_add, "安排培训场次", "Schedule a session");
S_LEAF (s_session_list_command, "list", NULL, s_unit_options, s_session_list, "列出培训场次", "List sessions");
S_LEAF (s_attend_command, "attend", "SESSION", s_attend_options, s_attend, "记录出勤并计入学时",
        "Record attendance and credit its hours");
S_LEAF (s_exam_command, "exam", NULL, s_exam_options, s_exam, "记录三级教育某一级的考试结果",
        "Record the exam of an onboarding level");
S_LEAF (s_absence_command, "absence", NULL, s_absence_options, s_absence, "登记离岗或返岗（离岗一年以上须重新培训）",
        "Record leaving or coming back (a year or more away: trained again)");
S_LEAF (s_cert_add_command, "add", NULL, s_cert_add_options, s_cert_add, "登记或更新特种作业操作证",
        "Record or update a special-operation certificate");
S_LEAF (s_cert_list_command, "list", NULL, s_cert_list_options, s_cert_list, "列出操作证", "List certificates");
S_LEAF (s_post_command, "post-requires", NULL, s_post_options, s_post_requires, "岗位要求的操作证",
        "A certificate a post requires");
S_LEAF (s_sector_command, "sector", NULL, s_sector_options, s_sector, "标记高危行业厂区（admin、ehs）",
        "Mark a plant as in a high-risk sector (admin, ehs)");
S_LEAF (s_manager_command, "manager-post", NULL, s_manager_options, s_manager_post,
        "标记主要负责人或安全生产管理人员岗位（admin、ehs）", "Mark a principal's or safety manager's post (admin, ehs)");
S_LEAF (s_plan_add_command, "add", NULL, s_plan_add_options, s_plan_add, "制定或替换单位的年度培训计划",
        "Set or replace a unit's yearly training plan");
S_LEAF (s_plan_show_command, "show", NULL, s_plan_show_options, s_plan_show, "年度培训计划及其完成情况",
        "A yearly training plan and its completion");
S_LEAF (s_unqualified_command, "unqualified", NULL, s_unit_options, s_unqualified, "谁不具备上岗资格，原因是什么",
        "Who is not qualified for their post, and why");
S_LEAF (s_person_show_command, "show", "EMPLOYEE", NULL, s_person_show, "一个人的三级教育、操作证与资格",
        "One person's levels, certificates and qualification");

static const ctl_command_t *const s_course_commands [] = { &s_course_add_command, &s_course_list_command, NULL };
static const ctl_command_t *const s_session_commands [] = { &s_session_add_command, &s_session_list_command, NULL };
static const ctl_command_t *const s_cert_commands [] = { &s_cert_add_command, &s_cert_list_command, NULL };
static const ctl_command_t *const s_plan_commands [] = { &s_plan_add_command, &s_plan_show_command, NULL };
static const ctl_command_t s_plan_group = {
    .name = "plan", .summary = { "年度培训计划", "Yearly training plans" }, .commands = s_plan_commands
};
static const ctl_command_t *const s_person_commands [] = { &s_person_show_command, NULL };
static const ctl_command_t s_course_group = {
    .name = "course", .summary = { "课程", "Courses" }, .commands = s_course_commands
};
static const ctl_command_t s_session_group = {
    .name = "session", .summary = { "培训场次", "Sessions" }, .commands = s_session_commands
};
static const ctl_command_t s_cert_group = {
    .name = "cert", .summary = { "特种作业操作证", "Special-operation certificates" }, .commands = s_cert_commands
};
static const ctl_command_t s_person_group = {
    .name = "person", .summary = { "人员", "People" }, .commands = s_person_commands
};

static const ctl_command_t *const s_commands [] = {
    &s_course_group, &s_session_group, &s_attend_command, &s_exam_command, &s_absence_command, &s_cert_group,
    &s_post_command, &s_sector_command, &s_manager_command, &s_plan_group, &s_unqualified_command, &s_person_group, NULL
};

const ctl_command_t ctl_training_qual_command = {
    .name = "qual",
    .summary = { "三级教育、证书与上岗资格", "Onboarding, certificates and who is qualified" },
    .commands = s_commands,
    .details = &s_qual_details
};
