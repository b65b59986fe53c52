#!/usr/bin/env bash
# services.safetyctl.training_drill: `safetyctl training drill` as a user runs it, against a
# directory and a training daemon of its own (fresh schemas, free ports, a stream prefix of
# this run) on the PostgreSQL and Redis that ./deploy/test started: a drill planned, given
# participants, held, evaluated with findings, shown and listed; a campaign with a session and
# its completion; bad input, wrong transitions and another plant's account refused.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/ctl_testlib.sh"
DIRECTORY="$BUILD/services/directory/sf-directory"
TRAINING="$BUILD/services/training/sf-training"
ctl_test_start training_drill "$DIRECTORY" "$TRAINING"
RUN="ctldrill_$$"
SCHEMAS=("${RUN}_dir" "${RUN}_train")

start () {
    local name="$1" binary="$2" port="$3" daemon="$4"
    start_daemon "$name" "$binary" "${RUN}_$name" "tcp://127.0.0.1:$port" SF_REDIS_STREAM_PREFIX="$RUN"
    for (( i = 0; i < 100; i++ )); do
        if env SF_DIRECTORY_ENDPOINT=off SF_INSPECTION_ENDPOINT=off SF_RECTIFICATION_ENDPOINT=off \
            SF_TRAINING_ENDPOINT=off "SF_${daemon^^}_ENDPOINT=tcp://127.0.0.1:$port" "$CTL" status >/dev/null 2>&1; then
            return 0
        fi
        sleep 0.2
    done
    fail "$name did not start"
}

DIR_PORT="$(free_port $(( 20000 + $$ % 9000 )) 30000)"
start dir "$DIRECTORY" "$DIR_PORT" directory
TRAIN_PORT="$(free_port $(( 20000 + ($$ + 1) % 9000 )) 30000)"
start train "$TRAINING" "$TRAIN_PORT" training
export SF_DIRECTORY_ENDPOINT="tcp://127.0.0.1:$DIR_PORT" SF_TRAINING_ENDPOINT="tcp://127.0.0.1:$TRAIN_PORT"

C="d$$"
expect 0 as_service directory create --kind company --code "${C}C" --name-zh 测试公司
expect 0 as_service directory create --kind plant --code "${C}P" --parent "${C}C" --name-zh 一厂
expect 0 as_service directory create --kind department --code "${C}D" --parent "${C}P" --name-zh 机加车间
expect 0 as_service directory create --kind team --code "${C}T" --parent "${C}D" --name-zh 车工班
expect 0 as_service directory create --kind post --code "${C}S" --parent "${C}T" --name-zh 车工岗
expect 0 as_service directory create --kind plant --code "${C}P2" --parent "${C}C" --name-zh 二厂
expect 0 as_service directory create --kind department --code "${C}D9" --parent "${C}P2" --name-zh 装配车间
expect 0 as_service directory create --kind team --code "${C}T9" --parent "${C}D9" --name-zh 装配班
expect 0 as_service directory create --kind post --code "${C}S9" --parent "${C}T9" --name-zh 装配岗
for person in 1 2; do
    expect 0 as_service directory create --kind employee --code "${C}E$person" --parent "${C}S" --name-zh "员工$person" \
        --employment regular
done
expect 0 as_service directory create --kind employee --code "${C}F1" --parent "${C}S9" --name-zh 外厂员工 \
    --employment regular
ctl_account officer "${C}E1" "safety_officer@${C}P"
ctl_account boss "${C}E2" "ehs@${C}C"
ctl_account outsider "${C}F1" "safety_officer@${C}P2"
await_account "${RUN}_train" officer 1
await_account "${RUN}_train" boss 1
await_account "${RUN}_train" outsider 1

officer () { "$CTL" --user officer --org "${C}P" "$@"; }
boss () { "$CTL" --user boss --org "${C}C" "$@"; }
outsider () { "$CTL" --user outsider --org "${C}P2" "$@"; }

expect 0 officer training drill kinds
has "$OUT" "火灾事故应急演练"
expect 0 officer --lang en training drill kinds
has "$OUT" "Chemical leak"

# Planned, with bad input refused.
expect 1 officer --lang en training drill plan --unit "${C}D" --kind tsunami --scenario 海啸 --date 2026-06-16 \
    --organiser "${C}E1"
has "$ERR" "unknown drill kind 'tsunami'"
expect 1 officer --lang en training drill plan --unit "${C}D" --kind fire --scenario 配电室起火 --date 2026-06-16 \
    --organiser "${C}F1"
has "$ERR" "is not at or below the drill's unit"
expect 0 officer --json training drill plan --unit "${C}D" --kind fire --scenario 配电室起火，初期扑救与疏散 \
    --date 2026-06-16 --organiser "${C}E1"
DRILL="$(sed -n 's/.*"id":"\{0,1\}\([0-9]*\).*/\1/p' <<<"$OUT" | head -n 1)"
[[ -n "$DRILL" ]] || fail "no drill id in $OUT"
expect 0 officer training drill participants add "$DRILL" --employees "${C}E1,${C}E2"
has "$OUT" "参演人员（2）"
expect 1 officer --lang en training drill participants add "$DRILL" --employees "${C}F1"
has "$ERR" "failed_precondition"

# Wrong transitions, then held and evaluated with findings.
expect 1 officer --lang en training drill evaluate "$DRILL" --score 90
has "$ERR" "is planned: it cannot be evaluated"
expect 2 officer training drill evaluate "$DRILL" --score 90 --finding "没有等级"
has "$ERR" "没有等级"
expect 0 officer training drill hold "$DRILL" --date 2026-01-10 --minutes 60
has "$OUT" "已实施"
expect 1 officer --lang en training drill hold "$DRILL" --date 2026-01-10 --minutes 60
has "$ERR" "is held: it cannot be held"
expect 0 officer training drill evaluate "$DRILL" --score 88 --grade good --strengths 响应迅速 \
    --finding "灭火器压力不足|general|${C}T;疏散通道堵塞|major|${C}D"
has "$OUT" "已评估"
has "$OUT" "灭火器压力不足"
has "$OUT" "待发送"
expect 0 officer --lang en training drill show "$DRILL"
has "$OUT" "score 88, grade good"
has "$OUT" "major"
expect 0 officer training drill list --state evaluated
has "$OUT" "$DRILL"
expect 1 officer --lang en training drill cancel "$DRILL" --reason 下雨
has "$ERR" "is evaluated: it cannot be cancelled"

# A campaign of the qual area's sessions, and its completion.
expect 0 boss training qual course add --code "${C}-SPM" --title 安全生产月讲座 --category safety_must_know --hours 2 \
    --level refresher --unit "${C}C"
TODAY="$(TZ=Asia/Shanghai date +%F)"
expect 0 boss --json training qual session add --course "${C}-SPM" --unit "${C}T" --date "$TODAY" --trainer 安全环保部
SESSION="$(sed -n 's/.*"id":"\{0,1\}\([0-9]*\).*/\1/p' <<<"$OUT")"
expect 0 boss training qual attend "$SESSION" --employee "${C}E1"
FROM="$(TZ=Asia/Shanghai date -d 'today -5 days' +%F)"
TO="$(TZ=Asia/Shanghai date -d 'today +25 days' +%F)"
expect 1 boss --lang en training drill campaign create --code "${C}-SPM" --title 安全生产月 --owner "${C}C" \
    --from "$TO" --to "$FROM" --units "${C}P,${C}P2"
has "$ERR" "ends after it starts"
expect 0 boss training drill campaign create --code "${C}-SPM" --title 安全生产月 --title-en "Safety Production Month" \
    --owner "${C}C" --from "$FROM" --to "$TO" --units "${C}P,${C}P2"
has "$OUT" "单位 2 个"
expect 0 boss training drill campaign add-session "${C}-SPM" --session "$SESSION"
has "$OUT" "培训场次 1 场"
expect 0 boss training drill campaign completion "${C}-SPM"
has "$OUT" "50%"
has "$OUT" "3 人中 1 人参加"
expect 0 officer --lang en training drill campaign list
has "$OUT" "Safety Production Month"

# Another plant's safety officer sees nothing of this one.
expect 1 outsider training drill show "$DRILL"
has "$ERR" "permission_denied"
expect 0 outsider training drill list
lacks "$OUT" "配电室"
expect 1 outsider training drill hold "$DRILL" --date 2026-01-10 --minutes 60
has "$ERR" "permission_denied"
expect 0 outsider training drill campaign completion "${C}-SPM"
lacks "$OUT" "${C}P "
expect 1 outsider training drill campaign add-session "${C}-SPM" --session "$SESSION"
has "$ERR" "permission_denied"

echo "safetyctl training drill: ok"
