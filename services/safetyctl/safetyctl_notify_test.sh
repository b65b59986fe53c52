#!/usr/bin/env bash
# services.safetyctl.notify: `safetyctl notify` as a user runs it, against a directory and a
# notifier daemon of their own (fresh schemas, free ports, a stream prefix of this run) on the
# PostgreSQL and Redis that ./deploy/test started, and tests/notify_receiver.py on 127.0.0.1 as
# the webhook's receiver: help and usage errors; the routes in Chinese and English, a new
# version from their JSON by the EHS department (a worker refused); a webhook
# channel set by the plant's safety manager (a worker refused), listed with "set …last4" and
# never its secret (not even under --json); a test message over it, delivered to the receiver
# and shown in the log and as a delivery (acknowledging it refused: not urgent); the channel
# removed (a worker refused).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/ctl_testlib.sh"
DIRECTORY="$BUILD/services/directory/sf-directory"
NOTIFY="$BUILD/services/notify/sf-notify"
SOURCE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
command -v python3 >/dev/null 2>&1 || { echo "python3 is needed to read the JSON output" >&2; exit 2; }
ctl_test_start notify "$DIRECTORY" "$NOTIFY"
RUN="ctlnotify_$$"
SCHEMAS=("${RUN}_dir" "${RUN}_notify")
REDIS_KEYS=("$RUN:events:org" "$RUN:events:notify" "$RUN:events:directory")

DIR_PORT="$(free_port $(( 20000 + $$ % 9000 )) 30000)"
NOTIFY_PORT="$(free_port $(( DIR_PORT + 1 )) 30000)"
RECEIVER_PORT="$(free_port $(( NOTIFY_PORT + 1 )) 30000)"
export SF_DIRECTORY_ENDPOINT="tcp://127.0.0.1:$DIR_PORT" SF_NOTIFY_ENDPOINT="tcp://127.0.0.1:$NOTIFY_PORT"
export SF_INSPECTION_ENDPOINT=off SF_RECTIFICATION_ENDPOINT=off SF_TRAINING_ENDPOINT=off SF_LESSON_ENDPOINT=off
export SF_SCORING_ENDPOINT=off SF_LANG=zh
unset SF_USER SF_ROLES
SECRET="whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

start () {
    start_daemon "$1" "$2" "${RUN}_$1" "tcp://127.0.0.1:$3" SF_REDIS_STREAM_PREFIX="$RUN" \
        SF_ORG_DIRECTORY_ENDPOINT="$SF_DIRECTORY_ENDPOINT"
}
# await_has TEXT CMD...: runs CMD until its output holds TEXT, for up to 30 seconds; that
# output is then in OUT.
await_has () {
    local text="$1" deadline=$(( SECONDS + 30 ))
    shift
    while (( SECONDS < deadline )); do
        OUT="$("$@" 2>/dev/null || true)"
        [[ "$OUT" == *"$text"* ]] && return 0
        sleep 0.3
    done
    fail "'$text' never came from: $*; the last output: $OUT"
}

start dir "$DIRECTORY" "$DIR_PORT"
start notify "$NOTIFY" "$NOTIFY_PORT"
await_daemons
python3 -W ignore "$SOURCE_DIR/tests/notify_receiver.py" --port "$RECEIVER_PORT" --log "$WORK/receiver.jsonl" \
    --webhook-secret "$SECRET" --watch-pid $$ >"$WORK/receiver.log" 2>&1 &
PIDS+=("$!")

# --- help and usage -------------------------------------------------------------------------
for command in "notify" "notify routes" "notify channel" "notify channel set" "notify channel remove" \
               "notify channels" "notify log" "notify delivery" "notify ack" "notify test"; do
    # shellcheck disable=SC2086
    expect 0 ctl $command --help
    has "$OUT" "用法：safetyctl $command"
    # shellcheck disable=SC2086
    expect 0 ctl --lang en $command -h
    has "$OUT" "Usage: safetyctl $command"
done
expect 2 ctl notify channel set --unit U --kind pager --url http://x
has "$ERR" "--kind 的值“pager”无效"
expect 2 ctl --lang en notify channel set --unit U --kind webhook --url http://x --quiet 22
has "$ERR" "--quiet '22' is invalid"
expect 2 ctl notify channel set --unit U --kind webhook --url http://x --lang fr
has "$ERR" "--lang 的值“fr”无效"
expect 2 ctl notify channel set --unit U --kind dingtalk --url http://x --format html
has "$ERR" "--format 的值“html”无效"
expect 2 ctl --lang en notify log --unit U --status lost
has "$ERR" "--status 'lost' is invalid"
expect 2 ctl notify delivery x
has "$ERR" "不是有效的编号"
expect 2 ctl notify routes publish
has "$ERR" "“publish”无效"
expect 2 ctl notify routes set
has "$ERR" "需要 --file"
expect 1 ctl notify routes set --file "$WORK/none.json"
has "$ERR" "无法读取文件"

# --- the org and its people -----------------------------------------------------------------
C="N$$"
cat >"$WORK/org.csv" <<EOF2
kind,code,parent_code,name_zh,name_en,employment_type
company,$C-C,,测试机械有限公司,Test Machinery Co Ltd,
plant,$C-P,$C-C,一厂,Plant 1,
department,$C-D,$C-P,装配车间,Assembly Department,
team,$C-T,$C-D,起重班,Lifting Team,
post,$C-S,$C-T,行车工岗,Crane Operator,
employee,$C-E1,$C-S,王强,,regular
employee,$C-E2,$C-S,李娜,,regular
employee,$C-E3,$C-S,陈刚,,regular
EOF2
expect 0 as_service directory import "$WORK/org.csv"
ctl_account manager "$C-E1" "plant_safety_manager@$C-P"
ctl_account worker "$C-E2" "worker@$C-S"
ctl_account ehs "$C-E3" "ehs@$C-C"
for login in manager worker ehs; do
    await_account "${RUN}_notify" "$login" 1
done
manager () { "$CTL" --user manager --org "$C-P" "$@"; }
worker () { "$CTL" --user worker --org "$C-S" "$@"; }
ehs () { "$CTL" --user ehs --org "$C-C" "$@"; }

# --- routes ---------------------------------------------------------------------------------
expect 0 worker notify routes
has "$OUT" "通知路由第"
expect 0 worker --lang en notify routes
has "$OUT" "Routes version"
expect 0 worker --json notify routes
json_check "$OUT"
VERSION="$(json_get "$OUT" "d.get('version', 0)")"
printf '%s\n' "$OUT" >"$WORK/routes.json"
expect 1 worker notify routes set --file "$WORK/routes.json"
expect 0 ehs notify routes set --file "$WORK/routes.json" --note "复核"
has "$OUT" "通知路由第 $(( VERSION + 1 )) 版"
has "$OUT" "复核"

# --- a channel ------------------------------------------------------------------------------
URL="http://127.0.0.1:$RECEIVER_PORT/webhook"
expect 1 worker notify channel set --unit "$C-D" --kind webhook --url "$URL" --secret "$SECRET"
lacks "$OUT$ERR" "$SECRET"
# Quiet hours half a day away from now in the notifier's zone (notify.time_zone, Asia/Shanghai
# by default): the test message below must not be held by them whatever the hour of the run.
QUIET_HOUR=$(( ($(TZ=Asia/Shanghai date +%-H) + 12) % 24 ))
QUIET="$(printf '%02d:00-%02d:30' "$QUIET_HOUR" "$QUIET_HOUR")"
expect 0 manager notify channel set --unit "$C-D" --kind webhook --url "$URL" --secret "$SECRET" --quiet "$QUIET"
has "$OUT" "已设置 …LaSw"
lacks "$OUT" "$SECRET"
expect 0 manager --json notify channel set --unit "$C-D" --kind webhook --url "$URL" --secret "$SECRET"
lacks "$OUT" "$SECRET"
expect 0 manager --json notify channels --unit "$C-D"
lacks "$OUT" "$SECRET"
json_has "$OUT" "len(d['channels']) >= 1"
CHANNEL="$(json_get "$OUT" "d['channels'][0]['id']")"
expect 0 manager --lang en notify channels --unit "$C-D"
has "$OUT" "webhook"
has "$OUT" "Format"
has "$OUT" "set …"
lacks "$OUT" "$SECRET"

# --- a test message, delivered and logged ---------------------------------------------------
expect 1 worker notify test "$CHANNEL"
expect 0 manager notify test "$CHANNEL"
has "$OUT" "notify.test"
await_has "已发送" manager notify log --unit "$C-D" --status sent
has "$OUT" "notify.test"
await_has '"kind": "webhook", "ok": true' cat "$WORK/receiver.jsonl"
expect 0 manager --lang en notify log --unit "$C-D"
has "$OUT" "sent"
expect 0 manager --json notify log --unit "$C-D"
DELIVERY="$(json_get "$OUT" "d['deliveries'][0]['id']")"
expect 0 manager notify delivery "$DELIVERY"
has "$OUT" "notify.test"
has "$OUT" "已发送"
expect 1 manager notify ack "$DELIVERY"

# --- a robot in rich text: the format is stored and shown ---------------------------------
ROBOT="http://127.0.0.1:$RECEIVER_PORT/dingtalk/robot/send?access_token=T"
expect 0 manager notify channel set --unit "$C-D" --kind dingtalk --url "$ROBOT" --recipients 13800001111 --format rich
has "$OUT" "富文本"
expect 0 manager --json notify channels --unit "$C-D"
json_has "$OUT" "any(c.get('format') == 'MESSAGE_FORMAT_RICH' for c in d['channels'])"
ROBOT_ID="$(json_get "$OUT" "[c['id'] for c in d['channels'] if c.get('format') == 'MESSAGE_FORMAT_RICH'][0]")"
expect 0 manager --lang en notify channel set --id "$ROBOT_ID" --unit "$C-D" --kind dingtalk --url "$ROBOT" --format text
has "$OUT" "text"
expect 0 manager notify test "$ROBOT_ID"
await_has '"kind": "dingtalk", "ok": true' cat "$WORK/receiver.jsonl"
expect 0 manager notify channel set --id "$ROBOT_ID" --unit "$C-D" --kind dingtalk --url "$ROBOT" --format rich
expect 0 manager notify channel remove "$ROBOT_ID"

# --- removed --------------------------------------------------------------------------------
expect 1 worker notify channel remove "$CHANNEL"
expect 0 manager notify channel remove "$CHANNEL"
has "$OUT" "已删除通知渠道 $CHANNEL"
echo "PASS"
