# shellcheck shell=bash
# deploy/lib_training_kb.sh: the demo enterprise's knowledge base, sourced by deploy/up (never
# run). load_demo_training_kb needs the org and the demo accounts loaded (load_demo_data's
# directory import, load_demo_accounts) and sf-training running; it acts as account admin with
# the operator key (the safetyctl of the environment deploy/up wrote).

SF_DEMO_KB_CSV="$SF_DEPLOY_DIR/demo/training_kb_articles.csv"

# load_demo_training_kb: writes the articles of deploy/demo/training_kb_articles.csv (columns
# owner,category,title,body,tags,posts,hazards,lessons; no comma inside a field, several values
# of one field separated by ";"), each with the idempotency key demo-kb-<line>, so that a
# repeated run writes none twice; once (a marker in STATE_DIR). The first article waits until
# the training daemon has copied the org and the accounts (its owner unit and posts known).
load_demo_training_kb () {
    local marker="$STATE_DIR/demo-training-kb-loaded" line=1 count=0
    local owner category title body tags posts hazards lessons
    [[ -f "$marker" ]] && { sf_log "demo data: knowledge base already loaded"; return 0; }
    sf_daemon_pid "$STATE_DIR" training >/dev/null || return 0
    sf_log "demo data: knowledge base articles $SF_DEMO_KB_CSV"
    while IFS=, read -r owner category title body tags posts hazards lessons; do
        line=$(( line + 1 ))
        local args=(--org "$owner" training kb add --owner "$owner" --category "$category" --title "$title"
                    --body "$body" --key "demo-kb-$line")
        [[ -n "$tags" ]] && args+=(--tags "${tags//;/,}")
        [[ -n "$posts" ]] && args+=(--posts "${posts//;/,}")
        [[ -n "$hazards" ]] && args+=(--hazards "$hazards")
        [[ -n "$lessons" ]] && args+=(--lessons "$lessons")
        if (( count == 0 )); then
            sf_wait_for 30 "the org and accounts copy of sf-training" "$SAFETYCTL" "${args[@]}" \
                || sf_die "sf-training did not copy the org and the accounts; log in $STATE_DIR/log/training.log"
        else
            "$SAFETYCTL" "${args[@]}" >/dev/null || sf_die "knowledge base article at line $line of $SF_DEMO_KB_CSV failed"
        fi
        count=$(( count + 1 ))
    done < <(tail -n +2 "$SF_DEMO_KB_CSV")
    sf_log "demo data: $count knowledge base articles (try: safetyctl training kb search 动火证)"
    date -Is >"$marker"
}
