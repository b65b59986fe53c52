/*  directory_ahead: plant codes by node code, process-wide (see the header).               */
#include "directory_ahead.h"
#include "directory_rules.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define S_SLOTS 4096        //  nodes remembered; a power of two

typedef struct {
    uint64_t place;
    char code [DIRECTORY_CODE_MAX_CHARS + 1];
    char plant [DIRECTORY_CODE_MAX_CHARS + 1];
} s_slot_t;

static struct {
    pthread_mutex_t lock;
    s_slot_t slots [S_SLOTS];
} s_plants = { .lock = PTHREAD_MUTEX_INITIALIZER };

//  The one slot code may sit in at place (FNV-1a over both).
static s_slot_t *
s_slot (uint64_t place, const char *code)
{
    uint64_t hash = 14695981039346656037ULL ^ place;
    for (const char *c = code; *c; c++)
        hash = (hash ^ (uint8_t) *c) * 1099511628211ULL;
    return &s_plants.slots [hash & (S_SLOTS - 1)];
}

bool
directory_ahead_plant (sf_db_t *db, const char *code, char *plant, size_t size)
{
    uint64_t place = sf_db_place (db);
    pthread_mutex_lock (&s_plants.lock);
    s_slot_t *slot = s_slot (place, code);
    bool known = slot->place == place && strcmp (slot->code, code) == 0
              && snprintf (plant, size, "%s", slot->plant) < (int) size;
    pthread_mutex_unlock (&s_plants.lock);
    return known;
}

void
directory_ahead_plant_seen (sf_db_t *db, const char *code, const char *plant)
{
    if (strlen (code) > DIRECTORY_CODE_MAX_CHARS || strlen (plant) > DIRECTORY_CODE_MAX_CHARS)
        return;
    uint64_t place = sf_db_place (db);
    pthread_mutex_lock (&s_plants.lock);
    s_slot_t *slot = s_slot (place, code);
    slot->place = place;
    snprintf (slot->code, sizeof slot->code, "%s", code);
    snprintf (slot->plant, sizeof slot->plant, "%s", plant);
    pthread_mutex_unlock (&s_plants.lock);
}
