-- A service's copy of the directory's accounts and their grants, kept by sf_org_apply from
-- the directory.account_* and directory.grant_* events (common/sf_org.h). Each event carries
-- the whole account with its grants and its version: the row, and with it the account's set
-- of grants, is replaced only by a higher version, so duplicate and late events are harmless.
-- No password hash is ever here: the directory never sends one.
CREATE TABLE sf_org_account (
    login          text PRIMARY KEY,
    employee_code  text NOT NULL,
    disabled       boolean NOT NULL,
    version        bigint NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now ()
);

-- No foreign key to sf_org_node: an account's event may arrive before its nodes' events.
CREATE TABLE sf_org_grant (
    login       text NOT NULL REFERENCES sf_org_account (login) ON DELETE CASCADE,
    role        text NOT NULL,
    node_code   text NOT NULL,
    PRIMARY KEY (login, node_code, role)
);
