-- Hazard identification and control lists (危险源辨识与防控清单): one list per unit (department,
-- team or post) and year. Importing a unit's list for a year again writes a new version; the
-- items of older versions stay for history, and the current items are those whose version is
-- hazard_list.version. The checklist code reads these two tables too.
--
-- The accident categories an item may name come from GB 6441-1986, shipped as data with
-- stable English codes; the import accepts a category's code or its Chinese name.

CREATE TABLE rule_accident_type (
    code        text PRIMARY KEY,
    name_zh     text NOT NULL UNIQUE,
    name_en     text NOT NULL,
    source      text NOT NULL
);

INSERT INTO rule_accident_type (code, name_zh, name_en, source)
SELECT code, name_zh, name_en, 'GB 6441-1986《企业职工伤亡事故分类》 / GB 6441-1986 Classification of occupational injuries'
FROM (VALUES
    ('struck_by_object',       '物体打击',   'struck by object'),
    ('vehicle_injury',         '车辆伤害',   'vehicle injury'),
    ('mechanical_injury',      '机械伤害',   'mechanical injury'),
    ('lifting_injury',         '起重伤害',   'lifting injury'),
    ('electric_shock',         '触电',       'electric shock'),
    ('drowning',               '淹溺',       'drowning'),
    ('burn_scald',             '灼烫',       'burn or scald'),
    ('fire',                   '火灾',       'fire'),
    ('fall_from_height',       '高处坠落',   'fall from height'),
    ('collapse',               '坍塌',       'collapse'),
    ('roof_fall',              '冒顶片帮',   'roof fall and rib spalling'),
    ('water_inrush',           '透水',       'water inrush'),
    ('blasting',               '放炮',       'blasting injury'),
    ('explosive_explosion',    '火药爆炸',   'explosive (gunpowder) explosion'),
    ('gas_explosion',          '瓦斯爆炸',   'firedamp (gas) explosion'),
    ('boiler_explosion',       '锅炉爆炸',   'boiler explosion'),
    ('vessel_explosion',       '容器爆炸',   'pressure vessel explosion'),
    ('other_explosion',        '其它爆炸',   'other explosion'),
    ('poisoning_asphyxiation', '中毒和窒息', 'poisoning and asphyxiation'),
    ('other_injury',           '其它伤害',   'other injury')
) AS t (code, name_zh, name_en);

CREATE TABLE hazard_list (
    unit_code    text NOT NULL,
    year         int NOT NULL,
    version      int NOT NULL CHECK (version >= 1),
    item_count   int NOT NULL,
    imported_by  text NOT NULL,
    imported_ms  bigint NOT NULL,
    PRIMARY KEY (unit_code, year)
);

-- factor is inspection.Factor (1 人 .. 5 环); l, e and c are values of rule_lec_value, d their
-- product and grade the rule_lec_grade it falls in, both computed when the item is written.
CREATE TABLE hazard_item (
    id             bigserial PRIMARY KEY,
    unit_code      text NOT NULL,
    year           int NOT NULL,
    version        int NOT NULL,
    seq            int NOT NULL,
    factor         smallint NOT NULL CHECK (factor BETWEEN 1 AND 5),
    hazard         text NOT NULL,
    accident_type  text NOT NULL REFERENCES rule_accident_type (code),
    measures       text NOT NULL,
    l              numeric NOT NULL,
    e              numeric NOT NULL,
    c              numeric NOT NULL,
    d              numeric NOT NULL,
    grade          smallint NOT NULL CHECK (grade BETWEEN 1 AND 5),
    UNIQUE (unit_code, year, version, seq),
    FOREIGN KEY (unit_code, year) REFERENCES hazard_list (unit_code, year)
);
