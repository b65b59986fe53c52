# deploy/lib_training_qual.sh: the demo enterprise's onboarding courses, attendance, exams,
# special-operation certificates and the posts that require them, sourced by deploy/up (never
# run). load_demo_training_qual needs the org (deploy/demo/org.csv) and the demo accounts
# loaded, and runs as account admin (the operator key) once the training daemon's copy holds
# them. Certificate dates are relative to today (GNU date items, "-6 years +20 days"), so that
# some are always about to expire, one has expired and one is due for review.

SF_DEMO_TRAINING_QUAL_DIR="$SF_DEPLOY_DIR/demo"

# load_demo_training_qual: once per stack (a marker in STATE_DIR). Uses SAFETYCTL, STATE_DIR,
# DEMO_CSV and sf_log/sf_die/sf_wait_for from deploy/up and deploy/lib.sh.
load_demo_training_qual () {
    local marker="$STATE_DIR/demo-training-qual-loaded" dir="$SF_DEMO_TRAINING_QUAL_DIR" last today
    [[ -f "$marker" ]] && { sf_log "demo data: training qualification already loaded"; return 0; }
    sf_daemon_pid "$STATE_DIR" training >/dev/null || return 0
    last="$(tail -n 1 "$DEMO_CSV" | cut -d, -f2)"
    sf_wait_for 30 "the org and accounts copy of sf-training" "$SAFETYCTL" training qual unqualified --unit "$last" \
        || sf_die "sf-training did not copy the org and the accounts; log in $STATE_DIR/log/training.log"
    today="$(TZ=Asia/Shanghai date +%F)"
    # The Xi'an plant keeps hazardous chemicals: 72 onboarding hours (3号令 第十三条).
    "$SAFETYCTL" training qual sector --plant P02 --sector hazardous_chemicals >/dev/null \
        || sf_die "marking P02 high-risk failed"
    local code title_zh title_en category hours level unit
    while IFS=, read -r code title_zh title_en category hours level unit; do
        [[ "$code" == code || -z "$code" ]] && continue
        "$SAFETYCTL" training qual course add --code "$code" --title "$title_zh" --title-en "$title_en" \
            --category "$category" --hours "$hours" --level "$level" --unit "$unit" >/dev/null \
            || sf_die "demo course $code failed"
    done <"$dir/training_qual_courses.csv"
    # One session per course and team, today; each attendee attends it whole, then the exam.
    local course employee passed score session out failed
    declare -A sessions=()
    while IFS=, read -r course unit employee passed score; do
        [[ "$course" == course_code || -z "$course" ]] && continue
        session="${sessions[$course/$unit]:-}"
        if [[ -z "$session" ]]; then
            out="$("$SAFETYCTL" --json training qual session add --course "$course" --unit "$unit" --date "$today" \
                   --trainer 安全环保部)" || sf_die "demo session of $course at $unit failed"
            session="$(sed -n 's/.*"id":"\{0,1\}\([0-9]*\).*/\1/p' <<<"$out")"
            sessions[$course/$unit]="$session"
        fi
        "$SAFETYCTL" training qual attend "$session" --employee "$employee" >/dev/null \
            || sf_die "demo attendance of $employee failed"
        failed=()
        [[ "$passed" == yes ]] || failed=(--failed)
        "$SAFETYCTL" training qual exam --employee "$employee" --level "$(sf_demo_training_qual_level "$dir" "$course")" \
            --score "$score" "${failed[@]}" >/dev/null || sf_die "demo exam of $employee failed"
    done <"$dir/training_qual_attendance.csv"
    local post type number authority issued reviewed review_option
    while IFS=, read -r post type; do
        [[ "$post" == post_code || -z "$post" ]] && continue
        "$SAFETYCTL" training qual post-requires --post "$post" --type "$type" >/dev/null \
            || sf_die "demo requirement $type of $post failed"
    done <"$dir/training_qual_posts.csv"
    while IFS=, read -r employee type number authority issued reviewed; do
        [[ "$employee" == employee_code || -z "$employee" ]] && continue
        review_option=()
        [[ -n "$reviewed" ]] && review_option=(--reviewed "$(TZ=Asia/Shanghai date -d "today $reviewed" +%F)")
        "$SAFETYCTL" training qual cert add --employee "$employee" --type "$type" --number "$number" \
            --authority "$authority" --issued "$(TZ=Asia/Shanghai date -d "today $issued" +%F)" \
            "${review_option[@]}" >/dev/null || sf_die "demo certificate $number failed"
    done <"$dir/training_qual_certificates.csv"
    sf_log "demo data: onboarding courses, attendance and exams, special-operation certificates (some about to expire)"
    date -Is >"$marker"
}

# sf_demo_training_qual_level DIR COURSE: the level word of COURSE in the demo courses file.
sf_demo_training_qual_level () {
    awk -F, -v code="$2" '$1 == code { print $6; exit }' "$1/training_qual_courses.csv"
}
