// Package session keeps who is signed in: the scs session manager over
// PostgreSQL (every app instance sees the same sessions), its timeouts, and
// the tombstones of ended sessions that carry a draft stash.
package session

import (
	"net/http"
	"time"

	"github.com/alexedwards/scs/pgxstore"
	"github.com/alexedwards/scs/v2"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Session timeouts from the design: 30 minutes idle, 12 hours at most.
const (
	IdleTimeout     = 30 * time.Minute
	AbsoluteTimeout = 12 * time.Hour
)

// New returns a session manager storing sessions in PostgreSQL (Store), so
// every app instance sees the same sessions. Serve it with LoadAndSave, so
// that a request that changes nothing does not write its session. cleanup is
// how often expired sessions are deleted; 0 turns the sweeper off (tests).
func New(pool *pgxpool.Pool, secure bool, cleanup time.Duration) *scs.SessionManager {
	s := scs.New()
	s.Store = &Store{PostgresStore: pgxstore.NewWithCleanupInterval(pool, cleanup), pool: pool, sessions: s}
	s.IdleTimeout = IdleTimeout
	s.Lifetime = AbsoluteTimeout
	s.Cookie.Name = "tend_session"
	s.Cookie.HttpOnly = true
	s.Cookie.SameSite = http.SameSiteLaxMode
	s.Cookie.Secure = secure
	s.Cookie.Path = "/"
	// A browser-session cookie: it goes when the browser closes, which
	// matters on a shared or a partner's device. The server still ends the
	// session after IdleTimeout and AbsoluteTimeout.
	s.Cookie.Persist = false
	s.HashTokenInStore = true
	return s
}
