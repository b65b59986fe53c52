-- Lists whose cost stays flat as findings and violations grow (issue 17, ./deploy/bench flat).
-- A list of a unit's subtree reads, for each unit of the subtree, at most a page of that
-- unit's newest rows from an index in the list's order (inspection_store.c: a LATERAL per
-- unit, the pages merged), instead of every row of the subtree sorted: the cost grows with
-- the units and the page size, not with the rows the units hold. Each index ends in the id
-- that breaks ties, so a page after a keyset cursor is one range of it.
--   all findings of a unit, newest first:
CREATE INDEX finding_by_unit_time ON finding (responsible_unit, reported_ms, id);
--   the open ones (open_only: one range per open status, no enum value written here): the
--   old (responsible_unit, status) index is a prefix of this one.
DROP INDEX finding_by_unit;
CREATE INDEX finding_by_unit_status_time ON finding (responsible_unit, status, reported_ms, id);
--   violations of a unit, latest first (the old index lacked the id).
DROP INDEX violation_by_unit;
CREATE INDEX violation_by_unit_time ON violation (unit_code, occurred_ms, id);
