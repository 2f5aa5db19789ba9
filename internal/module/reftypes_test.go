package module_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/tend-practice/tend/internal/module"
	"github.com/tend-practice/tend/internal/reference"
)

// Every field of every reference type survives PostgreSQL: what a version
// cites reads back exactly as it was saved (Key aside, which the library
// assigns).
func TestSave_EveryReferenceType_StoredAndReadBack(t *testing.T) {
	ctx := context.Background()
	l := newLibrary(t)
	refs := []reference.Reference{
		{Type: reference.Book, Authors: []reference.Author{{Family: "Jackson", Given: "L. M."}}, Year: 2019,
			Title: "The psychology of prejudice", Edition: "2nd", Publisher: "American Psychological Association",
			DOI: "10.1037/0000168-000"},
		{Type: reference.Book, Editors: []reference.Author{{Family: "Kesharwani", Given: "P."}}, Year: 2020,
			Title: "Nanotechnology based approaches", Publisher: "Academic Press"},
		{Type: reference.Chapter, Authors: []reference.Author{{Family: "Aron", Given: "L."}}, Year: 2019, Title: "Culinary arts",
			Editors:   []reference.Author{{Family: "Subotnik", Given: "R. F."}, {Family: "Worrell", Given: "F. C."}},
			BookTitle: "The psychology of high performance", Pages: "345–359", Publisher: "American Psychological Association"},
		{Type: reference.Report, GroupAuthor: "Substance Abuse and Mental Health Services Administration", Year: 2014,
			Title: "SAMHSA’s concept of trauma", ReportNumber: "HHS Publication No. (SMA) 14-4884",
			URL: "https://store.samhsa.gov/product/SMA14-4884"},
		{Type: reference.Webpage, Authors: []reference.Author{{Family: "Bologna", Given: "C."}}, Year: 2019, Date: "2019-10-31",
			Title: "Why some people with anxiety love watching horror movies", SiteName: "HuffPost",
			URL: "https://www.huffpost.com/entry/anxiety", Accessed: "2024-02-29"},
		{Type: reference.Webpage, GroupAuthor: "U.S. Census Bureau", Title: "U.S. and world population clock",
			URL: "https://www.census.gov/popclock/", Accessed: "2019-07-03"},
	}
	if _, err := l.modules.Create(ctx, l.clin1, draft(), refs); err != nil {
		t.Fatal(err)
	}
	v, err := l.modules.Get(ctx, l.clin1, "after-the-scene")
	if err != nil {
		t.Fatal(err)
	}
	if len(v.References) != len(refs) {
		t.Fatalf("%d references stored, want %d", len(v.References), len(refs))
	}
	for i, got := range v.References {
		want := refs[i]
		want.DOI = reference.NormalizeDOI(want.DOI)
		got.Key = ""
		if !reflect.DeepEqual(got, want) {
			t.Errorf("reference %d\n got %+v\nwant %+v", i+1, got, want)
		}
		if reference.Format(got).String() != reference.Format(want).String() {
			t.Errorf("reference %d formats differently after storage", i+1)
		}
	}
}

// A built-in reference corrected in references.yaml makes a new version of
// each module citing it; the versions already pinned by assignments keep
// the reference as it was when they were made.
func TestSync_ChangedReference_OldVersionKeepsItsReference(t *testing.T) {
	ctx := context.Background()
	l := newLibrary(t)
	ref := article()
	ref.Key = "sagarin2009"
	def := module.Definition{Slug: "builtin-one", Title: "Built in", Summary: "S.", Body: "B\n", References: []string{"sagarin2009"}}
	if err := l.modules.Sync(ctx, []module.Definition{def}, []reference.Reference{ref}); err != nil {
		t.Fatal(err)
	}
	v1, err := l.modules.Get(ctx, l.clin1, "builtin-one")
	if err != nil {
		t.Fatal(err)
	}
	fixed := ref
	fixed.Title = "Hormonal changes and couple bonding in consensual sadomasochistic activity"
	fixed.Pages = "186–200"
	for i := 0; i < 2; i++ {
		if err := l.modules.Sync(ctx, []module.Definition{def}, []reference.Reference{fixed}); err != nil {
			t.Fatal(err)
		}
	}
	v2, err := l.modules.Get(ctx, l.clin1, "builtin-one")
	if err != nil {
		t.Fatal(err)
	}
	if v2.Version != 2 || v2.References[0].Title != fixed.Title {
		t.Fatalf("current version %d cites %q", v2.Version, v2.References[0].Title)
	}
	old, err := l.modules.VersionByID(ctx, v1.ID)
	if err != nil {
		t.Fatal(err)
	}
	if old.References[0].Title != ref.Title {
		t.Errorf("version 1 now cites %q, want the reference as it was: %q", old.References[0].Title, ref.Title)
	}
	// The same content again reuses its row: the bibliography does not grow on every sync.
	if n := l.count(t, `SELECT count(*) FROM bibliography WHERE key = 'sagarin2009'`); n != 2 {
		t.Errorf("%d bibliography rows for sagarin2009, want 2 (one per content)", n)
	}
}
