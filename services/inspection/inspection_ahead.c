/*  inspection_ahead: numbers by process (see the header).                                   */
#include "inspection_ahead.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_PREFIXES_MAX  256     //  number prefixes kept (plants x letters); more: forgotten
#define S_SCOPE_MAX     64

typedef struct {
    uint64_t place;
    char prefix [S_SCOPE_MAX];
    char scope [S_SCOPE_MAX];   //  the number up to its last '-'
    int64_t last;
} s_number_t;

static struct {
    pthread_mutex_t lock;
    s_number_t numbers [S_PREFIXES_MAX];
    int count;
} s_numbers = { .lock = PTHREAD_MUTEX_INITIALIZER };

//  The entry of prefix at place, under the lock; NULL when there is none and add is false.
static s_number_t *
s_find (uint64_t place, const char *prefix, bool add)
{
    for (int i = 0; i < s_numbers.count; i++)
        if (s_numbers.numbers [i].place == place && strcmp (s_numbers.numbers [i].prefix, prefix) == 0)
            return &s_numbers.numbers [i];
    if (!add || strlen (prefix) >= S_SCOPE_MAX)
        return NULL;
    if (s_numbers.count == S_PREFIXES_MAX)
        s_numbers.count = 0;
    s_number_t *entry = &s_numbers.numbers [s_numbers.count++];
    *entry = (s_number_t) { .place = place };
    snprintf (entry->prefix, sizeof entry->prefix, "%s", prefix);
    return entry;
}

bool
inspection_ahead_number (sf_db_t *db, const char *prefix, char *number, size_t size)
{
    pthread_mutex_lock (&s_numbers.lock);
    s_number_t *entry = s_find (sf_db_place (db), prefix, false);
    bool known = entry && entry->scope [0];
    if (known) {
        entry->last++;
        //  As the database writes it: at least six digits (inspection_store.c, S_NUMBERED).
        known = snprintf (number, size, "%s-%06" PRId64, entry->scope, entry->last) < (int) size;
    }
    pthread_mutex_unlock (&s_numbers.lock);
    return known;
}

void
inspection_ahead_number_seen (sf_db_t *db, const char *prefix, const char *number)
{
    const char *dash = strrchr (number, '-');
    if (!dash || dash == number || (size_t) (dash - number) >= S_SCOPE_MAX)
        return;
    pthread_mutex_lock (&s_numbers.lock);
    s_number_t *entry = s_find (sf_db_place (db), prefix, true);
    if (entry) {
        memcpy (entry->scope, number, (size_t) (dash - number));
        entry->scope [dash - number] = 0;
        entry->last = strtoll (dash + 1, NULL, 10);
    }
    pthread_mutex_unlock (&s_numbers.lock);
}
