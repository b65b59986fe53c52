-- The wall screen's lessons board (issue 16, GetLessonBoard): summary rows kept by triggers in
-- the same transaction as the assignments they count, so the board reads a few index entries
-- whatever the number of lessons and assignments. Every change is an upsert adding a summed
-- delta (ON CONFLICT ... DO UPDATE SET x = x + EXCLUDED.x): exact under concurrent writers,
-- never read-modify-write. The backfill at the end counts the assignments that exist already.
--
-- Enum values: the two numbers the triggers need (an assignment reported or further, one
-- closed: lesson.AssignmentStatus) sit in the two functions below, and lesson_board_store_test
-- checks them against the generated enum.

CREATE FUNCTION board_assignment_reported (status smallint) RETURNS boolean
    LANGUAGE sql IMMUTABLE AS $$ SELECT status IN (4, 5) $$;   -- ASSIGNMENT_REPORTED, ASSIGNMENT_CLOSED
CREATE FUNCTION board_assignment_closed (status smallint) RETURNS boolean
    LANGUAGE sql IMMUTABLE AS $$ SELECT status = 5 $$;         -- ASSIGNMENT_CLOSED

-- Assignments per lesson, plant of their unit ('' above the plants) and deadline: how many,
-- how many not yet reported (overdue once the deadline has passed: the reader compares) and
-- how many closed. A lesson is in progress at a plant while total > closed.
CREATE TABLE board_lesson_plant (
    lesson_id    bigint NOT NULL,
    plant_code   text NOT NULL,
    deadline_ms  bigint NOT NULL,
    total        bigint NOT NULL,
    unreported   bigint NOT NULL,
    closed       bigint NOT NULL,
    PRIMARY KEY (lesson_id, plant_code, deadline_ms)
);
-- The rows in progress only: what a board reads, a few per lesson under way.
CREATE INDEX board_lesson_plant_open ON board_lesson_plant (plant_code, lesson_id) WHERE total > closed;

-- board_lesson_add (lesson_id, plant_code, deadline_ms, total, unreported, closed)
CREATE FUNCTION board_lesson_add (bigint, text, bigint, bigint, bigint, bigint) RETURNS void LANGUAGE sql AS $$
    INSERT INTO board_lesson_plant AS b VALUES ($1, $2, $3, $4, $5, $6)
    ON CONFLICT (lesson_id, plant_code, deadline_ms) DO UPDATE SET
        total = b.total + EXCLUDED.total, unreported = b.unreported + EXCLUDED.unreported,
        closed = b.closed + EXCLUDED.closed;
$$;

-- Statement-level, from the transition tables: publishing inserts a lesson's assignments in one
-- statement, the escalation job marks many late in one: one summed delta per key, the keys in
-- one order, so two such statements at once lock the summary rows in the same order (no
-- deadlock). An update that changes none of the counted columns (late, escalation, the special
-- check's progress) nets to nothing and locks nothing. Each branch names only the transition
-- tables its event has (a statement is planned when it first runs).
CREATE FUNCTION board_assignment_changed () RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM board_lesson_add (d.lesson_id, d.plant_code, d.deadline_ms, d.total, d.unreported, d.closed)
        FROM (SELECT lesson_id, plant_code, deadline_ms, count (*) AS total,
                     count (*) FILTER (WHERE NOT board_assignment_reported (status)) AS unreported,
                     count (*) FILTER (WHERE board_assignment_closed (status)) AS closed
              FROM board_assignment_new GROUP BY 1, 2, 3 ORDER BY 1, 2, 3) d;
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM board_lesson_add (d.lesson_id, d.plant_code, d.deadline_ms, -d.total, -d.unreported, -d.closed)
        FROM (SELECT lesson_id, plant_code, deadline_ms, count (*) AS total,
                     count (*) FILTER (WHERE NOT board_assignment_reported (status)) AS unreported,
                     count (*) FILTER (WHERE board_assignment_closed (status)) AS closed
              FROM board_assignment_old GROUP BY 1, 2, 3 ORDER BY 1, 2, 3) d;
    ELSE
        PERFORM board_lesson_add (d.lesson_id, d.plant_code, d.deadline_ms, d.total, d.unreported, d.closed)
        FROM (SELECT lesson_id, plant_code, deadline_ms, sum (total) AS total, sum (unreported) AS unreported,
                     sum (closed) AS closed
              FROM (SELECT lesson_id, plant_code, deadline_ms, 1 AS total,
                           (NOT board_assignment_reported (status))::int AS unreported,
                           board_assignment_closed (status)::int AS closed
                    FROM board_assignment_new
                    UNION ALL
                    SELECT lesson_id, plant_code, deadline_ms, -1, -(NOT board_assignment_reported (status))::int,
                           -board_assignment_closed (status)::int
                    FROM board_assignment_old) k
              GROUP BY 1, 2, 3
              HAVING sum (total) <> 0 OR sum (unreported) <> 0 OR sum (closed) <> 0
              ORDER BY 1, 2, 3) d;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER board_assignment_inserted AFTER INSERT ON assignment REFERENCING NEW TABLE AS board_assignment_new
    FOR EACH STATEMENT EXECUTE FUNCTION board_assignment_changed ();
CREATE TRIGGER board_assignment_updated AFTER UPDATE ON assignment
    REFERENCING OLD TABLE AS board_assignment_old NEW TABLE AS board_assignment_new
    FOR EACH STATEMENT EXECUTE FUNCTION board_assignment_changed ();
CREATE TRIGGER board_assignment_deleted AFTER DELETE ON assignment REFERENCING OLD TABLE AS board_assignment_old
    FOR EACH STATEMENT EXECUTE FUNCTION board_assignment_changed ();

-- Backfill.
INSERT INTO board_lesson_plant
SELECT lesson_id, plant_code, deadline_ms, count (*),
       count (*) FILTER (WHERE NOT board_assignment_reported (status)),
       count (*) FILTER (WHERE board_assignment_closed (status))
FROM assignment GROUP BY 1, 2, 3;
