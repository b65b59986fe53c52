# deploy/bench flat: lists and statistics of findings and forms at 0.1, 1 and 10 million findings
# (issue 17). Sourced by deploy/bench, which runs flat_part for `./deploy/bench flat`.
#
# For each size of SF_BENCH_FLAT_SIZES (findings; default "100000 1000000 10000000"), in
# schemas of their own (bench_flat_insp_<size>, bench_flat_rect_<size>), the screen part's
# generator (screen_prepare: the enterprise of 20 plants x 5 departments x 10 teams in both
# org copies, deploy/bench.d/screen_inspection.sql and screen_forms.sql, migration 007's
# backfill) makes <size> findings over a year, a month of team routine tasks and <size>/10
# forms; deploy/bench.d/flat_violations.sql adds a 三违 record per 20 findings. Then the lists
# and statistics of FLAT_QUERIES go through ZeroMQ to the real sf-inspection and
# sf-rectification (tests/bench/query_bench: the request as the contract's JSON, as account
# bench, admin of the group), at 1 and 4 clients, SF_BENCH_FLAT_REQUESTS requests each (default
# 2000; a run stops after FLAT_SECONDS_MAX seconds with the requests answered by then), p50 and
# p99. "p10" rows follow next_page_token 10 pages in (fewer when the list is shorter: the page
# reached is printed) before the clock starts. "A month" is the last 30 days.
#
# After a size is measured, every query whose p99 at either client count is over the floor
# (FLAT_FLOOR_MS, 20 ms) is sent once more with auto_explain (ANALYZE, BUFFERS, no per-node
# timing) loaded into the daemons' sessions: the plan of the daemon's own prepared statement on
# the request's table (the slowest the request logged) is printed and kept in
# <build dir>/bench-flat-plans.txt. The size's schemas are dropped before the next.
# At the end: a table per size, p99 per query at each size (the growth), and the floor check
# (every p99 <= 20 ms at the largest size, 1 and 4 clients). About 3-6 min a size for the
# queries, plus the generation (7 min at 10,000,000 findings). Method and results:
# docs/benchmarks.md, "Flat costs".
#
# Environment: SF_BENCH_FLAT_SIZES, SF_BENCH_FLAT_REQUESTS (see above), SF_BENCH_FLAT_ONLY (a
# regular expression: only the queries whose key matches it, while developing),
# SF_BENCH_FLAT_HOLD (while developing: the last size's data, the cluster and the daemons kept
# after its measurements until the file the bench names is removed, to try queries with psql).

FLAT_SIZES_TEXT="${SF_BENCH_FLAT_SIZES:-100000 1000000 10000000}"
FLAT_REQUESTS="${SF_BENCH_FLAT_REQUESTS:-2000}"
FLAT_SECONDS_MAX=20
FLAT_FLOOR_MS=20
FLAT_CLIENT_COUNTS=(1 4)
FLAT_SIZES=()
FLAT_PLANS=""
# The queries, one line each: key, daemon, request, pages to follow first, the request as JSON
# (no spaces). @FROM_MS@, @TO_MS@, @FROM_DATE@ and @TO_DATE@ are the last 30 days; @PAST_FROM_MS@
# and @PAST_TO_MS@ the 30 days before those (every form of them closed or due before its end).
FLAT_QUERIES=(
    "findings.team inspection inspection.ListFindings 0 {\"unitCode\":\"BP1D01T01\"}"
    "findings.team.p10 inspection inspection.ListFindings 10 {\"unitCode\":\"BP1D01T01\"}"
    "findings.team.open inspection inspection.ListFindings 0 {\"unitCode\":\"BP1D01T01\",\"openOnly\":true}"
    "findings.team.open.p10 inspection inspection.ListFindings 10 {\"unitCode\":\"BP1D01T01\",\"openOnly\":true}"
    "findings.department inspection inspection.ListFindings 0 {\"unitCode\":\"BP1D01\"}"
    "findings.department.p10 inspection inspection.ListFindings 10 {\"unitCode\":\"BP1D01\"}"
    "findings.department.open inspection inspection.ListFindings 0 {\"unitCode\":\"BP1D01\",\"openOnly\":true}"
    "findings.department.open.p10 inspection inspection.ListFindings 10 {\"unitCode\":\"BP1D01\",\"openOnly\":true}"
    "findings.plant inspection inspection.ListFindings 0 {\"unitCode\":\"BP1\"}"
    "findings.plant.p10 inspection inspection.ListFindings 10 {\"unitCode\":\"BP1\"}"
    "findings.plant.open inspection inspection.ListFindings 0 {\"unitCode\":\"BP1\",\"openOnly\":true}"
    "findings.plant.open.p10 inspection inspection.ListFindings 10 {\"unitCode\":\"BP1\",\"openOnly\":true}"
    "completion.plant.month inspection inspection.GetCompletion 0 {\"unitCode\":\"BP1\",\"fromDate\":\"@FROM_DATE@\",\"toDate\":\"@TO_DATE@\"}"
    "completion.department.month inspection inspection.GetCompletion 0 {\"unitCode\":\"BP1D01\",\"fromDate\":\"@FROM_DATE@\",\"toDate\":\"@TO_DATE@\"}"
    "history.team.month inspection inspection.GetUnitHistory 0 {\"unitCode\":\"BP1D01T01\",\"fromMs\":\"@FROM_MS@\",\"toMs\":\"@TO_MS@\"}"
    "violations.plant.month inspection inspection.SearchViolations 0 {\"unitCode\":\"BP1\",\"fromMs\":\"@FROM_MS@\",\"toMs\":\"@TO_MS@\"}"
    "forms.team rectification rectification.ListForms 0 {\"unitCode\":\"BP1D01T01\"}"
    "forms.team.open rectification rectification.ListForms 0 {\"unitCode\":\"BP1D01T01\",\"openOnly\":true}"
    "forms.plant rectification rectification.ListForms 0 {\"unitCode\":\"BP1\"}"
    "forms.plant.open rectification rectification.ListForms 0 {\"unitCode\":\"BP1\",\"openOnly\":true}"
    "stats.team.month rectification rectification.GetStats 0 {\"unitCode\":\"BP1D01T01\",\"fromMs\":\"@FROM_MS@\",\"toMs\":\"@TO_MS@\"}"
    "stats.plant.month rectification rectification.GetStats 0 {\"unitCode\":\"BP1\",\"fromMs\":\"@FROM_MS@\",\"toMs\":\"@TO_MS@\"}"
    "stats.enterprise.month rectification rectification.GetStats 0 {\"unitCode\":\"BC\",\"fromMs\":\"@FROM_MS@\",\"toMs\":\"@TO_MS@\"}"
    "stats.enterprise.past rectification rectification.GetStats 0 {\"unitCode\":\"BC\",\"fromMs\":\"@PAST_FROM_MS@\",\"toMs\":\"@PAST_TO_MS@\"}"
)

# flat_sizes: SF_BENCH_FLAT_SIZES read into FLAT_SIZES, or the run stops; with
# SF_BENCH_FLAT_ONLY (an extended regular expression) only the queries whose key matches it.
flat_sizes () {
    local size line
    local -a kept=()
    read -r -a FLAT_SIZES <<<"$FLAT_SIZES_TEXT"
    (( ${#FLAT_SIZES[@]} > 0 )) || sf_die "SF_BENCH_FLAT_SIZES must list at least one size"
    for size in "${FLAT_SIZES[@]}"; do
        [[ "$size" =~ ^[1-9][0-9]{0,8}$ ]] && (( size >= 1000 )) \
            || sf_die "SF_BENCH_FLAT_SIZES must list whole numbers of findings from 1000 to 999999999, not '$size'"
    done
    [[ "$FLAT_REQUESTS" =~ ^[1-9][0-9]{0,6}$ ]] && (( FLAT_REQUESTS >= 4 )) \
        || sf_die "SF_BENCH_FLAT_REQUESTS must be a whole number of requests from 4 to 9999999, not '$FLAT_REQUESTS'"
    [[ -n "${SF_BENCH_FLAT_ONLY:-}" ]] || return 0
    for line in "${FLAT_QUERIES[@]}"; do
        [[ "${line%% *}" =~ $SF_BENCH_FLAT_ONLY ]] && kept+=("$line")
    done
    (( ${#kept[@]} > 0 )) || sf_die "SF_BENCH_FLAT_ONLY '$SF_BENCH_FLAT_ONLY' matches no query"
    FLAT_QUERIES=("${kept[@]}")
}

# flat_prepare SIZE: the size's schemas made and filled by the screen part's generator (its
# variables set to this size), the violations added, the two daemons running on them.
flat_prepare () {
    local size="$1" t0 daemon
    SCREEN_INSP_SCHEMA="bench_flat_insp_$size"
    SCREEN_RECT_SCHEMA="bench_flat_rect_$size"
    # shellcheck disable=SC2034 # read by screen_prepare (deploy/bench)
    SCREEN_FINDINGS="$size"
    # shellcheck disable=SC2034 # read by screen_prepare (deploy/bench)
    SCREEN_FORMS=$(( size / 10 ))
    t0="$(date +%s%N)"
    screen_prepare
    # The boards' other daemons, when screen_prepare starts them, are not read here.
    for daemon in training lesson scoring; do
        [[ -z "${SCREEN_ENDPOINT[$daemon]:-}" ]] || sf_daemon_stop "$STATE_DIR" "$daemon"
        sql "DROP SCHEMA IF EXISTS bench_screen_$daemon CASCADE" >/dev/null
    done
    SCREEN_ENDPOINT=()
    bench_log "generating $(( size / 20 )) violations in $SCREEN_INSP_SCHEMA"
    screen_psql "$SCREEN_INSP_SCHEMA" flat_violations.sql -v violations=$(( size / 20 )) -v days=365 >/dev/null \
        || sf_die "generating the violations failed"
    # The tables as a system that has been running has them: vacuumed (their pages all visible,
    # so the lists' index-only scans read no row; nothing left for autovacuum, whose first pass
    # over a freshly loaded table would otherwise run among the measurements) and analysed.
    sql "VACUUM (ANALYZE) $SCREEN_INSP_SCHEMA.finding, $SCREEN_INSP_SCHEMA.violation, $SCREEN_INSP_SCHEMA.task,
         $SCREEN_RECT_SCHEMA.form, $SCREEN_RECT_SCHEMA.stats_form_day" >/dev/null
    RESULT["flat_gen,$size"]="$(screen_seconds "$t0")"
    RESULT["flat_rows,$size"]="$(sql "SELECT (SELECT count (*) FROM $SCREEN_INSP_SCHEMA.finding) || ' findings, '
        || (SELECT count (*) FROM $SCREEN_INSP_SCHEMA.violation) || ' violations, '
        || (SELECT count (*) FROM $SCREEN_INSP_SCHEMA.task) || ' tasks, '
        || (SELECT count (*) FROM $SCREEN_RECT_SCHEMA.form) || ' forms; database '
        || pg_size_pretty (pg_database_size (current_database ()))")"
    bench_log "size $size: ${RESULT["flat_rows,$size"]} (set-up ${RESULT["flat_gen,$size"]} s)"
    sql "CHECKPOINT" >/dev/null
}

# flat_drop SIZE: the daemons stopped, the size's schemas dropped (the next size starts fresh,
# and the disk holds one size at a time).
flat_drop () {
    sf_daemon_stop "$STATE_DIR" inspection
    sf_daemon_stop "$STATE_DIR" rectification
    sql "DROP SCHEMA bench_flat_insp_$1 CASCADE; DROP SCHEMA bench_flat_rect_$1 CASCADE" >/dev/null
}

# flat_json JSON: the request with the period filled in (the last 30 days up to now).
flat_json () {
    local now_ms from_ms to_date from_date
    now_ms="$(date +%s%3N)"
    from_ms=$(( now_ms - 30 * 86400000 ))
    to_date="$(TZ="$SCREEN_ZONE" date +%F)"
    from_date="$(TZ="$SCREEN_ZONE" date -d "$to_date - 30 days" +%F)"
    local json="${1//@PAST_FROM_MS@/$(( from_ms - 30 * 86400000 ))}"
    json="${json//@PAST_TO_MS@/$from_ms}"
    json="${json//@FROM_MS@/$from_ms}"
    json="${json//@TO_MS@/$now_ms}"
    json="${json//@FROM_DATE@/$from_date}"
    printf '%s\n' "${json//@TO_DATE@/$to_date}"
}

# flat_endpoint DAEMON
flat_endpoint () {
    case "$1" in
        inspection) printf '%s\n' "$RPC_ENDPOINT" ;;
        rectification) printf '%s\n' "$RECT_ENDPOINT" ;;
        *) sf_die "flat: no endpoint for daemon $1" ;;
    esac
}

# flat_query SIZE CLIENTS LINE [REQUESTS]: one line of FLAT_QUERIES measured with query_bench;
# with REQUESTS (the explain round) the figures are not kept.
flat_query () {
    local size="$1" clients="$2" key daemon request pages json out requests="${4:-$FLAT_REQUESTS}"
    read -r key daemon request pages json <<<"$3"
    out="$("$BUILD_DIR/tests/bench/query_bench" --endpoint "$(flat_endpoint "$daemon")" --server "$daemon" \
            --request "$request" --json "$(flat_json "$json")" --pages "$pages" --clients "$clients" \
            --requests "$requests" --seconds "$FLAT_SECONDS_MAX")" \
        || sf_die "query_bench $key ($request $json, $pages pages) with $clients clients failed: $out"
    [[ -z "${4:-}" ]] || return 0
    (( $(field failed "$out") == 0 )) || sf_die "query_bench $key: failed requests: $out"
    RESULT["fq_p50,$key,$size,$clients"]="$(field p50_ms "$out")"
    RESULT["fq_p99,$key,$size,$clients"]="$(field p99_ms "$out")"
    RESULT["fq_max,$key,$size,$clients"]="$(field max_ms "$out")"
    RESULT["fq_ok,$key,$size,$clients"]="$(field ok "$out")"
    RESULT["fq_rate,$key,$size,$clients"]="$(field cmds_per_s "$out")"
    RESULT["fq_page,$key,$size"]="$(( $(field pages "$out") + 1 ))"
    bench_log "size $size $key $clients clients: $out"
}

# flat_missed SIZE KEY: whether the query's p99 is over the floor at either client count.
flat_missed () {
    local clients
    for clients in "${FLAT_CLIENT_COUNTS[@]}"; do
        awk -v a="${RESULT["fq_p99,$2,$1,$clients"]}" -v f="$FLAT_FLOOR_MS" 'BEGIN { exit !(a > f) }' && return 0
    done
    return 1
}

# flat_restart_daemons: both daemons started again on the size's schemas (new sessions, which
# take the cluster's session settings as they now are).
flat_restart_daemons () {
    sf_daemon_stop "$STATE_DIR" inspection
    sf_daemon_stop "$STATE_DIR" rectification
    screen_daemon_start inspection "$SCREEN_INSP_SCHEMA" "$RPC_PORT" "$RPC_ENDPOINT"
    screen_daemon_start rectification "$SCREEN_RECT_SCHEMA" "$RECT_PORT" "$RECT_ENDPOINT"
}

# flat_explain SIZE: the plans of the queries that missed the floor, as the daemons ran them:
# auto_explain (ANALYZE, BUFFERS) loaded into their sessions for the time of one request each,
# the slowest plan logged meanwhile of a statement reading the request's table kept and printed.
flat_explain () {
    local size="$1" line key request table log offset plan missed=()
    for line in "${FLAT_QUERIES[@]}"; do
        read -r key _ <<<"$line"
        flat_missed "$size" "$key" && missed+=("$line")
    done
    (( ${#missed[@]} > 0 )) || return 0
    log="$STATE_DIR/log/postgres.log"
    flat_auto_explain SET
    flat_restart_daemons
    for line in "${missed[@]}"; do
        read -r key _ request _ <<<"$line"
        # The statement of the request reads this table (the daemons' jobs log plans too).
        case "$request" in
            *.SearchViolations) table=violation ;;
            *.GetCompletion) table=task ;;
            rectification.*) table=form ;;
            *) table=finding ;;
        esac
        offset="$(stat -L -c %s "$log")"
        flat_query "$size" 1 "$line" 1
        sleep 0.5
        # Entries begin with the log line prefix (a timestamp); a plan runs on to the next entry.
        plan="$(tail -c +$(( offset + 1 )) "$log" | awk -v from="FROM $table " '
            function keep () { if (text != "" && ms > best && index (text, from)) { best = ms; kept = text } }
            /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] / { keep (); text = ""; ms = -1
                                             if (match ($0, /duration: [0-9.]+ ms  plan:/)) {
                                                 ms = substr ($0, RSTART + 10, RLENGTH - 10) + 0; text = $0 }
                                             next }
            ms >= 0 { text = text "\n" $0 }
            END { keep (); print kept }')"
        printf '=== size %s, %s (%s)\n%s\n\n' "$size" "$key" "${line#* * }" "$plan" >>"$FLAT_PLANS"
        bench_log "the plan of $key at $size findings (the slowest statement on $table of one request):"
        printf '%s\n' "$plan" >&2
    done
    flat_auto_explain RESET
}

# flat_auto_explain SET|RESET: auto_explain loaded into every new session of the cluster and
# logging every statement's plan with its actual rows and buffers (not each node's time: the
# clock reads would weigh on plans of many small loops), or no longer. ALTER SYSTEM
# runs outside a transaction (a -c each) and knows auto_explain's settings once it is loaded.
flat_auto_explain () {
    local setting
    local -a commands=(-c "LOAD 'auto_explain'")
    for setting in "session_preload_libraries = 'auto_explain'" "auto_explain.log_min_duration = 0" \
                   "auto_explain.log_analyze = on" "auto_explain.log_buffers = on" "auto_explain.log_timing = off" \
                   "auto_explain.log_nested_statements = on"; do
        if [[ "$1" == SET ]]; then
            commands+=(-c "ALTER SYSTEM SET $setting")
        else
            commands+=(-c "ALTER SYSTEM RESET ${setting%% *}")
        fi
    done
    "$SF_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U safety -d safety -At "${commands[@]}" \
        -c "SELECT pg_reload_conf ()" >/dev/null || sf_die "flat: auto_explain could not be ${1,,} for the daemons' sessions"
}

print_flat_table () {
    local size line key request pages json clients growth floor=ok last="${FLAT_SIZES[-1]}" first="${FLAT_SIZES[0]}"
    local -a misses=()
    printf '\nLists and statistics of findings and forms, %s requests per row (at most %s s), %s\n' \
        "$FLAT_REQUESTS" "$FLAT_SECONDS_MAX" "$(date -u '+%Y-%m-%d %H:%M UTC')"
    for size in "${FLAT_SIZES[@]}"; do
        printf '\n%s findings: %s; generated in %s s.\n\n' "$size" "${RESULT["flat_rows,$size"]}" "${RESULT["flat_gen,$size"]}"
        printf '| query | request | page | clients | req/s | p50 ms | p99 ms | max ms |\n'
        printf '|---|---|---:|---:|---:|---:|---:|---:|\n'
        for line in "${FLAT_QUERIES[@]}"; do
            read -r key _ request pages json <<<"$line"
            for clients in "${FLAT_CLIENT_COUNTS[@]}"; do
                printf '| %s | %s | %s | %d | %.0f | %.2f | %.2f | %.1f |\n' "$key" "${request#*.}" \
                    "${RESULT["fq_page,$key,$size"]}" "$clients" "${RESULT["fq_rate,$key,$size,$clients"]}" \
                    "${RESULT["fq_p50,$key,$size,$clients"]}" "${RESULT["fq_p99,$key,$size,$clients"]}" \
                    "${RESULT["fq_max,$key,$size,$clients"]}"
            done
        done
    done
    printf '\nGrowth of p99 (ms, 1 client / 4 clients) with the findings:\n\n| query |'
    for size in "${FLAT_SIZES[@]}"; do
        printf ' %s |' "$size"
    done
    printf ' 1 client, largest / smallest size |\n|---|'
    for size in "${FLAT_SIZES[@]}"; do
        printf -- '---:|'
    done
    printf -- '---:|\n'
    for line in "${FLAT_QUERIES[@]}"; do
        read -r key _ <<<"$line"
        printf '| %s |' "$key"
        for size in "${FLAT_SIZES[@]}"; do
            printf ' %.2f / %.2f |' "${RESULT["fq_p99,$key,$size,1"]}" "${RESULT["fq_p99,$key,$size,4"]}"
        done
        growth="$(awk -v a="${RESULT["fq_p99,$key,$last,1"]}" -v b="${RESULT["fq_p99,$key,$first,1"]}" \
                      'BEGIN { printf "%.1f", (b > 0)? a / b: 0 }')"
        printf ' %sx |\n' "$growth"
        flat_missed "$last" "$key" && misses+=("$key")
    done
    (( ${#misses[@]} == 0 )) || floor="MISSED by ${misses[*]}"
    printf '\nFloor (every p99 <= %s ms at %s findings, 1 and 4 clients): %s.\n' "$FLAT_FLOOR_MS" "$last" "$floor"
    [[ ! -s "$FLAT_PLANS" ]] || printf 'Plans of the misses: %s\n' "$FLAT_PLANS"
    printf 'PostgreSQL round trip (SELECT 1, one client): %s µs before, %s µs after the measurements.\n' \
        "${RESULT[round_trip,flat before]}" "${RESULT[round_trip,flat after]}"
    printf 'CPU taken by other processes during the measurements: at most %s%% of one core (of %s).\n' \
        "$OTHERS_MAX" "$(( $(nproc) * 100 ))"
    if (( OTHERS_MAX > 20 )); then
        sf_warn "other processes used up to ${OTHERS_MAX}% CPU during the measurements: the figures are disturbed, run again on a quiet machine"
    fi
}

# flat_hold: waits while the file it names exists (SF_BENCH_FLAT_HOLD), the data and servers up.
flat_hold () {
    local hold="$STATE_DIR/hold"
    : >"$hold"
    bench_log "held: psql '$(sf_pg_conninfo "$STATE_DIR")' (PGPASSFILE=$PGPASSFILE); schemas $SCREEN_INSP_SCHEMA, $SCREEN_RECT_SCHEMA; remove $hold to go on"
    while [[ -e "$hold" ]]; do sleep 2; done
}

flat_part () {
    local size line clients
    flat_sizes
    OTHERS_MAX=0
    FLAT_PLANS="$BUILD_DIR/bench-flat-plans.txt"
    : >"$FLAT_PLANS"
    round_trip "flat before"
    for size in "${FLAT_SIZES[@]}"; do
        flat_prepare "$size"
        scor_others_start "$(sf_daemon_pid "$STATE_DIR" inspection)" "$(sf_daemon_pid "$STATE_DIR" rectification)"
        for line in "${FLAT_QUERIES[@]}"; do
            for clients in "${FLAT_CLIENT_COUNTS[@]}"; do
                flat_query "$size" "$clients" "$line"
            done
        done
        scor_others "$(sf_daemon_pid "$STATE_DIR" inspection)" "$(sf_daemon_pid "$STATE_DIR" rectification)"
        bench_log "size $size: CPU during the measurements (% of one core): $SCOR_CPU"
        flat_explain "$size"
        [[ -z "${SF_BENCH_FLAT_HOLD:-}" || "$size" != "${FLAT_SIZES[-1]}" ]] || flat_hold
        flat_drop "$size"
    done
    round_trip "flat after"
    print_flat_table
}
