package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/demo"
)

// polishShot writes screenshots/polish/<name>-<size>.png and, when
// TEND_POLISH_SHOTS is "before" or "after", copies it to
// docs/screenshots/polish-<name>-<stage>.png (issue 20's must-show).
func (b *browser) polishShot(name string) {
	b.t.Helper()
	path := b.screenshotTop("polish/"+name, 1600)
	stage := os.Getenv("TEND_POLISH_SHOTS")
	if stage == "" {
		return
	}
	dst := filepath.Join(repoRoot(b.t), "docs", "screenshots", "polish-"+name+"-"+stage+".png")
	if err := copyFile(path, dst); err != nil {
		b.t.Errorf("update %s: %v", dst, err)
	}
}

// The partner page, a scale and the builder on a 390 px phone, over the
// demo practice: axe, no sideways scrolling, and on the shared-answers
// page no word broken inside a word.
func TestPolish_PhonePages_SharedAnswersScaleBuilder(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	if _, err := demo.Seed(ctx, s.App); err != nil {
		t.Fatalf("seed the demo practice: %v", err)
	}
	samActor, alex := s.demoActor("clinician@demo.test"), s.demoActor("client@demo.test")
	fresh := s.assign(samActor, alex.ClientID, assignment.KindWorksheet, worksheetSlug, "")

	for _, v := range []viewport{phone, desktop} {
		t.Run(v.Name, func(t *testing.T) {
			b := newBrowser(t, v.Width, v.Height)
			b.base = s.URL
			b.signIn("client@demo.test", demo.Password)
			b.visit("/me/shared")
			href := evalIn[string](b, `(([...document.querySelectorAll('.items li')].find(li => / shares \d+ /.test(li.textContent))||document).querySelector('a[href^="/me/shared/"]')||{}).pathname||""`)
			if href == "" {
				t.Fatalf("no joint worksheet on /me/shared: %s", excerpt(b.pageText(), 400))
			}
			b.visit(href)
			b.see("Jordan")
			b.notSee("has not shared answers")
			if v == phone {
				b.polishShot("shared-answers")
			}
			b.axe()
			b.fitsWidth()
			if v == phone {
				if broken := evalIn[[]string](b, brokenWordsJS); len(broken) > 0 {
					t.Errorf("words broken inside a word at 390 px: %q", broken)
				}
			}

			b.visit(fmt.Sprintf("/me/assignments/%d", fresh))
			if v == phone {
				b.polishShot("scale")
			}
			b.axe()
			b.fitsWidth()
			if v == phone {
				if bad := evalIn[[]string](b, scaleOnOneLineJS); len(bad) > 0 {
					t.Errorf("scales not on one line with both end labels at 390 px: %q", bad)
				}
			}
			b.signOut()

			b.signIn("clinician@demo.test", demo.Password)
			b.visit("/library/worksheets/new")
			if v == phone {
				b.polishShot("builder")
			}
			b.axe()
			b.fitsWidth()

			// The couple page's serious actions ask first.
			b.visit(fmt.Sprintf("/clinician/clients/%d", alex.ClientID))
			b.axe()
			b.fitsWidth()
			couple := evalIn[string](b, `(document.querySelector('a[href^="/clinician/couples/"]')||{}).pathname||""`)
			if couple == "" {
				t.Fatal("Alex's page has no link to the couple")
			}
			b.visit(couple)
			b.notSee("Yes, unlink them")
			b.clickInPage("Unlink Alex and Jordan…")
			b.see("Yes, unlink them")
			b.clickInPage("Make this couple individual work only…")
			b.see("Yes, make it individual work only")
			b.axe()
			b.fitsWidth()
			b.visit("/clinician")
			b.axe()
			b.fitsWidth()
			if rows := evalIn[int](b, `new Set([...document.querySelectorAll('header nav li')].map(li => li.offsetTop)).size`); rows != 1 {
				t.Errorf("the clinician's navigation takes %d rows at %d px", rows, v.Width)
			}
			if over := evalIn[bool](b, `(() => { const u = document.querySelector('header nav ul'); return u.scrollWidth > u.clientWidth })()`); over {
				t.Errorf("the clinician's navigation is wider than its row at %d px (it scrolls)", v.Width)
			}
			// The account menu opens from the keyboard and holds Account and Sign out.
			b.do("focus the account menu", chromedp.Focus(chromedp.JSPath(`document.querySelector('details.account-menu summary')`)))
			b.keys(kb.Enter)
			if open := evalIn[bool](b, `document.querySelector('details.account-menu').open`); !open {
				t.Errorf("Enter on the account menu does not open it")
			}
			b.see("Sign out")
			if v == phone {
				b.polishShot("clinician-nav-phone")
			}
			// Library holds Modules, Worksheets and Programs as tabs.
			b.click("Library")
			b.see("Short, warm readings")
			b.click("Programs")
			b.see("Aftercare basics")
			b.axe()
			b.fitsWidth()
			if v == phone {
				b.polishShot("library-tabs-phone")
			}
		})
	}
}

// brokenWordsJS lists the words in the main content that the browser wrapped
// across two lines (a word's first and last letters on different lines).
const brokenWordsJS = `(() => {
  const out = [];
  const main = document.querySelector('main') || document.body;
  const walk = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  let n;
  while ((n = walk.nextNode())) {
    const re = /[\p{L}\p{N}]{2,}/gu;
    let m;
    while ((m = re.exec(n.data))) {
      const r = document.createRange();
      r.setStart(n, m.index); r.setEnd(n, m.index + 1);
      const first = r.getBoundingClientRect();
      r.setStart(n, m.index + m[0].length - 1); r.setEnd(n, m.index + m[0].length);
      const last = r.getBoundingClientRect();
      if (first.height && last.height && Math.abs(first.top - last.top) > first.height / 2) out.push(m[0]);
    }
  }
  return out;
})()`

// scaleOnOneLineJS lists the scales whose choices wrap onto a second line
// or whose end labels are missing.
const scaleOnOneLineJS = `(() => {
  const out = [];
  document.querySelectorAll('fieldset.scale-field').forEach(s => {
    const opts = [...s.querySelectorAll('.scale .pt')].map(p => p.getBoundingClientRect());
    if (opts.length === 0) return;
    const tops = new Set(opts.map(r => Math.round(r.top)));
    const name = (s.querySelector('legend')||s).textContent.trim().slice(0, 40);
    if (tops.size > 1) out.push(name + ': ' + tops.size + ' lines');
    if ([...s.querySelectorAll('.scale-ends span')].filter(e => e.getBoundingClientRect().width > 0).length < 2) out.push(name + ': end labels missing');
  });
  return out;
})()`

// A clinician builds a worksheet without opening "Advanced": ids come from
// the questions, "Add a question" needs no page load (JavaScript is on), a
// flag rule is added with "Add a rule" and reads as a sentence; the saved
// worksheet opens in the builder and saves again unchanged.
func TestPolish_Builder_RoundTripsWithoutAdvanced(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	u := s.user(auth.RoleClinician, "clinician@example.test")
	ctx := context.Background()
	clin, err := s.App.Accounts.Actor(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	b := s.browser(phone)
	b.signIn("clinician@example.test", testPassword)
	b.visit("/library/worksheets/new")
	b.notSee("Slug")
	if n := evalIn[int](b, `[...document.querySelectorAll('#worksheet-form input:not([type=hidden]), #worksheet-form select')].filter(el => !el.closest('details:not([open])') && /_id$|^slug$/.test(el.name)).length`); n != 0 {
		t.Errorf("%d id or address inputs visible outside Advanced", n)
	}
	b.fill("Title", "Evening check-in")
	b.fill("Summary", "A short look back at the evening.")
	b.fill("f0_label", "How upset do you feel now?")
	b.fill("f0_type", "scale")
	b.fill("f0_min", "0")
	b.fill("f0_max", "10")
	b.fill("f0_min_label", "Not at all")
	b.fill("f0_max_label", "Very")

	evalIn[bool](b, `(window.__samePage = true)`)
	b.clickInPage("Add a question")
	for i := 0; evalIn[int](b, `document.querySelectorAll('fieldset.wb-field').length`) < 2; i++ {
		if i == 100 {
			t.Fatal("no second question 10 s after Add a question")
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !evalIn[bool](b, `window.__samePage === true`) {
		t.Error("adding a question reloaded the page")
	}
	if got := evalIn[string](b, `document.activeElement && document.activeElement.name || ''`); got != "f1_label" {
		t.Errorf("focus after adding a question is on %q, want the new question's text", got)
	}
	if got := b.value("f0_label"); got != "How upset do you feel now?" {
		t.Errorf("the first question lost its text: %q", got)
	}
	b.fill("f1_label", "What helped?")
	b.polishShot("builder-filled")
	b.axe()
	b.fitsWidth()

	b.click("Add a rule")
	b.fill("flag1_severity", "urgent")
	b.fill("flag1_field", "How upset do you feel now?")
	b.fill("flag1_op", "gte")
	b.fill("flag1_value", "8")
	b.fill("flag1_message", "Very upset")
	b.click("Save worksheet")
	b.waitPath("/library/worksheets/evening-check-in")

	v1, err := s.App.Worksheets.Get(ctx, clin, "evening-check-in")
	if err != nil {
		t.Fatalf("the worksheet was not saved: %v", err)
	}
	fields := v1.Schema.Fields()
	if len(fields) != 2 || fields[0].ID != "how_upset_do_you_feel_now" || fields[1].ID != "what_helped" {
		t.Fatalf("saved fields %+v", fields)
	}
	if len(v1.Schema.FlagRules) != 1 || v1.Schema.FlagRules[0].Field != "how_upset_do_you_feel_now" || v1.Schema.FlagRules[0].Severity != "urgent" {
		t.Fatalf("saved rules %+v", v1.Schema.FlagRules)
	}

	b.visit("/library/worksheets/evening-check-in/edit")
	b.see("Flag as urgent when “How upset do you feel now?” is at least 8")
	b.axe()
	b.click("Save version 2")
	v2, err := s.App.Worksheets.Get(ctx, clin, "evening-check-in")
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(v1.Schema)
	c, _ := json.Marshal(v2.Schema)
	if string(a) != string(c) {
		t.Errorf("the builder did not round-trip the worksheet:\nsaved  %s\nresaved %s", a, c)
	}
}
