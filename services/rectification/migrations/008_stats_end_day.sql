-- GetStats of the company reads live the forms closed or due on its end's own day (006): about
-- a day's forms, 2,200 at 1,000,000 forms a year. form_closed_at and form_deadline held only the
-- time, so each of those forms cost a row read (issued_ms, status, deadline_ms, overdue), and
-- the planner chose instead to AND them with the whole month's range of form_issued (79,000
-- entries): 15 ms of the statement's 16 with the session's plan, 31 ms with a fresh one, at
-- 10,000,000 findings (docs/benchmarks.md, "Flat costs"). Both indexes now hold what that
-- statement reads, so the end's day is an index-only range of a few thousand entries; the
-- statement reads them first (rectification_stats_store.c). Same names and predicates.
DROP INDEX form_closed_at;
CREATE INDEX form_closed_at ON form (closed_ms) INCLUDE (issued_ms, deadline_ms, status) WHERE closed_ms > 0;
DROP INDEX form_deadline;
CREATE INDEX form_deadline ON form (deadline_ms, id) INCLUDE (issued_ms, status, overdue);
