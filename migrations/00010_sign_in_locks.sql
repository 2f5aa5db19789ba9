-- +goose Up
-- Failed sign-ins are counted per (email, source address) rather than per
-- account: five failures from one address pause sign-in for that email from
-- that address only, so a stranger cannot lock the real person out, and an
-- email with no account is paused exactly like one with an account (the
-- lock does not tell which emails exist). The key holds a hash of the email,
-- never the address typed. The source is an IPv4 address or an IPv6 /64.
CREATE TABLE sign_in_locks (
    key          TEXT        PRIMARY KEY,
    failures     INTEGER     NOT NULL,
    window_start TIMESTAMPTZ NOT NULL,
    locked_until TIMESTAMPTZ
);
CREATE INDEX sign_in_locks_window_idx ON sign_in_locks (window_start);

-- +goose Down
DROP TABLE sign_in_locks;
