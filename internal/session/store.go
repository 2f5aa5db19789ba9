package session

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"time"

	"github.com/alexedwards/scs/pgxstore"
	"github.com/alexedwards/scs/v2"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// IdleRefresh is how stale a session row's idle deadline may grow before a
// request that changed nothing writes it again. scs writes the row on every
// request (a new idle deadline each time); Store skips that write while the
// data is unchanged and the deadline moved by less than this. A session then
// ends between IdleTimeout-IdleRefresh and IdleTimeout after its last
// request, never later.
const IdleRefresh = time.Minute

// Store is the sessions table: pgxstore's writes, deletes and sweeper, with
// a read that also returns the row's expiry and a commit that writes only
// when the session's data changed or its idle deadline needs refreshing.
// The comparison needs the request's context: LoadAndSave provides it;
// without it every commit writes, as scs does.
type Store struct {
	*pgxstore.PostgresStore
	pool     *pgxpool.Pool
	sessions *scs.SessionManager // its Codec opens the blobs to compare
}

// loaded is what FindCtx read for this request's session: the row's token,
// blob and expiry.
type loaded struct {
	found  bool
	token  string
	blob   []byte
	expiry time.Time
}

type loadedKey struct{}

// LoadAndSave is sm.LoadAndSave with the bookkeeping Store needs to skip
// writes that change nothing.
func LoadAndSave(sm *scs.SessionManager, next http.Handler) http.Handler {
	h := sm.LoadAndSave(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), loadedKey{}, &loaded{})))
	})
}

// FindCtx implements scs.CtxStore: the session's data if it has not expired.
func (s *Store) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	var (
		b      []byte
		expiry time.Time
	)
	err := s.pool.QueryRow(ctx, `SELECT data, expiry FROM sessions WHERE token = $1 AND current_timestamp < expiry`,
		token).Scan(&b, &expiry)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("read session: %w", err)
	}
	if l, ok := ctx.Value(loadedKey{}).(*loaded); ok {
		*l = loaded{found: true, token: token, blob: b, expiry: expiry}
	}
	return b, true, nil
}

// CommitCtx implements scs.CtxStore. It writes the session unless this
// request read the same token, the data is what it read, and the idle
// deadline moved by less than IdleRefresh.
func (s *Store) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	if l, ok := ctx.Value(loadedKey{}).(*loaded); ok && l.found && l.token == token &&
		expiry.Sub(l.expiry) < IdleRefresh && s.sameData(l.blob, b) {
		return nil
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO sessions (token, data, expiry) VALUES ($1, $2, $3)
		ON CONFLICT (token) DO UPDATE SET data = EXCLUDED.data, expiry = EXCLUDED.expiry`, token, b, expiry)
	if err != nil {
		return fmt.Errorf("write session: %w", err)
	}
	return nil
}

// sameData reports whether two stored blobs hold the same deadline and
// values. Sealed blobs differ byte for byte (each has its own nonce), and gob
// writes a map in no fixed order, so they are compared opened.
func (s *Store) sameData(a, b []byte) bool {
	da, va, err := s.sessions.Codec.Decode(a)
	if err != nil {
		return false
	}
	db, vb, err := s.sessions.Codec.Decode(b)
	if err != nil {
		return false
	}
	return da.Equal(db) && reflect.DeepEqual(va, vb)
}
