-- +goose Up
-- Homework that keeps moving on its own (issue 17): weekly repeats on a
-- schedule, missed copies, reminders sent once, and programs.

-- A weekly copy not done by the next copy's release is marked missed: kept,
-- never deleted, and no longer counted as overdue.
ALTER TABLE assignments DROP CONSTRAINT assignments_status_check;
ALTER TABLE assignments ADD CONSTRAINT assignments_status_check
    CHECK (status IN ('assigned', 'in_progress', 'submitted', 'reviewed', 'missed'));
-- repeat_index numbers the copies of a series (1 for the first);
-- recur_count ends a series after that many copies (NULL: until its date,
-- or until stopped). repeat_stopped_at ends it by hand.
ALTER TABLE assignments ADD COLUMN repeat_index INTEGER NOT NULL DEFAULT 1;
ALTER TABLE assignments ADD COLUMN recur_count INTEGER CHECK (recur_count BETWEEN 1 AND 104);
ALTER TABLE assignments ADD COLUMN repeat_stopped_at TIMESTAMPTZ;
-- The first copy of the series a weekly copy belongs to (NULL on the first):
-- a program's weekly step pauses with its program.
ALTER TABLE assignments ADD COLUMN series_root_id BIGINT REFERENCES assignments (id);
-- When each reminder was queued: set in the transaction that queues the
-- mail job, so a reminder is decided once however many workers run.
ALTER TABLE assignments ADD COLUMN reminded_before_at TIMESTAMPTZ;
ALTER TABLE assignments ADD COLUMN reminded_after_at TIMESTAMPTZ;
ALTER TABLE assignments ADD COLUMN missed_at TIMESTAMPTZ;
-- The tick's work lists: the newest copy of each live weekly series, and
-- open work with a due date (reminders).
CREATE INDEX assignments_weekly_head_idx ON assignments (due_on)
    WHERE recurrence = 'weekly' AND repeat_stopped_at IS NULL;
CREATE INDEX assignments_open_due_idx ON assignments (due_on)
    WHERE status IN ('assigned', 'in_progress') AND due_on IS NOT NULL;

-- The day a clinician's digest last went out (in the practice's zone).
ALTER TABLE users ADD COLUMN digest_sent_on DATE;

-- Programs: ordered steps released by rules. Versioned like worksheets: a
-- running program keeps the version it started with. owner_id NULL is a
-- built-in program, visible to every clinician.
CREATE TABLE programs (
    id         BIGSERIAL PRIMARY KEY,
    owner_id   BIGINT      REFERENCES users (id),
    slug       TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX programs_builtin_slug_idx ON programs (slug) WHERE owner_id IS NULL;
CREATE UNIQUE INDEX programs_owner_slug_idx ON programs (owner_id, slug) WHERE owner_id IS NOT NULL;

CREATE TABLE program_versions (
    id          BIGSERIAL PRIMARY KEY,
    program_id  BIGINT      NOT NULL REFERENCES programs (id),
    version     INTEGER     NOT NULL,
    title       TEXT        NOT NULL,
    description TEXT        NOT NULL DEFAULT '',
    for_couples BOOLEAN     NOT NULL DEFAULT FALSE,
    -- [{kind, slug, note, rule, days, weekday, weeks, until}], see internal/program.
    steps       JSONB       NOT NULL,
    created_by  BIGINT      REFERENCES users (id),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (program_id, version)
);

-- One program running for one client (a couple's program runs once per
-- partner, joined by couple_link_id).
CREATE TABLE program_runs (
    id                 BIGSERIAL PRIMARY KEY,
    program_version_id BIGINT      NOT NULL REFERENCES program_versions (id),
    clinician_id       BIGINT      NOT NULL REFERENCES users (id),
    client_id          BIGINT      NOT NULL REFERENCES clients (id),
    couple_link_id     BIGINT      REFERENCES couple_links (id),
    started_on         DATE        NOT NULL,
    status             TEXT        NOT NULL DEFAULT 'running'
        CHECK (status IN ('running', 'paused', 'stopped', 'done')),
    paused_on          DATE,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX program_runs_client_idx ON program_runs (client_id, created_at DESC);
CREATE INDEX program_runs_running_idx ON program_runs (id) WHERE status = 'running';

CREATE TABLE program_run_steps (
    run_id        BIGINT      NOT NULL REFERENCES program_runs (id),
    step_no       INTEGER     NOT NULL,
    state         TEXT        NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'released', 'skipped')),
    assignment_id BIGINT      UNIQUE REFERENCES assignments (id),
    released_on   DATE,
    PRIMARY KEY (run_id, step_no)
);

-- +goose Down
DROP TABLE program_run_steps;
DROP TABLE program_runs;
DROP TABLE program_versions;
DROP TABLE programs;
ALTER TABLE users DROP COLUMN digest_sent_on;
DROP INDEX assignments_open_due_idx;
DROP INDEX assignments_weekly_head_idx;
ALTER TABLE assignments DROP COLUMN missed_at;
ALTER TABLE assignments DROP COLUMN reminded_after_at;
ALTER TABLE assignments DROP COLUMN reminded_before_at;
ALTER TABLE assignments DROP COLUMN series_root_id;
ALTER TABLE assignments DROP COLUMN repeat_stopped_at;
ALTER TABLE assignments DROP COLUMN recur_count;
ALTER TABLE assignments DROP COLUMN repeat_index;
UPDATE assignments SET status = 'assigned' WHERE status = 'missed';
ALTER TABLE assignments DROP CONSTRAINT assignments_status_check;
ALTER TABLE assignments ADD CONSTRAINT assignments_status_check
    CHECK (status IN ('assigned', 'in_progress', 'submitted', 'reviewed'));
