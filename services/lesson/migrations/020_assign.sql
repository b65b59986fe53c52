-- The assign area (README_assign.md): how long rectification's word on a finding is kept.
-- finding_outcome stores the outcome of every finding's form, not only a self-check's: when a
-- form event comes, its finding may belong to a self-check whose inspection record has not
-- been read yet (two streams, read side by side). An outcome whose finding no assignment
-- holds is deleted after outcome_days by the job lesson.escalation; an assignment's own stay
-- as long as the assignment.
INSERT INTO lesson_rule (name, value, unit, source) VALUES
    ('outcome_days', 400, 'days',
     '平台规定（本平台默认）：整改单关闭或撤销的结果保留400天（超过一年，长于任何举一反三期限），等待隐患排查的检查记录到达；已归属举一反三任务的结果随任务保留 / platform default: a form''s outcome is kept 400 days (over a year, longer than any lesson''s deadline) for inspection''s record of its check to arrive; an outcome an assignment holds is kept with the assignment');

CREATE INDEX finding_outcome_by_time ON finding_outcome (at_ms);
