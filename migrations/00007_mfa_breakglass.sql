-- +goose Up
-- Two-step sign-in: one TOTP secret per account. confirmed_at stays NULL
-- until the person has shown a working code; last_step is the newest time
-- step used, so a code cannot be replayed; failed_attempts counts wrong codes
-- separately from wrong passwords, because a correct password resets those.
CREATE TABLE mfa_factors (
    user_id         BIGINT      PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret          TEXT        NOT NULL,
    confirmed_at    TIMESTAMPTZ,
    last_step       BIGINT      NOT NULL DEFAULT 0,
    failed_attempts INTEGER     NOT NULL DEFAULT 0,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- One-time recovery codes, stored only as hashes.
CREATE TABLE mfa_recovery_codes (
    id         BIGSERIAL   PRIMARY KEY,
    user_id    BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash  BYTEA       NOT NULL,
    used_at    TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX mfa_recovery_codes_hash_key ON mfa_recovery_codes (user_id, code_hash);

-- The practice's two-step sign-in rule: a single row.
CREATE TABLE mfa_settings (
    id         BOOLEAN     PRIMARY KEY DEFAULT TRUE CHECK (id),
    required   BOOLEAN     NOT NULL DEFAULT FALSE,
    updated_by BIGINT      REFERENCES users (id),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO mfa_settings (id) VALUES (TRUE);

-- Emergency ("break-glass") access: an administrator reads one client's
-- records for a limited time, for a stated reason. Times come from the
-- database clock, the same one the queries that honour a grant compare with.
CREATE TABLE break_glass_grants (
    id         BIGSERIAL   PRIMARY KEY,
    admin_id   BIGINT      NOT NULL REFERENCES users (id),
    client_id  BIGINT      NOT NULL REFERENCES clients (id),
    reason     TEXT        NOT NULL CHECK (length(btrim(reason)) > 0),
    opened_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at TIMESTAMPTZ NOT NULL,
    ended_at   TIMESTAMPTZ,
    CHECK (expires_at > opened_at)
);
CREATE INDEX break_glass_grants_admin_idx ON break_glass_grants (admin_id, client_id, expires_at);
CREATE INDEX break_glass_grants_client_idx ON break_glass_grants (client_id, opened_at DESC);

-- A grant is part of the record of who read what: it may be ended early,
-- and nothing else about it may change or be removed.
-- +goose StatementBegin
CREATE FUNCTION break_glass_grants_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.ended_at IS NULL AND NEW.ended_at IS NOT NULL
       AND NEW.id = OLD.id AND NEW.admin_id = OLD.admin_id AND NEW.client_id = OLD.client_id
       AND NEW.reason = OLD.reason AND NEW.opened_at = OLD.opened_at AND NEW.expires_at = OLD.expires_at THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'break_glass_grants: a grant can only be ended';
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd
CREATE TRIGGER break_glass_grants_guard BEFORE UPDATE OR DELETE ON break_glass_grants
    FOR EACH ROW EXECUTE FUNCTION break_glass_grants_guard();

-- +goose Down
DROP TABLE break_glass_grants;
DROP FUNCTION break_glass_grants_guard();
DROP TABLE mfa_settings;
DROP TABLE mfa_recovery_codes;
DROP TABLE mfa_factors;
