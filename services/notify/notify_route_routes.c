/*  notify_route_routes: the route area's part of the route table (notify.h,
    README_routing.md): notify.SetRoutes writes the whole routing as the next version (admin,
    ehs; alone, so two writers never take the same number) and says so with
    notify.routes_changed; notify.GetRoutes reads a version (0: the current one). A rule
    naming an event type the notifier cannot route, a unit kind, a role or a template that
    does not exist, a channel left unspecified or an urgency missing is refused whole.      */
#include "notify.h"
#include "notify_events.h"
#include "sf_clock.h"
#include "sf_pb.h"
#include "sf_roles.h"
#include "sf_utf8.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_ROLES_MANAGE "admin,ehs"
#define S_ROUTES_MAX 200
#define S_NOTE_MAX_CHARS 500

static const sf_text_t S_NO_ROUTES = { "路由规则集至少包含一条规则", "a route set has at least one route" };
static const sf_text_t S_TOO_MANY = { "路由规则最多 %d 条", "at most %d routes" };
static const sf_text_t S_NOTE_LONG = { "说明最多 %d 个字符", "the note has at most %d characters" };
static const sf_text_t S_EVENT_UNKNOWN = { "第 %d 条规则：通知系统不处理事件类型“%s”（见 event_route_kind）",
                                           "route %d: the notifier does not route event type '%s' (see event_route_kind)" };
static const sf_text_t S_KIND_UNKNOWN = { "第 %d 条规则：单位层级“%s”无效（可用：空、team、department、plant、company）",
                                          "route %d: unit kind '%s' is not one of '', team, department, plant, company" };
static const sf_text_t S_ROLE_UNKNOWN = { "第 %d 条规则：角色“%s”不存在", "route %d: there is no role '%s'" };
static const sf_text_t S_TEMPLATE_UNKNOWN = { "第 %d 条规则：消息模板“%s”不存在", "route %d: there is no template '%s'" };
static const sf_text_t S_CHANNEL_BAD = { "第 %d 条规则：渠道列表含未指定或未知的渠道", "route %d: a channel is unspecified or unknown" };
static const sf_text_t S_URGENCY_BAD = { "第 %d 条规则：请指定紧急程度", "route %d: the urgency is missing or unknown" };
static const sf_text_t S_SEVERITY_BAD = { "第 %d 条规则：最低严重程度不能为负数", "route %d: min_severity cannot be negative" };
static const sf_text_t S_VERSION_UNKNOWN = { "路由规则版本 %lld 不存在", "there is no route version %lld" };

static const char *const s_unit_kinds [] = { "", "team", "department", "plant", "company" };

//  1 when sql with one parameter finds a row, 0 not, -1 on a database error.
static int
s_exists (sf_db_t *db, const char *sql, const char *param)
{
    sf_rows_t *rows = sf_db_query (db, sql, 1, &param);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows) > 0;
    sf_rows_destroy (&rows);
    return found;
}

//  The route set of version (0: the current) into *set. 1, 0 no such version, -1.
static int
s_load (sf_db_t *db, int64_t version, Notify__RouteSet **set)
{
    char number [24];
    snprintf (number, sizeof number, "%" PRId64, version);
    const char *params [] = { number };
    sf_rows_t *rows = sf_db_query (db, "SELECT version, created_ms, created_by, note FROM route_version"
                                       " WHERE version = CASE WHEN $1::bigint = 0"
                                       " THEN (SELECT max (version) FROM route_version) ELSE $1::bigint END",
                                   1, params);
    if (!rows)
        return -1;
    if (sf_rows_count (rows) == 0) {
        sf_rows_destroy (&rows);
        return 0;
    }
    Notify__RouteSet *result = sf_pb_new (&notify__route_set__descriptor);
    result->version = sf_rows_int (rows, 0, 0);
    result->created_ms = sf_rows_int (rows, 0, 1);
    sf_pb_set (&result->created_by, sf_rows_text (rows, 0, 2));
    sf_pb_set (&result->note, sf_rows_text (rows, 0, 3));
    sf_rows_destroy (&rows);
    snprintf (number, sizeof number, "%" PRId64, result->version);
    rows = sf_db_query (db, "SELECT event_type, min_severity, unit_kind, role, urgency, array_to_string (channels, ','),"
                            " template FROM route WHERE version = $1::bigint ORDER BY position", 1, params);
    if (!rows) {
        sf_pb_destroy (&result);
        return -1;
    }
    for (int row = 0; row < sf_rows_count (rows); row++) {
        Notify__Route *route = sf_pb_add (&result->routes, &result->n_routes, &notify__route__descriptor);
        sf_pb_set (&route->event_type, sf_rows_text (rows, row, 0));
        route->min_severity = (int32_t) sf_rows_int (rows, row, 1);
        sf_pb_set (&route->unit_kind, sf_rows_text (rows, row, 2));
        sf_pb_set (&route->role, sf_rows_text (rows, row, 3));
        route->urgency = (Notify__Urgency) sf_rows_int (rows, row, 4);
        const char *channels = sf_rows_text (rows, row, 5);
        while (*channels) {
            char *end;
            long channel = strtol (channels, &end, 10);
            route->channels = realloc (route->channels, (route->n_channels + 1) * sizeof *route->channels);
            route->channels [route->n_channels++] = (Notify__Channel) channel;
            channels = *end == ','? end + 1: end;
        }
        sf_pb_set (&route->template_, sf_rows_text (rows, row, 6));
    }
    sf_rows_destroy (&rows);
    *set = result;
    return 1;
}

//  0 when route (number position) may be stored, else -1 with the call failed.
static int
s_check (sf_call_t *call, const Notify__Route *route, int position)
{
    int found = s_exists (call->db, "SELECT 1 FROM event_route_kind WHERE event_type = $1", route->event_type);
    if (found == 0)
        sf_call_fail (call, SF_INVALID_ARGUMENT, &S_EVENT_UNKNOWN, position, route->event_type);
    if (found != 1)
        goto done;
    found = 0;
    for (size_t i = 0; i < sizeof s_unit_kinds / sizeof s_unit_kinds [0]; i++)
        found |= strcmp (s_unit_kinds [i], route->unit_kind) == 0;
    if (!found) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &S_KIND_UNKNOWN, position, route->unit_kind);
        goto done;
    }
    if (*route->role && !sf_role_known (route->role)) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &S_ROLE_UNKNOWN, position, route->role);
        found = 0;
        goto done;
    }
    if (route->urgency < NOTIFY__URGENCY__URGENCY_DIGEST || route->urgency > NOTIFY__URGENCY__URGENCY_URGENT) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &S_URGENCY_BAD, position);
        found = 0;
        goto done;
    }
    if (route->min_severity < 0) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &S_SEVERITY_BAD, position);
        found = 0;
        goto done;
    }
    for (size_t i = 0; i < route->n_channels; i++)
        if (route->channels [i] < NOTIFY__CHANNEL__CHANNEL_DINGTALK || route->channels [i] > NOTIFY__CHANNEL__CHANNEL_EMAIL) {
            sf_call_fail (call, SF_INVALID_ARGUMENT, &S_CHANNEL_BAD, position);
            found = 0;
            goto done;
        }
    if (*route->template_) {
        found = s_exists (call->db, "SELECT 1 FROM template WHERE code = $1", route->template_);
        if (found == 0)
            sf_call_fail (call, SF_INVALID_ARGUMENT, &S_TEMPLATE_UNKNOWN, position, route->template_);
    }
done:
    if (found < 0)
        sf_call_fail_db (call, "checking a route");
    return found == 1? 0: -1;
}

static int
s_store (sf_call_t *call, const Notify__RouteSet *set, int64_t *version)
{
    sf_rows_t *rows = sf_db_query (call->db, "SELECT coalesce (max (version), 0) + 1 FROM route_version", 0, NULL);
    if (!rows)
        return -1;
    *version = sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    char number [24], now [24];
    snprintf (number, sizeof number, "%" PRId64, *version);
    snprintf (now, sizeof now, "%" PRId64, sf_clock_now_ms ());
    const char *user = call->request->actor.user_id? call->request->actor.user_id: "";
    const char *params [] = { number, now, user, set->note };
    if (sf_db_exec (call->db, "INSERT INTO route_version (version, created_ms, created_by, note)"
                              " VALUES ($1::bigint, $2::bigint, $3, $4)", 4, params) < 0)
        return -1;
    for (size_t i = 0; i < set->n_routes; i++) {
        const Notify__Route *route = set->routes [i];
        char position [24], severity [16], urgency [16];
        snprintf (position, sizeof position, "%zu", i + 1);
        snprintf (severity, sizeof severity, "%d", route->min_severity);
        snprintf (urgency, sizeof urgency, "%d", (int) route->urgency);
        int64_t channels [8];
        size_t count = 0;
        for (size_t c = 0; c < route->n_channels; c++) {
            bool seen = false;
            for (size_t s = 0; s < count; s++)
                seen |= channels [s] == route->channels [c];
            if (!seen && count < sizeof channels / sizeof channels [0])
                channels [count++] = route->channels [c];
        }
        char *literal = sf_db_int_array_literal (channels, count);
        const char *row [] = { number, position, route->event_type, severity, route->unit_kind, route->role,
                               urgency, literal, route->template_ };
        int64_t written = sf_db_exec (call->db, "INSERT INTO route (version, position, event_type, min_severity,"
                                      " unit_kind, role, urgency, channels, template, reason) VALUES ($1::bigint,"
                                      " $2::smallint, $3, $4::smallint, $5, $6, $7::smallint, $8::smallint[], $9,"
                                      " '通过 notify.SetRoutes 设置 / set with notify.SetRoutes')", 9, row);
        free (literal);
        if (written < 0)
            return -1;
    }
    return 0;
}

static void
s_set_routes (sf_call_t *call)
{
    const Notify__SetRoutes *request = (const Notify__SetRoutes *) call->message;
    const Notify__RouteSet *set = request->routes;
    if (!set || set->n_routes == 0) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &S_NO_ROUTES);
        return;
    }
    if (set->n_routes > S_ROUTES_MAX) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &S_TOO_MANY, S_ROUTES_MAX);
        return;
    }
    if (sf_utf8_chars (set->note, strlen (set->note)) > S_NOTE_MAX_CHARS) {
        sf_call_fail (call, SF_INVALID_ARGUMENT, &S_NOTE_LONG, S_NOTE_MAX_CHARS);
        return;
    }
    for (size_t i = 0; i < set->n_routes; i++)
        if (s_check (call, set->routes [i], (int) i + 1))
            return;
    int64_t version = 0;
    Notify__RouteSet *stored = NULL;
    if (s_store (call, set, &version) || s_load (call->db, version, &stored) != 1) {
        sf_call_fail_db (call, "writing the routes");
        return;
    }
    char key [24];
    snprintf (key, sizeof key, "%" PRId64, version);
    if (notify_emit (call, NULL, "notify.routes_changed", "routes", key, version, "", (ProtobufCMessage *) stored))
        sf_call_fail_db (call, "adding the event");
    else
        sf_call_reply (call, (ProtobufCMessage *) stored);
    sf_pb_destroy (&stored);
}

static void
s_get_routes (sf_call_t *call)
{
    const Notify__GetRoutes *request = (const Notify__GetRoutes *) call->message;
    Notify__RouteSet *set = NULL;
    int found = s_load (call->db, request->version, &set);
    if (found < 0)
        sf_call_fail_db (call, "reading the routes");
    else
    if (found == 0)
        sf_call_fail (call, SF_NOT_FOUND, &S_VERSION_UNKNOWN, (long long) request->version);
    else
        sf_call_reply (call, (ProtobufCMessage *) set);
    sf_pb_destroy (&set);
}

const sf_route_t notify_route_routes [] = {
    { .request = &notify__set_routes__descriptor, .reply = &notify__route_set__descriptor, .handler = s_set_routes,
      .writes = true, .alone = true, .roles = S_ROLES_MANAGE },
    { .request = &notify__get_routes__descriptor, .reply = &notify__route_set__descriptor, .handler = s_get_routes },
    { 0 }
};
