-- +goose Up
CREATE TABLE clients (
    id               BIGSERIAL PRIMARY KEY,
    clinician_id     BIGINT      NOT NULL REFERENCES users (id),
    display_name     TEXT        NOT NULL,
    email            TEXT        NOT NULL DEFAULT '',
    user_id          BIGINT UNIQUE REFERENCES users (id),
    archived_at      TIMESTAMPTZ,
    last_activity_at TIMESTAMPTZ,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX clients_clinician_idx ON clients (clinician_id, archived_at, last_activity_at DESC NULLS LAST, id);

-- Invite tokens are stored as SHA-256 hashes; the token itself is shown once.
CREATE TABLE invites (
    id         BIGSERIAL PRIMARY KEY,
    client_id  BIGINT      NOT NULL REFERENCES clients (id),
    token_hash BYTEA       NOT NULL UNIQUE,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ,
    revoked_at TIMESTAMPTZ,
    created_by BIGINT      NOT NULL REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX invites_client_idx ON invites (client_id);

CREATE TABLE assignments (
    id                   BIGSERIAL PRIMARY KEY,
    client_id            BIGINT      NOT NULL REFERENCES clients (id),
    clinician_id         BIGINT      NOT NULL REFERENCES users (id),
    kind                 TEXT        NOT NULL CHECK (kind IN ('module', 'worksheet')),
    module_version_id    BIGINT REFERENCES module_versions (id),
    worksheet_version_id BIGINT REFERENCES worksheet_versions (id),
    note                 TEXT        NOT NULL DEFAULT '',
    due_on               DATE,
    status               TEXT        NOT NULL DEFAULT 'assigned'
        CHECK (status IN ('assigned', 'in_progress', 'submitted', 'reviewed')),
    recurrence           TEXT        NOT NULL DEFAULT 'none'
        CHECK (recurrence IN ('none', 'weekly', 'after_submit')),
    recur_until          DATE,
    previous_id          BIGINT REFERENCES assignments (id),
    flagged              BOOLEAN     NOT NULL DEFAULT FALSE,
    read_at              TIMESTAMPTZ,
    submitted_at         TIMESTAMPTZ,
    reviewed_at          TIMESTAMPTZ,
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK ((kind = 'module') = (module_version_id IS NOT NULL)),
    CHECK ((kind = 'worksheet') = (worksheet_version_id IS NOT NULL))
);
CREATE INDEX assignments_client_idx ON assignments (client_id, created_at DESC, id DESC);
CREATE INDEX assignments_review_idx ON assignments (clinician_id, flagged DESC, submitted_at DESC)
    WHERE status = 'submitted';
CREATE INDEX assignments_due_idx ON assignments (clinician_id, due_on)
    WHERE status IN ('assigned', 'in_progress');
CREATE UNIQUE INDEX assignments_next_idx ON assignments (previous_id) WHERE previous_id IS NOT NULL;

-- One response per worksheet assignment. version gives optimistic locking for
-- drafts; submission_key makes a resent submit form a no-op.
CREATE TABLE responses (
    id             BIGSERIAL PRIMARY KEY,
    assignment_id  BIGINT      NOT NULL UNIQUE REFERENCES assignments (id),
    answers        JSONB       NOT NULL DEFAULT '{}',
    version        INTEGER     NOT NULL DEFAULT 1,
    state          TEXT        NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'submitted')),
    submission_key TEXT UNIQUE,
    flags          TEXT[]      NOT NULL DEFAULT '{}',
    submitted_at   TIMESTAMPTZ,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE comments (
    id            BIGSERIAL PRIMARY KEY,
    assignment_id BIGINT      NOT NULL REFERENCES assignments (id),
    author_id     BIGINT      NOT NULL REFERENCES users (id),
    field_id      TEXT        NOT NULL DEFAULT '',
    body          TEXT        NOT NULL,
    private       BOOLEAN     NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX comments_assignment_idx ON comments (assignment_id, created_at);

-- +goose Down
DROP TABLE comments;
DROP TABLE responses;
DROP TABLE assignments;
DROP TABLE invites;
DROP TABLE clients;
