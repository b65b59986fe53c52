-- A subtree's open findings (ListFindings with open_only; ./deploy/bench flat, issue 17): one
-- range per unit of an index that holds the open findings alone, newest first. Before, one
-- range per unit and open status of finding_by_unit_status_time, an index of every finding:
-- a plant of 206 units took 412 probes, and its open list at 10,000,000 findings missed 20 ms
-- p99 at four clients. "Open" is board_finding_open (migration 007: neither closed nor
-- cancelled, the values checked against the generated enums by inspection_board_store_test),
-- the statuses open_only lists (open, in rectification); a status of 0 is never stored. The
-- list names the same function, and PostgreSQL inlines both, so the planner matches them.
-- finding_by_unit_status_time served that list alone.
CREATE INDEX finding_open_by_unit_time ON finding (responsible_unit, reported_ms, id) WHERE board_finding_open (status);
DROP INDEX finding_by_unit_status_time;
