package breakglass_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/breakglass"
	"github.com/tend-practice/tend/internal/database/dbtest"
)

type fixture struct {
	db              *gorm.DB
	svc             *breakglass.Service
	admin, admin2   auth.Actor
	clin1, clin2    auth.Actor
	client, client2 int64 // client belongs to clin1, client2 to clin2
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	db := dbtest.New(t)
	f := &fixture{db: db.Gorm, svc: breakglass.NewService(db.Gorm, audit.New(db.Gorm, slog.New(slog.NewTextHandler(io.Discard, nil))))}
	f.admin = f.user(t, auth.RoleAdmin, "a@example.test")
	f.admin2 = f.user(t, auth.RoleAdmin, "b@example.test")
	f.clin1 = f.user(t, auth.RoleClinician, "c1@example.test")
	f.clin2 = f.user(t, auth.RoleClinician, "c2@example.test")
	f.client = f.clientOf(t, f.clin1, "Robin")
	f.client2 = f.clientOf(t, f.clin2, "Sky")
	return f
}

func (f *fixture) user(t *testing.T, role auth.Role, email string) auth.Actor {
	t.Helper()
	var id int64
	if err := f.db.Raw(`INSERT INTO users (email, role) VALUES (?, ?) RETURNING id`, email, role).Scan(&id).Error; err != nil {
		t.Fatal(err)
	}
	return auth.Actor{UserID: id, Role: role, Email: email}
}

func (f *fixture) clientOf(t *testing.T, clin auth.Actor, name string) int64 {
	t.Helper()
	var id int64
	if err := f.db.Raw(`INSERT INTO clients (clinician_id, display_name) VALUES (?, ?) RETURNING id`, clin.UserID, name).Scan(&id).Error; err != nil {
		t.Fatal(err)
	}
	return id
}

func TestBreakGlass_Open_OnlyAdmins_WithAReason(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	var verr *breakglass.ValidationError
	for _, reason := range []string{"", "   ", strings.Repeat("é", breakglass.MaxReasonLength+1)} {
		if _, err := f.svc.Open(ctx, f.admin, f.client, reason); !errors.As(err, &verr) || verr.Fields["reason"] == "" {
			t.Fatalf("reason %.10q: %v", reason, err)
		}
	}
	if _, err := f.svc.Open(ctx, f.admin, 987654, "Emergency"); !errors.As(err, &verr) || verr.Fields["client_id"] == "" {
		t.Fatalf("missing client: %v", err)
	}
	if _, err := f.svc.Open(ctx, f.clin2, f.client, "Curious"); !errors.Is(err, breakglass.ErrNotFound) {
		t.Fatalf("a clinician opened a grant: %v", err)
	}
	g, err := f.svc.Open(ctx, f.admin, f.client, "  Client at risk  ")
	if err != nil {
		t.Fatal(err)
	}
	if g.Reason != "Client at risk" || !g.Active || g.ClientName != "Robin" || g.ExpiresAt.Sub(g.OpenedAt) != breakglass.Duration {
		t.Fatalf("grant %+v", g)
	}
}

func TestBreakGlass_Active_PerAdminPerClient(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	if _, err := f.svc.Open(ctx, f.admin, f.client, "Emergency"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Active(ctx, f.admin, f.client); err != nil {
		t.Fatalf("own grant: %v", err)
	}
	for name, tc := range map[string]struct {
		who    auth.Actor
		client int64
	}{"another admin": {f.admin2, f.client}, "another client": {f.admin, f.client2}, "the clinician": {f.clin1, f.client}} {
		if _, err := f.svc.Active(ctx, tc.who, tc.client); !errors.Is(err, breakglass.ErrNotFound) {
			t.Errorf("%s: %v, want ErrNotFound", name, err)
		}
	}
}

func TestBreakGlass_End_OwnOpenGrantOnly(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	g, err := f.svc.Open(ctx, f.admin, f.client, "Emergency")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.svc.End(ctx, f.admin2, g.ID); !errors.Is(err, breakglass.ErrNotFound) {
		t.Fatalf("another admin ended it: %v", err)
	}
	if err := f.svc.End(ctx, f.admin, g.ID); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.End(ctx, f.admin, g.ID); !errors.Is(err, breakglass.ErrNotFound) {
		t.Fatalf("ended twice: %v", err)
	}
	if _, err := f.svc.Active(ctx, f.admin, f.client); !errors.Is(err, breakglass.ErrNotFound) {
		t.Fatalf("still active after ending: %v", err)
	}
}

func TestBreakGlass_ForClient_OnlyThatClientsClinician(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	if _, err := f.svc.Open(ctx, f.admin, f.client, "Emergency"); err != nil {
		t.Fatal(err)
	}
	if gs, err := f.svc.ForClient(ctx, f.clin1, f.client); err != nil || len(gs) != 1 || gs[0].Reason != "Emergency" {
		t.Fatalf("the client's clinician: %v %v", gs, err)
	}
	if gs, _ := f.svc.ForClient(ctx, f.clin2, f.client); len(gs) != 0 {
		t.Fatal("another clinician sees the grant")
	}
}

func TestBreakGlass_Reader_MarksOnlyAdmins(t *testing.T) {
	f := newFixture(t)
	if !breakglass.Reader(f.admin).EmergencyAccess || breakglass.Reader(f.clin1).EmergencyAccess {
		t.Fatal("Reader marks the wrong roles")
	}
}

func TestBreakGlass_Grants_CannotBeRewrittenOrDeleted(t *testing.T) {
	f := newFixture(t)
	g, err := f.svc.Open(context.Background(), f.admin, f.client, "Emergency")
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`UPDATE break_glass_grants SET reason = 'routine' WHERE id = ?`,
		`UPDATE break_glass_grants SET expires_at = expires_at + interval '1 day' WHERE id = ?`,
		`UPDATE break_glass_grants SET client_id = client_id WHERE id = ?`,
		`DELETE FROM break_glass_grants WHERE id = ?`,
	} {
		if err := f.db.Exec(q, g.ID).Error; err == nil {
			t.Errorf("%s succeeded", q)
		}
	}
}
