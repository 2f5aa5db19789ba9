package worksheet_test

import (
	"context"
	"log/slog"
	"testing"

	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/database/dbtest"
	"github.com/tend-practice/tend/internal/worksheet"
)

// Upgrading the built-ins (issue 16: severities, private safety screens,
// new questions) lands each changed worksheet as one new version; the old
// version stays readable for the assignments that pinned it, and syncing
// again changes nothing.
func TestSync_BuiltinChangesLandAsNewVersions_Idempotent(t *testing.T) {
	ctx := context.Background()
	db := dbtest.New(t)
	svc := worksheet.NewService(db.Gorm, audit.New(db.Gorm, slog.New(slog.DiscardHandler)))
	current, err := worksheet.Builtins()
	if err != nil {
		t.Fatal(err)
	}
	// "Before": the same worksheets without severities or private fields,
	// and without the three new ones.
	var before []worksheet.Schema
	for _, s := range current {
		if s.Slug == "aftercare-check-in" || s.Slug == "after-a-scene" || s.Slug == "aftercare-giving-inventory" {
			continue
		}
		old := s
		old.FlagRules = nil
		for _, r := range s.FlagRules {
			r.Severity = ""
			old.FlagRules = append(old.FlagRules, r)
		}
		old.Sections = nil
		for _, sec := range s.Sections {
			fields := make([]worksheet.Field, len(sec.Fields))
			copy(fields, sec.Fields)
			for i := range fields {
				fields[i].Private = false
			}
			sec.Fields = fields
			old.Sections = append(old.Sections, sec)
		}
		before = append(before, old)
	}
	count := func() (sheets, versions int64) {
		db.Gorm.Table("worksheets").Count(&sheets)
		db.Gorm.Table("worksheet_versions").Count(&versions)
		return
	}
	if err := svc.Sync(ctx, before); err != nil {
		t.Fatal(err)
	}
	if w, v := count(); w != 6 || v != 6 {
		t.Fatalf("before: %d worksheets, %d versions; want 6 and 6", w, v)
	}
	staff := auth.Actor{UserID: 1, Role: auth.RoleAdmin}
	pinned, err := svc.Get(ctx, staff, "aftercare-plan")
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		if err := svc.Sync(ctx, current); err != nil {
			t.Fatal(err)
		}
		// Five changed worksheets get a second version and three new ones a
		// first. The needs inventory has no flags or private fields, so its
		// "before" is the same schema: it keeps its one version.
		if w, v := count(); w != 9 || v != 14 {
			t.Fatalf("after upgrade sync %d: %d worksheets, %d versions; want 9 and 14", i+1, w, v)
		}
	}
	now, err := svc.Get(ctx, staff, "aftercare-plan")
	if err != nil {
		t.Fatal(err)
	}
	if now.Version != pinned.Version+1 {
		t.Errorf("aftercare-plan version %d, want %d", now.Version, pinned.Version+1)
	}
	if f, _ := now.Schema.Field("safe_to_raise"); !f.Private {
		t.Error("the current plan's safety screen is not private")
	}
	old, err := svc.VersionByID(ctx, pinned.ID)
	if err != nil {
		t.Fatal(err)
	}
	if old.Version != pinned.Version || len(old.Schema.FlagRules) == 0 || old.Schema.FlagRules[0].Severity != "" {
		t.Errorf("the pinned version changed: %+v", old.Schema.FlagRules)
	}
}
