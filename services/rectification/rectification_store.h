/*  rectification_store: every SQL statement of the rectification service, and nothing
    else. Rows map straight into the generated messages (rectification.Form, UnitStats).
    Lookups return 1 found / 0 not found / -1 on a database error; changes 0 / -1 (see
    sf_db_error). Statuses are bound as parameters from the generated enum, never written
    into the SQL, so that the SQL and the contract cannot drift.                           */
#ifndef RECTIFICATION_STORE_H_INCLUDED
#define RECTIFICATION_STORE_H_INCLUDED

#include "rectification.pb-c.h"
#include "sf_db.h"
#include "sf_org.h"

//  Finds a form by number (when not empty) or id; lock takes its row FOR UPDATE. When found,
//  *form is a new message (sf_pb_destroy).
int rect_store_find (sf_db_t *db, const char *number, int64_t id, bool lock, Rectification__Form **form);
//  Finds and locks a form by id without waiting: -1 with sf_db_sqlstate "55P03" when
//  another transaction holds it (the transaction is then aborted).
int rect_store_lock_nowait (sf_db_t *db, int64_t id, Rectification__Form **form);
//  The responsible and issuing units of the form with number (when not empty) or id, into
//  buffers of size bytes, and nothing else about it. 1 found, 0 not, -1 on error.
int rect_store_units (sf_db_t *db, const char *number, int64_t id, char *responsible, char *issuer, size_t size);
//  Whether the finding has its form already.
int rect_store_has_finding (sf_db_t *db, int64_t finding_id);

//  The next readable number of plant (a directory code) in year, "<plant>-R<year>-<seq>",
//  into form->number.
int rect_store_next_number (sf_db_t *db, const char *plant, int year, Rectification__Form *form);

//  Inserts a new form (every field but id and version); fills id and version. Returns 0,
//  1 when a form for its finding exists already, -1 on error.
int rect_store_insert (sf_db_t *db, Rectification__Form *form);

//  What issuing forms from findings needs to know of each (rect_store_finding_context).
typedef struct {
    bool taken;                  //  the finding has its form already
    bool reporter_known;         //  the org copy knows the reporter's unit
    char reporter_plant [sizeof (((sf_org_node_t *) 0)->plant_code)];  //  its plant; "" above the plants
    bool unit_known;             //  ... and the responsible unit
    bool unit_active;
    char plant_code [sizeof (((sf_org_node_t *) 0)->plant_code)];  //  the unit's plant; empty above the plants
    bool repeats;                //  a form closed since since_ms has its hazard (a recurrence)
} rect_finding_context_t;

//  For count forms made from findings (finding_id, responsible unit, hazard key and
//  description set), with their reporters' units and the start of their recurrence windows:
//  contexts [i] for each, in one statement. 0 or -1.
int rect_store_finding_context (sf_db_t *db, Rectification__Form *const *forms, const char *const *reporter_units,
                                const int64_t *since_ms, size_t count, rect_finding_context_t *contexts);

//  rect_store_next_number for count forms at once (plant_code set, years [i] each's year),
//  in one statement: each (plant, year) takes as many numbers as it has forms, in order.
int rect_store_next_numbers (sf_db_t *db, const int *years, Rectification__Form *const *forms, size_t count);

//  rect_store_insert for count forms from findings, without recurrence, in one statement.
//  Fills id and version of each inserted; returns how many were (a form whose finding has
//  one already is left out, its id 0), or -1.
int rect_store_insert_many (sf_db_t *db, Rectification__Form *const *forms, size_t count);

//  rect_store_history for count forms coming into their status from none (issued_by the
//  actor, actor_units [i] its unit), in one statement. 0 or -1.
int rect_store_history_many (sf_db_t *db, Rectification__Form *const *forms, const char *const *actor_units,
                             size_t count, const char *transition, int64_t at_ms);

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

//  Forms whose responsible unit is in the subtree of unit (none when unknown), newest
//  first (issued_ms, id descending; after is that pair), appended to a repeated Form field
//  (&list->forms, &list->n_forms).
int rect_store_list (sf_db_t *db, const char *unit, Rectification__FormStatus status, bool open_only,
                     const int64_t *after, int limit, Rectification__Form ***forms, size_t *count);

//  The open forms of the subtree of unit, by deadline (deadline_ms, id; after is that pair),
//  appended likewise.
int rect_store_open_forms (sf_db_t *db, const char *unit, const int64_t *after, int limit,
                           Rectification__Form ***forms, size_t *count);

#endif
