/*  sf_stream: stream names, interned. Each distinct name is formatted once into a table
    that is never freed or moved, so a pointer handed out stays valid and comparable for
    the life of the process, even after the prefix changes. Topics are few (one per
    domain), so a fixed table searched in line under a mutex is all it takes.              */
#include "sf_stream.h"

#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define SF_STREAM_DEFAULT_PREFIX "sf"
#define SF_STREAM_NAMES 64

static pthread_mutex_t s_lock = PTHREAD_MUTEX_INITIALIZER;
static char s_prefix [SF_STREAM_NAME_MAX] = SF_STREAM_DEFAULT_PREFIX;
static char s_names [SF_STREAM_NAMES][SF_STREAM_NAME_MAX];
static size_t s_name_count;

void
sf_stream_set_prefix (const char *prefix)
{
    if (!prefix || !*prefix)
        prefix = SF_STREAM_DEFAULT_PREFIX;
    assert (strlen (prefix) < sizeof s_prefix);
    pthread_mutex_lock (&s_lock);
    snprintf (s_prefix, sizeof s_prefix, "%s", prefix);
    pthread_mutex_unlock (&s_lock);
}

const char *
sf_stream_name (const char *topic)
{
    assert (topic && *topic);
    char name [SF_STREAM_NAME_MAX];
    pthread_mutex_lock (&s_lock);
    int length = snprintf (name, sizeof name, "%s:events:%s", s_prefix, topic);
    assert (length > 0 && (size_t) length < sizeof name);
    (void) length;
    const char *interned = NULL;
    for (size_t i = 0; i < s_name_count && !interned; i++)
        if (strcmp (s_names [i], name) == 0)
            interned = s_names [i];
    if (!interned) {
        assert (s_name_count < SF_STREAM_NAMES);
        memcpy (s_names [s_name_count], name, sizeof name);
        interned = s_names [s_name_count++];
    }
    pthread_mutex_unlock (&s_lock);
    return interned;
}
