-- The board's functions that PostgreSQL cannot inline, in PL/pgSQL (issue 17): the two look-ups
-- with a subquery, board_finding_grade (007) and board_day_zone (008), and the two adders,
-- board_task_add (007) and board_day_add (008). A SQL function whose body has a subquery or
-- writes is not inlined into its caller, and PostgreSQL keeps the plan of such a body only for
-- one execution of the calling statement: called from a trigger or from PL/pgSQL, as every
-- finding's deltas, every fold and every task statement call them, each call parsed and
-- planned the body again. Measured with pg_stat_statements at 4 clients (docs/benchmarks.md,
-- "Plans kept for the session"): 50-54 µs of planning a call for 6-8 µs of execution, two
-- calls a reported finding. PL/pgSQL keeps a statement's plan for the session. Same names,
-- arguments, results and volatility; CREATE OR REPLACE keeps the callers as they are.

-- The LEC grade (1..5) of the hazard-list item a finding names ('H<id>'), else 0 (no colour).
CREATE OR REPLACE FUNCTION board_finding_grade (hazard_key text) RETURNS smallint
    LANGUAGE plpgsql STABLE AS $$
DECLARE
    wanted bigint;
BEGIN
    IF hazard_key IS NULL OR hazard_key !~ '^H[0-9]{1,18}$' THEN
        RETURN 0;
    END IF;
    wanted := substr (hazard_key, 2)::bigint;
    RETURN coalesce ((SELECT i.grade FROM hazard_item i WHERE i.id = wanted), 0);
END $$;

-- A plant's zone: its calendar's, else the board's default.
CREATE OR REPLACE FUNCTION board_day_zone (plant text) RETURNS text
    LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN coalesce ((SELECT c.time_zone FROM plant_calendar c WHERE c.plant_code = board_day_zone.plant),
                     (SELECT d.time_zone FROM board_day_default d));
END $$;

-- board_task_add (plant_code, shift_date, shift_no, status, n)
CREATE OR REPLACE FUNCTION board_task_add (text, date, smallint, smallint, bigint) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO board_task AS b VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (plant_code, shift_date, shift_no, status) DO UPDATE SET n = b.n + EXCLUDED.n;
END $$;

-- board_day_add (plant_code, day, opened, closed)
CREATE OR REPLACE FUNCTION board_day_add (text, date, bigint, bigint) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO board_finding_day AS b VALUES ($1, $2, $3, $4)
    ON CONFLICT (plant_code, day) DO UPDATE SET opened = b.opened + EXCLUDED.opened, closed = b.closed + EXCLUDED.closed;
END $$;
