/*  gateway_session_store: the gateway's tables of sessions and failed logins (migration
    001_sessions.sql). Every function returns -1 after a database error (logged by the
    caller, who knows the request); nothing here knows HTTP.                                 */
#ifndef GATEWAY_SESSION_STORE_H_INCLUDED
#define GATEWAY_SESSION_STORE_H_INCLUDED

#include "gateway_session.h"
#include "gateway_session_token.h"
#include "directory.pb-c.h"
#include "gateway.pb-c.h"
#include "sf_db.h"

#include <stdint.h>

//  A session to store at login.
typedef struct {
    uint8_t token_hash [GW_TOKEN_HASH_BYTES];
    const char *session_id;
    const char *address;
    const char *user_agent;
    int64_t created_ms;
    int64_t expires_ms;
    const Directory__Account *account;   //  its login is the session's
    char **plants;                       //  the plants of its grants' nodes
    size_t plant_count;
    bool company;                        //  a grant on a company-level node
} gw_session_new_t;

int gw_session_store_insert (sf_db_t *db, const gw_session_new_t *session);

//  The live session of token_hash at now (not revoked, not past its end, used within
//  idle_ms): 1 with who filled (who is cleared first) and *last_used_ms, 0 none, -1.
int gw_session_store_find (sf_db_t *db, const uint8_t token_hash [GW_TOKEN_HASH_BYTES], int64_t now_ms,
                           int64_t idle_ms, gw_who_t *who, int64_t *last_used_ms);

//  Notes the session's use at now. 0 or -1.
int gw_session_store_touch (sf_db_t *db, const char *session_id, int64_t now_ms);

//  A session by its id, as gateway.Session without token (ended ones too): 1 with *session
//  (sf_pb_destroy frees it) and *open (not revoked, before its ends at now), 0 none, -1.
int gw_session_store_get (sf_db_t *db, const char *session_id, int64_t now_ms, int64_t idle_ms,
                          Gateway__Session **session, bool *open);

//  The open sessions of login at now, newest first. 0 with *list, or -1.
int gw_session_store_list (sf_db_t *db, const char *login, int64_t now_ms, int64_t idle_ms,
                           Gateway__SessionList **list);

//  Ends a session (when still open); by says who ("logout", "directory", a login). The
//  number ended (0 or 1), or -1.
int gw_session_store_revoke (sf_db_t *db, const char *session_id, const char *by, int64_t now_ms);

//  Ends every open session of login whose account is older than version (0: all of them).
//  The number ended, or -1.
int gw_session_store_revoke_login (sf_db_t *db, const char *login, int64_t version, const char *by, int64_t now_ms);

//  How count sessions stand at now: ends [i] for session_ids [i] (distinct, sorted by
//  strcmp; a session without a row counts as revoked). In the same statement the open ones
//  last used touch_ms ago or longer are noted as used at now. 0 or -1.
int gw_session_store_check (sf_db_t *db, char *const *session_ids, size_t count, int64_t now_ms, int64_t idle_ms,
                            int64_t touch_ms, gw_session_end_t *ends);

//  Whether a login attempt for login from address is refused at now: 1 with *retry_after_ms
//  (when the oldest failure that keeps it over a limit leaves the window), 0 allowed, -1.
//  The limits are the table gateway_setting's.
int gw_login_limited (sf_db_t *db, const char *login, const char *address, int64_t now_ms, int64_t *retry_after_ms);

//  Notes a failed login (and forgets failures older than the window). 0 or -1.
int gw_login_failed (sf_db_t *db, const char *login, const char *address, int64_t now_ms);

//  Forgets login's failures after a good login. 0 or -1.
int gw_login_succeeded (sf_db_t *db, const char *login);

#endif
