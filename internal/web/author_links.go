package web

import (
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/module"
	"github.com/tend-practice/tend/internal/worksheet"
)

// What the library pages offer to authors. The routes enforce the policy;
// these only decide which buttons to show, from the same roles that
// policies/policy.csv gives modules/worksheets write and publish. Who may
// edit or copy is decided by module.CanEdit and worksheet.CanEdit, which the
// edit and save handlers call too.

func canAuthor(a auth.Actor) bool { return a.Role == auth.RoleClinician || a.Role == auth.RoleAdmin }

// CanAuthor shows "New module".
func (p moduleListPage) CanAuthor() bool { return canAuthor(p.Actor) }

// CanEdit shows "Edit" to the module's owner.
func (p moduleShowPage) CanEdit() bool { return module.CanEdit(p.Actor, p.Module) }

// CanCopy shows "Make a copy" to other authors.
func (p moduleShowPage) CanCopy() bool { return module.CanCopy(p.Actor, p.Module) }

// CanPublish shows "Publish practice-wide" to an admin on a private module,
// or on a practice-wide one whose owner has changed it since (a draft).
func (p moduleShowPage) CanPublish() bool {
	return p.Actor.Role == auth.RoleAdmin && (p.Module.Visibility == module.Private || p.Module.Draft())
}

// CanAuthor shows "New worksheet".
func (p worksheetListPage) CanAuthor() bool { return canAuthor(p.Actor) }

// CanEdit shows "Edit" to the worksheet's owner.
func (p worksheetShowPage) CanEdit() bool { return worksheet.CanEdit(p.Actor, p.Worksheet) }

// CanCopy shows "Make a copy" to other authors.
func (p worksheetShowPage) CanCopy() bool { return worksheet.CanCopy(p.Actor, p.Worksheet) }

// CanPublish shows "Publish practice-wide" to an admin on a private
// worksheet, or on a practice-wide one whose owner has changed it since (a
// draft).
func (p worksheetShowPage) CanPublish() bool {
	return p.Actor.Role == auth.RoleAdmin && (p.Worksheet.Visibility == worksheet.Private || p.Worksheet.Draft())
}

// CanTranslate shows "Add a translation" to the clinician who owns the
// module.
func (p moduleShowPage) CanTranslate() bool { return p.Actor.Role == auth.RoleClinician && p.CanEdit() }

// CanTranslate shows "Add a translation" to the clinician who owns the
// worksheet.
func (p worksheetShowPage) CanTranslate() bool {
	return p.Actor.Role == auth.RoleClinician && p.CanEdit()
}
