# shellcheck shell=bash
# deploy/lib_ha_redis.sh: Redis with a replica and three Sentinels on this machine (issue 18).
#
# sf_ha_redis_start STATE_DIR BASE_PORT   two Redis nodes (BASE: the first master, BASE+1 its
#                                         replica) and three Sentinels (BASE+2..BASE+4, quorum
#                                         2); BASE..BASE+9 are the layout's. Writes and prints
#                                         STATE_DIR/ha/redis.env. Safe to run again.
# sf_ha_redis_stop STATE_DIR              stops all five; data stays.
# sf_ha_redis_master STATE_DIR            "host:port pid" of the master the Sentinels name.
#
# Every node has the stack's ACL users and passwords (deploy/lib_roles.sh, STATE/secrets or
# SF_SECRETS_DIR) plus two of its own: sf-replica, which a replica logs in to its master as
# (PSYNC, REPLCONF, PING only), and sf-sentinel, which the Sentinels log in to the nodes and to
# each other as (the commands a Sentinel needs, nothing else). Each Sentinel knows the admin,
# sf-sentinel, and every daemon's user, which may ask it where the master is and nothing more.
# Appendonly on, as the single Redis of a stack. Daemons follow the master with
# redis.sentinels = the SF_HA_REDIS_SENTINELS of redis.env and redis.master_name (docs/ha/redis.md).
#
# Layout of STATE_DIR/ha/:
#   redis.env                       SF_HA_REDIS_SENTINELS, SF_HA_REDIS_MASTER_NAME, SF_HA_REDIS_PORTS
#   redis/node<i>/                  redis.conf, users.acl, redis.pid, data/ (AOF)
#   redis/sentinel<i>/              sentinel.conf (the Sentinel rewrites it), sentinel.pid
#   log/redis-node<i>.log, log/redis-sentinel<i>.log

# Sourced alone (a test, an operator's shell) it brings deploy/lib.sh along.
if ! declare -F sf_redis_write_acl >/dev/null; then
    # shellcheck source=lib.sh source-path=SCRIPTDIR
    source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
fi

SF_HA_REDIS_MASTER_NAME=sf-events
SF_HA_REDIS_NODES=2
SF_HA_REDIS_SENTINELS=3
SF_HA_REDIS_QUORUM=2
SF_HA_REDIS_PORT_SPAN=10
# Seconds, not minutes: a node silent for 2 s is down; one failover attempt may take 6 s.
SF_HA_REDIS_DOWN_AFTER_MS=2000
SF_HA_REDIS_FAILOVER_TIMEOUT_MS=6000
SF_HA_REDIS_REPLICA_USER=sf-replica
SF_HA_REDIS_SENTINEL_USER=sf-sentinel
# What a replica needs on its master, and a Sentinel on a node (Redis' ACL documentation,
# "ACL rules for Sentinel and Replicas").
SF_HA_REDIS_REPLICA_RULES="-@all +psync +replconf +ping"
SF_HA_REDIS_SENTINEL_RULES="allchannels -@all +multi +slaveof +ping +exec +subscribe +config|rewrite +role +publish +info +client|setname +client|kill +script|kill"
# What a daemon may ask a Sentinel: where the master is.
SF_HA_REDIS_ASK_RULES="-@all +ping +sentinel|get-master-addr-by-name"

sf_ha_redis_dir () {
    printf '%s/ha/redis\n' "$(sf_abs_dir "$1")"
}

# sf_ha_redis_hash STATE USER: the SHA-256 of USER's password (made once), as ACL rules want it.
sf_ha_redis_hash () {
    sha256sum "$(sf_redis_password_file "$1" "$2")" | cut -d' ' -f1
}

# sf_ha_redis_write_acl STATE FILE: the stack's users (sf_redis_write_acl) and the layout's two.
sf_ha_redis_write_acl () {
    local state="$1" file="$2"
    sf_redis_write_acl "$state" "$file"
    {
        printf 'user %s on #%s %s\n' "$SF_HA_REDIS_REPLICA_USER" \
            "$(sf_ha_redis_hash "$state" "$SF_HA_REDIS_REPLICA_USER")" "$SF_HA_REDIS_REPLICA_RULES"
        printf 'user %s on #%s %s\n' "$SF_HA_REDIS_SENTINEL_USER" \
            "$(sf_ha_redis_hash "$state" "$SF_HA_REDIS_SENTINEL_USER")" "$SF_HA_REDIS_SENTINEL_RULES"
    } >>"$file"
}

# sf_ha_redis_sentinel_users STATE: the `user` lines of a Sentinel, one line with \n between
# them (sf_render_conf replaces a placeholder within one line).
sf_ha_redis_sentinel_users () {
    local state="$1" entry users
    users="user default off resetpass"
    users+="\nuser $SF_REDIS_ADMIN_USER on #$(sf_ha_redis_hash "$state" "$SF_REDIS_ADMIN_USER") ~* &* +@all"
    users+="\nuser $SF_HA_REDIS_SENTINEL_USER on #$(sf_ha_redis_hash "$state" "$SF_HA_REDIS_SENTINEL_USER") allchannels +@all"
    for entry in "${SF_REDIS_DAEMON_TOPICS[@]}"; do
        users+="\nuser sf-${entry%% *} on #$(sf_ha_redis_hash "$state" "sf-${entry%% *}") $SF_HA_REDIS_ASK_RULES"
    done
    printf '%s\n' "$users"
}

# sf_ha_redis_ports BASE: the ports in use, "node0 node1 sentinel0 sentinel1 sentinel2".
sf_ha_redis_ports () {
    local base="$1" i ports=()
    for (( i = 0; i < SF_HA_REDIS_NODES + SF_HA_REDIS_SENTINELS; i++ )); do
        ports+=("$(( base + i ))")
    done
    printf '%s\n' "${ports[*]}"
}

# sf_ha_redis_sentinel_list BASE: "127.0.0.1:port,..." of the Sentinels.
sf_ha_redis_sentinel_list () {
    local base="$1" i list=()
    for (( i = 0; i < SF_HA_REDIS_SENTINELS; i++ )); do
        list+=("127.0.0.1:$(( base + SF_HA_REDIS_NODES + i ))")
    done
    local IFS=,
    printf '%s\n' "${list[*]}"
}

# sf_ha_redis_pid_files STATE: the pid files of the layout, Sentinels first (the order to stop in).
sf_ha_redis_pid_files () {
    local dir i
    dir="$(sf_ha_redis_dir "$1")"
    for (( i = 0; i < SF_HA_REDIS_SENTINELS; i++ )); do
        printf '%s\n' "$dir/sentinel$i/sentinel.pid"
    done
    for (( i = 0; i < SF_HA_REDIS_NODES; i++ )); do
        printf '%s\n' "$dir/node$i/redis.pid"
    done
}

# sf_ha_redis_running STATE: true when every process of the layout is alive.
sf_ha_redis_running () {
    local file
    while IFS= read -r file; do
        sf_pid_alive "$(sf_read_file "$file")" || return 1
    done < <(sf_ha_redis_pid_files "$1")
}

# sf_ha_redis_sentinel_field STATE PORT FIELD: FIELD of SENTINEL MASTER as the Sentinel on PORT
# sees the layout's master.
sf_ha_redis_sentinel_field () {
    sf_redis_cli "$1" "$2" sentinel master "$SF_HA_REDIS_MASTER_NAME" 2>/dev/null \
        | awk -v field="$3" 'found { print; exit } $0 == field { found = 1 }'
}

# sf_ha_redis_sentinel_ready STATE PORT: the Sentinel sees the master up, its replica and the
# two other Sentinels.
sf_ha_redis_sentinel_ready () {
    local state="$1" port="$2"
    [[ "$(sf_ha_redis_sentinel_field "$state" "$port" flags)" == master ]] \
        && [[ "$(sf_ha_redis_sentinel_field "$state" "$port" num-slaves)" == "$(( SF_HA_REDIS_NODES - 1 ))" ]] \
        && [[ "$(sf_ha_redis_sentinel_field "$state" "$port" num-other-sentinels)" == "$(( SF_HA_REDIS_SENTINELS - 1 ))" ]]
}

# sf_ha_redis_replica_linked STATE PORT: the node on PORT is a replica in sync with its master.
sf_ha_redis_replica_linked () {
    sf_redis_cli "$1" "$2" info replication 2>/dev/null | tr -d '\r' | grep -qx 'master_link_status:up'
}

sf_ha_redis_start () {
    local state="$1" base="$2" dir log port i ports replica_password sentinel_password users replicaof role
    if ! [[ "$base" =~ ^[0-9]+$ ]] || (( base < 1024 || base + SF_HA_REDIS_PORT_SPAN > 65535 )); then
        sf_die "sf_ha_redis_start: bad base port '$base'"
    fi
    sf_state_init "$state"
    dir="$(sf_ha_redis_dir "$state")"
    log="$(sf_abs_dir "$state")/log"
    ports="$(sf_ha_redis_ports "$base")"
    if sf_ha_redis_running "$state"; then
        [[ "$(sf_read_file "$dir/../redis.ports")" == "$ports" ]] \
            || sf_die "redis (ha): $state already runs a layout on other ports ($(sf_read_file "$dir/../redis.ports"))"
        sf_log "redis (ha): already running on ports $ports"
        cat "$state/ha/redis.env"
        return 0
    fi
    sf_ha_redis_stop "$state"
    for port in $ports; do
        sf_port_in_use "$port" && sf_die "redis (ha): port $port is already used by another process"
    done
    mkdir -p "$dir"
    printf '%s\n' "$ports" >"$dir/../redis.ports"
    replica_password="$(<"$(sf_redis_password_file "$state" "$SF_HA_REDIS_REPLICA_USER")")"
    sentinel_password="$(<"$(sf_redis_password_file "$state" "$SF_HA_REDIS_SENTINEL_USER")")"

    for (( i = 0; i < SF_HA_REDIS_NODES; i++ )); do
        port=$(( base + i ))
        replicaof="# the first master" role=master
        (( i == 0 )) || { replicaof="replicaof 127.0.0.1 $base"; role="replica of 127.0.0.1:$base"; }
        # A fresh start: the data of a former run would hold another history than the
        # layout's (the replica takes the master's anyway).
        rm -rf "$dir/node$i"
        (umask 077 && mkdir -p "$dir/node$i/data")
        (umask 077 && sf_render_conf "$SF_DEPLOY_DIR/ha.d/redis-node.conf.in" "$dir/node$i/redis.conf" \
            "PORT=$port" "DIR=$dir/node$i" "LOG=$log/redis-node$i.log" \
            "REPLICA_USER=$SF_HA_REDIS_REPLICA_USER" "REPLICA_PASSWORD=$replica_password" "REPLICAOF=$replicaof")
        sf_ha_redis_write_acl "$state" "$dir/node$i/users.acl"
        sf_log "redis (ha): starting node$i on 127.0.0.1:$port ($role)"
        redis-server "$dir/node$i/redis.conf" || sf_die "redis (ha): node$i failed to start, log: $log/redis-node$i.log"
    done
    for (( i = 0; i < SF_HA_REDIS_NODES; i++ )); do
        sf_wait_for 30 "redis (ha) node$i" sf_redis_ping "$(( base + i ))" "$state" \
            || { tail -n 20 "$log/redis-node$i.log" >&2; sf_die "redis (ha): node$i does not answer"; }
    done
    for (( i = 1; i < SF_HA_REDIS_NODES; i++ )); do
        sf_wait_for 30 "redis (ha) node$i in sync with its master" sf_ha_redis_replica_linked "$state" "$(( base + i ))" \
            || { tail -n 20 "$log/redis-node$i.log" >&2; sf_die "redis (ha): node$i does not replicate"; }
    done

    users="$(sf_ha_redis_sentinel_users "$state")"
    for (( i = 0; i < SF_HA_REDIS_SENTINELS; i++ )); do
        port=$(( base + SF_HA_REDIS_NODES + i ))
        rm -rf "$dir/sentinel$i"
        (umask 077 && mkdir -p "$dir/sentinel$i")
        (umask 077 && sf_render_conf "$SF_DEPLOY_DIR/ha.d/redis-sentinel.conf.in" "$dir/sentinel$i/sentinel.conf.tmpl" \
            "PORT=$port" "DIR=$dir/sentinel$i" "LOG=$log/redis-sentinel$i.log" "USERS=$users" \
            "SENTINEL_USER=$SF_HA_REDIS_SENTINEL_USER" "SENTINEL_PASSWORD=$sentinel_password" \
            "MASTER_NAME=$SF_HA_REDIS_MASTER_NAME" "MASTER_PORT=$base" "QUORUM=$SF_HA_REDIS_QUORUM" \
            "DOWN_AFTER_MS=$SF_HA_REDIS_DOWN_AFTER_MS" "FAILOVER_TIMEOUT_MS=$SF_HA_REDIS_FAILOVER_TIMEOUT_MS")
        (umask 077 && printf '%b' "$(<"$dir/sentinel$i/sentinel.conf.tmpl")\n" >"$dir/sentinel$i/sentinel.conf")
        rm -f "$dir/sentinel$i/sentinel.conf.tmpl"
        sf_log "redis (ha): starting sentinel$i on 127.0.0.1:$port"
        redis-sentinel "$dir/sentinel$i/sentinel.conf" \
            || sf_die "redis (ha): sentinel$i failed to start, log: $log/redis-sentinel$i.log"
    done
    for (( i = 0; i < SF_HA_REDIS_SENTINELS; i++ )); do
        port=$(( base + SF_HA_REDIS_NODES + i ))
        sf_wait_for 60 "redis (ha) sentinel$i to see the master, its replica and the other Sentinels" \
            sf_ha_redis_sentinel_ready "$state" "$port" \
            || { tail -n 20 "$log/redis-sentinel$i.log" >&2; sf_die "redis (ha): sentinel$i is not ready"; }
    done
    {
        printf 'SF_HA_REDIS_SENTINELS=%s\n' "$(sf_ha_redis_sentinel_list "$base")"
        printf 'SF_HA_REDIS_MASTER_NAME=%s\n' "$SF_HA_REDIS_MASTER_NAME"
    } >"$state/ha/redis.env"
    sf_log "redis (ha): master 127.0.0.1:$base, replica 127.0.0.1:$(( base + 1 )), sentinels $(sf_ha_redis_sentinel_list "$base")"
    cat "$state/ha/redis.env"
}

# sf_ha_redis_stop STATE_DIR: the Sentinels first (so that they start no failover), then the
# nodes: TERM (a node flushes its AOF), KILL after 10 s.
sf_ha_redis_stop () {
    local state="$1" file pid
    [[ -d "$state/ha/redis" ]] || return 0
    while IFS= read -r file; do
        pid="$(sf_read_file "$file")"
        if sf_pid_alive "$pid"; then
            sf_log "redis (ha): stopping pid $pid ($(basename "$(dirname "$file")"))"
            kill -TERM "$pid" 2>/dev/null || true
            if ! sf_wait_pid_gone "$pid" 10; then
                sf_warn "redis (ha): pid $pid ignored TERM, killing it"
                kill -KILL "$pid" 2>/dev/null || true
                sf_wait_pid_gone "$pid" 5 || sf_die "redis (ha): pid $pid does not die"
            fi
        fi
        rm -f "$file"
    done < <(sf_ha_redis_pid_files "$state")
}

# sf_ha_redis_master STATE_DIR: asks the Sentinels, first to answer wins; prints "host:port pid".
sf_ha_redis_master () {
    local state="$1" ports port answer host master_port i dir
    ports="$(sf_read_file "$state/ha/redis.ports")"
    [[ -n "$ports" ]] || sf_die "redis (ha): no layout in $state (start it with sf_ha_redis_start)"
    dir="$(sf_ha_redis_dir "$state")"
    read -ra ports <<<"$ports"
    for port in "${ports[@]:$SF_HA_REDIS_NODES}"; do
        answer="$(sf_redis_cli "$state" "$port" sentinel get-master-addr-by-name "$SF_HA_REDIS_MASTER_NAME" 2>/dev/null)" \
            || continue
        host="$(sed -n 1p <<<"$answer")"
        master_port="$(sed -n 2p <<<"$answer")"
        [[ "$master_port" =~ ^[0-9]+$ ]] || continue
        for (( i = 0; i < SF_HA_REDIS_NODES; i++ )); do
            if [[ "${ports[$i]}" == "$master_port" ]]; then
                printf '%s:%s %s\n' "$host" "$master_port" "$(sf_read_file "$dir/node$i/redis.pid")"
                return 0
            fi
        done
    done
    sf_die "redis (ha): no Sentinel of $state names a master"
}
