-- +goose Up
-- Closing a client's file (with a reason) and the practice's retention
-- period: a closed file's reflections are deleted retention_years (in
-- practice_settings, 00019) after closing, unless an administrator placed a
-- hold. reflections_deleted_at records that the deletion ran.
ALTER TABLE clients ADD COLUMN closed_at TIMESTAMPTZ;
ALTER TABLE clients ADD COLUMN closed_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE clients ADD COLUMN closed_by BIGINT REFERENCES users (id);
ALTER TABLE clients ADD COLUMN retention_hold BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE clients ADD COLUMN retention_hold_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE clients ADD COLUMN reflections_deleted_at TIMESTAMPTZ;
CREATE INDEX clients_closed_idx ON clients (closed_at)
    WHERE closed_at IS NOT NULL AND reflections_deleted_at IS NULL;

-- +goose Down
DROP INDEX clients_closed_idx;
ALTER TABLE clients DROP COLUMN reflections_deleted_at;
ALTER TABLE clients DROP COLUMN retention_hold_reason;
ALTER TABLE clients DROP COLUMN retention_hold;
ALTER TABLE clients DROP COLUMN closed_by;
ALTER TABLE clients DROP COLUMN closed_reason;
ALTER TABLE clients DROP COLUMN closed_at;
