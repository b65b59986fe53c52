#!/usr/bin/env bash
# services.safetyctl.dead: what waits, in plain sight (issue 19). A rectification daemon of
# its own (stream prefix of this run) dead-letters an entry whose envelope does not decode;
# `safetyctl status` shows its consumer groups with lag, pending and that dead letter;
# `events dead` lists it, `events replay` puts it back on its stream (and the consumer sets it
# aside again: it still does not decode). Settings whose caps cannot work stop a daemon.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/ctl_testlib.sh"
RECTIFICATION="$BUILD/services/rectification/sf-rectification"
ctl_test_start dead "$RECTIFICATION"
command -v redis-cli >/dev/null 2>&1 || { echo "redis-cli is missing" >&2; exit 2; }
RUN="ctldead_$$"
SCHEMAS=("${RUN}_rect")
STREAM="$RUN:events:inspection"
REDIS_KEYS=("$STREAM" "$STREAM:dead" "$RUN:events:org" "$RUN:events:rectification" "$RUN:events:alerts")
rcli () { ctl_redis_cli "$@"; }

# --- caps that cannot work stop the daemon at once -----------------------------------------
expect 2 env SF_DB_URL="$SF_DB_URL" SF_RPC_ENDPOINT=tcp://127.0.0.1:1 SF_RETENTION_OUTBOX_DAYS=3 "$RECTIFICATION"
has "$ERR" "retention.outbox_days must be at least retention.stream_days"
expect 2 env SF_DB_URL="$SF_DB_URL" SF_RPC_ENDPOINT=tcp://127.0.0.1:1 SF_RETENTION_STREAM_DAYS=30 SF_RETENTION_OUTBOX_DAYS=30 "$RECTIFICATION"
has "$ERR" "retention.stream_days must be shorter than retention.inbox_days"
expect 2 env SF_DB_URL="$SF_DB_URL" SF_RPC_ENDPOINT=tcp://127.0.0.1:1 SF_RETENTION_OUTBOX_DAYS=30 "$RECTIFICATION"
has "$ERR" "retention.outbox_days must be shorter than retention.inbox_days"
expect 2 env SF_DB_URL="$SF_DB_URL" SF_RPC_ENDPOINT=tcp://127.0.0.1:1 SF_REDIS_STREAM_MAXLEN=5000 SF_CONSUMER_CAP_WARN_PERCENT=90 "$RECTIFICATION"
has "$ERR" "redis.stream_maxlen leaves fewer than 1000 entries"

# --- a rectification daemon of our own -------------------------------------------------------
PORT="$(free_port $(( 30000 + $$ % 2000 )) 32700)"
export SF_RECTIFICATION_ENDPOINT="tcp://127.0.0.1:$PORT" SF_DIRECTORY_ENDPOINT=off SF_INSPECTION_ENDPOINT=off
export SF_LANG=zh
start_daemon rect "$RECTIFICATION" "${RUN}_rect" "$SF_RECTIFICATION_ENDPOINT" SF_REDIS_STREAM_PREFIX="$RUN"
await_daemons

# dead_letters: the inspection group's dead letters as status reports them ("" until seen).
dead_letters () {
    ctl --json status | python3 -c "
import json, sys
d = json.loads(sys.stdin.read())
for g in d['daemons'][0].get('groups', []):
    if g['stream'] == '$STREAM':
        print(g['dead_letters'])"
}

# await_dead N: status shows N dead letters within ten seconds.
await_dead () {
    local try
    for (( try = 0; try < 50; try++ )); do
        [[ "$(dead_letters)" == "$1" ]] && return 0
        sleep 0.2
    done
    fail "status never showed $1 dead letter(s) (last: $(dead_letters))"
}

await_dead 0
# The figures come with the first looks after start-up (the group is made when the consumer
# first reads, the outbox's with the housekeeper's first look): wait for them, then check.
GROUP_SEEN="[g for g in d['daemons'][0]['groups'] if g['stream'] == '$STREAM' and g['group'] == '${RUN}_rect' and g['lag'] >= 0 and g['pending'] >= 0 and g['oldest_unapplied_ms_ago'] >= 0]"
for _ in $(seq 50); do
    expect 0 ctl --json status
    [[ "$(json_get "$OUT" "bool($GROUP_SEEN) and d['daemons'][0]['outbox_oldest_ms_ago'] >= 0")" == True ]] && break
    sleep 0.2
done
json_has "$OUT" "$GROUP_SEEN"
json_has "$OUT" "d['daemons'][0]['stream_maxlen'] == 1000000 and d['daemons'][0]['stream_max_age_ms'] == 7 * 86400000"
json_has "$OUT" "0 <= d['daemons'][0]['backlog_checked_ms_ago'] < 5000 and d['daemons'][0]['outbox_oldest_ms_ago'] >= 0"

# An entry whose envelope does not decode goes to the dead letters at once.
rcli XADD "$STREAM" '*' id "e$$" type inspection.finding_reported plant P1 env "not an envelope" >/dev/null
await_dead 1
expect 0 ctl status
has "$OUT" "消费组"
has "$OUT" "$STREAM"
has "$OUT" "死信"
expect 0 ctl --lang en status
has "$OUT" "DEAD LETTERS"
has "$OUT" "OLDEST UNAPPLIED"

# --- events dead ---------------------------------------------------------------------------
expect 0 ctl events dead "$STREAM"
has "$OUT" "e$$"
has "$OUT" "inspection.finding_reported"
has "$OUT" "${RUN}_rect"
expect 0 ctl --lang en events dead "$STREAM"
has "$OUT" "DEAD ENTRY ID"
expect 0 ctl --json events dead "$STREAM"
json_has "$OUT" "d['eventId'] == 'e$$' and d['stream'] == '$STREAM' and d['group'] == '${RUN}_rect' and d['reason']"
DEAD_ID="$(json_get "$OUT" "d['deadEntryId']")"
# Without a topic: every dead-letter stream of sf:events:* (ours has another prefix).
expect 0 ctl events dead
expect 0 ctl events dead "nothing_here_$$"
has "$OUT" "没有死信"

# --- events replay -------------------------------------------------------------------------
LENGTH="$(rcli XLEN "$STREAM")"
expect 0 ctl --json events replay "$STREAM" "$DEAD_ID"
json_has "$OUT" "d['stream'] == '$STREAM' and d['deadEntryId'] == '$DEAD_ID' and d['entryId']"
NEW_ID="$(json_get "$OUT" "d['entryId']")"
[[ "$(rcli XLEN "$STREAM")" == $(( LENGTH + 1 )) ]] || fail "replay added no entry to $STREAM"
has "$(rcli XRANGE "$STREAM" "$NEW_ID" "$NEW_ID")" "e$$"
[[ -z "$(rcli XRANGE "$STREAM:dead" "$DEAD_ID" "$DEAD_ID")" ]] || fail "the dead letter is still there"
# It still does not decode: the consumer sets it aside again, as a new dead letter.
await_dead 1
expect 0 ctl --json events dead "$STREAM"
json_has "$OUT" "d['eventId'] == 'e$$' and d['deadEntryId'] != '$DEAD_ID'"

# A dead letter that is gone, a malformed id, another stream's dead letter, a trimmed entry.
expect 1 ctl events replay "$STREAM" "$DEAD_ID"
has "$ERR" "错误 [not_found]"
expect 2 ctl events replay "$STREAM" yesterday
has "$ERR" "条目编号“yesterday”无效"
expect 2 ctl --lang en events replay "$STREAM"
has "$ERR" "missing the dead letter's entry id"
expect 2 ctl events replay "Bad Topic" 1-1
OTHER_ID="$(rcli XADD "$STREAM:dead" '*' orig_stream "$RUN:events:org" orig_id 1-1 reason test)"
expect 1 ctl --lang en events replay "$STREAM" "$OTHER_ID"
has "$ERR" "error [invalid_argument]: dead letter $OTHER_ID came from stream $RUN:events:org"
TRIMMED_ID="$(rcli XADD "$STREAM:dead" '*' orig_stream "$STREAM" orig_id 1-2 reason "trimmed before it was acknowledged")"
expect 1 ctl --lang en events replay "$STREAM" "$TRIMMED_ID"
has "$ERR" "error [failed_precondition]"

for command in "events dead" "events replay"; do
    # shellcheck disable=SC2086
    expect 0 ctl $command --help
    has "$OUT" "用法：safetyctl $command"
    # shellcheck disable=SC2086
    expect 0 ctl --lang en $command -h
    has "$OUT" "Usage: safetyctl $command"
done
echo "safetyctl dead letters: OK"
