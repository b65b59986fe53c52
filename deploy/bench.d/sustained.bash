# deploy/bench sustained: twice the peak for SF_BENCH_SUSTAINED_SECONDS, with the retention
# working under it (issue 17). Sourced by deploy/bench; reuses its inspection part (the bench
# enterprise of 4 plants x 10 departments x 25 teams in sf-inspection's org copy,
# insp_prepare_schema, run_insp_e2e, insp_daemon_start, the checks).
#
#   1. The peak: inspection.ReportFinding from SUS_PEAK_CLIENTS (16) synchronous clients for
#      SF_BENCH_SECONDS (run_insp_e2e, group commit on): its rate and p50/p99, the concurrency
#      at which the daemon already runs the machine full (docs/benchmarks.md, Inspection).
#   2. The seed, the daemon stopped: per table SF_BENCH_SUSTAINED_EXPIRED rows older than
#      their retention (published outbox events, idempotency keys, inbox rows) and
#      SUS_LIVE rows younger than it (deploy/bench.d/sustained_seed.sql), VACUUM ANALYZE,
#      CHECKPOINT.
#   3. The run: the daemon started on that schema (retention.outbox_days 7,
#      retention.idempotency_hours 168, retention.inbox_days 30, the defaults, set explicitly;
#      the stream's cap raised so that no entry of the run is trimmed), then twice the peak's
#      concurrency (32 clients, closed loop: a client sends its next command when the last
#      is answered) for SF_BENCH_SUSTAINED_SECONDS. Twice the clients at a concurrency that
#      already fills the machine doubles the work waiting, not the rate: what the run shows
#      is that the daemon stays stable in overload. inspection_bench --window-ms prints each
#      10 s window as it closes (commands/s, p50, p99, max); at each the script looks at the
#      age of the oldest unpublished outbox row (sus_outbox_age_sql; also every second, the
#      window keeps the worst), the unpublished rows, the rows of sf_outbox, sf_idempotency
#      and sf_inbox (PostgreSQL's statistic; counted exactly once a minute, with how many are
#      expired: the counts cost up to a second of PostgreSQL's time at a million rows), the
#      daemon's VmRSS, the Redis stream's length, and the CPU of PostgreSQL, the daemon, Redis
#      and the machine since the last look. PostgreSQL logs statements over SUS_SLOW_MS, its
#      checkpoints and autovacuums; they are summarised after the run.
#   4. The summary: p99 of the windows in the first minute, the last minute and at worst; the
#      outbox age at worst; RSS at the start, the end and at most; the tables' sizes
#      (pg_total_relation_size) before and after; a per-minute table (markdown, the one in
#      docs/benchmarks.md); the retention's floor (every expired row gone within the run,
#      every live one kept) and when each table's expired rows were gone; and the inspection
#      part's checks: ok replies = findings = finding_reported events = stream entries of
#      the run, finding numbers without gaps.
# It exits non-zero when a check fails, a live row went, or expired rows are left at the end.
# Figures taken on the wall clock (look times, CPU %, PostgreSQL's durations, the outbox age,
# request deadlines) jump when the VM is paused and its clock steps on resume; the windows are
# on the monotonic clock.
#
# Environment: SF_BENCH_SECONDS (the peak's length, default 10), SF_BENCH_SUSTAINED_SECONDS
# (20 to 7200, default 600), SF_BENCH_SUSTAINED_EXPIRED (expired rows per table, 1000 to
# 10000000, default 1000000). About SF_BENCH_SUSTAINED_SECONDS + 2 min with a seed of a
# million rows per table. Method and results: docs/benchmarks.md, Sustained load.

SUS_SECONDS="${SF_BENCH_SUSTAINED_SECONDS:-600}"
SUS_EXPIRED="${SF_BENCH_SUSTAINED_EXPIRED:-1000000}"
SUS_LIVE=10000                   # rows younger than their retention, per table
SUS_PEAK_CLIENTS=16
SUS_CLIENTS=$(( 2 * SUS_PEAK_CLIENTS ))
SUS_WINDOW_MS=10000
SUS_OUTBOX_DAYS=7
SUS_IDEM_HOURS=168
SUS_INBOX_DAYS=30
SUS_STREAM_MAXLEN=100000000      # far above the run's events: the stream check counts them all
SUS_DIR=""
SUS_T0=""                        # the time the seeded rows' ages count from
SUS_OUTBOX_EXPIRED_FIRST=0       # seeded outbox ids: expired from the first to the last,
SUS_OUTBOX_EXPIRED_LAST=0        # live after it up to the next
SUS_OUTBOX_LIVE_LAST=0

# sus_outbox_age_sql SCHEMA: the query of the age, in ms, of the oldest event not yet
# published (0 when every event is). The relay's columns are read here and nowhere else.
sus_outbox_age_sql () {
    printf 'SELECT coalesce (round (extract (epoch FROM clock_timestamp () - min (created_at)) * 1000), 0)
            FROM %s.sf_outbox WHERE published_at IS NULL' "$1"
}

# sus_unpublished_sql SCHEMA: the query of the number of events not yet published.
sus_unpublished_sql () {
    printf 'SELECT count (*) FROM %s.sf_outbox WHERE published_at IS NULL' "$1"
}

# sus_validate: the part's settings, before anything starts.
sus_validate () {
    if [[ ! "$SUS_SECONDS" =~ ^[1-9][0-9]{0,3}$ ]] || (( SUS_SECONDS < 20 || SUS_SECONDS > 7200 )); then
        sf_die "SF_BENCH_SUSTAINED_SECONDS must be a whole number of seconds from 20 to 7200, not '$SUS_SECONDS'"
    fi
    if [[ ! "$SUS_EXPIRED" =~ ^[1-9][0-9]{3,7}$ ]] || (( SUS_EXPIRED > 10000000 )); then
        sf_die "SF_BENCH_SUSTAINED_EXPIRED must be a whole number of rows from 1000 to 10000000, not '$SUS_EXPIRED'"
    fi
}

# sus_daemon_start: sf-inspection on the sustained schema with the retentions and the cap;
# the port in use must be this daemon's (another process may hold it: see sustained_part).
sus_daemon_start () {
    SF_RETENTION_OUTBOX_DAYS="$SUS_OUTBOX_DAYS" SF_RETENTION_IDEMPOTENCY_HOURS="$SUS_IDEM_HOURS" \
    SF_RETENTION_INBOX_DAYS="$SUS_INBOX_DAYS" SF_REDIS_STREAM_MAXLEN="$SUS_STREAM_MAXLEN" \
        insp_daemon_start "$INSP_E2E_SCHEMA" 64
    sleep 1
    sf_pid_alive "$(sf_daemon_pid "$STATE_DIR" inspection)" \
        || sf_die "sf-inspection stopped right after its start (log: $STATE_DIR/log/inspection.log)"
}

# sus_seed: the expired and live rows of the three tables, then VACUUM ANALYZE (as a table
# that lived that long would be) and a checkpoint. The daemon is stopped.
sus_seed () {
    local started seconds expired_outbox expired_idem expired_inbox
    SUS_T0="$(sql "SELECT now ()")"
    bench_log "sustained: seeding $SUS_EXPIRED expired and $SUS_LIVE live rows into each of sf_outbox, sf_idempotency, sf_inbox"
    started="$(date +%s%3N)"
    PGOPTIONS="-c search_path=$INSP_E2E_SCHEMA,public" "$SF_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 \
        -h 127.0.0.1 -p "$PG_PORT" -U safety -d safety -v expired="$SUS_EXPIRED" -v live="$SUS_LIVE" \
        -v outbox_days="$SUS_OUTBOX_DAYS" -v idempotency_hours="$SUS_IDEM_HOURS" -v inbox_days="$SUS_INBOX_DAYS" \
        -v stream="$INSP_STREAM" -v t0="$SUS_T0" -f "$SF_DEPLOY_DIR/bench.d/sustained_seed.sql" >/dev/null \
        || sf_die "seeding the expired rows into $INSP_E2E_SCHEMA failed"
    SUS_OUTBOX_EXPIRED_FIRST="$(sql "SELECT min (id) FROM $INSP_E2E_SCHEMA.sf_outbox WHERE event_type = 'bench.seeded_expired'")"
    SUS_OUTBOX_EXPIRED_LAST="$(sql "SELECT max (id) FROM $INSP_E2E_SCHEMA.sf_outbox WHERE event_type = 'bench.seeded_expired'")"
    SUS_OUTBOX_LIVE_LAST="$(sql "SELECT max (id) FROM $INSP_E2E_SCHEMA.sf_outbox WHERE event_type = 'bench.seeded_live'")"
    sql "VACUUM ANALYZE $INSP_E2E_SCHEMA.sf_outbox, $INSP_E2E_SCHEMA.sf_idempotency, $INSP_E2E_SCHEMA.sf_inbox" >/dev/null
    seconds="$(awk -v ms=$(( $(date +%s%3N) - started )) 'BEGIN { printf "%.1f", ms / 1000 }')"
    read -r expired_outbox expired_idem expired_inbox < <(sus_expired)
    (( expired_outbox == SUS_EXPIRED && expired_idem == SUS_EXPIRED && expired_inbox == SUS_EXPIRED )) \
        || sf_die "seeded $SUS_EXPIRED expired rows a table, but $expired_outbox, $expired_idem and $expired_inbox are expired"
    sus_live_kept || sf_die "the $SUS_LIVE live rows a table are not all there after the seed"
    settle
    bench_log "sustained: seeded in $seconds s (with VACUUM ANALYZE); expired: $expired_outbox outbox, $expired_idem idempotency, $expired_inbox inbox rows"
}

# sus_expired: "outbox idempotency inbox", the rows older than their retention now. The
# expired outbox rows are the seeded ones still there (no event of the run can age past 7
# days), counted by their ids on the primary key, not by a scan of published_at.
sus_expired () {
    sql "SELECT (SELECT count (*) FROM $INSP_E2E_SCHEMA.sf_outbox
                 WHERE id BETWEEN $SUS_OUTBOX_EXPIRED_FIRST AND $SUS_OUTBOX_EXPIRED_LAST),
                (SELECT count (*) FROM $INSP_E2E_SCHEMA.sf_idempotency
                 WHERE created_at < now () - make_interval (hours => $SUS_IDEM_HOURS)),
                (SELECT count (*) FROM $INSP_E2E_SCHEMA.sf_inbox
                 WHERE processed_at < now () - make_interval (days => $SUS_INBOX_DAYS))" | tr '|' ' '
}

# sus_live_kept: true while every seeded row younger than its retention is still there.
sus_live_kept () {
    [[ "$(sql "SELECT (SELECT count (*) FROM $INSP_E2E_SCHEMA.sf_outbox
                       WHERE id > $SUS_OUTBOX_EXPIRED_LAST AND id <= $SUS_OUTBOX_LIVE_LAST) = $SUS_LIVE
                  AND (SELECT count (*) FROM $INSP_E2E_SCHEMA.sf_idempotency
                       WHERE created_at BETWEEN '$SUS_T0'::timestamptz - make_interval (hours => $SUS_IDEM_HOURS) * 0.5
                                            AND '$SUS_T0'::timestamptz - make_interval (hours => $SUS_IDEM_HOURS) * 0.25) = $SUS_LIVE
                  AND (SELECT count (*) FROM $INSP_E2E_SCHEMA.sf_inbox
                       WHERE processed_at BETWEEN '$SUS_T0'::timestamptz - make_interval (days => $SUS_INBOX_DAYS) * 0.5
                                              AND '$SUS_T0'::timestamptz - make_interval (days => $SUS_INBOX_DAYS) * 0.25) = $SUS_LIVE")" == t ]]
}

# sus_pg_logging: PostgreSQL logs every statement slower than SUS_SLOW_MS, the checkpoints and
# every autovacuum, so that a stall in a window can be named (the cluster is the bench's own).
SUS_SLOW_MS=200
sus_pg_logging () {
    sql "ALTER SYSTEM SET log_min_duration_statement = $SUS_SLOW_MS" >/dev/null
    sql "ALTER SYSTEM SET log_checkpoints = on" >/dev/null
    sql "ALTER SYSTEM SET log_autovacuum_min_duration = 0" >/dev/null
    sql "SELECT pg_reload_conf ()" >/dev/null
}

# sus_pg_log_summary FROM: what PostgreSQL logged after byte FROM of its log: the statements
# slower than SUS_SLOW_MS grouped by their first words (count, worst, total), the checkpoints,
# the autovacuums of the tables the retention prunes.
sus_pg_log_summary () {
    local log="$STATE_DIR/log/postgres.log"
    tail -c +"$(( $1 + 1 ))" "$log" >"$SUS_DIR/postgres.log"
    bench_log "sustained: PostgreSQL during the run: statements slower than $SUS_SLOW_MS ms (count, worst ms, total s: first words):"
    awk '/duration: [0-9.]+ ms/ {
            match ($0, /duration: [0-9.]+ ms/); ms = substr ($0, RSTART + 10, RLENGTH - 13) + 0
            text = substr ($0, RSTART + RLENGTH); sub (/^ +(statement|execute [^:]*): */, "", text)
            gsub (/[ \t]+/, " ", text); key = substr (text, 1, 70)
            n[key]++; t[key] += ms; if (ms > m[key]) m[key] = ms
         }
         END { for (k in n) printf "[bench]   %5d %9.1f %8.1f  %s\n", n[k], m[k], t[k] / 1000, k
               if (!length (n)) print "[bench]   (none)" }' \
        "$SUS_DIR/postgres.log" | sort -k3 -n -r | head -n 12 >&2
    grep -o 'checkpoint complete:.*total=[0-9.]* s' "$SUS_DIR/postgres.log" | sed 's/^/[bench]   /' >&2 || true
    # One line per autovacuum of the tables the run writes: when, which, rows removed / left, time.
    awk '/automatic vacuum of table/ { match ($0, /table "[^"]*"/); table = substr ($0, RSTART + 7, RLENGTH - 8)
                                         sub (/.*\./, "", table); at = $2
                                         if (table !~ /^(sf_outbox|sf_idempotency|sf_inbox|sf_audit|finding)$/) table = "" }
         /tuples: [0-9]+ removed/ && table { match ($0, /tuples: [0-9]+ removed, [0-9]+ remain/); tuples = substr ($0, RSTART, RLENGTH) }
         /elapsed: / && table { match ($0, /elapsed: [0-9.]+ s/)
                                printf "[bench]   autovacuum %s %s: %s, %s\n", at, table, tuples, substr ($0, RSTART, RLENGTH); table = "" }' \
        "$SUS_DIR/postgres.log" >&2
}

# sus_sizes: "outbox idempotency inbox audit finding", pg_total_relation_size in MB.
sus_sizes () {
    local table
    local -a sizes=()
    for table in sf_outbox sf_idempotency sf_inbox sf_audit finding; do
        sizes+=("round (pg_total_relation_size ('$INSP_E2E_SCHEMA.$table') / 1048576.0, 1)")
    done
    sql "SELECT $(IFS=,; printf '%s' "${sizes[*]}")" | tr '|' ' '
}

# sus_rss PID: the process's resident set in kB (/proc/PID/status VmRSS).
sus_rss () {
    awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"
}

# sus_sample DAEMON_PID EXACT: one look at the database, the daemon and Redis:
# "age_ms unpublished outbox idempotency inbox expired_outbox expired_idempotency
#  expired_inbox rss_kb xlen". With EXACT 1 the rows are counted (index scans: up to a
# second of PostgreSQL's time at a million rows, so once a minute); otherwise the table sizes
# are PostgreSQL's live-row statistics (n_live_tup) and the expired counts -1 (not looked).
sus_sample () {
    local daemon_pid="$1" rows
    if [[ "$2" == 1 ]]; then
        rows="$(sql "SELECT (SELECT count (*) FROM $INSP_E2E_SCHEMA.sf_outbox),
                            (SELECT count (*) FROM $INSP_E2E_SCHEMA.sf_idempotency),
                            (SELECT count (*) FROM $INSP_E2E_SCHEMA.sf_inbox)" | tr '|' ' ') $(sus_expired)"
    else
        rows="$(sql "SELECT string_agg (n_live_tup::text, ' ' ORDER BY relname) FROM pg_stat_user_tables
                     WHERE schemaname = '$INSP_E2E_SCHEMA' AND relname IN ('sf_idempotency', 'sf_inbox', 'sf_outbox')" \
                | awk '{ print $3, $1, $2 }') -1 -1 -1"
    fi
    printf '%s %s %s %s\n' \
        "$(sql "SELECT ($(sus_outbox_age_sql "$INSP_E2E_SCHEMA")), ($(sus_unpublished_sql "$INSP_E2E_SCHEMA"))" | tr '|' ' ')" \
        "$rows" "$(sus_rss "$daemon_pid")" "$(redis XLEN "$INSP_STREAM")"
}

# sus_age_sampler FILE: the age of the oldest unpublished event every second, one a line, until
# killed: a stall of the relay (a long pass) falls between the looks of the windows.
sus_age_sampler () {
    while true; do
        sql "$(sus_outbox_age_sql "$INSP_E2E_SCHEMA")" >>"$1" || true
        sleep 1
    done
}

# sus_windows DAEMON_PID REDIS_PID FILE CLIENT_PID: reads inspection_bench's lines; at each
# window line samples (sus_sample) and appends one record to FILE:
#   window end_s ok failed cmds_per_s p50 p99 max age_ms unpublished outbox idempotency inbox
#   expired_outbox expired_idempotency expired_inbox rss_kb xlen pg% daemon% redis% machine% look_ms
# (CPU in % of one core since the previous record; age_ms the worst of the look and of the
# seconds of FILE.age in the window; rows counted every SUS_EXACT_EVERY windows, see
# sus_sample); window 0 is the look before the start. The summary line goes to FILE.summary.
SUS_EXACT_EVERY=6
sus_windows () {
    local daemon_pid="$1" redis_pid="$2" file="$3" client_pid="$4" line look look_ms started now
    local pg daemon redis_cpu host pg_before daemon_before redis_before host_before at_before seconds
    local ages_seen=0 ages age_max exact
    local -a w
    pg_before="$(pg_ticks)"
    daemon_before="$(cpu_ticks "$daemon_pid")"
    redis_before="$(cpu_ticks "$redis_pid")"
    host_before="$(host_busy_ticks)"
    at_before="$(date +%s%3N)"
    while IFS= read -r line; do
        if [[ "$line" == clients=* ]]; then
            printf '%s\n' "$line" >"$file.summary"
            continue
        fi
        [[ "$line" == window=* ]] || continue
        if ! sf_pid_alive "$daemon_pid"; then
            kill "$client_pid" 2>/dev/null || true
            sf_die "sustained: sf-inspection (pid $daemon_pid) is gone (log: $STATE_DIR/log/inspection.log)"
        fi
        started="$(date +%s%3N)"
        exact=$(( $(field window "$line") % SUS_EXACT_EVERY == 0 ))
        look="$(sus_sample "$daemon_pid" "$exact")"
        now="$(date +%s%3N)"
        look_ms=$(( now - started ))
        seconds="$(awk -v ms=$(( now - at_before )) 'BEGIN { printf "%.3f", ms / 1000 }')"
        pg=$(pg_ticks); daemon=$(cpu_ticks "$daemon_pid"); redis_cpu=$(cpu_ticks "$redis_pid"); host=$(host_busy_ticks)
        read -r -a w <<<"$look"
        ages="$(wc -l <"$file.age")"
        age_max="$(tail -n +$(( ages_seen + 1 )) "$file.age" | head -n $(( ages - ages_seen )) \
                   | awk -v m="${w[0]}" '$1 > m { m = $1 } END { print m }')"
        ages_seen="$ages"
        w[0]="$age_max"
        printf '%s %s %s %s %s %s %s %s %s %s %s %s %s %s %s %s %s %s %s %s %s %s %s\n' \
            "$(field window "$line")" "$(field end_s "$line")" "$(field ok "$line")" "$(field failed "$line")" \
            "$(field cmds_per_s "$line")" "$(field p50_ms "$line")" "$(field p99_ms "$line")" "$(field max_ms "$line")" \
            "${w[@]}" "$(percent $(( pg - pg_before )) "$seconds")" "$(percent $(( daemon - daemon_before )) "$seconds")" \
            "$(percent $(( redis_cpu - redis_before )) "$seconds")" "$(percent $(( host - host_before )) "$seconds")" \
            "$look_ms" >>"$file"
        bench_log "$(printf 'sustained %6.1f s: %6.0f cmds/s (%s failed) p50 %6.2f p99 %7.2f max %7.1f ms  outbox age %5s ms (%s unpublished)  rows outbox %s idem %s inbox %s  expired %s / %s / %s  rss %s kB  xlen %s  cpu %% pg %s daemon %s redis %s machine %s  (look %s ms)' \
            "$(field end_s "$line")" "$(field cmds_per_s "$line")" "$(field failed "$line")" "$(field p50_ms "$line")" "$(field p99_ms "$line")" \
            "$(field max_ms "$line")" "${w[0]}" "${w[1]}" "${w[2]}" "${w[3]}" "${w[4]}" "${w[5]}" "${w[6]}" "${w[7]}" \
            "${w[8]}" "${w[9]}" "$(percent $(( pg - pg_before )) "$seconds")" \
            "$(percent $(( daemon - daemon_before )) "$seconds")" "$(percent $(( redis_cpu - redis_before )) "$seconds")" \
            "$(percent $(( host - host_before )) "$seconds")" "$look_ms")"
        pg_before="$pg"; daemon_before="$daemon"; redis_before="$redis_cpu"; host_before="$host"; at_before="$now"
    done
}

# sus_run: the daemon on the seeded schema, SUS_CLIENTS clients for SUS_SECONDS, every window
# sampled; then the checks of the inspection part.
sus_run () {
    local file="$SUS_DIR/windows" daemon_pid redis_pid outbox_before findings_before xlen_before line
    local ok failed rows events xlen client_pid age_pid
    sus_daemon_start
    daemon_pid="$(sf_daemon_pid "$STATE_DIR" inspection)"
    redis_pid="$(sf_redis_pid "$STATE_DIR")"
    outbox_before="$(sql "SELECT max (id) FROM $INSP_E2E_SCHEMA.sf_outbox")"
    findings_before="$(sql "SELECT coalesce (max (id), 0) FROM $INSP_E2E_SCHEMA.finding")"
    xlen_before="$(redis XLEN "$INSP_STREAM")"
    RESULT[sus_sizes_before]="$(sus_sizes)"
    RESULT[sus_log_from]="$(stat -L -c %s "$STATE_DIR/log/postgres.log")"
    # Window 0: the look at the start, the daemon up, no command sent yet.
    printf '0 0 0 0 0 0 0 0 %s 0 0 0 0 0\n' "$(sus_sample "$daemon_pid" 1)" >"$file"
    : >"$file.age"
    sus_age_sampler "$file.age" &
    age_pid=$!
    bench_log "sustained: $SUS_CLIENTS clients for $SUS_SECONDS s (twice the peak's $SUS_PEAK_CLIENTS), a line every $(( SUS_WINDOW_MS / 1000 )) s"
    # The client in the background, its lines through a pipe, so that the sampler runs in this
    # shell and can stop the client when the daemon is gone.
    mkfifo "$SUS_DIR/lines"
    # shellcheck disable=SC2046
    insp_bench report --clients "$SUS_CLIENTS" --seconds "$SUS_SECONDS" --run sus --window-ms "$SUS_WINDOW_MS" \
            $(insp_enterprise --) >"$SUS_DIR/lines" 2>"$SUS_DIR/client.err" &
    client_pid=$!
    sus_windows "$daemon_pid" "$redis_pid" "$file" "$client_pid" <"$SUS_DIR/lines"
    wait "$client_pid" || true
    kill "$age_pid"
    wait "$age_pid" 2>/dev/null || true
    line="$(cat "$file.summary" 2>/dev/null || true)"
    [[ "$line" == clients=* ]] || { cat "$SUS_DIR/client.err" >&2; sf_die "inspection_bench $SUS_CLIENTS clients, sustained: no result"; }
    RESULT[sus_line]="$line"
    ok="$(field ok "$line")"
    failed="$(field failed "$line")"
    wait_drained "$INSP_E2E_SCHEMA" 120 || sf_die "the relay did not publish the outbox within 120 s of the run's end"
    RESULT[sus_after]="$(sus_sample "$daemon_pid" 1)"
    RESULT[sus_sizes_after]="$(sus_sizes)"
    RESULT[sus_live_kept]="$(sus_live_kept && echo yes || echo NO)"

    # The inspection part's checks, for the run's commands: every ok is a finding, an event
    # and a stream entry; a command the client gave up on may have committed all the same.
    rows="$(sql "SELECT count (*) FROM $INSP_E2E_SCHEMA.finding WHERE id > $findings_before")"
    events="$(sql "SELECT count (*) FROM $INSP_E2E_SCHEMA.sf_outbox
                   WHERE id > $outbox_before AND event_type = 'inspection.finding_reported'")"
    xlen=$(( $(redis XLEN "$INSP_STREAM") - xlen_before ))
    RESULT[sus_checks]="$ok ok ($failed failed), $rows findings, $events events, $xlen stream entries"
    bench_log "sustained checks: ${RESULT[sus_checks]}"
    (( events == rows && rows >= ok && rows <= ok + failed )) \
        || sf_die "sustained: $ok commands acknowledged ($failed failed), but $rows findings and $events events"
    (( xlen >= events )) || sf_die "sustained: $events events but only $xlen new entries in $INSP_STREAM"
    (( xlen == events )) || sf_warn "sustained: $INSP_STREAM took $xlen entries for $events events (republished duplicates)"
    numbers_gapless "$INSP_E2E_SCHEMA" || sf_die "sustained: the finding numbers do not add up"
    (( failed == 0 )) || sf_warn "sustained: $failed commands failed after every retry ($(( rows - ok )) of them committed all the same)"
    insp_daemon_stop
}

# sus_minutes FILE CLIENT: the per-minute table (markdown) from the window records: commands/s,
# p50 (median of the windows), p99 (worst window), outbox age (worst look), rows and expired
# rows at the minute's last look, RSS at its last look, the CPU of PostgreSQL, the daemon and
# the rest of the machine beyond them, Redis and the client (CLIENT, its mean % of a core).
sus_minutes () {
    # A window belongs to the minute it starts in (the last one ends just after the run).
    awk -v client="$2" '$1 > 0 {
            m = int (prev / 60); prev = $2; if (m > last) last = m
            ok[m] += $3; secs[m] = $2; n[m]++; p50[m, n[m]] = $6
            if ($7 > p99[m]) p99[m] = $7
            if ($9 > age[m]) age[m] = $9
            ob[m] = $11; id[m] = $12; ib[m] = $13; rss[m] = $17
            if ($14 >= 0) { eo[m] = $14; ei[m] = $15; en[m] = $16 }
            pg[m] += $19; dm[m] += $20; o = $22 - $19 - $20 - $21 - client; ot[m] += (o > 0)? o: 0
         }
         END {
            print "| minute | cmds/s | p50 ms (median window) | p99 ms (worst window) | outbox age ms (worst) | sf_outbox rows | sf_idempotency rows | sf_inbox rows | expired left (outbox / idem / inbox) | RSS MB | CPU % pg / daemon / others |"
            print "|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|"
            start = 0
            for (m = 0; m <= last; m++) {
                if (!n[m]) continue
                k = n[m]
                for (i = 1; i <= k; i++) v[i] = p50[m, i]
                for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
                med = (k % 2)? v[(k + 1) / 2]: (v[k / 2] + v[k / 2 + 1]) / 2
                printf "| %d | %.0f | %.2f | %.2f | %d | %d | %d | %d | %d / %d / %d | %.1f | %.0f / %.0f / %.0f |\n",
                    m + 1, ok[m] / (secs[m] - start), med, p99[m], age[m], ob[m], id[m], ib[m], eo[m], ei[m], en[m],
                    rss[m] / 1024, pg[m] / k, dm[m] / k, ot[m] / k
                start = secs[m]
            }
         }' "$1"
}

# sus_summary: the figures that say whether it stayed flat, and the retention's floor.
sus_summary () {
    local file="$SUS_DIR/windows" first last worst age rss expired line
    local -a before after
    line="${RESULT[sus_line]}"
    # Windows of the first and last minute (the last may end a little after the run's length).
    first="$(awk '$1 > 0 && $2 <= 60.5 { if ($7 > m) m = $7; if (!lo || $7 < lo) lo = $7 } END { printf "%.2f-%.2f", lo, m }' "$file")"
    last="$(awk -v end="$SUS_SECONDS" '$1 > 0 && $2 > end - 60 + 0.5 { if ($7 > m) m = $7; if (!lo || $7 < lo) lo = $7 } END { printf "%.2f-%.2f", lo, m }' "$file")"
    worst="$(awk '$1 > 0 { if ($7 > m) { m = $7; at = $2 } } END { printf "%.2f ms (window ending at %.0f s)", m, at }' "$file")"
    age="$(awk '{ if ($9 > m) { m = $9; at = $2 } } END { printf "%d ms (window ending at %.0f s)", m, at }' "$file")"
    rss="$(awk 'NR == 1 { s = $17 } { if ($17 > m) m = $17; e = $17 } END { printf "%.1f / %.1f / %.1f MB", s / 1024, e / 1024, m / 1024 }' "$file")"
    read -r -a before <<<"${RESULT[sus_sizes_before]}"
    read -r -a after <<<"${RESULT[sus_sizes_after]}"
    read -r -a expired <<<"${RESULT[sus_after]}"
    bench_log "sustained, per minute:"
    sus_minutes "$file" "$(awk -v c="$(field cpu_s "$line")" -v s="$(field seconds "$line")" 'BEGIN { printf "%.0f", 100 * c / s }')" | sed 's/^/[bench]   /' >&2
    bench_log "$(printf 'sustained summary: %d clients (twice the peak'"'"'s %d) for %s s: %.0f cmds/s (peak %s cmds/s at %d clients, p50 %s p99 %s ms), p50 %s p99 %s max %s ms over the run; %s ok, %s failed, %s retried' \
        "$SUS_CLIENTS" "$SUS_PEAK_CLIENTS" "$SUS_SECONDS" "$(field cmds_per_s "$line")" \
        "${RESULT["ie_rate,$SUS_PEAK_CLIENTS,64"]}" "$SUS_PEAK_CLIENTS" "${RESULT["ie_p50,$SUS_PEAK_CLIENTS,64"]}" \
        "${RESULT["ie_p99,$SUS_PEAK_CLIENTS,64"]}" "$(field p50_ms "$line")" "$(field p99_ms "$line")" \
        "$(field max_ms "$line")" "$(field ok "$line")" "$(field failed "$line")" "$(field retried "$line")")"
    bench_log "sustained summary: p99 of the 10 s windows: first minute $first ms, last minute $last ms, worst $worst"
    bench_log "sustained summary: oldest unpublished event at worst $age; daemon RSS start / end / max $rss"
    bench_log "sustained summary: MB before -> after: sf_outbox ${before[0]} -> ${after[0]}, sf_idempotency ${before[1]} -> ${after[1]}, sf_inbox ${before[2]} -> ${after[2]}, sf_audit ${before[3]} -> ${after[3]}, finding ${before[4]} -> ${after[4]}"
    bench_log "sustained summary: expired rows left after the run (outbox / idempotency / inbox): ${expired[5]} / ${expired[6]} / ${expired[7]} of $SUS_EXPIRED each; live rows all kept: ${RESULT[sus_live_kept]}; checks: ${RESULT[sus_checks]}"
    awk '$1 > 0 {
            for (c = 14; c <= 16; c++) if (!gone[c] && $c == 0) gone[c] = $2
         }
         END {
            split ("outbox idempotency inbox", name, " ")
            for (c = 14; c <= 16; c++)
                if (gone[c]) printf "[bench] sustained retention: expired %s rows all gone by the look at %.0f s (they are counted once a minute)\n", name[c - 13], gone[c]
                else printf "[bench] sustained retention: expired %s rows NOT all gone within the run\n", name[c - 13]
         }' "$file" >&2
    [[ "${RESULT[sus_live_kept]}" == yes ]] || sf_die "sustained: the retention deleted rows younger than their retention"
    (( expired[5] == 0 && expired[6] == 0 && expired[7] == 0 )) \
        || sf_die "sustained: expired rows left after $SUS_SECONDS s: outbox ${expired[5]}, idempotency ${expired[6]}, inbox ${expired[7]}"
}

sustained_part () {
    sus_validate
    # The daemon is started four times on one port: one below the kernel's ephemeral range
    # (32768-60999) and apart from the screen part's (29101), or an outgoing connection may
    # take it between two starts (it did in the first full run: the daemon could not bind,
    # the clients talked to nothing). The endpoint of the configuration is overridden for
    # every start of this part.
    RPC_PORT="$(sf_free_port 29601)"
    RPC_ENDPOINT="tcp://127.0.0.1:$RPC_PORT"
    export SF_RPC_ENDPOINT="$RPC_ENDPOINT"
    SUS_DIR="$STATE_DIR/sustained"
    mkdir -p "$SUS_DIR"
    insp_prepare_schema "$INSP_E2E_SCHEMA"
    run_insp_e2e "$SUS_PEAK_CLIENTS" 64
    sus_seed
    sus_pg_logging
    sus_run
    sus_pg_log_summary "${RESULT[sus_log_from]}"
    sus_summary
}
