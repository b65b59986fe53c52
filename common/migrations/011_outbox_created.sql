-- The relay's prune walks the outbox oldest first by when rows were written, and stops after
-- a bounded batch (common/sf_relay.c s_prune): without this index a prune either read the
-- whole outbox (a search for expired rows) or could be held up by young rows with old ids.
-- created_at is never updated, so publishing pays nothing more for it than it already does.
CREATE INDEX sf_outbox_created ON sf_outbox (created_at);
