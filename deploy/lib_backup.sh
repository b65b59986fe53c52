# shellcheck shell=bash
# deploy/lib_backup.sh: base backups, WAL archiving and restores of a stack's PostgreSQL,
# sourced by deploy/backup and deploy/restore (after deploy/lib.sh).
#
# A stack's backups live in a repository outside its state directory and outside its
# cluster, so that losing the database host loses neither (put it on another disk or a
# mount of another host: SF_BACKUP_DIR). The postgres OS user owns it (mode 700): the
# archiver, pg_basebackup and pg_receivewal run as that user.
#
#   STATE/backup -> REPO           the link deploy/backup init makes
#   STATE/pg_receivewal.pid        the WAL receiver (log: STATE/log/pg_receivewal.log)
#   REPO/owner                     the state directory it belongs to
#   REPO/keep                      how many base backups prune keeps (the WAL they need too)
#   REPO/mode                      async or sync (see below)
#   REPO/wal/                      archive_command's copies: every completed WAL segment
#   REPO/stream/                   pg_receivewal's copies, with the segment being written
#                                  (NAME.partial): what the archive has not got yet
#   REPO/base/LABEL/               a base backup (plain format, backup_manifest, its WAL)
#   REPO/base/LABEL/sf_backup.info when it was taken, how long it took, its size
#   REPO/stack/                    root's copy (0700) of what a restored stack needs besides
#                                  the database: STATE/secrets (the roles' passwords),
#                                  STATE/keys (its CURVE keys, which clients know) and
#                                  deploy/up's markers of the demo data (STATE/demo-*loaded)
#
# Losses on a crash: the archive alone loses at most archive_timeout of commits (the segment
# being written is not archived yet); the receiver narrows that to what it had not received.
# In sync mode the receiver is a synchronous standby (synchronous_standby_names): a commit
# is acknowledged once it is in REPO/stream on disk, so a restore finds every acknowledged
# command; writes wait while the receiver does not run.
#
# The cluster reads data/sf_backup.conf (included by deploy/lib.sh's sf.conf); deploy/backup
# init writes it, nothing else rewrites it, so a stack keeps archiving across deploy/up runs.

SF_BACKUP_ROOT="${SF_BACKUP_ROOT:-/var/lib/sf-backup}"
SF_BACKUP_ARCHIVE_TIMEOUT_S="${SF_BACKUP_ARCHIVE_TIMEOUT_S:-60}"
SF_BACKUP_SLOT_MAX="${SF_BACKUP_SLOT_MAX:-8GB}"   # WAL the cluster keeps for a stopped receiver
SF_BACKUP_RECEIVER=sf_backup_receiver             # its application_name and slot
SF_BACKUP_KEEP_DEFAULT=3

# sf_backup_repo_default STATE: where init puts a stack's repository unless SF_BACKUP_DIR says.
sf_backup_repo_default () {
    local hash
    hash="$(printf '%s' "$(sf_abs_dir "$1")" | sha256sum | cut -c1-16)"
    printf '%s/%s\n' "$SF_BACKUP_ROOT" "$hash"
}

# sf_backup_repo STATE: the physical path of the stack's repository; dies without one.
sf_backup_repo () {
    [[ -L "$1/backup" && -d "$1/backup/wal" ]] \
        || sf_die "no backups set up for $1: run deploy/backup $1 init"
    readlink -f "$1/backup"
}

# sf_backup_pg STATE: sets BK_BASE (the cluster's folder) and BK_PORT; dies if it does not run.
sf_backup_pg () {
    BK_BASE="$(sf_pg_base_dir "$1")"
    BK_PORT="$(sf_read_file "$1/pg.port")"
    if [[ -z "$BK_PORT" ]] || ! sf_pg_running "$BK_BASE"; then
        sf_die "PostgreSQL of $1 does not run (start the stack: deploy/up)"
    fi
}

# sf_backup_archive_command REPO: copies %p into REPO/wal durably and never over a different
# file: an existing identical copy is success (the archiver retries after a crash between
# the copy and its own bookkeeping); a copy lands under a temporary name, is fsynced, renamed
# into place, and the folder is fsynced.
sf_backup_archive_command () {
    local w="$1/wal"
    printf 'test -f "%s/%%f" && cmp -s "%%p" "%s/%%f" || { test ! -f "%s/%%f" && cp "%%p" "%s/%%f.part" && sync "%s/%%f.part" && mv "%s/%%f.part" "%s/%%f" && sync "%s"; }' \
        "$w" "$w" "$w" "$w" "$w" "$w" "$w" "$w"
}

# sf_backup_restore_command REPO: a segment from the archive, else the receiver's completed
# copy, else the segment it was writing (zero-padded: replay stops at its last record).
sf_backup_restore_command () {
    local w="$1/wal" s="$1/stream"
    printf 'cp "%s/%%f" "%%p" 2>/dev/null || cp "%s/%%f" "%%p" 2>/dev/null || cp "%s/%%f.partial" "%%p" 2>/dev/null' \
        "$w" "$s" "$s"
}

# sf_backup_write_conf BASE REPO SYNC: data/sf_backup.conf of a cluster that archives into
# REPO; SYNC 1 makes the receiver a synchronous standby.
sf_backup_write_conf () {
    local base="$1" repo="$2" sync="$3" names=""
    (( sync )) && names="$SF_BACKUP_RECEIVER"
    cat >"$base/data/sf_backup.conf.tmp" <<EOF
# Written by deploy/backup init (deploy/lib_backup.sh): WAL archiving into $repo.
wal_level = replica
max_wal_senders = 10
archive_mode = on
archive_command = '$(sf_backup_archive_command "$repo")'
archive_timeout = ${SF_BACKUP_ARCHIVE_TIMEOUT_S}s
max_slot_wal_keep_size = '$SF_BACKUP_SLOT_MAX'
synchronous_standby_names = '$names'
EOF
    chown "$SF_PG_USER:" "$base/data/sf_backup.conf.tmp"
    mv "$base/data/sf_backup.conf.tmp" "$base/data/sf_backup.conf"
}

# sf_backup_setting BASE PORT NAME: the running cluster's value of a setting.
sf_backup_setting () {
    sf_pg_psql "$1" "$2" -c "SELECT setting FROM pg_settings WHERE name = '$3'"
}

# sf_backup_apply_conf BASE PORT: reload; restart when archiving is still off (archive_mode
# takes effect at start only).
sf_backup_apply_conf () {
    local base="$1" port="$2"
    sf_as_pg "$SF_PG_BIN/pg_ctl" -D "$base/data" -s reload || sf_die "postgres: reload failed in $base"
    if [[ "$(sf_backup_setting "$base" "$port" archive_mode)" != on ]]; then
        sf_log "backup: restarting PostgreSQL once to turn archiving on (clients reconnect)"
        sf_as_pg "$SF_PG_BIN/pg_ctl" -D "$base/data" -l "$base/postgres.log" -m fast -w -t 120 -s restart \
            || sf_die "postgres did not restart, log: $base/postgres.log"
        sf_wait_for 30 "pg_isready on port $port" "$SF_PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" \
            || sf_die "postgres does not answer on port $port after its restart"
    fi
    [[ "$(sf_backup_setting "$base" "$port" archive_mode)" == on ]] \
        || sf_die "archive_mode is still off in $base"
}

# ---------------------------------------------------------------------------------------------
# The WAL receiver: pg_receivewal as the postgres OS user over the cluster's socket, with a
# replication slot (the cluster keeps the WAL it has not received, up to SF_BACKUP_SLOT_MAX),
# flushing and reporting every write (--synchronous), retrying a lost connection by itself:
# it outlives the stack's restarts (deploy/down, deploy/up). Its pid is in STATE/
# pg_receivewal.pid, not in STATE/run, which deploy/down empties of what is not a daemon.

sf_backup_receiver_pid () {
    local pid
    pid="$(sf_read_file "$1/pg_receivewal.pid")"
    sf_pid_alive "$pid" && [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == pg_receivewal ]] && printf '%s\n' "$pid"
}

sf_backup_receiver_conninfo () {
    printf 'host=%s port=%s user=postgres application_name=%s' "$1/run" "$2" "$SF_BACKUP_RECEIVER"
}

# sf_backup_receiver_start STATE: starts the receiver unless it runs; waits until it streams.
sf_backup_receiver_start () {
    local state="$1" repo pid
    repo="$(sf_backup_repo "$state")"
    sf_backup_pg "$state"
    if pid="$(sf_backup_receiver_pid "$state")"; then
        sf_log "backup: WAL receiver already running (pid $pid)"
        return 0
    fi
    sf_as_pg "$SF_PG_BIN/pg_receivewal" -d "$(sf_backup_receiver_conninfo "$BK_BASE" "$BK_PORT")" \
        --slot "$SF_BACKUP_RECEIVER" --create-slot --if-not-exists >/dev/null \
        || sf_die "backup: cannot create the replication slot $SF_BACKUP_RECEIVER"
    sf_state_init "$state"
    # setpriv execs (no parent left behind), so the pid file names pg_receivewal itself.
    setsid setpriv --reuid="$SF_PG_USER" --regid="$(id -g "$SF_PG_USER")" --init-groups \
        "$SF_PG_BIN/pg_receivewal" -D "$repo/stream" --slot "$SF_BACKUP_RECEIVER" --synchronous \
        -d "$(sf_backup_receiver_conninfo "$BK_BASE" "$BK_PORT")" \
        </dev/null >>"$state/log/pg_receivewal.log" 2>&1 &
    printf '%s\n' "$!" >"$state/pg_receivewal.pid"
    sf_wait_for 30 "the WAL receiver to stream" sf_backup_receiver_streaming "$BK_BASE" "$BK_PORT" \
        || { tail -n 20 "$state/log/pg_receivewal.log" >&2; sf_die "backup: the WAL receiver does not stream"; }
    sf_log "backup: WAL receiver streaming into $repo/stream (pid $!)"
}

sf_backup_receiver_streaming () {
    [[ "$(sf_pg_psql "$1" "$2" -c "SELECT count (*) FROM pg_stat_replication WHERE application_name = '$SF_BACKUP_RECEIVER' AND state = 'streaming'")" == 1 ]]
}

sf_backup_receiver_sync () {
    [[ "$(sf_pg_psql "$1" "$2" -c "SELECT sync_state FROM pg_stat_replication WHERE application_name = '$SF_BACKUP_RECEIVER'")" == sync ]]
}

# sf_backup_receiver_stop STATE: stops the receiver (it flushes what it has on SIGTERM).
sf_backup_receiver_stop () {
    local pid
    pid="$(sf_backup_receiver_pid "$1")" || return 0
    kill -TERM "$pid" 2>/dev/null
    sf_wait_pid_gone "$pid" 10 || kill -KILL "$pid" 2>/dev/null
    rm -f "$1/pg_receivewal.pid"
    sf_log "backup: WAL receiver stopped"
}

# ---------------------------------------------------------------------------------------------
# init, base, prune, status

# sf_backup_init STATE SYNC KEEP: the repository (SF_BACKUP_DIR, else under SF_BACKUP_ROOT),
# archiving on (one restart if it was off), the receiver started; in sync mode commits then
# wait for it. Again on a stack that has backups: applies SYNC and KEEP.
sf_backup_init () {
    local state="$1" sync="$2" keep="$3" repo group
    sf_backup_pg "$state"
    if [[ -L "$state/backup" ]]; then
        repo="$(readlink -f "$state/backup")"
    else
        repo="${SF_BACKUP_DIR:-$(sf_backup_repo_default "$state")}"
    fi
    [[ "$repo" == /* ]] || sf_die "SF_BACKUP_DIR must be an absolute path: $repo"
    group="$(id -gn "$SF_PG_USER")"
    mkdir -p "$(dirname "$repo")"
    install -d -o "$SF_PG_USER" -g "$group" -m 700 "$repo" "$repo/wal" "$repo/stream" "$repo/base"
    sf_as_pg test -w "$repo/wal" || sf_die "the postgres user cannot write $repo/wal (a parent folder closed to it?)"
    install -d -o root -g root -m 700 "$repo/stack"
    sf_abs_dir "$state" >"$repo/owner"
    printf '%s\n' "$keep" >"$repo/keep"
    printf '%s\n' "$( (( sync )) && echo sync || echo async)" >"$repo/mode"
    ln -sfn "$repo" "$state/backup"
    sf_backup_save_stack "$state" "$repo"

    # Archiving first, the receiver next, and only then may commits wait for it.
    sf_backup_write_conf "$BK_BASE" "$repo" 0
    sf_backup_apply_conf "$BK_BASE" "$BK_PORT"
    sf_backup_receiver_start "$state"
    if (( sync )); then
        # The scripts' own statements as postgres (roles, grants at deploy/up) do not wait for
        # a receiver that may not run yet; every later commit carries them to the receiver.
        sf_pg_psql "$BK_BASE" "$BK_PORT" -c "ALTER ROLE postgres SET synchronous_commit = local" >/dev/null
        sf_backup_write_conf "$BK_BASE" "$repo" 1
        sf_backup_apply_conf "$BK_BASE" "$BK_PORT"
        sf_wait_for 30 "the receiver to be the synchronous standby" sf_backup_receiver_sync "$BK_BASE" "$BK_PORT" \
            || sf_die "backup: the receiver streams but is not the synchronous standby"
    else
        sf_pg_psql "$BK_BASE" "$BK_PORT" -c "ALTER ROLE postgres RESET synchronous_commit" >/dev/null
    fi
    sf_log "backup: $state archives into $repo/wal, streams into $repo/stream ($(sf_read_file "$repo/mode")), keeps $keep base backups"
}

# sf_backup_save_stack STATE REPO: the stack's passwords, keys and demo markers, for a
# restore on a new host.
sf_backup_save_stack () {
    local state="$1" stack="$2/stack" marker
    install -d -o root -g root -m 700 "$stack" "$stack/secrets"
    cp -a "$(sf_secrets_dir "$state")/." "$stack/secrets/"
    [[ -d "$state/keys" ]] && cp -a "$state/keys" "$stack/"
    for marker in "$state"/demo-*loaded; do
        [[ -f "$marker" ]] && cp -a "$marker" "$stack/"
    done
    chown -R root:root "$stack"
    chmod -R go= "$stack"
}

# sf_backup_size DIR: bytes under DIR.
sf_backup_size () { du -sb "$1" | cut -f1; }

# sf_backup_base STATE: a base backup while the stack runs (pg_basebackup -X stream -c fast,
# plain format with a manifest), verified with pg_verifybackup, then moved into place; prunes.
sf_backup_base () {
    local state="$1" repo label dir started ms size
    repo="$(sf_backup_repo "$state")"
    sf_backup_pg "$state"
    [[ "$(sf_backup_setting "$BK_BASE" "$BK_PORT" archive_mode)" == on ]] \
        || sf_die "archiving is off in $BK_BASE: run deploy/backup $state init"
    label="$(date -u +%Y%m%dT%H%M%SZ)"
    dir="$repo/base/$label"
    [[ ! -e "$dir" ]] || { sleep 1; label="$(date -u +%Y%m%dT%H%M%SZ)"; dir="$repo/base/$label"; }
    rm -rf "$dir.partial"
    started="$(date +%s%N)"
    sf_log "backup: base backup $label of $BK_BASE"
    sf_as_pg "$SF_PG_BIN/pg_basebackup" -h "$BK_BASE/run" -p "$BK_PORT" -U postgres -D "$dir.partial" \
        -X stream -c fast -l "sf $label" --no-password \
        || { rm -rf "$dir.partial"; sf_die "backup: pg_basebackup failed"; }
    sf_as_pg "$SF_PG_BIN/pg_verifybackup" -q "$dir.partial" \
        || { rm -rf "$dir.partial"; sf_die "backup: pg_verifybackup found the new backup damaged; nothing kept"; }
    ms=$(( ($(date +%s%N) - started) / 1000000 ))
    size="$(sf_backup_size "$dir.partial")"
    {
        printf 'label=%s\n' "$label"
        printf 'taken_at=%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
        printf 'taken_at_s=%s\n' "$(date +%s)"
        printf 'duration_ms=%s\n' "$ms"
        printf 'size_bytes=%s\n' "$size"
        printf 'start_wal=%s\n' "$(sed -n 's/^START WAL LOCATION: .*(file \([0-9A-F]*\)).*/\1/p' "$dir.partial/backup_label")"
    } >"$dir.partial/sf_backup.info"
    chown "$SF_PG_USER:" "$dir.partial/sf_backup.info"
    mv "$dir.partial" "$dir"
    sync -f "$dir"
    sf_backup_save_stack "$state" "$repo"
    sf_log "backup: base backup $label done: $size bytes in $ms ms, verified"
    printf 'backup %s size_bytes=%s duration_ms=%s\n' "$label" "$size" "$ms"
    sf_backup_prune "$repo"
}

# sf_backup_labels REPO: the complete base backups, oldest first.
sf_backup_labels () {
    local dir
    for dir in "$1"/base/*/; do
        dir="${dir%/}"
        [[ -f "$dir/sf_backup.info" && "$dir" != *.partial ]] && basename "$dir"
    done | sort
}

# sf_backup_info REPO LABEL KEY: a value of the backup's sf_backup.info.
sf_backup_info () {
    sed -n "s/^$3=//p" "$1/base/$2/sf_backup.info"
}

# sf_backup_prune REPO: keeps the newest KEEP base backups and the WAL from the oldest one's
# start on (pg_archivecleanup, in the archive and the receiver's folder).
sf_backup_prune () {
    local repo="$1" keep labels=() label oldest_wal
    keep="$(sf_read_file "$repo/keep")"
    keep="${keep:-$SF_BACKUP_KEEP_DEFAULT}"
    mapfile -t labels < <(sf_backup_labels "$repo")
    (( ${#labels[@]} > 0 )) || return 0
    while (( ${#labels[@]} > keep )); do
        sf_log "backup: removing base backup ${labels[0]} (keeping $keep)"
        rm -rf "${repo:?}/base/${labels[0]}"
        labels=("${labels[@]:1}")
    done
    oldest_wal="$(sf_backup_info "$repo" "${labels[0]}" start_wal)"
    [[ "$oldest_wal" =~ ^[0-9A-F]{24}$ ]] || return 0
    for label in wal stream; do
        sf_as_pg "$SF_PG_BIN/pg_archivecleanup" "$repo/$label" "$oldest_wal" \
            || sf_warn "backup: pg_archivecleanup failed in $repo/$label"
    done
}

# sf_backup_status STATE: what an operator checks; false when something needs them.
sf_backup_status () {
    local state="$1" repo label ok=0 pid wal_count stream_count archiver a_count a_wal a_time f_count f_wal f_now
    repo="$(sf_backup_repo "$state")"
    printf 'repository   %s (%s, keeps %s base backups)\n' "$repo" "$(sf_read_file "$repo/mode")" "$(sf_read_file "$repo/keep")"
    printf 'base backups\n'
    for label in $(sf_backup_labels "$repo"); do
        printf '  %s  %s bytes  %s ms  from WAL %s\n' "$label" "$(sf_backup_info "$repo" "$label" size_bytes)" \
            "$(sf_backup_info "$repo" "$label" duration_ms)" "$(sf_backup_info "$repo" "$label" start_wal)"
    done
    [[ -n "$(sf_backup_labels "$repo")" ]] || { printf '  none: run deploy/backup %s base\n' "$state"; ok=1; }
    wal_count="$(find "$repo/wal" -maxdepth 1 -name '[0-9A-F]*' ! -name '*.part' | wc -l)"
    stream_count="$(find "$repo/stream" -maxdepth 1 -name '[0-9A-F]*' | wc -l)"
    printf 'WAL          %s files archived (%s bytes), %s from the receiver\n' "$wal_count" \
        "$(sf_backup_size "$repo/wal")" "$stream_count"
    if pid="$(sf_backup_receiver_pid "$state")"; then
        printf 'receiver     running (pid %s)\n' "$pid"
    else
        printf 'receiver     NOT running: deploy/backup %s receive%s\n' "$state" \
            "$( [[ "$(sf_read_file "$repo/mode")" == sync ]] && echo ' (sync mode: writes wait for it)')"
        ok=1
    fi
    BK_PORT="$(sf_read_file "$state/pg.port")"
    BK_BASE="$(sf_pg_base_dir "$state")"
    if [[ -n "$BK_PORT" ]] && sf_pg_running "$BK_BASE"; then
        archiver="$(sf_pg_psql "$BK_BASE" "$BK_PORT" -F ' ' -c "SELECT archived_count, coalesce (last_archived_wal, '-'), coalesce (replace (to_char (last_archived_time AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), ' ', 'T') || 'Z', '-'), failed_count, coalesce (last_failed_wal, '-'), (last_failed_time IS NOT NULL AND (last_archived_time IS NULL OR last_failed_time > last_archived_time)) FROM pg_stat_archiver")"
        read -r a_count a_wal a_time f_count f_wal f_now <<<"$archiver"
        printf 'archiver     %s archived since start, last %s at %s; %s failures\n' \
            "$a_count" "$a_wal" "$a_time" "$f_count"
        if [[ "$f_now" == t ]]; then
            printf 'archiver     FAILING on %s: see %s\n' "$f_wal" "$BK_BASE/postgres.log"
            ok=1
        fi
        printf 'replication  %s\n' "$(sf_pg_psql "$BK_BASE" "$BK_PORT" -F ' ' -c "SELECT coalesce ((SELECT state || ' ' || sync_state || ', flushed to ' || flush_lsn FROM pg_stat_replication WHERE application_name = '$SF_BACKUP_RECEIVER'), 'no receiver connected') || ', slot keeps ' || coalesce ((SELECT pg_size_pretty (pg_wal_lsn_diff (pg_current_wal_lsn (), restart_lsn)) FROM pg_replication_slots WHERE slot_name = '$SF_BACKUP_RECEIVER'), 'nothing')")"
    else
        printf 'postgres     not running\n'
    fi
    return "$ok"
}

# ---------------------------------------------------------------------------------------------
# Restore

# sf_backup_source_repo SOURCE: a repository (wal/ and base/ in it), or a state directory
# whose backup link names one.
sf_backup_source_repo () {
    if [[ -d "$1/wal" && -d "$1/base" ]]; then
        sf_abs_dir "$1"
    elif [[ -L "$1/backup" ]]; then
        sf_backup_repo "$1"
    else
        sf_die "$1 is neither a backup repository (wal/, base/) nor a state directory with backups"
    fi
}

# sf_backup_pick REPO [TARGET_EPOCH]: the newest base backup, or the newest finished before
# the target time (a backup is consistent only from its end on).
sf_backup_pick () {
    local repo="$1" target="${2:-}" label picked=""
    for label in $(sf_backup_labels "$repo"); do
        if [[ -z "$target" ]] || (( $(sf_backup_info "$repo" "$label" taken_at_s) < target )); then
            picked="$label"
        fi
    done
    [[ -n "$picked" ]] || sf_die "no base backup in $repo${target:+ finished before the target time}"
    printf '%s\n' "$picked"
}

# sf_backup_restore SOURCE NEW_STATE PORT [TARGET_TIME]: a new cluster for the state directory
# NEW_STATE from the chosen base backup and the WAL of the archive and the receiver, replayed
# to their end or to TARGET_TIME, promoted, and started on PORT with the stack's roles.
sf_backup_restore () {
    local source="$1" state="$2" port="$3" target_time="${4:-}" repo target_epoch="" label base wait_s tries
    [[ "$port" =~ ^[0-9]+$ ]] || sf_die "restore: bad port '$port'"
    repo="$(sf_backup_source_repo "$source")"
    if [[ -n "$target_time" ]]; then
        target_epoch="$(date -d "$target_time" +%s 2>/dev/null)" || sf_die "restore: cannot read the time '$target_time'"
    fi
    label="$(sf_backup_pick "$repo" "$target_epoch")"
    sf_state_init "$state"
    sf_pg_ensure_user
    base="$(sf_pg_base_dir "$state")"
    [[ ! -e "$base/data" ]] || sf_die "restore: $state already has a cluster ($base/data): restore into a new state directory"
    ! sf_port_in_use "$port" || sf_die "restore: port $port is already used"

    sf_log "restore: base backup $label from $repo into $base/data${target_time:+, to $target_time}"
    mkdir -p "$SF_PG_ROOT"
    chmod 755 "$SF_PG_ROOT"
    install -d -o "$SF_PG_USER" -g "$(id -gn "$SF_PG_USER")" -m 700 "$base" "$base/run"
    sf_abs_dir "$state" >"$base/owner"
    ln -sfn "$base" "$state/pg"
    ln -sfn "$base/postgres.log" "$state/log/postgres.log"
    sf_as_pg cp -a "$repo/base/$label" "$base/data" || sf_die "restore: cannot copy the base backup"
    rm -f "$base/data/sf_backup.info" "$base/data/backup_manifest"
    chmod 700 "$base/data"

    # Recovery settings in the file sf.conf includes; deploy/backup init replaces them when
    # the new stack gets backups of its own (its own repository: a new timeline starts here).
    # shellcheck disable=SC2016  # postgresql.conf quotes, in a here-document that expands
    cat >"$base/data/sf_backup.conf" <<EOF
# Written by deploy/restore (deploy/lib_backup.sh): recovery from $repo, base backup $label.
archive_mode = off
restore_command = '$(sf_backup_restore_command "$repo")'
recovery_target_timeline = 'latest'
${target_time:+recovery_target_time = '$target_time'
recovery_target_action = 'promote'}
EOF
    chown "$SF_PG_USER:" "$base/data/sf_backup.conf"
    sf_as_pg touch "$base/data/recovery.signal"
    sf_backup_restore_stack "$repo" "$state"
    sf_pg_write_settings "$base" "$port"

    sf_as_pg "$SF_PG_BIN/pg_ctl" -D "$base/data" -l "$base/postgres.log" -s start \
        || { tail -n 20 "$base/postgres.log" >&2; sf_die "restore: postgres failed to start, log: $base/postgres.log"; }
    printf '%s\n' "$port" >"$state/pg.port"
    wait_s="${SF_RESTORE_WAIT_S:-3600}"
    tries=$(( wait_s * 5 ))
    while [[ "$(sf_pg_psql "$base" "$port" -c 'SELECT pg_is_in_recovery ()' 2>/dev/null)" != f ]]; do
        if ! sf_pg_running "$base"; then
            tail -n 20 "$base/postgres.log" >&2
            sf_die "restore: recovery stopped, see $base/postgres.log"
        fi
        (( tries-- > 0 )) || sf_die "restore: still recovering after ${wait_s}s (SF_RESTORE_WAIT_S), log: $base/postgres.log"
        sleep 0.2
    done
    sf_log "restore: recovered, $(sf_pg_psql "$base" "$port" -c "SELECT 'last transaction replayed at ' || coalesce (pg_last_xact_replay_timestamp ()::text, 'none') || ', now on timeline ' || substr (pg_walfile_name (pg_current_wal_lsn ()), 1, 8)")"
    sf_pg_start "$state" "$port"
}

# sf_backup_restore_stack REPO STATE: the repository's copy of the passwords, keys and demo
# markers, for what the new state directory lacks (the restored roles keep the passwords
# they had in the backup; clients keep trusting the keys they knew).
sf_backup_restore_stack () {
    local stack="$1/stack" item
    [[ -d "$stack" ]] || return 0
    for item in "$stack"/* ; do
        case "$(basename "$item")" in
            secrets) cp -an "$item/." "$(sf_secrets_dir "$2")/" || sf_warn "restore: some passwords not copied" ;;
            keys)    [[ -e "$2/keys" ]] || cp -a "$item" "$2/" ;;
            *)       cp -an "$item" "$2/" || sf_warn "restore: $item not copied" ;;
        esac
    done
}
