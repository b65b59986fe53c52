-- Where the database sessions of a measurement spend their time: samples pg_stat_activity
-- every 50 ms and prints, as a NOTICE, the mean number of sessions of one application
-- (application_name: the daemon's name, or pgbench) that were, at a sample:
--   cpu     running a statement, not waiting
--   lock    waiting for a lock (a row another transaction has updated: the number sequence)
--   wal     waiting for the WAL to be written or flushed (a commit)
--   other   running a statement and waiting for something else (I/O, other LWLocks)
--   client  idle in a transaction: waiting for the client's next statement (a round trip)
-- ./deploy/bench runs it with psql beside a measurement, with the variables application and
-- samples (20 per second of the measurement) set. Its own cost is one short query per sample.
SELECT set_config ('bench.application', :'application', false) AS application,
       set_config ('bench.samples', :'samples', false) AS samples \gset
DO $$
DECLARE
    samples int := current_setting ('bench.samples')::int;
    cpu bigint := 0;
    lock bigint := 0;
    wal bigint := 0;
    other bigint := 0;
    client bigint := 0;
    c bigint;
    l bigint;
    w bigint;
    o bigint;
    i bigint;
BEGIN
    FOR sample IN 1 .. samples LOOP
        PERFORM pg_stat_clear_snapshot ();
        SELECT count (*) FILTER (WHERE state = 'active' AND wait_event IS NULL),
               count (*) FILTER (WHERE state = 'active' AND wait_event_type = 'Lock'),
               count (*) FILTER (WHERE state = 'active' AND wait_event IN ('WALWrite', 'WALSync', 'WALInsert')),
               count (*) FILTER (WHERE state = 'active' AND wait_event_type <> 'Lock'
                                 AND wait_event NOT IN ('WALWrite', 'WALSync', 'WALInsert')),
               count (*) FILTER (WHERE state = 'idle in transaction')
            INTO c, l, w, o, i
            FROM pg_stat_activity
            WHERE application_name = current_setting ('bench.application') AND pid <> pg_backend_pid ();
        cpu := cpu + c;
        lock := lock + l;
        wal := wal + w;
        other := other + o;
        client := client + i;
        PERFORM pg_sleep (0.05);
    END LOOP;
    RAISE NOTICE 'waits cpu=% lock=% wal=% other=% client=%',
        round (cpu::numeric / samples, 2), round (lock::numeric / samples, 2), round (wal::numeric / samples, 2),
        round (other::numeric / samples, 2), round (client::numeric / samples, 2);
END $$;
