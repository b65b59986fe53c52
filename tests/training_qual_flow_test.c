/*  training_qual_flow_test: the qual routes of a real training daemon, on a set clock. A
    safety officer of plant P adds courses of the three levels and sessions of them; attendance
    credits each level's hours and a recorded exam passes it; refusals (unknown person, a
    person outside the session's unit, hours out of range, a duplicate, a bad course, a
    certificate expiring before it was issued or beyond its term, an unknown type, a date in
    the future) change nothing. The post requires a certificate: who is unqualified and why,
    before and after it is recorded, then with the clock past its review date. An account of
    plant P2 holding every role there sees and touches nothing of plant P.                 */
#include "training_qual_testlib.h"
#include "sf_org.h"
#include "sf_pb.h"

#include <stdlib.h>
#include <string.h>

//  2026-03-02 08:00 Beijing time.
#define S_T0 1772409600000LL

static sf_status_t
s_course (sf_rpc_client_t *client, qt_stack_t *stack, const char *code, int level, int hours, const char *unit)
{
    Training__CourseAdd add = TRAINING__COURSE_ADD__INIT;
    add.code = (char *) code;
    add.title_zh = (char *) "三级安全教育";
    add.title_en = (char *) "Onboarding";
    add.category = (char *) "safety_must_know";
    add.hours = hours;
    add.level = (Training__OnboardingLevel) level;
    char unit_code [64];
    snprintf (unit_code, sizeof unit_code, "%s", qt_code (stack, unit));
    add.unit_code = unit_code;
    return qt_call (client, &add.base, NULL, NULL, NULL);
}

static int64_t
s_session (sf_rpc_client_t *client, qt_stack_t *stack, const char *course, const char *unit, sf_status_t expect)
{
    Training__SessionAdd add = TRAINING__SESSION_ADD__INIT;
    add.course_code = (char *) course;
    char unit_code [64];
    snprintf (unit_code, sizeof unit_code, "%s", qt_code (stack, unit));
    add.unit_code = unit_code;
    add.date_ms = S_T0;
    add.trainer = (char *) "李工";
    Training__Session *session = NULL;
    SF_CHECK (qt_call (client, &add.base, &training__session__descriptor, &session, NULL) == expect);
    int64_t id = session? session->id: 0;
    sf_pb_destroy (&session);
    return id;
}

static sf_status_t
s_attend (sf_rpc_client_t *client, int64_t session, const char *employee, int hours, Training__SessionAttendance **out)
{
    Training__SessionAttend attend = TRAINING__SESSION_ATTEND__INIT;
    attend.session_id = session;
    attend.employee_code = (char *) employee;
    attend.hours = hours;
    return qt_call (client, &attend.base, &training__session_attendance__descriptor, out, NULL);
}

static sf_status_t
s_exam (sf_rpc_client_t *client, const char *employee, int level, bool passed, int score)
{
    Training__OnboardingRecordExam exam = TRAINING__ONBOARDING_RECORD_EXAM__INIT;
    exam.employee_code = (char *) employee;
    exam.level = (Training__OnboardingLevel) level;
    exam.passed = passed;
    exam.score = score;
    return qt_call (client, &exam.base, NULL, NULL, NULL);
}

static sf_status_t
s_certificate (sf_rpc_client_t *client, const char *employee, const char *type, const char *number,
               int64_t issued, int64_t expires, int64_t reviewed, sf_reply_t *reply)
{
    Training__CertificateAdd add = TRAINING__CERTIFICATE_ADD__INIT;
    add.employee_code = (char *) employee;
    add.type_code = (char *) type;
    add.number = (char *) number;
    add.authority = (char *) "北京市应急管理局";
    add.issued_ms = issued;
    add.expires_ms = expires;
    add.reviewed_ms = reviewed;
    return qt_call (client, &add.base, NULL, NULL, reply);
}

static Training__QualificationUnqualified *
s_unqualified (sf_rpc_client_t *client, const char *unit, sf_status_t expect)
{
    Training__QualificationGetUnqualified get = TRAINING__QUALIFICATION_GET_UNQUALIFIED__INIT;
    get.unit_code = (char *) unit;
    Training__QualificationUnqualified *list = NULL;
    SF_CHECK (qt_call (client, &get.base, &training__qualification_unqualified__descriptor, &list, NULL) == expect);
    return list;
}

//  The reasons of employee in list, as "KIND KIND ..." (empty when qualified or absent).
static void
s_reasons_of (const Training__QualificationUnqualified *list, const char *employee, char *text, size_t size)
{
    *text = 0;
    for (size_t i = 0; i < list->n_unqualified; i++) {
        if (strcmp (list->unqualified [i]->employee_code, employee))
            continue;
        for (size_t j = 0; j < list->unqualified [i]->n_reasons; j++) {
            const Training__QualificationReason *reason = list->unqualified [i]->reasons [j];
            SF_CHECK (*reason->zh && *reason->en);
            const ProtobufCEnumValue *value = protobuf_c_enum_descriptor_get_value (
                &training__qualification_reason_kind__descriptor, reason->kind);
            size_t used = strlen (text);
            snprintf (text + used, size - used, "%s%s", used? " ": "", value->name + strlen ("QUALIFICATION_"));
        }
    }
}

//  The rows of the area's tables the routes write, to see that a refusal changed nothing
//  (the scheduled job may open others' levels and judge people meanwhile: left out).
static int64_t
s_rows (qt_stack_t *stack)
{
    return qt_count (stack,
        "SELECT (SELECT count(*) FROM qual_course) + (SELECT count(*) FROM qual_session)"
        " + (SELECT count(*) FROM qual_attendance)"
        " + (SELECT COALESCE (sum (hours_credited + COALESCE (exam_score, 0)), 0) + count(*) FROM qual_level"
        "    WHERE employee_code IN ('qfE1', 'qfE2'))"
        " + (SELECT count(*) FROM qual_certificate) + (SELECT count(*) FROM qual_post_certificate)"
        " + (SELECT count(*) FROM qual_plant_sector) + (SELECT count(*) FROM sf_outbox WHERE event_type NOT IN"
        "    ('training.onboarding_opened', 'training.person_qualified', 'training.person_unqualified',"
        "     'training.certificate_due'))", NULL);
}

int
main (void)
{
    qt_stack_t stack;
    qt_stack_start (&stack, "qual_flow", "qf");
    sf_test_daemon_set_clock (&stack.daemon, S_T0);
    //  The qual job opens every employee's onboarding on the minute after the clock moved: its
    //  level rows count in s_rows, so the refusals below are counted once it has.
    char employee_kind [8];
    snprintf (employee_kind, sizeof employee_kind, "%d", SF_ORG_EMPLOYEE);
    const char *unopened = "SELECT count(*) FROM sf_org_node n WHERE n.kind = $1::smallint AND n.active"
                           " AND NOT EXISTS (SELECT 1 FROM qual_onboarding o WHERE o.employee_code = n.code)";
    for (int waited = 0; waited < 15000 && qt_count (&stack, unopened, employee_kind) > 0; waited += 100)
        sf_test_sleep_ms (100);
    SF_CHECK (qt_count (&stack, unopened, employee_kind) == 0);
    qt_account (&stack, "officer", "safety_officer", "P");
    qt_account (&stack, "ehs", "ehs", "C");
    qt_account (&stack, "other", "admin,ehs,plant_safety_manager,department_head,safety_officer,team_leader", "P2");
    sf_rpc_client_t *officer = qt_client (&stack, "officer");
    sf_rpc_client_t *ehs = qt_client (&stack, "ehs");
    sf_rpc_client_t *other = qt_client (&stack, "other");
    char e1 [64], e2 [64], e3 [64], f1 [64], post [64], team [64], plant [64];
    snprintf (e1, sizeof e1, "%s", qt_code (&stack, "E1"));
    snprintf (e2, sizeof e2, "%s", qt_code (&stack, "E2"));
    snprintf (e3, sizeof e3, "%s", qt_code (&stack, "E3"));
    snprintf (f1, sizeof f1, "%s", qt_code (&stack, "F1"));
    snprintf (post, sizeof post, "%s", qt_code (&stack, "S"));
    snprintf (team, sizeof team, "%s", qt_code (&stack, "T"));
    snprintf (plant, sizeof plant, "%s", qt_code (&stack, "P"));

    //  Courses: one per level, each 8 hours (24 / 3), offered by the plant.
    SF_CHECK (s_course (officer, &stack, "QF-L1", 1, 8, "P") == SF_OK);
    SF_CHECK (s_course (officer, &stack, "QF-L2", 2, 8, "P") == SF_OK);
    SF_CHECK (s_course (officer, &stack, "QF-L3", 3, 8, "T") == SF_OK);
    int64_t before = s_rows (&stack);
    SF_CHECK (s_course (officer, &stack, "QF-L1", 1, 8, "P") == SF_ALREADY_EXISTS);
    SF_CHECK (s_course (officer, &stack, "QF-X", 1, 0, "P") == SF_INVALID_ARGUMENT);
    SF_CHECK (s_course (officer, &stack, "QF-X", 1, 101, "P") == SF_INVALID_ARGUMENT);
    SF_CHECK (s_course (officer, &stack, "QF-X", 7, 8, "P") == SF_INVALID_ARGUMENT);
    SF_CHECK (s_course (officer, &stack, "QF X", 1, 8, "P") == SF_INVALID_ARGUMENT);
    SF_CHECK (s_course (officer, &stack, "QF-X", 1, 8, "P2") == SF_PERMISSION_DENIED);
    SF_CHECK (s_rows (&stack) == before);

    int64_t l1 = s_session (officer, &stack, "QF-L1", "T", SF_OK);
    int64_t l2 = s_session (officer, &stack, "QF-L2", "T", SF_OK);
    int64_t l3 = s_session (officer, &stack, "QF-L3", "T", SF_OK);
    SF_CHECK (l1 && l2 && l3);
    //  A team course is not held in another team; an unknown course is not held at all.
    before = s_rows (&stack);
    s_session (officer, &stack, "QF-L3", "T2", SF_FAILED_PRECONDITION);
    s_session (officer, &stack, "QF-NONE", "T", SF_NOT_FOUND);
    SF_CHECK (s_rows (&stack) == before);

    //  Attendance: refusals first, nothing changed.
    sf_reply_t reply;
    SF_CHECK (s_attend (officer, l1, "qfNOBODY", 8, NULL) == SF_NOT_FOUND);
    SF_CHECK (s_attend (officer, l1, e3, 8, NULL) == SF_FAILED_PRECONDITION);
    SF_CHECK (s_attend (officer, l1, e1, 9, NULL) == SF_INVALID_ARGUMENT);
    SF_CHECK (s_attend (officer, l1, e1, -1, NULL) == SF_INVALID_ARGUMENT);
    SF_CHECK (s_attend (officer, 999999, e1, 8, NULL) == SF_NOT_FOUND);
    SF_CHECK (s_rows (&stack) == before);
    Training__SessionAttendance *attendance = NULL;
    SF_CHECK (s_attend (officer, l1, e1, 0, &attendance) == SF_OK);
    SF_CHECK (attendance->hours == 8 && attendance->credited_to == TRAINING__ONBOARDING_LEVEL__ONBOARDING_LEVEL_COMPANY);
    sf_pb_destroy (&attendance);
    before = s_rows (&stack);
    SF_CHECK (s_attend (officer, l1, e1, 8, NULL) == SF_ALREADY_EXISTS);
    SF_CHECK (s_rows (&stack) == before);
    SF_CHECK (s_attend (officer, l2, e1, 8, NULL) == SF_OK);
    SF_CHECK (s_attend (officer, l3, e1, 6, NULL) == SF_OK);
    SF_CHECK (s_attend (officer, l1, e2, 8, NULL) == SF_OK);

    //  Exams: bad levels and scores refused; E1 passes all three, E2 fails the company one.
    before = s_rows (&stack);
    SF_CHECK (s_exam (officer, e1, 4, true, 90) == SF_INVALID_ARGUMENT);
    SF_CHECK (s_exam (officer, e1, 1, true, 101) == SF_INVALID_ARGUMENT);
    SF_CHECK (s_exam (officer, "qfNOBODY", 1, true, 90) == SF_PERMISSION_DENIED);
    SF_CHECK (s_rows (&stack) == before);
    for (int level = 1; level <= 3; level++)
        SF_CHECK (s_exam (officer, e1, level, true, 90) == SF_OK);
    SF_CHECK (s_exam (officer, e1, 1, true, 95) == SF_FAILED_PRECONDITION);
    SF_CHECK (s_exam (officer, e2, 1, false, 60) == SF_OK);

    //  Who in the team is unqualified, and why: E1 lacks 2 team hours, E2 most things.
    char why [512];
    Training__QualificationUnqualified *list = s_unqualified (officer, team, SF_OK);
    SF_CHECK (list->employees == 2 && list->n_unqualified == 2);
    s_reasons_of (list, e1, why, sizeof why);
    SF_CHECK_STR (why, "LEVEL_HOURS_SHORT");
    s_reasons_of (list, e2, why, sizeof why);
    SF_CHECK_STR (why, "EXAM_FAILED LEVEL_HOURS_SHORT EXAM_ABSENT LEVEL_HOURS_SHORT EXAM_ABSENT");
    sf_pb_destroy (&list);
    int64_t l3b = s_session (officer, &stack, "QF-L3", "T", SF_OK);
    SF_CHECK (s_attend (officer, l3b, e1, 2, NULL) == SF_OK);

    //  The post requires an electrician's certificate.
    Training__CertificatePostRequire require = TRAINING__CERTIFICATE_POST_REQUIRE__INIT;
    require.post_code = post;
    require.type_code = (char *) "electrician";
    require.required = true;
    SF_CHECK (qt_call (officer, &require.base, NULL, NULL, NULL) == SF_OK);
    require.type_code = (char *) "juggling";
    SF_CHECK (qt_call (officer, &require.base, NULL, NULL, NULL) == SF_INVALID_ARGUMENT);
    require.post_code = team;
    require.type_code = (char *) "welding";
    SF_CHECK (qt_call (officer, &require.base, NULL, NULL, NULL) == SF_INVALID_ARGUMENT);
    list = s_unqualified (officer, team, SF_OK);
    s_reasons_of (list, e1, why, sizeof why);
    SF_CHECK_STR (why, "CERT_MISSING");
    sf_pb_destroy (&list);

    //  Certificates: bad dates refused with a clear reason, nothing changed.
    before = s_rows (&stack);
    int64_t issued = S_T0 - 1000 * QT_DAY_MS;
    SF_CHECK (s_certificate (officer, e1, "electrician", "T1", issued, issued - QT_DAY_MS, 0, &reply)
              == SF_INVALID_ARGUMENT);
    SF_CHECK (strstr (reply.reason_en, "is not after the issue date") && strstr (reply.reason_zh, "早于"));
    sf_reply_clear (&reply);
    SF_CHECK (s_certificate (officer, e1, "electrician", "T1", issued, issued + 7 * 366 * QT_DAY_MS, 0, NULL)
              == SF_INVALID_ARGUMENT);
    SF_CHECK (s_certificate (officer, e1, "electrician", "T1", S_T0 + 3 * QT_DAY_MS, 0, 0, NULL) == SF_INVALID_ARGUMENT);
    SF_CHECK (s_certificate (officer, e1, "juggling", "T1", issued, 0, 0, NULL) == SF_INVALID_ARGUMENT);
    SF_CHECK (s_certificate (officer, e1, "electrician", "T1", issued, 0, S_T0 + QT_DAY_MS * 5, NULL)
              == SF_INVALID_ARGUMENT);
    SF_CHECK (s_rows (&stack) == before);
    //  Issued 1000 days ago: the review falls 3 years after issue (95 days ahead), expiry 6.
    Training__Certificate *certificate = NULL;
    Training__CertificateAdd add = TRAINING__CERTIFICATE_ADD__INIT;
    add.employee_code = e1;
    add.type_code = (char *) "electrician";
    add.number = (char *) "T1";
    add.authority = (char *) "北京市应急管理局";
    add.issued_ms = issued;
    SF_CHECK (qt_call (officer, &add.base, &training__certificate__descriptor, &certificate, NULL) == SF_OK);
    SF_CHECK (certificate->review_due_ms > S_T0 + 90 * QT_DAY_MS && certificate->review_due_ms < S_T0 + 100 * QT_DAY_MS);
    SF_CHECK (certificate->state == TRAINING__CERTIFICATE_STATE__CERTIFICATE_VALID);
    sf_pb_destroy (&certificate);
    //  The same number for another person is refused.
    SF_CHECK (s_certificate (officer, e2, "electrician", "T1", issued, 0, 0, NULL) == SF_ALREADY_EXISTS);
    list = s_unqualified (officer, team, SF_OK);
    SF_CHECK (list->n_unqualified == 1);
    s_reasons_of (list, e1, why, sizeof why);
    SF_CHECK_STR (why, "");
    sf_pb_destroy (&list);

    //  Forty days on the certificate is due (within 60 days of its review); a hundred days on,
    //  its review has passed: E1 is unqualified again, told why.
    sf_test_daemon_set_clock (&stack.daemon, S_T0 + 40 * QT_DAY_MS);
    Training__CertificateList certificates_of = TRAINING__CERTIFICATE_LIST__INIT;
    certificates_of.unit_code = plant;
    certificates_of.due_within_days = 60;
    Training__Certificates *certificates = NULL;
    SF_CHECK (qt_call (officer, &certificates_of.base, &training__certificates__descriptor, &certificates, NULL) == SF_OK);
    SF_CHECK (certificates->n_certificates == 1
              && certificates->certificates [0]->state == TRAINING__CERTIFICATE_STATE__CERTIFICATE_DUE);
    sf_pb_destroy (&certificates);
    sf_test_daemon_set_clock (&stack.daemon, S_T0 + 100 * QT_DAY_MS);
    list = s_unqualified (officer, team, SF_OK);
    s_reasons_of (list, e1, why, sizeof why);
    SF_CHECK_STR (why, "CERT_UNREVIEWED");
    sf_pb_destroy (&list);
    //  A review recorded: valid again.
    add.reviewed_ms = S_T0 + 99 * QT_DAY_MS;
    SF_CHECK (qt_call (officer, &add.base, &training__certificate__descriptor, &certificate, NULL) == SF_OK);
    SF_CHECK (certificate->version == 2 && certificate->review_due_ms == 0);
    sf_pb_destroy (&certificate);

    //  The person in full.
    Training__QualificationGetPerson get = TRAINING__QUALIFICATION_GET_PERSON__INIT;
    get.employee_code = e1;
    Training__QualificationPerson *person = NULL;
    SF_CHECK (qt_call (officer, &get.base, &training__qualification_person__descriptor, &person, NULL) == SF_OK);
    SF_CHECK (person->qualified && person->n_levels == 3 && person->n_certificates == 1);
    SF_CHECK (person->n_required_certificates == 1 && person->levels [2]->hours_credited == 8);
    sf_pb_destroy (&person);

    //  A high-risk plant: only admin and ehs mark it; the officer may not.
    Training__QualificationSetPlantSector sector = TRAINING__QUALIFICATION_SET_PLANT_SECTOR__INIT;
    sector.plant_code = plant;
    sector.sector_code = (char *) "hazardous_chemicals";
    SF_CHECK (qt_call (officer, &sector.base, NULL, NULL, NULL) == SF_PERMISSION_DENIED);
    sector.sector_code = (char *) "bakery";
    SF_CHECK (qt_call (ehs, &sector.base, NULL, NULL, NULL) == SF_INVALID_ARGUMENT);
    sector.sector_code = (char *) "hazardous_chemicals";
    SF_CHECK (qt_call (ehs, &sector.base, NULL, NULL, NULL) == SF_OK);
    //  The levels not yet passed take the high-risk hours (72 in three); passed ones stay.
    SF_CHECK (qt_count (&stack, "SELECT hours_required FROM qual_level WHERE level = 2 AND employee_code = $1", e2) == 24);
    SF_CHECK (qt_count (&stack, "SELECT hours_required FROM qual_level WHERE level = 2 AND employee_code = $1", e1) == 8);

    //  Plant P2's account, every role there: nothing of plant P, its own plant empty.
    before = s_rows (&stack);
    SF_CHECK (s_unqualified (other, team, SF_PERMISSION_DENIED) == NULL);
    list = s_unqualified (other, "", SF_OK);
    SF_CHECK (list->n_unqualified == 1 && strcmp (list->unqualified [0]->employee_code, f1) == 0);
    sf_pb_destroy (&list);
    Training__CourseList courses_of = TRAINING__COURSE_LIST__INIT;
    courses_of.unit_code = (char *) "";
    Training__Courses *courses = NULL;
    SF_CHECK (qt_call (other, &courses_of.base, &training__courses__descriptor, &courses, NULL) == SF_OK);
    SF_CHECK (courses->n_courses == 0);
    sf_pb_destroy (&courses);
    courses_of.unit_code = plant;
    SF_CHECK (qt_call (other, &courses_of.base, NULL, NULL, NULL) == SF_PERMISSION_DENIED);
    Training__SessionList sessions_of = TRAINING__SESSION_LIST__INIT;
    sessions_of.unit_code = team;
    SF_CHECK (qt_call (other, &sessions_of.base, NULL, NULL, NULL) == SF_PERMISSION_DENIED);
    certificates_of.unit_code = plant;
    SF_CHECK (qt_call (other, &certificates_of.base, NULL, NULL, NULL) == SF_PERMISSION_DENIED);
    certificates_of.unit_code = (char *) "";
    SF_CHECK (qt_call (other, &certificates_of.base, &training__certificates__descriptor, &certificates, NULL) == SF_OK);
    SF_CHECK (certificates->n_certificates == 0);
    sf_pb_destroy (&certificates);
    SF_CHECK (qt_call (other, &get.base, NULL, NULL, NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (s_attend (other, l1, e2, 8, NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (s_attend (other, l1, f1, 8, NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (s_exam (other, e2, 2, true, 90) == SF_PERMISSION_DENIED);
    SF_CHECK (s_certificate (other, e2, "welding", "W9", issued, 0, 0, NULL) == SF_PERMISSION_DENIED);
    require.post_code = post;
    SF_CHECK (qt_call (other, &require.base, NULL, NULL, NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (qt_call (other, &sector.base, NULL, NULL, NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (s_session (other, &stack, "QF-L1", "T", SF_PERMISSION_DENIED) == 0);
    SF_CHECK (s_course (other, &stack, "QF-Y", 1, 8, "T") == SF_PERMISSION_DENIED);
    Training__OnboardingRecordAbsence away = TRAINING__ONBOARDING_RECORD_ABSENCE__INIT;
    away.employee_code = e2;
    away.away_from_ms = S_T0;
    SF_CHECK (qt_call (other, &away.base, NULL, NULL, NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (s_rows (&stack) == before);

    //  A return after more than a year away opens department and team again.
    SF_CHECK (qt_call (officer, &away.base, NULL, NULL, NULL) == SF_OK);
    sf_test_daemon_set_clock (&stack.daemon, S_T0 + 400 * QT_DAY_MS);
    away.away_from_ms = 0;
    away.back_ms = S_T0 + 390 * QT_DAY_MS;
    Training__OnboardingAbsence *absence = NULL;
    SF_CHECK (qt_call (officer, &away.base, &training__onboarding_absence__descriptor, &absence, NULL) == SF_OK);
    SF_CHECK (absence->reopened && absence->away_from_ms == S_T0);
    sf_pb_destroy (&absence);
    away.away_from_ms = S_T0 + 395 * QT_DAY_MS;
    SF_CHECK (qt_call (officer, &away.base, NULL, NULL, NULL) == SF_INVALID_ARGUMENT);
    SF_CHECK (qt_count (&stack, "SELECT round FROM qual_onboarding WHERE employee_code = $1", e2) == 2);
    SF_CHECK (qt_count (&stack, "SELECT count(*) FROM sf_outbox WHERE event_type = 'training.onboarding_opened'"
                                " AND envelope IS NOT NULL AND plant = $1", plant) >= 3);

    sf_rpc_client_destroy (&officer);
    sf_rpc_client_destroy (&ehs);
    sf_rpc_client_destroy (&other);
    qt_stack_stop (&stack);
    printf ("training_qual_flow_test: ok\n");
    return 0;
}
