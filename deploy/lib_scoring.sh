# shellcheck shell=bash
# deploy/lib_scoring.sh: the demo enterprise's responsibility letters (一岗双责) and a month of
# scoring (安全综合考核), sourced by deploy/up (never run). load_demo_scoring runs after the
# other demos (it needs the org, the demo accounts and inspection), as account admin with the
# operator key (the safetyctl environment deploy/up wrote); a signature of another account is
# made with deploy/up's daemon key acting as that account (--user), as the account itself would.
#   - deploy/demo/scoring_templates.csv: this year's letter templates, one per level;
#   - letters issued for plant P01 from them, and some signed (deploy/demo/scoring_signatures.csv:
#     who signs which side of which letters), so that `score coverage` shows the gaps;
#   - deploy/demo/scoring_violations.csv: a dozen 三违 of demo persons recorded in inspection,
#     back-dated into last month (Beijing time), five in team P01-D01-T01 so that its leader's
#     joint liability shows; the scoring daemon scores them from inspection's events.
# Every step looks before it writes (a template already set, a letter side already signed, a
# violation already recorded) and writes with an idempotency key: a second deploy/up writes
# nothing.

SF_DEMO_SCORING_TEMPLATES_CSV="$SF_DEPLOY_DIR/demo/scoring_templates.csv"
SF_DEMO_SCORING_SIGNATURES_CSV="$SF_DEPLOY_DIR/demo/scoring_signatures.csv"
SF_DEMO_SCORING_VIOLATIONS_CSV="$SF_DEPLOY_DIR/demo/scoring_violations.csv"
SF_DEMO_SCORING_PLANT=P01

# sf_demo_scoring_as LOGIN ORG ARGS...: safetyctl as account LOGIN acting for unit ORG.
sf_demo_scoring_as () {
    local login="$1" org="$2"
    shift 2
    "$SAFETYCTL" --key "$(sf_keys_secret "$STATE_DIR" "$SF_KEYS_DEPLOY")" --user "$login" --org "$org" "$@"
}

# sf_demo_scoring_last_month: "YYYY-MM" of last month in Beijing time.
sf_demo_scoring_last_month () {
    TZ=Asia/Shanghai date -d "$(TZ=Asia/Shanghai date +%Y-%m-15) -1 month" +%Y-%m
}

# What load_demo_scoring wrote, counted by the steps below (no subshell: sf_die must end deploy/up).
SF_DEMO_SCORING_TEMPLATES=0
SF_DEMO_SCORING_SIGNED=0
SF_DEMO_SCORING_VIOLATIONS=0

# sf_demo_scoring_templates YEAR: each level's template of the CSV unless the year has one.
sf_demo_scoring_templates () {
    local year="$1" level file
    file="$(mktemp)"
    while read -r level; do
        if "$SAFETYCTL" score template show --year "$year" --level "$level" >/dev/null 2>&1; then
            continue
        fi
        python3 - "$SF_DEMO_SCORING_TEMPLATES_CSV" "$level" >"$file" <<'PY' || sf_die "demo template $level: bad CSV"
import csv, json, sys
for row in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    if row["level"] != sys.argv[2]:
        continue
    targets = []
    for target in row["targets"].split(";"):
        code, zh, en = target.split(":", 2)
        targets.append({"code": code, "textZh": zh, "textEn": en})
    print(json.dumps({"titleZh": row["title_zh"], "titleEn": row["title_en"], "contentZh": row["content_zh"],
                      "contentEn": row["content_en"], "targets": targets}, ensure_ascii=False))
PY
        "$SAFETYCTL" score template set --year "$year" --level "$level" --file "$file" \
            --key "demo-template-$year-$level" >/dev/null || sf_die "demo template $level failed"
        SF_DEMO_SCORING_TEMPLATES=$(( SF_DEMO_SCORING_TEMPLATES + 1 ))
    done < <(awk -F, 'NR > 1 && $1 != "" { print $1 }' "$SF_DEMO_SCORING_TEMPLATES_CSV")
    rm -f "$file"
}

# sf_demo_scoring_unsigned JSON SIDE PARTY_B: "id" of each letter of the JSON of `score --json
# letters list` whose side SIDE (a or b) is not signed, of party B PARTY_B when given.
sf_demo_scoring_unsigned () {
    python3 -c '
import json, sys
side, party = sys.argv[1], sys.argv[2]
for letter in json.loads(sys.stdin.read()).get("letters", []):
    if letter.get("status") == "LETTER_VOIDED" or (party and letter.get("partyB") != party):
        continue
    if not letter.get("signedAMs" if side == "a" else "signedBMs"):
        print(letter["id"])
' "$2" "$3" <<<"$1"
}

# sf_demo_scoring_sign YEAR: each line of the signatures CSV (login,org,unit,level,side,party_b):
# LOGIN, acting for ORG, signs side SIDE of every letter of LEVEL whose party B lies at or below
# UNIT (and is PARTY_B when given) that this side has not signed.
sf_demo_scoring_sign () {
    local year="$1" login org unit level side party out id
    while IFS=, read -r -u 3 login org unit level side party; do
        [[ "$login" == login || -z "$login" ]] && continue
        out="$("$SAFETYCTL" --json score letters list --year "$year" --unit "$unit" --level "$level")" \
            || sf_die "listing the letters of $unit failed"
        for id in $(sf_demo_scoring_unsigned "$out" "$side" "$party"); do
            if sf_demo_scoring_as "$login" "$org" score letter sign "$id" --side "$side" \
                   --key "demo-sign-$id-$side" >/dev/null; then
                SF_DEMO_SCORING_SIGNED=$(( SF_DEMO_SCORING_SIGNED + 1 ))
            else
                sf_warn "demo letter $id: $login could not sign side $side"
            fi
        done
    done 3<"$SF_DEMO_SCORING_SIGNATURES_CSV"
}

# sf_demo_scoring_violations MONTH: each 三违 of the CSV (key,day,time,type,person,unit,location,
# description) recorded on that day of MONTH, Beijing time, unless inspection holds one of that
# description in that month already.
sf_demo_scoring_violations () {
    local month="$1" key day time type person unit location description from to out
    from="$month-01"
    to="$(TZ=Asia/Shanghai date -d "$month-01 +1 month -1 day" +%F)"
    while IFS=, read -r -u 3 key day time type person unit location description; do
        [[ "$key" == key || -z "$key" ]] && continue
        out="$("$SAFETYCTL" inspection violation search --unit "$unit" --text "$description" --from "$from" \
               --to "$to")" || sf_die "searching inspection's violations of $unit failed"
        [[ "$out" == *"$description"* ]] && continue
        "$SAFETYCTL" inspection violation record --type "$type" --person "$person" --unit "$unit" \
            --location "$location" --description "$description" \
            --occurred "$(printf '%s-%02d %s' "$month" "$day" "$time")" --key "$key-$month" >/dev/null \
            || sf_die "demo violation $key failed"
        SF_DEMO_SCORING_VIOLATIONS=$(( SF_DEMO_SCORING_VIOLATIONS + 1 ))
    done 3<"$SF_DEMO_SCORING_VIOLATIONS_CSV"
}

# sf_demo_scoring_scored MONTH COUNT: true once the plant's ledger of MONTH holds at least COUNT
# entries of 三违 (origin event).
sf_demo_scoring_scored () {
    local out
    out="$("$SAFETYCTL" --json score entries --plant "$SF_DEMO_SCORING_PLANT" --month "$1" 2>/dev/null)" || return 1
    python3 -c '
import json, sys
entries = json.loads(sys.stdin.read()).get("entries", [])
count = sum(1 for e in entries if e.get("kind", "").startswith("violation.") and e.get("origin") == "ORIGIN_EVENT")
sys.exit(0 if count >= int(sys.argv[1]) else 1)
' "$2" <<<"$out"
}

# load_demo_scoring: the templates, the letters of P01 and their signatures, last month's 三违,
# then waits (60 s at most) until the scoring daemon has scored them. Uses SAFETYCTL, STATE_DIR
# and sf_log/sf_warn/sf_die/sf_wait_for from deploy/up and deploy/lib.sh.
load_demo_scoring () {
    sf_daemon_pid "$STATE_DIR" scoring >/dev/null || return 0
    sf_daemon_pid "$STATE_DIR" inspection >/dev/null || return 0
    local year month out issued expected
    year="$(TZ=Asia/Shanghai date +%Y)"
    month="$(sf_demo_scoring_last_month)"
    sf_wait_for 30 "the org and accounts copy of sf-scoring" \
        "$SAFETYCTL" score coverage --plant "$SF_DEMO_SCORING_PLANT" --year "$year" \
        || sf_die "sf-scoring did not copy the org and the accounts; log in $STATE_DIR/log/scoring.log"
    sf_demo_scoring_templates "$year"
    # Issuing writes only the pairs without a letter: no key, so that a second run reports 0 issued
    # (a key would replay the first run's reply).
    out="$("$SAFETYCTL" --json score letters issue --plant "$SF_DEMO_SCORING_PLANT" --year "$year")" \
        || sf_die "issuing the demo letters failed"
    issued="$(python3 -c 'import json, sys; print(json.loads(sys.stdin.read()).get("issued", 0))' <<<"$out")"
    sf_demo_scoring_sign "$year"
    sf_demo_scoring_violations "$month"
    expected="$(awk -F, 'NR > 1 && $1 != "" { n++ } END { print n + 0 }' "$SF_DEMO_SCORING_VIOLATIONS_CSV")"
    if ! sf_wait_for 60 "sf-scoring's entries of $month" sf_demo_scoring_scored "$month" "$expected"; then
        sf_warn "sf-scoring has not scored the $expected demo 三违 of $month within 60 s; log in $STATE_DIR/log/scoring.log"
    fi
    if (( SF_DEMO_SCORING_TEMPLATES + issued + SF_DEMO_SCORING_SIGNED + SF_DEMO_SCORING_VIOLATIONS == 0 )); then
        sf_log "demo data: scoring already loaded"
    else
        sf_log "demo data: $SF_DEMO_SCORING_TEMPLATES letter templates, $issued letters issued and" \
               "$SF_DEMO_SCORING_SIGNED sides signed in $SF_DEMO_SCORING_PLANT, $SF_DEMO_SCORING_VIOLATIONS 三违 back-dated into $month" \
               "(try: safetyctl score coverage --plant $SF_DEMO_SCORING_PLANT)"
    fi
}
