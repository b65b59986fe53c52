-- Enum values are not written in SQL where the SQL can do without them: the code binds the
-- generated constants, so that the SQL and proto/directory.proto cannot drift. The one-company
-- index says it without the number: the company is the one node without a parent (001 ties
-- the two together). The CHECKs of 001 need the numbers (the ranges of kind and employment
-- type, the company as the root, only employees employed); directory_schema_test reads them
-- from the catalog and checks every number against the generated enums.
DROP INDEX org_node_one_company;
CREATE UNIQUE INDEX org_node_one_company ON org_node ((true)) WHERE parent_id IS NULL;
