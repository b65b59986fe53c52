/*  sf_unit_plant: unit code -> plant code, shared by the threads of a process.             */
#include "sf_unit_plant.h"

#include <czmq.h>
#include <pthread.h>

static pthread_mutex_t s_lock = PTHREAD_MUTEX_INITIALIZER;
static zhashx_t *s_plants;          //  unit code -> plant code (strings)

void
sf_unit_plant_note (const char *unit, const char *plant)
{
    assert (unit && plant);
    pthread_mutex_lock (&s_lock);
    const char *known = s_plants? (const char *) zhashx_lookup (s_plants, unit): NULL;
    if (!known || strcmp (known, plant) != 0) {
        if (s_plants && zhashx_size (s_plants) >= SF_UNIT_PLANT_MAX)
            zhashx_purge (s_plants);
        if (!s_plants) {
            s_plants = zhashx_new ();
            assert (s_plants);
            zhashx_set_destructor (s_plants, (zhashx_destructor_fn *) zstr_free);
            zhashx_set_duplicator (s_plants, (zhashx_duplicator_fn *) strdup);
        }
        zhashx_update (s_plants, unit, (void *) plant);
    }
    pthread_mutex_unlock (&s_lock);
}

bool
sf_unit_plant_find (const char *unit, char *plant, size_t size)
{
    assert (unit && plant && size);
    pthread_mutex_lock (&s_lock);
    const char *known = s_plants? (const char *) zhashx_lookup (s_plants, unit): NULL;
    bool found = known && strlen (known) < size;
    if (found)
        strcpy (plant, known);
    pthread_mutex_unlock (&s_lock);
    return found;
}

void
sf_unit_plant_forget (void)
{
    pthread_mutex_lock (&s_lock);
    if (s_plants)
        zhashx_purge (s_plants);
    pthread_mutex_unlock (&s_lock);
}
