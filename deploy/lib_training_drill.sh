# shellcheck shell=bash
# deploy/lib_training_drill.sh: the demo enterprise's emergency drills and its Safety
# Production Month, sourced by deploy/up (never run). load_demo_training_drill needs the org
# and accounts (as load_demo_training_qual does) and the qual demo's sessions, so it runs
# after load_demo_training_qual, as account admin (the operator key). Dates are relative to
# today: one drill held and evaluated 20 days ago with two findings (sent on to inspection by
# the training daemon when inspection.endpoint is set), one held three days ago, one planned
# in two weeks; the campaign runs from ten days ago for a month over both plants and holds
# the sessions the qual demo scheduled for today.

SF_DEMO_TRAINING_DRILL_DIR="$SF_DEPLOY_DIR/demo"

# load_demo_training_drill: once per stack (a marker in STATE_DIR; every command also carries
# an idempotency key). Uses SAFETYCTL, STATE_DIR and sf_log/sf_die from deploy/up and lib.sh.
load_demo_training_drill () {
    local marker="$STATE_DIR/demo-training-drill-loaded" dir="$SF_DEMO_TRAINING_DRILL_DIR" out id
    [[ -f "$marker" ]] && { sf_log "demo data: drills and campaigns already loaded"; return 0; }
    sf_daemon_pid "$STATE_DIR" training >/dev/null || return 0
    local key unit kind scenario planned organiser participants held minutes score grade strengths problems findings
    local options
    while IFS=, read -r key unit kind scenario planned organiser participants held minutes score grade strengths \
                        problems findings; do
        [[ "$key" == key || -z "$key" ]] && continue
        out="$("$SAFETYCTL" --json training drill plan --key "$key-plan" --unit "$unit" --kind "$kind" \
               --scenario "$scenario" --organiser "$organiser" \
               --date "$(TZ=Asia/Shanghai date -d "today $planned days" +%F)")" || sf_die "demo drill $key failed"
        id="$(sed -n 's/.*"id":"\{0,1\}\([0-9]*\).*/\1/p' <<<"$out" | head -n 1)"
        [[ -n "$id" ]] || sf_die "demo drill $key: no id in $out"
        "$SAFETYCTL" training drill participants add "$id" --key "$key-people" --employees "${participants//;/,}" \
            >/dev/null || sf_die "demo participants of $key failed"
        [[ -n "$held" ]] || continue
        "$SAFETYCTL" training drill hold "$id" --key "$key-hold" --minutes "$minutes" \
            --date "$(TZ=Asia/Shanghai date -d "today $held days 09:00" '+%F %H:%M')" >/dev/null \
            || sf_die "demo holding of $key failed"
        [[ -n "$score$grade" ]] || continue
        options=()
        [[ -n "$score" ]] && options+=(--score "$score")
        [[ -n "$grade" ]] && options+=(--grade "$grade")
        [[ -n "$strengths" ]] && options+=(--strengths "$strengths")
        [[ -n "$problems" ]] && options+=(--problems "$problems")
        [[ -n "$findings" ]] && options+=(--finding "$findings")
        "$SAFETYCTL" training drill evaluate "$id" --key "$key-evaluate" "${options[@]}" >/dev/null \
            || sf_die "demo evaluation of $key failed"
    done <"$dir/training_drill_drills.csv"
    local code title_zh title_en owner from to units session
    while IFS=, read -r code title_zh title_en owner from to units; do
        [[ "$code" == code || -z "$code" ]] && continue
        "$SAFETYCTL" training drill campaign create --key "$code-create" --code "$code" --title "$title_zh" \
            --title-en "$title_en" --owner "$owner" --units "${units//;/,}" \
            --from "$(TZ=Asia/Shanghai date -d "today $from days" +%F)" \
            --to "$(TZ=Asia/Shanghai date -d "today $to days" +%F)" >/dev/null || sf_die "demo campaign $code failed"
        # The sessions the qual demo scheduled (today, within the period).
        out="$("$SAFETYCTL" --json training qual session list --unit "$owner")" || sf_die "listing demo sessions failed"
        while read -r session; do
            [[ -n "$session" ]] || continue
            "$SAFETYCTL" training drill campaign add-session "$code" --key "$code-session-$session" \
                --session "$session" >/dev/null || sf_die "adding session $session to $code failed"
        done < <(grep -o '"id":"\{0,1\}[0-9]*' <<<"$out" | grep -o '[0-9]*$')
    done <"$dir/training_drill_campaigns.csv"
    sf_log "demo data: emergency drills (one evaluated with findings for inspection) and the Safety Production Month"
    date -Is >"$marker"
}
