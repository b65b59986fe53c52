-- The publish area (README_publish.md): a matched item's accident type is named in the
-- reason a person reads ("（起重伤害）" / "(lifting injury)"), in the names inspection's event
-- carries beside the code (inspection.HazardItem.accident_type_zh/_en), kept with the item.
ALTER TABLE unit_hazard
    ADD COLUMN accident_type_zh text NOT NULL DEFAULT '',
    ADD COLUMN accident_type_en text NOT NULL DEFAULT '';

-- An item is known by its place in its list (1, 2, … in the order of the event's items; the
-- event's seq counts the rows of the imported file), its item id only once inspection sends it.
ALTER TABLE unit_hazard DROP CONSTRAINT unit_hazard_pkey, ADD PRIMARY KEY (unit_code, year, seq);
