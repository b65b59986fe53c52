/*  gateway_db: a database session per thread of the HTTP pool (gateway.h, gw_db).           */
#include "gateway.h"
#include "sf_log.h"

#include <pthread.h>
#include <stdlib.h>

static pthread_key_t s_key;
static pthread_once_t s_once = PTHREAD_ONCE_INIT;

static void
s_free (void *db)
{
    sf_db_destroy ((sf_db_t **) &db);
}

static void
s_make_key (void)
{
    pthread_key_create (&s_key, s_free);
}

sf_db_t *
gw_db (gw_state_t *state)
{
    pthread_once (&s_once, s_make_key);
    sf_db_t *db = pthread_getspecific (s_key);
    if (!db) {
        db = sf_db_new (&state->db_options);
        pthread_setspecific (s_key, db);
    }
    if (!sf_db_ensure (db)) {
        sf_warn ("gateway: the database cannot be reached from an HTTP thread");
        return NULL;
    }
    return db;
}
