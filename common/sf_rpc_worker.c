/*  sf_rpc_worker: the database side of the rpc server, one session per thread.             */
#include "sf_rpc_worker.h"
#include "sf_rpc_gather.h"
#include "sf_rpc_scope.h"
#include "sf_scope_cache.h"
#include "sf_clock.h"
#include "sf_codec.h"
#include "sf_idempotency.h"
#include "sf_pb.h"

#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

//  Routes a worker remembers as not to be gathered, and for how long: from 100 ms after a
//  first spoiled run to 10 s for a handler that always needs its ordered statements in two
//  rounds (sf_rpc_gather.h), doubling while its runs spoil.
#define S_UNGATHERED_MAX 16
#define S_UNGATHERED_MIN_MS 100
#define S_UNGATHERED_MAX_MS 10000

//  What the server hands over.
typedef struct {
    sf_rpc_pending_t **items;
    int count;
    bool writes;
} s_job_t;

//  The hand-over is a mutex and two condition variables, and the done signal one eventfd
//  write: no ZeroMQ socket between the server and its workers, so the server's poll has no
//  socket per worker to ask for its events (libzmq makes that a poll and a getpid per socket
//  and pass, several times per command).
struct _sf_rpc_worker_t {
    pthread_t thread;
    sf_rpc_worker_options_t options;
    char *url;                   //  owned copies of the option strings
    char *schema;
    char *application_name;
    bool busy;                   //  the server's view: handed over and not yet taken back
    pthread_mutex_t lock;        //  guards what follows, up to the atomics
    pthread_cond_t wake;         //  the worker waits here for a job or the stop
    pthread_cond_t finish;       //  the server waits here for the job to finish (only when stopping)
    s_job_t job;
    bool job_ready;
    bool stopping;
    int committed;
    atomic_bool finished;        //  the job is done; its requests hold their replies
    _Atomic (sf_db_t *) db;      //  the thread's session, for sf_rpc_worker_abandon
    atomic_bool abandoned;
    //  The thread's own: gathered groups (sf_rpc_gather; NULL: none), and the routes whose
    //  handlers spoiled one, run in order until the time noted.
    sf_rpc_gather_t *gather;
    struct { const sf_route_t *route; int64_t until_ms; int backoff_ms; } ungathered [S_UNGATHERED_MAX];
};

//  Each command of a group runs after a savepoint of this name.
#define S_SAVEPOINT "sf_command"

//  Secret fields a route may name (sf_route_t.secret): a password request has two.
#define SF_SECRET_FIELDS_MAX 4

static const sf_text_t s_msg_db_down = {
    "数据库暂时不可用，请使用相同的幂等键重试", "The database is unavailable; retry with the same idempotency key"
};
static const sf_text_t s_msg_commit_unknown = {
    "提交时与数据库的连接中断，无法确定是否已生效；请使用相同的幂等键重试，重试是安全的",
    "The connection to the database broke during COMMIT, so whether the command took effect is "
    "unknown; retry with the same idempotency key, which is safe"
};
static const sf_text_t s_msg_deadline = {
    "请求的截止时间已到，未执行；可使用相同的幂等键重试",
    "The request's deadline passed before it ran; retry with the same idempotency key"
};
static const sf_text_t s_msg_deadline_rolled_back = {
    "请求的截止时间已到，其修改已回滚，未做任何修改；可使用相同的幂等键重试",
    "The request's deadline passed before its transaction could commit: its changes were rolled back, "
    "nothing changed; retry with the same idempotency key"
};
static const sf_text_t s_msg_stopping = {
    "服务正在停止，请求未完成并已回滚；请使用相同的幂等键重试",
    "The daemon is stopping: the request was not finished and was rolled back; retry with the same "
    "idempotency key"
};
static const sf_text_t s_msg_commit_failed = {
    "事务提交失败，未做任何修改，请使用相同的幂等键重试",
    "The transaction did not commit and nothing changed; retry with the same idempotency key"
};

//  The call a handler gets for pending, on db.
static void
s_call_init (sf_rpc_worker_t *self, sf_db_t *db, sf_rpc_pending_t *pending, sf_call_t *call)
{
    *call = (sf_call_t) {
        .request = &pending->request, .peer = &pending->caller, .message = pending->message, .route = pending->route,
        .reply = &pending->reply, .db = db,
        .state = self->options.state, .log = sf_rpc_pending_log_ctx (pending),
        .max_reply_bytes = self->options.max_reply_bytes
    };
    pending->reply.status = SF_INTERNAL;
}

//  Who the call acts as, and whether its unit is within reach (sf_rpc_scope): false with
//  the refusal set.
static bool
s_call_admit (sf_call_t *call, sf_rpc_pending_t *pending, sf_scope_t *scope)
{
    return sf_rpc_scope_check (call, &pending->request.actor, scope);
}

static void
s_call_run (sf_call_t *call, sf_rpc_pending_t *pending)
{
    pending->reply.status = SF_INTERNAL;
    pending->route->handler (call);
    pending->events = call->events;
}

//  A read: admitted, then handled.
static void
s_call_handler (sf_rpc_worker_t *self, sf_db_t *db, sf_rpc_pending_t *pending)
{
    sf_call_t call;
    sf_scope_t scope;
    s_call_init (self, db, pending, &call);
    if (s_call_admit (&call, pending, &scope))
        s_call_run (&call, pending);
}

//  The request's deadline on the monotonic clock, which the database waits use; 0: none.
static int64_t
s_deadline (const sf_rpc_pending_t *pending)
{
    if (!pending->request.deadline_ms)
        return 0;
    int64_t deadline = sf_clock_mono_ms () + (pending->request.deadline_ms - sf_clock_wall_ms ());
    return deadline > 0? deadline: 1;
}

static bool
s_expired (const sf_rpc_pending_t *pending)
{
    int64_t deadline = s_deadline (pending);
    return deadline && deadline <= sf_clock_mono_ms ();
}

//  The fingerprint of the request a write stores with its idempotency key: of its body, with
//  the route's secret fields (sf_route_t.secret) emptied first.
static uint64_t
s_fingerprint (const sf_rpc_pending_t *pending)
{
    const sf_request_t *request = &pending->request;
    const char *secret = pending->route->secret;
    ProtobufCMessage *message = pending->message;
    if (!secret || !message)
        return sf_idempotency_fingerprint (request->type, request->body, request->body_size);
    char *saved [SF_SECRET_FIELDS_MAX] = { NULL };
    char **members [SF_SECRET_FIELDS_MAX] = { NULL };
    int count = 0;
    for (const char *at = secret; *at && count < SF_SECRET_FIELDS_MAX; ) {
        size_t size = strcspn (at, ",");
        bool absent;
        char **member = sf_pb_text_at (message, at, &absent);
        if (member) {
            members [count] = member;
            saved [count] = *member;
            *members [count++] = (char *) "";
        }
        at += size + (at [size] == ','? 1: 0);
    }
    size_t packed_size;
    uint8_t *packed = sf_codec_pack (message, &packed_size);
    for (int i = 0; i < count; i++)
        *members [i] = saved [i];
    uint64_t fingerprint = sf_idempotency_fingerprint (request->type, packed, packed_size);
    free (packed);
    return fingerprint;
}

//  What became of one write command in the open transaction.
typedef enum {
    S_KEPT,         //  done (or replayed): keep it
    S_REFUSED,      //  answered with an error, and nothing of it is in the transaction
    S_FAILED,       //  answered with an error; what it did must be undone
    S_AGAIN         //  its key was there already: undo, and run it again claiming first
} s_outcome_t;

//  Whether the key claimed with the handler's first statement (sf_idempotency_claim_deferred)
//  is this command's; if not, *outcome ends the command. A handler that sent nothing left the
//  claim queued: it goes out now, unless the run is checked at commit and the command went
//  well (the claim then fails the COMMIT if the key is there: s_optimistic_end). No count:
//  its pipeline failed (the transaction is aborted; the group runs again, claiming first).
static bool
s_claimed_early (sf_db_t *db, sf_rpc_pending_t *pending, bool late, s_outcome_t *outcome)
{
    bool queued = late && pending->claimed == -1 && pending->reply.status == SF_OK;
    if (pending->claimed == -1 && !queued)
        sf_db_flush (db);
    if (pending->claimed == 1 || queued)
        return true;
    *outcome = S_AGAIN;
    if (pending->claimed == 0 || (pending->claimed == -2 && strcmp (sf_db_sqlstate (db), "23505") == 0))
        return false;
    if (pending->reply.status == SF_OK)
        sf_rpc_pending_fail (pending, sf_db_error_transient (db)? SF_UNAVAILABLE: SF_INTERNAL, NULL);
    *outcome = S_FAILED;
    return false;
}

//  Runs one write command inside the open transaction (its deadline set by the caller).
//  early: the key's claim goes out with the handler's first statement (a round trip fewer); a
//  key found there makes it S_AGAIN. late (with early): the claim fails the transaction
//  instead of being answered before COMMIT (sf_route_t.checked_at_commit).
static s_outcome_t
s_run_write (sf_rpc_worker_t *self, sf_db_t *db, sf_rpc_pending_t *pending, bool early, bool late)
{
    const sf_request_t *request = &pending->request;
    uint64_t fingerprint = s_fingerprint (pending);
    uint8_t *stored = NULL;
    size_t stored_size = 0;
    //  Refused before its key is claimed: a replay never answers whom the first would refuse.
    sf_call_t call;
    sf_scope_t scope;
    s_call_init (self, db, pending, &call);
    call.checked_at_commit = early && late;
    if (!s_call_admit (&call, pending, &scope))
        return S_REFUSED;
    //  Logged in the actor's plant as admission left it (it may have freed the plant the
    //  request named): call.log, not a context taken before.
    const sf_log_ctx_t ctx = call.log;
    pending->claimed = -1;
    if (early) {
        if (sf_idempotency_claim_deferred (db, request->idempotency_key, request->type, fingerprint,
                                           call.checked_at_commit, &pending->claimed)) {
            sf_rpc_pending_fail (pending, SF_UNAVAILABLE, NULL);
            return S_FAILED;
        }
    }
    else
    switch (sf_idempotency_claim (db, request->idempotency_key, request->type, fingerprint,
                                  &stored, &stored_size)) {
        case SF_IDEM_REPLAY:
            sf_reply_clear (&pending->reply);
            if (sf_reply_decode (&pending->reply, stored, stored_size))
                sf_rpc_pending_fail (pending, SF_INTERNAL, NULL);
            free (stored);
            sf_log (SF_LOG_INFO, &ctx, "%s replayed for idempotency key %s", request->type,
                    request->idempotency_key);
            return S_KEPT;
        case SF_IDEM_CONFLICT:
            //  The claim inserted nothing: the transaction holds nothing of this command.
            sf_rpc_pending_fail (pending, SF_CONFLICT, NULL);
            return S_REFUSED;
        case SF_IDEM_ERROR:
            sf_log (SF_LOG_WARN, &ctx, "idempotency claim failed: %s", sf_db_error (db));
            if (sf_db_deadline_passed (db))
                sf_rpc_pending_fail (pending, SF_DEADLINE_EXCEEDED, &s_msg_deadline_rolled_back);
            else
                sf_rpc_pending_fail (pending, sf_db_error_transient (db)? SF_UNAVAILABLE: SF_INTERNAL, NULL);
            return S_FAILED;
        case SF_IDEM_NEW:
            break;
    }
    uint64_t statements = sf_db_statements (db);
    s_call_run (&call, pending);
    s_outcome_t outcome = S_KEPT;
    if (early && !s_claimed_early (db, pending, call.checked_at_commit, &outcome))
        return outcome;
    if (pending->reply.status != SF_OK) {
        //  Refused before any statement of its own (a request the handler found invalid):
        //  only the claim is to undo, by a statement that goes with the next one.
        if (sf_db_statements (db) == statements) {
            sf_db_side (db, true);      //  its own key's row
            int rc = sf_db_defer (db, "DELETE FROM sf_idempotency WHERE key = $1", 1,
                                  (const char *const []) { request->idempotency_key }, NULL, NULL);
            sf_db_side (db, false);
            if (rc == 0)
                return S_REFUSED;
        }
        return S_FAILED;
    }
    if (s_expired (pending)) {
        //  Done, but too late to answer in time: undone rather than answered late.
        sf_rpc_pending_fail (pending, SF_DEADLINE_EXCEEDED, &s_msg_deadline_rolled_back);
        return S_FAILED;
    }
    size_t size;
    free (pending->reply.request_id);
    pending->reply.request_id = strdup (request->request_id);
    uint8_t *encoded = sf_reply_encode (&pending->reply, &size);
    int rc = sf_idempotency_store (db, request->idempotency_key, encoded, size);
    free (encoded);
    if (rc) {
        sf_log (SF_LOG_ERROR, &ctx, "storing the reply failed: %s", sf_db_error (db));
        if (sf_db_deadline_passed (db))
            sf_rpc_pending_fail (pending, SF_DEADLINE_EXCEEDED, &s_msg_deadline_rolled_back);
        else
            sf_rpc_pending_fail (pending, sf_db_error_transient (db)? SF_UNAVAILABLE: SF_INTERNAL, NULL);
        return S_FAILED;
    }
    return S_KEPT;
}

//  The transaction was rolled back, or its COMMIT's outcome is unknown: every answer computed
//  inside it may rest on work that never committed (an "already exists" can be another
//  command's lost insert, a replay the reply of a lost command), so every command answers
//  unavailable (deadline_exceeded when its time ran out and the work surely went) and its
//  client retries with the same key.
static void
s_group_lost (sf_rpc_worker_t *self, const s_job_t *job, const sf_text_t *text)
{
    bool abandoned = atomic_load (&self->abandoned);
    bool unknown = text == &s_msg_commit_unknown;
    for (int i = 0; i < job->count; i++) {
        sf_rpc_pending_t *pending = job->items [i];
        //  COMMIT reached the server: its work may stand, so no answer may say "rolled back".
        if (unknown && pending->reply.status == SF_OK)
            sf_rpc_pending_fail (pending, SF_UNAVAILABLE, text);
        else
        if (abandoned)
            sf_rpc_pending_fail (pending, SF_UNAVAILABLE, &s_msg_stopping);
        else
        if (s_expired (pending) && pending->reply.status != SF_DEADLINE_EXCEEDED)
            sf_rpc_pending_fail (pending, SF_DEADLINE_EXCEEDED, &s_msg_deadline_rolled_back);
        else
        if (pending->reply.status != SF_UNAVAILABLE && pending->reply.status != SF_DEADLINE_EXCEEDED)
            sf_rpc_pending_fail (pending, SF_UNAVAILABLE, text);
    }
}

//  The COMMIT of a group is bounded by the earliest deadline among its kept commands (each
//  had time left when it finished), so that no reply comes after its deadline; 0: none.
static int64_t
s_commit_deadline (const s_job_t *job)
{
    int64_t earliest = 0;
    for (int i = 0; i < job->count; i++) {
        int64_t deadline = s_deadline (job->items [i]);
        if (job->items [i]->reply.status == SF_OK && deadline && (!earliest || deadline < earliest))
            earliest = deadline;
    }
    return earliest;
}

//  A statement that undoes work (ROLLBACK TO SAVEPOINT) gets a short bound of its own: the
//  failed command's deadline may have passed, the next command's time has not begun.
#define S_UNDO_BOUND_MS 250

//  Rolls the whole transaction back within the undo bound.
static void
s_rollback_bounded (sf_db_t *db)
{
    sf_db_set_deadline (db, sf_clock_mono_ms () + S_UNDO_BOUND_MS);
    sf_db_rollback (db);
    sf_db_set_deadline (db, 0);
}

//  Whether a COMMIT that carried a late run's checks failed on one of them: a key already
//  there (its claim, 23505) or a value that did not hold (sf_expect, SF001: the org generation,
//  or what a handler computed ahead). Any such failure runs the job again the ordinary way,
//  which answers a real conflict as it is.
static bool
s_check_failed (sf_db_t *db)
{
    return strcmp (sf_db_sqlstate (db), "23505") == 0 || strcmp (sf_db_sqlstate (db), "SF001") == 0;
}

//  Ends the transaction of a job whose commands ran: COMMIT when usable and something is
//  kept, ROLLBACK otherwise. Returns 1 if committed; late (the COMMIT carries the run's
//  checks): -1, nothing answered, when one of them failed.
static int
s_finish_group (sf_rpc_worker_t *self, sf_db_t *db, const s_job_t *job, bool usable, bool keep, int events,
                bool late)
{
    sf_db_set_deadline (db, s_commit_deadline (job));
    if (usable && keep) {
        if (sf_db_commit (db) == 0) {
            sf_db_set_deadline (db, 0);
            if (events && self->options.on_commit)
                self->options.on_commit (self->options.on_commit_arg);
            return 1;
        }
        bool unknown = sf_db_commit_unknown (db);
        if (late && !unknown && s_check_failed (db)) {
            sf_db_set_deadline (db, 0);
            return -1;
        }
        sf_warn ("group of %d commands %s: %s", job->count, unknown? "may or may not have committed": "did not commit",
                 sf_db_error (db));
        s_group_lost (self, job, unknown? &s_msg_commit_unknown: &s_msg_commit_failed);
        sf_db_set_deadline (db, 0);
        return 0;
    }
    sf_db_rollback (db);
    sf_db_set_deadline (db, 0);
    if (!usable)
        s_group_lost (self, job, &s_msg_db_down);
    return 0;
}

//  The earliest deadline of the job's commands; 0: none.
static int64_t
s_earliest_deadline (const s_job_t *job)
{
    int64_t earliest = 0;
    for (int i = 0; i < job->count; i++) {
        int64_t deadline = s_deadline (job->items [i]);
        if (deadline && (!earliest || deadline < earliest))
            earliest = deadline;
    }
    return earliest;
}

//  Whether every command of the job may be checked at commit (sf_route_t.checked_at_commit).
static bool
s_job_late (const s_job_t *job)
{
    for (int i = 0; i < job->count; i++)
        if (!job->items [i]->route || !job->items [i]->route->checked_at_commit)
            return false;
    return job->count > 0;
}

//  The org copy moved on since the thread last looked: answered 0 (counted) or -2 (failed).
static bool
s_moved (int64_t same)
{
    return same == 0 || same == -2;
}

//  BEGIN of an optimistic run (bounded by the job's earliest deadline), the org generation
//  asked with its first statement when admissions come from what the thread kept (*same is
//  then filled once that statement went out; late: failing the transaction if it moved).
//  False: no transaction.
static bool
s_optimistic_begin (sf_rpc_worker_t *self, sf_db_t *db, const s_job_t *job, bool late, int64_t *same)
{
    sf_db_set_deadline (db, s_earliest_deadline (job));
    if (!sf_db_ensure (db) || sf_db_begin (db))
        return false;
    *same = 1;
    if (self->options.scope_cache)
        sf_scope_cache_check_deferred (db, late, same);     //  off when it failed
    return true;
}

//  The end of an optimistic run whose commands all ran: COMMIT, unless the org copy moved on
//  since the thread last looked: what was admitted may not be, so the job runs again, checked
//  first (the check forgets what the thread kept; -1). (Refused before any statement, the
//  question is still queued: it goes out now.) Nothing kept: the rollback also drops the
//  claims refused commands queued to undo. late: a question still queued goes with COMMIT,
//  and fails it if the copy moved (or a claim or a handler's check failed): -1 as well.
static int
s_optimistic_end (sf_rpc_worker_t *self, sf_db_t *db, const s_job_t *job, const int64_t *same, bool keep,
                  int events, bool late)
{
    bool queued = late && keep && *same == -1;
    if (*same < 0 && !queued)
        sf_db_flush (db);
    if (*same != 1 && !queued) {
        s_rollback_bounded (db);
        return -1;
    }
    return s_finish_group (self, db, job, true, keep, events, late);
}

//  A group run without savepoints, on the bet that every command is kept or refused without
//  a trace (the common case: a savepoint per command costs a statement and a subtransaction
//  each) and that every key is new (its claim goes with the handler's first statement).
//  Returns 1 if committed, 0 if not (every command answered), -1 when a command left work to
//  undo, found its key there already or the database failed: then the transaction is rolled
//  back, nothing is answered yet (but for a job of one failed command, answered: 0), and the
//  job runs again with savepoints (s_run_savepoints).
static int
s_run_optimistic (sf_rpc_worker_t *self, sf_db_t *db, const s_job_t *job)
{
    int64_t same_generation;
    bool late = s_job_late (job);
    if (!s_optimistic_begin (self, db, job, late, &same_generation))
        return -1;
    int events = 0;
    bool keep = false;
    for (int i = 0; i < job->count; i++) {
        sf_rpc_pending_t *pending = job->items [i];
        if (atomic_load (&self->abandoned)) {
            sf_db_rollback (db);
            return -1;
        }
        if (s_expired (pending)) {
            sf_rpc_pending_fail (pending, SF_DEADLINE_EXCEEDED, &s_msg_deadline);
            continue;
        }
        sf_db_set_deadline (db, s_deadline (pending));
        s_outcome_t outcome = s_run_write (self, db, pending, true, late);
        if (outcome == S_FAILED || outcome == S_AGAIN) {
            s_rollback_bounded (db);
            //  Alone, a failed command is answered: there is nothing else to keep. Unless it
            //  was refused on an org copy that has moved on since (its handler judged the
            //  actor's grants as the thread kept them), or failed on a check of a late run:
            //  then it runs again, checked first.
            bool again = s_moved (same_generation) || (late && s_check_failed (db));
            return outcome == S_FAILED && job->count == 1 && !again? 0: -1;
        }
        if (outcome == S_KEPT) {
            keep = true;
            events += pending->events;
        }
    }
    return s_optimistic_end (self, db, job, &same_generation, keep, events, late);
}

//  Every command of the job back to "not run", for a second run.
static void
s_job_reset (const s_job_t *job)
{
    for (int i = 0; i < job->count; i++) {
        sf_reply_clear (&job->items [i]->reply);
        job->items [i]->events = 0;
    }
}

//  Runs the job's writes as one transaction. In a group each command runs after a savepoint
//  of its own. A kept command's savepoint is never released: the next command nests a new
//  one (one round trip, not two). A failed command rolls back to its savepoint, which stays
//  and serves the next command. COMMIT ends them all; the group size is bounded by
//  rpc.batch_max (at most 64, the subtransactions PostgreSQL caches). Returns 1 if committed.
static int
s_run_savepoints (sf_rpc_worker_t *self, sf_db_t *db, const s_job_t *job)
{
    bool grouped = job->count > 1;
    //  Connecting and BEGIN are bounded by the earliest deadline of the group.
    sf_db_set_deadline (db, s_earliest_deadline (job));
    bool usable = sf_db_ensure (db) && sf_db_begin (db) == 0;
    if (usable && self->options.scope_cache)
        sf_scope_cache_check (db);      //  with BEGIN; off when it failed
    bool keep_single = false;
    bool need_savepoint = true;
    int events = 0;
    for (int i = 0; i < job->count; i++) {
        sf_rpc_pending_t *pending = job->items [i];
        if (atomic_load (&self->abandoned))
            usable = false;
        if (usable && s_expired (pending)) {
            sf_rpc_pending_fail (pending, SF_DEADLINE_EXCEEDED, &s_msg_deadline);
            continue;
        }
        sf_db_set_deadline (db, s_deadline (pending));
        if (usable && grouped && need_savepoint && sf_db_savepoint (db, S_SAVEPOINT))
            usable = false;
        if (!usable) {
            sf_rpc_pending_fail (pending, SF_UNAVAILABLE, &s_msg_db_down);
            continue;
        }
        bool keep = s_run_write (self, db, pending, false, false) == S_KEPT;
        if (keep)
            events += pending->events;
        if (!grouped)
            keep_single = keep;
        else
        if (keep)
            need_savepoint = true;
        else {
            need_savepoint = false;
            sf_db_set_deadline (db, sf_clock_mono_ms () + S_UNDO_BOUND_MS);
            if (sf_db_rollback_to_savepoint (db, S_SAVEPOINT))
                usable = false;
        }
    }
    return s_finish_group (self, db, job, usable, grouped || keep_single, events, false);
}

//  Whether the job may run gathered: a group, none of its routes remembered as spoiling.
static bool
s_gatherable (sf_rpc_worker_t *self, const s_job_t *job)
{
    if (!self->gather || job->count < 2)
        return false;
    int64_t now = sf_clock_mono_ms ();
    for (int i = 0; i < job->count; i++)
        for (int r = 0; r < S_UNGATHERED_MAX; r++)
            if (self->ungathered [r].route == job->items [i]->route && self->ungathered [r].until_ms > now)
                return false;
    return true;
}

//  Remembers route as not to be gathered for a while (in its slot, else the oldest).
static void
s_ungather (sf_rpc_worker_t *self, const sf_route_t *route)
{
    int slot = 0;
    for (int r = 0; r < S_UNGATHERED_MAX; r++) {
        if (self->ungathered [r].route == route) {
            slot = r;
            break;
        }
        if (self->ungathered [r].until_ms < self->ungathered [slot].until_ms)
            slot = r;
    }
    int backoff = self->ungathered [slot].route == route? self->ungathered [slot].backoff_ms * 2: 0;
    backoff = backoff < S_UNGATHERED_MIN_MS? S_UNGATHERED_MIN_MS: backoff > S_UNGATHERED_MAX_MS? S_UNGATHERED_MAX_MS: backoff;
    if (backoff == S_UNGATHERED_MAX_MS && self->ungathered [slot].backoff_ms < S_UNGATHERED_MAX_MS)
        sf_info ("%s spoils gathered groups (its statements need two rounds): its groups run one command "
                 "after the other", sf_route_type (route));
    self->ungathered [slot].route = route;
    self->ungathered [slot].backoff_ms = backoff;
    self->ungathered [slot].until_ms = sf_clock_mono_ms () + backoff;
}

//  A gathered run of the job's routes went through: each starts again from the shortest wait.
static void
s_gathered_well (sf_rpc_worker_t *self, const s_job_t *job)
{
    for (int r = 0; r < S_UNGATHERED_MAX; r++)
        if (self->ungathered [r].route)
            for (int i = 0; i < job->count; i++)
                if (job->items [i]->route == self->ungathered [r].route)
                    self->ungathered [r].backoff_ms = 0;
}

typedef struct {
    sf_rpc_worker_t *self;
    sf_db_t *db;
    const s_job_t *job;
    s_outcome_t *outcomes;
} s_gathered_t;

static void
s_gathered_command (int index, void *arg)
{
    s_gathered_t *run = (s_gathered_t *) arg;
    sf_rpc_pending_t *pending = run->job->items [index];
    if (s_expired (pending)) {
        sf_rpc_pending_fail (pending, SF_DEADLINE_EXCEEDED, &s_msg_deadline);
        run->outcomes [index] = S_REFUSED;
    }
    else
        run->outcomes [index] = s_run_write (run->self, run->db, pending, true, false);
}

//  The optimistic run (s_run_optimistic) with the commands' statements gathered
//  (sf_rpc_gather): a group of commands that each need one answer takes one round trip and
//  the COMMIT's. Returns as s_run_optimistic; *spoiled when a handler spoiled the run
//  (sf_rpc_gather.h: the group then runs in order, s_run_optimistic, and its route's groups for
//  a while, s_ungather).
static int
s_run_gathered (sf_rpc_worker_t *self, sf_db_t *db, const s_job_t *job, bool *spoiled)
{
    *spoiled = false;
    int64_t same_generation;
    if (!s_optimistic_begin (self, db, job, false, &same_generation))
        return -1;
    s_outcome_t outcomes [job->count];
    s_gathered_t run = { self, db, job, outcomes };
    //  A client's commands keep their order, but for those it let run in any (the gateway's).
    const void *orders [job->count];
    for (int i = 0; i < job->count; i++)
        orders [i] = job->items [i]->request.unordered? NULL: job->items [i]->peer;
    int spoiler;
    int rc = sf_rpc_gather_run (self->gather, db, job->count, s_gathered_command, &run, orders, &spoiler);
    if (rc == 1) {
        *spoiled = true;
        s_ungather (self, job->items [spoiler]->route);
    }
    bool again = rc != 0 || atomic_load (&self->abandoned);
    bool keep = false;
    int events = 0;
    for (int i = 0; i < job->count; i++) {
        again |= outcomes [i] == S_FAILED || outcomes [i] == S_AGAIN;
        if (outcomes [i] == S_KEPT) {
            keep = true;
            events += job->items [i]->events;
        }
    }
    if (again) {
        s_rollback_bounded (db);
        return -1;
    }
    s_gathered_well (self, job);
    return s_optimistic_end (self, db, job, &same_generation, keep, events, false);
}

//  Runs the job's writes as one transaction: first without savepoints, each key claimed with
//  its handler's first statement, the commands' statements gathered when it is a group
//  (s_run_gathered) or one command after the other (s_run_optimistic); again with savepoints,
//  each key claimed first, when that did not go through (a key already there, a command of a
//  group that left work to undo). A gathered group that a handler spoiled runs in order.
//  Returns 1 if committed.
static int
s_run_group (sf_rpc_worker_t *self, sf_db_t *db, const s_job_t *job)
{
    if (s_gatherable (self, job)) {
        bool spoiled;
        int committed = s_run_gathered (self, db, job, &spoiled);
        if (committed >= 0)
            return committed;
        s_job_reset (job);
        if (!spoiled)
            return s_run_savepoints (self, db, job);
    }
    int committed = s_run_optimistic (self, db, job);
    if (committed >= 0)
        return committed;
    s_job_reset (job);
    return s_run_savepoints (self, db, job);
}

static void
s_run_reads (sf_rpc_worker_t *self, sf_db_t *db, const s_job_t *job)
{
    //  One look at the org copy's generation for the whole run (sf_scope_cache.h), bounded by
    //  the earliest deadline of the run like everything it does.
    sf_db_set_deadline (db, s_earliest_deadline (job));
    if (self->options.scope_cache && !atomic_load (&self->abandoned) && sf_db_ensure (db))
        sf_scope_cache_check (db);
    for (int i = 0; i < job->count; i++) {
        sf_rpc_pending_t *pending = job->items [i];
        if (atomic_load (&self->abandoned))
            sf_rpc_pending_fail (pending, SF_UNAVAILABLE, &s_msg_stopping);
        else
        if (s_expired (pending))
            sf_rpc_pending_fail (pending, SF_DEADLINE_EXCEEDED, &s_msg_deadline);
        else {
            sf_db_set_deadline (db, s_deadline (pending));
            if (sf_db_ensure (db))
                s_call_handler (self, db, pending);
            else
            if (sf_db_deadline_passed (db))
                sf_rpc_pending_fail (pending, SF_DEADLINE_EXCEEDED, &s_msg_deadline);
            else
                sf_rpc_pending_fail (pending, SF_UNAVAILABLE, &s_msg_db_down);
            if (sf_db_in_transaction (db))
                sf_db_rollback (db);        //  a handler that left one open: our bug, but never kept
        }
    }
    sf_db_set_deadline (db, 0);
}

static void *
s_thread (void *arg)
{
    sf_rpc_worker_t *self = (sf_rpc_worker_t *) arg;
    //  Connecting may take up to the connect timeout; the daemon's start need not wait for it.
    sf_db_t *db = sf_db_new (&self->options.db);
    atomic_store (&self->db, db);
    if (self->options.gather_max > 1)
        self->gather = sf_rpc_gather_new (self->options.gather_max);
    if (atomic_load (&self->abandoned))
        sf_db_interrupt (db);
    while (true) {
        pthread_mutex_lock (&self->lock);
        while (!self->job_ready && !self->stopping)
            pthread_cond_wait (&self->wake, &self->lock);
        if (!self->job_ready) {
            pthread_mutex_unlock (&self->lock);
            break;
        }
        s_job_t job = self->job;
        self->job_ready = false;
        pthread_mutex_unlock (&self->lock);

        int committed = 0;
        if (job.writes)
            committed = s_run_group (self, db, &job);
        else
            s_run_reads (self, db, &job);
        sf_scope_cache_off ();

        pthread_mutex_lock (&self->lock);
        self->committed = committed;
        atomic_store (&self->finished, true);
        pthread_cond_signal (&self->finish);
        pthread_mutex_unlock (&self->lock);
        //  The replies leave from here, and the next job may be handed over at once.
        self->options.on_done (self->options.on_done_arg, self);
    }
    atomic_store (&self->db, NULL);
    sf_rpc_gather_destroy (&self->gather);
    sf_scope_cache_clear ();
    sf_db_destroy (&db);
    return NULL;
}

sf_rpc_worker_t *
sf_rpc_worker_new (const sf_rpc_worker_options_t *options)
{
    assert (options->on_done);
    sf_rpc_worker_t *self = calloc (1, sizeof *self);
    assert (self);
    self->options = *options;
    self->url = strdup (options->db.url);
    self->schema = strdup (options->db.schema? options->db.schema: "public");
    self->application_name = strdup (options->db.application_name? options->db.application_name: "safety");
    self->options.db.url = self->url;
    self->options.db.schema = self->schema;
    self->options.db.application_name = self->application_name;
    pthread_mutex_init (&self->lock, NULL);
    pthread_cond_init (&self->wake, NULL);
    pthread_cond_init (&self->finish, NULL);
    int rc = pthread_create (&self->thread, NULL, s_thread, self);
    assert (rc == 0);
    return self;
}

void
sf_rpc_worker_destroy (sf_rpc_worker_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    sf_rpc_worker_t *self = *self_p;
    pthread_mutex_lock (&self->lock);
    self->stopping = true;
    pthread_cond_signal (&self->wake);
    pthread_mutex_unlock (&self->lock);
    pthread_join (self->thread, NULL);
    pthread_cond_destroy (&self->wake);
    pthread_cond_destroy (&self->finish);
    pthread_mutex_destroy (&self->lock);
    free (self->url);
    free (self->schema);
    free (self->application_name);
    free (self);
    *self_p = NULL;
}

void
sf_rpc_worker_abandon (sf_rpc_worker_t *self)
{
    atomic_store (&self->abandoned, true);
    sf_db_t *db = atomic_load (&self->db);
    if (db)
        sf_db_interrupt (db);
}

void
sf_rpc_worker_run (sf_rpc_worker_t *self, sf_rpc_pending_t **items, int count, bool writes)
{
    assert (!self->busy && count > 0);
    self->busy = true;
    atomic_store (&self->finished, false);
    pthread_mutex_lock (&self->lock);
    self->job = (s_job_t) { items, count, writes };
    self->job_ready = true;
    pthread_cond_signal (&self->wake);
    pthread_mutex_unlock (&self->lock);
}

int
sf_rpc_worker_done (sf_rpc_worker_t *self)
{
    assert (self->busy);
    //  The requests stay the worker's until it has finished.
    pthread_mutex_lock (&self->lock);
    while (!atomic_load (&self->finished))
        pthread_cond_wait (&self->finish, &self->lock);
    int committed = self->committed;
    pthread_mutex_unlock (&self->lock);
    self->busy = false;
    return committed;
}

bool
sf_rpc_worker_busy (sf_rpc_worker_t *self)
{
    return self->busy;
}
