/*  sf_db: libpq session. Every statement is prepared on first use in this session (named
    s1, s2, ...) and executed by name after that, which saves the parse on every command.
    A broken connection is replaced by a new one on sf_db_ensure, at most once per backoff
    period while the server stays unreachable, so callers fail fast instead of waiting on a
    connect each; prepared names are forgotten with the old connection.

    No wait is unbounded. Connecting is driven by PQconnectPoll under a deadline; every answer
    is awaited with poll() until the earlier of the I/O bound (statement timeout + 2 s: the
    server's statement_timeout cannot fire when the server or the network hangs) and the
    caller's deadline (sf_db_set_deadline). When the caller's deadline passes, the statement is
    cancelled with libpq's cancel request, sent from a short-lived thread of its own (PQcancel
    blocks, and a hung server would hold it), and the answer gets a short grace to arrive: the
    session then stays usable and the transaction is rolled back by the caller. When the grace
    passes too, or the session is interrupted (shutdown), the connection is dropped, which
    makes the server roll the transaction back.

    Sessions run with jit off: the daemons' statements are short, and a plan whose estimate
    grows with the data crosses jit_above_cost and then compiles on every execution (seen: a
    screen board's trend read took 0.69 s in psql over 10M findings, docs/benchmarks.md "Screen").

    Deferred statements (sf_db_defer, and BEGIN and SAVEPOINT themselves) are not sent when
    called: they wait in a queue and go out in one libpq pipeline with the next statement
    that needs an answer (one round trip instead of one each), or with COMMIT. The queue
    belongs to the open transaction: a rollback drops it (a BEGIN never sent costs nothing),
    and a rollback to a savepoint still queued just cuts the queue after it.                */
#include "sf_db.h"
#include "sf_clock.h"
#include "sf_log.h"

#include <assert.h>
#include <czmq.h>
#include <pthread.h>
#include <stdatomic.h>
#include <errno.h>
#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct _s_cancel_t s_cancel_t;
static void s_cancel_release (s_cancel_t **self_p);

//  A statement waiting to be sent, with copies of its parameters.
typedef struct {
    const char *sql;            //  the caller's text: a literal of our code, never freed
    int nparams;
    char **values;
    int *lengths;
    int *formats;
    char prepare [16];          //  set while its prepare is in flight: the name it gets
    int64_t *affected;          //  sf_db_defer_counted: where its row count goes
    PGresult **result;          //  gathering: where its answer goes (a coroutine waits on it)
    bool side;                  //  made under sf_db_side: its order among commands does not matter
} s_deferred_t;

struct _sf_db_t {
    PGconn *conn;
    char *url;
    uint64_t place;             //  sf_db_place
    char *options;              //  -c settings sent at connect
    char *application_name;
    int connect_timeout_s;
    int statement_timeout_ms;   //  the server's statement_timeout for this session
    int io_timeout_ms;          //  longest wait for an answer
    int64_t next_connect_ms;    //  monotonic time of the next connect attempt
    int connect_backoff_ms;     //  0 after a success; doubles per failure
    bool in_transaction;
    bool transaction_lost;      //  the connection dropped inside the transaction (rolled back)
    bool commit_unknown;        //  the last COMMIT lost its connection before its answer
    int64_t deadline_ms;        //  monotonic; 0: none (see sf_db_set_deadline)
    bool deadline_passed;       //  the last failure was the deadline
    atomic_bool interrupted;    //  sf_db_interrupt: the session does no more work
    atomic_bool finish_first;   //  sf_db_finish_first: an interrupt waits
    s_cancel_t *cancel_request; //  the last cancel request sent, until it is known to have arrived
    const char *savepoints [SF_DB_SAVEPOINTS_MAX];
    int queued_at [SF_DB_SAVEPOINTS_MAX];   //  index of the savepoint's statement in the
                                            //  queue while it waits there; -1 once sent
    int savepoint_count;
    s_deferred_t *queue;        //  deferred statements, in order (see above)
    int queue_count;
    int queue_size;
    bool begin_queued;          //  queue [0] is the transaction's BEGIN, never sent
    zhash_t *prepared;          //  sql text -> statement name
    zhash_t *savepoint_sql;     //  "SAVEPOINT <name>" -> the same text, kept for the queue
    unsigned next_statement;
    //  Gathering (sf_db_gather_start): statements that need an answer wait in the queue and
    //  their caller yields; sf_db_gather_send sends them all.
    void (*gather_yield) (void *arg);
    void *gather_arg;
    bool gather_failed;         //  a round failed or the run was spoiled: nothing more is sent
    bool gather_spoiled;        //  a handler did what a gathered run cannot (a savepoint, a script)
    bool side;                  //  sf_db_side: statements queued now are marked side
    uint64_t round_trips;
    uint64_t statements;
    char error [512];
    char sqlstate [6];
};

#define SF_DB_BACKOFF_MIN_MS 250
#define SF_DB_BACKOFF_MAX_MS 8000
//  After a cancel request, how long the cancelled statement's answer may take: a server that
//  is merely busy answers within milliseconds; one that is stopped never does.
#define SF_DB_CANCEL_GRACE_MS 250
//  Waits are cut into slices this long, so that an interrupt from another thread is seen.
#define SF_DB_WAIT_SLICE_MS 50
//  Cancel requests in flight at once (each a thread): beyond this the connection is dropped
//  without one, which rolls back too, only later.
#define SF_DB_CANCELS_MAX 8
//  How often a backend checks that its client is still there while a statement runs (a
//  dropped connection then stops its work within this time).
#define SF_DB_CLIENT_CHECK_MS 1000

static sf_rows_t *s_pipeline (sf_db_t *self, s_deferred_t *statement);
static bool s_lost (sf_db_t *self);
static void s_queue_cut (sf_db_t *self, int from);
static int s_flush (sf_db_t *self);
static sf_rows_t *s_gather_query (sf_db_t *self, const char *sql, int nparams, const char *const *values,
                                  const int *lengths, const int *formats);
static int s_gather_refuse (sf_db_t *self);
static void s_gather_yield (sf_db_t *self);
static int s_gather_spoil (sf_db_t *self, const char *what);

static atomic_int s_cancels_running;
static atomic_bool s_all_interrupted;

struct _sf_rows_t {
    PGresult *result;
};

static void
s_set_error (sf_db_t *self, const char *message, const char *sqlstate)
{
    snprintf (self->error, sizeof self->error, "%s", message? message: "unknown error");
    size_t len = strlen (self->error);
    while (len && (self->error [len - 1] == '\n' || self->error [len - 1] == ' '))
        self->error [--len] = 0;
    snprintf (self->sqlstate, sizeof self->sqlstate, "%s", sqlstate? sqlstate: "");
}

//  Server notices ("already exists, skipping") are routine: debug lines, not stderr noise.
static void
s_on_notice (void *arg, const char *message)
{
    (void) arg;
    sf_debug ("database notice: %.*s", (int) strcspn (message, "\n"), message);
}

static bool
s_interrupted (sf_db_t *self)
{
    return !atomic_load (&self->finish_first)
        && (atomic_load (&self->interrupted) || atomic_load (&s_all_interrupted));
}

//  The earlier of limit and the caller's deadline.
static int64_t
s_bounded (sf_db_t *self, int64_t limit)
{
    return self->deadline_ms && self->deadline_ms < limit? self->deadline_ms: limit;
}

//  True (error recorded) when the caller's deadline has passed: nothing more is sent.
static bool
s_too_late (sf_db_t *self)
{
    if (!self->deadline_ms || sf_clock_mono_ms () < self->deadline_ms)
        return false;
    self->deadline_passed = true;
    s_set_error (self, "the request's deadline passed before the statement was sent", "57014");
    return true;
}

//  Waits until the socket is ready for events, limit (monotonic ms) passes or the session is
//  interrupted. Returns 1 when ready, 0 when the limit passed or on interrupt, -1 on error.
static int
s_wait_socket (sf_db_t *self, short events, int64_t limit)
{
    struct pollfd pfd = { .fd = PQsocket (self->conn), .events = events };
    while (!s_interrupted (self)) {
        int64_t left = limit - sf_clock_mono_ms ();
        if (left <= 0)
            return 0;
        int rc = poll (&pfd, 1, (int) (left < SF_DB_WAIT_SLICE_MS? left: SF_DB_WAIT_SLICE_MS));
        if (rc > 0)
            return 1;
        if (rc < 0 && errno != EINTR)
            return -1;
    }
    return 0;
}

//  Drives PQconnectPoll until the connection is made, fails, or the connect timeout or the
//  caller's deadline passes (PQconnectdb would wait the whole connect_timeout, whole seconds).
static bool
s_connect_poll (sf_db_t *self)
{
    int64_t limit = s_bounded (self, sf_clock_mono_ms () + self->connect_timeout_s * 1000LL);
    PostgresPollingStatusType state = PGRES_POLLING_WRITING;
    while (state != PGRES_POLLING_OK) {
        if (state == PGRES_POLLING_FAILED) {
            s_set_error (self, PQerrorMessage (self->conn), NULL);
            return false;
        }
        int ready = s_wait_socket (self, state == PGRES_POLLING_READING? POLLIN: POLLOUT, limit);
        if (ready <= 0) {
            char why [128];
            if (ready < 0)
                snprintf (why, sizeof why, "waiting to connect failed: %s", strerror (errno));
            else
                snprintf (why, sizeof why, "the database did not accept the connection in time");
            s_set_error (self, why, NULL);
            return false;
        }
        state = PQconnectPoll (self->conn);
    }
    return true;
}

static void
s_connect (sf_db_t *self)
{
    if (s_interrupted (self)) {
        s_set_error (self, "the session was interrupted (the daemon is stopping)", NULL);
        return;
    }
    const char *keys [] = {
        "dbname", "options", "application_name",
        "keepalives", "keepalives_idle", "keepalives_interval", "keepalives_count",
        "tcp_user_timeout", NULL
    };
    const char *values [] = {
        self->url, self->options, self->application_name,
        "1", "5", "2", "3", "10000", NULL
    };
    self->conn = PQconnectStartParams (keys, values, 1);
    assert (self->conn);                //  NULL only when libpq cannot allocate
    bool made = PQstatus (self->conn) != CONNECTION_BAD? s_connect_poll (self): false;
    if (!made) {
        if (PQstatus (self->conn) == CONNECTION_BAD)
            s_set_error (self, PQerrorMessage (self->conn), NULL);
        PQfinish (self->conn);
        self->conn = NULL;
        self->connect_backoff_ms = self->connect_backoff_ms? self->connect_backoff_ms * 2: SF_DB_BACKOFF_MIN_MS;
        if (self->connect_backoff_ms > SF_DB_BACKOFF_MAX_MS)
            self->connect_backoff_ms = SF_DB_BACKOFF_MAX_MS;
        self->next_connect_ms = sf_clock_mono_ms () + self->connect_backoff_ms;
        return;
    }
    self->connect_backoff_ms = 0;
    PQsetNoticeProcessor (self->conn, s_on_notice, NULL);
    zhash_destroy (&self->prepared);
    self->prepared = zhash_new ();
    zhash_autofree (self->prepared);
    self->in_transaction = false;
}

sf_db_t *
sf_db_new (const sf_db_options_t *options)
{
    assert (options && options->url);
    sf_db_t *self = calloc (1, sizeof *self);
    assert (self);
    self->url = strdup (options->url);
    self->application_name = strdup (options->application_name? options->application_name: "safety");
    self->connect_timeout_s = options->connect_timeout_s > 0? options->connect_timeout_s: 2;
    self->statement_timeout_ms = options->statement_timeout_ms > 0? options->statement_timeout_ms: 5000;
    self->io_timeout_ms = self->statement_timeout_ms + 2000;
    const char *schema = options->schema && *options->schema? options->schema: "public";
    char *settings = NULL;
    int rc = asprintf (&settings,
        "-c search_path=%s,public -c statement_timeout=%d -c lock_timeout=%d "
        "-c idle_in_transaction_session_timeout=%d -c client_connection_check_interval=%d "
        "-c client_encoding=UTF8 -c TimeZone=UTC -c jit=off",
        schema, self->statement_timeout_ms,
        options->lock_timeout_ms > 0? options->lock_timeout_ms: 2000,
        options->idle_tx_timeout_ms > 0? options->idle_tx_timeout_ms: 10000, SF_DB_CLIENT_CHECK_MS);
    assert (rc > 0);
    self->options = settings;
    //  sf_db_place: FNV-1a over the URL, a space and the schema.
    const char *parts [] = { options->url, " ", schema };
    self->place = 14695981039346656037ULL;
    for (size_t i = 0; i < sizeof parts / sizeof parts [0]; i++)
        for (const unsigned char *c = (const unsigned char *) parts [i]; *c; c++)
            self->place = (self->place ^ *c) * 1099511628211ULL;
    self->savepoint_sql = zhash_new ();
    zhash_autofree (self->savepoint_sql);
    s_connect (self);
    return self;
}

void
sf_db_destroy (sf_db_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    sf_db_t *self = *self_p;
    s_cancel_release (&self->cancel_request);
    if (self->conn)
        PQfinish (self->conn);
    s_queue_cut (self, 0);
    free (self->queue);
    zhash_destroy (&self->prepared);
    zhash_destroy (&self->savepoint_sql);
    free (self->url);
    free (self->options);
    free (self->application_name);
    free (self);
    *self_p = NULL;
}

bool
sf_db_connected (sf_db_t *self)
{
    return self->conn && PQstatus (self->conn) == CONNECTION_OK;
}

//  A session the server ended while we were idle (restart, pg_terminate_backend) still
//  reads CONNECTION_OK until something is read: read what is waiting. At the end of the
//  stream PQconsumeInput fails and the connection becomes CONNECTION_BAD.
static void
s_probe (sf_db_t *self)
{
    if (!self->conn || self->in_transaction)
        return;
    struct pollfd pfd = { .fd = PQsocket (self->conn), .events = POLLIN };
    while (PQstatus (self->conn) == CONNECTION_OK && poll (&pfd, 1, 0) == 1) {
        if (!PQconsumeInput (self->conn))
            break;
        PQisBusy (self->conn);      //  parses it; a FATAL message goes to the notice processor
    }
}

bool
sf_db_ensure (sf_db_t *self)
{
    s_probe (self);
    if (sf_db_connected (self))
        return true;
    if (self->conn) {
        PQfinish (self->conn);
        self->conn = NULL;
        s_cancel_release (&self->cancel_request);
    }
    if (sf_clock_mono_ms () < self->next_connect_ms)
        return false;           //  the last attempt failed recently; its error stands
    if (s_too_late (self))
        return false;
    s_connect (self);
    if (self->conn)
        sf_info ("database connection (re)established");
    return self->conn != NULL;
}

//  The connection broke: a transaction in progress went with it.
static void
s_connection_broke (sf_db_t *self)
{
    self->transaction_lost = self->transaction_lost || self->in_transaction;
    self->in_transaction = false;
    self->savepoint_count = 0;
    s_queue_cut (self, 0);
}

//  The connection can no longer be trusted: close it; sf_db_ensure opens a new one.
static void
s_drop (sf_db_t *self, const char *why)
{
    s_set_error (self, why, NULL);
    PQfinish (self->conn);
    self->conn = NULL;
    s_connection_broke (self);
    s_cancel_release (&self->cancel_request);   //  it can only reach the closed session
}

//  A cancel request on its way, shared by the session and the thread that sends it.
struct _s_cancel_t {
    PGcancel *cancel;
    atomic_bool done;               //  PQcancel returned: the server has signalled its backend
    atomic_int refs;
};

static void
s_cancel_release (s_cancel_t **self_p)
{
    s_cancel_t *self = *self_p;
    *self_p = NULL;
    if (self && atomic_fetch_sub (&self->refs, 1) == 1) {
        PQfreeCancel (self->cancel);
        free (self);
    }
}

static void *
s_cancel_thread (void *arg)
{
    s_cancel_t *request = (s_cancel_t *) arg;
    char error [256];
    if (!PQcancel (request->cancel, error, sizeof error))
        sf_debug ("cancel request not delivered: %s", error);
    atomic_store (&request->done, true);
    s_cancel_release (&request);
    atomic_fetch_sub (&s_cancels_running, 1);
    return NULL;
}

//  Asks the server to cancel the statement running on this session, without waiting for it.
//  False when no request could be started.
static bool
s_send_cancel (sf_db_t *self)
{
    if (self->cancel_request)
        return false;                   //  one is on its way already
    if (atomic_fetch_add (&s_cancels_running, 1) >= SF_DB_CANCELS_MAX) {
        atomic_fetch_sub (&s_cancels_running, 1);
        return false;
    }
    s_cancel_t *request = calloc (1, sizeof *request);
    assert (request);
    request->cancel = PQgetCancel (self->conn);
    atomic_store (&request->refs, 2);
    pthread_t thread;
    pthread_attr_t attr;
    pthread_attr_init (&attr);
    pthread_attr_setdetachstate (&attr, PTHREAD_CREATE_DETACHED);
    bool started = request->cancel && pthread_create (&thread, &attr, s_cancel_thread, request) == 0;
    pthread_attr_destroy (&attr);
    if (!started) {
        atomic_store (&request->refs, 1);
        s_cancel_release (&request);
        atomic_fetch_sub (&s_cancels_running, 1);
        return false;
    }
    self->cancel_request = request;
    return true;
}

//  A cancel request still on its way could stop the next statement instead of the one it was
//  meant for: before anything more is sent, it must have arrived (the server discards a
//  cancel that reaches an idle backend). One that does not arrive within the grace costs the
//  connection. False when the connection was dropped.
static bool
s_cancel_settled (sf_db_t *self)
{
    if (!self->cancel_request)
        return true;
    int64_t limit = sf_clock_mono_ms () + SF_DB_CANCEL_GRACE_MS;
    while (!atomic_load (&self->cancel_request->done) && sf_clock_mono_ms () < limit)
        zclock_sleep (2);
    bool done = atomic_load (&self->cancel_request->done);
    s_cancel_release (&self->cancel_request);
    if (!done)
        s_drop (self, "a cancel request to the database did not complete; connection dropped");
    return done;
}

//  What was sent at sent_ms failed: when it failed 57014 after the deadline passed, the error
//  says so. Sooner than statement_timeout could have fired, only the deadline's cancel
//  request stopped it: it has reached the backend, which takes it once, so it cannot stop the
//  next statement and the next need not wait for its sender to finish (on a loaded machine
//  that thread may run late; waiting out the grace for it cost the connection and failed the
//  next request).
static void
s_cancel_struck (sf_db_t *self, int64_t sent_ms)
{
    if (!self->deadline_passed || strcmp (self->sqlstate, "57014") != 0)
        return;
    //  (less a slice: sent_ms was read just after the statement went out)
    int64_t before_timeout_ms = self->statement_timeout_ms - SF_DB_WAIT_SLICE_MS;
    if (self->cancel_request && sf_clock_mono_ms () - sent_ms < before_timeout_ms)
        s_cancel_release (&self->cancel_request);
    s_set_error (self, "the request's deadline passed and its statement was cancelled", "57014");
}

//  Waits for libpq to hold a whole result: until the I/O bound (io_limit) or the caller's
//  deadline, whichever is first. At the deadline the statement is cancelled and its answer
//  gets SF_DB_CANCEL_GRACE_MS more. False when no answer came or the connection broke
//  (connection dropped, error recorded); *cancelled tells whether a cancel was sent.
static bool
s_await (sf_db_t *self, int64_t io_limit, bool *cancelled)
{
    while (PQisBusy (self->conn)) {
        int64_t limit = *cancelled? io_limit: s_bounded (self, io_limit);
        int ready = s_wait_socket (self, POLLIN, limit);
        if (ready < 0) {
            s_drop (self, strerror (errno));
            return false;
        }
        if (ready == 0 && s_interrupted (self)) {
            s_send_cancel (self);
            s_drop (self, "the session was interrupted (the daemon is stopping); connection dropped");
            return false;
        }
        if (ready == 0 && !*cancelled && limit < io_limit) {
            //  The caller's deadline: cancel, and give the answer a grace to come.
            self->deadline_passed = true;
            *cancelled = s_send_cancel (self);
            int64_t grace = sf_clock_mono_ms () + SF_DB_CANCEL_GRACE_MS;
            io_limit = *cancelled && grace < io_limit? grace: sf_clock_mono_ms ();
            continue;
        }
        if (ready == 0) {
            char why [160];
            if (self->deadline_passed)
                snprintf (why, sizeof why, "the deadline passed and the database did not answer the "
                          "cancel request within %d ms; connection dropped", SF_DB_CANCEL_GRACE_MS);
            else
                snprintf (why, sizeof why, "the database did not answer within %d ms; connection dropped",
                          self->io_timeout_ms);
            s_drop (self, why);
            return false;
        }
        if (!PQconsumeInput (self->conn)) {
            s_drop (self, PQerrorMessage (self->conn));
            return false;
        }
    }
    return true;
}

//  Collects the answer to what was just sent: the first error, else the last result (a
//  script yields one per statement). NULL when no answer came in time.
static PGresult *
s_receive (sf_db_t *self)
{
    int64_t io_limit = sf_clock_mono_ms () + self->io_timeout_ms;
    bool cancelled = false;
    PGresult *kept = NULL;
    while (s_await (self, io_limit, &cancelled)) {
        PGresult *result = PQgetResult (self->conn);
        if (!result)
            return kept;
        ExecStatusType got = PQresultStatus (result);
        if (got == PGRES_COPY_IN || got == PGRES_COPY_OUT || got == PGRES_COPY_BOTH) {
            //  COPY would keep the session busy outside any deadline.
            PQclear (result);
            s_drop (self, "COPY is not supported by sf_db; connection dropped");
            break;
        }
        ExecStatusType status = PQresultStatus (kept);
        if (kept && status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
            PQclear (result);
        else {
            PQclear (kept);
            kept = result;
        }
    }
    PQclear (kept);
    return NULL;
}

//  Rows over a result that went well (taken over).
static sf_rows_t *
s_rows_new (PGresult *result)
{
    sf_rows_t *rows = calloc (1, sizeof *rows);
    assert (rows);
    rows->result = result;
    return rows;
}

//  Takes ownership of result (NULL: nothing came back); returns rows on success, NULL
//  (error recorded) otherwise.
static sf_rows_t *
s_wrap (sf_db_t *self, PGresult *result)
{
    self->round_trips++;
    if (!result) {
        if (self->conn) {
            s_set_error (self, PQerrorMessage (self->conn), NULL);
            if (PQstatus (self->conn) != CONNECTION_OK)
                s_connection_broke (self);
        }
        return NULL;
    }
    ExecStatusType status = PQresultStatus (result);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
        return s_rows_new (result);
    s_set_error (self, PQresultErrorMessage (result), PQresultErrorField (result, PG_DIAG_SQLSTATE));
    PQclear (result);
    if (PQstatus (self->conn) != CONNECTION_OK)
        s_connection_broke (self);
    return NULL;
}

//  Runs after a PQsend* call: its answer, or NULL with the error recorded.
static sf_rows_t *
s_answer (sf_db_t *self, int sent)
{
    if (!sent) {
        s_set_error (self, PQerrorMessage (self->conn), NULL);
        if (PQstatus (self->conn) != CONNECTION_OK)
            s_connection_broke (self);
        return NULL;
    }
    int64_t sent_ms = sf_clock_mono_ms ();
    sf_rows_t *rows = s_wrap (self, s_receive (self));
    if (!rows)
        s_cancel_struck (self, sent_ms);
    return rows;
}

static const char *
s_prepare (sf_db_t *self, const char *sql, int nparams)
{
    const char *name = (const char *) zhash_lookup (self->prepared, sql);
    if (name)
        return name;
    char fresh [16];
    snprintf (fresh, sizeof fresh, "s%u", ++self->next_statement);
    sf_rows_t *rows = s_answer (self, PQsendPrepare (self->conn, fresh, sql, nparams, NULL));
    if (!rows)
        return NULL;
    sf_rows_destroy (&rows);
    zhash_insert (self->prepared, sql, fresh);
    return (const char *) zhash_lookup (self->prepared, sql);
}

sf_rows_t *
sf_db_query_ex (sf_db_t *self, const char *sql, int nparams, const char *const *values,
                const int *lengths, const int *formats)
{
    if (!sf_db_connected (self)) {
        s_set_error (self, "not connected to the database", NULL);
        return NULL;
    }
    if (self->gather_yield)
        return s_gather_query (self, sql, nparams, values, lengths, formats);
    self->statements++;
    if (s_too_late (self) || !s_cancel_settled (self))
        return NULL;
    if (self->queue_count > 0) {
        s_deferred_t statement = { sql, nparams, (char **) values, (int *) lengths, (int *) formats, "", NULL, NULL, false };
        return s_pipeline (self, &statement);
    }
    const char *name = s_prepare (self, sql, nparams);
    if (!name)
        return NULL;
    return s_answer (self, PQsendQueryPrepared (self->conn, name, nparams, values, lengths, formats, 0));
}

sf_rows_t *
sf_db_query (sf_db_t *self, const char *sql, int nparams, const char *const *values)
{
    return sf_db_query_ex (self, sql, nparams, values, NULL, NULL);
}

int64_t
sf_db_exec (sf_db_t *self, const char *sql, int nparams, const char *const *values)
{
    sf_rows_t *rows = sf_db_query (self, sql, nparams, values);
    if (!rows)
        return -1;
    int64_t affected = sf_rows_affected (rows);
    sf_rows_destroy (&rows);
    return affected;
}

int
sf_db_exec_script (sf_db_t *self, const char *sql)
{
    if (self->gather_yield)
        return s_gather_spoil (self, "a script inside a gathered group");
    if (!sf_db_connected (self)) {
        s_set_error (self, "not connected to the database", NULL);
        return -1;
    }
    if (!s_cancel_settled (self) || s_flush (self))
        return -1;
    sf_rows_t *rows = s_answer (self, PQsendQuery (self->conn, sql));
    if (!rows)
        return -1;
    sf_rows_destroy (&rows);
    return 0;
}


//  ---- Deferred statements ------------------------------------------------------------

//  Drops the queued statements from index from on.
static void
s_queue_cut (sf_db_t *self, int from)
{
    for (int i = from; i < self->queue_count; i++) {
        s_deferred_t *item = &self->queue [i];
        for (int p = 0; p < item->nparams; p++)
            free (item->values [p]);
        free (item->values);
        free (item->lengths);
        free (item->formats);
    }
    if (from < self->queue_count)
        self->queue_count = from;
    if (self->queue_count == 0)
        self->begin_queued = false;
    for (int i = 0; i < self->savepoint_count; i++)
        if (self->queued_at [i] >= self->queue_count)
            self->queued_at [i] = -1;
}

//  Queues a copy of the statement; returns its index.
static int
s_queue_add (sf_db_t *self, const char *sql, int nparams, const char *const *values,
             const int *lengths, const int *formats)
{
    if (self->queue_count == self->queue_size) {
        self->queue_size = self->queue_size? self->queue_size * 2: 16;
        self->queue = realloc (self->queue, (size_t) self->queue_size * sizeof *self->queue);
        assert (self->queue);
    }
    s_deferred_t *item = &self->queue [self->queue_count];
    *item = (s_deferred_t) { .sql = sql, .nparams = nparams, .side = self->side };
    self->statements++;
    if (nparams > 0) {
        item->values = calloc ((size_t) nparams, sizeof *item->values);
        item->lengths = calloc ((size_t) nparams, sizeof *item->lengths);
        item->formats = calloc ((size_t) nparams, sizeof *item->formats);
        assert (item->values && item->lengths && item->formats);
        for (int p = 0; p < nparams; p++) {
            item->formats [p] = formats? formats [p]: 0;
            if (!values [p])
                continue;
            size_t size = item->formats [p] == 1? (size_t) lengths [p]: strlen (values [p]);
            item->values [p] = malloc (size + 1);
            assert (item->values [p]);
            memcpy (item->values [p], values [p], size);
            item->values [p] [size] = 0;
            item->lengths [p] = (int) size;
        }
    }
    return self->queue_count++;
}

//  Sends one statement into the open pipeline, its prepare first when the session has not
//  prepared it yet (the name is recorded once the prepare's answer came). False: not sent.
static bool
s_pipeline_send (sf_db_t *self, s_deferred_t *item)
{
    const char *name = (const char *) zhash_lookup (self->prepared, item->sql);
    item->prepare [0] = 0;
    if (!name) {
        snprintf (item->prepare, sizeof item->prepare, "s%u", ++self->next_statement);
        if (!PQsendPrepare (self->conn, item->prepare, item->sql, item->nparams, NULL))
            return false;
        name = item->prepare;
    }
    return PQsendQueryPrepared (self->conn, name, item->nparams, (const char *const *) item->values,
                                item->lengths, item->formats, 0) == 1;
}

//  Reads the answer of one statement of the pipeline (of its prepare first). Keeps the first
//  error. Returns the result when it is last's and all went well, NULL otherwise; *broken
//  when no answer came (the connection is gone).
static PGresult *
s_pipeline_read (sf_db_t *self, s_deferred_t *item, bool last, bool *failed, bool *broken)
{
    int answers = item->prepare [0]? 2: 1;
    PGresult *kept = NULL;
    for (int answer = 0; answer < answers; answer++) {
        PGresult *result = s_receive (self);
        if (!result) {
            *broken = true;
            return NULL;
        }
        ExecStatusType status = PQresultStatus (result);
        bool ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
        if (!ok && !*failed && status != PGRES_PIPELINE_ABORTED) {
            s_set_error (self, PQresultErrorMessage (result), PQresultErrorField (result, PG_DIAG_SQLSTATE));
            if (item->affected)
                *item->affected = -2;
        }
        if (!ok)
            *failed = true;
        if (ok && answers == 2 && answer == 0)
            zhash_insert (self->prepared, item->sql, item->prepare);
        if (ok && answer == answers - 1 && item->affected) {
            const char *tuples = PQcmdTuples (result);
            *item->affected = *tuples? strtoll (tuples, NULL, 10): 0;
        }
        if (ok && last && answer == answers - 1 && !*failed)
            kept = result;
        else
        if (ok && item->result && answer == answers - 1 && !*failed)
            *item->result = result;     //  its waiter takes it, or drops it if a later one failed
        else
            PQclear (result);
    }
    return kept;
}

//  Sends the queue and then statement (NULL: the queue alone) in one pipeline ending with a
//  sync, and reads every answer. Returns statement's rows (an empty command result when
//  statement is NULL), or NULL with the first error recorded. The queue is empty after.
static sf_rows_t *
s_pipeline (sf_db_t *self, s_deferred_t *statement)
{
    int count = self->queue_count;
    self->round_trips++;
    int64_t sent_ms = sf_clock_mono_ms ();
    bool sent = PQenterPipelineMode (self->conn) == 1;
    for (int i = 0; sent && i < count; i++)
        sent = s_pipeline_send (self, &self->queue [i]);
    if (sent && statement)
        sent = s_pipeline_send (self, statement);
    if (sent)
        sent = PQpipelineSync (self->conn) == 1;
    if (!sent) {
        s_queue_cut (self, 0);
        s_drop (self, PQerrorMessage (self->conn));
        return NULL;
    }
    bool failed = false, broken = false;
    PGresult *kept = NULL;
    for (int i = 0; !broken && i < count; i++)
        s_pipeline_read (self, &self->queue [i], false, &failed, &broken);
    if (!broken && statement)
        kept = s_pipeline_read (self, statement, true, &failed, &broken);
    s_queue_cut (self, 0);
    if (broken)
        return NULL;            //  s_receive dropped the connection and recorded why
    //  The sync's own answer, then the connection leaves pipeline mode.
    bool cancelled = false;
    PGresult *sync = s_await (self, sf_clock_mono_ms () + self->io_timeout_ms, &cancelled)?
                     PQgetResult (self->conn): NULL;
    bool synced = sync && PQresultStatus (sync) == PGRES_PIPELINE_SYNC;
    PQclear (sync);
    if (!synced || !PQexitPipelineMode (self->conn)) {
        PQclear (kept);
        if (self->conn)
            s_drop (self, "the pipeline did not end as expected; connection dropped");
        return NULL;
    }
    if (failed) {
        PQclear (kept);
        s_cancel_struck (self, sent_ms);
        return NULL;
    }
    if (!kept)
        kept = PQmakeEmptyPGresult (self->conn, PGRES_COMMAND_OK);
    return s_rows_new (kept);
}

//  Sends what is queued, alone.
static int
s_flush (sf_db_t *self)
{
    if (self->queue_count == 0)
        return 0;
    if (!sf_db_connected (self)) {
        s_set_error (self, "not connected to the database", NULL);
        s_connection_broke (self);
        return -1;
    }
    if (s_too_late (self) || !s_cancel_settled (self))
        return -1;
    sf_rows_t *rows = s_pipeline (self, NULL);
    if (!rows)
        return -1;
    sf_rows_destroy (&rows);
    return 0;
}

int
sf_db_defer (sf_db_t *self, const char *sql, int nparams, const char *const *values,
             const int *lengths, const int *formats)
{
    if (s_lost (self))
        return -1;
    assert (self->in_transaction);
    s_queue_add (self, sql, nparams, values, lengths, formats);
    return 0;
}

int
sf_db_defer_counted (sf_db_t *self, const char *sql, int nparams, const char *const *values,
                     const int *lengths, const int *formats, int64_t *affected)
{
    *affected = -1;
    if (sf_db_defer (self, sql, nparams, values, lengths, formats))
        return -1;
    self->queue [self->queue_count - 1].affected = affected;
    return 0;
}

int
sf_db_flush (sf_db_t *self)
{
    if (s_lost (self))
        return -1;
    if (self->gather_yield) {
        if (self->queue_count == 0)
            return 0;
        if (self->gather_failed)
            return s_gather_refuse (self);
        s_gather_yield (self);
        return self->gather_failed? -1: 0;
    }
    return s_flush (self);
}

//  ---- Gathering -------------------------------------------------------------------------

//  The caller's coroutine waits for the round; sf_db_side is its own, not the next one's.
static void
s_gather_yield (sf_db_t *self)
{
    bool side = self->side;
    self->side = false;
    self->gather_yield (self->gather_arg);
    self->side = side;
}

//  A statement of a spoiled or failed run: not sent.
static int
s_gather_refuse (sf_db_t *self)
{
    if (!*self->error)
        s_set_error (self, "an earlier statement of the gathered group failed", NULL);
    return -1;
}

//  sf_db_query_ex while gathering: the statement joins the queue, the caller yields until
//  sf_db_gather_send has sent the round, then takes its answer.
static sf_rows_t *
s_gather_query (sf_db_t *self, const char *sql, int nparams, const char *const *values,
                const int *lengths, const int *formats)
{
    if (self->gather_failed) {
        s_gather_refuse (self);
        return NULL;
    }
    PGresult *result = NULL;
    int index = s_queue_add (self, sql, nparams, values, lengths, formats);
    self->queue [index].result = &result;
    s_gather_yield (self);
    if (self->gather_failed || !result) {
        PQclear (result);
        if (!*self->error)
            s_gather_refuse (self);
        return NULL;
    }
    return s_rows_new (result);
}

void
sf_db_gather_start (sf_db_t *self, void (*yield) (void *arg), void *arg)
{
    assert (self->in_transaction && yield);
    self->gather_yield = yield;
    self->gather_arg = arg;
    self->gather_failed = false;
    self->gather_spoiled = false;
}

int
sf_db_gather_send (sf_db_t *self)
{
    if (self->gather_failed) {
        s_queue_cut (self, 0);
        return -1;
    }
    if (s_flush (self)) {
        self->gather_failed = true;
        return -1;
    }
    return 0;
}

//  A handler asked for what a gathered run cannot give (a savepoint of its own, a script):
//  the run is spoiled and nothing more is sent; the caller runs the group again in order.
static int
s_gather_spoil (sf_db_t *self, const char *what)
{
    self->gather_spoiled = true;
    self->gather_failed = true;
    s_set_error (self, what, NULL);
    return -1;
}

void
sf_db_side (sf_db_t *self, bool on)
{
    self->side = on;
}

int
sf_db_queue_length (sf_db_t *self)
{
    return self->queue_count;
}

bool
sf_db_queue_ordered_since (sf_db_t *self, int from)
{
    for (int i = from; i < self->queue_count; i++)
        if (!self->queue [i].side)
            return true;
    return false;
}

bool
sf_db_gather_spoiled (sf_db_t *self)
{
    return self->gather_spoiled;
}

void
sf_db_gather_spoil (sf_db_t *self)
{
    s_gather_spoil (self, "the gathered group was given up");
}

void
sf_db_gather_stop (sf_db_t *self)
{
    self->gather_yield = NULL;
    self->gather_arg = NULL;
}

static int
s_simple (sf_db_t *self, const char *sql)
{
    return sf_db_exec (self, sql, 0, NULL) < 0? -1: 0;
}

//  True (error kept) when the transaction in progress went with its connection: what follows
//  in it fails instead of asserting, and the caller's rollback ends it.
static bool
s_lost (sf_db_t *self)
{
    return self->transaction_lost && !self->in_transaction;
}

//  BEGIN waits in the queue for the transaction's first statement.
int
sf_db_begin (sf_db_t *self)
{
    assert (!self->in_transaction && self->queue_count == 0);
    self->transaction_lost = false;
    if (!sf_db_connected (self)) {
        s_set_error (self, "not connected to the database", NULL);
        return -1;
    }
    if (s_too_late (self))
        return -1;
    s_queue_add (self, "BEGIN", 0, NULL, NULL, NULL);
    self->begin_queued = true;
    self->in_transaction = true;
    return 0;
}

int
sf_db_commit (sf_db_t *self)
{
    self->commit_unknown = false;
    if (s_lost (self))
        return -1;
    assert (self->in_transaction);
    if (self->begin_queued && self->queue_count == 1) {
        //  Nothing ran: nothing to send.
        s_queue_cut (self, 0);
        self->in_transaction = false;
        self->savepoint_count = 0;
        return 0;
    }
    self->in_transaction = false;
    self->savepoint_count = 0;
    bool sent = sf_db_connected (self);
    sf_rows_t *rows = sf_db_query (self, "COMMIT", 0, NULL);
    //  Sent on a live connection that broke before the answer: the server may have committed.
    self->commit_unknown = !rows && sent && !sf_db_connected (self);
    if (!rows) {
        //  Not sent (the deadline had passed) or refused: make sure nothing stays open.
        if (sf_db_connected (self)) {
            self->in_transaction = true;
            sf_db_rollback (self);
        }
        return -1;
    }
    //  COMMIT of an aborted transaction answers ROLLBACK without an error.
    bool committed = strcmp (PQcmdStatus (rows->result), "COMMIT") == 0;
    sf_rows_destroy (&rows);
    if (!committed) {
        s_set_error (self, "transaction was aborted and rolled back", "25P02");
        return -1;
    }
    return 0;
}

void
sf_db_set_deadline (sf_db_t *self, int64_t deadline_ms)
{
    self->deadline_ms = deadline_ms;
    self->deadline_passed = false;
}

bool
sf_db_deadline_passed (sf_db_t *self)
{
    return self->deadline_passed;
}

void
sf_db_interrupt (sf_db_t *self)
{
    atomic_store (&self->interrupted, true);
}

void
sf_db_interrupt_all (void)
{
    atomic_store (&s_all_interrupted, true);
}

void
sf_db_finish_first (sf_db_t *self, bool on)
{
    atomic_store (&self->finish_first, on);
}

bool
sf_db_commit_unknown (sf_db_t *self)
{
    return self->commit_unknown;
}

void
sf_db_rollback (sf_db_t *self)
{
    self->transaction_lost = false;
    if (!self->in_transaction)
        return;
    self->in_transaction = false;
    self->savepoint_count = 0;
    bool begun = !self->begin_queued;       //  BEGIN still queued: the server saw nothing
    s_queue_cut (self, 0);
    if (begun && sf_db_connected (self)) {
        char error [sizeof self->error];
        char sqlstate [sizeof self->sqlstate];
        memcpy (error, self->error, sizeof error);
        memcpy (sqlstate, self->sqlstate, sizeof sqlstate);
        //  Past the deadline, ROLLBACK is still sent, with the cancel grace as its own bound.
        int64_t deadline = self->deadline_ms;
        if (deadline && sf_clock_mono_ms () >= deadline)
            self->deadline_ms = sf_clock_mono_ms () + SF_DB_CANCEL_GRACE_MS;
        s_simple (self, "ROLLBACK");
        self->deadline_ms = deadline;
        //  Keep the error that made us roll back.
        memcpy (self->error, error, sizeof error);
        memcpy (self->sqlstate, sqlstate, sizeof sqlstate);
    }
}

bool
sf_db_in_transaction (sf_db_t *self)
{
    return self->in_transaction;
}

//  A savepoint name goes into SQL text (it cannot be a parameter): only identifiers of ours.
static bool
s_savepoint_name_ok (const char *name)
{
    size_t size = strlen (name);
    return size > 0 && size < 48 && strspn (name, "abcdefghijklmnopqrstuvwxyz_0123456789") == size;
}

//  The index of the newest open savepoint called name; asserts that there is one.
static int
s_savepoint_find (sf_db_t *self, const char *name)
{
    int index = self->savepoint_count - 1;
    while (index >= 0 && strcmp (self->savepoints [index], name) != 0)
        index--;
    assert (index >= 0);
    return index;
}

static int
s_savepoint_sql (sf_db_t *self, const char *verb, const char *name)
{
    char sql [96];
    snprintf (sql, sizeof sql, "%s %s", verb, name);
    return s_simple (self, sql);
}

int
sf_db_savepoint (sf_db_t *self, const char *name)
{
    if (s_lost (self))
        return -1;
    if (self->gather_yield)
        return s_gather_spoil (self, "a savepoint inside a gathered group");
    assert (self->in_transaction && s_savepoint_name_ok (name));
    assert (self->savepoint_count < SF_DB_SAVEPOINTS_MAX);
    //  Queued: it goes out with the next statement. Its text is built once per name and
    //  kept (the queue and the prepared statements refer to it).
    char sql [96];
    snprintf (sql, sizeof sql, "SAVEPOINT %s", name);
    const char *text = (const char *) zhash_lookup (self->savepoint_sql, sql);
    if (!text) {
        zhash_insert (self->savepoint_sql, sql, sql);
        text = (const char *) zhash_lookup (self->savepoint_sql, sql);
    }
    self->queued_at [self->savepoint_count] = s_queue_add (self, text, 0, NULL, NULL, NULL);
    self->savepoints [self->savepoint_count++] = name;
    return 0;
}

int
sf_db_release_savepoint (sf_db_t *self, const char *name)
{
    if (s_lost (self))
        return -1;
    if (self->gather_yield)
        return s_gather_spoil (self, "a savepoint inside a gathered group");
    int index = s_savepoint_find (self, name);
    if (s_savepoint_sql (self, "RELEASE SAVEPOINT", name))
        return -1;
    self->savepoint_count = index;
    return 0;
}

int
sf_db_rollback_to_savepoint (sf_db_t *self, const char *name)
{
    if (s_lost (self))
        return -1;
    if (self->gather_yield)
        return s_gather_spoil (self, "a savepoint inside a gathered group");
    int index = s_savepoint_find (self, name);
    if (self->queued_at [index] >= 0) {
        //  Never sent: nothing after it was either; cut the queue after it.
        s_queue_cut (self, self->queued_at [index] + 1);
        self->savepoint_count = index + 1;
        return 0;
    }
    //  Sent: whatever is queued came after it and is undone with it.
    s_queue_cut (self, 0);
    if (s_savepoint_sql (self, "ROLLBACK TO SAVEPOINT", name))
        return -1;
    self->savepoint_count = index + 1;
    return 0;
}

const char *
sf_db_error (sf_db_t *self)
{
    return self->error;
}

const char *
sf_db_sqlstate (sf_db_t *self)
{
    return self->sqlstate;
}

bool
sf_db_error_transient (sf_db_t *self)
{
    const char *s = self->sqlstate;
    if (!sf_db_connected (self) || *s == 0 || strncmp (s, "08", 2) == 0)
        return true;
    static const char *transient [] = {
        "40001", "40P01", "55P03", "57014", "57P01", "57P02", "57P03", "53300", NULL
    };
    for (const char **code = transient; *code; code++)
        if (strcmp (s, *code) == 0)
            return true;
    return false;
}

uint64_t
sf_db_statements (sf_db_t *self)
{
    return self->statements;
}

uint64_t
sf_db_place (sf_db_t *self)
{
    return self->place;
}

uint64_t
sf_db_round_trips (sf_db_t *self)
{
    return self->round_trips;
}

int
sf_rows_count (sf_rows_t *self)
{
    return PQntuples (self->result);
}

int64_t
sf_rows_affected (sf_rows_t *self)
{
    const char *tuples = PQcmdTuples (self->result);
    return *tuples? strtoll (tuples, NULL, 10): PQntuples (self->result);
}

bool
sf_rows_is_null (sf_rows_t *self, int row, int column)
{
    return PQgetisnull (self->result, row, column) == 1;
}

const char *
sf_rows_text (sf_rows_t *self, int row, int column)
{
    assert (row < PQntuples (self->result) && column < PQnfields (self->result));
    return PQgetvalue (self->result, row, column);
}

int64_t
sf_rows_int (sf_rows_t *self, int row, int column)
{
    return strtoll (sf_rows_text (self, row, column), NULL, 10);
}

bool
sf_rows_bool (sf_rows_t *self, int row, int column)
{
    return sf_rows_text (self, row, column) [0] == 't';
}

uint8_t *
sf_rows_bytes (sf_rows_t *self, int row, int column, size_t *size)
{
    *size = 0;
    if (sf_rows_is_null (self, row, column))
        return NULL;
    unsigned char *decoded = PQunescapeBytea ((const unsigned char *) sf_rows_text (self, row, column), size);
    assert (decoded);
    uint8_t *copy = malloc (*size? *size: 1);
    assert (copy);
    memcpy (copy, decoded, *size);
    PQfreemem (decoded);
    return copy;
}

void
sf_rows_destroy (sf_rows_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    PQclear ((*self_p)->result);
    free (*self_p);
    *self_p = NULL;
}

char *
sf_db_array_literal (char *const *items, size_t count)
{
    size_t size = 3;
    for (size_t index = 0; index < count; index++)
        size += 2 * strlen (items [index]) + 3;
    char *text = malloc (size);
    assert (text);
    char *at = text;
    *at++ = '{';
    for (size_t index = 0; index < count; index++) {
        if (index)
            *at++ = ',';
        *at++ = '"';
        for (const char *c = items [index]; *c; c++) {
            if (*c == '"' || *c == '\\')
                *at++ = '\\';
            *at++ = *c;
        }
        *at++ = '"';
    }
    *at++ = '}';
    *at = 0;
    return text;
}

const char *
sf_db_num (sf_db_num_t *buffer, int64_t value)
{
    snprintf (buffer->text, sizeof buffer->text, "%lld", (long long) value);
    return buffer->text;
}

char *
sf_db_int_array_literal (const int64_t *values, size_t count)
{
    char *text = malloc (24 * count + 3);
    assert (text);
    size_t at = 0;
    text [at++] = '{';
    for (size_t index = 0; index < count; index++)
        at += (size_t) sprintf (text + at, "%s%lld", index? ",": "", (long long) values [index]);
    text [at++] = '}';
    text [at] = 0;
    return text;
}
