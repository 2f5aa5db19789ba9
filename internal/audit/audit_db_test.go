package audit_test

import (
	"context"
	"errors"
	"testing"

	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/testkit"
)

// These tests drive the audit log directly, on a real PostgreSQL database
// of their own (testkit), without the web layer.

func TestAudit_RecordAndListWithFilters(t *testing.T) {
	t.Parallel()
	k := testkit.New(t, testkit.WithoutLibrary())
	ctx := audit.WithIP(context.Background(), "203.0.113.9")
	log := k.App.Audit
	clin := k.Clinician("Pat_100%@example.test")
	other := k.Clinician("patrick@example.test")
	log.Record(ctx, clin, audit.AssignmentCreated, "assignment", 11, 5, "worksheet:a")
	log.Record(ctx, clin, audit.AssignmentCreated, "assignment", 12, 6, "worksheet:b")
	log.Record(ctx, other, audit.AssignmentCreated, "assignment", 13, 5, "worksheet:c")

	evs, err := log.List(ctx, audit.Filter{Action: audit.AssignmentCreated})
	if err != nil || len(evs) != 3 || *evs[0].ObjectID != 13 || *evs[2].ObjectID != 11 {
		t.Fatalf("newest first: %+v %v", evs, err)
	}
	e := evs[2]
	if e.IP != "203.0.113.9" || e.ActorEmail != "pat_100%@example.test" || e.ActorRole != string(auth.RoleClinician) ||
		*e.ClientID != 5 || e.Detail != "worksheet:a" || e.At.IsZero() {
		t.Fatalf("recorded event: %+v", e)
	}
	if evs, _ := log.List(ctx, audit.Filter{ClientID: 5}); len(evs) != 2 {
		t.Fatalf("client 5: %d events, want 2", len(evs))
	}
	if evs, _ := log.List(ctx, audit.Filter{ActorID: other.UserID, Action: audit.AssignmentCreated}); len(evs) != 1 || *evs[0].ObjectID != 13 {
		t.Fatalf("by actor: %+v", evs)
	}
	// The person search is a substring, with % and _ taken literally.
	if evs, _ := log.List(ctx, audit.Filter{Person: "_100%", Action: audit.AssignmentCreated}); len(evs) != 2 {
		t.Fatalf("person with wildcards: %d events, want 2", len(evs))
	}
	if evs, _ := log.List(ctx, audit.Filter{Person: "%", Action: audit.AssignmentCreated}); len(evs) != 2 {
		t.Fatalf("person %%: %d events, want 2 (not every actor)", len(evs))
	}
	// Keyset pages.
	page1, _ := log.List(ctx, audit.Filter{Action: audit.AssignmentCreated, Limit: 2})
	page2, _ := log.List(ctx, audit.Filter{Action: audit.AssignmentCreated, Limit: 2, Before: page1[len(page1)-1].ID})
	if len(page1) != 2 || len(page2) != 1 || *page2[0].ObjectID != 11 {
		t.Fatalf("pages: %d then %d", len(page1), len(page2))
	}
}

// An administrator sees who did what, not a client's clinical detail,
// unless mayRead grants it.
func TestAudit_ListForAdmin_HidesClinicalDetail(t *testing.T) {
	t.Parallel()
	k := testkit.New(t, testkit.WithoutLibrary())
	ctx := context.Background()
	clin := k.Clinician("clin@example.test")
	k.App.Audit.Record(ctx, clin, audit.AssignmentCreated, "assignment", 1, 42, "module:feeling-low-after-sex")
	f := audit.Filter{Action: audit.AssignmentCreated}
	evs, err := k.App.Audit.ListForAdmin(ctx, f, func(int64) bool { return false })
	if err != nil || len(evs) != 1 || evs[0].Detail != "" || evs[0].ActorEmail != "clin@example.test" {
		t.Fatalf("without a grant: %+v %v", evs, err)
	}
	evs, _ = k.App.Audit.ListForAdmin(ctx, f, func(id int64) bool { return id == 42 })
	if len(evs) != 1 || evs[0].Detail != "module:feeling-low-after-sex" {
		t.Fatalf("under a grant: %+v", evs)
	}
}

// An event recorded in a transaction that rolls back is gone with it, and
// the trail refuses changes.
func TestAudit_RecordTx_RollsBackWithTheChange_TrailIsAppendOnly(t *testing.T) {
	t.Parallel()
	k := testkit.New(t, testkit.WithoutLibrary())
	ctx := context.Background()
	clin := k.Clinician("clin@example.test")
	boom := errors.New("the change failed")
	err := k.DB.Gorm.Transaction(func(tx *gorm.DB) error {
		if err := k.App.Audit.RecordTx(ctx, tx, clin, audit.ClientChanged, "client", 9, 9, "archived"); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if evs, _ := k.App.Audit.List(ctx, audit.Filter{Action: audit.ClientChanged}); len(evs) != 0 {
		t.Fatalf("a rolled-back event was kept: %+v", evs)
	}
	k.App.Audit.Record(ctx, clin, audit.ClientChanged, "client", 9, 9, "archived")
	if err := k.DB.Gorm.Exec(`UPDATE audit_events SET detail = 'changed'`).Error; err == nil {
		t.Fatal("an audit event was updated")
	}
	if err := k.DB.Gorm.Exec(`DELETE FROM audit_events`).Error; err == nil {
		t.Fatal("audit events were deleted")
	}
}
