#!/usr/bin/env bash
# services.safetyctl.training_exam: `safetyctl training exam` as people run it, against a
# directory and a training daemon of their own (fresh schemas, free ports, a stream prefix of
# this run) on the PostgreSQL and Redis that ./deploy/test started, with the demo question bank
# (deploy/demo/training_exam_questions.csv): import, blueprint, a paper printed without a key,
# answers as CODE=OPTIONS scored by the daemon, results and statistics, and who may do what.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/ctl_testlib.sh"
DIRECTORY="$BUILD/services/directory/sf-directory"
TRAINING="$BUILD/services/training/sf-training"
ctl_test_start training_exam "$DIRECTORY" "$TRAINING"
RUN="ctlexam_$$"
SCHEMAS=("${RUN}_dir" "${RUN}_train")
QUESTIONS="$(dirname "${BASH_SOURCE[0]}")/../../deploy/demo/training_exam_questions.csv"
have_python || { echo "python3 is needed to read the keys of the demo bank" >&2; exit 2; }

# start NAME BINARY PORT DAEMON: the daemon on schema ${RUN}_NAME; returns once it answers.
start () {
    local name="$1" binary="$2" port="$3" daemon="$4"
    start_daemon "$name" "$binary" "${RUN}_$name" "tcp://127.0.0.1:$port" SF_REDIS_STREAM_PREFIX="$RUN"
    for (( i = 0; i < 100; i++ )); do
        if env SF_DIRECTORY_ENDPOINT=off SF_INSPECTION_ENDPOINT=off SF_RECTIFICATION_ENDPOINT=off \
            SF_TRAINING_ENDPOINT=off "SF_${daemon^^}_ENDPOINT=tcp://127.0.0.1:$port" "$CTL" status >/dev/null 2>&1; then
            return 0
        fi
        sleep 0.2
    done
    fail "$name did not start"
}

DIR_PORT="$(free_port $(( 20000 + $$ % 9000 )) 30000)"
start dir "$DIRECTORY" "$DIR_PORT" directory
TRAIN_PORT="$(free_port $(( 20000 + ($$ + 1) % 9000 )) 30000)"
start train "$TRAINING" "$TRAIN_PORT" training
export SF_DIRECTORY_ENDPOINT="tcp://127.0.0.1:$DIR_PORT" SF_TRAINING_ENDPOINT="tcp://127.0.0.1:$TRAIN_PORT"
export SF_INSPECTION_ENDPOINT=off SF_RECTIFICATION_ENDPOINT=off

C="x$$"
expect 0 as_service directory create --kind company --code "${C}C" --name-zh 测试公司
expect 0 as_service directory create --kind plant --code "${C}P" --parent "${C}C" --name-zh 一厂
expect 0 as_service directory create --kind department --code "${C}D" --parent "${C}P" --name-zh 机加车间
expect 0 as_service directory create --kind team --code "${C}T" --parent "${C}D" --name-zh 车工班
expect 0 as_service directory create --kind post --code "${C}S" --parent "${C}T" --name-zh 车工岗
for person in 1 2 3; do
    expect 0 as_service directory create --kind employee --code "${C}E$person" --parent "${C}S" --name-zh "员工$person" \
        --employment regular
done
expect 0 as_service directory create --kind plant --code "${C}P2" --parent "${C}C" --name-zh 二厂
expect 0 as_service directory create --kind department --code "${C}D2" --parent "${C}P2" --name-zh 装配车间
expect 0 as_service directory create --kind team --code "${C}T2" --parent "${C}D2" --name-zh 装配班
expect 0 as_service directory create --kind post --code "${C}S2" --parent "${C}T2" --name-zh 装配岗
expect 0 as_service directory create --kind employee --code "${C}F1" --parent "${C}S2" --name-zh 外厂员工 \
    --employment regular
ctl_account officer "${C}E1" "safety_officer@${C}P"
ctl_account worker "${C}E2"
ctl_account leader "${C}E3" "team_leader@${C}T"
ctl_account foreign "${C}F1" "safety_officer@${C}P2"
await_account "${RUN}_train" officer 1
await_account "${RUN}_train" leader 1
await_account "${RUN}_train" foreign 1
for (( try = 0; try < 100; try++ )); do
    [[ "$(psql "$SF_DB_URL" -X -q -A -t -c "SELECT count (*) FROM ${RUN}_train.sf_org_account WHERE login = 'worker'")" == 1 ]] \
        && break
    sleep 0.1
done

officer () { "$CTL" --user officer --org "${C}P" "$@"; }
worker () { "$CTL" --user worker "$@"; }
leader () { "$CTL" --user leader "$@"; }
foreign () { "$CTL" --user foreign --org "${C}P2" "$@"; }

# Help in both languages; usage errors exit 2.
expect 0 "$CTL" --lang zh training exam --help
has "$OUT" "题库"
expect 0 "$CTL" --lang en training exam import --help
has "$OUT" "true_false"
expect 2 officer training exam blueprint create --code B --unit "${C}P" --title t --parts "must_know:essay:3"
has "$ERR" "must_know:essay:3"
expect 2 officer training exam submit 1 --answers "Q-1"
has "$ERR" "Q-1"

# A bad file imports nothing and tells every bad line.
printf 'code,category,type,question,question_en,option_a,option_b,option_c,option_d,option_e,answer,explanation\n%s\n%s\n%s\n' \
    'G-1,must_know,single,安全色中红色表示？,,禁止,警告,,,,A,' \
    'G-2,nowhere,single,题干,,甲,乙,,,,A,' \
    'G-3,must_know,multiple,题干,,甲,乙,,,,A,' >"$WORK/bad.csv"
expect 1 officer --lang zh training exam import "$WORK/bad.csv"
has "$ERR" "第 3 行"
has "$ERR" "第 4 行"
lacks "$ERR" "第 2 行"
has "$ERR" "invalid_argument"
expect 0 officer --lang en training exam import "$QUESTIONS"
has "$OUT" "45 rows, 45 new"
# The other plant's officer imports into their own bank (--org names a unit of their grants
# or is read as their grant's), where the codes of plant P's bank are not theirs to change.
expect 1 foreign --lang en training exam import "$QUESTIONS"
has "$ERR" "belongs to another unit's bank"
expect 0 officer --lang en training exam import "$QUESTIONS"
has "$OUT" "45 unchanged"

# The blueprint: the rules' time, pass mark and attempts.
PARTS="must_know:any:3,emergency:any:3,protective_equipment:any:1,hazardous_chemicals:any:1,occupational_health:any:1,violation_cases:any:1"
expect 1 foreign training exam blueprint create --code ONBOARD --unit "${C}P" --title 公司级考试 --parts "$PARTS"
has "$ERR" "permission_denied"
expect 0 officer training exam blueprint create --code ONBOARD --unit "${C}P" --title 公司级考试 \
    --title-en "Onboarding exam" --purpose onboarding.company --parts "$PARTS"
has "$OUT" "每份 10 题，限时 60 分钟，合格线 80%，每人最多 3 次"
expect 0 worker --lang en training exam blueprint show ONBOARD
has "$OUT" "Onboarding exam"
has "$OUT" "emergency"

# The worker's paper: ten questions, their options, no key.
expect 0 worker --json training exam start ONBOARD
json_has "$OUT" "len(d['questions']) == 10"
lacks "$OUT" '"answer"'
ATTEMPT="$(json_get "$OUT" "d['attemptId']")"
CODES="$(json_get "$OUT" "' '.join(q['code'] for q in d['questions'])")"
expect 0 worker training exam paper "$ATTEMPT"
has "$OUT" "交卷：safetyctl training exam submit $ATTEMPT"
expect 1 foreign training exam paper "$ATTEMPT"
has "$ERR" "permission_denied"

# The keys of the demo bank, as a person would answer: CODE=OPTIONS;...
answers () {
    python3 - "$QUESTIONS" "$1" $CODES <<'EOF'
import csv, sys
keys = {row["code"]: row["answer"] for row in csv.DictReader(open(sys.argv[1], encoding="utf-8"))}
right = sys.argv[2] == "right"
wrong = {"A": "B", "B": "A", "C": "A", "D": "A", "T": "F", "F": "T"}
print(";".join("%s=%s" % (c, keys[c] if right else wrong.get(keys[c], "A")) for c in sys.argv[3:]))
EOF
}
expect 1 worker training exam submit "$ATTEMPT" --answers "NOPE-1=A"
has "$ERR" "invalid_argument"
has "$ERR" "NOPE-1"
expect 0 worker training exam submit "$ATTEMPT" --answers "$(answers right)"
has "$OUT" "100%"
has "$OUT" "合格"
expect 1 worker training exam submit "$ATTEMPT" --answers "$(answers right)"
has "$ERR" "failed_precondition"

# A second attempt, all wrong: failed.
expect 0 worker --json training exam start ONBOARD
SECOND="$(json_get "$OUT" "d['attemptId']")"
CODES="$(json_get "$OUT" "' '.join(q['code'] for q in d['questions'])")"
expect 0 worker --lang en training exam submit "$SECOND" --answers "$(answers wrong)"
has "$OUT" "score 0%"
has "$OUT" "failed"

# Results of the team for its leader, one's own for the worker; the other plant sees nothing.
expect 0 leader --lang en training exam results --unit "${C}T"
has "$OUT" "$ATTEMPT"
has "$OUT" "$SECOND"
has "$OUT" "passed"
expect 0 leader --lang en training exam results --attempt "$ATTEMPT"
has "$OUT" "right"
expect 1 foreign training exam results --unit "${C}P"
has "$ERR" "permission_denied"
expect 1 foreign training exam results --attempt "$ATTEMPT"
has "$ERR" "permission_denied"
expect 0 officer --lang en training exam stats ONBOARD
has "$OUT" "2 attempts submitted, 1 passed"
has "$OUT" "100.0%"
expect 1 foreign training exam stats ONBOARD
has "$ERR" "permission_denied"
echo "safetyctl training exam: ok"
