package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/auth"
)

// The roles an admin may give a new account are decided in account
// (CheckCreatableRole): clinicians and admins are created, a client account
// is refused on the role field and nothing is written.
func TestAdminUsers_Create_StaffRolesOnly(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	p.user(auth.RoleAdmin, "admin@example.test")
	admin := p.signedIn("admin@example.test")
	count := func(email string) int {
		var n int
		p.app.DB.Gorm.Raw(`SELECT count(*) FROM users WHERE email = ?`, email).Scan(&n)
		return n
	}
	for _, role := range []string{"client", "superuser"} {
		res := admin.post("/admin/users", url.Values{"email": {role + "@example.test"}, "display_name": {"X"}, "role": {role}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Choose clinician or admin.") {
			t.Errorf("role %s: %d, role message shown: %v", role, res.StatusCode, strings.Contains(res.Body, "Choose clinician or admin."))
		}
		if count(role+"@example.test") != 0 {
			t.Errorf("role %s: an account was created", role)
		}
	}
	for _, role := range []string{"clinician", "admin"} {
		res := admin.post("/admin/users", url.Values{"email": {"new-" + role + "@example.test"}, "display_name": {"X"}, "role": {role}})
		if res.StatusCode != http.StatusCreated || count("new-"+role+"@example.test") != 1 {
			t.Errorf("role %s: %d", role, res.StatusCode)
		}
	}
}
