package authz_test

import (
	"testing"

	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/authz"
)

// Every (role, object, action) the product knows, and whether it is allowed.
// A change to policies/policy.csv must change this table too.
func TestPolicy_EveryRoleObjectAction(t *testing.T) {
	en, err := authz.New()
	if err != nil {
		t.Fatal(err)
	}
	objects := map[string][]string{
		"session":     {"delete"},
		"users":       {"read", "write"},
		"audit":       {"read"},
		"dashboard":   {"read"},
		"clients":     {"read", "write"},
		"assignments": {"read", "assign", "review"},
		"comments":    {"write"},
		"modules":     {"read", "write", "publish"},
		"worksheets":  {"read", "write", "publish"},
		"handouts":    {"print"},
		"guides":      {"read"},
		"me":          {"read", "write"},
		"mfa":         {"read", "write"},
		"mfa_policy":  {"read", "write"},
		"breakglass":  {"read", "write"},
		"account":     {"read", "write"},
		"practice":    {"read", "write", "export"},
		"safety":      {"read", "write"},
		"outbox":      {"read"},
		"programs":    {"read", "write"},
		"digest":      {"write"},
		"demo_clock":  {"write"},
	}
	allowed := map[auth.Role]map[string]bool{
		auth.RoleAdmin: set("session:delete", "users:read", "users:write", "audit:read", "modules:read",
			"modules:write", "modules:publish", "worksheets:read", "worksheets:write", "worksheets:publish", "handouts:print",
			"guides:read", "mfa:read", "mfa:write", "mfa_policy:read", "mfa_policy:write", "breakglass:read", "breakglass:write",
			"safety:read", "safety:write", "outbox:read", "demo_clock:write",
			"account:read", "account:write", "practice:read", "practice:write", "practice:export"),
		auth.RoleClinician: set("session:delete", "dashboard:read", "clients:read", "clients:write", "assignments:read",
			"assignments:assign", "assignments:review", "comments:write", "modules:read", "modules:write",
			"worksheets:read", "worksheets:write", "handouts:print", "guides:read", "mfa:read", "mfa:write", "safety:read",
			"programs:read", "programs:write", "digest:write", "demo_clock:write", "account:read", "account:write"),
		auth.RoleClient: set("session:delete", "me:read", "me:write", "modules:read", "handouts:print", "safety:read",
			"account:read", "account:write"),
		"": set(),
	}
	for role, want := range allowed {
		for obj, acts := range objects {
			for _, act := range acts {
				key := obj + ":" + act
				t.Run(string(role)+"/"+key, func(t *testing.T) {
					got := en.Allowed(role, authz.Require(obj, act))
					if got != want[key] {
						t.Errorf("Allowed(%q, %s) = %v, want %v", role, key, got, want[key])
					}
				})
			}
		}
	}
	if n := len(en.Policy()); n != 3+11+13+4+6+2+5+5+6+3 {
		t.Errorf("policy has %d lines; update this test with the new rule", n)
	}
}

func set(keys ...string) map[string]bool {
	m := map[string]bool{}
	for _, k := range keys {
		m[k] = true
	}
	return m
}
