-- +goose Up
-- Reflections are sealed by the application (AES-256-GCM, internal/seal):
-- answers and comment bodies move to BYTEA columns the database cannot read.
-- The plaintext columns stay, written as '{}' and '' from now on; the app
-- seals rows written before this release (tend seal-existing, also run at
-- start-up) and then empties their plaintext.
ALTER TABLE responses ADD COLUMN answers_sealed BYTEA;
ALTER TABLE comments ADD COLUMN body_sealed BYTEA;

-- A binary from before sealing (during a rolling upgrade) writes plaintext
-- and leaves the sealed column alone. Its plaintext is then the newer truth:
-- the stale ciphertext is dropped here, so no reader prefers it, and the
-- next seal-existing run seals the plaintext.
-- +goose StatementBegin
CREATE FUNCTION responses_plaintext_wins() RETURNS trigger AS $$
BEGIN
    IF NEW.answers IS DISTINCT FROM '{}'::jsonb THEN
        NEW.answers_sealed := NULL;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd
CREATE TRIGGER responses_plaintext_wins BEFORE INSERT OR UPDATE ON responses
    FOR EACH ROW EXECUTE FUNCTION responses_plaintext_wins();

-- +goose StatementBegin
CREATE FUNCTION comments_plaintext_wins() RETURNS trigger AS $$
BEGIN
    IF NEW.body <> '' THEN
        NEW.body_sealed := NULL;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd
CREATE TRIGGER comments_plaintext_wins BEFORE INSERT OR UPDATE ON comments
    FOR EACH ROW EXECUTE FUNCTION comments_plaintext_wins();

-- One known value per key id, sealed with that key. At start-up the app
-- opens each one it has the key for: a changed TEND_SESSION_KEY or a wrong
-- TEND_DATA_KEYS entry stops the server before it writes anything under a
-- key that could not read what is already stored.
CREATE TABLE seal_keys (
    id         SMALLINT    PRIMARY KEY CHECK (id BETWEEN 0 AND 255),
    probe      BYTEA       NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- +goose Down
-- Dropping the sealed columns would destroy every reflection sealed since
-- this migration: refuse while there are any.
-- +goose StatementBegin
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM responses WHERE answers_sealed IS NOT NULL)
       OR EXISTS (SELECT 1 FROM comments WHERE body_sealed IS NOT NULL) THEN
        RAISE EXCEPTION 'sealed reflections exist; rolling back 00005 would destroy them';
    END IF;
END;
$$;
-- +goose StatementEnd
DROP TABLE seal_keys;
DROP TRIGGER comments_plaintext_wins ON comments;
DROP FUNCTION comments_plaintext_wins();
DROP TRIGGER responses_plaintext_wins ON responses;
DROP FUNCTION responses_plaintext_wins();
ALTER TABLE comments DROP COLUMN body_sealed;
ALTER TABLE responses DROP COLUMN answers_sealed;
