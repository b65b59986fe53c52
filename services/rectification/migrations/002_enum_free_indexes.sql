-- Enum values are not written in SQL where the SQL can do without them: the code binds the
-- generated constants, so that the SQL and proto/rectification.proto cannot drift. The
-- recurrence index says "closed" without the number: only the close (verify) sets closed_ms,
-- and a closed form must have it (001). The CHECKs of 001 need the numbers (the ranges of
-- status, severity and PDCA, and no fake closure: a closed form has its evidence and its
-- verifier); rectification_schema_test reads them from the catalog and checks every number
-- against the generated enums.
DROP INDEX form_recurrence;
CREATE INDEX form_recurrence ON form (responsible_unit, hazard_key, closed_ms) WHERE closed_ms > 0;
