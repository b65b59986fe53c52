-- The lesson board's adder, board_lesson_add (030), in PL/pgSQL (issue 17). PostgreSQL never
-- inlines a SQL function that writes, and keeps the plan of its body only for one execution
-- of the calling statement: each statement on the assignments that moved the board parsed and
-- planned the INSERT again (about 50 µs; the same finding as inspection's migration 011,
-- docs/benchmarks.md "Plans kept for the session"). PL/pgSQL keeps a statement's plan for the
-- session. Same name, arguments and effect; CREATE OR REPLACE keeps the callers.

-- board_lesson_add (lesson_id, plant_code, deadline_ms, total, unreported, closed)
CREATE OR REPLACE FUNCTION board_lesson_add (bigint, text, bigint, bigint, bigint, bigint) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO board_lesson_plant AS b VALUES ($1, $2, $3, $4, $5, $6)
    ON CONFLICT (lesson_id, plant_code, deadline_ms) DO UPDATE SET
        total = b.total + EXCLUDED.total, unreported = b.unreported + EXCLUDED.unreported,
        closed = b.closed + EXCLUDED.closed;
END $$;
