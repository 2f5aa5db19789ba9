// Package authz decides whether a role may perform an action on a kind of
// record, from the Casbin model and policy in policies/.
package authz

import (
	"fmt"
	"strings"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"
	stringadapter "github.com/casbin/casbin/v2/persist/string-adapter"

	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/policies"
)

// Rule is what a route needs: an object and an action, written
// "object:action" (see rules.go for the constants). The empty Rule means the
// route is public.
type Rule string

// Public marks a route that needs no sign-in.
const Public Rule = ""

// Require names the object and action a rule needs. Routes use the
// constants in rules.go instead, so that a typo does not compile.
func Require(object, action string) Rule { return Rule(object + ":" + action) }

// IsPublic reports whether r needs no sign-in.
func (r Rule) IsPublic() bool { return r == Public }

// Object is the kind of record r is about ("clients").
func (r Rule) Object() string {
	o, _, _ := strings.Cut(string(r), ":")
	return o
}

// Action is what r does to it ("read").
func (r Rule) Action() string {
	_, a, _ := strings.Cut(string(r), ":")
	return a
}

func (r Rule) String() string {
	if r.IsPublic() {
		return "public"
	}
	return string(r)
}

// Enforcer answers "may this role do this?". Build one per process.
//
// The policy is static (embedded at build time), so New asks Casbin once for
// every role and rule constant and Allowed answers from that table; a rule
// or role outside it (a Require built at run time) still goes to Casbin.
type Enforcer struct {
	e         *casbin.Enforcer
	decisions map[decision]bool
}

// decision is one role and rule of the table New fills.
type decision struct {
	role auth.Role
	rule Rule
}

// roles are the roles the table holds every rule for.
var roles = []auth.Role{auth.RoleAdmin, auth.RoleClinician, auth.RoleClient}

// New loads the embedded model and policy.
func New() (*Enforcer, error) {
	m, err := model.NewModelFromString(policies.Model)
	if err != nil {
		return nil, fmt.Errorf("casbin model: %w", err)
	}
	// The string adapter does not understand comments; strip them.
	var lines []string
	for _, l := range strings.Split(policies.Policy, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			lines = append(lines, l)
		}
	}
	e, err := casbin.NewEnforcer(m, stringadapter.NewAdapter(strings.Join(lines, "\n")))
	if err != nil {
		return nil, fmt.Errorf("casbin enforcer: %w", err)
	}
	en := &Enforcer{e: e, decisions: map[decision]bool{}}
	for _, role := range roles {
		for _, r := range AllRules() {
			en.decisions[decision{role, r}] = en.enforce(role, r)
		}
	}
	return en, nil
}

// Allowed reports whether role may perform r. Public rules allow everyone.
func (en *Enforcer) Allowed(role auth.Role, r Rule) bool {
	if r.IsPublic() {
		return true
	}
	if ok, cached := en.decisions[decision{role, r}]; cached {
		return ok
	}
	return en.enforce(role, r)
}

// enforce asks Casbin, as Allowed did before the table.
func (en *Enforcer) enforce(role auth.Role, r Rule) bool {
	if r.IsPublic() {
		return true
	}
	if role == "" {
		return false
	}
	ok, err := en.e.Enforce(string(role), r.Object(), r.Action())
	return err == nil && ok
}

// Policy returns every (role, object, action) the policy allows.
func (en *Enforcer) Policy() [][]string {
	p, _ := en.e.GetPolicy()
	return p
}
