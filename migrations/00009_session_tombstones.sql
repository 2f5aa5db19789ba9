-- +goose Up
-- A worksheet posted after its session expired is kept for the client (the
-- "draft stash"), but only when the browser presents the cookie of a session
-- that really existed: otherwise any script could make the server store
-- whatever it posts. A session row is deleted when it ends (sweeper, sign-out,
-- token renewal); this trigger keeps its hashed token for a while, so that
-- the stash can tell a session that ended from a made-up cookie.
CREATE TABLE session_tombstones (
    token      TEXT        PRIMARY KEY, -- as in sessions.token: the hash of the cookie value
    ended_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    stashed_at TIMESTAMPTZ           -- set when it carried its one stash
);
CREATE INDEX session_tombstones_ended_idx ON session_tombstones (ended_at);

-- +goose StatementBegin
CREATE FUNCTION sessions_tombstone() RETURNS trigger AS $$
BEGIN
    INSERT INTO session_tombstones (token) VALUES (OLD.token) ON CONFLICT (token) DO NOTHING;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd
CREATE TRIGGER sessions_tombstone AFTER DELETE ON sessions
    FOR EACH ROW EXECUTE FUNCTION sessions_tombstone();

-- Stale rate-limit windows are purged by age.
CREATE INDEX rate_limits_window_idx ON rate_limits (window_start);

-- +goose Down
DROP INDEX rate_limits_window_idx;
DROP TRIGGER sessions_tombstone ON sessions;
DROP FUNCTION sessions_tombstone();
DROP TABLE session_tombstones;
