-- +goose Up
-- Publishing is the administrator's review: what other clinicians read and
-- assign of a practice-wide module or worksheet is the version an admin
-- published, not whatever its owner saved last. A later save by the owner is
-- a draft (current_version_id) until an admin publishes it again.
ALTER TABLE modules ADD COLUMN published_version_id BIGINT REFERENCES module_versions (id);
ALTER TABLE worksheets ADD COLUMN published_version_id BIGINT REFERENCES worksheet_versions (id);
-- What is practice-wide today was live as it is: keep it live.
UPDATE modules SET published_version_id = current_version_id WHERE visibility = 'practice';
UPDATE worksheets SET published_version_id = current_version_id WHERE visibility = 'practice';

-- +goose Down
ALTER TABLE worksheets DROP COLUMN published_version_id;
ALTER TABLE modules DROP COLUMN published_version_id;
