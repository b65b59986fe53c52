#!/usr/bin/env bash
# deploy_up_failure_test: deploy/up does not call a stack started when its daemons are not
# serving. With SF_UP_DB_URL at a port where nothing listens and db.connect_wait_s of 2 s,
# each daemon gives up and exits with status 1: up names each one, shows the end of its log
# (the daemon's own reason, password masked) and fails. With a role the test cluster does not
# have, the daemons stop at once, as the log says. With a wait shorter than the daemons' own,
# up reports the daemons still starting and fails too.
set -euo pipefail

BUILD="${SF_BUILD_DIR:?SF_BUILD_DIR is not set: run the test through ctest}"
DEPLOY="${SF_DEPLOY_DIR:?SF_DEPLOY_DIR is not set: run the tests through ./deploy/test}"
: "${SF_DB_URL:?SF_DB_URL is not set: run the tests through ./deploy/test}"
# shellcheck source=../deploy/lib.sh source-path=SCRIPTDIR
source "$DEPLOY/lib.sh"
[[ -x "$BUILD/services/directory/sf-directory" ]] || { echo "build first: sf-directory is missing" >&2; exit 2; }

# A base from 6000-6999, as deploy_stacks_test.sh does it from 8000-9999.
BASE_FROM=$(( 6000 + $$ % 50 * SF_STACK_PORT_SPAN ))
UP_FAILS_WITHIN_S=45            # daemons' 2 s wait, a connect attempt, up's polling
WORK="$(mktemp -d "${SF_STATE_DIR:-/tmp}/upfail.XXXXXX")"
STATE="$WORK/stack"
OUT="$WORK/up.out"

fail () { printf 'deploy_up_failure_test: %s\n' "$*" >&2; [[ -f "$OUT" ]] && cat "$OUT" >&2; exit 1; }

cleanup () {
    local rc=$?
    set +e
    (sf_daemons_stop_all "$STATE") >/dev/null 2>&1
    (sf_redis_stop "$STATE") >/dev/null 2>&1
    rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT

# up DB_URL [VAR=VALUE...]: deploy/up of the test's stack against DB_URL; true if up succeeded.
up () {
    local url="$1"
    shift
    env -u SF_DB_URL -u SF_REDIS_HOST -u SF_REDIS_PORT SF_STATE_DIR="$STATE" SF_BASE_PORT="$base" \
        SF_BUILD_DIR="$BUILD" SF_NO_BUILD=1 SF_UP_DB_URL="$url" "$@" "$DEPLOY/up" >"$OUT" 2>&1
}

base="$(sf_stack_free_base "$BASE_FROM")"
host="$(sed -E 's/.*host=([^ ]+).*/\1/' <<<"$SF_DB_URL")"
port="$(sed -E 's/.*port=([^ ]+).*/\1/' <<<"$SF_DB_URL")"

# Nothing listens at base+5 (the stack's span is free, and up does not use that port).
started=$SECONDS
if up "host=127.0.0.1 port=$(( base + 5 )) dbname=safety user=safety password=pw_not_shown" \
        SF_DB_CONNECT_WAIT_S=2; then
    fail "deploy/up succeeded with no database"
fi
(( SECONDS - started <= UP_FAILS_WITHIN_S )) || fail "deploy/up took $(( SECONDS - started )) s to fail"
for name in directory inspection rectification; do
    [[ -x "$BUILD/services/$name/sf-$name" ]] || continue
    grep -q "daemon $name did not come up: exited with status 1" "$OUT" || fail "sf-$name's failure not reported"
done
grep -q "no database after waiting 2 s (db.connect_wait_s), stopping: connection refused" "$OUT" \
    || fail "the end of the daemon's log is not shown"
grep -q "password=\*\*\*" "$OUT" || fail "db.url not shown masked"
grep -q "pw_not_shown" "$OUT" && fail "the password shows"
grep -q "error: .* daemon(s) did not come up" "$OUT" || fail "no summary of the failure"
sf_daemon_pid "$STATE" directory >/dev/null && fail "a daemon that exited is still listed as running"

# A role the cluster does not have: refused, so each daemon stops at once. The cluster asks
# for a password (scram-sha-256), so PostgreSQL says no more than for a wrong password: it
# never tells a client which roles exist.
started=$SECONDS
if up "host=$host port=$port dbname=safety user=nobody_$$ password=pw_not_shown"; then
    fail "deploy/up succeeded with a role that does not exist"
fi
(( SECONDS - started <= UP_FAILS_WITHIN_S )) || fail "deploy/up took $(( SECONDS - started )) s to fail"
grep -q "daemon directory did not come up: exited with status 1" "$OUT" || fail "sf-directory's failure not reported"
grep -q "waiting cannot help): wrong password (password authentication failed)" "$OUT" || fail "the refusal is not shown"

# Daemons still waiting for their database when up's own wait ends: reported, up fails.
if up "host=127.0.0.1 port=$(( base + 5 )) dbname=safety user=safety" SF_DB_CONNECT_WAIT_S=60 SF_UP_WAIT_S=1; then
    fail "deploy/up succeeded while no daemon answered"
fi
grep -q "daemon directory did not come up: no answer to sf.Health on tcp://127.0.0.1:$(( base + 11 )) within 1s (still running" \
    "$OUT" || fail "a daemon still starting is not reported"
grep -q "waiting for the database" "$OUT" || fail "the daemon's wait is not shown"
env SF_STATE_DIR="$STATE" "$DEPLOY/down" >/dev/null 2>&1 || fail "deploy/down failed"
sf_daemon_pid "$STATE" directory >/dev/null && fail "deploy/down left sf-directory running"
echo "deploy_up_failure_test: exited, refused and still-starting daemons reported; up failed each time"
