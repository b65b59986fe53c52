#!/usr/bin/env bash
# services.safetyctl.inspection: `safetyctl inspection` as a user runs it, against a directory
# and an inspection daemon of their own (fresh schemas, free ports, a stream prefix of their
# own) on the PostgreSQL and Redis that ./deploy/test started. The org is imported through
# the directory and reaches the inspection daemon as events, as in production.
# Business time is the real clock: the test records the in-shift check of the shift that is
# on now (a plant's shifts cover the whole day, so one is always on).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/ctl_testlib.sh"
DIRECTORY="$BUILD/services/directory/sf-directory"
INSPECTION="$BUILD/services/inspection/sf-inspection"
command -v python3 >/dev/null 2>&1 || { echo "python3 is needed to read the JSON output" >&2; exit 2; }
ctl_test_start inspection "$DIRECTORY" "$INSPECTION"
PREFIX="ctlinsp$$"
DIRECTORY_SCHEMA="ctlinsp_dir_$$"
INSPECTION_SCHEMA="ctlinsp_insp_$$"
SCHEMAS=("$DIRECTORY_SCHEMA" "$INSPECTION_SCHEMA")
REDIS_KEYS=("$PREFIX:events:org" "$PREFIX:events:inspection" "$PREFIX:events:rectification")
K="I$$"

# --- a directory and an inspection daemon of our own ---------------------------------------
DIRECTORY_PORT="$(free_port $(( 20000 + $$ % 12000 )))"
INSPECTION_PORT="$(free_port $(( DIRECTORY_PORT + 1 )))"
export SF_DIRECTORY_ENDPOINT="tcp://127.0.0.1:$DIRECTORY_PORT"
export SF_INSPECTION_ENDPOINT="tcp://127.0.0.1:$INSPECTION_PORT"
export SF_RECTIFICATION_ENDPOINT=off
export SF_LANG=zh
unset SF_USER SF_ROLES

start_daemon directory "$DIRECTORY" "$DIRECTORY_SCHEMA" "$SF_DIRECTORY_ENDPOINT" SF_REDIS_STREAM_PREFIX="$PREFIX"
start_daemon inspection "$INSPECTION" "$INSPECTION_SCHEMA" "$SF_INSPECTION_ENDPOINT" SF_REDIS_STREAM_PREFIX="$PREFIX"
await_daemons
expect 0 ctl status
has "$OUT" "inspection"

# --- help and usage -------------------------------------------------------------------------
for command in "inspection" "inspection plan" "inspection plan create" "inspection calendar set" \
               "inspection tasks generate" "inspection tasks list" "inspection checklist" "inspection record" \
               "inspection report" "inspection findings" "inspection violation record" \
               "inspection violation search" "inspection meeting record" "inspection completion" \
               "inspection history" "inspection hazard" "inspection risk"; do
    # shellcheck disable=SC2086
    expect 0 ctl $command --help
    has "$OUT" "用法：safetyctl $command"
    # shellcheck disable=SC2086
    expect 0 ctl --lang en $command -h
    has "$OUT" "Usage: safetyctl $command"
done
expect 0 ctl inspection --help
has "$OUT" "北京时间"
expect 2 ctl inspection plan create --code X --level weekly --scope X --title-zh 题 --starts-on 2026-01-01
has "$ERR" "--level 的值“weekly”无效：可用 company_monthly|department_weekly|team_daily|special"
expect 2 ctl --lang en inspection findings --unit X --factor wind
has "$ERR" "error [invalid_argument]: --factor 'wind' is invalid: use man|machine|material|method|environment"
expect 2 ctl inspection violation record --type 违章 --person E --unit U --description 描述
expect 2 ctl inspection violation record --type discipline --person E --unit U --description 描述 --occurred 昨天
has "$ERR" "--occurred 的值“昨天”无效"
expect 2 ctl inspection history --unit X --from 2026-02-30
expect 2 ctl inspection record --task 1 --finding-unit X
has "$ERR" "--finding-description"
# A finding needs its unit: a usage error before anything is sent.
expect 2 ctl inspection report --description 地面油污 --factor 环 --severity general
has "$ERR" "缺少必填选项 --unit"

# --- the org, through the directory ---------------------------------------------------------
cat >"$WORK/org.csv" <<EOF
kind,code,parent_code,name_zh,name_en,employment_type
company,$K-C,,测试精密制造有限公司,Test Precision Co Ltd,
plant,$K-P1,$K-C,北京厂区,Beijing Plant,
department,$K-D1,$K-P1,生产部,Production Department,
department,$K-D2,$K-P1,设备部,Equipment Department,
team,$K-T1,$K-D1,机加一班,Machining Team 1,
post,$K-S1,$K-T1,车工岗,Lathe Operator,
employee,$K-E1,$K-S1,郭颖,,regular
employee,$K-E2,$K-S1,孙宁,,labour_dispatch
employee,$K-E3,$K-S1,王磊,,regular
EOF
expect 0 as_service directory import "$WORK/org.csv"
has "$OUT" "新建 9"

# The people: an admin of the company (the test acts as it), the leader of the team that
# checks, and the leader of another department's. The inspection daemon learns them, as the
# org, from the directory's events.
ctl_account admin "$K-E1" "admin@$K-C"
ctl_account leader "$K-E2" "team_leader@$K-T1"
ctl_account other "$K-E3" "team_leader@$K-D2"
for login in admin leader other; do
    await_account "$INSPECTION_SCHEMA" "$login" 1
done
export SF_USER=admin

# The inspection daemon copies the org from the event stream: wait for the last node.
for (( try = 0; try < 100; try++ )); do
    ctl inspection findings --unit "$K-E3" >/dev/null 2>&1 && break
    sleep 0.2
done
expect 0 ctl inspection findings --unit "$K-E3"
has "$OUT" "没有符合条件的隐患"

# A unit no grant covers (an unknown one too) is refused in both languages, naming it.
expect 1 ctl inspection findings --unit "$K-NOPE"
has "$ERR" "错误 [permission_denied]: 单位 $K-NOPE 不在您的授权范围内"
expect 1 ctl --lang en inspection tasks list --unit "$K-NOPE" --from 2026-01-01 --to 2026-01-01
has "$ERR" "error [permission_denied]: unit $K-NOPE lies outside what your grants cover"

# --- calendar, plan, tasks ------------------------------------------------------------------
TODAY="$(TZ=Asia/Shanghai date +%F)"
# A production day starts with its first shift: between 00:00 and 08:00 the shift on is
# yesterday's third.
YESTERDAY="$(TZ=Asia/Shanghai date -d yesterday +%F)"
expect 0 ctl inspection calendar set --plant "$K-P1" --time-zone Asia/Shanghai --shifts 08:00-16:00,16:00-24:00,00:00-08:00
has "$OUT" "厂区 $K-P1 的日历已设置：时区 Asia/Shanghai，3 个班次"
has "$OUT" "第 2 班  16:00-24:00"
expect 0 ctl --json inspection calendar set --plant "$K-P1" --shifts 08:00-16:00,16:00-24:00,00:00-08:00
json_has "$OUT" "d['timeZone'] == 'Asia/Shanghai' and d['shifts'] == ['08:00-16:00', '16:00-24:00', '00:00-08:00']"
expect 1 ctl inspection calendar set --plant "$K-D1" --shifts 08:00-16:00
has "$ERR" "错误 [invalid_argument]"

expect 0 ctl inspection plan create --code "$K-DAILY" --level team_daily --scope "$K-D1" --title-zh 班组日查 \
    --title-en "Team daily check" --starts-on "$YESTERDAY" --item "设备防护罩完好|通道畅通无杂物" --item-en "Guards in place"
has "$OUT" "已创建检查计划 $K-DAILY「班组日查」：班组日查，范围 $K-D1，自 $YESTERDAY 起"
has "$OUT" "F2  通道畅通无杂物"
expect 1 ctl inspection plan create --code "$K-DAILY" --level 班组日查 --scope "$K-D1" --title-zh 又一个 --starts-on "$TODAY"
has "$ERR" "错误 [already_exists]"
expect 0 ctl --json --lang en inspection plan create --code "$K-SPECIAL" --level special --scope "$K-P1" \
    --title-zh 专项检查 --starts-on "$TODAY" --ends-on "$TODAY" --target-kind 部门
json_has "$OUT" "d['level'] == 'LEVEL_SPECIAL' and d['targetKind'] == 3 and d['active']"

expect 0 ctl inspection tasks generate --from "$TODAY" --to "$TODAY"
has "$OUT" "个检查任务（$TODAY 至 $TODAY）"
expect 0 ctl --json inspection tasks generate --from "$TODAY" --to "$TODAY"
json_has "$OUT" "d.get('created', 0) == 0"

expect 0 ctl inspection tasks list --unit "$K-P1" --from "$TODAY" --to "$TODAY"
has "$OUT" "时间窗（北京时间）"
has "$OUT" "班中巡查（第"
has "$OUT" "专项检查"
has "$OUT" "$K-T1"
expect 0 ctl --lang en inspection tasks list --unit "$K-T1" --from "$TODAY" --to "$TODAY" --status open
has "$OUT" "in_shift (shift"

# The in-shift check of the shift that is on now, with at least half a minute left.
pick_task () {
    local now
    now="$(( $(date +%s) * 1000 ))"
    expect 0 ctl --json inspection tasks list --unit "$K-T1" --from "$YESTERDAY" --to "$TODAY" --status open
    json_get "$OUT" "next((t['id'] for t in d.get('tasks', []) if t['kind'] == 'TASK_IN_SHIFT' and int(t['windowStartMs']) <= $now < int(t['windowEndMs']) - 30000), '')"
}
TASK="$(pick_task)"
if [[ -z "$TASK" ]]; then
    # The shift ends within half a minute: wait for the next one, which may be on a new day.
    sleep 35
    TODAY="$(TZ=Asia/Shanghai date +%F)"
    YESTERDAY="$(TZ=Asia/Shanghai date -d yesterday +%F)"
    expect 0 ctl inspection tasks generate --from "$YESTERDAY" --to "$TODAY"
    TASK="$(pick_task)"
fi
[[ -n "$TASK" ]] || fail "no in-shift task is open now: $OUT"

expect 0 ctl inspection checklist --task "$TASK"
has "$OUT" "检查任务 $TASK 的检查清单，共 2 项"
has "$OUT" "F1"
has "$OUT" "设备防护罩完好"
expect 0 ctl --lang en --json inspection checklist --task "$TASK"
json_has "$OUT" "d['taskId'] == '$TASK' and [(i['key'], i['textEn']) for i in d['items']] == [('F1', 'Guards in place'), ('F2', '通道畅通无杂物')]"
expect 1 ctl inspection checklist --task 999999999
has "$ERR" "错误 [not_found]"

# --- record and report findings -------------------------------------------------------------
# The executor team records; the leader of another department cannot, whatever it claims.
expect 1 ctl --user other --roles admin --org "$K-T1" inspection record --task "$TASK" --pass F1,F2
has "$ERR" "错误 [permission_denied]"
expect 0 ctl --user leader inspection record --task "$TASK" --pass F1 --fail F2 --remarks 例行巡查 \
    --finding-description "通道堆放物料" --finding-factor 料 --finding-severity general --finding-unit "$K-T1" \
    --finding-location "机加车间东侧" --finding-person "$K-E1" --finding-item F2 --key "$K-record"
has "$OUT" "已记录检查任务 $TASK"
has "$OUT" "合格 1 项，不合格 1 项"
has "$OUT" "隐患 $K-P1-F"
has "$OUT" "一般隐患，责任单位 $K-T1"
# The same key again answers the same record; a new command meets a done task.
expect 0 ctl --json --user leader inspection record --task "$TASK" --pass F1 --fail F2 --remarks 例行巡查 \
    --finding-description "通道堆放物料" --finding-factor 料 --finding-severity general --finding-unit "$K-T1" \
    --finding-location "机加车间东侧" --finding-person "$K-E1" --finding-item F2 --key "$K-record"
json_has "$OUT" "d['taskId'] == '$TASK' and d['passed'] == 1 and d['failed'] == 1 and len(d['findings']) == 1 and d['findings'][0]['factor'] == 'FACTOR_MATERIAL' and d['findings'][0]['source'] == 'SOURCE_INSPECTION' and d['findings'][0]['hazardKey'] == 'F2'"
RECORDED_FINDING="$(json_get "$OUT" "d['findings'][0]['number']")"
expect 1 ctl --user leader inspection record --task "$TASK" --pass F1,F2
has "$ERR" "错误 [failed_precondition]: 检查任务 $TASK 已完成，不能重复记录"
expect 1 ctl --lang en --user leader inspection record --task "$TASK" --pass F1,F2
has "$ERR" "error [failed_precondition]: task $TASK is already done"

expect 0 ctl inspection report --description "配电箱门未关闭" --factor environment --severity major --unit "$K-D1" \
    --location "配电室" --attachment "photo/1.jpg|photo/2.jpg"
has "$OUT" "重大隐患，责任单位 $K-D1，待整改"
expect 0 ctl --json inspection report --description "同类设备未加防护" --factor 机 --severity 一般 --unit "$K-D1" \
    --lesson "L-2026-07"
json_has "$OUT" "d['source'] == 'SOURCE_LESSON' and d['lessonRef'] == 'L-2026-07' and d['factor'] == 'FACTOR_MACHINE' and d['status'] == 'FINDING_OPEN'"
expect 1 ctl inspection report --description "无主隐患" --factor 人 --severity general --unit "$K-NOPE"
has "$ERR" "错误 [permission_denied]: 单位 $K-NOPE 不在您的授权范围内"

expect 0 ctl inspection findings --unit "$K-P1"
has "$OUT" "$RECORDED_FINDING"
has "$OUT" "配电箱门未关闭"
has "$OUT" "重大隐患"
has "$OUT" "检查发现"
expect 0 ctl --json inspection findings --unit "$K-P1" --open
json_has "$OUT" "len(d['findings']) == 3 and '$RECORDED_FINDING' in [f['number'] for f in d['findings']]"
expect 0 ctl --json inspection findings --unit "$K-P1" --severity major
json_has "$OUT" "[f['description'] for f in d['findings']] == ['配电箱门未关闭'] and d['findings'][0]['attachments'] == ['photo/1.jpg', 'photo/2.jpg']"
expect 0 ctl --json inspection findings --unit "$K-T1" --factor material
json_has "$OUT" "[f['number'] for f in d['findings']] == ['$RECORDED_FINDING']"

# --- violations and meetings ----------------------------------------------------------------
OCCURRED="$(date -u -d '-1 hour' +%Y-%m-%dT%H:%M:%SZ)"
OCCURRED_MS="$(( $(date -u -d "$OCCURRED" +%s) * 1000 ))"
expect 0 ctl inspection violation record --type 违章作业 --person "$K-E2" --unit "$K-T1" \
    --description "未戴防护眼镜操作车床" --location "机加车间" --occurred "$OCCURRED"
has "$OUT" "已记录三违 $K-P1-V"
has "$OUT" "违章作业，人员 $K-E2，单位 $K-T1"
expect 0 ctl --json inspection violation record --type discipline --person "$K-E3" --unit "$K-T1" \
    --description "班中睡岗" --occurred "$OCCURRED_MS"
json_has "$OUT" "d['type'] == 'VIOLATION_DISCIPLINE' and int(d['occurredMs']) == $OCCURRED_MS and d['plantCode'] == '$K-P1'"
expect 1 ctl inspection violation record --type discipline --person "$K-E3" --unit "$K-T1" --description "未来" \
    --occurred "$(date -u -d '+1 day' +%Y-%m-%dT%H:%M:%SZ)"
has "$ERR" "错误 [invalid_argument]"

expect 0 ctl inspection violation search --unit "$K-P1" --text 防护眼镜
has "$OUT" "未戴防护眼镜操作车床"
has "$OUT" "违章作业"
expect 0 ctl --json inspection violation search --unit "$K-T1" --type illegal_operation
json_has "$OUT" "len(d['violations']) == 1 and int(d['violations'][0]['occurredMs']) == $OCCURRED_MS"
# One row a page: the command walks both pages and shows them as one list.
expect 0 ctl --json inspection violation search --unit "$K-T1" --from "$OCCURRED_MS" --page-size 1
json_has "$OUT" "len(d['violations']) == 2 and 'nextPageToken' not in d"
# The same instant written in Beijing time without a zone, and a second later with one.
expect 0 ctl --json inspection violation search --unit "$K-T1" --from "$(TZ=Asia/Shanghai date -d "@$(( OCCURRED_MS / 1000 ))" '+%F %T')"
json_has "$OUT" "len(d['violations']) == 2"
expect 0 ctl --json inspection violation search --unit "$K-T1" --from "$(TZ=Asia/Shanghai date -d "@$(( OCCURRED_MS / 1000 + 1 ))" '+%FT%T.000+08:00')"
json_has "$OUT" "d.get('violations', []) == []"
expect 0 ctl inspection violation search --unit "$K-T1" --type 违章指挥
has "$OUT" "没有符合条件的三违记录"

expect 0 ctl inspection meeting record --team "$K-T1" --date "$TODAY" --shift 1 --kind pre \
    --attendees "$K-E1,$K-E2" --absentees "$K-E3" --topics "布置当班任务" --risks "车床卷入风险"
has "$OUT" "已记录班组 $K-T1 $TODAY 第 1 班的班前会：出席 2 人，缺席 1 人"
expect 1 ctl inspection meeting record --team "$K-T1" --date "$TODAY" --shift 1 --kind 班前会 \
    --attendees "$K-E1" --topics "再记一次"
has "$ERR" "错误 [already_exists]"
expect 1 ctl --lang en inspection meeting record --team "$K-T1" --date "$TODAY" --shift 1 --kind pre \
    --attendees "$K-E1" --topics "again"
has "$ERR" "error [already_exists]: this meeting of team '$K-T1' on $TODAY, shift 1, is already recorded"
expect 0 ctl --json --lang en inspection meeting record --team "$K-T1" --date "$TODAY" --shift 1 --kind post \
    --attendees "$K-E1" --topics "Wrap-up"
json_has "$OUT" "d['kind'] == 'MEETING_POST_SHIFT' and d['attendees'] == ['$K-E1'] and d.get('absentees', []) == []"
expect 1 ctl inspection meeting record --team "$K-T1" --date "$TODAY" --shift 2 --kind pre \
    --attendees "$K-NOPE" --topics "无此人"
has "$ERR" "错误 [not_found]"

# --- reports --------------------------------------------------------------------------------
expect 0 ctl inspection completion --unit "$K-P1" --from "$YESTERDAY" --to "$TODAY"
has "$OUT" "完成率"
has "$OUT" "$K-T1"
expect 0 ctl --json inspection completion --unit "$K-P1" --from "$YESTERDAY" --to "$TODAY"
json_has "$OUT" "any(u['unitCode'] == '$K-T1' and u['done'] == 1 for u in d['units'])"

# From yesterday: a violation an hour ago may fall on yesterday in Beijing time.
YESTERDAY="$(TZ=Asia/Shanghai date -d "$TODAY -1 day" +%F)"
expect 0 ctl inspection history --unit "$K-T1" --from "$YESTERDAY"
has "$OUT" "检查记录（1）"
has "$OUT" "三违（2）"
has "$OUT" "班前班后会（2）"
expect 0 ctl --json inspection history --unit "$K-T1" --from "$YESTERDAY" --to "$TODAY"
json_has "$OUT" "len(d['records']) == 1 and d['records'][0]['taskId'] == '$TASK' and [f['number'] for f in d['findings']] == ['$RECORDED_FINDING'] and len(d['violations']) == 2 and len(d['meetings']) == 2"

# --- hazard lists and the risk register -----------------------------------------------------
# The accident category is stored as its code and shown by its name in the output's language.
cat >"$WORK/hazards.csv" <<EOF
unit_code,year,factor,hazard,accident_type,measures,l,e,c
$K-T1,2026,机,叉车倒车无警示,车辆伤害,加装倒车蜂鸣器,6,6,7
$K-S1,2026,人,铁屑飞溅伤眼,struck_by_object,佩戴防护眼镜,3,6,3
EOF
expect 0 ctl inspection hazard import "$WORK/hazards.csv"
has "$OUT" "已导入“hazards.csv”：共 2 行，2 份清单"
expect 0 ctl inspection hazard list --unit "$K-T1"
has "$OUT" "车辆伤害"
[[ "$OUT" != *vehicle_injury* ]] || fail "the category code shown in: $OUT"
expect 0 ctl --lang en inspection hazard list --unit "$K-S1" --year 2026
has "$OUT" "struck by object"
expect 0 ctl --json inspection hazard list --unit "$K-T1"
json_has "$OUT" "[(i['accidentType'], i['accidentTypeZh'], i['accidentTypeEn']) for i in d['items']] == [('vehicle_injury', '车辆伤害', 'vehicle injury')]"
expect 0 ctl inspection risk register --unit "$K-P1"
has "$OUT" "叉车倒车无警示；可能导致：车辆伤害；D = 252"
expect 0 ctl --lang en inspection risk register --unit "$K-P1"
has "$OUT" "may lead to: vehicle injury; D = 252"
expect 0 ctl --json inspection risk register --unit "$K-P1"
json_has "$OUT" "[(i['accidentType'], i['accidentTypeZh'], i['accidentTypeEn']) for i in d['majorItems']] == [('vehicle_injury', '车辆伤害', 'vehicle injury')]"

echo "safetyctl inspection: OK"
