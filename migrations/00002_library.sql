-- +goose Up
-- A published work a module cites. Named "bibliography" because REFERENCES is
-- an SQL keyword.
CREATE TABLE bibliography (
    id         BIGSERIAL PRIMARY KEY,
    key        TEXT        NOT NULL UNIQUE,
    authors    JSONB       NOT NULL,
    year       INTEGER     NOT NULL,
    title      TEXT        NOT NULL,
    journal    TEXT        NOT NULL DEFAULT '',
    volume     TEXT        NOT NULL DEFAULT '',
    issue      TEXT        NOT NULL DEFAULT '',
    pages      TEXT        NOT NULL DEFAULT '',
    doi        TEXT        NOT NULL DEFAULT '',
    note       TEXT        NOT NULL DEFAULT '',
    owner_id   BIGINT REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE modules (
    id                 BIGSERIAL PRIMARY KEY,
    slug               TEXT        NOT NULL UNIQUE,
    owner_id           BIGINT REFERENCES users (id),
    visibility         TEXT        NOT NULL CHECK (visibility IN ('builtin', 'private', 'practice')),
    current_version_id BIGINT,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Versions are immutable: an assignment pins the one its client was given.
CREATE TABLE module_versions (
    id              BIGSERIAL PRIMARY KEY,
    module_id       BIGINT      NOT NULL REFERENCES modules (id),
    version         INTEGER     NOT NULL,
    title           TEXT        NOT NULL,
    summary         TEXT        NOT NULL,
    topics          TEXT[]      NOT NULL DEFAULT '{}',
    content_note    TEXT        NOT NULL DEFAULT '',
    body            TEXT        NOT NULL,
    reading_minutes INTEGER     NOT NULL,
    checksum        TEXT        NOT NULL,
    created_by      BIGINT REFERENCES users (id),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    search          TSVECTOR GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title), 'A') ||
        setweight(to_tsvector('english', summary), 'B') ||
        setweight(to_tsvector('english', body), 'C')) STORED,
    UNIQUE (module_id, version)
);
CREATE INDEX module_versions_search_idx ON module_versions USING GIN (search);
ALTER TABLE modules ADD CONSTRAINT modules_current_version_fk
    FOREIGN KEY (current_version_id) REFERENCES module_versions (id);

CREATE TABLE module_version_references (
    module_version_id BIGINT  NOT NULL REFERENCES module_versions (id),
    position          INTEGER NOT NULL,
    reference_id      BIGINT  NOT NULL REFERENCES bibliography (id),
    PRIMARY KEY (module_version_id, position)
);

CREATE TABLE worksheets (
    id                 BIGSERIAL PRIMARY KEY,
    slug               TEXT        NOT NULL UNIQUE,
    owner_id           BIGINT REFERENCES users (id),
    visibility         TEXT        NOT NULL CHECK (visibility IN ('builtin', 'private', 'practice')),
    current_version_id BIGINT,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE worksheet_versions (
    id           BIGSERIAL PRIMARY KEY,
    worksheet_id BIGINT      NOT NULL REFERENCES worksheets (id),
    version      INTEGER     NOT NULL,
    title        TEXT        NOT NULL,
    summary      TEXT        NOT NULL DEFAULT '',
    schema       JSONB       NOT NULL,
    checksum     TEXT        NOT NULL,
    created_by   BIGINT REFERENCES users (id),
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (worksheet_id, version)
);
ALTER TABLE worksheets ADD CONSTRAINT worksheets_current_version_fk
    FOREIGN KEY (current_version_id) REFERENCES worksheet_versions (id);

-- +goose Down
ALTER TABLE worksheets DROP CONSTRAINT worksheets_current_version_fk;
DROP TABLE worksheet_versions;
DROP TABLE worksheets;
DROP TABLE module_version_references;
ALTER TABLE modules DROP CONSTRAINT modules_current_version_fk;
DROP TABLE module_versions;
DROP TABLE modules;
DROP TABLE bibliography;
