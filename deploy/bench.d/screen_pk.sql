-- ./deploy/bench screen: the yardstick of the boards, one primary-key select of a finding
-- (pgbench -M prepared, search path set to sf-inspection's schema of 10,000,000 findings).
\set id random(1, :findings)
SELECT number, status, plant_code FROM finding WHERE id = :id;
