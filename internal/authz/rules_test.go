package authz_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/authz"
	"github.com/tend-practice/tend/policies"
)

// TestRules_MatchPolicy: every rule constant is granted by at least one
// line of policies/policy.csv, and every line's object and action has a
// constant, so the route table and the policy cannot drift apart.
func TestRules_MatchPolicy(t *testing.T) {
	t.Parallel()
	en, err := authz.New()
	if err != nil {
		t.Fatal(err)
	}
	inPolicy := map[authz.Rule]bool{}
	for _, p := range en.Policy() {
		if len(p) != 3 {
			t.Fatalf("policy line %v is not role, object, action", p)
		}
		inPolicy[authz.Require(p[1], p[2])] = true
	}
	rules := authz.AllRules()
	for _, r := range rules {
		if r.IsPublic() || r.Object() == "" || r.Action() == "" {
			t.Errorf("rule constant %q is not object:action", string(r))
		}
		if !inPolicy[r] {
			t.Errorf("rule constant %s has no line in policies/policy.csv", r)
		}
	}
	for r := range inPolicy {
		if !slices.Contains(rules, r) {
			t.Errorf("policies/policy.csv grants %s, which has no constant in internal/authz/rules.go", r)
		}
	}
	if n := len(slices.Compact(slices.Sorted(slices.Values(rules)))); n != len(rules) {
		t.Errorf("AllRules lists %d rules, %d distinct", len(rules), n)
	}
}

// TestRules_PolicyFileParsed guards the check above: it reads the same
// embedded policy the enforcer loads.
func TestRules_PolicyFileParsed(t *testing.T) {
	t.Parallel()
	lines := 0
	for _, l := range strings.Split(policies.Policy, "\n") {
		if l = strings.TrimSpace(l); strings.HasPrefix(l, "p,") {
			lines++
		}
	}
	en, err := authz.New()
	if err != nil {
		t.Fatal(err)
	}
	if lines == 0 || lines != len(en.Policy()) {
		t.Fatalf("policy.csv has %d p lines, enforcer %d", lines, len(en.Policy()))
	}
}

func TestRule_Parts(t *testing.T) {
	t.Parallel()
	r := authz.ClientsWrite
	if r.Object() != "clients" || r.Action() != "write" || r.String() != "clients:write" {
		t.Fatalf("ClientsWrite = %q %q %q", r.Object(), r.Action(), r)
	}
	if !authz.Public.IsPublic() || authz.Public.String() != "public" {
		t.Fatal("Public is not public")
	}
}
