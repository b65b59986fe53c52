/*  gateway_session_store: sessions and failed logins in PostgreSQL (gateway_session_store.h). */
#include "gateway_session_store.h"
#include "sf_pb.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_INT_TEXT 24

//  A bytea parameter in text form: "\x" and hex. Caller frees.
static char *
s_hex (const uint8_t *data, size_t size)
{
    char *text = malloc (2 * size + 3);
    memcpy (text, "\\x", 2);
    sodium_bin2hex (text + 2, 2 * size + 1, data, size);
    return text;
}

static void
s_int (char text [S_INT_TEXT], int64_t value)
{
    snprintf (text, S_INT_TEXT, "%" PRId64, value);
}

//  Splits lines (a text[] read with array_to_string (…, E'\n'); codes never hold a line
//  break) into a new array.
static char **
s_lines (const char *text, size_t *count)
{
    *count = 0;
    if (!*text)
        return NULL;
    size_t lines = 1;
    for (const char *c = text; *c; c++)
        lines += *c == '\n';
    char **items = calloc (lines, sizeof *items);
    const char *start = text;
    for (size_t i = 0; i < lines; i++) {
        const char *end = strchr (start, '\n');
        size_t length = end? (size_t) (end - start): strlen (start);
        items [i] = strndup (start, length);
        start += length + 1;
    }
    *count = lines;
    return items;
}

int
gw_session_store_insert (sf_db_t *db, const gw_session_new_t *session)
{
    const Directory__Account *account = session->account;
    char **roles = calloc (account->n_grants + 1, sizeof *roles);
    size_t role_count = 0;
    for (size_t g = 0; g < account->n_grants; g++) {
        bool known = false;
        for (size_t r = 0; r < role_count && !known; r++)
            known = strcmp (roles [r], account->grants [g]->role) == 0;
        if (!known)
            roles [role_count++] = account->grants [g]->role;
    }
    size_t packed_size = protobuf_c_message_get_packed_size (&account->base);
    uint8_t *packed = malloc (packed_size + 1);
    protobuf_c_message_pack (&account->base, packed);
    char *hash = s_hex (session->token_hash, GW_TOKEN_HASH_BYTES);
    char *bytes = s_hex (packed, packed_size);
    char *role_list = sf_db_array_literal (roles, role_count);
    char *plant_list = sf_db_array_literal (session->plants, session->plant_count);
    char created [S_INT_TEXT], expires [S_INT_TEXT], version [S_INT_TEXT];
    s_int (created, session->created_ms);
    s_int (expires, session->expires_ms);
    s_int (version, account->version);
    const char *values [] = {
        hash, session->session_id, account->login, session->address, session->user_agent, created, expires,
        bytes, version, role_list, plant_list, session->company? "true": "false"
    };
    int64_t rows = sf_db_exec (db,
        "INSERT INTO session (token_hash, session_id, login, address, user_agent, created_ms, expires_ms, "
        "  last_used_ms, account, account_version, roles, plants, company) "
        "VALUES ($1::bytea, $2, $3, $4, $5, $6, $7, $6, $8::bytea, $9, $10::text[], $11::text[], $12)",
        12, values);
    free (hash);
    free (bytes);
    free (packed);
    free (role_list);
    free (plant_list);
    free (roles);
    return rows == 1? 0: -1;
}

int
gw_session_store_find (sf_db_t *db, const uint8_t token_hash [GW_TOKEN_HASH_BYTES], int64_t now_ms,
                       int64_t idle_ms, gw_who_t *who, int64_t *last_used_ms)
{
    gw_who_clear (who);
    char *hash = s_hex (token_hash, GW_TOKEN_HASH_BYTES);
    char now [S_INT_TEXT], idle [S_INT_TEXT];
    s_int (now, now_ms);
    s_int (idle, idle_ms);
    const char *values [] = { hash, now, idle };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT login, session_id, expires_ms, last_used_ms, array_to_string (roles, E'\\n'), "
        "  array_to_string (plants, E'\\n'), company "
        "FROM session WHERE token_hash = $1::bytea AND revoked_ms IS NULL "
        "  AND expires_ms > $2::bigint AND last_used_ms > $2::bigint - $3::bigint",
        3, values);
    free (hash);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows) == 1;
    if (found) {
        snprintf (who->login, sizeof who->login, "%s", sf_rows_text (rows, 0, 0));
        snprintf (who->session_id, sizeof who->session_id, "%s", sf_rows_text (rows, 0, 1));
        who->expires_ms = sf_rows_int (rows, 0, 2);
        *last_used_ms = sf_rows_int (rows, 0, 3);
        who->roles = s_lines (sf_rows_text (rows, 0, 4), &who->role_count);
        who->plants = s_lines (sf_rows_text (rows, 0, 5), &who->plant_count);
        who->company = sf_rows_bool (rows, 0, 6);
    }
    sf_rows_destroy (&rows);
    return found;
}

int
gw_session_store_touch (sf_db_t *db, const char *session_id, int64_t now_ms)
{
    char now [S_INT_TEXT];
    s_int (now, now_ms);
    const char *values [] = { session_id, now };
    return sf_db_exec (db, "UPDATE session SET last_used_ms = $2 WHERE session_id = $1 AND last_used_ms < $2",
                       2, values) < 0? -1: 0;
}

//  Columns of a gateway.Session, then whether it is open at $2 with idle $3.
#define S_SESSION_COLUMNS \
    "session_id, login, created_ms, expires_ms, account, " \
    "revoked_ms IS NULL AND expires_ms > $2::bigint AND last_used_ms > $2::bigint - $3::bigint"

static Gateway__Session *
s_session (sf_rows_t *rows, int row)
{
    Gateway__Session *session = sf_pb_new (&gateway__session__descriptor);
    sf_pb_set (&session->session_id, sf_rows_text (rows, row, 0));
    sf_pb_set (&session->login, sf_rows_text (rows, row, 1));
    session->created_ms = sf_rows_int (rows, row, 2);
    session->expires_ms = sf_rows_int (rows, row, 3);
    size_t size = 0;
    uint8_t *bytes = sf_rows_bytes (rows, row, 4, &size);
    if (bytes)
        session->account = directory__account__unpack (NULL, size, bytes);
    free (bytes);
    return session;
}

int
gw_session_store_get (sf_db_t *db, const char *session_id, int64_t now_ms, int64_t idle_ms,
                      Gateway__Session **session, bool *open)
{
    *session = NULL;
    char now [S_INT_TEXT], idle [S_INT_TEXT];
    s_int (now, now_ms);
    s_int (idle, idle_ms);
    const char *values [] = { session_id, now, idle };
    sf_rows_t *rows = sf_db_query (db, "SELECT " S_SESSION_COLUMNS " FROM session WHERE session_id = $1", 3, values);
    if (!rows)
        return -1;
    int found = sf_rows_count (rows) == 1;
    if (found) {
        *session = s_session (rows, 0);
        *open = sf_rows_bool (rows, 0, 5);
    }
    sf_rows_destroy (&rows);
    return found;
}

int
gw_session_store_list (sf_db_t *db, const char *login, int64_t now_ms, int64_t idle_ms, Gateway__SessionList **list)
{
    *list = NULL;
    char now [S_INT_TEXT], idle [S_INT_TEXT];
    s_int (now, now_ms);
    s_int (idle, idle_ms);
    const char *values [] = { login, now, idle };
    sf_rows_t *rows = sf_db_query (db,
        "SELECT " S_SESSION_COLUMNS " FROM session WHERE login = $1 AND revoked_ms IS NULL "
        "  AND expires_ms > $2::bigint AND last_used_ms > $2::bigint - $3::bigint "
        "ORDER BY created_ms DESC, session_id",
        3, values);
    if (!rows)
        return -1;
    *list = sf_pb_new (&gateway__session_list__descriptor);
    for (int row = 0; row < sf_rows_count (rows); row++) {
        Gateway__Session *session = s_session (rows, row);
        Gateway__Session **grown = realloc ((*list)->sessions, ((*list)->n_sessions + 1) * sizeof *grown);
        (*list)->sessions = grown;
        grown [(*list)->n_sessions++] = session;
    }
    sf_rows_destroy (&rows);
    return 0;
}

int
gw_session_store_revoke (sf_db_t *db, const char *session_id, const char *by, int64_t now_ms)
{
    char now [S_INT_TEXT];
    s_int (now, now_ms);
    const char *values [] = { session_id, by, now };
    int64_t ended = sf_db_exec (db,
        "UPDATE session SET revoked_ms = $3, revoked_by = $2 WHERE session_id = $1 AND revoked_ms IS NULL",
        3, values);
    return ended < 0? -1: (int) ended;
}

int
gw_session_store_revoke_login (sf_db_t *db, const char *login, int64_t version, const char *by, int64_t now_ms)
{
    char now [S_INT_TEXT], below [S_INT_TEXT];
    s_int (now, now_ms);
    s_int (below, version);
    const char *values [] = { login, by, now, below };
    int64_t ended = sf_db_exec (db,
        "UPDATE session SET revoked_ms = $3, revoked_by = $2 "
        "WHERE login = $1 AND revoked_ms IS NULL AND ($4::bigint = 0 OR account_version < $4::bigint)",
        4, values);
    return ended < 0? -1: (int) ended;
}

static int
s_id_cmp (const void *a, const void *b)
{
    return strcmp (*(char *const *) a, *(char *const *) b);
}

int
gw_session_store_check (sf_db_t *db, char *const *session_ids, size_t count, int64_t now_ms, int64_t idle_ms,
                        int64_t touch_ms, gw_session_end_t *ends)
{
    char *ids = sf_db_array_literal (session_ids, count);
    char now [S_INT_TEXT], idle [S_INT_TEXT], touch [S_INT_TEXT];
    s_int (now, now_ms);
    s_int (idle, idle_ms);
    s_int (touch, touch_ms);
    const char *values [] = { ids, now, idle, touch };
    //  The update only moves last_used_ms of rows found open: a revocation committed meanwhile
    //  keeps its revoked_ms, and the next check sees it.
    sf_rows_t *rows = sf_db_query (db,
        "WITH found AS (SELECT session_id, revoked_ms, revoked_by, expires_ms, last_used_ms FROM session "
        "  WHERE session_id = ANY ($1::text[])), "
        "touched AS (UPDATE session t SET last_used_ms = $2::bigint FROM found f "
        "  WHERE t.session_id = f.session_id AND f.revoked_ms IS NULL AND f.expires_ms > $2::bigint "
        "    AND f.last_used_ms > $2::bigint - $3::bigint AND f.last_used_ms <= $2::bigint - $4::bigint "
        "    AND t.last_used_ms < $2::bigint) "
        "SELECT session_id, CASE WHEN revoked_ms IS NOT NULL THEN "
        "    CASE revoked_by WHEN 'logout' THEN 'logout' WHEN 'directory' THEN 'directory' ELSE 'revoked' END "
        "  WHEN expires_ms <= $2::bigint THEN 'expired' "
        "  WHEN last_used_ms <= $2::bigint - $3::bigint THEN 'idle' ELSE 'open' END "
        "FROM found",
        4, values);
    free (ids);
    if (!rows)
        return -1;
    for (size_t i = 0; i < count; i++)
        ends [i] = GW_SESSION_REVOKED;
    for (int row = 0; row < sf_rows_count (rows); row++) {
        const char *state = sf_rows_text (rows, row, 1);
        gw_session_end_t end = strcmp (state, "open") == 0? GW_SESSION_OPEN
                             : strcmp (state, "logout") == 0? GW_SESSION_LOGGED_OUT
                             : strcmp (state, "directory") == 0? GW_SESSION_ACCOUNT_CHANGED
                             : strcmp (state, "expired") == 0? GW_SESSION_EXPIRED
                             : strcmp (state, "idle") == 0? GW_SESSION_IDLE: GW_SESSION_REVOKED;
        const char *id = sf_rows_text (rows, row, 0);
        char *const *at = bsearch (&id, session_ids, count, sizeof *session_ids, s_id_cmp);
        if (at)
            ends [at - session_ids] = end;
    }
    sf_rows_destroy (&rows);
    return 0;
}

//  The limits, as of the table, in one row: per login, per address, window in ms.
#define S_LIMITS \
    "WITH limits AS (SELECT " \
    "  max (value) FILTER (WHERE key = 'login_failures_per_login') AS per_login, " \
    "  max (value) FILTER (WHERE key = 'login_failures_per_address') AS per_address, " \
    "  max (value) FILTER (WHERE key = 'login_failure_window_s') * 1000 AS window_ms FROM gateway_setting) "

int
gw_login_limited (sf_db_t *db, const char *login, const char *address, int64_t now_ms, int64_t *retry_after_ms)
{
    *retry_after_ms = 0;
    char now [S_INT_TEXT];
    s_int (now, now_ms);
    const char *values [] = { login, address, now };
    //  Over a limit of n while the n-th newest failure is in the window: it is the one whose
    //  leaving brings the count under the limit.
    sf_rows_t *rows = sf_db_query (db,
        S_LIMITS
        "SELECT greatest ("
        "  (SELECT f.failed_ms FROM login_failure f WHERE f.login = $1 AND f.failed_ms > $3::bigint - l.window_ms "
        "   ORDER BY f.failed_ms DESC OFFSET greatest (l.per_login - 1, 0) LIMIT 1), "
        "  (SELECT f.failed_ms FROM login_failure f WHERE f.address = $2 AND f.failed_ms > $3::bigint - l.window_ms "
        "   ORDER BY f.failed_ms DESC OFFSET greatest (l.per_address - 1, 0) LIMIT 1)) + l.window_ms - $3::bigint "
        "FROM limits l",
        3, values);
    if (!rows)
        return -1;
    int limited = sf_rows_count (rows) == 1 && !sf_rows_is_null (rows, 0, 0);
    if (limited)
        *retry_after_ms = sf_rows_int (rows, 0, 0);
    sf_rows_destroy (&rows);
    if (limited && *retry_after_ms < 1)
        *retry_after_ms = 1;
    return limited;
}

int
gw_login_failed (sf_db_t *db, const char *login, const char *address, int64_t now_ms)
{
    char now [S_INT_TEXT];
    s_int (now, now_ms);
    const char *values [] = { login, address, now };
    if (sf_db_exec (db, "INSERT INTO login_failure (login, address, failed_ms) VALUES ($1, $2, $3)", 3, values) != 1)
        return -1;
    const char *old [] = { now };
    return sf_db_exec (db, S_LIMITS "DELETE FROM login_failure USING limits WHERE failed_ms <= $1::bigint - window_ms",
                       1, old) < 0? -1: 0;
}

int
gw_login_succeeded (sf_db_t *db, const char *login)
{
    const char *values [] = { login };
    return sf_db_exec (db, "DELETE FROM login_failure WHERE login = $1", 1, values) < 0? -1: 0;
}
