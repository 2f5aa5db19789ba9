package reference

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

// apaExamples are the reference examples the APA Style website publishes
// for each type (apastyle.apa.org, "Reference examples"), each with the
// text APA prints, the runs it sets in italics and its in-text citations.
var apaExamples = []struct {
	name        string
	ref         Reference
	want        string
	italic      []string
	citation    string
	narrative   string
	wantInvalid bool
}{
	{
		name: "journal article (Grady et al., 2019)",
		ref: Reference{Key: "grady2019", Year: 2019,
			Authors: []Author{{"Grady", "J. S."}, {"Her", "M."}, {"Moreno", "G."}, {"Perez", "C."}, {"Yelinek", "J."}},
			Title:   "Emotions in storybooks: A comparison of storybooks that represent ethnic and racial groups in the United States",
			Journal: "Psychology of Popular Media Culture", Volume: "8", Issue: "3", Pages: "207-217", DOI: "10.1037/ppm0000185"},
		want: "Grady, J. S., Her, M., Moreno, G., Perez, C., & Yelinek, J. (2019). Emotions in storybooks: A comparison of " +
			"storybooks that represent ethnic and racial groups in the United States. Psychology of Popular Media Culture, 8(3), " +
			"207–217. https://doi.org/10.1037/ppm0000185",
		italic:    []string{"Psychology of Popular Media Culture, 8"},
		citation:  "(Grady et al., 2019)",
		narrative: "Grady et al. (2019)",
	},
	{
		name: "authored book (Jackson, 2019)",
		ref: Reference{Key: "jackson2019", Type: Book, Year: 2019, Authors: []Author{{"Jackson", "L. M."}},
			Title: "The psychology of prejudice: From attitudes to social action", Edition: "2",
			Publisher: "American Psychological Association", DOI: "https://doi.org/10.1037/0000168-000"},
		want: "Jackson, L. M. (2019). The psychology of prejudice: From attitudes to social action (2nd ed.). " +
			"American Psychological Association. https://doi.org/10.1037/0000168-000",
		italic:    []string{"The psychology of prejudice: From attitudes to social action"},
		citation:  "(Jackson, 2019)",
		narrative: "Jackson (2019)",
	},
	{
		name: "authored book without edition (Sapolsky, 2017)",
		ref: Reference{Key: "sapolsky2017", Type: Book, Year: 2017, Authors: []Author{{"Sapolsky", "R. M."}},
			Title: "Behave: The biology of humans at our best and worst", Publisher: "Penguin Books"},
		want:      "Sapolsky, R. M. (2017). Behave: The biology of humans at our best and worst. Penguin Books.",
		italic:    []string{"Behave: The biology of humans at our best and worst."},
		citation:  "(Sapolsky, 2017)",
		narrative: "Sapolsky (2017)",
	},
	{
		name: "edited book, no authors (Kesharwani, 2020)",
		ref: Reference{Key: "kesharwani2020", Type: Book, Year: 2020, Editors: []Author{{"Kesharwani", "P."}},
			Title: "Nanotechnology based approaches for tuberculosis treatment", Publisher: "Academic Press"},
		want:      "Kesharwani, P. (Ed.). (2020). Nanotechnology based approaches for tuberculosis treatment. Academic Press.",
		italic:    []string{"Nanotechnology based approaches for tuberculosis treatment."},
		citation:  "(Kesharwani, 2020)",
		narrative: "Kesharwani (2020)",
	},
	{
		name: "chapter in an edited book (Aron et al., 2019)",
		ref: Reference{Key: "aron2019", Type: Chapter, Year: 2019,
			Authors:   []Author{{"Aron", "L."}, {"Botella", "M."}, {"Lubart", "T."}},
			Title:     "Culinary arts: Talent and their development",
			Editors:   []Author{{"Subotnik", "R. F."}, {"Olszewski-Kubilius", "P."}, {"Worrell", "F. C."}},
			BookTitle: "The psychology of high performance: Developing human potential into domain-specific talent",
			Pages:     "345–359", Publisher: "American Psychological Association", DOI: "10.1037/0000120-016"},
		want: "Aron, L., Botella, M., & Lubart, T. (2019). Culinary arts: Talent and their development. In R. F. Subotnik, " +
			"P. Olszewski-Kubilius, & F. C. Worrell (Eds.), The psychology of high performance: Developing human potential " +
			"into domain-specific talent (pp. 345–359). American Psychological Association. https://doi.org/10.1037/0000120-016",
		italic:    []string{"The psychology of high performance: Developing human potential into domain-specific talent"},
		citation:  "(Aron et al., 2019)",
		narrative: "Aron et al. (2019)",
	},
	{
		name: "chapter with an edition and two editors (Dillard, 2020)",
		ref: Reference{Key: "dillard2020", Type: Chapter, Year: 2020, Authors: []Author{{"Dillard", "J. P."}},
			Title:   "Currents in the study of persuasion",
			Editors: []Author{{"Oliver", "M. B."}, {"Raney", "A. A."}, {"Bryant", "J."}}, Edition: "4th",
			BookTitle: "Media effects: Advances in theory and research", Pages: "115-129", Publisher: "Routledge"},
		want: "Dillard, J. P. (2020). Currents in the study of persuasion. In M. B. Oliver, A. A. Raney, & J. Bryant (Eds.), " +
			"Media effects: Advances in theory and research (4th ed., pp. 115–129). Routledge.",
		italic:    []string{"Media effects: Advances in theory and research"},
		citation:  "(Dillard, 2020)",
		narrative: "Dillard (2020)",
	},
	{
		name: "report by a group author with a report number (National Cancer Institute, 2019)",
		ref: Reference{Key: "nci2019", Type: Report, Year: 2019, GroupAuthor: "National Cancer Institute",
			Title: "Taking time: Support for people with cancer", ReportNumber: "NIH Publication No. 18-2059",
			Publisher: "U.S. Department of Health and Human Services, National Institutes of Health",
			URL:       "https://www.cancer.gov/publications/patient-education/takingtime.pdf"},
		want: "National Cancer Institute. (2019). Taking time: Support for people with cancer (NIH Publication No. 18-2059). " +
			"U.S. Department of Health and Human Services, National Institutes of Health. " +
			"https://www.cancer.gov/publications/patient-education/takingtime.pdf",
		italic:    []string{"Taking time: Support for people with cancer"},
		citation:  "(National Cancer Institute, 2019)",
		narrative: "National Cancer Institute (2019)",
	},
	{
		name: "report whose group author is its publisher (SAMHSA, 2014)",
		ref: Reference{Key: "samhsa2014", Type: Report, Year: 2014,
			GroupAuthor:  "Substance Abuse and Mental Health Services Administration",
			Title:        "SAMHSA’s concept of trauma and guidance for a trauma-informed approach",
			ReportNumber: "HHS Publication No. (SMA) 14-4884",
			Publisher:    "Substance Abuse and Mental Health Services Administration"},
		want: "Substance Abuse and Mental Health Services Administration. (2014). SAMHSA’s concept of trauma and guidance " +
			"for a trauma-informed approach (HHS Publication No. (SMA) 14-4884).",
		italic:    []string{"SAMHSA’s concept of trauma and guidance for a trauma-informed approach"},
		citation:  "(Substance Abuse and Mental Health Services Administration, 2014)",
		narrative: "Substance Abuse and Mental Health Services Administration (2014)",
	},
	{
		name: "report by individual authors (Baral et al., 2019)",
		ref: Reference{Key: "baral2019", Type: Report, Year: 2019,
			Authors: []Author{{"Baral", "P."}, {"Larsen", "M."}, {"Archer", "M."}},
			Title:   "Does money grow on trees? Restoration financing in Southeast Asia", Publisher: "Atlantic Council",
			URL: "https://www.atlanticcouncil.org/in-depth-research-reports/report/does-money-grow-on-trees-restoring-financing-in-southeast-asia/"},
		want: "Baral, P., Larsen, M., & Archer, M. (2019). Does money grow on trees? Restoration financing in Southeast Asia. " +
			"Atlantic Council. https://www.atlanticcouncil.org/in-depth-research-reports/report/does-money-grow-on-trees-restoring-financing-in-southeast-asia/",
		italic:    []string{"Does money grow on trees? Restoration financing in Southeast Asia."},
		citation:  "(Baral et al., 2019)",
		narrative: "Baral et al. (2019)",
	},
	{
		name: "webpage on a news website (Bologna, 2019)",
		ref: Reference{Key: "bologna2019", Type: Webpage, Year: 2019, Date: "2019-10-31", Authors: []Author{{"Bologna", "C."}},
			Title: "Why some people with anxiety love watching horror movies", SiteName: "HuffPost",
			URL: "https://www.huffpost.com/entry/anxiety-reduction-horror-movies_l_5d277587e4b02a5a5d57b59e"},
		want: "Bologna, C. (2019, October 31). Why some people with anxiety love watching horror movies. HuffPost. " +
			"https://www.huffpost.com/entry/anxiety-reduction-horror-movies_l_5d277587e4b02a5a5d57b59e",
		italic:    []string{"Why some people with anxiety love watching horror movies."},
		citation:  "(Bologna, 2019)",
		narrative: "Bologna (2019)",
	},
	{
		name: "webpage by a group author that is also the site (World Health Organization, 2018)",
		ref: Reference{Key: "who2018", Type: Webpage, Year: 2018, Date: "2018-05-24", GroupAuthor: "World Health Organization",
			Title: "The top 10 causes of death", SiteName: "World Health Organization",
			URL: "https://www.who.int/news-room/fact-sheets/detail/the-top-10-causes-of-death"},
		want: "World Health Organization. (2018, May 24). The top 10 causes of death. " +
			"https://www.who.int/news-room/fact-sheets/detail/the-top-10-causes-of-death",
		italic:    []string{"The top 10 causes of death."},
		citation:  "(World Health Organization, 2018)",
		narrative: "World Health Organization (2018)",
	},
	{
		name: "undated webpage with a retrieval date (U.S. Census Bureau, n.d.)",
		ref: Reference{Key: "census", Type: Webpage, GroupAuthor: "U.S. Census Bureau", Title: "U.S. and world population clock",
			SiteName: "U.S. Department of Commerce", Accessed: "2019-07-03", URL: "https://www.census.gov/popclock/"},
		want: "U.S. Census Bureau. (n.d.). U.S. and world population clock. U.S. Department of Commerce. " +
			"Retrieved July 3, 2019, from https://www.census.gov/popclock/",
		italic:    []string{"U.S. and world population clock."},
		citation:  "(U.S. Census Bureau, n.d.)",
		narrative: "U.S. Census Bureau (n.d.)",
	},
}

func TestFormat_EveryTypeAsAPA7PrintsIt(t *testing.T) {
	for _, tt := range apaExamples {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.ref.Validate(); err != nil {
				t.Fatalf("APA's own example does not validate: %v", err)
			}
			f := Format(tt.ref)
			if got := f.String(); got != tt.want {
				t.Errorf("Format().String()\n got: %s\nwant: %s", got, tt.want)
			}
			var italic []string
			for _, p := range f.Parts {
				if p.Italic {
					italic = append(italic, p.Text)
				}
			}
			if strings.Join(italic, "|") != strings.Join(tt.italic, "|") {
				t.Errorf("italic runs %q, want %q", italic, tt.italic)
			}
			if got := Citation(tt.ref); got != tt.citation {
				t.Errorf("Citation() = %q, want %q", got, tt.citation)
			}
			if got := NarrativeCitation(tt.ref); got != tt.narrative {
				t.Errorf("NarrativeCitation() = %q, want %q", got, tt.narrative)
			}
		})
	}
}

func TestCitation_TwoAuthors(t *testing.T) {
	r := Reference{Authors: []Author{{"Maczkowiack", "J."}, {"Schweitzer", "R. D."}}, Year: 2019}
	if got := Citation(r); got != "(Maczkowiack & Schweitzer, 2019)" {
		t.Errorf("Citation() = %q", got)
	}
	if got := NarrativeCitation(r); got != "Maczkowiack and Schweitzer (2019)" {
		t.Errorf("NarrativeCitation() = %q", got)
	}
}

func TestFormat_EditionForms(t *testing.T) {
	for in, want := range map[string]string{"": "", "1": "", "2": "2nd ed.", "3rd": "3rd ed.", "11": "11th ed.",
		"22": "22nd ed.", "Rev.": "Rev. ed.", "2nd ed.": "2nd ed.", "5th ed": "5th ed."} {
		if got := editionText(in); got != want {
			t.Errorf("editionText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFormat_ChapterOneEditorOnePage(t *testing.T) {
	r := Reference{Key: "c", Type: Chapter, Year: 2001, Authors: []Author{{"Alfa", "A."}}, Title: "A chapter",
		Editors: []Author{{"Bravo", "B."}}, BookTitle: "A book", Pages: "12", Publisher: "Press"}
	want := "Alfa, A. (2001). A chapter. In B. Bravo (Ed.), A book (p. 12). Press."
	if got := Format(r).String(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	r.Editors = append(r.Editors, Author{"Charlie", "C."})
	want = "Alfa, A. (2001). A chapter. In B. Bravo & C. Charlie (Eds.), A book (p. 12). Press."
	if got := Format(r).String(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestValidate_PerType(t *testing.T) {
	base := func(typ Type) Reference {
		return Reference{Key: "k", Type: typ, Authors: []Author{{"Alfa", "A."}}, Year: 2020, Title: "T"}
	}
	tests := []struct {
		name   string
		ref    Reference
		wantIn string // "" means valid
	}{
		{"article needs nothing more", base(Article), ""},
		{"unknown type", base("podcast"), "unknown type"},
		{"book without publisher", base(Book), "a book needs a publisher"},
		{"book by a group author needs no publisher",
			func() Reference {
				r := base(Book)
				r.Authors, r.GroupAuthor = nil, "American Psychological Association"
				return r
			}(), ""},
		{"chapter without book title", func() Reference { r := base(Chapter); r.Publisher = "P"; return r }(), "title of the book"},
		{"chapter without publisher", func() Reference { r := base(Chapter); r.BookTitle = "B"; return r }(), "book's publisher"},
		{"report without publisher or group author", base(Report), "a report needs a publisher or a group author"},
		{"report with a publisher", func() Reference { r := base(Report); r.Publisher = "P"; return r }(), ""},
		{"report by a group author", func() Reference { r := base(Report); r.Authors, r.GroupAuthor = nil, "SAMHSA"; return r }(), ""},
		{"webpage without URL", base(Webpage), "needs its URL"},
		{"webpage with a javascript URL", func() Reference { r := base(Webpage); r.URL = "javascript:alert(1)"; return r }(), "not a web address"},
		{"undated webpage without accessed date",
			func() Reference { r := base(Webpage); r.URL, r.Year = "https://example.org/", 0; return r }(), "accessed"},
		{"webpage with a date in another year",
			func() Reference { r := base(Webpage); r.URL, r.Date = "https://example.org/", "2019-01-02"; return r }(), "not in year 2020"},
		{"webpage with a bad accessed date",
			func() Reference {
				r := base(Webpage)
				r.URL, r.Accessed = "https://example.org/", "3 July 2019"
				return r
			}(), "YYYY-MM-DD"},
		{"both authors and a group author", func() Reference { r := base(Report); r.GroupAuthor = "G"; return r }(), "both authors"},
		{"no authors at all", func() Reference { r := base(Report); r.Authors, r.Publisher = nil, "P"; return r }(), "no authors"},
		{"a journal on a book", func() Reference { r := base(Book); r.Publisher, r.Journal = "P", "J"; return r }(), "journal is not part of a book"},
		{"a publisher on an article", func() Reference { r := base(Article); r.Publisher = "P"; return r }(), "publisher is not part of a article"},
		{"an editor without a family name",
			func() Reference {
				r := base(Chapter)
				r.BookTitle, r.Publisher, r.Editors = "B", "P", []Author{{"", "E."}}
				return r
			}(), "editor 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.ref.Validate()
			switch {
			case tt.wantIn == "" && err != nil:
				t.Fatalf("Validate() = %v, want nil", err)
			case tt.wantIn != "" && err == nil:
				t.Fatalf("Validate() = nil, want an error mentioning %q", tt.wantIn)
			case tt.wantIn != "" && (!errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.wantIn)):
				t.Fatalf("Validate() = %v, want ErrInvalid mentioning %q", err, tt.wantIn)
			}
		})
	}
}

func TestOnlyUsedFields_ClearsOtherTypesFields(t *testing.T) {
	r := Reference{Type: Report, Journal: "J", Volume: "1", Publisher: "P", ReportNumber: "No. 1", SiteName: "S",
		Editors: []Author{{"E", "E."}}, URL: "https://example.org/"}
	got := r.OnlyUsedFields()
	if got.Journal != "" || got.Volume != "" || got.SiteName != "" || got.Editors != nil {
		t.Errorf("fields of other types kept: %+v", got)
	}
	if got.Publisher != "P" || got.ReportNumber != "No. 1" || got.URL != "https://example.org/" {
		t.Errorf("report fields lost: %+v", got)
	}
}

func TestLoad_EveryTypeFromYAML(t *testing.T) {
	fsys := fstest.MapFS{"refs.yaml": {Data: []byte(`
- key: samhsa2014
  type: report
  group_author: Substance Abuse and Mental Health Services Administration
  year: 2014
  title: SAMHSA’s concept of trauma and guidance for a trauma-informed approach
  report_number: HHS Publication No. (SMA) 14-4884
- key: aron2019
  type: chapter
  authors: [{family: Aron, given: L.}]
  year: 2019
  title: Culinary arts
  editors:
    - {family: Subotnik, given: R. F.}
  book_title: The psychology of high performance
  edition: "2"
  publisher: American Psychological Association
  pages: 345–359
- key: census
  type: webpage
  group_author: U.S. Census Bureau
  title: U.S. and world population clock
  site_name: U.S. Department of Commerce
  url: https://www.census.gov/popclock/
  accessed: 2019-07-03
- key: jackson2019
  type: book
  authors: [{family: Jackson, given: L. M.}]
  year: 2019
  title: The psychology of prejudice
  publisher: American Psychological Association
`)}}
	refs, err := Load(fsys, "refs.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(refs) != 4 || refs[0].Kind() != Report || refs[1].Editors[0].Family != "Subotnik" || refs[2].Accessed != "2019-07-03" {
		t.Fatalf("loaded %+v", refs)
	}
	if got := Format(refs[2]).String(); !strings.Contains(got, "Retrieved July 3, 2019, from https://www.census.gov/popclock/") {
		t.Errorf("census page: %s", got)
	}
}
