/*  gateway_session_org: the directory's account events end the sessions they make stale
    (README.md, "Sessions"). A session holds the account and grants the directory answered at
    login; a disabled account, a grant added or revoked, a new password or any other change
    (directory.account_updated) ends every session of that login opened before it (account
    version lower than the event's): the person logs in again and gets what is now true.
    Safe to apply twice: a second time finds nothing older open.                             */
#include "gateway_session_parts.h"
#include "gateway_session_store.h"
#include "gateway_sse_hub.h"
#include "directory.pb-c.h"
#include "sf_clock.h"
#include "sf_event_payload.h"
#include "sf_log.h"
#include "sf_pb.h"

#include <inttypes.h>
#include <string.h>

static const char *const s_ending [] = {
    "directory.account_disabled", "directory.account_updated", "directory.grant_added", "directory.grant_revoked",
    NULL
};

int
gw_session_apply_org (sf_db_t *db, const sf_event_t *event, void *arg)
{
    gw_state_t *state = arg;
    bool ends = false;
    for (int i = 0; s_ending [i] && !ends; i++)
        ends = event->type && strcmp (event->type, s_ending [i]) == 0;
    if (!ends)
        return 0;
    Directory__Account *account = sf_event_payload (event, &directory__account__descriptor, "login");
    if (!account)
        return 0;
    int64_t version = account->version > 0? account->version: 0;   //  none given: every session
    int64_t now = sf_clock_now_ms ();
    int ended = gw_session_store_revoke_login (db, account->login, version, "directory", now);
    //  The consumer commits after this returns: the streams' check may come first and find
    //  the sessions still open; it is asked again at the next heartbeat at the latest. This
    //  process's cache serves none of the ended sessions, nor any session of that login until
    //  the revocation has long committed (GW_SESSION_CACHE_BLOCK_MS).
    if (ended > 0) {
        gw_session_cache_drop_login (gw_session_cache (), account->login, now);
        sf_info ("gateway: event %s (%s, version %" PRId64 "): %d session(s) of %s ended", event->event_id,
                 event->type, account->version, ended, account->login);
        gw_sse_sessions_changed (state);
    }
    sf_pb_destroy (&account);
    return ended < 0? -1: 0;
}
