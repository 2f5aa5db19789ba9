package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/auth"
)

// Accounts sit in Staff and Clients tabs, each searchable by name or
// email, and deactivating asks first (a <details class="confirm"> that
// needs no JavaScript).
func TestAdminUsers_TabsSearchAndConfirm(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	p.user(auth.RoleAdmin, "admin@example.test")
	admin := p.signedIn("admin@example.test")

	staff := admin.get("/admin/users").Body
	if !strings.Contains(staff, "clin1@example.test") || strings.Contains(staff, "client1@example.test") {
		t.Error("the Staff tab does not hold exactly the staff")
	}
	if !strings.Contains(staff, `href="/admin/users?tab=staff" aria-current="page"`) {
		t.Error("the Staff tab is not marked current")
	}
	clients := admin.get("/admin/users?tab=clients").Body
	if !strings.Contains(clients, "client1@example.test") || !strings.Contains(clients, "client2@example.test") || strings.Contains(clients, "clin1@example.test") {
		t.Error("the Clients tab does not hold exactly the clients")
	}
	found := admin.get("/admin/users?tab=clients&q=ROBIN").Body
	if !strings.Contains(found, "client1@example.test") || strings.Contains(found, "client2@example.test") {
		t.Error("searching clients by name")
	}
	found = admin.get("/admin/users?tab=staff&q=clin2@").Body
	if !strings.Contains(found, "clin2@example.test") || strings.Contains(found, "clin1@example.test") {
		t.Error("searching staff by email")
	}
	if none := admin.get("/admin/users?tab=staff&q=nobody").Body; !strings.Contains(none, "No accounts match") {
		t.Error("an empty search does not say so")
	}

	// The deactivate button sits inside a closed confirm: "Sure?" then "Yes, deactivate".
	confirm := regexp.MustCompile(`(?s)<details class="confirm">\s*<summary[^>]*>Deactivate<span class="visually-hidden"> clin1@example.test</span>…</summary>.*?Sure\?.*?<button type="submit"[^>]*>Yes, deactivate`)
	if !confirm.MatchString(staff) {
		t.Errorf("deactivation does not ask first:\n%s", staff)
	}
	res := admin.post(fmt.Sprintf("/admin/users/%d/active", p.client1.UserID), url.Values{"active": {"false"}, "tab": {"clients"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/users?tab=clients" {
		t.Errorf("deactivating a client: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if page := admin.get("/admin/users?tab=clients&q=client1").Body; !strings.Contains(page, "Deactivated") {
		t.Error("the client is not shown deactivated")
	}
}
