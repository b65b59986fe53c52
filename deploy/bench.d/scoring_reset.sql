-- Gives plant :'plant' month :'month' back as it was before a close (./deploy/bench scoring,
-- between the runs of the plain SQL and of CloseMonth): no totals, no month_state row, no
-- clean-month entries. TRUNCATE does not fire month_total's row trigger; with the month_state
-- row gone, the entry trigger lets the clean entries go. Then VACUUM ANALYZE, so that every
-- run starts from the same table.
TRUNCATE month_total;
DELETE FROM month_state WHERE plant_code = :'plant' AND month = :'month';
DELETE FROM entry WHERE plant_code = :'plant' AND month = :'month' AND origin = 3;
TRUNCATE bench_plain_total;
VACUUM ANALYZE entry;
