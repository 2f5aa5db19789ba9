package assignment

import (
	"context"
	"fmt"

	"github.com/tend-practice/tend/internal/worksheet"
)

// PartnerWork is one worksheet assignment as a couple partner may read it:
// the assignment, its worksheet and, once submitted, its answers. A draft
// is never here: it is its author's until they share it.
type PartnerWork struct {
	Assignment Assignment
	Worksheet  worksheet.Version
	Submitted  bool
	Response   Response // zero unless Submitted
}

// ReadAsPartner reads the partner's side of couple work: owners maps each
// assignment id to the client it belongs to. It is the explicit read for a
// couple partner, used only by the couple rules, which decide first (an
// active link, sharing on, the answers confirmed) whether anything of it may
// be shown. It reads all the assignments in a fixed number of queries (one
// for the assignments, one for their worksheets, one for the submitted
// answers), whatever their number. Withdrawn work, and an assignment not of
// the client given, is missing from the map.
func (s *Service) ReadAsPartner(ctx context.Context, owners map[int64]int64) (map[int64]PartnerWork, error) {
	out := make(map[int64]PartnerWork, len(owners))
	if len(owners) == 0 {
		return out, nil
	}
	ids := make([]int64, 0, len(owners))
	for id := range owners {
		ids = append(ids, id)
	}
	var list []Assignment
	if err := s.unscoped(ctx).Where("a.id IN ? AND a.withdrawn_at IS NULL", ids).Scan(&list).Error; err != nil {
		return nil, fmt.Errorf("get partner work: %w", err)
	}
	var versionIDs []int64
	for _, a := range list {
		if a.ClientID != owners[a.ID] || a.WorksheetVersionID == nil {
			continue
		}
		out[a.ID] = PartnerWork{Assignment: a}
		versionIDs = append(versionIDs, *a.WorksheetVersionID)
	}
	versions, err := s.worksheets.VersionsByID(ctx, versionIDs)
	if err != nil {
		return nil, err
	}
	for id, w := range out {
		v, ok := versions[*w.Assignment.WorksheetVersionID]
		if !ok {
			delete(out, id)
			continue
		}
		w.Worksheet = v
		out[id] = w
	}
	return out, s.partnerAnswers(ctx, out)
}

// partnerAnswers adds the submitted answers of the done assignments in out.
func (s *Service) partnerAnswers(ctx context.Context, out map[int64]PartnerWork) error {
	var done []int64
	for id, w := range out {
		if w.Assignment.Done() {
			done = append(done, id)
		}
	}
	if len(done) == 0 {
		return nil
	}
	var rows []responseRow
	err := s.db.WithContext(ctx).Raw(`SELECT `+responseCols+`
		FROM responses r WHERE r.assignment_id IN ? AND r.state = 'submitted'`, done).Scan(&rows).Error
	if err != nil {
		return fmt.Errorf("get partner answers: %w", err)
	}
	for _, row := range rows {
		r := row.response()
		if r.Answers, err = s.openAnswers(row.AssignmentID, row.AnswersSealed, row.Answers); err != nil {
			return err
		}
		w := out[row.AssignmentID]
		w.Submitted, w.Response = true, r
		out[row.AssignmentID] = w
	}
	return nil
}
