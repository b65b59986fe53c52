/*  lesson_hazard_copy: the units' hazard identification lists, copied from inspection's
    inspection.hazard_list_imported (the whole list rides in each event) into
    unit_hazard_list and unit_hazard, which targeting reads (lesson_target.c). A (unit, year)
    is replaced only by a newer version of it: a duplicate or an older import arriving late
    changes nothing, so applying an event twice is harmless.                                */
#include "lesson.h"
#include "inspection.pb-c.h"
#include "sf_event_payload.h"
#include "sf_log.h"
#include "sf_pb.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  The items of list as one array literal per column, in the order of the INSERT below.
#define S_COLUMNS 7

static int
s_replace_items (sf_db_t *db, const Inspection__HazardList *list, const char *unit, const char *year)
{
    const char *values [] = { unit, year };
    if (sf_db_exec (db, "DELETE FROM unit_hazard WHERE unit_code = $1 AND year = $2::integer", 2, values) < 0)
        return -1;
    if (list->n_items == 0)
        return 0;
    size_t count = list->n_items;
    int64_t *ids = calloc (count, sizeof *ids), *seqs = calloc (count, sizeof *seqs),
            *factors = calloc (count, sizeof *factors);
    char **hazards = calloc (count, sizeof *hazards), **types = calloc (count, sizeof *types),
         **types_zh = calloc (count, sizeof *types_zh), **types_en = calloc (count, sizeof *types_en);
    for (size_t i = 0; i < count; i++) {
        const Inspection__HazardItem *item = list->items [i];
        ids [i] = item->id;
        //  Its place in the list as a person numbers it (the event's seq counts rows of the file).
        seqs [i] = (int64_t) i + 1;
        factors [i] = item->factor;
        hazards [i] = item->hazard;
        types [i] = item->accident_type;
        types_zh [i] = item->accident_type_zh;
        types_en [i] = item->accident_type_en;
    }
    char *columns [S_COLUMNS] = {
        sf_db_int_array_literal (ids, count), sf_db_int_array_literal (seqs, count),
        sf_db_int_array_literal (factors, count), sf_db_array_literal (hazards, count),
        sf_db_array_literal (types, count), sf_db_array_literal (types_zh, count), sf_db_array_literal (types_en, count)
    };
    const char *params [] = { unit, year, columns [0], columns [1], columns [2], columns [3], columns [4], columns [5],
                              columns [6] };
    //  A seq repeated in one list (not what inspection sends) keeps its first row.
    int64_t rc = sf_db_exec (db,
        "INSERT INTO unit_hazard (unit_code, year, item_id, seq, factor, hazard, accident_type, accident_type_zh,"
        " accident_type_en)"
        " SELECT $1, $2::integer, i.id, i.seq, i.factor, i.hazard, i.type, i.type_zh, i.type_en"
        " FROM unnest ($3::bigint[], $4::integer[], $5::smallint[], $6::text[], $7::text[], $8::text[], $9::text[])"
        "   AS i (id, seq, factor, hazard, type, type_zh, type_en)"
        " ON CONFLICT (unit_code, year, seq) DO NOTHING", 9, params);
    for (int i = 0; i < S_COLUMNS; i++)
        free (columns [i]);
    free (ids), free (seqs), free (factors), free (hazards), free (types), free (types_zh), free (types_en);
    return rc < 0? -1: 0;
}

int
lesson_hazard_apply (sf_db_t *db, const sf_event_t *event, void *arg)
{
    (void) arg;
    if (strcmp (event->type, "inspection.hazard_list_imported") != 0)
        return 0;
    Inspection__HazardList *list = sf_event_payload (event, &inspection__hazard_list__descriptor, "unit_code");
    if (!list)
        return -1;
    char year [16], version [16];
    snprintf (year, sizeof year, "%d", list->year);
    snprintf (version, sizeof version, "%d", list->version);
    const char *values [] = { list->unit_code, year, version };
    //  Newer than the copy (or the first): the header moves to it, then its items replace.
    int64_t newer = sf_db_exec (db,
        "INSERT INTO unit_hazard_list (unit_code, year, version) VALUES ($1, $2::integer, $3::integer)"
        " ON CONFLICT (unit_code, year) DO UPDATE SET version = EXCLUDED.version"
        " WHERE unit_hazard_list.version < EXCLUDED.version", 3, values);
    int rc = newer < 0? -1: newer == 0? 0: s_replace_items (db, list, list->unit_code, year);
    if (rc == 0 && newer > 0)
        sf_info ("event %s: hazard list of %s for %d, version %d, %zu items copied", event->event_id,
                 list->unit_code, list->year, list->version, list->n_items);
    else
    if (rc == 0)
        sf_info ("event %s: hazard list of %s for %d, version %d, is not newer than the copy: skipped",
                 event->event_id, list->unit_code, list->year, list->version);
    sf_pb_destroy (&list);
    return rc;
}
