package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/web/httpx"
)

type apiQueueItem struct {
	// Group is urgent, discuss, review, overdue or week: the queue's order.
	Group      string        `json:"group"`
	Assignment apiAssignment `json:"assignment"`
	Flags      []apiFlag     `json:"flags"`
}

type apiQueueCounts struct {
	Urgent  int `json:"urgent"`
	Review  int `json:"review"`
	Overdue int `json:"overdue"`
	Week    int `json:"week"`
}

type apiQueue struct {
	Items  []apiQueueItem `json:"items"`
	Counts apiQueueCounts `json:"counts"`
	// Next is the cursor of the next page (pass it as after=); null on the last.
	Next *string `json:"next"`
}

var apiQueueGroups = []string{"urgent", "discuss", "review", "overdue", "week"}

// GET /api/v1/queue (?show=urgent|review|overdue|week, client=, worksheet=,
// after=, limit=): the review queue, the page's filters.
func (s *Server) apiQueue(c *gin.Context) {
	f := assignment.QueueFilter{Show: c.Query("show"), Worksheet: c.Query("worksheet"), After: c.Query("after")}
	bad := map[string]string{}
	if v := c.Query("client"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			bad["client"] = "Please give a client id (a positive whole number)."
		}
		f.ClientID = id
	}
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 200 {
			bad["limit"] = "Please give a limit from 1 to 200."
		}
		f.Limit = n
	}
	if !assignment.ValidShow(f.Show) {
		bad["show"] = "Please use urgent, review, overdue or week (or leave it out for everything)."
	}
	if len(bad) > 0 {
		s.apiInvalid(c, bad)
		return
	}
	q, err := s.Assignments.Queue(c.Request.Context(), httpx.Actor(c), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := apiQueue{Items: make([]apiQueueItem, 0, len(q.Items)),
		Counts: apiQueueCounts{Urgent: q.Counts.Urgent, Review: q.Counts.Review, Overdue: q.Counts.Overdue, Week: q.Counts.Week}}
	for _, it := range q.Items {
		flags := make([]apiFlag, 0)
		for _, fl := range q.Flags[it.ID] {
			flags = append(flags, apiFlag{FieldID: fl.FieldID, FieldLabel: fl.FieldLabel, Severity: fl.Severity, Reason: fl.Reason,
				Value: fl.Value, RaisedAt: fl.RaisedAt, AcknowledgedAt: fl.AcknowledgedAt, AcknowledgedBy: fl.AcknowledgedBy})
		}
		out.Items = append(out.Items, apiQueueItem{Group: apiQueueGroups[it.Rank], Assignment: s.apiAssignmentFrom(it.Assignment, httpx.Actor(c).Role), Flags: flags})
	}
	if q.Next != "" {
		out.Next = &q.Next
	}
	s.apiJSON(c, http.StatusOK, out)
}

type apiAssignmentPatch struct {
	DueOn *string `json:"due_on"`
	Note  *string `json:"note"`
}

// PATCH /api/v1/assignments/:id {"due_on": "2026-12-01" | "", "note": "..."}:
// a member left out (or null) keeps its value; "" for due_on removes the date.
func (s *Server) apiAssignmentPatch(c *gin.Context) {
	id, ok := s.apiID(c, "id")
	if !ok {
		return
	}
	var req apiAssignmentPatch
	if !s.apiBind(c, &req) {
		return
	}
	ctx, a := c.Request.Context(), httpx.Actor(c)
	cur, err := s.Assignments.Get(ctx, a, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	ch := assignment.Change{DueOn: "", Note: cur.Note}
	if cur.DueOn != nil {
		ch.DueOn = cur.DueOn.Format("2006-01-02")
	}
	if req.DueOn != nil {
		ch.DueOn = *req.DueOn
	}
	if req.Note != nil {
		ch.Note = *req.Note
	}
	if bad := apiUnstorable(map[string]string{"due_on": ch.DueOn, "note": ch.Note}); len(bad) > 0 {
		s.apiInvalid(c, bad)
		return
	}
	updated, err := s.Assignments.Edit(ctx, a, id, ch)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.apiJSON(c, http.StatusOK, s.apiAssignmentFrom(updated, a.Role))
}

// apiAssignmentDo runs one change (withdraw, restore, stop-repeat) and
// answers with the assignment as it is now.
func (s *Server) apiAssignmentDo(c *gin.Context, do func(ctx context.Context, a auth.Actor, id int64) error) {
	id, ok := s.apiID(c, "id")
	if !ok {
		return
	}
	ctx, a := c.Request.Context(), httpx.Actor(c)
	if err := do(ctx, a, id); err != nil {
		s.fail(c, err)
		return
	}
	asg, err := s.Assignments.Get(ctx, a, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.apiJSON(c, http.StatusOK, s.apiAssignmentFrom(asg, a.Role))
}

// POST /api/v1/assignments/:id/withdraw: gone for the client, answers kept;
// undo with /restore within two minutes.
func (s *Server) apiAssignmentWithdraw(c *gin.Context) { s.apiAssignmentDo(c, s.Assignments.Withdraw) }

// POST /api/v1/assignments/:id/restore: undoes a withdrawal (422 when too late).
func (s *Server) apiAssignmentRestore(c *gin.Context) { s.apiAssignmentDo(c, s.Assignments.Restore) }

// POST /api/v1/assignments/:id/stop-repeat: the series releases nothing more.
func (s *Server) apiAssignmentStopRepeat(c *gin.Context) {
	s.apiAssignmentDo(c, s.Assignments.StopRepeat)
}
