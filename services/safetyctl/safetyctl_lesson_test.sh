#!/usr/bin/env bash
# services.safetyctl.lesson: `safetyctl lesson` as a user runs it, against a directory, an
# inspection, a rectification and a lesson daemon of their own (fresh schemas, free ports, a
# stream prefix of this run) on the PostgreSQL and Redis that ./deploy/test started: the tags,
# the grade on a boundary of 国务院令第493号, a lesson with a negative figure refused, a lifting
# lesson matched against a hazard list imported into inspection (the unit and the reason shown
# before publishing), published, and one unit's assignment followed to its close: acknowledged,
# the special check recorded in inspection with a finding, reported, the finding's form closed
# in rectification, the assignment and the lesson closed; the progress on the way; the
# self-check's finding made a lesson of its own; another plant's officer refused.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/ctl_testlib.sh"
DIRECTORY="$BUILD/services/directory/sf-directory"
INSPECTION="$BUILD/services/inspection/sf-inspection"
RECTIFICATION="$BUILD/services/rectification/sf-rectification"
LESSON="$BUILD/services/lesson/sf-lesson"
command -v python3 >/dev/null 2>&1 || { echo "python3 is needed to read the JSON output" >&2; exit 2; }
ctl_test_start lesson "$DIRECTORY" "$INSPECTION" "$RECTIFICATION" "$LESSON"
RUN="ctllesson_$$"
SCHEMAS=("${RUN}_dir" "${RUN}_insp" "${RUN}_rect" "${RUN}_lesson")
REDIS_KEYS=("$RUN:events:org" "$RUN:events:inspection" "$RUN:events:rectification" "$RUN:events:lesson"
            "$RUN:events:directory")

# --- four daemons of our own, each knowing the others' endpoints ---------------------------
DIR_PORT="$(free_port $(( 20000 + $$ % 9000 )) 30000)"
INSP_PORT="$(free_port $(( DIR_PORT + 1 )) 30000)"
RECT_PORT="$(free_port $(( INSP_PORT + 1 )) 30000)"
LESSON_PORT="$(free_port $(( RECT_PORT + 1 )) 30000)"
export SF_DIRECTORY_ENDPOINT="tcp://127.0.0.1:$DIR_PORT" SF_INSPECTION_ENDPOINT="tcp://127.0.0.1:$INSP_PORT"
export SF_RECTIFICATION_ENDPOINT="tcp://127.0.0.1:$RECT_PORT" SF_LESSON_ENDPOINT="tcp://127.0.0.1:$LESSON_PORT"
export SF_TRAINING_ENDPOINT=off SF_LANG=zh
unset SF_USER SF_ROLES

# start NAME BINARY PORT: the daemon on schema ${RUN}_NAME; the endpoints above reach it as its
# settings (inspection.endpoint, rectification.endpoint, org.directory_endpoint).
start () {
    start_daemon "$1" "$2" "${RUN}_$1" "tcp://127.0.0.1:$3" SF_REDIS_STREAM_PREFIX="$RUN" \
        SF_ORG_DIRECTORY_ENDPOINT="$SF_DIRECTORY_ENDPOINT"
}
# await_has TEXT CMD...: runs CMD until its output holds TEXT, for up to 30 seconds (the
# daemons follow each other's streams); that output is then in OUT. Fails at once when a
# daemon of the test has exited.
await_has () {
    local text="$1" deadline=$(( SECONDS + 30 )) pid
    shift
    while (( SECONDS < deadline )); do
        OUT="$("$@" 2>/dev/null || true)"
        [[ "$OUT" == *"$text"* ]] && return 0
        for pid in "${PIDS[@]}"; do
            kill -0 "$pid" 2>/dev/null || fail "a daemon exited while waiting for '$text' from: $*"
        done
        sleep 0.2
    done
    fail "'$text' never came from: $*; the last output: $OUT"
}

start dir "$DIRECTORY" "$DIR_PORT"
start insp "$INSPECTION" "$INSP_PORT"
start rect "$RECTIFICATION" "$RECT_PORT"
start lesson "$LESSON" "$LESSON_PORT"
await_daemons
expect 0 ctl status
has "$OUT" "lesson"

# --- help and usage -------------------------------------------------------------------------
for command in "lesson" "lesson tags" "lesson grade" "lesson create" "lesson from" "lesson show" "lesson list" \
               "lesson preview" "lesson publish" "lesson assignments" "lesson history" "lesson assignment" \
               "lesson ack" "lesson report" "lesson progress"; do
    # shellcheck disable=SC2086
    expect 0 ctl $command --help
    has "$OUT" "用法：safetyctl $command"
    # shellcheck disable=SC2086
    expect 0 ctl --lang en $command -h
    has "$OUT" "Usage: safetyctl $command"
done
expect 2 ctl lesson grade --deaths drei
has "$ERR" "--deaths 的值“drei”不是整数"
expect 2 ctl --lang en lesson create --title t --summary s --source rumour --tag lifting --action a
has "$ERR" "--source 'rumour' is invalid: use national|industry|superior|news|internal"
expect 2 ctl lesson create --title t --summary s --source national --tag lifting --action a --factor wind
has "$ERR" "--factor 的值“wind”无效"
expect 2 ctl lesson show L2026-0001
has "$ERR" "不是有效的编号"
expect 2 ctl lesson assignments 7 --status lost
has "$ERR" "--status 的值“lost”无效"

# --- the org and its people, through the directory ------------------------------------------
C="L$$"
YEAR="$(TZ=Asia/Shanghai date +%Y)"
cat >"$WORK/org.csv" <<EOF
kind,code,parent_code,name_zh,name_en,employment_type
company,$C-C,,测试机械有限公司,Test Machinery Co Ltd,
plant,$C-P,$C-C,一厂,Plant 1,
department,$C-D,$C-P,装配车间,Assembly Department,
team,$C-T,$C-D,起重班,Lifting Team,
post,$C-S,$C-T,行车工岗,Crane Operator,
team,$C-T2,$C-D,电工班,Electricians,
post,$C-S2,$C-T2,电工岗,Electrician,
plant,$C-Q,$C-C,二厂,Plant 2,
department,$C-QD,$C-Q,机加车间,Machining Department,
team,$C-QT,$C-QD,车工班,Turning Team,
post,$C-QS,$C-QT,车工岗,Lathe Operator,
employee,$C-E1,$C-S,王强,,regular
employee,$C-E2,$C-S,李娜,,regular
employee,$C-E3,$C-S2,赵磊,,regular
employee,$C-F1,$C-QS,外厂员工,,regular
EOF
expect 0 as_service directory import "$WORK/org.csv"
ctl_account officer "$C-E1" "safety_officer@$C-P"
ctl_account leader "$C-E2" "team_leader@$C-T"
ctl_account outsider "$C-F1" "safety_officer@$C-Q"
for schema in insp rect lesson; do
    for login in officer leader outsider; do
        await_account "${RUN}_$schema" "$login" 1
    done
done
officer () { "$CTL" --user officer --org "$C-P" "$@"; }
leader () { "$CTL" --user leader --org "$C-T" "$@"; }
outsider () { "$CTL" --user outsider --org "$C-Q" "$@"; }

# --- tags and grades ------------------------------------------------------------------------
expect 0 officer lesson tags
has "$OUT" "lifting"
has "$OUT" "起重吊装"
has "$OUT" "lifting_injury"
expect 0 officer --lang en lesson tags
has "$OUT" "confined space"
# 较大事故 starts at 3 deaths (以上 includes the number); 2 is a general accident.
expect 0 officer lesson grade --deaths 3
has "$OUT" "事故等级：较大事故"
has "$OUT" "死亡人数"
has "$OUT" "国务院令第493号"
expect 0 officer --lang en lesson grade --deaths 2
has "$OUT" "Accident grade: general accident"
expect 0 officer --json lesson grade --loss 10000000
json_has "$OUT" "d['grade'] == 'GRADE_LARGER' and d['criterion'] == 'direct_loss_yuan'"
expect 0 officer --json lesson grade --loss 9999999
json_has "$OUT" "d['grade'] == 'GRADE_GENERAL'"

# --- a figure that cannot be an accident's: refused in both languages, nothing written ---------
expect 1 officer lesson create --title 起重伤害事故 --summary 吊物坠落 --source national --deaths -1 \
    --tag lifting --action 检查吊索具
has "$ERR" "错误 [invalid_argument]"
has "$ERR" "-1"
expect 1 officer --lang en lesson create --title 起重伤害事故 --summary 吊物坠落 --source national --deaths -1 \
    --tag lifting --action 检查吊索具
has "$ERR" "error [invalid_argument]"
expect 1 officer --lang en lesson create --title 起重伤害事故 --summary 吊物坠落 --source national --tag levitation \
    --action 检查吊索具
has "$ERR" "levitation"
expect 0 officer lesson list
has "$OUT" "没有符合条件的事故案例"

# --- a lifting lesson -----------------------------------------------------------------------
OCCURRED="$(TZ=Asia/Shanghai date -d '-10 days' +%F)"
DEADLINE="$(TZ=Asia/Shanghai date -d '+20 days' +%F)"
CREATE=(lesson create --title "某机械公司桥式起重机吊物坠落较大事故"
        --summary "吊运钢构件时钢丝绳断裂，吊物坠落砸中下方作业人员" --source national --ref "测试通报〔$YEAR〕1号"
        --date "$OCCURRED" --place "外省某机械厂装配车间" --deaths 3 --injuries 1 --loss 5200000
        --causes "钢丝绳断丝超标未报废；吊物下方站人" --factor 机,法 --tag lifting
        --action "检查钢丝绳、吊钩及防脱钩装置|检查起重作业警戒和十不吊执行" --deadline "$DEADLINE" --scope "$C-P"
        --key "$C-create")
expect 0 officer --json "${CREATE[@]}"
LESSON_ID="$(json_get "$OUT" "d['id']")"
json_has "$OUT" "d['status'] == 'LESSON_DRAFT' and d['grade']['grade'] == 'GRADE_LARGER'"
expect 0 officer lesson show "$LESSON_ID"
has "$OUT" "较大事故（依据死亡人数）"
has "$OUT" "国家通报"
has "$OUT" "草稿"
has "$OUT" "机、法"
has "$OUT" "  2. 检查起重作业警戒和十不吊执行"
expect 0 officer --lang en lesson list --status draft
has "$OUT" "national bulletin"
has "$OUT" "$LESSON_ID"
# The same command again with its key: the same lesson, not a second one; the key with another
# request is refused.
expect 0 officer --json "${CREATE[@]}"
json_has "$OUT" "d['id'] == '$LESSON_ID'"
expect 1 officer lesson create --title 另一起事故 --summary 吊物坠落 --source national --tag lifting --action 检查 \
    --key "$C-create"
has "$ERR" "conflict"

# --- the hazard lists in inspection; the lesson daemon copies them from inspection's events ----
cat >"$WORK/hazards.csv" <<EOF
unit_code,year,factor,hazard,accident_type,measures,l,e,c
$C-S,$YEAR,机,行车钢丝绳断丝超标，吊钩防脱钩装置缺失,起重伤害,每班检查钢丝绳；吊钩加装防脱钩装置,3,6,40
$C-S2,$YEAR,法,检修时未执行停电、验电、挂牌上锁,触电,执行上锁挂牌程序,3,6,15
EOF
expect 0 officer inspection hazard import "$WORK/hazards.csv"
await_has "$C-T " officer lesson preview "$LESSON_ID" --match
expect 0 officer lesson preview "$LESSON_ID" --match
has "$OUT" "将下达到 1 个单位"
has "$OUT" "$C-T "
has "$OUT" "    - "
has "$OUT" "钢丝绳断丝超标"
lacks "$OUT" "$C-T2"
expect 0 officer --lang en lesson preview "$LESSON_ID" --match --unit "$C-T2"
has "$OUT" "Would reach 2 units"
expect 0 officer --json lesson preview "$LESSON_ID" --match
json_has "$OUT" "[t['unitCode'] for t in d['targets']] == ['$C-T'] and d['targets'][0]['reasons'][0]['tag'] == 'lifting'"
# Preview changes nothing; another plant's officer sees nothing of it.
expect 0 officer lesson show "$LESSON_ID"
has "$OUT" "草稿"
expect 1 outsider lesson show "$LESSON_ID"
has "$ERR" "permission_denied"
expect 1 outsider lesson publish "$LESSON_ID" --match
has "$ERR" "permission_denied"

# --- published ------------------------------------------------------------------------------
expect 0 officer lesson publish "$LESSON_ID" --match --key "$C-publish"
has "$OUT" "已发布"
has "$OUT" "已下达到 1 个单位"
has "$OUT" "$C-T"
expect 1 officer --lang en lesson publish "$LESSON_ID" --match
has "$ERR" "error ["
expect 0 officer --json lesson assignments "$LESSON_ID"
json_has "$OUT" "len(d['assignments']) == 1 and d['assignments'][0]['unitCode'] == '$C-T'"
ASSIGNMENT="$(json_get "$OUT" "d['assignments'][0]['id']")"
expect 0 officer lesson assignments "$LESSON_ID"
has "$OUT" "待签收"
expect 0 officer lesson assignments "$LESSON_ID" --page-size 1
has "$OUT" "$C-T"

# --- one unit's assignment: acknowledged -------------------------------------------------------
expect 1 outsider lesson ack "$ASSIGNMENT"
has "$ERR" "permission_denied"
expect 1 leader lesson report "$ASSIGNMENT" --text 已自查
has "$ERR" "failed_precondition"
expect 0 leader lesson ack "$ASSIGNMENT"
has "$OUT" "状态：已签收"
has "$OUT" "LS$ASSIGNMENT"
expect 0 officer lesson progress "$LESSON_ID"
has "$OUT" "已发布"
expect 0 officer --json lesson progress "$LESSON_ID"
json_has "$OUT" "d['targets'] == 1 and d['acknowledged'] == 1 and d.get('closed', 0) == 0"

# --- the special check, created in inspection by the lesson daemon ------------------------------
await_has "CHECK_CREATED" officer --json lesson assignment "$ASSIGNMENT"
expect 0 officer lesson assignment "$ASSIGNMENT"
has "$OUT" "专项检查：已创建，计划 LS$ASSIGNMENT"
TODAY="$(TZ=Asia/Shanghai date +%F)"
expect 0 leader --json inspection tasks list --unit "$C-T" --from "$TODAY" --to "$DEADLINE"
TASK="$(json_get "$OUT" "[t['id'] for t in d['tasks'] if t['planCode'] == 'LS$ASSIGNMENT'][0]")"
expect 0 leader --json inspection checklist --task "$TASK"
json_has "$OUT" "any('钢丝绳' in i['textZh'] for i in d['items'])"
KEYS="$(json_get "$OUT" "','.join(i['key'] for i in d['items'] if i['key'] != 'F1')")"
expect 0 leader inspection record --task "$TASK" --fail F1 --pass "$KEYS" \
    --finding-description "行车吊钩防脱钩装置缺失" --finding-factor 机 --finding-severity general \
    --finding-unit "$C-T" --finding-item F1
await_has "状态：已自查" officer lesson assignment "$ASSIGNMENT"
expect 0 officer lesson assignment "$ASSIGNMENT"
has "$OUT" "状态：已自查"
has "$OUT" "不合格 1 项"
has "$OUT" "未整改 1 个"
has "$OUT" "隐患排查任务：$TASK"

# --- reported: waits for its finding's form ---------------------------------------------------
expect 0 leader lesson report "$ASSIGNMENT" --text "已检查起重班全部行车，发现吊钩防脱钩装置缺失一处，已下发整改"
has "$OUT" "状态：已报告"
expect 0 officer --json lesson progress "$LESSON_ID"
json_has "$OUT" "d['reported'] == 1 and d['findings'] == 1 and d['findingsOpen'] == 1"

# --- the form in rectification: rectified by the team, verified by the safety officer -----------
await_has '"number"' leader --json rectify list --unit "$C-T" --open
FORM="$(json_get "$OUT" "d['forms'][0]['number']")"
expect 0 leader rectify ack "$FORM"
expect 0 leader rectify start "$FORM"
expect 0 leader rectify submit "$FORM" --evidence "已加装吊钩防脱钩装置"
expect 0 officer rectify verify "$FORM"
await_has "状态：已关闭" officer lesson assignment "$ASSIGNMENT"
expect 0 officer lesson assignment "$ASSIGNMENT"
has "$OUT" "状态：已关闭"
has "$OUT" "未整改 0 个"
expect 0 officer --lang en lesson assignment "$ASSIGNMENT"
has "$OUT" "Status: closed"
expect 0 officer --json lesson progress "$LESSON_ID"
json_has "$OUT" "d['status'] == 'LESSON_CLOSED' and d['closed'] == 1 and d.get('findingsOpen', 0) == 0"
expect 0 officer lesson progress "$LESSON_ID"
has "$OUT" "已关闭"
expect 0 officer lesson history "$C-T"
has "$OUT" "已关闭"
expect 0 officer --lang en lesson history "$C-D" --status closed
has "$OUT" "$C-T"
expect 0 outsider lesson history "$C-QD"
has "$OUT" "没有符合条件的任务"

# --- the self-check's finding, marked typical, becomes a lesson of its own ----------------------
FINDING="$(json_get "$(officer --json lesson assignment "$ASSIGNMENT")" "d['findingNumbers'][0]")"
expect 0 officer lesson from "$FINDING" --tag lifting --key "$C-from"
has "$OUT" "由隐患排查记录 $FINDING 生成"
has "$OUT" "内部典型问题"
has "$OUT" "行车吊钩防脱钩装置缺失"
expect 1 officer --lang en lesson from "$FINDING" --tag lifting
has "$ERR" "already_exists"
expect 1 outsider lesson from "$FINDING" --tag lifting
has "$ERR" "permission_denied"

echo "safetyctl lesson: ok"
