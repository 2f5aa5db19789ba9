-- +goose Up
-- One-time links for the account: a password reset (by email, or a sign-in
-- link a clinician makes for a client without email) and the confirmation
-- of a new email address. Only a hash of the token is kept.
CREATE TABLE account_tokens (
    id         BIGSERIAL   PRIMARY KEY,
    user_id    BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    TEXT        NOT NULL CHECK (purpose IN ('reset', 'email')),
    token_hash BYTEA       NOT NULL UNIQUE,
    new_email  TEXT        NOT NULL DEFAULT '',
    created_by BIGINT      REFERENCES users (id),
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ,
    revoked_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX account_tokens_open_idx ON account_tokens (user_id, purpose)
    WHERE used_at IS NULL AND revoked_at IS NULL;

-- Bumped whenever every session of an account must end (a reset, a changed
-- password): a session remembers the epoch it was signed in at.
ALTER TABLE users ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0;
-- Set when an administrator resets a staff password to a one-time one.
ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE users DROP COLUMN must_change_password;
ALTER TABLE users DROP COLUMN session_epoch;
DROP TABLE account_tokens;
