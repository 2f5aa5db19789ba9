-- +goose Up
-- Mail that would have been sent when no SMTP server is configured (local
-- and demo runs), for an administrator to read at /admin/outbox. Mail is
-- discreet by design (internal/notify): no client names, no answers.
CREATE TABLE outbox (
    id         BIGSERIAL PRIMARY KEY,
    recipient  TEXT        NOT NULL,
    subject    TEXT        NOT NULL,
    body       TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX outbox_created_idx ON outbox (created_at DESC);

-- +goose Down
DROP TABLE outbox;
