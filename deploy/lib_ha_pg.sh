# shellcheck shell=bash
# deploy/lib_ha_pg.sh: a highly available PostgreSQL on this one machine, from Debian's
# packages: etcd (the consensus store), two or three Patroni nodes each running a PostgreSQL 15
# as `postgres`, and HAProxy as the leader endpoint the daemons use. Sourced by scripts and
# tests after deploy/lib.sh (it sources lib.sh itself when needed). docs/ha/postgresql.md says
# why each piece and each setting.
#
#   sf_ha_pg_start STATE_DIR BASE_PORT   starts (or resumes) the layout, waits until the leader
#                                        endpoint takes writes, prints and writes STATE_DIR/ha/pg.env
#   sf_ha_pg_stop STATE_DIR              stops all it started (also after a kill -9 of parts)
#   sf_ha_pg_leader STATE_DIR            prints "NODE_NAME POSTMASTER_PID" of the leader
#   sf_ha_pg_destroy STATE_DIR           stops it and deletes its data
#   sf_ha_pg_conninfo STATE_DIR [ROLE]   libpq conninfo of the leader endpoint
#   sf_ha_pg_ensure_daemon_role STATE_DIR NAME   a daemon's own role, made on the leader
#   sf_ha_pg_psql STATE_DIR [ARGS]       psql as postgres on the leader's unix socket
#   sf_ha_pg_role STATE_DIR I            primary, replica or the REST status of node I
#
# Ports, BASE..BASE+9 only:
#   BASE      etcd client              BASE+1    etcd peer
#   BASE+2    leader endpoint (HAProxy) BASE+3   HAProxy statistics (http://127.0.0.1:BASE+3/)
#   BASE+4+2i PostgreSQL of node i     BASE+5+2i Patroni REST API of node i (i = 0, 1, 2)
# SF_HA_PG_NODES (2 or 3, default 2) says how many nodes.
#
# Layout: STATE_DIR/ha/ holds pg.env, base.port, log/ and run/ (pid files); the data lives in
# $SF_PG_ROOT/<hash of STATE_DIR/ha>/ (owned by postgres, as sf_pg_base_dir explains), linked
# as STATE_DIR/ha/pg: etcd/ (the store), etcd.conf.yml, haproxy.cfg, and per node NODE/
# (patroni.yml, data/, run/ for its unix socket, log/postgresql.log). Passwords of the roles
# Patroni uses (postgres, sf_replicator, sf_rewind) and of the admin role `safety` are in
# STATE/secrets like a single-node stack's (deploy/lib_roles.sh).

if ! declare -F sf_pg_psql >/dev/null; then
    # shellcheck source=lib.sh source-path=SCRIPTDIR
    source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
fi

SF_HA_DIR="$SF_DEPLOY_DIR/ha.d"
SF_HA_PG_NODES="${SF_HA_PG_NODES:-2}"
SF_HA_PATRONI="${SF_HA_PATRONI:-/usr/bin/patroni}"
SF_HA_ETCD="${SF_HA_ETCD:-/usr/bin/etcd}"
SF_HA_HAPROXY="${SF_HA_HAPROXY:-/usr/sbin/haproxy}"
SF_HA_START_WAIT_S="${SF_HA_START_WAIT_S:-120}"

# ---------------------------------------------------------------------------------------------
# Layout

# sf_ha_pg_node_name I: the Patroni name of node I.
sf_ha_pg_node_name () { printf 'sf-pg%s\n' "$1"; }

# s_ha_dir STATE: STATE/ha, made if missing (with log/ and run/).
s_ha_dir () {
    mkdir -p "$1/ha/log" "$1/ha/run"
    printf '%s/ha\n' "$(sf_abs_dir "$1")"
}

# s_ha_base STATE: the data folder under $SF_PG_ROOT (sf_pg_base_dir of STATE/ha).
s_ha_base () {
    sf_pg_base_dir "$(s_ha_dir "$1")"
}

# s_ha_port STATE WHAT [I]: a port of the layout whose base STATE/ha/base.port records.
s_ha_port () {
    local base_port
    base_port="$(sf_read_file "$1/ha/base.port")"
    [[ "$base_port" =~ ^[0-9]+$ ]] || sf_die "ha: no base port recorded in $1/ha/base.port"
    case "$2" in
        etcd)   printf '%s\n' "$base_port" ;;
        peer)   printf '%s\n' $(( base_port + 1 )) ;;
        leader) printf '%s\n' $(( base_port + 2 )) ;;
        stats)  printf '%s\n' $(( base_port + 3 )) ;;
        pg)     printf '%s\n' $(( base_port + 4 + 2 * $3 )) ;;
        rest)   printf '%s\n' $(( base_port + 5 + 2 * $3 )) ;;
        *)      sf_die "s_ha_port: unknown port $2" ;;
    esac
}

# s_ha_nodes STATE: how many nodes the layout was made with (STATE/ha/nodes), else SF_HA_PG_NODES.
s_ha_nodes () {
    local nodes
    nodes="$(sf_read_file "$1/ha/nodes")"
    printf '%s\n' "${nodes:-$SF_HA_PG_NODES}"
}

# s_ha_render TEMPLATE OUT NAME=VALUE...: TEMPLATE with each @NAME@ replaced by VALUE (values
# may span lines), written to OUT as postgres, mode 0600 (configurations hold passwords).
s_ha_render () {
    local template="$1" out="$2" text pair
    shift 2
    text="$(<"$template")"
    for pair in "$@"; do
        text="${text//@${pair%%=*}@/${pair#*=}}"
    done
    ! [[ "$text" =~ @[A-Z_]+@ ]] || sf_die "ha: $template left a placeholder unset"
    (umask 077 && printf '%s\n' "$text" >"$out.tmp") && chown "$SF_PG_USER:" "$out.tmp" && mv "$out.tmp" "$out" \
        || sf_die "ha: cannot write $out"
}

# s_ha_pid STATE NAME: the pid of process NAME the layout started, if it still runs and is ours
# (its command line names the layout's data folder: a reused pid is not).
s_ha_pid () {
    local pid base
    pid="$(sf_read_file "$1/ha/run/$2.pid")"
    sf_pid_alive "$pid" || return 0
    base="$(s_ha_base "$1")"
    [[ "$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" == *"$base"* ]] || return 0
    printf '%s\n' "$pid"
}

# s_ha_spawn STATE NAME COMMAND...: starts COMMAND as postgres in a session of its own, with a
# clean environment (the caller's PG* variables are not Patroni's), output appended to
# STATE/ha/log/NAME.log, pid in STATE/ha/run/NAME.pid. Nothing happens if it already runs.
s_ha_spawn () {
    local state="$1" name="$2" pid
    shift 2
    [[ -z "$(s_ha_pid "$state" "$name")" ]] || return 0
    (
        cd / && exec setsid setpriv --reuid="$SF_PG_USER" --regid="$(id -g "$SF_PG_USER")" --init-groups -- \
            env -i PATH=/usr/bin:/bin HOME=/nonexistent LANG=C.UTF-8 LC_ALL=C.UTF-8 "$@"
    ) >>"$state/ha/log/$name.log" 2>&1 </dev/null &
    pid=$!
    printf '%s\n' "$pid" >"$state/ha/run/$name.pid"
}

# s_ha_http_status PORT PATH: the HTTP status code a GET of PATH on 127.0.0.1:PORT answers
# (nothing when nobody answers within 2 s). Bash's /dev/tcp: no curl needed.
s_ha_http_status () {
    timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0" || exit 1
                       printf "GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n" "$1" >&3
                       head -n 1 <&3' "$1" "$2" 2>/dev/null | awk '{ print $2 }'
}

# s_ha_wait SECONDS DESCRIPTION COMMAND...: retries COMMAND every 0.3 s until it succeeds or
# SECONDS of wall time passed (sf_wait_for counts tries, which a slow COMMAND stretches).
s_ha_wait () {
    local deadline=$(( SECONDS + $1 )) what="$2"
    shift 2
    until "$@" >/dev/null 2>&1; do
        if (( SECONDS >= deadline )); then
            sf_warn "timed out waiting for $what"
            return 1
        fi
        sleep 0.3
    done
}

# s_ha_rest_is PORT PATH: true when the Patroni REST API on PORT answers PATH with 200.
s_ha_rest_is () {
    [[ "$(s_ha_http_status "$1" "$2")" == 200 ]]
}

# s_ha_leader_index STATE: the index of the node holding the leader lock (GET /primary 200).
s_ha_leader_index () {
    local state="$1" i nodes
    nodes="$(s_ha_nodes "$state")"
    for (( i = 0; i < nodes; i++ )); do
        if s_ha_rest_is "$(s_ha_port "$state" rest "$i")" /primary; then
            printf '%s\n' "$i"
            return 0
        fi
    done
    return 1
}

# s_ha_leader_up STATE: the node holding the leader lock runs as a primary (Patroni holds the
# lock from before a restart while its PostgreSQL still starts).
s_ha_leader_up () {
    local leader
    leader="$(s_ha_leader_index "$1")" || return 1
    [[ "$(sf_pg_psql "$(s_ha_base "$1")/$(sf_ha_pg_node_name "$leader")" "$(s_ha_port "$1" pg "$leader")" \
          -c 'SELECT pg_is_in_recovery ()' 2>/dev/null)" == f ]]
}

# s_ha_sync_standbys STATE I: how many standbys stream synchronously from node I.
s_ha_sync_standbys () {
    local base
    base="$(s_ha_base "$1")"
    sf_pg_psql "$base/$(sf_ha_pg_node_name "$2")" "$(s_ha_port "$1" pg "$2")" \
        -c "SELECT count(*) FROM pg_stat_replication WHERE sync_state = 'sync' AND state = 'streaming'" 2>/dev/null
}

# s_ha_ready STATE: the leader endpoint takes a write (an xid is assigned only on a primary)
# and the leader has a synchronous standby (else a crash of it now could not fail over).
s_ha_ready () {
    local state="$1" leader
    leader="$(s_ha_leader_index "$state")" || return 1
    [[ "$(s_ha_sync_standbys "$state" "$leader")" -ge 1 ]] || return 1
    PGCONNECT_TIMEOUT=2 "$SF_PG_BIN/psql" -X -q -At -d "$(sf_ha_pg_conninfo "$state")" \
        -c 'SELECT pg_current_xact_id ()' >/dev/null 2>&1
}

# sf_ha_pg_conninfo STATE [ROLE]: libpq conninfo of the leader endpoint as ROLE (default the
# admin role `safety`), its password in its passfile as with sf_pg_role_conninfo.
sf_ha_pg_conninfo () {
    printf 'host=127.0.0.1 port=%s dbname=safety user=%s passfile=%s\n' "$(s_ha_port "$1" leader)" \
        "${2:-$SF_PG_ADMIN_ROLE}" "$(sf_pg_passfile "$1" "${2:-$SF_PG_ADMIN_ROLE}")"
}

# sf_ha_pg_psql STATE [psql args]: psql as the postgres role on the leader node's unix socket
# (e.g. for sf_pg_ensure_daemon_role: sf_ha_pg_leader_base and the leader's port).
sf_ha_pg_psql () {
    local state="$1" leader
    shift
    leader="$(s_ha_leader_index "$state")" || sf_die "ha: no node is the leader"
    sf_pg_psql "$(s_ha_base "$state")/$(sf_ha_pg_node_name "$leader")" "$(s_ha_port "$state" pg "$leader")" "$@"
}

# sf_ha_pg_ensure_daemon_role STATE NAME [SCHEMA]: sf_pg_ensure_daemon_role on the leader: the
# role sf_<name> with its password from STATE/secrets, owner of its schema (deploy/lib_roles.sh).
sf_ha_pg_ensure_daemon_role () {
    local state="$1" leader
    leader="$(s_ha_leader_index "$state")" || sf_die "ha: no node is the leader"
    sf_pg_ensure_daemon_role "$state" "$(s_ha_base "$state")/$(sf_ha_pg_node_name "$leader")" \
        "$(s_ha_port "$state" pg "$leader")" "$2" "${3:-$2}"
}

# ---------------------------------------------------------------------------------------------
# Start, stop, leader

# s_ha_write_configs STATE: etcd's, each node's Patroni and HAProxy's configuration.
s_ha_write_configs () {
    local state="$1" base nodes i name servers=""
    base="$(s_ha_base "$state")"
    nodes="$(s_ha_nodes "$state")"
    s_ha_render "$SF_HA_DIR/etcd.conf.yml.in" "$base/etcd.conf.yml" \
        "ETCD_NAME=sf-etcd0" "ETCD_DATA=$base/etcd" "ETCD_CLIENT_PORT=$(s_ha_port "$state" etcd)" \
        "ETCD_PEER_PORT=$(s_ha_port "$state" peer)" "ETCD_TOKEN=sf-pg-$(basename "$base")"
    for (( i = 0; i < nodes; i++ )); do
        name="$(sf_ha_pg_node_name "$i")"
        install -d -o "$SF_PG_USER" -g "$(id -g "$SF_PG_USER")" -m 700 "$base/$name" "$base/$name/run" "$base/$name/log"
        s_ha_render "$SF_HA_DIR/patroni.yml.in" "$base/$name/patroni.yml" \
            "SCOPE=sf-pg" "NAME=$name" "REST_PORT=$(s_ha_port "$state" rest "$i")" \
            "ETCD_PORT=$(s_ha_port "$state" etcd)" "PG_PORT=$(s_ha_port "$state" pg "$i")" \
            "NODE_DIR=$base/$name" "PG_BIN=$SF_PG_BIN" \
            "SUPERUSER_PASSWORD=$(sf_pg_password "$state" postgres)" \
            "REPLICATION_PASSWORD=$(sf_pg_password "$state" sf_replicator)" \
            "REWIND_PASSWORD=$(sf_pg_password "$state" sf_rewind)"
        servers+="    server $name 127.0.0.1:$(s_ha_port "$state" pg "$i") check port $(s_ha_port "$state" rest "$i")"$'\n'
    done
    s_ha_render "$SF_HA_DIR/haproxy-pg.cfg.in" "$base/haproxy.cfg" \
        "STATS_PORT=$(s_ha_port "$state" stats)" "LEADER_PORT=$(s_ha_port "$state" leader)" \
        "SERVERS=${servers%$'\n'}"
}

# s_ha_check_ports STATE: every port of the layout free (for a start from nothing).
s_ha_check_ports () {
    local state="$1" port base_port
    base_port="$(sf_read_file "$state/ha/base.port")"
    for (( port = base_port; port < base_port + 4 + 2 * $(s_ha_nodes "$state"); port++ )); do
        ! sf_port_in_use "$port" || sf_die "ha: port $port is already used by another process"
    done
}

# s_ha_write_env STATE: STATE/ha/pg.env (sourceable) and the same on standard output.
s_ha_write_env () {
    local state="$1" base nodes i name names=""
    base="$(s_ha_base "$state")"
    nodes="$(s_ha_nodes "$state")"
    {
        printf '# Written by deploy/lib_ha_pg.sh (sf_ha_pg_start): the HA PostgreSQL of %s.\n' "$state"
        printf 'export SF_HA_PG_HOST=127.0.0.1\n'
        printf 'export SF_HA_PG_PORT=%s\n' "$(s_ha_port "$state" leader)"
        printf "export SF_HA_PG_URL='%s'\n" "$(sf_ha_pg_conninfo "$state")"
        printf 'export SF_HA_PG_URI=postgresql://%s@127.0.0.1:%s/safety?passfile=%s\n' "$SF_PG_ADMIN_ROLE" \
            "$(s_ha_port "$state" leader)" "$(sf_pg_passfile "$state" "$SF_PG_ADMIN_ROLE")"
        printf 'export SF_HA_PG_STATS=http://127.0.0.1:%s/\n' "$(s_ha_port "$state" stats)"
        printf 'export SF_HA_ETCD_ENDPOINT=http://127.0.0.1:%s\n' "$(s_ha_port "$state" etcd)"
        for (( i = 0; i < nodes; i++ )); do
            name="$(sf_ha_pg_node_name "$i")"
            names+="${names:+ }$name"
            printf 'export SF_HA_PG_NODE%s_NAME=%s\n' "$i" "$name"
            printf 'export SF_HA_PG_NODE%s_PORT=%s\n' "$i" "$(s_ha_port "$state" pg "$i")"
            printf 'export SF_HA_PG_NODE%s_REST_PORT=%s\n' "$i" "$(s_ha_port "$state" rest "$i")"
            printf 'export SF_HA_PG_NODE%s_DATA=%s\n' "$i" "$base/$name/data"
            printf 'export SF_HA_PG_NODE%s_CONFIG=%s\n' "$i" "$base/$name/patroni.yml"
        done
        printf "export SF_HA_PG_NODE_NAMES='%s'\n" "$names"
    } >"$state/ha/pg.env.tmp"
    mv "$state/ha/pg.env.tmp" "$state/ha/pg.env"
    cat "$state/ha/pg.env"
}

# sf_ha_pg_start STATE_DIR BASE_PORT: starts etcd, the Patroni nodes and HAProxy (each only if
# not running), makes the database and the admin role `safety` on the leader, waits until the
# leader endpoint takes writes with a synchronous standby behind it, writes STATE_DIR/ha/pg.env.
sf_ha_pg_start () {
    local state="$1" base_port="$2" ha base recorded nodes i name leader
    [[ "$base_port" =~ ^[0-9]+$ ]] && (( base_port >= 1024 && base_port + 9 <= 65535 )) \
        || sf_die "sf_ha_pg_start: bad base port '$base_port'"
    [[ "$SF_HA_PG_NODES" =~ ^[23]$ ]] || sf_die "sf_ha_pg_start: SF_HA_PG_NODES must be 2 or 3"
    for i in "$SF_HA_PATRONI" "$SF_HA_ETCD" "$SF_HA_HAPROXY"; do
        [[ -x "$i" ]] || sf_die "ha: $i is missing (Debian packages patroni, etcd-server, haproxy)"
    done
    mkdir -p "$state"
    ha="$(s_ha_dir "$state")"
    recorded="$(sf_read_file "$ha/base.port")"
    [[ -z "$recorded" || "$recorded" == "$base_port" ]] \
        || sf_die "ha: $ha belongs to base port $recorded, not $base_port"
    sf_pg_ensure_user
    base="$(s_ha_base "$state")"
    mkdir -p "$SF_PG_ROOT"
    chmod 755 "$SF_PG_ROOT"
    install -d -o "$SF_PG_USER" -g "$(id -g "$SF_PG_USER")" -m 700 "$base"
    printf '%s\n' "$ha" >"$base/owner"
    ln -sfn "$base" "$ha/pg"
    printf '%s\n' "$base_port" >"$ha/base.port"
    [[ -f "$ha/nodes" ]] || printf '%s\n' "$SF_HA_PG_NODES" >"$ha/nodes"
    nodes="$(s_ha_nodes "$state")"
    if [[ -z "$(s_ha_pid "$state" etcd)$(s_ha_pid "$state" haproxy)" ]]; then
        s_ha_check_ports "$state"
    fi
    s_ha_write_configs "$state"

    sf_log "ha: etcd on 127.0.0.1:$(s_ha_port "$state" etcd)"
    s_ha_spawn "$state" etcd "$SF_HA_ETCD" --config-file "$base/etcd.conf.yml"
    s_ha_wait 30 "etcd on port $(s_ha_port "$state" etcd)" \
        s_ha_rest_is "$(s_ha_port "$state" etcd)" /health \
        || { tail -n 20 "$ha/log/etcd.log" >&2; sf_die "ha: etcd did not start, log: $ha/log/etcd.log"; }

    for (( i = 0; i < nodes; i++ )); do
        name="$(sf_ha_pg_node_name "$i")"
        sf_log "ha: patroni $name: PostgreSQL on 127.0.0.1:$(s_ha_port "$state" pg "$i"), REST on $(s_ha_port "$state" rest "$i")"
        s_ha_spawn "$state" "patroni-$name" "$SF_HA_PATRONI" "$base/$name/patroni.yml"
        ln -sfn "$base/$name/log/postgresql.log" "$ha/log/postgres-$name.log"
    done
    sf_log "ha: leader endpoint (HAProxy) on 127.0.0.1:$(s_ha_port "$state" leader)"
    s_ha_spawn "$state" haproxy "$SF_HA_HAPROXY" -db -f "$base/haproxy.cfg"

    s_ha_wait "$SF_HA_START_WAIT_S" "a Patroni leader" s_ha_leader_up "$state" \
        || { tail -n 20 "$ha"/log/patroni-*.log >&2; sf_die "ha: no Patroni node became the leader, logs: $ha/log"; }
    leader="$(s_ha_leader_index "$state")"
    sf_pg_ensure_db "$state" "$base/$(sf_ha_pg_node_name "$leader")" "$(s_ha_port "$state" pg "$leader")"
    s_ha_wait "$SF_HA_START_WAIT_S" "the leader endpoint with a synchronous standby" s_ha_ready "$state" \
        || { tail -n 20 "$ha"/log/patroni-*.log "$ha/log/haproxy.log" >&2
             sf_die "ha: the leader endpoint does not take writes with a synchronous standby, logs: $ha/log"; }
    sf_log "ha: leader $(sf_ha_pg_node_name "$(s_ha_leader_index "$state")"), writes through 127.0.0.1:$(s_ha_port "$state" leader)"
    s_ha_write_env "$state"
}

# s_ha_stop_process STATE NAME SECONDS: SIGTERM, then SIGKILL after SECONDS.
s_ha_stop_process () {
    local state="$1" name="$2" seconds="$3" pid
    pid="$(s_ha_pid "$state" "$name")"
    if [[ -n "$pid" ]]; then
        kill -TERM "$pid" 2>/dev/null || true
        if ! sf_wait_pid_gone "$pid" "$seconds"; then
            sf_warn "ha: $name (pid $pid) did not stop in ${seconds}s: killed"
            kill -KILL "$pid" 2>/dev/null || true
            sf_wait_pid_gone "$pid" 5 || true
        fi
    fi
    rm -f "$state/ha/run/$name.pid"
}

# sf_ha_pg_stop STATE_DIR: stops HAProxy, the Patroni nodes (each stops its PostgreSQL), a
# PostgreSQL whose Patroni was killed, and etcd; data stays. Harmless when nothing runs.
sf_ha_pg_stop () {
    local state="$1" base nodes i name data
    [[ -f "$state/ha/base.port" ]] || return 0
    base="$(s_ha_base "$state")"
    nodes="$(s_ha_nodes "$state")"
    sf_log "ha: stopping ($base)"
    s_ha_stop_process "$state" haproxy 10
    for (( i = 0; i < nodes; i++ )); do
        name="$(sf_ha_pg_node_name "$i")"
        [[ -z "$(s_ha_pid "$state" "patroni-$name")" ]] || kill -TERM "$(s_ha_pid "$state" "patroni-$name")" 2>/dev/null || true
    done
    for (( i = 0; i < nodes; i++ )); do
        name="$(sf_ha_pg_node_name "$i")"
        s_ha_stop_process "$state" "patroni-$name" 60
        data="$base/$name/data"
        if [[ -f "$data/PG_VERSION" ]] && sf_as_pg "$SF_PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
            sf_log "ha: $name: stopping the PostgreSQL its Patroni left"
            sf_as_pg "$SF_PG_BIN/pg_ctl" -D "$data" -m immediate -w -t 30 -s stop \
                || sf_warn "ha: PostgreSQL in $data did not stop"
        fi
    done
    s_ha_stop_process "$state" etcd 20
}

# sf_ha_pg_destroy STATE_DIR: stops the layout and deletes its data and STATE_DIR/ha.
sf_ha_pg_destroy () {
    local state="$1" base
    [[ -d "$state/ha" ]] || return 0
    sf_ha_pg_stop "$state"
    base="$(s_ha_base "$state")"
    [[ "$base" == "$SF_PG_ROOT"/* ]] && rm -rf "$base"
    rm -rf "$state/ha"
}

# sf_ha_pg_leader STATE_DIR: prints the leader's node name and its postmaster's pid; fails
# when no node holds the leader lock.
sf_ha_pg_leader () {
    local state="$1" leader name pid
    leader="$(s_ha_leader_index "$state")" || { sf_warn "ha: no node is the leader"; return 1; }
    name="$(sf_ha_pg_node_name "$leader")"
    pid="$(sf_read_file "$(s_ha_base "$state")/$name/data/postmaster.pid")"
    printf '%s %s\n' "$name" "$pid"
}

# sf_ha_pg_role STATE_DIR NODE_INDEX: "primary", "replica" (running, streaming or not) or
# what else the node's REST API says (nothing when it does not answer).
sf_ha_pg_role () {
    local port
    port="$(s_ha_port "$1" rest "$2")"
    if s_ha_rest_is "$port" /primary; then
        printf 'primary\n'
    elif s_ha_rest_is "$port" /replica; then
        printf 'replica\n'
    else
        s_ha_http_status "$port" /health
    fi
}

# sf_ha_pg_free_base: a base port whose ten ports 10000-31999 are all free (for tests).
sf_ha_pg_free_base () {
    local tries=200 base port busy
    while (( tries-- > 0 )); do
        base=$(( 10000 + (RANDOM * 32768 + RANDOM) % 21980 ))
        busy=0
        for (( port = base; port < base + 10; port++ )); do
            if sf_port_in_use "$port"; then
                busy=1
                break
            fi
        done
        (( busy )) || { printf '%s\n' "$base"; return 0; }
    done
    sf_die "ha: no ten free ports in 10000-31999"
}
