package reference

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

// nato returns the first n authors of a made-up list (Alfa, A.; Bravo, B.;
// ...), so the expected strings below can be read letter by letter.
func nato(n int) []Author {
	words := []string{"Alfa", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot",
		"Golf", "Hotel", "India", "Juliett", "Kilo", "Lima", "Mike", "November",
		"Oscar", "Papa", "Quebec", "Romeo", "Sierra", "Tango", "Uniform",
		"Victor", "Whiskey", "Xray", "Yankee", "Zulu"}
	out := make([]Author, n)
	for i := range n {
		out[i] = Author{Family: words[i], Given: words[i][:1] + "."}
	}
	return out
}

// article is a complete reference whose author list each case replaces.
func article(authors []Author) Reference {
	return Reference{
		Key:     "test",
		Authors: authors,
		Year:    2020,
		Title:   "A title in sentence case",
		Journal: "Journal of Tests",
		Volume:  "12",
		Issue:   "3",
		Pages:   "45-67",
		DOI:     "10.1234/test.5678",
	}
}

const tail = " (2020). A title in sentence case. Journal of Tests, 12(3), 45–67. https://doi.org/10.1234/test.5678"

func TestFormat_AuthorCounts(t *testing.T) {
	tests := []struct {
		name    string
		authors []Author
		want    string
	}{
		{"one", nato(1), "Alfa, A." + tail},
		{"two keeps the comma before the ampersand", nato(2), "Alfa, A., & Bravo, B." + tail},
		{"three", nato(3), "Alfa, A., Bravo, B., & Charlie, C." + tail},
		{"seven", nato(7), "Alfa, A., Bravo, B., Charlie, C., Delta, D., Echo, E., Foxtrot, F., & Golf, G." + tail},
		{"twenty listed in full", nato(20), "Alfa, A., Bravo, B., Charlie, C., Delta, D., Echo, E., Foxtrot, F., " +
			"Golf, G., Hotel, H., India, I., Juliett, J., Kilo, K., Lima, L., Mike, M., November, N., " +
			"Oscar, O., Papa, P., Quebec, Q., Romeo, R., Sierra, S., & Tango, T." + tail},
		{"twenty-one: first 19, ellipsis, last", nato(21), "Alfa, A., Bravo, B., Charlie, C., Delta, D., Echo, E., Foxtrot, F., " +
			"Golf, G., Hotel, H., India, I., Juliett, J., Kilo, K., Lima, L., Mike, M., November, N., " +
			"Oscar, O., Papa, P., Quebec, Q., Romeo, R., Sierra, S., … Uniform, U." + tail},
		{"twenty-five: first 19, ellipsis, last", nato(25), "Alfa, A., Bravo, B., Charlie, C., Delta, D., Echo, E., Foxtrot, F., " +
			"Golf, G., Hotel, H., India, I., Juliett, J., Kilo, K., Lima, L., Mike, M., November, N., " +
			"Oscar, O., Papa, P., Quebec, Q., Romeo, R., Sierra, S., … Yankee, Y." + tail},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Format(article(tt.authors)).String()
			if got != tt.want {
				t.Errorf("Format().String()\n got: %s\nwant: %s", got, tt.want)
			}
		})
	}
}

func TestFormat_MissingFields(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Reference)
		want   string
	}{
		{
			"complete",
			func(*Reference) {},
			"Alfa, A., & Bravo, B. (2020). A title in sentence case. Journal of Tests, 12(3), 45–67. https://doi.org/10.1234/test.5678",
		},
		{
			"missing issue",
			func(r *Reference) { r.Issue = "" },
			"Alfa, A., & Bravo, B. (2020). A title in sentence case. Journal of Tests, 12, 45–67. https://doi.org/10.1234/test.5678",
		},
		{
			"missing pages",
			func(r *Reference) { r.Pages = "" },
			"Alfa, A., & Bravo, B. (2020). A title in sentence case. Journal of Tests, 12(3). https://doi.org/10.1234/test.5678",
		},
		{
			"missing volume and issue",
			func(r *Reference) { r.Volume, r.Issue = "", "" },
			"Alfa, A., & Bravo, B. (2020). A title in sentence case. Journal of Tests, 45–67. https://doi.org/10.1234/test.5678",
		},
		{
			"missing volume keeps the issue",
			func(r *Reference) { r.Volume = "" },
			"Alfa, A., & Bravo, B. (2020). A title in sentence case. Journal of Tests(3), 45–67. https://doi.org/10.1234/test.5678",
		},
		{
			"advance online publication",
			func(r *Reference) { r.Volume, r.Issue, r.Pages, r.Note = "", "", "", "Advance online publication" },
			"Alfa, A., & Bravo, B. (2020). A title in sentence case. Journal of Tests. Advance online publication. https://doi.org/10.1234/test.5678",
		},
		{
			"missing DOI",
			func(r *Reference) { r.DOI = "" },
			"Alfa, A., & Bravo, B. (2020). A title in sentence case. Journal of Tests, 12(3), 45–67.",
		},
		{
			"title ending in a question mark gains no full stop",
			func(r *Reference) { r.Title = "Feedback control of sexual drive?" },
			"Alfa, A., & Bravo, B. (2020). Feedback control of sexual drive? Journal of Tests, 12(3), 45–67. https://doi.org/10.1234/test.5678",
		},
		{
			"em dash and spaces in pages become an en dash",
			func(r *Reference) { r.Pages = "45 — 67" },
			"Alfa, A., & Bravo, B. (2020). A title in sentence case. Journal of Tests, 12(3), 45–67. https://doi.org/10.1234/test.5678",
		},
		{
			"single page",
			func(r *Reference) { r.Pages = "e100370" },
			"Alfa, A., & Bravo, B. (2020). A title in sentence case. Journal of Tests, 12(3), e100370. https://doi.org/10.1234/test.5678",
		},
		{
			"DOI given as a URL",
			func(r *Reference) { r.DOI = "https://doi.org/10.1234/test.5678" },
			"Alfa, A., & Bravo, B. (2020). A title in sentence case. Journal of Tests, 12(3), 45–67. https://doi.org/10.1234/test.5678",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := article(nato(2))
			tt.change(&r)
			got := Format(r).String()
			if got != tt.want {
				t.Errorf("Format().String()\n got: %s\nwant: %s", got, tt.want)
			}
		})
	}
}

func TestFormat_ItalicsCoverJournalAndVolumeOnly(t *testing.T) {
	r := Reference{
		Authors: []Author{{Family: "Muise", Given: "A."}, {Family: "Giang", Given: "E."}, {Family: "Impett", Given: "E. A."}},
		Year:    2014,
		Title:   "Post sex affectionate exchanges promote sexual and relationship satisfaction",
		Journal: "Archives of Sexual Behavior",
		Volume:  "43",
		Issue:   "7",
		Pages:   "1391–1402",
		DOI:     "10.1007/s10508-014-0305-3",
	}
	want := Formatted{
		Parts: []Part{
			{Text: "Muise, A., Giang, E., & Impett, E. A. (2014). Post sex affectionate exchanges promote sexual and relationship satisfaction. "},
			{Text: "Archives of Sexual Behavior, 43", Italic: true},
			{Text: "(7), 1391–1402."},
		},
		URL: "https://doi.org/10.1007/s10508-014-0305-3",
	}
	if got := Format(r); !reflect.DeepEqual(got, want) {
		t.Errorf("Format()\n got: %#v\nwant: %#v", got, want)
	}
	wantText := "Muise, A., Giang, E., & Impett, E. A. (2014). Post sex affectionate exchanges promote sexual and relationship satisfaction. " +
		"Archives of Sexual Behavior, 43(7), 1391–1402. https://doi.org/10.1007/s10508-014-0305-3"
	if got := Format(r).String(); got != wantText {
		t.Errorf("String()\n got: %s\nwant: %s", got, wantText)
	}
}

func TestFormat_NoVolumeItalicisesJournalOnly(t *testing.T) {
	r := Reference{
		Authors: []Author{{Family: "Dunkley", Given: "C. R."}, {Family: "Brotto", Given: "L. A."}},
		Year:    2019,
		Title:   "The role of consent in the context of BDSM",
		Journal: "Sexual Abuse",
		DOI:     "10.1177/1079063219842847",
		Note:    "Advance online publication",
	}
	got := Format(r)
	if len(got.Parts) != 3 || got.Parts[1] != (Part{Text: "Sexual Abuse", Italic: true}) {
		t.Fatalf("Parts = %#v, want the journal alone in italics", got.Parts)
	}
	want := "Dunkley, C. R., & Brotto, L. A. (2019). The role of consent in the context of BDSM. Sexual Abuse. " +
		"Advance online publication. https://doi.org/10.1177/1079063219842847"
	if got.String() != want {
		t.Errorf("String()\n got: %s\nwant: %s", got.String(), want)
	}
}

func TestNormalizeDOI(t *testing.T) {
	tests := []struct{ in, want string }{
		{"10.1007/s10508-014-0305-3", "10.1007/s10508-014-0305-3"},
		{"  10.1007/s10508-014-0305-3\n", "10.1007/s10508-014-0305-3"},
		{"https://doi.org/10.1016/S0306-4530(98)00055-9", "10.1016/S0306-4530(98)00055-9"},
		{"HTTPS://DOI.ORG/10.1080/009262300278641", "10.1080/009262300278641"},
		{"http://dx.doi.org/10.1080/009262300278641", "10.1080/009262300278641"},
		{"doi:10.1002/sm2.74", "10.1002/sm2.74"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := NormalizeDOI(tt.in); got != tt.want {
			t.Errorf("NormalizeDOI(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestValidateDOI(t *testing.T) {
	tests := []struct {
		in string
		ok bool
	}{
		{"10.1007/s10508-014-0305-3", true},
		{"https://doi.org/10.1016/S0306-4530(98)00055-9", true},
		{"10.1080/0092623X.2018.1488326", true},
		{"doi:10.1002/sm2.74", true},
		{"", false},
		{"10.1007", false},
		{"10.123/too-short-registrant", false},
		{"11.1007/s10508-014-0305-3", false},
		{"10.1007/has space", false},
		{"https://example.org/10.1007/s10508-014-0305-3", false},
		{"10.1234567890/too-long-registrant", false},
	}
	for _, tt := range tests {
		err := ValidateDOI(tt.in)
		if tt.ok && err != nil {
			t.Errorf("ValidateDOI(%q) = %v, want nil", tt.in, err)
		}
		if !tt.ok && !errors.Is(err, ErrInvalidDOI) {
			t.Errorf("ValidateDOI(%q) = %v, want ErrInvalidDOI", tt.in, err)
		}
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name    string
		change  func(*Reference)
		wantErr string
	}{
		{"complete", func(*Reference) {}, ""},
		{"no DOI is fine", func(r *Reference) { r.DOI = "" }, ""},
		{"no authors", func(r *Reference) { r.Authors = nil }, "no authors"},
		{"author without family name", func(r *Reference) { r.Authors[1].Family = " " }, "author 2 has no family name"},
		{"year missing", func(r *Reference) { r.Year = 0 }, "year 0"},
		{"year a typo", func(r *Reference) { r.Year = 20014 }, "year 20014"},
		{"title empty", func(r *Reference) { r.Title = "" }, "title is empty"},
		{"bad DOI", func(r *Reference) { r.DOI = "not-a-doi" }, "invalid DOI"},
		{"key empty", func(r *Reference) { r.Key = "" }, "key is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := article(nato(2))
			tt.change(&r)
			err := r.Validate()
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Validate() = %v, want ErrInvalid mentioning %q", err, tt.wantErr)
			}
		})
	}
}

const goodYAML = `
- key: carter1998
  authors:
    - {family: Carter, given: C. S.}
  year: 1998
  title: Neuroendocrine perspectives on social attachment and love
  journal: Psychoneuroendocrinology
  volume: "23"
  issue: "8"
  pages: 779–818
  doi: https://doi.org/10.1016/S0306-4530(98)00055-9
- key: dunkley2019
  authors:
    - {family: Dunkley, given: C. R.}
    - {family: Brotto, given: L. A.}
  year: 2019
  title: The role of consent in the context of BDSM
  journal: Sexual Abuse
  doi: 10.1177/1079063219842847
  note: Advance online publication
`

func TestLoad(t *testing.T) {
	fsys := fstest.MapFS{"refs.yaml": {Data: []byte(goodYAML)}}
	refs, err := Load(fsys, "refs.yaml")
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if len(refs) != 2 {
		t.Fatalf("got %d references, want 2", len(refs))
	}
	if refs[0].DOI != "10.1016/S0306-4530(98)00055-9" {
		t.Errorf("DOI not normalised: %q", refs[0].DOI)
	}
	want := "Carter, C. S. (1998). Neuroendocrine perspectives on social attachment and love. " +
		"Psychoneuroendocrinology, 23(8), 779–818. https://doi.org/10.1016/S0306-4530(98)00055-9"
	if got := Format(refs[0]).String(); got != want {
		t.Errorf("Format(carter1998)\n got: %s\nwant: %s", got, want)
	}
}

func TestLoad_Rejects(t *testing.T) {
	tests := []struct {
		name, yaml, wantErr string
	}{
		{
			"duplicate key",
			goodYAML + `
- key: carter1998
  authors: [{family: Carter, given: C. S.}]
  year: 1998
  title: Another
`,
			`duplicate key "carter1998"`,
		},
		{
			"invalid entry",
			`
- key: nobody
  authors: []
  year: 2001
  title: No authors here
`,
			"no authors",
		},
		{
			"unknown field",
			`
- key: typo
  authors: [{family: Typo, given: T.}]
  year: 2001
  title: Misspelt field
  jornal: Journal of Typos
`,
			"jornal",
		},
		{"not a list", "key: value\n", "parse"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"refs.yaml": {Data: []byte(tt.yaml)}}
			_, err := Load(fsys, "refs.yaml")
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Load() = %v, want error containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestLoad_MissingFile(t *testing.T) {
	if _, err := Load(fstest.MapFS{}, "missing.yaml"); err == nil {
		t.Fatal("Load(missing) = nil error")
	}
}
