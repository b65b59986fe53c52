#!/usr/bin/env bash
# services.safetyctl.training_kb: `safetyctl training kb` as people run it, against a directory
# and a training daemon of their own (fresh schemas, free ports, a stream prefix of this run) on
# the PostgreSQL and Redis that ./deploy/test started, with the demo enterprise (deploy/demo/
# org.csv) and its knowledge base loaded by deploy/lib_training_kb.sh's load_demo_training_kb:
# search in Chinese and English with the matches marked, add, edit keeping versions, show a
# version, list by category and post, and who may do what.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/ctl_testlib.sh"
DIRECTORY="$BUILD/services/directory/sf-directory"
TRAINING="$BUILD/services/training/sf-training"
ctl_test_start training_kb "$DIRECTORY" "$TRAINING"
RUN="ctlkb_$$"
SCHEMAS=("${RUN}_dir" "${RUN}_train")
DEPLOY="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../deploy" && pwd)"

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

# The demo enterprise and some of its people.
expect 0 as_service directory import "$DEPLOY/demo/org.csv"
ctl_account admin E0105 admin@C01
ctl_account officer E0107 safety_officer@P01-D01
ctl_account worker E0002 worker@P01-D01-T01
ctl_account foreign E0120 safety_officer@P02
for login in admin officer worker foreign; do
    await_account "${RUN}_train" "$login" 1
done
admin () { "$CTL" --user admin "$@"; }
officer () { "$CTL" --user officer --org P01-D01 "$@"; }
worker () { "$CTL" --user worker "$@"; }
foreign () { "$CTL" --user foreign --org P02 "$@"; }

# The demo knowledge base, as deploy/up loads it (deploy/lib_training_kb.sh), as admin.
printf '#!/usr/bin/env bash\nexec "%s" --user admin "$@"\n' "$CTL" >"$WORK/safetyctl-admin"
chmod +x "$WORK/safetyctl-admin"
# The variables and functions of deploy/up the loader uses, the least of them.
# shellcheck disable=SC2034,SC2317
(
    SF_DEPLOY_DIR="$DEPLOY" STATE_DIR="$WORK" SAFETYCTL="$WORK/safetyctl-admin"
    sf_log () { :; }
    sf_die () { echo "$*" >&2; exit 1; }
    sf_daemon_pid () { echo 1; }
    sf_wait_for () {
        local seconds="$1"
        shift 2
        for (( try = 0; try < seconds * 5; try++ )); do
            "$@" >/dev/null 2>&1 && return 0
            sleep 0.2
        done
        return 1
    }
    # shellcheck source=../../deploy/lib_training_kb.sh
    source "$DEPLOY/lib_training_kb.sh"
    load_demo_training_kb
    load_demo_training_kb
) || fail "load_demo_training_kb failed"
[[ -f "$WORK/demo-training-kb-loaded" ]] || fail "no marker after loading"
ARTICLES="$(( $(wc -l <"$DEPLOY/demo/training_kb_articles.csv") - 1 ))"
expect 0 admin --json training kb list
json_has "$OUT" "len(d['articles']) == $ARTICLES"

# Help in both languages; usage errors exit 2.
expect 0 "$CTL" --lang zh training kb --help
has "$OUT" "知识库"
expect 0 "$CTL" --lang en training kb search --help
has "$OUT" "【】"
expect 2 officer training kb add --category chemicals --title t --owner P01-D01 --body b
has "$ERR" "chemicals"
expect 2 officer training kb add --category must_know --title t --owner P01-D01
has "$ERR" "--body"

# Search: Chinese without spaces, the match marked; English through the glossary; filters.
expect 0 worker training kb search 动火证
has "$OUT" "【动火证】"
expect 0 worker --lang en training kb search "confined space" --limit 3
has "$OUT" "【有限空间】"
expect 0 worker training kb search 叉车 --category violation_cases
has "$OUT" "载人行驶"
has "$OUT" "安全生产三违案例库"
lacks "$OUT" "叉车司机安全操作规程"
expect 0 worker training kb search 安全操作规程 --post P01-D01-T01-S01
has "$OUT" "车工岗【安全操作规程】"
lacks "$OUT" "叉车司机"
expect 1 worker training kb search "，。"
has "$ERR" "invalid_argument"

# A plant's articles are its own: the other plant finds the company's, not plant P01's.
expect 0 foreign training kb search 车床
lacks "$OUT" "车工岗"
expect 0 foreign training kb search 焊工
has "$OUT" "【焊工】岗安全操作规程"
expect 0 worker training kb search 焊工
lacks "$OUT" "【焊工】岗安全操作规程"

# Add, edit (a new version, the old one kept), show a version, list the versions.
expect 0 officer --json training kb add --category post_norms --owner P01-D01 --title 磨床安全操作规程 \
    --body "砂轮必须有防护罩，开机前检查砂轮有无裂纹。" --tags "磨床,砂轮" --posts P01-D01-T02-S01 --key kb-add-1
json_has "$OUT" "d['version'] == 1 and d['plantCode'] == 'P01'"
ID="$(json_get "$OUT" "d['id']")"
expect 0 officer --json training kb add --category post_norms --owner P01-D01 --title 磨床安全操作规程 \
    --body "砂轮必须有防护罩，开机前检查砂轮有无裂纹。" --tags "磨床,砂轮" --posts P01-D01-T02-S01 --key kb-add-1
json_has "$OUT" "d['id'] == '$ID' or d['id'] == $ID"
expect 0 officer training kb edit "$ID" --body "砂轮必须有防护罩，操作者站在砂轮侧面，严禁用砂轮侧面磨削。" --note 补充站位
has "$OUT" "第 2 版"
expect 0 worker training kb versions "$ID"
has "$OUT" "补充站位"
expect 0 worker training kb show "$ID" --version 1
has "$OUT" "开机前检查砂轮有无裂纹"
has "$OUT" "磨床, 砂轮"
expect 0 worker --lang en training kb show "$ID"
has "$OUT" "Version     2"
has "$OUT" "post_norms"
expect 0 worker training kb search 砂轮侧面
has "$OUT" "[$ID]"
expect 0 worker training kb list --category post_norms --post P01-D01-T02-S01
has "$OUT" "磨床安全操作规程"

# Who may do what: a worker writes nothing; a department's officer not at the company; the
# other plant's officer neither reads nor edits plant P01's article.
expect 1 worker training kb add --category must_know --owner P01-D01-T01 --title 班组须知 --body 正文
has "$ERR" "permission_denied"
expect 1 officer training kb add --category must_know --owner C01 --title 公司须知 --body 正文
has "$ERR" "permission_denied"
expect 1 foreign training kb show "$ID"
has "$ERR" "permission_denied"
expect 1 foreign training kb edit "$ID" --title 改
has "$ERR" "permission_denied"
expect 1 officer training kb add --category post_norms --owner P01-D01 --title 越厂关联 --body 正文 --posts P02-D01-T01-S01
has "$ERR" "invalid_argument"
expect 1 officer training kb show 999999
has "$ERR" "not_found"
expect 0 foreign --json training kb list --category post_norms
json_has "$OUT" "all(a['plantCode'] in ('', 'P02') for a in d['articles'])"

echo "safetyctl training kb: ok"
