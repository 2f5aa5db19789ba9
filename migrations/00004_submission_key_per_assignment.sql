-- +goose Up
-- A submission key only needs to be unique for its own assignment (which has
-- one response); unique across the table, one client's key could collide
-- with another's and reveal that it was used.
ALTER TABLE responses DROP CONSTRAINT responses_submission_key_key;

-- +goose Down
ALTER TABLE responses ADD CONSTRAINT responses_submission_key_key UNIQUE (submission_key);
