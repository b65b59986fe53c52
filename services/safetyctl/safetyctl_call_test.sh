#!/usr/bin/env bash
# services.safetyctl.call: `safetyctl call TYPE JSON`, the generic call, against a directory
# daemon of its own: any request from proto3 JSON, the reply as proto3 JSON, writes with an
# idempotency key, and JSON that the contract refuses refused with the field's path.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/ctl_testlib.sh"
ctl_test_start call "$BUILD/services/directory/sf-directory"
SCHEMA="ctlcall_$$"
SCHEMAS=("$SCHEMA")
K="Q$$"

# Ports 20000-22999: apart from the other safetyctl tests'.
directory_alone "$SCHEMA" $(( 20000 + $$ % 2900 )) 23000
# The generic call concerns no person: the test acts as the service (ctl_testlib.sh).
export SF_USER="$CTL_SERVICE_USER" SF_ROLES=service

expect 0 ctl call --help
has "$OUT" "用法：safetyctl call [选项] TYPE [JSON]"
expect 0 ctl --lang en call -h
has "$OUT" "proto3 JSON"

# A write from JSON: field names in lowerCamelCase or as in the .proto, enums by name.
expect 0 ctl call directory.CreateNode "{\"kind\":\"KIND_COMPANY\",\"code\":\"$K-C\",\"nameZh\":\"公司\",\"name_en\":\"Co\"}"
json_has "$OUT" "d['code'] == '$K-C' and d['kind'] == 'KIND_COMPANY' and d['nameEn'] == 'Co' and d['version'] == '1'"
# The same command again with the same key replays; a new key is a new command.
expect 0 ctl call --key "k-$K" directory.CreateNode \
    "{\"kind\":\"KIND_PLANT\",\"code\":\"$K-P\",\"nameZh\":\"一厂\",\"parentCode\":\"$K-C\"}"
expect 0 ctl call --key "k-$K" directory.CreateNode \
    "{\"kind\":\"KIND_PLANT\",\"code\":\"$K-P\",\"nameZh\":\"一厂\",\"parentCode\":\"$K-C\"}"
json_has "$OUT" "d['code'] == '$K-P' and d['plantCode'] == '$K-P'"
expect 1 ctl call directory.CreateNode \
    "{\"kind\":\"KIND_PLANT\",\"code\":\"$K-P\",\"nameZh\":\"一厂\",\"parentCode\":\"$K-C\"}"
has "$ERR" "[already_exists]"

# Reads; the body from standard input; an empty body.
expect 0 ctl call directory.GetNode "{\"code\":\"$K-P\"}"
json_has "$OUT" "d['nameZh'] == '一厂' and d['kind'] == 'KIND_PLANT'"
expect 0 bash -c "echo '{\"code\":\"$K-C\",\"maxDepth\":1}' | '$CTL' call directory.ListSubtree -"
json_has "$OUT" "[n['code'] for n in d['nodes']] == ['$K-C', '$K-P']"
expect 1 ctl call directory.GetNode
has "$ERR" "[invalid_argument]"
# sf.Health goes to the daemon named.
expect 0 ctl call --daemon directory sf.Health
json_has "$OUT" "d['daemon'] == 'directory' and d['dbOk']"

# Refused before anything is sent, with the field's path.
expect 1 ctl --lang en call directory.GetNode '{"code":"x","bogus":1}'
has "$ERR" "bogus"
expect 1 ctl --lang en call directory.ListSubtree '{"code":"x","maxDepth":"deep"}'
has "$ERR" "maxDepth"
expect 1 ctl --lang en call directory.CreateNode '{"kind":"KIND_NOPE"}'
has "$ERR" "kind"
expect 1 ctl call directory.GetNode '{"code":"x"'
has "$ERR" "[invalid_argument]"
expect 2 ctl call directory.NoSuchThing '{}'
has "$ERR" "未知的请求类型"
expect 2 ctl call sf.Health
has "$ERR" "--daemon"
expect 2 ctl call --daemon nowhere sf.Health
has "$ERR" "nowhere"
# A NUL cannot reach the daemon: the JSON parser refuses \u0000.
expect 1 ctl --lang en call directory.GetNode '{"code":"ad\u0000min"}'
has "$ERR" "code"

echo "safetyctl call: OK"
