package module_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/database/dbtest"
	"github.com/tend-practice/tend/internal/module"
	"github.com/tend-practice/tend/internal/module/builtin"
)

func TestSync_IdempotentAndVersioned(t *testing.T) {
	ctx := context.Background()
	db := dbtest.New(t)
	svc := module.NewService(db.Gorm, audit.New(db.Gorm, slog.New(slog.DiscardHandler)))
	defs, refs, err := module.Builtins(builtin.FS)
	if err != nil {
		t.Fatal(err)
	}
	if len(defs) != 11 {
		t.Fatalf("%d built-in modules, want 11", len(defs))
	}
	count := func() (mods, versions int64) {
		db.Gorm.Table("modules").Count(&mods)
		db.Gorm.Table("module_versions").Count(&versions)
		return
	}
	for i := 0; i < 2; i++ {
		if err := svc.Sync(ctx, defs, refs); err != nil {
			t.Fatal(err)
		}
		if m, v := count(); m != 11 || v != 11 {
			t.Fatalf("after sync %d: %d modules, %d versions; want 11 and 11", i+1, m, v)
		}
	}
	// A changed file becomes a new version; the old one stays for assignments that pinned it.
	defs[0].Body += "\nOne more gentle sentence.\n"
	if err := svc.Sync(ctx, defs, refs); err != nil {
		t.Fatal(err)
	}
	if _, v := count(); v != 12 {
		t.Fatalf("%d versions after a change, want 12", v)
	}
	clin := auth.Actor{UserID: 1, Role: auth.RoleClinician}
	got, err := svc.Get(ctx, clin, defs[0].Slug)
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != 2 || !strings.Contains(got.Body, "One more gentle sentence.") {
		t.Fatalf("current version %d does not carry the change", got.Version)
	}
}

func TestBuiltins_ReferencesResolveToStoredRecords(t *testing.T) {
	ctx := context.Background()
	db := dbtest.New(t)
	svc := module.NewService(db.Gorm, audit.New(db.Gorm, slog.New(slog.DiscardHandler)))
	defs, refs, err := module.Builtins(builtin.FS)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Sync(ctx, defs, refs); err != nil {
		t.Fatal(err)
	}
	admin := auth.Actor{UserID: 1, Role: auth.RoleAdmin}
	for _, d := range defs {
		v, err := svc.Get(ctx, admin, d.Slug)
		if err != nil {
			t.Fatal(err)
		}
		if len(v.References) != len(d.References) {
			t.Errorf("%s: %d stored references, want %d", d.Slug, len(v.References), len(d.References))
		}
		for i, r := range v.References {
			if r.Key != d.References[i] || r.DOI == "" {
				t.Errorf("%s: reference %d is %q (DOI %q), want %q with a DOI", d.Slug, i, r.Key, r.DOI, d.References[i])
			}
			if strings.Contains(strings.ToLower(r.Authors[0].Family), "meltzer") {
				t.Errorf("%s cites Meltzer et al. (2014)", d.Slug)
			}
		}
	}
}

func TestRenderer_RemovesScriptsAndEventHandlers(t *testing.T) {
	r := module.NewRenderer()
	body := "## Hello\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[click](javascript:alert(1))\n\n" +
		"<a href=\"#\" onclick=\"steal()\">x</a>\n\n## Try this\n\n- breathe\n"
	out := string(r.HTML(body))
	for _, bad := range []string{"<script", "onerror", "javascript:", "onclick"} {
		if strings.Contains(strings.ToLower(out), bad) {
			t.Errorf("rendered HTML keeps %q:\n%s", bad, out)
		}
	}
	if !strings.Contains(out, `<section class="try"><h2>Try this</h2>`) {
		t.Errorf("Try this section not set apart:\n%s", out)
	}
}
