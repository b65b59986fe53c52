-- Lists and statistics whose cost stays flat as forms grow (issue 17, ./deploy/bench flat).
-- ListForms of a subtree reads, for each unit of the subtree, at most a page of that unit's
-- newest forms from an index in the list's order (rectification_store.c: a LATERAL per
-- unit, the pages merged), instead of walking every form newest first until a page of the
-- subtree's is found (a team's page read about a thousandth of the forms it passed).
--   all forms of a unit, newest first; the statistics read the columns they count from it
--   (GetStats: a unit's forms issued in a period, one range per unit):
CREATE INDEX form_by_unit_time ON form (responsible_unit, issued_ms, id)
    INCLUDE (status, deadline_ms, closed_ms, overdue, recurrence_of);
--   by status (a status filter, open_only: one range per status wanted); the old
--   (responsible_unit, status) index is a prefix of this one.
DROP INDEX form_responsible;
CREATE INDEX form_by_unit_status_time ON form (responsible_unit, status, issued_ms, id);
