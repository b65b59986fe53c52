/*  rectification_store: every SQL statement of the rectification service, and nothing
    else. Lookups return 1 found / 0 not found / -1 on a database error; changes 0 / -1
    (see sf_db_error).                                                                       */
#ifndef RECTIFICATION_STORE_H_INCLUDED
#define RECTIFICATION_STORE_H_INCLUDED

#include "rectification_codec.h"
#include "sf_db.h"

//  Finds a form by number (when not empty) or id; lock takes its row FOR UPDATE.
int rect_store_find (sf_db_t *db, const char *number, int64_t id, bool lock, rect_form_t *form);
//  Finds and locks a form by id without waiting: -1 with sf_db_sqlstate "55P03" when
//  another transaction holds it (the transaction is then aborted).
int rect_store_lock_nowait (sf_db_t *db, int64_t id, rect_form_t *form);
int rect_store_find_by_finding (sf_db_t *db, int64_t finding_id, rect_form_t *form);

//  The next readable number of plant (a directory code) in year, "<plant>-R<year>-<seq>".
//  Caller frees *number.
int rect_store_next_number (sf_db_t *db, const char *plant, int year, char **number);

//  Inserts a new form (every field but id and version); fills id and version. Returns 0,
//  1 when a form for its finding exists already, -1 on error.
int rect_store_insert (sf_db_t *db, rect_form_t *form);

//  Writes the fields a transition or a deadline changes and version + 1 (into form).
int rect_store_update (sf_db_t *db, rect_form_t *form);

//  version + 1 alone (into form), for an event that changes nothing else.
int rect_store_bump_version (sf_db_t *db, rect_form_t *form);

//  Appends a line to the form's history.
int rect_store_history (sf_db_t *db, int64_t form_id, const char *transition, int from, int to,
                        const char *actor, const char *actor_unit, const char *note, int64_t at_ms);

//  The latest form of unit about the same hazard (hazard_key when not empty, else the same
//  description) closed at or after since_ms. Fills *id and *number (caller frees).
int rect_store_last_closed (sf_db_t *db, const char *unit, const char *hazard_key, const char *description,
                            int64_t since_ms, int64_t *id, char **number);

//  Forms whose responsible unit is in the subtree of unit (all units when empty), newest first.
int rect_store_list (sf_db_t *db, const char *unit, int status, bool open_only, int limit, rect_form_list_t *list);

//  The open forms of the subtree of unit, by deadline.
int rect_store_open_forms (sf_db_t *db, const char *unit, rect_form_list_t *list);

//  Statistics of the forms issued in [from_ms, to_ms) in the subtree of unit, as they stood
//  at end_ms (see README.md for the definitions): the total and one row per unit.
int rect_store_stats (sf_db_t *db, const char *unit, int64_t from_ms, int64_t to_ms, int64_t end_ms,
                      rect_stats_t *stats);

#endif
