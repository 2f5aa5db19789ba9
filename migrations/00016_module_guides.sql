-- +goose Up
-- A clinician guide beside each module version (internal/module Guide):
-- what the module is for, who it suits, how to introduce it, prompts and
-- the evidence. Staff only: nothing that serves a client reads these.
-- Kept out of module_versions.search on purpose, so a client's library
-- search cannot match words that only the guide holds.
ALTER TABLE module_versions ADD COLUMN guide TEXT NOT NULL DEFAULT '';

-- The references a guide cites, in order, like module_version_references.
CREATE TABLE module_version_guide_references (
    module_version_id BIGINT  NOT NULL REFERENCES module_versions (id),
    position          INTEGER NOT NULL,
    reference_id      BIGINT  NOT NULL REFERENCES bibliography (id),
    PRIMARY KEY (module_version_id, position)
);

-- +goose Down
DROP TABLE module_version_guide_references;
ALTER TABLE module_versions DROP COLUMN guide;
