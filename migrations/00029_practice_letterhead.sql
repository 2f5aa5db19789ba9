-- +goose Up
-- The practice's letterhead for printouts (issue 20): its name, postal
-- address and phone, each optional. Empty means no letterhead.
ALTER TABLE practice_safety
    ADD COLUMN letterhead_name    TEXT NOT NULL DEFAULT '',
    ADD COLUMN letterhead_address TEXT NOT NULL DEFAULT '',
    ADD COLUMN letterhead_phone   TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE practice_safety
    DROP COLUMN letterhead_name,
    DROP COLUMN letterhead_address,
    DROP COLUMN letterhead_phone;
