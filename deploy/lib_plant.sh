# shellcheck shell=bash
# deploy/lib_plant.sh: a plant on a host of its own, simulated on this machine by a network
# namespace joined to the centre (the host's namespace) by a veth pair (docs/ha/plants.md).
# Sourced after deploy/lib.sh (and deploy/lib_roles.sh, which lib.sh sources).
#
#   sf_plant_up STATE_DIR NAME INDEX   namespace + veth + addresses; prints "PLANT CENTRE"
#   sf_plant_exec STATE_DIR NAME CMD...  runs CMD inside the plant's namespace
#   sf_plant_cut / sf_plant_heal STATE_DIR NAME   the link to the centre down / up again
#   sf_plant_down STATE_DIR NAME       stops the plant's PostgreSQL, removes link and namespace
#   sf_plant_pg_start STATE_DIR NAME PG_STATE PORT   the plant's own PostgreSQL, in its namespace
#
# What a plant is made of is written to STATE_DIR/plants/NAME/plant.env (SF_PLANT_NETNS,
# SF_PLANT_LINK, SF_PLANT_ADDR, SF_PLANT_CENTRE_ADDR, SF_PLANT_PG_STATE), so that cut, heal and
# down need only the state directory and the name, from any shell.
#
# Names and addresses are unique per run: the namespace is sfp-NAME-INDEX-<tag>, the veth ends
# sfp<tag>c (centre) and sfp<tag>p (plant), with <tag> six random hex digits; the /30 of the link
# is picked in 10.201.0.0/16 among those no interface of this host holds, under a lock, so that
# tests running side by side never share one.
#
# The cut takes the centre's end of the veth down. Not tc netem (loss 100%) because this
# kernel has no sch_netem, nor a firewall DROP (no nft or iptables): with the centre's end down
# the plant's end stays up (NO-CARRIER), its addresses and routes stay, and what it sends is
# dropped without an error: the plant's daemons see what a broken WAN link shows them,
# connections that stop answering and connects that time out, not a local "network is
# unreachable".

# SF_PLANT_NETNS, SF_PLANT_LINK ... are set by sf_plant_load (plant.env), not here.
# shellcheck disable=SC2153
SF_PLANT_LOCK="${SF_PLANT_LOCK:-/run/sf-plant.lock}"
SF_PLANT_NET="${SF_PLANT_NET:-10.201}"

sf_plant_dir () { printf '%s/plants/%s\n' "$(sf_abs_dir "$1")" "$2"; }

# sf_plant_load STATE_DIR NAME: reads the plant's plant.env into this shell.
sf_plant_load () {
    local file
    file="$(sf_plant_dir "$1" "$2")/plant.env"
    [[ -f "$file" ]] || sf_die "no plant $2 in $1 (sf_plant_up first)"
    # shellcheck disable=SC1090
    source "$file"
}

# s_plant_free_subnet: the first octets "10.201.X.Y" of a /30 whose addresses no interface of
# this host holds, tried from a random start (called under the lock).
s_plant_free_subnet () {
    local used start try n x y
    used="$(ip -o -4 addr show 2>/dev/null | awk '{print $4}')"
    start=$(( (RANDOM << 15 | RANDOM) % 16384 ))
    for (( try = 0; try < 16384; try++ )); do
        n=$(( (start + try) % 16384 ))
        x=$(( n / 64 )); y=$(( (n % 64) * 4 ))
        if ! grep -q -F -e "$SF_PLANT_NET.$x.$((y + 1))/" -e "$SF_PLANT_NET.$x.$((y + 2))/" <<<"$used"; then
            printf '%s.%s.%s\n' "$SF_PLANT_NET" "$x" "$y"
            return 0
        fi
    done
    return 1
}

# sf_plant_up STATE_DIR NAME INDEX: makes the plant's namespace, its veth link to the centre
# and their addresses (centre .1, plant .2 of a /30), loopback up inside; prints
# "PLANT_ADDR CENTRE_ADDR".
sf_plant_up () {
    local state="$1" name="$2" index="$3" dir tag netns centre_if plant_if subnet lock_fd
    [[ "$name" =~ ^[a-z0-9]{1,12}$ ]] || sf_die "sf_plant_up: plant name '$name' must be 1-12 of a-z 0-9"
    [[ "$index" =~ ^[0-9]{1,4}$ ]] || sf_die "sf_plant_up: bad index '$index'"
    dir="$(sf_plant_dir "$state" "$name")"
    [[ ! -f "$dir/plant.env" ]] || sf_die "plant $name already up in $state (sf_plant_down first)"
    mkdir -p "$dir"
    tag="$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')"
    netns="sfp-$name-$index-$tag"
    centre_if="sfp${tag}c"
    plant_if="sfp${tag}p"
    # Written before anything is made: sf_plant_down removes whatever of it exists.
    {
        printf 'SF_PLANT_NETNS=%s\nSF_PLANT_LINK=%s\nSF_PLANT_PEER_LINK=%s\n' "$netns" "$centre_if" "$plant_if"
    } >"$dir/plant.env"
    exec {lock_fd}>"$SF_PLANT_LOCK"
    flock -w 30 "$lock_fd" || sf_die "sf_plant_up: $SF_PLANT_LOCK stays locked"
    subnet="$(s_plant_free_subnet)" || { exec {lock_fd}>&-; sf_die "sf_plant_up: no free /30 in $SF_PLANT_NET.0.0/16"; }
    local base="${subnet%.*}" last="${subnet##*.}"
    local centre_addr="$base.$((last + 1))" plant_addr="$base.$((last + 2))"
    {
        ip netns add "$netns" &&
        ip link add "$centre_if" type veth peer name "$plant_if" &&
        ip link set "$plant_if" netns "$netns" &&
        ip addr add "$centre_addr/30" dev "$centre_if" &&
        ip link set "$centre_if" up &&
        ip -n "$netns" addr add "$plant_addr/30" dev "$plant_if" &&
        ip -n "$netns" link set "$plant_if" up &&
        ip -n "$netns" link set lo up
    } || { exec {lock_fd}>&-; sf_die "sf_plant_up: cannot make namespace $netns and link $centre_if"; }
    exec {lock_fd}>&-
    printf 'SF_PLANT_ADDR=%s\nSF_PLANT_CENTRE_ADDR=%s\n' "$plant_addr" "$centre_addr" >>"$dir/plant.env"
    printf '%s %s\n' "$plant_addr" "$centre_addr"
}

# sf_plant_exec STATE_DIR NAME CMD...: CMD inside the plant's namespace (environment kept).
sf_plant_exec () {
    local state="$1" name="$2"
    shift 2
    ( sf_plant_load "$state" "$name"; exec ip netns exec "$SF_PLANT_NETNS" "$@" )
}

# sf_plant_cut STATE_DIR NAME: the link to the centre goes down (see the header: why its
# centre end).
sf_plant_cut () {
    ( sf_plant_load "$1" "$2"; ip link set "$SF_PLANT_LINK" down ) || sf_die "sf_plant_cut: cannot take the link of plant $2 down"
}

# sf_plant_heal STATE_DIR NAME: the link up again; returns once the kernel reports it up.
sf_plant_heal () {
    ( sf_plant_load "$1" "$2"
      ip link set "$SF_PLANT_LINK" up || exit 1
      for _ in $(seq 50); do
          ip -o link show "$SF_PLANT_LINK" | grep -q 'state UP' && exit 0
          sleep 0.1
      done
      exit 1 ) || sf_die "sf_plant_heal: the link of plant $2 does not come up"
}

# sf_plant_pg_start STATE_DIR NAME PG_STATE PORT: the plant's PostgreSQL (deploy/lib.sh's
# cluster layout, secrets and roles for state directory PG_STATE), started as the postgres
# user inside the plant's namespace, listening on the namespace's own 127.0.0.1:PORT: the
# plant's daemons reach it there; administration goes through its unix socket, which is a
# file and so reachable from the centre's side too.
sf_plant_pg_start () {
    local state="$1" name="$2" pg_state="$3" port="$4" base
    sf_plant_load "$state" "$name"
    sf_state_init "$pg_state"
    printf 'SF_PLANT_PG_STATE=%s\n' "$(sf_abs_dir "$pg_state")" >>"$(sf_plant_dir "$state" "$name")/plant.env"
    sf_pg_ensure_user
    base="$(sf_pg_base_dir "$pg_state")"
    mkdir -p "$SF_PG_ROOT"
    chmod 755 "$SF_PG_ROOT"
    install -d -o "$SF_PG_USER" -g "$(id -gn "$SF_PG_USER")" -m 700 "$base" "$base/run"
    printf '%s\n' "$(sf_abs_dir "$pg_state")" >"$base/owner"
    ln -sfn "$base" "$pg_state/pg"
    ln -sfn "$base/postgres.log" "$pg_state/log/postgres.log"
    [[ -f "$base/data/PG_VERSION" ]] || sf_pg_init_cluster "$base"
    sf_pg_write_settings "$base" "$port"
    sf_log "postgres: starting plant $name's on 127.0.0.1:$port in namespace $SF_PLANT_NETNS"
    (cd / && ip netns exec "$SF_PLANT_NETNS" runuser -u "$SF_PG_USER" -- \
        "$SF_PG_BIN/pg_ctl" -D "$base/data" -l "$base/postgres.log" -w -t 60 -s start) \
        || { tail -n 20 "$base/postgres.log" >&2; sf_die "plant $name's postgres failed to start"; }
    printf '%s\n' "$port" >"$pg_state/pg.port"
    sf_wait_for 30 "pg_isready on the plant's port $port" \
        ip netns exec "$SF_PLANT_NETNS" "$SF_PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" \
        || sf_die "plant $name's postgres does not answer on port $port"
    sf_pg_ensure_db "$pg_state" "$base" "$port"
}

# sf_plant_down STATE_DIR NAME: stops and deletes the plant's PostgreSQL (if any), every
# process still inside its namespace (TERM, then KILL), the link and the namespace. Safe to
# run twice, and after a half-made sf_plant_up.
sf_plant_down () {
    local state="$1" name="$2" dir pids
    dir="$(sf_plant_dir "$state" "$name")"
    [[ -f "$dir/plant.env" ]] || return 0
    (
        sf_plant_load "$state" "$name"
        [[ -z "${SF_PLANT_PG_STATE:-}" ]] || sf_pg_destroy "$SF_PLANT_PG_STATE"
        if ip netns list | grep -q -w -F "$SF_PLANT_NETNS"; then
            pids="$(ip netns pids "$SF_PLANT_NETNS" 2>/dev/null)"
            if [[ -n "$pids" ]]; then
                # shellcheck disable=SC2086
                kill -TERM $pids 2>/dev/null
                for _ in $(seq 50); do
                    [[ -z "$(ip netns pids "$SF_PLANT_NETNS" 2>/dev/null)" ]] && break
                    sleep 0.1
                done
                pids="$(ip netns pids "$SF_PLANT_NETNS" 2>/dev/null)"
                # shellcheck disable=SC2086
                [[ -z "$pids" ]] || kill -KILL $pids 2>/dev/null
            fi
            ip netns del "$SF_PLANT_NETNS" || sf_warn "cannot delete namespace $SF_PLANT_NETNS"
        fi
        ! ip link show "$SF_PLANT_LINK" >/dev/null 2>&1 || ip link del "$SF_PLANT_LINK" 2>/dev/null || true
        true
    )
    rm -f "$dir/plant.env"
}
