/*  The scoring daemon's months through its contract (services/scoring/README_months.md):
    entries of October 2026 written straight into its schema as the consumers would write them
    (a 三违 of the worker D1T1E2 with its cascades on the team leader and the department head;
    three hazards reported by D2T1E2). Before the month ends in Asia/Shanghai the close is
    refused; the preview and the provisional totals show the standing; the plant's zone is set
    (a bad zone, a manager refused). With the clock in November: the close refused to a worker
    and to another plant's manager, done by the plant's manager (the preview's checksum, the
    event scoring.month_closed; the same command retried answers the same), refused a second
    time and after a restart, and the zone then frozen. ListTotals
    page by page both ways and below a unit; GetReport; ExportReport as CSV (BOM, both
    languages) and XLSX (a workbook with its sheets, read back with python3's zipfile); an
    open month's report and export refused, bad months, subjects, formats and languages, and
    a file beyond the reply bound refused as too_large.                                    */
#include "scoring_testlib.h"
#include "sf_pb.h"

#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sc_stack_t s_stack;

//  Sends request; expects status; the reply as a message of descriptor when OK (else NULL,
//  with reasons in both languages checked).
static void *
s_call_keyed (sf_rpc_client_t *client, const ProtobufCMessage *request, const char *key, sf_status_t status,
              const ProtobufCMessageDescriptor *descriptor)
{
    return sc_call (client, request, key, status, descriptor, NULL, NULL);
}

static void *
s_call (sf_rpc_client_t *client, const ProtobufCMessage *request, sf_status_t status,
        const ProtobufCMessageDescriptor *descriptor)
{
    return s_call_keyed (client, request, NULL, status, descriptor);
}

//  An entry of October as a consumer writes it: subject (a person) in unit/team/department.
static void
s_entry (const char *person, const char *unit, const char *team, const char *department, const char *kind,
         int64_t points, int origin, int level, const char *source_key)
{
    const sc_entry_t entry = {
        .month = "2026-10", .person = person, .unit = unit, .team = team, .department = department, .kind = kind,
        .points = points, .origin = origin, .level = level, .source_key = source_key,
        .occurred_ms = sc_utc_ms ("2026-10-15 02:00")
    };
    sc_entry (&s_stack, &entry);
}

static Scoring__MonthResult *
s_close (sf_rpc_client_t *client, const char *month, sf_status_t status)
{
    Scoring__CloseMonth request = SCORING__CLOSE_MONTH__INIT;
    request.plant_code = (char *) sc_code (&s_stack, "P");
    request.month = (char *) month;
    return s_call (client, &request.base, status, &scoring__month_result__descriptor);
}

static Scoring__TotalList *
s_totals (sf_rpc_client_t *client, const char *month, const char *subject, const char *unit, bool ascending,
          int size, const char *token, sf_status_t status)
{
    Scoring__ListTotals request = SCORING__LIST_TOTALS__INIT;
    request.plant_code = (char *) sc_code (&s_stack, "P");
    request.month = (char *) month;
    request.subject = (char *) subject;
    request.unit_code = (char *) (unit? sc_code (&s_stack, unit): "");
    request.ascending = ascending;
    request.page_size = size;
    request.page_token = (char *) (token? token: "");
    return s_call (client, &request.base, status, &scoring__total_list__descriptor);
}

//  Every total of subject, page by page, codes joined by ",".
static void
s_walk (const char *subject, const char *unit, bool ascending, char *codes, size_t size, int *count)
{
    char token [512] = "";
    *codes = 0;
    *count = 0;
    int pages = 0;
    do {
        Scoring__TotalList *list = s_totals (s_stack.ehs, "2026-10", subject, unit, ascending, 2, token, SF_OK);
        SF_CHECK (!list->provisional && list->n_totals <= 2);
        for (size_t i = 0; i < list->n_totals; i++) {
            const char *code = list->totals [i]->code + strlen (s_stack.base.prefix);
            snprintf (codes + strlen (codes), size - strlen (codes), "%s%s", *count? ",": "", code);
            (*count)++;
        }
        snprintf (token, sizeof token, "%s", list->next_page_token);
        sf_pb_destroy (&list);
        SF_CHECK (++pages < 100);
    } while (*token);
}

static Scoring__Export *
s_export (const char *month, Scoring__ExportFormat format, const char *language, sf_status_t status)
{
    Scoring__ExportReport request = SCORING__EXPORT_REPORT__INIT;
    request.plant_code = (char *) sc_code (&s_stack, "P");
    request.month = (char *) month;
    request.format = format;
    request.language = (char *) language;
    return s_call (s_stack.manager, &request.base, status, &scoring__export__descriptor);
}

int
main (void)
{
    setvbuf (stdout, NULL, _IOLBF, 0);
    sc_stack_start_at (&s_stack, "scoring_month", sc_utc_ms ("2026-10-20 08:00"));
    char plant [96];
    snprintf (plant, sizeof plant, "%s", sc_code (&s_stack, "P"));
    s_entry ("D1T1E2", "D1T1S", "D1T1", "D1", "violation.command", -1000, 1, 0, "v1");
    s_entry ("D1T1E1", "D1T1S", "D1T1", "D1", "violation.command", -500, 2, 1, "v1");
    s_entry ("D1T3E1", "D1T3S", "D1T3", "D1", "violation.command", -200, 2, 2, "v1");
    for (int i = 0; i < 3; i++) {
        char key [16];
        snprintf (key, sizeof key, "h%d", i);
        s_entry ("D2T1E2", "D2T1S", "D2T1", "D2", "hazard.reported", 100, 1, 0, key);
    }

    printf ("an open month: refused to close, previewed, provisional totals\n");
    Scoring__MonthResult *month = s_close (s_stack.manager, "2026-10", SF_FAILED_PRECONDITION);
    Scoring__GetMonth get = SCORING__GET_MONTH__INIT;
    get.plant_code = (char *) plant;
    get.month = "2026-10";
    month = s_call (s_stack.worker, &get.base, SF_PERMISSION_DENIED, NULL);
    month = s_call (s_stack.manager, &get.base, SF_OK, &scoring__month_result__descriptor);
    SF_CHECK (month->status == SCORING__MONTH_STATUS__MONTH_OPEN && month->ends_ms == sc_utc_ms ("2026-10-31 16:00"));
    sf_pb_destroy (&month);
    Scoring__PreviewMonth preview_request = SCORING__PREVIEW_MONTH__INIT;
    preview_request.plant_code = (char *) plant;
    preview_request.month = "2026-10";
    Scoring__MonthResult *preview = s_call (s_stack.manager, &preview_request.base, SF_OK,
                                            &scoring__month_result__descriptor);
    SF_CHECK (preview->status == SCORING__MONTH_STATUS__MONTH_OPEN && strlen (preview->checksum) == 64);
    printf ("  preview: %d persons, %d teams, %d departments, %" PRId64 " entries\n", preview->persons, preview->teams,
            preview->departments, preview->entries);
    SF_CHECK (preview->persons == 12 && preview->teams == 6 && preview->departments == 2);
    Scoring__TotalList *list = s_totals (s_stack.manager, "2026-10", "person", NULL, false, 0, NULL, SF_OK);
    SF_CHECK (list->provisional && list->n_totals == 12);
    SF_CHECK_STR (list->totals [0]->code, sc_code (&s_stack, "D2T1E2"));   //  3 hazards + a clean month
    SF_CHECK (list->totals [0]->points == 600 && list->totals [0]->rank == 1);
    sf_pb_destroy (&list);
    SF_CHECK (sf_test_scalar (s_stack.db, "SELECT count (*) FROM entry WHERE origin = 3", NULL) == 0);

    printf ("the plant's zone\n");
    Scoring__SetPlantZone zone = SCORING__SET_PLANT_ZONE__INIT;
    zone.plant_code = (char *) plant;
    zone.time_zone = "Mars/Olympus";
    s_call (s_stack.ehs, &zone.base, SF_INVALID_ARGUMENT, NULL);
    zone.time_zone = "Asia/Shanghai";
    s_call (s_stack.manager, &zone.base, SF_PERMISSION_DENIED, NULL);
    Scoring__PlantZone *zone_reply = s_call (s_stack.ehs, &zone.base, SF_OK, &scoring__plant_zone__descriptor);
    SF_CHECK_STR (zone_reply->time_zone, "Asia/Shanghai");
    sf_pb_destroy (&zone_reply);
    zone.plant_code = (char *) sc_code (&s_stack, "D1");
    s_call (s_stack.ehs, &zone.base, SF_INVALID_ARGUMENT, NULL);

    printf ("closing October in November\n");
    sc_set_clock (&s_stack, sc_utc_ms ("2026-11-02 01:00"));
    //  Another plant's safety manager (a plant written into the daemon's org copy).
    char other_plant [96], company [96];
    snprintf (other_plant, sizeof other_plant, "%s", sc_code (&s_stack, "P2"));
    snprintf (company, sizeof company, "%s", sc_code (&s_stack, "C"));
    const char *node [] = { other_plant, company };
    SF_CHECK (sf_db_exec (s_stack.db, "INSERT INTO sf_org_node (code, kind, parent_code, plant_code, name_zh, name_en,"
                                      " active, version) VALUES ($1, 2, $2, $1, '二厂', 'Plant 2', true, 1)",
                          2, node) == 1);
    sf_test_employee_account (s_stack.schema, "manager2", sc_code (&s_stack, "D2T2E1"), "plant_safety_manager",
                              other_plant);
    sf_rpc_client_t *manager2 = sf_test_daemon_client (&s_stack.scoring);
    sf_rpc_client_set_actor (manager2, "manager2", "", "", "");
    s_close (manager2, "2026-10", SF_PERMISSION_DENIED);
    s_close (s_stack.worker, "2026-10", SF_PERMISSION_DENIED);
    s_close (s_stack.manager, "2026-1", SF_INVALID_ARGUMENT);
    s_close (s_stack.manager, "2026-13", SF_INVALID_ARGUMENT);
    Scoring__CloseMonth close_october = SCORING__CLOSE_MONTH__INIT;
    close_october.plant_code = plant;
    close_october.month = "2026-10";
    month = s_call_keyed (s_stack.manager, &close_october.base, "close-october", SF_OK,
                          &scoring__month_result__descriptor);
    SF_CHECK (month->status == SCORING__MONTH_STATUS__MONTH_CLOSED);
    //  The same command again (a lost reply retried) answers the same; a new one is refused.
    Scoring__MonthResult *replayed = s_call_keyed (s_stack.manager, &close_october.base, "close-october", SF_OK,
                                                   &scoring__month_result__descriptor);
    SF_CHECK_STR (replayed->checksum, month->checksum);
    SF_CHECK (replayed->closed_ms == month->closed_ms);
    sf_pb_destroy (&replayed);
    SF_CHECK_STR (month->checksum, preview->checksum);
    SF_CHECK_STR (month->closed_by, "manager");
    SF_CHECK (month->persons == 12 && month->points == preview->points && month->entries == preview->entries);
    SF_CHECK (sf_test_scalar (s_stack.db, "SELECT count (*) FROM sf_outbox WHERE event_type = 'scoring.month_closed'",
                              NULL) == 1);
    sf_pb_destroy (&month);
    s_close (s_stack.manager, "2026-10", SF_FAILED_PRECONDITION);
    s_close (s_stack.ehs, "2026-11", SF_FAILED_PRECONDITION);
    //  A restarted daemon holds the month as closed.
    sf_test_daemon_stop (&s_stack.scoring, SIGTERM);
    sc_scoring_restart (&s_stack);
    sc_set_clock (&s_stack, sc_utc_ms ("2026-11-02 02:00"));
    s_close (s_stack.manager, "2026-10", SF_FAILED_PRECONDITION);
    month = s_call (s_stack.manager, &get.base, SF_OK, &scoring__month_result__descriptor);
    SF_CHECK (month->status == SCORING__MONTH_STATUS__MONTH_CLOSED);
    SF_CHECK_STR (month->checksum, preview->checksum);
    sf_pb_destroy (&month);
    SF_CHECK (sf_test_scalar (s_stack.db, "SELECT count (*) FROM sf_outbox WHERE event_type = 'scoring.month_closed'",
                              NULL) == 1);
    zone.plant_code = (char *) plant;
    s_call (s_stack.ehs, &zone.base, SF_FAILED_PRECONDITION, NULL);
    month = s_call (s_stack.manager, &preview_request.base, SF_OK, &scoring__month_result__descriptor);
    SF_CHECK (month->status == SCORING__MONTH_STATUS__MONTH_CLOSED);
    SF_CHECK_STR (month->checksum, preview->checksum);
    sf_pb_destroy (&month);

    printf ("the totals page by page\n");
    char codes [2048];
    int count = 0;
    s_walk ("person", NULL, false, codes, sizeof codes, &count);
    printf ("  persons best first: %s\n", codes);
    SF_CHECK (count == 12);
    SF_CHECK (strncmp (codes, "D2T1E2,", 7) == 0);
    SF_CHECK (strstr (codes, ",D1T3E1,D1T1E1,D1T1E2") && strlen (strstr (codes, ",D1T3E1,D1T1E1,D1T1E2")) == 21);
    char reversed [2048];
    s_walk ("person", NULL, true, reversed, sizeof reversed, &count);
    printf ("  persons worst first: %s\n", reversed);
    SF_CHECK (count == 12 && strncmp (reversed, "D1T1E2,D1T1E1,D1T3E1,", 21) == 0);
    s_walk ("person", "D1T1", false, codes, sizeof codes, &count);
    SF_CHECK (count == 2);
    SF_CHECK_STR (codes, "D1T1E1,D1T1E2");
    s_walk ("team", NULL, false, codes, sizeof codes, &count);
    SF_CHECK (count == 6);
    s_walk ("plant", NULL, false, codes, sizeof codes, &count);
    SF_CHECK (count == 1);
    s_totals (s_stack.ehs, "2026-10", "people", NULL, false, 0, NULL, SF_INVALID_ARGUMENT);
    s_totals (s_stack.ehs, "2026-10", "person", NULL, false, 0, "garbage", SF_INVALID_ARGUMENT);
    s_totals (s_stack.other, "2026-10", "person", NULL, false, 0, NULL, SF_PERMISSION_DENIED);

    printf ("the report\n");
    Scoring__GetReport report_request = SCORING__GET_REPORT__INIT;
    report_request.plant_code = (char *) plant;
    report_request.month = "2026-10";
    report_request.top = 2;
    Scoring__Report *report = s_call (s_stack.manager, &report_request.base, SF_OK, &scoring__report__descriptor);
    SF_CHECK (report->month && report->month->status == SCORING__MONTH_STATUS__MONTH_CLOSED);
    SF_CHECK (report->n_top_teams == 2 && report->n_bottom_teams == 2);
    SF_CHECK (report->n_top_departments == 2 && report->n_bottom_departments == 2);
    SF_CHECK_STR (report->bottom_teams [0]->code, sc_code (&s_stack, "D1T1"));
    SF_CHECK_STR (report->bottom_departments [0]->code, sc_code (&s_stack, "D1"));
    SF_CHECK (report->n_trend == 6);
    SF_CHECK_STR (report->trend [0]->month, "2026-05");
    SF_CHECK_STR (report->trend [5]->month, "2026-10");
    SF_CHECK (report->trend [5]->status == SCORING__MONTH_STATUS__MONTH_CLOSED);
    SF_CHECK (report->trend [4]->status == SCORING__MONTH_STATUS__MONTH_OPEN && report->trend [4]->points == 0);
    SF_CHECK (report->trend [5]->points == report->month->points);
    sf_pb_destroy (&report);
    report_request.month = "2026-11";
    s_call (s_stack.manager, &report_request.base, SF_FAILED_PRECONDITION, NULL);
    report_request.month = "2026-10";
    report_request.top = -1;
    s_call (s_stack.manager, &report_request.base, SF_INVALID_ARGUMENT, NULL);

    printf ("the exports\n");
    Scoring__Export *file = s_export ("2026-10", SCORING__EXPORT_FORMAT__EXPORT_CSV, "", SF_OK);
    SF_CHECK (file->content.len > 3 && memcmp (file->content.data, "\xEF\xBB\xBF", 3) == 0);
    char *text = strndup ((const char *) file->content.data, file->content.len);
    SF_CHECK (strstr (text, "排名,编码,名称") && strstr (text, "人员") && strstr (text, "\r\n"));
    SF_CHECK (strstr (text, preview->checksum));
    free (text);
    char name [128];
    snprintf (name, sizeof name, "%s-2026-10-scoring.csv", plant);
    SF_CHECK_STR (file->file_name, name);
    sf_pb_destroy (&file);
    file = s_export ("2026-10", SCORING__EXPORT_FORMAT__EXPORT_CSV, "en", SF_OK);
    text = strndup ((const char *) file->content.data, file->content.len);
    SF_CHECK (strstr (text, "Rank,Code,Name") && strstr (text, "Persons"));
    free (text);
    sf_pb_destroy (&file);

    file = s_export ("2026-10", SCORING__EXPORT_FORMAT__EXPORT_XLSX, "zh", SF_OK);
    SF_CHECK (file->content.len > 100 && memcmp (file->content.data, "PK", 2) == 0);
    char path [512];
    snprintf (path, sizeof path, "%s/scoring_month.xlsx", sf_test_env ("SF_STATE_DIR"));
    FILE *out = fopen (path, "wb");
    SF_CHECK (out && fwrite (file->content.data, 1, file->content.len, out) == file->content.len);
    fclose (out);
    sf_pb_destroy (&file);
    char command [1024];
    snprintf (command, sizeof command,
              "python3 -c \"import zipfile, sys; z = zipfile.ZipFile (sys.argv [1]); assert z.testzip () is None;"
              " w = z.read ('xl/workbook.xml').decode (); names = ['汇总', '厂区', '部门', '班组', '人员'];"
              " missing = [n for n in names if n not in w]; print ('sheets', w.count ('<sheet '), 'missing', missing);"
              " assert not missing and w.count ('<sheet ') == 5\" %s", path);
    SF_CHECK (system (command) == 0);
    file = s_export ("2026-10", SCORING__EXPORT_FORMAT__EXPORT_XLSX, "en", SF_OK);
    SF_CHECK (file->content.len > 100);
    sf_pb_destroy (&file);

    s_export ("2026-11", SCORING__EXPORT_FORMAT__EXPORT_CSV, "", SF_FAILED_PRECONDITION);
    s_export ("2026-10", SCORING__EXPORT_FORMAT__EXPORT_FORMAT_UNSPECIFIED, "", SF_INVALID_ARGUMENT);
    s_export ("2026-10", SCORING__EXPORT_FORMAT__EXPORT_CSV, "fr", SF_INVALID_ARGUMENT);

    //  A file beyond the reply bound is refused with its size, not cut.
    sf_test_daemon_stop (&s_stack.scoring, SIGTERM);
    size_t length = strlen (s_stack.scoring.extra_env);
    snprintf (s_stack.scoring.extra_env + length, sizeof s_stack.scoring.extra_env - length,
              " SF_RPC_MAX_REPLY_BYTES=4096");
    sc_scoring_restart (&s_stack);
    sc_set_clock (&s_stack, sc_utc_ms ("2026-11-02 03:00"));
    s_export ("2026-10", SCORING__EXPORT_FORMAT__EXPORT_XLSX, "zh", SF_TOO_LARGE);

    sf_pb_destroy (&preview);
    sf_rpc_client_destroy (&manager2);
    sc_stack_stop (&s_stack);
    printf ("scoring_month_test: ok\n");
    return 0;
}
