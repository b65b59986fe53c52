-- The summary rows' two adders, board_form_apply (004) and stats_form_apply (006), in PL/pgSQL
-- (issue 17). PostgreSQL never inlines a SQL function that writes, and keeps the plan of its
-- body only for one execution of the calling statement: called from the board's statement
-- trigger and from the statistics' fold at commit, each call parsed and planned its INSERTs
-- again, 88 and 84 µs a transaction (pg_stat_statements during ./deploy/bench consumer;
-- docs/benchmarks.md, "Plans kept for the session"). PL/pgSQL keeps a statement's plan for the
-- session. Same names, arguments and effect; CREATE OR REPLACE keeps the callers.

CREATE OR REPLACE FUNCTION board_form_apply (deltas jsonb) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO board_form_open AS b
    SELECT d.plant_code, d.unit_code, d.status, sum (d.n)
    FROM jsonb_to_recordset (deltas) AS d (plant_code text, unit_code text, due_day date, status smallint, n bigint)
    GROUP BY 1, 2, 3 HAVING sum (d.n) <> 0 ORDER BY 1, 2, 3
    ON CONFLICT (plant_code, unit_code, status) DO UPDATE SET n = b.n + EXCLUDED.n;
    INSERT INTO board_form_due AS b
    SELECT d.plant_code, d.due_day, d.unit_code, d.status, sum (d.n)
    FROM jsonb_to_recordset (deltas) AS d (plant_code text, unit_code text, due_day date, status smallint, n bigint)
    GROUP BY 1, 2, 3, 4 HAVING sum (d.n) <> 0 ORDER BY 1, 2, 3, 4
    ON CONFLICT (plant_code, due_day, unit_code, status) DO UPDATE SET n = b.n + EXCLUDED.n;
END $$;

CREATE OR REPLACE FUNCTION stats_form_apply (deltas stats_form_delta []) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO stats_form_day AS s
    SELECT d.measure, d.issue_day, d.other_day, sum (d.n), sum (d.on_time), sum (d.close_ms), sum (d.recurrences)
      FROM unnest (deltas) d
     GROUP BY 1, 2, 3
    HAVING sum (d.n) <> 0 OR sum (d.on_time) <> 0 OR sum (d.close_ms) <> 0 OR sum (d.recurrences) <> 0
     ORDER BY 1, 2, 3
    ON CONFLICT (measure, issue_day, other_day) DO UPDATE
       SET n = s.n + EXCLUDED.n, on_time = s.on_time + EXCLUDED.on_time,
           close_ms = s.close_ms + EXCLUDED.close_ms, recurrences = s.recurrences + EXCLUDED.recurrences;
END $$;
