package worksheet_test

import (
	"testing"

	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/worksheet"
)

func TestCanEdit_OwnerOnly_BuiltinNever_CopyForOtherAuthors(t *testing.T) {
	t.Parallel()
	owner, other := int64(7), int64(8)
	own := worksheet.Version{Visibility: worksheet.Private, OwnerID: &owner}
	shared := worksheet.Version{Visibility: worksheet.Practice, OwnerID: &owner}
	builtin := worksheet.Version{Visibility: worksheet.Builtin}
	// A built-in row with an owner id (never written, but the rule must not hinge on it).
	builtinOwned := worksheet.Version{Visibility: worksheet.Builtin, OwnerID: &owner}
	clin := auth.Actor{UserID: owner, Role: auth.RoleClinician}
	admin := auth.Actor{UserID: owner, Role: auth.RoleAdmin}
	otherClin := auth.Actor{UserID: other, Role: auth.RoleClinician}
	client := auth.Actor{UserID: owner, Role: auth.RoleClient}
	for _, tc := range []struct {
		name       string
		a          auth.Actor
		v          worksheet.Version
		edit, copy bool
	}{
		{"owner, private", clin, own, true, false},
		{"owner, practice-wide", clin, shared, true, false},
		{"owner who is an admin", admin, own, true, false},
		{"another clinician", otherClin, own, false, true},
		{"built-in", clin, builtin, false, true},
		{"built-in with an owner id", clin, builtinOwned, false, true},
		{"a client with the owner's id", client, own, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := worksheet.CanEdit(tc.a, tc.v); got != tc.edit {
				t.Errorf("CanEdit = %v, want %v", got, tc.edit)
			}
			if got := worksheet.CanCopy(tc.a, tc.v); got != tc.copy {
				t.Errorf("CanCopy = %v, want %v", got, tc.copy)
			}
		})
	}
}
