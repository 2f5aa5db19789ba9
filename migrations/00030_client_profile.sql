-- +goose Up
-- Client profile basics (issue 19): optional pronouns and the name the
-- client would like to be called. Empty means not given.
ALTER TABLE clients
    ADD COLUMN pronouns    TEXT NOT NULL DEFAULT '',
    ADD COLUMN name_to_use TEXT NOT NULL DEFAULT '';

-- tend_client_label is how clinician pages name a client: the recorded name,
-- then pronouns in brackets, then the name to use when it differs, e.g.
-- "Sam Lee (they/them) · goes by Sam".
-- +goose StatementBegin
CREATE FUNCTION tend_client_label(name TEXT, pronouns TEXT, name_to_use TEXT) RETURNS TEXT
LANGUAGE sql IMMUTABLE AS $$
    SELECT name
        || CASE WHEN coalesce(pronouns, '') <> '' THEN ' (' || pronouns || ')' ELSE '' END
        || CASE WHEN coalesce(name_to_use, '') <> '' AND name_to_use <> name THEN ' · goes by ' || name_to_use ELSE '' END
$$;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION tend_client_label(TEXT, TEXT, TEXT);
ALTER TABLE clients
    DROP COLUMN pronouns,
    DROP COLUMN name_to_use;
