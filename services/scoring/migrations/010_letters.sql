-- Responsibility letters (一岗双责): the templates per year and level, the letters issued
-- from them, their numbers, and the watch over new units and employees without a signed
-- letter (services/scoring/README_letters.md). Enums are stored as smallint with the values
-- of scoring.proto (LetterLevel: letter_level.level; LetterStatus: 1 issued, 2 partly
-- signed, 3 signed, 4 voided).

-- What every letter of a level says for a year; version bumped by each SetLetterTemplate.
CREATE TABLE letter_template (
    year        integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    level       smallint NOT NULL REFERENCES letter_level (level),
    title_zh    text NOT NULL,
    title_en    text NOT NULL,
    content_zh  text NOT NULL,
    content_en  text NOT NULL,
    version     bigint NOT NULL,
    updated_by  text NOT NULL,
    updated_ms  bigint NOT NULL,
    PRIMARY KEY (year, level)
);

-- A template's targets, in the order given.
CREATE TABLE letter_template_target (
    year      integer NOT NULL,
    level     smallint NOT NULL,
    position  integer NOT NULL,
    code      text NOT NULL,
    text_zh   text NOT NULL,
    text_en   text NOT NULL,
    PRIMARY KEY (year, level, position),
    UNIQUE (year, level, code),
    FOREIGN KEY (year, level) REFERENCES letter_template (year, level) ON DELETE CASCADE
);

-- The last number given per plant and year: "<plant>-L<year>-<seq>". IssueLetters locks the
-- row, so two issues of one plant never share a number.
CREATE TABLE letter_sequence (
    plant_code  text NOT NULL,
    year        integer NOT NULL,
    last        bigint NOT NULL,
    PRIMARY KEY (plant_code, year)
);

-- A letter: the template's texts and targets copied when issued (a later template change
-- leaves it as it was), both signatures with who and when.
CREATE TABLE letter (
    id                bigserial PRIMARY KEY,
    number            text NOT NULL UNIQUE,
    year              integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    level             smallint NOT NULL REFERENCES letter_level (level),
    party_a           text NOT NULL,
    party_b           text NOT NULL,
    plant_code        text NOT NULL,
    status            smallint NOT NULL CHECK (status BETWEEN 1 AND 4),
    title_zh          text NOT NULL,
    title_en          text NOT NULL,
    content_zh        text NOT NULL,
    content_en        text NOT NULL,
    template_version  bigint NOT NULL,
    signed_a_by       text NOT NULL DEFAULT '',
    signed_a_ms       bigint NOT NULL DEFAULT 0,
    signed_b_by       text NOT NULL DEFAULT '',
    signed_b_ms       bigint NOT NULL DEFAULT 0,
    issued_by         text NOT NULL,
    issued_ms         bigint NOT NULL,
    version           bigint NOT NULL
);

-- One letter per pair and year, voided ones aside.
CREATE UNIQUE INDEX letter_pair ON letter (year, level, party_a, party_b) WHERE status <> 4;
CREATE INDEX letter_party_b ON letter (party_b, year);
CREATE INDEX letter_plant ON letter (plant_code, year);

CREATE TABLE letter_target (
    letter_id  bigint NOT NULL REFERENCES letter (id),
    position   integer NOT NULL,
    code       text NOT NULL,
    text_zh    text NOT NULL,
    text_en    text NOT NULL,
    PRIMARY KEY (letter_id, position)
);

-- Every unit and employee that is party B of a pair, since the daemon first saw it; the
-- letter_missing job notifies once per year (notified_year) after letter_grace_days.
CREATE TABLE letter_watch (
    code           text PRIMARY KEY,
    plant_code     text NOT NULL,
    person         boolean NOT NULL,
    first_seen_ms  bigint NOT NULL,
    notified_year  integer NOT NULL DEFAULT 0
);
