# shellcheck shell=bash
# deploy/lib_roles.sh: least privilege in PostgreSQL and Redis, sourced by deploy/lib.sh.
#
# Every daemon logs in to PostgreSQL as a role of its own, sf_<daemon>, that owns its schema
# and nothing else (no superuser, createdb, createrole, replication, bypassrls; no CONNECT or
# TEMP for PUBLIC, no CREATE on the public schema), with a scram-sha-256 password. Every
# daemon logs in to Redis as an ACL user of its own, sf-<daemon>, limited to the streams it
# writes and reads and the commands it uses; the `default` user is off. The admin role
# `safety` (PostgreSQL) and the ACL user `sf-admin` (Redis) are for scripts, tests and
# operators. Passwords are random, made once, kept in STATE/secrets/ (0700, files 0600):
#   secrets/pg_<role>.pgpass      libpq passfile of a PostgreSQL role (db.url: passfile=...)
#   secrets/redis_<user>.password the password of a Redis user, no line end (redis.password_file)
# The Redis ACL file holds only SHA-256 hashes of the passwords (STATE/redis/users.acl).
#
# SF_SECRETS_DIR, when set, names the secrets folder instead of STATE/secrets: deploy/test sets
# it, so that a private Redis a test starts in a folder of its own (deploy/redis-ctl) knows the
# same users and passwords as the suite's. deploy/up ignores it (a stack keeps its own).

SF_PG_ADMIN_ROLE=safety
SF_REDIS_ADMIN_USER=sf-admin
SF_SECRET_CHARS=40          # random letters and digits: about 238 bits, no quoting anywhere

# What each daemon does on the event streams, "name writes reads": the topics of the streams
# it publishes (its outbox), and of those it consumes (the org copy and its subscriptions, as
# in services/<name>/main.c). A new daemon gets a line here, or its Redis user cannot work.
SF_REDIS_DAEMON_TOPICS=(
    "directory org -"
    "inspection inspection org,rectification"
    "rectification rectification org,inspection"
    "training training org,inspection"
    "lesson lesson org,inspection,rectification"
    "scoring scoring org,inspection,rectification,training,lesson"
    "notify notify org,inspection,rectification,training,lesson,scoring"
    "gateway gateway org,inspection,rectification,training,lesson,scoring,notify"
)
# Streams every daemon writes to: warnings of the backlog watch and of gap recovery.
SF_REDIS_SHARED_TOPICS=(alerts)
# The commands the daemons' connections use (sf_redis, sf_relay, sf_consumer, sf_backlog,
# sf_consumer_gap, sf_gap_recovery): INFO server at each connect, the relay's PING and TIME,
# the stream commands of producers and consumers, MULTI/EXEC around a gap's repair. Nothing
# that deletes keys or entries, administers the server or reads keys it was not given.
SF_REDIS_DAEMON_COMMANDS="+ping +info +time +multi +exec +discard +xadd +xtrim +xlen +xrange +xrevrange +xread +xreadgroup +xack +xautoclaim +xclaim +xpending +xgroup|create +xgroup|setid +xgroup|createconsumer +xinfo|groups +xinfo|stream +xinfo|consumers"
# On the streams it consumes a daemon is a consumer only (a Redis 7 selector): it reads and
# acknowledges, never adds or trims (XREADGROUP and XACK need write access to the key too, so
# the key patterns alone cannot say it).
SF_REDIS_CONSUMER_COMMANDS="+xlen +xrange +xrevrange +xread +xreadgroup +xack +xautoclaim +xclaim +xpending +xgroup|create +xgroup|setid +xgroup|createconsumer +xinfo|groups +xinfo|stream +xinfo|consumers"

# sf_secrets_dir STATE: prints the secrets folder (made 0700 if missing).
sf_secrets_dir () {
    local dir="${SF_SECRETS_DIR:-$1/secrets}"
    if [[ ! -d "$dir" ]]; then
        (umask 077 && mkdir -p "$dir") || sf_die "cannot create $dir"
    fi
    printf '%s\n' "$dir"
}

sf_random_secret () {
    local secret
    secret="$(head -c 96 /dev/urandom | base64 -w 0 | tr -dc 'A-Za-z0-9')"
    printf '%s\n' "${secret:0:$SF_SECRET_CHARS}"
}

# sf_write_secret FILE CONTENT: writes FILE with mode 0600 from the start (never readable by
# others, not even for a moment), without a line end: a password file hashes to its password.
sf_write_secret () {
    (umask 077 && printf '%s' "$2" >"$1.tmp" && mv "$1.tmp" "$1") || sf_die "cannot write $1"
}

# sf_secret_file STATE NAME [BEFORE]: prints the path of secrets file NAME; a missing one is
# made with a random password, after BEFORE (a passfile's "host:port:db:role:").
sf_secret_file () {
    local file
    file="$(sf_secrets_dir "$1")/$2"
    [[ -s "$file" ]] || sf_write_secret "$file" "${3:-}$(sf_random_secret)"
    printf '%s\n' "$file"
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL

# sf_pg_daemon_role NAME: the login role of daemon NAME.
sf_pg_daemon_role () { printf 'sf_%s\n' "$1"; }

# sf_pg_passfile STATE ROLE: prints the passfile of ROLE, made with a random password once.
sf_pg_passfile () {
    sf_secret_file "$1" "pg_$2.pgpass" "*:*:*:$2:"
}

# sf_pg_password STATE ROLE: the password of ROLE (made once).
sf_pg_password () {
    cut -d: -f5 "$(sf_pg_passfile "$1" "$2")"
}

# sf_pg_role_conninfo STATE ROLE: libpq conninfo of the stack's cluster as ROLE; the password
# stays in the passfile, so the conninfo may be shown and logged.
sf_pg_role_conninfo () {
    local port
    port="$(sf_read_file "$1/pg.port")"
    [[ -n "$port" ]] || sf_die "no PostgreSQL port recorded in $1/pg.port"
    printf 'host=127.0.0.1 port=%s dbname=safety user=%s passfile=%s\n' "$port" "$2" "$(sf_pg_passfile "$1" "$2")"
}

# sf_pg_write_hba BASE: the cluster's pg_hba.conf, rewritten at every start: password
# (scram-sha-256) over loopback TCP for every role, the local socket for the postgres OS user
# as the postgres role only (peer), nothing else.
sf_pg_write_hba () {
    local base="$1"
    cat >"$base/data/pg_hba.conf" <<'EOF'
# Written by deploy/lib_roles.sh (sf_pg_write_hba); edits are lost at the next start.
# TYPE  DATABASE  USER      ADDRESS        METHOD
local   all       postgres                 peer
host    all       all       127.0.0.1/32   scram-sha-256
host    all       all       ::1/128        scram-sha-256
EOF
    chown "$SF_PG_USER:" "$base/data/pg_hba.conf"
    chmod 600 "$base/data/pg_hba.conf"
}

# sf_pg_ensure_admin STATE BASE PORT: the admin role `safety` (superuser of this private
# cluster, owner of the database) with the password of its passfile; PUBLIC loses CONNECT and
# TEMP on the database and every right on the public schema.
sf_pg_ensure_admin () {
    local state="$1" base="$2" port="$3" password
    password="$(sf_pg_password "$state" "$SF_PG_ADMIN_ROLE")"
    sf_pg_psql "$base" "$port" -v role="$SF_PG_ADMIN_ROLE" -v password="$password" <<'EOF' >/dev/null \
        || sf_die "cannot set up role $SF_PG_ADMIN_ROLE"
SELECT format ('CREATE ROLE %I LOGIN SUPERUSER', :'role')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format ('ALTER ROLE %I LOGIN PASSWORD %L', :'role', :'password') \gexec
EOF
}

# sf_pg_lock_public BASE PORT: what every role may do by default, taken away.
sf_pg_lock_public () {
    sf_pg_psql "$1" "$2" -d safety <<'EOF' >/dev/null || sf_die "cannot revoke the rights of PUBLIC"
REVOKE ALL ON DATABASE safety FROM PUBLIC;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
EOF
}

# sf_pg_ensure_daemon_role STATE BASE PORT NAME [SCHEMA]: role sf_<name> with its password,
# no attribute beyond LOGIN, CONNECT on the database, owner of its schema (made for it) and
# of everything in it (a schema a superuser migrated before is handed over).
sf_pg_ensure_daemon_role () {
    local state="$1" base="$2" port="$3" name="$4" schema="${5:-$4}" role password
    role="$(sf_pg_daemon_role "$name")"
    password="$(sf_pg_password "$state" "$role")"
    sf_pg_psql "$base" "$port" -d safety -v role="$role" -v password="$password" -v schema="$schema" <<'EOF' >/dev/null \
        || sf_die "cannot set up role $role"
SELECT format ('CREATE ROLE %I LOGIN', :'role')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format ('ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT '
               'CONNECTION LIMIT -1 PASSWORD %L', :'role', :'password') \gexec
SELECT format ('GRANT CONNECT ON DATABASE safety TO %I', :'role') \gexec
SELECT format ('CREATE SCHEMA %I AUTHORIZATION %I', :'schema', :'role')
 WHERE to_regnamespace (:'schema') IS NULL \gexec
SELECT format ('ALTER SCHEMA %I OWNER TO %I', :'schema', :'role') \gexec
SELECT format ('ALTER %s %I.%I OWNER TO %I',
               CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                              ELSE 'TABLE' END, :'schema', c.relname, :'role')
  FROM pg_class c
 WHERE c.relnamespace = to_regnamespace (:'schema') AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
   AND c.relowner <> to_regrole (:'role')
   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                                               AND d.deptype IN ('a', 'i')) \gexec
SELECT format ('ALTER ROUTINE %s OWNER TO %I', p.oid::regprocedure, :'role')
  FROM pg_proc p
 WHERE p.pronamespace = to_regnamespace (:'schema') AND p.proowner <> to_regrole (:'role') \gexec
SELECT format ('ALTER TYPE %I.%I OWNER TO %I', :'schema', t.typname, :'role')
  FROM pg_type t
 WHERE t.typnamespace = to_regnamespace (:'schema') AND t.typtype IN ('e', 'd')
   AND t.typowner <> to_regrole (:'role') \gexec
EOF
}

# ---------------------------------------------------------------------------------------------
# Redis

# sf_redis_password_file STATE USER: prints the password file of USER, made once.
sf_redis_password_file () {
    sf_secret_file "$1" "redis_$2.password"
}

# sf_redis_daemon_rules PREFIX WRITES READS: the ACL rules of a daemon's user: every command
# it uses on the streams it publishes, the dead letters of those it consumes and the shared
# alert streams; a selector with the consumer's commands only on the streams it consumes.
sf_redis_daemon_rules () {
    local prefix="$1" writes="$2" reads="$3" topic keys=() consumed=()
    for topic in ${writes//,/ }; do
        [[ "$topic" == - ]] || keys+=("~$prefix:events:$topic")
    done
    for topic in ${reads//,/ }; do
        [[ "$topic" == - ]] || { keys+=("~$prefix:events:$topic:dead"); consumed+=("~$prefix:events:$topic"); }
    done
    for topic in "${SF_REDIS_SHARED_TOPICS[@]}"; do
        keys+=("~$prefix:events:$topic")
    done
    printf '%s -@all %s' "${keys[*]}" "$SF_REDIS_DAEMON_COMMANDS"
    (( ${#consumed[@]} == 0 )) || printf ' (%s -@all %s)' "${consumed[*]}" "$SF_REDIS_CONSUMER_COMMANDS"
    printf '\n'
}

# sf_redis_write_acl STATE ACL_FILE: the users of the stack's Redis: sf-admin (everything),
# one sf-<daemon> per line of SF_REDIS_DAEMON_TOPICS, `default` off. The streams are named
# with the default prefix `sf` (redis.stream_prefix).
sf_redis_write_acl () {
    local state="$1" file="$2" entry name writes reads prefix=sf user files=() hashes=() index=1
    local users=("$SF_REDIS_ADMIN_USER")
    for entry in "${SF_REDIS_DAEMON_TOPICS[@]}"; do
        users+=("sf-${entry%% *}")
    done
    for user in "${users[@]}"; do
        files+=("$(sf_redis_password_file "$state" "$user")")
    done
    # The password files hold no line end: their SHA-256 is the ACL's (one process for all).
    mapfile -t hashes < <(sha256sum "${files[@]}" | cut -d' ' -f1)
    (( ${#hashes[@]} == ${#users[@]} )) || sf_die "cannot hash the Redis passwords in $(sf_secrets_dir "$state")"
    {
        # `default` is off with no password: nobody logs in as it, and a connection that has
        # not logged in as another user gets NOAUTH for everything. Its rights are those of the
        # client that replays the AOF at start-up: Redis 7.0 checks the commands of a MULTI/EXEC
        # it replays against `default` and, refused, drops them without a word (redis/redis
        # issue 14541, fixed after 7.0.15; valkey issue 3983): the streams' consumer groups
        # would lose their deliveries at every restart.
        printf 'user default off resetpass ~* &* +@all\n'
        printf 'user %s on #%s ~* &* +@all\n' "$SF_REDIS_ADMIN_USER" "${hashes[0]}"
        for entry in "${SF_REDIS_DAEMON_TOPICS[@]}"; do
            read -r name writes reads <<<"$entry"
            printf 'user sf-%s on #%s resetchannels %s\n' "$name" "${hashes[$index]}" \
                "$(sf_redis_daemon_rules "$prefix" "$writes" "$reads")"
            index=$(( index + 1 ))
        done
    } >"$file.tmp"
    chmod 600 "$file.tmp"
    mv "$file.tmp" "$file"
}

# sf_redis_cli STATE PORT ARGS...: redis-cli as sf-admin (the password through the
# environment, never on a command line).
sf_redis_cli () {
    local state="$1" port="$2" password
    shift 2
    password="$(<"$(sf_redis_password_file "$state" "$SF_REDIS_ADMIN_USER")")"
    REDISCLI_AUTH="$password" redis-cli --no-auth-warning --user "$SF_REDIS_ADMIN_USER" -h 127.0.0.1 -p "$port" "$@"
}

# sf_redis_daemon_known NAME: true when SF_REDIS_DAEMON_TOPICS has a line for daemon NAME.
sf_redis_daemon_known () {
    local entry
    for entry in "${SF_REDIS_DAEMON_TOPICS[@]}"; do
        [[ "${entry%% *}" == "$1" ]] && return 0
    done
    return 1
}
