package program_test

import (
	"context"
	"log/slog"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/database/dbtest"
	"github.com/tend-practice/tend/internal/program"
)

func TestBuiltinProgramTranslations_SyncedAndShownPerLanguage(t *testing.T) {
	ctx := context.Background()
	db := dbtest.New(t)
	svc := program.NewService(db.Gorm, audit.New(db.Gorm, slog.New(slog.DiscardHandler)), nil)
	if err := svc.SyncBuiltins(ctx); err != nil {
		t.Fatal(err)
	}
	// Only the fixture's (Spanish) texts, whatever the embedded files hold.
	if err := db.Gorm.Exec(`DELETE FROM program_translations`).Error; err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if err := svc.SyncTranslationsFrom(ctx, os.DirFS("testdata/translated")); err != nil {
			t.Fatal(err)
		}
	}
	var n int64
	db.Gorm.Table("program_translations").Count(&n)
	if n != 3 {
		t.Fatalf("%d program translations, want 3 (es)", n)
	}
	clin := auth.Actor{UserID: 1, Role: auth.RoleClinician}
	list, err := svc.List(ctx, clin)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range list {
		if p.Slug != "aftercare-basics" {
			continue
		}
		if es := p.In("es"); !strings.HasPrefix(es.Title, "Lo básico") || es.Description == "" {
			t.Fatalf("Spanish title %q", es.Title)
		}
		if el := p.In("el"); el.Title != p.Title {
			t.Fatalf("Greek falls back to %q, want the English title", el.Title)
		}
		if langs := p.Languages(); len(langs) != 1 || langs[0] != "es" {
			t.Fatalf("languages %v", langs)
		}
		got, err := svc.Get(ctx, clin, p.ID)
		if err != nil || got.In("es") != p.In("es") {
			t.Fatalf("Get: %v %+v", err, got.In("es"))
		}
		return
	}
	t.Fatal("no aftercare-basics")
}

func TestBuiltinProgramTranslations_RefuseUnknownSlugOrEmptyTitle(t *testing.T) {
	for name, body := range map[string]string{
		"unknown": `{"no-such-program": {"title": "x"}}`,
		"empty":   `{"aftercare-basics": {"title": " "}}`,
		"broken":  `{`,
	} {
		if _, err := program.BuiltinTranslations(fstest.MapFS{"el.json": {Data: []byte(body)}}); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
