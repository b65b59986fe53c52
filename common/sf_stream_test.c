/*  sf_stream_test: names, their interning across threads and prefixes, and the assertion
    on a name too long for SF_STREAM_NAME_MAX.                                               */
#include "sf_stream.h"
#include "sf_testkit.h"

#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *s_topics [] = {
    "org", "inspection", "rectification", "training", "lesson", "scoring", "notify"
};
#define TOPIC_COUNT (sizeof s_topics / sizeof s_topics [0])

static void
test_default_prefix (void)
{
    const char *org = sf_stream_name ("org");
    SF_CHECK_STR (org, "sf:events:org");
    SF_CHECK (sf_stream_name ("org") == org);
    char topic [] = "org";                      //  equal text at another address
    SF_CHECK (sf_stream_name (topic) == org);
    const char *inspection = sf_stream_name ("inspection");
    SF_CHECK_STR (inspection, "sf:events:inspection");
    SF_CHECK (inspection != org);
}

static void
test_prefix (void)
{
    const char *before = sf_stream_name ("org");
    sf_stream_set_prefix ("sf_test_42");
    const char *after = sf_stream_name ("org");
    SF_CHECK_STR (after, "sf_test_42:events:org");
    SF_CHECK (sf_stream_name ("org") == after);
    SF_CHECK_STR (before, "sf:events:org");     //  names handed out keep their text
    sf_stream_set_prefix (NULL);
    SF_CHECK (sf_stream_name ("org") == before);
    sf_stream_set_prefix ("sf_test_42");
    SF_CHECK (sf_stream_name ("org") == after);
    sf_stream_set_prefix ("");
    SF_CHECK (sf_stream_name ("org") == before);
}

//  The longest topic that fits, and one byte more in a child process, which must abort.
static void
test_too_long (void)
{
    char topic [SF_STREAM_NAME_MAX];
    size_t fits = SF_STREAM_NAME_MAX - 1 - strlen ("sf:events:");
    memset (topic, 't', fits);
    topic [fits] = 0;
    const char *name = sf_stream_name (topic);
    SF_CHECK (strlen (name) == SF_STREAM_NAME_MAX - 1);
    SF_CHECK (strncmp (name, "sf:events:ttt", 13) == 0);
#ifndef NDEBUG
    topic [fits] = 't';
    topic [fits + 1] = 0;
    fflush (NULL);
    pid_t pid = fork ();
    SF_CHECK (pid >= 0);
    if (pid == 0) {
        sf_stream_name (topic);
        _exit (0);
    }
    int status;
    SF_CHECK (waitpid (pid, &status, 0) == pid);
    SF_CHECK (WIFSIGNALED (status) && WTERMSIG (status) == SIGABRT);
#endif
}

#define THREADS 8
#define ROUNDS 2000

typedef struct {
    int first;                                  //  the topic this thread starts with
    const char *names [TOPIC_COUNT];
} worker_t;

static void *
s_worker (void *arg)
{
    worker_t *worker = (worker_t *) arg;
    for (int round = 0; round < ROUNDS; round++)
        for (size_t i = 0; i < TOPIC_COUNT; i++) {
            size_t topic = (i + (size_t) worker->first) % TOPIC_COUNT;
            const char *name = sf_stream_name (s_topics [topic]);
            if (round == 0)
                worker->names [topic] = name;
            else
            if (name != worker->names [topic])
                return (void *) 1;
        }
    return NULL;
}

//  Threads that meet new topics at once, each in its own order, all get the same pointers.
static void
test_threads (void)
{
    sf_stream_set_prefix ("sf_threads");
    pthread_t threads [THREADS];
    worker_t workers [THREADS];
    for (int i = 0; i < THREADS; i++) {
        memset (&workers [i], 0, sizeof workers [i]);
        workers [i].first = i;
        SF_CHECK (pthread_create (&threads [i], NULL, s_worker, &workers [i]) == 0);
    }
    for (int i = 0; i < THREADS; i++) {
        void *result;
        SF_CHECK (pthread_join (threads [i], &result) == 0);
        SF_CHECK (result == NULL);
    }
    for (size_t topic = 0; topic < TOPIC_COUNT; topic++) {
        char expected [SF_STREAM_NAME_MAX];
        snprintf (expected, sizeof expected, "sf_threads:events:%s", s_topics [topic]);
        SF_CHECK_STR (workers [0].names [topic], expected);
        for (int i = 1; i < THREADS; i++)
            SF_CHECK (workers [i].names [topic] == workers [0].names [topic]);
        SF_CHECK (sf_stream_name (s_topics [topic]) == workers [0].names [topic]);
    }
    sf_stream_set_prefix (NULL);
}

int
main (void)
{
    test_default_prefix ();
    test_prefix ();
    test_too_long ();
    test_threads ();
    printf ("sf_stream_test: OK\n");
    return 0;
}
