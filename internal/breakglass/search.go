package breakglass

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
)

// MaxQueryLength bounds a search for a client to open.
const MaxQueryLength = 100

// SearchLimit is how many matches a search shows.
const SearchLimit = 20

// Match is one client a search found: roster data only (never anything the
// client wrote), enough to pick the right person to open.
type Match struct {
	ClientID      int64
	ClientName    string
	ClinicianName string
	CreatedAt     time.Time
	Closed        bool
}

// Search finds clients whose name, or whose clinician's name or email,
// contains q (any case), for an administrator to choose whom to open. It
// reads the roster only, and the search itself is recorded.
func (s *Service) Search(ctx context.Context, actor auth.Actor, q string) ([]Match, error) {
	if actor.Role != auth.RoleAdmin {
		return nil, ErrNotFound
	}
	q = strings.TrimSpace(q)
	switch {
	case q == "":
		return nil, nil
	case len([]rune(q)) > MaxQueryLength:
		return nil, &ValidationError{Fields: map[string]string{"q": "Please search with fewer than 100 characters: part of a name is enough."}}
	}
	like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(q) + "%"
	var out []Match
	err := s.db.WithContext(ctx).Raw(`SELECT c.id AS client_id, c.display_name AS client_name,
		COALESCE(NULLIF(u.display_name, ''), u.email) AS clinician_name, c.created_at, (c.closed_at IS NOT NULL) AS closed
		FROM clients c JOIN users u ON u.id = c.clinician_id
		WHERE c.display_name ILIKE ? OR u.display_name ILIKE ? OR u.email ILIKE ?
		ORDER BY c.display_name, c.id LIMIT ?`, like, like, like, SearchLimit).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("search clients for break-glass: %w", err)
	}
	s.audit.Record(ctx, actor, audit.BreakGlassSearch, "client", 0, 0,
		fmt.Sprintf("searched for %q: %d found", q, len(out)))
	return out, nil
}
