-- +goose Up
-- Which comments each person has seen (issue 20): a "New" marker shows on
-- comments written by someone else after the newest one the reader had
-- seen on that piece of work. One row per reader and assignment, holding
-- the highest comment id they have seen; no comment text is kept here.
CREATE TABLE comment_reads (
    assignment_id   BIGINT      NOT NULL REFERENCES assignments (id) ON DELETE CASCADE,
    user_id         BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    last_comment_id BIGINT      NOT NULL DEFAULT 0,
    seen_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (assignment_id, user_id)
);

-- +goose Down
DROP TABLE comment_reads;
