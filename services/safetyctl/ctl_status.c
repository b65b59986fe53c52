/*  safetyctl status: asks each listed daemon for sf.Health, one attempt with a short
    timeout, and shows a row per daemon, then a row per consumer group the daemons run (lag,
    age of the oldest unapplied event, pending, dead letters: what waits, in plain sight). A
    daemon that does not answer is down; any daemon down makes the command fail, so scripts
    can wait on it.                                                                         */
#include "ctl_args.h"
#include "ctl_daemon.h"
#include "ctl_output.h"
#include "ctl_table.h"
#include "sf_endpoints.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#define CTL_STATUS_ATTEMPT_MS 1000

static const sf_text_t s_msg_details = {
    "列出 directory、inspection 和 rectification，以及设置了 SF_<守护进程>_ENDPOINT 环境变量的其他守护进程\n"
    "（该变量为 off 时不列出）；\n"
    "给了 --endpoint 时只检查该端点。每个守护进程只尝试一次（默认 1000 毫秒，可用 --timeout-ms 修改）。\n"
    "第二个表列出各守护进程的消费组：未投递条目数（未投递）、最早未处理事件的时长、处理中和死信条目数，\n"
    "以及这些数字的统计时间；“接近上限”表示积压已超过流长度或保留时长上限的 consumer.cap_warn_percent。\n"
    "有守护进程离线时退出状态为 1。\n",
    "Lists directory, inspection and rectification, and every other daemon whose\n"
    "SF_<DAEMON>_ENDPOINT variable is set (to off: not listed);\n"
    "with --endpoint, only that endpoint. Each daemon gets one attempt (1000 ms unless\n"
    "--timeout-ms says otherwise). A second table shows each daemon's consumer groups: entries\n"
    "not yet delivered (LAG), the age of the oldest unapplied event, pending and dead-lettered\n"
    "entries, and how old these figures are; \"near cap\" means the backlog has passed\n"
    "consumer.cap_warn_percent of the stream's length or age cap.\n"
    "Exits with status 1 when any daemon is down.\n"
};
static const sf_text_t s_col_daemon = { "守护进程", "DAEMON" };
static const sf_text_t s_col_endpoint = { "端点", "ENDPOINT" };
static const sf_text_t s_col_state = { "状态", "STATE" };
static const sf_text_t s_col_version = { "版本", "VERSION" };
static const sf_text_t s_col_db = { "数据库", "DB" };
static const sf_text_t s_col_redis = { "Redis", "REDIS" };
static const sf_text_t s_col_outbox = { "待发布事件", "OUTBOX" };
static const sf_text_t s_col_uptime = { "运行时长", "UPTIME" };
static const sf_text_t s_col_load = { "排队/执行", "QUEUED/RUNNING" };
static const sf_text_t s_col_stream = { "事件流", "STREAM" };
static const sf_text_t s_col_group = { "消费组", "GROUP" };
static const sf_text_t s_col_lag = { "未投递", "LAG" };
static const sf_text_t s_col_oldest = { "最早未处理", "OLDEST UNAPPLIED" };
static const sf_text_t s_col_pending = { "处理中", "PENDING" };
static const sf_text_t s_col_dead = { "死信", "DEAD LETTERS" };
static const sf_text_t s_col_checked = { "统计于", "CHECKED" };
static const sf_text_t s_msg_near_cap = { "接近上限", "near cap" };
static const sf_text_t s_msg_ago = { "%s前", "%s ago" };
static const sf_text_t s_msg_outbox = { "%lld（最早 %s）", "%lld (oldest %s)" };
static const sf_text_t s_msg_up = { "在线", "up" };
static const sf_text_t s_msg_down = { "离线", "down" };
static const sf_text_t s_msg_ok = { "正常", "ok" };
static const sf_text_t s_msg_failed = { "异常", "failed" };
static const sf_text_t s_msg_bad_health = {
    "健康信息无法解析", "The health information cannot be decoded"
};
static const sf_text_t s_msg_daemon_down = { "%s：%s\n", "%s: %s\n" };
static const sf_text_t s_msg_some_down = {
    "%d 个守护进程离线", "%d daemon(s) down"
};

//  What one daemon answered.
typedef struct {
    const char *name;           //  NULL for a bare --endpoint: the health reply names it
    char *endpoint;             //  one instance's
    sf_reply_t reply;
    sf_health_t health;
    bool up;
} s_probe_t;

static void
s_probe (const ctl_t *ctl, s_probe_t *probe)
{
    sf_rpc_client_t *client = ctl_daemon_client (ctl, probe->name, probe->endpoint);
    sf_rpc_client_set_retry (client, ctl->timeout_ms? ctl->timeout_ms: CTL_STATUS_ATTEMPT_MS, 1);
    sf_rpc_client_call (client, "sf.Health", NULL, 0, NULL, &probe->reply);
    sf_rpc_client_destroy (&client);
    if (probe->reply.status != SF_OK)
        return;
    if (sf_health_decode (&probe->health, probe->reply.body, probe->reply.body_size)) {
        sf_reply_set_status (&probe->reply, SF_MALFORMED, &s_msg_bad_health);
        return;
    }
    probe->up = true;
    if (!probe->name)
        probe->name = probe->health.daemon;
}

static void
s_add_json (sf_json_t *json, const s_probe_t *probe)
{
    sf_json_object_begin (json);
    sf_json_key_string (json, "daemon", probe->name);
    sf_json_key_string (json, "endpoint", probe->endpoint);
    sf_json_key_bool (json, "up", probe->up);
    if (probe->up) {
        sf_json_key_string (json, "version", probe->health.version);
        sf_json_key_bool (json, "db_ok", probe->health.db_ok);
        sf_json_key_bool (json, "redis_ok", probe->health.redis_ok);
        sf_json_key_int (json, "outbox_pending", probe->health.outbox_pending);
        sf_json_key_int (json, "uptime_ms", probe->health.uptime_ms);
        sf_json_key_int (json, "db_checked_ms_ago", probe->health.db_checked_ms_ago);
        sf_json_key_int (json, "queued", probe->health.queued);
        sf_json_key_int (json, "running", probe->health.running);
        sf_json_key_int (json, "peers", probe->health.peers);
        sf_json_key_int (json, "refused_busy", probe->health.refused_busy);
        sf_json_key_int (json, "dropped_gone", probe->health.dropped_gone);
        sf_json_key_int (json, "expired", probe->health.expired);
        sf_json_key_int (json, "outbox_oldest_ms_ago", probe->health.outbox_oldest_ms_ago);
        sf_json_key_int (json, "backlog_checked_ms_ago", probe->health.backlog_checked_ms_ago);
        sf_json_key_int (json, "stream_maxlen", probe->health.stream_maxlen);
        sf_json_key_int (json, "stream_max_age_ms", probe->health.stream_max_age_ms);
        sf_json_key (json, "groups");
        sf_json_array_begin (json);
        for (size_t i = 0; i < probe->health.group_count; i++) {
            const Sf__GroupHealth *group = probe->health.groups [i];
            sf_json_object_begin (json);
            sf_json_key_string (json, "stream", group->stream);
            sf_json_key_string (json, "group", group->group);
            sf_json_key_int (json, "lag", group->lag);
            sf_json_key_int (json, "pending", group->pending);
            sf_json_key_int (json, "oldest_unapplied_ms_ago", group->oldest_unapplied_ms_ago);
            sf_json_key_int (json, "dead_letters", group->dead_letters);
            sf_json_key_int (json, "stream_length", group->stream_length);
            sf_json_key_bool (json, "near_cap", group->near_cap);
            sf_json_object_end (json);
        }
        sf_json_array_end (json);
    }
    else {
        sf_json_key (json, "error");
        sf_json_object_begin (json);
        sf_json_key_string (json, "status", sf_status_name (probe->reply.status));
        sf_json_key_string (json, "zh", probe->reply.reason_zh);
        sf_json_key_string (json, "en", probe->reply.reason_en);
        sf_json_object_end (json);
    }
    sf_json_object_end (json);
}

static void
s_add_row (const ctl_t *ctl, ctl_table_t *table, const s_probe_t *probe)
{
    ctl_table_add (table, probe->name? probe->name: "-");
    ctl_table_add (table, probe->endpoint);
    ctl_table_add (table, ctl_text (ctl, probe->up? &s_msg_up: &s_msg_down));
    if (!probe->up) {
        for (int column = 0; column < 6; column++)
            ctl_table_add (table, "-");
        return;
    }
    const sf_health_t *health = &probe->health;
    char uptime [64];
    ctl_duration (ctl, health->uptime_ms, uptime, sizeof uptime);
    ctl_table_add (table, health->version);
    ctl_table_add (table, ctl_text (ctl, health->db_ok? &s_msg_ok: &s_msg_failed));
    ctl_table_add (table, ctl_text (ctl, health->redis_ok? &s_msg_ok: &s_msg_failed));
    if (health->outbox_pending < 0)
        ctl_table_add (table, "-");
    else
    if (health->outbox_pending > 0 && health->outbox_oldest_ms_ago >= 0) {
        char oldest [64];
        ctl_duration (ctl, health->outbox_oldest_ms_ago, oldest, sizeof oldest);
        char *cell = ctl_format (ctl, &s_msg_outbox, (long long) health->outbox_pending, oldest);
        ctl_table_add (table, cell);
        free (cell);
    }
    else
        ctl_table_addf (table, "%lld", (long long) health->outbox_pending);
    ctl_table_addf (table, "%d/%d", health->queued, health->running);
    ctl_table_add (table, uptime);
}

static void
s_print_table (const ctl_t *ctl, const s_probe_t *probes, size_t count)
{
    const sf_text_t *columns [] = {
        &s_col_daemon, &s_col_endpoint, &s_col_state, &s_col_version, &s_col_db, &s_col_redis,
        &s_col_outbox, &s_col_load, &s_col_uptime
    };
    size_t column_count = sizeof columns / sizeof columns [0];
    ctl_table_t *table = ctl_table_new (column_count);
    for (size_t i = 0; i < column_count; i++)
        ctl_table_add (table, ctl_text (ctl, columns [i]));
    for (size_t i = 0; i < count; i++)
        s_add_row (ctl, table, &probes [i]);
    ctl_table_print (table, stdout);
    ctl_table_destroy (&table);
}

//  A count, "-" when the daemon could not tell (-1).
static void
s_add_count (ctl_table_t *table, int64_t count)
{
    if (count < 0)
        ctl_table_add (table, "-");
    else
        ctl_table_addf (table, "%lld", (long long) count);
}

static void
s_add_group_row (const ctl_t *ctl, ctl_table_t *table, const s_probe_t *probe, const Sf__GroupHealth *group)
{
    ctl_table_add (table, probe->name? probe->name: "-");
    ctl_table_add (table, group->stream);
    ctl_table_add (table, group->group);
    if (group->near_cap && group->lag >= 0)
        ctl_table_addf (table, "%lld (%s)", (long long) group->lag, ctl_text (ctl, &s_msg_near_cap));
    else
        s_add_count (table, group->lag);
    char age [64];
    ctl_duration (ctl, group->oldest_unapplied_ms_ago, age, sizeof age);
    if (group->near_cap && group->lag < 0)
        ctl_table_addf (table, "%s (%s)", age, ctl_text (ctl, &s_msg_near_cap));
    else
        ctl_table_add (table, age);
    s_add_count (table, group->pending);
    s_add_count (table, group->dead_letters);
    ctl_duration (ctl, probe->health.backlog_checked_ms_ago, age, sizeof age);
    if (probe->health.backlog_checked_ms_ago < 0)
        ctl_table_add (table, "-");
    else {
        char *cell = ctl_format (ctl, &s_msg_ago, age);
        ctl_table_add (table, cell);
        free (cell);
    }
}

//  The consumer groups of every daemon that answered; nothing when none runs one.
static void
s_print_groups (const ctl_t *ctl, const s_probe_t *probes, size_t count)
{
    const sf_text_t *columns [] = {
        &s_col_daemon, &s_col_stream, &s_col_group, &s_col_lag, &s_col_oldest, &s_col_pending,
        &s_col_dead, &s_col_checked
    };
    size_t column_count = sizeof columns / sizeof columns [0];
    ctl_table_t *table = ctl_table_new (column_count);
    for (size_t i = 0; i < column_count; i++)
        ctl_table_add (table, ctl_text (ctl, columns [i]));
    size_t rows = 0;
    for (size_t i = 0; i < count; i++)
        for (size_t g = 0; probes [i].up && g < probes [i].health.group_count; g++, rows++)
            s_add_group_row (ctl, table, &probes [i], probes [i].health.groups [g]);
    if (rows) {
        printf ("\n");
        ctl_table_print (table, stdout);
    }
    ctl_table_destroy (&table);
}

static int
s_run (const ctl_t *ctl, const ctl_args_t *args)
{
    (void) args;
    size_t known = 0;
    while (ctl_daemons [known].name)
        known++;
    //  A row per instance: a daemon's endpoint may list several (sf_endpoints.h).
    s_probe_t *probes = calloc ((known + 1) * SF_ENDPOINTS_MAX, sizeof *probes);
    assert (probes);
    size_t count = 0;
    char *endpoints [SF_ENDPOINTS_MAX];
    if (ctl->endpoint)
        probes [count++] = (s_probe_t) { .endpoint = strdup (ctl->endpoint) };
    else
        for (const ctl_daemon_t *daemon = ctl_daemons; daemon->name; daemon++) {
            if (!ctl_daemon_listed (daemon))
                continue;
            const char *list = ctl_daemon_endpoint (ctl, daemon);
            int instances = sf_endpoints_split (list, endpoints, SF_ENDPOINTS_MAX);
            if (instances <= 0) {
                instances = 1;
                endpoints [0] = strdup (list);
            }
            for (int i = 0; i < instances; i++)
                probes [count++] = (s_probe_t) { .name = daemon->name, .endpoint = endpoints [i] };
        }

    int down = 0;
    for (size_t i = 0; i < count; i++) {
        s_probe (ctl, &probes [i]);
        down += probes [i].up? 0: 1;
    }
    if (ctl->json) {
        sf_json_t *json = sf_json_new ();
        sf_json_object_begin (json);
        sf_json_key (json, "daemons");
        sf_json_array_begin (json);
        for (size_t i = 0; i < count; i++)
            s_add_json (json, &probes [i]);
        sf_json_array_end (json);
        sf_json_object_end (json);
        ctl_json_print (json);
        sf_json_destroy (&json);
    }
    else {
        s_print_table (ctl, probes, count);
        s_print_groups (ctl, probes, count);
        for (size_t i = 0; i < count; i++)
            if (!probes [i].up)
                ctl_print (ctl, stderr, &s_msg_daemon_down, probes [i].name? probes [i].name: probes [i].endpoint,
                           ctl->lang == CTL_LANG_EN? probes [i].reply.reason_en: probes [i].reply.reason_zh);
    }
    for (size_t i = 0; i < count; i++) {
        free (probes [i].endpoint);
        sf_reply_clear (&probes [i].reply);
        if (probes [i].up)
            sf_health_clear (&probes [i].health);
    }
    free (probes);
    return down? ctl_fail (ctl, SF_UNAVAILABLE, &s_msg_some_down, down): CTL_EXIT_OK;
}

const ctl_command_t ctl_status_command = {
    .name = "status",
    .summary = {
        "查看各守护进程是否在线：版本、数据库、Redis、待发布事件、运行时长，以及各消费组的积压和死信",
        "Show whether each daemon is up: version, database, Redis, pending events, uptime, and each consumer group's lag and dead letters"
    },
    .run = s_run,
    .details = &s_msg_details
};
