# shellcheck shell=bash
# deploy/lib_keys.sh: the CURVE key pairs of a stack (README "Security"), sourced after lib.sh
# by deploy/up, deploy/test and deploy/keys. The keys live in STATE/keys:
#   NAME.key_secret        a key pair (zcert secret file, 0600): what process NAME loads
#   NAME.key               its public key: what clients of daemon NAME connect to
#   clients/NAME.key       the public keys every daemon accepts; removing one revokes that key
#                          within a second, without a restart
# Each public file says name, kind (daemon, front, operator) and, for an operator, the account
# the key acts as. build/common/sf-keys writes them (sf_keys.h).

# The operator key deploy/up makes for safetyctl (STATE/env points SF_KEY at it), bound to the
# demo enterprise's admin account.
SF_KEYS_OPERATOR=operator
SF_KEYS_OPERATOR_ACCOUNT=admin
# deploy/up's own key for what comes before any account exists: the org and the accounts,
# loaded as the service itself (user SF_KEYS_DEPLOY_USER, role service). A daemon's kind: it
# may name any actor, so it stays in STATE/keys beside the daemons' own and is handed to no one.
SF_KEYS_DEPLOY=deploy
SF_KEYS_DEPLOY_USER=deploy

# sf_keys_dir STATE: where the stack's keys are.
sf_keys_dir () { printf '%s/keys\n' "$1"; }

# sf_keys_make BUILD_DIR STATE NAME KIND [ACCOUNT]: makes key NAME (kept if it exists) and
# files it among the keys the daemons accept.
sf_keys_make () {
    local tool="$1/common/sf-keys"
    [[ -x "$tool" ]] || sf_die "no $tool: build first"
    "$tool" make "$(sf_keys_dir "$2")" "$3" "$4" "${5:-}" || sf_die "cannot make the key $3 in $(sf_keys_dir "$2")"
}

# sf_keys_revoke BUILD_DIR STATE NAME: the daemons refuse key NAME from now on.
sf_keys_revoke () {
    "$1/common/sf-keys" revoke "$(sf_keys_dir "$2")" "$3" || sf_die "cannot revoke the key $3"
}

# sf_keys_stack BUILD_DIR STATE DAEMON...: the keys of a stack: each daemon's, the gateway's
# (a front: it authenticates people itself), deploy/up's own and the operator key of safetyctl.
sf_keys_stack () {
    local build="$1" state="$2" name
    shift 2
    for name in "$@"; do
        [[ "$name" == gateway ]] && continue
        sf_keys_make "$build" "$state" "$name" daemon
    done
    sf_keys_make "$build" "$state" gateway front
    sf_keys_make "$build" "$state" "$SF_KEYS_DEPLOY" daemon
    sf_keys_make "$build" "$state" "$SF_KEYS_OPERATOR" operator "$SF_KEYS_OPERATOR_ACCOUNT"
}

# sf_keys_conf STATE NAME: a daemon's settings for its key pair, the keys it accepts and the
# daemons' keys it calls with (appended to its configuration).
sf_keys_conf () {
    local keys
    keys="$(sf_keys_dir "$1")"
    printf '\n# CURVE authentication (deploy/lib_keys.sh): its key pair, the keys it accepts, the daemons'"'"' keys\n'
    printf 'rpc.secret_key_file = %s/%s.key_secret\n' "$keys" "$2"
    printf 'rpc.clients_dir = %s/clients\n' "$keys"
    printf 'rpc.keys_dir = %s\n' "$keys"
}

# sf_keys_secret STATE NAME: the secret key file of key NAME.
sf_keys_secret () { printf '%s/%s.key_secret\n' "$(sf_keys_dir "$1")" "$2"; }

# sf_keys_env STATE NAME: the lines of STATE/env that make safetyctl call with key NAME.
sf_keys_env () {
    local keys
    keys="$(sf_keys_dir "$1")"
    printf 'export SF_KEY=%s/%s.key_secret SF_KEYS_DIR=%s\n' "$keys" "$2" "$keys"
}
