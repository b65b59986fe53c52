# ctl_testlib.sh: what the safetyctl tests share, sourced by each of them (never run): the
# environment ./deploy/test provides, a work folder, a cleanup at exit, and the helpers the
# tests are written with. Each test keeps its own daemons, schemas and ports; it lists them
# here for the cleanup: the daemons' pids in PIDS, the schemas in SCHEMAS, its Redis keys in
# REDIS_KEYS, the daemons' logs as $WORK/*.log (shown when the test fails).

BUILD="${SF_BUILD_DIR:?SF_BUILD_DIR is not set: run the test through ctest}"
CTL="$BUILD/services/safetyctl/safetyctl"
for var in SF_DB_URL SF_REDIS_HOST SF_REDIS_PORT; do
    if [[ -z "${!var:-}" ]]; then
        echo "$var is not set: run the tests through ./deploy/test, which starts PostgreSQL and Redis" >&2
        exit 2
    fi
done

# ctl_redis_cli ARGS...: redis-cli on the suite's Redis as SF_REDIS_USER (deploy/test's admin
# user; the password from its file through the environment, never on the command line).
ctl_redis_cli () {
    if [[ -n "${SF_REDIS_USER:-}" ]]; then
        REDISCLI_AUTH="$(head -n 1 "$SF_REDIS_PASSWORD_FILE")" \
            redis-cli --no-auth-warning --user "$SF_REDIS_USER" -h "$SF_REDIS_HOST" -p "$SF_REDIS_PORT" "$@"
    else
        redis-cli -h "$SF_REDIS_HOST" -p "$SF_REDIS_PORT" "$@"
    fi
}

WORK=""
PIDS=()
SCHEMAS=()
REDIS_KEYS=()
OUT=""
ERR=""

# ctl_test_start NAME DAEMON...: safetyctl and every daemon binary given must be built; makes
# WORK (sf-ctl-NAME.XXXXXX) and sets the cleanup to run at exit.
ctl_test_start () {
    local name="$1" binary
    shift
    for binary in "$CTL" "$@"; do
        [[ -x "$binary" ]] || { echo "build first: $binary is missing" >&2; exit 2; }
    done
    WORK="$(mktemp -d -t "sf-ctl-$name.XXXXXX")"
    trap ctl_test_cleanup EXIT
}

# stop_daemons: TERM to each daemon in PIDS, KILL to any still there ten seconds later.
stop_daemons () {
    local pid tries
    for pid in "${PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        tries=100
        while kill -0 "$pid" 2>/dev/null && (( tries-- > 0 )); do
            sleep 0.1
        done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    PIDS=()
}

ctl_test_cleanup () {
    local rc=$? schema log
    set +e
    stop_daemons
    for schema in "${SCHEMAS[@]}"; do
        psql "$SF_DB_URL" -X -q -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1
    done
    if (( ${#REDIS_KEYS[@]} > 0 )) && command -v redis-cli >/dev/null 2>&1; then
        ctl_redis_cli DEL "${REDIS_KEYS[@]}" >/dev/null 2>&1
    fi
    if (( rc != 0 )); then
        for log in "$WORK"/*.log; do
            [[ -f "$log" ]] || continue
            echo "--- last lines of $(basename "$log")" >&2
            tail -n 30 "$log" >&2
        done
    fi
    rm -rf "$WORK"
    exit "$rc"
}

fail () {
    echo "FAIL: $*" >&2
    exit 1
}

# free_port FIRST [END]: a loopback port nothing listens on, from FIRST up to END (by default
# the kernel's ephemeral range, 32768-60999, where sf_testkit picks its own).
free_port () {
    local port
    for (( port = $1; port < ${2:-32700}; port++ )); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    fail "no free port"
}

# start_daemon LOG BINARY SCHEMA ENDPOINT [VAR=VALUE...]: starts a daemon of this test on a
# schema and an endpoint of its own, with the variables given, its log in $WORK/LOG.log; adds
# it to PIDS.
start_daemon () {
    local log="$1" binary="$2" schema="$3" endpoint="$4" name keys=()
    shift 4
    # Its own key pair from the suite's keys (deploy/test); safetyctl calls with SF_KEY.
    name="$(basename "$binary")"
    name="${name#sf-}"
    if [[ -n "${SF_KEYS_DIR:-}" && -n "${SF_KEY:-}" ]]; then
        keys=(SF_RPC_SECRET_KEY_FILE="$SF_KEYS_DIR/$name.key_secret" SF_RPC_CLIENTS_DIR="$SF_KEYS_DIR/clients"
              SF_RPC_KEYS_DIR="$SF_KEYS_DIR")
    fi
    env SF_DB_SCHEMA="$schema" SF_RPC_ENDPOINT="$endpoint" SF_LOG_LEVEL=warn "${keys[@]}" "$@" \
        "$binary" >"$WORK/$log.log" 2>&1 &
    PIDS+=("$!")
}

# directory_alone SCHEMA FIRST_PORT END_PORT: a directory daemon of this test alone, on a
# free port from FIRST_PORT up to END_PORT; status lists only it; Chinese output and no
# actor from the environment. Returns once it answers.
directory_alone () {
    local port
    port="$(free_port "$2" "$3")"
    export SF_DIRECTORY_ENDPOINT="tcp://127.0.0.1:$port"
    export SF_INSPECTION_ENDPOINT=off SF_RECTIFICATION_ENDPOINT=off
    export SF_LANG=zh
    unset SF_USER SF_ROLES
    start_daemon daemon "$BUILD/services/directory/sf-directory" "$1" "$SF_DIRECTORY_ENDPOINT"
    await_daemons
}

# await_daemons: waits until `safetyctl status` answers; fails when a daemon in PIDS exits.
await_daemons () {
    local try pid
    for (( try = 0; try < 60; try++ )); do
        ctl status >/dev/null 2>&1 && return 0
        for pid in "${PIDS[@]}"; do
            kill -0 "$pid" 2>/dev/null || fail "a daemon exited at start-up"
        done
        sleep 0.5
    done
}

# Who the tests act as. deploy/test's key (SF_KEY) is a daemon's: it may act as the service
# itself (role service), or as any account the daemon called knows: the directory its own, the
# other daemons their org copy, which follows the directory's events. Roles and reach come from
# the account's grants, never from --roles.
CTL_SERVICE_USER=ctl-test
CTL_PASSWORD="Ceshi-Zhanghao-2026"

# as_service ARGS...: safetyctl as the service itself: what sets up the org and the accounts
# before anyone exists, and what a test does where no person is concerned.
as_service () { "$CTL" --user "$CTL_SERVICE_USER" --roles service "$@"; }

# ctl_account LOGIN EMPLOYEE [ROLE@NODE...]: account LOGIN of employee EMPLOYEE (password
# CTL_PASSWORD) made through the directory as the service, with each role granted on its node.
ctl_account () {
    local login="$1" employee="$2" grant
    shift 2
    printf '%s\n' "$CTL_PASSWORD" | as_service account create --login "$login" --employee "$employee" >/dev/null \
        || fail "cannot create the account $login"
    for grant in "$@"; do
        as_service account grant --login "$login" --role "${grant%@*}" --node "${grant#*@}" >/dev/null \
            || fail "cannot grant $grant to $login"
    done
}

# await_account SCHEMA LOGIN GRANTS: waits until the org copy of the daemon on schema SCHEMA
# holds account LOGIN with GRANTS grants (it learns accounts from the directory's events).
await_account () {
    local schema="$1" login="$2" grants="$3" count="" try
    for (( try = 0; try < 100; try++ )); do
        count="$(psql "$SF_DB_URL" -X -q -A -t \
                 -c "SELECT count (*) FROM $schema.sf_org_grant WHERE login = '$login'" 2>/dev/null || true)"
        [[ "$count" == "$grants" ]] && return 0
        sleep 0.1
    done
    fail "the org copy in $schema does not hold account $login with $grants grants (it holds $count)"
}

# expect STATUS CMD...: runs CMD, which must exit with STATUS; its output is in OUT and ERR.
expect () {
    local expected="$1" rc=0
    shift
    "$@" >"$WORK/out" 2>"$WORK/err" || rc=$?
    OUT="$(cat "$WORK/out")"
    ERR="$(cat "$WORK/err")"
    if [[ "$rc" != "$expected" ]]; then
        printf 'command: %s\nstdout:\n%s\nstderr:\n%s\n' "$*" "$OUT" "$ERR" >&2
        fail "exit status $rc, expected $expected"
    fi
}

has () {
    [[ "$1" == *"$2"* ]] || fail "expected '$2' in:
$1"
}

lacks () {
    [[ "$1" != *"$2"* ]] || fail "did not expect '$2' in:
$1"
}

# JSON checks with python3 when there is one; without it, json_has checks only that JSON is
# an object.
have_python () { command -v python3 >/dev/null 2>&1; }
json_check () {
    if have_python; then
        python3 -c 'import json, sys; json.loads(sys.stdin.read())' <<<"$1" || fail "not JSON: $1"
    else
        [[ "$1" == "{"*"}" ]] || fail "not a JSON object: $1"
    fi
}

# json_has JSON PYTHON_EXPR: the expression, evaluated on the parsed document d, holds.
json_has () {
    json_check "$1"
    if have_python; then
        python3 -c "import json, sys; d = json.loads(sys.stdin.read()); sys.exit(0 if ($2) else 1)" <<<"$1" \
            || fail "JSON check '$2' failed on: $1"
    fi
}

# json_get JSON PYTHON_EXPR: prints the expression evaluated on the parsed document d (needs
# python3).
json_get () {
    python3 -c "import json, sys; d = json.loads(sys.stdin.read()); print($2)" <<<"$1"
}

ctl () { "$CTL" "$@"; }
