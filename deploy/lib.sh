# shellcheck shell=bash
# deploy/lib.sh: helpers sourced by deploy/up, deploy/down, deploy/test and deploy/redis-ctl.
#
# Everything here runs as root on a Debian 12 machine and starts private, loopback-only
# servers for development and tests: a PostgreSQL 15 cluster, a Redis 7 server and our
# daemons. Nothing uses the system-wide PostgreSQL or Redis instances.
#
# Layout of a state directory (STATE_DIR):
#   conf/NAME.conf       daemon configuration files
#   log/NAME.log         daemon output; log/redis.log; log/postgres.log (symlink)
#   run/NAME.pid         daemon pid files
#   redis/               redis.conf, redis.pid, data/ (RDB/AOF files)
#   redis.port           port Redis listens on (read by deploy/redis-ctl)
#   redis.mode           persistence mode of the last start: aof or none
#   pg -> $SF_PG_ROOT/<hash>   PostgreSQL cluster (see sf_pg_base_dir for why it lives there)
#   pg.port              port PostgreSQL listens on
#
# Errors: sf_die prints a message and exits the calling shell (these helpers are meant for
# scripts running with set -euo pipefail, not for interactive shells).

SF_DEPLOY_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
SF_REPO_DIR="$(dirname "$SF_DEPLOY_DIR")"
SF_PG_BIN="${SF_PG_BIN:-/usr/lib/postgresql/15/bin}"
SF_PG_USER="${SF_PG_USER:-postgres}"
SF_PG_ROOT="${SF_PG_ROOT:-/var/lib/sf-pg}"
SF_PACKAGES=(
    build-essential cmake pkg-config
    libzmq3-dev libczmq-dev libprotobuf-c-dev protobuf-c-compiler
    libhiredis-dev libpq-dev libsodium-dev
    libxlsxwriter-dev   # scoring's XLSX reports
    libcurl4-openssl-dev  # the notifier's HTTPS robots, webhooks and SMTP
    libmicrohttpd-dev   # the gateway's HTTP server (services/gateway/README.md: why this one)
    postgresql postgresql-contrib
    redis-server redis-tools
    python3-protobuf    # Google's runtime, the judge of tests/contract_json_interop_test.py
    python3-prometheus-client   # the judge of /metrics in tests.gateway_metrics
    libvips-dev         # the gateway's thumbnails of photos (docs/design/issue16-screens-field-web.md)
    libqrencode-dev     # the gateway's QR codes for posts and areas (the field web's sheets)
    chromium fonts-wqy-microhei   # the browser tests of the screens and the field web (CJK font)
    patroni etcd-server etcd-client haproxy   # the highly available PostgreSQL (issue 18)
    redis-sentinel      # Redis with a replica and failover (issue 18)
    libsystemd-dev      # sd_notify: READY and the watchdog under systemd (issue 18)
    iproute2            # plants in network namespaces (issue 18)
    yamllint            # lints the compose file and the Kubernetes manifests (tests/deploy_units_test.sh)
    valgrind            # memcheck of the gateway's suspend and resume (services.gateway.gateway_http_resume_memcheck)
)

# ---------------------------------------------------------------------------------------------
# Messages and small utilities

sf_log () { printf '[deploy] %s\n' "$*" >&2; }
sf_warn () { printf '[deploy] warning: %s\n' "$*" >&2; }
sf_die () { printf '[deploy] error: %s\n' "$*" >&2; exit 1; }

# sf_abs_dir DIR: the absolute physical path of an existing directory.
# sf_drop_env_overrides WHO: the servers a script starts are its own; settings in the
# environment (from a test shell, say) would point its daemons at other ones.
sf_drop_env_overrides () {
    local who="$1" var
    for var in SF_DB_URL SF_DB_SCHEMA SF_REDIS_HOST SF_REDIS_PORT SF_RPC_ENDPOINT SF_REDIS_STREAM_PREFIX \
               SF_REDIS_USER SF_REDIS_PASSWORD_FILE SF_SECRETS_DIR SF_REDIS_SENTINELS SF_REDIS_MASTER_NAME; do
        if [[ -n "${!var:-}" ]]; then
            sf_warn "ignoring $var from the environment: $who sets it"
            unset "$var"
        fi
    done
}

sf_abs_dir () {
    [[ -d "$1" ]] || sf_die "not a directory: $1"
    (cd "$1" && pwd -P)
}

# sf_pid_alive PID: true if a process with that pid exists.
sf_pid_alive () {
    [[ "$1" =~ ^[0-9]+$ ]] && kill -0 "$1" 2>/dev/null
}

# sf_read_file FILE: prints the first line of FILE, or nothing if it does not exist.
sf_read_file () {
    [[ -f "$1" ]] || return 0
    head -n 1 "$1"
}

# sf_port_in_use PORT: true if something listens on TCP PORT (any local address).
sf_port_in_use () {
    local port="$1"
    if command -v ss >/dev/null 2>&1; then
        ss -Htln "sport = :$port" 2>/dev/null | grep -q .
    else
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
    fi
}

# sf_port_taken PORT: true if any TCP socket has PORT as its local port, in any state: a
# listener, and also the client end of a connection, or one in TIME-WAIT. Our ports lie in the
# kernel's ephemeral range, and a server cannot bind a port that a client's socket holds
# (PostgreSQL then fails with "Address already in use"); a new port is chosen with this.
sf_port_taken () {
    if command -v ss >/dev/null 2>&1; then
        ss -Htan "sport = :$1" 2>/dev/null | grep -q .
    else
        sf_port_in_use "$1"
    fi
}

# sf_free_port START: prints the first port >= START that no TCP socket uses (sf_port_taken).
sf_free_port () {
    local port="$1" last=$(( $1 + 500 ))
    while (( port < last )); do
        if ! sf_port_taken "$port"; then
            printf '%s\n' "$port"
            return 0
        fi
        port=$(( port + 1 ))
    done
    sf_die "no free TCP port in $1..$last"
}

# sf_wait_for SECONDS DESCRIPTION COMMAND...: retries COMMAND every 0.2 s until it succeeds.
sf_wait_for () {
    local seconds="$1" what="$2"
    shift 2
    local tries=$(( seconds * 5 ))
    while (( tries > 0 )); do
        if "$@" >/dev/null 2>&1; then
            return 0
        fi
        sleep 0.2
        tries=$(( tries - 1 ))
    done
    sf_warn "timed out after ${seconds}s waiting for $what"
    return 1
}

# sf_wait_pid_gone PID SECONDS: true once the process is gone, false on timeout.
sf_wait_pid_gone () {
    local pid="$1" tries=$(( $2 * 10 ))
    while sf_pid_alive "$pid" && (( tries > 0 )); do
        sleep 0.1
        tries=$(( tries - 1 ))
    done
    ! sf_pid_alive "$pid"
}

# sf_state_init STATE_DIR: creates the state directory and its conf/, log/ and run/ folders.
sf_state_init () {
    mkdir -p "$1/conf" "$1/log" "$1/run"
}

# ---------------------------------------------------------------------------------------------
# Packages and build

sf_missing_packages () {
    local pkg status
    for pkg in "${SF_PACKAGES[@]}"; do
        status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
        [[ "$status" == "install ok installed" ]] || printf '%s\n' "$pkg"
    done
}

# sf_apt_install PKG...: apt-get install, its output kept in SF_APT_OUTPUT. While it runs, a
# policy-rc.d (if none exists) stops Debian from starting the system PostgreSQL and Redis,
# which we never use.
SF_APT_OUTPUT=""
sf_apt_install () {
    local policy=/usr/sbin/policy-rc.d added_policy=0 rc=0
    if [[ ! -e "$policy" ]]; then
        printf '#!/bin/sh\n# added by deploy/lib.sh during apt-get install\nexit 101\n' >"$policy"
        chmod 755 "$policy"
        added_policy=1
    fi
    SF_APT_OUTPUT="$(DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" 2>&1)" || rc=$?
    if (( added_policy == 1 )); then
        rm -f "$policy"
    fi
    return "$rc"
}

# sf_install_packages: installs the Debian packages the project needs, only those missing.
# apt-get update runs only when an install fails because the package lists are missing/stale.
sf_install_packages () {
    local missing
    mapfile -t missing < <(sf_missing_packages)
    if (( ${#missing[@]} == 0 )); then
        sf_log "packages: all ${#SF_PACKAGES[@]} present"
        return 0
    fi
    sf_log "packages: installing ${missing[*]}"
    if sf_apt_install "${missing[@]}"; then
        return 0
    fi
    if ! grep -qE 'Unable to locate package|has no installation candidate|Failed to fetch|404 +Not Found' \
            <<<"$SF_APT_OUTPUT"; then
        printf '%s\n' "$SF_APT_OUTPUT" >&2
        sf_die "apt-get install failed: ${missing[*]}"
    fi
    sf_log "packages: package lists missing or stale, running apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null || sf_die "apt-get update failed"
    if ! sf_apt_install "${missing[@]}"; then
        printf '%s\n' "$SF_APT_OUTPUT" >&2
        sf_die "apt-get install failed: ${missing[*]}"
    fi
}

# sf_build BUILD_DIR [CMAKE_ARGS...]: configures and builds the repository into BUILD_DIR.
sf_build () {
    local build_dir="$1"
    shift
    sf_log "build: configuring $build_dir"
    cmake -S "$SF_REPO_DIR" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" \
        || sf_die "cmake configure failed for $build_dir (see the messages above)"
    sf_log "build: compiling $build_dir"
    cmake --build "$build_dir" -j2 \
        || sf_die "build failed in $build_dir (see the compiler messages above)"
}

# sf_openapi_validator BUILD_DIR: the standard OpenAPI validator tests.gateway_openapi runs
# (tests/openapi_validate.sh: npm ci of tests/openapi/, versions pinned by its lock file) into
# BUILD_DIR/openapi-validator; kept when up to date, so a second run needs no network. Without
# node/npm or the registry, only that test fails. npm is not in SF_PACKAGES: a NodeSource
# nodejs carries its own npm and conflicts with Debian's npm package.
sf_openapi_validator () {
    if ! command -v npm >/dev/null 2>&1; then
        sf_log "packages: installing nodejs npm (the OpenAPI validator of tests.gateway_openapi)"
        sf_apt_install nodejs npm || { sf_warn "nodejs and npm could not be installed: tests.gateway_openapi will fail"; return 0; }
    fi
    bash "$SF_REPO_DIR/tests/openapi_validate.sh" install "$1/openapi-validator" \
        || sf_warn "the OpenAPI validator could not be installed into $1/openapi-validator: tests.gateway_openapi will fail"
}

# sf_web_deps BUILD_DIR: the pages' pinned packages (services/gateway/web/package-lock.json:
# ECharts for the screens, playwright-core for the browser tests) into BUILD_DIR/web-deps, where
# the gateway serves /vendor/ from (gateway.web_vendor_dir). Without node/npm or the registry the
# screens have no charts and the browser tests fail; nothing else does.
sf_web_deps () {
    if ! command -v npm >/dev/null 2>&1; then
        sf_log "packages: installing nodejs npm (the pages' packages)"
        sf_apt_install nodejs npm || { sf_warn "nodejs and npm could not be installed: the screens have no charts"; return 0; }
    fi
    "$SF_REPO_DIR/deploy/npm-ci" "$SF_REPO_DIR/services/gateway/web" "$1/web-deps" \
        || sf_warn "the pages' packages could not be installed into $1/web-deps: the screens have no charts"
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL: a private cluster per state directory, run as the non-root user $SF_PG_USER.

# Why the cluster does not live inside STATE_DIR: PostgreSQL refuses to run as root, and the
# postgres user must be able to reach its data directory, socket directory and log file. The
# state directory often sits below a path postgres cannot traverse (a repo cloned by root
# under /root, or under a `mktemp -d` directory with mode 700). Changing the modes of the
# user's parent directories would be invasive and fragile, so each cluster lives in a
# postgres-owned directory $SF_PG_ROOT/<hash>, where <hash> is derived from the absolute path
# of the state directory; STATE_DIR/pg is a symlink to it and $SF_PG_ROOT/<hash>/owner names
# the state directory, so orphans can be found (sf_pg_reap_orphans). $SF_PG_ROOT is under
# /var/lib rather than /var/tmp so that tmp cleaners never delete a long-lived dev cluster.
# The unix socket lives there too ($SF_PG_ROOT/<hash>/run), which also keeps its path short
# (unix socket paths are limited to 107 bytes).
#
# Authentication (deploy/lib_roles.sh): scram-sha-256 passwords over loopback TCP, the unix
# socket only for the postgres OS user as the postgres role (peer); no `trust` anywhere.

sf_pg_base_dir () {
    local state_abs hash
    state_abs="$(sf_abs_dir "$1")"
    hash="$(printf '%s' "$state_abs" | sha256sum | cut -c1-16)"
    printf '%s/%s\n' "$SF_PG_ROOT" "$hash"
}

# sf_as_pg CMD...: runs CMD as the postgres user, from a directory it can read.
sf_as_pg () {
    (cd / && runuser -u "$SF_PG_USER" -- "$@")
}

sf_pg_ensure_user () {
    id -u "$SF_PG_USER" >/dev/null 2>&1 && return 0
    sf_log "postgres: creating system user $SF_PG_USER"
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin "$SF_PG_USER" || sf_die "cannot create user $SF_PG_USER"
}

# sf_pg_running BASE: true if the cluster in BASE/data has a live postmaster.
sf_pg_running () {
    [[ -f "$1/data/PG_VERSION" ]] || return 1
    sf_as_pg "$SF_PG_BIN/pg_ctl" -D "$1/data" status >/dev/null 2>&1
}

sf_pg_init_cluster () {
    local base="$1"
    sf_log "postgres: initdb in $base/data"
    sf_as_pg "$SF_PG_BIN/initdb" -D "$base/data" --username=postgres \
        --encoding=UTF8 --locale=C.UTF-8 --auth-local=peer --auth-host=reject \
        >"$base/initdb.log" 2>&1 \
        || { cat "$base/initdb.log" >&2; sf_die "initdb failed in $base/data"; }
    printf "\n# Settings of the deploy scripts, rewritten at every start.\ninclude_if_exists = 'sf.conf'\n" \
        >>"$base/data/postgresql.conf"
}

# sf_pg_write_settings BASE PORT: the settings we own, in data/sf.conf (included last).
sf_pg_write_settings () {
    local base="$1" port="$2"
    cat >"$base/data/sf.conf" <<EOF
# Written by deploy/lib.sh (sf_pg_start); edits are lost at the next start.
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$base/run'
max_connections = 200
shared_buffers = 256MB
# Durability is measured for real: keep fsync and synchronous commit on.
fsync = on
synchronous_commit = on
logging_collector = off
log_line_prefix = '%m [%p] %q%u@%d '
password_encryption = 'scram-sha-256'
# WAL archiving and the WAL receiver of deploy/backup, in a stack whose backups it set up
# (deploy/lib_backup.sh); absent elsewhere, so the test suite's cluster does not archive.
include_if_exists = 'sf_backup.conf'
EOF
    chown "$SF_PG_USER:" "$base/data/sf.conf"
    sf_pg_write_hba "$base"
    # deploy/backup's base backups and WAL receiver: replication connections of the postgres
    # OS user over the unix socket (peer), which may do anything there already.
    printf 'local   replication  postgres           peer\n' >>"$base/data/pg_hba.conf"
}

# sf_pg_psql BASE PORT [-d DB] SQL...: psql as the postgres role, from the postgres OS user
# over the cluster's unix socket (peer auth); database postgres unless -d names another.
sf_pg_psql () {
    local base="$1" port="$2"
    shift 2
    sf_as_pg "$SF_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$base/run" -p "$port" -U postgres -d postgres \
        -At "$@"
}

# sf_pg_ensure_db STATE BASE PORT: the admin role `safety` (superuser of this private cluster,
# with its password) and database `safety`, closed to PUBLIC (deploy/lib_roles.sh).
sf_pg_ensure_db () {
    local state="$1" base="$2" port="$3"
    sf_pg_ensure_admin "$state" "$base" "$port"
    if [[ -z "$(sf_pg_psql "$base" "$port" -c "SELECT 1 FROM pg_database WHERE datname = 'safety'")" ]]; then
        sf_log "postgres: creating database safety"
        sf_pg_psql "$base" "$port" -c "CREATE DATABASE safety OWNER safety ENCODING 'UTF8' TEMPLATE template0 LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'" \
            >/dev/null || sf_die "cannot create database safety"
    fi
    sf_pg_lock_public "$base" "$port"
}

# sf_pg_conninfo STATE_DIR: the libpq conninfo of the cluster as the admin role `safety`, for
# scripts and tests (the password in STATE/secrets/pg_safety.pgpass).
sf_pg_conninfo () {
    sf_pg_role_conninfo "$1" "$SF_PG_ADMIN_ROLE"
}

# sf_pg_start STATE_DIR PORT: initialises (once) and starts the cluster; idempotent.
sf_pg_start () {
    local state="$1" port="$2" base running_port
    [[ "$port" =~ ^[0-9]+$ ]] || sf_die "sf_pg_start: bad port '$port'"
    sf_state_init "$state"
    sf_pg_ensure_user
    base="$(sf_pg_base_dir "$state")"

    if sf_pg_running "$base"; then
        # Line 4 of postmaster.pid is the port the running postmaster listens on.
        running_port="$(sed -n 4p "$base/data/postmaster.pid" 2>/dev/null)"
        [[ "$running_port" == "$port" ]] \
            || sf_die "postgres: cluster $base already runs on port ${running_port:-?}, not $port; stop it first"
        sf_log "postgres: already running on 127.0.0.1:$port"
        ln -sfn "$base" "$state/pg"
        ln -sfn "$base/postgres.log" "$state/log/postgres.log"
        printf '%s\n' "$port" >"$state/pg.port"
        sf_pg_write_settings "$base" "$port"
        sf_as_pg "$SF_PG_BIN/pg_ctl" -D "$base/data" -s reload || sf_die "postgres: reload failed in $base"
        sf_pg_ensure_db "$state" "$base" "$port"
        return 0
    fi
    if sf_port_in_use "$port"; then
        sf_die "postgres: port $port is already used by another process"
    fi

    mkdir -p "$SF_PG_ROOT"
    chmod 755 "$SF_PG_ROOT"
    install -d -o "$SF_PG_USER" -g "$(id -gn "$SF_PG_USER")" -m 700 "$base" "$base/run"
    printf '%s\n' "$(sf_abs_dir "$state")" >"$base/owner"
    ln -sfn "$base" "$state/pg"
    ln -sfn "$base/postgres.log" "$state/log/postgres.log"
    [[ -f "$base/data/PG_VERSION" ]] || sf_pg_init_cluster "$base"
    sf_pg_write_settings "$base" "$port"

    sf_log "postgres: starting on 127.0.0.1:$port (data $base/data)"
    sf_as_pg "$SF_PG_BIN/pg_ctl" -D "$base/data" -l "$base/postgres.log" -w -t 60 -s start \
        || { tail -n 20 "$base/postgres.log" >&2; sf_die "postgres failed to start, log: $base/postgres.log"; }
    printf '%s\n' "$port" >"$state/pg.port"
    sf_wait_for 30 "pg_isready on port $port" \
        "$SF_PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" \
        || sf_die "postgres does not answer on port $port, log: $base/postgres.log"
    sf_pg_ensure_db "$state" "$base" "$port"
}

# sf_pg_stop STATE_DIR: fast shutdown of the cluster; harmless if it does not run.
sf_pg_stop () {
    local state="$1" base
    [[ -d "$state" ]] || return 0
    base="$(sf_pg_base_dir "$state")"
    if ! sf_pg_running "$base"; then
        sf_log "postgres: not running ($base)"
        return 0
    fi
    sf_log "postgres: stopping ($base)"
    sf_as_pg "$SF_PG_BIN/pg_ctl" -D "$base/data" -m fast -w -t 60 -s stop \
        || sf_die "postgres did not stop, log: $base/postgres.log"
}

# sf_pg_destroy_base BASE: stops the cluster in BASE, if running, and deletes BASE.
sf_pg_destroy_base () {
    local base="$1"
    [[ "$base" == "$SF_PG_ROOT"/* && -d "$base" ]] || return 0
    if sf_pg_running "$base"; then
        sf_as_pg "$SF_PG_BIN/pg_ctl" -D "$base/data" -m immediate -w -t 60 -s stop \
            || sf_warn "postgres in $base did not stop"
    fi
    rm -rf "$base"
}

# sf_pg_destroy STATE_DIR: stops and deletes a throw-away cluster.
sf_pg_destroy () {
    local state="$1" base
    [[ -d "$state" ]] || return 0
    base="$(sf_pg_base_dir "$state")"
    sf_log "postgres: destroying $base"
    sf_pg_destroy_base "$base"
    rm -f "$state/pg" "$state/pg.port" "$state/log/postgres.log"
}

# sf_pg_reap_orphans: destroys clusters whose state directory no longer exists (left by a
# deploy/test run that was killed before its cleanup ran).
sf_pg_reap_orphans () {
    local owner_file owner
    [[ -d "$SF_PG_ROOT" ]] || return 0
    for owner_file in "$SF_PG_ROOT"/*/owner; do
        [[ -f "$owner_file" ]] || continue
        owner="$(sf_read_file "$owner_file")"
        [[ -n "$owner" && ! -d "$owner" ]] || continue
        sf_log "postgres: removing orphaned cluster $(dirname "$owner_file") (state dir $owner is gone)"
        sf_pg_destroy_base "$(dirname "$owner_file")"
    done
}

# ---------------------------------------------------------------------------------------------
# Redis: one private server per state directory.

sf_redis_pid () {
    sf_read_file "$1/redis/redis.pid"
}

# sf_redis_ping PORT STATE: true when the Redis on PORT answers PONG to the admin user of
# STATE (not while it loads its data, nor to a wrong password).
sf_redis_ping () {
    [[ "$(sf_redis_cli "$2" "$1" ping 2>/dev/null)" == "PONG" ]]
}

# sf_redis_write_config STATE_DIR PORT MODE
sf_redis_write_config () {
    local state="$1" port="$2" mode="$3" dir
    dir="$(sf_abs_dir "$state")"
    {
        printf '# Written by deploy/lib.sh (sf_redis_start); edits are lost at the next start.\n'
        printf 'bind 127.0.0.1\nport %s\nprotected-mode yes\ndaemonize yes\n' "$port"
        printf 'pidfile "%s/redis/redis.pid"\nlogfile "%s/log/redis.log"\ndir "%s/redis/data"\n' \
            "$dir" "$dir" "$dir"
        # No RDB snapshots in either mode: with aof, the append-only file is the durability
        # we measure; with none, nothing survives a restart.
        printf 'save ""\n'
        # Users and their rights (deploy/lib_roles.sh); `default` is off.
        printf 'aclfile "%s/redis/users.acl"\n' "$dir"
        if [[ "$mode" == aof ]]; then
            printf 'appendonly yes\nappendfsync everysec\n'
        else
            printf 'appendonly no\n'
        fi
    } >"$state/redis/redis.conf"
    sf_redis_write_acl "$state" "$state/redis/users.acl"
}

# sf_redis_start STATE_DIR PORT [aof|none]: starts Redis; idempotent.
sf_redis_start () {
    local state="$1" port="$2" mode="${3:-aof}" pid
    [[ "$port" =~ ^[0-9]+$ ]] || sf_die "sf_redis_start: bad port '$port'"
    [[ "$mode" == aof || "$mode" == none ]] || sf_die "sf_redis_start: persistence must be aof or none, not '$mode'"
    sf_state_init "$state"
    mkdir -p "$state/redis/data"

    pid="$(sf_redis_pid "$state")"
    if sf_pid_alive "$pid" && sf_redis_ping "$port" "$state"; then
        if [[ "$(sf_read_file "$state/redis.mode")" != "$mode" ]]; then
            sf_warn "redis: already running with persistence $(sf_read_file "$state/redis.mode"); restart to use $mode"
        fi
        sf_log "redis: already running on 127.0.0.1:$port"
        return 0
    fi
    if sf_port_in_use "$port"; then
        sf_die "redis: port $port is already used by another process"
    fi

    sf_redis_write_config "$state" "$port" "$mode"
    printf '%s\n' "$port" >"$state/redis.port"
    printf '%s\n' "$mode" >"$state/redis.mode"
    sf_log "redis: starting on 127.0.0.1:$port (persistence $mode)"
    redis-server "$state/redis/redis.conf" \
        || sf_die "redis-server failed to start, log: $state/log/redis.log"
    sf_wait_for 30 "redis PING on port $port" sf_redis_ping "$port" "$state" \
        || { tail -n 20 "$state/log/redis.log" >&2; sf_die "redis does not answer on port $port"; }
}

# sf_redis_stop STATE_DIR: SHUTDOWN NOSAVE (the AOF is still flushed), else TERM, else KILL.
sf_redis_stop () {
    local state="$1" port pid
    port="$(sf_read_file "$state/redis.port")"
    pid="$(sf_redis_pid "$state")"
    if ! sf_pid_alive "$pid"; then
        sf_log "redis: not running ($state)"
        rm -f "$state/redis/redis.pid"
        return 0
    fi
    sf_log "redis: stopping (pid $pid, port ${port:-?})"
    if [[ -n "$port" ]]; then
        sf_redis_cli "$state" "$port" shutdown nosave >/dev/null 2>&1 || true
    fi
    sf_wait_pid_gone "$pid" 10 && { rm -f "$state/redis/redis.pid"; return 0; }
    kill -TERM "$pid" 2>/dev/null || true
    sf_wait_pid_gone "$pid" 5 && { rm -f "$state/redis/redis.pid"; return 0; }
    sf_warn "redis: pid $pid ignored SHUTDOWN and TERM, killing it"
    kill -KILL "$pid" 2>/dev/null || true
    sf_wait_pid_gone "$pid" 5 || sf_die "redis: pid $pid does not die"
    rm -f "$state/redis/redis.pid"
}

# sf_redis_kill STATE_DIR: SIGKILL, as a crash would (data not yet fsynced may be lost).
sf_redis_kill () {
    local state="$1" pid
    pid="$(sf_redis_pid "$state")"
    if sf_pid_alive "$pid"; then
        sf_log "redis: killing pid $pid"
        kill -KILL "$pid"
        sf_wait_pid_gone "$pid" 5 || sf_die "redis: pid $pid does not die"
    fi
    rm -f "$state/redis/redis.pid"
}

# ---------------------------------------------------------------------------------------------
# Our daemons

# sf_daemon_pid STATE_DIR NAME: prints the pid of a running daemon, or fails. A live pid whose
# command line has no --config is a reused pid (say, after a reboot), not our daemon.
sf_daemon_pid () {
    local pid
    pid="$(sf_read_file "$1/run/$2.pid")"
    sf_pid_alive "$pid" || return 1
    tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -qx -- '--config' || return 1
    printf '%s\n' "$pid"
}

# sf_daemon_spawn STATE_DIR NAME BINARY CONFIG_FILE: runs `BINARY --config CONFIG_FILE` in
# the background; output to STATE_DIR/log/NAME.log, pid in STATE_DIR/run/NAME.pid and in
# SF_DAEMON_SPAWNED (empty when it was running already: not a child of this shell).
SF_DAEMON_SPAWNED=""
sf_daemon_spawn () {
    local state="$1" name="$2" binary="$3" config="$4" pid log
    SF_DAEMON_SPAWNED=""
    [[ -x "$binary" ]] || sf_die "daemon $name: no executable $binary (build first)"
    [[ -f "$config" ]] || sf_die "daemon $name: no config file $config"
    sf_state_init "$state"
    if pid="$(sf_daemon_pid "$state" "$name")"; then
        sf_log "daemon $name: already running (pid $pid)"
        return 0
    fi
    binary="$(sf_abs_dir "$(dirname "$binary")")/$(basename "$binary")"
    config="$(sf_abs_dir "$(dirname "$config")")/$(basename "$config")"
    log="$state/log/$name.log"
    printf -- '--- %s starting %s --config %s\n' "$(date -Is)" "$binary" "$config" >>"$log"
    nohup "$binary" --config "$config" </dev/null >>"$log" 2>&1 &
    SF_DAEMON_SPAWNED=$!
    printf '%s\n' "$SF_DAEMON_SPAWNED" >"$state/run/$name.pid"
    sf_log "daemon $name: started (pid $SF_DAEMON_SPAWNED, log $log)"
}

# sf_daemon_log_tail STATE_DIR NAME [LINES]: the last LINES (20) lines the daemon wrote since
# its last start, indented, for a report.
sf_daemon_log_tail () {
    local log="$1/log/$2.log" lines="${3:-20}"
    [[ -s "$log" ]] || { printf '    (%s is empty)\n' "$log"; return 0; }
    awk '/^--- .* starting / { n = 0 } { kept[n++] = $0 } END { for (i = 0; i < n; i++) print kept[i] }' "$log" \
        | tail -n "$lines" | sed 's/^/    /'
}

# sf_daemon_start STATE_DIR NAME BINARY CONFIG_FILE: sf_daemon_spawn, then fails with the
# log's tail if the daemon exits within its first 0.3 s.
sf_daemon_start () {
    local state="$1" name="$2"
    sf_daemon_spawn "$@"
    [[ -n "$SF_DAEMON_SPAWNED" ]] || return 0
    sleep 0.3
    if ! sf_pid_alive "$SF_DAEMON_SPAWNED"; then
        rm -f "$state/run/$name.pid"
        sf_daemon_log_tail "$state" "$name" >&2
        sf_die "daemon $name exited at start-up, log: $state/log/$name.log"
    fi
}

# sf_daemon_stack_of PID: prints the state directory of a daemon that sf_daemon_spawn started
# (its --config is STATE_DIR/conf/NAME.conf and STATE_DIR/run/NAME.pid names it); fails for
# any other process.
sf_daemon_stack_of () {
    local pid="$1" config state name
    config="$(tr '\0' '\n' 2>/dev/null <"/proc/$pid/cmdline" | grep -A1 -x -- '--config' | tail -n 1)" || return 1
    [[ "$config" == */conf/*.conf ]] || return 1
    state="$(dirname "$(dirname "$config")")"
    name="$(basename "$config" .conf)"
    [[ "$(sf_read_file "$state/run/$name.pid")" == "$pid" ]] || return 1
    printf '%s\n' "$state"
}

# sf_daemon_stop STATE_DIR NAME: TERM, up to 10 s to exit, then KILL.
sf_daemon_stop () {
    local state="$1" name="$2" pid
    if ! pid="$(sf_daemon_pid "$state" "$name")"; then
        rm -f "$state/run/$name.pid"
        return 0
    fi
    sf_log "daemon $name: stopping (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    if ! sf_wait_pid_gone "$pid" 10; then
        sf_warn "daemon $name: still running after 10 s, killing pid $pid"
        kill -KILL "$pid" 2>/dev/null || true
        sf_wait_pid_gone "$pid" 5 || sf_warn "daemon $name: pid $pid does not die"
    fi
    rm -f "$state/run/$name.pid"
}

# sf_daemons_stop_all STATE_DIR: stops every daemon with a pid file in STATE_DIR/run.
sf_daemons_stop_all () {
    local state="$1" pidfile
    [[ -d "$state/run" ]] || return 0
    for pidfile in "$state/run"/*.pid; do
        [[ -f "$pidfile" ]] || continue
        sf_daemon_stop "$state" "$(basename "$pidfile" .pid)"
    done
}

# ---------------------------------------------------------------------------------------------
# Stacks: what deploy/up starts (PostgreSQL, Redis, the daemons), one per state directory.
#
# SF_BASE_PORT decides every port of a stack: PostgreSQL on BASE, Redis on BASE+1, the daemons
# on BASE+10 and up (their order is DAEMONS in deploy/up). Unset, a stack keeps the ports it
# always had (PostgreSQL 55432, Redis 56379, daemons from 7100) and its state in .state/;
# set, its state is in .state-BASE/ unless SF_STATE_DIR names another directory. The base is
# recorded in STATE_DIR/stack.base: a state directory belongs to one set of ports.

SF_STACK_PORT_SPAN=20           # ports a stack may use from its base: keep bases this far apart
SF_STACK_DEFAULT_PG_PORT=55432
SF_STACK_DEFAULT_REDIS_PORT=56379
SF_STACK_DEFAULT_RPC_BASE=7100
SF_STACK_RPC_OFFSET=10          # the daemons' ports, from the base
SF_STACK_DEFAULT_HTTP_PORT=8080 # the gateway's HTTP port
SF_STACK_HTTP_OFFSET=2          # ... from the base

# sf_stack_layout: sets SF_STACK_STATE_DIR (absolute), SF_STACK_BASE ("default" or the port),
# SF_STACK_PG_PORT, SF_STACK_REDIS_PORT, SF_STACK_RPC_BASE and SF_STACK_HTTP_PORT from SF_BASE_PORT
# and SF_STATE_DIR.
# shellcheck disable=SC2034  # set for the caller
sf_stack_layout () {
    local base="${SF_BASE_PORT:-}" state
    if [[ -z "$base" ]]; then
        SF_STACK_BASE=default
        SF_STACK_PG_PORT=$SF_STACK_DEFAULT_PG_PORT
        SF_STACK_REDIS_PORT=$SF_STACK_DEFAULT_REDIS_PORT
        SF_STACK_RPC_BASE=$SF_STACK_DEFAULT_RPC_BASE
        SF_STACK_HTTP_PORT=$SF_STACK_DEFAULT_HTTP_PORT
        state="${SF_STATE_DIR:-$SF_REPO_DIR/.state}"
    else
        if ! [[ "$base" =~ ^[0-9]+$ ]] || (( base < 1024 || base + SF_STACK_PORT_SPAN > 65535 )); then
            sf_die "SF_BASE_PORT='$base' must be a number from 1024 to $(( 65535 - SF_STACK_PORT_SPAN ))"
        fi
        SF_STACK_BASE=$base
        SF_STACK_PG_PORT=$base
        SF_STACK_REDIS_PORT=$(( base + 1 ))
        SF_STACK_RPC_BASE=$(( base + SF_STACK_RPC_OFFSET ))
        SF_STACK_HTTP_PORT=$(( base + SF_STACK_HTTP_OFFSET ))
        state="${SF_STATE_DIR:-$SF_REPO_DIR/.state-$base}"
    fi
    [[ "$state" == /* ]] || state="$PWD/$state"
    SF_STACK_STATE_DIR="$state"
}

# sf_stack_claim STATE_DIR BASE: records the stack's base in a new state directory; fails when
# the directory belongs to a stack on other ports.
sf_stack_claim () {
    local state="$1" base="$2" recorded
    sf_state_init "$state"
    recorded="$(sf_read_file "$state/stack.base")"
    if [[ -n "$recorded" && "$recorded" != "$base" ]]; then
        sf_die "$state belongs to the stack with SF_BASE_PORT=${recorded/default/(unset)}, not ${base/default/(unset)}; stop it with deploy/down first, or choose another SF_STATE_DIR"
    fi
    printf '%s\n' "$base" >"$state/stack.base"
}

# sf_stack_free_base START: prints the first base >= START whose SF_STACK_PORT_SPAN ports are
# all free (for tests that start stacks of their own).
sf_stack_free_base () {
    local base="$1" port
    while (( base + SF_STACK_PORT_SPAN <= 65535 )); do
        for (( port = base; port < base + SF_STACK_PORT_SPAN; port++ )); do
            sf_port_in_use "$port" && break
        done
        if (( port == base + SF_STACK_PORT_SPAN )); then
            printf '%s\n' "$base"
            return 0
        fi
        base=$(( port + 1 ))
    done
    sf_die "no $SF_STACK_PORT_SPAN free TCP ports in a row from $1"
}

# sf_stacks_under DIR: the state directories of the stacks inside DIR (a test's own stacks).
sf_stacks_under () {
    [[ -d "$1" ]] || return 0
    find "$1" -mindepth 1 -maxdepth 3 -name stack.base -printf '%h\n' 2>/dev/null
}

# sf_stack_stop STATE_DIR: stops the daemons, Redis and PostgreSQL of a stack; data stays.
sf_stack_stop () {
    local state="$1"
    sf_daemons_stop_all "$state"
    sf_redis_stop "$state"
    sf_pg_stop "$state"
}

# sf_render_conf TEMPLATE OUT NAME=VALUE...: copies TEMPLATE to OUT, replacing each @NAME@.
sf_render_conf () {
    local template="$1" out="$2" line pair key value
    shift 2
    [[ -f "$template" ]] || sf_die "no config template $template (write one like deploy/conf/directory.conf.in)"
    : >"$out.tmp"
    while IFS= read -r line || [[ -n "$line" ]]; do
        for pair in "$@"; do
            key="${pair%%=*}"
            value="${pair#*=}"
            line="${line//"@$key@"/"$value"}"
        done
        printf '%s\n' "$line" >>"$out.tmp"
    done <"$template"
    if grep -q '@[A-Z_]*@' "$out.tmp"; then
        sf_die "$template: placeholders left unreplaced: $(grep -o '@[A-Z_]*@' "$out.tmp" | sort -u | tr '\n' ' ')"
    fi
    mv "$out.tmp" "$out"
}

# shellcheck source=lib_roles.sh source-path=SCRIPTDIR
source "$SF_DEPLOY_DIR/lib_roles.sh"
