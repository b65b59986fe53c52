-- A number that moves whenever the org copy changes (sf_org_node, sf_org_account,
-- sf_org_grant), in the transaction that changes it: a session may keep what it read of the
-- copy while the number stays (common/sf_scope_cache.h). Only the org consumer and the sync
-- at start-up write these tables, a statement at a time: a bump per statement, not per row.
CREATE TABLE sf_org_generation (
    one  boolean PRIMARY KEY DEFAULT true CHECK (one),
    gen  bigint NOT NULL
);
INSERT INTO sf_org_generation (one, gen) VALUES (true, 1);

CREATE FUNCTION sf_org_generation_bump () RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    UPDATE sf_org_generation SET gen = gen + 1;
    RETURN NULL;
END $$;

CREATE TRIGGER sf_org_node_generation AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sf_org_node
    FOR EACH STATEMENT EXECUTE FUNCTION sf_org_generation_bump ();
CREATE TRIGGER sf_org_account_generation AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sf_org_account
    FOR EACH STATEMENT EXECUTE FUNCTION sf_org_generation_bump ();
CREATE TRIGGER sf_org_grant_generation AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sf_org_grant
    FOR EACH STATEMENT EXECUTE FUNCTION sf_org_generation_bump ();
