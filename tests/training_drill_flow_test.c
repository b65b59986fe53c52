/*  Drills and campaigns through a real directory and training daemon (README_drill.md): a
    drill planned, given participants, held, evaluated with findings, another cancelled; every
    wrong transition and bad input refused with its reason and nothing changed; a campaign of
    the qual area's sessions and its completion per unit; an account of the other plant with
    every role there sees and touches nothing of plant P.                                   */
#include "training_qual_testlib.h"
#include "training_drill.pb-c.h"
#include "sf_clock.h"
#include "sf_pb.h"

#include <string.h>

#define S_HOUR_MS (3600 * 1000LL)

static qt_stack_t s_stack;

static const char *
s_code (const char *suffix)
{
    return qt_code (&s_stack, suffix);
}

static int64_t
s_count (const char *sql)
{
    return qt_count (&s_stack, sql, NULL);
}

//  Checks that a refusal's English reason holds words.
static void
s_refused (sf_rpc_client_t *client, const ProtobufCMessage *request, sf_status_t expected, const char *words)
{
    sf_reply_t reply = { 0 };
    sf_status_t status = qt_call (client, request, NULL, NULL, &reply);
    if (status != expected || (words && (!reply.reason_en || !strstr (reply.reason_en, words)))) {
        fprintf (stderr, "%s: expected %s with '%s', got %s: %s\n", request->descriptor->name,
                 sf_status_name (expected), words? words: "", sf_status_name (status),
                 reply.reason_en? reply.reason_en: "");
        sf_test_sh ("tail -40 %s >&2", s_stack.daemon.log_path);
        abort ();
    }
    SF_CHECK (reply.reason_zh && *reply.reason_zh);
    sf_reply_clear (&reply);
}

static Training__Drill *
s_plan (sf_rpc_client_t *client, const char *unit, const char *kind, const char *organiser, sf_status_t expected)
{
    char unit_code [64], organiser_code [64];
    snprintf (unit_code, sizeof unit_code, "%s", s_code (unit));
    snprintf (organiser_code, sizeof organiser_code, "%s", s_code (organiser));
    Training__DrillPlan plan = TRAINING__DRILL_PLAN__INIT;
    plan.unit_code = unit_code;
    plan.kind_code = (char *) kind;
    plan.scenario = (char *) "二号厂房配电室起火，人员疏散并初期扑救";
    plan.planned_ms = sf_clock_now_ms () + 24 * S_HOUR_MS;
    plan.organiser = organiser_code;
    Training__Drill *drill = NULL;
    SF_CHECK (qt_call (client, &plan.base, &training__drill__descriptor, &drill, NULL) == expected);
    return drill;
}

static void
s_drills (void)
{
    qt_account (&s_stack, "officer", "safety_officer", "P");
    qt_account (&s_stack, "worker", "worker", "P");
    qt_account (&s_stack, "foreign", "admin,ehs,plant_safety_manager,department_head,safety_officer,team_leader,worker",
                "P2");
    sf_rpc_client_t *officer = qt_client (&s_stack, "officer");
    sf_rpc_client_t *worker = qt_client (&s_stack, "worker");
    sf_rpc_client_t *foreign = qt_client (&s_stack, "foreign");

    //  The kinds are data.
    Training__DrillKindList kind_list = TRAINING__DRILL_KIND_LIST__INIT;
    Training__DrillKinds *kinds = NULL;
    SF_CHECK (qt_call (worker, &kind_list.base, &training__drill_kinds__descriptor, &kinds, NULL) == SF_OK);
    SF_CHECK (kinds->n_kinds >= 6);
    SF_CHECK_STR (kinds->kinds [0]->code, "fire");
    SF_CHECK_STR (kinds->kinds [0]->name_en, "Fire");
    sf_pb_destroy (&kinds);

    //  Planning: bad input and the wrong people refused, nothing stored.
    Training__DrillPlan plan = TRAINING__DRILL_PLAN__INIT;
    char unit [64], organiser [64], other [64];
    snprintf (unit, sizeof unit, "%s", s_code ("D"));
    snprintf (organiser, sizeof organiser, "%s", s_code ("E1"));
    snprintf (other, sizeof other, "%s", s_code ("F1"));
    plan.unit_code = unit;
    plan.kind_code = (char *) "fire";
    plan.scenario = (char *) "配电室起火";
    plan.planned_ms = sf_clock_now_ms () + 24 * S_HOUR_MS;
    plan.organiser = organiser;
    plan.kind_code = (char *) "earthquake";
    s_refused (officer, &plan.base, SF_INVALID_ARGUMENT, "unknown drill kind 'earthquake'");
    plan.kind_code = (char *) "fire";
    plan.organiser = other;
    s_refused (officer, &plan.base, SF_FAILED_PRECONDITION, "is not at or below the drill's unit");
    plan.organiser = (char *) "nobody";
    s_refused (officer, &plan.base, SF_NOT_FOUND, "there is no employee 'nobody'");
    plan.organiser = organiser;
    plan.planned_ms = 0;
    s_refused (officer, &plan.base, SF_INVALID_ARGUMENT, "planned date");
    plan.planned_ms = sf_clock_now_ms ();
    plan.scenario = (char *) "   ";
    s_refused (officer, &plan.base, SF_INVALID_ARGUMENT, "scenario");
    plan.scenario = (char *) "配电室起火";
    plan.unit_code = (char *) "nowhere";
    s_refused (officer, &plan.base, SF_PERMISSION_DENIED, NULL);
    plan.unit_code = unit;
    s_refused (worker, &plan.base, SF_PERMISSION_DENIED, NULL);
    s_refused (foreign, &plan.base, SF_PERMISSION_DENIED, NULL);
    SF_CHECK (s_count ("SELECT count(*) FROM drill") == 0);

    Training__Drill *drill = s_plan (officer, "D", "fire", "E1", SF_OK);
    SF_CHECK (drill->state == TRAINING__DRILL_STATE__DRILL_PLANNED);
    SF_CHECK_STR (drill->kind_zh, "火灾事故应急演练");
    SF_CHECK_STR (drill->plant_code, s_code ("P"));
    SF_CHECK (drill->version == 1);
    int64_t id = drill->id;
    sf_pb_destroy (&drill);
    SF_CHECK (qt_wait_events (&s_stack, "training.drill_planned", 1, 5000));

    //  Participants: employees of the unit's subtree, all or none.
    Training__DrillParticipantsAdd add = TRAINING__DRILL_PARTICIPANTS_ADD__INIT;
    char e1 [64], e2 [64], e3 [64];
    snprintf (e1, sizeof e1, "%s", s_code ("E1"));
    snprintf (e2, sizeof e2, "%s", s_code ("E2"));
    snprintf (e3, sizeof e3, "%s", s_code ("E3"));
    char *outside [] = { e1, other };
    add.drill_id = id;
    add.employee_codes = outside;
    add.n_employee_codes = 2;
    s_refused (officer, &add.base, SF_FAILED_PRECONDITION, "is not at or below the drill's unit");
    char *ghost [] = { (char *) "ghost" };
    add.employee_codes = ghost;
    add.n_employee_codes = 1;
    s_refused (officer, &add.base, SF_NOT_FOUND, "there is no employee 'ghost'");
    add.n_employee_codes = 0;
    s_refused (officer, &add.base, SF_INVALID_ARGUMENT, "participants");
    SF_CHECK (s_count ("SELECT count(*) FROM drill_participant") == 0);
    char *people [] = { e1, e2, e3, e1 };
    add.employee_codes = people;
    add.n_employee_codes = 4;
    SF_CHECK (qt_call (officer, &add.base, &training__drill__descriptor, &drill, NULL) == SF_OK);
    SF_CHECK (drill->n_participants == 3);
    sf_pb_destroy (&drill);

    //  Wrong transitions: evaluated before held.
    Training__DrillEvaluate evaluate = TRAINING__DRILL_EVALUATE__INIT;
    evaluate.drill_id = id;
    evaluate.has_score = true;
    evaluate.score = 85;
    s_refused (officer, &evaluate.base, SF_FAILED_PRECONDITION, "is planned: it cannot be evaluated");

    //  Held: not in the future, a sensible duration.
    Training__DrillHold hold = TRAINING__DRILL_HOLD__INIT;
    hold.drill_id = id;
    hold.held_ms = sf_clock_now_ms () + 24 * S_HOUR_MS;
    hold.duration_minutes = 90;
    s_refused (officer, &hold.base, SF_INVALID_ARGUMENT, "in the future");
    hold.held_ms = sf_clock_now_ms () - S_HOUR_MS;
    hold.duration_minutes = 0;
    s_refused (officer, &hold.base, SF_INVALID_ARGUMENT, "out of range");
    hold.duration_minutes = 90;
    s_refused (worker, &hold.base, SF_PERMISSION_DENIED, NULL);
    s_refused (foreign, &hold.base, SF_PERMISSION_DENIED, NULL);
    SF_CHECK (s_count ("SELECT count(*) FROM drill WHERE state = 1 AND version = 2") == 1);
    SF_CHECK (qt_call (officer, &hold.base, &training__drill__descriptor, &drill, NULL) == SF_OK);
    SF_CHECK (drill->state == TRAINING__DRILL_STATE__DRILL_HELD);
    SF_CHECK (drill->duration_minutes == 90);
    sf_pb_destroy (&drill);
    s_refused (officer, &hold.base, SF_FAILED_PRECONDITION, "is held: it cannot be held");

    //  Evaluation: a score or a grade; findings charged within the drill's plant.
    char team [64], department [64], far [64];
    snprintf (team, sizeof team, "%s", s_code ("T"));
    snprintf (department, sizeof department, "%s", s_code ("D"));
    snprintf (far, sizeof far, "%s", s_code ("D9"));
    Training__DrillFindingInput first = TRAINING__DRILL_FINDING_INPUT__INIT;
    first.description = (char *) "灭火器压力不足";
    first.severity = TRAINING__DRILL_FINDING_SEVERITY__DRILL_FINDING_GENERAL;
    first.responsible_unit = team;
    Training__DrillFindingInput second = TRAINING__DRILL_FINDING_INPUT__INIT;
    second.description = (char *) "应急疏散通道堵塞";
    second.severity = TRAINING__DRILL_FINDING_SEVERITY__DRILL_FINDING_MAJOR;
    second.responsible_unit = far;
    Training__DrillFindingInput *findings [] = { &first, &second };
    evaluate.findings = findings;
    evaluate.n_findings = 2;
    evaluate.has_score = false;
    s_refused (officer, &evaluate.base, SF_INVALID_ARGUMENT, "needs a score or a grade");
    evaluate.has_score = true;
    evaluate.score = 150;
    s_refused (officer, &evaluate.base, SF_INVALID_ARGUMENT, "score 150 is out of range");
    evaluate.score = 85;
    s_refused (officer, &evaluate.base, SF_FAILED_PRECONDITION, "finding 2: the responsible unit");
    second.responsible_unit = department;
    second.severity = 7;
    s_refused (officer, &evaluate.base, SF_INVALID_ARGUMENT, "finding 2: severity 7");
    second.severity = TRAINING__DRILL_FINDING_SEVERITY__DRILL_FINDING_MAJOR;
    s_refused (foreign, &evaluate.base, SF_PERMISSION_DENIED, NULL);
    SF_CHECK (s_count ("SELECT count(*) FROM drill_finding") == 0);
    SF_CHECK (s_count ("SELECT count(*) FROM drill WHERE state = 2 AND score IS NULL") == 1);
    evaluate.grade = TRAINING__DRILL_GRADE__DRILL_GRADE_GOOD;
    evaluate.strengths = (char *) "响应迅速";
    evaluate.problems = (char *) "器材检查不到位";
    SF_CHECK (qt_call (officer, &evaluate.base, &training__drill__descriptor, &drill, NULL) == SF_OK);
    SF_CHECK (drill->state == TRAINING__DRILL_STATE__DRILL_EVALUATED);
    SF_CHECK (drill->score == 85 && drill->has_score && drill->grade == TRAINING__DRILL_GRADE__DRILL_GRADE_GOOD);
    SF_CHECK (drill->n_findings == 2);
    SF_CHECK (drill->findings [1]->severity == TRAINING__DRILL_FINDING_SEVERITY__DRILL_FINDING_MAJOR);
    SF_CHECK (drill->findings [0]->sent_ms == 0);
    sf_pb_destroy (&drill);
    SF_CHECK (qt_wait_events (&s_stack, "training.drill_evaluated", 1, 5000));
    SF_CHECK (s_count ("SELECT count(*) FROM drill_finding WHERE sent_ms IS NULL") == 2);

    //  Cancelled: only planned or held drills, with a reason.
    Training__DrillCancel cancel = TRAINING__DRILL_CANCEL__INIT;
    cancel.drill_id = id;
    cancel.reason = (char *) "天气原因";
    s_refused (officer, &cancel.base, SF_FAILED_PRECONDITION, "is evaluated: it cannot be cancelled");
    drill = s_plan (officer, "T2", "electric_shock", "E3", SF_OK);
    cancel.drill_id = drill->id;
    sf_pb_destroy (&drill);
    cancel.reason = (char *) "";
    s_refused (officer, &cancel.base, SF_INVALID_ARGUMENT, NULL);
    cancel.reason = (char *) "设备检修，延期";
    s_refused (foreign, &cancel.base, SF_PERMISSION_DENIED, NULL);
    SF_CHECK (qt_call (officer, &cancel.base, &training__drill__descriptor, &drill, NULL) == SF_OK);
    SF_CHECK (drill->state == TRAINING__DRILL_STATE__DRILL_CANCELLED);
    SF_CHECK_STR (drill->cancel_reason, "设备检修，延期");
    sf_pb_destroy (&drill);
    hold.drill_id = cancel.drill_id;
    s_refused (officer, &hold.base, SF_FAILED_PRECONDITION, "is cancelled: it cannot be held");
    SF_CHECK (qt_wait_events (&s_stack, "training.drill_cancelled", 1, 5000));
    SF_CHECK (s_count ("SELECT count(*) FROM sf_outbox WHERE event_type LIKE 'training.drill_%'") == 5);

    //  Reading: the officer sees both, filtered by state; a worker of P reads; the other
    //  plant sees nothing.
    Training__DrillList list = TRAINING__DRILL_LIST__INIT;
    Training__Drills *drills = NULL;
    SF_CHECK (qt_call (officer, &list.base, &training__drills__descriptor, &drills, NULL) == SF_OK);
    SF_CHECK (drills->n_drills == 2);
    sf_pb_destroy (&drills);
    list.state = TRAINING__DRILL_STATE__DRILL_EVALUATED;
    SF_CHECK (qt_call (worker, &list.base, &training__drills__descriptor, &drills, NULL) == SF_OK);
    SF_CHECK (drills->n_drills == 1 && drills->drills [0]->id == id);
    sf_pb_destroy (&drills);
    list.state = 0;
    SF_CHECK (qt_call (foreign, &list.base, &training__drills__descriptor, &drills, NULL) == SF_OK);
    SF_CHECK (drills->n_drills == 0);
    sf_pb_destroy (&drills);
    char plant [64];
    snprintf (plant, sizeof plant, "%s", s_code ("P"));
    list.unit_code = plant;
    s_refused (foreign, &list.base, SF_PERMISSION_DENIED, NULL);
    Training__DrillGet get = TRAINING__DRILL_GET__INIT;
    get.drill_id = id;
    s_refused (foreign, &get.base, SF_PERMISSION_DENIED, NULL);
    SF_CHECK (qt_call (worker, &get.base, &training__drill__descriptor, &drill, NULL) == SF_OK);
    SF_CHECK (drill->n_participants == 3 && drill->n_findings == 2);
    sf_pb_destroy (&drill);
    get.drill_id = 999999;
    s_refused (officer, &get.base, SF_NOT_FOUND, "there is no drill 999999");

    sf_rpc_client_destroy (&officer);
    sf_rpc_client_destroy (&worker);
    sf_rpc_client_destroy (&foreign);
}

static int64_t
s_session (sf_rpc_client_t *client, const char *course, const char *unit, int64_t date_ms)
{
    char unit_code [64];
    snprintf (unit_code, sizeof unit_code, "%s", s_code (unit));
    Training__SessionAdd add = TRAINING__SESSION_ADD__INIT;
    add.course_code = (char *) course;
    add.unit_code = unit_code;
    add.date_ms = date_ms;
    add.trainer = (char *) "李老师";
    Training__Session *session = NULL;
    SF_CHECK (qt_call (client, &add.base, &training__session__descriptor, &session, NULL) == SF_OK);
    int64_t id = session->id;
    sf_pb_destroy (&session);
    return id;
}

static void
s_campaigns (void)
{
    qt_account (&s_stack, "ehs", "ehs", "C");
    sf_rpc_client_t *ehs = qt_client (&s_stack, "ehs");
    sf_rpc_client_t *officer = qt_client (&s_stack, "officer");
    sf_rpc_client_t *foreign = qt_client (&s_stack, "foreign");
    int64_t now = sf_clock_now_ms ();

    //  The qual area's course and sessions: one in each plant, one outside the period.
    char company [64];
    snprintf (company, sizeof company, "%s", s_code ("C"));
    Training__CourseAdd course = TRAINING__COURSE_ADD__INIT;
    course.code = (char *) "SPM-TALK";
    course.title_zh = (char *) "安全生产月专题讲座";
    course.category = (char *) "daily_rules";
    course.hours = 2;
    course.level = TRAINING__ONBOARDING_LEVEL__ONBOARDING_LEVEL_REFRESHER;
    course.unit_code = company;
    SF_CHECK (qt_call (ehs, &course.base, NULL, NULL, NULL) == SF_OK);
    int64_t in_p = s_session (ehs, "SPM-TALK", "T", now);
    int64_t in_p2 = s_session (ehs, "SPM-TALK", "T9", now);
    int64_t late = s_session (ehs, "SPM-TALK", "T", now + 90 * QT_DAY_MS);
    Training__SessionAttend attend = TRAINING__SESSION_ATTEND__INIT;
    char e1 [64];
    snprintf (e1, sizeof e1, "%s", s_code ("E1"));
    attend.session_id = in_p;
    attend.employee_code = e1;
    SF_CHECK (qt_call (ehs, &attend.base, NULL, NULL, NULL) == SF_OK);

    //  Creating: bad input refused, nothing stored.
    char plant [64], plant2 [64];
    snprintf (plant, sizeof plant, "%s", s_code ("P"));
    snprintf (plant2, sizeof plant2, "%s", s_code ("P2"));
    char *units [] = { plant, plant2 };
    Training__CampaignCreate create = TRAINING__CAMPAIGN_CREATE__INIT;
    create.code = (char *) "SPM 2026";
    create.title_zh = (char *) "2026年安全生产月";
    create.title_en = (char *) "Safety Production Month 2026";
    create.owner_unit = company;
    create.starts_ms = now - 10 * QT_DAY_MS;
    create.ends_ms = now + 20 * QT_DAY_MS;
    create.unit_codes = units;
    create.n_unit_codes = 2;
    s_refused (ehs, &create.base, SF_INVALID_ARGUMENT, "campaign code 'SPM 2026' is malformed");
    create.code = (char *) "SPM-2026";
    create.ends_ms = create.starts_ms - 1;
    s_refused (ehs, &create.base, SF_INVALID_ARGUMENT, "ends after it starts");
    create.ends_ms = now + 20 * QT_DAY_MS;
    create.owner_unit = plant;
    s_refused (ehs, &create.base, SF_FAILED_PRECONDITION, "is not at or below the organising unit");
    create.owner_unit = company;
    s_refused (officer, &create.base, SF_PERMISSION_DENIED, NULL);
    s_refused (foreign, &create.base, SF_PERMISSION_DENIED, NULL);
    SF_CHECK (s_count ("SELECT count(*) FROM campaign") == 0);
    Training__Campaign *campaign = NULL;
    SF_CHECK (qt_call (ehs, &create.base, &training__campaign__descriptor, &campaign, NULL) == SF_OK);
    SF_CHECK (campaign->n_unit_codes == 2);
    sf_pb_destroy (&campaign);
    s_refused (ehs, &create.base, SF_ALREADY_EXISTS, "exists already");
    SF_CHECK (qt_wait_events (&s_stack, "training.campaign_created", 1, 5000));

    //  Its sessions: within the period and its units.
    Training__CampaignAddSession add = TRAINING__CAMPAIGN_ADD_SESSION__INIT;
    add.campaign_code = (char *) "SPM-2026";
    add.session_id = late;
    s_refused (ehs, &add.base, SF_FAILED_PRECONDITION, "is not dated within campaign");
    add.session_id = 999999;
    s_refused (ehs, &add.base, SF_NOT_FOUND, "there is no session 999999");
    add.session_id = in_p;
    s_refused (foreign, &add.base, SF_PERMISSION_DENIED, NULL);
    s_refused (officer, &add.base, SF_PERMISSION_DENIED, NULL);
    SF_CHECK (s_count ("SELECT count(*) FROM campaign_session") == 0);
    SF_CHECK (qt_call (ehs, &add.base, NULL, NULL, NULL) == SF_OK);
    add.session_id = in_p2;
    SF_CHECK (qt_call (ehs, &add.base, &training__campaign__descriptor, &campaign, NULL) == SF_OK);
    SF_CHECK (campaign->n_session_ids == 2);
    sf_pb_destroy (&campaign);

    //  Completion company-wide: P has E1, E2, E3 of whom E1 attended; P2 has F1.
    Training__CampaignCompletion completion = TRAINING__CAMPAIGN_COMPLETION__INIT;
    completion.campaign_code = (char *) "SPM-2026";
    Training__CampaignCompletionReport *report = NULL;
    SF_CHECK (qt_call (ehs, &completion.base, &training__campaign_completion_report__descriptor, &report, NULL)
              == SF_OK);
    SF_CHECK (report->n_units == 2);
    SF_CHECK_STR (report->units [0]->unit_code, plant);
    SF_CHECK (report->units [0]->employees == 3 && report->units [0]->attended == 1 && report->units [0]->percent == 33);
    SF_CHECK (report->units [1]->employees == 1 && report->units [1]->attended == 0);
    SF_CHECK (report->employees == 4 && report->attended == 1 && report->percent == 25);
    sf_pb_destroy (&report);
    //  A plant's officer sees its plant only; the other plant's account only its own.
    SF_CHECK (qt_call (officer, &completion.base, &training__campaign_completion_report__descriptor, &report, NULL)
              == SF_OK);
    SF_CHECK (report->n_units == 1);
    SF_CHECK_STR (report->units [0]->unit_code, plant);
    sf_pb_destroy (&report);
    SF_CHECK (qt_call (foreign, &completion.base, &training__campaign_completion_report__descriptor, &report, NULL)
              == SF_OK);
    SF_CHECK (report->n_units == 1);
    SF_CHECK_STR (report->units [0]->unit_code, plant2);
    sf_pb_destroy (&report);
    completion.unit_code = plant;
    s_refused (foreign, &completion.base, SF_PERMISSION_DENIED, NULL);
    completion.campaign_code = (char *) "NONE";
    s_refused (ehs, &completion.base, SF_NOT_FOUND, "there is no campaign 'NONE'");

    Training__CampaignList list = TRAINING__CAMPAIGN_LIST__INIT;
    Training__Campaigns *campaigns = NULL;
    SF_CHECK (qt_call (officer, &list.base, &training__campaigns__descriptor, &campaigns, NULL) == SF_OK);
    SF_CHECK (campaigns->n_campaigns == 1);
    sf_pb_destroy (&campaigns);

    sf_rpc_client_destroy (&ehs);
    sf_rpc_client_destroy (&officer);
    sf_rpc_client_destroy (&foreign);
}

int
main (void)
{
    qt_stack_start (&s_stack, "drillflow", "dr");
    s_drills ();
    s_campaigns ();
    qt_stack_stop (&s_stack);
    return 0;
}
