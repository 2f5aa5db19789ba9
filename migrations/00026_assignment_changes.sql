-- +goose Up
-- Assignments that can be changed (issue 19): a withdrawn assignment
-- disappears for the client, its answers are kept.
ALTER TABLE assignments ADD COLUMN withdrawn_at TIMESTAMPTZ;
ALTER TABLE assignments ADD COLUMN withdrawn_by BIGINT REFERENCES users (id);
-- The client has seen the discreet "was withdrawn" notice.
ALTER TABLE assignments ADD COLUMN withdrawal_seen_at TIMESTAMPTZ;
-- The review queue's submitted work (all of it, flagged or not) and its
-- keyset order.
CREATE INDEX assignments_queue_idx ON assignments (clinician_id, submitted_at, id)
    WHERE status = 'submitted' AND kind = 'worksheet' AND withdrawn_at IS NULL;

-- +goose Down
DROP INDEX assignments_queue_idx;
ALTER TABLE assignments DROP COLUMN withdrawal_seen_at;
ALTER TABLE assignments DROP COLUMN withdrawn_by;
ALTER TABLE assignments DROP COLUMN withdrawn_at;
