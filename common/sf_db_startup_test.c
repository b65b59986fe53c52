/*  sf_db_startup_test: the verdict on libpq 15's own connect messages (copied as libpq and
    PostgreSQL 15 print them), passwords masked in every form of db.url and in libpq's echo of
    a bad URI, and the lines a starting daemon logs. The same verdicts against a real server
    are in tests/directory_startup_test.c.                                                   */
#include "sf_db_startup.h"
#include "sf_testkit.h"

#include <string.h>

typedef struct {
    const char *error;
    bool permanent;
    const char *reason_en;              //  a part of the verdict's English reason
} s_case_t;

static const s_case_t s_cases [] = {
    { "connection to server at \"127.0.0.1\", port 1 failed: Connection refused\n"
      "\tIs the server running on that host and accepting TCP/IP connections?", false, "connection refused" },
    { "connection to server on socket \"/tmp/.s.PGSQL.5432\" failed: No such file or directory\n"
      "\tIs the server running locally and accepting connections on that socket?", false, "Unix-domain socket" },
    { "connection to server at \"10.255.255.1\", port 5432 failed: timeout expired", false, "timed out" },
    { "the database did not accept the connection in time", false, "timed out" },
    { "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  the database system is starting up",
      false, "starting up" },
    { "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  the database system is not yet accepting "
      "connections\nDETAIL:  Consistent recovery state has not been yet reached.", false, "starting up" },
    { "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  the database system is shutting down",
      false, "shutting down" },
    { "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  the database system is in recovery mode",
      false, "recovery" },
    { "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  sorry, too many clients already",
      false, "connection slot" },
    { "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  remaining connection slots are reserved "
      "for non-replication superuser connections", false, "connection slot" },
    { "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  too many connections for role \"safety\"",
      false, "used up" },
    { "could not translate host name \"db.example.com\" to address: Temporary failure in name resolution",
      false, "for now" },
    { "connection to server at \"127.0.0.1\", port 5432 failed: server closed the connection unexpectedly\n"
      "\tThis probably means the server terminated abnormally\n\tbefore or while processing the request.",
      false, "closed the connection" },
    { "something no version of libpq says", false, "not known" },
    { "", false, "not known" },

    { "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  password authentication failed for "
      "user \"safety\"", true, "wrong password" },
    { "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  Peer authentication failed for user "
      "\"safety\"", true, "authentication failed" },
    { "connection to server at \"127.0.0.1\", port 5432 failed: fe_sendauth: no password supplied",
      true, "gives none" },
    { "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  role \"nobody\" does not exist",
      true, "role (user) does not exist" },
    { "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  role \"reader\" is not permitted to log in",
      true, "may not log in" },
    { "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  database \"nodb\" does not exist",
      true, "database does not exist" },
    { "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  database \"old\" is not currently "
      "accepting connections", true, "datallowconn" },
    { "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  permission denied for database \"safety\"\n"
      "DETAIL:  User does not have CONNECT privilege.", true, "CONNECT" },
    { "connection to server at \"10.0.0.5\", port 5432 failed: FATAL:  no pg_hba.conf entry for host \"10.0.0.9\", "
      "user \"safety\", database \"safety\", no encryption", true, "pg_hba.conf has no entry" },
    { "could not translate host name \"nosuchhost.invalid\" to address: Name or service not known",
      true, "unknown host" },
    { "invalid connection option \"hots\"", true, "invalid connection option" },
    { "missing \"=\" after \"garbage\" in connection info string", true, "connection string" },
    { "unterminated quoted string in connection info string", true, "connection string" },
    { "invalid URI query parameter: \"bogus\"", true, "(URI)" },
    { "invalid port number: \"abc\"", true, "port number" },
    { "invalid integer value \"x\" for connection option \"connect_timeout\"", true, "integer" },
    { "invalid sslmode value: \"sometimes\"", true, "invalid value" },
    { "connection to server at \"127.0.0.1\", port 5432 failed: server does not support SSL, but SSL was required",
      true, "SSL" },
    { "could not match 2 port numbers to 1 hosts", true, "different numbers" },
    //  Two hosts: one down, the other refuses the role. The next round meets the same role.
    { "connection to server at \"127.0.0.1\", port 1 failed: Connection refused\n"
      "\tIs the server running on that host and accepting TCP/IP connections?\n"
      "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  role \"nobody\" does not exist",
      true, "role (user) does not exist" },
    { NULL, false, NULL }
};

static void
s_check_verdicts (void)
{
    for (const s_case_t *test = s_cases; test->error; test++) {
        sf_db_startup_verdict_t verdict = sf_db_startup_classify (test->error);
        if (verdict.permanent != test->permanent || !strstr (verdict.reason->en, test->reason_en))
            fprintf (stderr, "'%s': %s, '%s'\n", test->error, verdict.permanent? "permanent": "transient",
                     verdict.reason->en);
        SF_CHECK (verdict.permanent == test->permanent);
        SF_CHECK (strstr (verdict.reason->en, test->reason_en));
        SF_CHECK (verdict.reason->zh && *verdict.reason->zh);
    }
    SF_CHECK (!sf_db_startup_classify (NULL).permanent);
}

static void
s_check_mask (const char *url, const char *expected)
{
    char *masked = sf_db_startup_masked_url (url);
    SF_CHECK_STR (masked, expected);
    free (masked);
}

static void
s_check_masks (void)
{
    s_check_mask ("host=127.0.0.1 port=5432 dbname=safety user=safety",
                  "host=127.0.0.1 port=5432 dbname=safety user=safety");
    s_check_mask ("host=db user=u password=secret dbname=x", "host=db user=u password=*** dbname=x");
    s_check_mask ("host=db password = 'se cr\\'et' user=u", "host=db password = *** user=u");
    s_check_mask ("password=a\\ b host=db", "password=*** host=db");
    s_check_mask ("host=db password=", "host=db password=***");
    s_check_mask ("password=one host=db password=two", "password=*** host=db password=***");
    s_check_mask ("postgresql://u:secret@db:5432/x?sslmode=disable", "postgresql://u:***@db:5432/x?sslmode=disable");
    s_check_mask ("postgresql://u@db/x", "postgresql://u@db/x");
    s_check_mask ("postgres://db/x?user=u&password=secret&application_name=a",
                  "postgres://db/x?user=u&password=***&application_name=a");
    s_check_mask ("postgresql://db:5432/x", "postgresql://db:5432/x");
}

static void
s_check_messages (void)
{
    //  libpq repeats a bad URI whole: the password goes, the reason and the URI stay.
    const char *url = "postgresql://u:secret@db!/x";
    const char *error = "unexpected character \"!\" at position 20 in URI (expected \":\" or \"/\"): "
                        "\"postgresql://u:secret@db!/x\"\n";
    char *line = sf_db_startup_message (url, error, true, 0, 60);
    SF_CHECK (!strstr (line, "secret"));
    SF_CHECK (strstr (line, "db.url: postgresql://u:***@db!/x"));
    SF_CHECK (strstr (line, "\"postgresql://u:***@db!/x\""));
    SF_CHECK (strstr (line, "waiting cannot help"));
    SF_CHECK (strstr (line, "等待无用"));
    SF_CHECK (!strchr (line, '\n'));
    free (line);

    url = "host=127.0.0.1 port=1 dbname=safety user=safety password=hunter2";
    error = "connection to server at \"127.0.0.1\", port 1 failed: Connection refused\n"
            "\tIs the server running on that host and accepting TCP/IP connections?\n";
    line = sf_db_startup_message (url, error, false, 10, 60);
    SF_CHECK (!strstr (line, "hunter2"));
    SF_CHECK (strstr (line, "waiting for the database (10 s of at most 60 s): connection refused"));
    SF_CHECK (strstr (line, "password=***"));
    SF_CHECK (strstr (line, "Connection refused Is the server running"));
    SF_CHECK (!strchr (line, '\n') && !strchr (line, '\t'));
    free (line);

    line = sf_db_startup_message (url, error, true, 61, 60);
    SF_CHECK (strstr (line, "no database after waiting 61 s (db.connect_wait_s), stopping: connection refused"));
    SF_CHECK (strstr (line, "等待数据库 61 秒"));
    free (line);
}

int
main (void)
{
    s_check_verdicts ();
    s_check_masks ();
    s_check_messages ();
    return 0;
}
