/*  rectification_store: every SQL statement of the rectification service, and nothing
    else. Rows map straight into the generated messages (rectification.Form, UnitStats).
    Lookups return 1 found / 0 not found / -1 on a database error; changes 0 / -1 (see
    sf_db_error). Statuses are bound as parameters from the generated enum, never written
    into the SQL, so that the SQL and the contract cannot drift.                           */
#ifndef RECTIFICATION_STORE_H_INCLUDED
#define RECTIFICATION_STORE_H_INCLUDED

#include "rectification.pb-c.h"
#include "sf_db.h"

//  Finds a form by number (when not empty) or id; lock takes its row FOR UPDATE. When found,
//  *form is a new message (sf_pb_destroy).
int rect_store_find (sf_db_t *db, const char *number, int64_t id, bool lock, Rectification__Form **form);
//  Finds and locks a form by id without waiting: -1 with sf_db_sqlstate "55P03" when
//  another transaction holds it (the transaction is then aborted).
int rect_store_lock_nowait (sf_db_t *db, int64_t id, Rectification__Form **form);
//  Whether the finding has its form already.
int rect_store_has_finding (sf_db_t *db, int64_t finding_id);

//  The next readable number of plant (a directory code) in year, "<plant>-R<year>-<seq>",
//  into form->number.
int rect_store_next_number (sf_db_t *db, const char *plant, int year, Rectification__Form *form);

//  Inserts a new form (every field but id and version); fills id and version. Returns 0,
//  1 when a form for its finding exists already, -1 on error.
int rect_store_insert (sf_db_t *db, Rectification__Form *form);

//  Writes the fields a transition or a deadline changes and version + 1 (into form).
int rect_store_update (sf_db_t *db, Rectification__Form *form);

//  version + 1 alone (into form), for an event that changes nothing else.
int rect_store_bump_version (sf_db_t *db, Rectification__Form *form);

//  Appends a line to the form's history.
int rect_store_history (sf_db_t *db, int64_t form_id, const char *transition, int from, int to,
                        const char *actor, const char *actor_unit, const char *note, int64_t at_ms);

//  The latest form of form's unit about the same hazard (hazard_key when not empty, else the
//  same description) closed at or after since_ms: sets recurrence_of and its number.
int rect_store_last_closed (sf_db_t *db, Rectification__Form *form, int64_t since_ms);

//  The lists are read a page at a time (common/sf_page.h): at most limit rows, those after
//  the position after (NULL: from the first row), in the list's order.

//  Forms whose responsible unit is in the subtree of unit (all units when empty), newest
//  first (issued_ms, id descending; after is that pair), appended to a repeated Form field
//  (&list->forms, &list->n_forms).
int rect_store_list (sf_db_t *db, const char *unit, Rectification__FormStatus status, bool open_only,
                     const int64_t *after, int limit, Rectification__Form ***forms, size_t *count);

//  The open forms of the subtree of unit, by deadline (deadline_ms, id; after is that pair),
//  appended likewise.
int rect_store_open_forms (sf_db_t *db, const char *unit, const int64_t *after, int limit,
                           Rectification__Form ***forms, size_t *count);

//  Statistics of the forms issued in [stats->from_ms, stats->to_ms) in the subtree of unit,
//  as they stood at end_ms (see README.md for the definitions): the total, and one row per
//  unit by code (after: a unit code), into stats.
int rect_store_stats (sf_db_t *db, const char *unit, int64_t end_ms, const char *after, int limit,
                      Rectification__Stats *stats);

#endif
