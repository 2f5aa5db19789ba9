-- +goose Up
-- Issue 21: the dashboard's "done on time, last 8 weeks" box (adherence)
-- asks for a clinician's work due in a date range. Without this index it
-- read every assignment the clinician ever gave (20,000 at ten times the
-- bench's history, for 12 rows: docs/performance.md), so its cost grew with
-- the practice's history instead of with what the box shows.
CREATE INDEX assignments_clinician_due_idx ON assignments (clinician_id, due_on) WHERE due_on IS NOT NULL;

-- +goose Down
DROP INDEX assignments_clinician_due_idx;
