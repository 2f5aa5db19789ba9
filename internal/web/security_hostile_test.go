package web_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/text/unicode/norm"

	"github.com/tend-practice/tend/internal/auth"
)

// hostileInput is one line of testdata/hostile.txt.
type hostileInput struct {
	Name string // for test names: its line number
	Text string
}

// hasNUL marks an input the middleware must refuse whole.
func (h hostileInput) hasNUL() bool { return strings.ContainsRune(h.Text, 0) }

// loadHostile reads testdata/hostile.txt (see the file's header).
func loadHostile(t testing.TB) []hostileInput {
	t.Helper()
	f, err := os.Open("testdata/hostile.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []hostileInput
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		times := 1
		if rest, ok := strings.CutPrefix(line, "repeat "); ok {
			count, lit, _ := strings.Cut(rest, " ")
			if times, err = strconv.Atoi(count); err != nil {
				t.Fatalf("hostile.txt:%d: %v", n, err)
			}
			line = lit
		}
		s, err := strconv.Unquote(line)
		if err != nil {
			t.Fatalf("hostile.txt:%d: not a Go string literal: %v", n, err)
		}
		out = append(out, hostileInput{Name: fmt.Sprintf("line%d", n), Text: strings.Repeat(s, times)})
	}
	if len(out) < 30 {
		t.Fatalf("hostile.txt has %d inputs; keep at least 30", len(out))
	}
	return out
}

// pageDanger lists what on a page could run script or change where it goes:
// inline scripts, scripts from elsewhere, event-handler attributes,
// javascript: and data: URLs, style attributes and elements, and elements
// that embed or redirect. A page with hostile text must list nothing its
// benign twin does not.
func pageDanger(body string) []string {
	found := map[string]bool{}
	z := html.NewTokenizer(strings.NewReader(body))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		attrs := map[string]string{}
		for _, a := range tok.Attr {
			attrs[strings.ToLower(a.Key)] = a.Val
			key := strings.ToLower(a.Key)
			if strings.HasPrefix(key, "on") {
				found["handler attribute "+key+" on <"+tok.Data+">"] = true
			}
			if key == "style" {
				found["style attribute on <"+tok.Data+">"] = true
			}
			switch key {
			case "href", "src", "action", "formaction", "xlink:href", "data", "srcdoc", "background", "poster":
				v := strings.ToLower(strings.Map(func(r rune) rune {
					if unicode.IsSpace(r) || unicode.IsControl(r) {
						return -1
					}
					return r
				}, a.Val))
				if strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "vbscript:") || strings.HasPrefix(v, "data:text") {
					found["script URL in "+key] = true
				}
			}
		}
		switch tok.Data {
		case "script":
			if src := attrs["src"]; !strings.HasPrefix(src, "/static/") {
				found["script not from /static/: "+src] = true
			}
		case "iframe", "frame", "frameset", "object", "embed", "applet", "base", "style", "math", "form-injected", "foreignobject":
			found["<"+tok.Data+">"] = true
		case "meta":
			if attrs["http-equiv"] != "" {
				found["<meta http-equiv>"] = true
			}
		}
	}
	out := make([]string, 0, len(found))
	for k := range found {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// pageData is the page's text and attribute values, as a browser reads
// them (entities decoded, newlines normalised).
func pageData(body string) (text string, attrs []string) {
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(body))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return b.String(), attrs
		case html.TextToken:
			b.Write(z.Text())
		case html.StartTagToken, html.SelfClosingTagToken:
			b.WriteString("\x00") // a tag ends a text run
			for _, a := range z.Token().Attr {
				attrs = append(attrs, a.Val)
			}
		default:
			b.WriteString("\x00")
		}
	}
}

// browserForm is what a browser's parser makes of text written into a page.
func browserForm(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// checkEscaped fails unless the page shows want as data (text or an
// attribute value) and has no more danger than its benign twin.
func checkEscaped(t *testing.T, where, body string, baseline []string, want string) {
	t.Helper()
	got := pageDanger(body)
	if strings.Join(got, "|") != strings.Join(baseline, "|") {
		t.Errorf("%s: the hostile text changed the page: %v (benign page: %v)", where, got, baseline)
	}
	if want == "" {
		return
	}
	text, attrs := pageData(body)
	want = browserForm(want)
	if strings.Contains(text, want) {
		return
	}
	for _, a := range attrs {
		if strings.Contains(browserForm(a), want) {
			return
		}
	}
	t.Errorf("%s: the page does not show the text as typed (%.60q)", where, want)
}

// pdfPattern matches text in pdftotext output: every character in order,
// whitespace anywhere; characters the handout font cannot draw may show as
// its placeholder (□) or not at all, and control and format characters are
// dropped (as internal/handout documents).
func pdfPattern(s string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString(`(?s)`)
	for _, r := range norm.NFC.String(s) {
		switch {
		case unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			continue
		case r < 0x250 || strings.ContainsRune("–—‘’“”…•", r):
			b.WriteString(regexp.QuoteMeta(string(r)))
		default:
			b.WriteString(`(?:` + regexp.QuoteMeta(string(r)) + `|□)?`)
		}
		b.WriteString(`\s*`)
	}
	return regexp.MustCompile(b.String())
}

// checkPDF fails unless the PDF's text holds s. Very long text spans
// pages, whose headers and footers interrupt it: its start and end are
// checked.
func checkPDF(t *testing.T, where, text, s string) {
	t.Helper()
	parts := []string{s}
	if r := []rune(s); len(r) > 1200 {
		parts = []string{string(r[:300]), string(r[len(r)-300:])}
	}
	for _, p := range parts {
		if !pdfPattern(p).MatchString(text) {
			t.Errorf("%s: the PDF's text lacks %.60q", where, p)
		}
	}
}

// TestHostile_WorksheetAnswersAndComments enters every hostile string as a
// worksheet answer (form and API), a clinician comment, a private note and
// a client reply, then reads every page, the API and the printout that show
// them, and the database through the service.
func TestHostile_WorksheetAnswersAndComments(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	ctx := context.Background()
	cl := p.signedIn("client1@example.test")
	clin := p.signedIn("clin1@example.test")

	// enter submits s as the answer to "What helped" and comments on it,
	// returning the assignment and the statuses of the two comment posts.
	enter := func(s string) (int64, int, int) {
		t.Helper()
		id := p.assign(p.clin1, p.client1, "worksheet", "after-intimacy-reflection")
		path := fmt.Sprintf("/me/assignments/%d", id)
		v, key := formState(t, cl.get(path).Body)
		form := reflectionForm("3")
		form.Set("what_helped", s)
		form.Set("version", v)
		form.Set("submission_key", key)
		form.Set("action", "submit")
		if res := cl.post(path, form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("submit: %d %.300s", res.StatusCode, res.Body)
		}
		c1 := clin.post(fmt.Sprintf("/clinician/assignments/%d/comments", id), url.Values{"body": {s}, "field_id": {"what_helped"}}).StatusCode
		clin.post(fmt.Sprintf("/clinician/assignments/%d/comments", id), url.Values{"body": {"private: " + s}, "private": {"true"}})
		c2 := cl.post(path+"/comments", url.Values{"body": {s}}).StatusCode
		return id, c1, c2
	}
	pages := func(id int64) map[string]string {
		return map[string]string{
			"client page":     cl.get(fmt.Sprintf("/me/assignments/%d", id)).Body,
			"client home":     cl.get("/me").Body,
			"clinician page":  clin.get(fmt.Sprintf("/clinician/assignments/%d", id)).Body,
			"client's record": clin.get(fmt.Sprintf("/clinician/clients/%d", p.client1.ClientID)).Body,
			"dashboard":       clin.get("/clinician").Body,
		}
	}
	benignID, _, _ := enter("benign text")
	baseline := map[string][]string{}
	for name, body := range pages(benignID) {
		baseline[name] = pageDanger(body)
	}

	for _, in := range loadHostile(t) {
		t.Run(in.Name, func(t *testing.T) {
			s := in.Text
			if in.hasNUL() {
				id := p.assign(p.clin1, p.client1, "worksheet", "after-intimacy-reflection")
				res := cl.post(fmt.Sprintf("/me/assignments/%d", id), url.Values{"what_helped": {s}, "action": {"save"}})
				if res.StatusCode != http.StatusBadRequest {
					t.Fatalf("a NUL in an answer: %d, want 400", res.StatusCode)
				}
				if res := clin.post(fmt.Sprintf("/clinician/assignments/%d/comments", id), url.Values{"body": {s}}); res.StatusCode != http.StatusBadRequest {
					t.Fatalf("a NUL in a comment: %d, want 400", res.StatusCode)
				}
				if p.count("responses", "assignment_id = ?", id) != 0 || p.count("comments", "assignment_id = ?", id) != 0 {
					t.Fatal("text with a NUL was stored")
				}
				return
			}
			id, c1, c2 := enter(s)
			commentOK := len([]rune(strings.TrimSpace(s))) <= 5000
			for _, st := range []int{c1, c2} {
				if commentOK && st != http.StatusSeeOther || !commentOK && st != http.StatusUnprocessableEntity {
					t.Fatalf("comment: %d (text of %d characters)", st, len([]rune(s)))
				}
			}
			// The database holds exactly what was typed.
			as, err := p.app.Assignments.Get(ctx, p.clin1, id)
			if err != nil {
				t.Fatal(err)
			}
			r, err := p.app.Assignments.Response(ctx, p.client1, as)
			if err != nil || r.Answers.Text("what_helped") != s {
				t.Fatalf("stored answer differs: %.80q, %v", r.Answers.Text("what_helped"), err)
			}
			cs, err := p.app.Assignments.Comments(ctx, p.clin1, as)
			if err != nil {
				t.Fatal(err)
			}
			if commentOK {
				want := strings.TrimSpace(s)
				if len(cs) != 3 || cs[0].Body != want || cs[1].Body != "private: "+want || cs[2].Body != want {
					t.Fatalf("stored comments differ: %d comments", len(cs))
				}
			}
			// Every page shows it as text, and nothing more.
			for name, body := range pages(id) {
				want := ""
				if name == "client page" || name == "clinician page" {
					want = s
				}
				checkEscaped(t, name, body, baseline[name], want)
			}
			// The JSON API returns it unchanged.
			var detail struct {
				Response struct{ Answers map[string]any } `json:"response"`
				Comments []struct{ Body string }          `json:"comments"`
			}
			res := clin.api(http.MethodGet, fmt.Sprintf("/api/v1/assignments/%d", id), "")
			if err := json.Unmarshal([]byte(res.Body), &detail); err != nil || detail.Response.Answers["what_helped"] != s {
				t.Fatalf("API: %d %v", res.StatusCode, err)
			}
			// The printout has it literally.
			pdf := clin.get(fmt.Sprintf("/handouts/assignments/%d.pdf", id))
			if pdf.StatusCode != http.StatusOK {
				t.Fatalf("PDF: %d", pdf.StatusCode)
			}
			text := pdfText(t, []byte(pdf.Body))
			checkPDF(t, "answer in the PDF", text, s)
			if commentOK {
				if strings.Count(text, "private:") != 0 {
					t.Error("a private note is on the printout")
				}
			}
		})
	}
}

// TestHostile_AnswersThroughTheAPI stores every hostile string through the
// JSON API and reads it back unchanged.
func TestHostile_AnswersThroughTheAPI(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	cl := p.signedIn("client1@example.test")
	for _, in := range loadHostile(t) {
		t.Run(in.Name, func(t *testing.T) {
			id := p.assign(p.clin1, p.client1, "worksheet", "after-intimacy-reflection")
			body, _ := json.Marshal(map[string]any{"answers": map[string]any{"what_helped": in.Text}, "version": 0, "action": "save"})
			res := cl.api(http.MethodPut, fmt.Sprintf("/api/v1/me/assignments/%d/response", id), string(body))
			if in.hasNUL() {
				if res.StatusCode < 400 || res.StatusCode >= 500 || p.count("responses", "assignment_id = ?", id) != 0 {
					t.Fatalf("a NUL through the API: %d", res.StatusCode)
				}
				return
			}
			if res.StatusCode != http.StatusOK {
				t.Fatalf("save: %d %.300s", res.StatusCode, res.Body)
			}
			var got struct {
				Response struct{ Answers map[string]any } `json:"response"`
			}
			res = cl.api(http.MethodGet, fmt.Sprintf("/api/v1/me/assignments/%d", id), "")
			if err := json.Unmarshal([]byte(res.Body), &got); err != nil || got.Response.Answers["what_helped"] != in.Text {
				t.Fatalf("read back: %d %v", res.StatusCode, err)
			}
		})
	}
}

// TestHostile_ClientDisplayNames names a client with every hostile string.
func TestHostile_ClientDisplayNames(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	ctx := context.Background()
	clin := p.signedIn("clin1@example.test")
	create := func(name string) (response, int64) {
		t.Helper()
		res := clin.post("/clinician/clients", url.Values{"display_name": {name}})
		if res.StatusCode != http.StatusSeeOther {
			return res, 0
		}
		id, err := strconv.ParseInt(strings.TrimPrefix(res.Header.Get("Location"), "/clinician/clients/"), 10, 64)
		if err != nil {
			t.Fatalf("location %q", res.Header.Get("Location"))
		}
		return res, id
	}
	pages := func(id int64) map[string]string {
		return map[string]string{
			"client page": clin.get(fmt.Sprintf("/clinician/clients/%d", id)).Body,
			"roster":      clin.get("/clinician/clients").Body,
			"dashboard":   clin.get("/clinician").Body,
		}
	}
	_, benign := create("Benign Name")
	baseline := map[string][]string{}
	for name, body := range pages(benign) {
		baseline[name] = pageDanger(body)
	}
	for _, in := range loadHostile(t) {
		t.Run(in.Name, func(t *testing.T) {
			res, id := create(in.Text)
			want := strings.TrimSpace(in.Text)
			switch {
			case in.hasNUL():
				if res.StatusCode != http.StatusBadRequest {
					t.Fatalf("a NUL in a name: %d, want 400", res.StatusCode)
				}
				return
			case len([]rune(want)) > 120:
				if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "under 120 characters") {
					t.Fatalf("a name of %d characters: %d, want 422 with a message", len([]rune(want)), res.StatusCode)
				}
				checkEscaped(t, "the form shown again", res.Body, pageDanger(res.Body), "")
				if strings.Contains(res.Body, "<script>x</script>") {
					t.Fatal("the form shown again has the name unescaped")
				}
				return
			case id == 0:
				t.Fatalf("create: %d %.300s", res.StatusCode, res.Body)
			}
			c, err := p.app.Clients.Get(ctx, p.clin1, id)
			if err != nil || c.DisplayName != want {
				t.Fatalf("stored name %.80q, %v", c.DisplayName, err)
			}
			for name, body := range pages(id) {
				checkEscaped(t, name, body, baseline[name], want)
			}
			// Printed on a worksheet given to that client.
			aid := p.assign(p.clin1, auth.Actor{ClientID: id}, "worksheet", "after-intimacy-reflection")
			pdf := clin.get(fmt.Sprintf("/handouts/assignments/%d.pdf", aid))
			if pdf.StatusCode != http.StatusOK {
				t.Fatalf("PDF: %d", pdf.StatusCode)
			}
			checkPDF(t, "name in the PDF", pdfText(t, []byte(pdf.Body)), want)
		})
	}
}

// lf is what the authoring forms store: browsers send CRLF, the forms keep LF.
func lf(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }

// TestHostile_ModuleMarkdown authors a module whose Markdown is each
// hostile string: the module page renders it without script, the edit form
// gives it back as typed, the handout prints, and the library stores it.
func TestHostile_ModuleMarkdown(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	ctx := context.Background()
	clin := p.signedIn("clin1@example.test")
	cl := p.signedIn("client1@example.test")
	save := func(slug, title, body string) response {
		f := moduleForm("save")
		f.Set("slug", slug)
		f.Set("title", title)
		f.Set("body", body)
		return clin.post("/library/modules", f)
	}
	if res := save("benign-module", "Benign", "Some *benign* text."); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("benign module: %d %.300s", res.StatusCode, res.Body)
	}
	baseShow := pageDanger(clin.get("/library/modules/benign-module").Body)
	baseEdit := pageDanger(clin.get("/library/modules/benign-module/edit").Body)
	baseMine := pageDanger(cl.get(fmt.Sprintf("/me/assignments/%d", p.assign(p.clin1, p.client1, "module", "benign-module"))).Body)
	for i, in := range loadHostile(t) {
		t.Run(in.Name, func(t *testing.T) {
			slug := fmt.Sprintf("hostile-module-%d", i)
			title := "Hostile " + strconv.Itoa(i)
			if n := len([]rune(strings.TrimSpace(in.Text))); n > 0 && n <= 160 {
				title = in.Text // the title too, where it fits
			}
			res := save(slug, title, in.Text)
			if in.hasNUL() {
				if res.StatusCode != http.StatusBadRequest {
					t.Fatalf("a NUL in Markdown: %d, want 400", res.StatusCode)
				}
				return
			}
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("save: %d %.300s", res.StatusCode, res.Body)
			}
			v, err := p.app.Modules.Get(ctx, p.clin1, slug)
			// The library keeps the body as typed, less surrounding blank space.
			if err != nil || strings.TrimSpace(v.Body) != strings.TrimSpace(lf(in.Text)) || v.Title != strings.TrimSpace(lf(title)) {
				t.Fatalf("stored module differs: %.80q / %.80q, %v", v.Body, v.Title, err)
			}
			checkEscaped(t, "module page", clin.get("/library/modules/"+slug).Body, baseShow, "")
			checkEscaped(t, "edit form", clin.get("/library/modules/"+slug+"/edit").Body, baseEdit, strings.TrimSpace(lf(in.Text)))
			mine := cl.get(fmt.Sprintf("/me/assignments/%d", p.assign(p.clin1, p.client1, "module", slug)))
			checkEscaped(t, "client's module page", mine.Body, baseMine, "")
			if pdf := clin.get("/handouts/modules/" + slug + ".pdf"); pdf.StatusCode != http.StatusOK {
				t.Fatalf("module handout: %d", pdf.StatusCode)
			} else {
				pdfText(t, []byte(pdf.Body)) // a valid PDF (qpdf --check)
			}
		})
	}
}

// TestHostile_WorksheetLabels builds a worksheet whose question label is
// each hostile string, and shows it to clinician and client and on paper.
func TestHostile_WorksheetLabels(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	ctx := context.Background()
	clin := p.signedIn("clin1@example.test")
	cl := p.signedIn("client1@example.test")
	save := func(slug, label string) response {
		f := builderForm("save")
		f.Set("slug", slug)
		f.Set("f0_label", label)
		return clin.post("/library/worksheets", f)
	}
	if res := save("benign-sheet", "A benign question"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("benign worksheet: %d %.300s", res.StatusCode, res.Body)
	}
	baseShow := pageDanger(clin.get("/library/worksheets/benign-sheet").Body)
	baseEdit := pageDanger(clin.get("/library/worksheets/benign-sheet/edit").Body)
	baseMine := pageDanger(cl.get(fmt.Sprintf("/me/assignments/%d", p.assign(p.clin1, p.client1, "worksheet", "benign-sheet"))).Body)
	for i, in := range loadHostile(t) {
		t.Run(in.Name, func(t *testing.T) {
			slug := fmt.Sprintf("hostile-sheet-%d", i)
			res := save(slug, in.Text)
			want := strings.TrimSpace(lf(in.Text))
			switch {
			case in.hasNUL():
				if res.StatusCode != http.StatusBadRequest {
					t.Fatalf("a NUL in a label: %d, want 400", res.StatusCode)
				}
				return
			case len([]rune(want)) > 500:
				if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "too long") {
					t.Fatalf("a label of %d characters: %d, want 422 with a message", len([]rune(want)), res.StatusCode)
				}
				return
			case res.StatusCode != http.StatusSeeOther:
				t.Fatalf("save: %d %.300s", res.StatusCode, res.Body)
			}
			v, err := p.app.Worksheets.Get(ctx, p.clin1, slug)
			if err != nil || v.Schema.Sections[0].Fields[0].Label != want {
				t.Fatalf("stored label differs, %v", err)
			}
			checkEscaped(t, "library page", clin.get("/library/worksheets/"+slug).Body, baseShow, want)
			checkEscaped(t, "builder", clin.get("/library/worksheets/"+slug+"/edit").Body, baseEdit, want)
			mine := cl.get(fmt.Sprintf("/me/assignments/%d", p.assign(p.clin1, p.client1, "worksheet", slug)))
			checkEscaped(t, "client's form", mine.Body, baseMine, want)
			pdf := clin.get("/handouts/worksheets/" + slug + ".pdf")
			if pdf.StatusCode != http.StatusOK {
				t.Fatalf("worksheet handout: %d", pdf.StatusCode)
			}
			checkPDF(t, "label in the PDF", pdfText(t, []byte(pdf.Body)), want)
		})
	}
}
