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

-- A row per version of a reference's content, not per key: correcting a
-- built-in reference links the module's new version to a new row and
-- leaves the versions that assignments pinned citing what they cited.
-- Rows from before this migration keep a content hash of their own.
ALTER TABLE bibliography ADD COLUMN content_hash TEXT NOT NULL DEFAULT '';
UPDATE bibliography SET content_hash = 'legacy-' || id;
ALTER TABLE bibliography DROP CONSTRAINT bibliography_key_key;
ALTER TABLE bibliography ADD CONSTRAINT bibliography_key_content_key UNIQUE (key, content_hash);

-- +goose Down
-- Fails while one key has several rows: versions still link to each, and
-- merging them would change what those versions cite.
ALTER TABLE bibliography DROP CONSTRAINT bibliography_key_content_key;
ALTER TABLE bibliography ADD CONSTRAINT bibliography_key_key UNIQUE (key);
ALTER TABLE bibliography DROP COLUMN content_hash;
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
