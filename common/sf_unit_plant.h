/*  sf_unit_plant: the plant of each org unit this process has read, for the rpc server's
    thread, which has no database session. sf_org_find notes every node it finds (read from
    the org tables or kept by sf_scope_cache); a route's key function (sf_rpc_server.h,
    key_of) asks which plant a request's unit is in, to run the writes of one plant together
    (sf-inspection's ReportFinding: a plant's finding numbers come from one row). It is a
    hint: a unit not read yet has no plant here (its command runs alone), and a unit that
    moved plants may have its old one until a worker sees the org copy change (sf_scope_cache
    forgets it all then). Shared by every thread of the process, under a mutex; bounded
    (emptied when full).                                                                    */
#ifndef SF_UNIT_PLANT_H_INCLUDED
#define SF_UNIT_PLANT_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>

//  Units kept at most; one more empties the map.
#define SF_UNIT_PLANT_MAX 65536

//  Notes that unit is in plant ("" for a unit above the plants).
void sf_unit_plant_note (const char *unit, const char *plant);

//  The plant noted for unit into plant (size bytes): true if noted and it fits.
bool sf_unit_plant_find (const char *unit, char *plant, size_t size);

//  Forgets every unit (the org copy changed).
void sf_unit_plant_forget (void);

#endif
