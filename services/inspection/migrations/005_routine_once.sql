-- One routine check per team, kind, date and shift, however many team daily plans cover the
-- team (a company-wide plan and a plant's own): generation skips the second.
CREATE UNIQUE INDEX task_routine_once ON task (target_unit, kind, shift_date, shift_no) WHERE kind IN (2, 3, 4);
