-- +goose Up
-- Languages (issue 22). A person's language is a BCP 47 tag Tend ships
-- ("en", "es", "el"); '' means "the practice's language". The practice's
-- language is what pages, emails and handouts use for anyone who has not
-- chosen, and for assigning content to a client who has not chosen.
ALTER TABLE users ADD COLUMN locale TEXT NOT NULL DEFAULT ''
    CHECK (locale IN ('', 'en', 'es', 'el'));
ALTER TABLE practice_settings ADD COLUMN locale TEXT NOT NULL DEFAULT 'en'
    CHECK (locale IN ('en', 'es', 'el'));

-- +goose Down
ALTER TABLE practice_settings DROP COLUMN locale;
ALTER TABLE users DROP COLUMN locale;
