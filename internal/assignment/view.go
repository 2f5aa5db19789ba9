package assignment

import (
	"context"
	"slices"

	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/module"
	"github.com/tend-practice/tend/internal/worksheet"
)

// View is an assignment as one viewer may see it, decided here once for the
// page, the API and the printout alike: answers (a clinician sees only a
// submitted response), comments (a client never sees private notes) and
// the clinician's triage (flags and flag rules), which a client never sees.
type View struct {
	Assignment Assignment
	Module     *module.Version    // a module assignment
	Worksheet  *worksheet.Version // a worksheet assignment; FlagRules empty for a client
	Response   Response           // Flags empty for a client
	Flags      []RaisedFlag       // staff only: the latest submission's flags and any urgent one still open
	Comments   []Comment
	// Support is for the client: their latest submission raised an urgent
	// flag, so the page shows the practice's crisis contacts. It names no
	// flag and no rule.
	Support bool
	// UrgentFields are the questions whose answers can raise an urgent
	// flag: their help text shows the crisis contacts. Which answers would
	// is not said.
	UrgentFields map[string]bool
	// Triage says the viewer sees the clinician's triage (Staff): the
	// page, the API and the printout show flags exactly when it is set.
	Triage bool
}

// Staff reports whether viewer sees the clinician's triage: the owning
// clinician, or an administrator reading through emergency access.
func Staff(viewer auth.Actor) bool { return viewer.Role != auth.RoleClient }

// ViewFor builds the view of an assignment the actor owns (a loaded
// through the scoped Get).
func (s *Service) ViewFor(ctx context.Context, actor auth.Actor, a Assignment) (View, error) {
	v := View{Assignment: a, Triage: Staff(actor)}
	var err error
	if v.Comments, err = s.Comments(ctx, actor, a); err != nil {
		return v, err
	}
	if a.Kind == KindModule {
		mv, err := s.Module(ctx, a)
		if err != nil {
			return v, err
		}
		v.Module = &mv
		return v, nil
	}
	wv, err := s.Worksheet(ctx, a)
	if err != nil {
		return v, err
	}
	if v.Response, err = s.Response(ctx, actor, a); err != nil {
		return v, err
	}
	v.UrgentFields = map[string]bool{}
	for _, r := range wv.Schema.FlagRules {
		if r.Level() == worksheet.SeverityUrgent {
			v.UrgentFields[r.Field] = true
		}
	}
	var flags []RaisedFlag
	if v.Response.State == "submitted" {
		byID, err := s.flagsOf(ctx, []int64{a.ID})
		if err != nil {
			return v, err
		}
		flags = byID[a.ID]
	}
	v.Worksheet, v.Flags = &wv, flags
	if !Staff(actor) {
		v.hideTriage()
	}
	return v, nil
}

// hideTriage removes the clinician's triage from v: the flags, and the flag
// rules, which are thresholds a client who could see them might answer
// around. Whether the latest submission needs the crisis contacts is kept,
// as Support, which names no flag and no rule.
func (v *View) hideTriage() {
	v.Support = slices.ContainsFunc(v.Flags, func(f RaisedFlag) bool {
		return f.Urgent() && f.ResponseVersion == v.Response.Version
	})
	v.Flags, v.Response.Flags, v.Triage = nil, nil, false
	if v.Worksheet != nil {
		wv := *v.Worksheet
		wv.Schema.FlagRules = nil
		v.Worksheet = &wv
	}
}

// ForClient is a staff view as the assignment's client would see it (the
// clinician's "Preview as your client sees it"): no triage, no private
// notes, and nothing marked new, since the markers are the viewer's own.
// The answers stay the staff view's: a draft is the client's alone.
func (v View) ForClient() View {
	v.hideTriage()
	shown := make([]Comment, 0, len(v.Comments))
	for _, cm := range v.Comments {
		if !cm.Private {
			cm.New = false
			shown = append(shown, cm)
		}
	}
	v.Comments = shown
	return v
}

// FlaggedFields names the fields with a flag in the view (none for a client).
func (v View) FlaggedFields() map[string]bool {
	out := map[string]bool{}
	for _, f := range v.Flags {
		if f.ResponseVersion == v.Response.Version {
			out[f.FieldID] = true
		}
	}
	return out
}

// OpenUrgent reports whether the view has an urgent flag nobody has acknowledged.
func (v View) OpenUrgent() bool { return slices.ContainsFunc(v.Flags, RaisedFlag.Open) }
