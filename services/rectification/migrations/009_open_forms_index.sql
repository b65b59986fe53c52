-- A subtree's open forms (ListForms with open_only and no status; ./deploy/bench flat, issue
-- 17): one range per unit of an index that holds the open forms alone, newest first. Before,
-- one range per unit and open status of form_by_unit_status_time, an index of every form: a
-- plant of 206 units took 824 probes, and its open list at 1,000,000 forms missed 20 ms p99 at
-- four clients. "Open" is board_form_open (migration 004: neither closed nor cancelled, the
-- values checked against the generated enum by rectification_board_store_test), the statuses
-- open_only lists; a status of 0 is never stored. The list names the same function, and
-- PostgreSQL inlines both, so the planner matches them. form_by_unit_status_time stays: a
-- list of one status reads it.
CREATE INDEX form_open_by_unit_time ON form (responsible_unit, issued_ms, id) WHERE board_form_open (status);
