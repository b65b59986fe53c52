#!/usr/bin/env bash
# gateway_walkthrough_test: services/gateway/README_walkthrough.md as a new user runs it: a
# stack of its own from deploy/up (the build already made), then curl only: log in with demo
# accounts, watch the event stream, report a finding, take its feedback form round the loop,
# each step by its side; every step arrives on the stream, the form ends closed, a step out of
# order is 409 and one by the wrong side 403, and a retried POST with the same key writes once.
set -euo pipefail

BUILD="${SF_BUILD_DIR:?SF_BUILD_DIR is not set: run the test through ctest}"
DEPLOY="${SF_DEPLOY_DIR:?SF_DEPLOY_DIR is not set: run the tests through ./deploy/test}"
# shellcheck source=../deploy/lib.sh source-path=SCRIPTDIR
source "$DEPLOY/lib.sh"
[[ -x "$BUILD/services/gateway/sf-gateway" ]] || { echo "build first: no sf-gateway" >&2; exit 2; }

# A base from 8000-9999 away from the other deploy tests' (deploy_stacks_test starts at 8000 +
# pid-dependent steps of 2 spans: this one takes odd spans).
BASE_FROM=$(( 8000 + SF_STACK_PORT_SPAN + $$ % 48 * 2 * SF_STACK_PORT_SPAN ))
WORK="$(mktemp -d "${SF_STATE_DIR:-/tmp}/walk.XXXXXX")"
STATE="$WORK/stack"
STREAM_PID=""

fail () { printf 'gateway_walkthrough_test: %s\n' "$*" >&2; exit 1; }

cleanup () {
    local rc=$?
    set +e
    [[ -n "$STREAM_PID" ]] && kill "$STREAM_PID" 2>/dev/null
    if (( rc != 0 )); then
        [[ -f "$STATE.out" ]] && { printf -- '--- deploy/up:\n' >&2; tail -n 30 "$STATE.out" >&2; }
        [[ -f "$STATE/log/gateway.log" ]] && { printf -- '--- gateway.log:\n' >&2; tail -n 30 "$STATE/log/gateway.log" >&2; }
        [[ -f "$WORK/stream" ]] && { printf -- '--- the stream:\n' >&2; tail -n 40 "$WORK/stream" >&2; }
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
H="http://127.0.0.1:$(( base + 2 ))/api/v1"

# 1. Log in.
login () {
    curl -s -H 'Content-Type: application/json' -d "{\"login\":\"$1\",\"password\":\"Huaan-Anquan-2026\"}" \
        "$H/gateway.Gateway/Login" | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}
MANAGER="$(login p01.manager)" || fail "p01.manager cannot log in over HTTP"
LEADER="$(login p01.t01.leader)" || fail "p01.t01.leader cannot log in over HTTP"
WORKER="$(login p01.worker)" || fail "p01.worker cannot log in over HTTP"
[[ -n "$MANAGER" && -n "$LEADER" && -n "$WORKER" ]] || fail "a login gave no token"
curl -s -H "Authorization: Bearer $MANAGER" -H 'Content-Type: application/json' -d '{}' \
    "$H/gateway.Gateway/WhoAmI" | grep -q '"login":"p01.manager"' || fail "WhoAmI does not name p01.manager"

# 2. The stream, before anything happens.
curl -s -N -H "Authorization: Bearer $MANAGER" "$H/events?types=inspection.finding_reported,rectification.*" \
    >"$WORK/stream" 2>/dev/null &
STREAM_PID=$!
sf_wait_for 10 "the stream's first line" grep -q '^retry:' "$WORK/stream" || fail "the event stream did not start"

# 3. Report a finding (and again with the same key: one finding).
call () {   # call TOKEN SERVICE/METHOD JSON [KEY]: the body; the HTTP status in $WORK/status
    curl -s -o "$WORK/body" -w '%{http_code}' -H "Authorization: Bearer $1" -H 'Content-Type: application/json' \
        -H "Idempotency-Key: ${4:-$(cat /proc/sys/kernel/random/uuid)}" -d "$3" "$H/$2" >"$WORK/status"
    cat "$WORK/body"
}
status () { cat "$WORK/status"; }
finding='{"finding":{"description":"配电箱门未关闭（演练）","factor":"FACTOR_MACHINE","severity":"SEVERITY_GENERAL","responsibleUnit":"P01-D01-T01","location":"机加一班"},"source":"SOURCE_REPORT"}'
first="$(call "$MANAGER" inspection.Inspection/ReportFinding "$finding" walk-finding-1)"
[[ "$(status)" == 200 ]] || fail "ReportFinding: $(status) $first"
again="$(call "$MANAGER" inspection.Inspection/ReportFinding "$finding" walk-finding-1)"
[[ "$(status)" == 200 && "$again" == "$first" ]] || fail "the retried ReportFinding was not answered as the first"
finding_number="$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["number"])' "$first")"

# Its form, by GET.
form_number=""
for _ in $(seq 1 50); do
    form_number="$(curl -s -G -H "Authorization: Bearer $MANAGER" --data-urlencode encoding=json \
        --data-urlencode 'message={"unitCode":"P01-D01-T01","pageSize":20}' "$H/rectification.Rectification/ListForms" |
        python3 -c 'import json, sys
for form in json.load(sys.stdin).get("forms", []):
    if form.get("findingNumber") == sys.argv[1]:
        print(form["number"])' "$finding_number")"
    [[ -n "$form_number" ]] && break
    sleep 0.2
done
[[ -n "$form_number" ]] || fail "no feedback form for finding $finding_number"
count="$(grep -c "\"findingNumber\":\"$finding_number\"" <(curl -s -G -H "Authorization: Bearer $MANAGER" \
    --data-urlencode encoding=json --data-urlencode 'message={"unitCode":"P01-D01-T01","pageSize":100}' \
    "$H/rectification.Rectification/ListForms" | python3 -c 'import json, sys
for form in json.load(sys.stdin).get("forms", []):
    print(json.dumps(form, separators=(",", ":")))'))"
[[ "$count" == 1 ]] || fail "the retried report made $count forms"

# 4. The loop: out of order 409, the wrong side 403, then each step by its side.
call "$LEADER" rectification.Rectification/VerifyForm "{\"number\":\"$form_number\"}" >/dev/null
[[ "$(status)" == 403 || "$(status)" == 409 ]] || fail "the leader verifying: $(status), not 403 or 409"
call "$LEADER" rectification.Rectification/SubmitEvidence \
    "{\"number\":\"$form_number\",\"evidence\":{\"text\":\"太早了\"}}" >/dev/null
[[ "$(status)" == 409 ]] || fail "evidence before acknowledging: $(status), not 409"
{ grep -q '"reason_en"' "$WORK/body" && grep -q '"reason_zh"' "$WORK/body"; } || fail "a refusal without both reasons"
call "$WORKER" rectification.Rectification/CancelForm "{\"number\":\"$form_number\",\"reason\":\"x\"}" >/dev/null
[[ "$(status)" == 403 ]] || fail "a worker cancelling: $(status), not 403"
call "$LEADER" rectification.Rectification/AcknowledgeForm "{\"number\":\"$form_number\"}" >/dev/null
[[ "$(status)" == 200 ]] || fail "AcknowledgeForm: $(status) $(cat "$WORK/body")"
call "$LEADER" rectification.Rectification/StartRectification "{\"number\":\"$form_number\"}" >/dev/null
[[ "$(status)" == 200 ]] || fail "StartRectification: $(status) $(cat "$WORK/body")"
call "$LEADER" rectification.Rectification/SubmitEvidence \
    "{\"number\":\"$form_number\",\"evidence\":{\"text\":\"已关闭配电箱门并加锁\",\"costFen\":\"12000\"}}" >/dev/null
[[ "$(status)" == 200 ]] || fail "SubmitEvidence: $(status) $(cat "$WORK/body")"
call "$MANAGER" rectification.Rectification/VerifyForm "{\"number\":\"$form_number\"}" >/dev/null
[[ "$(status)" == 200 ]] || fail "VerifyForm: $(status) $(cat "$WORK/body")"
curl -s -G -H "Authorization: Bearer $MANAGER" --data-urlencode encoding=json \
    --data-urlencode "message={\"number\":\"$form_number\"}" "$H/rectification.Rectification/GetForm" |
    grep -q '"status":"FORM_CLOSED"' || fail "the form is not closed"

# Every step arrived on the stream.
for type in inspection.finding_reported rectification.form_issued rectification.form_acknowledged \
            rectification.rectification_started rectification.form_submitted rectification.form_closed; do
    sf_wait_for 10 "$type on the stream" grep -q "^event: $type\$" "$WORK/stream" || fail "$type never arrived on the stream"
done
grep -q "$form_number" "$WORK/stream" || fail "the stream never named $form_number"
echo "gateway_walkthrough_test: $finding_number → $form_number closed over HTTP, every step on the stream"
