-- The org tree: company -> plant -> department -> team -> post -> employee, one table.
-- Which kind may sit under which is checked by the daemon (directory_rules.c), not here,
-- so the rule has one home; the database guards identity and the single company.
CREATE TABLE org_node (
    id               bigserial PRIMARY KEY,
    kind             smallint NOT NULL CHECK (kind BETWEEN 1 AND 6),
    code             text NOT NULL UNIQUE,
    name_zh          text NOT NULL CHECK (name_zh <> ''),
    name_en          text NOT NULL DEFAULT '',
    parent_id        bigint REFERENCES org_node (id),
    plant_code       text NOT NULL DEFAULT '',
    employment_type  smallint NOT NULL DEFAULT 0 CHECK (employment_type BETWEEN 0 AND 2),
    active           boolean NOT NULL DEFAULT true,
    version          bigint NOT NULL DEFAULT 1,
    created_at       timestamptz NOT NULL DEFAULT now (),
    updated_at       timestamptz NOT NULL DEFAULT now (),
    CHECK ((kind = 1) = (parent_id IS NULL)),
    CHECK ((kind = 6) = (employment_type <> 0))
);
CREATE INDEX org_node_parent ON org_node (parent_id);
CREATE INDEX org_node_plant ON org_node (plant_code, kind);
CREATE UNIQUE INDEX org_node_one_company ON org_node ((true)) WHERE kind = 1;
