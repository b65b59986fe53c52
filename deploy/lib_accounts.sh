# deploy/lib_accounts.sh: the demo enterprise's accounts, sourced by deploy/up (never run).
# deploy/demo/accounts.csv has one line per grant (login,employee_code,role,node_code); every
# account gets the one demo password below, which deploy/up prints at the end. Loaded once,
# like org.csv: an account that exists already is left as it is.

# Meets the directory's password policy (10+ characters, not a common one, no login in it).
SF_DEMO_PASSWORD="Huaan-Anquan-2026"
SF_DEMO_ACCOUNTS_CSV="$SF_DEPLOY_DIR/demo/accounts.csv"

# sf_demo_accounts_load SAFETYCTL [GLOBAL_OPTION...]: creates each account of the file with the
# demo password and grants its roles, calling safetyctl with the global options given (deploy/up:
# its deploy key, as the service, since no account exists yet). Returns non-zero when the
# directory refused something.
sf_demo_accounts_load () {
    local call=("$@") login employee role node seen=" " out
    while IFS=, read -r login employee role node; do
        [[ "$login" == login || -z "$login" ]] && continue
        if [[ "$seen" != *" $login "* ]]; then
            if ! out="$(printf '%s\n' "$SF_DEMO_PASSWORD" \
                        | "${call[@]}" account create --login "$login" --employee "$employee" 2>&1)"; then
                [[ "$out" == *already_exists* ]] || { printf '%s\n' "$out" >&2; return 1; }
            fi
            seen+="$login "
        fi
        "${call[@]}" account grant --login "$login" --role "$role" --node "$node" >/dev/null || return 1
    done <"$SF_DEMO_ACCOUNTS_CSV"
}

# sf_demo_accounts_logins: the demo logins with their roles, "login (role@node)" one a line.
sf_demo_accounts_logins () {
    awk -F, 'NR > 1 && $1 != "" { printf "%s (%s@%s)\n", $1, $3, $4 }' "$SF_DEMO_ACCOUNTS_CSV"
}
