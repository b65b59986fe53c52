#!/usr/bin/env bash
# screen_walkthrough_test: issue 16's "done when" as a new user meets it: a stack of its own from
# deploy/up (the build already made, demo data loaded), then a real browser only
# (tests/browser/walkthrough.mjs): the plant's wall screen signed in as p01.screen, the field web
# on a phone signed in as p01.worker reporting a hidden hazard with a photo, the report on the
# screen, its thumbnail served to the screen. Screenshots in $SF_BUILD_DIR/browser-shots/walkthrough/.
set -euo pipefail

BUILD="${SF_BUILD_DIR:?SF_BUILD_DIR is not set: run the test through ctest}"
DEPLOY="${SF_DEPLOY_DIR:?SF_DEPLOY_DIR is not set: run the tests through ./deploy/test}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
# shellcheck source=../deploy/lib.sh source-path=SCRIPTDIR
source "$DEPLOY/lib.sh"
# shellcheck source=../deploy/lib_accounts.sh source-path=SCRIPTDIR
source "$DEPLOY/lib_accounts.sh"
[[ -x "$BUILD/services/gateway/sf-gateway" ]] || { echo "build first: no sf-gateway" >&2; exit 2; }
[[ -d "$BUILD/web-deps/node_modules/playwright-core" ]] || { echo "no playwright-core in $BUILD/web-deps (deploy/test installs it)" >&2; exit 1; }

# A base from 8000-9999 away from the other deploy tests' (deploy_stacks_test: even spans from
# 8000, gateway_walkthrough_test: odd spans from 8000 + a span): this one starts at 9000.
BASE_FROM=$(( 9000 + $$ % 24 * 2 * SF_STACK_PORT_SPAN ))
WORK="$(mktemp -d "${SF_STATE_DIR:-/tmp}/screenwalk.XXXXXX")"
STATE="$WORK/stack"

fail () { printf 'screen_walkthrough_test: %s\n' "$*" >&2; exit 1; }

cleanup () {
    local rc=$?
    set +e
    if (( rc != 0 )); then
        [[ -f "$STATE.out" ]] && { printf -- '--- deploy/up:\n' >&2; tail -n 30 "$STATE.out" >&2; }
        [[ -f "$STATE/log/gateway.log" ]] && { printf -- '--- gateway.log:\n' >&2; tail -n 30 "$STATE/log/gateway.log" >&2; }
    fi
    if [[ -d "$STATE" ]]; then
        (sf_daemons_stop_all "$STATE")
        (sf_redis_stop "$STATE") 2>/dev/null
        (sf_pg_destroy "$STATE") 2>/dev/null
    fi
    rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT

base="$(sf_stack_free_base "$BASE_FROM")"
env -u SF_DB_URL -u SF_REDIS_HOST -u SF_REDIS_PORT SF_STATE_DIR="$STATE" SF_BASE_PORT="$base" \
    SF_BUILD_DIR="$BUILD" SF_NO_BUILD=1 "$DEPLOY/up" >"$STATE.out" 2>&1 || fail "deploy/up failed"
url="http://127.0.0.1:$(( base + 2 ))"
grep -q "/screen/?plant=P01" "$STATE.out" || fail "deploy/up does not say where the wall screen is"
grep -q "$url/m/" "$STATE.out" || fail "deploy/up does not say where the field web is"

# sf-training judges every employee at its job's first run, on the first minute after its start
# (training_qual_jobs.h), and a demo employee found unqualified is a training.person_unqualified
# event: a hundred of them at once, which push the report this test looks for out of the
# ticker's 50 rows. The walkthrough starts after that run.
judged () {
    sf_pg_psql "$(readlink -f "$STATE/pg")" "$(sf_read_file "$STATE/pg.port")" -d safety -c \
        "SELECT count (*) = 0 FROM training.sf_org_node n
          WHERE n.kind = 6 AND n.active  -- directory.Kind KIND_EMPLOYEE
            AND NOT EXISTS (SELECT 1 FROM training.qual_status s WHERE s.employee_code = n.code)" | grep -qx t
}
sf_wait_for 90 "sf-training's first judgement of the employees" judged || fail "sf-training judged nobody in 90 s"

SF_GATEWAY_URL="$url" SF_TEST_PASSWORD="$SF_DEMO_PASSWORD" SF_BROWSER_TEST=walkthrough \
    node "$HERE/browser/walkthrough.mjs" </dev/null || fail "the walkthrough in the browser failed"
echo "screen_walkthrough_test: passed"
