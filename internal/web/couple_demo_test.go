package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/demo"
)

// The demo practice shows couples work: Alex and Jordan linked, both
// inventories submitted and compared, each one's needs beside what the other
// can give, and the joint aftercare plan.
func TestCoupleDemo_LinkedCoupleSideBySideAndJointPlan(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	if _, err := demo.Seed(context.Background(), h.app); err != nil {
		t.Fatal(err)
	}
	signIn := func(email string) *browser {
		b := h.browser()
		if res := b.post("/login", url.Values{"email": {email}, "password": {demo.Password}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign in %s: %d", email, res.StatusCode)
		}
		return b
	}
	clin := signIn("clinician@demo.test")
	clients := clin.get("/clinician/clients").Body
	m := regexp.MustCompile(`href="(/clinician/clients/\d+)"[^>]*>Alex<`).FindStringSubmatch(clients)
	if m == nil {
		t.Fatal("Alex not on the roster")
	}
	alexPage := clin.get(m[1]).Body
	cm := regexp.MustCompile(`href="(/clinician/couples/\d+)">Alex and Jordan<`).FindStringSubmatch(alexPage)
	if cm == nil {
		t.Fatal("Alex's page does not show Jordan as a partner")
	}
	couplePage := clin.get(cm[1]).Body
	groups := groupLinkRe.FindAllStringSubmatch(couplePage, -1)
	if len(groups) != 3 || strings.Count(couplePage, "Both submitted") != 3 {
		t.Fatalf("couple page lists %d joint worksheets", len(groups))
	}
	var inventory, giving, plan, gid string
	for _, g := range groups {
		body := clin.get(g[1]).Body
		switch {
		case strings.Contains(body, "<h1>My aftercare needs"):
			inventory, gid = body, g[2]
		case strings.Contains(body, "<h1>What I can give"):
			giving = body
		case strings.Contains(body, "Our aftercare plan"):
			plan = g[1]
		}
	}
	// Each one's needs beside what the other can give, on both inventories.
	for _, body := range []string{inventory, giving} {
		for _, want := range []string{"What one needs beside what the other can give",
			"Alex needs “Physical closeness, like cuddling, holding hands or lying close” (rated 4 of 4); Jordan finds it hard to give.",
			"Jordan needs “Quiet time and a bit of space to myself” (rated 4 of 4); Alex finds it hard to give.",
			"Alex’s need: Kind words, like hearing that I am cared for or that the time together was good", "Can usually give it"} {
			if !strings.Contains(body, want) {
				t.Errorf("demo needs-and-offers lacks %q", want)
			}
		}
	}
	for _, want := range []string{"One needs what the other finds hard", "Alex rates “Talking about how it felt: what I liked and what I might change” 4 of 4; Jordan rates it 1.",
		"Jordan rates “Quiet time and a bit of space to myself” 4 of 4; Alex ticked “Being left on my own”", `<span class="badge ok">Agree</span>`} {
		if !strings.Contains(inventory, want) {
			t.Errorf("demo side-by-side view lacks %q", want)
		}
	}
	res := clin.get(plan + "/plan.pdf")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("joint plan PDF: %d", res.StatusCode)
	}
	text := strings.Join(strings.Fields(pdfText(t, []byte(res.Body))), " ")
	for _, want := range []string{"Agreed review date: 15 January 2027", "Being held for a few minutes", "Ten quiet minutes to myself"} {
		if !strings.Contains(text, want) {
			t.Errorf("demo joint plan lacks %q", want)
		}
	}
	// Jordan shared none of the inventory; Alex shared most of it but not
	// what is hard to ask for.
	alex, jordan := signIn("client@demo.test"), signIn("client2@demo.test")
	if body := alex.get("/me/shared/" + gid).Body; strings.Contains(body, "ten minutes on my own") || !strings.Contains(body, "Jordan has not shared") {
		t.Error("Alex sees Jordan's unshared inventory")
	}
	if body := jordan.get("/me/shared/" + gid).Body; strings.Contains(body, "held a little longer") || !strings.Contains(body, "Soft blanket") && !strings.Contains(body, "soft blanket") {
		t.Error("Jordan sees the wrong parts of Alex's inventory")
	}
}
