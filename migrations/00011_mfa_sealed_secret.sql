-- +goose Up
-- Authenticator (TOTP) secrets are sealed by the application like
-- reflections (internal/seal, bound to "mfa_factors:<user_id>"): with a
-- dump and a password, a plaintext secret would sign anyone in. The
-- plaintext column stays, written as '' from now on; tend seal-existing
-- (also run at start-up) seals the rows stored before this release.
ALTER TABLE mfa_factors ADD COLUMN secret_sealed BYTEA;
ALTER TABLE mfa_factors ALTER COLUMN secret SET DEFAULT '';
-- Where the factor was confirmed from, for the account page.
ALTER TABLE mfa_factors ADD COLUMN confirmed_from TEXT NOT NULL DEFAULT '';

-- An enrolment secret now lives only in the session that is setting it up,
-- until it is confirmed. Unconfirmed rows are the old shared secrets, which
-- every session at the password step was shown: drop them.
DELETE FROM mfa_factors WHERE confirmed_at IS NULL;

-- A binary from before this release writes the plaintext column: its value
-- is then the newer truth, so the stale ciphertext is dropped (as for
-- responses and comments in 00005) and sealed again on the next run.
-- +goose StatementBegin
CREATE FUNCTION mfa_factors_plaintext_wins() RETURNS trigger AS $$
BEGIN
    IF NEW.secret <> '' THEN
        NEW.secret_sealed := NULL;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd
CREATE TRIGGER mfa_factors_plaintext_wins BEFORE INSERT OR UPDATE ON mfa_factors
    FOR EACH ROW EXECUTE FUNCTION mfa_factors_plaintext_wins();

-- +goose Down
-- Dropping the sealed column would destroy every sealed secret: refuse
-- while there are any.
-- +goose StatementBegin
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM mfa_factors WHERE secret_sealed IS NOT NULL) THEN
        RAISE EXCEPTION 'sealed authenticator secrets exist; rolling back 00011 would destroy them';
    END IF;
END;
$$;
-- +goose StatementEnd
DROP TRIGGER mfa_factors_plaintext_wins ON mfa_factors;
DROP FUNCTION mfa_factors_plaintext_wins();
ALTER TABLE mfa_factors DROP COLUMN confirmed_from;
ALTER TABLE mfa_factors ALTER COLUMN secret DROP DEFAULT;
ALTER TABLE mfa_factors DROP COLUMN secret_sealed;
