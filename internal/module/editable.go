package module

import "github.com/tend-practice/tend/internal/auth"

// Who may change a module, decided here for the library page's buttons and
// the edit and save handlers alike. The routes enforce the role (policies
// give modules write to clinicians and admins); these add the owner.

// CanEdit reports whether a may change v: an author who owns it. A built-in
// module has no owner, so nobody edits it.
func CanEdit(a auth.Actor, v Version) bool {
	return canAuthor(a) && v.Visibility != Builtin && v.OwnerID != nil && *v.OwnerID == a.UserID
}

// CanCopy reports whether a is offered a copy of v to adapt: any author who
// cannot edit it.
func CanCopy(a auth.Actor, v Version) bool { return canAuthor(a) && !CanEdit(a, v) }

func canAuthor(a auth.Actor) bool { return a.Role == auth.RoleClinician || a.Role == auth.RoleAdmin }
