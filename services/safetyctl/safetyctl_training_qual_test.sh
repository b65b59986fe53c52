#!/usr/bin/env bash
# services.safetyctl.training_qual: `safetyctl training qual` as a user runs it, against a
# directory and a training daemon of their own (fresh schemas, free ports, a stream prefix of
# this run) on the PostgreSQL and Redis that ./deploy/test started: courses, a session,
# attendance, exams, a certificate, a post's requirement, who is unqualified and one person;
# bad input and another plant's account refused.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/ctl_testlib.sh"
DIRECTORY="$BUILD/services/directory/sf-directory"
TRAINING="$BUILD/services/training/sf-training"
ctl_test_start training_qual "$DIRECTORY" "$TRAINING"
RUN="ctlqual_$$"
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

C="q$$"
expect 0 as_service directory create --kind company --code "${C}C" --name-zh 测试公司
expect 0 as_service directory create --kind plant --code "${C}P" --parent "${C}C" --name-zh 一厂
expect 0 as_service directory create --kind department --code "${C}D" --parent "${C}P" --name-zh 机加车间
expect 0 as_service directory create --kind team --code "${C}T" --parent "${C}D" --name-zh 车工班
expect 0 as_service directory create --kind post --code "${C}S" --parent "${C}T" --name-zh 电工岗
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
ctl_account outsider "${C}F1" "safety_officer@${C}P2"
await_account "${RUN}_train" officer 1
await_account "${RUN}_train" outsider 1

officer () { "$CTL" --user officer --org "${C}P" "$@"; }
outsider () { "$CTL" --user outsider --org "${C}P2" "$@"; }

expect 0 "$CTL" --lang zh training qual --help
has "$OUT" "第3号"
expect 2 officer training qual course add --code X1 --title 入厂教育 --category safety_must_know --hours 8 \
    --level somewhere --unit "${C}P"
has "$ERR" "somewhere"

for level in company department team; do
    expect 0 officer training qual course add --code "${C}-$level" --title "${level}级安全教育" \
        --category safety_must_know --hours 8 --level "$level" --unit "${C}P"
done
has "$OUT" "8 学时"
expect 1 officer --lang en training qual course add --code "${C}-bad" --title 过长 --category safety_must_know \
    --hours 120 --level team --unit "${C}P"
has "$ERR" "invalid_argument"
has "$ERR" "1 to 100"
expect 0 officer training qual course list
has "$OUT" "${C}-team"

for level in company department team; do
    expect 0 officer --json training qual session add --course "${C}-$level" --unit "${C}T" --date 2026-03-02 --trainer 李工
    SESSION="$(sed -n 's/.*"id":"\{0,1\}\([0-9]*\).*/\1/p' <<<"$OUT")"
    [[ -n "$SESSION" ]] || fail "no session id in $OUT"
    expect 0 officer training qual attend "$SESSION" --employee "${C}E1"
    has "$OUT" "8 学时"
    expect 0 officer training qual exam --employee "${C}E1" --level "$level" --score 90
done
expect 1 officer --lang en training qual attend "$SESSION" --employee "${C}E1"
has "$ERR" "already_exists"
expect 1 officer --lang en training qual attend "$SESSION" --employee "${C}E2" --hours 9
has "$ERR" "out of range"
expect 1 officer --lang en training qual attend "$SESSION" --employee "${C}NOBODY"
has "$ERR" "not_found"
expect 0 officer training qual session list --unit "${C}T"
has "$OUT" "李工"

# The post requires an electrician's certificate; expiry before issue is refused.
expect 0 officer training qual post-requires --post "${C}S" --type electrician
has "$OUT" "electrician"
expect 1 officer --lang en training qual cert add --employee "${C}E1" --type electrician --number T1 \
    --authority 北京市应急管理局 --issued 2024-05-01 --expires 2024-04-01
has "$ERR" "is not after the issue date"
expect 0 officer training qual unqualified --unit "${C}T"
has "$OUT" "不具备上岗资格 2 人"
has "$OUT" "电工作业操作证，未登记"
expect 0 officer training qual cert add --employee "${C}E1" --type electrician --number T1 \
    --authority 北京市应急管理局 --issued 2024-05-01
has "$OUT" "2030-05-01"
expect 0 officer training qual cert list
has "$OUT" "T1"
expect 0 officer --lang en training qual unqualified --unit "${C}T"
has "$OUT" "1 not qualified"
lacks "$OUT" "${C}E1 "
expect 0 officer training qual person show "${C}E1"
has "$OUT" "具备上岗资格"
has "$OUT" "班组级"

# A principal's or safety manager's post (admin, ehs): its holder needs the management hours.
expect 1 officer --lang en training qual manager-post --post "${C}S"
has "$ERR" "permission_denied"
expect 1 as_service --lang en training qual manager-post --post "${C}E1"
has "$ERR" "is not a post"
expect 0 as_service training qual manager-post --post "${C}S"
has "$OUT" "主要负责人或安全生产管理人员岗位"
expect 0 officer training qual unqualified --unit "${C}T"
has "$OUT" "管理人员初次培训学时不足：0学时，应不少于32学时"
expect 0 officer training qual person show "${C}E1"
has "$OUT" "管理人员培训：初次 0/32"
expect 0 officer training qual course add --code "${C}-mgmt" --title 主要负责人安全培训 --category management \
    --hours 32 --level management --unit "${C}P"
expect 0 officer --json training qual session add --course "${C}-mgmt" --unit "${C}T" --date "$(date -d yesterday +%F)" --trainer 王工
SESSION="$(sed -n 's/.*"id":"\{0,1\}\([0-9]*\).*/\1/p' <<<"$OUT")"
expect 0 officer training qual attend "$SESSION" --employee "${C}E1"
expect 0 officer --lang en training qual unqualified --unit "${C}T"
lacks "$OUT" "${C}E1 "
expect 1 outsider training qual manager-post --post "${C}S" --remove
has "$ERR" "permission_denied"

# The plant's yearly training plan and its completion: the sessions of 2026-03-02 held.
expect 2 officer training qual plan add --unit "${C}P" --year 2026 --courses "${C}-company"
has "$ERR" "${C}-company"
expect 1 officer --lang en training qual plan add --unit "${C}P" --year 2026 --courses "${C}-nothing:1"
has "$ERR" "not_found"
expect 1 officer --lang en training qual plan add --unit "${C}P" --year 2026 --courses "${C}-team:0"
has "$ERR" "out of range 1 to 1000"
expect 1 officer --lang en training qual plan add --unit "${C}P" --year 1999 --courses "${C}-team:1"
has "$ERR" "year 1999 is out of range"
expect 1 officer --lang en training qual plan add --unit "${C}P" --year 2026 --courses "${C}-team:1,${C}-team:2"
has "$ERR" "twice"
expect 1 officer --lang en training qual plan show --unit "${C}P" --year 2026
has "$ERR" "no training plan for 2026"
expect 0 officer training qual plan add --unit "${C}P" --year 2026 --courses "${C}-company:2,${C}-team:1:8"
has "$OUT" "计划 3 场 24 学时"
expect 0 officer --lang en training qual plan show --unit "${C}P" --year 2026
has "$OUT" "version 1"
has "$OUT" "3 sessions, 24 class hours planned; 2 held, 16 hours delivered (66%), 2 attendances"
has "$OUT" "50%"
expect 0 officer training qual plan add --unit "${C}P" --year 2026 --courses "${C}-team:1"
has "$OUT" "第2版"
lacks "$OUT" "${C}-company"
expect 1 outsider training qual plan show --unit "${C}P" --year 2026
has "$ERR" "permission_denied"
expect 1 outsider training qual plan add --unit "${C}P" --year 2026 --courses "${C}-team:5"
has "$ERR" "permission_denied"
expect 0 officer training qual plan show --unit "${C}P" --year 2026
has "$OUT" "计划 1 场 8 学时"

# Another plant's safety officer sees nothing of this one.
expect 1 outsider training qual unqualified --unit "${C}T"
has "$ERR" "permission_denied"
expect 1 outsider training qual person show "${C}E1"
has "$ERR" "permission_denied"
expect 0 outsider training qual cert list
lacks "$OUT" "T1"
expect 1 outsider training qual sector --plant "${C}P" --sector hazardous_chemicals
has "$ERR" "permission_denied"

echo "safetyctl training qual: ok"
