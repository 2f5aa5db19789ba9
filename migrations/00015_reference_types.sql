-- +goose Up
-- References of more than one kind (internal/reference): books, chapters in
-- edited books, reports (often by a group author, with a report number) and
-- web pages, beside journal articles. Existing rows are journal articles.
-- Which columns a type uses is the reference package's rule, checked before
-- anything is saved; the database only keeps the type to the known ones.
ALTER TABLE bibliography
    ADD COLUMN type          TEXT  NOT NULL DEFAULT 'article'
        CHECK (type IN ('article', 'book', 'chapter', 'report', 'webpage')),
    ADD COLUMN group_author  TEXT  NOT NULL DEFAULT '',
    ADD COLUMN editors       JSONB NOT NULL DEFAULT '[]',
    ADD COLUMN published_on  DATE,
    ADD COLUMN book_title    TEXT  NOT NULL DEFAULT '',
    ADD COLUMN edition       TEXT  NOT NULL DEFAULT '',
    ADD COLUMN publisher     TEXT  NOT NULL DEFAULT '',
    ADD COLUMN report_number TEXT  NOT NULL DEFAULT '',
    ADD COLUMN site_name     TEXT  NOT NULL DEFAULT '',
    ADD COLUMN url           TEXT  NOT NULL DEFAULT '',
    ADD COLUMN accessed_on   DATE;

-- +goose Down
ALTER TABLE bibliography
    DROP COLUMN accessed_on,
    DROP COLUMN url,
    DROP COLUMN site_name,
    DROP COLUMN report_number,
    DROP COLUMN publisher,
    DROP COLUMN edition,
    DROP COLUMN book_title,
    DROP COLUMN published_on,
    DROP COLUMN editors,
    DROP COLUMN group_author,
    DROP COLUMN type;
