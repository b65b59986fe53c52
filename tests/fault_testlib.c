/*  fault_testlib: a freezable PostgreSQL of the test's own, raw requests with deadlines,
    latency samples and memory readings.                                                    */
#include "fault_testlib.h"
#include "sf_clock.h"
#include "sf_codec.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define FT_PG_START_ATTEMPTS 3       //  another test may take the free port before postgres binds it
#define FT_GUARD_FD 3                //  the guard reads its end of the pipe here
#define FT_RSS_INTERVAL_MS 20        //  often enough to see a peak that lasts a fraction of a second
#define FT_LINE_MAX 1024

//  --------------------------------------------------------------------------------------
//  A PostgreSQL of the test's own

struct _ft_pg_t {
    char state [512];                //  the deploy/lib.sh state folder of the cluster
    char base [512];                 //  the cluster's folder (STATE/pg points at it)
    int port;
    int guard_fd;                    //  write end of the guard's pipe; closing it wakes the guard
};

//  The guard: waits on its pipe. "done" means the test cleaned up itself; end of file means
//  the test is gone whatever way, and then it thaws the cluster (a frozen postmaster ignores
//  pg_ctl stop) and deletes it. The cluster's folder is computed while the state folder
//  still exists: deploy/test may delete SF_STATE_DIR before the guard wakes.
static const char *s_guard_script =
    "source \"$2/lib.sh\"\n"
    "base=\"$(sf_pg_base_dir \"$1\")\"\n"
    "if read -r -u 3 word && [[ \"$word\" == done ]]; then exit 0; fi\n"
    "if [[ -f \"$base/data/postmaster.pid\" ]]; then\n"
    "    pm=\"$(head -n 1 \"$base/data/postmaster.pid\")\"\n"
    "    kill -CONT \"$pm\" $(pgrep -P \"$pm\") 2>/dev/null || true\n"
    "fi\n"
    "sf_pg_destroy_base \"$base\"\n"
    "rm -rf \"$1\"\n";

//  Starts the guard as a grandchild in a session of its own, so that neither ctest killing
//  the test's process tree nor deploy/test killing stray test binaries takes it down with
//  the test (it runs bash, not a binary of the build tree). Returns the pipe's write end.
static int
s_guard_start (const char *state, const char *log_path)
{
    int pipe_fds [2];
    SF_CHECK (pipe2 (pipe_fds, O_CLOEXEC) == 0);
    pid_t child = fork ();
    SF_CHECK (child >= 0);
    if (child == 0) {
        if (fork () != 0)
            _exit (0);
        setsid ();
        int null_fd = open ("/dev/null", O_RDONLY);
        int log_fd = open (log_path, O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (null_fd < 0 || log_fd < 0)
            _exit (1);
        dup2 (null_fd, STDIN_FILENO);
        dup2 (log_fd, STDOUT_FILENO);
        dup2 (log_fd, STDERR_FILENO);
        //  The pipe may already sit at FT_GUARD_FD, where dup2 would leave its close-on-exec.
        if (pipe_fds [0] == FT_GUARD_FD)
            fcntl (FT_GUARD_FD, F_SETFD, 0);
        else
            dup2 (pipe_fds [0], FT_GUARD_FD);
        //  Nothing else of the test stays open: ctest waits for the end of its output pipe.
        long open_max = sysconf (_SC_OPEN_MAX);
        for (int fd = FT_GUARD_FD + 1; fd < (open_max > 0 && open_max < 65536? open_max: 65536); fd++)
            close (fd);
        execl ("/bin/bash", "bash", "-c", s_guard_script, "ft-pg-guard", state,
               sf_test_env ("SF_DEPLOY_DIR"), (char *) NULL);
        _exit (127);
    }
    waitpid (child, NULL, 0);
    close (pipe_fds [0]);
    return pipe_fds [1];
}

//  deploy/lib.sh's sf_pg_start on the first free port from a random one below the kernel's
//  ephemeral range. Returns the port, or -1.
static int
s_pg_start (ft_pg_t *self, const char *log_path)
{
    for (int attempt = 0; attempt < FT_PG_START_ATTEMPTS; attempt++) {
        int rc = sf_test_sh ("bash -c 'set -euo pipefail; source \"%s/lib.sh\"; "
                             "sf_pg_start \"%s\" \"$(sf_free_port %d)\"' >>'%s' 2>&1",
                             sf_test_env ("SF_DEPLOY_DIR"), self->state, sf_test_free_port (), log_path);
        if (rc == 0) {
            char path [600];
            snprintf (path, sizeof path, "%s/pg.port", self->state);
            FILE *file = fopen (path, "r");
            int port = -1;
            if (file && fscanf (file, "%d", &port) != 1)
                port = -1;
            if (file)
                fclose (file);
            return port;
        }
    }
    return -1;
}

ft_pg_t *
ft_pg_new (void)
{
    ft_pg_t *self = calloc (1, sizeof *self);
    SF_CHECK (self);
    char *name = sf_test_unique ("pg");
    const char *root = sf_test_env ("SF_STATE_DIR");
    snprintf (self->state, sizeof self->state, "%s/%s", root, name);
    char log_path [600], guard_log [600];
    snprintf (log_path, sizeof log_path, "%s/%s.start.log", root, name);
    snprintf (guard_log, sizeof guard_log, "%s/%s.guard.log", root, name);
    free (name);
    SF_CHECK (mkdir (self->state, 0755) == 0);
    self->guard_fd = s_guard_start (self->state, guard_log);

    self->port = s_pg_start (self, log_path);
    if (self->port < 0) {
        fprintf (stderr, "could not start a PostgreSQL of the test's own; log %s:\n", log_path);
        sf_test_sh ("tail -n 30 '%s' >&2", log_path);
        exit (1);
    }
    char link [600];
    snprintf (link, sizeof link, "%s/pg", self->state);
    ssize_t size = readlink (link, self->base, sizeof self->base - 1);
    SF_CHECK (size > 0);
    self->base [size] = 0;
    char url [128];
    snprintf (url, sizeof url, "host=127.0.0.1 port=%d dbname=safety user=safety", self->port);
    setenv ("SF_DB_URL", url, 1);
    printf ("private PostgreSQL on port %d (%s)\n", self->port, self->base);
    return self;
}

//  The postmaster's pid, from line 1 of its postmaster.pid; -1 when it does not run.
static pid_t
s_postmaster (ft_pg_t *self)
{
    char path [600];
    snprintf (path, sizeof path, "%s/data/postmaster.pid", self->base);
    FILE *file = fopen (path, "r");
    int pid = -1;
    if (file && fscanf (file, "%d", &pid) != 1)
        pid = -1;
    if (file)
        fclose (file);
    return pid;
}

//  Sends signal to every process whose parent is parent, read from /proc/<pid>/stat (the
//  field after the command name, which may itself hold spaces and parentheses).
static void
s_signal_children (pid_t parent, int signal_number)
{
    DIR *proc = opendir ("/proc");
    SF_CHECK (proc);
    for (struct dirent *entry = readdir (proc); entry; entry = readdir (proc)) {
        char *end;
        long pid = strtol (entry->d_name, &end, 10);
        if (*end || pid <= 0)
            continue;
        char path [64], line [FT_LINE_MAX];
        snprintf (path, sizeof path, "/proc/%ld/stat", pid);
        FILE *file = fopen (path, "r");
        if (!file)
            continue;
        bool read = fgets (line, sizeof line, file) != NULL;
        fclose (file);
        char *after_name = read? strrchr (line, ')'): NULL;
        char state;
        int ppid;
        if (after_name && sscanf (after_name + 1, " %c %d", &state, &ppid) == 2 && ppid == parent)
            kill ((pid_t) pid, signal_number);
    }
    closedir (proc);
}

void
ft_pg_freeze (ft_pg_t *self)
{
    pid_t postmaster = s_postmaster (self);
    SF_CHECK (postmaster > 0);
    //  The postmaster first: stopped, it forks no new backend behind our back.
    SF_CHECK (kill (postmaster, SIGSTOP) == 0);
    s_signal_children (postmaster, SIGSTOP);
}

void
ft_pg_thaw (ft_pg_t *self)
{
    pid_t postmaster = s_postmaster (self);
    SF_CHECK (postmaster > 0);
    s_signal_children (postmaster, SIGCONT);
    SF_CHECK (kill (postmaster, SIGCONT) == 0);
}

void
ft_pg_destroy (ft_pg_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    ft_pg_t *self = *self_p;
    pid_t postmaster = s_postmaster (self);
    if (postmaster > 0) {
        s_signal_children (postmaster, SIGCONT);
        kill (postmaster, SIGCONT);
    }
    sf_test_sh ("bash -c 'source \"%s/lib.sh\"; sf_pg_destroy \"%s\"' >/dev/null 2>&1; rm -rf '%s'",
                sf_test_env ("SF_DEPLOY_DIR"), self->state, self->state);
    if (write (self->guard_fd, "done\n", 5) != 5)
        fprintf (stderr, "the guard of %s is gone already\n", self->state);
    close (self->guard_fd);
    free (self);
    *self_p = NULL;
}

//  --------------------------------------------------------------------------------------
//  Requests on raw sockets

zsock_t *
ft_dealer (const char *endpoint, int sndhwm, int rcvhwm)
{
    zsock_t *dealer = zsock_new (ZMQ_DEALER);
    SF_CHECK (dealer);
    zsock_set_sndhwm (dealer, sndhwm);
    zsock_set_rcvhwm (dealer, rcvhwm);
    zsock_set_linger (dealer, 0);
    sf_test_curve (dealer, endpoint);
    SF_CHECK (zsock_connect (dealer, "%s", endpoint) == 0);
    return dealer;
}

uint8_t *
ft_request_frame (const char *type, const ProtobufCMessage *message, const char *request_id,
                  const char *key, int64_t deadline_ms, size_t *size)
{
    sf_request_t request = {
        .request_id = (char *) request_id, .idempotency_key = (char *) (key? key: ""),
        .type = (char *) (type? type: message->descriptor->name), .trace_id = (char *) request_id,
        .deadline_ms = deadline_ms,
        .actor = { .user_id = (char *) "sf-test", .roles = { (char *) "service" }, .role_count = 1,
                   .org_node = (char *) "", .plant = (char *) "" }
    };
    if (message)
        request.body = sf_codec_pack (message, &request.body_size);
    uint8_t *frame = sf_request_encode (&request, size);
    free (request.body);
    return frame;
}

int
ft_send (zsock_t *dealer, const uint8_t *frame, size_t size)
{
    return zmq_send (zsock_resolve (dealer), frame, size, ZMQ_DONTWAIT) < 0? -1: 0;
}

int
ft_wait_reply (zsock_t *dealer, const char *request_id, int64_t wait_until_ms, sf_reply_t *reply,
               int64_t *arrived_ms)
{
    zmq_pollitem_t item = { .socket = zsock_resolve (dealer), .events = ZMQ_POLLIN };
    while (true) {
        int64_t left = wait_until_ms - sf_clock_wall_ms ();
        if (left <= 0 || zmq_poll (&item, 1, (long) left) <= 0)
            return -1;
        zmq_msg_t frame;
        zmq_msg_init (&frame);
        if (zmq_msg_recv (&frame, item.socket, ZMQ_DONTWAIT) < 0) {
            zmq_msg_close (&frame);
            continue;
        }
        int64_t arrived = sf_clock_wall_ms ();
        sf_reply_t candidate;
        int decoded = sf_reply_decode (&candidate, zmq_msg_data (&frame), zmq_msg_size (&frame));
        zmq_msg_close (&frame);
        if (decoded != 0)
            continue;
        if (strcmp (candidate.request_id, request_id) == 0) {
            *reply = candidate;
            if (arrived_ms)
                *arrived_ms = arrived;
            return 0;
        }
        sf_reply_clear (&candidate);
    }
}

int
ft_call (zsock_t *dealer, const char *type, const ProtobufCMessage *message, const char *key,
         int64_t deadline_ms, int watch_ms, sf_reply_t *reply, int64_t *arrived_ms)
{
    char *request_id = ft_request_id ("call");
    size_t size;
    uint8_t *frame = ft_request_frame (type, message, request_id, key, deadline_ms, &size);
    memset (reply, 0, sizeof *reply);
    int rc = ft_send (dealer, frame, size);
    free (frame);
    if (rc == 0)
        rc = ft_wait_reply (dealer, request_id, deadline_ms + watch_ms, reply, arrived_ms);
    free (request_id);
    return rc;
}

int64_t
ft_health (zsock_t *dealer, int timeout_ms, sf_health_t *health)
{
    memset (health, 0, sizeof *health);
    int64_t sent = sf_clock_wall_ms ();
    sf_reply_t reply;
    int64_t arrived;
    if (ft_call (dealer, "sf.Health", NULL, NULL, sent + timeout_ms, timeout_ms, &reply, &arrived) != 0)
        return -1;
    bool decoded = reply.status == SF_OK && sf_health_decode (health, reply.body, reply.body_size) == 0;
    if (!decoded)
        fprintf (stderr, "sf.Health: %s %s\n", sf_status_name (reply.status), reply.reason_en? reply.reason_en: "");
    sf_reply_clear (&reply);
    SF_CHECK (decoded);
    return arrived - sent;
}

char *
ft_request_id (const char *prefix)
{
    static atomic_long counter;
    char *id = NULL;
    SF_CHECK (asprintf (&id, "%s-%ld", prefix, atomic_fetch_add (&counter, 1) + 1) > 0);
    return id;
}

//  --------------------------------------------------------------------------------------
//  Measuring

struct _ft_samples_t {
    pthread_mutex_t lock;
    double *values;
    size_t count;
    size_t room;
};

ft_samples_t *
ft_samples_new (void)
{
    ft_samples_t *self = calloc (1, sizeof *self);
    SF_CHECK (self);
    pthread_mutex_init (&self->lock, NULL);
    return self;
}

void
ft_samples_destroy (ft_samples_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    ft_samples_t *self = *self_p;
    pthread_mutex_destroy (&self->lock);
    free (self->values);
    free (self);
    *self_p = NULL;
}

void
ft_samples_add (ft_samples_t *self, double value)
{
    pthread_mutex_lock (&self->lock);
    if (self->count == self->room) {
        self->room = self->room? self->room * 2: 1024;
        self->values = realloc (self->values, self->room * sizeof *self->values);
        SF_CHECK (self->values);
    }
    self->values [self->count++] = value;
    pthread_mutex_unlock (&self->lock);
}

size_t
ft_samples_count (ft_samples_t *self)
{
    pthread_mutex_lock (&self->lock);
    size_t count = self->count;
    pthread_mutex_unlock (&self->lock);
    return count;
}

static int
s_compare_doubles (const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;
    return x < y? -1: x > y? 1: 0;
}

double
ft_samples_percentile (ft_samples_t *self, double p)
{
    pthread_mutex_lock (&self->lock);
    double result = 0;
    if (self->count) {
        double *sorted = malloc (self->count * sizeof *sorted);
        SF_CHECK (sorted);
        memcpy (sorted, self->values, self->count * sizeof *sorted);
        qsort (sorted, self->count, sizeof *sorted, s_compare_doubles);
        size_t rank = (size_t) ((p / 100.0) * (double) self->count + 0.999999);
        rank = rank < 1? 1: rank > self->count? self->count: rank;
        result = sorted [rank - 1];
        free (sorted);
    }
    pthread_mutex_unlock (&self->lock);
    return result;
}

double
ft_samples_max (ft_samples_t *self)
{
    return ft_samples_percentile (self, 100);
}

int64_t
ft_proc_kb (int pid, const char *field)
{
    char path [64], line [FT_LINE_MAX];
    snprintf (path, sizeof path, "/proc/%d/status", pid);
    FILE *file = fopen (path, "r");
    if (!file)
        return -1;
    size_t length = strlen (field);
    int64_t kb = -1;
    while (kb < 0 && fgets (line, sizeof line, file))
        if (strncmp (line, field, length) == 0 && line [length] == ':')
            kb = strtoll (line + length + 1, NULL, 10);
    fclose (file);
    return kb;
}

struct _ft_rss_watch_t {
    int pid;
    pthread_t thread;
    atomic_bool stop;
    atomic_llong peak_kb;
};

static void *
s_rss_watch_run (void *arg)
{
    ft_rss_watch_t *self = (ft_rss_watch_t *) arg;
    while (!atomic_load (&self->stop)) {
        int64_t kb = ft_proc_kb (self->pid, "VmRSS");
        if (kb > atomic_load (&self->peak_kb))
            atomic_store (&self->peak_kb, kb);
        sf_test_sleep_ms (FT_RSS_INTERVAL_MS);
    }
    return NULL;
}

ft_rss_watch_t *
ft_rss_watch_new (int pid)
{
    ft_rss_watch_t *self = calloc (1, sizeof *self);
    SF_CHECK (self);
    self->pid = pid;
    SF_CHECK (pthread_create (&self->thread, NULL, s_rss_watch_run, self) == 0);
    return self;
}

int64_t
ft_rss_watch_peak_kb (ft_rss_watch_t *self)
{
    return atomic_load (&self->peak_kb);
}

void
ft_rss_watch_destroy (ft_rss_watch_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    ft_rss_watch_t *self = *self_p;
    atomic_store (&self->stop, true);
    pthread_join (self->thread, NULL);
    free (self);
    *self_p = NULL;
}

int64_t
ft_setting_default (const char *binary, const char *key)
{
    char command [700];
    snprintf (command, sizeof command, "'%s' --help 2>&1", binary);
    FILE *help = popen (command, "r");
    SF_CHECK (help);
    char line [FT_LINE_MAX];
    int64_t value = -1;
    size_t length = strlen (key);
    while (fgets (line, sizeof line, help)) {
        char *at = line + strspn (line, " ");
        const char *dflt = strstr (line, "(default: ");
        if (value < 0 && strncmp (at, key, length) == 0 && at [length] == ' ' && dflt)
            value = strtoll (dflt + strlen ("(default: "), NULL, 10);
    }
    pclose (help);
    return value;
}

//  --------------------------------------------------------------------------------------
//  The directory

void
ft_import_tree (sf_rpc_client_t *client, const char *prefix, int employees)
{
    static const char *levels [][3] = {
        { "company", "C", "测试公司" }, { "plant", "P", "测试厂区" }, { "department", "D", "安全环保部" },
        { "team", "T", "机加一班" }, { "post", "S", "车工岗" }
    };
    size_t levels_count = sizeof levels / sizeof levels [0];
    char *csv = NULL;
    size_t csv_size = 0;
    FILE *out = open_memstream (&csv, &csv_size);
    SF_CHECK (out);
    fprintf (out, "%s\n", "kind,code,parent_code,name_zh,name_en,employment_type");
    for (size_t level = 0; level < levels_count; level++)
        fprintf (out, "%s,%s%s,%s%s,%s,,\n", levels [level][0], prefix, levels [level][1],
                 level? prefix: "", level? levels [level - 1][1]: "", levels [level][2]);
    for (int i = 0; i < employees; i++)
        fprintf (out, "employee,%sE%05d,%sS,测试员工,,regular\n", prefix, i, prefix);
    fclose (out);

    Directory__ImportCsv import = DIRECTORY__IMPORT_CSV__INIT;
    import.file_name = (char *) "fault-tree.csv";
    import.csv.data = (uint8_t *) csv;
    import.csv.len = csv_size;
    sf_reply_t reply;
    sf_status_t status = sf_rpc_client_call_message (client, &import.base, NULL, &reply);
    if (status != SF_OK)
        fprintf (stderr, "import: %s %s\n", sf_status_name (status), reply.reason_en? reply.reason_en: "");
    SF_CHECK (status == SF_OK);
    Directory__ImportResult *result = dt_body (&reply, &directory__import_result__descriptor);
    if (result->created != employees + (int) levels_count)
        fprintf (stderr, "import: %d created, %zu errors\n", result->created, result->n_errors);
    SF_CHECK (result->created == employees + (int) levels_count);
    protobuf_c_message_free_unpacked (&result->base, NULL);
    sf_reply_clear (&reply);
    free (csv);
}

void
ft_create_employee (Directory__CreateNode *create, const char *code, const char *parent)
{
    directory__create_node__init (create);
    create->kind = DIRECTORY__KIND__KIND_EMPLOYEE;
    create->code = (char *) code;
    create->parent_code = (char *) parent;
    create->name_zh = (char *) "测试员工";
    create->employment_type = DIRECTORY__EMPLOYMENT_TYPE__EMPLOYMENT_REGULAR;
}
