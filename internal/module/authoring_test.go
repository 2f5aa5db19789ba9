package module_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/account"
	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/database"
	"github.com/tend-practice/tend/internal/database/dbtest"
	"github.com/tend-practice/tend/internal/module"
	"github.com/tend-practice/tend/internal/reference"
)

type library struct {
	db      *database.DB
	modules *module.Service
	clin1   auth.Actor
	clin2   auth.Actor
	admin   auth.Actor
}

func newLibrary(t *testing.T) *library {
	t.Helper()
	db := dbtest.New(t)
	log := audit.New(db.Gorm, slog.New(slog.NewTextHandler(io.Discard, nil)))
	accounts := account.NewService(db.Gorm, auth.NewHasher(4), log)
	l := &library{db: db, modules: module.NewService(db.Gorm, log)}
	mk := func(role auth.Role, email string) auth.Actor {
		u, err := accounts.Create(context.Background(), auth.Actor{}, account.NewUser{Email: email, DisplayName: email, Role: role, Password: "correct horse battery"})
		if err != nil {
			t.Fatal(err)
		}
		return auth.Actor{UserID: u.ID, Role: role}
	}
	l.clin1 = mk(auth.RoleClinician, "c1@example.test")
	l.clin2 = mk(auth.RoleClinician, "c2@example.test")
	l.admin = mk(auth.RoleAdmin, "admin@example.test")
	return l
}

func (l *library) count(t *testing.T, sql string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := l.db.Gorm.Raw(sql, args...).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func draft() module.Definition {
	return module.Definition{Slug: "after-the-scene", Title: "After the scene", Summary: "What helps once play ends.",
		Topics: []string{"kink", "basics"}, Body: "Slow down.\r\nDrink water.\r\n"}
}

func article() reference.Reference {
	return reference.Reference{Authors: []reference.Author{{Family: "Sagarin", Given: "B. J."}}, Year: 2009,
		Title: "Hormonal changes and couple bonding", Journal: "Archives of Sexual Behavior", Volume: "38", Issue: "2",
		Pages: "186-200", DOI: "https://doi.org/10.1007/s10508-008-9374-5"}
}

func TestSave_NewThenUnchangedThenChanged_VersionsAndAudit(t *testing.T) {
	l := newLibrary(t)
	ctx := context.Background()
	v1, err := l.modules.Save(ctx, l.clin1, draft(), []reference.Reference{article()})
	if err != nil {
		t.Fatal(err)
	}
	// The same content typed again (other line endings, topics in another order).
	d := draft()
	d.Body = "Slow down.\nDrink water."
	d.Topics = []string{"basics", "kink"}
	again, err := l.modules.Save(ctx, l.clin1, d, []reference.Reference{article()})
	if err != nil || again != v1 {
		t.Fatalf("unchanged save: id %d (want %d), %v", again, v1, err)
	}
	d.Body += "\n\nRest."
	v2, err := l.modules.Save(ctx, l.clin1, d, []reference.Reference{article()})
	if err != nil || v2 == v1 {
		t.Fatalf("changed save: id %d, %v", v2, err)
	}
	if n := l.count(t, `SELECT count(*) FROM module_versions v JOIN modules m ON m.id = v.module_id WHERE m.slug = 'after-the-scene'`); n != 2 {
		t.Fatalf("%d versions, want 2", n)
	}
	if n := l.count(t, `SELECT count(*) FROM audit_events WHERE action = ?`, audit.ModuleSaved); n != 2 {
		t.Fatalf("%d module_saved events, want 2", n)
	}
	got, err := l.modules.Get(ctx, l.clin1, "after-the-scene")
	if err != nil {
		t.Fatal(err)
	}
	if got.Visibility != module.Private || got.Version != 2 || len(got.References) != 1 {
		t.Fatalf("got %+v", got)
	}
	r := got.References[0]
	if r.DOI != "10.1007/s10508-008-9374-5" || !strings.HasPrefix(r.Key, "u") {
		t.Fatalf("reference stored as %+v", r)
	}
}

func TestSave_ReferenceKeyCannotOverwriteBuiltin(t *testing.T) {
	l := newLibrary(t)
	ctx := context.Background()
	builtinRef := article()
	builtinRef.Key = "sagarin2009"
	if err := l.modules.Sync(ctx, []module.Definition{{Slug: "builtin-one", Title: "Built in", Summary: "S.", Body: "B\n",
		References: []string{"sagarin2009"}}}, []reference.Reference{builtinRef}); err != nil {
		t.Fatal(err)
	}
	hostile := article()
	hostile.Key = "sagarin2009"
	hostile.Title = "Overwritten"
	if _, err := l.modules.Save(ctx, l.clin1, draft(), []reference.Reference{hostile}); err != nil {
		t.Fatal(err)
	}
	var title string
	l.db.Gorm.Raw(`SELECT title FROM bibliography WHERE key = 'sagarin2009'`).Scan(&title)
	if title != builtinRef.Title {
		t.Fatalf("built-in reference now titled %q", title)
	}
}

func TestSave_OthersAndBuiltin_NotFound(t *testing.T) {
	l := newLibrary(t)
	ctx := context.Background()
	if err := l.modules.Sync(ctx, []module.Definition{{Slug: "builtin-one", Title: "Built in", Summary: "S.", Body: "B\n"}}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := l.modules.Save(ctx, l.clin1, draft(), nil); err != nil {
		t.Fatal(err)
	}
	d := draft()
	d.Body = "Mine now."
	if _, err := l.modules.Save(ctx, l.clin2, d, nil); !errors.Is(err, module.ErrNotFound) {
		t.Fatalf("another clinician's save: %v, want ErrNotFound", err)
	}
	d.Slug = "builtin-one"
	if _, err := l.modules.Save(ctx, l.clin1, d, nil); !errors.Is(err, module.ErrNotFound) {
		t.Fatalf("save over a built-in: %v, want ErrNotFound", err)
	}
	if _, err := l.modules.Save(ctx, auth.Actor{UserID: l.clin1.UserID, Role: auth.RoleClient}, draft(), nil); !errors.Is(err, module.ErrNotFound) {
		t.Fatalf("client save: %v", err)
	}
	_, err := l.modules.Create(ctx, l.clin1, draft(), nil)
	var verr *module.ValidationError
	if !errors.As(err, &verr) || verr.Fields["slug"] == "" {
		t.Fatalf("create with a used slug: %v", err)
	}
	if _, err := l.modules.Get(ctx, l.clin2, "after-the-scene"); !errors.Is(err, module.ErrNotFound) {
		t.Fatalf("another clinician sees a private module: %v", err)
	}
}

func TestSave_Invalid_EveryProblemKeyedByField(t *testing.T) {
	l := newLibrary(t)
	bad := article()
	bad.DOI = "not a doi"
	bad.Year = 20014
	bad.Authors = []reference.Author{{Given: "A."}}
	d := draft()
	d.Slug = "Bad Slug"
	d.Title = ""
	d.Topics = []string{"astrology"}
	_, err := l.modules.Save(context.Background(), l.clin1, d, []reference.Reference{article(), bad})
	var verr *module.ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("got %v, want a ValidationError", err)
	}
	for _, k := range []string{"slug", "title", "topics", "ref2_doi", "ref2_year", "ref2_authors"} {
		if verr.Fields[k] == "" {
			t.Errorf("no message for %s in %v", k, verr.Fields)
		}
	}
	if _, ok := verr.Fields["ref1_doi"]; ok {
		t.Error("the good reference was reported")
	}
	if n := l.count(t, `SELECT count(*) FROM modules`); n != 0 {
		t.Fatalf("%d modules stored", n)
	}
}

func TestPublish_AdminOnly_PrivateBecomesPracticeWide(t *testing.T) {
	l := newLibrary(t)
	ctx := context.Background()
	if _, err := l.modules.Save(ctx, l.clin1, draft(), nil); err != nil {
		t.Fatal(err)
	}
	if err := l.modules.Publish(ctx, l.clin1, "after-the-scene"); !errors.Is(err, module.ErrNotFound) {
		t.Fatalf("clinician publish: %v", err)
	}
	if err := l.modules.Publish(ctx, l.admin, "after-the-scene"); err != nil {
		t.Fatal(err)
	}
	if err := l.modules.Publish(ctx, l.admin, "after-the-scene"); err != nil {
		t.Fatalf("publishing twice: %v", err)
	}
	if err := l.modules.Publish(ctx, l.admin, "no-such-module"); !errors.Is(err, module.ErrNotFound) {
		t.Fatalf("publish missing: %v", err)
	}
	v, err := l.modules.Get(ctx, l.clin2, "after-the-scene")
	if err != nil || v.Visibility != module.Practice {
		t.Fatalf("after publishing, clinician 2 gets %+v, %v", v, err)
	}
	if n := l.count(t, `SELECT count(*) FROM audit_events WHERE action = ? AND object_type = 'module'`, audit.Published); n != 1 {
		t.Fatalf("%d published events, want 1", n)
	}
	// The owner keeps editing a published module; nobody else can.
	d := draft()
	d.Body = "Updated."
	if _, err := l.modules.Save(ctx, l.clin1, d, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := l.modules.Save(ctx, l.clin2, d, nil); !errors.Is(err, module.ErrNotFound) {
		t.Fatalf("non-owner edit of a published module: %v", err)
	}
}
