-- The audit trail (issue 10, "Audit"): one row per event a daemon writes, in the same
-- transaction as the event and its change (sf_outbox_add), saying who did what to which object
-- and when. The actor is the authenticated one (sf_rpc_scope rewrote the request's actor
-- before the handler ran): an account, or a daemon acting as the service. The outbox keeps
-- whole events only as long as consumers may need them again (retention.outbox_days); this
-- trail is kept retention.audit_days (sf_retention), as long as a regulator expects.
-- One query per object: sf.History, or
--   SELECT occurred_at, event_type, actor, actor_unit FROM sf_audit
--   WHERE aggregate_type = $1 AND aggregate_id = $2 ORDER BY occurred_at, event_id;
CREATE TABLE sf_audit (
    event_id        uuid PRIMARY KEY,
    aggregate_type  text NOT NULL,
    aggregate_id    text NOT NULL,
    event_type      text NOT NULL,
    actor           text NOT NULL,
    actor_unit      text NOT NULL,
    plant           text NOT NULL,
    occurred_at     timestamptz NOT NULL
);
CREATE INDEX sf_audit_object ON sf_audit (aggregate_type, aggregate_id, occurred_at);
CREATE INDEX sf_audit_occurred ON sf_audit (occurred_at);
