-- The rules the lesson daemon applies, as data with their source beside them (DEVELOPERS.md:
-- "National rules are data, with their source beside them"); lesson_rules.h and lesson_grade.h
-- read them, no constant in C repeats them.

-- 国务院令第493号《生产安全事故报告和调查处理条例》第三条: the four grades of an accident by
-- deaths, serious injuries (acute industrial poisoning included) and direct economic loss.
-- "以上" includes the number, "以下" does not (第三条第二款): a grade starts at min_value and
-- ends below the next grade's min_value for the same criterion. An accident takes the highest
-- grade any of its three figures reaches; all three zero is no accident (GRADE_NONE, grade 1).
CREATE TABLE accident_grade (
    grade     smallint PRIMARY KEY,        -- lesson.AccidentGrade
    name_zh   text NOT NULL,
    name_en   text NOT NULL
);

INSERT INTO accident_grade (grade, name_zh, name_en) VALUES
    (1, '未构成事故', 'not an accident'),
    (2, '一般事故', 'general accident'),
    (3, '较大事故', 'larger accident'),
    (4, '重大事故', 'major accident'),
    (5, '特别重大事故', 'especially major accident');

CREATE TABLE accident_grade_rule (
    grade      smallint NOT NULL REFERENCES accident_grade (grade),
    criterion  text NOT NULL CHECK (criterion IN ('deaths', 'serious_injuries', 'direct_loss_yuan')),
    min_value  bigint NOT NULL CHECK (min_value >= 1),
    source     text NOT NULL,
    PRIMARY KEY (grade, criterion)
);

INSERT INTO accident_grade_rule (grade, criterion, min_value, source)
SELECT grade, criterion, min_value,
       '国务院令第493号《生产安全事故报告和调查处理条例》第三条 / State Council Decree No. 493, Art. 3: ' || clause
FROM (VALUES
    (5, 'deaths',           30,        '特别重大事故：30人以上死亡'),
    (5, 'serious_injuries', 100,       '特别重大事故：100人以上重伤（包括急性工业中毒）'),
    (5, 'direct_loss_yuan', 100000000, '特别重大事故：1亿元以上直接经济损失'),
    (4, 'deaths',           10,        '重大事故：10人以上30人以下死亡'),
    (4, 'serious_injuries', 50,        '重大事故：50人以上100人以下重伤'),
    (4, 'direct_loss_yuan', 50000000,  '重大事故：5000万元以上1亿元以下直接经济损失'),
    (3, 'deaths',           3,         '较大事故：3人以上10人以下死亡'),
    (3, 'serious_injuries', 10,        '较大事故：10人以上50人以下重伤'),
    (3, 'direct_loss_yuan', 10000000,  '较大事故：1000万元以上5000万元以下直接经济损失'),
    (2, 'deaths',           1,         '一般事故：3人以下死亡'),
    (2, 'serious_injuries', 1,         '一般事故：10人以下重伤'),
    (2, 'direct_loss_yuan', 1,         '一般事故：1000万元以下直接经济损失')
) AS t (grade, criterion, min_value, clause);

-- What a lesson can be about. A tag reaches a unit whose current hazard identification list
-- (inspection's, copied into unit_hazard) holds an item of one of its GB 6441 accident types
-- (inspection's rule_accident_type codes) or whose hazard text holds one of its keywords; its
-- check is the checklist item every self-check on this tag gets, with the rule it comes from.
-- An enterprise adds a tag with a row.
CREATE TABLE lesson_tag (
    code            text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{0,31}$'),
    name_zh         text NOT NULL,
    name_en         text NOT NULL,
    accident_types  text[] NOT NULL,
    keywords        text[] NOT NULL,
    check_zh        text NOT NULL,
    check_en        text NOT NULL,
    basis           text NOT NULL
);

INSERT INTO lesson_tag (code, name_zh, name_en, accident_types, keywords, check_zh, check_en, basis) VALUES
    ('lifting', '起重吊装', 'lifting',
     '{lifting_injury}', '{起重,吊装,行车,吊车,天车,吊索,lifting,crane,hoist}',
     '起重机械定期检验合格并在有效期内；吊索具、限位和制动完好；司机和司索指挥持证；吊装作业票审批和警戒落实',
     'lifting equipment inspected and in date; slings, limit switches and brakes sound; operators and signallers certified; lifting permit approved and the area cordoned off',
     'GB 30871-2022《危险化学品企业特殊作业安全规范》吊装作业；TSG 51-2023《起重机械安全技术规程》'),
    ('confined_space', '有限空间', 'confined space',
     '{poisoning_asphyxiation}', '{有限空间,受限空间,储罐,窨井,地坑,confined space,tank entry}',
     '有限空间辨识台账和警示标识；作业审批；先通风、再检测、后作业；专人监护；应急救援装备配备',
     'confined spaces listed and signed; entry approved; ventilate, test, then enter; an attendant posted; rescue equipment at hand',
     '《工贸企业有限空间作业安全规定》（应急管理部令第13号，2023）'),
    ('hazardous_chemicals', '危险化学品', 'hazardous chemicals',
     '{poisoning_asphyxiation,fire,other_explosion,burn_scald}', '{危险化学品,危化品,化学品,易燃,有毒,chemical}',
     '危险化学品储存分区分类、限量和标识；安全技术说明书在现场；泄漏应急处置器材完好',
     'hazardous chemicals stored by class, within limits and labelled; safety data sheets on site; spill response kit complete',
     '《危险化学品安全管理条例》（国务院令第591号，2013年修订）'),
    ('electricity', '用电安全', 'electrical safety',
     '{electric_shock}', '{电气,配电,触电,临时用电,漏电,electric,electrical}',
     '配电设施和临时用电审批；漏电保护器试验；接地可靠；电工持证',
     'switchgear and temporary power approved; residual-current devices tested; earthing sound; electricians certified',
     'GB 30871-2022 临时用电作业；GB/T 13869-2017《用电安全导则》'),
    ('hot_work', '动火作业', 'hot work',
     '{fire,burn_scald,other_explosion}', '{动火,焊接,切割,气割,welding,hot work}',
     '动火作业票分级审批；可燃气体分析合格；周边可燃物清理；监火人和灭火器材到位',
     'hot-work permit approved at its level; gas test passed; combustibles cleared; a fire watch and extinguishers in place',
     'GB 30871-2022《危险化学品企业特殊作业安全规范》动火作业'),
    ('work_at_height', '高处作业', 'work at height',
     '{fall_from_height}', '{高处,登高,脚手架,临边,height,scaffold}',
     '高处作业票审批；安全带高挂低用；脚手架验收；临边洞口防护',
     'work-at-height permit approved; harnesses anchored above; scaffolds accepted; edges and openings guarded',
     'GB 30871-2022 高处作业'),
    ('mechanical', '机械伤害', 'machinery',
     '{mechanical_injury}', '{机械,传动,防护罩,卷入,machine,guard}',
     '转动部位防护罩完好；检修时停机上锁挂牌；急停装置有效',
     'guards on moving parts; lock-out and tag-out during maintenance; emergency stops working',
     'GB/T 8196-2018《机械安全 防护装置》；GB 5083-1999《生产设备安全卫生设计总则》'),
    ('vehicle', '厂内机动车辆', 'vehicles in the plant',
     '{vehicle_injury}', '{叉车,车辆,运输,forklift,vehicle}',
     '厂内机动车辆定期检验；驾驶人员持证；限速和人车分流',
     'plant vehicles inspected; drivers certified; speed limits and separated walkways',
     'TSG 81-2022《场（厂）内专用机动车辆安全技术规程》'),
    ('fire', '消防安全', 'fire safety',
     '{fire}', '{火灾,消防,着火,fire}',
     '消防设施器材完好有效；疏散通道和安全出口畅通；消防控制室值班',
     'fire equipment in order; escape routes and exits clear; fire control room staffed',
     '《中华人民共和国消防法》第十六条；GB 25201-2010《建筑消防设施的维护管理》'),
    ('dust_explosion', '粉尘防爆', 'dust explosion',
     '{other_explosion}', '{粉尘,除尘,铝镁,dust}',
     '粉尘清扫制度落实；除尘系统防爆和火花探测；防止静电和明火',
     'dust cleaned as scheduled; dust collectors explosion-protected with spark detection; no static or open flame',
     '《工贸企业粉尘防爆安全规定》（应急管理部令第6号，2021）'),
    ('pressure_equipment', '锅炉压力容器', 'boilers and pressure vessels',
     '{boiler_explosion,vessel_explosion}', '{锅炉,压力容器,气瓶,压力管道,boiler,pressure vessel,cylinder}',
     '锅炉、压力容器和气瓶定期检验；安全阀和压力表校验；操作人员持证',
     'boilers, pressure vessels and cylinders inspected; safety valves and gauges calibrated; operators certified',
     '《中华人民共和国特种设备安全法》第三十九条、第四十条'),
    ('excavation', '动土作业', 'excavation',
     '{collapse}', '{动土,开挖,基坑,坍塌,excavation,trench}',
     '动土作业票审批；地下管线交底；放坡或支护；坑边堆载控制',
     'excavation permit approved; buried services identified; slopes or shoring in place; loads kept off the edge',
     'GB 30871-2022 动土作业');

-- The daemon's own numbers: defaults of the platform an enterprise may change, each with why.
CREATE TABLE lesson_rule (
    name      text PRIMARY KEY,
    value     bigint NOT NULL CHECK (value >= 0),
    unit      text NOT NULL,
    source    text NOT NULL
);

INSERT INTO lesson_rule (name, value, unit, source) VALUES
    ('escalation_hours', 24, 'hours',
     '企业规定（本平台默认）：自查报告逾期后每24小时沿组织链向上一级通报一次，直至公司 / platform default: an overdue report is escalated one level up the org chain every 24 hours'),
    ('default_deadline_days', 15, 'days',
     '企业规定（本平台默认）：举一反三自查报告默认在发布后15日内完成 / platform default: the self-check report is due 15 days after publishing unless the lesson says otherwise'),
    ('max_targets', 1000, 'count',
     '平台限制：一次发布最多1000个单位，超出请缩小范围或分批发布 / platform limit: one publication reaches at most 1000 units');
