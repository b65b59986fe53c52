-- Area qual (README_qual.md): a unit's yearly training plan (年度安全培训计划) and its items,
-- the courses it means to hold with the sessions and class hours planned. Completion is read
-- from qual_session and qual_attendance, not stored.
CREATE TABLE qual_plan (
    unit_code   text NOT NULL,
    year        integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    plant_code  text NOT NULL,
    set_by      text NOT NULL,
    set_ms      bigint NOT NULL,
    version     bigint NOT NULL DEFAULT 1,
    PRIMARY KEY (unit_code, year)
);

CREATE TABLE qual_plan_item (
    unit_code    text NOT NULL,
    year         integer NOT NULL,
    course_code  text NOT NULL REFERENCES qual_course (code),
    sessions     integer NOT NULL CHECK (sessions BETWEEN 1 AND 1000),
    hours        integer NOT NULL CHECK (hours BETWEEN 1 AND 100000),
    PRIMARY KEY (unit_code, year, course_code),
    FOREIGN KEY (unit_code, year) REFERENCES qual_plan (unit_code, year)
);
