package e2e

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/client"
	"github.com/tend-practice/tend/internal/module"
	"github.com/tend-practice/tend/internal/worksheet"
)

// hostileStrings reads the corpus shared with internal/web
// (internal/web/testdata/hostile.txt: Go string literals, "repeat N
// <literal>"), leaving out what the server refuses whole (NUL).
func hostileStrings(t *testing.T) []string {
	t.Helper()
	f, err := os.Open(filepath.Join(repoRoot(t), "internal", "web", "testdata", "hostile.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		times := 1
		if rest, ok := strings.CutPrefix(line, "repeat "); ok {
			n, lit, _ := strings.Cut(rest, " ")
			times, _ = strconv.Atoi(n)
			line = lit
		}
		s, err := strconv.Unquote(line)
		if err != nil {
			t.Fatalf("hostile.txt: %q: %v", line, err)
		}
		if !strings.ContainsRune(s, 0) {
			out = append(out, strings.Repeat(s, times))
		}
	}
	return out
}

// fits keeps the strings a field of that many characters accepts.
func fits(list []string, limit int) []string {
	var out []string
	for _, s := range list {
		if n := len([]rune(strings.TrimSpace(s))); n > 0 && n <= limit {
			out = append(out, s)
		}
	}
	return out
}

// Every hostile string as worksheet answers, comments, client names, a
// module's Markdown and worksheet labels, rendered in real Chromium for the
// clinician and the client: no dialog opens (assertNoDialog), and no CSP
// violation is logged (the console watcher fails the test on one).
func TestHostile_InputRendersInChromiumWithoutRunningScript(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	u := s.user(auth.RoleClinician, "clinician@example.test")
	clin := auth.Actor{UserID: u.ID, Role: u.Role}
	corpus := hostileStrings(t)

	c, token, err := s.App.Clients.Create(ctx, clin, client.NewClient{DisplayName: "Robin", Email: "robin@example.test"})
	if err != nil {
		t.Fatal(err)
	}
	uid, err := s.App.Clients.AcceptInvite(ctx, token, "", testPassword)
	if err != nil {
		t.Fatal(err)
	}
	me := auth.Actor{UserID: uid, Role: auth.RoleClient, ClientID: c.ID}
	for _, name := range fits(corpus, 120) {
		if _, _, err := s.App.Clients.Create(ctx, clin, client.NewClient{DisplayName: name}); err != nil {
			t.Fatalf("client named %.40q: %v", name, err)
		}
	}

	// Answers, three to a worksheet, with a comment each way on every one.
	assign := func(kind, slug string) int64 {
		t.Helper()
		ids, err := s.App.Assignments.Assign(ctx, clin, c.ID, []assignment.New{{Kind: kind, Slug: slug}})
		if err != nil {
			t.Fatalf("assign %s: %v", slug, err)
		}
		return ids[0]
	}
	var sheets []int64
	fields := []string{"what_helped", "what_was_missing", "difficult_feelings"}
	for i := 0; i < len(corpus); i += len(fields) {
		id := assign("worksheet", "after-intimacy-reflection")
		ans := worksheet.Answers{"date": "2026-11-20", "mood_before": "4", "mood_after": "6", "distress": "2"}
		for j, f := range fields {
			if i+j < len(corpus) {
				ans[f] = corpus[i+j]
			}
		}
		if _, err := s.App.Assignments.Submit(ctx, me, id, ans, 0, fmt.Sprint("key-", id)); err != nil {
			t.Fatalf("submit: %v", err)
		}
		for j := i; j < i+len(fields) && j < len(corpus); j++ {
			if len([]rune(strings.TrimSpace(corpus[j]))) > assignment.MaxCommentLength {
				continue
			}
			if err := s.App.Assignments.AddComment(ctx, clin, id, "", corpus[j], false); err != nil {
				t.Fatal(err)
			}
			if err := s.App.Assignments.AddComment(ctx, me, id, "", corpus[j], false); err != nil {
				t.Fatal(err)
			}
		}
		sheets = append(sheets, id)
	}

	// A module whose Markdown is the whole corpus, a paragraph each.
	body := strings.Join(corpus, "\n\n")
	if _, err := s.App.Modules.Create(ctx, clin, module.Definition{Slug: "hostile-module", Title: "Hostile module",
		Summary: "Every hostile string as Markdown.", Topics: []string{"basics"}, Body: body}, nil); err != nil {
		t.Fatalf("module: %v", err)
	}
	moduleWork := assign("module", "hostile-module")

	// A worksheet whose question labels are the corpus.
	sc := worksheet.Schema{Slug: "hostile-labels", Title: "Hostile labels", Summary: "Every hostile string as a label.", Sections: []worksheet.Section{{}}}
	for i, label := range fits(corpus, 500) {
		sc.Sections[0].Fields = append(sc.Sections[0].Fields, worksheet.Field{ID: fmt.Sprintf("q%d", i), Type: worksheet.LongText, Label: label})
	}
	if _, err := s.App.Worksheets.Save(ctx, clin, sc); err != nil {
		t.Fatalf("worksheet: %v", err)
	}
	labelWork := assign("worksheet", "hostile-labels")

	client := s.browser(desktop)
	client.assertNoDialog()
	client.signIn("robin@example.test", testPassword)
	for _, id := range append(append([]int64{}, sheets...), moduleWork, labelWork) {
		client.visit(fmt.Sprintf("/me/assignments/%d", id))
		client.see("Signed in as") // the page rendered, signed in
	}
	client.visit(fmt.Sprintf("/me/assignments/%d", sheets[0]))
	client.see("alert('xss-1')") // shown as text, not run
	client.visit("/me")

	// One string typed through the real form: the browser sends it back
	// exactly (a textarea keeps it as text).
	typed := assign("worksheet", "after-intimacy-reflection")
	client.visit(fmt.Sprintf("/me/assignments/%d", typed))
	const breakout = "</textarea><script>alert('typed')</script><img src=x onerror=alert('typed-2')>"
	client.fill("What helped", breakout)
	client.click("Save draft")
	if got := client.value("What helped"); got != breakout {
		t.Fatalf("the form gave back %q", got)
	}

	clinician := s.browser(desktop)
	clinician.assertNoDialog()
	clinician.signIn("clinician@example.test", testPassword)
	for _, path := range []string{"/clinician", "/clinician/clients", fmt.Sprintf("/clinician/clients/%d", c.ID),
		"/library/modules/hostile-module", "/library/worksheets/hostile-labels"} {
		clinician.visit(path)
	}
	for _, id := range append(sheets, moduleWork, labelWork) {
		clinician.visit(fmt.Sprintf("/clinician/assignments/%d", id))
	}
	clinician.visit(fmt.Sprintf("/clinician/assignments/%d", sheets[0]))
	clinician.see("alert('xss-1')")
}
