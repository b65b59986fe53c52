# shellcheck shell=bash
# deploy/lib_lesson.sh: the demo enterprise's lessons from accidents (事故举一反三), sourced by
# deploy/up (never run). load_demo_lesson needs the org and the demo accounts loaded and the
# demo hazard lists imported into inspection (load_demo_inspection), and runs as account admin
# with the operator key (the safetyctl environment deploy/up wrote). It writes the lessons of
# deploy/demo/lesson_lessons.csv: a national bulletin of a crane's load falling in another
# company (demo data, said so in its text), matched against the demo hazard lists (the lifting
# items of P01-D01-T03-S03 reach team P01-D01-T03) and published, which gives that team an
# assignment and a special check in inspection; and an internal typical problem left a draft.

SF_DEMO_LESSON_CSV="$SF_DEPLOY_DIR/demo/lesson_lessons.csv"

# sf_demo_lesson_find JSON TITLE: "ID STATUS" of the lesson titled TITLE in the JSON of
# `safetyctl --json lesson list`; nothing when there is none.
sf_demo_lesson_find () {
    python3 -c '
import json, sys
title = sys.argv[1]
for lesson in json.loads(sys.stdin.read()).get("lessons", []):
    if lesson.get("input", {}).get("titleZh") == title:
        print(lesson["id"], lesson.get("status", ""))
        break
' "$2" <<<"$1"
}

# sf_demo_lesson_reaches ID: true once lesson ID's preview with matching reaches a unit (the
# lesson daemon has copied the hazard lists from inspection's events).
sf_demo_lesson_reaches () {
    local out
    out="$("$SAFETYCTL" --json lesson preview "$1" --match 2>/dev/null)" || return 1
    [[ "$out" == *'"unitCode"'* ]]
}

# load_demo_lesson: each lesson of the CSV (columns key,source,ref,title,summary,occurred_days,
# place,deaths,injuries,loss,causes,factors,tags,actions,scope,publish; no comma inside a
# field; factors and tags separated by ";", actions by "|"; occurred_days relative to today)
# unless a lesson of that title is listed already; a lesson marked publish=yes still a draft
# is published with matching. Listing first, and an idempotency key on each write, make a
# second run of deploy/up write nothing. Uses SAFETYCTL, STATE_DIR, DEMO_CSV and
# sf_log/sf_die/sf_wait_for from deploy/up and deploy/lib.sh.
load_demo_lesson () {
    sf_daemon_pid "$STATE_DIR" lesson >/dev/null || return 0
    local last company out id status written=0 published=0
    last="$(tail -n 1 "$DEMO_CSV" | cut -d, -f2)"
    company="$(awk -F, '$1 == "company" { print $2; exit }' "$DEMO_CSV")"
    sf_wait_for 30 "the org and accounts copy of sf-lesson" "$SAFETYCTL" lesson list --unit "$last" \
        || sf_die "sf-lesson did not copy the org and the accounts; log in $STATE_DIR/log/lesson.log"
    local key source ref title summary occurred_days place deaths injuries loss causes factors tags actions scope publish
    while IFS=, read -r -u 3 key source ref title summary occurred_days place deaths injuries loss causes factors tags actions \
                        scope publish; do
        [[ "$key" == key || -z "$key" ]] && continue
        out="$("$SAFETYCTL" --json lesson list --unit "$company")" || sf_die "listing the lessons failed"
        read -r id status < <(sf_demo_lesson_find "$out" "$title") || true
        if [[ -z "${id:-}" ]]; then
            local args=(lesson create --key "$key" --source "$source" --title "$title" --summary "$summary"
                        --date "$(TZ=Asia/Shanghai date -d "today $occurred_days days" +%F)" --place "$place"
                        --deaths "$deaths" --injuries "$injuries" --loss "$loss" --tag "${tags//;/,}"
                        --action "$actions" --scope "$scope")
            [[ -n "$ref" ]] && args+=(--ref "$ref")
            [[ -n "$causes" ]] && args+=(--causes "$causes")
            [[ -n "$factors" ]] && args+=(--factor "${factors//;/,}")
            out="$("$SAFETYCTL" --json "${args[@]}")" || sf_die "demo lesson $key failed"
            read -r id status < <(sf_demo_lesson_find "{\"lessons\":[$out]}" "$title") || true
            [[ -n "${id:-}" ]] || sf_die "demo lesson $key: no id in $out"
            written=$(( written + 1 ))
        fi
        # A lesson that matches nothing stays a draft, said so: the rest of the stack is usable.
        if [[ "$publish" == yes && "$status" == LESSON_DRAFT ]]; then
            if sf_wait_for 60 "sf-lesson's copy of the demo hazard lists" sf_demo_lesson_reaches "$id"; then
                "$SAFETYCTL" lesson publish "$id" --match --key "$key-publish" >/dev/null \
                    || sf_die "publishing demo lesson $key failed"
                published=$(( published + 1 ))
            else
                sf_warn "demo lesson $key (id $id) matches no unit's hazard list: left a draft; log in $STATE_DIR/log/lesson.log"
            fi
        fi
        id=""
    done 3<"$SF_DEMO_LESSON_CSV"
    if (( written + published == 0 )); then
        sf_log "demo data: lessons already loaded"
    else
        sf_log "demo data: $written lessons written, $published published (try: safetyctl lesson list --unit $company)"
    fi
}
