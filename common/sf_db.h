/*  sf_db: one PostgreSQL session with reconnect, parameterised statements only (each
    prepared once per session), transactions and savepoints, and session timeouts
    (statement, lock, idle-in-transaction) set at connect time. Not thread-safe: one
    sf_db_t per thread.                                                                      */
#ifndef SF_DB_H_INCLUDED
#define SF_DB_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct _sf_db_t sf_db_t;
typedef struct _sf_rows_t sf_rows_t;

typedef struct {
    const char *url;                //  libpq connection string
    const char *schema;             //  search_path; the service's own schema
    const char *application_name;   //  shows in pg_stat_activity
    int statement_timeout_ms;
    int lock_timeout_ms;
    int idle_tx_timeout_ms;
    int connect_timeout_s;          //  0 means 2
} sf_db_options_t;

//  Creates a session and tries to connect; never NULL. If the server is down the session
//  reconnects on the next sf_db_ensure.
sf_db_t *sf_db_new (const sf_db_options_t *options);
void sf_db_destroy (sf_db_t **self_p);

//  Reconnects a broken session (never inside a transaction). True when usable.
bool sf_db_ensure (sf_db_t *self);
bool sf_db_connected (sf_db_t *self);

//  Bounds every wait of the statements that follow (connecting included) by deadline_ms, a
//  monotonic time (sf_clock_mono_ms); 0 lifts it. When it passes while the database works,
//  the statement is cancelled (libpq cancel request) and fails with SQLSTATE 57014; a
//  statement is not even sent once it has passed (ROLLBACK excepted). The caller then rolls
//  back: nothing is half-done. A database that does not answer the cancel within a short
//  grace loses the connection (its server rolls back).
void sf_db_set_deadline (sf_db_t *self, int64_t deadline_ms);
//  True when a statement failed because of the deadline set last.
bool sf_db_deadline_passed (sf_db_t *self);

//  From any thread: the session stops waiting at once and does no more work (its connection
//  is dropped, the server rolls back). For a prompt shutdown.
void sf_db_interrupt (sf_db_t *self);
//  The same for every session of the process: the daemon is stopping.
void sf_db_interrupt_all (void);
//  While on, an interrupt waits: the session finishes what it has begun (bounded by the
//  caller's deadline, if any, and the session's I/O bound) and is interrupted when turned
//  off. For work whose half is worse than its whole: the relay's mark of rows it has just
//  sent to Redis (cut, it sends them again after a restart). The session's thread only.
void sf_db_finish_first (sf_db_t *self, bool on);

int sf_db_begin (sf_db_t *self);
//  Returns 0 when committed, -1 when not or when nobody knows: see sf_db_commit_unknown.
int sf_db_commit (sf_db_t *self);
//  True when the last failed COMMIT was sent and the connection broke before its answer: the
//  transaction may or may not have committed (a retry with the same idempotency key is safe).
bool sf_db_commit_unknown (sf_db_t *self);
void sf_db_rollback (sf_db_t *self);
bool sf_db_in_transaction (sf_db_t *self);

//  Savepoints inside the open transaction, by name (an identifier of our own code, such as
//  "sf_command": asserted), nested: each user names its own, so a command's savepoint and
//  one a handler takes inside it never touch each other. Rolling back to a savepoint keeps
//  it (and drops those taken after it); releasing it drops it and those after it. Naming
//  one that is not open is our bug and asserts. Each returns 0 or -1 (database error).
#define SF_DB_SAVEPOINTS_MAX 128      //  a group nests one per command (rpc.batch_max <= 64)
int sf_db_savepoint (sf_db_t *self, const char *name);
int sf_db_release_savepoint (sf_db_t *self, const char *name);
int sf_db_rollback_to_savepoint (sf_db_t *self, const char *name);

//  Runs sql with text parameters ($1..$n; a NULL value is SQL NULL). Returns rows (also for
//  commands, see sf_rows_affected) or NULL on error: see sf_db_error and sf_db_sqlstate.
sf_rows_t *sf_db_query (sf_db_t *self, const char *sql, int nparams, const char *const *values);

//  Same with per-parameter lengths and formats (1 = binary, for bytea); lengths and formats
//  may be NULL.
sf_rows_t *sf_db_query_ex (sf_db_t *self, const char *sql, int nparams, const char *const *values,
                           const int *lengths, const int *formats);

//  Queues a statement of the open transaction whose answer the caller does not need: it is
//  sent in one pipeline with the next statement that has an answer (or COMMIT), a round trip
//  saved. Its error, if any, is then that statement's error (the transaction is aborted and
//  the caller rolls back as after any failed statement). sql must outlive the transaction (a
//  literal of our code); values are copied. Rolling back to a savepoint drops what was
//  queued after it; BEGIN and SAVEPOINT are queued the same way. Returns -1 only when the
//  transaction was already lost.
int sf_db_defer (sf_db_t *self, const char *sql, int nparams, const char *const *values,
                 const int *lengths, const int *formats);
//  The same for a statement whose row count the caller reads once it went out: *affected is
//  -1 until its answer came (never sent, or an earlier statement of its pipeline failed), -2
//  when the statement itself failed (its error is sf_db_error and sf_db_sqlstate), then the
//  rows it touched. affected must live until the transaction ends.
int sf_db_defer_counted (sf_db_t *self, const char *sql, int nparams, const char *const *values,
                         const int *lengths, const int *formats, int64_t *affected);
//  Sends what is queued now and waits for it (a statement whose effect another session must
//  not miss, e.g. before a lock is awaited elsewhere). 0 or -1.
int sf_db_flush (sf_db_t *self);

//  Gathering (sf_rpc_gather: a group's handlers run as coroutines on one session). While on,
//  a statement that needs its answer (sf_db_query and its kin, sf_db_flush with something
//  queued) is not sent: it joins the queue and its caller yields (yield (arg)), and
//  sf_db_gather_send then sends the whole queue, every handler's statements in the order they
//  were made, as one pipeline, and each waiting caller resumes with its own answer. A round
//  that fails fails every statement waiting in it and every later one (nothing more is sent:
//  the transaction is aborted). A savepoint or a script spoils the run (sf_db_gather_spoiled):
//  the caller rolls back and runs the group again without gathering. Only inside a
//  transaction; stop before COMMIT or ROLLBACK.
void sf_db_gather_start (sf_db_t *self, void (*yield) (void *arg), void *arg);
int sf_db_gather_send (sf_db_t *self);
bool sf_db_gather_spoiled (sf_db_t *self);
//  Spoils the run from outside (the runner saw statements out of their commands' order).
void sf_db_gather_spoil (sf_db_t *self);
void sf_db_gather_stop (sf_db_t *self);

//  Statements made while side is on are marked as ones whose order among the group's
//  commands does not matter (sf_rpc_gather may send them in another round than the command's
//  other statements): reads of tables no command writes (an org copy, kept by its consumer),
//  and rows only their own command touches (its outbox row, its stored reply, its key). Off
//  again right after.
void sf_db_side (sf_db_t *self, bool on);
//  How many statements wait in the queue; whether any from index from on is not side.
int sf_db_queue_length (sf_db_t *self);
bool sf_db_queue_ordered_since (sf_db_t *self, int from);

//  Runs a command; returns the number of rows it touched, or -1.
int64_t sf_db_exec (sf_db_t *self, const char *sql, int nparams, const char *const *values);

//  Runs a script of several statements without parameters (migrations only).
int sf_db_exec_script (sf_db_t *self, const char *sql);

//  The last error: message, SQLSTATE ("" when the connection failed), and whether retrying
//  the whole transaction may succeed (lost connection, serialisation failure, deadlock,
//  lock or statement timeout).
const char *sf_db_error (sf_db_t *self);
const char *sf_db_sqlstate (sf_db_t *self);
bool sf_db_error_transient (sf_db_t *self);

//  Where the session's tables are, as a number: a hash of its URL and schema, the same for
//  every session on the same tables (what a cache kept of them holds for that place only).
uint64_t sf_db_place (sf_db_t *self);

//  Statements run or queued in this session so far (a handler that ran none changed nothing).
uint64_t sf_db_statements (sf_db_t *self);

//  Counts prepared statements, transactions and round trips, for benchmarks and tests.
uint64_t sf_db_round_trips (sf_db_t *self);

//  A PostgreSQL text[] literal of items ('{"a","b \\"c\\""}'), for a parameter cast to
//  text[]: every element quoted, quotes and backslashes escaped. Caller frees.
char *sf_db_array_literal (char *const *items, size_t count);
//  The same for count numbers, "{1,2,3}", for a bigint[] parameter. Caller frees.
char *sf_db_int_array_literal (const int64_t *values, size_t count);

//  A number as parameter text, in a buffer of the caller's (one per parameter).
typedef struct {
    char text [24];
} sf_db_num_t;
const char *sf_db_num (sf_db_num_t *buffer, int64_t value);

int sf_rows_count (sf_rows_t *self);
int64_t sf_rows_affected (sf_rows_t *self);
bool sf_rows_is_null (sf_rows_t *self, int row, int column);
//  Text value; "" for NULL. Valid until sf_rows_destroy.
const char *sf_rows_text (sf_rows_t *self, int row, int column);
int64_t sf_rows_int (sf_rows_t *self, int row, int column);
bool sf_rows_bool (sf_rows_t *self, int row, int column);
//  Decodes a bytea column; the caller frees the result. NULL for SQL NULL.
uint8_t *sf_rows_bytes (sf_rows_t *self, int row, int column, size_t *size);
void sf_rows_destroy (sf_rows_t **self_p);

#endif
