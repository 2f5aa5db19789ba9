package web

import (
	"net/http"
	"slices"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/assignment"
)

type clientHomePage struct {
	Page
	ToDo    []assignment.Assignment
	Done    []assignment.Assignment
	Overdue map[int64]bool
	// NoteShown marks items whose note was already shown with an item given
	// at the same time (issue 20): the note shows once, on the first.
	NoteShown map[int64]bool
	Charts    []chartView
	// Withdrawn counts work the client had started that their clinician
	// withdrew since they last looked; it is named nowhere.
	Withdrawn int
	Jobs      *myJobsBox // issue 17: programs and the reminders switch
	// Unseen counts, per item, comments the client has not yet seen.
	Unseen map[int64]int
}

// GET /me: my work, newest first, to do and done, with my own answers over time.
func (s *Server) clientHome(c *gin.Context) {
	ctx, a := c.Request.Context(), actor(c)
	list, err := s.Assignments.ForClient(ctx, a, 0)
	if err != nil {
		s.fail(c, err)
		return
	}
	data := clientHomePage{Page: s.page(c, s.tr(c).T("client.home.title")), Overdue: map[int64]bool{}}
	if data.Withdrawn, err = s.Assignments.WithdrawnNotice(ctx, a); err != nil {
		s.fail(c, err)
		return
	}
	today := s.Now()
	for _, as := range list {
		if as.Done() || as.Status == assignment.StatusMissed {
			data.Done = append(data.Done, as)
			continue
		}
		data.ToDo = append(data.ToDo, as)
		data.Overdue[as.ID] = as.Overdue(today)
	}
	series, err := s.Assignments.Series(ctx, a, 0)
	if err != nil {
		s.fail(c, err)
		return
	}
	data.ToDo, data.NoteShown = givenTogether(data.ToDo)
	ids := make([]int64, 0, len(list))
	for _, as := range list {
		ids = append(ids, as.ID)
	}
	if data.Unseen, err = s.Assignments.UnseenComments(ctx, a, ids); err != nil {
		s.fail(c, err)
		return
	}
	data.Charts = newCharts(s.tr(c), series, data.Zone, false)
	data.Jobs = s.myJobsBoxFor(c)
	s.render(c, http.StatusOK, "client/home", data)
}

// givenTogether keeps the list's order but moves items given at once (same
// clinician, same note, assigned within a minute) next to each other, the
// reading before the worksheet, and marks all but the first so their shared
// note shows once.
func givenTogether(list []assignment.Assignment) ([]assignment.Assignment, map[int64]bool) {
	shown := map[int64]bool{}
	out := make([]assignment.Assignment, 0, len(list))
	used := make([]bool, len(list))
	for i, as := range list {
		if used[i] {
			continue
		}
		group := []assignment.Assignment{as}
		used[i] = true
		for j := i + 1; j < len(list); j++ {
			if !used[j] && together(as, list[j]) {
				group = append(group, list[j])
				used[j] = true
			}
		}
		slices.SortStableFunc(group, func(a, b assignment.Assignment) int {
			return kindRank(a.Kind) - kindRank(b.Kind)
		})
		for k, g := range group {
			if k > 0 {
				shown[g.ID] = true
			}
		}
		out = append(out, group...)
	}
	return out, shown
}

// kindRank puts a reading before a worksheet.
func kindRank(kind string) int {
	if kind == "module" {
		return 0
	}
	return 1
}

// together says whether two items were given at once: same clinician, same
// note, assigned within a minute of each other.
func together(a, b assignment.Assignment) bool {
	d := a.CreatedAt.Sub(b.CreatedAt)
	return a.Note != "" && a.Note == b.Note && a.ClinicianID == b.ClinicianID && d < time.Minute && d > -time.Minute
}
