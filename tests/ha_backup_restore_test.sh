#!/usr/bin/env bash
# ha.backup_restore: a stack's host is lost, and deploy/restore brings back every command the
# stack acknowledged. A private PostgreSQL with deploy/backup's archiving and synchronous WAL
# receiver (init --sync --keep 1), a directory daemon on it, two safetyctl writers creating
# employees (each noted once safetyctl says it is done); a base backup before the writes and
# one while they go on (the first is pruned with the WAL before the second), more writes, then
# kill -9 of every process of the cluster, the daemon and the writers, and the cluster's
# folder deleted. deploy/restore makes a new cluster on another port from the repository;
# every noted command has its node and its outbox event there, once; a directory daemon on
# the restored cluster serves the nodes, takes a new command and relays every event.
set -euo pipefail

BUILD="${SF_BUILD_DIR:?SF_BUILD_DIR is not set: run the test through ctest}"
DEPLOY="${SF_DEPLOY_DIR:?SF_DEPLOY_DIR is not set: run the tests through ./deploy/test}"
: "${SF_STATE_DIR:?SF_STATE_DIR is not set: run the tests through ./deploy/test}"
: "${SF_REDIS_PORT:?SF_REDIS_PORT is not set: run the tests through ./deploy/test}"
: "${SF_KEYS_DIR:?SF_KEYS_DIR is not set: run the tests through ./deploy/test}"
# shellcheck source=../deploy/lib.sh source-path=SCRIPTDIR
source "$DEPLOY/lib.sh"
CTL="$BUILD/services/safetyctl/safetyctl"
DIRECTORY="$BUILD/services/directory/sf-directory"
for binary in "$CTL" "$DIRECTORY"; do
    [[ -x "$binary" ]] || { echo "build first: $binary is missing" >&2; exit 2; }
done

WRITE_BEFORE_BASE_S=4       # writes before the second base backup starts
WRITE_AFTER_BASE_S=8        # and after it is done, before the host is lost
SCHEMA=directory
PREFIX="bk$$"               # the daemons' streams, apart from the other tests'
WORK="$(mktemp -d "$SF_STATE_DIR/backup.XXXXXX")"
PRIMARY="$WORK/primary"
RESTORED="$WORK/restored"
PITR="$WORK/pitr"
# The repository where the lost host is not; under SF_PG_ROOT with an owner file, so that
# deploy/test removes it with the clusters if this test is killed before its cleanup.
SF_BACKUP_DIR="$SF_PG_ROOT/$(basename "$WORK").backup"
export SF_BACKUP_DIR
PIDS=()
WRITERS=()

cleanup () {
    local rc=$? log pids
    set +e
    touch "$WORK/stop"
    mapfile -t pids < <(children_of_writers; printf '%s\n' "${PIDS[@]}")
    {
        kill -KILL "${pids[@]}"
        wait
    } 2>/dev/null
    "$DEPLOY/backup" "$PRIMARY" stop-receive >/dev/null 2>&1
    (sf_pg_destroy "$PRIMARY") >/dev/null 2>&1
    (sf_pg_destroy "$RESTORED") >/dev/null 2>&1
    (sf_pg_destroy "$PITR") >/dev/null 2>&1
    [[ "$SF_BACKUP_DIR" == "$SF_PG_ROOT"/*.backup ]] && rm -rf "$SF_BACKUP_DIR"
    redis_cli --scan --pattern "$PREFIX:*" 2>/dev/null | while read -r key; do redis_cli DEL "$key" >/dev/null; done
    if (( rc != 0 )); then
        for log in "$WORK"/*.log "$WORK"/*.err "$PRIMARY/log/pg_receivewal.log"; do
            [[ -s "$log" ]] || continue
            echo "--- last lines of $log" >&2
            tail -n 20 "$log" >&2
        done
    fi
    rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT

fail () { printf 'ha_backup_restore_test: %s\n' "$*" >&2; exit 1; }
now_ms () { date +%s%3N; }

redis_cli () {
    REDISCLI_AUTH="$(head -n 1 "$SF_REDIS_PASSWORD_FILE")" \
        redis-cli --no-auth-warning --user "$SF_REDIS_USER" -h "$SF_REDIS_HOST" -p "$SF_REDIS_PORT" "$@"
}

# sql STATE SQL: a value from the cluster of STATE, as the admin role over TCP.
sql () { psql "$(sf_pg_conninfo "$1")" -X -q -A -t -v ON_ERROR_STOP=1 -c "$2"; }

# directory STATE LOG: a directory daemon on the cluster of STATE, its endpoint in
# SF_DIRECTORY_ENDPOINT; returns once safetyctl status answers.
directory () {
    local state="$1" log="$2" port try
    port="$(sf_free_port $(( 20000 + RANDOM % 10000 )))"
    export SF_DIRECTORY_ENDPOINT="tcp://127.0.0.1:$port"
    env SF_DB_URL="$(sf_pg_conninfo "$state")" SF_DB_SCHEMA="$SCHEMA" SF_RPC_ENDPOINT="$SF_DIRECTORY_ENDPOINT" \
        SF_REDIS_STREAM_PREFIX="$PREFIX" SF_LOG_LEVEL=warn SF_RPC_SECRET_KEY_FILE="$SF_KEYS_DIR/directory.key_secret" \
        SF_RPC_CLIENTS_DIR="$SF_KEYS_DIR/clients" SF_RPC_KEYS_DIR="$SF_KEYS_DIR" \
        "$DIRECTORY" >"$WORK/$log.log" 2>&1 &
    PIDS+=("$!")
    for (( try = 0; try < 120; try++ )); do
        "$CTL" status >/dev/null 2>&1 && return 0
        kill -0 "${PIDS[-1]}" 2>/dev/null || fail "the directory daemon ($log) exited at start-up"
        sleep 0.5
    done
    fail "the directory daemon ($log) does not answer"
}

# as_service ARGS...: safetyctl as the service (the suite's key is a daemon's).
as_service () { "$CTL" --user bk-test --roles service "$@"; }

# writer N: creates employees BK<N><5 digits> one by one until WORK/stop exists; appends the
# code of each one acknowledged to WORK/acked<N>, with the time (ms) of its acknowledgement.
writer () {
    local n="$1" i=0 code
    while [[ ! -f "$WORK/stop" ]]; do
        printf -v code 'BK%d%05d' "$n" "$i"
        if as_service directory create --kind employee --code "$code" --parent BKS --name-zh 备份测试员工 \
                --employment regular >/dev/null 2>>"$WORK/writer$n.err"; then
            printf '%s %s\n' "$code" "$(now_ms)" >>"$WORK/acked$n"
        fi
        i=$(( i + 1 ))
    done
}

# children_of_writers: each writer and the safetyctl it runs.
children_of_writers () {
    local pid
    for pid in "${WRITERS[@]}"; do
        printf '%s\n' "$pid"
        pgrep -P "$pid"
    done
}

acked_count () { cat "$WORK"/acked[0-9] 2>/dev/null | wc -l; }

export SF_INSPECTION_ENDPOINT=off SF_RECTIFICATION_ENDPOINT=off SF_TRAINING_ENDPOINT=off SF_LESSON_ENDPOINT=off \
       SF_SCORING_ENDPOINT=off SF_NOTIFY_ENDPOINT=off SF_GATEWAY_ENDPOINT=off
unset SF_USER SF_ROLES

# --- a stack's PostgreSQL with backups, a directory daemon on it -------------------------------
mkdir -p "$PRIMARY" "$RESTORED" "$PITR"
sf_pg_start "$PRIMARY" "$(sf_free_port $(( 10000 + RANDOM % 10000 )))"
"$DEPLOY/backup" "$PRIMARY" init --sync --keep 1 || fail "deploy/backup init failed"
directory "$PRIMARY" primary
cat >"$WORK/org.csv" <<EOF
kind,code,parent_code,name_zh,name_en,employment_type
company,BKC,,备份测试公司,Backup Test Co,
plant,BKP,BKC,备份厂区,Backup Plant,
department,BKD,BKP,生产部,Production,
team,BKT,BKD,一班,Team 1,
post,BKS,BKT,操作岗,Operator,
EOF
as_service directory import "$WORK/org.csv" >/dev/null || fail "cannot import the org"
"$DEPLOY/backup" "$PRIMARY" base >"$WORK/base1.out" || fail "the first base backup failed"
first="$(sed -n 's/^backup \([^ ]*\) .*/\1/p' "$WORK/base1.out")"

# --- writes, a base backup while they go on, more writes ----------------------------------------
writer 1 &
WRITERS+=("$!")
writer 2 &
WRITERS+=("$!")
sleep "$WRITE_BEFORE_BASE_S"
(( $(acked_count) > 0 )) || fail "no command acknowledged in ${WRITE_BEFORE_BASE_S}s"
started="$(now_ms)"
"$DEPLOY/backup" "$PRIMARY" base >"$WORK/base2.out" || fail "the base backup under writes failed"
backup_ms=$(( $(now_ms) - started ))
second="$(sed -n 's/^backup \([^ ]*\) .*/\1/p' "$WORK/base2.out")"
backup_bytes="$(sed -n 's/.* size_bytes=\([0-9]*\).*/\1/p' "$WORK/base2.out")"
acked_at_backup="$(acked_count)"
[[ ! -e "$SF_BACKUP_DIR/base/$first" && -d "$SF_BACKUP_DIR/base/$second" ]] \
    || fail "prune (--keep 1) did not keep the second base backup alone"
oldest_wal="$(find "$SF_BACKUP_DIR/wal" -maxdepth 1 -name '0000*' ! -name '*.backup' | sort | head -n 1)"
start_wal="$(sed -n 's/^start_wal=//p' "$SF_BACKUP_DIR/base/$second/sf_backup.info")"
[[ -z "$oldest_wal" || "$(basename "$oldest_wal")" > "$start_wal" || "$(basename "$oldest_wal")" == "$start_wal" ]] \
    || fail "WAL before the kept base backup ($start_wal) is still archived: $oldest_wal"
sleep $(( WRITE_AFTER_BASE_S / 2 ))
target_time="$(date -u '+%F %T.%6N+00')"
sleep $(( WRITE_AFTER_BASE_S - WRITE_AFTER_BASE_S / 2 ))
"$DEPLOY/backup" "$PRIMARY" status >"$WORK/status.out" || { cat "$WORK/status.out" >&2; fail "deploy/backup status says something is wrong"; }
grep -q "streaming sync" "$WORK/status.out" || { cat "$WORK/status.out" >&2; fail "the receiver is not a synchronous standby"; }
cat "$WORK/status.out"
wal_archived="$(sql "$PRIMARY" "SELECT archived_count FROM pg_stat_archiver")"
(( $(sql "$PRIMARY" "SELECT failed_count FROM pg_stat_archiver") == 0 )) || fail "the archiver failed"
# The archive's newest segment was closed before it was archived: what was acknowledged
# after that is in the segment being written, which only the receiver has.
last_archived_ms="$(sql "$PRIMARY" "SELECT (extract (epoch FROM last_archived_time) * 1000)::bigint FROM pg_stat_archiver")"

# --- the host is lost: every process of the cluster, the daemon and the writers, at once ---------
pg_base="$(sf_pg_base_dir "$PRIMARY")"
postmaster="$(head -n 1 "$pg_base/data/postmaster.pid")"
# (Quietly: bash reports each job it reaps killed.)
mapfile -t host < <(pgrep -P "$postmaster"; printf '%s\n' "$postmaster" "${PIDS[@]}"; children_of_writers)
{
    kill -KILL "${host[@]}" || true
    touch "$WORK/stop"
    wait "${WRITERS[@]}" "${PIDS[@]}" || true
} 2>/dev/null
WRITERS=()
PIDS=()
acked="$(acked_count)"
(( acked > acked_at_backup )) || fail "no command acknowledged after the base backup"
receiver_only="$(cat "$WORK"/acked[0-9] | awk -v t="$last_archived_ms" '$2 > t' | wc -l)"
(( receiver_only > 0 )) || fail "nothing was acknowledged after the last archived segment: the test proves less"
"$DEPLOY/backup" "$PRIMARY" stop-receive
sf_pg_destroy "$PRIMARY"

# --- restore into a new cluster on another port -------------------------------------------------
started="$(now_ms)"
"$DEPLOY/restore" "$SF_BACKUP_DIR" "$RESTORED" "$(sf_free_port $(( 10000 + RANDOM % 20000 )))" \
    || fail "deploy/restore failed"
restore_ms=$(( $(now_ms) - started ))

"$DEPLOY/restore" "$SF_BACKUP_DIR" "$RESTORED" "$(sf_free_port $(( 10000 + RANDOM % 20000 )))" >"$WORK/again.out" 2>&1 \
    && fail "deploy/restore wrote over a cluster it had restored"
grep -q "already has a cluster" "$WORK/again.out" || { cat "$WORK/again.out" >&2; fail "the refusal does not say why"; }

# Every acknowledged command: its node and its event, once.
cut -d' ' -f1 "$WORK"/acked[0-9] >"$WORK/acked.all"
result="$(psql "$(sf_pg_conninfo "$RESTORED")" -X -q -A -t -v ON_ERROR_STOP=1 <<EOF
CREATE TEMP TABLE acked (code text PRIMARY KEY);
\copy acked FROM '$WORK/acked.all'
SELECT (SELECT count (*) FROM acked),
       (SELECT count (*) FROM acked a WHERE (SELECT count (*) FROM $SCHEMA.org_node n WHERE n.code = a.code) = 1),
       (SELECT count (*) FROM acked a
         WHERE (SELECT count (*) FROM $SCHEMA.sf_outbox o
                 WHERE o.event_type = 'org.employee_created'
                   AND position (convert_to (a.code, 'UTF8') IN o.envelope) > 0) = 1),
       (SELECT count (*) FROM $SCHEMA.org_node WHERE code ~ '^BK[12][0-9]{5}$'),
       (SELECT count (*) FROM $SCHEMA.sf_outbox WHERE event_type = 'org.employee_created');
EOF
)"
IFS='|' read -r noted nodes events all_nodes all_events <<<"$result"
printf 'acknowledged %s (%s after the base backup), restored with their node %s, with their event once %s; nodes %s, events %s\n' \
    "$noted" "$(( acked - acked_at_backup ))" "$nodes" "$events" "$all_nodes" "$all_events"
(( noted == acked )) || fail "the noted codes are not unique"
(( nodes == acked )) || fail "$(( acked - nodes )) acknowledged commands lost their node"
(( events == acked )) || fail "$(( acked - events )) acknowledged commands lost their event (or have it twice)"
(( all_events == all_nodes )) || fail "$all_nodes employees but $all_events events"

# The restored cluster serves a daemon: the nodes, a new command, every event relayed.
directory "$RESTORED" restored
last="$(tail -n 1 "$WORK/acked.all")"
as_service --lang en directory get --code "$last" | grep -q "$last" || fail "the restored daemon does not find $last"
as_service directory create --kind employee --code BKR00001 --parent BKS --name-zh 恢复后员工 --employment regular \
    >/dev/null || fail "the restored cluster takes no new command"
outbox_relayed () { [[ "$(sql "$RESTORED" "SELECT count (*) FROM $SCHEMA.sf_outbox WHERE published_at IS NULL")" == 0 ]]; }
sf_wait_for 60 "the restored outbox to be relayed" outbox_relayed || fail "the restored daemon did not relay its outbox"

# To a point in time, in a third cluster: the events created by then, none after.
started="$(now_ms)"
"$DEPLOY/restore" "$SF_BACKUP_DIR" "$PITR" "$(sf_free_port $(( 10000 + RANDOM % 20000 )))" --time "$target_time" \
    || fail "deploy/restore --time failed"
pitr_ms=$(( $(now_ms) - started ))
employees="SELECT count (*) FROM $SCHEMA.sf_outbox WHERE event_type = 'org.employee_created'"
pitr_rows="$(sql "$PITR" "$employees")"
pitr_late="$(sql "$PITR" "$employees AND created_at > '$target_time'")"
full_before="$(sql "$RESTORED" "$employees AND created_at < timestamptz '$target_time' - interval '1 second'")"
full_rows="$all_events"
printf 'to %s: %s employees (%s of the full restore were created a second or more before)\n' \
    "$target_time" "$pitr_rows" "$full_before"
(( pitr_late == 0 )) || fail "the restore to $target_time has $pitr_late events created after it"
(( pitr_rows >= full_before && pitr_rows < full_rows )) \
    || fail "the restore to $target_time has $pitr_rows events, not those up to it ($full_before before, $full_rows in all)"

printf 'measured: base backup under writes %s bytes in %s ms (deploy/backup base, verified)\n' "$backup_bytes" "$backup_ms"
printf 'measured: restore %s ms to the end, %s ms to a time (deploy/restore: copy, replay, promote, start)\n' "$restore_ms" "$pitr_ms"
printf 'measured: WAL files archived %s; commands acknowledged %s, %s of them after the base backup, %s after the last archived segment (the receiver alone had them), all restored\n' \
    "$wal_archived" "$acked" "$(( acked - acked_at_backup ))" "$receiver_only"
