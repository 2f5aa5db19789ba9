package client_test

import (
	"context"
	"errors"
	"testing"

	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/client"
	"github.com/tend-practice/tend/internal/testkit"
)

// These tests drive the client service directly, on a real PostgreSQL
// database of their own (testkit), without the web layer.

// A clinician sees only their own clients; another clinician's answers
// ErrNotFound; only a clinician adds one.
func TestClient_OwnedByTheirClinician(t *testing.T) {
	t.Parallel()
	k := testkit.New(t, testkit.WithoutLibrary())
	ctx := context.Background()
	c1, c2 := k.Clinician("c1@example.test"), k.Clinician("c2@example.test")
	robin, _ := k.Client(c1, "Robin", "robin@example.test")
	k.Client(c2, "Sky", "sky@example.test")

	list, err := k.App.Clients.List(ctx, c1, false)
	if err != nil || len(list) != 1 || list[0].ID != robin.ID || list[0].DisplayName != "Robin" || !list[0].InvitePending {
		t.Fatalf("c1's roster: %+v %v", list, err)
	}
	if _, err := k.App.Clients.Get(ctx, c2, robin.ID); !errors.Is(err, client.ErrNotFound) {
		t.Fatalf("another clinician's Get: %v, want ErrNotFound", err)
	}
	if err := k.App.Clients.SetArchived(ctx, c2, robin.ID, true); !errors.Is(err, client.ErrNotFound) {
		t.Fatalf("another clinician archiving: %v, want ErrNotFound", err)
	}
	admin := k.Admin("admin@example.test")
	if _, _, err := k.App.Clients.Create(ctx, admin, client.NewClient{DisplayName: "Nope"}); err == nil {
		t.Fatal("an administrator added a client")
	}
	if _, err := k.App.Clients.Get(ctx, admin, robin.ID); !errors.Is(err, client.ErrNotFound) {
		t.Fatalf("an administrator's Get: %v, want ErrNotFound", err)
	}
}

// Archiving moves a client between the two lists and keeps the record.
func TestClient_ArchiveAndRestore(t *testing.T) {
	t.Parallel()
	k := testkit.New(t, testkit.WithoutLibrary())
	ctx := context.Background()
	c1 := k.Clinician("c1@example.test")
	robin, _ := k.Client(c1, "Robin", "")
	if err := k.App.Clients.SetArchived(ctx, c1, robin.ID, true); err != nil {
		t.Fatal(err)
	}
	if list, _ := k.App.Clients.List(ctx, c1, false); len(list) != 0 {
		t.Fatalf("active roster after archiving: %+v", list)
	}
	if list, _ := k.App.Clients.List(ctx, c1, true); len(list) != 1 || list[0].ID != robin.ID {
		t.Fatalf("archived roster: %+v", list)
	}
	if err := k.App.Clients.SetArchived(ctx, c1, robin.ID, false); err != nil {
		t.Fatal(err)
	}
	if list, _ := k.App.Clients.List(ctx, c1, false); len(list) != 1 {
		t.Fatalf("active roster after restoring: %+v", list)
	}
}

// An invite is accepted once; its client then has an account and a
// second use, or a made-up token, is refused.
func TestClient_InviteAcceptedOnce(t *testing.T) {
	t.Parallel()
	k := testkit.New(t, testkit.WithoutLibrary())
	ctx := context.Background()
	c1 := k.Clinician("c1@example.test")
	robin, token := k.Client(c1, "Robin", "robin@example.test")
	if _, err := k.App.Clients.LookupInvite(ctx, token); err != nil {
		t.Fatalf("look up a fresh invite: %v", err)
	}
	uid, err := k.App.Clients.AcceptInvite(ctx, token, "", testkit.Password)
	if err != nil || uid == 0 {
		t.Fatalf("accept: %d %v", uid, err)
	}
	if _, err := k.App.Clients.AcceptInvite(ctx, token, "", testkit.Password); !errors.Is(err, client.ErrInviteInvalid) {
		t.Fatalf("a second use: %v, want ErrInviteInvalid", err)
	}
	if _, err := k.App.Clients.LookupInvite(ctx, "not-a-token"); !errors.Is(err, client.ErrInviteInvalid) {
		t.Fatalf("a made-up token: %v, want ErrInviteInvalid", err)
	}
	got, err := k.App.Clients.Get(ctx, c1, robin.ID)
	if err != nil || got.UserID == nil || *got.UserID != uid || got.InvitePending {
		t.Fatalf("the client after accepting: %+v %v", got, err)
	}
	if u, err := k.App.Accounts.Authenticate(ctx, "robin@example.test", testkit.Password); err != nil || u.Role != auth.RoleClient {
		t.Fatalf("the client signs in: %+v %v", u, err)
	}
}

// client.Label is the Go twin of the SQL function tend_client_label that the
// queries naming a client use: the two must name every client alike.
func TestLabel_MatchesTheSQLFunction(t *testing.T) {
	t.Parallel()
	k := testkit.New(t, testkit.WithoutLibrary())
	for _, c := range []struct{ name, pronouns, nameToUse, want string }{
		{"Sam Lee", "", "", "Sam Lee"},
		{"Sam Lee", "they/them", "", "Sam Lee (they/them)"},
		{"Sam Lee", "", "Sam", "Sam Lee · goes by Sam"},
		{"Sam Lee", "she/they", "Sammy", "Sam Lee (she/they) · goes by Sammy"},
		{"Sam", "he/him", "Sam", "Sam (he/him)"},
	} {
		var sql string
		if err := k.App.DB.Gorm.Raw(`SELECT tend_client_label(?, ?, ?)`, c.name, c.pronouns, c.nameToUse).Scan(&sql).Error; err != nil {
			t.Fatal(err)
		}
		if got := client.Label(c.name, c.pronouns, c.nameToUse); got != c.want || sql != c.want {
			t.Errorf("Label(%q, %q, %q): Go %q, SQL %q, want %q", c.name, c.pronouns, c.nameToUse, got, sql, c.want)
		}
	}
}
