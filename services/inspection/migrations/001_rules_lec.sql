-- The published tables of the LEC method (作业条件危险性评价法: D = L x E x C), shipped as data
-- with their source named beside each row. services/inspection/inspection_lec_data.c holds
-- the same rows for the daemon's arithmetic; the test inspection_lec_data checks, row by row,
-- that the two agree, so a change to one without the other fails the build's tests.
--
-- The tables are those of Chinese safety-assessment practice: the likelihood, exposure and
-- consequence values of Graham and Kinney (1976), and the five grades with the thresholds
-- 320 / 160 / 70 / 20 (the original American tables drew the two upper lines at 400 and 200;
-- Chinese practice uses 320 and 160). A grade holds every D above its d_above and not above
-- the d_above of the next more dangerous grade, so a D of exactly 20 is grade 5.

CREATE TABLE rule_lec_value (
    factor      text NOT NULL CHECK (factor IN ('L', 'E', 'C')),
    value       numeric NOT NULL CHECK (value > 0),
    meaning_zh  text NOT NULL,
    meaning_en  text NOT NULL,
    source      text NOT NULL,
    PRIMARY KEY (factor, value)
);

CREATE TABLE rule_lec_grade (
    grade       smallint PRIMARY KEY CHECK (grade BETWEEN 1 AND 5),
    d_above     numeric NOT NULL UNIQUE,
    wording_zh  text NOT NULL,
    wording_en  text NOT NULL,
    source      text NOT NULL
);

INSERT INTO rule_lec_value (factor, value, meaning_zh, meaning_en, source)
SELECT factor, value::numeric, meaning_zh, meaning_en,
       '作业条件危险性评价法（LEC），Graham 与 Kinney（1976），国内安全评价通行取值 / '
       'LEC method (Graham and Kinney, 1976) as used in Chinese safety assessment'
FROM (VALUES
    ('L', '10',  '完全可以预料',         'fully expected'),
    ('L', '6',   '相当可能',             'quite possible'),
    ('L', '3',   '可能，但不经常',       'possible but unusual'),
    ('L', '1',   '可能性小，完全意外',   'remotely possible, quite unexpected'),
    ('L', '0.5', '很不可能，可以设想',   'very unlikely but conceivable'),
    ('L', '0.2', '极不可能',             'extremely unlikely'),
    ('L', '0.1', '实际不可能',           'practically impossible'),
    ('E', '10',  '连续暴露',             'continuous exposure'),
    ('E', '6',   '每天工作时间内暴露',   'exposed daily during working hours'),
    ('E', '3',   '每周一次或偶然暴露',   'exposed weekly or occasionally'),
    ('E', '2',   '每月一次暴露',         'exposed once a month'),
    ('E', '1',   '每年几次暴露',         'exposed a few times a year'),
    ('E', '0.5', '非常罕见地暴露',       'exposed very rarely'),
    ('C', '100', '大灾难，许多人死亡',   'catastrophe, many deaths'),
    ('C', '40',  '灾难，数人死亡',       'disaster, several deaths'),
    ('C', '15',  '非常严重，一人死亡',   'very serious, one death'),
    ('C', '7',   '严重，重伤',           'serious, serious injury'),
    ('C', '3',   '重大，致残',           'major, disabling injury'),
    ('C', '1',   '引人注目，需要救护',   'noticeable, first aid needed')
) AS v (factor, value, meaning_zh, meaning_en);

INSERT INTO rule_lec_grade (grade, d_above, wording_zh, wording_en, source)
SELECT grade, d_above::numeric, wording_zh, wording_en,
       '作业条件危险性评价法（LEC），Graham 与 Kinney（1976），国内安全评价通行的危险等级划分 / '
       'LEC method (Graham and Kinney, 1976), grades as used in Chinese safety assessment'
FROM (VALUES
    (1, '320', '极其危险，不能继续作业', 'extremely dangerous, stop work'),
    (2, '160', '高度危险，需立即整改',   'highly dangerous, correct at once'),
    (3, '70',  '显著危险，需要整改',     'substantially dangerous, correction needed'),
    (4, '20',  '一般危险，需要注意',     'possibly dangerous, attention needed'),
    (5, '0',   '稍有危险，可以接受',     'slightly dangerous, acceptable')
) AS g (grade, d_above, wording_zh, wording_en);
