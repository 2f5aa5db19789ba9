package authz

import (
	"testing"

	"github.com/tend-practice/tend/internal/auth"
)

// The table New fills answers exactly as Casbin does, for every role
// (and no role, and an unknown one) and every rule (and public, and rules
// the policy does not know).
func TestAllowed_CachedAnswersAsEnforce(t *testing.T) {
	en, err := New()
	if err != nil {
		t.Fatal(err)
	}
	if want := len(roles) * len(AllRules()); len(en.decisions) != want {
		t.Fatalf("%d cached decisions, want %d (every role x rule)", len(en.decisions), want)
	}
	rules := append(AllRules(), Public, Require("clients", "delete"), Require("nothing", "read"), Rule("no-colon"))
	allowed := 0
	for _, role := range append(roles, "", auth.Role("visitor")) {
		for _, r := range rules {
			got, want := en.Allowed(role, r), en.enforce(role, r)
			if got != want {
				t.Errorf("Allowed(%q, %s) = %v, Casbin says %v", role, r, got, want)
			}
			if got {
				allowed++
			}
		}
	}
	if allowed == 0 {
		t.Fatal("nothing allowed: the comparison proves nothing")
	}
}

func BenchmarkAllowed(b *testing.B) {
	en, err := New()
	if err != nil {
		b.Fatal(err)
	}
	b.Run("cached", func(b *testing.B) {
		for b.Loop() {
			en.Allowed(auth.RoleClinician, ClientsRead)
		}
	})
	b.Run("casbin", func(b *testing.B) {
		for b.Loop() {
			en.enforce(auth.RoleClinician, ClientsRead)
		}
	})
}
