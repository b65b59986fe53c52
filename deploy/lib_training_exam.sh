# shellcheck shell=bash
# deploy/lib_training_exam.sh: the demo enterprise's question bank and its company onboarding
# exam, sourced by deploy/up (never run). load_demo_training_exam needs the org and the demo
# accounts loaded (load_demo_data's directory import, load_demo_accounts) and sf-training
# running; it waits until the training daemon has copied them, then acts as account admin
# with the operator key (the safetyctl of the environment deploy/up wrote).

SF_DEMO_EXAM_QUESTIONS_CSV="$SF_DEPLOY_DIR/demo/training_exam_questions.csv"
SF_DEMO_EXAM_BLUEPRINT="ONBOARD-C01"

# load_demo_training_exam: imports deploy/demo/training_exam_questions.csv into the bank of the
# company C01 (a re-import leaves equal questions as they are) and makes blueprint ONBOARD-C01,
# the company-level onboarding exam every employee of C01 takes; once (a marker in STATE_DIR).
load_demo_training_exam () {
    local marker="$STATE_DIR/demo-training-exam-loaded" last out
    [[ -f "$marker" ]] && { sf_log "demo data: exam bank already loaded"; return 0; }
    sf_daemon_pid "$STATE_DIR" training >/dev/null || return 0
    # The last line of org.csv lies in another plant than admin's employee: a read of it needs
    # admin's grant on the company in the training daemon's copy.
    last="$(tail -n 1 "$DEMO_CSV" | cut -d, -f2)"
    sf_wait_for 30 "the org and accounts copy of sf-training" "$SAFETYCTL" training exam results --unit "$last" \
        || sf_die "sf-training did not copy the org and the accounts; log in $STATE_DIR/log/training.log"
    sf_log "demo data: exam questions $SF_DEMO_EXAM_QUESTIONS_CSV"
    "$SAFETYCTL" --org C01 training exam import "$SF_DEMO_EXAM_QUESTIONS_CSV" >/dev/null \
        || sf_die "exam question import failed"
    if ! out="$("$SAFETYCTL" training exam blueprint create --code "$SF_DEMO_EXAM_BLUEPRINT" --unit C01 \
                --title "新员工公司级安全教育考试" --title-en "Company-level onboarding exam" \
                --purpose onboarding.company \
                --parts "must_know:any:3,emergency:any:3,protective_equipment:any:1,hazardous_chemicals:any:1,occupational_health:any:1,violation_cases:any:1" \
                2>&1)"; then
        [[ "$out" == *already_exists* ]] || { printf '%s\n' "$out" >&2; sf_die "exam blueprint failed"; }
    fi
    sf_log "demo data: exam blueprint $SF_DEMO_EXAM_BLUEPRINT (10 questions, the rules' time, pass mark and attempts)"
    date -Is >"$marker"
}
