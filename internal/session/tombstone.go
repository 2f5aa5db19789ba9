package session

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// TombstoneLifetime is how long an ended session's cookie may still carry a
// form typed before it ended (the draft stash): long enough to finish a
// worksheet left open, short enough that the table stays small.
const TombstoneLifetime = 2 * time.Hour

// Tombstones knows which session cookies belonged to a session that really
// existed and has ended. The sessions table's delete trigger (migration
// 00009) writes them; Claim uses each one up once.
type Tombstones struct {
	pool *pgxpool.Pool
}

// NewTombstones reads and claims tombstones in pool's database.
func NewTombstones(pool *pgxpool.Pool) *Tombstones { return &Tombstones{pool: pool} }

// Claim reports whether cookie is the token of a session that ended less
// than TombstoneLifetime ago and has not carried a stash yet, and uses it up.
// A session past its expiry but not yet swept is ended here first.
func (t *Tombstones) Claim(ctx context.Context, cookie string) (bool, error) {
	token := storeToken(cookie)
	if _, err := t.pool.Exec(ctx, `DELETE FROM sessions WHERE token = $1 AND expiry <= now()`, token); err != nil {
		return false, fmt.Errorf("end expired session: %w", err)
	}
	var one int
	err := t.pool.QueryRow(ctx, `UPDATE session_tombstones SET stashed_at = now()
		WHERE token = $1 AND stashed_at IS NULL AND ended_at > now() - make_interval(secs => $2)
		RETURNING 1`, token, TombstoneLifetime.Seconds()).Scan(&one)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("claim session tombstone: %w", err)
	}
	return true, nil
}

// Purge deletes tombstones older than TombstoneLifetime and returns how many.
func (t *Tombstones) Purge(ctx context.Context) (int64, error) {
	tag, err := t.pool.Exec(ctx, `DELETE FROM session_tombstones WHERE ended_at <= now() - make_interval(secs => $1)`,
		TombstoneLifetime.Seconds())
	if err != nil {
		return 0, fmt.Errorf("purge session tombstones: %w", err)
	}
	return tag.RowsAffected(), nil
}

// storeToken is how scs stores a token with HashTokenInStore (see
// New): the SHA-256 of the cookie value, base64url without padding.
func storeToken(cookie string) string {
	sum := sha256.Sum256([]byte(cookie))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}
