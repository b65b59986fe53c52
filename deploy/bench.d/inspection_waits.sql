-- Where the database sessions of a measurement spend their time: one sample of pg_stat_activity,
-- repeated every 50 ms by \watch, one line a sample: the number of sessions of one application
-- (application_name: the daemon's name, or pgbench) that were
--   cpu     running a statement, not waiting
--   lock    waiting for a lock (a row another transaction has updated: the number sequence)
--   wal     waiting for the WAL to be written or flushed (a commit)
--   other   running a statement and waiting for something else (I/O, other LWLocks)
--   client  idle in a transaction: waiting for the client's next statement (a round trip)
-- ./deploy/bench runs it with psql beside a measurement, the variable application set, stops it
-- with SIGINT and averages the lines (waits_read). Its own cost is one short query per sample.
-- Each sample is a transaction of its own, and psql sleeps between them: a sampler that held
-- one transaction (or one snapshot) for the whole measurement would keep every row version
-- the measured sessions make from being pruned, and slow down what it measures (the hot
-- number and board rows' update chains, the relay's scan of the unpublished outbox rows).
SELECT count (*) FILTER (WHERE state = 'active' AND wait_event IS NULL) || '|'
    || count (*) FILTER (WHERE state = 'active' AND wait_event_type = 'Lock') || '|'
    || count (*) FILTER (WHERE state = 'active' AND wait_event IN ('WALWrite', 'WALSync', 'WALInsert')) || '|'
    || count (*) FILTER (WHERE state = 'active' AND wait_event_type <> 'Lock'
                         AND wait_event NOT IN ('WALWrite', 'WALSync', 'WALInsert')) || '|'
    || count (*) FILTER (WHERE state = 'idle in transaction') AS sample
    FROM pg_stat_activity
    WHERE application_name = :'application' AND pid <> pg_backend_pid ()
\watch 0.05
