#!/usr/bin/env bash
# services.safetyctl.account: `safetyctl account ...` and `safetyctl login` against a directory
# daemon of its own: passwords read from standard input (never the command line), every
# refusal told in the chosen language, the account and its grants shown as a table or JSON.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/ctl_testlib.sh"
ctl_test_start account "$BUILD/services/directory/sf-directory"
SCHEMA="ctlacct_$$"
SCHEMAS=("$SCHEMA")
K="A$$"
PASSWORD="Anquan-Shengchan-2026"

# Ports 23000-25999: apart from the other safetyctl tests'.
directory_alone "$SCHEMA" $(( 23000 + $$ % 2900 )) 26000

# The org by the service, then the test acts as tester, org_admin of the company.
expect 0 as_service directory create --kind company --code "$K-C" --name-zh 测试公司
expect 0 as_service directory create --kind plant --code "$K-P" --parent "$K-C" --name-zh 一厂
expect 0 as_service directory create --kind department --code "$K-D" --parent "$K-P" --name-zh 安环部
expect 0 as_service directory create --kind team --code "$K-T" --parent "$K-D" --name-zh 一班
expect 0 as_service directory create --kind post --code "$K-S" --parent "$K-T" --name-zh 安全员岗
expect 0 as_service directory create --kind employee --code "$K-E" --parent "$K-S" --name-zh 张伟 --employment regular
expect 0 as_service directory create --kind employee --code "$K-O" --parent "$K-S" --name-zh 王芳 --employment regular
ctl_account tester "$K-O" "org_admin@$K-C"
export SF_USER=tester

expect 0 ctl account --help
has "$OUT" "passwd"
has "$OUT" "grant"

# Create: the password from standard input; a weak one refused with the reason.
expect 1 bash -c "echo short | '$CTL' account create --login zhang.wei --employee '$K-E'"
has "$ERR" "[invalid_argument]"
has "$ERR" "密码太短"
expect 1 bash -c "echo '$PASSWORD' | '$CTL' --lang en account create --login zhang.wei --employee '$K-NOBODY'"
has "$ERR" "[permission_denied]"
has "$ERR" "$K-NOBODY lies outside what your grants cover"
expect 1 bash -c "'$CTL' account create --login zhang.wei --employee '$K-E' </dev/null"
has "$ERR" "未能从标准输入读到密码"
expect 0 bash -c "echo '$PASSWORD' | '$CTL' account create --login zhang.wei --employee '$K-E'"
has "$OUT" "已创建账号 zhang.wei"
expect 1 bash -c "echo '$PASSWORD' | '$CTL' account create --login zhang.wei --employee '$K-E'"
has "$ERR" "[already_exists]"
# The password is nowhere in the daemon's log.
lacks "$(cat "$WORK/daemon.log")" "$PASSWORD"

# Grants.
expect 1 ctl account grant --login zhang.wei --role safety_czar --node "$K-D"
has "$ERR" "未知的角色"
expect 1 ctl --lang en account grant --login zhang.wei --role safety_officer --node "$K-NOWHERE"
has "$ERR" "$K-NOWHERE lies outside what your grants cover"
expect 0 ctl account grant --login zhang.wei --role safety_officer --node "$K-D"
has "$OUT" "现有 1 项授权"
expect 0 ctl account grant --login zhang.wei --role team_leader --node "$K-T"
expect 0 ctl account revoke --login zhang.wei --role team_leader --node "$K-T"
expect 1 ctl account revoke --login zhang.wei --role team_leader --node "$K-T"
has "$ERR" "[not_found]"
expect 0 ctl account show --login zhang.wei
has "$OUT" "safety_officer"
has "$OUT" "$K-D"
expect 0 ctl --json account show --login zhang.wei
json_has "$OUT" "d['login'] == 'zhang.wei' and d['version'] == '4' and d['grants'][0]['role'] == 'safety_officer'"

# Login: right, wrong, unknown (one reason for both), disabled.
expect 0 bash -c "echo '$PASSWORD' | '$CTL' login --login zhang.wei"
has "$OUT" "登录成功：zhang.wei"
has "$OUT" "safety_officer"
expect 1 bash -c "echo wrong-password-1 | '$CTL' --lang en login --login zhang.wei"
has "$ERR" "[permission_denied]: login or password wrong"
expect 1 bash -c "echo '$PASSWORD' | '$CTL' --lang en login --login li.na"
has "$ERR" "[permission_denied]: login or password wrong"
expect 0 ctl account disable --login zhang.wei
has "$OUT" "已停用"
expect 1 bash -c "echo '$PASSWORD' | '$CTL' login --login zhang.wei"
has "$ERR" "已停用"
expect 0 ctl account enable --login zhang.wei
# li.na holds no grant: worker where she works, no account writes.
expect 0 bash -c "echo '$PASSWORD' | '$CTL' account create --login li.na --employee '$K-E'"
expect 1 ctl --user li.na --roles org_admin account disable --login zhang.wei
has "$ERR" "[permission_denied]"

# Passwords: one's own needs the old one (first line), then the new one; an admin resets.
NEW="Xin-Mima-Anquan-77"
expect 1 bash -c "printf '%s\n%s\n' wrong-old-password '$NEW' | SF_USER=zhang.wei '$CTL' account passwd --login zhang.wei"
has "$ERR" "登录名或密码错误"
expect 0 bash -c "printf '%s\n%s\n' '$PASSWORD' '$NEW' | SF_USER=zhang.wei '$CTL' account passwd --login zhang.wei"
expect 0 bash -c "echo '$NEW' | '$CTL' login --login zhang.wei"
expect 1 bash -c "echo '$PASSWORD' | SF_USER=li.na SF_ROLES=org_admin '$CTL' account passwd --reset --login zhang.wei"
has "$ERR" "[permission_denied]"
expect 0 bash -c "echo '$PASSWORD' | '$CTL' account passwd --reset --login zhang.wei"
expect 0 bash -c "echo '$PASSWORD' | '$CTL' login --login zhang.wei"

# List: every account, page by page.
expect 0 ctl account list --page-size 1
has "$OUT" "li.na"
has "$OUT" "zhang.wei"
expect 0 ctl --json account list --page-size 1
json_has "$OUT" "[a['login'] for a in d['accounts']] == ['li.na', 'tester', 'zhang.wei']"

echo "safetyctl account: ok"
