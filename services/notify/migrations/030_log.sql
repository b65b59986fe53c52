-- The log area (README_log.md, "Digests"): a delivery held for its channel's daily digest
-- notes the digest delivery that carried it when the digest is made (it is then SENT).
ALTER TABLE delivery ADD COLUMN digest_id bigint REFERENCES delivery (id);

CREATE INDEX delivery_held ON delivery (channel_id) WHERE status = 2;
