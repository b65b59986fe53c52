#!/usr/bin/env bash
# services.safetyctl.cli: safetyctl as a user runs it, against a directory daemon of its own
# (a fresh schema, a free port) on the PostgreSQL and Redis that ./deploy/test started.
# Every code carries this run's pid, because the event stream is shared with other tests.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/ctl_testlib.sh"
ctl_test_start test "$BUILD/services/directory/sf-directory"
SCHEMA="ctl_$$"
SCHEMAS=("$SCHEMA")
K="K$$"

# --- a directory daemon of our own --------------------------------------------------------
# Ports 10000-19999: below those the other safetyctl tests take.
directory_alone "$SCHEMA" $(( 10000 + $$ % 9000 )) 20000
expect 0 ctl status
has "$OUT" "directory"
has "$OUT" "在线"
has "$OUT" "$SF_DIRECTORY_ENDPOINT"
expect 0 ctl --lang en status
has "$OUT" "up"
expect 0 ctl --json status
json_has "$OUT" "d['daemons'][0]['daemon'] == 'directory' and d['daemons'][0]['up'] and d['daemons'][0]['db_ok']"

# A daemon that is not there is down, and status says so.
SF_SCORING_ENDPOINT="tcp://127.0.0.1:$(free_port $(( 10000 + $$ % 9000 )) 20000)" expect 1 ctl --timeout-ms 300 status
has "$OUT" "scoring"
has "$OUT" "离线"
has "$ERR" "错误 [unavailable]"

# --- help and usage -----------------------------------------------------------------------
expect 0 ctl --help
has "$OUT" "用法：safetyctl"
expect 0 ctl --lang en -h
has "$OUT" "Usage: safetyctl"
for command in "status" "directory" "events" "directory create" "directory rename" "directory move" \
               "directory deactivate" "directory get" "directory list" "directory chain" \
               "directory import" "events tail"; do
    # shellcheck disable=SC2086
    expect 0 ctl $command --help
    has "$OUT" "用法：safetyctl $command"
    # shellcheck disable=SC2086
    expect 0 ctl --lang en $command -h
    has "$OUT" "Usage: safetyctl $command"
done
expect 2 ctl
has "$ERR" "错误 [invalid_argument]"
expect 2 ctl directory get
has "$ERR" "缺少必填选项 --code"
expect 2 ctl --lang en directory get --code X --bogus
has "$ERR" "error [invalid_argument]: unknown option '--bogus'"
expect 2 ctl directory frobnicate
expect 2 ctl --lang fr status
expect 2 ctl directory list --code X --depth zero
expect 2 ctl directory create --kind 车间 --code X --name-zh 名
expect 2 ctl events tail --from yesterday

# --- import -------------------------------------------------------------------------------
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
EOF
# The org comes first, imported by the service: no account exists before it.
expect 1 ctl directory import "$WORK/org.csv"
has "$ERR" "错误 [permission_denied]"
expect 0 as_service directory import "$WORK/org.csv"
has "$OUT" "已导入“org.csv”：共 8 行，新建 8，更新 0，未变 0"

# From here on the test acts as an admin of the company; a worker (no grant: worker where
# they work) writes nothing, whatever roles are claimed, and an unknown login is refused.
ctl_account admin "$K-E1" "admin@$K-C"
ctl_account sun.ning "$K-E2"
export SF_USER=admin
expect 1 ctl --user sun.ning --roles admin directory create --kind team --code "$K-T3" --parent "$K-D2" --name-zh 无权班
has "$ERR" "错误 [permission_denied]"
expect 1 ctl --lang en --user nobody directory get --code "$K-C"
has "$ERR" "error [permission_denied]: account nobody is not known"
expect 0 ctl --json directory import "$WORK/org.csv"
json_has "$OUT" "d['rows'] == 8 and d['unchanged'] == 8 and 'errors' not in d"

cat >"$WORK/bad.csv" <<EOF
kind,code,parent_code,name_zh,name_en,employment_type
team,$K-T9,$K-D1,好班组,,
employee,$K-E9,$K-S1,某人,,
EOF
expect 1 ctl directory import "$WORK/bad.csv"
has "$ERR" "第 3 行"
has "$ERR" "错误 [invalid_argument]: 文件“bad.csv”有 1 处错误，未导入任何内容"
expect 1 ctl --lang en --json directory import "$WORK/bad.csv"
json_has "$OUT" "d['errors'][0]['line'] == 3 and d['errors'][0]['en'].startswith('line 3')"
has "$ERR" "error [invalid_argument]"
expect 1 ctl directory get --code "$K-T9"
expect 1 ctl directory import "$WORK/missing.csv"
has "$ERR" "错误 [not_found]"

# --- reads --------------------------------------------------------------------------------
expect 0 ctl directory get --code "$K-D1"
has "$OUT" "生产部"
has "$OUT" "Production Department"
has "$OUT" "$K-P1"
expect 0 ctl --json directory get --code "$K-E2"
json_has "$OUT" "d['code'] == '$K-E2' and d['kind'] == 'KIND_EMPLOYEE' and d['employmentType'] == 'EMPLOYMENT_LABOUR_DISPATCH' and d['nameZh'] == '孙宁'"

expect 0 ctl directory chain --code "$K-E2"
[[ "$OUT" == "测试精密制造有限公司（$K-C） → 北京厂区（$K-P1） → 生产部（$K-D1） → 机加一班（$K-T1） → 车工岗（$K-S1） → 孙宁（$K-E2）" ]] \
    || fail "chain: $OUT"
expect 0 ctl --lang en directory chain --code "$K-T1"
[[ "$OUT" == "Test Precision Co Ltd ($K-C) → Beijing Plant ($K-P1) → Production Department ($K-D1) → Machining Team 1 ($K-T1)" ]] \
    || fail "chain in English: $OUT"
expect 0 ctl --json directory chain --code "$K-S1"
json_has "$OUT" "[n['code'] for n in d['nodes']] == ['$K-C', '$K-P1', '$K-D1', '$K-T1', '$K-S1']"

expect 0 ctl directory list --code "$K-C"
[[ "$(head -n 1 <<<"$OUT")" == "[公司] $K-C 测试精密制造有限公司" ]] || fail "list root: $OUT"
grep -qx "      \[班组\] $K-T1 机加一班" <<<"$OUT" || fail "list team indentation: $OUT"
grep -qx "          \[员工\] $K-E2 孙宁（劳务派遣）" <<<"$OUT" || fail "list employee: $OUT"
[[ "$(wc -l <<<"$OUT")" == 8 ]] || fail "list: 8 lines expected: $OUT"
expect 0 ctl directory list --code "$K-C" --depth 2
[[ "$(wc -l <<<"$OUT")" == 4 ]] || fail "list --depth 2: 4 lines expected: $OUT"
expect 0 ctl --json directory list --code "$K-D1"
json_has "$OUT" "[(n['code'], n.get('depth', 0)) for n in d['nodes']][:3] == [('$K-D1', 0), ('$K-T1', 1), ('$K-S1', 2)]"
# Pages of one node each: every page is walked, the same tree comes out.
expect 0 ctl directory list --code "$K-C"
WHOLE="$OUT"
expect 0 ctl directory list --code "$K-C" --page-size 1
[[ "$OUT" == "$WHOLE" ]] || fail "list in pages of one differs: $OUT"
expect 0 ctl --json directory list --code "$K-C" --page-size 3
json_has "$OUT" "len(d['nodes']) == 8 and 'nextPageToken' not in d"
expect 2 ctl directory list --code "$K-C" --page-size 0

# A code nobody's grants cover (an unknown one too) is refused before anything is said of it.
expect 1 ctl directory get --code "$K-NOPE"
has "$ERR" "错误 [permission_denied]: "
has "$ERR" "$K-NOPE"
expect 1 ctl --lang en directory chain --code "$K-NOPE"
has "$ERR" "error [permission_denied]: "

# --- writes -------------------------------------------------------------------------------
expect 0 ctl directory rename --code "$K-D1" --name-zh 生产一部
has "$OUT" "已更名 [部门] $K-D1 为 生产一部（版本 2）"
expect 0 ctl --json directory get --code "$K-D1"
json_has "$OUT" "d['nameZh'] == '生产一部' and d['nameEn'] == 'Production Department' and d['version'] == '2'"

expect 0 ctl directory move --code "$K-T1" --parent "$K-D2"
has "$OUT" "已移动 [班组] $K-T1 机加一班"
expect 0 ctl --json directory get --code "$K-T1"
json_has "$OUT" "d['parentCode'] == '$K-D2'"
expect 0 ctl directory chain --code "$K-E1"
has "$OUT" "设备部（$K-D2） → 机加一班（$K-T1）"

# A team cannot go under a post.
expect 1 ctl directory move --code "$K-T1" --parent "$K-S1"
has "$ERR" "错误 [failed_precondition]: 班组（team）不能隶属于岗位（post）“$K-S1”"
expect 1 ctl --lang en directory move --code "$K-T1" --parent "$K-S1"
has "$ERR" "error [failed_precondition]: a node of kind team (班组) cannot be placed under the post (岗位) '$K-S1'"
expect 0 ctl --json directory get --code "$K-T1"
json_has "$OUT" "d['parentCode'] == '$K-D2'"

# The same --key makes a retried create take effect once; a new key meets the taken code.
expect 0 ctl directory create --kind 班组 --code "$K-T2" --parent "$K-D2" --name-zh 维修班 --key "$K-create"
has "$OUT" "已创建 [班组] $K-T2 维修班（版本 1）"
expect 0 ctl directory create --kind 班组 --code "$K-T2" --parent "$K-D2" --name-zh 维修班 --key "$K-create"
has "$OUT" "已创建 [班组] $K-T2 维修班（版本 1）"
expect 1 ctl directory create --kind team --code "$K-T2" --parent "$K-D2" --name-zh 维修班
has "$ERR" "错误 [already_exists]"
expect 1 ctl --user sun.ning directory create --kind team --code "$K-T3" --parent "$K-D2" --name-zh 无权班
has "$ERR" "错误 [permission_denied]"

expect 0 ctl directory deactivate --code "$K-T2"
has "$OUT" "已停用 [班组] $K-T2"
expect 0 ctl directory list --code "$K-D2"
lacks "$OUT" "$K-T2"
expect 0 ctl directory list --code "$K-D2" --all
has "$OUT" "[班组] $K-T2 维修班（已停用）"

# --- events -------------------------------------------------------------------------------
# The relay publishes after the commit: wait for the last of our events to show.
for (( try = 0; try < 50; try++ )); do
    expect 0 ctl --json events tail --from 0
    grep -q "\"type\":\"org.unit_deactivated\".*\"aggregateId\":\"$K-T2\"" <<<"$OUT" && break
    sleep 0.2
done
if have_python; then
    python3 - "$K" "$WORK/out" <<'EOF' || fail "events tail --json"
import json, sys
prefix, path = sys.argv[1], sys.argv[2]
entries = [json.loads(line) for line in open(path, encoding="utf-8")]
# An entry: stream, entryId, time, the sf.Event envelope in the proto3 JSON mapping, and its
# payload decoded by type.
ours = [e for e in entries if e["event"]["aggregateId"].startswith(prefix + "-")]
created = {e["event"]["aggregateId"]: e for e in ours
           if e["event"]["type"] in ("org.unit_created", "org.employee_created")}
for code in ["C", "P1", "D1", "D2", "T1", "S1", "E1", "E2", "T2"]:
    assert prefix + "-" + code in created, "no creation event for " + code
unit = created[prefix + "-D1"]
event = unit["event"]
assert event["type"] == "org.unit_created" and event["aggregateVersion"] == "1", unit
assert event["payloadType"] == "directory.Node" and unit["payload"]["nameZh"] == "生产部", unit
assert "payload" not in event and unit["entryId"] and unit["time"].endswith("Z"), unit
# Imported by the service; renamed by the admin, with the roles of its grants.
assert event["actor"]["userId"] == "ctl-test" and event["actor"]["roles"] == ["service"], unit
renamed = [e["event"] for e in ours if e["event"]["type"] == "org.unit_renamed"]
assert renamed and renamed[0]["actor"]["userId"] == "admin" and renamed[0]["actor"]["roles"] == ["admin"], renamed
assert created[prefix + "-E2"]["event"]["type"] == "org.employee_created"
types = [e["event"]["type"] for e in ours]
for kind in ["org.unit_renamed", "org.unit_moved", "org.unit_deactivated"]:
    assert kind in types, kind
EOF
else
    has "$OUT" "\"type\":\"org.unit_created\""
fi

expect 0 ctl events tail --from 0
# One grep each: with pipefail, "grep | grep -q" fails when -q stops reading a long output.
grep -q "org.unit_created.*\[部门\] $K-D1 生产部" <<<"$OUT" || fail "events tail: no creation of $K-D1"
grep -q "org.employee_created.*\[员工\] $K-E2 孙宁（劳务派遣）" <<<"$OUT" || fail "events tail: no $K-E2"
has "$(head -n 1 <<<"$OUT")" "事件类型"
expect 0 ctl --lang en events tail --count 3
[[ "$(wc -l <<<"$OUT")" -le 4 ]] || fail "events tail --count 3: $OUT"
has "$OUT" "TYPE"
# --follow with --from stops after --count events.
expect 0 timeout 10 "$CTL" --json events tail --from 0 --count 2 --follow
[[ "$(wc -l <<<"$OUT")" == 2 ]] || fail "events tail --follow --count 2: $OUT"
expect 0 ctl events tail --stream "sf:events:none-$K"
[[ -z "$OUT" ]] || fail "an absent stream has no events: $OUT"

echo "safetyctl: OK"
