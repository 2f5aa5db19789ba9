-- +goose Up
-- Content in more than one language (issue 22). A module or worksheet has
-- a source language (modules.language); each version has a language. A
-- version in another language is a translation: source_version_id is the
-- source-language version it was made from (NULL when the file it was made
-- from is not a version Tend has). A translation is out of date when its
-- source is no longer the item's current version (computed, never stored).
-- Versions are numbered per language, so English numbering is unchanged.
ALTER TABLE modules ADD COLUMN language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'es', 'el'));
ALTER TABLE module_versions ADD COLUMN language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'es', 'el'));
ALTER TABLE module_versions ADD COLUMN source_version_id BIGINT REFERENCES module_versions (id);
-- Built-in versions: the sha256 of the file (and of the guide file) they
-- were read from, which a translation's sources.yaml names.
ALTER TABLE module_versions ADD COLUMN file_sha256 TEXT NOT NULL DEFAULT '';
ALTER TABLE module_versions ADD COLUMN guide_sha256 TEXT NOT NULL DEFAULT '';
ALTER TABLE module_versions DROP CONSTRAINT module_versions_module_id_version_key;
ALTER TABLE module_versions ADD CONSTRAINT module_versions_module_language_version_key UNIQUE (module_id, language, version);

ALTER TABLE worksheets ADD COLUMN language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'es', 'el'));
ALTER TABLE worksheet_versions ADD COLUMN language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'es', 'el'));
ALTER TABLE worksheet_versions ADD COLUMN source_version_id BIGINT REFERENCES worksheet_versions (id);
ALTER TABLE worksheet_versions ADD COLUMN file_sha256 TEXT NOT NULL DEFAULT '';
ALTER TABLE worksheet_versions DROP CONSTRAINT worksheet_versions_worksheet_id_version_key;
ALTER TABLE worksheet_versions ADD CONSTRAINT worksheet_versions_worksheet_language_version_key UNIQUE (worksheet_id, language, version);

-- A program's title and description in another language (built-in
-- programs, from internal/program/builtin/<lang>.json). The steps are the
-- program's; each step's module or worksheet is picked in the client's
-- language when it is released.
CREATE TABLE program_translations (
    program_id  BIGINT NOT NULL REFERENCES programs (id),
    language    TEXT   NOT NULL CHECK (language IN ('es', 'el')),
    title       TEXT   NOT NULL,
    description TEXT   NOT NULL DEFAULT '',
    PRIMARY KEY (program_id, language)
);

-- +goose Down
DROP TABLE program_translations;
ALTER TABLE worksheet_versions DROP CONSTRAINT worksheet_versions_worksheet_language_version_key;
DELETE FROM worksheet_versions WHERE language <> 'en';
ALTER TABLE worksheet_versions ADD CONSTRAINT worksheet_versions_worksheet_id_version_key UNIQUE (worksheet_id, version);
ALTER TABLE worksheet_versions DROP COLUMN file_sha256;
ALTER TABLE worksheet_versions DROP COLUMN source_version_id;
ALTER TABLE worksheet_versions DROP COLUMN language;
ALTER TABLE worksheets DROP COLUMN language;
ALTER TABLE module_versions DROP CONSTRAINT module_versions_module_language_version_key;
DELETE FROM module_version_guide_references
    WHERE module_version_id IN (SELECT id FROM module_versions WHERE language <> 'en');
DELETE FROM module_version_references
    WHERE module_version_id IN (SELECT id FROM module_versions WHERE language <> 'en');
DELETE FROM module_versions WHERE language <> 'en';
ALTER TABLE module_versions ADD CONSTRAINT module_versions_module_id_version_key UNIQUE (module_id, version);
ALTER TABLE module_versions DROP COLUMN guide_sha256;
ALTER TABLE module_versions DROP COLUMN file_sha256;
ALTER TABLE module_versions DROP COLUMN source_version_id;
ALTER TABLE module_versions DROP COLUMN language;
ALTER TABLE modules DROP COLUMN language;
