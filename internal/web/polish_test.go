package web_test

import (
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/auth"
)

// The clinician's dashboard says when an administrator opened one of their
// clients' records, not only that client's page; another clinician's
// dashboard says nothing.
func TestBreakGlass_NoticeOnTheClinicianDashboard(t *testing.T) {
	t.Parallel()
	bp := newBreakGlassPractice(t)
	clin1 := bp.signedIn("clin1@example.test")
	if page := clin1.get("/clinician").Body; strings.Contains(page, "Emergency access to your clients") {
		t.Fatal("the dashboard shows an emergency notice before any access")
	}
	bp.open(t, bp.client1.ClientID, "Client at risk <b>tonight</b>")
	page := clin1.get("/clinician").Body
	if !strings.Contains(page, "Emergency access to your clients") || !strings.Contains(page, "Client at risk &lt;b&gt;tonight&lt;/b&gt;") {
		t.Fatalf("the dashboard lacks the emergency notice (escaped):\n%s", page)
	}
	if page := bp.signedIn("clin2@example.test").get("/clinician").Body; strings.Contains(page, "Emergency access to your clients") {
		t.Fatal("another clinician's dashboard shows the notice")
	}
	if page := clin1.get("/clinician/clients").Body; strings.Contains(page, "Emergency access to your clients") {
		t.Error("the notice is on every page, not the dashboard")
	}
}

// "Shared with me" is offered only to a client who has a partner.
func TestNav_SharedWithMe_OnlyForAClientWithAPartner(t *testing.T) {
	t.Parallel()
	p := newCouplePractice(t)
	robin := p.signedIn("client1@example.test")
	const tab = `href="/me/shared"`
	if page := robin.get("/me").Body; strings.Contains(page, tab) {
		t.Fatal("a client without a partner is offered Shared with me")
	}
	p.link(p.signedIn("clin1@example.test"))
	if page := robin.get("/me").Body; !strings.Contains(page, tab) {
		t.Fatal("a client with a partner is not offered Shared with me")
	}
}

// An empty filter says so, rather than "No events yet".
func TestAdminAudit_EmptyFilter_SaysNoEventsMatch(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	p.user(auth.RoleAdmin, "admin@example.test")
	admin := p.signedIn("admin@example.test")
	page := admin.get("/admin/audit?action=break_glass_opened").Body
	if !strings.Contains(page, "No events match this filter.") {
		t.Errorf("an empty filter does not say no events match:\n%s", page)
	}
}
