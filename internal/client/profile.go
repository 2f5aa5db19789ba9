package client

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/database"
)

// Profile limits: short enough for a heading, long enough for any pronouns.
const (
	MaxPronouns  = 40
	MaxNameToUse = 60
)

// Profile is what a client's profile basics hold. Both are optional.
type Profile struct {
	Pronouns  string
	NameToUse string
}

// Label names a client on clinician pages: "Sam Lee (they/them) · goes by
// Sam". It matches the SQL function tend_client_label (migration 00030).
func Label(name, pronouns, nameToUse string) string {
	out := name
	if pronouns != "" {
		out += " (" + pronouns + ")"
	}
	if nameToUse != "" && nameToUse != name {
		out += " · goes by " + nameToUse
	}
	return out
}

// Label is how clinician pages name this client.
func (c Client) Label() string { return Label(c.DisplayName, c.Pronouns, c.NameToUse) }

// Clean trims the profile and checks its limits; the returned map holds a
// message per field that is not acceptable.
func (p Profile) Clean() (Profile, map[string]string) {
	p.Pronouns = strings.Join(strings.Fields(p.Pronouns), " ")
	p.NameToUse = strings.Join(strings.Fields(p.NameToUse), " ")
	fields := map[string]string{}
	if len([]rune(p.Pronouns)) > MaxPronouns {
		fields["pronouns"] = fmt.Sprintf("Please keep pronouns under %d characters.", MaxPronouns)
	}
	if len([]rune(p.NameToUse)) > MaxNameToUse {
		fields["name_to_use"] = fmt.Sprintf("Please keep the name to use under %d characters.", MaxNameToUse)
	}
	for k, v := range map[string]string{"pronouns": p.Pronouns, "name_to_use": p.NameToUse} {
		if strings.ContainsAny(v, "<>\x00") && fields[k] == "" {
			fields[k] = "Please use letters, numbers and ordinary punctuation only."
		}
	}
	return p, fields
}

// SetProfile saves a client's pronouns and name to use. Only the owning
// clinician may; anyone else gets ErrNotFound.
func (s *Service) SetProfile(ctx context.Context, a auth.Actor, id int64, in Profile) error {
	if a.Role != auth.RoleClinician {
		return ErrNotFound
	}
	return s.saveProfile(ctx, a, in, "id = ? AND clinician_id = ?", []any{id, a.UserID}, "profile")
}

// SetOwnProfile saves the signed-in client's own pronouns and name to use.
func (s *Service) SetOwnProfile(ctx context.Context, a auth.Actor, in Profile) error {
	if a.Role != auth.RoleClient {
		return ErrNotFound
	}
	return s.saveProfile(ctx, a, in, "user_id = ?", []any{a.UserID}, "profile by client")
}

// saveProfile checks in and writes it to the client row that where (the
// caller's ownership scope) finds, audited with detail; no row is
// ErrNotFound.
func (s *Service) saveProfile(ctx context.Context, a auth.Actor, in Profile, where string, args []any, detail string) error {
	p, fields := in.Clean()
	if len(fields) > 0 {
		return &ValidationError{Fields: fields}
	}
	return database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		var id int64
		if err := tx.Raw(`UPDATE clients SET pronouns = ?, name_to_use = ?, updated_at = now() WHERE `+where+` RETURNING id`,
			append([]any{p.Pronouns, p.NameToUse}, args...)...).Scan(&id).Error; err != nil {
			return fmt.Errorf("set client profile: %w", err)
		}
		if id == 0 {
			return ErrNotFound
		}
		return s.audit.RecordTx(ctx, tx, a, audit.ClientChanged, "client", id, id, detail)
	})
}

// OwnProfile returns the signed-in client's own pronouns and name to use.
func (s *Service) OwnProfile(ctx context.Context, a auth.Actor) (Profile, error) {
	var p Profile
	if a.Role != auth.RoleClient {
		return p, ErrNotFound
	}
	if err := s.db.WithContext(ctx).Raw(`SELECT pronouns, name_to_use FROM clients WHERE user_id = ? LIMIT 1`, a.UserID).Scan(&p).Error; err != nil {
		return p, fmt.Errorf("own profile: %w", err)
	}
	return p, nil
}
