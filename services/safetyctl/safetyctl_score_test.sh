#!/usr/bin/env bash
# services.safetyctl.score: `safetyctl score` as a user runs it, against a directory, an
# inspection and a scoring daemon of their own (fresh schemas, free ports, a stream prefix of
# this run) on the PostgreSQL and Redis that ./deploy/test started: help and usage errors of
# every command; the event kinds and the rules, a new rule version from a JSON file, a factor
# outside 0-1 and a worker refused; the year's templates, letters issued for the plant (a
# second time issues none), one signed by the team leader (side A) and the worker (side B),
# another's side and a side signed twice refused, and the coverage with its gaps; the plant's
# time zone (a worker refused); two 三违 recorded in inspection back-dated into last month,
# scored under the new rules with their cascade to the team leader (factor 0.6), in Chinese and
# English; an adjustment (a worker refused); an appeal filed by the worker (the leader refused,
# twice refused) and reversed by the manager (decided twice refused); this month's close
# refused, last month previewed, closed (a worker refused, twice refused) with the preview's
# checksum, the zone then refused; the ranking best and worst first, the report, and the export
# as CSV and XLSX (its sheets read back with python3 zipfile).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/ctl_testlib.sh"
DIRECTORY="$BUILD/services/directory/sf-directory"
INSPECTION="$BUILD/services/inspection/sf-inspection"
SCORING="$BUILD/services/scoring/sf-scoring"
command -v python3 >/dev/null 2>&1 || { echo "python3 is needed to read the JSON output" >&2; exit 2; }
ctl_test_start score "$DIRECTORY" "$INSPECTION" "$SCORING"
RUN="ctlscore_$$"
SCHEMAS=("${RUN}_dir" "${RUN}_insp" "${RUN}_score")
REDIS_KEYS=("$RUN:events:org" "$RUN:events:inspection" "$RUN:events:scoring" "$RUN:events:directory")

# --- three daemons of our own, each knowing the others' endpoints ---------------------------
DIR_PORT="$(free_port $(( 20000 + $$ % 9000 )) 30000)"
INSP_PORT="$(free_port $(( DIR_PORT + 1 )) 30000)"
SCORE_PORT="$(free_port $(( INSP_PORT + 1 )) 30000)"
export SF_DIRECTORY_ENDPOINT="tcp://127.0.0.1:$DIR_PORT" SF_INSPECTION_ENDPOINT="tcp://127.0.0.1:$INSP_PORT"
export SF_SCORING_ENDPOINT="tcp://127.0.0.1:$SCORE_PORT"
export SF_RECTIFICATION_ENDPOINT=off SF_TRAINING_ENDPOINT=off SF_LESSON_ENDPOINT=off SF_LANG=zh
unset SF_USER SF_ROLES

start () {
    start_daemon "$1" "$2" "${RUN}_$1" "tcp://127.0.0.1:$3" SF_REDIS_STREAM_PREFIX="$RUN" \
        SF_ORG_DIRECTORY_ENDPOINT="$SF_DIRECTORY_ENDPOINT"
}
# await_has TEXT CMD...: runs CMD until its output holds TEXT, for up to 30 seconds (the
# scoring daemon follows inspection's stream); that output is then in OUT.
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
start score "$SCORING" "$SCORE_PORT"
await_daemons
expect 0 ctl status
has "$OUT" "scoring"

# --- help and usage -------------------------------------------------------------------------
for command in "score" "score kinds" "score rules" "score rules show" "score rules set" "score zone" \
               "score template" "score template set" "score template show" "score letters" "score letters issue" \
               "score letters list" "score letter" "score letter sign" "score letter show" "score coverage" \
               "score entries" "score entry" "score adjust" "score appeal" "score appeal file" "score appeal decide" \
               "score appeals" "score month" "score month close" "score month preview" "score month show" \
               "score totals" "score report" "score export"; do
    # shellcheck disable=SC2086
    expect 0 ctl $command --help
    has "$OUT" "用法：safetyctl $command"
    # shellcheck disable=SC2086
    expect 0 ctl --lang en $command -h
    has "$OUT" "Usage: safetyctl $command"
done
expect 2 ctl score template show --level boss
has "$ERR" "--level 的值“boss”无效"
expect 2 ctl --lang en score letters issue --plant P --level boss
has "$ERR" "--level 'boss' is invalid: use company_plant|plant_department"
expect 2 ctl score letter sign 7 --side c
has "$ERR" "--side 的值“c”无效"
expect 2 ctl score letter show 0
has "$ERR" "不是有效的编号"
expect 2 ctl score entry E-1
has "$ERR" "不是有效的编号"
expect 2 ctl score adjust --subject E --points 1.234 --reason r
has "$ERR" "--points 的值“1.234”无效"
expect 2 ctl --lang en score adjust --subject E --points 0 --reason r
has "$ERR" "--points '0' is invalid"
expect 2 ctl score adjust --subject E --points 5 --reason r --kind team
has "$ERR" "--kind 的值“team”无效"
expect 2 ctl score appeal decide 3 --note n
has "$ERR" "请给出 --reverse 或 --uphold 之一"
expect 2 ctl score appeal decide 3 --note n --reverse --uphold
expect 2 ctl score totals --plant P --month 2026-01 --subject crew
has "$ERR" "--subject 的值“crew”无效"
expect 2 ctl score export --plant P --month 2026-01 --format pdf
has "$ERR" "--format 的值“pdf”无效"
expect 2 ctl score zone P01
has "$ERR" "缺少参数 TIME_ZONE"
expect 1 ctl score rules set --file "$WORK/none.json"
has "$ERR" "无法读取文件"
echo '{"rules": [{"kind": 5}]}' >"$WORK/bad.json"
expect 1 ctl score rules set --file "$WORK/bad.json"
has "$ERR" "不是有效的 scoring.RuleSet"

# --- the org and its people, through the directory ------------------------------------------
C="S$$"
cat >"$WORK/org.csv" <<EOF2
kind,code,parent_code,name_zh,name_en,employment_type
company,$C-C,,测试机械有限公司,Test Machinery Co Ltd,
plant,$C-P,$C-C,一厂,Plant 1,
department,$C-D,$C-P,装配车间,Assembly Department,
team,$C-T,$C-D,起重班,Lifting Team,
post,$C-S,$C-T,行车工岗,Crane Operator,
team,$C-T2,$C-D,电工班,Electricians,
post,$C-S2,$C-T2,电工岗,Electrician,
employee,$C-E1,$C-S,王强,,regular
employee,$C-E2,$C-S,李娜,,regular
employee,$C-E3,$C-S2,赵磊,,regular
employee,$C-E4,$C-S,陈刚,,regular
EOF2
expect 0 as_service directory import "$WORK/org.csv"
ctl_account ehs "$C-E4" "ehs@$C-C"
ctl_account manager "$C-E3" "plant_safety_manager@$C-P"
ctl_account leader "$C-E1" "team_leader@$C-T"
ctl_account worker "$C-E2" "worker@$C-S"
for login in ehs manager leader worker; do
    await_account "${RUN}_score" "$login" 1
done
ehs () { "$CTL" --user ehs --org "$C-C" "$@"; }
manager () { "$CTL" --user manager --org "$C-P" "$@"; }
leader () { "$CTL" --user leader --org "$C-T" "$@"; }
worker () { "$CTL" --user worker --org "$C-S" "$@"; }

# --- the rules ------------------------------------------------------------------------------
expect 0 worker score kinds
has "$OUT" "violation.command"
has "$OUT" "三违：违章指挥"
expect 0 worker --lang en score kinds
has "$OUT" "Three violations: illegal command"
expect 0 worker score rules show
has "$OUT" "考核细则第 1 版"
has "$OUT" "违章指挥每次扣10分"
expect 0 worker --json score rules show
json_has "$OUT" 'd["version"] == "1" and len(d["cascade"]) == 2'
python3 -c 'import json, sys; d = json.loads(sys.stdin.read()); d["cascade"][0]["factor"] = 0.6; print(json.dumps(d))' \
    <<<"$OUT" >"$WORK/rules.json"
expect 0 ehs score rules set --file "$WORK/rules.json" --note "班组长连带系数调为0.6"
has "$OUT" "考核细则第 2 版"
has "$OUT" "0.6"
python3 -c 'import json, sys; d = json.loads(sys.stdin.read()); d["cascade"][0]["factor"] = 1.5; print(json.dumps(d))' \
    <"$WORK/rules.json" >"$WORK/rules_bad.json"
expect 1 ehs score rules set --file "$WORK/rules_bad.json"
has "$ERR" "invalid_argument"
expect 0 worker score rules show
has "$OUT" "考核细则第 2 版"
expect 0 worker score rules show --version 1
has "$OUT" "考核细则第 1 版"
expect 1 worker score rules set --file "$WORK/rules.json"
has "$ERR" "permission_denied"

# --- letters: templates, issue, sign, coverage ----------------------------------------------
YEAR="$(TZ=Asia/Shanghai date +%Y)"
for level in company_plant plant_department department_team department_officer team_member; do
    cat >"$WORK/template.json" <<EOF2
{"titleZh": "安全生产责任书（$level）", "titleEn": "Safety responsibility letter ($level)",
 "contentZh": "严格遵守安全生产规章制度和操作规程。", "contentEn": "Follow the safety rules and procedures.",
 "targets": [{"code": "no_violation", "textZh": "三违为零", "textEn": "no three violations"}]}
EOF2
    expect 0 ehs score template set --year "$YEAR" --level "$level" --file "$WORK/template.json"
    has "$OUT" "安全生产责任书（$level）"
done
expect 0 worker score template show --year "$YEAR" --level team_member
has "$OUT" "三违为零"
expect 0 worker --lang en score template show --year "$YEAR" --level team_member
has "$OUT" "no three violations"
expect 1 worker score template show --year 2001 --level team_member
has "$ERR" "not_found"

expect 0 manager score letters issue --plant "$C-P" --year "$YEAR"
has "$OUT" "新发放责任书"
expect 0 manager --json score letters issue --plant "$C-P" --year "$YEAR"
json_has "$OUT" 'd.get("issued", 0) == 0 and d["existing"] > 0'
expect 0 manager --json score letters list --unit "$C-T" --year "$YEAR" --level team_member
LETTER_E2="$(json_get "$OUT" '[l for l in d["letters"] if l["partyB"] == "'"$C-E2"'"][0]["number"]')"
LETTER_E2_ID="$(json_get "$OUT" '[l for l in d["letters"] if l["partyB"] == "'"$C-E2"'"][0]["id"]')"
expect 0 manager score letters list --unit "$C-T" --year "$YEAR" --status issued
has "$OUT" "$LETTER_E2"
has "$OUT" "待签"
expect 0 leader score letter sign "$LETTER_E2" --side a
has "$OUT" "单方已签"
has "$OUT" "甲方签字：leader"
expect 1 worker score letter sign "$LETTER_E2" --side a
has "$ERR" "permission_denied"
expect 0 worker score letter sign "$LETTER_E2_ID" --side b
has "$OUT" "已签订"
expect 1 worker score letter sign "$LETTER_E2_ID" --side b
has "$ERR" "failed_precondition"
expect 0 worker --lang en score letter show "$LETTER_E2"
has "$OUT" "Status: signed"
expect 0 manager score coverage --plant "$C-P" --year "$YEAR"
has "$OUT" "应签"
has "$OUT" "班组—组员"
has "$OUT" "$C-E1"
lacks "$OUT" "$C-E2 "
expect 0 manager --json score coverage --plant "$C-P" --year "$YEAR"
json_has "$OUT" 'd["signed"] == 1 and d["expected"] > 1 and d["percent"] < 100'

# --- the plant's time zone: set while no month is closed -----------------------------------
expect 1 worker score zone "$C-P" Asia/Shanghai
has "$ERR" "permission_denied"
expect 0 ehs score zone "$C-P" Asia/Shanghai
has "$OUT" "厂区 $C-P 的考核月份按时区 Asia/Shanghai 计算"

# --- the ledger: last month's 三违 and their joint liability ----------------------------------
LAST="$(TZ=Asia/Shanghai date -d "$(TZ=Asia/Shanghai date +%Y-%m-15) -1 month" +%Y-%m)"
THIS="$(TZ=Asia/Shanghai date +%Y-%m)"
expect 0 leader inspection violation record --type illegal_operation --person "$C-E2" --unit "$C-T" \
    --description "吊装时站在吊物下方" --occurred "$LAST-10 10:00"
expect 0 leader inspection violation record --type discipline --person "$C-E2" --unit "$C-T" \
    --description "未戴安全帽进入作业区" --occurred "$LAST-12 09:00"
await_has "violation.discipline" manager score entries --plant "$C-P" --month "$LAST"
expect 0 manager score entries --plant "$C-P" --month "$LAST"
has "$OUT" "violation.operation"
has "$OUT" "-5"
has "$OUT" "-3"
await_has "$C-E1" manager score entries --plant "$C-P" --month "$LAST" --cascade
expect 0 manager score entries --plant "$C-P" --month "$LAST" --cascade
has "$OUT" "连带"
expect 0 manager --lang en score entries --plant "$C-P" --month "$LAST" --cascade
has "$OUT" "joint liability"
has "$OUT" "1×0.6←"
has "$OUT" "-3"
lacks "$OUT" "$C-E2 "
expect 0 manager --json score entries --plant "$C-P" --month "$LAST" --subject "$C-E2"
ENTRY="$(json_get "$OUT" '[e for e in d["entries"] if e["kind"] == "violation.operation"][0]["id"]')"
json_has "$OUT" 'len(d["entries"]) == 2 and all(e["ruleVersion"] == "2" for e in d["entries"])'
expect 0 manager score entry "$ENTRY"
has "$OUT" "条目 $ENTRY"
has "$OUT" "inspection.violation_recorded"
has "$OUT" "考核细则第 2 版"
expect 0 worker score entries --plant "$C-P" --month "$LAST" --subject "$C-E2"
has "$OUT" "共 2 条，合计 -8 分"

expect 0 manager score adjust --subject "$C-E2" --points 2.5 --reason "主动报告行车钢丝绳断股"
has "$OUT" "+2.50 分"
has "$OUT" "$THIS"
expect 1 worker score adjust --subject "$C-E2" --points 5 --reason "自己加分"
has "$ERR" "permission_denied"

# --- an appeal --------------------------------------------------------------------------------
expect 1 leader score appeal file "$ENTRY" --reason "不是我的条目"
has "$ERR" "permission_denied"
expect 0 worker score appeal file "$ENTRY" --reason "当时吊物已落地，并未在吊物下方"
has "$OUT" "待裁决"
expect 0 manager --json score appeals --plant "$C-P" --status open
APPEAL="$(json_get "$OUT" 'd["appeals"][0]["id"]')"
expect 1 worker score appeal file "$ENTRY" --reason "再次申诉"
has "$ERR" "failed_precondition"
expect 1 worker score appeal decide "$APPEAL" --reverse --note "自己裁决"
has "$ERR" "permission_denied"
expect 0 manager score appeal decide "$APPEAL" --reverse --note "经核实监控录像，吊物已落地"
has "$OUT" "撤销"
has "$OUT" "撤销条目："
expect 1 manager score appeal decide "$APPEAL" --uphold --note "再次裁决"
has "$ERR" "failed_precondition"
expect 0 manager score appeals --plant "$C-P"
has "$OUT" "经核实监控录像"

# --- the month: close, ranking, report, export ----------------------------------------------
expect 1 manager score month close --plant "$C-P" --month "$THIS"
has "$ERR" "failed_precondition"
expect 0 manager score month preview --plant "$C-P" --month "$LAST"
has "$OUT" "未结算"
PREVIEW_SUM="$(grep -o '校验和：.*' <<<"$OUT" || true)"
expect 1 worker score month close --plant "$C-P" --month "$LAST"
has "$ERR" "permission_denied"
expect 0 manager score month close --plant "$C-P" --month "$LAST"
has "$OUT" "已结算"
has "$OUT" "结算：manager"
[[ -z "$PREVIEW_SUM" ]] || has "$OUT" "$PREVIEW_SUM"
CLOSED_SUM="$(grep -o '校验和：.*' <<<"$OUT")"
expect 1 manager score month close --plant "$C-P" --month "$LAST"
has "$ERR" "failed_precondition"
expect 1 ehs score zone "$C-P" Asia/Tokyo
has "$ERR" "failed_precondition"
expect 0 manager score month preview --plant "$C-P" --month "$LAST"
has "$OUT" "$CLOSED_SUM"
expect 0 manager score month show --plant "$C-P" --month "$LAST"
has "$OUT" "$CLOSED_SUM"
expect 0 manager score totals --plant "$C-P" --month "$LAST" --subject person
has "$OUT" "$C-E2"
has "$OUT" "$C-E1"
expect 0 manager --json score totals --plant "$C-P" --month "$LAST" --subject person --worst --limit 1
json_has "$OUT" 'len(d["totals"]) == 1 and d["totals"][0]["code"] == "'"$C-E2"'"'
expect 0 manager score totals --plant "$C-P" --month "$LAST" --subject 班组
has "$OUT" "$C-T"
expect 0 manager score report --plant "$C-P" --month "$LAST"
has "$OUT" "$LAST"
expect 0 manager score export --plant "$C-P" --month "$LAST" --format csv --out "$WORK/report.csv"
has "$OUT" "已写出 $WORK/report.csv"
grep -q -- "$C-E2" "$WORK/report.csv" || fail "the CSV has no $C-E2"
expect 0 manager --json score export --plant "$C-P" --month "$LAST" --format xlsx --out "$WORK/report.xlsx"
json_has "$OUT" 'd["path"] == "'"$WORK/report.xlsx"'" and d["bytes"] > 0'
python3 -c 'import sys, zipfile; names = zipfile.ZipFile(sys.argv[1]).namelist(); sys.exit(0 if any(n.startswith("xl/worksheets/") for n in names) else 1)' \
    "$WORK/report.xlsx" || fail "the XLSX has no sheets"
expect 1 manager score export --plant "$C-P" --month "$LAST" --format csv --out "$WORK/no/such/dir.csv"
has "$ERR" "无法写出文件"

echo "services.safetyctl.score: ok"
