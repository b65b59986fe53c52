-- The cost of one statement round trip to PostgreSQL on this machine, for ./deploy/bench.
SELECT 1;
