package module_test

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/database/dbtest"
	"github.com/tend-practice/tend/internal/module"
	"github.com/tend-practice/tend/internal/module/builtin"
)

const goodGuide = `---
module: m
references: []
---
## What this module is for

Purpose.

## Who it suits

Most.

## Who it may not suit yet

Some.

## Introducing it in session

Gently.

## Discussion prompts

1. One?
2. Two?
3. Three?

## The evidence

First paragraph (Muise et al., 2014).

Second paragraph, with its limits.
`

func TestParseGuide_Shape(t *testing.T) {
	slug, body, keys, err := module.ParseGuide([]byte(goodGuide))
	if err != nil || slug != "m" || len(keys) != 0 || !strings.HasPrefix(body, "## What this module is for") {
		t.Fatalf("ParseGuide(good) = %q, %q, %v, %v", slug, body, keys, err)
	}
	tests := []struct {
		name, from, to, wantErr string
	}{
		{"a section missing", "## Who it suits\n\nMost.\n\n", "", "want exactly"},
		{"sections out of order", "## Who it suits\n\nMost.\n\n## Who it may not suit yet\n\nSome.",
			"## Who it may not suit yet\n\nSome.\n\n## Who it suits\n\nMost.", "want exactly"},
		{"an extra section", "## The evidence", "## Extra\n\nMore.\n\n## The evidence", "want exactly"},
		{"an empty section", "Gently.", "", `"Introducing it in session" is empty`},
		{"two prompts", "3. Three?\n", "", "2 discussion prompts"},
		{"four prompts", "3. Three?\n", "3. Three?\n4. Four?\n", "4 discussion prompts"},
		{"text before the first section", "---\n## What", "---\nStray.\n\n## What", "before the first section"},
		{"unknown front matter", "module: m\n", "module: m\naudience: clients\n", "field audience not found"},
		{"no front matter", "---\nmodule: m", "module: m", "must start with"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := strings.Replace(goodGuide, tt.from, tt.to, 1)
			if raw == goodGuide {
				t.Fatal("the case changes nothing")
			}
			_, _, _, err := module.ParseGuide([]byte(raw))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("ParseGuide() = %v, want an error with %q", err, tt.wantErr)
			}
		})
	}
}

func fixtureFS(t *testing.T) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, name := range []string{"references.yaml", "guided-fixture.md", "unguided-fixture.md", "guides/guided-fixture.md"} {
		b, err := os.ReadFile("testdata/guided/" + name)
		if err != nil {
			t.Fatal(err)
		}
		fsys[name] = &fstest.MapFile{Data: b}
	}
	return fsys
}

func TestBuiltins_LoadsGuidesAndToleratesModulesWithout(t *testing.T) {
	defs, _, err := module.Builtins(fixtureFS(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(defs) != 2 || defs[0].Slug != "guided-fixture" || defs[1].Slug != "unguided-fixture" {
		t.Fatalf("defs %+v", defs)
	}
	g := defs[0].Guide
	if g.Empty() || !strings.Contains(g.Body, "CLINICIAN-ONLY-PURPOSE") || len(g.References) != 2 ||
		g.References[1].Key != "samhsa2014" {
		t.Fatalf("guide %+v", g)
	}
	if !defs[1].Guide.Empty() {
		t.Fatal("a module without a guide file got one")
	}

	for name, change := range map[string]func(fstest.MapFS){
		"a guide for no module": func(f fstest.MapFS) {
			f["guides/nobody.md"] = &fstest.MapFile{Data: []byte(strings.Replace(goodGuide, "module: m", "module: nobody", 1))}
		},
		"a guide naming another module": func(f fstest.MapFS) {
			f["guides/unguided-fixture.md"] = &fstest.MapFile{Data: []byte(strings.Replace(goodGuide, "module: m", "module: guided-fixture", 1))}
		},
		"a guide citing an unknown reference": func(f fstest.MapFS) {
			f["guides/unguided-fixture.md"] = &fstest.MapFile{Data: []byte(strings.Replace(
				strings.Replace(goodGuide, "module: m", "module: unguided-fixture", 1), "references: []", "references: [nobody1999]", 1))}
		},
	} {
		t.Run(name, func(t *testing.T) {
			f := fixtureFS(t)
			change(f)
			if _, _, err := module.Builtins(f); err == nil {
				t.Fatal("Builtins() accepted it")
			}
		})
	}
}

// The guide is stored with the version: syncing twice adds nothing, a
// changed guide (like a changed body) adds exactly one version, the old
// version keeps its guide, and only staff can read it.
func TestSync_Guide_StoredPerVersion_StaffOnly(t *testing.T) {
	ctx := context.Background()
	db := dbtest.New(t)
	svc := module.NewService(db.Gorm, audit.New(db.Gorm, slog.New(slog.DiscardHandler)))
	defs, refs, err := module.Builtins(fixtureFS(t))
	if err != nil {
		t.Fatal(err)
	}
	versions := func() (n int64) {
		db.Gorm.Table("module_versions").Count(&n)
		return
	}
	for i := 0; i < 2; i++ {
		if err := svc.Sync(ctx, defs, refs); err != nil {
			t.Fatal(err)
		}
		if n := versions(); n != 2 {
			t.Fatalf("after sync %d: %d versions, want 2", i+1, n)
		}
	}
	clin := auth.Actor{UserID: 1, Role: auth.RoleClinician}
	admin := auth.Actor{UserID: 2, Role: auth.RoleAdmin}
	for _, a := range []auth.Actor{clin, admin} {
		g, err := svc.Guide(ctx, a, "guided-fixture")
		if err != nil || !strings.Contains(g.Body, "CLINICIAN-ONLY-PURPOSE") || len(g.References) != 2 ||
			g.References[0].Key != "muise2014" || g.References[1].GroupAuthor == "" {
			t.Fatalf("%s: Guide() = %+v, %v", a.Role, g, err)
		}
	}
	if g, err := svc.Guide(ctx, clin, "unguided-fixture"); err != nil || !g.Empty() {
		t.Fatalf("module without a guide: %+v, %v", g, err)
	}
	client := auth.Actor{UserID: 3, Role: auth.RoleClient, ClientID: 1}
	if _, err := svc.Guide(ctx, client, "guided-fixture"); !errors.Is(err, module.ErrNotFound) {
		t.Fatalf("client: Guide() error %v, want ErrNotFound", err)
	}
	if _, err := svc.Guide(ctx, auth.Actor{}, "guided-fixture"); !errors.Is(err, module.ErrNotFound) {
		t.Fatalf("nobody: Guide() error %v, want ErrNotFound", err)
	}
	if _, err := svc.Guide(ctx, clin, "no-such-module"); !errors.Is(err, module.ErrNotFound) {
		t.Fatalf("missing module: Guide() error %v, want ErrNotFound", err)
	}

	// A changed guide is a new version; the module text is the same.
	defs[0].Guide.Body = strings.Replace(defs[0].Guide.Body, "CLINICIAN-ONLY-PURPOSE", "REVISED-PURPOSE", 1)
	if err := svc.Sync(ctx, defs, refs); err != nil {
		t.Fatal(err)
	}
	if err := svc.Sync(ctx, defs, refs); err != nil {
		t.Fatal(err)
	}
	if n := versions(); n != 3 {
		t.Fatalf("%d versions after a guide change, want 3", n)
	}
	g, err := svc.Guide(ctx, clin, "guided-fixture")
	if err != nil || !strings.Contains(g.Body, "REVISED-PURPOSE") {
		t.Fatalf("current guide %q, %v", g.Body, err)
	}
	var old string
	db.Gorm.Raw(`SELECT v.guide FROM module_versions v JOIN modules m ON m.id = v.module_id
		WHERE m.slug = 'guided-fixture' AND v.version = 1`).Scan(&old)
	if !strings.Contains(old, "CLINICIAN-ONLY-PURPOSE") {
		t.Fatalf("version 1 lost its guide: %q", old)
	}
	// The module as a reader gets it has no way to carry the guide.
	v, err := svc.Get(ctx, clin, "guided-fixture")
	if err != nil || v.Version != 2 || strings.Contains(v.Body, "PURPOSE") {
		t.Fatalf("Get() = version %d, %v", v.Version, err)
	}
}

// Every built-in guide in the embedded folder reaches staff after a sync,
// with its references in order.
func TestSync_BuiltinGuidesReachStaff(t *testing.T) {
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
	clin := auth.Actor{UserID: 1, Role: auth.RoleClinician}
	for _, d := range defs {
		g, err := svc.Guide(ctx, clin, d.Slug)
		if err != nil {
			t.Fatal(err)
		}
		if g.Body != d.Guide.Body || len(g.References) != len(d.Guide.References) {
			t.Errorf("%s: stored guide differs from guides/%s.md", d.Slug, d.Slug)
			continue
		}
		for i, r := range g.References {
			if r.Key != d.Guide.References[i].Key {
				t.Errorf("%s: guide reference %d is %s, want %s", d.Slug, i+1, r.Key, d.Guide.References[i].Key)
			}
		}
	}
}
