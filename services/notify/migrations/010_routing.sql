-- Events a rule routed to a unit that has no enabled channel (or no unit of the rule's kind
-- above it): kept with the reason, so an administrator sees who hears nothing and adds the
-- unit's channels (services/notify/README_routing.md).
CREATE TABLE unrouted_event (
    event_id    text NOT NULL,
    event_type  text NOT NULL,
    unit_code   text NOT NULL,
    position    smallint NOT NULL,           -- the rule (route.position) that named the unit
    reason      text NOT NULL,               -- 'no_channel', 'no_unit_of_kind', 'no_template'
    created_ms  bigint NOT NULL,
    PRIMARY KEY (event_id, unit_code, position)
);
