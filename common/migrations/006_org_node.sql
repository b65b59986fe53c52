-- A service's copy of the org directory, kept by sf_org_apply from the directory's events
-- (see common/sf_org.h). A row is replaced only by a higher version of its node, so
-- duplicate and late events leave it alone. parent_code and plant_code are NULL where the
-- directory sends them empty (the company's parent, the plant of a node above the plants).
-- There is no foreign key on parent_code: a child's event may arrive before its parent's.
CREATE TABLE sf_org_node (
    code          text PRIMARY KEY,
    kind          smallint NOT NULL,
    parent_code   text,
    plant_code    text,
    name_zh       text NOT NULL,
    name_en       text NOT NULL,
    active        boolean NOT NULL,
    version       bigint NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now ()
);

-- Walks down the tree (SF_ORG_SUBTREE_SQL) follow parent_code.
CREATE INDEX sf_org_node_parent_code ON sf_org_node (parent_code);
