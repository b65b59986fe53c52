# shellcheck shell=bash
# deploy/lib_notify.sh: the demo stack's notifications, sourced by deploy/up (never run).
#   - sf_demo_receiver_start: local stand-ins for DingTalk, WeCom, Feishu, a webhook endpoint
#     and an SMTP server (deploy/demo-receiver → tests/notify_receiver.py), on the stack's rpc
#     base + 8 (HTTP) and + 9 (SMTP), loopback only, started like a daemon (deploy/down stops
#     it). Its tokens and signing secrets are made once per stack, at random, into
#     STATE_DIR/conf/receiver.conf (mode 600); every request it takes, with the result of its
#     checks ("ok", and "why" when a payload or signature is wrong), is a JSON line in
#     STATE_DIR/log/receiver.jsonl.
#   - load_demo_notify_channels: the channels of deploy/demo/notify_channels.csv on the demo
#     units (a plant's DingTalk robot in markdown and its mailbox, a department's WeCom robot,
#     a team's Feishu bot in English rich text, the lesson's target team's webhook, the
#     company's EHS mailbox for escalations), pointing at that receiver, with its secrets; a
#     unit that has a channel of that kind already is left as it is.
#   - load_demo_notify_events, after the other demos: two findings reported by the plant's
#     safety manager (a major hazard in team P01-D01-T01, a general one in department P01-D01),
#     so that inspection's and rectification's events reach the robots; then waits (up to
#     SF_UP_NOTIFY_WAIT_S, 60 s) until P01's deliveries are sent and says what the receiver took.
# The channels are set as account admin with the operator key (the environment deploy/up wrote).

SF_DEMO_NOTIFY_CHANNELS_CSV="$SF_DEPLOY_DIR/demo/notify_channels.csv"
SF_DEMO_RECEIVER_HTTP_OFFSET=8      # from the stack's rpc base: 7108 by default
SF_DEMO_RECEIVER_SMTP_OFFSET=9      # 7109

# sf_demo_receiver_value KEY: the value of KEY in the stack's receiver.conf.
sf_demo_receiver_value () {
    awk -F' = ' -v key="$1" '$1 == key { print $2; exit }' "$STATE_DIR/conf/receiver.conf"
}

# sf_demo_receiver_conf: STATE_DIR/conf/receiver.conf with this stack's ports; secrets made
# once and kept (the channels stored in the notifier carry them).
sf_demo_receiver_conf () {
    local conf="$STATE_DIR/conf/receiver.conf" name
    mkdir -p "$STATE_DIR/conf"
    declare -A kept=()
    if [[ -f "$conf" ]]; then
        for name in dingtalk_token dingtalk_secret wecom_key feishu_hook feishu_secret webhook_secret; do
            kept[$name]="$(sf_demo_receiver_value "$name")"
        done
    fi
    [[ -n "${kept[dingtalk_token]:-}" ]] || kept[dingtalk_token]="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
    [[ -n "${kept[dingtalk_secret]:-}" ]] || kept[dingtalk_secret]="SEC$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')"
    [[ -n "${kept[wecom_key]:-}" ]] || kept[wecom_key]="$(cat /proc/sys/kernel/random/uuid)"
    [[ -n "${kept[feishu_hook]:-}" ]] || kept[feishu_hook]="$(cat /proc/sys/kernel/random/uuid)"
    [[ -n "${kept[feishu_secret]:-}" ]] || kept[feishu_secret]="$(head -c 18 /dev/urandom | base64 | tr '+/' 'xy')"
    [[ -n "${kept[webhook_secret]:-}" ]] || kept[webhook_secret]="whsec_$(head -c 24 /dev/urandom | base64)"
    (
        umask 077
        {
            printf '# Written by deploy/up: the demo receiver (deploy/demo-receiver). Secrets: keep private.\n'
            printf 'port = %s\n' $(( RPC_BASE + SF_DEMO_RECEIVER_HTTP_OFFSET ))
            printf 'smtp_port = %s\n' $(( RPC_BASE + SF_DEMO_RECEIVER_SMTP_OFFSET ))
            printf 'log = %s\n' "$STATE_DIR/log/receiver.jsonl"
            for name in dingtalk_token dingtalk_secret wecom_key feishu_hook feishu_secret webhook_secret; do
                printf '%s = %s\n' "$name" "${kept[$name]}"
            done
        } >"$conf.tmp"
        mv "$conf.tmp" "$conf"
    )
}

# sf_demo_receiver_start: the receiver, unless it runs already; fails when it does not listen.
sf_demo_receiver_start () {
    local port
    command -v python3 >/dev/null || { sf_warn "no python3: the demo receiver does not start"; return 0; }
    sf_demo_receiver_conf
    sf_daemon_spawn "$STATE_DIR" receiver "$SF_DEPLOY_DIR/demo-receiver" "$STATE_DIR/conf/receiver.conf"
    port="$(sf_demo_receiver_value port)"
    sf_wait_for 15 "the demo receiver on 127.0.0.1:$port" sf_port_in_use "$port" \
        || sf_die "the demo receiver did not start; the end of $STATE_DIR/log/receiver.log: $(tail -n 5 "$STATE_DIR/log/receiver.log")"
}

# sf_demo_notify_has UNIT KIND: true when UNIT itself has a channel of KIND (dingtalk, ...).
sf_demo_notify_has () {
    local out
    out="$("$SAFETYCTL" --json notify channels --unit "$1")" || sf_die "listing the channels of $1 failed"
    python3 -c '
import json, sys
unit, kind = sys.argv[1], "CHANNEL_" + sys.argv[2].upper()
found = any(c.get("unitCode") == unit and c.get("channel") == kind for c in json.loads(sys.stdin.read()).get("channels", []))
sys.exit(0 if found else 1)
' "$1" "$2" <<<"$out"
}

# sf_demo_notify_fill TEXT: TEXT with {http} and each {key} of receiver.conf replaced.
sf_demo_notify_fill () {
    local text="$1" name
    text="${text//\{http\}/http://127.0.0.1:$(sf_demo_receiver_value port)}"
    for name in smtp_port dingtalk_token wecom_key feishu_hook; do
        text="${text//\{$name\}/$(sf_demo_receiver_value "$name")}"
    done
    printf '%s\n' "$text"
}

load_demo_notify_channels () {
    sf_daemon_pid "$STATE_DIR" notify >/dev/null || return 0
    [[ -f "$STATE_DIR/conf/receiver.conf" ]] || return 0
    local last unit kind url secret recipients lang format args set=0
    last="$(tail -n 1 "$DEMO_CSV" | cut -d, -f2)"
    sf_wait_for 30 "the org and accounts copy of sf-notify" "$SAFETYCTL" notify channels --unit "$last" \
        || sf_die "sf-notify did not copy the org and the accounts; log in $STATE_DIR/log/notify.log"
    while IFS=, read -r unit kind url secret recipients lang format; do
        sf_demo_notify_has "$unit" "$kind" && continue
        args=(--unit "$unit" --kind "$kind" --url "$(sf_demo_notify_fill "$url")" --lang "$lang"
              --format "${format:-text}" --key "demo-notify-$unit-$kind")
        [[ -n "$secret" ]] && args+=(--secret "$(sf_demo_receiver_value "$secret")")
        [[ -n "$recipients" ]] && args+=(--recipients "${recipients//;/,}")
        "$SAFETYCTL" notify channel set "${args[@]}" >/dev/null || sf_die "demo channel $kind of $unit failed"
        set=$(( set + 1 ))
    done < <(tail -n +2 "$SF_DEMO_NOTIFY_CHANNELS_CSV")
    if (( set == 0 )); then
        sf_log "demo data: notification channels already set"
    else
        sf_log "demo data: $set notification channels set (try: safetyctl notify channels --unit C01)"
    fi
}

# sf_demo_notify_pending UNIT: the number of UNIT's deliveries (and below) still queued or retrying.
sf_demo_notify_pending () {
    local status count total=0
    for status in queued retrying; do
        count="$("$SAFETYCTL" --json notify log --unit "$1" --status "$status" --limit 100 \
                 | python3 -c 'import json, sys; print(len(json.loads(sys.stdin.read()).get("deliveries", [])))')" \
            || return 1
        total=$(( total + count ))
    done
    printf '%s\n' "$total"
}

load_demo_notify_events () {
    sf_daemon_pid "$STATE_DIR" notify >/dev/null || return 0
    sf_daemon_pid "$STATE_DIR" inspection >/dev/null || return 0
    [[ -f "$STATE_DIR/conf/receiver.conf" ]] || return 0
    local marker="$STATE_DIR/demo-notify-loaded" wait_s="${SF_UP_NOTIFY_WAIT_S:-60}" pending="?" deadline
    if [[ ! -f "$marker" ]]; then
        sf_demo_scoring_as p01.manager P01 inspection report --unit P01-D01-T01 --severity major --factor machine \
            --description "冲床光电保护装置失效仍在使用" --location "机加一班 3 号冲床" \
            --key demo-notify-finding-major >/dev/null || sf_die "demo major hazard report failed"
        sf_demo_scoring_as p01.manager P01 inspection report --unit P01-D01 --severity general --factor environment \
            --description "车间东侧消防通道堆放物料" --location "生产部东侧通道" \
            --key demo-notify-finding-general >/dev/null || sf_die "demo general finding report failed"
        date -Is >"$marker"
        sf_log "demo data: a major hazard and a general finding reported in P01 (their events go to the robots)"
    fi
    deadline=$(( SECONDS + wait_s ))
    while (( SECONDS < deadline )); do
        pending="$(sf_demo_notify_pending P01)" || pending="?"
        [[ "$pending" == 0 ]] && "$SAFETYCTL" --json notify log --unit P01 --limit 1 | grep -q '"id"' && break
        sleep 1
    done
    [[ "$pending" == 0 ]] || sf_warn "P01's deliveries not all sent after ${wait_s}s ($pending waiting): see safetyctl notify log --unit P01"
    python3 - "$STATE_DIR/log/receiver.jsonl" <<'PY' >&2 || true
import collections, json, sys
taken = collections.Counter()
refused = collections.Counter()
try:
    for line in open(sys.argv[1], encoding="utf-8"):
        entry = json.loads(line)
        (taken if entry.get("ok") else refused)[entry.get("kind", "?")] += 1
except FileNotFoundError:
    pass
print("[deploy] demo receiver: taken %s; refused %s" % (dict(taken) or "none", dict(refused) or "none"))
PY
}
