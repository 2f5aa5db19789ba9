-- +goose Up
-- Indexes the clinician's dashboard needs so that its cost follows what it
-- shows, not the size of the practice's history (measured with make bench;
-- plans in docs/performance.md).

-- "Recent activity": a clinician's assignments by last change. Without it
-- the list read every assignment in the table (a parallel sequential scan).
CREATE INDEX assignments_recent_idx ON assignments (clinician_id, updated_at DESC);

-- The roster's "open work" count per client. assignments_client_idx holds a
-- client's whole history, so each count read all of it.
CREATE INDEX assignments_open_idx ON assignments (client_id) WHERE status IN ('assigned', 'in_progress');

-- Worksheets waiting for review. A module the client has read also stays
-- in status 'submitted' for good, so assignments_review_idx fills with read
-- modules over the years and the dashboard's counts read them all.
CREATE INDEX assignments_awaiting_idx ON assignments (clinician_id, flagged DESC, submitted_at DESC)
    WHERE status = 'submitted' AND kind = 'worksheet';

-- +goose Down
DROP INDEX assignments_awaiting_idx;
DROP INDEX assignments_open_idx;
DROP INDEX assignments_recent_idx;
