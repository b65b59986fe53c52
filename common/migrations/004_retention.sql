-- Old idempotency keys and inbox rows are pruned by sf_retention; these indexes keep that cheap.
CREATE INDEX sf_idempotency_created ON sf_idempotency (created_at);
CREATE INDEX sf_inbox_processed ON sf_inbox (processed_at);
