-- Attachments (README.md, "Attachments"): photos and evidence files, content-addressed by
-- their SHA-256, kept in the database so that its backup covers them with the findings and
-- forms that name them. The same bytes uploaded twice are one row.
CREATE TABLE blob (
    sha256       text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    type         text NOT NULL CHECK (type IN ('image/jpeg', 'image/png', 'image/webp', 'application/pdf')),
    size         bigint NOT NULL CHECK (size > 0),
    width        integer NOT NULL DEFAULT 0,   -- as shown (EXIF orientation applied); 0 for a PDF
    height       integer NOT NULL DEFAULT 0,
    data         bytea NOT NULL,
    thumb        bytea,                        -- JPEG, longer side gateway.thumb_pixels; NULL for a PDF
    uploaded_by  text NOT NULL,                -- the first uploader's login
    uploaded_ms  bigint NOT NULL
);
-- Photos and PDFs are compressed already: stored out of line without another compression.
ALTER TABLE blob ALTER COLUMN data SET STORAGE EXTERNAL;
ALTER TABLE blob ALTER COLUMN thumb SET STORAGE EXTERNAL;

-- Everyone who uploaded it, last time each: before anything links a file only its uploaders
-- may read it, and a file unlinked is kept gateway.unlinked_file_days after its last upload.
CREATE TABLE blob_uploader (
    sha256       text NOT NULL,
    login        text NOT NULL,
    uploaded_ms  bigint NOT NULL,
    PRIMARY KEY (sha256, login)
);

-- The objects that name a file in their attachments, from the inspection and rectification
-- events: the file is served to accounts whose scope covers the plant of any of them. A
-- link may come before its file (or name a file never uploaded here): no foreign key.
CREATE TABLE blob_link (
    sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    object_kind  text NOT NULL CHECK (object_kind IN ('finding', 'form', 'evidence')),
    object_id    text NOT NULL,                -- the finding's or form's number
    plant        text NOT NULL,                -- plant code ("" above the plants)
    unit         text NOT NULL,                -- the responsible unit
    linked_ms    bigint NOT NULL,
    PRIMARY KEY (sha256, object_kind, object_id)
);
CREATE INDEX blob_unlinked ON blob (uploaded_ms);
