#!/usr/bin/env bash
# deploy_stacks_test: two stacks side by side on one machine, as deploy/up starts them with
# their own SF_BASE_PORT and SF_STATE_DIR from the build already made (SF_NO_BUILD=1). Both
# answer health on their own ports, their configs name their own directory, safetyctl reaches
# each through its STATE_DIR/env, acting as the operator key's account admin and as no one
# else, a write on one is not on the other (database, streams and the inspection daemon's org
# copy), a state directory refuses other ports, and deploy/down stops one stack while the
# other keeps serving.
set -euo pipefail

BUILD="${SF_BUILD_DIR:?SF_BUILD_DIR is not set: run the test through ctest}"
DEPLOY="${SF_DEPLOY_DIR:?SF_DEPLOY_DIR is not set: run the tests through ./deploy/test}"
# shellcheck source=../deploy/lib.sh source-path=SCRIPTDIR
source "$DEPLOY/lib.sh"
CTL="$BUILD/services/safetyctl/safetyctl"
for binary in "$CTL" "$BUILD/services/directory/sf-directory" "$BUILD/services/inspection/sf-inspection"; do
    [[ -x "$binary" ]] || { echo "build first: $binary is missing" >&2; exit 2; }
done

# Bases from 8000-9999: below the kernel's ephemeral range, apart from the ports tests pick
# at random (10000-31999) and from deploy/up's default stack (7100-7107, 55432, 56379); where
# in it depends on the pid, so that two runs at once seldom reach for the same ports.
BASE_FROM=$(( 8000 + $$ % 50 * 2 * SF_STACK_PORT_SPAN ))
WORK="$(mktemp -d "${SF_STATE_DIR:-/tmp}/stacks.XXXXXX")"
A="$WORK/a"
B="$WORK/b"

fail () { printf 'deploy_stacks_test: %s\n' "$*" >&2; exit 1; }

# up STATE BASE: deploy/up for one stack; its output in STATE.out.
up () {
    env -u SF_DB_URL -u SF_REDIS_HOST -u SF_REDIS_PORT SF_STATE_DIR="$1" SF_BASE_PORT="$2" \
        SF_BUILD_DIR="$BUILD" SF_NO_BUILD=1 "$DEPLOY/up" >"$1.out" 2>&1
}

down () {
    env SF_STATE_DIR="$1" "$DEPLOY/down" >>"$1.out" 2>&1
}

# ctl STATE ARGS...: safetyctl pointed at the stack in STATE, as its summary says.
ctl () {
    local state="$1"
    shift
    # shellcheck disable=SC1091
    (source "$state/env" && "$CTL" "$@")
}

cleanup () {
    local rc=$? state
    set +e
    for state in "$A" "$B"; do
        [[ -d "$state" ]] || continue
        if (( rc != 0 )) && [[ -f "$state.out" ]]; then
            printf -- '--- deploy/up and down of %s:\n' "$state" >&2
            tail -n 40 "$state.out" >&2
        fi
        (sf_daemons_stop_all "$state")
        (sf_redis_stop "$state") 2>/dev/null
        (sf_pg_destroy "$state") 2>/dev/null
    done
    rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT

base_a="$(sf_stack_free_base "$BASE_FROM")"
base_b="$(sf_stack_free_base $(( base_a + SF_STACK_PORT_SPAN )))"

up "$A" "$base_a" || fail "deploy/up of stack A (base $base_a) failed"
up "$B" "$base_b" || fail "deploy/up of stack B (base $base_b) failed"

# Every port from the base: PostgreSQL, Redis, each daemon, and the directory the others read.
for pair in "$A $base_a" "$B $base_b"; do
    read -r state base <<<"$pair"
    [[ "$(sf_read_file "$state/pg.port")" == "$base" ]] || fail "$state: PostgreSQL not on $base"
    [[ "$(sf_read_file "$state/redis.port")" == "$(( base + 1 ))" ]] || fail "$state: Redis not on $(( base + 1 ))"
    grep -qx "rpc.endpoint = tcp://127.0.0.1:$(( base + 11 ))" "$state/conf/directory.conf" \
        || fail "$state: directory not on $(( base + 11 ))"
    for name in inspection rectification; do
        [[ -f "$state/conf/$name.conf" ]] || continue
        grep -qx "org.directory_endpoint = tcp://127.0.0.1:$(( base + 11 ))" "$state/conf/$name.conf" \
            || fail "$state: $name does not read the org from its own directory"
    done
    grep -qx "export SF_DIRECTORY_ENDPOINT=tcp://127.0.0.1:$(( base + 11 ))" "$state/env" \
        || fail "$state/env does not name the stack's directory"
    ctl "$state" status >/dev/null || fail "$state: safetyctl status says a daemon is down"
    ctl "$state" --json status | grep -q "tcp://127.0.0.1:$(( base + 12 ))" \
        || fail "$state: status did not ask the stack's inspection daemon"
done

# The demo's notifications reach A's own receiver (base + 18) as each platform expects: its
# checks of payload and signature passed for every request, every kind took one, and P01's
# delivery log (read by a new user logged in as the plant's safety manager) says sent.
if [[ -f "$A/conf/receiver.conf" ]]; then
    mkdir -p "$WORK/home"
    grep -qx "port = $(( base_a + 18 ))" "$A/conf/receiver.conf" || fail "A's demo receiver not on $(( base_a + 18 ))"
    python3 - "$A/log/receiver.jsonl" <<'PY' || fail "the demo notifications did not reach A's receiver as the platforms expect"
import json, sys
entries = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
bad = [e for e in entries if not e.get("ok")]
kinds = {e.get("kind") for e in entries}
missing = {"dingtalk", "wecom", "feishu", "webhook", "smtp"} - kinds
if bad or missing:
    print("refused: %s; no request of: %s" % (bad[:3], sorted(missing)), file=sys.stderr)
    sys.exit(1)
PY
    printf 'Huaan-Anquan-2026\n' | HOME="$WORK/home" ctl "$A" login --login p01.manager >/dev/null \
        || fail "p01.manager could not log in on A"
    HOME="$WORK/home" ctl "$A" --lang en notify log --unit P01 --status sent >"$WORK/log.out" \
        || fail "p01.manager could not read P01's delivery log"
    grep -q 'inspection.major_hazard_found .*DingTalk' "$WORK/log.out" \
        || { cat "$WORK/log.out" >&2; fail "no major hazard sent to P01's DingTalk robot in the log"; }
fi

# A write on A is on A only: its directory, its stream, its inspection daemon's org copy.
ctl "$A" directory create --kind team --code P01-D01-T99 --parent P01-D01 --name-zh 隔离测试班组 >/dev/null \
    || fail "create on A failed"
ctl "$A" directory get --code P01-D01-T99 >/dev/null || fail "A does not have its own write"
if ctl "$B" directory get --code P01-D01-T99 >/dev/null 2>&1; then
    fail "the node created on A is on B"
fi
sf_wait_for 30 "A's inspection copy of P01-D01-T99" ctl "$A" inspection findings --unit P01-D01-T99 \
    || fail "A's inspection daemon did not copy the new team"
if ctl "$B" inspection findings --unit P01-D01-T99 >/dev/null 2>&1; then
    fail "B's inspection daemon knows the team created on A"
fi

# The operator key of STATE/env acts as its account, admin, and only as it: the write above is
# admin's in the event stream, naming admin is fine, naming anyone else is refused.
grep -q '"aggregateId":"P01-D01-T99".*"actor":{"userId":"admin","roles":\["admin"\]' \
    <(ctl "$A" --json events tail --from 0 --stream org) || fail "the create on A is not admin's in the event stream"
ctl "$A" --user admin directory get --code P01-D01-T99 >/dev/null || fail "the operator key cannot name its own account"
if ctl "$A" --user p01.worker directory get --code P01 >"$WORK/other.out" 2>&1; then
    fail "the operator key acted as p01.worker"
fi
grep -q 'permission_denied' "$WORK/other.out" || { cat "$WORK/other.out" >&2; fail "no permission_denied for another user"; }

# A state directory belongs to one set of ports.
if env -u SF_DB_URL -u SF_REDIS_HOST -u SF_REDIS_PORT SF_STATE_DIR="$A" SF_BASE_PORT="$base_b" \
        SF_BUILD_DIR="$BUILD" SF_NO_BUILD=1 "$DEPLOY/up" >"$WORK/mixed.out" 2>&1; then
    fail "deploy/up took stack A's state directory with stack B's ports"
fi
grep -q "belongs to the stack with SF_BASE_PORT=$base_a" "$WORK/mixed.out" \
    || { cat "$WORK/mixed.out" >&2; fail "no clear refusal of a state directory with other ports"; }

# deploy/down stops A only.
down "$A" || fail "deploy/down of A failed"
for name in directory inspection rectification receiver; do
    if sf_daemon_pid "$A" "$name" >/dev/null; then
        fail "sf-$name of A still runs after deploy/down"
    fi
done
sf_port_in_use "$base_a" && fail "A's PostgreSQL still listens after deploy/down"
sf_port_in_use "$(( base_a + 1 ))" && fail "A's Redis still listens after deploy/down"
ctl "$B" status >/dev/null || fail "B stopped serving when A went down"
ctl "$B" directory get --code P01 >/dev/null || fail "B lost its data when A went down"
down "$B" || fail "deploy/down of B failed"
ctl "$B" --timeout-ms 300 status >/dev/null 2>&1 && fail "B still answers after deploy/down"
echo "deploy_stacks_test: two stacks on bases $base_a and $base_b, independent, stopped"
