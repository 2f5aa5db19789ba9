-- +goose Up
-- Per-person settings shared by reminders (issue 17), the account page
-- (issue 18) and time zones (issue 19). time_zone is an IANA name such as
-- "Europe/Athens"; '' means "the practice's zone".
ALTER TABLE users ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';
-- The client's own choice: no reminder emails even when the clinician turned them on.
ALTER TABLE users ADD COLUMN reminders_opt_out BOOLEAN NOT NULL DEFAULT FALSE;
-- A clinician's opt-in to the daily digest.
ALTER TABLE users ADD COLUMN digest_opt_in BOOLEAN NOT NULL DEFAULT FALSE;
-- The clinician's choice per client: send this client reminders.
ALTER TABLE clients ADD COLUMN reminders_enabled BOOLEAN NOT NULL DEFAULT FALSE;

-- One row of practice-wide settings (the safety settings live in practice_safety).
CREATE TABLE practice_settings (
    id              SMALLINT    PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    time_zone       TEXT        NOT NULL DEFAULT 'UTC',
    retention_years INTEGER     NOT NULL DEFAULT 7 CHECK (retention_years BETWEEN 1 AND 100),
    updated_by      BIGINT      REFERENCES users (id),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO practice_settings (id) VALUES (1);

-- +goose Down
DROP TABLE practice_settings;
ALTER TABLE clients DROP COLUMN reminders_enabled;
ALTER TABLE users DROP COLUMN digest_opt_in;
ALTER TABLE users DROP COLUMN reminders_opt_out;
ALTER TABLE users DROP COLUMN time_zone;
