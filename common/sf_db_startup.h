/*  sf_db_startup: whether a daemon starting up should wait for its database, and what it
    says when it stops. A database that is not up yet (connection refused, starting up,
    too many clients) is worth waiting for, for a bounded time (db.connect_wait_s); settings
    the server or libpq refuse (wrong password, no such role or database, unknown host,
    a bad connection string) would be refused for ever, so the daemon stops at once and says
    why. The verdict reads libpq's own words (PostgreSQL 15, English messages): an error it
    does not know is taken as transient, so an unforeseen message costs a bounded wait, never
    a false stop. Every text here hides the password db.url may hold.                        */
#ifndef SF_DB_STARTUP_H_INCLUDED
#define SF_DB_STARTUP_H_INCLUDED

#include "sf_status.h"

#include <stdbool.h>

typedef struct {
    bool permanent;                 //  waiting cannot help: the settings must change
    const sf_text_t *reason;        //  what is wrong, in both languages, no arguments
} sf_db_startup_verdict_t;

//  Classifies the text of a failed connect (sf_db_error after sf_db_ensure failed).
sf_db_startup_verdict_t sf_db_startup_classify (const char *error);

//  url with every password in it (password=..., postgresql://user:...@, ?password=...)
//  replaced by ***. Caller frees.
char *sf_db_startup_masked_url (const char *url);

//  The one line a daemon logs about a failed connect at start-up, in both languages: the
//  verdict's reason, db.url masked, libpq's message (on one line, the password masked), and
//  either how long it waits still (stopping false) or that it stops (stopping true; after
//  waited_s seconds when the error is transient). Caller frees.
char *sf_db_startup_message (const char *url, const char *error, bool stopping, int waited_s, int wait_s);

#endif
