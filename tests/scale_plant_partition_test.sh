#!/usr/bin/env bash
# scale.plant_partition (issue 18, docs/ha/plants.md): a plant on a host of its own, cut off
# from the centre for two minutes under load, then healed.
#
# The centre (this host's namespace): a Redis of its own (the event streams), sf-directory and
# sf-rectification (which follows the plant's findings: one form each), reachable on the
# centre's end of the plant's veth link. The plant (a network namespace,
# deploy/lib_plant.sh): its own PostgreSQL and sf-inspection, which follows the org from the
# centre's directory and Redis and publishes its outbox to the centre's Redis. Two clients in the
# plant's namespace report findings at a paced rate, each command under its own idempotency key.
# After a warm-up the link goes down for SF_PLANT_CUT_S seconds (120) while the load goes on; the
# directory gets one more team meanwhile. After the heal: every acknowledged command is stored
# once at the plant, its outbox drains, each of its finding events is in the centre's stream
# (duplicate entries of one event id counted and printed), the centre's rectification holds
# exactly one form per acknowledged finding, the team reaches the plant's copy.
#
# measured: commands acknowledged during the cut, time from heal to the backlog published
# (time to follow) and the drain rate, time from heal until the centre's rectification has a
# form for every finding of the cut, and until the plant's org copy follows.
set -euo pipefail
: "${SF_DEPLOY_DIR:?run through ./deploy/test}" "${SF_STATE_DIR:?}" "${SF_BUILD_DIR:?}" "${SF_PLANT_CLIENT:?}"
# shellcheck source=../deploy/lib.sh source-path=SCRIPTDIR
source "$SF_DEPLOY_DIR/lib.sh"
# shellcheck source=../deploy/lib_plant.sh source-path=SCRIPTDIR
source "$SF_DEPLOY_DIR/lib_plant.sh"

CUT_S="${SF_PLANT_CUT_S:-120}"
RATE="${SF_PLANT_RATE:-40}"          # commands per second from the plant's clients
WARM_S=10                            # load before the cut
AFTER_S=5                            # load after the backlog drained
DRAIN_WAIT_S=60

RUN="plant_$$"
W="$SF_STATE_DIR/$RUN"
PLANT=p1
SCHEMA_DIR="${RUN}_dir"
SCHEMA_INSP="${RUN}_insp"
SCHEMA_RECT="${RUN}_rect"
PIDS=()
CENTRE_REDIS_UP=0
mkdir -p "$W/log" "$W/load"

now () { date +%s.%N; }
elapsed () { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
fail () { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
# A sleep that a TERM (ctest's timeout) interrupts at once: bash runs traps only between commands.
PAUSE_PID=""
pause () { sleep "$1" & PAUSE_PID=$!; wait "$PAUSE_PID"; PAUSE_PID=""; }

cleanup () {
    local rc=$? pid
    trap - EXIT INT TERM
    touch "$W/load/stop" 2>/dev/null || true
    [[ -z "$PAUSE_PID" ]] || kill "$PAUSE_PID" 2>/dev/null || true
    if (( rc != 0 )); then
        for log in "$W"/log/*.log; do
            [[ -f "$log" ]] || continue
            printf -- '--- last lines of %s\n' "$log" >&2
            tail -n 25 "$log" >&2
        done
    fi
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do sf_wait_pid_gone "$pid" 10 || kill -KILL "$pid" 2>/dev/null || true; done
    sf_plant_down "$W" "$PLANT" || true
    (( CENTRE_REDIS_UP == 0 )) || sf_redis_stop "$W/centre" || true
    psql -X -q "$SF_DB_URL" -c "DROP SCHEMA IF EXISTS $SCHEMA_DIR CASCADE; DROP SCHEMA IF EXISTS $SCHEMA_RECT CASCADE" \
        >/dev/null 2>&1 || true
    (( rc != 0 )) || rm -rf "$W"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

daemon_env () {
    local name="$1"
    printf '%s\n' "SF_RPC_SECRET_KEY_FILE=$SF_KEYS_DIR/$name.key_secret" "SF_RPC_CLIENTS_DIR=$SF_KEYS_DIR/clients" \
        "SF_RPC_KEYS_DIR=$SF_KEYS_DIR" "SF_REDIS_STREAM_PREFIX=$RUN" "SF_LOG_LEVEL=info"
}

# healthy NAME ENDPOINT [ns]: safetyctl status of that one daemon answers.
healthy () {
    local name="$1" endpoint="$2" upper
    upper="$(tr '[:lower:]' '[:upper:]' <<<"$name")"
    local ctl=(env "SF_${upper}_ENDPOINT=$endpoint" "$SF_BUILD_DIR/services/safetyctl/safetyctl" --endpoint "$endpoint"
               --timeout-ms 1000 status)
    if [[ "${3:-}" == ns ]]; then sf_plant_exec "$W" "$PLANT" "${ctl[@]}"; else "${ctl[@]}"; fi
}

plant_sql () { sf_pg_psql "$PG_BASE" "$PG_PORT" -d safety -c "$1"; }
centre_sql () { psql -X -q -At "$SF_DB_URL" -c "$1"; }
forms () { centre_sql "SELECT count(*) FROM $SCHEMA_RECT.form WHERE finding_id IS NOT NULL"; }
forms_at_least () { (( $(forms) >= $1 )); }
acked () { cat "$W/load/acked" 2>/dev/null || echo 0; }

# ---- the plant's namespace and the centre ---------------------------------------------------
read -r PLANT_ADDR CENTRE_ADDR < <(sf_plant_up "$W" "$PLANT" 1)
sf_plant_load "$W" "$PLANT"
printf 'plant %s in namespace %s, centre %s (link %s)\n' "$PLANT_ADDR" "$SF_PLANT_NETNS" "$CENTRE_ADDR" "$SF_PLANT_LINK"

REDIS_PORT="$(sf_free_port $(( 10000 + RANDOM % 20000 )))"
CENTRE_REDIS_UP=1
sf_redis_start "$W/centre" "$REDIS_PORT" aof
# deploy/lib.sh binds loopback only; the plant reaches the centre's Redis on the link.
[[ "$(sf_redis_cli "$W/centre" "$REDIS_PORT" CONFIG SET bind "127.0.0.1 $CENTRE_ADDR")" == OK ]] \
    || fail "the centre's Redis does not bind $CENTRE_ADDR"

DIR_PORT="$(sf_free_port $(( 10000 + RANDOM % 20000 )))"
DIR_ENDPOINT="tcp://$CENTRE_ADDR:$DIR_PORT"
mapfile -t env_dir < <(daemon_env directory)
env "${env_dir[@]}" SF_DB_SCHEMA="$SCHEMA_DIR" SF_RPC_ENDPOINT="$DIR_ENDPOINT" \
    SF_REDIS_HOST=127.0.0.1 SF_REDIS_PORT="$REDIS_PORT" \
    "$SF_BUILD_DIR/services/directory/sf-directory" >"$W/log/directory.log" 2>&1 &
PIDS+=($!)
sf_wait_for 60 "the centre's directory" healthy directory "$DIR_ENDPOINT" || fail "the directory does not answer"

# The centre's follower of the plant's findings: sf-rectification turns each into one form.
RECT_PORT="$(sf_free_port $(( 10000 + RANDOM % 20000 )))"
RECT_ENDPOINT="tcp://$CENTRE_ADDR:$RECT_PORT"
INSP_PORT=$(( 10000 + RANDOM % 20000 ))
mapfile -t env_rect < <(daemon_env rectification)
env "${env_rect[@]}" SF_DB_SCHEMA="$SCHEMA_RECT" SF_RPC_ENDPOINT="$RECT_ENDPOINT" \
    SF_REDIS_HOST=127.0.0.1 SF_REDIS_PORT="$REDIS_PORT" SF_ORG_DIRECTORY_ENDPOINT="$DIR_ENDPOINT" \
    SF_INSPECTION_ENDPOINT="tcp://$PLANT_ADDR:$INSP_PORT" \
    "$SF_BUILD_DIR/services/rectification/sf-rectification" >"$W/log/rectification.log" 2>&1 &
PIDS+=($!)
sf_wait_for 60 "the centre's rectification" healthy rectification "$RECT_ENDPOINT" || fail "rectification does not answer"

# ---- the plant: its PostgreSQL and sf-inspection inside the namespace ------------------------
PG_PORT=$(( 10000 + RANDOM % 20000 ))
sf_plant_pg_start "$W" "$PLANT" "$W/plantpg" "$PG_PORT"
PG_BASE="$(sf_pg_base_dir "$W/plantpg")"
PLANT_DB="$(sf_pg_conninfo "$W/plantpg")"
INSP_ENDPOINT="tcp://$PLANT_ADDR:$INSP_PORT"
mapfile -t env_insp < <(daemon_env inspection)
# Started as a simple command (not through a function) so that $! is the daemon itself.
ip netns exec "$SF_PLANT_NETNS" env "${env_insp[@]}" SF_DB_URL="$PLANT_DB" SF_DB_SCHEMA="$SCHEMA_INSP" \
    SF_RPC_ENDPOINT="$INSP_ENDPOINT" SF_REDIS_HOST="$CENTRE_ADDR" SF_REDIS_PORT="$REDIS_PORT" \
    SF_ORG_DIRECTORY_ENDPOINT="$DIR_ENDPOINT" SF_RECTIFICATION_ENDPOINT="$RECT_ENDPOINT" \
    "$SF_BUILD_DIR/services/inspection/sf-inspection" >"$W/log/inspection.log" 2>&1 &
PIDS+=($!)
sf_wait_for 60 "the plant's inspection" healthy inspection "$INSP_ENDPOINT" ns || fail "the plant's inspection does not answer"

plant_client () { sf_plant_exec "$W" "$PLANT" env SF_DB_URL="$PLANT_DB" SF_REDIS_HOST="$CENTRE_ADDR" \
                      SF_REDIS_PORT="$REDIS_PORT" "$SF_PLANT_CLIENT" "$@"; }
plant_client prepare "$DIR_ENDPOINT" "$RUN" "$SCHEMA_INSP" || fail "the plant's org copy did not follow the directory"

# ---- load, cut, heal ------------------------------------------------------------------------
ip netns exec "$SF_PLANT_NETNS" env SF_DB_URL="$PLANT_DB" \
    "$SF_PLANT_CLIENT" load "$INSP_ENDPOINT" "$RUN" "$W/load" "$RATE" >"$W/log/load.out" 2>"$W/log/load.log" &
LOAD_PID=$!
PIDS+=("$LOAD_PID")
pause "$WARM_S"
ACKED_BEFORE="$(acked)"
(( ACKED_BEFORE > 0 )) || fail "no command acknowledged in ${WARM_S}s of load"
T_CUT="$(now)"
sf_plant_cut "$W" "$PLANT"
printf 'link cut after %s acknowledged; %ss without the centre\n' "$ACKED_BEFORE" "$CUT_S"
pause $(( CUT_S / 4 ))
# An org change at the centre while the plant cannot hear of it.
"$SF_PLANT_CLIENT" unit "$DIR_ENDPOINT" "$RUN" "${RUN}TX" || fail "the directory refused the new team"
pause $(( CUT_S - CUT_S / 4 ))
ACKED_CUT_END="$(acked)"
MAX_ID="$(plant_sql "SELECT coalesce (max (id), 0) FROM $SCHEMA_INSP.sf_outbox")"
BACKLOG="$(plant_sql "SELECT count(*) FROM $SCHEMA_INSP.sf_outbox WHERE published_at IS NULL AND id <= $MAX_ID")"
FORMS_AT_HEAL="$(forms)"
T_HEAL="$(now)"
sf_plant_heal "$W" "$PLANT"
DURING=$(( ACKED_CUT_END - ACKED_BEFORE ))
printf 'link healed after %ss: %s acknowledged during the cut, %s events waiting in the plant'\''s outbox\n' \
    "$(elapsed "$T_CUT" "$T_HEAL")" "$DURING" "$BACKLOG"
kill -0 "$LOAD_PID" 2>/dev/null || fail "the plant's load stopped during the cut"
# Paced load: the plant keeps acknowledging at (about) the rate it is offered, cut or not.
(( DURING * 2 >= RATE * CUT_S )) || fail "the plant acknowledged only $DURING commands in ${CUT_S}s cut off (offered $(( RATE * CUT_S )))"

T_DRAINED="" T_FOLLOWED="" T_FORMS=""
while [[ -z "$T_DRAINED" || -z "$T_FOLLOWED" || -z "$T_FORMS" ]]; do
    [[ -n "$T_FORMS" ]] || (( $(forms) < ACKED_CUT_END )) || T_FORMS="$(now)"
    [[ -n "$T_DRAINED" ]] || [[ "$(plant_sql "SELECT count(*) FROM $SCHEMA_INSP.sf_outbox WHERE published_at IS NULL AND id <= $MAX_ID")" != 0 ]] \
        || T_DRAINED="$(now)"
    [[ -n "$T_FOLLOWED" ]] || [[ "$(plant_sql "SELECT count(*) FROM $SCHEMA_INSP.sf_org_node WHERE code = '${RUN}TX'")" == 0 ]] \
        || T_FOLLOWED="$(now)"
    [[ "$(elapsed "$T_HEAL" "$(now)" | cut -d. -f1)" -lt "$DRAIN_WAIT_S" ]] \
        || fail "${DRAIN_WAIT_S}s after the heal: backlog drained ${T_DRAINED:-no}, org followed ${T_FOLLOWED:-no}, forms ${T_FORMS:-no}"
    sleep 0.2
done
DRAIN_S="$(elapsed "$T_HEAL" "$T_DRAINED")"
# The relay's own pace: from its first to its last commit of the backlog (published_at).
read -r FIRST_S PUBLISH_S < <(plant_sql "SELECT round (extract (epoch FROM min (published_at) - to_timestamp ($T_HEAL))::numeric, 2),
    round (extract (epoch FROM max (published_at) - min (published_at))::numeric, 3)
    FROM $SCHEMA_INSP.sf_outbox WHERE id <= $MAX_ID AND published_at >= to_timestamp ($T_HEAL)" | tr '|' ' ')
pause "$AFTER_S"
touch "$W/load/stop"
wait "$LOAD_PID" || fail "the plant's load failed (log: $W/log/load.log)"
cat "$W/log/load.out"
ACKED="$(cat "$W/load/acked.final")"

# ---- checks ---------------------------------------------------------------------------------
plant_client verify "$RUN" "$SCHEMA_INSP" "$ACKED" || fail "the plant's findings or the centre's stream are not what was acknowledged"
healthy inspection "$INSP_ENDPOINT" ns >/dev/null || fail "the plant's inspection does not answer after the heal"
# Nothing doubled where it is consumed: one form per acknowledged finding at the centre.
sf_wait_for 60 "a form for each finding" forms_at_least "$ACKED" || true
read -r FORMS FORM_FINDINGS < <(centre_sql "SELECT count(*), count(DISTINCT finding_id) FROM $SCHEMA_RECT.form WHERE finding_id IS NOT NULL" | tr '|' ' ')
printf 'centre: %s forms for %s distinct findings (%s acknowledged)\n' "$FORMS" "$FORM_FINDINGS" "$ACKED"
(( FORMS == ACKED && FORM_FINDINGS == ACKED )) || fail "the centre's rectification holds $FORMS forms for $FORM_FINDINGS findings, not one for each of $ACKED"
printf 'measured: plant cut off from the centre for %ss under %s commands/s: %s commands acknowledged during the cut (%s before it, %s in all)\n' \
    "$CUT_S" "$RATE" "$DURING" "$ACKED_BEFORE" "$ACKED"
printf 'measured: time to follow: backlog of %s events published to the centre %ss after the heal (drain rate %s events/s, from the heal)\n' \
    "$BACKLOG" "$DRAIN_S" "$(awk -v n="$BACKLOG" -v s="$DRAIN_S" 'BEGIN { printf "%.0f", (s > 0)? n / s: n }')"
if awk -v s="$PUBLISH_S" 'BEGIN { exit !(s > 0) }'; then
    printf 'measured: drain rate: the relay published its first backlog event %ss after the heal, the %s in %ss (%s events/s)\n' \
        "$FIRST_S" "$BACKLOG" "$PUBLISH_S" "$(awk -v n="$BACKLOG" -v s="$PUBLISH_S" 'BEGIN { printf "%.0f", n / s }')"
else
    printf 'measured: drain rate: the relay published the %s backlog events in one pass, %ss after the heal\n' "$BACKLOG" "$FIRST_S"
fi
printf 'measured: time to follow at the centre: a form for every finding acknowledged during the cut %ss after the heal (%s forms before the heal)\n' \
    "$(elapsed "$T_HEAL" "$T_FORMS")" "$FORMS_AT_HEAL"
printf 'measured: time to follow: the org change made at the centre during the cut reached the plant'\''s copy %ss after the heal\n' \
    "$(elapsed "$T_HEAL" "$T_FOLLOWED")"
printf 'the plant'\''s inspection log: %s warnings or errors, last ones:\n' "$(grep -c -E 'WARN|ERROR|warn|error' "$W/log/inspection.log" || true)"
grep -E 'WARN|ERROR|warn|error' "$W/log/inspection.log" | tail -n 5 || true
printf 'PASS\n'
