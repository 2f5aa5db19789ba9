package worksheet_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/database/dbtest"
	"github.com/tend-practice/tend/internal/worksheet"
)

func TestSyncBuiltins_TranslationLinkedIdempotentAndOutOfDate(t *testing.T) {
	ctx := context.Background()
	db := dbtest.New(t)
	svc := worksheet.NewService(db.Gorm, audit.New(db.Gorm, slog.New(slog.DiscardHandler)))
	set, err := worksheet.LoadBuiltinsFrom(os.DirFS("testdata/translated"))
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Schemas) != 1 || len(set.Translations) != 1 {
		t.Fatalf("%d schemas and %d translations, want 1 and 1", len(set.Schemas), len(set.Translations))
	}
	count := func(lang string) (n int64) {
		db.Gorm.Table("worksheet_versions").Where("language = ?", lang).Count(&n)
		return
	}
	for i := 0; i < 2; i++ {
		if err := svc.SyncBuiltins(ctx, set); err != nil {
			t.Fatal(err)
		}
		if en, es := count("en"), count("es"); en != 1 || es != 1 {
			t.Fatalf("after sync %d: %d en and %d es versions, want 1 and 1", i+1, en, es)
		}
	}
	clin := auth.Actor{UserID: 1, Role: auth.RoleClinician}
	en, err := svc.Get(ctx, clin, "aftercare-check-in")
	if err != nil {
		t.Fatal(err)
	}
	if en.Language != "en" || en.Translation() || len(en.Languages) != 1 || en.Languages[0] != (worksheet.LanguageStatus{Language: "es"}) {
		t.Fatalf("English: language %q, languages %+v", en.Language, en.Languages)
	}
	es, err := svc.GetIn(ctx, clin, "aftercare-check-in", "es")
	if err != nil {
		t.Fatal(err)
	}
	if es.SourceVersionID == nil || *es.SourceVersionID != en.ID || es.OutOfDate || !strings.HasPrefix(es.Title, "Revisión") {
		t.Fatalf("es: source %v (English %d), out of date %v, title %q", es.SourceVersionID, en.ID, es.OutOfDate, es.Title)
	}
	// Answers to the translation flag like answers to the source.
	ans := worksheet.Answers{"low_after": 9, "want_to_discuss": "yes"}
	if a, b := len(en.Schema.Raised(ans)), len(es.Schema.Raised(ans)); a != 3 || b != 3 {
		t.Fatalf("flags raised: English %d, Spanish %d; want 3 and 3", a, b)
	}
	// A new English version: the Spanish one is out of date until re-translated.
	set.Schemas[0].Intro += " Thank you."
	set.FileSHA256["aftercare-check-in"] = strings.Repeat("c", 64)
	if err := svc.SyncBuiltins(ctx, set); err != nil {
		t.Fatal(err)
	}
	list, err := svc.List(ctx, clin)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Version != 2 || len(list[0].Languages) != 1 || !list[0].Languages[0].OutOfDate {
		t.Fatalf("library after an English change: %+v", list)
	}
	set.Translations[0].SourceSHA256 = strings.Repeat("c", 64)
	if err := svc.SyncBuiltins(ctx, set); err != nil {
		t.Fatal(err)
	}
	es, _ = svc.GetIn(ctx, clin, "aftercare-check-in", "es")
	if es.OutOfDate || es.Version != 2 || count("es") != 2 {
		t.Fatalf("re-linked translation: version %d, out of date %v", es.Version, es.OutOfDate)
	}
}

func TestSameStructure_RefusesAnythingButText(t *testing.T) {
	raw, err := os.ReadFile("testdata/translated/aftercare-check-in.json")
	if err != nil {
		t.Fatal(err)
	}
	src, err := worksheet.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	clone := func() worksheet.Schema {
		var c worksheet.Schema
		b, _ := json.Marshal(src)
		_ = json.Unmarshal(b, &c)
		return c
	}
	ok := clone()
	ok.Title, ok.Sections[0].Fields[1].Label, ok.FlagRules[0].Message = "Otro", "Otra", "Otro"
	if err := worksheet.SameStructure(src, ok); err != nil {
		t.Fatalf("texts only: %v", err)
	}
	nine := json.RawMessage("9")
	for name, change := range map[string]func(*worksheet.Schema){
		"field id":   func(s *worksheet.Schema) { s.Sections[0].Fields[1].ID = "cuidado" },
		"field type": func(s *worksheet.Schema) { s.Sections[0].Fields[4].Type = worksheet.LongText },
		"max":        func(s *worksheet.Schema) { m := 5; s.Sections[0].Fields[1].Max = &m },
		"one less":   func(s *worksheet.Schema) { s.Sections[0].Fields = s.Sections[0].Fields[1:] },
		"flag value": func(s *worksheet.Schema) { s.FlagRules[0].Value = nine },
		"flag level": func(s *worksheet.Schema) { s.FlagRules[0].Severity = worksheet.SeverityUrgent },
		"no flag":    func(s *worksheet.Schema) { s.FlagRules = s.FlagRules[:2] },
		"required":   func(s *worksheet.Schema) { s.Sections[0].Fields[0].Required = false },
	} {
		c := clone()
		change(&c)
		if err := worksheet.SameStructure(src, c); err == nil {
			t.Errorf("%s changed: no error", name)
		}
	}
}

func TestSameStructure_OptionValues(t *testing.T) {
	src := worksheet.Schema{Slug: "s", Sections: []worksheet.Section{{Fields: []worksheet.Field{{ID: "f", Type: worksheet.SingleChoice,
		Options: []worksheet.Option{{Value: "a", Label: "A"}, {Value: "b", Label: "B"}}}}}}}
	tr := src
	tr.Sections = []worksheet.Section{{Fields: []worksheet.Field{{ID: "f", Type: worksheet.SingleChoice,
		Options: []worksheet.Option{{Value: "a", Label: "Ά"}, {Value: "b", Label: "Β"}}}}}}
	if err := worksheet.SameStructure(src, tr); err != nil {
		t.Fatal(err)
	}
	tr.Sections[0].Fields[0].Options[1].Value = "β"
	if err := worksheet.SameStructure(src, tr); err == nil || !strings.Contains(err.Error(), "option values") {
		t.Fatalf("a changed option value: %v", err)
	}
}

// The shipped translations, whatever has landed, load and check.
func TestLoadBuiltins_ShippedTranslationsLoad(t *testing.T) {
	if _, err := worksheet.LoadBuiltins(); err != nil {
		t.Fatal(err)
	}
}
