-- The notifier bench enterprise, written straight into the org copy (sf_org_node) of a schema
-- sf-notify's migrations made, as sf_org_apply would have from the directory's events, and one
-- webhook channel per unit (unit_channel) as notify.SetUnitChannel would have stored it:
-- company NC; plant NP1; departments NP1D01..NP1D10; in each, teams <department>T01..T20
-- (200 teams: the units the burst's events name). Each team's channel is a Standard Webhooks
-- endpoint on the bench's local receiver (:'receiver', a loopback URL), signed with the
-- specification's published example key, its texts in Chinese; no quiet hours, no digest:
-- webhooks have no rate limit in notify_setting, so nothing here holds a delivery back.
-- ./deploy/bench notify runs it with psql, the search path set to that schema.
INSERT INTO sf_org_node (code, kind, parent_code, plant_code, name_zh, name_en, active, version)
    VALUES ('NC', 1, NULL, NULL, '通知基准集团', 'Notifier bench group', true, 1),
           ('NP1', 2, 'NC', 'NP1', '通知基准一厂', 'Notifier bench plant 1', true, 1);
INSERT INTO sf_org_node (code, kind, parent_code, plant_code, name_zh, name_en, active, version)
    SELECT format ('NP1D%s', lpad (d::text, 2, '0')), 3, 'NP1', 'NP1', '生产' || d || '部', 'Department ' || d, true, 1
    FROM generate_series (1, 10) d;
INSERT INTO sf_org_node (code, kind, parent_code, plant_code, name_zh, name_en, active, version)
    SELECT format ('NP1D%sT%s', lpad (d::text, 2, '0'), lpad (t::text, 2, '0')), 4,
           format ('NP1D%s', lpad (d::text, 2, '0')), 'NP1', t || '班', 'Team ' || t, true, 1
    FROM generate_series (1, 10) d, generate_series (1, 20) t;
INSERT INTO unit_channel (unit_code, channel, url, secret, language)
    SELECT code, 4, :'receiver', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'zh'
    FROM sf_org_node WHERE kind = 4 ORDER BY code;
ANALYZE sf_org_node;
ANALYZE unit_channel;
