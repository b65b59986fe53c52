-- Enum values are not written in SQL: the code binds the generated constants, so that the
-- SQL and proto/inspection.proto cannot drift. The two indexes that named values say the
-- same without them: an open task is one not closed yet (done and missed set closed_ms), a
-- routine task is one of a shift (checks have shift 0).
DROP INDEX task_open_by_end;
CREATE INDEX task_open_by_end ON task (window_end) WHERE closed_ms IS NULL;
DROP INDEX task_routine_once;
CREATE UNIQUE INDEX task_routine_once ON task (target_unit, kind, shift_date, shift_no) WHERE shift_no > 0;
