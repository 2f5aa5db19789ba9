package reference

import (
	"strings"
	"testing"
)

func TestFormatIn_LanguageConventions(t *testing.T) {
	two := Reference{Key: "mac", Authors: []Author{{Family: "Maczkowiack", Given: "J."}, {Family: "Schweitzer", Given: "R. D."}},
		Year: 2019, Title: "Postcoital dysphoria: Prevalence and correlates among males", Journal: "Journal of Sex & Marital Therapy",
		Volume: "45", Issue: "2", Pages: "128-140", DOI: "10.1080/0092623X.2018.1488326"}
	many := Reference{Key: "mal", Authors: []Author{{Family: "Mallory", Given: "A. B."}, {Family: "Stanton", Given: "A. M."}, {Family: "Handy", Given: "A. B."}},
		Year: 2019, Title: "Couples' sexual communication and dimensions of sexual function: A meta-analysis", Journal: "The Journal of Sex Research",
		Volume: "56", Issue: "7", Pages: "882-898"}
	chapter := Reference{Key: "ch", Type: Chapter, Authors: []Author{{Family: "Carter", Given: "C. S."}}, Year: 1998,
		Title: "Neuroendocrine perspectives", BookTitle: "A book", Editors: []Author{{Family: "One", Given: "A."}, {Family: "Two", Given: "B."}},
		Pages: "1-10", Edition: "2", Publisher: "Press"}
	page := Reference{Key: "web", Type: Webpage, GroupAuthor: "Some Group", Year: 0, Title: "A page", SiteName: "Site",
		URL: "https://example.org/a", Accessed: "2026-07-03"}
	for _, tc := range []struct {
		lang string
		ref  Reference
		cite string
		has  []string
	}{
		{"en", two, "(Maczkowiack & Schweitzer, 2019)", []string{"Maczkowiack, J., & Schweitzer, R. D. (2019). Postcoital dysphoria"}},
		{"es", two, "(Maczkowiack y Schweitzer, 2019)", []string{"Maczkowiack, J. y Schweitzer, R. D. (2019). Postcoital dysphoria: Prevalence", "Journal of Sex & Marital Therapy"}},
		{"el", two, "(Maczkowiack και Schweitzer, 2019)", []string{"Maczkowiack, J. και Schweitzer, R. D. (2019)."}},
		{"es", many, "(Mallory et al., 2019)", []string{"Mallory, A. B., Stanton, A. M. y Handy, A. B. (2019)."}},
		{"el", many, "(Mallory κ.ά., 2019)", []string{"Mallory, A. B., Stanton, A. M. και Handy, A. B. (2019)."}},
		{"es", chapter, "(Carter, 1998)", []string{"En A. One y B. Two (Eds.), A book (2.ª ed., pp. 1–10). Press."}},
		{"el", chapter, "(Carter, 1998)", []string{"Στο A. One και B. Two (Επιμ.), A book (2η έκδ., σσ. 1–10). Press."}},
		{"es", page, "(Some Group, s. f.)", []string{"Some Group. (s. f.). A page.", "Recuperado el 3 de julio de 2026 de https://example.org/a"}},
		{"el", page, "(Some Group, χ.χ.)", []string{"(χ.χ.)", "Ανακτήθηκε στις 3 Ιουλίου 2026 από https://example.org/a"}},
		{"xx", two, "(Maczkowiack & Schweitzer, 2019)", []string{"Maczkowiack, J., & Schweitzer"}},
	} {
		got := FormatIn(tc.lang, tc.ref).String()
		for _, want := range tc.has {
			if !strings.Contains(got, want) {
				t.Errorf("%s %s: %q lacks %q", tc.lang, tc.ref.Key, got, want)
			}
		}
		if c := CitationIn(tc.lang, tc.ref); c != tc.cite {
			t.Errorf("%s %s citation %q, want %q", tc.lang, tc.ref.Key, c, tc.cite)
		}
	}
	if FormatIn("en", two).String() != Format(two).String() {
		t.Error("FormatIn(en) differs from Format")
	}
}
