-- The raw insert limit of task generation: the same number of task rows as one
-- inspection.GenerateTasks creates, in one multi-row INSERT ... SELECT generate_series, for
-- pgbench -M prepared. The rows are shaped like the daemon's (a team daily plan: for each day,
-- team and shift, the pre-shift, in-shift and post-shift check of the team; the team's
-- plant; windows in the plant's time zone) and go into the daemon's own task table, with its
-- foreign key, unique keys and indexes, ON CONFLICT DO NOTHING as the daemon's statement. What
-- it leaves out is what the daemon's statement adds: walking the plan's scope down the org
-- copy, the plant calendars and the shift arithmetic per row.
-- ./deploy/bench runs it with the search path set to a schema the daemon's migrations made,
-- and the variables plan (a plan id), rows, days, plants, departments, teams and batch set;
-- batch counts the transactions, so that each inserts days of its own (from 2040-01-01 on).
\set batch :batch + 1
\set first_day :batch * :days
\set per_day 9 * :plants * :departments * :teams
\set per_plant :departments * :teams
INSERT INTO task (plan_id, kind, executor_unit, target_unit, plant_code, shift_date, shift_no,
                  window_start, window_end)
    SELECT :plan::bigint, (2 + g % 3)::smallint, team, team, plant, day, shift,
           (day + shift * interval '8 hours') AT TIME ZONE 'Asia/Shanghai',
           (day + (shift + 1) * interval '8 hours') AT TIME ZONE 'Asia/Shanghai'
    FROM (SELECT g, (1 + g / 3 % 3)::smallint AS shift,
                 date '2040-01-01' + :first_day::int + g / :per_day::int AS day,
                 'BP' || 1 + t / :per_plant::int AS plant,
                 format ('BP%sD%sT%s', 1 + t / :per_plant::int, lpad ((1 + t / :teams::int % :departments::int)::text, 2, '0'),
                         lpad ((1 + t % :teams::int)::text, 2, '0')) AS team
          FROM generate_series (0, :rows::int - 1) g,
               LATERAL (SELECT g / 9 % (:per_day::int / 9) AS t) slot) row
    ON CONFLICT DO NOTHING;
