/*  The field page (手机端) in a real browser (services/gateway/README.md, "The field web and
    QR codes"): the gateway's stack (gateway_testlib.h) with a team daily plan and D1T1's
    hazard list, headless chromium at 390x844 driven by tests/browser/field.mjs, which talks
    with this harness over pipes (tests/browser/browser.mjs: it asks, the harness checks
    through the API and answers one line):
      count <tag>           findings of plant P whose description holds tag, as the manager
                            sees them: "<n>"
      check-report <tag>    exactly one such finding with one photo "sha256:<hex>"; the photo
                            and its thumbnail readable by the reporter (worker); the plant-Q
                            account (qmanager) sees neither the finding (not listed, not
                            readable) nor its photo (404): "ok <number> <ref>" or "bad <why>"
      check-task <id>       the task is done, its record holds one failed item's finding with
                            one photo: "ok" or "bad <why>"
      revoke-worker         every session of the worker ended (gateway.RevokeSession, revoke_all),
                            the harness's own signed in again: "ok"
      form-ready <finding>  the finding's form, acknowledged and in rectification by the
                            leader: "ok <form number>" or "bad <why>"
      check-evidence <form> the form submitted with the evidence typed (cost 150.50 yuan) and
                            one photo, readable by the leader, 404 for qmanager: "ok" or "bad <why>"
    Before the browser: /m/qr.svg as served (signed in only, /m/ paths only, the SVG).
    Business time: 2026-12-01 09:00 in Asia/Shanghai for the daemons and the page alike
    (shift 1's in-shift check is open). Screenshots: $SF_BUILD_DIR/browser-shots/field/.   */
#include "browser_testlib.h"
#include "gateway_testlib.h"
#include "rectification.pb-c.h"
#include "sf_pbjson.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static gt_stack_t s_stack;
static char *s_manager;
static char *s_worker;
static char *s_qmanager;
static char *s_leader;
static int64_t s_now_ms;

//  date at hour:minute in Asia/Shanghai (UTC+8, no daylight saving).
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

static const char *
s_unit (const char *suffix)
{
    return gt_code (&s_stack, suffix);
}

//  The team daily plan of plant P (today's tasks exist when it answers) and D1T1's list.
static void
s_plan_and_list (void)
{
    char code [64];
    snprintf (code, sizeof code, "%s-TD", s_stack.base.prefix);
    Inspection__CreatePlan plan = INSPECTION__CREATE_PLAN__INIT;
    plan.code = code;
    plan.level = INSPECTION__PLAN_LEVEL__LEVEL_TEAM_DAILY;
    plan.scope_unit = (char *) s_unit ("P");
    plan.title_zh = (char *) "班组日查";
    plan.title_en = (char *) "Team daily check";
    plan.starts_on = (char *) "2026-12-01";
    SF_CHECK (dt_ask (s_stack.base.admin, &plan.base, NULL) == SF_OK);
    char *csv = zsys_sprintf ("unit_code,year,factor,hazard,accident_type,measures,l,e,c\n"
                              "%sD1T1,2026,机,车床卡盘无防护罩,机械伤害,加装防护罩并联锁,3,6,15\n"
                              "%sD1T1,2026,环,通道堆放物料,物体打击,通道保持畅通,1,6,7\n",
                              s_stack.base.prefix, s_stack.base.prefix);
    Inspection__ImportHazardCsv import = INSPECTION__IMPORT_HAZARD_CSV__INIT;
    import.file_name = (char *) "list.csv";
    import.csv.data = (uint8_t *) csv;
    import.csv.len = strlen (csv);
    SF_CHECK (dt_ask (s_stack.base.admin, &import.base, NULL) == SF_OK);
    zstr_free (&csv);
}

//  ------------------------------------------------------------------------------------
//  /m/qr.svg as served

static void
s_qr_served (void)
{
    char cookie [256];
    snprintf (cookie, sizeof cookie, "Authorization: Bearer %s", s_worker);
    const char *signed_in [] = { cookie, NULL };
    char path [256];
    snprintf (path, sizeof path, "/m/qr.svg?path=/m/%%23check/%s", s_unit ("D1T1S"));
    //  Signed in only.
    gt_response_t response = gt_http (&s_stack, "GET", path, NULL, NULL, 0);
    SF_CHECK (response.status == 401);
    gt_response_clear (&response);
    response = gt_http (&s_stack, "GET", path, signed_in, NULL, 0);
    SF_CHECK (response.status == 200);
    char *type = gt_response_header (&response, "Content-Type");
    SF_CHECK (type && strcmp (type, "image/svg+xml") == 0);
    free (type);
    char title [256];
    snprintf (title, sizeof title, "<title>http://127.0.0.1:%d/m/#check/%s</title>", s_stack.http_port,
              s_unit ("D1T1S"));
    SF_CHECK (strncmp (response.body, "<svg xmlns=\"http://www.w3.org/2000/svg\"", 39) == 0);
    SF_CHECK (strstr (response.body, title) != NULL);
    gt_response_clear (&response);
    //  Only paths under /m/, in the small set.
    const char *refused [] = {
        "/m/qr.svg", "/m/qr.svg?path=", "/m/qr.svg?path=https://evil.example/",
        "/m/qr.svg?path=/api/v1/files", "/m/qr.svg?path=/m/%3Cscript%3E", "/m/qr.svg?path=/m/../api",
        "/m/qr.svg?path=/m/%20x", NULL
    };
    for (int i = 0; refused [i]; i++) {
        response = gt_http (&s_stack, "GET", refused [i], signed_in, NULL, 0);
        if (response.status != 400)
            fprintf (stderr, "GET %s: %ld, expected 400\n", refused [i], response.status);
        SF_CHECK (response.status == 400 && strstr (response.body, "invalid_argument"));
        gt_response_clear (&response);
    }
    const char *json [] = { cookie, "Content-Type: application/json", NULL };
    response = gt_http (&s_stack, "POST", path, json, "{}", 0);
    SF_CHECK (response.status == 405);
    gt_response_clear (&response);
}

//  ------------------------------------------------------------------------------------
//  Checks through the API

static Inspection__FindingList *
s_findings (const char *token, const char *unit, long *status)
{
    char body [256];
    snprintf (body, sizeof body, "{\"unitCode\":\"%s\",\"pageSize\":1000}", unit);
    gt_response_t response = gt_post (&s_stack, token, "/api/v1/inspection.Inspection/ListFindings", body, NULL);
    *status = response.status;
    Inspection__FindingList *list = NULL;
    if (response.status == 200)
        list = (Inspection__FindingList *) sf_pbjson_decode (&inspection__finding_list__descriptor, response.body,
                                                             response.body_size, NULL);
    gt_response_clear (&response);
    return list;
}

//  How many findings of plant P (as the manager lists them) hold tag; the first of them (a
//  copy, for the caller to free) in *found when found is not NULL.
static int
s_count (const char *tag, Inspection__Finding **found)
{
    long status;
    Inspection__FindingList *list = s_findings (s_manager, s_unit ("P"), &status);
    SF_CHECK (status == 200 && list);
    int count = 0;
    for (size_t i = 0; i < list->n_findings; i++) {
        if (!strstr (list->findings [i]->description, tag))
            continue;
        if (count++ == 0 && found) {
            size_t size = protobuf_c_message_get_packed_size (&list->findings [i]->base);
            uint8_t *packed = malloc (size);
            SF_CHECK (packed);
            protobuf_c_message_pack (&list->findings [i]->base, packed);
            *found = inspection__finding__unpack (NULL, size, packed);
            free (packed);
        }
    }
    protobuf_c_message_free_unpacked (&list->base, NULL);
    return count;
}

static long
s_get_status (const char *token, const char *path)
{
    char authorization [256];
    snprintf (authorization, sizeof authorization, "Authorization: Bearer %s", token);
    const char *headers [] = { authorization, NULL };
    gt_response_t response = gt_http (&s_stack, "GET", path, headers, NULL, 0);
    long status = response.status;
    gt_response_clear (&response);
    return status;
}

static bool
s_hex_ref (const char *ref)
{
    if (strncmp (ref, "sha256:", 7) != 0 || strlen (ref) != 7 + 64)
        return false;
    for (const char *c = ref + 7; *c; c++)
        if (!strchr ("0123456789abcdef", *c))
            return false;
    return true;
}

//  The finding's photo and who reads what of it.
static void
s_check_finding (const Inspection__Finding *finding, char *answer, size_t size)
{
    if (finding->n_attachments != 1 || !s_hex_ref (finding->attachments [0])) {
        snprintf (answer, size, "bad finding %s has %zu attachments, not one sha256 ref", finding->number,
                  finding->n_attachments);
        return;
    }
    const char *ref = finding->attachments [0];
    char photo [160], thumb [170];
    snprintf (photo, sizeof photo, "/api/v1/files/%s", ref + 7);
    snprintf (thumb, sizeof thumb, "%s?thumb=1", photo);
    long photo_status = s_get_status (s_worker, photo), thumb_status = s_get_status (s_worker, thumb);
    if (photo_status != 200 || thumb_status != 200) {
        snprintf (answer, size, "bad the reporter reads the photo %ld, its thumbnail %ld", photo_status, thumb_status);
        return;
    }
    //  The other plant: neither the photo nor the finding.
    long foreign_photo = s_get_status (s_qmanager, photo), foreign_thumb = s_get_status (s_qmanager, thumb);
    if (foreign_photo != 404 || foreign_thumb != 404) {
        snprintf (answer, size, "bad qmanager reads the photo %ld, its thumbnail %ld (404 expected)", foreign_photo,
                  foreign_thumb);
        return;
    }
    char get [128];
    snprintf (get, sizeof get, "{\"number\":\"%s\"}", finding->number);
    gt_response_t response = gt_post (&s_stack, s_qmanager, "/api/v1/inspection.Inspection/GetFinding", get, NULL);
    long read_status = response.status;
    gt_response_clear (&response);
    long list_p, list_q;
    Inspection__FindingList *in_p = s_findings (s_qmanager, s_unit ("P"), &list_p);
    Inspection__FindingList *in_q = s_findings (s_qmanager, s_unit ("Q"), &list_q);
    bool listed = false;
    for (size_t i = 0; in_q && i < in_q->n_findings; i++)
        listed = listed || strcmp (in_q->findings [i]->number, finding->number) == 0;
    if (in_p)
        protobuf_c_message_free_unpacked (&in_p->base, NULL);
    if (in_q)
        protobuf_c_message_free_unpacked (&in_q->base, NULL);
    if ((read_status != 403 && read_status != 404) || list_p != 403 || list_q != 200 || listed) {
        snprintf (answer, size, "bad qmanager: GetFinding %ld, ListFindings P %ld, Q %ld (listed: %d)", read_status,
                  list_p, list_q, listed);
        return;
    }
    snprintf (answer, size, "ok %s %s", finding->number, ref);
}

//  Writes "ok <number> <ref>" or "bad <why>" into answer.
static void
s_check_report (const char *tag, char *answer, size_t size)
{
    Inspection__Finding *finding = NULL;
    int count = s_count (tag, &finding);
    if (count != 1)
        snprintf (answer, size, "bad %d findings hold %.200s", count, tag);
    else
        s_check_finding (finding, answer, size);
    if (finding)
        inspection__finding__free_unpacked (finding, NULL);
}

static void
s_check_task (const char *id, char *answer, size_t size)
{
    int64_t status = sf_test_scalar (s_stack.base.db, "SELECT status FROM task WHERE id = $1::bigint", id);
    int64_t findings = sf_test_scalar (s_stack.base.db,
        "SELECT count (*) FROM finding WHERE task_id = $1::bigint AND cardinality (attachments) = 1 "
        "AND attachments [1] LIKE 'sha256:%'", id);
    int64_t records = sf_test_scalar (s_stack.base.db, "SELECT count (*) FROM record WHERE task_id = $1::bigint", id);
    if (status != INSPECTION__TASK_STATUS__TASK_DONE || findings != 1 || records != 1)
        snprintf (answer, size, "bad task %.40s: status %lld, %lld records, %lld findings with a photo", id,
                  (long long) status, (long long) records, (long long) findings);
    else
        snprintf (answer, size, "ok");
}

//  POST path with body as the leader; the reply decoded as descriptor (NULL unless 200).
static ProtobufCMessage *
s_leader_call (const char *path, const char *body, const ProtobufCMessageDescriptor *descriptor, long *status)
{
    gt_response_t response = gt_post (&s_stack, s_leader, path, body, NULL);
    *status = response.status;
    ProtobufCMessage *message = NULL;
    if (response.status == 200)
        message = sf_pbjson_decode (descriptor, response.body, response.body_size, NULL);
    else
        fprintf (stderr, "field_browser: %s: %ld %s\n", path, response.status, response.body);
    gt_response_clear (&response);
    return message;
}

//  The form rectification issued from the finding, taken up by the leader (acknowledged,
//  rectification started) so that evidence may be submitted.
static void
s_form_ready (const char *finding_number, char *answer, size_t size)
{
    char body [256], number [96] = "";
    snprintf (body, sizeof body, "{\"unitCode\":\"%s\",\"pageSize\":1000}", s_unit ("D1T1"));
    for (int waited = 0; waited < 15000 && !number [0]; waited += 200) {
        long status;
        Rectification__FormList *list = (Rectification__FormList *) s_leader_call (
            "/api/v1/rectification.Rectification/ListForms", body, &rectification__form_list__descriptor, &status);
        for (size_t i = 0; list && i < list->n_forms; i++)
            if (strcmp (list->forms [i]->finding_number, finding_number) == 0)
                snprintf (number, sizeof number, "%s", list->forms [i]->number);
        if (list)
            protobuf_c_message_free_unpacked (&list->base, NULL);
        if (!number [0])
            sf_test_sleep_ms (200);
    }
    if (!number [0]) {
        snprintf (answer, size, "bad no form of finding %.100s within 15 s", finding_number);
        return;
    }
    snprintf (body, sizeof body, "{\"number\":\"%s\"}", number);
    long acknowledged, started;
    ProtobufCMessage *form = s_leader_call ("/api/v1/rectification.Rectification/AcknowledgeForm", body,
                                            &rectification__form__descriptor, &acknowledged);
    if (form)
        protobuf_c_message_free_unpacked (form, NULL);
    form = s_leader_call ("/api/v1/rectification.Rectification/StartRectification", body,
                          &rectification__form__descriptor, &started);
    if (form)
        protobuf_c_message_free_unpacked (form, NULL);
    if (acknowledged != 200 || started != 200)
        snprintf (answer, size, "bad form %s: acknowledge %ld, start %ld", number, acknowledged, started);
    else
        snprintf (answer, size, "ok %s", number);
}

static void
s_check_evidence (const char *number, char *answer, size_t size)
{
    char body [256];
    snprintf (body, sizeof body, "{\"number\":\"%.100s\"}", number);
    long status;
    Rectification__Form *form = (Rectification__Form *) s_leader_call (
        "/api/v1/rectification.Rectification/GetForm", body, &rectification__form__descriptor, &status);
    if (!form) {
        snprintf (answer, size, "bad GetForm %.100s: %ld", number, status);
        return;
    }
    const Rectification__Evidence *evidence = form->evidence;
    if (form->status != RECTIFICATION__FORM_STATUS__FORM_SUBMITTED || !evidence || evidence->cost_fen != 15050
    ||  evidence->n_attachments != 1 || !s_hex_ref (evidence->attachments [0]))
        snprintf (answer, size, "bad form %.100s: status %d, evidence %s, cost %lld fen, %zu attachments", number,
                  form->status, evidence? "given": "none", evidence? (long long) evidence->cost_fen: 0LL,
                  evidence? evidence->n_attachments: 0);
    else {
        char photo [160];
        snprintf (photo, sizeof photo, "/api/v1/files/%s", evidence->attachments [0] + 7);
        long mine = s_get_status (s_leader, photo), foreign = s_get_status (s_qmanager, photo);
        if (mine != 200 || foreign != 404)
            snprintf (answer, size, "bad the evidence photo: leader %ld, qmanager %ld", mine, foreign);
        else
            snprintf (answer, size, "ok");
    }
    protobuf_c_message_free_unpacked (&form->base, NULL);
}

//  Ends every session of the worker, the page's too; the harness signs in again.
static void
s_revoke_worker (char *answer, size_t size)
{
    gt_response_t response = gt_post (&s_stack, s_worker, "/api/v1/gateway.Gateway/RevokeSession",
                                      "{\"login\":\"worker\",\"revokeAll\":true}", NULL);
    long status = response.status;
    gt_response_clear (&response);
    free (s_worker);
    s_worker = gt_login (&s_stack, "worker");
    if (status == 200)
        snprintf (answer, size, "ok");
    else
        snprintf (answer, size, "bad RevokeSession %ld", status);
}

//  The script's questions (tests/browser/field.mjs).
static bool
s_answer (const char *line, char *answer, size_t size)
{
    if (strncmp (line, "count ", 6) == 0)
        snprintf (answer, size, "%d", s_count (line + 6, NULL));
    else
    if (strncmp (line, "check-report ", 13) == 0)
        s_check_report (line + 13, answer, size);
    else
    if (strncmp (line, "check-task ", 11) == 0)
        s_check_task (line + 11, answer, size);
    else
    if (strcmp (line, "revoke-worker") == 0)
        s_revoke_worker (answer, size);
    else
    if (strncmp (line, "form-ready ", 11) == 0)
        s_form_ready (line + 11, answer, size);
    else
    if (strncmp (line, "check-evidence ", 15) == 0)
        s_check_evidence (line + 15, answer, size);
    else
        return false;
    return true;
}

int
main (void)
{
    signal (SIGPIPE, SIG_IGN);
    gt_stack_start (&s_stack, "field_browser", NULL);
    s_now_ms = s_local_ms ("2026-12-01", 9, 0);
    it_set_clock (&s_stack.base, s_now_ms);
    s_plan_and_list ();
    s_manager = gt_login (&s_stack, "manager");
    s_worker = gt_login (&s_stack, "worker");
    s_qmanager = gt_login (&s_stack, "qmanager");
    s_leader = gt_login (&s_stack, "leader");
    s_qr_served ();
    char now [48], plant [96], team [96], post [96];
    snprintf (now, sizeof now, "SF_FIELD_NOW_MS=%lld", (long long) s_now_ms);
    snprintf (plant, sizeof plant, "SF_FIELD_PLANT=%s", s_unit ("P"));
    snprintf (team, sizeof team, "SF_FIELD_TEAM=%s", s_unit ("D1T1"));
    snprintf (post, sizeof post, "SF_FIELD_POST=%s", s_unit ("D1T1S"));
    //  The phone is at the plant: its clock reads Asia/Shanghai (chromium follows TZ).
    const char *const env [] = { now, plant, team, post, "TZ=Asia/Shanghai", NULL };
    bt_node_t node;
    bt_node_start (&node, "field", "field", s_stack.url, DT_PASSWORD, env);
    gt_check_page_run (&s_stack, bt_node_run (&node, s_answer));
    free (s_manager);
    free (s_worker);
    free (s_qmanager);
    free (s_leader);
    gt_stack_stop (&s_stack);
    return 0;
}
