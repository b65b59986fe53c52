#!/usr/bin/env bash
# deploy_privilege_test: least privilege as deploy/up sets it up (issue 10), on a stack of its
# own. PostgreSQL: each daemon logs in as its own role, which is no superuser and has none of
# the other attributes, owns its schema and can neither read nor write another daemon's, nor
# create schemas, tables in public or temporary tables; pg_hba.conf trusts nobody; a login
# without the password fails. Redis: `default` lets nobody in; each daemon's user is refused
# FLUSHALL, CONFIG, KEYS and another daemon's streams (NOPERM) and may use its own; no daemon
# met NOPERM while the stack came up and loaded its demo data. A daemon given a wrong Redis
# or database password stops at once, saying why in both languages. Every port the stack
# opened listens on loopback only.
set -euo pipefail

BUILD="${SF_BUILD_DIR:?SF_BUILD_DIR is not set: run the test through ctest}"
DEPLOY="${SF_DEPLOY_DIR:?SF_DEPLOY_DIR is not set: run the tests through ./deploy/test}"
# shellcheck source=../deploy/lib.sh source-path=SCRIPTDIR
source "$DEPLOY/lib.sh"
for binary in "$BUILD/services/safetyctl/safetyctl" "$BUILD/services/directory/sf-directory" \
              "$BUILD/services/inspection/sf-inspection" "$BUILD/services/rectification/sf-rectification"; do
    [[ -x "$binary" ]] || { echo "build first: $binary is missing" >&2; exit 2; }
done

# The stack keeps its passwords in its own STATE/secrets, not in the suite's.
unset SF_SECRETS_DIR

# Bases from 7200-7799: apart from deploy/up's default stack (7100-7107) and the ranges of
# deploy_stacks_test (8000-9999) and deploy_up_failure_test (6000-6999).
BASE_FROM=$(( 7200 + $$ % 30 * SF_STACK_PORT_SPAN ))
WORK="$(mktemp -d "${SF_STATE_DIR:-/tmp}/privilege.XXXXXX")"
STATE="$WORK/stack"
DAEMONS=(directory inspection rectification)

fail () { printf 'deploy_privilege_test: %s\n' "$*" >&2; exit 1; }

cleanup () {
    local rc=$?
    set +e
    if (( rc != 0 )) && [[ -f "$WORK/up.out" ]]; then
        printf -- '--- deploy/up:\n' >&2
        tail -n 40 "$WORK/up.out" >&2
    fi
    (sf_daemons_stop_all "$STATE") >/dev/null 2>&1
    (sf_redis_stop "$STATE") >/dev/null 2>&1
    (sf_pg_destroy "$STATE") >/dev/null 2>&1
    rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT

base="$(sf_stack_free_base "$BASE_FROM")"
env -u SF_DB_URL -u SF_REDIS_HOST -u SF_REDIS_PORT -u SF_REDIS_USER -u SF_REDIS_PASSWORD_FILE -u SF_SECRETS_DIR \
    SF_STATE_DIR="$STATE" SF_BASE_PORT="$base" SF_BUILD_DIR="$BUILD" SF_NO_BUILD=1 "$DEPLOY/up" >"$WORK/up.out" 2>&1 \
    || fail "deploy/up failed"
PG_PORT="$base"
REDIS_PORT=$(( base + 1 ))

# admin_sql SQL: one answer, as the admin role `safety`.
admin_sql () { psql "$(sf_pg_conninfo "$STATE")" -X -q -At -v ON_ERROR_STOP=1 -c "$1"; }

# as_role NAME SQL: psql as daemon NAME's role; its stderr in $WORK/psql.err.
as_role () {
    psql "$(sf_pg_role_conninfo "$STATE" "$(sf_pg_daemon_role "$1")")" -X -q -At -v ON_ERROR_STOP=1 -c "$2" \
        2>"$WORK/psql.err"
}

# refused NAME SQL: the statement fails with "permission denied" for daemon NAME's role.
refused () {
    if as_role "$1" "$2" >/dev/null; then
        fail "sf_$1 was allowed: $2"
    fi
    grep -q 'permission denied' "$WORK/psql.err" || { cat "$WORK/psql.err" >&2; fail "sf_$1: no permission denied for: $2"; }
}

# --- PostgreSQL ------------------------------------------------------------------------------
grep -Eqv '^[[:space:]]*(#|$)' "$STATE/pg/data/pg_hba.conf" || fail "pg_hba.conf is empty"
if grep -Ev '^[[:space:]]*#' "$STATE/pg/data/pg_hba.conf" | grep -qw trust; then
    fail "pg_hba.conf still trusts someone"
fi
[[ "$(admin_sql "SHOW password_encryption")" == scram-sha-256 ]] || fail "passwords are not stored as scram-sha-256"
[[ "$(stat -c %a "$STATE/secrets")" == 700 ]] || fail "STATE/secrets is not 0700"
for file in "$STATE"/secrets/*; do
    [[ "$(stat -c %a "$file")" == 600 ]] || fail "$file is not 0600"
done
if PGPASSFILE=/dev/null psql "host=127.0.0.1 port=$PG_PORT dbname=safety user=sf_directory" -X -w -c 'SELECT 1' \
        >/dev/null 2>&1; then
    fail "sf_directory logged in without its password"
fi
if psql "host=127.0.0.1 port=$PG_PORT dbname=safety user=sf_directory password=wrong" -X -w -c 'SELECT 1' \
        >/dev/null 2>"$WORK/wrong.err"; then
    fail "sf_directory logged in with a wrong password"
fi
grep -q 'password authentication failed' "$WORK/wrong.err" || fail "a wrong password is not refused as such"
[[ "$(admin_sql "SELECT has_database_privilege ('public', 'safety', 'CONNECT')")" == f ]] \
    || fail "PUBLIC may connect to the database"

for name in "${DAEMONS[@]}"; do
    role="$(sf_pg_daemon_role "$name")"
    [[ "$(admin_sql "SELECT rolsuper OR rolcreatedb OR rolcreaterole OR rolreplication OR rolbypassrls OR NOT rolcanlogin
                       FROM pg_roles WHERE rolname = '$role'")" == f ]] || fail "$role has an attribute beyond LOGIN"
    [[ "$(admin_sql "SELECT count (*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = '$role'")" == 0 ]] \
        || fail "$role is a member of another role"
    [[ "$(admin_sql "SELECT nspowner::regrole FROM pg_namespace WHERE nspname = '$name'")" == "$role" ]] \
        || fail "schema $name is not owned by $role"
    [[ "$(admin_sql "SELECT count (*) FROM pg_class WHERE relnamespace = '$name'::regnamespace AND relowner <> '$role'::regrole")" == 0 ]] \
        || fail "schema $name holds objects $role does not own"
    [[ "$(admin_sql "SELECT count (*) FROM pg_namespace WHERE nspowner = '$role'::regrole")" == 1 ]] \
        || fail "$role owns more than its schema"
    [[ "$(admin_sql "SELECT count (DISTINCT usename) FROM pg_stat_activity WHERE application_name = '$name' AND usename <> '$role'")" == 0 ]] \
        || fail "sf-$name has sessions as another role"
    [[ "$(admin_sql "SELECT count (*) FROM pg_stat_activity WHERE application_name = '$name' AND usename = '$role'")" -gt 0 ]] \
        || fail "sf-$name has no session as $role"
    [[ "$(as_role "$name" "SELECT count (*) >= 0 FROM $name.sf_outbox")" == t ]] || fail "$role cannot read its own outbox"
    for other in "${DAEMONS[@]}"; do
        [[ "$other" == "$name" ]] && continue
        refused "$name" "SELECT count (*) FROM $other.sf_outbox"
        refused "$name" "DELETE FROM $other.sf_migrations"
        refused "$name" "CREATE TABLE $other.intruder (x int)"
    done
    refused "$name" "CREATE SCHEMA intruder_$name"
    refused "$name" "CREATE TABLE public.intruder_$name (x int)"
    refused "$name" "CREATE TEMP TABLE intruder (x int)"
    refused "$name" "CREATE ROLE intruder_$name"
    refused "$name" "ALTER SYSTEM SET fsync = off"
done

# --- Redis -----------------------------------------------------------------------------------
[[ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" PING 2>&1)" == NOAUTH* ]] || fail "Redis answers without a login"
[[ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" AUTH default x 2>&1)" == WRONGPASS* ]] || fail "Redis lets the default user in"

# as_user NAME ARGS...: redis-cli as daemon NAME's user.
as_user () {
    local name="$1"
    shift
    REDISCLI_AUTH="$(<"$(sf_redis_password_file "$STATE" "sf-$name")")" \
        redis-cli --no-auth-warning --user "sf-$name" -h 127.0.0.1 -p "$REDIS_PORT" "$@" 2>&1
}

noperm () {
    local name="$1" answer
    shift
    answer="$(as_user "$name" "$@")"
    [[ "$answer" == NOPERM* ]] || fail "sf-$name: '$*' answered '$answer', not NOPERM"
}

noperm directory FLUSHALL
noperm directory CONFIG GET '*'
noperm directory KEYS '*'
noperm directory XADD sf:events:inspection '*' intruder 1
noperm directory XRANGE sf:events:rectification - +
noperm directory DEL sf:events:org
noperm directory XDEL sf:events:org 0-1
noperm directory ACL LIST
noperm inspection XADD sf:events:org '*' intruder 1
noperm inspection XADD sf:events:rectification '*' intruder 1
noperm inspection FLUSHALL
noperm inspection CONFIG SET appendonly no
noperm rectification XADD sf:events:inspection '*' intruder 1
noperm rectification SET sf:anything 1
noperm rectification FLUSHDB
noperm rectification SHUTDOWN
[[ "$(as_user directory XLEN sf:events:org)" =~ ^[0-9]+$ ]] || fail "sf-directory cannot see its own stream"
[[ "$(as_user inspection XLEN sf:events:org)" =~ ^[0-9]+$ ]] || fail "sf-inspection cannot read the org stream"
[[ "$(as_user rectification XLEN sf:events:inspection)" =~ ^[0-9]+$ ]] || fail "sf-rectification cannot read inspection's stream"
for name in "${DAEMONS[@]}"; do
    if grep -q NOPERM "$STATE/log/$name.log"; then
        grep NOPERM "$STATE/log/$name.log" | head -n 5 >&2
        fail "sf-$name met NOPERM while it ran"
    fi
done

# --- wrong passwords stop a daemon at once, in both languages --------------------------------
binary="$BUILD/services/inspection/sf-inspection"
spare_port="$(sf_free_port $(( base + SF_STACK_PORT_SPAN - 1 )))"
printf 'not-the-password' >"$WORK/wrong.password"
chmod 600 "$WORK/wrong.password"
status=0
env SF_REDIS_PASSWORD_FILE="$WORK/wrong.password" SF_RPC_ENDPOINT="tcp://127.0.0.1:$spare_port" SF_DB_CONNECT_WAIT_S=5 \
    timeout 60 "$binary" --config "$STATE/conf/inspection.conf" >"$WORK/redis-wrong.out" 2>&1 || status=$?
(( status == 1 )) || { cat "$WORK/redis-wrong.out" >&2; fail "a wrong Redis password: exit status $status, not 1"; }
grep -q 'Redis refused the account' "$WORK/redis-wrong.out" || { cat "$WORK/redis-wrong.out" >&2; fail "no English reason for the Redis refusal"; }
grep -q 'Redis 拒绝了这个账号' "$WORK/redis-wrong.out" || fail "no Chinese reason for the Redis refusal"
grep -q 'not-the-password' "$WORK/redis-wrong.out" && fail "the password reached the log"

printf '*:*:*:sf_inspection:not-the-password' >"$WORK/wrong.pgpass"
chmod 600 "$WORK/wrong.pgpass"
status=0
env SF_DB_URL="host=127.0.0.1 port=$PG_PORT dbname=safety user=sf_inspection passfile=$WORK/wrong.pgpass" \
    SF_RPC_ENDPOINT="tcp://127.0.0.1:$spare_port" SF_DB_CONNECT_WAIT_S=30 \
    timeout 60 "$binary" --config "$STATE/conf/inspection.conf" >"$WORK/db-wrong.out" 2>&1 || status=$?
(( status == 1 )) || { cat "$WORK/db-wrong.out" >&2; fail "a wrong database password: exit status $status, not 1"; }
grep -q 'wrong password' "$WORK/db-wrong.out" || { cat "$WORK/db-wrong.out" >&2; fail "no English reason for the database refusal"; }
grep -q '密码错误' "$WORK/db-wrong.out" || fail "no Chinese reason for the database refusal"
grep -q 'not-the-password' "$WORK/db-wrong.out" && fail "the database password reached the log"

# --- every port of the stack on loopback -----------------------------------------------------
for (( port = base; port < base + SF_STACK_PORT_SPAN; port++ )); do
    while read -r address; do
        [[ "$address" == 127.0.0.1:* || "$address" == "[::1]:"* ]] || fail "port $port listens on $address"
    done < <(ss -Htln "sport = :$port" | awk '{ print $4 }')
done

echo "deploy_privilege_test: roles, Redis users, refusals and loopback ports as required (base $base)"
