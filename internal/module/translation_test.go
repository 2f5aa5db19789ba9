package module_test

import (
	"context"
	"io/fs"
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

func TestSyncTranslations_LinkedIdempotentAndOutOfDate(t *testing.T) {
	ctx := context.Background()
	db := dbtest.New(t)
	svc := module.NewService(db.Gorm, audit.New(db.Gorm, slog.New(slog.DiscardHandler)))
	fsys := os.DirFS("testdata/translated")
	defs, refs, err := module.Builtins(fsys)
	if err != nil {
		t.Fatal(err)
	}
	trs, err := module.BuiltinTranslations(fsys, defs)
	if err != nil {
		t.Fatal(err)
	}
	if len(trs) != 2 {
		t.Fatalf("%d translations, want 2 (es guided, el unguided)", len(trs))
	}
	if err := svc.Sync(ctx, defs, refs); err != nil {
		t.Fatal(err)
	}
	count := func(lang string) (n int64) {
		db.Gorm.Table("module_versions").Where("language = ?", lang).Count(&n)
		return
	}
	for i := 0; i < 2; i++ {
		if err := svc.SyncTranslations(ctx, trs, refs); err != nil {
			t.Fatal(err)
		}
		if en, es, el := count("en"), count("es"), count("el"); en != 2 || es != 1 || el != 1 {
			t.Fatalf("after sync %d: en %d, es %d, el %d versions; want 2, 1, 1", i+1, en, es, el)
		}
	}
	clin := auth.Actor{UserID: 1, Role: auth.RoleClinician}
	en, err := svc.Get(ctx, clin, "guided-fixture")
	if err != nil {
		t.Fatal(err)
	}
	es, err := svc.GetIn(ctx, clin, "guided-fixture", "es")
	if err != nil {
		t.Fatal(err)
	}
	if es.Language != "es" || es.SourceVersionID == nil || *es.SourceVersionID != en.ID || es.OutOfDate || !es.Translation() {
		t.Fatalf("es translation: language %q, source %v (English is %d), out of date %v", es.Language, es.SourceVersionID, en.ID, es.OutOfDate)
	}
	if es.Version != 1 || !strings.Contains(es.Body, "persona usuaria") || len(es.References) != 1 {
		t.Fatalf("es translation: version %d, %d references, body %q", es.Version, len(es.References), es.Body)
	}
	if len(en.Languages) != 1 || en.Languages[0] != (module.LanguageStatus{Language: "es"}) {
		t.Fatalf("English version's languages: %+v, want es up to date", en.Languages)
	}
	g, err := svc.GuideIn(ctx, clin, "guided-fixture", "es")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(g.Body, "SOLO-PROFESIONALES") || len(g.References) != 2 {
		t.Fatalf("es guide: %d references, body %q", len(g.References), g.Body)
	}
	if _, err := svc.GetIn(ctx, clin, "guided-fixture", "el"); err != module.ErrNotFound {
		t.Fatalf("Greek of a module with none: %v, want ErrNotFound", err)
	}
	el, err := svc.GetIn(ctx, clin, "unguided-fixture", "el")
	if err != nil {
		t.Fatal(err)
	}
	if el.SourceVersionID != nil || !el.OutOfDate {
		t.Fatalf("el made from an unknown English file: source %v, out of date %v; want none and out of date", el.SourceVersionID, el.OutOfDate)
	}

	// A new English version leaves the Spanish one pointing at the old one: out of date.
	defs[0].Body += "\nOne more gentle sentence.\n"
	defs[0].FileSHA256 = strings.Repeat("b", 64)
	if err := svc.Sync(ctx, defs, refs); err != nil {
		t.Fatal(err)
	}
	if err := svc.SyncTranslations(ctx, trs, refs); err != nil {
		t.Fatal(err)
	}
	if n := count("es"); n != 1 {
		t.Fatalf("%d es versions after an English change, want 1", n)
	}
	list, err := svc.List(ctx, clin, module.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range list {
		if m.Slug == "guided-fixture" && (len(m.Languages) != 1 || !m.Languages[0].OutOfDate || m.Version != 2) {
			t.Fatalf("library line: version %d, languages %+v; want version 2, es out of date", m.Version, m.Languages)
		}
	}
	es, _ = svc.GetIn(ctx, clin, "guided-fixture", "es")
	if !es.OutOfDate || *es.SourceVersionID != en.ID {
		t.Fatalf("es after an English change: out of date %v, source %v", es.OutOfDate, *es.SourceVersionID)
	}
	hist, err := svc.History(ctx, clin, "guided-fixture")
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != 2 || hist[0].Version != 2 || hist[1].Version != 1 {
		t.Fatalf("English history %+v, want versions 2 and 1 only", hist)
	}
}

func TestBuiltinTranslations_RefuseAChangedStructure(t *testing.T) {
	base := os.DirFS("testdata/translated")
	read := func(name string) []byte {
		b, err := fs.ReadFile(base, name)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	files := func(over map[string]string) fstest.MapFS {
		m := fstest.MapFS{}
		for _, n := range []string{"references.yaml", "guided-fixture.md", "unguided-fixture.md", "guides/guided-fixture.md",
			"es/guided-fixture.md", "es/sources.yaml", "guides/es/guided-fixture.md", "guides/es/sources.yaml"} {
			m[n] = &fstest.MapFile{Data: read(n)}
		}
		for n, v := range over {
			if v == "" {
				delete(m, n)
			} else {
				m[n] = &fstest.MapFile{Data: []byte(v)}
			}
		}
		return m
	}
	esModule := string(read("es/guided-fixture.md"))
	for name, tc := range map[string]struct {
		over map[string]string
		want string
	}{
		"other references":         {map[string]string{"es/guided-fixture.md": strings.Replace(esModule, "[muise2014]", "[samhsa2014]", 1)}, "references"},
		"no sources entry":         {map[string]string{"es/sources.yaml": "other: " + strings.Repeat("a", 64) + "\n"}, `no entry for "guided-fixture"`},
		"no sources file":          {map[string]string{"guides/es/sources.yaml": ""}, "guides/es/sources.yaml"},
		"not a module":             {map[string]string{"es/nothing.md": strings.Replace(esModule, "slug: guided-fixture", "slug: nothing", 1)}, `no built-in module "nothing"`},
		"guide without its module": {map[string]string{"es/guided-fixture.md": "", "es/sources.yaml": "{}\n"}, "no es translation"},
	} {
		t.Run(name, func(t *testing.T) {
			fsys := files(tc.over)
			defs, _, err := module.Builtins(fsys)
			if err != nil {
				t.Fatal(err)
			}
			_, err = module.BuiltinTranslations(fsys, defs)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one naming %q", err, tc.want)
			}
		})
	}
}

// The shipped translations, whatever has landed, load and check.
func TestBuiltinTranslations_ShippedFilesLoad(t *testing.T) {
	defs, _, err := module.Builtins(builtin.FS)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := module.BuiltinTranslations(builtin.FS, defs); err != nil {
		t.Fatal(err)
	}
}
