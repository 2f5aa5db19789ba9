package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/config"
	"github.com/tend-practice/tend/internal/demo"
	"github.com/tend-practice/tend/internal/i18n"
	"github.com/tend-practice/tend/internal/module"
)

// Issue 22 in a real browser: the tour (tour_test.go) with the
// pseudo-locale, and in Spanish and Greek; phone screenshots of a client's
// pages in both.
//
//	TEND_E2E=required go test -count=1 -run 'TestI18n_' ./internal/e2e/

// TestI18n_PseudoLocale_EveryPageHasNoTextOutsideTheCatalogue walks every
// page of the tour, in every role, with TEND_PSEUDO_LOCALE: every catalogue
// string renders as "[!...!]". Any visible text (the body's text nodes,
// aria-label, title, placeholder and alt attributes, input buttons' values,
// the document's title) with letters left once the markers and the
// practice's and people's own content are taken out is text a page writes
// in English whatever the viewer's language. The failure lists each page
// with its first texts; screenshots/i18n-pseudo.txt has them all.
func TestI18n_PseudoLocale_EveryPageHasNoTextOutsideTheCatalogue(t *testing.T) {
	t.Parallel()
	s := newSiteWith(t, func(c *config.Config) { c.PracticeName = "Tend Practice"; c.PseudoLocale = true })
	if !s.App.Server.I18n.Pseudo() {
		t.Fatal("TEND_PSEUDO_LOCALE is on but the bundle does not mark its strings")
	}
	d := newDemoTour(t, s, "pseudo")
	content := siteContent(t, s)
	tr := s.App.Server.I18n.For(i18n.English)

	var mu sync.Mutex
	var found []pseudoFinding
	check := func(role string) tourCheck {
		return func(b *browser, name string, status int) {
			b.t.Helper()
			texts := evalIn[[]pageText](b, visibleTextsJS)
			if !slices.ContainsFunc(texts, func(s pageText) bool { return strings.Contains(s.Text, "[!") }) {
				b.t.Errorf("%s (%s): no pseudo-locale markers at all", name, b.path())
			}
			left := outsideCatalogue(texts, content)
			if len(left) == 0 {
				return
			}
			mu.Lock()
			found = append(found, pseudoFinding{role: role, name: name, path: b.path(), texts: left})
			mu.Unlock()
		}
	}
	t.Run("crawl", func(t *testing.T) {
		for _, r := range d.roles(t) {
			t.Run(r.name, func(t *testing.T) {
				t.Parallel()
				b := newBrowser(t, desktop.Width, desktop.Height)
				b.base = s.URL
				if r.email != "" {
					b.signInAs(r.email, demo.Password)
				}
				r.pages(b, tourRun{run: "pseudo", tr: tr, check: check(r.name)})
			})
		}
	})
	if len(found) == 0 {
		return
	}
	order := map[string]int{"anonymous": 0, "client": 1, "clinician": 2, "admin": 3}
	sort.SliceStable(found, func(i, j int) bool { return order[found[i].role] < order[found[j].role] })
	var short, full strings.Builder
	for _, f := range found {
		first := f.texts[:min(5, len(f.texts))]
		q := make([]string, len(first))
		for i, x := range first {
			q[i] = fmt.Sprintf("%q", excerpt(x.Text, 60))
		}
		fmt.Fprintf(&short, "\n  %s %s (%s), %d: %s", f.role, f.path, f.name, len(f.texts), strings.Join(q, " "))
		fmt.Fprintf(&full, "%s %s (%s)\n", f.role, f.path, f.name)
		for _, x := range f.texts {
			fmt.Fprintf(&full, "\t%q\tin %s\n", x.Text, x.Where)
		}
	}
	out := filepath.Join(repoRoot(t), "screenshots", "i18n-pseudo.txt")
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err == nil {
		_ = os.WriteFile(out, []byte(full.String()), 0o644)
	}
	t.Errorf("pseudo-locale: %d pages show text outside the catalogue (role, page, how many, the first ones; all in %s):%s",
		len(found), out, short.String())
}

// pseudoFinding is one page's text outside the catalogue.
type pseudoFinding struct {
	role, name, path string
	texts            []pageText
}

// pageText is one text on a page and where it is ("p.muted", "input value").
type pageText struct {
	Text  string `json:"text"`
	Where string `json:"where"`
}

// visibleTextsJS lists the page's text: the body's text nodes with a letter
// (scripts and styles aside, hidden ones included: a closed <details> or a
// confirmation shown on a click is text too), the attributes people read
// or hear, input buttons' values and the document's title.
const visibleTextsJS = `(() => {
	const where = (el, what) => {
		let d = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '');
		if (typeof el.className === 'string' && el.className.trim()) d += '.' + el.className.trim().split(/\s+/).join('.');
		return d + (what ? ' ' + what : '');
	};
	const out = [{text: document.title, where: 'title'}];
	const skip = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE']);
	const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {acceptNode: (n) => {
		for (let p = n.parentElement; p; p = p.parentElement) if (skip.has(p.tagName)) return NodeFilter.FILTER_REJECT;
		return /\p{L}/u.test(n.data) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
	}});
	for (let n; (n = w.nextNode());) out.push({text: n.data, where: where(n.parentElement, '')});
	for (const el of document.body.querySelectorAll('[aria-label], [title], [placeholder], [alt], input[type=submit][value], input[type=button][value], input[type=reset][value]')) {
		for (const a of ['aria-label', 'title', 'placeholder', 'alt']) if (el.hasAttribute(a)) out.push({text: el.getAttribute(a), where: where(el, a)});
		if (el.tagName === 'INPUT' && /^(submit|button|reset)$/.test(el.type)) out.push({text: el.value, where: where(el, 'value')});
	}
	return out.filter((t) => /\p{L}/u.test(t.text || ''));
})()`

// siteText is the content a page may show (siteContent).
type siteText struct {
	// strings are taken out wherever they stand as whole words; longest
	// first.
	strings []string
	// pieces are Markdown's text nodes (whitespace normalised): content
	// only as a whole text node, so a word a module happens to use is not
	// taken out of an interface sentence.
	pieces map[string]bool
}

// outsideCatalogue is the texts with letters left once the pseudo-locale's
// markers and the content are removed, each once, whitespace normalised.
func outsideCatalogue(texts []pageText, content siteText) []pageText {
	var out []pageText
	seen := map[string]bool{}
	for _, x := range texts {
		rest := i18n.RemoveMarked(x.Text)
		if content.pieces[normSpace(rest)] {
			continue
		}
		for _, c := range content.strings {
			if strings.IndexFunc(rest, unicode.IsLetter) < 0 {
				break
			}
			// A word as short as "No" is content only on its own: inside
			// a sentence it is the sentence's.
			if len([]rune(c)) < 3 && normSpace(rest) != c {
				continue
			}
			rest = removeWords(rest, c)
		}
		rest = normSpace(webAddress.ReplaceAllString(initials.ReplaceAllString(rest, "$1"), ""))
		if strings.IndexFunc(rest, unicode.IsLetter) < 0 || notLanguage.MatchString(rest) {
			continue
		}
		if !seen[rest] {
			seen[rest] = true
			out = append(out, pageText{Text: rest, Where: x.Where})
		}
	}
	return out
}

// removeWords removes each occurrence of c in s that is not part of a
// longer word: the content "No" does not take "No" out of "Nov".
func removeWords(s, c string) string {
	if !strings.Contains(s, c) {
		return s
	}
	first, _ := utf8.DecodeRuneInString(c)
	last, _ := utf8.DecodeLastRuneInString(c)
	word := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	var b strings.Builder
	for {
		i := strings.Index(s, c)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[i+len(c):])
		if (i > 0 && word(first) && word(before)) || (i+len(c) < len(s) && word(last) && word(after)) {
			// Part of a longer word: keep it, go on after it.
			b.WriteString(s[:i+len(c)])
		} else {
			b.WriteString(s[:i])
			b.WriteString(" ")
		}
		s = s[i+len(c):]
	}
}

// identifier is a value code writes, not a person: a status, a kind, a
// slug, a language tag. Such values are not taken as content, so a page
// that shows one raw is still caught.
var identifier = regexp.MustCompile(`^[a-z0-9_.-]*$`)

// initials are what a reference list makes of people's given names
// ("Basson, R."): content, as the names are.
var initials = regexp.MustCompile(`(^|[^\p{L}])\p{Lu}\.`)

// webAddress is an address inside a text (a Markdown link's example).
var webAddress = regexp.MustCompile(`(https?|mailto):[^\s)]*`)

// notLanguage is a text with no language to translate: a web address, an
// environment variable's name (TEND_SMTP_ADDR), a second step's secret in
// base32 and its otpauth: address (the MFA enrolment page).
var notLanguage = regexp.MustCompile(`^((https?|mailto):\S*|otpauth:.*|[A-Z][A-Z0-9]*(_[A-Z0-9]+)+|[A-Z2-7]{16,})$`)

// siteContent is what the pages may show that is not interface text: the
// practice's name and settings, people's names and emails, the library's
// titles and texts (also as their Markdown renders, piece by piece), notes,
// answers and comments (sealed in the database: read through the
// services). Collected from the whole database, never by page.
func siteContent(t *testing.T, s *site) siteText {
	t.Helper()
	ctx := context.Background()
	db := s.App.DB.Gorm
	set := map[string]bool{}
	var keep func(v string)
	keep = func(v string) {
		v = strings.TrimSpace(v)
		if v == "" || set[v] {
			return
		}
		set[v] = true
		if trimmed := normSpace(v); trimmed != v {
			keep(trimmed)
		}
	}
	// A value as stored: not when it looks like an identifier.
	add := func(v string) {
		if !identifier.MatchString(strings.TrimSpace(v)) {
			keep(v)
		}
	}
	addJSON := func(raw []byte) {
		var doc any
		if json.Unmarshal(raw, &doc) != nil {
			add(string(raw))
			return
		}
		var walk func(any)
		walk = func(x any) {
			switch x := x.(type) {
			case string:
				add(x)
			case []any:
				for _, e := range x {
					walk(e)
				}
			case map[string]any:
				for _, e := range x {
					walk(e)
				}
			}
		}
		walk(doc)
	}
	add(s.App.Config.PracticeName)

	// Every text column of the practice's tables, but for the machinery
	// (job queue, sessions, limits, keys) and what code writes (the audit
	// log's details, hashes, tokens).
	var cols []struct{ Table, Column, Type string }
	if err := db.Raw(`SELECT table_name AS "table", column_name AS "column", data_type AS "type"
		FROM information_schema.columns WHERE table_schema = 'public'
		AND data_type IN ('text', 'character varying', 'jsonb', 'json')
		AND table_name NOT LIKE 'river%' AND table_name NOT IN ('sessions', 'session_tombstones', 'rate_limits',
			'sign_in_locks', 'seal_keys', 'schema_migrations', 'audit_events', 'account_tokens', 'invites',
			'mfa_factors', 'mfa_recovery_codes', 'goose_db_version')
		AND column_name !~ '(hash|sealed|checksum|sha256|token|secret|key|password|^ip$)'`).Scan(&cols).Error; err != nil {
		t.Fatalf("content: columns: %v", err)
	}
	for _, c := range cols {
		var vals []string
		q := fmt.Sprintf(`SELECT %q::text FROM %q WHERE %q IS NOT NULL`, c.Column, c.Table, c.Column)
		if err := db.Raw(q).Scan(&vals).Error; err != nil {
			t.Fatalf("content: %s.%s: %v", c.Table, c.Column, err)
		}
		for _, v := range vals {
			if strings.HasPrefix(c.Type, "json") {
				addJSON([]byte(v))
			} else {
				add(v)
			}
		}
	}

	// Answers and comments, sealed at rest: as the client's clinician sees
	// them (submitted work, every comment) and as the client does (drafts).
	var clients []struct {
		ID          int64
		ClinicianID int64
		UserID      *int64
	}
	if err := db.Raw(`SELECT id, clinician_id, user_id FROM clients`).Scan(&clients).Error; err != nil {
		t.Fatalf("content: clients: %v", err)
	}
	for _, c := range clients {
		clin, err := s.App.Accounts.Actor(ctx, c.ClinicianID)
		if err != nil {
			t.Fatalf("content: clinician %d: %v", c.ClinicianID, err)
		}
		viewers := []auth.Actor{clin}
		if c.UserID != nil {
			if a, err := s.App.Accounts.Actor(ctx, *c.UserID); err == nil {
				viewers = append(viewers, a)
			}
		}
		work, err := s.App.Assignments.AllForClient(ctx, clin, c.ID)
		if err != nil {
			t.Fatalf("content: client %d's work: %v", c.ID, err)
		}
		for _, a := range work {
			add(a.Title)
			add(a.Note)
			for _, v := range viewers {
				if r, err := s.App.Assignments.Response(ctx, v, a); err == nil {
					if buf, err := json.Marshal(r.Answers); err == nil {
						addJSON(buf)
					}
				}
			}
			if cs, err := s.App.Assignments.Comments(ctx, clin, a); err == nil {
				for _, cm := range cs {
					add(cm.Body)
					add(cm.AuthorName)
				}
			}
		}
	}

	// Markdown (modules, guides, descriptions, comments) shows as its
	// render's text nodes.
	md := module.NewRenderer()
	pieces := map[string]bool{}
	texts := make([]string, 0, len(set))
	for v := range set {
		texts = append(texts, v)
	}
	for _, v := range texts {
		if !strings.ContainsAny(v, "\n*_[#`>") {
			continue
		}
		doc, err := html.Parse(strings.NewReader(string(md.HTML(v))))
		if err != nil {
			continue
		}
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.TextNode {
				if p := normSpace(n.Data); p != "" {
					pieces[p] = true // a word on its own, "*to*", too
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
	}

	out := make([]string, 0, len(set))
	for v := range set {
		out = append(out, v)
	}
	slices.SortFunc(out, func(a, b string) int { return len(b) - len(a) }) // longest first
	return siteText{strings: out, pieces: pieces}
}

// TestI18n_SpanishAndGreek_EveryPageTypeAccessible walks the tour with the
// viewer's language Spanish, then Greek (users.locale for staff and client,
// the sign-in page's switch for anonymous pages), on a phone and a desktop:
// <html lang> is the language, axe-core finds nothing serious or critical,
// and nothing scrolls sideways (long Greek words).
func TestI18n_SpanishAndGreek_EveryPageTypeAccessible(t *testing.T) {
	t.Parallel()
	for _, lang := range []string{i18n.Spanish, i18n.Greek} {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			s := newSiteWith(t, func(c *config.Config) { c.PracticeName = "Tend Practice" })
			d := newDemoTour(t, s, phone.Name, desktop.Name)
			for _, email := range []string{"clinician@demo.test", "client@demo.test", "admin@demo.test"} {
				s.setLocale(email, lang)
			}
			tr := s.App.Server.I18n.For(lang)
			check := func(b *browser, name string, status int) {
				b.t.Helper()
				if got := evalIn[string](b, `document.documentElement.lang`); got != lang {
					b.t.Errorf("%s (%s) at %s: <html lang=%q>, want %q", name, b.path(), b.size.Name, got, lang)
				}
				b.axe()
				b.fitsWidth()
			}
			for _, r := range d.roles(t) {
				for _, v := range []viewport{phone, desktop} {
					t.Run(r.name+"/"+v.Name, func(t *testing.T) {
						t.Parallel()
						b := newBrowser(t, v.Width, v.Height)
						b.base = s.URL
						b.assertNoDialog()
						if r.email == "" {
							b.visit("/login?lang=" + lang) // the switch's cookie
						} else {
							b.signInAs(r.email, demo.Password)
						}
						r.pages(b, tourRun{run: v.Name, tr: tr, check: check})
					})
				}
			}
		})
	}
}

// TestI18n_ClientPagesInSpanishAndGreek_PhoneScreenshots takes full-page
// phone (390 px) pictures of a client's home and a worksheet in Spanish and
// in Greek, over the demo practice, for people to look at:
// screenshots/docs/i18n-*-phone.png. Refresh the copies in docs/screenshots
// (i18n-client-home-es.png, i18n-worksheet-es.png, ...-el.png) with
//
//	TEND_E2E_DOCS=1 go test -count=1 -run TestI18n_ClientPagesInSpanishAndGreek ./internal/e2e/
func TestI18n_ClientPagesInSpanishAndGreek_PhoneScreenshots(t *testing.T) {
	t.Parallel()
	s := newSiteWith(t, func(c *config.Config) { c.PracticeName = "Tend Practice" })
	ctx := context.Background()
	if _, err := demo.Seed(ctx, s.App); err != nil {
		t.Fatalf("seed the demo practice: %v", err)
	}
	sam, alex := s.demoActor("clinician@demo.test"), s.demoActor("client@demo.test")
	notes := map[string]string{
		i18n.Spanish: "Rellénala después del próximo momento íntimo, si te apetece.",
		i18n.Greek:   "Συμπληρώστε το μετά την επόμενη στιγμή οικειότητας, αν το θέλετε.",
	}
	for _, lang := range []string{i18n.Spanish, i18n.Greek} {
		t.Run(lang, func(t *testing.T) {
			s.setLocale("client@demo.test", lang) // first: the work is given in the client's language
			ws := s.assign(sam, alex.ClientID, assignment.KindWorksheet, worksheetSlug, notes[lang])
			tr := s.App.Server.I18n.For(lang)
			b := newBrowser(t, phone.Width, phone.Height)
			b.base = s.URL
			b.signInAs("client@demo.test", demo.Password)
			b.visit("/me")
			b.see(tr.T("client.home.heading"))
			b.fitsWidth()
			b.docsScreenshot("i18n-client-home-"+lang, 0)
			b.visit(fmt.Sprintf("/me/assignments/%d", ws))
			b.see(tr.T("client.assignment.save_draft"))
			b.fitsWidth()
			b.docsScreenshot("i18n-worksheet-"+lang, 0)
		})
	}
}

// The pseudo crawl's rules on their own (no browser): markers, content as
// whole words, a short word only on its own, initials, addresses.
func TestI18n_OutsideCatalogue_Rules(t *testing.T) {
	content := siteText{strings: []string{"After intimacy: a short reflection", "Dr. Sam Rivera", "Robin", "No"},
		pieces: map[string]bool{"aftercare": true}}
	slices.SortFunc(content.strings, func(a, b string) int { return len(b) - len(a) })
	texts := []pageText{
		{Text: "[!Submit to [!Dr. Sam Rivera!]!]"},             // all marked
		{Text: "Robin · [!To do!]"},                            // content and a marker
		{Text: "After intimacy: a short reflection over time"}, // content inside English: " over time"
		{Text: "Robinson"},                                     // not the content "Robin"
		{Text: "15 Nov"},                                       // "No" does not eat "Nov"
		{Text: "No"},                                           // a short content word on its own
		{Text: "No comments yet."},                             // ... but not inside a sentence
		{Text: "Basson, R., & Robin, E. (2014)."},              // initials go with the names
		{Text: "https://doi.org/"}, {Text: "TEND_SMTP_ADDR"},   // no language
		{Text: "WRFFAGEGUCMHKFTHPOJFVH5EU4XKLWM5"},                  // a second step's secret
		{Text: "otpauth://totp/Tend: ?secret=WRFFAGEGUCMHKFTHPOJF"}, // and its address
		{Text: "[!Sign in!] Forgot?", Where: "p"},                   // English after a marker
		{Text: " aftercare\n"},                                      // a Markdown piece, on its own
		{Text: "Readings about aftercare."},                         // ... not inside a sentence
	}
	got := []string{}
	for _, x := range outsideCatalogue(texts, content) {
		got = append(got, x.Text)
	}
	want := []string{"over time", "Robinson", "15 Nov", "No comments yet.", "Basson, , & , (2014).", "Forgot?", "Readings about aftercare."}
	if !slices.Equal(got, want) {
		t.Errorf("outsideCatalogue = %q\nwant %q", got, want)
	}
}
