-- GetCompletion counts each unit's tasks of the period by status from its range of
-- task_by_executor (inspection_store.c). The index held no status, so every task counted was a
-- row read: 13,600 for a plant's month, and a fresh session's plan read them by bitmap, 15 ms
-- against 3.7 (docs/benchmarks.md, "Flat costs"). With the status in the index the count is
-- index-only. Same name and keys.
DROP INDEX task_by_executor;
CREATE INDEX task_by_executor ON task (executor_unit, shift_date) INCLUDE (status);
