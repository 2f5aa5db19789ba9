package api

import (
	"context"
	"time"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/worksheet"
)

// apiAssignment is one piece of work given to a client. Flagged and
// ClientName are for the clinician only: flags are triage for the clinician.
type apiAssignment struct {
	ID            int64      `json:"id"`
	ClientID      int64      `json:"client_id"`
	ClientName    string     `json:"client_name,omitempty"`
	ClinicianName string     `json:"clinician_name"`
	Kind          string     `json:"kind"`
	Slug          string     `json:"slug"`
	Title         string     `json:"title"`
	Note          string     `json:"note"`
	DueOn         *string    `json:"due_on"`
	Overdue       bool       `json:"overdue"`
	Status        string     `json:"status"`
	Recurrence    string     `json:"recurrence"`
	RecurUntil    *string    `json:"recur_until"`
	PreviousID    *int64     `json:"previous_id"`
	Flagged       *bool      `json:"flagged,omitempty"`
	CommentCount  int        `json:"comment_count"`
	ReadAt        *time.Time `json:"read_at"`
	SubmittedAt   *time.Time `json:"submitted_at"`
	ReviewedAt    *time.Time `json:"reviewed_at"`
	// WithdrawnAt (clinician only) is set on withdrawn work.
	WithdrawnAt *time.Time `json:"withdrawn_at,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
}

// apiResponse is a client's answers to a worksheet assignment. Answers are
// keyed by question id in the forms documented on worksheet.Answers.
type apiResponse struct {
	Answers worksheet.Answers `json:"answers"`
	Version int               `json:"version"`
	State   string            `json:"state"`
	Flags   *[]string         `json:"flags,omitempty"`
	// Support (client only) says the latest submission raised an urgent
	// flag: show the practice's crisis contacts (GET /api/v1/practice/safety).
	Support *bool `json:"support,omitempty"`
	// Raised is the structured twin of Flags: severity, reason and value.
	Raised      *[]apiFlag `json:"raised_flags,omitempty"`
	SubmittedAt *time.Time `json:"submitted_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
}

// apiComment is clinician feedback (or a client's reply) on a reflection.
type apiComment struct {
	ID         int64     `json:"id"`
	AuthorName string    `json:"author_name"`
	AuthorRole string    `json:"author_role"`
	FieldID    string    `json:"field_id"`
	Body       string    `json:"body"`
	Private    bool      `json:"private"`
	CreatedAt  time.Time `json:"created_at"`
}

// apiAssignmentDetail is an assignment with what it pins (a module version
// or a worksheet version), the response and the comments.
type apiAssignmentDetail struct {
	Assignment apiAssignment `json:"assignment"`
	Module     *apiModule    `json:"module,omitempty"`
	Worksheet  *apiWorksheet `json:"worksheet,omitempty"`
	Response   *apiResponse  `json:"response"`
	Comments   []apiComment  `json:"comments"`
}

func apiDate(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := t.Format("2006-01-02")
	return &s
}

func (s *Server) apiAssignmentFrom(a assignment.Assignment, viewer auth.Role) apiAssignment {
	out := apiAssignment{ID: a.ID, ClientID: a.ClientID, ClinicianName: a.ClinicianName, Kind: a.Kind, Slug: a.Slug,
		Title: a.Title, Note: a.Note, DueOn: apiDate(a.DueOn), Overdue: a.Overdue(s.Now()), Status: a.Status,
		Recurrence: a.Recurrence, RecurUntil: apiDate(a.RecurUntil), PreviousID: a.PreviousID, CommentCount: a.CommentCount,
		ReadAt: a.ReadAt, SubmittedAt: a.SubmittedAt, ReviewedAt: a.ReviewedAt, CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt}
	if viewer == auth.RoleClinician {
		flagged := a.Flagged
		out.Flagged, out.ClientName, out.WithdrawnAt = &flagged, a.ClientName, a.WithdrawnAt
	}
	return out
}

func (s *Server) apiAssignmentList(list []assignment.Assignment, viewer auth.Role) []apiAssignment {
	out := make([]apiAssignment, 0, len(list))
	for _, a := range list {
		out = append(out, s.apiAssignmentFrom(a, viewer))
	}
	return out
}

// apiAssignmentDetailFor builds the detail view of an assignment the actor
// owns (the caller loaded it through the scoped Get).
//
// A clinician sees the answers only once they are submitted: a draft is the
// client's unfinished thinking, and they have not chosen to share it yet.
func (s *Server) apiAssignmentDetailFor(ctx context.Context, who auth.Actor, a assignment.Assignment) (apiAssignmentDetail, error) {
	d := apiAssignmentDetail{Assignment: s.apiAssignmentFrom(a, who.Role), Comments: []apiComment{}}
	v, err := s.Assignments.ViewFor(ctx, who, a)
	if err != nil {
		return d, err
	}
	if v.Module != nil {
		m := apiModuleFrom(*v.Module)
		d.Module = &m
	}
	if v.Worksheet != nil {
		w := apiWorksheetFrom(*v.Worksheet)
		d.Worksheet = &w
		if v.Response.ID != 0 {
			d.Response = apiResponseFrom(v)
		}
	}
	for _, cm := range v.Comments {
		d.Comments = append(d.Comments, apiComment{ID: cm.ID, AuthorName: cm.AuthorName, AuthorRole: cm.AuthorRole,
			FieldID: cm.FieldID, Body: cm.Body, Private: cm.Private, CreatedAt: cm.CreatedAt})
	}
	return d, nil
}

// apiFlag is one flag a submission raised, for the clinician.
type apiFlag struct {
	FieldID        string     `json:"field_id"`
	FieldLabel     string     `json:"field_label"`
	Severity       string     `json:"severity"`
	Reason         string     `json:"reason"`
	Value          string     `json:"value"`
	RaisedAt       time.Time  `json:"raised_at"`
	AcknowledgedAt *time.Time `json:"acknowledged_at"`
	AcknowledgedBy string     `json:"acknowledged_by,omitempty"`
}

func apiResponseFrom(v assignment.View) *apiResponse {
	r := v.Response
	out := &apiResponse{Answers: r.Answers, Version: r.Version, State: r.State, SubmittedAt: r.SubmittedAt, UpdatedAt: r.UpdatedAt}
	if out.Answers == nil {
		out.Answers = worksheet.Answers{}
	}
	if !v.Triage {
		support := v.Support
		out.Support = &support
	}
	if v.Triage {
		flags := append([]string{}, r.Flags...)
		out.Flags = &flags
		raised := make([]apiFlag, 0, len(v.Flags))
		for _, f := range v.Flags {
			raised = append(raised, apiFlag{FieldID: f.FieldID, FieldLabel: f.FieldLabel, Severity: f.Severity, Reason: f.Reason,
				Value: f.Value, RaisedAt: f.RaisedAt, AcknowledgedAt: f.AcknowledgedAt, AcknowledgedBy: f.AcknowledgedBy})
		}
		out.Raised = &raised
		if r.State != "submitted" {
			out.Answers = nil
		}
	}
	return out
}
