package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/tend-practice/tend/internal/assignment"
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
	sam, err := s.App.Accounts.Authenticate(ctx, "clinician@demo.test", demo.Password)
	if err != nil {
		t.Fatal(err)
	}
	samActor, err := s.App.Accounts.Actor(ctx, sam.ID)
	if err != nil {
		t.Fatal(err)
	}
	alexUser, err := s.App.Accounts.Authenticate(ctx, "client@demo.test", demo.Password)
	if err != nil {
		t.Fatal(err)
	}
	alex, err := s.App.Accounts.Actor(ctx, alexUser.ID)
	if err != nil {
		t.Fatal(err)
	}
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
