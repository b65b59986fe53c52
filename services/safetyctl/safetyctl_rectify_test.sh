#!/usr/bin/env bash
# services.safetyctl.rectify: `safetyctl rectify` as a user runs it, against a directory and a
# rectification daemon of their own (fresh schemas, free ports, a stream prefix of this run)
# on the PostgreSQL and Redis that ./deploy/test started.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/ctl_testlib.sh"
DIRECTORY="$BUILD/services/directory/sf-directory"
RECTIFICATION="$BUILD/services/rectification/sf-rectification"
ctl_test_start rectify "$DIRECTORY" "$RECTIFICATION"
RUN="ctlrect_$$"
SCHEMAS=("${RUN}_dir" "${RUN}_rect")

# start NAME BINARY PORT DAEMON: the daemon on schema ${RUN}_NAME; returns once it answers
# (status asks it alone, as DAEMON: its CURVE key is that daemon's).
start () {
    local name="$1" binary="$2" port="$3" daemon="$4"
    start_daemon "$name" "$binary" "${RUN}_$name" "tcp://127.0.0.1:$port" SF_REDIS_STREAM_PREFIX="$RUN"
    for (( i = 0; i < 100; i++ )); do
        if env SF_DIRECTORY_ENDPOINT=off SF_INSPECTION_ENDPOINT=off SF_RECTIFICATION_ENDPOINT=off \
            "SF_${daemon^^}_ENDPOINT=tcp://127.0.0.1:$port" "$CTL" status >/dev/null 2>&1; then
            return 0
        fi
        sleep 0.2
    done
    fail "$name did not start"
}

DIR_PORT="$(free_port $(( 20000 + $$ % 9000 )) 30000)"
start dir "$DIRECTORY" "$DIR_PORT" directory
RECT_PORT="$(free_port $(( 20000 + ($$ + 1) % 9000 )) 30000)"
start rect "$RECTIFICATION" "$RECT_PORT" rectification
export SF_DIRECTORY_ENDPOINT="tcp://127.0.0.1:$DIR_PORT" SF_RECTIFICATION_ENDPOINT="tcp://127.0.0.1:$RECT_PORT"

# The org and its people, set up by the service; the rectification daemon learns both from
# the directory's events.
C="c$$"
expect 0 as_service directory create --kind company --code "${C}C" --name-zh 测试公司
expect 0 as_service directory create --kind plant --code "${C}P" --parent "${C}C" --name-zh 一厂
expect 0 as_service directory create --kind department --code "${C}D" --parent "${C}P" --name-zh 机加车间 --name-en Machining
expect 0 as_service directory create --kind team --code "${C}T" --parent "${C}D" --name-zh 车工班
expect 0 as_service directory create --kind post --code "${C}S" --parent "${C}T" --name-zh 车工岗
for person in 1 2 3 4; do
    expect 0 as_service directory create --kind employee --code "${C}E$person" --parent "${C}S" --name-zh "员工$person" \
        --employment regular
done
ctl_account officer "${C}E1" "safety_officer@${C}P"
ctl_account head "${C}E2" "department_head@${C}D"
ctl_account leader "${C}E3" "team_leader@${C}T"
ctl_account ehs "${C}E4" "ehs@${C}C"
for login in officer head leader ehs; do
    await_account "${RUN}_rect" "$login" 1
done

officer () { "$CTL" --user officer --org "${C}P" "$@"; }
head_ () { "$CTL" --user head --org "${C}D" "$@"; }
leader () { "$CTL" --user leader --org "${C}T" "$@"; }

# Help in both languages; usage errors exit 2.
expect 0 "$CTL" --lang zh rectify --help
has "$OUT" "问题反馈单"
expect 0 "$CTL" --lang en rectify plan --help
has "$OUT" "Art. 15"
expect 2 officer rectify issue --unit "${C}T" --severity huge --description x --requirement y
has "$ERR" "huge"
expect 2 officer rectify issue --unit "${C}T" --severity general --description x --requirement y --deadline tomorrow

# The whole life of a general form.
expect 0 officer --json rectify issue --unit "${C}T" --severity general --description 防护罩缺失 \
    --requirement 加装防护罩 --hazard H1 --attachment photos/before.jpg
has "$OUT" "\"status\":\"FORM_ISSUED\""
NUMBER="$(sed -n 's/.*"number":"\([^"]*\)".*/\1/p' <<<"$OUT")"
[[ "$NUMBER" == "${C}P-R"* ]] || fail "unexpected number $NUMBER"
# The team rectifies its own form; the department above it does not do the work for it.
expect 1 head_ rectify ack "$NUMBER"
has "$ERR" "permission_denied"
has "$ERR" "${C}T"
expect 0 leader rectify ack "$NUMBER" --note 收到
has "$OUT" "已签收"
expect 0 leader rectify show "$NUMBER"
has "$OUT" "计划"
expect 1 officer --lang en rectify verify "$NUMBER"
has "$ERR" "failed_precondition"
has "$ERR" "$NUMBER"
expect 0 leader rectify start "$NUMBER"
expect 0 leader rectify show "$NUMBER"
has "$OUT" "执行"
expect 0 leader --lang en rectify submit "$NUMBER" --evidence 已加装 --cost 1500.50 --attachment photos/after.jpg
has "$OUT" "submitted"
expect 1 head_ rectify verify "$NUMBER"
has "$ERR" "permission_denied"
has "$ERR" "下发方"
expect 0 officer rectify verify "$NUMBER" --note 合格
has "$OUT" "已关闭"
expect 0 officer --lang en rectify show "$NUMBER"
has "$OUT" "closed"
has "$OUT" "1500.50"

# Its audit trail: who did what, when (the company's EHS office may ask; a safety officer not).
expect 0 "$CTL" --user ehs history form "$NUMBER"
has "$OUT" "$NUMBER 的操作记录（5 条）"
has "$OUT" "rectification.form_closed"
has "$OUT" "leader"
has "$OUT" "${C}T"
expect 0 "$CTL" --user ehs --json history form "$NUMBER"
json_has "$OUT" "[e['actor'] for e in d['entries']] == ['officer', 'leader', 'leader', 'leader', 'officer']"
expect 1 officer history form "$NUMBER"
has "$ERR" "permission_denied"
expect 1 "$CTL" --user ehs history form "${C}P-R1999-000009"
has "$ERR" "not_found"
expect 2 "$CTL" --user ehs history gadget x1

# A major hazard: the plan first, refused with what is missing.
expect 0 "$CTL" --user ehs --json rectify issue --unit "${C}D" --severity major \
    --description 储罐区报警器失效 --requirement 更换报警器
MAJOR="$(sed -n 's/.*"number":"\([^"]*\)".*/\1/p' <<<"$OUT")"
expect 0 head_ rectify ack "$MAJOR"
expect 1 head_ rectify start "$MAJOR"
has "$ERR" "应急预案"
expect 1 head_ --lang en rectify plan "$MAJOR" --measures 更换 --unit "${C}D" --person 王工 --funds 50000
has "$ERR" "time limit, interim control measures, emergency plan reference"
LIMIT="$(date -d '+10 days' +%F)"
expect 0 head_ rectify plan "$MAJOR" --measures 更换 --unit "${C}D" --person 王工 --funds 50000 \
    --time-limit "$LIMIT" --interim 人工巡检 --emergency-plan YA-03
expect 0 head_ rectify start "$MAJOR"
has "$OUT" "整改中"
expect 1 head_ rectify cancel "$MAJOR" --reason 错误
has "$ERR" "permission_denied"

# Lists, the notice and the statistics.
expect 0 officer rectify list --unit "${C}P"
has "$OUT" "$NUMBER"
has "$OUT" "$MAJOR"
expect 0 officer --json rectify list --unit "${C}P" --open
[[ "$OUT" != *"$NUMBER"* ]] || fail "a closed form is listed as open"
# Every page is walked (pages of one form); --limit shows the newest only.
expect 0 officer rectify list --unit "${C}P"
WHOLE="$OUT"
expect 0 officer rectify list --unit "${C}P" --page-size 1
[[ "$OUT" == "$WHOLE" ]] || fail "list in pages of one differs: $OUT"
expect 0 officer --json rectify list --unit "${C}P" --limit 1
json_has "$OUT" "len(d['forms']) == 1 and d['forms'][0]['number'] == '$MAJOR' and 'nextPageToken' not in d"
expect 0 officer --json rectify notice --unit "${C}D" --page-size 1
json_has "$OUT" "'$MAJOR' in [f['number'] for f in d['forms']]"
expect 0 officer rectify notice --unit "${C}D"
has "$OUT" "整改通知书"
has "$OUT" "$MAJOR"
# Dates are Beijing's (safetyctl reads them so): from 16:00 UTC on, today there is tomorrow.
FROM="$(TZ=Asia/Shanghai date -d '-1 day' +%F)"
TO="$(TZ=Asia/Shanghai date -d '+1 day' +%F)"
expect 0 officer --json rectify stats --unit "${C}P" --from "$FROM" --to "$TO"
has "$OUT" "\"issued\":2"
has "$OUT" "\"closed\":1"
has "$OUT" "\"closureRate\":0.5"
expect 0 officer --lang en rectify stats --unit "${C}P" --from "$FROM" --to "$TO"
has "$OUT" "50.0%"
expect 1 officer rectify stats --unit nowhere --from "$FROM" --to "$TO"
has "$ERR" "permission_denied"
expect 1 officer rectify show "${C}P-R1999-000009"
has "$ERR" "not_found"
# Times are read as Beijing time whatever the host's zone: 08:00 there is midnight UTC.
expect 0 env TZ=America/New_York "$CTL" --user officer --json rectify issue \
    --unit "${C}T" --severity general --description 灭火器压力不足 --requirement 更换 --deadline "2030-01-01 08:00"
has "$OUT" "\"deadlineMs\":\"1893456000000\""
echo "safetyctl rectify: ok"
