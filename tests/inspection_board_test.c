/*  The plant's wall screen (issue 16): inspection.GetHazardBoard through the contract, the
    figures read from summary rows the triggers keep. A screen account of the plant reads it;
    findings reported move the open counts and today's opened; rectification's form_issued,
    form_closed and form_cancelled (written to its stream as its relay would) keep, close and
    cancel them; a check recorded is done and the windows that end are missed, per shift;
    an imported hazard list colours the risk map. A screen account of another plant and one
    of a team below the plant are refused, a unit that is not a plant is invalid_argument;
    the enterprise-wide board (plant "") answers a screen account of the company with both
    plants summed and a row each, and refuses a plant's;
    after the mixed run every summary equals a full scan of its table.                      */
#include "inspection_testlib.h"
#include "stream_testlib.h"
#include "rectification.pb-c.h"
#include "sf_pb.h"

#include <string.h>
#include <time.h>

static it_stack_t s_stack;
static char s_code [32][64];

static const char *
s_unit (const char *suffix)
{
    static int next;
    char *code = s_code [next++ % 32];
    snprintf (code, 64, "%s%s", s_stack.prefix, suffix);
    return code;
}

//  Epoch ms of a local time in Asia/Shanghai (UTC+8, the default zone).
static int64_t
s_local_ms (const char *date, int hour, int minute)
{
    struct tm tm = { 0 };
    SF_CHECK (sscanf (date, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) == 3);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    return ((int64_t) timegm (&tm) - 8 * 3600) * 1000;
}

static int64_t
s_count (const char *sql)
{
    return sf_test_scalar (s_stack.db, sql, NULL);
}

//  The board of plant as client sees it: its status, the board in *board_p when OK.
static sf_status_t
s_board (sf_rpc_client_t *client, const char *plant, Inspection__HazardBoard **board_p)
{
    Inspection__GetHazardBoard request = INSPECTION__GET_HAZARD_BOARD__INIT;
    request.plant_code = (char *) plant;
    sf_reply_t reply;
    sf_status_t status = dt_ask (client, &request.base, &reply);
    if (status != SF_OK)
        SF_CHECK (reply.reason_zh && *reply.reason_zh && reply.reason_en && *reply.reason_en);
    else
    if (board_p)
        *board_p = dt_body (&reply, &inspection__hazard_board__descriptor);
    return status;
}

static int64_t
s_open (const Inspection__HazardBoard *board, int severity, int colour)
{
    for (size_t index = 0; index < board->n_open_findings; index++)
        if ((int) board->open_findings [index]->severity == severity && (int) board->open_findings [index]->colour == colour)
            return board->open_findings [index]->open;
    return 0;
}

//  A hazard reported by a worker of team (a report names no hazard-list item): the finding.
static Inspection__Finding *
s_report (const char *team, int severity)
{
    char post [64];
    snprintf (post, sizeof post, "%sS", team);
    sf_rpc_client_t *worker = it_client (&s_stack, "worker1", "worker", post);
    Inspection__FindingInput input = INSPECTION__FINDING_INPUT__INIT;
    input.description = (char *) "消防通道堆放纸箱";
    input.factor = INSPECTION__FACTOR__FACTOR_ENVIRONMENT;
    input.severity = (Inspection__Severity) severity;
    input.responsible_unit = (char *) team;
    Inspection__ReportFinding request = INSPECTION__REPORT_FINDING__INIT;
    request.finding = &input;
    request.source = INSPECTION__FINDING_SOURCE__SOURCE_REPORT;
    sf_reply_t reply;
    SF_CHECK (dt_ask (worker, &request.base, &reply) == SF_OK);
    sf_rpc_client_destroy (&worker);
    return dt_body (&reply, &inspection__finding__descriptor);
}

//  Rectification's event type about finding, as its relay writes it.
static void
s_feedback (const Inspection__Finding *finding, const char *type, int serial)
{
    char number [64], id [32];
    snprintf (number, sizeof number, "%s-R2026-%06d", s_unit ("P"), serial);
    snprintf (id, sizeof id, "%d", serial);
    Rectification__Form form = RECTIFICATION__FORM__INIT;
    form.id = serial;
    form.number = number;
    form.finding_id = finding->id;
    form.finding_number = finding->number;
    st_publish (s_stack.prefix, "rectification", NULL, type, "form", id, finding->plant_code,
                s_local_ms ("2026-12-01", 8, 30), &form.base);
}

static void
s_plan (void)
{
    char code [64];
    snprintf (code, sizeof code, "%s-TD", s_stack.prefix);
    Inspection__CreatePlan request = INSPECTION__CREATE_PLAN__INIT;
    request.code = code;
    request.level = INSPECTION__PLAN_LEVEL__LEVEL_TEAM_DAILY;
    request.scope_unit = (char *) s_unit ("P");
    request.title_zh = (char *) "班组日查";
    request.title_en = (char *) "Team daily check";
    request.starts_on = (char *) "2026-12-01";
    SF_CHECK (dt_ask (s_stack.admin, &request.base, NULL) == SF_OK);
}

static void
s_import (void)
{
    char *csv = zsys_sprintf ("unit_code,year,factor,hazard,accident_type,measures,l,e,c\n"
                              "%sD1T1,2026,机,车床卡盘无防护罩,机械伤害,加装防护罩并联锁,3,6,15\n"
                              "%sD1T1,2026,人,操作时佩戴手套,机械伤害,车床操作严禁戴手套,1,1,1\n",
                              s_stack.prefix, s_stack.prefix);
    Inspection__ImportHazardCsv command = INSPECTION__IMPORT_HAZARD_CSV__INIT;
    command.file_name = (char *) "list.csv";
    command.csv.data = (uint8_t *) csv;
    command.csv.len = strlen (csv);
    SF_CHECK (dt_ask (s_stack.admin, &command.base, NULL) == SF_OK);
    zstr_free (&csv);
}

//  Every summary equals a full scan of its table.
static void
s_check_scan (void)
{
    SF_CHECK (s_count (
        "SELECT count (*) FROM ("
        "  ((SELECT plant_code, severity, board_finding_grade (hazard_key), count (*) FROM finding "
        "    WHERE board_finding_open (status) GROUP BY 1, 2, 3) "
        "   EXCEPT (SELECT plant_code, severity, grade, n FROM board_finding_open WHERE n <> 0)) UNION ALL "
        "  ((SELECT plant_code, severity, grade, n FROM board_finding_open WHERE n <> 0) "
        "   EXCEPT (SELECT plant_code, severity, board_finding_grade (hazard_key), count (*) FROM finding "
        "    WHERE board_finding_open (status) GROUP BY 1, 2, 3))) x") == 0);
    SF_CHECK (s_count (
        "SELECT count (*) FROM ("
        "  ((SELECT plant_code, reported_ms / 900000, count (*) FROM finding GROUP BY 1, 2) "
        "   EXCEPT (SELECT plant_code, quarter, opened FROM board_finding_quarter WHERE opened <> 0)) UNION ALL "
        "  ((SELECT plant_code, quarter, opened FROM board_finding_quarter WHERE opened <> 0) "
        "   EXCEPT (SELECT plant_code, reported_ms / 900000, count (*) FROM finding GROUP BY 1, 2))) x") == 0);
    SF_CHECK (s_count ("SELECT (SELECT count (*) FROM finding WHERE board_finding_closed (status)) "
                       "     - (SELECT coalesce (sum (closed), 0) FROM board_finding_quarter)") == 0);
    SF_CHECK (s_count (
        "SELECT count (*) FROM ("
        "  ((SELECT plant_code, shift_date, shift_no, status, count (*) FROM task GROUP BY 1, 2, 3, 4) "
        "   EXCEPT (SELECT plant_code, shift_date, shift_no, status, n FROM board_task WHERE n <> 0)) UNION ALL "
        "  ((SELECT plant_code, shift_date, shift_no, status, n FROM board_task WHERE n <> 0) "
        "   EXCEPT (SELECT plant_code, shift_date, shift_no, status, count (*) FROM task GROUP BY 1, 2, 3, 4))) x")
              == 0);
}

int
main (void)
{
    it_stack_start (&s_stack, "itboard");
    it_set_clock (&s_stack, s_local_ms ("2026-12-01", 8, 10));
    char plant [64];
    snprintf (plant, sizeof plant, "%s", s_unit ("P"));
    sf_rpc_client_t *org = s_stack.org_admin;
    SF_CHECK (dt_create (org, DIRECTORY__KIND__KIND_PLANT, s_unit ("Q"), s_unit ("C"), "二厂", NULL, NULL) == SF_OK);
    it_wait_unit (s_stack.db, s_unit ("Q"));
    sf_rpc_client_t *screen = it_client (&s_stack, "screen1", "screen", plant);
    sf_rpc_client_t *stranger = it_client (&s_stack, "screen2", "screen", s_unit ("Q"));
    sf_rpc_client_t *team = it_client (&s_stack, "leader1", "team_leader", s_unit ("D1T1"));
    sf_rpc_client_t *company = it_client (&s_stack, "screen0", "screen", s_unit ("C"));

    //  Who may read it.
    Inspection__HazardBoard *board = NULL;
    SF_CHECK (s_board (stranger, plant, NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (s_board (team, plant, NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (s_board (s_stack.admin, s_unit ("D1"), NULL) == SF_INVALID_ARGUMENT);
    SF_CHECK (s_board (stranger, s_unit ("Q"), &board) == SF_OK);
    SF_CHECK (board->open_total == 0 && board->n_trend == 30);
    sf_pb_destroy (&board);
    SF_CHECK (s_board (screen, "", NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (s_board (team, "", NULL) == SF_PERMISSION_DENIED);
    SF_CHECK (s_board (company, "", &board) == SF_OK);
    SF_CHECK (board->n_plants == 2 && board->open_total == 0 && board->n_trend == 30);
    sf_pb_destroy (&board);

    //  An empty plant.
    SF_CHECK (s_board (screen, plant, &board) == SF_OK);
    SF_CHECK_STR (board->plant_code, plant);
    SF_CHECK_STR (board->today, "2026-12-01");
    SF_CHECK_STR (board->trend [29]->day, "2026-12-01");
    SF_CHECK (board->open_total == 0 && board->n_shifts == 0 && board->n_risk_map == 0);
    sf_pb_destroy (&board);

    //  The hazard list of D1T1: its top grade 2 (D = 270), orange by the default mapping.
    s_import ();
    char orange [32];
    snprintf (orange, sizeof orange, "H%lld", (long long) sf_test_scalar (s_stack.db,
        "SELECT id FROM hazard_item WHERE unit_code = $1 AND grade = 2", s_unit ("D1T1")));

    //  Today's checks: the team daily plan makes six teams' three routine tasks per shift.
    //  D1T1's pre-shift self-check is done, with a general finding on the orange item.
    s_plan ();
    int64_t pre = it_task_id (&s_stack, s_unit ("D1T1"), INSPECTION__TASK_KIND__TASK_PRE_SHIFT, "2026-12-01", 1);
    SF_CHECK (pre > 0);
    Inspection__FindingInput input = INSPECTION__FINDING_INPUT__INIT;
    input.description = (char *) "车床卡盘防护罩缺失";
    input.factor = INSPECTION__FACTOR__FACTOR_MACHINE;
    input.severity = INSPECTION__SEVERITY__SEVERITY_GENERAL;
    input.responsible_unit = (char *) s_unit ("D1T1");
    input.hazard_key = orange;
    Inspection__FindingInput *inputs [] = { &input };
    Inspection__ItemResult result = INSPECTION__ITEM_RESULT__INIT;
    result.key = orange;
    result.passed = false;
    Inspection__ItemResult *results [] = { &result };
    Inspection__RecordInspection command = INSPECTION__RECORD_INSPECTION__INIT;
    command.task_id = pre;
    command.n_results = 1;
    command.results = results;
    command.n_findings = 1;
    command.findings = inputs;
    sf_reply_t reply;
    SF_CHECK (dt_ask (team, &command.base, &reply) == SF_OK);
    Inspection__Record *record = dt_body (&reply, &inspection__record__descriptor);
    SF_CHECK (record->n_findings == 1);
    Inspection__Finding *general = record->findings [0];
    SF_CHECK_STR (general->hazard_key, orange);

    //  Reports: one general, two major, naming no item (no colour).
    Inspection__Finding *general2 = s_report (s_unit ("D1T2"), INSPECTION__SEVERITY__SEVERITY_GENERAL);
    Inspection__Finding *major = s_report (s_unit ("D2T1"), INSPECTION__SEVERITY__SEVERITY_MAJOR);
    Inspection__Finding *major2 = s_report (s_unit ("D2T2"), INSPECTION__SEVERITY__SEVERITY_MAJOR);
    SF_CHECK (s_board (screen, plant, &board) == SF_OK);
    SF_CHECK (board->open_total == 4 && board->trend [29]->opened == 4 && board->trend [28]->opened == 0);
    SF_CHECK (s_open (board, INSPECTION__SEVERITY__SEVERITY_GENERAL, INSPECTION__COLOUR__COLOUR_ORANGE) == 1);
    SF_CHECK (s_open (board, INSPECTION__SEVERITY__SEVERITY_GENERAL, INSPECTION__COLOUR__COLOUR_UNSPECIFIED) == 1);
    SF_CHECK (s_open (board, INSPECTION__SEVERITY__SEVERITY_MAJOR, INSPECTION__COLOUR__COLOUR_UNSPECIFIED) == 2);
    SF_CHECK (board->n_risk_map == 1);
    SF_CHECK_STR (board->risk_map [0]->unit_code, s_unit ("D1T1"));
    SF_CHECK (board->risk_map [0]->colour == INSPECTION__COLOUR__COLOUR_ORANGE && board->risk_map [0]->grade == 2);
    SF_CHECK (board->n_shifts == 3);
    SF_CHECK (board->shifts [0]->shift_no == 1 && board->shifts [0]->due == 18 && board->shifts [0]->done == 1
           && board->shifts [0]->open == 17 && board->shifts [0]->missed == 0);
    SF_CHECK (board->missed_today == 0);
    sf_pb_destroy (&board);
    //  The other plant sees none of it.
    SF_CHECK (s_board (stranger, s_unit ("Q"), &board) == SF_OK);
    SF_CHECK (board->open_total == 0 && board->trend [29]->opened == 0 && board->n_risk_map == 0);
    sf_pb_destroy (&board);

    //  Rectification: every form issued; one general closed, one major cancelled; the
    //  closed one's events again (a consumer may see an event twice: the counts do not move).
    s_feedback (general, "rectification.form_issued", 1);
    s_feedback (general2, "rectification.form_issued", 2);
    s_feedback (major, "rectification.form_issued", 3);
    s_feedback (major2, "rectification.form_issued", 4);
    s_feedback (general, "rectification.form_closed", 1);
    s_feedback (major, "rectification.form_cancelled", 3);
    s_feedback (general, "rectification.form_closed", 1);
    SF_CHECK (it_wait_count (s_stack.db, "SELECT count (*) FROM finding WHERE status IN (3, 4)", NULL, 2, 15000));
    SF_CHECK (it_wait_count (s_stack.db, "SELECT count (*) FROM finding WHERE status = 2", NULL, 2, 15000));
    SF_CHECK (s_board (screen, plant, &board) == SF_OK);
    SF_CHECK (board->open_total == 2);
    SF_CHECK (s_open (board, INSPECTION__SEVERITY__SEVERITY_GENERAL, INSPECTION__COLOUR__COLOUR_ORANGE) == 0);
    SF_CHECK (s_open (board, INSPECTION__SEVERITY__SEVERITY_GENERAL, INSPECTION__COLOUR__COLOUR_UNSPECIFIED) == 1);
    SF_CHECK (s_open (board, INSPECTION__SEVERITY__SEVERITY_MAJOR, INSPECTION__COLOUR__COLOUR_UNSPECIFIED) == 1);
    sf_pb_destroy (&board);
    //  A close counts on the day the database applied it (the real clock's, not the test's).
    SF_CHECK (sf_test_scalar (s_stack.db, "SELECT sum (closed) FROM board_finding_quarter WHERE plant_code = $1",
                              plant) == 1);

    //  At 08:40 the pre-shift windows of the day shift (07:30-08:30) have ended: five missed.
    it_set_clock (&s_stack, s_local_ms ("2026-12-01", 8, 40));
    SF_CHECK (it_wait_count (s_stack.db, "SELECT count (*) FROM task WHERE status = 3", NULL, 5, 15000));
    SF_CHECK (s_board (screen, plant, &board) == SF_OK);
    SF_CHECK (board->shifts [0]->done == 1 && board->shifts [0]->missed == 5 && board->shifts [0]->open == 12);
    SF_CHECK (board->missed_today == 5);
    SF_CHECK (board->open_total == 2 && board->trend [29]->opened == 4);
    sf_pb_destroy (&board);
    //  The enterprise: both plants summed, a row each (P first, by code).
    SF_CHECK (s_board (company, "", &board) == SF_OK);
    SF_CHECK_STR (board->plant_code, "");
    SF_CHECK (board->n_plants == 2 && board->n_risk_map == 0);
    SF_CHECK_STR (board->plants [0]->plant_code, plant);
    SF_CHECK_STR (board->plants [1]->plant_code, s_unit ("Q"));
    SF_CHECK (board->plants [0]->open_total == 2 && board->plants [0]->open_major == 1
           && board->plants [0]->missed_today == 5 && board->plants [0]->done_today == 1
           && board->plants [0]->worst_colour == INSPECTION__COLOUR__COLOUR_ORANGE);
    SF_CHECK (board->plants [1]->open_total == 0 && board->plants [1]->due_today == 0);
    SF_CHECK (board->open_total == 2 && board->missed_today == 5 && board->trend [29]->opened == 4);
    SF_CHECK (board->n_shifts == 3 && board->shifts [0]->missed == 5);
    sf_pb_destroy (&board);

    s_check_scan ();
    sf_pb_destroy (&record);
    sf_pb_destroy (&general2);
    sf_pb_destroy (&major);
    sf_pb_destroy (&major2);
    sf_rpc_client_destroy (&screen);
    sf_rpc_client_destroy (&stranger);
    sf_rpc_client_destroy (&team);
    sf_rpc_client_destroy (&company);
    it_stack_stop (&s_stack);
    printf ("inspection board: reports, closes, cancels, missed checks, the risk map and the enterprise as a full scan counts them\n");
    return 0;
}
